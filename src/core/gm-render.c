/* gm-render.c — draws the project's layers with cairo for any view.
 *
 * The same code draws map tiles (from libshumate's worker threads), print
 * pages and PNG exports, so what is printed is what is seen. Each layer is
 * read through its R*Tree for the view's extent only; geometry blobs are
 * decoded by SpatiaLite and projected to Web Mercator pixels here.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "gm-render-private.h"

G_DEFINE_QUARK (gm-render-error-quark, gm_render_error)

#define GM_RENDER_POOL_MAX 4

struct _GmRenderer
{
  GObject    parent_instance;
  char      *path;
  GMutex     lock;
  GPtrArray *pool;          /* idle read-only GmStore connections */
  gint       layers;        /* GmLayers, read atomically by drawing threads */
  gint       transparent;
  GHashTable *labels;       /* markup → its halo text drawn once (GmLabelImage), under lock */
  GmHotspotResult *hotspots; /* under lock */
};

G_DEFINE_TYPE (GmRenderer, gm_renderer, G_TYPE_OBJECT)

/* ---- views ------------------------------------------------------------------ */

double
gm_mercator_x (double zoom,
               double lon)
{
  return (lon + 180.0) / 360.0 * 256.0 * exp2 (zoom);
}

double
gm_mercator_y (double zoom,
               double lat)
{
  double phi = CLAMP (lat, -85.0511287798, 85.0511287798) * G_PI / 180.0;

  return (1.0 - log (tan (phi) + 1.0 / cos (phi)) / G_PI) / 2.0 * 256.0 * exp2 (zoom);
}

double
gm_mercator_lon (double zoom,
                 double x)
{
  return x / (256.0 * exp2 (zoom)) * 360.0 - 180.0;
}

double
gm_mercator_lat (double zoom,
                 double y)
{
  double n = G_PI - 2.0 * G_PI * y / (256.0 * exp2 (zoom));

  return 180.0 / G_PI * atan (sinh (n));
}

void
gm_view_init_tile (GmView *view,
                   int     zoom,
                   int     x,
                   int     y,
                   int     tile_size)
{
  g_return_if_fail (view != NULL);

  /* A tile of @tile_size pixels covers 256 world pixels at its zoom; larger
   * tiles are the same area drawn at a higher scale. */
  view->zoom = zoom;
  view->origin_x = (double) x * 256.0;
  view->origin_y = (double) y * 256.0;
  view->width = tile_size;
  view->height = tile_size;
  view->scale = tile_size / 256.0;
}

void
gm_view_init_center (GmView *view,
                     double  lon,
                     double  lat,
                     double  zoom,
                     int     width,
                     int     height)
{
  g_return_if_fail (view != NULL);

  view->zoom = zoom;
  view->scale = 1.0;
  view->width = width;
  view->height = height;
  view->origin_x = gm_mercator_x (zoom, lon) - width / 2.0;
  view->origin_y = gm_mercator_y (zoom, lat) - height / 2.0;
}

void
gm_view_get_extent (const GmView *view,
                    GmExtent     *out)
{
  double w = view->width / view->scale;
  double h = view->height / view->scale;

  g_return_if_fail (view != NULL && out != NULL);

  out->min_lon = gm_mercator_lon (view->zoom, view->origin_x);
  out->max_lon = gm_mercator_lon (view->zoom, view->origin_x + w);
  out->max_lat = gm_mercator_lat (view->zoom, view->origin_y);
  out->min_lat = gm_mercator_lat (view->zoom, view->origin_y + h);
}

double
gm_view_zoom_for_extent (const GmExtent *extent,
                         int             width,
                         int             height,
                         int             margin)
{
  double dx, dy, zx, zy;

  g_return_val_if_fail (extent != NULL, 0.0);

  if (gm_extent_is_empty (extent))
    return 2.0;
  dx = gm_mercator_x (0, extent->max_lon) - gm_mercator_x (0, extent->min_lon);
  dy = gm_mercator_y (0, extent->min_lat) - gm_mercator_y (0, extent->max_lat);
  zx = dx > 0 ? log2 (MAX (width - 2 * margin, 1) / dx) : 20.0;
  zy = dy > 0 ? log2 (MAX (height - 2 * margin, 1) / dy) : 20.0;
  return CLAMP (MIN (zx, zy), 0.0, 20.0);
}

/* ---- the renderer ---------------------------------------------------------------- */

static void
gm_renderer_finalize (GObject *object)
{
  GmRenderer *self = GM_RENDERER (object);

  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_clear_pointer (&self->hotspots, gm_hotspot_result_unref);
  g_mutex_clear (&self->lock);
  g_free (self->path);

  G_OBJECT_CLASS (gm_renderer_parent_class)->finalize (object);
}

static void
gm_renderer_class_init (GmRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gm_renderer_finalize;
}

static void
gm_renderer_init (GmRenderer *self)
{
  g_mutex_init (&self->lock);
  self->pool = g_ptr_array_new_with_free_func (g_object_unref);
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, gm_label_image_free);
  self->layers = GM_LAYER_ALL;
}

/**
 * gm_renderer_new:
 * @project_path: the project to draw
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a renderer, or %NULL when the project cannot be
 *   opened
 */
GmRenderer *
gm_renderer_new (const char  *project_path,
                 GError     **error)
{
  g_autoptr(GmRenderer) self = NULL;
  GmStore *store;

  g_return_val_if_fail (project_path != NULL, NULL);

  store = gm_store_open (project_path, GM_STORE_OPEN_READONLY, error);
  if (store == NULL)
    return NULL;

  self = g_object_new (GM_TYPE_RENDERER, NULL);
  self->path = g_strdup (project_path);
  g_ptr_array_add (self->pool, store);
  return g_steal_pointer (&self);
}

GmLayers
gm_renderer_get_layers (GmRenderer *self)
{
  g_return_val_if_fail (GM_IS_RENDERER (self), 0);
  return (GmLayers) g_atomic_int_get (&self->layers);
}

void
gm_renderer_set_layers (GmRenderer *self,
                        GmLayers    layers)
{
  g_return_if_fail (GM_IS_RENDERER (self));
  g_atomic_int_set (&self->layers, (gint) layers);
}

void
gm_renderer_set_transparent_basemap (GmRenderer *self,
                                     gboolean    transparent)
{
  g_return_if_fail (GM_IS_RENDERER (self));
  g_atomic_int_set (&self->transparent, transparent ? 1 : 0);
}

void
gm_renderer_set_hotspots (GmRenderer      *self,
                          GmHotspotResult *result)
{
  GmHotspotResult *old;

  g_return_if_fail (GM_IS_RENDERER (self));

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->hotspots);
  self->hotspots = result != NULL ? gm_hotspot_result_ref (result) : NULL;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&old, gm_hotspot_result_unref);
}

GmHotspotResult *
gm_renderer_dup_hotspots (GmRenderer *self)
{
  GmHotspotResult *result;

  g_return_val_if_fail (GM_IS_RENDERER (self), NULL);

  g_mutex_lock (&self->lock);
  result = self->hotspots != NULL ? gm_hotspot_result_ref (self->hotspots) : NULL;
  g_mutex_unlock (&self->lock);
  return result;
}

/* A read-only connection of the calling thread's own, for one drawing. */
static GmStore *
gm_renderer_borrow (GmRenderer  *self,
                    GError     **error)
{
  GmStore *store = NULL;

  g_mutex_lock (&self->lock);
  if (self->pool->len > 0)
    store = g_ptr_array_steal_index_fast (self->pool, self->pool->len - 1);
  g_mutex_unlock (&self->lock);

  if (store == NULL)
    store = gm_store_open (self->path, GM_STORE_OPEN_READONLY, error);
  return store;
}

static void
gm_renderer_give_back (GmRenderer *self,
                       GmStore    *store)
{
  g_mutex_lock (&self->lock);
  if (self->pool->len < GM_RENDER_POOL_MAX)
    g_ptr_array_add (self->pool, g_steal_pointer (&store));
  g_mutex_unlock (&self->lock);
  g_clear_object (&store);
}

/**
 * gm_renderer_draw:
 * @self: a #GmRenderer
 * @cr: where to draw; its current transformation maps view pixels
 * @view: what part of the world, at what zoom
 * @cancellable: (nullable): checked between layers
 * @error: return location for a #GError
 *
 * Draws the enabled layers of the project for @view. Safe to call from
 * several threads at once.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_renderer_draw (GmRenderer    *self,
                  cairo_t       *cr,
                  const GmView  *view,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GmDrawOptions options = { 0 };

  g_return_val_if_fail (GM_IS_RENDERER (self), FALSE);

  options.layers = gm_renderer_get_layers (self);
  return gm_renderer_draw_with (self, cr, view, &options, cancellable, error);
}

/* Room the caller keeps for its own drawing (a print page's scale bar and
 * north arrow), where no label may go. */
static GArray *
gm_placed_new (const GmDrawOptions *options)
{
  GArray *placed = g_array_new (FALSE, FALSE, sizeof (GmLabelBox));

  for (guint i = 0; i < options->n_keep_clear; i++)
    {
      const double *r = options->keep_clear + 4 * i;
      GmLabelBox box = { r[0] + r[2] / 2, r[1] + r[3] / 2, r[2] / 2, r[3] / 2, 1.0, 0.0 };

      g_array_append_val (placed, box);
    }
  return placed;
}

/**
 * gm_renderer_draw_with:
 * @self: a #GmRenderer
 * @cr: where to draw; its current transformation maps view pixels
 * @view: what part of the world, at what zoom
 * @options: the layers and the print settings of this drawing
 * @cancellable: (nullable): checked between layers
 * @error: return location for a #GError
 *
 * Draws @options' layers for @view; the renderer's own layer and basemap
 * settings are not used. Safe to call from several threads at once.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_renderer_draw_with (GmRenderer          *self,
                       cairo_t             *cr,
                       const GmView        *view,
                       const GmDrawOptions *options,
                       GCancellable        *cancellable,
                       GError             **error)
{
  GmDrawContext ctx = { 0 };
  GmStore *store;
  gboolean ok;

  g_return_val_if_fail (GM_IS_RENDERER (self), FALSE);
  g_return_val_if_fail (cr != NULL && view != NULL && options != NULL, FALSE);

  store = gm_renderer_borrow (self, error);
  if (store == NULL)
    return FALSE;

  ctx.cr = cr;
  ctx.view = view;
  ctx.store = store;
  ctx.layers = options->layers;
  ctx.transparent = g_atomic_int_get (&self->transparent) != 0;
  ctx.cancellable = cancellable;
  ctx.labels = self->labels;
  ctx.labels_lock = &self->lock;
  ctx.focus_grid = options->focus_grid;
  ctx.print = options->print;
  ctx.placed = gm_placed_new (options);
  ctx.hotspots = gm_renderer_dup_hotspots (self);

  cairo_save (cr);
  cairo_scale (cr, view->scale, view->scale);
  ok = gm_draw_layers (&ctx, error);
  cairo_restore (cr);

  g_array_unref (ctx.placed);
  g_clear_pointer (&ctx.hotspots, gm_hotspot_result_unref);
  gm_renderer_give_back (self, store);
  return ok;
}

cairo_surface_t *
gm_renderer_render_tile (GmRenderer   *self,
                         int           zoom,
                         int           x,
                         int           y,
                         int           tile_size,
                         GCancellable *cancellable,
                         GError      **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  GmView view;
  gboolean ok;

  g_return_val_if_fail (GM_IS_RENDERER (self), NULL);
  g_return_val_if_fail (tile_size > 0, NULL);

  gm_view_init_tile (&view, zoom, x, y, tile_size);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, tile_size, tile_size);
  cr = cairo_create (surface);
  ok = gm_renderer_draw (self, cr, &view, cancellable, error);
  cairo_destroy (cr);
  if (!ok)
    g_clear_pointer (&surface, cairo_surface_destroy);
  else
    cairo_surface_flush (surface);
  return surface;
}
