/* gm-tile-paintable.h — a drawn map tile as a GdkPaintable.
 *
 * GTK 4.8's cairo renderer converts a GdkMemoryTexture to a cairo surface,
 * pixel by pixel through floats, on every frame it draws it: 2–3 ms a tile,
 * over 100 ms a frame for a window of tiles, which is what panning felt like.
 * This paintable hands the tile's cairo image over as a cairo node, drawn
 * once when the tile is snapshotted and then copied as it is; the GL
 * renderer uploads such a node once as well.
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GM_TYPE_TILE_PAINTABLE (gm_tile_paintable_get_type ())
G_DECLARE_FINAL_TYPE (GmTilePaintable, gm_tile_paintable, GM, TILE_PAINTABLE, GObject)

/* Keeps a reference to @image, an ARGB32 image surface that is not drawn on
 * any more. */
GdkPaintable *gm_tile_paintable_new (cairo_surface_t *image);

G_END_DECLS
