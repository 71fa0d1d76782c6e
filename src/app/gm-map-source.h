/* gm-map-source.h — the project's features as libshumate tiles.
 *
 * A ShumateMapSource whose tiles are drawn by core's GmRenderer in a worker
 * thread, so the map widget composes them like any other raster source.
 */
#pragma once

#include <shumate/shumate.h>

#include "gm-render.h"

G_BEGIN_DECLS

#define GM_MAP_SOURCE_MIN_ZOOM 10
#define GM_MAP_SOURCE_MAX_ZOOM 20

#define GM_TYPE_MAP_SOURCE (gm_map_source_get_type ())
G_DECLARE_FINAL_TYPE (GmMapSource, gm_map_source, GM, MAP_SOURCE, ShumateMapSource)

GmMapSource *gm_map_source_new               (GmRenderer  *renderer);
GmRenderer  *gm_map_source_get_renderer      (GmMapSource *self);
/* Tiles asked for and not yet filled (or failed, or cancelled). */
guint        gm_map_source_get_pending_tiles (GmMapSource *self);
/* Tiles filled since the source was made. */
guint        gm_map_source_get_filled_tiles  (GmMapSource *self);
GArray      *gm_map_source_dup_tile_waits    (GmMapSource *self);

G_END_DECLS
