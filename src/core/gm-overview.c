/* gm-overview.c — drawing the overview images and keeping them current.
 *
 * The images are drawn tile by tile by the renderer's own painters, depth
 * first from the tiles where the whole project fits down to each layer's
 * closest zoom; below zoom 14 each tile's area layers are the average of
 * its four children's, while those are still in memory. Everything is read in
 * one snapshot and the compressed images are written at the end, in one
 * short transaction: an import in another window waits a moment, not the
 * whole drawing.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <zlib.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-overview-private.h"
#include "gm-render-private.h"

/* Bump when the painters change what they draw (the styles' own values are
 * in the stamp already, see gm_render_style_hash()). */
#define GM_OVERVIEW_VERSION 4

static const char * const layer_names[GM_OVERVIEW_N_LAYERS] = {
  [GM_OVERVIEW_LANDUSE] = "landuse",
  [GM_OVERVIEW_WATER] = "water",
  [GM_OVERVIEW_ROADS] = "roads",
  [GM_OVERVIEW_BUILDINGS] = "buildings",
};

const char *
gm_overview_layer_name (GmOverviewLayer layer)
{
  g_return_val_if_fail (layer < GM_OVERVIEW_N_LAYERS, NULL);
  return layer_names[layer];
}

cairo_format_t
gm_overview_layer_format (GmOverviewLayer layer)
{
  return layer == GM_OVERVIEW_WATER || layer == GM_OVERVIEW_BUILDINGS ? CAIRO_FORMAT_A8
                                                                      : CAIRO_FORMAT_ARGB32;
}

int
gm_overview_layer_max_zoom (GmOverviewLayer layer)
{
  return layer == GM_OVERVIEW_BUILDINGS ? GM_OVERVIEW_BUILDINGS_MAX_ZOOM : GM_OVERVIEW_MAX_ZOOM;
}

/* ---- the stamp --------------------------------------------------------------- */

/* What the images are drawn from, as one text: ?1 is the version and style. */
#define GM_OVERVIEW_STAMP_SQL \
  "?1 || '|' || ifnull((SELECT group_concat(t, ';') FROM (" \
  "    SELECT f_table_name || ':' || last_insert || ':' || last_delete AS t" \
  "    FROM geometry_columns_time WHERE (f_table_name, f_geometry_column) IN" \
  "      (VALUES ('building', 'footprint'), ('landuse', 'geom'), ('water', 'geom'), ('road', 'geom'))" \
  "    ORDER BY f_table_name)), '')" \
  " || '|' || ifnull((SELECT max(id) FROM building), 0) || ':' || ifnull((SELECT max(id) FROM landuse), 0)" \
  " || ':' || ifnull((SELECT max(id) FROM water), 0) || ':' || ifnull((SELECT max(id) FROM road), 0)"

static void
gm_overview_bind_version (sqlite3_stmt *stmt)
{
  g_autofree char *version = g_strdup_printf ("v%d-%08x", GM_OVERVIEW_VERSION, gm_render_style_hash ());

  sqlite3_bind_text (stmt, 1, version, -1, SQLITE_TRANSIENT);
}

static char *
gm_overview_stamp (GmStore  *store,
                   GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, "SELECT " GM_OVERVIEW_STAMP_SQL, error);

  if (stmt == NULL)
    return NULL;
  gm_overview_bind_version (stmt);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gm_store_set_error (store, error, _("Reading the project"));
      return NULL;
    }
  return gm_column_dup (stmt, 0);
}

gboolean
gm_overview_get_current (GmStore   *store,
                         gboolean  *current,
                         GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (current != NULL, FALSE);

  stmt = gm_store_prepare (store, "SELECT value = (" GM_OVERVIEW_STAMP_SQL ")"
                           " FROM meta WHERE key = 'overview_stamp'", error);
  if (stmt == NULL)
    return FALSE;
  gm_overview_bind_version (stmt);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the project"));
      return FALSE;
    }
  *current = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  return TRUE;
}

gboolean
gm_overview_get_wanted (GmStore   *store,
                        gboolean  *wanted,
                        GError   **error)
{
  g_autofree char *had = NULL;
  gboolean current = FALSE;
  gint64 buildings;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (wanted != NULL, FALSE);

  *wanted = FALSE;
  if (!gm_overview_get_current (store, &current, error))
    return FALSE;
  if (current)
    return TRUE;
  had = gm_store_dup_meta (store, "overview_min_zoom");
  buildings = gm_store_query_int (store, "SELECT max(id) FROM building", error);
  if (buildings < 0)
    return FALSE;
  *wanted = had != NULL || buildings >= GM_OVERVIEW_MIN_BUILDINGS;
  return TRUE;
}

/* ---- images as rows ------------------------------------------------------------ */

/* Whether @surface has any pixel that is not fully transparent. */
static gboolean
gm_overview_surface_is_empty (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  gsize n = (gsize) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);

  for (gsize i = 0; i < n; i++)
    if (data[i] != 0)
      return FALSE;
  return TRUE;
}

static GBytes *
gm_overview_encode (cairo_surface_t *surface)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  uLong n = (uLong) cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface);
  uLongf size = compressBound (n);
  guint8 *out = g_malloc (size);

  cairo_surface_flush (surface);
  /* Speed over size: the images are mostly flat colour, which any level
   * packs well. */
  if (compress2 (out, &size, data, n, Z_BEST_SPEED) != Z_OK)
    g_error ("zlib cannot compress %lu bytes", (unsigned long) n);
  return g_bytes_new_take (g_realloc (out, size), size);
}

cairo_surface_t *
gm_overview_decode (GmOverviewLayer  layer,
                    const void      *blob,
                    int              size)
{
  cairo_surface_t *surface = cairo_image_surface_create (gm_overview_layer_format (layer),
                                                         GM_OVERVIEW_TILE, GM_OVERVIEW_TILE);
  uLongf n = (uLongf) cairo_image_surface_get_stride (surface) * GM_OVERVIEW_TILE;
  uLongf expected = n;

  cairo_surface_flush (surface);
  if (uncompress (cairo_image_surface_get_data (surface), &n, blob, (uLong) size) != Z_OK || n != expected)
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* ---- drawing ---------------------------------------------------------------------- */

typedef struct
{
  GmOverviewLayer layer;
  int             zoom, x, y;
  GBytes         *image;
} GmOverviewRow;

static void
gm_overview_row_clear (gpointer data)
{
  g_bytes_unref (((GmOverviewRow *) data)->image);
}

typedef struct
{
  GmStore        *store;
  GmExtent        extent;
  int             min_zoom;
  GArray         *rows;
  guint           done, total;    /* tiles */
  GmProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
  sqlite3_stmt   *any[4];         /* whether a box holds a feature, per layer */
} GmOverviewBuild;

/* The tiles of zoom @z that the project touches, with room for what is
 * drawn around its features (road casings, a building's outline). */
static void
gm_overview_tile_range (const GmOverviewBuild *b,
                        int                    z,
                        int                    range[4])
{
  const double margin = 8.0;

  range[0] = (int) floor ((gm_mercator_x (z, b->extent.min_lon) - margin) / GM_OVERVIEW_TILE);
  range[1] = (int) floor ((gm_mercator_y (z, b->extent.max_lat) - margin) / GM_OVERVIEW_TILE);
  range[2] = (int) floor ((gm_mercator_x (z, b->extent.max_lon) + margin) / GM_OVERVIEW_TILE);
  range[3] = (int) floor ((gm_mercator_y (z, b->extent.min_lat) + margin) / GM_OVERVIEW_TILE);
}

static gboolean
gm_overview_touches (GmOverviewBuild *b,
                     int                    z,
                     int                    x,
                     int                    y)
{
  int range[4];

  gm_overview_tile_range (b, z, range);
  if (x < range[0] || y < range[1] || x > range[2] || y > range[3])
    return FALSE;
  /* A project's extent may be mostly empty (a stray feature far away, a
   * district in two parts): only tiles with something in them are drawn,
   * and only their quarters are looked into. */
  for (guint i = 0; i < G_N_ELEMENTS (b->any); i++)
    {
      const double margin = 8.0;
      gboolean found;

      sqlite3_reset (b->any[i]);
      sqlite3_bind_double (b->any[i], 1, gm_mercator_lon (z, x * 256.0 - margin));
      sqlite3_bind_double (b->any[i], 2, gm_mercator_lon (z, (x + 1) * 256.0 + margin));
      sqlite3_bind_double (b->any[i], 3, gm_mercator_lat (z, (y + 1) * 256.0 + margin));
      sqlite3_bind_double (b->any[i], 4, gm_mercator_lat (z, y * 256.0 - margin));
      found = sqlite3_step (b->any[i]) == SQLITE_ROW;
      sqlite3_reset (b->any[i]);
      if (found)
        return TRUE;
    }
  return FALSE;
}

/* One layer of tile z/x/y, drawn from the features by the renderer's own
 * painter. */
static cairo_surface_t *
gm_overview_draw (GmOverviewBuild  *b,
                  GmOverviewLayer   layer,
                  int               z,
                  int               x,
                  int               y,
                  GError          **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (gm_overview_layer_format (layer),
                                                         GM_OVERVIEW_TILE, GM_OVERVIEW_TILE);
  GmDrawContext ctx = { 0 };
  GmView view;
  gboolean ok = FALSE;

  gm_view_init_tile (&view, z, x, y, GM_OVERVIEW_TILE);
  ctx.cr = cairo_create (surface);
  ctx.view = &view;
  ctx.store = b->store;
  ctx.layers = GM_LAYER_ALL;
  ctx.cancellable = b->cancellable;
  ctx.overview_level = -1;
  switch (layer)
    {
    case GM_OVERVIEW_LANDUSE: ok = gm_draw_landuse (&ctx, error); break;
    case GM_OVERVIEW_WATER: ok = gm_draw_water (&ctx, error); break;
    case GM_OVERVIEW_ROADS: ok = gm_draw_roads (&ctx, error); break;
    case GM_OVERVIEW_BUILDINGS: ok = gm_draw_buildings (&ctx, error); break;
    case GM_OVERVIEW_N_LAYERS: default: g_assert_not_reached ();
    }
  cairo_destroy (ctx.cr);
  if (!ok)
    g_clear_pointer (&surface, cairo_surface_destroy);
  else
    cairo_surface_flush (surface);
  return surface;
}

/* The parent of four children (west to east, then north to south; NULL
 * for an empty one): each pixel the mean of the four beneath it, channel by
 * channel, so a pixel from afar is the share of its ground covered. */
static cairo_surface_t *
gm_overview_average (cairo_surface_t * const children[4],
                     cairo_format_t          format)
{
  const int half = GM_OVERVIEW_TILE / 2;
  int bpp = format == CAIRO_FORMAT_A8 ? 1 : 4;
  cairo_surface_t *out = cairo_image_surface_create (format, GM_OVERVIEW_TILE, GM_OVERVIEW_TILE);
  guint8 *o = cairo_image_surface_get_data (out);
  int os = cairo_image_surface_get_stride (out);

  cairo_surface_flush (out);
  for (int q = 0; q < 4; q++)
    {
      const guint8 *c;
      int cs;

      if (children[q] == NULL)
        continue;
      c = cairo_image_surface_get_data (children[q]);
      cs = cairo_image_surface_get_stride (children[q]);
      for (int y = 0; y < half; y++)
        for (int x = 0; x < half * bpp; x++)
          {
            const guint8 *p = c + 2 * y * cs + 2 * (x / bpp) * bpp + x % bpp;
            guint sum = p[0] + p[bpp] + p[cs] + p[cs + bpp];

            o[((q / 2) * half + y) * os + (q % 2) * half * bpp + x] = (guint8) ((sum + 2) / 4);
          }
    }
  cairo_surface_mark_dirty (out);
  return out;
}

/* Keeps @surface as the row of @layer at z/x/y unless it is empty, in
 * which case it is freed and *@surface cleared. */
static void
gm_overview_keep (GmOverviewBuild  *b,
                  GmOverviewLayer   layer,
                  int               z,
                  int               x,
                  int               y,
                  cairo_surface_t **surface)
{
  GmOverviewRow row = { layer, z, x, y, NULL };

  if (*surface == NULL)
    return;
  if (gm_overview_surface_is_empty (*surface))
    {
      g_clear_pointer (surface, cairo_surface_destroy);
      return;
    }
  row.image = gm_overview_encode (*surface);
  g_array_append_val (b->rows, row);
}

static gboolean
gm_overview_is_area (GmOverviewLayer layer)
{
  return layer != GM_OVERVIEW_ROADS;
}

/* The area layers of z/x/y: averaged from the children below zoom 14,
 * drawn from there on. */
static gboolean
gm_overview_build_areas (GmOverviewBuild  *b,
                         int               z,
                         int               x,
                         int               y,
                         cairo_surface_t **area,
                         GError          **error);

/* Builds the four children of z/x/y; below GM_OVERVIEW_MAX_ZOOM their
 * area layers are averaged into @area, from there on (the buildings of the
 * next zoom) they are only kept. */
static gboolean
gm_overview_build_children (GmOverviewBuild  *b,
                            int               z,
                            int               x,
                            int               y,
                            cairo_surface_t **area,
                            GError          **error)
{
  cairo_surface_t *children[4][GM_OVERVIEW_N_LAYERS] = { { NULL } };
  gboolean ok = TRUE;

  for (int q = 0; q < 4 && ok; q++)
    ok = gm_overview_build_areas (b, z + 1, 2 * x + q % 2, 2 * y + q / 2, children[q], error);
  for (int k = 0; k < GM_OVERVIEW_N_LAYERS; k++)
    {
      cairo_surface_t *four[4] = { children[0][k], children[1][k], children[2][k], children[3][k] };

      if (ok && gm_overview_is_area (k) && z < GM_OVERVIEW_MAX_ZOOM
          && (four[0] || four[1] || four[2] || four[3]))
        area[k] = gm_overview_average (four, gm_overview_layer_format (k));
      for (int q = 0; q < 4; q++)
        g_clear_pointer (&children[q][k], cairo_surface_destroy);
    }
  return ok;
}

static gboolean
gm_overview_build_areas (GmOverviewBuild  *b,
                         int               z,
                         int               x,
                         int               y,
                         cairo_surface_t **area,
                         GError          **error)
{
  cairo_surface_t *roads;

  if (!gm_overview_touches (b, z, x, y))
    return TRUE;
  if (g_cancellable_set_error_if_cancelled (b->cancellable, error))
    return FALSE;
  if (z < GM_OVERVIEW_BUILDINGS_MAX_ZOOM && !gm_overview_build_children (b, z, x, y, area, error))
    return FALSE;
  /* From zoom 14 on, drawn as they are drawn from the features. */
  for (int k = 0; k < GM_OVERVIEW_N_LAYERS; k++)
    if (gm_overview_is_area (k) && z >= GM_OVERVIEW_MAX_ZOOM && z <= gm_overview_layer_max_zoom (k)
        && (area[k] = gm_overview_draw (b, k, z, x, y, error)) == NULL)
      return FALSE;
  for (int k = 0; k < GM_OVERVIEW_N_LAYERS; k++)
    if (gm_overview_is_area (k))
      gm_overview_keep (b, k, z, x, y, &area[k]);

  /* Roads have a style of their own at each zoom. */
  if (z <= gm_overview_layer_max_zoom (GM_OVERVIEW_ROADS))
    {
      roads = gm_overview_draw (b, GM_OVERVIEW_ROADS, z, x, y, error);
      if (roads == NULL)
        return FALSE;
      gm_overview_keep (b, GM_OVERVIEW_ROADS, z, x, y, &roads);
      g_clear_pointer (&roads, cairo_surface_destroy);
    }
  if (b->progress != NULL && ++b->done % 16 == 0)
    b->progress (MIN (1.0, (double) b->done / b->total), NULL, b->progress_data);
  return TRUE;
}

/* The extent of what the overview draws. */
static gboolean
gm_overview_extent (GmStore   *store,
                    GmExtent  *extent,
                    GError   **error)
{
  static const char * const layers[][2] = {
    { "landuse", "geom" }, { "water", "geom" }, { "road", "geom" }, { "building", "footprint" },
  };

  *extent = GM_EXTENT_EMPTY;
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (!gm_store_union_layer_extent (store, layers[i][0], layers[i][1], extent, error))
      return FALSE;
  return TRUE;
}

/* From the zoom where the project fits in a tile (it then spans at most
 * two each way), to the closest kept. */
static int
gm_overview_min_zoom (const GmExtent *e)
{
  double w = gm_mercator_x (0, e->max_lon) - gm_mercator_x (0, e->min_lon);
  double h = gm_mercator_y (0, e->min_lat) - gm_mercator_y (0, e->max_lat);
  double span = MAX (MAX (w, h), 1e-9);

  return CLAMP ((int) floor (log2 (GM_OVERVIEW_TILE / span)), 0, GM_OVERVIEW_MAX_ZOOM);
}

static gboolean
gm_overview_build (GmOverviewBuild  *b,
                   GError          **error)
{
  int range[4];

  static const char * const indexes[] = {
    "idx_landuse_geom", "idx_water_geom", "idx_road_geom", "idx_building_footprint",
  };

  if (!gm_overview_extent (b->store, &b->extent, error))
    return FALSE;
  if (gm_extent_is_empty (&b->extent))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE xmin <= ?2 AND xmax >= ?1"
                                              " AND ymin <= ?4 AND ymax >= ?3 LIMIT 1", indexes[i]);

      if ((b->any[i] = gm_store_prepare (b->store, sql, error)) == NULL)
        return FALSE;
    }
  b->min_zoom = gm_overview_min_zoom (&b->extent);
  for (int z = b->min_zoom; z <= GM_OVERVIEW_BUILDINGS_MAX_ZOOM; z++)
    {
      gm_overview_tile_range (b, z, range);
      b->total += (guint) ((range[2] - range[0] + 1) * (range[3] - range[1] + 1));
    }
  gm_overview_tile_range (b, b->min_zoom, range);
  for (int y = range[1]; y <= range[3]; y++)
    for (int x = range[0]; x <= range[2]; x++)
      {
        cairo_surface_t *area[GM_OVERVIEW_N_LAYERS] = { NULL };
        gboolean ok = gm_overview_build_areas (b, b->min_zoom, x, y, area, error);

        for (int k = 0; k < GM_OVERVIEW_N_LAYERS; k++)
          g_clear_pointer (&area[k], cairo_surface_destroy);
        if (!ok)
          return FALSE;
      }
  return TRUE;
}

/* ---- writing ------------------------------------------------------------------------- */

static gboolean
gm_overview_insert (GmOverviewBuild  *b,
                    GError          **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!gm_store_exec (b->store, "DELETE FROM overview", error))
    return FALSE;
  insert = gm_store_prepare (b->store, "INSERT INTO overview (layer, zoom, x, y, image)"
                             " VALUES (?, ?, ?, ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < b->rows->len; i++)
    {
      const GmOverviewRow *row = &g_array_index (b->rows, GmOverviewRow, i);
      gsize size;
      const void *data = g_bytes_get_data (row->image, &size);

      sqlite3_reset (insert);
      sqlite3_bind_text (insert, 1, layer_names[row->layer], -1, SQLITE_STATIC);
      sqlite3_bind_int (insert, 2, row->zoom);
      sqlite3_bind_int (insert, 3, row->x);
      sqlite3_bind_int (insert, 4, row->y);
      sqlite3_bind_blob (insert, 5, data, (int) size, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          gm_store_set_error (b->store, error, _("Saving the map overview"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Writes the images drawn from the project as @stamp says it was, unless
 * it has changed since. */
static gboolean
gm_overview_write (GmOverviewBuild  *b,
                   const char       *stamp,
                   GError          **error)
{
  g_autofree char *now = NULL;
  g_autofree char *zoom = NULL;

  if (!gm_store_begin (b->store, error))
    return FALSE;
  now = gm_overview_stamp (b->store, error);
  if (now == NULL)
    goto fail;
  if (!g_str_equal (now, stamp))
    {
      g_debug ("overview: the project changed while it was drawn; not saved");
      gm_store_rollback (b->store);
      return TRUE;
    }
  zoom = g_strdup_printf ("%d", b->min_zoom);
  if (gm_overview_insert (b, error)
      && gm_store_set_meta (b->store, "overview_min_zoom", zoom, error)
      && gm_store_set_meta (b->store, "overview_stamp", stamp, error)
      && gm_store_commit (b->store, error))
    return TRUE;
fail:
  gm_store_rollback (b->store);
  return FALSE;
}

/**
 * gm_overview_update:
 * @store: a project opened for writing, outside a transaction
 * @progress: (nullable): called with the fraction drawn
 * @progress_data: its data
 * @cancellable: (nullable): checked between tiles
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success, also when the project changed meanwhile and
 *   nothing was written
 */
gboolean
gm_overview_update (GmStore         *store,
                    GmProgressFunc   progress,
                    gpointer         progress_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (GmOverviewRow));
  g_autofree char *stamp = NULL;
  GmOverviewBuild b = { store, GM_EXTENT_EMPTY, 0, rows, 0, 0, progress, progress_data, cancellable, { NULL } };
  gboolean current = FALSE, ok;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (!gm_store_in_transaction (store), FALSE);

  g_array_set_clear_func (rows, gm_overview_row_clear);
  if (!gm_overview_get_current (store, &current, error))
    return FALSE;
  if (current)
    return TRUE;
  /* One snapshot for the stamp and everything drawn. */
  if (!gm_store_exec (store, "BEGIN", error))
    return FALSE;
  stamp = gm_overview_stamp (store, error);
  ok = stamp != NULL && gm_overview_build (&b, error);
  for (guint i = 0; i < G_N_ELEMENTS (b.any); i++)
    g_clear_pointer (&b.any[i], sqlite3_finalize);
  gm_store_exec (store, "COMMIT", NULL);
  if (!ok)
    return FALSE;
  g_debug ("overview: %u images from zoom %d, %u tiles", rows->len, b.min_zoom, b.total);
  return gm_overview_write (&b, stamp, error);
}
