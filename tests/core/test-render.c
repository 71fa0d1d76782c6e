/* test-render.c — the map renderer: projection maths, tiles with buildings,
 * layers switched off, determinism. */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-render.h"
#include "gm-test-util.h"

static char *demo_dir;
static char *demo_path;

/* Web Mercator at zoom 0: the world is 256 px, (0, 0) is its centre,
 * 85.0511° N its top edge; at zoom 16, Moscow's 37.6° E is pixel
 * (37.6 + 180) / 360 × 2^24 = 10,140,895.004. */
static void
test_mercator (void)
{
  g_assert_cmpfloat_with_epsilon (gm_mercator_x (0, 0), 128.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gm_mercator_y (0, 0), 128.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (gm_mercator_y (0, 85.0511287798), 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (gm_mercator_x (16, 37.6), 10140895.0044, 1e-3);
  for (double lat = -80; lat <= 80; lat += 7.3)
    g_assert_cmpfloat_with_epsilon (gm_mercator_lat (13, gm_mercator_y (13, lat)), lat, 1e-9);
  for (double lon = -179; lon <= 179; lon += 11.1)
    g_assert_cmpfloat_with_epsilon (gm_mercator_lon (13, gm_mercator_x (13, lon)), lon, 1e-9);
}

static guint
count_building_pixels (cairo_surface_t *surface)
{
  const guint32 want = 0xff000000u | GM_RENDER_BUILDING_RGB;
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      if (((guint32 *) (data + y * stride))[x] == want)
        n++;
  return n;
}

typedef struct
{
  int zoom, x, y;
} Tile;

/* The tile that holds the anchor of the demo's largest apartment block. */
static Tile
tile_of_big_building (GmStore *store,
                      int      zoom)
{
  double lon = gm_test_double (store, "SELECT X(anchor) FROM building ORDER BY households DESC, id LIMIT 1");
  double lat = gm_test_double (store, "SELECT Y(anchor) FROM building ORDER BY households DESC, id LIMIT 1");

  return (Tile) { zoom, (int) floor (gm_mercator_x (zoom, lon) / 256), (int) floor (gm_mercator_y (zoom, lat) / 256) };
}

static void
test_tile_buildings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GmRenderer) renderer = gm_renderer_new (demo_path, &error);
  Tile t = tile_of_big_building (store, 17);
  cairo_surface_t *a, *b, *low, *basemap_only;
  Tile tl = tile_of_big_building (store, 12);
  guint n;

  g_assert_no_error (error);
  a = gm_renderer_render_tile (renderer, t.zoom, t.x, t.y, 256, NULL, &error);
  g_assert_no_error (error);
  n = count_building_pixels (a);
  /* A block of ≥ 1,000 m² is ≥ 700 px at zoom 17 (0.75 m/px here), and the
   * tile is mostly map, not buildings. */
  g_assert_cmpuint (n, >, 700);
  g_assert_cmpuint (n, <, 256 * 256);

  /* The same tile again is identical, pixel for pixel. */
  b = gm_renderer_render_tile (renderer, t.zoom, t.x, t.y, 256, NULL, &error);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                           cairo_image_surface_get_stride (a) * 256), ==, 0);

  /* At zoom 12 buildings are not drawn, only their density from the
   * overview, in a colour of its own. */
  low = gm_renderer_render_tile (renderer, tl.zoom, tl.x, tl.y, 256, NULL, &error);
  g_assert_cmpuint (count_building_pixels (low), ==, 0);

  /* With only the basemap on, no building pixel either. */
  gm_renderer_set_layers (renderer, GM_LAYER_BASEMAP);
  basemap_only = gm_renderer_render_tile (renderer, t.zoom, t.x, t.y, 256, NULL, &error);
  g_assert_cmpuint (count_building_pixels (basemap_only), ==, 0);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  cairo_surface_destroy (low);
  cairo_surface_destroy (basemap_only);
}

static void
assert_same (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);

  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                           stride * cairo_image_surface_get_height (a)), ==, 0);
}

/* Every zoom, at 1× and 2×: a tile drawn again (labels, connections and
 * pages warm) and by another renderer (all cold) is the same, pixel for
 * pixel, whether its layers come from the overview or the features. */
static void
test_deterministic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GmRenderer) first = gm_renderer_new (demo_path, &error);
  g_autoptr(GmRenderer) second = gm_renderer_new (demo_path, &error);

  g_assert_no_error (error);
  for (int zoom = 10; zoom <= 18; zoom++)
    for (int size = 256; size <= 512; size += 256)
      {
        Tile t = tile_of_big_building (store, zoom);
        cairo_surface_t *a = gm_renderer_render_tile (first, t.zoom, t.x, t.y, size, NULL, &error);
        cairo_surface_t *b = gm_renderer_render_tile (first, t.zoom, t.x, t.y, size, NULL, &error);
        cairo_surface_t *c = gm_renderer_render_tile (second, t.zoom, t.x, t.y, size, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpint (cairo_image_surface_get_width (a), ==, size);
        assert_same (a, b);
        assert_same (a, c);
        cairo_surface_destroy (a);
        cairo_surface_destroy (b);
        cairo_surface_destroy (c);
      }
}

static void
test_cancelled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmRenderer) renderer = gm_renderer_new (demo_path, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  cairo_surface_t *s;

  g_cancellable_cancel (cancellable);
  s = gm_renderer_render_tile (renderer, 16, 39495, 20466, 256, cancellable, &error);
  g_assert_null (s);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* An empty project draws the paper colour and nothing else. */
static void
test_empty_project (void)
{
  g_autofree char *path = g_build_filename (demo_dir, "empty.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);
  g_autoptr(GmRenderer) renderer = gm_renderer_new (path, &error);
  cairo_surface_t *s = gm_renderer_render_tile (renderer, 10, 618, 321, 256, NULL, &error);
  guint32 *px;

  g_assert_no_error (error);
  px = (guint32 *) cairo_image_surface_get_data (s);
  g_assert_cmphex (px[0], ==, 0xfff2efe9);
  g_assert_cmphex (px[256 * 128 + 128], ==, 0xfff2efe9);
  cairo_surface_destroy (s);
}

static void
test_zoom_for_extent (void)
{
  /* A 0.1° square at the equator in 1000 px: 0.1° is 256/3600 px at zoom 0,
   * so zoom log2(1000 / (256 / 3600)) = 13.78. */
  GmExtent e = { 0.0, 0.0, 0.1, 0.1 };

  g_assert_cmpfloat_with_epsilon (gm_view_zoom_for_extent (&e, 1000, 1000, 0), log2 (1000 / (256.0 / 3600)), 1e-3);
}

/* A grid's number from afar: after its community's code, else the last
 * three digits of a standard code, else all of it. */
static void
test_grid_short_code (void)
{
  g_assert_cmpstr (gm_grid_short_code ("0102013", "0102"), ==, "013");
  g_assert_cmpstr (gm_grid_short_code ("990101001001013", "990101001001"), ==, "013");
  g_assert_cmpstr (gm_grid_short_code ("990101001001013", NULL), ==, "013");
  g_assert_cmpstr (gm_grid_short_code ("990101001001013", "0102"), ==, "013");
  g_assert_cmpstr (gm_grid_short_code ("G7-001", "0102"), ==, "G7-001");
  g_assert_cmpstr (gm_grid_short_code ("0102", "0102"), ==, "0102");
  g_assert_cmpstr (gm_grid_short_code (NULL, "0102"), ==, "");
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
  g_assert_true (gm_demo_build (demo_path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error));

  g_test_add_func ("/core/render/mercator", test_mercator);
  g_test_add_func ("/core/render/tile-buildings", test_tile_buildings);
  g_test_add_func ("/core/render/deterministic", test_deterministic);
  g_test_add_func ("/core/render/cancelled", test_cancelled);
  g_test_add_func ("/core/render/empty-project", test_empty_project);
  g_test_add_func ("/core/render/zoom-for-extent", test_zoom_for_extent);
  g_test_add_func ("/core/render/grid-short-code", test_grid_short_code);
  status = g_test_run ();

  gm_test_rmdir (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  return status;
}
