/* gm-import-geometry.c — one source feature made ready to store.
 *
 * This runs in the import's reading thread: values are copied as UTF-8 and
 * the geometry is made fit for the project (curves linearised, Z/M dropped,
 * reprojected to EPSG:4326 in lon/lat order, invalid polygons repaired with
 * GEOS, a point on the surface and the geodesic area computed, encoded as a
 * SpatiaLite geometry). What had to be repaired or why a feature is skipped
 * travels with the feature to the writing thread, which keeps the report.
 */
#include "gm-config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include <geodesic.h>

#include "gm-import-job.h"

void
gm_item_issue (GmFeatureItem     *item,
               GmImportIssueKind  kind,
               const char        *format,
               ...)
{
  GmImportIssue *issue = g_new0 (GmImportIssue, 1);
  va_list args;

  issue->kind = kind;
  issue->feature = item->fid;
  va_start (args, format);
  issue->reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (kind == GM_IMPORT_ISSUE_SKIPPED)
    item->skipped = TRUE;
  if (item->issues == NULL)
    item->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_import_issue_free);
  g_ptr_array_add (item->issues, issue);
}

void
gm_feature_item_free (GmFeatureItem *item)
{
  if (item == NULL)
    return;
  /* Not g_strfreev(): an unset field is a NULL in the middle. */
  for (int i = 0; item->values != NULL && i < item->n_values; i++)
    g_free (item->values[i]);
  g_free (item->values);
  gm_feature_geom_free (item->geom);
  g_clear_pointer (&item->issues, g_ptr_array_unref);
  g_free (item);
}

/* Copies the feature's fields as UTF-8, decoding the text of sources whose
 * bytes GDAL passes through, and noting text that does not decode instead
 * of storing broken bytes or dropping them silently. */
static void
gm_import_job_read_values (GmReader   *r,
                           OGRFeatureH    feature,
                           GmFeatureItem *item)
{
  GmImportJob *job = r->job;
  item->values = g_new0 (char *, job->n_fields + 1);
  item->n_values = job->n_fields;
  for (int i = 0; i < job->n_fields; i++)
    {
      guint bad = 0;

      if (!OGR_F_IsFieldSetAndNotNull (feature, i))
        continue;
      item->values[i] = gm_decoder_decode (r->decoder, OGR_F_GetFieldAsString (feature, i), &bad);
      if (bad > 0)
        gm_item_warn (item,
                      ngettext ("in field “%s”, %u byte cannot be read as %s and was replaced by “�” (“%s”) — choose the file’s encoding and import again",
                                "in field “%s”, %u bytes cannot be read as %s and were replaced by “�” (“%s”) — choose the file’s encoding and import again",
                                bad),
                      job->field_names[i], bad, job->report->encoding, item->values[i]);
      g_strstrip (item->values[i]);
    }
}

/* ---- geometry --------------------------------------------------------------- */

GmFeatureGeom *
gm_feature_geom_new_point (double x,
                           double y)
{
  GmFeatureGeom *geom = g_new0 (GmFeatureGeom, 1);

  geom->blob = gm_blob_point (x, y, &geom->blob_size);
  geom->min_x = geom->max_x = geom->x = x;
  geom->min_y = geom->max_y = geom->y = y;
  return geom;
}

void
gm_feature_geom_free (GmFeatureGeom *geom)
{
  if (geom == NULL)
    return;
  g_free (geom->blob);
  g_free (geom);
}

gboolean
gm_import_bind_geometry (sqlite3_stmt  *stmt,
                         int            index,
                         GmFeatureGeom *geom)
{
  if (geom->blob == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, index, g_memdup2 (geom->blob, geom->blob_size), geom->blob_size, g_free);
  return TRUE;
}

gboolean
gm_import_bind_anchor (sqlite3_stmt  *stmt,
                       int            index,
                       GmFeatureGeom *geom)
{
  gsize size = 0;
  guint8 *blob = gm_blob_point (geom->x, geom->y, &size);

  sqlite3_bind_blob (stmt, index, blob, size, g_free);
  return TRUE;
}

/* GEOS's reason for invalidity, in a planner's words, with where it is. */
static char *
gm_import_job_invalid_reason (GmReader        *r,
                              const GEOSGeometry *geom)
{
  static const struct { const char *geos; const char *text; } reasons[] = {
    { "Ring Self-intersection", N_("a ring of the outline touches itself") },
    { "Self-intersection", N_("the outline crosses itself") },
    { "Too few points", N_("a ring has too few points to enclose an area") },
    { "Hole lies outside shell", N_("a hole lies outside the outline") },
    { "Nested holes", N_("holes are nested inside each other") },
    { "Nested shells", N_("parts are nested inside each other") },
    { "Interior is disconnected", N_("a hole cuts the area in two") },
    { "Ring is not closed", N_("a ring is not closed") },
    { "Invalid Coordinate", N_("a coordinate is not a number") },
    { "Duplicate Rings", N_("a ring is repeated") },
  };
  char *raw = GEOSisValidReason_r (r->geos, geom);
  g_autofree char *text = g_strdup (raw != NULL ? raw : "");
  const char *where = strchr (text, '[');
  const char *said = NULL;
  double x, y;

  if (raw != NULL)
    GEOSFree_r (r->geos, raw);
  for (guint i = 0; i < G_N_ELEMENTS (reasons) && said == NULL; i++)
    if (g_str_has_prefix (text, reasons[i].geos))
      said = _(reasons[i].text);
  if (said == NULL)
    said = text;
  if (where != NULL && sscanf (where, "[%lf %lf]", &x, &y) == 2)
    /* Translators: an invalid-geometry reason, then where it is (lon, lat) */
    return g_strdup_printf (_("%s near %.6f, %.6f"), said, x, y);
  return g_strdup (said);
}

/* The polygons of any geometry, as a new GEOS MultiPolygon. */
static GEOSGeometry *
gm_geos_collect_polygons (GEOSContextHandle_t  ctx,
                          const GEOSGeometry  *geom)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  int type = GEOSGeomTypeId_r (ctx, geom);

  if (type == GEOS_POLYGON)
    g_ptr_array_add (parts, GEOSGeom_clone_r (ctx, geom));
  else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION)
    for (int i = 0; i < GEOSGetNumGeometries_r (ctx, geom); i++)
      {
        GEOSGeometry *sub = gm_geos_collect_polygons (ctx, GEOSGetGeometryN_r (ctx, geom, i));

        for (int j = 0; j < GEOSGetNumGeometries_r (ctx, sub); j++)
          g_ptr_array_add (parts, GEOSGeom_clone_r (ctx, GEOSGetGeometryN_r (ctx, sub, j)));
        GEOSGeom_destroy_r (ctx, sub);
      }
  return GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON,
                                      (GEOSGeometry **) parts->pdata, parts->len);
}

static const char *
gm_geometry_noun (OGRwkbGeometryType type)
{
  switch (wkbFlatten (type))
    {
    case wkbPoint:
    case wkbMultiPoint:
      return _("a point");
    case wkbLineString:
    case wkbMultiLineString:
      return _("a line");
    case wkbPolygon:
    case wkbMultiPolygon:
      return _("an area");
    default:
      return _("a mixed geometry");
    }
}

/* @out from a GEOS geometry, through its WKB. */
static gboolean
gm_feature_geom_set_geos (GmFeatureGeom       *out,
                          GEOSContextHandle_t  ctx,
                          const GEOSGeometry  *geom,
                          GmGeomClass          geom_class)
{
  size_t size = 0;
  unsigned char *wkb = GEOSGeomToWKB_buf_r (ctx, geom, &size);
  gboolean ok;

  if (wkb == NULL)
    return FALSE;
  ok = gm_feature_geom_set_wkb (out, wkb, size, geom_class);
  GEOSFree_r (ctx, wkb);
  return ok;
}

/* The valid polygons of @g: NULL when @g is already a valid (multi)polygon
 * to store as it is, else its repair or its polygons regrouped. @reason
 * says what was invalid. */
static GEOSGeometry *
gm_geos_valid_polygons (GmReader      *r,
                        GEOSGeometry  *g,
                        gboolean      *repaired,
                        char         **reason)
{
  GEOSContextHandle_t ctx = r->geos;
  g_auto(GmGeos) fixed = { ctx, NULL };

  *repaired = GEOSisValid_r (ctx, g) != 1;
  if (!*repaired)
    return GEOSGeomTypeId_r (ctx, g) == GEOS_GEOMETRYCOLLECTION ? gm_geos_collect_polygons (ctx, g) : NULL;
  *reason = gm_import_job_invalid_reason (r, g);
  fixed.geom = GEOSMakeValid_r (ctx, g);
  return fixed.geom != NULL ? gm_geos_collect_polygons (ctx, fixed.geom) : NULL;
}

/* @area's point on surface into @out; FALSE (with the reason) when it
 * has no area. */
static gboolean
gm_area_anchor (GEOSContextHandle_t  ctx,
                const GEOSGeometry  *area,
                gboolean             repaired,
                const char          *reason,
                GmFeatureItem       *item,
                GmFeatureGeom       *out)
{
  g_auto(GmGeos) anchor = { ctx, NULL };
  double size_deg = 0.0;

  if (area == NULL || GEOSisEmpty_r (ctx, area) == 1
      || GEOSArea_r (ctx, area, &size_deg) != 1 || size_deg <= 0.0)
    {
      if (repaired)
        gm_item_skip (item, _("invalid outline that cannot be repaired: %s"), reason);
      else
        gm_item_skip (item, _("has no area: all its parts are lines or points"));
      return FALSE;
    }
  anchor.geom = GEOSPointOnSurface_r (ctx, area);
  if (anchor.geom == NULL)
    {
      gm_item_skip (item, _("no point inside the outline can be found"));
      return FALSE;
    }
  GEOSGeomGetX_r (ctx, anchor.geom, &out->x);
  GEOSGeomGetY_r (ctx, anchor.geom, &out->y);
  return TRUE;
}

/* Area geometry: valid, polygonal, with its point on surface and area.
 * FALSE when it must be skipped (the reason is reported). */
static gboolean
gm_import_job_clean_area (GmReader      *r,
                          OGRGeometryH   ogr,
                          GmFeatureItem *item,
                          GmFeatureGeom *out)
{
  GEOSContextHandle_t ctx = r->geos;
  int size = OGR_G_WkbSize (ogr);
  g_autofree unsigned char *wkb = g_malloc (size);
  g_auto(GmGeos) g = { ctx, NULL };
  g_auto(GmGeos) polygons = { ctx, NULL };
  gboolean repaired = FALSE;
  g_autofree char *reason = NULL;

  OGR_G_ExportToIsoWkb (ogr, wkbNDR, wkb);
  g.geom = GEOSGeomFromWKB_buf_r (ctx, wkb, size);
  if (g.geom == NULL)
    {
      gm_item_skip (item, _("the geometry is malformed"));
      return FALSE;
    }
  polygons.geom = gm_geos_valid_polygons (r, g.geom, &repaired, &reason);
  if (!gm_area_anchor (ctx, polygons.geom != NULL || repaired ? polygons.geom : g.geom,
                       repaired, reason, item, out))
    return FALSE;
  /* A valid polygon is stored from its original WKB; only a repaired or
   * regrouped one goes through GEOS's writer. */
  if (!(polygons.geom != NULL ? gm_feature_geom_set_geos (out, ctx, polygons.geom, GM_GEOM_AREA)
                              : gm_feature_geom_set_wkb (out, wkb, size, GM_GEOM_AREA)))
    {
      gm_item_skip (item, _("the outline cannot be stored"));
      return FALSE;
    }
  out->area_m2 = gm_feature_geom_area (out);
  if (repaired)
    gm_item_issue (item, GM_IMPORT_ISSUE_REPAIRED, _("outline repaired: %s"), reason);
  return TRUE;
}

static gboolean
gm_feature_geom_set_from_ogr (GmFeatureGeom *out,
                              OGRGeometryH   ogr,
                              GmGeomClass    geom_class)
{
  int size = OGR_G_WkbSize (ogr);
  g_autofree unsigned char *wkb = g_malloc (size);

  if (OGR_G_ExportToIsoWkb (ogr, wkbNDR, wkb) != OGRERR_NONE)
    return FALSE;
  if (geom_class == GM_GEOM_POINT)
    {
      out->x = OGR_G_GetX (ogr, 0);
      out->y = OGR_G_GetY (ogr, 0);
    }
  if (!gm_feature_geom_set_wkb (out, wkb, size, geom_class))
    return FALSE;
  /* A line's place, for the checks of where features lie: the middle of
   * its bounding box. */
  if (geom_class == GM_GEOM_LINE)
    {
      out->x = (out->min_x + out->max_x) / 2.0;
      out->y = (out->min_y + out->max_y) / 2.0;
    }
  return TRUE;
}

static gboolean
gm_geometry_in_lonlat_range (OGRGeometryH geom)
{
  OGREnvelope env;

  OGR_G_GetEnvelope (geom, &env);
  return env.MinX >= -180.0 && env.MaxX <= 180.0 && env.MinY >= -90.0 && env.MaxY <= 90.0
         && isfinite (env.MinX) && isfinite (env.MaxY);
}

/* The geometry of a point or table kind: a point, or a point inside an
 * area (with a note), or nothing. */
static gboolean
gm_import_job_point_of (GmReader   *r,
                        OGRGeometryH   geom,
                        GmFeatureItem *item,
                        GmFeatureGeom *out)
{
  GmImportJob *job = r->job;
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));

  /* A hazard is one place. A multipoint of one point is that point; of
   * several, the first is taken, and the others named, rather than a
   * made-up point between them. */
  if (type == wkbMultiPoint && OGR_G_GetGeometryCount (geom) >= 1)
    {
      int n = OGR_G_GetGeometryCount (geom);

      geom = OGR_G_GetGeometryRef (geom, 0);
      type = wkbFlatten (OGR_G_GetGeometryType (geom));
      if (n > 1 && job->writer->geom_class != GM_GEOM_NONE)
        gm_item_warn (item, ngettext ("has %d point; the first (%.6f, %.6f) was used",
                                      "has %d points; the first (%.6f, %.6f) was used", n),
                      n, OGR_G_GetX (geom, 0), OGR_G_GetY (geom, 0));
    }
  /* Spreadsheets write 0 for a missing coordinate; nothing real is at 0,0. */
  if (type == wkbPoint && OGR_G_GetX (geom, 0) == 0.0 && OGR_G_GetY (geom, 0) == 0.0)
    {
      /* A row of a list is kept without a place; a map's point is not. */
      if (!job->map_layer)
        gm_item_warn (item, _("its coordinates are 0, 0 — they are probably missing and were left out"));
      else if (job->writer->geom_class != GM_GEOM_NONE)
        gm_item_skip (item, _("is at longitude 0, latitude 0 — its coordinates are probably missing"));
      return FALSE;
    }
  if (type == wkbPoint)
    return gm_feature_geom_set_from_ogr (out, geom, GM_GEOM_POINT);
  if (job->writer->geom_class == GM_GEOM_NONE)
    return FALSE;   /* a table's other geometry does not matter */

  if (type == wkbPolygon || type == wkbMultiPolygon)
    {
      g_auto(OGRGeometryH) inside = OGR_G_PointOnSurface (geom);

      if (inside != NULL && gm_feature_geom_set_from_ogr (out, inside, GM_GEOM_POINT))
        {
          gm_item_warn (item, _("is %s; it was placed at a point inside it"),
                              gm_geometry_noun (type));
          return TRUE;
        }
    }
  return FALSE;
}

/* Linearised, 2D, in WGS 84 lon/lat: the geometry, or NULL when it cannot
 * be placed (the reason is on @item). */
static OGRGeometryH
gm_import_job_place (GmReader   *r,
                     OGRGeometryH   geom,
                     GmFeatureItem *item)
{
  GmImportJob *job = r->job;
  if (OGR_G_HasCurveGeometry (geom, TRUE))
    {
      OGRGeometryH linear = OGR_G_GetLinearGeometry (geom, 0, NULL);

      OGR_G_DestroyGeometry (geom);
      geom = linear;
    }
  OGR_G_FlattenTo2D (geom);
  OGR_G_Set3D (geom, FALSE);
  OGR_G_SetMeasured (geom, FALSE);

  if ((r->to_wgs84 != NULL && OGR_G_Transform (geom, r->to_wgs84) != OGRERR_NONE)
      || !gm_geometry_in_lonlat_range (geom))
    {
      /* A table's rows (residents) only use a location to find their
       * building: without one they are still imported. */
      if (job->writer->geom_class == GM_GEOM_NONE)
        gm_item_warn (item, _("has a location outside the range of longitude/latitude; it was ignored"));
      else
        gm_item_skip (item, _("lies outside the range of longitude/latitude — the coordinate system is probably wrong"));
      OGR_G_DestroyGeometry (geom);
      return NULL;
    }
  gm_geometry_unshift (geom, job->options->shift);
  return geom;
}

/* The geometry as the kind of data needs it, or NULL with the reason. */
static GmFeatureGeom *
gm_import_job_shape (GmReader   *r,
                     OGRGeometryH  *geom,
                     GmFeatureItem *item)
{
  GmImportJob *job = r->job;
  GmGeomClass want = job->writer->geom_class;
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (*geom));
  g_autoptr(GmFeatureGeom) out = g_new0 (GmFeatureGeom, 1);
  OGRGeometryH area;

  if (want == GM_GEOM_AREA && (type == wkbLineString || type == wkbMultiLineString)
      && (area = gm_closed_lines_to_area (*geom)) != NULL)
    {
      gm_item_warn (item, _("is a closed line (as CAD drawings make outlines); read as the area it encloses"));
      OGR_G_DestroyGeometry (*geom);
      *geom = area;
      type = wkbMultiPolygon;
    }
  if (want == GM_GEOM_AREA && (type == wkbPolygon || type == wkbMultiPolygon))
    return gm_area_tidy_rings (geom, item) && gm_import_job_clean_area (r, *geom, item, out)
           ? g_steal_pointer (&out) : NULL;
  if (want == GM_GEOM_AREA && type == wkbGeometryCollection)
    return gm_import_job_clean_area (r, *geom, item, out) ? g_steal_pointer (&out) : NULL;
  if (want == GM_GEOM_LINE && (type == wkbLineString || type == wkbMultiLineString))
    {
      if (!OGR_G_IsValid (*geom) || OGR_G_Length (*geom) <= 0.0)
        {
          gm_item_skip (item, _("the line has fewer than two distinct points"));
          return NULL;
        }
      *geom = OGR_G_ForceToMultiLineString (*geom);
      return gm_feature_geom_set_from_ogr (out, *geom, GM_GEOM_LINE) ? g_steal_pointer (&out) : NULL;
    }
  if (want == GM_GEOM_POINT || want == GM_GEOM_NONE)
    {
      if (gm_import_job_point_of (r, *geom, item, out))
        return g_steal_pointer (&out);
      /* A point that was not taken (at 0, 0) has its reason already. */
      if (want == GM_GEOM_NONE || item->skipped || gm_geometry_kind (*geom) == GM_KIND_POINT)
        return NULL;
    }
  item->wrong_geometry = TRUE;
  gm_item_skip (item, _("is %s, but %s need %s"),
                gm_geometry_noun (type),
                gm_import_kind_get_label (job->options->kind),
                want == GM_GEOM_AREA ? _("areas (polygons)")
                : want == GM_GEOM_LINE ? _("lines") : _("points"));
  return NULL;
}

/* Takes the feature's geometry and returns it ready to store, or NULL when
 * there is none to store (a skipped feature has its reason in the report). */
static GmFeatureGeom *
gm_import_job_prepare_geometry (GmReader   *r,
                                OGRFeatureH    feature,
                                GmFeatureItem *item)
{
  GmImportJob *job = r->job;
  g_auto(OGRGeometryH) geom = job->ignore_geometry ? NULL
                              : job->x_field >= 0 ? gm_feature_xy_point (feature, job->x_field, job->y_field)
                              : OGR_F_StealGeometry (feature);

  if (geom == NULL || OGR_G_IsEmpty (geom))
    {
      if (!job->writer->geometry_optional)
        gm_item_skip (item, geom == NULL ? _("has no geometry (a null shape)")
                                         : _("has an empty geometry (no coordinates)"));
      return NULL;
    }
  if (gm_geometry_kind (geom) == GM_KIND_SURFACE)
    {
      gm_item_skip (item, _("is a 3D surface (a TIN or multipatch model), which Gridmap cannot use — export the outlines (footprints) as polygons"));
      return NULL;
    }
  geom = gm_import_job_place (r, g_steal_pointer (&geom), item);
  if (geom == NULL)
    return NULL;
  return gm_import_job_shape (r, &geom, item);
}

/**
 * gm_import_job_read_feature:
 * @job: the import
 * @feature: (transfer full): a source feature
 *
 * Reads one feature into an item for the writing thread. Uses only what
 * the job set up before reading started, so it can run in another thread.
 *
 * Returns: (transfer full): the item
 */
GmFeatureItem *
gm_import_job_read_feature (GmReader *r,
                            OGRFeatureH  feature)
{
  GmFeatureItem *item = g_new0 (GmFeatureItem, 1);

  item->fid = OGR_F_GetFID (feature);
  if (item->fid == r->job->header_fid)
    {
      item->header = TRUE;
      OGR_F_Destroy (feature);
      return item;
    }
  gm_import_job_read_values (r, feature, item);
  item->geom = gm_import_job_prepare_geometry (r, feature, item);
  OGR_F_Destroy (feature);
  return item;
}
