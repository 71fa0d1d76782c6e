/* gm-autocleanups.h — g_auto/g_autoptr support for the C libraries core wraps.
 *
 * SQLite, GDAL/OGR and GEOS handles get cleanup functions here, once, so that
 * every module can hold them with g_autoptr()/g_auto() and never leak on an
 * early error return.
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <geos_c.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static inline void
gm_gdal_dataset_close (GDALDatasetH ds)
{
  if (ds != NULL)
    GDALClose (ds);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (GDALDatasetH, gm_gdal_dataset_close, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRFeatureH, OGR_F_Destroy, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRGeometryH, OGR_G_DestroyGeometry, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRSpatialReferenceH, OSRRelease, NULL)
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OGRCoordinateTransformationH, OCTDestroyCoordinateTransformation, NULL)

/* GEOS geometries are freed through the context that made them, so they are
 * wrapped with their context. */
typedef struct
{
  GEOSContextHandle_t ctx;
  GEOSGeometry *geom;
} GmGeos;

static inline void
gm_geos_clear (GmGeos *g)
{
  if (g->geom != NULL)
    GEOSGeom_destroy_r (g->ctx, g->geom);
  g->geom = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmGeos, gm_geos_clear)

static inline void
gm_geos_context_finish (GEOSContextHandle_t ctx)
{
  if (ctx != NULL)
    GEOS_finish_r (ctx);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (GEOSContextHandle_t, gm_geos_context_finish, NULL)

G_END_DECLS
