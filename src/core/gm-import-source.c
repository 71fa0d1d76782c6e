/* gm-import-source.c — opening a source with GDAL/OGR and describing it.
 *
 * This is where a file name becomes a GDAL dataset: zip archives are looked
 * into, CSV files are told where their coordinates are, undeclared text
 * encodings are detected, and GDAL's own error messages are turned into
 * sentences that name the file and say what is wrong.
 */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "gm-autocleanups.h"
#include "gm-import-source.h"

G_DEFINE_QUARK (gm-import-error-quark, gm_import_error)

/* ---- GDAL errors ------------------------------------------------------------ */

static void CPL_STDCALL
gm_gdal_trap_handler (CPLErr      error_class,
                      CPLErrorNum number,
                      const char *message)
{
  GmGdalTrap *trap = CPLGetErrorHandlerUserData ();

  if (error_class < CE_Warning || message == NULL)
    return;
  if (error_class >= CE_Failure && trap->last_error == NULL)
    trap->last_error = g_strdup (message);
  if (trap->messages->len > 0)
    g_string_append (trap->messages, "; ");
  g_string_append (trap->messages, message);
}

void
gm_gdal_trap_push (GmGdalTrap *trap)
{
  trap->messages = g_string_new (NULL);
  trap->last_error = NULL;
  CPLErrorReset ();
  CPLPushErrorHandlerEx (gm_gdal_trap_handler, trap);
}

void
gm_gdal_trap_pop (GmGdalTrap *trap)
{
  CPLPopErrorHandler ();
  g_string_free (trap->messages, TRUE);
  g_clear_pointer (&trap->last_error, g_free);
}

const char *
gm_gdal_trap_message (GmGdalTrap *trap)
{
  if (trap->last_error != NULL)
    return trap->last_error;
  if (trap->messages->len > 0)
    return trap->messages->str;
  return _("no reason given");
}

static void
gm_gdal_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      GDALAllRegister ();
      /* Never write next to the user's files: a missing .shx is an error
       * here, not something to fix in their folder. */
      CPLSetConfigOption ("SHAPE_RESTORE_SHX", "NO");
      CPLSetConfigOption ("OGR_ORGANIZE_POLYGONS", "DEFAULT");
      g_once_init_leave (&initialized, 1);
    }
}

/* ---- finding the file to open ---------------------------------------------- */

static gboolean
gm_has_suffix (const char *path,
               const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, suffix);
}

/* In a zip archive, the readable file, looked for in sub-folders too. */
static char *
gm_find_in_zip (const char  *path,
                GError     **error)
{
  static const char * const preferred[] = {
    ".shp", ".gpkg", ".geojson", ".json", ".kml", ".gml", ".csv", ".dxf", ".tab", ".mif", ".xlsx",
  };
  g_autofree char *vsi = g_strconcat ("/vsizip/", path, NULL);
  char **entries;
  char *found = NULL;

  entries = VSIReadDirRecursive (vsi);
  if (entries == NULL)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                   _("Cannot read “%s”: it is not a valid zip archive (it may be damaged or only partly downloaded)"),
                   path);
      return NULL;
    }

  for (guint s = 0; s < G_N_ELEMENTS (preferred) && found == NULL; s++)
    for (int i = 0; entries[i] != NULL && found == NULL; i++)
      if (gm_has_suffix (entries[i], preferred[s]) && strstr (entries[i], "__MACOSX") == NULL)
        found = g_strconcat (vsi, "/", entries[i], NULL);
  CSLDestroy (entries);

  if (found == NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: the zip archive contains no map file Gridmap can read (shapefile, GeoPackage, GeoJSON, KML, CSV, DXF)"),
                 path);
  return found;
}

static char **
gm_open_options (const char *gdal_path,
                 const char *encoding)
{
  char **options = NULL;

  if (gm_has_suffix (gdal_path, ".csv") || gm_has_suffix (gdal_path, ".tsv")
      || gm_has_suffix (gdal_path, ".txt"))
    {
      options = CSLAddString (options, "X_POSSIBLE_NAMES=lon,lng,long,longitude,x,经度,东经,point_x,coord_x");
      options = CSLAddString (options, "Y_POSSIBLE_NAMES=lat,latitude,y,纬度,北纬,point_y,coord_y");
      options = CSLAddString (options, "GEOM_POSSIBLE_NAMES=wkt,geom,geometry,the_geom,shape,几何");
      options = CSLAddString (options, "KEEP_GEOM_COLUMNS=NO");
    }
  if (encoding != NULL && *encoding != '\0'
      && (gm_has_suffix (gdal_path, ".shp") || gm_has_suffix (gdal_path, ".dbf")))
    options = CSLSetNameValue (options, "ENCODING", encoding);
  return options;
}

/* Says what is wrong with a file GDAL would not open, in a planner's words. */
static void
gm_set_open_error (GError     **error,
                   const char  *path,
                   GmGdalTrap  *trap)
{
  const char *gdal = gm_gdal_trap_message (trap);
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size == 0)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: the file is empty"), path);
  else if (gm_has_suffix (path, ".shp") && strstr (gdal, ".shx") != NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: its index file (.shx) is missing; put the .shx that came with the .shp in the same folder"),
                 path);
  else if (gm_has_suffix (path, ".shp"))
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: it is not a valid shapefile (it may be damaged, or another kind of file renamed to .shp) — GDAL: %s"),
                 path, gdal);
  else if (gm_has_suffix (path, ".geojson") || gm_has_suffix (path, ".json"))
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: it is not valid GeoJSON (it may be cut short or damaged) — GDAL: %s"),
                 path, gdal);
  else
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: it is not a map file Gridmap can read — GDAL: %s"),
                 path, gdal);
}

/* ---- encodings ---------------------------------------------------------------- */

/* For a shapefile that declares no encoding (no .cpg, DBF language byte 0),
 * GDAL passes the bytes through. Decide from the bytes: UTF-8 when they all
 * are, else GB18030 when they all decode as it, else Windows-1252. */
static const char *
gm_detect_encoding (OGRLayerH layer)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n_fields = OGR_FD_GetFieldCount (defn);
  gboolean utf8 = TRUE;
  gboolean gb18030 = TRUE;
  gboolean any_high = FALSE;
  OGRFeatureH f;

  OGR_L_ResetReading (layer);
  for (int n = 0; n < 2000 && (f = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      for (int i = 0; i < n_fields; i++)
        {
          const char *s;
          g_autofree char *converted = NULL;

          if (OGR_Fld_GetType (OGR_FD_GetFieldDefn (defn, i)) != OFTString
              || !OGR_F_IsFieldSetAndNotNull (f, i))
            continue;
          s = OGR_F_GetFieldAsString (f, i);
          for (const char *p = s; *p != '\0' && !any_high; p++)
            any_high = (*p & 0x80) != 0;
          utf8 = utf8 && g_utf8_validate (s, -1, NULL);
          if (gb18030)
            {
              converted = g_convert (s, -1, "UTF-8", "GB18030", NULL, NULL, NULL);
              gb18030 = converted != NULL;
            }
        }
      OGR_F_Destroy (f);
    }
  OGR_L_ResetReading (layer);

  if (!any_high || utf8)
    return "UTF-8";
  if (gb18030)
    return "GB18030";
  return "CP1252";
}

static const char *
gm_layer_declared_encoding (OGRLayerH layer)
{
  const char *enc = GDALGetMetadataItem ((GDALMajorObjectH) layer, "SOURCE_ENCODING", "SHAPEFILE");

  return enc != NULL && *enc != '\0' ? enc : NULL;
}

/* ---- opening ------------------------------------------------------------------ */

GDALDatasetH
gm_source_open (const char  *path,
                const char  *encoding,
                char       **detected_encoding,
                GError     **error)
{
  g_autofree char *gdal_path = NULL;
  g_auto(GDALDatasetH) ds = NULL;
  char **options;
  GmGdalTrap trap;

  g_return_val_if_fail (path != NULL, NULL);

  gm_gdal_init ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                   _("Cannot read “%s”: the file does not exist"), path);
      return NULL;
    }

  if (gm_has_suffix (path, ".zip"))
    {
      gdal_path = gm_find_in_zip (path, error);
      if (gdal_path == NULL)
        return NULL;
    }
  else
    gdal_path = g_strdup (path);

  options = gm_open_options (gdal_path, encoding);
  gm_gdal_trap_push (&trap);
  ds = GDALOpenEx (gdal_path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                   NULL, (const char * const *) options, NULL);
  if (ds == NULL)
    gm_set_open_error (error, path, &trap);
  gm_gdal_trap_pop (&trap);
  CSLDestroy (options);
  if (ds == NULL)
    return NULL;

  if (GDALDatasetGetLayerCount (ds) == 0)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER,
                   _("Cannot read “%s”: it contains no layer of map features"), path);
      return NULL;
    }

  /* A shapefile without a declared encoding: detect it and reopen decoded. */
  if ((encoding == NULL || *encoding == '\0')
      && g_strcmp0 (GDALGetDriverShortName (GDALGetDatasetDriver (ds)), "ESRI Shapefile") == 0
      && gm_layer_declared_encoding (GDALDatasetGetLayer (ds, 0)) == NULL)
    {
      const char *guess = gm_detect_encoding (GDALDatasetGetLayer (ds, 0));

      if (g_strcmp0 (guess, "UTF-8") != 0)
        {
          g_clear_pointer (&ds, gm_gdal_dataset_close);
          return gm_source_open (path, guess, detected_encoding, error);
        }
      if (detected_encoding != NULL)
        *detected_encoding = g_strdup (guess);
    }
  else if (detected_encoding != NULL && encoding != NULL && *encoding != '\0')
    *detected_encoding = g_strdup (encoding);

  return g_steal_pointer (&ds);
}

OGRLayerH
gm_source_get_layer (GDALDatasetH  ds,
                     const char   *path,
                     const char   *name,
                     GError      **error)
{
  OGRLayerH layer;

  if (name == NULL)
    {
      /* The first layer that has features: KML and DXF files often start
       * with an empty folder or block layer. */
      for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
        {
          layer = GDALDatasetGetLayer (ds, i);
          if (OGR_L_GetFeatureCount (layer, TRUE) != 0)
            return layer;
        }
      return GDALDatasetGetLayer (ds, 0);
    }

  layer = GDALDatasetGetLayerByName (ds, name);
  if (layer == NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER,
                 _("Cannot read “%s”: it has no layer named “%s”"), path, name);
  return layer;
}


/* A field's value as a person reads it: reals without trailing zeros
 * ("6", not GDAL's "6.000000000000000"), text made valid UTF-8. */
static char *
dup_sample (OGRFeatureH f,
            int         i)
{
  OGRFieldDefnH fd = OGR_F_GetFieldDefnRef (f, i);

  if (OGR_Fld_GetType (fd) == OFTReal)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", OGR_F_GetFieldAsDouble (f, i)));
    }
  return g_utf8_make_valid (OGR_F_GetFieldAsString (f, i), -1);
}
/* ---- describing --------------------------------------------------------------- */

char *
gm_srs_dup_code (OGRSpatialReferenceH srs)
{
  g_auto(OGRSpatialReferenceH) clone = NULL;
  const char *auth;
  const char *code;

  if (srs == NULL)
    return NULL;
  clone = OSRClone (srs);
  auth = OSRGetAuthorityName (clone, NULL);
  if (auth == NULL)
    {
      OSRAutoIdentifyEPSG (clone);
      auth = OSRGetAuthorityName (clone, NULL);
    }
  code = OSRGetAuthorityCode (clone, NULL);
  if (auth == NULL || code == NULL)
    return NULL;
  return g_strdup_printf ("%s:%s", auth, code);
}

static GmImportKind
gm_guess_kind (const char   *path,
               const char   *layer_name,
               OGRwkbGeometryType type)
{
  static const struct { GmImportKind kind; const char *words; } by_name[] = {
    { GM_IMPORT_GRIDS, "grid|网格|wangge" },
    { GM_IMPORT_COMMUNITY, "communit|社区|district|boundary|边界|shequ|ortsteil|ort_" },
    { GM_IMPORT_BUILDINGS, "build|bldg|建筑|楼栋|房屋|gebaeude|house" },
    { GM_IMPORT_LANDUSE, "landuse|land_use|用地|地类" },
    { GM_IMPORT_WATER, "water|水系|河流|湖" },
    { GM_IMPORT_ROADS, "road|street|道路|街道|highway" },
    { GM_IMPORT_HAZARDS, "hazard|隐患|risk|inspect" },
    { GM_IMPORT_RESIDENTS, "resident|人口|居民|住户|people|person" },
  };
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *text = g_utf8_strdown (base, -1);
  g_autofree char *layer = g_utf8_strdown (layer_name != NULL ? layer_name : "", -1);
  OGRwkbGeometryType flat = wkbFlatten (type);

  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    {
      g_auto(GStrv) words = g_strsplit (by_name[i].words, "|", -1);

      for (guint w = 0; words[w] != NULL; w++)
        if (strstr (text, words[w]) != NULL || strstr (layer, words[w]) != NULL)
          return by_name[i].kind;
    }

  switch (flat)
    {
    case wkbPoint:
    case wkbMultiPoint:
      return GM_IMPORT_HAZARDS;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return GM_IMPORT_ROADS;
    case wkbNone:
      return GM_IMPORT_RESIDENTS;
    default:
      return GM_IMPORT_BUILDINGS;
    }
}

static GmSourceLayer *
gm_source_layer_new (OGRLayerH     layer,
                     const char   *path,
                     const char   *encoding)
{
  GmSourceLayer *sl = g_new0 (GmSourceLayer, 1);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef (layer);
  int n_fields = OGR_FD_GetFieldCount (defn);
  const char *declared = gm_layer_declared_encoding (layer);
  OGRFeatureH f;

  sl->name = g_strdup (OGR_L_GetName (layer));
  sl->geometry_type = g_strdup (OGRGeometryTypeToName (wkbFlatten (OGR_L_GetGeomType (layer))));
  sl->feature_count = OGR_L_GetFeatureCount (layer, FALSE);
  sl->srs_name = srs != NULL ? g_strdup (OSRGetName (srs)) : NULL;
  sl->srs_code = gm_srs_dup_code (srs);
  if (declared != NULL)
    sl->encoding = g_strdup (declared);
  else if (encoding != NULL)
    sl->encoding = g_strdup (encoding);
  else
    sl->encoding = g_strdup ("UTF-8");
  sl->fields = g_new0 (char *, n_fields + 1);
  sl->samples = g_new0 (char *, n_fields + 1);
  for (int i = 0; i < n_fields; i++)
    sl->fields[i] = g_strdup (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)));

  /* A sample value per field, from the first features that have one. */
  OGR_L_ResetReading (layer);
  for (int n = 0; n < 50 && (f = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      for (int i = 0; i < n_fields; i++)
        if (sl->samples[i] == NULL && OGR_F_IsFieldSetAndNotNull (f, i)
            && *OGR_F_GetFieldAsString (f, i) != '\0')
          sl->samples[i] = dup_sample (f, i);
      OGR_F_Destroy (f);
    }
  OGR_L_ResetReading (layer);
  for (int i = 0; i < n_fields; i++)
    if (sl->samples[i] == NULL)
      sl->samples[i] = g_strdup ("");

  sl->guessed_kind = gm_guess_kind (path, sl->name, OGR_L_GetGeomType (layer));
  return sl;
}

static void
gm_source_layer_free (GmSourceLayer *sl)
{
  g_free (sl->name);
  g_free (sl->geometry_type);
  g_free (sl->srs_name);
  g_free (sl->srs_code);
  g_free (sl->encoding);
  g_strfreev (sl->fields);
  g_strfreev (sl->samples);
  g_free (sl);
}

void
gm_source_free (GmSource *source)
{
  if (source == NULL)
    return;
  g_free (source->path);
  g_free (source->driver);
  g_clear_pointer (&source->layers, g_ptr_array_unref);
  g_free (source);
}

/**
 * gm_source_probe:
 * @path: a file GDAL can read (a .zip is looked into)
 * @encoding: (nullable): overrides the encoding the file declares
 * @error: return location for a #GError
 *
 * Describes a source without importing it: its layers, their fields with a
 * sample value each, CRS, encoding, and a guess of what the data is.
 *
 * Returns: (transfer full): the description, or %NULL with @error set
 */
GmSource *
gm_source_probe (const char  *path,
                 const char  *encoding,
                 GError     **error)
{
  g_autofree char *detected = NULL;
  g_auto(GDALDatasetH) ds = NULL;
  GmSource *source;

  g_return_val_if_fail (path != NULL, NULL);

  ds = gm_source_open (path, encoding, &detected, error);
  if (ds == NULL)
    return NULL;

  source = g_new0 (GmSource, 1);
  source->path = g_strdup (path);
  source->driver = g_strdup (GDALGetDriverShortName (GDALGetDatasetDriver (ds)));
  source->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_source_layer_free);
  for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
    g_ptr_array_add (source->layers,
                     gm_source_layer_new (GDALDatasetGetLayer (ds, i), path, detected));
  return source;
}

GmSourceLayer *
gm_source_find_layer (GmSource   *source,
                      const char *name)
{
  g_return_val_if_fail (source != NULL, NULL);

  for (guint i = 0; i < source->layers->len; i++)
    {
      GmSourceLayer *sl = g_ptr_array_index (source->layers, i);

      if (name == NULL || g_strcmp0 (sl->name, name) == 0)
        return sl;
    }
  return NULL;
}
