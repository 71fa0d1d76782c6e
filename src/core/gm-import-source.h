/* gm-import-source.h — opening sources with GDAL (private to core). */
#pragma once

#include "gm-autocleanups.h"
#include "gm-import.h"

G_BEGIN_DECLS

/* Collects GDAL's error messages while it is pushed (per thread). */
typedef struct
{
  GString *messages;
  char    *last_error;
} GmGdalTrap;

void        gm_gdal_trap_push    (GmGdalTrap *trap);
void        gm_gdal_trap_pop     (GmGdalTrap *trap);
const char *gm_gdal_trap_message (GmGdalTrap *trap);

/* Opens @path read-only. @detected_encoding receives the encoding the text
 * is decoded from when it was given or detected (NULL when declared by the
 * file itself). */
GDALDatasetH gm_source_open      (const char   *path,
                                  const char   *encoding,
                                  char        **detected_encoding,
                                  GError      **error);
OGRLayerH    gm_source_get_layer (GDALDatasetH  ds,
                                  const char   *path,
                                  const char   *name,
                                  GError      **error);
/* "EPSG:25833", or NULL when the CRS has no authority code. */
char        *gm_srs_dup_code     (OGRSpatialReferenceH srs);

G_END_DECLS
