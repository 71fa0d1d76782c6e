/* gm-geo.h — a local metric projection for lengths, areas and distances.
 *
 * Geometry is stored in EPSG:4326; work that needs metres (Voronoi cells,
 * balancing by distance, buffers) runs in a Lambert azimuthal equal-area
 * projection centred on the data, through PROJ.
 */
#pragma once

#include <glib.h>
#include <geos_c.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _GmLocalProjection GmLocalProjection;

GmLocalProjection *gm_local_projection_new     (double              lon0,
                                                double              lat0,
                                                GError            **error);
void               gm_local_projection_free    (GmLocalProjection  *self);
/* In place: lon/lat degrees → metres (forward) or back (inverse). */
void               gm_local_projection_points  (GmLocalProjection  *self,
                                                double             *x,
                                                double             *y,
                                                gsize               n,
                                                gboolean            inverse);
/* A new geometry with every coordinate projected. */
GEOSGeometry      *gm_local_projection_geos    (GmLocalProjection   *self,
                                                GEOSContextHandle_t  ctx,
                                                const GEOSGeometry  *geom,
                                                gboolean             inverse);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmLocalProjection, gm_local_projection_free)

/* Binds a GEOS geometry (EPSG:4326) as a SpatiaLite blob of @gaia_type
 * (GAIA_POINT, GAIA_MULTIPOLYGON, …). FALSE when it cannot be encoded. */
gboolean gm_geos_bind_blob (sqlite3_stmt        *stmt,
                            int                  index,
                            GEOSContextHandle_t  ctx,
                            const GEOSGeometry  *geom,
                            int                  gaia_type);
/* A GEOS geometry from a SpatiaLite blob column; NULL for NULL. */
GEOSGeometry *gm_geos_from_column (sqlite3_stmt        *stmt,
                                   int                  column,
                                   GEOSContextHandle_t  ctx);

G_END_DECLS
