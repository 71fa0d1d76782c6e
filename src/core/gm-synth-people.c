/* gm-synth-people.c — the synthetic city as a project: import, then people.
 *
 * The shapefiles gm_synth_write_sources() wrote are imported by the ordinary
 * importer (communities, land use, roads, grids, then buildings, which land
 * in the grid that contains them). Residents are then generated for the
 * chosen share of households with the demo's household rules, and hazards
 * at one per 40 households, nearly half of them around hot spots of about
 * 300 m (one for every 800 buildings, a few dozen hazards each), the rest
 * by households, as real reports cluster. Last, the overview images.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-demo-private.h"
#include "gm-geo.h"
#include "gm-overview.h"
#include "gm-store-private.h"
#include "gm-synth-private.h"

#define GM_SYNTH_HOT_RADIUS 300.0   /* metres */

static gboolean
gm_synth_import (GmStore       *store,
                 const char    *dir,
                 const char    *name,
                 GmImportKind   kind,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *file = g_strconcat (name, ".shp", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GmImportOptions) options = gm_import_options_new (kind);
  g_autoptr(GmImportReport) report = NULL;

  report = gm_import_run (store, path, options, NULL, NULL, cancellable, error);
  return report != NULL;
}

static gboolean
gm_synth_residents (GmStore               *store,
                    const GmSynthOptions  *options,
                    GRand                 *rand,
                    GError               **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  GmDemoHousehold h = { NULL, rand, 0, NULL, FALSE, 2026, NULL, 0 };

  if (options->resident_share <= 0)
    return TRUE;
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
          char room[16];

          if (!gm_demo_chance (rand, options->resident_share))
            continue;
          g_snprintf (room, sizeof room, "%d%02d", i / per_floor + 1, i % per_floor + 1);
          h.room = room;
          h.floating = gm_demo_chance (rand, rental ? 0.8 : 0.25);
          if (!gm_demo_household (&h))
            {
              gm_store_set_error (store, error, _("Writing synthetic residents"));
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* ---- hazards ---------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  double  x, y;          /* metres */
  gint64  households;    /* running total, for drawing by households */
  char   *worker;
} GmSynthSite;

typedef struct
{
  GArray     *sites;      /* of GmSynthSite, by id */
  GHashTable *cells;      /* cell key → GArray of site indexes, cells of GM_SYNTH_HOT_RADIUS */
} GmSynthSites;

static void
gm_synth_sites_clear (GmSynthSites *s)
{
  for (guint i = 0; s->sites != NULL && i < s->sites->len; i++)
    g_free (g_array_index (s->sites, GmSynthSite, i).worker);
  g_clear_pointer (&s->sites, g_array_unref);
  g_clear_pointer (&s->cells, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmSynthSites, gm_synth_sites_clear)

static gint64
gm_synth_cell_key (double x,
                   double y)
{
  return (gint64) floor (x / GM_SYNTH_HOT_RADIUS) * 1000003 + (gint64) floor (y / GM_SYNTH_HOT_RADIUS);
}

static gboolean
gm_synth_load_sites (GmStore       *store,
                     GmSynthSites  *s,
                     GError       **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(GmLocalProjection) projection = gm_local_projection_new (GM_SYNTH_LON0, GM_SYNTH_LAT0, error);
  gint64 total = 0;

  if (projection == NULL)
    return FALSE;
  list = gm_store_prepare (store, "SELECT b.id, X(b.anchor), Y(b.anchor), b.households, g.worker_name"
                           " FROM building b LEFT JOIN grid g ON g.id = b.grid_id"
                           " WHERE b.households > 0 ORDER BY b.id", error);
  if (list == NULL)
    return FALSE;
  s->sites = g_array_new (FALSE, FALSE, sizeof (GmSynthSite));
  s->cells = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      GmSynthSite site = { sqlite3_column_int64 (list, 0), sqlite3_column_double (list, 1),
                           sqlite3_column_double (list, 2), 0, gm_column_dup (list, 4) };
      gint64 key;
      GArray *cell;

      gm_local_projection_points (projection, &site.x, &site.y, 1, FALSE);
      total += sqlite3_column_int (list, 3);
      site.households = total;
      key = gm_synth_cell_key (site.x, site.y);
      cell = g_hash_table_lookup (s->cells, &key);
      if (cell == NULL)
        {
          cell = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (s->cells, g_memdup2 (&key, sizeof key), cell);
        }
      g_array_append_val (cell, s->sites->len);
      g_array_append_val (s->sites, site);
    }
  return TRUE;
}

/* A site by households: the first whose running total passes a draw. */
static const GmSynthSite *
gm_synth_site_by_households (GmSynthSites *s,
                             GRand        *r)
{
  gint64 total = g_array_index (s->sites, GmSynthSite, s->sites->len - 1).households;
  gint64 target = (gint64) (g_rand_double (r) * total);
  guint lo = 0, hi = s->sites->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (s->sites, GmSynthSite, mid).households <= target)
        lo = mid + 1;
      else
        hi = mid;
    }
  return &g_array_index (s->sites, GmSynthSite, lo);
}

/* A site in the hot spot's cell, or the hot spot's own building. */
static const GmSynthSite *
gm_synth_site_near (GmSynthSites      *s,
                    GRand             *r,
                    const GmSynthSite *hot)
{
  double x = hot->x + g_rand_double_range (r, -GM_SYNTH_HOT_RADIUS, GM_SYNTH_HOT_RADIUS);
  double y = hot->y + g_rand_double_range (r, -GM_SYNTH_HOT_RADIUS, GM_SYNTH_HOT_RADIUS);
  gint64 key = gm_synth_cell_key (x, y);
  GArray *cell = g_hash_table_lookup (s->cells, &key);

  if (cell == NULL || cell->len == 0)
    return hot;
  return &g_array_index (s->sites, GmSynthSite, g_array_index (cell, guint, gm_demo_pick (r, cell->len)));
}

static gboolean
gm_synth_hazards (GmStore  *store,
                  GRand    *rand,
                  GError  **error)
{
  g_auto(GmSynthSites) s = { NULL, NULL };
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree guint *hot = NULL;
  guint n_hot;
  gint64 count;

  if (!gm_synth_load_sites (store, &s, error))
    return FALSE;
  if (s.sites->len == 0)
    return TRUE;
  insert = gm_store_prepare (store, GM_DEMO_HAZARD_INSERT, error);
  if (insert == NULL)
    return FALSE;
  n_hot = MAX (1, s.sites->len / 800);
  hot = g_new (guint, n_hot);
  for (guint i = 0; i < n_hot; i++)
    hot[i] = gm_demo_pick (rand, s.sites->len);

  count = g_array_index (s.sites, GmSynthSite, s.sites->len - 1).households / 40;
  for (gint64 i = 0; i < count; i++)
    {
      const GmSynthSite *site = gm_demo_chance (rand, 0.45)
        ? gm_synth_site_near (&s, rand, &g_array_index (s.sites, GmSynthSite, hot[gm_demo_pick (rand, n_hot)]))
        : gm_synth_site_by_households (&s, rand);
      const GmDemoHazardKind *kind = gm_demo_pick_hazard_kind (rand);
      int age = g_rand_int_range (rand, 0, 365);

      if (!gm_demo_hazard (insert, rand, site->id, kind, age, site->worker))
        {
          gm_store_set_error (store, error, _("Writing synthetic hazards"));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- the project ---------------------------------------------------------------------- */

static gboolean
gm_synth_fill (GmStore              *store,
               const GmSynthOptions *options,
               const char           *dir,
               GmProgressFunc        progress,
               gpointer              progress_data,
               GCancellable         *cancellable,
               GError              **error)
{
  static const struct { const char *name; GmImportKind kind; } sources[] = {
    { "community", GM_IMPORT_COMMUNITY },
    { "landuse", GM_IMPORT_LANDUSE },
    { "roads", GM_IMPORT_ROADS },
    { "grids", GM_IMPORT_GRIDS },
    { "buildings", GM_IMPORT_BUILDINGS },
  };
  /* Not the layout's generator: the people do not shift when the layout's
   * draws change, and the other way round. */
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed ^ 0x5eed);
  g_autofree char *title = g_strdup_printf ("合成城区（%u 栋楼，种子 %u）", options->buildings, options->seed);
  g_autofree char *credits = g_strdup_printf ("Synthetic city made by gridmap-cli synth --buildings %u --seed %u "
                                              "for benchmarks and scale tests: no real place or person.",
                                              options->buildings, options->seed);
  g_autofree char *seed = g_strdup_printf ("%u", options->seed);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      if (!gm_synth_import (store, dir, sources[i].name, sources[i].kind, cancellable, error))
        return FALSE;
      if (progress != NULL)
        progress (0.1 + 0.1 * i, NULL, progress_data);
    }
  if (!gm_store_begin (store, error))
    return FALSE;
  if (gm_synth_residents (store, options, rand, error)
      && (progress == NULL || (progress (0.8, NULL, progress_data), TRUE))
      && (!options->hazards || gm_synth_hazards (store, rand, error))
      && gm_store_set_meta (store, "title", title, error)
      && gm_store_set_meta (store, "synth_seed", seed, error)
      && gm_store_set_meta (store, "attribution", "Synthetic data (gridmap-cli synth)", error)
      && gm_store_set_meta (store, "credits", credits, error)
      && gm_store_commit (store, error))
    return TRUE;
  gm_store_rollback (store);
  return FALSE;
}

/**
 * gm_synth_build:
 * @options: what was made
 * @project_path: the project to create; must not exist
 * @source_dir: where gm_synth_write_sources() wrote the city for @options
 * @progress: (nullable): progress callback
 * @progress_data: its data
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; on failure no project is left behind
 */
gboolean
gm_synth_build (const GmSynthOptions *options,
                const char           *project_path,
                const char           *source_dir,
                GmProgressFunc        progress,
                gpointer              progress_data,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GmStore) store = NULL;
  gboolean ok;

  g_return_val_if_fail (options != NULL && project_path != NULL && source_dir != NULL, FALSE);

  if (g_file_test (project_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("Cannot create the project “%s”: the file already exists"), project_path);
      return FALSE;
    }
  store = gm_store_open (project_path, GM_STORE_OPEN_CREATE, error);
  if (store == NULL)
    return FALSE;
  /* The overview images make the city's map from afar instant. */
  ok = gm_synth_fill (store, options, source_dir, progress, progress_data, cancellable, error)
       && gm_overview_update (store, NULL, NULL, cancellable, error);
  g_clear_object (&store);
  if (!ok)
    gm_demo_remove_project (project_path);
  else if (progress != NULL)
    progress (1.0, NULL, progress_data);
  return ok;
}
