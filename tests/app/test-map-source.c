/* test-map-source.c — GmMapSource renders the project's tiles through core's
 * renderer, and the WKB reader gives the overlay its outlines. */
#include "gm-config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-map-source.h"
#include "gm-tile-paintable.h"
#include "gm-wkb.h"

/* The building fill of core's style, and how close a pixel must be to count
 * (antialiased edges, outlines, hazard marks and labels change some). */
#define BUILDING_R ((GM_RENDER_BUILDING_RGB >> 16) & 0xff)
#define BUILDING_G ((GM_RENDER_BUILDING_RGB >> 8) & 0xff)
#define BUILDING_B (GM_RENDER_BUILDING_RGB & 0xff)
#define COLOUR_TOLERANCE 6

typedef struct
{
  gboolean done;
  gboolean ok;
  GError *error;
} FillResult;

static void
on_filled (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  FillResult *fill = user_data;

  fill->ok = shumate_map_source_fill_tile_finish (SHUMATE_MAP_SOURCE (source), result, &fill->error);
  fill->done = TRUE;
}

static GmMapSource *
new_demo_source (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmRenderer) renderer = gm_renderer_new (gm_test_get_demo_path (), &error);

  g_assert_no_error (error);
  return gm_map_source_new (renderer);
}

/* The largest building of the demo, so its tile surely shows its fill. */
static gint64
largest_building (GmStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = gm_store_prepare (store, "SELECT id FROM building ORDER BY ST_Area(footprint) DESC LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* @paintable drawn at its own size as GTK draws it: through a snapshot and
 * its render node (with GSK_RENDERER=cairo, what the window shows). */
static cairo_surface_t *
draw_paintable (GdkPaintable *paintable)
{
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_to_node (snapshot);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The building-coloured pixels of @paintable as GTK draws it. */
static guint
count_building_pixels (GdkPaintable *paintable)
{
  cairo_surface_t *surface = draw_paintable (paintable);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  const guchar *data;
  int stride;
  guint count = 0;

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int i = 0; i < width * height; i++)
    {
      guint32 px;
      int r, g, b;

      memcpy (&px, data + (i / width) * stride + 4 * (i % width), 4);
      r = (px >> 16) & 0xff;
      g = (px >> 8) & 0xff;
      b = px & 0xff;
      if (ABS (r - BUILDING_R) <= COLOUR_TOLERANCE && ABS (g - BUILDING_G) <= COLOUR_TOLERANCE &&
          ABS (b - BUILDING_B) <= COLOUR_TOLERANCE && (px >> 24) == 0xff)
        count++;
    }
  cairo_surface_destroy (surface);
  return count;
}

static void
test_properties (void)
{
  g_autoptr(GmMapSource) source = new_demo_source ();
  ShumateMapSource *ms = SHUMATE_MAP_SOURCE (source);

  g_assert_cmpuint (shumate_map_source_get_min_zoom_level (ms), ==, 10);
  g_assert_cmpuint (shumate_map_source_get_max_zoom_level (ms), ==, 20);
  g_assert_cmpuint (shumate_map_source_get_tile_size (ms), ==, 256);
  g_assert_cmpint (shumate_map_source_get_projection (ms), ==, SHUMATE_MAP_PROJECTION_MERCATOR);
  /* No credit of its own: the window gives it the project's. */
  g_assert_null (shumate_map_source_get_license (ms));
}

static void
test_fill_tile (void)
{
  g_autoptr(GmMapSource) source = new_demo_source ();
  g_autoptr(GmStore) store = NULL;
  g_autoptr(ShumateTile) tile = NULL;
  g_autoptr(GError) error = NULL;
  FillResult fill = { 0, };
  GdkPaintable *paintable;
  double lon, lat;
  const int zoom = 17;
  guint pixels;

  store = gm_store_open (gm_test_get_demo_path (), GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  gm_test_building_anchor (store, largest_building (store), &lon, &lat);

  tile = shumate_tile_new_full ((guint) floor (gm_mercator_x (zoom, lon) / 256),
                                (guint) floor (gm_mercator_y (zoom, lat) / 256), 256, zoom);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, NULL, on_filled, &fill);
  g_assert_cmpuint (gm_map_source_get_pending_tiles (source), ==, 1);
  g_assert_true (gm_test_spin_until (&fill.done, 30000));

  g_assert_no_error (fill.error);
  g_assert_true (fill.ok);
  g_assert_cmpint (shumate_tile_get_state (tile), ==, SHUMATE_STATE_DONE);
  g_assert_cmpuint (gm_map_source_get_pending_tiles (source), ==, 0);
  g_assert_cmpuint (gm_map_source_get_filled_tiles (source), ==, 1);

  paintable = shumate_tile_get_paintable (tile);
  g_assert_true (GM_IS_TILE_PAINTABLE (paintable));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 256);
  pixels = count_building_pixels (paintable);
  g_test_message ("%u building-coloured pixels in tile %d/%u/%u", pixels, zoom,
                  shumate_tile_get_x (tile), shumate_tile_get_y (tile));
  g_assert_cmpuint (pixels, >=, 100);
}

/* The same tile asked for again comes from the source's tile cache, at
 * once (nothing pending) and the same, pixel for pixel, as GTK draws it. */
static void
test_fill_from_cache (void)
{
  g_autoptr(GmMapSource) source = new_demo_source ();
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  ShumateTile *tiles[2];
  cairo_surface_t *drawn[2];
  double lon, lat;
  const int zoom = 16;

  store = gm_store_open (gm_test_get_demo_path (), GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  gm_test_building_anchor (store, largest_building (store), &lon, &lat);
  for (int i = 0; i < 2; i++)
    {
      FillResult fill = { 0, };

      tiles[i] = shumate_tile_new_full ((guint) floor (gm_mercator_x (zoom, lon) / 256),
                                        (guint) floor (gm_mercator_y (zoom, lat) / 256), 256, zoom);
      shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tiles[i], NULL, on_filled, &fill);
      /* The first is drawn by a worker; the second is there already. */
      g_assert_cmpuint (gm_map_source_get_pending_tiles (source), ==, i == 0 ? 1 : 0);
      g_assert_true (gm_test_spin_until (&fill.done, 30000));
      g_assert_no_error (fill.error);
      g_assert_cmpint (shumate_tile_get_state (tiles[i]), ==, SHUMATE_STATE_DONE);
      drawn[i] = draw_paintable (shumate_tile_get_paintable (tiles[i]));
    }
  g_assert_cmpuint (gm_map_source_get_filled_tiles (source), ==, 2);
  g_assert_cmpint (memcmp (cairo_image_surface_get_data (drawn[0]), cairo_image_surface_get_data (drawn[1]),
                           cairo_image_surface_get_stride (drawn[0]) * 256), ==, 0);
  for (int i = 0; i < 2; i++)
    {
      cairo_surface_destroy (drawn[i]);
      g_object_unref (tiles[i]);
    }
}

static void
test_fill_cancelled (void)
{
  g_autoptr(GmMapSource) source = new_demo_source ();
  g_autoptr(ShumateTile) tile = shumate_tile_new_full (0, 0, 256, 12);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  FillResult fill = { 0, };

  g_cancellable_cancel (cancellable);
  shumate_map_source_fill_tile_async (SHUMATE_MAP_SOURCE (source), tile, cancellable, on_filled, &fill);
  g_assert_true (gm_test_spin_until (&fill.done, 30000));

  g_assert_false (fill.ok);
  g_assert_error (fill.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (shumate_tile_get_paintable (tile));
  g_assert_cmpuint (gm_map_source_get_pending_tiles (source), ==, 0);
  g_assert_cmpuint (gm_map_source_get_filled_tiles (source), ==, 0);
  g_clear_error (&fill.error);
}

/* ---- WKB -------------------------------------------------------------- */

static void
put_u32 (GByteArray *b, guint32 v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (b, (guint8 *) &v, 4);
}

static void
put_double (GByteArray *b, double d)
{
  guint64 v;

  memcpy (&v, &d, 8);
  v = GUINT64_TO_LE (v);
  g_byte_array_append (b, (guint8 *) &v, 8);
}

static void
put_ring (GByteArray *b, const double *xy, guint n)
{
  put_u32 (b, n);
  for (guint i = 0; i < 2 * n; i++)
    put_double (b, xy[i]);
}

static void
test_wkb_multipolygon (void)
{
  static const double outer[] = { 0, 0, 10, 0, 10, 10, 0, 10, 0, 0 };
  static const double hole[] = { 2, 2, 4, 2, 4, 4, 2, 2 };
  static const double other[] = { 20, 20, 21, 20, 21, 21, 20, 20 };
  g_autoptr(GByteArray) b = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ring;
  const guint8 le = 1;

  g_byte_array_append (b, &le, 1); put_u32 (b, 6); put_u32 (b, 2);
  g_byte_array_append (b, &le, 1); put_u32 (b, 3); put_u32 (b, 2);
  put_ring (b, outer, 5); put_ring (b, hole, 4);
  g_byte_array_append (b, &le, 1); put_u32 (b, 3); put_u32 (b, 1);
  put_ring (b, other, 4);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&b));

  paths = gm_wkb_dup_paths (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (paths->len, ==, 3);
  ring = g_ptr_array_index (paths, 0);
  g_assert_cmpuint (ring->len, ==, 5);
  g_assert_cmpfloat (g_array_index (ring, GmLonLat, 2).lon, ==, 10);
  g_assert_cmpfloat (g_array_index (ring, GmLonLat, 3).lat, ==, 10);
  ring = g_ptr_array_index (paths, 2);
  g_assert_cmpfloat (g_array_index (ring, GmLonLat, 1).lon, ==, 21);
}

static void
test_wkb_truncated (void)
{
  /* A polygon that claims a million points but holds one. */
  static const guint8 data[] = {
    1, 3, 0, 0, 0, 1, 0, 0, 0, 0x40, 0x42, 0x0f, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  g_assert_null (gm_wkb_dup_paths (bytes, &error));
  g_assert_error (error, GM_WKB_ERROR, GM_WKB_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (gm_wkb_dup_paths (empty, &error));
  g_assert_error (error, GM_WKB_ERROR, GM_WKB_ERROR_INVALID);
}

/* The outline core gives for a demo building is a closed ring around its
 * anchor point. */
static void
test_wkb_store_outline (void)
{
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GBytes) wkb = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GError) error = NULL;
  double lon, lat, min_lon = G_MAXDOUBLE, max_lon = -G_MAXDOUBLE;
  GArray *ring;
  gint64 id;

  store = gm_store_open (gm_test_get_demo_path (), GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  id = largest_building (store);
  gm_test_building_anchor (store, id, &lon, &lat);
  wkb = gm_store_dup_outline_wkb (store, "building", id, &error);
  g_assert_no_error (error);
  paths = gm_wkb_dup_paths (wkb, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (paths->len, >=, 1);
  ring = g_ptr_array_index (paths, 0);
  g_assert_cmpuint (ring->len, >=, 4);
  g_assert_cmpfloat (g_array_index (ring, GmLonLat, 0).lon, ==, g_array_index (ring, GmLonLat, ring->len - 1).lon);
  g_assert_cmpfloat (g_array_index (ring, GmLonLat, 0).lat, ==, g_array_index (ring, GmLonLat, ring->len - 1).lat);
  for (guint i = 0; i < ring->len; i++)
    {
      min_lon = MIN (min_lon, g_array_index (ring, GmLonLat, i).lon);
      max_lon = MAX (max_lon, g_array_index (ring, GmLonLat, i).lon);
    }
  g_assert_cmpfloat (min_lon, <=, lon);
  g_assert_cmpfloat (max_lon, >=, lon);
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/map-source/properties", test_properties);
  g_test_add_func ("/app/map-source/fill-tile", test_fill_tile);
  g_test_add_func ("/app/map-source/fill-from-cache", test_fill_from_cache);
  g_test_add_func ("/app/map-source/fill-cancelled", test_fill_cancelled);
  g_test_add_func ("/app/wkb/multipolygon", test_wkb_multipolygon);
  g_test_add_func ("/app/wkb/truncated", test_wkb_truncated);
  g_test_add_func ("/app/wkb/store-outline", test_wkb_store_outline);

  return gm_test_finish (g_test_run ());
}
