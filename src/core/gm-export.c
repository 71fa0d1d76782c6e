/* gm-export.c — grids written through GDAL/OGR. */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cpl_conv.h>
#include <cpl_error.h>

#include "gm-autocleanups.h"
#include "gm-export.h"
#include "gm-store-private.h"

G_DEFINE_QUARK (gm-export-error-quark, gm_export_error)

typedef struct
{
  const char *suffix;
  const char *driver;
  const char *layer_options[2];
} GmExportFormat;

static const GmExportFormat formats[] = {
  { ".gpkg", "GPKG", { NULL } },
  /* ENCODING writes the .cpg that tells every reader the text is UTF-8. */
  { ".shp", "ESRI Shapefile", { "ENCODING=UTF-8", NULL } },
  { ".geojson", "GeoJSON", { "RFC7946=YES", NULL } },
  { ".json", "GeoJSON", { "RFC7946=YES", NULL } },
};

typedef struct
{
  const char   *name;
  OGRFieldType  type;
  int           width;
} GmExportField;

/* Shapefile field names are at most 10 characters. */
static const GmExportField fields[] = {
  { "code", OFTString, 32 }, { "name", OFTString, 80 }, { "community", OFTString, 32 },
  { "kind", OFTString, 16 }, { "worker", OFTString, 40 }, { "phone", OFTString, 20 },
  { "valid_from", OFTString, 10 }, { "buildings", OFTInteger, 9 }, { "households", OFTInteger, 9 },
};

/* The same columns for both sources, boundary last, as WKB. */
static const char current_sql[] =
  "SELECT g.code, g.name, c.code, g.kind, g.worker_name, g.worker_phone, g.valid_from,"
  "  (SELECT count(*) FROM building b WHERE b.grid_id = g.id),"
  "  (SELECT coalesce(sum(households), 0) FROM building b WHERE b.grid_id = g.id), AsBinary(g.boundary)"
  " FROM grid g LEFT JOIN community c ON c.id = g.community_id"
  " WHERE g.valid_to IS NULL AND ?1 = 0 ORDER BY g.code";
static const char plan_sql[] =
  "SELECT pg.code, pg.name, c.code, 'basic', pg.worker_name, pg.worker_phone, NULL,"
  "  pg.buildings, pg.households, AsBinary(pg.boundary)"
  " FROM plan_grid pg JOIN plan p ON p.id = pg.plan_id LEFT JOIN community c ON c.id = p.community_id"
  " WHERE pg.plan_id = ?1 ORDER BY pg.seq";

static const GmExportFormat *
gm_export_format_for (const char  *path,
                      GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++)
    if (g_str_has_suffix (lower, formats[k].suffix))
      return &formats[k];
  g_set_error (error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_FORMAT,
               _("Cannot tell which format to write “%s” in: name it .gpkg, .shp or .geojson"), path);
  return NULL;
}

gboolean
gm_export_check_path (const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  return gm_export_format_for (path, error) != NULL;
}

static void
gm_export_set_gdal_error (GError     **error,
                          const char  *path,
                          const char  *what)
{
  const char *message = CPLGetLastErrorMsg ();

  g_set_error (error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_WRITE,
               /* Translators: "Cannot write “FILE” (creating the layer): GDAL's message" */
               _("Cannot write “%s” (%s): %s"), path, what,
               message != NULL && *message != '\0' ? message : _("unknown error"));
}

static OGRLayerH
gm_export_create_layer (GDALDatasetH           ds,
                        const GmExportFormat  *format,
                        const char            *path,
                        GError               **error)
{
  g_auto(OGRSpatialReferenceH) srs = OSRNewSpatialReference (NULL);
  OGRLayerH layer;

  OSRImportFromEPSG (srs, 4326);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  layer = GDALDatasetCreateLayer (ds, "grids", srs, wkbMultiPolygon, (char **) format->layer_options);
  for (guint k = 0; layer != NULL && k < G_N_ELEMENTS (fields); k++)
    {
      OGRFieldDefnH defn = OGR_Fld_Create (fields[k].name, fields[k].type);
      OGRErr err;

      OGR_Fld_SetWidth (defn, fields[k].width);
      err = OGR_L_CreateField (layer, defn, TRUE);
      OGR_Fld_Destroy (defn);
      if (err != OGRERR_NONE)
        layer = NULL;
    }
  if (layer == NULL)
    gm_export_set_gdal_error (error, path, _("creating the layer"));
  return layer;
}

static gboolean
gm_export_feature (OGRLayerH     layer,
                   sqlite3_stmt *stmt)
{
  g_auto(OGRFeatureH) feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));
  OGRGeometryH geometry = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (fields); k++)
    {
      if (sqlite3_column_type (stmt, k) == SQLITE_NULL)
        continue;
      if (fields[k].type == OFTInteger)
        OGR_F_SetFieldInteger (feature, k, sqlite3_column_int (stmt, k));
      else
        OGR_F_SetFieldString (feature, k, (const char *) sqlite3_column_text (stmt, k));
    }
  if (sqlite3_column_type (stmt, 9) == SQLITE_BLOB
      && OGR_G_CreateFromWkb (sqlite3_column_blob (stmt, 9), NULL, &geometry,
                              sqlite3_column_bytes (stmt, 9)) == OGRERR_NONE)
    OGR_F_SetGeometryDirectly (feature, OGR_G_ForceToMultiPolygon (geometry));
  return OGR_L_CreateFeature (layer, feature) == OGRERR_NONE;
}

static gboolean
gm_export_plan_exists (GmStore  *store,
                       gint64    plan_id,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, "SELECT 1 FROM plan WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_set_error (error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_EMPTY,
               _("The project has no plan %lld"), (long long) plan_id);
  return FALSE;
}

static gint64
gm_export_write (GmStore               *store,
                 gint64                 plan_id,
                 GDALDatasetH           ds,
                 const GmExportFormat  *format,
                 const char            *path,
                 GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, plan_id > 0 ? plan_sql : current_sql, error);
  OGRLayerH layer;
  gint64 written = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  if (plan_id > 0 && !gm_export_plan_exists (store, plan_id, error))
    return -1;
  if ((layer = gm_export_create_layer (ds, format, path, error)) == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (GDALDatasetStartTransaction (ds, FALSE) != OGRERR_NONE)
    CPLErrorReset ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!gm_export_feature (layer, stmt))
        {
          gm_export_set_gdal_error (error, path, _("writing a grid"));
          return -1;
        }
      written++;
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the grids"));
      return -1;
    }
  GDALDatasetCommitTransaction (ds);
  if (written == 0)
    g_set_error (error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_EMPTY,
                 plan_id > 0 ? _("Plan %lld has no grids to export") : _("The project has no current grids to export"),
                 (long long) plan_id);
  return written > 0 ? written : -1;
}

/**
 * gm_export_grids:
 * @store: the project
 * @plan_id: a plan whose grids to write, or 0 for the current grids
 * @path: the file to write; its suffix chooses the format
 * @replace: whether an existing file may be replaced
 * @error: return location for a #GError
 *
 * Returns: the number of grids written, or -1 with @error set
 */
gint64
gm_export_grids (GmStore     *store,
                 gint64       plan_id,
                 const char  *path,
                 gboolean     replace,
                 GError     **error)
{
  const GmExportFormat *format;
  GDALDriverH driver;
  GDALDatasetH ds;
  gint64 written;

  g_return_val_if_fail (GM_IS_STORE (store), -1);
  g_return_val_if_fail (path != NULL, -1);

  if ((format = gm_export_format_for (path, error)) == NULL)
    return -1;
  GDALAllRegister ();
  driver = GDALGetDriverByName (format->driver);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!replace)
        {
          g_set_error (error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_EXISTS,
                       _("“%s” already exists; choose another name or allow replacing it"), path);
          return -1;
        }
      if (GDALDeleteDataset (driver, path) != CE_None && g_unlink (path) != 0)
        {
          gm_export_set_gdal_error (error, path, _("removing the old file"));
          return -1;
        }
    }
  CPLErrorReset ();
  ds = driver != NULL ? GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
  if (ds == NULL)
    {
      gm_export_set_gdal_error (error, path, _("creating the file"));
      return -1;
    }
  written = gm_export_write (store, plan_id, ds, format, path, error);
  GDALClose (ds);
  if (written < 0)
    GDALDeleteDataset (driver, path);
  return written;
}
