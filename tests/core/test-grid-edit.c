/* test-grid-edit.c — hand editing of a community's grids, on the demo
 * (real OSM buildings of Odintsovo, 20 grids) and on real Berlin Moabit
 * files.
 *
 * After every operation the division is checked independently of the edit
 * session, by SpatiaLite on the project's own tables: no more of the
 * community is outside the grids, and no more of the grids outside the
 * community, than before; grids overlap no more than before; every building
 * of the community has its anchor in exactly one grid; and each grid's
 * totals are what SQL counts inside its polygon. Undo must give back the
 * polygons byte for byte (WKB) and the same totals.
 *
 * Areas of gaps and overlaps are planar in longitude/latitude, scaled to m²
 * at the community's latitude: that is how the project's lines are drawn
 * (straight in EPSG:4326). Geodesic areas (ST_Area(g, 1)) of slivers a
 * millimetre wide change by square metres when a vertex is added on a
 * straight edge, so they cannot tell a sliver from a gap.
 *
 * Reference figures were read from `gridmap-cli stats` on the demo
 * (seed 20261203) and checked by hand: 20 grids, 2,039 buildings, 11,079
 * households (mean 553.95 per grid), grid 002 has 87 buildings / 559
 * households, grid 011 216 / 569 (they share a long boundary off the
 * community's edge), grid 001 581 households, grid 020 (one building) 430;
 * 011 and 016 meet on the community boundary.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-autocleanups.h"
#include "gm-division.h"
#include "gm-grid-edit.h"
#include "gm-grid-edit-private.h"
#include "gm-import.h"
#include "gm-test-util.h"

#define DEMO_COMMUNITY "990101001001"

static char *demo_dir;
static char *demo_path;

typedef struct
{
  double      m2_per_deg2;   /* planar area scale at the community */
  char       *dir;
  char       *path;
  GmStore    *store;
  GmGridEdit *edit;
  double      gap;           /* community not in any grid, m², at the start */
  double      outside;       /* grids outside the community, m², at the start */
  double      overlap;       /* sum of pairwise overlaps, m², at the start */
} Fixture;

/* ---- independent checks through SpatiaLite ------------------------------------ */

/* Puts the session's grids into a temporary table edited(i, g). */
/* Metres per degree of longitude and latitude at the community, on the
 * sphere of 6,371,008.8 m. */
static void
set_area_scale (Fixture *f)
{
  GmExtent e;
  double m = 6371008.8 * G_PI / 180;

  gm_grid_edit_get_extent (f->edit, &e);
  f->m2_per_deg2 = m * m * cos ((e.min_lat + e.max_lat) / 2 * G_PI / 180);
}

static void
load_edited (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  g_assert_true (gm_store_exec (f->store,
                                "CREATE TEMP TABLE IF NOT EXISTS edited (i INTEGER PRIMARY KEY, g BLOB);"
                                "DELETE FROM edited;", &error));
  g_assert_no_error (error);
  insert = gm_store_prepare (f->store, "INSERT INTO edited VALUES (?, ST_GeomFromWKB(?, 4326))", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < gm_grid_edit_get_n_grids (f->edit); i++)
    {
      g_autoptr(GBytes) wkb = gm_grid_edit_dup_grid_wkb (f->edit, i);
      gsize size;
      const void *data;

      if (wkb == NULL)
        continue;
      data = g_bytes_get_data (wkb, &size);
      sqlite3_bind_int (insert, 1, (int) i);
      sqlite3_bind_blob (insert, 2, data, (int) size, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
}

/* The community less the union of the grids (@gap), or the union less the
 * community, in m². */
static double
sql_union_difference (Fixture  *f,
                      gboolean  gap)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("SELECT coalesce(ST_Area(ST_Difference(%s, %s)), 0) FROM community c"
                         " WHERE c.code = '%s'",
                         gap ? "c.boundary" : "(SELECT ST_Union(g) FROM edited)",
                         gap ? "(SELECT ST_Union(g) FROM edited)" : "c.boundary",
                         gm_grid_edit_get_community_code (f->edit));
  return gm_test_double (f->store, sql) * f->m2_per_deg2;
}

static double
sql_overlap (Fixture *f)
{
  return gm_test_double (f->store,
                         "SELECT coalesce(sum(ST_Area(ST_Intersection(a.g, b.g))), 0)"
                         " FROM edited a JOIN edited b ON a.i < b.i"
                         " AND MbrIntersects(a.g, b.g) AND ST_Intersects(a.g, b.g)") * f->m2_per_deg2;
}

/* Buildings of the community whose anchor is not in exactly one grid. */
static gint64
sql_buildings_not_in_one (Fixture *f)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM building b, community c"
                                          " WHERE c.code = '%s' AND MbrContains(c.boundary, b.anchor)"
                                          "   AND ST_Contains(c.boundary, b.anchor)"
                                          "   AND (SELECT count(*) FROM edited e WHERE MbrContains(e.g, b.anchor)"
                                          "        AND ST_Contains(e.g, b.anchor)) <> 1",
                                          gm_grid_edit_get_community_code (f->edit));

  return gm_test_count (f->store, sql);
}

/* The totals of every grid counted by SQL inside its polygon, into @out
 * (indexed by grid). */
static void
sql_totals (Fixture      *f,
            GmGridTotals *out)
{
  static const char *queries[] = {
    "SELECT e.i, count(*), coalesce(sum(b.households), 0) FROM building b"
    " JOIN edited e ON MbrContains(e.g, b.anchor) AND ST_Contains(e.g, b.anchor) GROUP BY e.i",
    "SELECT e.i, count(*), 0 FROM resident r JOIN building b ON b.id = r.building_id"
    " JOIN edited e ON MbrContains(e.g, b.anchor) AND ST_Contains(e.g, b.anchor)"
    " WHERE r.moved_out IS NULL GROUP BY e.i",
    "SELECT e.i, count(*), 0 FROM hazard h LEFT JOIN building b ON b.id = h.building_id"
    " JOIN edited e ON MbrContains(e.g, coalesce(b.anchor, h.location))"
    "  AND ST_Contains(e.g, coalesce(b.anchor, h.location))"
    " WHERE h.status IN ('discovered', 'notified') GROUP BY e.i",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (f->store, queries[q], &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          GmGridTotals *t = &out[sqlite3_column_int (stmt, 0)];

          if (q == 0)
            {
              t->buildings = sqlite3_column_int (stmt, 1);
              t->households = sqlite3_column_int (stmt, 2);
            }
          else if (q == 1)
            t->residents = sqlite3_column_int (stmt, 1);
          else
            t->open_hazards = sqlite3_column_int (stmt, 1);
        }
    }
}

/* The division is exact (no more of the community outside the grids, and
 * no more of the grids outside the community, than before, within
 * @union_slack m²) and every total is what SQL counts. */
static void
assert_division_within (Fixture *f,
                        double   union_slack)
{
  g_autofree GmGridTotals *counted_all = NULL;

  load_edited (f);
  g_assert_cmpfloat (sql_union_difference (f, TRUE), <, f->gap + union_slack);
  g_assert_cmpfloat (sql_union_difference (f, FALSE), <, f->outside + union_slack);
  g_assert_cmpfloat (sql_overlap (f), <, f->overlap + 0.05);
  g_assert_cmpint (sql_buildings_not_in_one (f), ==, 0);
  counted_all = g_new0 (GmGridTotals, gm_grid_edit_get_n_grids (f->edit));
  sql_totals (f, counted_all);
  for (guint i = 0; i < gm_grid_edit_get_n_grids (f->edit); i++)
    {
      GmGridTotals mine, counted = counted_all[i];

      if (!gm_grid_edit_grid_is_alive (f->edit, i))
        continue;
      gm_grid_edit_get_totals (f->edit, i, &mine);
      g_assert_cmpint (mine.buildings, ==, counted.buildings);
      g_assert_cmpint (mine.households, ==, counted.households);
      g_assert_cmpint (mine.residents, ==, counted.residents);
      g_assert_cmpint (mine.open_hazards, ==, counted.open_hazards);
    }
}

static void
assert_division (Fixture *f)
{
  assert_division_within (f, 0.05);
}

/* ---- snapshots for undo ------------------------------------------------------------ */

typedef struct
{
  GPtrArray *wkb;      /* of GBytes or NULL, per grid */
  GArray    *totals;   /* of GmGridTotals */
} Snapshot;

static Snapshot *
snapshot_take (GmGridEdit *edit)
{
  Snapshot *s = g_new0 (Snapshot, 1);

  s->wkb = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  s->totals = g_array_new (FALSE, TRUE, sizeof (GmGridTotals));
  for (guint i = 0; i < gm_grid_edit_get_n_grids (edit); i++)
    {
      GmGridTotals t;

      g_ptr_array_add (s->wkb, gm_grid_edit_dup_grid_wkb_m (edit, i));
      gm_grid_edit_get_totals (edit, i, &t);
      g_array_append_val (s->totals, t);
    }
  return s;
}

static void
snapshot_free (Snapshot *s)
{
  g_ptr_array_unref (s->wkb);
  g_array_unref (s->totals);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

/* Grids made after the snapshot must be gone (not alive); the others must
 * be byte for byte as they were, with the same totals. */
static void
assert_snapshot (GmGridEdit *edit,
                 Snapshot   *s)
{
  for (guint i = 0; i < gm_grid_edit_get_n_grids (edit); i++)
    {
      g_autoptr(GBytes) wkb = gm_grid_edit_dup_grid_wkb_m (edit, i);
      GmGridTotals t;

      if (i >= s->wkb->len)
        {
          g_assert_false (gm_grid_edit_grid_is_alive (edit, i));
          continue;
        }
      g_assert_true ((wkb == NULL) == (s->wkb->pdata[i] == NULL));
      if (wkb != NULL)
        g_assert_true (g_bytes_equal (wkb, s->wkb->pdata[i]));
      gm_grid_edit_get_totals (edit, i, &t);
      g_assert_cmpmem (&t, sizeof t, &g_array_index (s->totals, GmGridTotals, i), sizeof t);
    }
}

/* ---- fixture --------------------------------------------------------------------- */

static void
fixture_open (Fixture    *f,
              const char *source,
              const char *community)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (source);
  g_autoptr(GFile) to = NULL;

  f->dir = gm_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "project.gridmap", NULL);
  to = g_file_new_for_path (f->path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  f->store = gm_store_open (f->path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  f->edit = gm_grid_edit_new (f->store, community, &error);
  g_assert_no_error (error);
  set_area_scale (f);
  load_edited (f);
  f->gap = sql_union_difference (f, TRUE);
  f->outside = sql_union_difference (f, FALSE);
  f->overlap = sql_overlap (f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fixture_open (f, demo_path, DEMO_COMMUNITY);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->edit);
  g_clear_object (&f->store);
  gm_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static int
grid_by_code (GmGridEdit *edit,
              const char *suffix)
{
  g_autofree char *code = g_strconcat (gm_grid_edit_get_community_code (edit), suffix, NULL);

  for (guint i = 0; i < gm_grid_edit_get_n_grids (edit); i++)
    if (gm_grid_edit_grid_is_alive (edit, i) && g_str_equal (gm_grid_edit_get_grid_code (edit, i), code))
      return (int) i;
  return -1;
}

static GmGridTotals
totals_of (GmGridEdit *edit,
           int         grid)
{
  GmGridTotals t;

  g_assert_cmpint (grid, >=, 0);
  gm_grid_edit_get_totals (edit, (guint) grid, &t);
  return t;
}

/* ---- geometry helpers (GEOS on the session's lon/lat output) --------------------------- */

static GEOSContextHandle_t geos;

static GEOSGeometry *
grid_geom (GmGridEdit *edit,
           int         grid)
{
  g_autoptr(GBytes) wkb = gm_grid_edit_dup_grid_wkb (edit, (guint) grid);
  gsize size;
  const guint8 *data = g_bytes_get_data (wkb, &size);

  return GEOSGeomFromWKB_buf_r (geos, data, size);
}

/* Vertices that grids @a and @b share, as lon/lat pairs. */
static GArray *
shared_vertices (GmGridEdit *edit,
                 int         a,
                 int         b)
{
  g_auto(GmGeos) ga = { geos, grid_geom (edit, a) };
  g_auto(GmGeos) gb = { geos, grid_geom (edit, b) };
  g_auto(GmGeos) pa = { geos, GEOSGeom_extractUniquePoints_r (geos, ga.geom) };
  g_auto(GmGeos) pb = { geos, GEOSGeom_extractUniquePoints_r (geos, gb.geom) };
  g_auto(GmGeos) common = { geos, GEOSIntersection_r (geos, pa.geom, pb.geom) };
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < GEOSGetNumGeometries_r (geos, common.geom); i++)
    {
      double x, y;

      GEOSGeomGetX_r (geos, GEOSGetGeometryN_r (geos, common.geom, i), &x);
      GEOSGeomGetY_r (geos, GEOSGetGeometryN_r (geos, common.geom, i), &y);
      g_array_append_val (out, x);
      g_array_append_val (out, y);
    }
  return out;
}

/* Metres from (lon, lat) to the community boundary, by SpatiaLite. */
static double
sql_to_community_edge (Fixture *f,
                       double   lon,
                       double   lat)
{
  g_autofree char *sql = g_strdup_printf ("SELECT ST_Distance(ST_Boundary(boundary), MakePoint(%.12f, %.12f, 4326), 1)"
                                          " FROM community WHERE code = '%s'",
                                          lon, lat, gm_grid_edit_get_community_code (f->edit));

  return gm_test_double (f->store, sql);
}

static void
grid_point (GmGridEdit *edit,
            int         grid,
            double     *lon,
            double     *lat,
            double     *extent)
{
  g_auto(GmGeos) g = { geos, grid_geom (edit, grid) };
  g_auto(GmGeos) pt = { geos, GEOSPointOnSurface_r (geos, g.geom) };

  GEOSGeomGetX_r (geos, pt.geom, lon);
  GEOSGeomGetY_r (geos, pt.geom, lat);
  GEOSGeom_getExtent_r (geos, g.geom, &extent[0], &extent[1], &extent[2], &extent[3]);
}

/* ---- tests: reading ----------------------------------------------------------------- */

static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GmStats) stats = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (gm_grid_edit_get_n_grids (f->edit), ==, 20);
  g_assert_cmpuint (gm_grid_edit_get_n_buildings (f->edit), ==, 2039);
  g_assert_cmpstr (gm_grid_edit_get_community_name (f->edit), ==, "林城社区");

  /* The session's totals are the store's own per-grid totals. */
  stats = gm_store_dup_stats (f->store, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < stats->grids_detail->len; i++)
    {
      GmGridSummary *s = stats->grids_detail->pdata[i];
      int grid = (int) i;
      GmGridTotals t = totals_of (f->edit, grid);

      g_assert_cmpstr (gm_grid_edit_get_grid_code (f->edit, i), ==, s->code);
      g_assert_cmpint (t.buildings, ==, s->buildings);
      g_assert_cmpint (t.households, ==, s->households);
      g_assert_cmpint (t.residents, ==, s->residents);
      g_assert_cmpint (t.open_hazards, ==, s->open_hazards);
    }
  assert_division (f);

  /* Target: 11,079 households / 20 grids = 553.95; ±10 % is 498.6–609.3. */
  g_assert_cmpfloat_with_epsilon (gm_grid_edit_get_target (f->edit), 553.95, 1e-9);
  /* 002 has 559 households, 020 (one building) 430, 001 581. */
  g_assert_cmpint (gm_grid_edit_get_workload_status (f->edit, grid_by_code (f->edit, "002")), ==, GM_WORKLOAD_WITHIN);
  g_assert_cmpint (gm_grid_edit_get_workload_status (f->edit, grid_by_code (f->edit, "020")), ==, GM_WORKLOAD_UNDER);
  g_assert_cmpint (gm_grid_edit_get_workload_status (f->edit, grid_by_code (f->edit, "001")), ==, GM_WORKLOAD_WITHIN);
  gm_grid_edit_set_tolerance (f->edit, 0.04);   /* up to 576.1 */
  g_assert_cmpint (gm_grid_edit_get_workload_status (f->edit, grid_by_code (f->edit, "001")), ==, GM_WORKLOAD_OVER);
  gm_grid_edit_set_tolerance (f->edit, 0.30);   /* up to 720.1 */
  g_assert_cmpint (gm_grid_edit_get_workload_status (f->edit, grid_by_code (f->edit, "001")), ==, GM_WORKLOAD_WITHIN);
  gm_grid_edit_set_target (f->edit, 400);       /* up to 520 */
  g_assert_cmpint (gm_grid_edit_get_workload_status (f->edit, grid_by_code (f->edit, "001")), ==, GM_WORKLOAD_OVER);

  /* The demo's grids come from the automatic division: each is one piece,
   * and nothing is wrong. */
  issues = gm_grid_edit_check (f->edit);
  g_assert_cmpuint (issues->len, ==, 0);
  g_assert_false (gm_grid_edit_has_changes (f->edit));
  g_assert_false (gm_grid_edit_can_undo (f->edit));
}

/* ---- tests: operations ------------------------------------------------------------------ */

/* Moves shared vertices of grids 002 and 011 (off the community boundary)
 * by 60–240 m until one move takes buildings along; both grids follow. */
static void
test_move_vertex (Fixture       *f,
                  gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  gboolean moved_buildings = FALSE;

  g_assert_cmpuint (shared->len, >, 10);
  for (guint v = 0; v + 1 < shared->len && !moved_buildings; v += 2)
    {
      double lon = g_array_index (shared, double, v), lat = g_array_index (shared, double, v + 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) after = NULL;
      gboolean ok;

      if (sql_to_community_edge (f, lon, lat) < 1)
        continue;
      ok = gm_grid_edit_move_vertex (f->edit, lon, lat, lon + 0.002, lat + 0.001, &error);
      if (!ok)
        {
          /* A refused move changes nothing. */
          g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
          assert_snapshot (f->edit, before);
          continue;
        }
      /* Both grids now have the vertex at its new place. */
      after = shared_vertices (f->edit, a, b);
      for (guint k = 0; k + 1 < after->len; k += 2)
        g_assert_true (g_array_index (after, double, k) != lon || g_array_index (after, double, k + 1) != lat);
      assert_division (f);
      moved_buildings = totals_of (f->edit, a).buildings != g_array_index (before->totals, GmGridTotals, a).buildings;
      /* Whatever one grid lost, the other gained. */
      g_assert_cmpint (totals_of (f->edit, a).households + totals_of (f->edit, b).households, ==, 559 + 569);
      if (!moved_buildings)
        {
          g_assert_true (gm_grid_edit_undo (f->edit));
          assert_snapshot (f->edit, before);
        }
    }
  g_assert_true (moved_buildings);

  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);
  g_assert_false (gm_grid_edit_has_changes (f->edit));
  g_assert_true (gm_grid_edit_redo (f->edit));
  assert_division (f);
}

/* A move that would make a grid run over its neighbours, or cross its own
 * boundary, is refused and changes nothing; so is a move of nothing. */
static void
test_move_refused (Fixture       *f,
                   gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  double lon = g_array_index (shared, double, 0), lat = g_array_index (shared, double, 1);
  g_autoptr(GError) error = NULL;

  /* Two kilometres east: across several grids. */
  g_assert_false (gm_grid_edit_move_vertex (f->edit, lon, lat, lon + 0.03, lat, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  assert_snapshot (f->edit, before);
  g_assert_false (gm_grid_edit_can_undo (f->edit));
  g_clear_error (&error);

  /* The middle of grid 002 is not on any boundary. */
  {
    double mid_lon, mid_lat, extent[4];

    grid_point (f->edit, a, &mid_lon, &mid_lat, extent);
    g_assert_false (gm_grid_edit_move_vertex (f->edit, mid_lon, mid_lat, mid_lon + 0.001, mid_lat, &error));
    g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID);
    g_clear_error (&error);
  }
  /* Not a number is no place. */
  g_assert_false (gm_grid_edit_move_vertex (f->edit, lon, lat, NAN, lat, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID);
  assert_snapshot (f->edit, before);
}

/* The vertex where grids 011 and 016 meet on the community boundary slides
 * along the boundary; a corner of the community boundary does not move at all. */
static void
test_move_on_boundary (Fixture       *f,
                       gconstpointer  data)
{
  int a = grid_by_code (f->edit, "011"), b = grid_by_code (f->edit, "016");
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) community = gm_grid_edit_dup_community_wkb (f->edit);
  g_auto(GmGeos) outline = { geos, NULL };
  double lon = 0, lat = 0, corner[2] = { 0, 0 };
  gboolean found = FALSE;
  gsize size;
  const guint8 *bytes = g_bytes_get_data (community, &size);

  for (guint v = 0; v + 1 < shared->len && !found; v += 2)
    {
      lon = g_array_index (shared, double, v);
      lat = g_array_index (shared, double, v + 1);
      found = sql_to_community_edge (f, lon, lat) < 0.01;
    }
  g_assert_true (found);

  /* Pulled 5 m inwards and a little along: it stays on the boundary. The
   * demo's division cut this point in another projection, 1 mm off the
   * community's edge; put exactly on the edge, the union of the grids
   * moves by that millimetre along the ~300 m of the grids' outer edges. */
  g_assert_true (gm_grid_edit_move_vertex (f->edit, lon, lat, lon + 0.00004, lat - 0.00004, &error));
  g_assert_no_error (error);
  assert_division_within (f, 0.5);
  {
    g_autoptr(GArray) after = shared_vertices (f->edit, a, b);
    gboolean on_edge = FALSE;

    for (guint k = 0; k + 1 < after->len; k += 2)
      if (g_array_index (after, double, k) != lon || g_array_index (after, double, k + 1) != lat)
        on_edge |= sql_to_community_edge (f, g_array_index (after, double, k), g_array_index (after, double, k + 1)) < 0.01
                    && fabs (g_array_index (after, double, k) - lon) < 0.0002;
    g_assert_true (on_edge);
  }
  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);

  /* A corner of the community boundary that is also a corner of grid 001
   * (the division made it in metres: they agree to 0.2 mm). */
  {
    GEOSGeometry *mp = GEOSGeomFromWKB_buf_r (geos, bytes, size);
    g_auto(GmGeos) grid1 = { geos, grid_geom (f->edit, grid_by_code (f->edit, "001")) };
    g_auto(GmGeos) pc = { geos, NULL };
    g_auto(GmGeos) pg = { geos, NULL };
    gboolean corner_found = FALSE;

    outline.geom = mp;
    pc.geom = GEOSGeom_extractUniquePoints_r (geos, mp);
    pg.geom = GEOSGeom_extractUniquePoints_r (geos, grid1.geom);
    for (int i = 0; i < GEOSGetNumGeometries_r (geos, pg.geom) && !corner_found; i++)
      {
        double d = 1;

        GEOSDistance_r (geos, GEOSGetGeometryN_r (geos, pg.geom, i), pc.geom, &d);
        if (d < 1e-8)
          {
            GEOSGeomGetX_r (geos, GEOSGetGeometryN_r (geos, pg.geom, i), &corner[0]);
            GEOSGeomGetY_r (geos, GEOSGetGeometryN_r (geos, pg.geom, i), &corner[1]);
            corner_found = TRUE;
          }
      }
    g_assert_true (corner_found);
  }
  g_clear_error (&error);
  g_assert_false (gm_grid_edit_move_vertex (f->edit, corner[0], corner[1], corner[0] + 0.0002, corner[1], &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "corner"));
  assert_snapshot (f->edit, before);
}

/* Moving a whole edge shared by 002 and 011: both grids follow. */
static void
test_move_edge (Fixture       *f,
                gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  gboolean done = FALSE;

  for (guint v = 0; v + 1 < shared->len && !done; v += 2)
    {
      double lon = g_array_index (shared, double, v), lat = g_array_index (shared, double, v + 1);
      double ends[4];
      g_autoptr(GError) error = NULL;

      if (sql_to_community_edge (f, lon, lat) < 1
          || !gm_grid_edit_find_edge (f->edit, lon + 1e-6, lat, 5, ends)
          || sql_to_community_edge (f, ends[0], ends[1]) < 1 || sql_to_community_edge (f, ends[2], ends[3]) < 1)
        continue;
      done = gm_grid_edit_move_edge (f->edit, ends[0], ends[1], ends[2], ends[3],
                                     ends[0] + 0.0001, ends[1] + 0.00005, &error);
      if (!done)
        g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
    }
  g_assert_true (done);
  assert_division (f);
  g_assert_cmpstr (gm_grid_edit_get_undo_label (f->edit), ==, "Move a boundary edge");
  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);
}

/* A rectangle drawn across grids 002 and 011 and out of the community: a
 * new grid 021 with what the rectangle covers inside the community. */
static void
test_draw (Fixture       *f,
           gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  g_autoptr(GError) error = NULL;
  double lon = g_array_index (shared, double, shared->len / 2);
  double lat = g_array_index (shared, double, shared->len / 2 + 1);
  double rect[] = { lon - 0.004, lat - 0.002, lon + 0.004, lat - 0.002,
                    lon + 0.004, lat + 0.002, lon - 0.004, lat + 0.002 };
  g_autofree char *sql = NULL;
  int grid = -1;
  GmGridTotals t;

  g_assert_true (gm_grid_edit_draw_grid (f->edit, rect, 4, &grid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (grid, ==, 20);
  g_assert_cmpstr (gm_grid_edit_get_grid_code (f->edit, grid), ==, "990101001001021");
  g_assert_cmpstr (gm_grid_edit_get_grid_name (f->edit, grid), ==, "Grid 21");
  g_assert_cmpint (gm_grid_edit_get_grid_id (f->edit, grid), ==, 0);
  assert_division (f);

  /* The new grid is exactly the rectangle inside the community, and holds
   * exactly the buildings there (both counted by SpatiaLite). */
  sql = g_strdup_printf ("SELECT abs(ST_Area(e.g, 1) - ST_Area(ST_Intersection(c.boundary,"
                         " BuildMbr(%.9f, %.9f, %.9f, %.9f, 4326)), 1)) FROM edited e, community c"
                         " WHERE e.i = %d", rect[0], rect[1], rect[4], rect[5], grid);
  g_assert_cmpfloat (gm_test_double (f->store, sql), <, 0.5);
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM building b, community c WHERE ST_Contains(c.boundary, b.anchor)"
                         " AND ST_Contains(BuildMbr(%.9f, %.9f, %.9f, %.9f, 4326), b.anchor)",
                         rect[0], rect[1], rect[4], rect[5]);
  t = totals_of (f->edit, grid);
  g_assert_cmpint (t.buildings, ==, gm_test_count (f->store, sql));
  g_assert_cmpint (t.buildings, >, 0);
  g_assert_cmpstr (gm_grid_edit_get_undo_label (f->edit), ==, "Draw grid “Grid 21”");

  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);
  g_assert_true (gm_grid_edit_redo (f->edit));
  assert_division (f);
}

static void
test_draw_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  g_autoptr(GError) error = NULL;
  double lon, lat, e[4];
  double two[] = { 37.2, 55.66, 37.21, 55.66 };
  double far[] = { 37.0, 55.0, 37.01, 55.0, 37.01, 55.01 };
  int small = grid_by_code (f->edit, "014");

  g_assert_false (gm_grid_edit_draw_grid (f->edit, two, 2, NULL, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gm_grid_edit_draw_grid (f->edit, far, 3, NULL, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  g_clear_error (&error);

  /* Around all of grid 014: that is a merge, not a new grid. */
  grid_point (f->edit, small, &lon, &lat, e);
  {
    double around[] = { e[0] - 1e-4, e[1] - 1e-4, e[2] + 1e-4, e[1] - 1e-4,
                        e[2] + 1e-4, e[3] + 1e-4, e[0] - 1e-4, e[3] + 1e-4 };

    g_assert_false (gm_grid_edit_draw_grid (f->edit, around, 4, NULL, &error));
    g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
    g_assert_nonnull (strstr (error->message, "第14网格"));
  }
  assert_snapshot (f->edit, before);
  g_assert_cmpuint (gm_grid_edit_get_n_grids (f->edit), ==, 20);
}

/* Grid 002 (a hook: an arm running north, then east) split by an east–west
 * line across the arm at 55.6655° N: north of it 4 apartment blocks with
 * 504 households keep the code 002, the 83 houses south of it (55
 * households) become 021; counted by anchor latitude with the sqlite3
 * shell. */
static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002");
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  g_autoptr(GError) error = NULL;
  double lon, lat, e[4];
  int part = -1;

  grid_point (f->edit, a, &lon, &lat, e);
  {
    double line[] = { 37.1790, 55.6655, 37.1835, 55.6655 };

    g_assert_true (gm_grid_edit_split_grid (f->edit, line, 2, &part, &error));
  }
  g_assert_no_error (error);
  g_assert_cmpstr (gm_grid_edit_get_grid_code (f->edit, part), ==, "990101001001021");
  g_assert_cmpint (totals_of (f->edit, a).households, ==, 504);
  g_assert_cmpint (totals_of (f->edit, part).households, ==, 55);
  g_assert_cmpint (totals_of (f->edit, a).buildings, ==, 4);
  g_assert_cmpint (totals_of (f->edit, part).buildings, ==, 83);
  assert_division (f);

  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);

  /* A line that stops inside the grid splits nothing. */
  {
    double stub[] = { lon, lat, lon + 1e-4, lat };

    g_assert_false (gm_grid_edit_split_grid (f->edit, stub, 2, NULL, &error));
    g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  }
  assert_snapshot (f->edit, before);
}

/* 002 (559 households) and 011 (569) merge into 011: 303 buildings and
 * 1,128 households. 001 and 020 are far apart and cannot merge. */
static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  g_autoptr(GError) error = NULL;
  int kept = -1;

  g_assert_true (gm_grid_edit_merge_grids (f->edit, (guint) a, (guint) b, &kept, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kept, ==, b);
  g_assert_false (gm_grid_edit_grid_is_alive (f->edit, (guint) a));
  g_assert_cmpint (totals_of (f->edit, b).buildings, ==, 303);
  g_assert_cmpint (totals_of (f->edit, b).households, ==, 1128);
  assert_division (f);
  /* The mean follows: 11,079 households over 19 grids. */
  g_assert_cmpfloat_with_epsilon (gm_grid_edit_get_target (f->edit), 11079.0 / 19, 1e-9);

  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);

  g_assert_false (gm_grid_edit_merge_grids (f->edit, (guint) grid_by_code (f->edit, "001"),
                                            (guint) grid_by_code (f->edit, "020"), NULL, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_false (gm_grid_edit_merge_grids (f->edit, (guint) a, (guint) a, NULL, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  assert_snapshot (f->edit, before);
}

/* The building of 002 nearest to 011 goes to 011, with the area around
 * it; its households move with it. Then a lasso takes buildings too. */
static void
test_reassign (Fixture       *f,
               gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(Snapshot) before = snapshot_take (f->edit);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 id;
  int households;

  load_edited (f);
  sql = g_strdup_printf ("SELECT b.id FROM building b, edited ea, edited eb"
                         " WHERE ea.i = %d AND eb.i = %d AND ST_Contains(ea.g, b.anchor)"
                         " ORDER BY ST_Distance(ST_Boundary(eb.g), b.anchor), b.id LIMIT 1", a, b);
  id = gm_test_count (f->store, sql);
  g_free (sql);
  sql = g_strdup_printf ("SELECT households FROM building WHERE id = %" G_GINT64_FORMAT, id);
  households = (int) gm_test_count (f->store, sql);
  g_assert_cmpint (gm_grid_edit_get_building_grid (f->edit, id), ==, a);

  g_assert_true (gm_grid_edit_reassign_buildings (f->edit, &id, 1, (guint) b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gm_grid_edit_get_building_grid (f->edit, id), ==, b);
  g_assert_cmpint (totals_of (f->edit, a).households, ==, 559 - households);
  g_assert_cmpint (totals_of (f->edit, b).households, ==, 569 + households);
  g_assert_cmpint (totals_of (f->edit, a).buildings, ==, 86);
  assert_division (f);
  g_assert_cmpstr (gm_grid_edit_get_undo_label (f->edit), ==, "Move 1 building to grid “第11网格”");

  g_assert_false (gm_grid_edit_reassign_buildings (f->edit, &id, 1, (guint) b, &error));
  g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
  g_assert_true (gm_grid_edit_undo (f->edit));
  assert_snapshot (f->edit, before);
}

/* A lasso around the first building of grid 011 picks exactly the
 * buildings whose anchors SpatiaLite finds inside it. */
static void
test_lasso (Fixture       *f,
            gconstpointer  data)
{
  double lon = gm_test_double (f->store, "SELECT X(anchor) FROM building WHERE grid_id ="
                               " (SELECT id FROM grid WHERE code = '990101001001011') ORDER BY id LIMIT 1");
  double lat = gm_test_double (f->store, "SELECT Y(anchor) FROM building WHERE grid_id ="
                               " (SELECT id FROM grid WHERE code = '990101001001011') ORDER BY id LIMIT 1");
  g_autofree char *sql = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  {
    /* A bow-tie: crossing itself (away from any anchor), it still encloses
     * two triangles. */
    double lasso[] = { lon - 0.0017, lat - 0.0008, lon + 0.0023, lat + 0.0012,
                       lon + 0.0023, lat - 0.0008, lon - 0.0017, lat + 0.0012 };

    ids = gm_grid_edit_buildings_in_polygon (f->edit, lasso, 4);
    sql = g_strdup_printf ("SELECT count(*) FROM building b, community c WHERE ST_Contains(c.boundary, b.anchor)"
                           " AND ST_Contains(ST_MakeValid(GeomFromText('POLYGON((%.9f %.9f, %.9f %.9f, %.9f %.9f,"
                           " %.9f %.9f, %.9f %.9f))', 4326)), b.anchor)",
                           lasso[0], lasso[1], lasso[2], lasso[3], lasso[4], lasso[5], lasso[6], lasso[7],
                           lasso[0], lasso[1]);
  }
  g_assert_cmpint (ids->len, ==, gm_test_count (f->store, sql));
  g_assert_cmpint (ids->len, >, 3);

  /* Give them all to 002, its neighbour. */
  if (gm_grid_edit_reassign_buildings (f->edit, (gint64 *) ids->data, ids->len,
                                       (guint) grid_by_code (f->edit, "002"), &error))
    {
      for (guint i = 0; i < ids->len; i++)
        g_assert_cmpint (gm_grid_edit_get_building_grid (f->edit, g_array_index (ids, gint64, i)),
                         ==, grid_by_code (f->edit, "002"));
      assert_division (f);
    }
  else
    g_assert_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED);
}

/* Several steps, undone one by one, give back each earlier state exactly;
 * redone, each later one. */
static void
test_undo_chain (Fixture       *f,
                 gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func ((GDestroyNotify) snapshot_free);
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  g_autoptr(GError) error = NULL;
  double lon, lat, e[4];
  double vlon = g_array_index (shared, double, shared->len / 2);
  double vlat = g_array_index (shared, double, shared->len / 2 + 1);
  double rect[] = { vlon - 0.002, vlat - 0.001, vlon + 0.002, vlat - 0.001,
                    vlon + 0.002, vlat + 0.001, vlon - 0.002, vlat + 0.001 };
  guint moves = 0;

  g_ptr_array_add (states, snapshot_take (f->edit));
  grid_point (f->edit, b, &lon, &lat, e);
  {
    double line[] = { e[0] - 1e-4, lat, e[2] + 1e-4, lat };

    g_assert_true (gm_grid_edit_split_grid (f->edit, line, 2, NULL, &error));
  }
  g_ptr_array_add (states, snapshot_take (f->edit));
  g_assert_true (gm_grid_edit_draw_grid (f->edit, rect, 4, NULL, &error));
  g_ptr_array_add (states, snapshot_take (f->edit));
  g_assert_true (gm_grid_edit_merge_grids (f->edit, (guint) grid_by_code (f->edit, "001"), (guint) a, NULL, &error));
  g_assert_no_error (error);
  g_ptr_array_add (states, snapshot_take (f->edit));
  for (guint v = 0; v + 1 < shared->len && moves < 3; v += 2)
    if (gm_grid_edit_move_vertex (f->edit, g_array_index (shared, double, v), g_array_index (shared, double, v + 1),
                                  g_array_index (shared, double, v) + 0.0005, g_array_index (shared, double, v + 1),
                                  NULL))
      {
        moves++;
        g_ptr_array_add (states, snapshot_take (f->edit));
      }
  g_assert_cmpuint (moves, >, 0);
  assert_division (f);

  for (guint i = states->len - 1; i > 0; i--)
    {
      g_assert_true (gm_grid_edit_undo (f->edit));
      assert_snapshot (f->edit, states->pdata[i - 1]);
    }
  g_assert_false (gm_grid_edit_can_undo (f->edit));
  g_assert_false (gm_grid_edit_has_changes (f->edit));
  for (guint i = 1; i < states->len; i++)
    {
      g_assert_true (gm_grid_edit_redo (f->edit));
      assert_snapshot (f->edit, states->pdata[i]);
    }
  g_assert_false (gm_grid_edit_can_redo (f->edit));
  assert_division (f);
}

/* ---- tests: finding and snapping --------------------------------------------------- */

/* Near a grid corner the pointer snaps to it exactly; near a road far from
 * any grid boundary, onto the road; in the open, nowhere. */
static void
test_snap (Fixture       *f,
           gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GArray) shared = shared_vertices (f->edit, a, b);
  double lon = g_array_index (shared, double, 2), lat = g_array_index (shared, double, 3);
  double sx, sy, ends[4];
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GmSnapKind kind;

  kind = gm_grid_edit_snap (f->edit, lon + 0.00001, lat, 5, NULL, &sx, &sy);
  g_assert_cmpint (kind, ==, GM_SNAP_GRID_VERTEX);
  g_assert_cmpfloat (sx, ==, lon);
  g_assert_cmpfloat (sy, ==, lat);
  g_assert_true (gm_grid_edit_find_vertex (f->edit, lon + 0.00001, lat, 5, &sx, &sy));
  g_assert_cmpfloat (sx, ==, lon);
  g_assert_true (gm_grid_edit_find_edge (f->edit, lon + 0.00001, lat, 5, ends));
  g_assert_true ((ends[0] == lon && ends[1] == lat) || (ends[2] == lon && ends[3] == lat));
  /* Dragging that vertex, it does not snap to itself. */
  kind = gm_grid_edit_snap (f->edit, lon + 0.00001, lat, 0.5, (double[]) { lon, lat }, &sx, &sy);
  g_assert_cmpint (kind, !=, GM_SNAP_GRID_VERTEX);

  /* A road vertex inside the community at least 30 m from any grid
   * boundary and any other vertex. */
  load_edited (f);
  sql = g_strdup_printf ("SELECT X(p), Y(p) FROM"
                         " (SELECT ST_PointN(GeometryN(r.geom, 1), 2) AS p FROM road r, community c"
                         "   WHERE c.code = '%s' AND ST_Contains(c.boundary, ST_PointN(GeometryN(r.geom, 1), 2))"
                         "   ORDER BY r.id LIMIT 60)"
                         " WHERE (SELECT min(ST_Distance(ST_Boundary(e.g), p, 1)) FROM edited e) > 30"
                         " ORDER BY X(p), Y(p) LIMIT 1", DEMO_COMMUNITY);
  stmt = gm_store_prepare (f->store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  lon = sqlite3_column_double (stmt, 0);
  lat = sqlite3_column_double (stmt, 1);
  kind = gm_grid_edit_snap (f->edit, lon + 0.00002, lat + 0.00001, 5, NULL, &sx, &sy);
  g_assert_true (kind == GM_SNAP_ROAD || kind == GM_SNAP_ROAD_VERTEX);
  g_free (sql);
  sql = g_strdup_printf ("SELECT min(ST_Distance(geom, MakePoint(%.12f, %.12f, 4326), 1)) FROM road", sx, sy);
  g_assert_cmpfloat (gm_test_double (f->store, sql), <, 0.01);

  /* In the middle of nowhere, 1 m of tolerance finds nothing. */
  kind = gm_grid_edit_snap (f->edit, 37.0, 55.0, 1, NULL, &sx, &sy);
  g_assert_cmpint (kind, ==, GM_SNAP_NONE);
  g_assert_cmpfloat (sx, ==, 37.0);
  g_assert_cmpint (gm_grid_edit_find_grid_at (f->edit, 37.0, 55.0), ==, -1);
  g_assert_cmpint (gm_grid_edit_find_building_near (f->edit, 37.0, 55.0, 10), ==, 0);
}

/* ---- tests: saving ------------------------------------------------------------------ */

/* Without saving nothing is written: the file is the same, byte for byte. */
static void
test_nothing_written (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.gridmap", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  before = gm_test_checksum (path);
  {
    g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
    g_autoptr(GmGridEdit) edit = gm_grid_edit_new (store, DEMO_COMMUNITY, &error);

    g_assert_no_error (error);
    g_assert_true (gm_grid_edit_merge_grids (edit, 0, 1, NULL, &error));   /* 001 and 002 */
    g_assert_true (gm_grid_edit_has_changes (edit));
    /* Cancelling is dropping the session. */
  }
  after = gm_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  gm_test_rmdir (dir);
}

/* Draw, merge and move, then save: the changed grids are closed on the
 * day and reopen with their codes, names and workers; 002 (merged into 011)
 * stays only in history; the new grid 021 opens; buildings point at the
 * current row of the grid that contains them; the audit trail says so. */
static void
test_save (Fixture       *f,
           gconstpointer  data)
{
  int a = grid_by_code (f->edit, "002"), b = grid_by_code (f->edit, "011");
  g_autoptr(GArray) shared = shared_vertices (f->edit, b, grid_by_code (f->edit, "016"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GmGridEdit) again = NULL;
  g_autofree char *worker = gm_test_text (f->store, "SELECT worker_name FROM grid WHERE code = '990101001001011'");
  double rect[] = { 37.2270, 55.6480, 37.2330, 55.6480, 37.2330, 55.6510, 37.2270, 55.6510 };
  GHashTable *expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint changed = 0, opened = 0;
  int grid = -1;

  g_assert_true (gm_grid_edit_merge_grids (f->edit, (guint) a, (guint) b, NULL, &error));
  g_assert_true (gm_grid_edit_draw_grid (f->edit, rect, 4, &grid, &error));
  g_assert_no_error (error);
  for (guint v = 0; v + 1 < shared->len; v += 2)
    if (gm_grid_edit_move_vertex (f->edit, g_array_index (shared, double, v), g_array_index (shared, double, v + 1),
                                  g_array_index (shared, double, v) + 0.0004, g_array_index (shared, double, v + 1),
                                  NULL))
      break;
  g_assert_cmpuint (gm_grid_edit_get_serial (f->edit), ==, 3);
  assert_division (f);

  for (guint i = 0; i < gm_grid_edit_get_n_grids (f->edit); i++)
    {
      GmGridTotals *t = g_new (GmGridTotals, 1);

      if (!gm_grid_edit_grid_is_alive (f->edit, i))
        {
          g_free (t);
          continue;
        }
      gm_grid_edit_get_totals (f->edit, i, t);
      g_hash_table_insert (expected, g_strdup (gm_grid_edit_get_grid_code (f->edit, i)), t);
    }

  g_assert_true (gm_grid_edit_save (f->edit, f->store, "2031-05-06", &error));
  g_assert_no_error (error);
  g_assert_false (gm_grid_edit_can_undo (f->edit));

  /* 002 and 011 closed by the merge, three grids by the move (011 again
   * counted once, and 016, and whichever of 011's other neighbours shared
   * the vertex), the grids under the rectangle: all with the same date. */
  changed = (guint) gm_test_count (f->store, "SELECT count(*) FROM grid WHERE valid_to = '2031-05-06'");
  opened = (guint) gm_test_count (f->store, "SELECT count(*) FROM grid WHERE valid_from = '2031-05-06'");
  g_assert_cmpuint (changed, >=, 3);
  g_assert_cmpuint (opened, ==, changed);   /* −1 for 002, +1 for 021 */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid"), ==, 20 + opened);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid WHERE valid_to IS NULL"), ==, 20);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid WHERE code = '990101001001002'"
                                  " AND valid_to IS NULL"), ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid WHERE code = '990101001001002'"), ==, 1);
  gm_assert_text (f->store, "SELECT name FROM grid WHERE code = '990101001001021' AND valid_to IS NULL", "Grid 21");
  {
    g_autofree char *now = gm_test_text (f->store, "SELECT worker_name FROM grid WHERE code = '990101001001011'"
                                         " AND valid_to IS NULL");
    g_assert_cmpstr (now, ==, worker);
  }
  /* Every building of the community points at the current grid that
   * contains its anchor. */
  g_assert_cmpint (gm_test_count (f->store,
                                  "SELECT count(*) FROM building b, community c"
                                  " WHERE c.code = '" DEMO_COMMUNITY "' AND ST_Contains(c.boundary, b.anchor)"
                                  "   AND b.grid_id IS NOT (SELECT g.id FROM grid g WHERE g.valid_to IS NULL"
                                  "     AND ST_Contains(g.boundary, b.anchor))"), ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM audit WHERE action = 'close grid'"), ==, changed);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM audit WHERE action = 'open grid'"), ==, opened);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM audit WHERE action = 'edit grids'"), ==, 1);
  /* 002's 87 buildings at least changed grid; and so did those under the
   * rectangle. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM audit WHERE action = 'reassign building'"), >=, 87);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM audit WHERE action = 'reassign building'"
                                  " AND old_value = '990101001001002' AND new_value = '990101001001011'"), >, 0);

  /* A new session reads what was saved: the same totals per code, and the
   * store's own grid summaries agree. */
  again = gm_grid_edit_new (f->store, DEMO_COMMUNITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gm_grid_edit_get_n_grids (again), ==, 20);
  for (guint i = 0; i < gm_grid_edit_get_n_grids (again); i++)
    {
      GmGridTotals t;
      GmGridTotals *want = g_hash_table_lookup (expected, gm_grid_edit_get_grid_code (again, i));
      g_autoptr(GmGridSummary) summary = gm_store_dup_grid_summary (f->store, gm_grid_edit_get_grid_id (again, i),
                                                                    NULL, &error);

      g_assert_nonnull (want);
      gm_grid_edit_get_totals (again, i, &t);
      g_assert_cmpmem (&t, sizeof t, want, sizeof *want);
      g_assert_cmpint (summary->households, ==, t.households);
      g_assert_cmpint (summary->buildings, ==, t.buildings);
      g_assert_cmpint (summary->open_hazards, ==, t.open_hazards);
    }
  g_hash_table_unref (expected);
  g_clear_object (&f->edit);
  f->edit = g_steal_pointer (&again);
  assert_division (f);
}

/* ---- tests: real Berlin files ----------------------------------------------------------- */

static void
import_shared (GmStore      *store,
               const char   *file,
               GmImportKind  kind)
{
  g_autofree char *path = gm_test_shared (file);
  g_autoptr(GmImportOptions) options = gm_import_options_new (kind);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = gm_import_run (store, path, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
}

/* Moabit: the real district outline, its 3,834 building footprints (59
 * with courtyards) and 2,857 roads, cut into 6 grids by the division code;
 * then every kind of edit, each checked as on the demo, all undone to the
 * exact start, redone and saved. The district has one community, whose
 * importer-given code is "C1-0". */
static void
test_real_moabit (void)
{
  Fixture fx = { 0, }, *f = &fx;
  g_autoptr(GError) error = NULL;
  g_autoptr(Snapshot) start = NULL;
  g_autoptr(GArray) shared = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GmDivision) division = NULL;
  g_autofree char *code = NULL;
  double lon, lat, e[4];
  int part = -1, kept = -1, neighbour;
  gboolean merged;
  guint steps = 0;

  f->dir = gm_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "moabit.gridmap", NULL);
  f->store = gm_store_open (f->path, GM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  import_shared (f->store, "real/berlin-moabit/moabit_district.shp", GM_IMPORT_COMMUNITY);
  import_shared (f->store, "real/berlin-moabit/moabit_build.shp", GM_IMPORT_BUILDINGS);
  import_shared (f->store, "real/berlin-moabit/moabit_roads.shp", GM_IMPORT_ROADS);
  code = gm_test_text (f->store, "SELECT code FROM community");
  division = gm_division_load (f->store, code, &error);
  g_assert_no_error (error);
  gm_division_bisect (division, 6);
  g_assert_true (gm_store_begin (f->store, &error));
  g_assert_true (gm_division_apply (division, f->store, "2024-01-01", NULL, NULL, NULL, &error));
  g_assert_true (gm_store_commit (f->store, &error));
  g_assert_no_error (error);

  f->edit = gm_grid_edit_new (f->store, code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gm_grid_edit_get_n_grids (f->edit), ==, 6);
  g_assert_cmpint (gm_grid_edit_get_n_buildings (f->edit), ==,
                   gm_test_count (f->store, "SELECT count(*) FROM building b, community c WHERE ST_Contains(c.boundary, b.anchor)"));
  set_area_scale (f);
  load_edited (f);
  f->gap = sql_union_difference (f, TRUE);
  f->outside = sql_union_difference (f, FALSE);
  f->overlap = sql_overlap (f);
  /* The division cut its grids in another projection, so they leave
   * slivers under a millimetre wide along the district's 12 km outline:
   * about a square metre in all. */
  g_assert_cmpfloat (f->gap, <, 5.0);
  g_assert_cmpfloat (f->outside, <, 5.0);
  issues = gm_grid_edit_check (f->edit);
  for (guint i = 0; i < issues->len; i++)
    g_assert_cmpint (((GmGridIssue *) issues->pdata[i])->kind, ==, GM_GRID_ISSUE_NOT_CONTIGUOUS);
  assert_division (f);
  start = snapshot_take (f->edit);

  shared = shared_vertices (f->edit, 0, 1);
  for (guint v = 0; v + 1 < shared->len && steps == 0; v += 2)
    if (sql_to_community_edge (f, g_array_index (shared, double, v), g_array_index (shared, double, v + 1)) > 1
        && gm_grid_edit_move_vertex (f->edit, g_array_index (shared, double, v), g_array_index (shared, double, v + 1),
                                     g_array_index (shared, double, v) + 0.0006, g_array_index (shared, double, v + 1) + 0.0002,
                                     NULL))
      steps++;
  g_assert_cmpuint (steps, ==, 1);
  assert_division (f);

  grid_point (f->edit, 0, &lon, &lat, e);
  {
    double line[] = { e[0] - 1e-4, lat, e[2] + 1e-4, lat };

    g_assert_true (gm_grid_edit_split_grid (f->edit, line, 2, &part, &error));
    g_assert_no_error (error);
  }
  assert_division (f);
  /* Grid 0 with a neighbour other than the part just split off: one that
   * shares at least two boundary points, not only a corner. */
  for (neighbour = 1; neighbour < (int) gm_grid_edit_get_n_grids (f->edit); neighbour++)
    {
      g_autoptr(GArray) common = shared_vertices (f->edit, 0, neighbour);

      if (neighbour != part && common->len >= 4)
        break;
    }
  g_assert_cmpint (neighbour, <, (int) gm_grid_edit_get_n_grids (f->edit));
  merged = gm_grid_edit_merge_grids (f->edit, neighbour, 0, &kept, &error);
  g_assert_no_error (error);
  g_assert_true (merged);
  assert_division (f);

  while (gm_grid_edit_undo (f->edit))
    ;
  assert_snapshot (f->edit, start);
  while (gm_grid_edit_redo (f->edit))
    ;
  g_assert_true (gm_grid_edit_save (f->edit, f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid WHERE valid_to IS NULL"), ==, 6);
  g_assert_cmpint (gm_test_count (f->store,
                                  "SELECT count(*) FROM building b, community c WHERE ST_Contains(c.boundary, b.anchor)"
                                  " AND b.grid_id IS NOT (SELECT g.id FROM grid g WHERE g.valid_to IS NULL"
                                  "   AND ST_Contains(g.boundary, b.anchor))"), ==, 0);
  fixture_tear_down (f, NULL);
}

/* Moabit's outline and its 3,834 buildings imported with no grid: Edit
 * Grids has two things to say, not one a building: the whole community is
 * in no grid, in km², and the buildings are, counted, the first three named. */
static void
test_no_grids (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "moabit-bare.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);
  g_autoptr(GmGridEdit) edit = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *code = NULL;
  const GmGridIssue *gap, *stray;
  gint64 inside;
  double area;

  g_assert_no_error (error);
  import_shared (store, "real/berlin-moabit/moabit_district.shp", GM_IMPORT_COMMUNITY);
  import_shared (store, "real/berlin-moabit/moabit_build.shp", GM_IMPORT_BUILDINGS);
  code = gm_test_text (store, "SELECT code FROM community");
  edit = gm_grid_edit_new (store, code, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gm_grid_edit_get_n_grids (edit), ==, 0);
  inside = gm_test_count (store, "SELECT count(*) FROM building b, community c WHERE ST_Contains(c.boundary, b.anchor)");
  issues = gm_grid_edit_check (edit);
  for (guint i = 0; i < issues->len; i++)
    g_test_message ("%s", ((GmGridIssue *) issues->pdata[i])->message);
  g_assert_cmpuint (issues->len, ==, 2);

  gap = issues->pdata[0];
  g_assert_cmpint (gap->kind, ==, GM_GRID_ISSUE_GAP);
  area = gm_test_double (store, "SELECT ST_Area(boundary, 1) FROM community");
  g_test_message ("community %.0f m² (geodesic), gap %.0f m²", area, gap->area_m2);
  g_assert_cmpfloat (fabs (gap->area_m2 - area), <, area * 0.005);
  g_assert_cmpstr (gap->message, ==, "7.71 km² of the community are in no grid");

  stray = issues->pdata[1];
  g_assert_cmpint (stray->kind, ==, GM_GRID_ISSUE_BUILDING_IN_NO_GRID);
  g_assert_cmpint (inside, ==, 3834);
  g_assert_cmpuint (stray->n_buildings, ==, inside);
  g_assert_nonnull (stray->building_ids);
  g_assert_cmpint (stray->building_ids[0], ==, stray->building_id);
  g_assert_cmpint (stray->grid, ==, -1);
  g_assert_true (stray->lon != 0 && stray->lat != 0);
  g_assert_cmpstr (stray->message, ==, "3834 buildings are in no grid: “building 1”, “building 2”, “building 3” and 3831 more");
  gm_test_rmdir (dir);
}

/* Areas as planners read them: grouped by thousands (the C locale the tests
 * run in has no separator, so a comma), km² from a square kilometre. */
static void
test_format_area (void)
{
  const struct { double m2; const char *text; } cases[] = {
    { 1, "1 m²" }, { 999.4, "999 m²" }, { 12500, "12,500 m²" }, { 999999.4, "999,999 m²" },
    { 1e6, "1.00 km²" }, { 7709213, "7.71 km²" }, { 123456789, "123.46 km²" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = gm_grid_edit_format_area (cases[i].m2);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  geos = GEOS_init_r ();
  demo_dir = gm_test_mkdtemp ();
  demo_path = g_build_filename (demo_dir, "demo.gridmap", NULL);
  g_assert_true (gm_demo_build (demo_path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error));

#define ADD(path, func) g_test_add ("/core/grid-edit/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("load", test_load);
  ADD ("move-vertex", test_move_vertex);
  ADD ("move-refused", test_move_refused);
  ADD ("move-on-boundary", test_move_on_boundary);
  ADD ("move-edge", test_move_edge);
  ADD ("draw", test_draw);
  ADD ("draw-refused", test_draw_refused);
  ADD ("split", test_split);
  ADD ("merge", test_merge);
  ADD ("reassign", test_reassign);
  ADD ("lasso", test_lasso);
  ADD ("undo-chain", test_undo_chain);
  ADD ("snap", test_snap);
  ADD ("save", test_save);
#undef ADD
  g_test_add_func ("/core/grid-edit/nothing-written", test_nothing_written);
  g_test_add_func ("/core/grid-edit/real-moabit", test_real_moabit);
  g_test_add_func ("/core/grid-edit/no-grids", test_no_grids);
  g_test_add_func ("/core/grid-edit/format-area", test_format_area);
  status = g_test_run ();

  gm_test_rmdir (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  GEOS_finish_r (geos);
  return status;
}
