/* gm-geo.c — a local metric projection through PROJ. */
#include "gm-config.h"

#include <stdlib.h>
#include <proj.h>
#include "gm-spatialite.h"
#include <glib/gi18n-lib.h>

#include "gm-geo.h"
#include "gm-store.h"

struct _GmLocalProjection
{
  PJ_CONTEXT *ctx;
  PJ         *pj;
};

/**
 * gm_local_projection_new:
 * @lon0: longitude of the centre, degrees
 * @lat0: latitude of the centre, degrees
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a projection from lon/lat (in that order) to
 *   metres on a Lambert azimuthal equal-area plane centred on (@lon0, @lat0)
 */
GmLocalProjection *
gm_local_projection_new (double   lon0,
                         double   lat0,
                         GError **error)
{
  g_autofree char *laea = g_strdup_printf ("+proj=laea +lat_0=%.8f +lon_0=%.8f +ellps=WGS84 +units=m +no_defs +type=crs",
                                           lat0, lon0);
  GmLocalProjection *self = g_new0 (GmLocalProjection, 1);
  PJ *raw;

  self->ctx = proj_context_create ();
  raw = proj_create_crs_to_crs (self->ctx, "EPSG:4326", laea, NULL);
  if (raw != NULL)
    {
      /* EPSG:4326 is lat/lon by the book; we hold lon/lat. */
      self->pj = proj_normalize_for_visualization (self->ctx, raw);
      proj_destroy (raw);
    }
  if (self->pj == NULL)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Cannot set up a metric projection: %s"),
                   proj_context_errno_string (self->ctx, proj_context_errno (self->ctx)));
      gm_local_projection_free (self);
      return NULL;
    }
  return self;
}

void
gm_local_projection_free (GmLocalProjection *self)
{
  if (self == NULL)
    return;
  if (self->pj != NULL)
    proj_destroy (self->pj);
  proj_context_destroy (self->ctx);
  g_free (self);
}

void
gm_local_projection_points (GmLocalProjection *self,
                            double            *x,
                            double            *y,
                            gsize              n,
                            gboolean           inverse)
{
  g_return_if_fail (self != NULL);

  proj_trans_generic (self->pj, inverse ? PJ_INV : PJ_FWD,
                      x, sizeof (double), n, y, sizeof (double), n,
                      NULL, 0, 0, NULL, 0, 0);
}

typedef struct
{
  GmLocalProjection *self;
  gboolean           inverse;
} GmTransformData;

static int
gm_transform_xy (double *x,
                 double *y,
                 void   *user_data)
{
  GmTransformData *data = user_data;

  gm_local_projection_points (data->self, x, y, 1, data->inverse);
  return 1;
}

GEOSGeometry *
gm_local_projection_geos (GmLocalProjection   *self,
                          GEOSContextHandle_t  ctx,
                          const GEOSGeometry  *geom,
                          gboolean             inverse)
{
  GmTransformData data = { self, inverse };

  g_return_val_if_fail (self != NULL, NULL);

  return GEOSGeom_transformXY_r (ctx, geom, gm_transform_xy, &data);
}

gboolean
gm_geos_bind_blob (sqlite3_stmt        *stmt,
                   int                  index,
                   GEOSContextHandle_t  ctx,
                   const GEOSGeometry  *geom,
                   int                  gaia_type)
{
  size_t size = 0;
  unsigned char *wkb = GEOSGeomToWKB_buf_r (ctx, geom, &size);
  unsigned char *blob = NULL;
  int blob_size = 0;
  gaiaGeomCollPtr gaia;

  if (wkb == NULL)
    return FALSE;
  gaia = gaiaFromWkb (wkb, size);
  GEOSFree_r (ctx, wkb);
  if (gaia == NULL)
    return FALSE;
  gaia->Srid = 4326;
  gaia->DeclaredType = gaia_type;
  gaiaToSpatiaLiteBlobWkb (gaia, &blob, &blob_size);
  gaiaFreeGeomColl (gaia);
  if (blob == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, index, blob, blob_size, free);
  return TRUE;
}

GEOSGeometry *
gm_geos_from_column (sqlite3_stmt        *stmt,
                     int                  column,
                     GEOSContextHandle_t  ctx)
{
  gaiaGeomCollPtr gaia;
  unsigned char *wkb = NULL;
  int size = 0;
  GEOSGeometry *geom;

  if (sqlite3_column_type (stmt, column) != SQLITE_BLOB)
    return NULL;
  gaia = gaiaFromSpatiaLiteBlobWkb (sqlite3_column_blob (stmt, column),
                                    sqlite3_column_bytes (stmt, column));
  if (gaia == NULL)
    return NULL;
  gaiaToWkb (gaia, &wkb, &size);
  gaiaFreeGeomColl (gaia);
  if (wkb == NULL)
    return NULL;
  geom = GEOSGeomFromWKB_buf_r (ctx, wkb, size);
  free (wkb);
  return geom;
}
