/* gm-wkb.h — the outlines in a WKB geometry, for overlays.
 *
 * Overlays only need the rings of a polygon and the paths of a line as
 * lon/lat arrays; this reads OGC WKB (2D, ISO Z/M and EWKB flags).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GM_WKB_ERROR (gm_wkb_error_quark ())

typedef enum
{
  GM_WKB_ERROR_INVALID,
} GmWkbError;

GQuark gm_wkb_error_quark (void);

typedef struct
{
  double lon;
  double lat;
} GmLonLat;

/* A GPtrArray of GArray of GmLonLat: every ring of every polygon and every
 * line string; a point becomes a one-point path. */
GPtrArray *gm_wkb_dup_paths (GBytes  *wkb,
                             GError **error);

G_END_DECLS
