/* gm-export.h — grids out to the GIS files other tools read.
 *
 * The format follows the file name: .gpkg (GeoPackage), .shp (Shapefile,
 * UTF-8 text declared in a .cpg file so Chinese names survive) or .geojson
 * / .json (GeoJSON). Coordinates are EPSG:4326, longitude first. Fields:
 * code, name, community, kind, worker, phone (the grid worker's, which is
 * posted publicly), valid_from, buildings, households.
 */
#pragma once

#include "gm-store.h"

G_BEGIN_DECLS

#define GM_EXPORT_ERROR (gm_export_error_quark ())

typedef enum
{
  GM_EXPORT_ERROR_FORMAT,   /* the file name says no format we write */
  GM_EXPORT_ERROR_EXISTS,   /* the file is there and may not be replaced */
  GM_EXPORT_ERROR_EMPTY,    /* nothing to write */
  GM_EXPORT_ERROR_WRITE,    /* GDAL could not write it */
} GmExportError;

GQuark   gm_export_error_quark (void);

/* Whether @path names a format gm_export_grids() writes (.gpkg, .shp,
 * .geojson); FALSE with GM_EXPORT_ERROR_FORMAT when not. */
gboolean gm_export_check_path  (const char  *path,
                                GError     **error);

/* Writes the current grids (@plan_id 0) or a plan's grids to @path; an
 * existing file is replaced only when @replace is set. Returns the number
 * of grids written, or -1 with @error set (and no file left behind). */
gint64   gm_export_grids       (GmStore     *store,
                                gint64       plan_id,
                                const char  *path,
                                gboolean     replace,
                                GError     **error);

G_END_DECLS
