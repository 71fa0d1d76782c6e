/* gm-overview-private.h — the overview images as the renderer reads them
 * (private to core). */
#pragma once

#include <cairo.h>

#include "gm-overview.h"

G_BEGIN_DECLS

/* Each image is a tile of this many pixels each way. */
#define GM_OVERVIEW_TILE 256

cairo_format_t   gm_overview_layer_format (GmOverviewLayer  layer);
/* The closest zoom of @layer kept. */
int              gm_overview_layer_max_zoom (GmOverviewLayer layer);
/* The image of a row's blob, or NULL when it is not one. */
cairo_surface_t *gm_overview_decode       (GmOverviewLayer  layer,
                                           const void      *blob,
                                           int              size);

G_END_DECLS
