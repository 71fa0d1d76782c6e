/* gm-tile-cache.h — recently drawn map tiles, kept within a memory budget.
 *
 * A tile drawn once is kept (as the cairo image the renderer made) until
 * the budget needs its room: least recently used first. The cache is safe
 * to use from several threads; the images it hands out are shared and must
 * not be drawn on. A cache belongs to one renderer's view of one project:
 * when the data or the layers change, make a new one (or clear it).
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GmTileCache GmTileCache;

GmTileCache     *gm_tile_cache_new    (gsize        budget_bytes);
GmTileCache     *gm_tile_cache_ref    (GmTileCache *self);
void             gm_tile_cache_unref  (GmTileCache *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmTileCache, gm_tile_cache_unref)

/* Keeps a reference to @tile (an image surface). */
void             gm_tile_cache_insert (GmTileCache     *self,
                                       int              zoom,
                                       int              x,
                                       int              y,
                                       int              size,
                                       cairo_surface_t *tile);
/* (transfer full): the tile, or NULL when it is not kept. */
cairo_surface_t *gm_tile_cache_lookup (GmTileCache     *self,
                                       int              zoom,
                                       int              x,
                                       int              y,
                                       int              size);
void             gm_tile_cache_clear  (GmTileCache     *self);
/* Bytes of the tiles kept. */
gsize            gm_tile_cache_get_size (GmTileCache   *self);

G_END_DECLS
