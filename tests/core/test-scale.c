/* test-scale.c — a district of 200,000 synthetic buildings holds together:
 * every building in exactly one grid, the stats the same as the tables
 * counted directly, clicks finding their building, and every tile the same
 * whether drawn cold, drawn again, or handed back by the tile cache. In the
 * slow suite only: the city takes about half a minute to make. */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-render.h"
#include "gm-synth.h"
#include "gm-test-util.h"
#include "gm-tile-cache.h"

#define BUILDINGS 200000
#define AS_OF "2026-11-30"

static char *tmp;
static char *project;
static GmStore *store;

static void
test_one_grid_each (void)
{
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building"), ==, BUILDINGS);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building WHERE grid_id IS NULL"), ==, 0);
  /* Exactly one current grid contains each building's anchor, and it is
   * the building's own. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building b WHERE"
                                  " (SELECT count(*) FROM grid g WHERE g.valid_to IS NULL AND g.id IN"
                                  "   (SELECT pkid FROM idx_grid_boundary WHERE xmin <= X(b.anchor)"
                                  "    AND xmax >= X(b.anchor) AND ymin <= Y(b.anchor) AND ymax >= Y(b.anchor))"
                                  "  AND ST_Contains(g.boundary, b.anchor)) <> 1"), ==, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building b JOIN grid g ON g.id = b.grid_id"
                                  " WHERE NOT ST_Contains(g.boundary, b.anchor)"), ==, 0);
}

static void
test_stats (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStats) stats = gm_store_dup_stats (store, AS_OF, &error);
  gint64 buildings = 0, households = 0, residents = 0, open = 0;

  g_assert_no_error (error);
  g_assert_cmpint (stats->buildings, ==, BUILDINGS);
  g_assert_cmpint (stats->grids, ==, gm_test_count (store, "SELECT count(*) FROM grid WHERE valid_to IS NULL"));
  g_assert_cmpint (stats->communities, ==, gm_test_count (store, "SELECT count(*) FROM community"));
  g_assert_cmpint (stats->residents, ==, gm_test_count (store, "SELECT count(*) FROM resident"
                                                        " WHERE moved_out IS NULL"));
  g_assert_cmpint (stats->hazards, ==, gm_test_count (store, "SELECT count(*) FROM hazard"));
  g_assert_cmpint (stats->open_hazards, ==, gm_test_count (store, "SELECT count(*) FROM hazard"
                                                           " WHERE status IN ('discovered', 'notified')"));
  g_assert_cmpint (stats->roads, ==, gm_test_count (store, "SELECT count(*) FROM road"));
  g_assert_cmpint (stats->grids_detail->len, ==, stats->grids);
  for (guint i = 0; i < stats->grids_detail->len; i++)
    {
      GmGridSummary *g = g_ptr_array_index (stats->grids_detail, i);

      buildings += g->buildings;
      households += g->households;
      residents += g->residents;
      open += g->open_hazards;
      g_assert_cmpint (g->registered + g->floating, ==, g->residents);
    }
  g_assert_cmpint (buildings, ==, stats->buildings);
  g_assert_cmpint (households, ==, gm_test_count (store, "SELECT sum(households) FROM building"));
  g_assert_cmpint (residents, ==, stats->residents);
  g_assert_cmpint (open, ==, stats->open_hazards);
}

/* A click on a building's anchor finds that building. */
static void
test_lookup (void)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = gm_store_prepare (store, "SELECT id, X(anchor), Y(anchor) FROM building"
                                         " WHERE id % 2003 = 0", &error);
  guint n = 0;

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = gm_store_find_building_at (store, sqlite3_column_double (stmt, 1),
                                             sqlite3_column_double (stmt, 2), 1.0, &error);

      g_assert_no_error (error);
      g_assert_cmpint (id, ==, sqlite3_column_int64 (stmt, 0));
      n++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (n, ==, BUILDINGS / 2003);
}

static cairo_surface_t *
render (GmRenderer *renderer,
        int         zoom,
        int         x,
        int         y)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *tile = gm_renderer_render_tile (renderer, zoom, x, y, 256, NULL, &error);

  g_assert_no_error (error);
  return tile;
}

static void
assert_same_tile (cairo_surface_t *a,
                  cairo_surface_t *b)
{
  g_assert_cmpint (cairo_image_surface_get_stride (a), ==, cairo_image_surface_get_stride (b));
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                           cairo_image_surface_get_stride (a) * 256), ==, 0);
}

/* Tiles at every zoom where the city is: drawn by a new renderer (every
 * connection and label cold), drawn again by the same one (labels and
 * pages warm), handed back by the tile cache, drawn by another new
 * renderer: the same pixels each time. */
static void
test_tiles_cold_and_cached (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmRenderer) first = gm_renderer_new (project, &error);
  g_autoptr(GmRenderer) second = gm_renderer_new (project, &error);
  g_autoptr(GmTileCache) cache = gm_tile_cache_new (64 * 1024 * 1024);
  sqlite3_stmt *stmt = gm_store_prepare (store, "SELECT X(anchor), Y(anchor) FROM building"
                                         " WHERE id % 40009 = 1", &error);
  guint tiles = 0;

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int zoom = 10; zoom <= 18; zoom++)
      {
        int x = (int) floor (gm_mercator_x (zoom, sqlite3_column_double (stmt, 0)) / 256);
        int y = (int) floor (gm_mercator_y (zoom, sqlite3_column_double (stmt, 1)) / 256);
        cairo_surface_t *cold = render (first, zoom, x, y);
        cairo_surface_t *again = render (first, zoom, x, y);
        cairo_surface_t *other = render (second, zoom, x, y);
        cairo_surface_t *cached;

        gm_tile_cache_insert (cache, zoom, x, y, 256, cold);
        cached = gm_tile_cache_lookup (cache, zoom, x, y, 256);
        assert_same_tile (cold, again);
        assert_same_tile (cold, other);
        assert_same_tile (cold, cached);
        cairo_surface_destroy (cold);
        cairo_surface_destroy (again);
        cairo_surface_destroy (other);
        cairo_surface_destroy (cached);
        tiles++;
      }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (tiles, ==, 5 * 9);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sources = NULL;
  GmSynthOptions options;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = gm_test_mkdtemp ();
  project = g_build_filename (tmp, "city.gridmap", NULL);
  sources = g_build_filename (tmp, "city", NULL);
  gm_synth_options_init (&options);
  options.buildings = BUILDINGS;
  options.resident_share = 0.1;
  g_assert_true (gm_synth_write_sources (&options, sources, NULL, NULL, NULL, &error));
  g_assert_true (gm_synth_build (&options, project, sources, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  store = gm_store_open (project, GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);

  g_test_add_func ("/slow/scale/one-grid-each", test_one_grid_each);
  g_test_add_func ("/slow/scale/stats", test_stats);
  g_test_add_func ("/slow/scale/lookup", test_lookup);
  g_test_add_func ("/slow/scale/tiles-cold-and-cached", test_tiles_cold_and_cached);
  status = g_test_run ();
  g_clear_object (&store);
  gm_test_rmdir (tmp);
  g_free (project);
  g_free (tmp);
  return status;
}
