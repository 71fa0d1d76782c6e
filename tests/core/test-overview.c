/* test-overview.c — the map from afar, drawn once: current after the demo
 * is built, the same pixels as drawn from the features, stale after an edit
 * and never shown stale, drawn again on update, added to older projects. */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-overview.h"
#include "gm-render.h"
#include "gm-test-util.h"

static char *tmp;
static char *demo_path;

/* A copy of the demo to edit. */
static char *
copy_demo (const char *name)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  char *path = g_build_filename (tmp, name, NULL);

  g_assert_true (g_file_get_contents (demo_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static gboolean
is_current (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_READONLY, &error);
  gboolean current = FALSE;

  g_assert_no_error (error);
  g_assert_true (gm_overview_get_current (store, &current, &error));
  g_assert_no_error (error);
  return current;
}

static void
exec (const char *path,
      const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  g_assert_true (gm_store_exec (store, sql, &error));
  g_assert_no_error (error);
}

static cairo_surface_t *
render (const char *path,
        int         zoom,
        double      lon,
        double      lat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmRenderer) renderer = gm_renderer_new (path, &error);
  cairo_surface_t *tile;

  g_assert_no_error (error);
  tile = gm_renderer_render_tile (renderer, zoom, (int) floor (gm_mercator_x (zoom, lon) / 256),
                                  (int) floor (gm_mercator_y (zoom, lat) / 256), 256, NULL, &error);
  g_assert_no_error (error);
  return tile;
}

/* The pixels of @a and @b whose channels differ by more than @tolerance. */
static guint
count_different (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              tolerance)
{
  const guint8 *pa = cairo_image_surface_get_data (a);
  const guint8 *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  for (int i = 0; i < 256 * 256; i++)
    for (int c = 0; c < 4; c++)
      if (ABS (pa[4 * i + c] - pb[4 * i + c]) > tolerance)
        {
          n++;
          break;
        }
  return n;
}

static void
demo_centre (double *lon,
             double *lat)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);

  *lon = gm_test_double (store, "SELECT X(anchor) FROM building ORDER BY households DESC, id LIMIT 1");
  *lat = gm_test_double (store, "SELECT Y(anchor) FROM building ORDER BY households DESC, id LIMIT 1");
}

/* The demo is built with its overview: images for every zoom from the one
 * where the whole demo fits a tile to zoom 14 (buildings 15), for each
 * layer it has. */
static void
test_demo_current (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);
  g_autofree char *min_zoom = gm_store_dup_meta (store, "overview_min_zoom");

  g_assert_true (is_current (demo_path));
  /* The demo's ~4 km fit a tile of zoom 12 (10 km at 55° N). */
  g_assert_cmpstr (min_zoom, ==, "12");
  g_assert_cmpint (gm_test_count (store, "SELECT count(DISTINCT zoom) FROM overview"), ==, 4);
  /* Land use, roads and buildings: the demo's cut of Odintsovo has no water. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM water"), ==, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(DISTINCT layer) FROM overview"), ==, 3);
  g_assert_cmpint (gm_test_count (store, "SELECT max(zoom) FROM overview WHERE layer = 'roads'"),
                   ==, GM_OVERVIEW_MAX_ZOOM);
  g_assert_cmpint (gm_test_count (store, "SELECT max(zoom) FROM overview WHERE layer = 'buildings'"),
                   ==, GM_OVERVIEW_BUILDINGS_MAX_ZOOM);
}

/* A tile of a zoom the overview keeps is the tile drawn from the features,
 * pixel for pixel but for rounding where layers are composed apart (a
 * channel by 2 at most); and it shows the building density from afar,
 * where the features draw no building. */
static void
test_same_as_features (void)
{
  g_autofree char *stale = copy_demo ("stale.gridmap");
  cairo_surface_t *a, *b;
  double lon, lat;
  guint different;

  exec (stale, "DELETE FROM meta WHERE key = 'overview_stamp'");
  g_assert_false (is_current (stale));
  demo_centre (&lon, &lat);
  a = render (demo_path, 14, lon, lat);
  b = render (stale, 14, lon, lat);
  different = count_different (a, b, 0);
  g_test_message ("%u of 65536 pixels differ, by at most 2", different);
  g_assert_cmpuint (count_different (a, b, 2), ==, 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  /* Zoom 15: only the buildings come from the overview. */
  a = render (demo_path, 15, lon, lat);
  b = render (stale, 15, lon, lat);
  g_assert_cmpuint (count_different (a, b, 2), ==, 0);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  /* Zoom 13: the overview draws the density, the features nothing. */
  a = render (demo_path, 13, lon, lat);
  b = render (stale, 13, lon, lat);
  g_assert_cmpuint (count_different (a, b, 8), >, 500);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* An edit in place of what the overview shows makes it stale (and the
 * renderer draws from the features); a grid's new buildings do not; an
 * update makes it current again. */
static void
test_stale_and_update (void)
{
  static const char * const edits[] = {
    "UPDATE building SET footprint = footprint WHERE id = 1",
    "UPDATE landuse SET kind = 'forest' WHERE id = 1",
    "UPDATE road SET kind = 'primary' WHERE id = 1",
    "DELETE FROM building WHERE id = 2",
    "INSERT INTO road (name, kind, geom) SELECT name, kind, geom FROM road WHERE id = 3",
  };
  g_autofree char *path = copy_demo ("edited.gridmap");
  g_autoptr(GError) error = NULL;

  exec (path, "UPDATE building SET grid_id = NULL WHERE id = 5; UPDATE hazard SET status = 'closed'");
  g_assert_true (is_current (path));
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(GmStore) store = NULL;

      exec (path, edits[i]);
      g_assert_false (is_current (path));
      store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
      g_assert_true (gm_overview_update (store, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (is_current (path));
    }
}

/* A project of schema 1 opens, gains the overview's table, triggers and
 * index, and draws from its features until the overview is drawn. */
static void
test_migrate (void)
{
  g_autofree char *path = copy_demo ("old.gridmap");
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = NULL;
  cairo_surface_t *tile;
  double lon, lat;

  exec (path, "DROP TABLE overview; DROP INDEX hazard_map; DROP INDEX hazard_kind;"
        "DROP TRIGGER overview_stale_building; DROP TRIGGER overview_stale_landuse;"
        "DROP TRIGGER overview_stale_water; DROP TRIGGER overview_stale_road;"
        "DELETE FROM meta WHERE key LIKE 'overview%'; PRAGMA user_version = 2");
  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gm_store_get_schema_version (store), ==, GM_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM sqlite_master WHERE name IN ('overview',"
                                  " 'hazard_map', 'hazard_kind', 'overview_stale_building')"), ==, 4);
  g_assert_false (is_current (path));
  demo_centre (&lon, &lat);
  tile = render (path, 12, lon, lat);
  cairo_surface_destroy (tile);
  g_assert_true (gm_overview_update (store, NULL, NULL, NULL, &error));
  g_assert_true (is_current (path));
}

/* A damaged image leaves its square empty; the tile is still drawn. */
static void
test_damaged_image (void)
{
  g_autofree char *path = copy_demo ("damaged.gridmap");
  cairo_surface_t *tile;
  double lon, lat;

  exec (path, "UPDATE overview SET image = zeroblob(10)");
  g_assert_true (is_current (path));
  demo_centre (&lon, &lat);
  tile = render (path, 13, lon, lat);
  g_assert_nonnull (tile);
  cairo_surface_destroy (tile);
}

/* A stray building half a world away (a bad coordinate in an import) makes
 * the project's extent huge, not the overview: only tiles with something
 * in them are drawn. */
static void
test_sparse (void)
{
  g_autofree char *path = copy_demo ("sparse.gridmap");
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = NULL;
  gint64 before, after;

  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  before = gm_test_count (store, "SELECT count(*) FROM overview WHERE zoom = 14");
  g_assert_true (gm_store_exec (store, "INSERT INTO building (code, footprint, anchor) VALUES ('far',"
                                " CastToMultiPolygon(BuildMbr(100.0, 1.0, 100.0002, 1.0002, 4326)),"
                                " MakePoint(100.0001, 1.0001, 4326))", &error));
  g_assert_no_error (error);
  g_assert_true (gm_overview_update (store, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (is_current (path));
  after = gm_test_count (store, "SELECT count(*) FROM overview WHERE zoom = 14");
  /* The far building's tile (and its neighbours, by the margin) and
   * the roads of none: a handful more at the closest zoom. */
  g_assert_cmpint (after, >, before);
  g_assert_cmpint (after, <=, before + 4);
  /* From Odintsovo (55.7° N) to the equator at 100° E: some 60 of the
   * 256 px of the world at zoom 0, so the overview starts at zoom 2. */
  g_assert_cmpint (gm_test_count (store, "SELECT min(zoom) FROM overview"), ==, 2);
}

/* The project's extent, read from the tops of the R*Trees, is the extent
 * of every row's box: the same four numbers as min() and max() over them. */
static void
test_extent (void)
{
  static const char * const indexes[] = {
    "idx_community_boundary", "idx_grid_boundary", "idx_building_footprint", "idx_hazard_location",
    "idx_road_geom", "idx_landuse_geom", "idx_water_geom",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);
  GmExtent extent, scanned = GM_EXTENT_EMPTY;

  g_assert_true (gm_store_get_extent (store, &extent, &error));
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM %s",
                                              indexes[i]);
      sqlite3_stmt *stmt = gm_store_prepare (store, sql, &error);

      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          GmExtent e = { sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1),
                         sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3) };

          gm_extent_union (&scanned, &e, &scanned);
        }
      sqlite3_finalize (stmt);
    }
  g_assert_cmpfloat (extent.min_lon, ==, scanned.min_lon);
  g_assert_cmpfloat (extent.min_lat, ==, scanned.min_lat);
  g_assert_cmpfloat (extent.max_lon, ==, scanned.max_lon);
  g_assert_cmpfloat (extent.max_lat, ==, scanned.max_lat);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = gm_test_mkdtemp ();
  demo_path = g_build_filename (tmp, "demo.gridmap", NULL);
  g_assert_true (gm_demo_build (demo_path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/core/overview/demo-current", test_demo_current);
  g_test_add_func ("/core/overview/same-as-features", test_same_as_features);
  g_test_add_func ("/core/overview/stale-and-update", test_stale_and_update);
  g_test_add_func ("/core/overview/migrate", test_migrate);
  g_test_add_func ("/core/overview/damaged-image", test_damaged_image);
  g_test_add_func ("/core/overview/sparse", test_sparse);
  g_test_add_func ("/core/store/extent-rtree-root", test_extent);
  status = g_test_run ();
  gm_test_rmdir (tmp);
  g_free (demo_path);
  g_free (tmp);
  return status;
}
