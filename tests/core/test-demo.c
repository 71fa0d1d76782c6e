/* test-demo.c — the demo project: real buildings, a division that covers the
 * community exactly, synthetic people that cannot be real, and the store's
 * queries on it (stats, lookups at a point, grid totals). */
#include "gm-config.h"

#include <math.h>

#include "gm-privacy.h"
#include "gm-render.h"
#include "gm-test-util.h"

#define AS_OF "2026-11-30"

static char *demo_dir;
static char *demo_path;
static GmStore *demo;

static void
build_demo (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gm_demo_build (path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* data/demo/buildings.geojson holds 2,039 features (ogrinfo -so), all valid. */
static void
test_counts (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStats) stats = gm_store_dup_stats (demo, AS_OF, &error);
  gint64 sum_buildings = 0, sum_households = 0, sum_residents = 0, sum_open = 0;

  g_assert_no_error (error);
  g_assert_cmpint (stats->buildings, ==, 2039);
  g_assert_cmpint (stats->communities, ==, 1);
  g_assert_cmpint (stats->grids, >=, 10);
  g_assert_cmpint (stats->grids, <=, 20);
  g_assert_cmpint (stats->roads, ==, 1920);
  g_assert_cmpint (stats->landuse, ==, 255);
  g_assert_cmpint (stats->residents, >, 10000);
  g_assert_cmpint (stats->hazards, >, 300);

  for (guint i = 0; i < stats->grids_detail->len; i++)
    {
      GmGridSummary *g = g_ptr_array_index (stats->grids_detail, i);

      sum_buildings += g->buildings;
      sum_households += g->households;
      sum_residents += g->residents;
      sum_open += g->open_hazards;
      g_assert_cmpint (g->registered + g->floating, ==, g->residents);
      g_assert_nonnull (g->worker_name);
      g_assert_true (g_str_has_prefix (g->worker_phone, "1990000"));
    }
  /* Every building, household, resident and open hazard is in one grid. */
  g_assert_cmpint (sum_buildings, ==, stats->buildings);
  g_assert_cmpint (sum_households, ==, gm_test_count (demo, "SELECT sum(households) FROM building"));
  g_assert_cmpint (sum_residents, ==, stats->residents);
  g_assert_cmpint (sum_open, ==, stats->open_hazards);
}

static void
test_division (void)
{
  double community = gm_test_double (demo, "SELECT ST_Area(boundary, 1) FROM community");
  double grids = gm_test_double (demo, "SELECT sum(ST_Area(boundary, 1)) FROM grid WHERE valid_to IS NULL");
  double overlap = gm_test_double (demo,
                                   "SELECT coalesce(sum(ST_Area(ST_Intersection(a.boundary, b.boundary), 1)), 0)"
                                   " FROM grid a, grid b WHERE a.id < b.id AND ST_Intersects(a.boundary, b.boundary)");

  /* The grids cover the community: same area, no overlaps (below 1 m² of
   * floating-point noise on 8 km²), nothing outside it. */
  g_assert_cmpfloat (fabs (grids - community) / community, <, 1e-6);
  g_assert_cmpfloat (overlap, <, 1.0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM grid g, community c WHERE NOT ST_Covers(ST_Buffer(c.boundary, 0.000001), g.boundary)"), ==, 0);

  /* Every building is in exactly one grid, the one containing its anchor. */
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM building WHERE grid_id IS NULL"), ==, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM building b JOIN grid g ON g.id = b.grid_id WHERE NOT ST_Contains(g.boundary, b.anchor)"), ==, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM building b, grid g WHERE ST_Contains(g.boundary, b.anchor)"), ==, 2039);

  /* Standard codes: community code + 001…N, without gaps; 001 lies in the
   * northern half, the last one in the southern half (reading order). */
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM grid WHERE length(code) = 15 AND code LIKE '990101001001%'"),
                   ==, gm_test_count (demo, "SELECT count(*) FROM grid"));
  g_assert_cmpint (gm_test_count (demo, "SELECT max(CAST(substr(code, 13) AS INTEGER)) FROM grid"),
                   ==, gm_test_count (demo, "SELECT count(*) FROM grid"));
  g_assert_cmpint (gm_test_count (demo, "SELECT Y(label_point) > (SELECT avg(Y(label_point)) FROM grid) FROM grid WHERE code LIKE '%001'"), ==, 1);
  g_assert_cmpint (gm_test_count (demo, "SELECT Y(label_point) < (SELECT avg(Y(label_point)) FROM grid) FROM grid ORDER BY code DESC LIMIT 1"), ==, 1);

  /* The automatic division made it: every grid one piece, households
   * within 5 % of the mean (the largest, 581, is 1.049 × 553.95). */
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM grid WHERE NumGeometries(boundary) <> 1"), ==, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT max(h) FROM (SELECT sum(households) AS h FROM building GROUP BY grid_id)"),
                   ==, 581);
  g_assert_cmpfloat (gm_test_double (demo, "SELECT max(h) / avg(h) FROM"
                                     " (SELECT sum(households) * 1.0 AS h FROM building GROUP BY grid_id)"), <=, 1.05);

  /* Neighbours never share a colour. */
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM grid a, grid b WHERE a.id < b.id AND ST_Intersects(a.boundary, b.boundary) AND a.color = b.color"), ==, 0);
}

/* The map opens on the community (its extent, the grids lying inside it),
 * not on everything: the demo's roads and buildings reach further. The
 * extent comes from the spatial index, in single precision: within 1e-5°. */
static void
test_focus_extent (void)
{
  GmExtent focus, all;
  g_autoptr(GError) error = NULL;

  g_assert_true (gm_store_get_focus_extent (demo, &focus, &error));
  g_assert_no_error (error);
  g_assert_true (gm_store_get_extent (demo, &all, &error));
  g_assert_cmpfloat_with_epsilon (focus.min_lon, gm_test_double (demo, "SELECT MbrMinX(boundary) FROM community"), 1e-5);
  g_assert_cmpfloat_with_epsilon (focus.max_lon, gm_test_double (demo, "SELECT MbrMaxX(boundary) FROM community"), 1e-5);
  g_assert_cmpfloat_with_epsilon (focus.min_lat, gm_test_double (demo, "SELECT MbrMinY(boundary) FROM community"), 1e-5);
  g_assert_cmpfloat_with_epsilon (focus.max_lat, gm_test_double (demo, "SELECT MbrMaxY(boundary) FROM community"), 1e-5);
  g_assert_cmpfloat (all.min_lon, <, focus.min_lon);
  g_assert_cmpfloat (all.max_lon, >, focus.max_lon);
}

/* Synthetic people are well-formed and cannot be real: region 990101 (no
 * province has code 99), phones of the 199-0000 block. */
static void
test_people (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = gm_store_prepare (demo, "SELECT id_number FROM resident", &error);
  guint n = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      g_assert_true (g_str_has_prefix (id, "990101"));
      g_assert_true (gm_id_number_is_valid (id));
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, gm_test_count (demo, "SELECT count(*) FROM resident"));
  g_assert_cmpint (gm_test_count (demo, "SELECT count(DISTINCT id_number) FROM resident"), ==, n);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM resident WHERE phone IS NOT NULL AND phone NOT LIKE '1990000____'"), ==, 0);

  /* One to four people per household. */
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM building b WHERE households > 0 AND"
                                  " (SELECT count(*) FROM resident r WHERE r.building_id = b.id)"
                                  " NOT BETWEEN b.households AND 4 * b.households"), ==, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM resident WHERE tags LIKE '%elderly_alone%'"), >, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM resident WHERE registration = 'floating'"), >, 0);
}

static void
test_hazard_history (void)
{
  /* Dates follow the workflow and none is after the as-of date. */
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM hazard WHERE notice_on < found_on OR rectified_on < notice_on OR verified_on < rectified_on"), ==, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM hazard WHERE max(found_on, coalesce(rectified_on, ''), coalesce(verified_on, '')) > '" AS_OF "'"), ==, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(DISTINCT status) FROM hazard"), ==, 4);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM hazard WHERE status IN ('discovered', 'notified') AND deadline < '" AS_OF "'"), >, 0);
  g_assert_cmpint (gm_test_count (demo, "SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id WHERE NOT ST_Equals(h.location, b.anchor)"), ==, 0);
}

/* The same seed gives the same project; another seed another one. */
static void
test_deterministic (void)
{
  g_autofree char *again = g_build_filename (demo_dir, "again.gridmap", NULL);
  const char *probe = "SELECT group_concat(name || id_number, ',') FROM (SELECT name, id_number FROM resident ORDER BY id LIMIT 200)";
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a = gm_test_text (demo, probe);
  g_autofree char *b = NULL;

  build_demo (again);
  store = gm_store_open (again, GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  b = gm_test_text (store, probe);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM hazard"), ==, gm_test_count (demo, "SELECT count(*) FROM hazard"));
  g_assert_cmpint (gm_test_count (store, "SELECT sum(households) FROM building"), ==, gm_test_count (demo, "SELECT sum(households) FROM building"));
}

static void
test_lookup (void)
{
  g_autoptr(GError) error = NULL;
  gint64 id = gm_test_count (demo, "SELECT id FROM building WHERE households >= 50 ORDER BY id LIMIT 1");
  double x = gm_test_double (demo, "SELECT X(anchor) FROM building WHERE households >= 50 ORDER BY id LIMIT 1");
  double y = gm_test_double (demo, "SELECT Y(anchor) FROM building WHERE households >= 50 ORDER BY id LIMIT 1");
  gint64 grid = gm_test_count (demo, "SELECT grid_id FROM building WHERE households >= 50 ORDER BY id LIMIT 1");
  /* 8 m east of the building's eastern edge, at the latitude of its anchor. */
  double east = gm_test_double (demo, "SELECT MbrMaxX(footprint) FROM building WHERE households >= 50 ORDER BY id LIMIT 1")
                + 8.0 / (111320.0 * cos (y * G_PI / 180.0));
  g_autoptr(GmBuilding) building = NULL;
  g_autoptr(GPtrArray) residents = NULL;
  g_autoptr(GPtrArray) hazards = NULL;

  g_assert_cmpint (gm_store_find_building_at (demo, x, y, 0.0, &error), ==, id);
  g_assert_cmpint (gm_store_find_grid_at (demo, x, y, &error), ==, grid);
  /* Outside the community, far from anything: nothing. */
  g_assert_cmpint (gm_store_find_building_at (demo, 37.0, 55.5, 5.0, &error), ==, 0);
  g_assert_cmpint (gm_store_find_grid_at (demo, 37.0, 55.5, &error), ==, 0);
  g_assert_no_error (error);

  /* Beside a building: found within 12 m, not within 3 m (unless another
   * building is that close, which the demo's apartment blocks are not). */
  if (gm_test_count (demo, "SELECT count(*) FROM building b, (SELECT footprint f FROM building WHERE households >= 50 ORDER BY id LIMIT 1)"
                     " WHERE ST_Distance(b.footprint, f, 1) < 20 AND b.footprint <> f") == 0)
    {
      g_assert_cmpint (gm_store_find_building_at (demo, east, y, 12.0, &error), ==, id);
      g_assert_cmpint (gm_store_find_building_at (demo, east, y, 3.0, &error), ==, 0);
    }

  building = gm_store_dup_building (demo, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (building->grid_id, ==, grid);
  g_assert_cmpint (strlen (building->grid_code), ==, 15);
  g_assert_true (g_str_has_prefix (building->code, "990101001001B"));
  residents = gm_store_dup_residents (demo, id, &error);
  g_assert_cmpuint (residents->len, ==, gm_test_count (demo, "SELECT count(*) FROM resident WHERE moved_out IS NULL AND building_id = (SELECT id FROM building WHERE households >= 50 ORDER BY id LIMIT 1)"));
  hazards = gm_store_dup_hazards (demo, id, AS_OF, &error);
  g_assert_cmpuint (hazards->len, ==, gm_test_count (demo, "SELECT count(*) FROM hazard WHERE building_id = (SELECT id FROM building WHERE households >= 50 ORDER BY id LIMIT 1)"));
}

/* Grid totals against a second, independent formulation: buildings by
 * geometry (anchor inside the boundary) rather than by grid_id, hazards
 * by their location. */
static void
test_grid_totals (void)
{
  const char *codes[] = { "990101001001001", "990101001001007" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *q = g_strdup_printf ("SELECT id FROM grid WHERE code = '%s'", codes[i]);
      g_autofree char *nb = g_strdup_printf ("SELECT count(*) FROM building b, grid g WHERE g.code = '%s' AND ST_Contains(g.boundary, b.anchor)", codes[i]);
      g_autofree char *nh = g_strdup_printf ("SELECT sum(b.households) FROM building b, grid g WHERE g.code = '%s' AND ST_Contains(g.boundary, b.anchor)", codes[i]);
      g_autofree char *nr = g_strdup_printf ("SELECT count(*) FROM resident r JOIN building b ON b.id = r.building_id, grid g WHERE g.code = '%s' AND ST_Contains(g.boundary, b.anchor)", codes[i]);
      g_autofree char *no = g_strdup_printf ("SELECT count(*) FROM hazard h, grid g WHERE g.code = '%s' AND ST_Contains(g.boundary, h.location) AND h.status IN ('discovered', 'notified')", codes[i]);
      g_autofree char *nd = g_strdup_printf ("SELECT count(*) FROM hazard h, grid g WHERE g.code = '%s' AND ST_Contains(g.boundary, h.location) AND h.status IN ('discovered', 'notified') AND h.deadline < '" AS_OF "'", codes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GmGridSummary) s = gm_store_dup_grid_summary (demo, gm_test_count (demo, q), AS_OF, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (s->code, ==, codes[i]);
      g_assert_cmpint (s->buildings, ==, gm_test_count (demo, nb));
      g_assert_cmpint (s->households, ==, gm_test_count (demo, nh));
      g_assert_cmpint (s->residents, ==, gm_test_count (demo, nr));
      g_assert_cmpint (s->open_hazards, ==, gm_test_count (demo, no));
      g_assert_cmpint (s->overdue_hazards, ==, gm_test_count (demo, nd));
      g_assert_cmpstr (s->community_code, ==, "990101001001");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  demo_dir = gm_test_mkdtemp ();
  demo_path = g_build_filename (demo_dir, "demo.gridmap", NULL);
  build_demo (demo_path);
  demo = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/demo/counts", test_counts);
  g_test_add_func ("/core/demo/division", test_division);
  g_test_add_func ("/core/demo/focus-extent", test_focus_extent);
  g_test_add_func ("/core/demo/people", test_people);
  g_test_add_func ("/core/demo/hazard-history", test_hazard_history);
  g_test_add_func ("/core/demo/deterministic", test_deterministic);
  g_test_add_func ("/core/demo/lookup", test_lookup);
  g_test_add_func ("/core/demo/grid-totals", test_grid_totals);
  status = g_test_run ();

  g_clear_object (&demo);
  gm_test_rmdir (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  return status;
}
