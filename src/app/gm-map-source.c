/* gm-map-source.c — the project's features as libshumate tiles.
 *
 * fill_tile_async() runs gm_renderer_render_tile() in a GTask thread; the
 * cairo image becomes a GdkMemoryTexture without a copy (the texture's bytes
 * keep the surface alive), and the tile is filled back on the main thread.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-map-source.h"

struct _GmMapSource
{
  ShumateMapSource parent_instance;

  GmRenderer *renderer;
  guint pending_tiles;
  guint filled_tiles;
};

G_DEFINE_FINAL_TYPE (GmMapSource, gm_map_source, SHUMATE_TYPE_MAP_SOURCE)

enum {
  PROP_0,
  PROP_RENDERER,
  PROP_PENDING_TILES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  ShumateTile *tile;
  int zoom;
  int x;
  int y;
  int size;
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_clear_object (&job->tile);
  g_free (job);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);

  /* Cairo's ARGB32 is premultiplied, in native-endian 32-bit words. */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  const GdkMemoryFormat format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
#else
  const GdkMemoryFormat format = GDK_MEMORY_A8R8G8B8_PREMULTIPLIED;
#endif

  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy,
                                      cairo_surface_reference (surface));
  return gdk_memory_texture_new (width, height, format, bytes, stride);
}

static void
render_tile_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GmMapSource *self = source_object;
  TileJob *job = task_data;
  cairo_surface_t *surface;
  GError *error = NULL;

  surface = gm_renderer_render_tile (self->renderer, job->zoom, job->x, job->y,
                                     job->size, cancellable, &error);
  if (surface == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, texture_from_surface (surface), g_object_unref);
  cairo_surface_destroy (surface);
}

static void
gm_map_source_tile_settled (GmMapSource *self,
                            gboolean     filled)
{
  g_assert (self->pending_tiles > 0);

  self->pending_tiles--;
  if (filled)
    self->filled_tiles++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_TILES]);
}

/* Back on the main thread: fill the tile, then answer the caller. */
static void
render_tile_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  GmMapSource *self = GM_MAP_SOURCE (object);
  TileJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = NULL;
  GError *error = NULL;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (texture == NULL)
    {
      gm_map_source_tile_settled (self, FALSE);
      g_task_return_error (outer, error);
      return;
    }

  shumate_tile_set_paintable (job->tile, GDK_PAINTABLE (texture));
  shumate_tile_set_fade_in (job->tile, FALSE);
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  gm_map_source_tile_settled (self, TRUE);
  g_task_return_boolean (outer, TRUE);
}

static void
gm_map_source_fill_tile_async (ShumateMapSource    *source,
                               ShumateTile         *tile,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GmMapSource *self = GM_MAP_SOURCE (source);
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  TileJob *job;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, gm_map_source_fill_tile_async);

  job = g_new0 (TileJob, 1);
  job->tile = g_object_ref (tile);
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->size = shumate_tile_get_size (tile);

  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);
  self->pending_tiles++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_TILES]);

  inner = g_task_new (self, cancellable, render_tile_done, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, gm_map_source_fill_tile_async);
  g_task_set_task_data (inner, job, (GDestroyNotify) tile_job_free);
  g_task_set_return_on_cancel (inner, FALSE);
  g_task_run_in_thread (inner, render_tile_thread);
}

static gboolean
gm_map_source_fill_tile_finish (ShumateMapSource  *source,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
gm_map_source_finalize (GObject *object)
{
  GmMapSource *self = GM_MAP_SOURCE (object);

  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (gm_map_source_parent_class)->finalize (object);
}

static void
gm_map_source_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GmMapSource *self = GM_MAP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      g_value_set_object (value, self->renderer);
      break;
    case PROP_PENDING_TILES:
      g_value_set_uint (value, self->pending_tiles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gm_map_source_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GmMapSource *self = GM_MAP_SOURCE (object);

  switch (prop_id)
    {
    case PROP_RENDERER:
      self->renderer = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void gm_map_source_constructed (GObject *object);

static void
gm_map_source_class_init (GmMapSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateMapSourceClass *source_class = SHUMATE_MAP_SOURCE_CLASS (klass);

  object_class->constructed = gm_map_source_constructed;
  object_class->finalize = gm_map_source_finalize;
  object_class->get_property = gm_map_source_get_property;
  object_class->set_property = gm_map_source_set_property;

  source_class->fill_tile_async = gm_map_source_fill_tile_async;
  source_class->fill_tile_finish = gm_map_source_fill_tile_finish;

  properties[PROP_RENDERER] =
    g_param_spec_object ("renderer", NULL, NULL, GM_TYPE_RENDERER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_TILES] =
    g_param_spec_uint ("pending-tiles", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gm_map_source_init (GmMapSource *self)
{
}

/* ShumateMapSource's properties are construct properties: set them after
 * construction, or their defaults overwrite what init would set. */
static void
gm_map_source_constructed (GObject *object)
{
  ShumateMapSource *source = SHUMATE_MAP_SOURCE (object);

  G_OBJECT_CLASS (gm_map_source_parent_class)->constructed (object);

  shumate_map_source_set_id (source, "gridmap-project");
  shumate_map_source_set_name (source, _("Project map"));
  /* The data's credit is the project's own (gm_window_reload_map() sets
   * it from the project's "attribution"): a project of the city's survey
   * data is not OpenStreetMap's. */
  shumate_map_source_set_min_zoom_level (source, GM_MAP_SOURCE_MIN_ZOOM);
  shumate_map_source_set_max_zoom_level (source, GM_MAP_SOURCE_MAX_ZOOM);
  shumate_map_source_set_tile_size (source, 256);
  shumate_map_source_set_projection (source, SHUMATE_MAP_PROJECTION_MERCATOR);
}

GmMapSource *
gm_map_source_new (GmRenderer *renderer)
{
  g_return_val_if_fail (GM_IS_RENDERER (renderer), NULL);

  return g_object_new (GM_TYPE_MAP_SOURCE, "renderer", renderer, NULL);
}

GmRenderer *
gm_map_source_get_renderer (GmMapSource *self)
{
  g_return_val_if_fail (GM_IS_MAP_SOURCE (self), NULL);

  return self->renderer;
}

guint
gm_map_source_get_pending_tiles (GmMapSource *self)
{
  g_return_val_if_fail (GM_IS_MAP_SOURCE (self), 0);

  return self->pending_tiles;
}

guint
gm_map_source_get_filled_tiles (GmMapSource *self)
{
  g_return_val_if_fail (GM_IS_MAP_SOURCE (self), 0);

  return self->filled_tiles;
}
