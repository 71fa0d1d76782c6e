/* gm-import-probe.c — describing a source before it is imported.
 *
 * What the import dialog and `gridmap-cli import` show before anything is
 * written: the layers, their fields with a sample value each, what the data
 * probably is, the encoding of the text with the text as it decodes, the
 * coordinate system (or, when it is missing or contradicted, the candidates
 * the coordinates allow), and what is wrong with the files.
 */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-import-crs.h"
#include "gm-import-source.h"

/* A field's value as a person reads it: reals without trailing zeros
 * ("6", not GDAL's "6.000000000000000"), text decoded. */
static char *
dup_sample (OGRFeatureH  f,
            int          i,
            GmDecoder   *decoder)
{
  OGRFieldDefnH fd = OGR_F_GetFieldDefnRef (f, i);
  guint bad = 0;

  if (OGR_Fld_GetType (fd) == OFTReal)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", OGR_F_GetFieldAsDouble (f, i)));
    }
  return gm_decoder_decode (decoder, OGR_F_GetFieldAsString (f, i), &bad);
}

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

/* A table's columns tell residents from hazards. */
static gboolean
gm_fields_mention (char       **fields,
                   const char  *words)
{
  g_auto(GStrv) list = g_strsplit (words, "|", -1);

  for (guint f = 0; fields != NULL && fields[f] != NULL; f++)
    {
      g_autofree char *lower = g_utf8_strdown (fields[f], -1);

      for (guint w = 0; list[w] != NULL; w++)
        if (strstr (lower, list[w]) != NULL)
          return TRUE;
    }
  return FALSE;
}

/* The kind a name speaks of; the word that comes first wins:
 * "Buildings_grid" holds buildings. */
static gboolean
gm_kind_by_name (const char   *name,
                 GmImportKind *out)
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
  g_autofree char *text = g_utf8_strdown (name != NULL ? name : "", -1);
  gsize best_at = G_MAXSIZE;

  for (guint i = 0; i < G_N_ELEMENTS (by_name); i++)
    {
      g_auto(GStrv) words = g_strsplit (by_name[i].words, "|", -1);

      for (guint w = 0; words[w] != NULL; w++)
        {
          const char *at = strstr (text, words[w]);

          if (at != NULL && (gsize) (at - text) < best_at)
            {
              best_at = at - text;
              *out = by_name[i].kind;
            }
        }
    }
  return best_at != G_MAXSIZE;
}

static GmImportKind
gm_guess_kind (const char   *path,
               const char   *layer_name,
               OGRwkbGeometryType type,
               char        **fields)
{
  g_autofree char *base = g_path_get_basename (path);
  GmImportKind kind = GM_IMPORT_BUILDINGS;

  if (gm_kind_by_name (base, &kind) || gm_kind_by_name (layer_name, &kind))
    return kind;
  if (gm_fields_mention (fields, "隐患|hazard"))
    return GM_IMPORT_HAZARDS;
  if (gm_fields_mention (fields, "身份证|id_number|idcard|公民身份"))
    return GM_IMPORT_RESIDENTS;
  switch (wkbFlatten (type))
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

/* ---- a layer ------------------------------------------------------------------------ */

/* Features and values per field looked at to tell what a field holds. */
#define GM_VALUES_FEATURES 200
#define GM_VALUES_PER_FIELD 20

void
gm_layer_read_values (OGRLayerH    layer,
                      int          n_fields,
                      GmDecoder   *decoder,
                      gint64       header_fid,
                      char      ***samples_out,
                      GPtrArray  **values_out)
{
  char **samples = g_new0 (char *, n_fields + 1);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  OGRFeatureH f;

  for (int i = 0; i < n_fields; i++)
    g_ptr_array_add (values, g_ptr_array_new_with_free_func (g_free));
  /* A sample value per field, from the first features that have one, and
   * a few different values of each. */
  OGR_L_ResetReading (layer);
  for (int n = 0; n < GM_VALUES_FEATURES && (f = OGR_L_GetNextFeature (layer)) != NULL; n++)
    {
      for (int i = 0; i < n_fields && OGR_F_GetFID (f) != header_fid; i++)
        {
          GPtrArray *seen = g_ptr_array_index (values, i);
          g_autofree char *value = NULL;

          if (!OGR_F_IsFieldSetAndNotNull (f, i) || *OGR_F_GetFieldAsString (f, i) == '\0')
            continue;
          value = dup_sample (f, i, decoder);
          if (samples[i] == NULL)
            samples[i] = g_strdup (value);
          if (seen->len < GM_VALUES_PER_FIELD
              && !g_ptr_array_find_with_equal_func (seen, value, g_str_equal, NULL))
            g_ptr_array_add (seen, g_steal_pointer (&value));
        }
      OGR_F_Destroy (f);
    }
  OGR_L_ResetReading (layer);
  for (int i = 0; i < n_fields; i++)
    {
      if (samples[i] == NULL)
        samples[i] = g_strdup ("");
      g_ptr_array_add (g_ptr_array_index (values, i), NULL);
    }
  *samples_out = samples;
  *values_out = g_steal_pointer (&values);
}

/* A geometry type as people call it, translated; GDAL's own names ("Multi
 * Line String") are English only. */
static const char *
gm_geometry_type_label (OGRwkbGeometryType type)
{
  switch (wkbFlatten (type))
    {
    case wkbNone: return C_("geometry type", "No geometry");
    case wkbPoint: return C_("geometry type", "Point");
    case wkbMultiPoint: return C_("geometry type", "Multipoint");
    case wkbLineString: return C_("geometry type", "Line");
    case wkbMultiLineString: return C_("geometry type", "Multiline");
    case wkbPolygon: return C_("geometry type", "Polygon");
    case wkbMultiPolygon: return C_("geometry type", "Multipolygon");
    case wkbGeometryCollection: return C_("geometry type", "Geometry collection");
    case wkbCircularString: return C_("geometry type", "Circular arc");
    case wkbCompoundCurve: return C_("geometry type", "Compound curve");
    case wkbCurvePolygon: return C_("geometry type", "Curved polygon");
    case wkbMultiCurve: return C_("geometry type", "Multicurve");
    case wkbMultiSurface: return C_("geometry type", "Multisurface");
    case wkbTriangle: return C_("geometry type", "Triangle");
    case wkbTIN: return C_("geometry type", "TIN (3D surface)");
    case wkbPolyhedralSurface: return C_("geometry type", "Polyhedral surface (3D)");
    case wkbUnknown:
    default:
      return C_("geometry type", "Mixed (any kind)");
    }
}

/* A layer whose features are of several kinds is imported one kind at a
 * time: say so before the import skips the others. */
static void
gm_source_layer_check_kinds (GmSourceLayer *sl,
                             const GmOpenSource *src,
                             GPtrArray     *warnings)
{
  int kinds = (sl->n_points > 0) + (sl->n_lines > 0) + (sl->n_areas > 0);

  if (src->shape_type == 31 || sl->n_surfaces > 0)
    g_ptr_array_add (warnings, g_strdup (_("it holds 3D surfaces (a multipatch or TIN: 3D models), which Gridmap cannot use; export the outlines (footprints) as polygons from the program that made it")));
  if (kinds > 1)
    g_ptr_array_add (warnings,
                     g_strdup_printf (_("it mixes kinds of geometry (%lld points, %lld lines, %lld areas in the first features): each import takes one kind — areas as buildings, grids or land use, lines as roads, points as hazards — and lists the others as skipped"),
                                      (long long) sl->n_points, (long long) sl->n_lines,
                                      (long long) sl->n_areas));
}

/* The coordinate system, checked against the coordinates; candidates when
 * it is missing or contradicted. */
static void
gm_source_layer_srs (GmSourceLayer      *sl,
                     OGRLayerH           layer,
                     const GmOpenSource *src,
                     GPtrArray          *warnings)
{
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef (layer);
  g_autofree char *junk = NULL;

  sl->srs_name = srs != NULL ? g_strdup (OSRGetName (srs)) : NULL;
  sl->srs_code = gm_srs_dup_code (srs);
  sl->srs_lonlat = gm_points_lonlat (sl->sample_points);
  if (srs == NULL && (junk = gm_sidecar_junk_prj (src)) != NULL)
    g_ptr_array_add (warnings, g_strdup_printf (_("the .prj file is not a coordinate system (it says “%s”); it was ignored"),
                                                junk));
  if (wkbFlatten (OGR_L_GetGeomType (layer)) == wkbNone && sl->sample_points->len == 0)
    return;
  if (srs != NULL)
    sl->srs_problem = gm_srs_check (srs, sl->sample_points);
  if (srs == NULL || sl->srs_problem != NULL)
    sl->srs_candidates = gm_srs_guess (sl->sample_points, NULL);
}

static GmSourceLayer *
gm_source_layer_new (GmOpenSource *src,
                     OGRLayerH     layer,
                     const char   *user_encoding)
{
  GmSourceLayer *sl = g_new0 (GmSourceLayer, 1);
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GmLayerScan) scan = NULL;
  g_autoptr(GmDecoder) decoder = NULL;

  for (guint i = 0; i < src->warnings->len; i++)
    g_ptr_array_add (warnings, g_strdup (g_ptr_array_index (src->warnings, i)));
  scan = gm_layer_scan (src, layer, user_encoding, warnings);
  sl->name = g_strdup (OGR_L_GetName (layer));
  sl->geometry_type = g_strdup (OGRGeometryTypeToName (wkbFlatten (OGR_L_GetGeomType (layer))));
  sl->geometry_label = g_strdup (gm_geometry_type_label (OGR_L_GetGeomType (layer)));
  sl->feature_count = OGR_L_GetFeatureCount (layer, FALSE);
  sl->encoding = g_strdup (scan->encoding->encoding);
  sl->encoding_origin = scan->encoding->origin;
  sl->encoding_uncertain = scan->encoding->uncertain;
  sl->encoding_sample = g_strdup (scan->encoding->sample);
  sl->encoding_candidates = scan->encoding->candidates != NULL
                            ? g_ptr_array_ref (scan->encoding->candidates) : NULL;
  sl->fields = g_steal_pointer (&scan->field_names);
  sl->n_points = scan->n_points;
  sl->n_lines = scan->n_lines;
  sl->n_areas = scan->n_areas;
  sl->n_surfaces = scan->n_surfaces;
  sl->n_empty = scan->n_empty;
  sl->sample_points = g_array_ref (scan->centres);

  decoder = gm_decoder_new (src->raw_text ? sl->encoding : NULL);
  gm_layer_read_values (layer, g_strv_length (sl->fields), decoder, scan->header_fid,
                        &sl->samples, &sl->field_values);
  gm_source_layer_srs (sl, layer, src, warnings);
  gm_source_layer_check_kinds (sl, src, warnings);
  sl->guessed_kind = gm_guess_kind (src->path, sl->name, OGR_L_GetGeomType (layer), sl->fields);
  g_ptr_array_add (warnings, NULL);
  sl->warnings = g_strdupv ((char **) warnings->pdata);
  return sl;
}

static void
gm_source_layer_free (GmSourceLayer *sl)
{
  g_free (sl->name);
  g_free (sl->geometry_type);
  g_free (sl->geometry_label);
  g_free (sl->srs_name);
  g_free (sl->srs_code);
  g_free (sl->encoding);
  g_strfreev (sl->fields);
  g_strfreev (sl->samples);
  g_clear_pointer (&sl->field_values, g_ptr_array_unref);
  g_free (sl->encoding_sample);
  g_clear_pointer (&sl->encoding_candidates, g_ptr_array_unref);
  g_free (sl->srs_problem);
  g_clear_pointer (&sl->srs_candidates, g_ptr_array_unref);
  g_strfreev (sl->warnings);
  g_clear_pointer (&sl->sample_points, g_array_unref);
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
 * sample value each, CRS (or candidates for it), encoding with decoded
 * text, what is wrong with the files, and a guess of what the data is.
 *
 * Returns: (transfer full): the description, or %NULL with @error set
 */
GmSource *
gm_source_probe (const char  *path,
                 const char  *encoding,
                 GError     **error)
{
  g_autoptr(GmOpenSource) src = NULL;
  g_autofree char *user = NULL;
  GmSource *source;

  g_return_val_if_fail (path != NULL, NULL);

  if (encoding != NULL && *encoding != '\0' && (user = gm_encoding_normalize (encoding)) == NULL)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_ENCODING,
                   _("“%s” is not a text encoding Gridmap knows (try UTF-8, GB18030, BIG5 or CP1252)"),
                   encoding);
      return NULL;
    }
  src = gm_open_source (path, user, error);
  if (src == NULL)
    return NULL;

  source = g_new0 (GmSource, 1);
  source->path = g_strdup (path);
  source->driver = g_strdup (GDALGetDriverShortName (GDALGetDatasetDriver (src->ds)));
  source->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_source_layer_free);
  for (int i = 0; i < GDALDatasetGetLayerCount (src->ds); i++)
    g_ptr_array_add (source->layers, gm_source_layer_new (src, GDALDatasetGetLayer (src->ds, i), user));
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

/**
 * gm_source_rank_srs:
 * @source: a probed source
 * @project: (nullable): the extent of the project's data
 *
 * Lists again the coordinate systems of layers that need one, now with the
 * meridians near the project, nearest first.
 */
void
gm_source_rank_srs (GmSource       *source,
                    const GmExtent *project)
{
  g_return_if_fail (source != NULL);

  for (guint i = 0; i < source->layers->len; i++)
    {
      GmSourceLayer *sl = g_ptr_array_index (source->layers, i);

      if (sl->srs_candidates == NULL)
        continue;
      g_ptr_array_unref (sl->srs_candidates);
      sl->srs_candidates = gm_srs_guess (sl->sample_points, project);
    }
}
