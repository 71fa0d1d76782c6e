/* gm-import-shape.c — geometry as files deliver it, made into what it
 * means, before it is checked with GEOS.
 *
 * What each kind of data may be (a point, a line, an area, a 3D surface),
 * rings that are not closed or that have too few points to enclose
 * anything, outlines drawn as closed lines by CAD programs, and
 * coordinates from Chinese web maps shifted back to WGS 84.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-coord-shift.h"
#include "gm-import-job.h"

static GmGeometryKind
gm_kind_of_type (OGRwkbGeometryType type)
{
  switch (wkbFlatten (type))
    {
    case wkbPoint:
    case wkbMultiPoint:
      return GM_KIND_POINT;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return GM_KIND_LINE;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return GM_KIND_AREA;
    case wkbTIN:
    case wkbPolyhedralSurface:
    case wkbTriangle:
      return GM_KIND_SURFACE;
    default:
      return GM_KIND_NONE;
    }
}

/**
 * gm_geometry_kind:
 * @geom: (nullable): a geometry
 *
 * Returns: what @geom is; a collection is the most demanding kind among its
 *   members (a surface, else an area, a line, a point)
 */
GmGeometryKind
gm_geometry_kind (OGRGeometryH geom)
{
  GmGeometryKind kind = GM_KIND_NONE;

  if (geom == NULL || OGR_G_IsEmpty (geom))
    return GM_KIND_NONE;
  if (wkbFlatten (OGR_G_GetGeometryType (geom)) != wkbGeometryCollection)
    return gm_kind_of_type (OGR_G_GetGeometryType (geom));
  for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
    kind = MAX (kind, gm_geometry_kind (OGR_G_GetGeometryRef (geom, i)));
  return kind;
}

/* ---- rings ----------------------------------------------------------------------- */

/* A ring encloses something only with three distinct corners. */
static gboolean
gm_ring_is_degenerate (OGRGeometryH ring)
{
  int n = OGR_G_GetPointCount (ring);
  double x[3], y[3];
  int distinct = 0;

  for (int i = 0; i < n && distinct < 3; i++)
    {
      double px = OGR_G_GetX (ring, i), py = OGR_G_GetY (ring, i);
      gboolean seen = FALSE;

      for (int d = 0; d < distinct && !seen; d++)
        seen = x[d] == px && y[d] == py;
      if (!seen)
        {
          x[distinct] = px;
          y[distinct] = py;
          distinct++;
        }
    }
  return distinct < 3;
}

static gboolean
gm_ring_is_closed (OGRGeometryH ring)
{
  int n = OGR_G_GetPointCount (ring);

  return n > 0 && OGR_G_GetX (ring, 0) == OGR_G_GetX (ring, n - 1)
         && OGR_G_GetY (ring, 0) == OGR_G_GetY (ring, n - 1);
}

/* A copy of @polygon without the rings that enclose nothing, or NULL when
 * its outline itself encloses nothing. */
static OGRGeometryH
gm_polygon_without_degenerate (OGRGeometryH  polygon,
                               int          *removed)
{
  OGRGeometryH out;
  int n = OGR_G_GetGeometryCount (polygon);

  if (n == 0 || gm_ring_is_degenerate (OGR_G_GetGeometryRef (polygon, 0)))
    {
      *removed += MAX (n, 1);
      return NULL;
    }
  out = OGR_G_CreateGeometry (wkbPolygon);
  for (int i = 0; i < n; i++)
    {
      OGRGeometryH ring = OGR_G_GetGeometryRef (polygon, i);

      if (i > 0 && gm_ring_is_degenerate (ring))
        (*removed)++;
      else
        OGR_G_AddGeometry (out, ring);
    }
  return out;
}

/* Every ring closed and enclosing something: nothing to do, the common
 * case, checked without copying anything. */
static gboolean
gm_area_rings_fine (OGRGeometryH geom)
{
  gboolean multi = wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbMultiPolygon;
  int parts = multi ? OGR_G_GetGeometryCount (geom) : 1;

  for (int p = 0; p < parts; p++)
    {
      OGRGeometryH polygon = multi ? OGR_G_GetGeometryRef (geom, p) : geom;
      int rings = OGR_G_GetGeometryCount (polygon);

      if (rings == 0)
        return FALSE;
      for (int r = 0; r < rings; r++)
        {
          OGRGeometryH ring = OGR_G_GetGeometryRef (polygon, r);

          if (!gm_ring_is_closed (ring) || gm_ring_is_degenerate (ring))
            return FALSE;
        }
    }
  return TRUE;
}

/* Closes @out's rings when one was open and says what was done; FALSE
 * when nothing with an area is left. */
static gboolean
gm_area_tidy_report (OGRGeometryH   out,
                     gboolean       unclosed,
                     int            removed,
                     double         x,
                     double         y,
                     GmFeatureItem *item)
{
  if (OGR_G_GetGeometryCount (out) == 0)
    {
      gm_item_skip (item, _("the outline has fewer than three distinct points and encloses no area (near %.6f, %.6f)"), x, y);
      return FALSE;
    }
  if (unclosed)
    {
      OGR_G_CloseRings (out);
      gm_item_issue (item, GM_IMPORT_ISSUE_REPAIRED, _("a ring of the outline was not closed; it was closed (near %.6f, %.6f)"), x, y);
    }
  if (removed > 0)
    gm_item_issue (item, GM_IMPORT_ISSUE_REPAIRED,
                   ngettext ("%d ring with fewer than three distinct points (it encloses nothing) was removed (near %.6f, %.6f)",
                             "%d rings with fewer than three distinct points (they enclose nothing) were removed (near %.6f, %.6f)",
                             removed),
                   removed, x, y);
  return TRUE;
}

/**
 * gm_area_tidy_rings:
 * @geom: (inout) (transfer full): a polygon or multipolygon in lon/lat
 * @item: the feature, which is told what was done
 *
 * Closes rings that are not closed and removes those with fewer than three
 * distinct points (they enclose nothing: a "2-point ring").
 *
 * Returns: %FALSE when nothing with an area is left (@item is skipped)
 */
gboolean
gm_area_tidy_rings (OGRGeometryH  *geom,
                    GmFeatureItem *item)
{
  gboolean multi = wkbFlatten (OGR_G_GetGeometryType (*geom)) == wkbMultiPolygon;
  int parts = multi ? OGR_G_GetGeometryCount (*geom) : 1;
  g_auto(OGRGeometryH) out = NULL;
  gboolean unclosed = FALSE;
  int removed = 0;
  double x = 0, y = 0;

  if (gm_area_rings_fine (*geom))
    return TRUE;
  out = OGR_G_CreateGeometry (wkbMultiPolygon);
  for (int p = 0; p < parts; p++)
    {
      OGRGeometryH polygon = multi ? OGR_G_GetGeometryRef (*geom, p) : *geom;
      OGRGeometryH kept;

      for (int r = 0; r < OGR_G_GetGeometryCount (polygon); r++)
        unclosed |= !gm_ring_is_closed (OGR_G_GetGeometryRef (polygon, r));
      if (OGR_G_GetGeometryCount (polygon) > 0 && OGR_G_GetPointCount (OGR_G_GetGeometryRef (polygon, 0)) > 0)
        {
          x = OGR_G_GetX (OGR_G_GetGeometryRef (polygon, 0), 0);
          y = OGR_G_GetY (OGR_G_GetGeometryRef (polygon, 0), 0);
        }
      kept = gm_polygon_without_degenerate (polygon, &removed);
      if (kept != NULL)
        OGR_G_AddGeometryDirectly (out, kept);
    }
  if (!gm_area_tidy_report (out, unclosed, removed, x, y, item))
    return FALSE;
  OGR_G_DestroyGeometry (*geom);
  *geom = g_steal_pointer (&out);
  return TRUE;
}

/* CAD files draw outlines as closed polylines, which OGR reads as lines.
 * When every line of @geom is closed around an area, the area. */
OGRGeometryH
gm_closed_lines_to_area (OGRGeometryH geom)
{
  gboolean multi = wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbMultiLineString;
  int n = multi ? OGR_G_GetGeometryCount (geom) : 1;
  OGRGeometryH area = OGR_G_CreateGeometry (wkbMultiPolygon);

  for (int i = 0; i < n; i++)
    {
      OGRGeometryH line = multi ? OGR_G_GetGeometryRef (geom, i) : geom;
      int points = OGR_G_GetPointCount (line);
      OGRGeometryH ring, polygon;

      if (points < 4 || !gm_ring_is_closed (line))
        {
          OGR_G_DestroyGeometry (area);
          return NULL;
        }
      ring = OGR_G_CreateGeometry (wkbLinearRing);
      for (int p = 0; p < points; p++)
        OGR_G_AddPoint_2D (ring, OGR_G_GetX (line, p), OGR_G_GetY (line, p));
      polygon = OGR_G_CreateGeometry (wkbPolygon);
      OGR_G_AddGeometryDirectly (polygon, ring);
      OGR_G_AddGeometryDirectly (area, polygon);
    }
  return area;
}

/* ---- Chinese web-map coordinates -------------------------------------------------- */

/**
 * gm_geometry_unshift:
 * @geom: a geometry in GCJ-02 or BD-09 longitude/latitude
 * @shift: which
 *
 * Moves every vertex of @geom to WGS 84.
 */
void
gm_geometry_unshift (OGRGeometryH geom,
                     GmCoordShift shift)
{
  int n = OGR_G_GetGeometryCount (geom);

  if (shift == GM_SHIFT_NONE)
    return;
  for (int i = 0; i < n; i++)
    gm_geometry_unshift (OGR_G_GetGeometryRef (geom, i), shift);
  n = n > 0 ? 0 : OGR_G_GetPointCount (geom);
  for (int i = 0; i < n; i++)
    {
      double lon = OGR_G_GetX (geom, i), lat = OGR_G_GetY (geom, i);

      if (shift == GM_SHIFT_GCJ02)
        gm_gcj02_to_wgs84 (lon, lat, &lon, &lat);
      else
        gm_bd09_to_wgs84 (lon, lat, &lon, &lat);
      OGR_G_SetPoint_2D (geom, i, lon, lat);
    }
}

gboolean
gm_coord_shift_from_string (const char   *text,
                            GmCoordShift *out)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  if (g_strcmp0 (lower, "gcj02") == 0 || g_strcmp0 (lower, "gcj-02") == 0)
    *out = GM_SHIFT_GCJ02;
  else if (g_strcmp0 (lower, "bd09") == 0 || g_strcmp0 (lower, "bd-09") == 0)
    *out = GM_SHIFT_BD09;
  else if (g_strcmp0 (lower, "none") == 0 || g_strcmp0 (lower, "wgs84") == 0)
    *out = GM_SHIFT_NONE;
  else
    return FALSE;
  return TRUE;
}
