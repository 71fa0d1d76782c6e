/* gm-import-source.c — opening a source with GDAL/OGR.
 *
 * This is where a file name becomes a GDAL dataset: zip archives are looked
 * into, a shapefile's companion files are checked (gm-import-sidecar.c),
 * spreadsheets are read as tables of text, CSV files are told where their
 * coordinates are, and GDAL's own error messages are turned into sentences
 * that name the file and say what is wrong. The first features of a layer
 * are then looked at: what encoding their text is in, where they lie and
 * what kinds of geometry they have.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>

#include "gm-autocleanups.h"
#include "gm-import-crs.h"
#include "gm-import-private.h"
#include "gm-import-source.h"

/* Features looked at to decide an encoding and see where a layer lies. */
#define GM_SCAN_FEATURES 10000

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
      /* Spreadsheets: the first row names the columns, and every cell is
       * read as the text it holds, so that ID numbers and phone numbers
       * keep their digits (GDAL 3.6 reads these as configuration). */
      CPLSetConfigOption ("OGR_XLSX_HEADERS", "FORCE");
      CPLSetConfigOption ("OGR_XLSX_FIELD_TYPES", "STRING");
      CPLSetConfigOption ("OGR_ODS_HEADERS", "FORCE");
      CPLSetConfigOption ("OGR_ODS_FIELD_TYPES", "STRING");
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
    ".ods", ".dbf",
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
  /* An Esri file geodatabase is a folder, "name.gdb/". */
  for (int i = 0; entries[i] != NULL && found == NULL; i++)
    {
      const char *gdb = strstr (entries[i], ".gdb/");

      if (gdb != NULL)
        found = g_strdup_printf ("%s/%.*s", vsi, (int) (gdb + 4 - entries[i]), entries[i]);
    }
  CSLDestroy (entries);

  if (found == NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                 _("Cannot read “%s”: the zip archive contains no map file Gridmap can read (shapefile, GeoPackage, GeoJSON, KML, CSV, DXF, Excel, file geodatabase)"),
                 path);
  return found;
}

static gboolean
gm_is_text_table (const char *gdal_path)
{
  return gm_has_suffix (gdal_path, ".csv") || gm_has_suffix (gdal_path, ".tsv")
         || gm_has_suffix (gdal_path, ".txt");
}

/* @names, and the same names in @encoding when that is not UTF-8: GDAL
 * compares a CSV's header as bytes. */
static char *
gm_names_in (const char *names,
             const char *encoding)
{
  g_autofree char *encoded = NULL;

  if (encoding == NULL || g_ascii_strcasecmp (encoding, "UTF-8") == 0)
    return g_strdup (names);
  encoded = g_convert (strchr (names, '=') + 1, -1, encoding, "UTF-8", NULL, NULL, NULL);
  return encoded != NULL ? g_strconcat (names, ",", encoded, NULL) : g_strdup (names);
}

/* Column names that hold coordinates in tables. */
#define GM_X_NAMES "lon,lng,long,longitude,x,经度,东经,point_x,coord_x,x坐标,横坐标"
#define GM_Y_NAMES "lat,latitude,y,纬度,北纬,point_y,coord_y,y坐标,纵坐标"

static char **
gm_open_options (const char *gdal_path,
                 const char *encoding)
{
  static const char * const coordinate_names[] = {
    "X_POSSIBLE_NAMES=" GM_X_NAMES,
    "Y_POSSIBLE_NAMES=" GM_Y_NAMES,
    "GEOM_POSSIBLE_NAMES=wkt,geom,geometry,the_geom,shape,几何,空间信息",
  };
  char **options = NULL;

  if (gm_is_text_table (gdal_path))
    {
      for (guint i = 0; i < G_N_ELEMENTS (coordinate_names); i++)
        {
          g_autofree char *names = gm_names_in (coordinate_names[i], encoding);

          options = CSLAddString (options, names);
        }
      options = CSLAddString (options, "KEEP_GEOM_COLUMNS=NO");
    }
  /* A .dbf's text is decoded by Gridmap, which knows the feature and field
   * of every byte it cannot decode. */
  if (gm_has_suffix (gdal_path, ".shp") || gm_has_suffix (gdal_path, ".dbf"))
    options = CSLSetNameValue (options, "ENCODING", "");
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

/* ---- opening ------------------------------------------------------------------ */

void
gm_open_source_free (GmOpenSource *src)
{
  if (src == NULL)
    return;
  g_clear_pointer (&src->ds, gm_gdal_dataset_close);
  gm_sidecars_clean (src);
  gm_declared_encoding_clear (&src->declared);
  g_free (src->path);
  g_free (src->gdal_path);
  g_clear_pointer (&src->warnings, g_ptr_array_unref);
  g_free (src);
}

static GDALDatasetH
gm_gdal_open (GmOpenSource *src,
              const char   *encoding,
              GError      **error)
{
  char **options = gm_open_options (src->gdal_path, encoding);
  GDALDatasetH ds;
  GmGdalTrap trap;

  gm_gdal_trap_push (&trap);
  /* Only in the temporary copy may GDAL write the .shx it rebuilds. */
  if (src->restore_shx)
    CPLSetThreadLocalConfigOption ("SHAPE_RESTORE_SHX", "YES");
  ds = GDALOpenEx (src->gdal_path, GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                   NULL, (const char * const *) options, NULL);
  if (src->restore_shx)
    CPLSetThreadLocalConfigOption ("SHAPE_RESTORE_SHX", NULL);
  if (ds == NULL)
    {
      gm_set_open_error (error, src->path, &trap);
      /* GDAL names the file it opened, which may be a temporary copy. */
      if (error != NULL && *error != NULL && strcmp (src->gdal_path, src->path) != 0)
        {
          g_auto(GStrv) parts = g_strsplit ((*error)->message, src->gdal_path, -1);
          char *named = g_strjoinv (src->path, parts);

          g_free ((*error)->message);
          (*error)->message = named;
        }
    }
  gm_gdal_trap_pop (&trap);
  CSLDestroy (options);
  return ds;
}

/* What kind of source this is, once GDAL has opened it. */
static void
gm_open_source_classify (GmOpenSource *src)
{
  const char *driver = GDALGetDriverShortName (GDALGetDatasetDriver (src->ds));

  src->raw_text = g_strcmp0 (driver, "ESRI Shapefile") == 0 || g_strcmp0 (driver, "CSV") == 0;
  src->table = g_strcmp0 (driver, "CSV") == 0 || g_strcmp0 (driver, "XLSX") == 0
               || g_strcmp0 (driver, "ODS") == 0;
  /* A spreadsheet's first row holds the column names, so the first row of
   * data is row 2: GDAL numbers a CSV's data rows from 1, and gives an
   * XLSX or ODS row its sheet row number. */
  src->row_offset = g_strcmp0 (driver, "CSV") == 0 ? 1 : 0;
  if (g_strcmp0 (driver, "ESRI Shapefile") == 0)
    gm_declared_encoding_read (src->gdal_path, &src->declared);
}

static GPtrArray *gm_layer_raw_text (OGRLayerH layer);

/* A CSV whose text is not UTF-8 names its coordinate columns in its own
 * encoding: open it again with the names spelt that way. */
static gboolean
gm_open_source_reopen_csv (GmOpenSource *src,
                           const char   *user_encoding,
                           GError      **error)
{
  g_autoptr(GPtrArray) raw = NULL;
  g_autoptr(GmEncodingChoice) choice = NULL;
  const char *driver = GDALGetDriverShortName (GDALGetDatasetDriver (src->ds));

  if (g_strcmp0 (driver, "CSV") != 0)
    return TRUE;
  raw = gm_layer_raw_text (GDALDatasetGetLayer (src->ds, 0));
  choice = gm_encoding_choose (user_encoding, NULL, raw);
  if (g_ascii_strcasecmp (choice->encoding, "UTF-8") == 0)
    return TRUE;
  g_clear_pointer (&src->ds, gm_gdal_dataset_close);
  src->ds = gm_gdal_open (src, choice->encoding, error);
  return src->ds != NULL;
}

/**
 * gm_open_source:
 * @path: the file the user chose
 * @encoding: (nullable): the encoding the user chose for its text
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the opened source, or %NULL with @error set
 */
GmOpenSource *
gm_open_source (const char  *path,
                const char  *encoding,
                GError     **error)
{
  g_autoptr(GmOpenSource) src = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  gm_gdal_init ();
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                   _("Cannot read “%s”: the file does not exist"), path);
      return NULL;
    }

  src = g_new0 (GmOpenSource, 1);
  src->path = g_strdup (path);
  src->warnings = g_ptr_array_new_with_free_func (g_free);
  src->shape_type = -1;
  src->declared.ldid_byte = -1;
  src->gdal_path = gm_has_suffix (path, ".zip") ? gm_find_in_zip (path, error) : g_strdup (path);
  if (src->gdal_path == NULL)
    return NULL;
  if (gm_has_suffix (src->gdal_path, ".shp") && !gm_sidecars_check (src, error))
    return NULL;

  src->ds = gm_gdal_open (src, NULL, error);
  if (src->ds == NULL)
    return NULL;
  if (GDALDatasetGetLayerCount (src->ds) == 0)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER,
                   _("Cannot read “%s”: it contains no layer of map features"), path);
      return NULL;
    }
  gm_open_source_classify (src);
  if (!gm_open_source_reopen_csv (src, encoding, error))
    return NULL;
  return g_steal_pointer (&src);
}

OGRLayerH
gm_source_get_layer (GmOpenSource *src,
                     const char   *name,
                     GError      **error)
{
  OGRLayerH layer;

  if (name == NULL)
    {
      /* The first layer that has features: KML and DXF files often start
       * with an empty folder or block layer. */
      for (int i = 0; i < GDALDatasetGetLayerCount (src->ds); i++)
        {
          layer = GDALDatasetGetLayer (src->ds, i);
          if (OGR_L_GetFeatureCount (layer, TRUE) != 0)
            return layer;
        }
      return GDALDatasetGetLayer (src->ds, 0);
    }

  layer = GDALDatasetGetLayerByName (src->ds, name);
  if (layer == NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER,
                 _("Cannot read “%s”: it has no layer named “%s”"), src->path, name);
  return layer;
}

/* ---- looking at the first features -------------------------------------------- */

/**
 * gm_feature_xy_point:
 * @f: a feature of a table
 * @x_field: the index of its longitude or easting column
 * @y_field: the index of its latitude or northing column
 *
 * Returns: (nullable) (transfer full): the point the columns give, or %NULL
 *   when either is empty or not a number
 */
OGRGeometryH
gm_feature_xy_point (OGRFeatureH f,
                     int         x_field,
                     int         y_field)
{
  char *end_x = NULL, *end_y = NULL;
  const char *tx, *ty;
  double x, y;
  OGRGeometryH point;

  if (!OGR_F_IsFieldSetAndNotNull (f, x_field) || !OGR_F_IsFieldSetAndNotNull (f, y_field))
    return NULL;
  tx = OGR_F_GetFieldAsString (f, x_field);
  ty = OGR_F_GetFieldAsString (f, y_field);
  x = g_ascii_strtod (tx, &end_x);
  y = g_ascii_strtod (ty, &end_y);
  if (end_x == tx || end_y == ty || *g_strstrip (end_x) != '\0' || *g_strstrip (end_y) != '\0')
    return NULL;
  point = OGR_G_CreateGeometry (wkbPoint);
  OGR_G_SetPoint_2D (point, 0, x, y);
  return point;
}

static void
gm_layer_scan_geometry (GmLayerScan *scan,
                        OGRFeatureH  f)
{
  g_auto(OGRGeometryH) from_columns = scan->x_field >= 0
                                      ? gm_feature_xy_point (f, scan->x_field, scan->y_field) : NULL;
  OGRGeometryH geom = from_columns != NULL ? from_columns : OGR_F_GetGeometryRef (f);
  OGREnvelope env;
  double centre[2];

  switch (gm_geometry_kind (geom))
    {
    case GM_KIND_NONE: scan->n_empty++; return;
    case GM_KIND_POINT: scan->n_points++; break;
    case GM_KIND_LINE: scan->n_lines++; break;
    case GM_KIND_AREA: scan->n_areas++; break;
    case GM_KIND_SURFACE: scan->n_surfaces++; break;
    default: break;
    }
  OGR_G_GetEnvelope (geom, &env);
  centre[0] = (env.MinX + env.MaxX) / 2;
  centre[1] = (env.MinY + env.MaxY) / 2;
  if (isfinite (centre[0]) && isfinite (centre[1]))
    g_array_append_vals (scan->centres, centre, 2);
}

/* The text of the first features as the file holds it, field names last;
 * with @scan, their geometry is looked at too. */
static GPtrArray *
gm_layer_read_first (OGRLayerH    layer,
                     GmLayerScan *scan)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n_fields = OGR_FD_GetFieldCount (defn);
  GPtrArray *raw = g_ptr_array_new_with_free_func (g_free);
  OGRFeatureH f;

  OGR_L_ResetReading (layer);
  for (int n = 0; n < GM_SCAN_FEATURES && (f = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      for (int i = 0; i < n_fields; i++)
        if (OGR_Fld_GetType (OGR_FD_GetFieldDefn (defn, i)) == OFTString
            && OGR_F_IsFieldSetAndNotNull (f, i))
          g_ptr_array_add (raw, g_strdup (OGR_F_GetFieldAsString (f, i)));
      if (scan != NULL)
        gm_layer_scan_geometry (scan, f);
      OGR_F_Destroy (f);
    }
  OGR_L_ResetReading (layer);
  /* The column names too, after the values the sample shows. */
  for (int i = 0; i < n_fields; i++)
    g_ptr_array_add (raw, g_strdup (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i))));
  return raw;
}

static GPtrArray *
gm_layer_raw_text (OGRLayerH layer)
{
  return gm_layer_read_first (layer, NULL);
}

void
gm_layer_scan_free (GmLayerScan *scan)
{
  if (scan == NULL)
    return;
  gm_encoding_choice_free (scan->encoding);
  g_strfreev (scan->field_names);
  g_clear_pointer (&scan->centres, g_array_unref);
  g_free (scan);
}

/* Numbers repeated names in @names (DBF names are cut to ten characters,
 * so "unemployed_women" and "unemployed_men" both become "unemployed"), so
 * that every field can be named. */
static void
gm_names_make_unique (char      **names,
                      GPtrArray  *warnings)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int i = 0; names[i] != NULL; i++)
    {
      char *numbered = NULL;

      if (!g_hash_table_contains (seen, names[i]))
        {
          g_hash_table_add (seen, names[i]);
          continue;
        }
      for (int k = 2; numbered == NULL || g_hash_table_contains (seen, numbered); k++)
        {
          g_free (numbered);
          numbered = g_strdup_printf ("%s_%d", names[i], k);
        }
      if (warnings != NULL)
        g_ptr_array_add (warnings, g_strdup_printf (_("the field name “%s” appears more than once (names in .dbf files are cut to 10 characters); the repeat is called “%s”"),
                                                    names[i], numbered));
      g_free (names[i]);
      names[i] = numbered;
      g_hash_table_add (seen, names[i]);
    }
}

/* Field names, decoded and unique. */
static char **
gm_layer_field_names (OGRLayerH   layer,
                      const char *encoding,
                      GPtrArray  *warnings)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n = OGR_FD_GetFieldCount (defn);
  g_autoptr(GmDecoder) decoder = gm_decoder_new (encoding);
  char **names = g_new0 (char *, n + 1);

  for (int i = 0; i < n; i++)
    {
      guint bad = 0;

      names[i] = gm_decoder_decode (decoder, OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)), &bad);
    }
  gm_names_make_unique (names, warnings);
  return names;
}

/* Rosters often start with a title ("幸福社区居民信息表") above the
 * column names, which GDAL then takes for the names. When the first row
 * reads as column names (two or more Gridmap knows) and the names do not,
 * the first row is the header: its values name the fields, and it is not
 * imported. */
static void
gm_layer_title_row (OGRLayerH    layer,
                    GmLayerScan *scan,
                    const char  *encoding,
                    GPtrArray   *warnings)
{
  g_autoptr(GmDecoder) decoder = gm_decoder_new (encoding);
  g_auto(OGRFeatureH) first = NULL;
  int n = g_strv_length (scan->field_names), known_names = 0, known_values = 0;
  char **values = g_new0 (char *, n + 1);

  OGR_L_ResetReading (layer);
  first = OGR_L_GetNextFeature (layer);
  OGR_L_ResetReading (layer);
  for (int i = 0; first != NULL && i < n; i++)
    {
      guint bad = 0;

      values[i] = OGR_F_IsFieldSetAndNotNull (first, i)
                  ? g_strstrip (gm_decoder_decode (decoder, OGR_F_GetFieldAsString (first, i), &bad))
                  : g_strdup ("");
      known_names += gm_import_field_known (scan->field_names[i]);
      known_values += gm_import_field_known (values[i]);
      if (*values[i] == '\0')
        g_free (g_steal_pointer (&values[i])), values[i] = g_strdup_printf ("Field%d", i + 1);
    }
  if (first == NULL || known_values < 2 || known_values <= known_names)
    {
      g_strfreev (values);
      return;
    }
  scan->header_fid = OGR_F_GetFID (first);
  g_ptr_array_add (warnings, g_strdup_printf (_("the first row is a title (“%s”); the column names were read from the row below it"),
                                              scan->field_names[0]));
  gm_names_make_unique (values, warnings);
  g_strfreev (scan->field_names);
  scan->field_names = values;
}

static int
gm_find_field (char       **fields,
               const char  *names)
{
  g_auto(GStrv) list = g_strsplit (names, ",", -1);

  for (guint n = 0; list[n] != NULL; n++)
    for (int i = 0; fields[i] != NULL; i++)
      {
        g_autofree char *lower = g_utf8_strdown (fields[i], -1);

        if (strcmp (g_strstrip (lower), list[n]) == 0)
          return i;
      }
  return -1;
}

/* A spreadsheet has no geometry, but may have coordinate columns: where
 * the first rows lie by them. */
static void
gm_layer_find_xy (OGRLayerH    layer,
                  GmLayerScan *scan)
{
  OGRFeatureH f;

  scan->x_field = gm_find_field (scan->field_names, GM_X_NAMES);
  scan->y_field = gm_find_field (scan->field_names, GM_Y_NAMES);
  if (scan->x_field < 0 || scan->y_field < 0)
    {
      scan->x_field = scan->y_field = -1;
      return;
    }
  /* Counted again, by the columns this time. */
  scan->n_points = scan->n_lines = scan->n_areas = scan->n_surfaces = scan->n_empty = 0;
  OGR_L_ResetReading (layer);
  for (int n = 0; n < GM_SCAN_FEATURES && (f = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      if (OGR_F_GetFID (f) != scan->header_fid)
        gm_layer_scan_geometry (scan, f);
      OGR_F_Destroy (f);
    }
  OGR_L_ResetReading (layer);
}

/**
 * gm_layer_scan:
 * @src: an opened source
 * @layer: one of its layers
 * @user_encoding: (nullable): the encoding the user chose
 * @warnings: (nullable): receives what is wrong with the layer, for people
 *
 * Looks at the first 10,000 features of @layer: decides the encoding of
 * their text, and notes where they lie and what geometry they have.
 *
 * Returns: (transfer full): what was seen
 */
GmLayerScan *
gm_layer_scan (GmOpenSource *src,
               OGRLayerH     layer,
               const char   *user_encoding,
               GPtrArray    *warnings)
{
  GmLayerScan *scan = g_new0 (GmLayerScan, 1);
  g_autoptr(GPtrArray) raw = NULL;

  scan->centres = g_array_new (FALSE, FALSE, sizeof (double));
  scan->header_fid = -1;
  scan->x_field = scan->y_field = -1;
  raw = gm_layer_read_first (layer, scan);
  if (src->raw_text)
    scan->encoding = gm_encoding_choose (user_encoding,
                                         src->shape_type >= 0 || src->declared.ldid_byte >= 0
                                         ? &src->declared : NULL,
                                         raw);
  else
    {
      scan->encoding = g_new0 (GmEncodingChoice, 1);
      scan->encoding->encoding = g_strdup ("UTF-8");
      scan->encoding->origin = GM_ENCODING_FROM_FORMAT;
      if (user_encoding != NULL)
        {
          scan->encoding->warnings = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (scan->encoding->warnings,
                           g_strdup_printf (_("this kind of file always holds UTF-8 text; the encoding %s chosen for it was not used"),
                                            user_encoding));
        }
    }
  for (guint i = 0; warnings != NULL && scan->encoding->warnings != NULL && i < scan->encoding->warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (scan->encoding->warnings, i)));
  scan->field_names = gm_layer_field_names (layer, src->raw_text ? scan->encoding->encoding : NULL,
                                            warnings);
  if (src->table)
    gm_layer_title_row (layer, scan, src->raw_text ? scan->encoding->encoding : NULL, warnings);
  if (wkbFlatten (OGR_L_GetGeomType (layer)) == wkbNone)
    gm_layer_find_xy (layer, scan);
  return scan;
}
