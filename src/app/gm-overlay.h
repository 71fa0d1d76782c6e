/* gm-overlay.h — what the layers drawn over the map share: tracing lon/lat
 * paths in the layer's coordinates, and redrawing when the map moves. */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* Adds @paths (a GPtrArray of GArray of GmLonLat, as gm_wkb_dup_paths()
 * gives) to @cr's path, each closed, in @layer's coordinates. */
void gm_overlay_trace_paths     (ShumateLayer *layer,
                                 cairo_t      *cr,
                                 GPtrArray    *paths);
/* libshumate 1.0 does not redraw custom layers when the viewport moves:
 * @layer then redraws itself. Call once, after construction. */
void gm_overlay_follow_viewport (ShumateLayer *layer);

G_END_DECLS
