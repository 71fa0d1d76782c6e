/* gm-map-source.c — the project's features as libshumate tiles.
 *
 * fill_tile_async() renders with gm_renderer_render_tile() in the source's
 * own worker threads; the cairo image becomes the tile's paintable as it is
 * (GmTilePaintable), and the tile is filled back on the main thread. Drawn tiles are kept in a GmTileCache, so a tile
 * seen again (panning back, zooming back) is filled at once.
 *
 * There is a worker per processor, at a lower priority: the main thread
 * takes a processor from them whenever it has a frame to draw, so panning
 * stays smooth however many tiles are being drawn (on 2 shared cores, one
 * worker fewer gave the same frames and tiles waiting half again as long).
 * A tile that scrolled away before its turn came is not drawn at all.
 */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gm-map-source.h"
#include "gm-tile-cache.h"
#include "gm-tile-paintable.h"

/* Tiles kept drawn: 256 tiles of 256×256, four screens of a large window. */
#define GM_MAP_SOURCE_CACHE_BYTES (64 * 1024 * 1024)
#define GM_MAP_SOURCE_MAX_WORKERS 4

struct _GmMapSource
{
  ShumateMapSource parent_instance;

  GmRenderer *renderer;
  GmTileCache *cache;
  GThreadPool *workers;
  guint pending_tiles;
  guint filled_tiles;
  GArray *waits;              /* ms from asking to filling, for benchmarks */
};

/* The waits kept, the latest ones. */
#define GM_MAP_SOURCE_WAITS_MAX 4096

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
  gint64 asked;
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

/* A worker: lowers its own priority once (nice is per thread on Linux),
 * then draws the tile unless it was cancelled while it waited. */
static void
render_tile_worker (gpointer data,
                    gpointer user_data)
{
  static GPrivate lowered;
  g_autoptr(GTask) task = data;
  GmMapSource *self = g_task_get_source_object (task);
  TileJob *job = g_task_get_task_data (task);
  cairo_surface_t *surface;
  GError *error = NULL;

  if (g_private_get (&lowered) == NULL)
    {
      setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 5);
      g_private_set (&lowered, GINT_TO_POINTER (1));
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  surface = gm_renderer_render_tile (self->renderer, job->zoom, job->x, job->y,
                                     job->size, g_task_get_cancellable (task), &error);
  if (surface == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  gm_tile_cache_insert (self->cache, job->zoom, job->x, job->y, job->size, surface);
  g_task_return_pointer (task, gm_tile_paintable_new (surface), g_object_unref);
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
  g_autoptr(GdkPaintable) paintable = NULL;
  GError *error = NULL;

  paintable = g_task_propagate_pointer (G_TASK (result), &error);
  if (paintable == NULL)
    {
      gm_map_source_tile_settled (self, FALSE);
      g_task_return_error (outer, error);
      return;
    }

  shumate_tile_set_paintable (job->tile, paintable);
  shumate_tile_set_fade_in (job->tile, FALSE);
  shumate_tile_set_state (job->tile, SHUMATE_STATE_DONE);
  if (self->waits->len < GM_MAP_SOURCE_WAITS_MAX)
    {
      double ms = (g_get_monotonic_time () - job->asked) / 1000.0;

      g_array_append_val (self->waits, ms);
    }
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
  GTask *inner;
  TileJob *job;
  cairo_surface_t *cached;

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, gm_map_source_fill_tile_async);

  job = g_new0 (TileJob, 1);
  job->tile = g_object_ref (tile);
  job->asked = g_get_monotonic_time ();
  job->zoom = shumate_tile_get_zoom_level (tile);
  job->x = shumate_tile_get_x (tile);
  job->y = shumate_tile_get_y (tile);
  job->size = shumate_tile_get_size (tile);

  cached = gm_tile_cache_lookup (self->cache, job->zoom, job->x, job->y, job->size);
  if (cached != NULL)
    {
      g_autoptr(GdkPaintable) paintable = gm_tile_paintable_new (cached);

      cairo_surface_destroy (cached);
      shumate_tile_set_paintable (tile, paintable);
      shumate_tile_set_fade_in (tile, FALSE);
      shumate_tile_set_state (tile, SHUMATE_STATE_DONE);
      self->filled_tiles++;
      tile_job_free (job);
      g_task_return_boolean (outer, TRUE);
      return;
    }

  shumate_tile_set_state (tile, SHUMATE_STATE_LOADING);
  self->pending_tiles++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_TILES]);

  inner = g_task_new (self, cancellable, render_tile_done, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, gm_map_source_fill_tile_async);
  g_task_set_task_data (inner, job, (GDestroyNotify) tile_job_free);
  g_thread_pool_push (self->workers, inner, NULL);
}

static gboolean
gm_map_source_fill_tile_finish (ShumateMapSource  *source,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tiles waiting for a worker hold the source (their tasks do), so none is
 * left when it is disposed: the workers just stop. */
static void
gm_map_source_dispose (GObject *object)
{
  GmMapSource *self = GM_MAP_SOURCE (object);

  if (self->workers != NULL)
    g_thread_pool_free (g_steal_pointer (&self->workers), FALSE, FALSE);

  G_OBJECT_CLASS (gm_map_source_parent_class)->dispose (object);
}

static void
gm_map_source_finalize (GObject *object)
{
  GmMapSource *self = GM_MAP_SOURCE (object);

  g_clear_object (&self->renderer);
  g_clear_pointer (&self->cache, gm_tile_cache_unref);
  g_clear_pointer (&self->waits, g_array_unref);

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
  object_class->dispose = gm_map_source_dispose;
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
  int workers = CLAMP ((int) g_get_num_processors (), 1, GM_MAP_SOURCE_MAX_WORKERS);

  self->cache = gm_tile_cache_new (GM_MAP_SOURCE_CACHE_BYTES);
  self->waits = g_array_new (FALSE, FALSE, sizeof (double));
  self->workers = g_thread_pool_new (render_tile_worker, NULL, workers, TRUE, NULL);
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

/**
 * gm_map_source_dup_tile_waits:
 * @self: a #GmMapSource
 *
 * Returns: (transfer full): how long each tile drawn waited from being asked
 *   for to being filled, in ms (of the first 4,096), for benchmarks
 */
GArray *
gm_map_source_dup_tile_waits (GmMapSource *self)
{
  GArray *copy;

  g_return_val_if_fail (GM_IS_MAP_SOURCE (self), NULL);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (double), self->waits->len);
  g_array_append_vals (copy, self->waits->data, self->waits->len);
  return copy;
}
