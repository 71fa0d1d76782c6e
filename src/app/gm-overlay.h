/* gm-overlay.h — what the layers drawn over the map share: tracing
 * lon/lat outlines in widget coordinates, and redrawing when the view
 * moves (libshumate 1.0 does not redraw custom layers by itself). */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* Adds every path of @paths (GArray of GmLonLat, see gm-wkb.h) to @cr as a
 * closed sub-path, in @layer's widget coordinates. */
void gm_overlay_trace_paths      (ShumateLayer *layer,
                                  cairo_t      *cr,
                                  GPtrArray    *paths);
/* Calls @redraw (swapped: with @layer) whenever the viewport moves, turns
 * or zooms, for as long as @layer lives. */
void gm_overlay_follow_viewport  (ShumateLayer *layer,
                                  GCallback     redraw);

G_END_DECLS
