/* gm-demo.c — builds the demo project from data/demo and a seed.
 *
 * The real part (OpenStreetMap buildings, roads, land use of a neighbourhood
 * of Odintsovo, and a community boundary around them) goes through the
 * ordinary importer. The synthetic part is generated here, in one
 * transaction, from a GRand seeded with the given seed, so a seed always
 * gives the same project:
 *
 * - building uses, floors and households: OSM's building type decides the
 *   use; untyped buildings under 40 m² are ancillary, 40–300 m² detached
 *   houses (1 household, 2 above 200 m²), larger ones stay "other";
 *   apartment blocks get 5, 9, 12 or 17 floors (40/30/15/15 %) and their
 *   households from gm_estimate_households() (footprint × floors / 90 m²);
 * - an initial division into 10–20 grids of ~500 households each, made
 *   by the automatic division (gm-partition.h: contiguous, balanced,
 *   boundaries on streets) and put in force from 2026-01-01;
 * - grid workers, building leaders, residents (1–4 per household) and
 *   hazards (about one per 20 households, clustered around a few blocks,
 *   with a year of workflow history up to GM_DEMO_AS_OF).
 */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gm-autocleanups.h"
#include "gm-demo-private.h"
#include "gm-division.h"
#include "gm-import-private.h"
#include "gm-overview.h"
#include "gm-partition.h"
#include "gm-store-private.h"

#define GM_DEMO_COMMUNITY "990101001001"
#define GM_DEMO_AS_OF "2026-11-30"
#define GM_DEMO_HOUSEHOLDS_PER_GRID 500

const char *
gm_demo_get_source_dir (void)
{
  static const char *dir = NULL;

  if (g_once_init_enter (&dir))
    {
      const char *env = g_getenv ("GRIDMAP_DEMO_DIR");
      const char *found;

      if (env != NULL && *env != '\0')
        found = g_intern_string (env);
      else if (g_file_test (GM_SOURCE_DATADIR "/demo/buildings.geojson", G_FILE_TEST_EXISTS))
        found = GM_SOURCE_DATADIR "/demo";
      else
        found = GM_PKGDATADIR "/demo";
      g_once_init_leave (&dir, found);
    }
  return dir;
}

/* ---- the real part --------------------------------------------------------------- */

static gboolean
gm_demo_import (GmStore       *store,
                const char    *dir,
                const char    *file,
                GmImportKind   kind,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GmImportOptions) options = gm_import_options_new (kind);
  g_autoptr(GmImportReport) report = NULL;

  if (kind == GM_IMPORT_BUILDINGS)
    {
      gm_import_options_map (options, "source_id", "osm_id");
      gm_import_options_map (options, "use", "type");
    }
  report = gm_import_run (store, path, options, NULL, NULL, cancellable, error);
  return report != NULL;
}

/* ---- buildings ---------------------------------------------------------------------- */

typedef struct
{
  const char *use;
  int         floors;
  int         households;
} GmDemoBuilding;

static GmDemoBuilding
gm_demo_classify (GRand      *rand,
                  const char *use,
                  double      area)
{
  static const int floors[] = { 5, 5, 5, 5, 9, 9, 9, 12, 12, 17, 17 };
  GmDemoBuilding b = { use, 0, 0 };

  if (g_strcmp0 (use, "unknown") == 0)
    {
      if (area < 40)
        return (GmDemoBuilding) { "ancillary", 1, 0 };
      if (area <= 300)
        return (GmDemoBuilding) { gm_demo_chance (rand, 0.1) ? "rental" : "residential",
                                  area > 120 ? 2 : 1, area > 200 ? 2 : 1 };
      return (GmDemoBuilding) { "other", 1 + gm_demo_pick (rand, 3), 0 };
    }
  if (g_strcmp0 (use, "residential") == 0)
    {
      b.floors = area < 250 ? 2 : floors[gm_demo_pick (rand, G_N_ELEMENTS (floors))];
      if (b.floors >= 9 && gm_demo_chance (rand, 0.08))
        b.use = "mixed";
    }
  else
    b.floors = gm_default_floors (use);
  b.households = gm_estimate_households (area, b.floors, b.use);
  return b;
}

/* The name of the nearest named road, for an address. */
static char *
gm_demo_nearest_road (sqlite3_stmt *near,
                      double        x,
                      double        y)
{
  char *name = NULL;

  sqlite3_reset (near);
  sqlite3_bind_double (near, 1, x);
  sqlite3_bind_double (near, 2, y);
  if (sqlite3_step (near) == SQLITE_ROW)
    name = gm_column_dup (near, 0);
  return name;
}

static gboolean
gm_demo_buildings (GmStore  *store,
                   GRand    *rand,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) near = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint seq = 0;

  list = gm_store_prepare (store, "SELECT id, use, area_m2, X(anchor), Y(anchor) FROM building ORDER BY id", error);
  near = gm_store_prepare (store,
                           "SELECT name FROM road WHERE name IS NOT NULL AND id IN ("
                           "  SELECT pkid FROM idx_road_geom WHERE xmin <= ?1 + 0.004 AND xmax >= ?1 - 0.004"
                           "  AND ymin <= ?2 + 0.0025 AND ymax >= ?2 - 0.0025)"
                           " ORDER BY ST_Distance(geom, MakePoint(?1, ?2, 4326)), id LIMIT 1", error);
  set = gm_store_prepare (store,
                          "UPDATE building SET use = ?2, floors = ?3, households = ?4,"
                          " households_estimated = 1, code = ?5, address = ?6,"
                          " leader_name = ?7, leader_phone = ?8 WHERE id = ?1", error);
  if (list == NULL || near == NULL || set == NULL)
    return FALSE;

  while (sqlite3_step (list) == SQLITE_ROW)
    {
      GmDemoBuilding b = gm_demo_classify (rand, (const char *) sqlite3_column_text (list, 1),
                                           sqlite3_column_double (list, 2));
      g_autofree char *road = gm_demo_nearest_road (near, sqlite3_column_double (list, 3),
                                                    sqlite3_column_double (list, 4));
      guint number = road != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (numbers, road)) + 1 : 0;

      if (road != NULL)
        g_hash_table_insert (numbers, g_strdup (road), GUINT_TO_POINTER (number));
      sqlite3_bind_int64 (set, 1, sqlite3_column_int64 (list, 0));
      sqlite3_bind_text (set, 2, b.use, -1, SQLITE_STATIC);
      sqlite3_bind_int (set, 3, b.floors);
      sqlite3_bind_int (set, 4, b.households);
      sqlite3_bind_text (set, 5, g_strdup_printf (GM_DEMO_COMMUNITY "B%04u", ++seq), -1, g_free);
      if (road != NULL)
        sqlite3_bind_text (set, 6, g_strdup_printf ("%s, %u", road, number), -1, g_free);
      if (b.households >= 10)
        {
          sqlite3_bind_text (set, 7, gm_demo_name (rand, gm_demo_chance (rand, 0.4)), -1, g_free);
          sqlite3_bind_text (set, 8, gm_demo_phone (rand), -1, g_free);
        }
      if (sqlite3_step (set) != SQLITE_DONE)
        {
          gm_store_set_error (store, error, _("Writing demo buildings"));
          return FALSE;
        }
      sqlite3_reset (set);
      sqlite3_clear_bindings (set);
    }
  return TRUE;
}

/* ---- grids ----------------------------------------------------------------------------- */

/* Writes the plan's grids as the current division, with names and
 * workers. */
static gboolean
gm_demo_write_grids (GmStore       *store,
                     const GmPlan  *plan,
                     GRand         *rand,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) insert = gm_store_prepare (store,
                                                     "INSERT INTO grid (code, name, community_id, worker_name,"
                                                     " worker_phone, valid_from, boundary, label_point)"
                                                     " SELECT ?1, ?2, c.id, ?3, ?4, '2026-01-01',"
                                                     "  CastToMultiPolygon(GeomFromWKB(?5, 4326)),"
                                                     "  PointOnSurface(GeomFromWKB(?5, 4326))"
                                                     " FROM community c WHERE c.code = ?6", error);

  if (insert == NULL)
    return FALSE;
  for (guint seq = 0; seq < plan->grids->len; seq++)
    {
      const GmPlanGrid *grid = g_ptr_array_index (plan->grids, seq);
      g_autofree char *name = g_strdup_printf ("第%u网格", seq + 1);
      g_autofree char *worker = gm_demo_name (rand, gm_demo_chance (rand, 0.35));
      g_autofree char *phone = gm_demo_phone (rand);
      gsize size = 0;
      gconstpointer wkb = g_bytes_get_data (grid->boundary, &size);

      sqlite3_bind_text (insert, 1, grid->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 3, worker, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, phone, -1, SQLITE_STATIC);
      sqlite3_bind_blob (insert, 5, wkb, (int) size, SQLITE_STATIC);
      sqlite3_bind_text (insert, 6, GM_DEMO_COMMUNITY, -1, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE || sqlite3_changes (gm_store_get_db (store)) != 1)
        {
          gm_store_set_error (store, error, _("Writing the grids"));
          return FALSE;
        }
      sqlite3_reset (insert);
    }
  return gm_store_color_grids (store, error)
         && gm_store_assign_buildings_to_grids (store, 0, error);
}

/* The first division: the automatic one, one grid per ~500 households. */
static gboolean
gm_demo_divide (GmStore  *store,
                GRand    *rand,
                GError  **error)
{
  g_autoptr(GmDivision) division = gm_division_load (store, GM_DEMO_COMMUNITY, error);
  g_autoptr(GmPlan) plan = NULL;
  GmPartitionOptions options;
  double households = 0;

  if (division == NULL)
    return FALSE;
  for (guint i = 0; i < division->n; i++)
    households += division->weight[i];
  gm_partition_options_init (&options);
  options.community_code = g_strdup (GM_DEMO_COMMUNITY);
  options.grids = CLAMP ((guint) (households / GM_DEMO_HOUSEHOLDS_PER_GRID + 0.5), 10, 20);
  plan = gm_partition_run (store, &options, NULL, NULL, NULL, error);
  gm_partition_options_clear (&options);
  return plan != NULL && gm_demo_write_grids (store, plan, rand, error);
}

/* ---- residents -------------------------------------------------------------------------- */

static gboolean
gm_demo_residents (GmStore  *store,
                   GRand    *rand,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GHashTable) issued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GmDemoHousehold h = { NULL, rand, 0, NULL, FALSE, 2026, issued, 0 };

  list = gm_store_prepare (store, "SELECT id, households, max(floors, 1), use FROM building"
                           " WHERE households > 0 ORDER BY id", error);
  insert = gm_store_prepare (store,
                             "INSERT INTO resident (building_id, room, name, id_number, phone,"
                             " registration, tags, moved_in) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (list == NULL || insert == NULL)
    return FALSE;
  h.insert = insert;

  while (sqlite3_step (list) == SQLITE_ROW)
    {
      int households = sqlite3_column_int (list, 1);
      int floors = sqlite3_column_int (list, 2);
      int per_floor = (households + floors - 1) / floors;
      gboolean rental = g_strcmp0 ((const char *) sqlite3_column_text (list, 3), "rental") == 0;

      h.building = sqlite3_column_int64 (list, 0);
      for (int i = 0; i < households; i++)
        {
          g_autofree char *room = households > 1
                                  ? g_strdup_printf ("%d%02d", i / per_floor + 1, i % per_floor + 1)
                                  : NULL;

          h.room = room;
          h.floating = gm_demo_chance (rand, rental ? 0.8 : 0.25);
          if (!gm_demo_household (&h))
            {
              gm_store_set_error (store, error, _("Writing demo residents"));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* ---- hazards ------------------------------------------------------------------------------ */

static const GmDemoHazardKind hazard_kinds[] = {
  { "fire", "消防通道堵塞", "街道安监办" },
  { "fire", "楼顶安全出口上锁", "消防救援站" },
  { "fire", "电动自行车楼道停放", "街道安监办" },
  { "fire", "电动自行车楼道充电", "消防救援站" },
  { "fire", "电气线路老化", "街道安监办" },
  { "fire", "直排式燃气热水器", "消防救援站" },
  { "fire", "灭火器过期", "社区居委会" },
  { "security", "单元门禁损坏", "派出所" },
  { "security", "楼道照明不足", "社区居委会" },
  { "security", "群租房", "派出所" },
  { "security", "监控盲区", "派出所" },
  { "other", "高空坠物隐患", "城管执法队" },
  { "other", "违章搭建", "城管执法队" },
};

static char *
gm_demo_date (int days_before)
{
  g_autoptr(GDate) d = g_date_new_dmy (30, G_DATE_NOVEMBER, 2026);
  char text[16];

  if (days_before >= 0)
    g_date_subtract_days (d, days_before);
  else
    g_date_add_days (d, -days_before);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", d);
  return g_strdup (text);
}

const GmDemoHazardKind *
gm_demo_pick_hazard_kind (GRand *rand)
{
  return &hazard_kinds[gm_demo_pick (rand, G_N_ELEMENTS (hazard_kinds))];
}

/* Writes one hazard found @age days before the as-of date, moving it along
 * its workflow as far as its age makes likely. */
gboolean
gm_demo_hazard (sqlite3_stmt           *s,
                GRand                  *r,
                gint64                  building,
                const GmDemoHazardKind *kind,
                int                     age,
                const char             *reporter)
{
  int notice = age - g_rand_int_range (r, 0, 4);
  int deadline = notice - (int[]) { 7, 15, 30 }[gm_demo_pick (r, 3)];
  double p_done = age > 45 ? 0.93 : age > 20 ? 0.6 : 0.2;
  const char *status = "discovered";

  if (notice >= 0 && gm_demo_chance (r, age > 3 ? 0.92 : 0.4))
    status = "notified";
  if (g_strcmp0 (status, "notified") == 0 && gm_demo_chance (r, p_done))
    status = gm_demo_chance (r, 0.75) ? "closed" : "rectified";

  sqlite3_bind_int64 (s, 1, building);
  sqlite3_bind_text (s, 2, kind->category, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, kind->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 4, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 5, gm_demo_date (age), -1, g_free);
  if (g_strcmp0 (status, "discovered") != 0)
    {
      sqlite3_bind_text (s, 6, gm_demo_date (notice), -1, g_free);
      sqlite3_bind_text (s, 7, gm_demo_date (deadline), -1, g_free);
    }
  if (g_strcmp0 (status, "rectified") == 0 || g_strcmp0 (status, "closed") == 0)
    {
      int fixed = notice - g_rand_int_range (r, 2, notice - deadline + 10);
      int verified = fixed - g_rand_int_range (r, 1, 8);

      /* Nothing is fixed or verified after the as-of date. */
      sqlite3_bind_text (s, 8, gm_demo_date (MAX (fixed, 0)), -1, g_free);
      if (g_strcmp0 (status, "closed") == 0)
        sqlite3_bind_text (s, 9, gm_demo_date (MAX (verified, 0)), -1, g_free);
    }
  sqlite3_bind_text (s, 10, kind->department, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 11, reporter, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (s) != SQLITE_DONE)
    return FALSE;
  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return TRUE;
}

typedef struct
{
  gint64  id;
  double  x, y;
  int     households;
  char   *worker;
} GmDemoSite;

static void
gm_demo_site_clear (gpointer data)
{
  g_free (((GmDemoSite *) data)->worker);
}

/* Picks a building for a hazard: near one of the hot blocks most of the
 * time, elsewhere by households otherwise, as real reports cluster. */
static const GmDemoSite *
gm_demo_pick_site (GRand        *r,
                   GArray       *sites,
                   const guint  *hot,
                   guint         n_hot,
                   int           total)
{
  if (gm_demo_chance (r, 0.55))
    {
      const GmDemoSite *c = &g_array_index (sites, GmDemoSite, hot[gm_demo_pick (r, n_hot)]);

      for (int tries = 0; tries < 200; tries++)
        {
          const GmDemoSite *s = &g_array_index (sites, GmDemoSite, gm_demo_pick (r, sites->len));
          /* ~300 m in degrees at this latitude */
          if (fabs (s->x - c->x) < 0.0048 && fabs (s->y - c->y) < 0.0027)
            return s;
        }
      return c;
    }
  for (int target = g_rand_int_range (r, 0, total), i = 0; i < (int) sites->len; i++)
    {
      const GmDemoSite *s = &g_array_index (sites, GmDemoSite, i);

      if ((target -= s->households) < 0)
        return s;
    }
  return &g_array_index (sites, GmDemoSite, sites->len - 1);
}

static gboolean
gm_demo_hazards (GmStore  *store,
                 GRand    *rand,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(GArray) sites = g_array_new (FALSE, FALSE, sizeof (GmDemoSite));
  guint hot[4];
  int total = 0;

  g_array_set_clear_func (sites, gm_demo_site_clear);
  list = gm_store_prepare (store, "SELECT b.id, X(b.anchor), Y(b.anchor), b.households, g.worker_name"
                           " FROM building b LEFT JOIN grid g ON g.id = b.grid_id"
                           " WHERE b.households > 0 ORDER BY b.id", error);
  insert = gm_store_prepare (store, GM_DEMO_HAZARD_INSERT, error);
  if (list == NULL || insert == NULL)
    return FALSE;
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      GmDemoSite s = { sqlite3_column_int64 (list, 0), sqlite3_column_double (list, 1),
                       sqlite3_column_double (list, 2), sqlite3_column_int (list, 3),
                       gm_column_dup (list, 4) };

      total += s.households;
      g_array_append_val (sites, s);
    }
  if (sites->len == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (hot); i++)
    hot[i] = gm_demo_pick (rand, sites->len);

  for (int i = 0; i < total / 20; i++)
    {
      const GmDemoSite *s = gm_demo_pick_site (rand, sites, hot, G_N_ELEMENTS (hot), total);
      const GmDemoHazardKind *kind = gm_demo_pick_hazard_kind (rand);
      int age = g_rand_int_range (rand, 0, 365);

      if (!gm_demo_hazard (insert, rand, s->id, kind, age, s->worker))
        goto fail;
      /* A closed hazard of the same kind found again later: a rebound. */
      if (age > 90 && gm_demo_chance (rand, 0.06)
          && !gm_demo_hazard (insert, rand, s->id, kind, g_rand_int_range (rand, 0, age - 60), s->worker))
        goto fail;
    }
  return TRUE;

fail:
  gm_store_set_error (store, error, _("Writing demo hazards"));
  return FALSE;
}

/* ---- the whole ------------------------------------------------------------------------------ */

static gboolean
gm_demo_synthesize (GmStore  *store,
                    guint32   seed,
                    GError  **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);

  return gm_demo_buildings (store, rand, error)
         && gm_demo_divide (store, rand, error)
         && gm_demo_residents (store, rand, error)
         && gm_demo_hazards (store, rand, error)
         && gm_store_set_meta (store, "demo_seed", seed_text, error)
         && gm_store_set_meta (store, "demo_as_of", GM_DEMO_AS_OF, error)
         && gm_store_set_meta (store, "title", "林城社区（演示）", error)
         && gm_store_set_meta (store, "attribution", "© OpenStreetMap contributors, ODbL", error)
         && gm_store_set_meta (store, "credits",
                               "Buildings, roads and land use © OpenStreetMap contributors, ODbL 1.0. "
                               "Residents, hazards, grid workers, building uses, floors and households "
                               "are synthetic.", error);
}

void
gm_demo_remove_project (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);

      g_unlink (p);
    }
}

static gboolean
gm_demo_fill (GmStore        *store,
              const char     *source_dir,
              guint32         seed,
              GmProgressFunc  progress,
              gpointer        progress_data,
              GCancellable   *cancellable,
              GError        **error)
{
  static const struct { const char *file; GmImportKind kind; } layers[] = {
    { "community.geojson", GM_IMPORT_COMMUNITY },
    { "landuse.geojson", GM_IMPORT_LANDUSE },
    { "roads.geojson", GM_IMPORT_ROADS },
    { "buildings.geojson", GM_IMPORT_BUILDINGS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      if (!gm_demo_import (store, source_dir, layers[i].file, layers[i].kind, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (0.1 + 0.15 * i, NULL, progress_data);
    }

  if (!gm_store_begin (store, error))
    return FALSE;
  if (!gm_demo_synthesize (store, seed, error) || !gm_store_commit (store, error))
    {
      gm_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * gm_demo_build:
 * @project_path: where to create the demo project; must not exist
 * @source_dir: (nullable): the folder of the demo's source files, or %NULL
 *   for gm_demo_get_source_dir()
 * @seed: seed of the synthetic data, usually %GM_DEMO_SEED
 * @progress: (nullable): progress callback
 * @progress_data: its data
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Builds the demo project. On failure no file is left behind.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_demo_build (const char     *project_path,
               const char     *source_dir,
               guint32         seed,
               GmProgressFunc  progress,
               gpointer        progress_data,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GmStore) store = NULL;
  gboolean ok;

  g_return_val_if_fail (project_path != NULL, FALSE);

  if (source_dir == NULL)
    source_dir = gm_demo_get_source_dir ();
  if (g_file_test (project_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Cannot create the demo project “%s”: the file already exists"), project_path);
      return FALSE;
    }

  store = gm_store_open (project_path, GM_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  ok = gm_demo_fill (store, source_dir, seed, progress, progress_data, cancellable, error)
       && gm_overview_update (store, NULL, NULL, cancellable, error);
  g_clear_object (&store);
  if (!ok)
    gm_demo_remove_project (project_path);
  else if (progress != NULL)
    progress (1.0, NULL, progress_data);
  return ok;
}
