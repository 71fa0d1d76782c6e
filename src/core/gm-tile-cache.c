/* gm-tile-cache.c — an LRU of drawn tiles under a byte budget. */
#include "gm-config.h"

#include "gm-tile-cache.h"

typedef struct
{
  int              zoom, x, y, size;
} GmTileKey;

typedef struct
{
  GmTileKey        key;
  cairo_surface_t *tile;
  gsize            bytes;
  GList            link;        /* in the recency list; data points here */
} GmTileEntry;

struct _GmTileCache
{
  gatomicrefcount  ref;
  GMutex           lock;
  GHashTable      *entries;     /* GmTileKey* → GmTileEntry* (owned) */
  GQueue           recent;      /* most recent at the head */
  gsize            budget;
  gsize            size;
};

static guint
gm_tile_key_hash (gconstpointer data)
{
  const GmTileKey *k = data;

  return (guint) (k->x * 73856093u ^ k->y * 19349663u ^ k->zoom * 83492791u ^ k->size);
}

static gboolean
gm_tile_key_equal (gconstpointer a,
                   gconstpointer b)
{
  const GmTileKey *ka = a, *kb = b;

  return ka->zoom == kb->zoom && ka->x == kb->x && ka->y == kb->y && ka->size == kb->size;
}

static void
gm_tile_entry_free (gpointer data)
{
  GmTileEntry *e = data;

  cairo_surface_destroy (e->tile);
  g_free (e);
}

GmTileCache *
gm_tile_cache_new (gsize budget_bytes)
{
  GmTileCache *self = g_new0 (GmTileCache, 1);

  g_atomic_ref_count_init (&self->ref);
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (gm_tile_key_hash, gm_tile_key_equal, NULL, gm_tile_entry_free);
  g_queue_init (&self->recent);
  self->budget = budget_bytes;
  return self;
}

GmTileCache *
gm_tile_cache_ref (GmTileCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
gm_tile_cache_unref (GmTileCache *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* With the lock held. */
static void
gm_tile_cache_remove_entry (GmTileCache *self,
                            GmTileEntry *e)
{
  g_queue_unlink (&self->recent, &e->link);
  self->size -= e->bytes;
  g_hash_table_remove (self->entries, &e->key);
}

void
gm_tile_cache_insert (GmTileCache     *self,
                      int              zoom,
                      int              x,
                      int              y,
                      int              size,
                      cairo_surface_t *tile)
{
  GmTileEntry *e, *old;

  g_return_if_fail (self != NULL && tile != NULL);
  g_return_if_fail (cairo_surface_get_type (tile) == CAIRO_SURFACE_TYPE_IMAGE);

  e = g_new0 (GmTileEntry, 1);
  e->key = (GmTileKey) { zoom, x, y, size };
  e->tile = cairo_surface_reference (tile);
  e->bytes = (gsize) cairo_image_surface_get_stride (tile) * cairo_image_surface_get_height (tile);
  e->link.data = e;

  g_mutex_lock (&self->lock);
  if ((old = g_hash_table_lookup (self->entries, &e->key)) != NULL)
    gm_tile_cache_remove_entry (self, old);
  g_hash_table_insert (self->entries, &e->key, e);
  g_queue_push_head_link (&self->recent, &e->link);
  self->size += e->bytes;
  while (self->size > self->budget && self->recent.tail != NULL)
    gm_tile_cache_remove_entry (self, self->recent.tail->data);
  g_mutex_unlock (&self->lock);
}

cairo_surface_t *
gm_tile_cache_lookup (GmTileCache *self,
                      int          zoom,
                      int          x,
                      int          y,
                      int          size)
{
  GmTileKey key = { zoom, x, y, size };
  cairo_surface_t *tile = NULL;
  GmTileEntry *e;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->lock);
  if ((e = g_hash_table_lookup (self->entries, &key)) != NULL)
    {
      g_queue_unlink (&self->recent, &e->link);
      g_queue_push_head_link (&self->recent, &e->link);
      tile = cairo_surface_reference (e->tile);
    }
  g_mutex_unlock (&self->lock);
  return tile;
}

void
gm_tile_cache_clear (GmTileCache *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->entries);
  g_queue_init (&self->recent);
  self->size = 0;
  g_mutex_unlock (&self->lock);
}

gsize
gm_tile_cache_get_size (GmTileCache *self)
{
  gsize size;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  size = self->size;
  g_mutex_unlock (&self->lock);
  return size;
}
