/* gm-import-blob.c — SpatiaLite geometry blobs written straight from WKB.
 *
 * Every feature of an import arrives as WKB (from OGR, or from GEOS after a
 * repair) and leaves as a SpatiaLite blob. The two carry a polygon's rings
 * in the same layout (a count, then x, y doubles), so the blob is written
 * by copying the rings behind SpatiaLite's header — its documented "BLOB
 * geometry" format: 0x00, byte order, SRID, the bounding box, 0x7C, the
 * class; each part of a collection behind 0x69 and its class; 0xFE — while
 * the bounding box and the area are computed on the way. Going through
 * gaiaGeomColl instead meant four copies of every coordinate.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include <geodesic.h>

#include "gm-import-job.h"

#define WGS84_A  6378137.0
#define WGS84_E2 0.00669437999014

enum { CLASS_POINT = 1, CLASS_LINESTRING = 2, CLASS_POLYGON = 3,
       CLASS_MULTILINESTRING = 5, CLASS_MULTIPOLYGON = 6 };

/* ---- reading WKB ------------------------------------------------------------------- */

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      swap;    /* big-endian WKB */
} GmWkb;

static gboolean
gm_wkb_u32 (GmWkb   *w,
            guint32 *out)
{
  guint32 v;

  if (w->end - w->p < 4)
    return FALSE;
  memcpy (&v, w->p, 4);
  w->p += 4;
  *out = w->swap ? GUINT32_SWAP_LE_BE (v) : v;
  return TRUE;
}

/* The byte order and type of the geometry at @w. */
static gboolean
gm_wkb_header (GmWkb   *w,
               guint32 *type)
{
  if (w->end - w->p < 5 || w->p[0] > 1)
    return FALSE;
  w->swap = w->p[0] == 0;   /* XDR */
  w->p++;
  return gm_wkb_u32 (w, type);
}

/* ---- writing blobs ------------------------------------------------------------------- */

static void
gm_put_u32 (GByteArray *out,
            guint32     v)
{
  guint32 le = GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &le, 4);
}

static void
gm_put_double (GByteArray *out,
               double      v)
{
  g_byte_array_append (out, (const guint8 *) &v, 8);   /* little-endian machines only */
}

static void
gm_mbr_add (GmFeatureGeom *g,
            double         x,
            double         y)
{
  g->min_x = MIN (g->min_x, x);
  g->min_y = MIN (g->min_y, y);
  g->max_x = MAX (g->max_x, x);
  g->max_y = MAX (g->max_y, y);
}

/* Copies @n points from @w to @out, extending the box of @g. */
static gboolean
gm_copy_points (GmWkb         *w,
                guint32        n,
                GByteArray    *out,
                GmFeatureGeom *g)
{
  if ((gsize) (w->end - w->p) < (gsize) n * 16)
    return FALSE;
  for (guint32 i = 0; i < n; i++, w->p += 16)
    {
      double xy[2];

      memcpy (xy, w->p, 16);
      if (w->swap)
        for (int k = 0; k < 2; k++)
          {
            guint64 bits;

            memcpy (&bits, &xy[k], 8);
            bits = GUINT64_SWAP_LE_BE (bits);
            memcpy (&xy[k], &bits, 8);
          }
      gm_put_double (out, xy[0]);
      gm_put_double (out, xy[1]);
      gm_mbr_add (g, xy[0], xy[1]);
    }
  return TRUE;
}

static gboolean
gm_copy_polygon_body (GmWkb         *w,
                      GByteArray    *out,
                      GmFeatureGeom *g)
{
  guint32 rings, n;

  if (!gm_wkb_u32 (w, &rings))
    return FALSE;
  gm_put_u32 (out, rings);
  for (guint32 r = 0; r < rings; r++)
    {
      if (!gm_wkb_u32 (w, &n))
        return FALSE;
      gm_put_u32 (out, n);
      if (!gm_copy_points (w, n, out, g))
        return FALSE;
    }
  return TRUE;
}

static gboolean
gm_copy_line_body (GmWkb         *w,
                   GByteArray    *out,
                   GmFeatureGeom *g)
{
  guint32 n;

  if (!gm_wkb_u32 (w, &n))
    return FALSE;
  gm_put_u32 (out, n);
  return gm_copy_points (w, n, out, g);
}

/* The parts of a (multi)polygon or (multi)line at @w, each behind 0x69 and
 * its class; the number of parts is patched in at @count_at. */
static gboolean
gm_copy_parts (GmWkb         *w,
               guint32        part_class,
               GByteArray    *out,
               gsize          count_at,
               GmFeatureGeom *g)
{
  guint32 type, parts = 1, written = 0;
  gboolean multi;

  if (!gm_wkb_header (w, &type))
    return FALSE;
  type %= 1000;
  multi = type == part_class + 3;
  if (!multi && type != part_class)
    return FALSE;
  if (multi && !gm_wkb_u32 (w, &parts))
    return FALSE;
  for (guint32 i = 0; i < parts; i++, written++)
    {
      if (multi && (!gm_wkb_header (w, &type) || type % 1000 != part_class))
        return FALSE;
      g_byte_array_append (out, (const guint8 *) "\x69", 1);
      gm_put_u32 (out, part_class);
      if (!(part_class == CLASS_POLYGON ? gm_copy_polygon_body (w, out, g) : gm_copy_line_body (w, out, g)))
        return FALSE;
    }
  written = GUINT32_TO_LE (written);
  memcpy (out->data + count_at, &written, 4);
  return TRUE;
}

/* Fills in the blob's header once the box is known. */
static void
gm_blob_finish (GByteArray    *out,
                GmFeatureGeom *g)
{
  double box[4] = { g->min_x, g->min_y, g->max_x, g->max_y };

  memcpy (out->data + 6, box, sizeof box);
  g_byte_array_append (out, (const guint8 *) "\xfe", 1);
  g->blob_size = out->len;
  g->blob = g_byte_array_free (out, FALSE);
}

static GByteArray *
gm_blob_start (guint32 blob_class)
{
  GByteArray *out = g_byte_array_sized_new (256);
  guint8 head[39] = { 0x00, 0x01 };
  guint32 srid = GUINT32_TO_LE (4326);

  memcpy (head + 2, &srid, 4);
  head[38] = 0x7C;
  g_byte_array_append (out, head, sizeof head);
  gm_put_u32 (out, blob_class);
  return out;
}

/**
 * gm_feature_geom_set_wkb:
 * @g: where the result goes
 * @wkb: 2D WKB of a point, a (multi)line or a (multi)polygon, in lon/lat
 * @size: its length
 * @geom_class: what to store it as
 *
 * Writes the SpatiaLite blob of @wkb as a POINT, MULTILINESTRING or
 * MULTIPOLYGON, with its bounding box.
 *
 * Returns: %FALSE when @wkb is not of that kind or is cut short
 */
gboolean
gm_feature_geom_set_wkb (GmFeatureGeom *g,
                         const guint8  *wkb,
                         gsize          size,
                         GmGeomClass    geom_class)
{
  GmWkb w = { wkb, wkb + size, FALSE };
  guint32 blob_class = geom_class == GM_GEOM_AREA ? CLASS_MULTIPOLYGON
                       : geom_class == GM_GEOM_LINE ? CLASS_MULTILINESTRING : CLASS_POINT;
  GByteArray *out = gm_blob_start (blob_class);
  guint32 type;
  gsize count_at = out->len;

  g->min_x = g->min_y = INFINITY;
  g->max_x = g->max_y = -INFINITY;
  if (blob_class == CLASS_POINT)
    {
      gboolean ok = gm_wkb_header (&w, &type) && type % 1000 == CLASS_POINT
                    && gm_copy_points (&w, 1, out, g);

      if (!ok)
        return (g_byte_array_unref (out), FALSE);
      gm_blob_finish (out, g);
      return TRUE;
    }
  gm_put_u32 (out, 0);   /* the number of parts, patched */
  if (!gm_copy_parts (&w, blob_class == CLASS_MULTIPOLYGON ? CLASS_POLYGON : CLASS_LINESTRING,
                      out, count_at, g))
    return (g_byte_array_unref (out), FALSE);
  gm_blob_finish (out, g);
  return TRUE;
}

/* ---- areas ----------------------------------------------------------------------------- */

/* A ring's area in m² in the sinusoidal projection (equal-area) built on
 * the ellipsoid's radii of curvature at latitude @lat0: for an outline of
 * a kilometre, within a few parts in a million of the geodesic area, and
 * a hundred times cheaper to compute. */
static double
gm_ring_area_local (const double *xy,
                    guint32       n,
                    double        lat0)
{
  double s = sin (lat0 * G_PI / 180), w = 1 - WGS84_E2 * s * s;
  double rn = WGS84_A / sqrt (w);                         /* prime vertical radius */
  double rm = WGS84_A * (1 - WGS84_E2) / (w * sqrt (w));  /* meridian radius */
  double k = G_PI / 180, total = 0;

  for (guint32 i = 0; i < n; i++)
    {
      guint32 j = (i + 1) % n;
      double xi = rn * cos (xy[2 * i + 1] * k) * xy[2 * i] * k, yi = rm * (xy[2 * i + 1] - lat0) * k;
      double xj = rn * cos (xy[2 * j + 1] * k) * xy[2 * j] * k, yj = rm * (xy[2 * j + 1] - lat0) * k;

      total += xi * yj - xj * yi;
    }
  return fabs (total) / 2;
}

/* Geodesic area of a ring on the WGS 84 ellipsoid (Karney's method, as
 * PROJ ships it): exact for any size. */
static double
gm_ring_area_geodesic (const double *xy,
                       guint32       n)
{
  static struct geod_geodesic wgs84;
  static gsize initialized = 0;
  g_autofree double *lats = g_new (double, n);
  g_autofree double *lons = g_new (double, n);
  double area = 0.0;

  if (g_once_init_enter (&initialized))
    {
      geod_init (&wgs84, WGS84_A, 1 / 298.257223563);
      g_once_init_leave (&initialized, 1);
    }
  for (guint32 i = 0; i < n; i++)
    {
      lons[i] = xy[2 * i];
      lats[i] = xy[2 * i + 1];
    }
  geod_polygonarea (&wgs84, lats, lons, n, &area, NULL);
  return fabs (area);
}

/**
 * gm_feature_geom_area:
 * @g: a MULTIPOLYGON written by gm_feature_geom_set_wkb()
 *
 * Returns: the area on the WGS 84 ellipsoid in m²: outlines under about a
 *   kilometre by the local equal-area formula, others geodesically
 */
double
gm_feature_geom_area (const GmFeatureGeom *g)
{
  const guint8 *p = g->blob + 43;   /* the header and the number of parts */
  gboolean small = g->max_x - g->min_x < 0.01 && g->max_y - g->min_y < 0.01;
  double lat0 = (g->min_y + g->max_y) / 2, total = 0;
  guint32 parts, rings, n;

  memcpy (&parts, p, 4);
  p += 4;
  for (guint32 i = 0; i < parts; i++)
    {
      memcpy (&rings, p + 5, 4);
      p += 9;
      for (guint32 r = 0; r < rings; r++)
        {
          g_autofree double *xy = NULL;
          double a;

          memcpy (&n, p, 4);
          xy = g_memdup2 (p + 4, (gsize) n * 16);   /* aligned for reading */
          p += 4 + (gsize) n * 16;
          a = small ? gm_ring_area_local (xy, n, lat0) : gm_ring_area_geodesic (xy, n);
          total += r == 0 ? a : -a;
        }
    }
  return total;
}

/**
 * gm_blob_point:
 * @x: longitude
 * @y: latitude
 * @size: (out): the blob's length
 *
 * Returns: (transfer full): the SpatiaLite blob of POINT(x y) in EPSG:4326
 */
guint8 *
gm_blob_point (double  x,
               double  y,
               gsize  *size)
{
  GmFeatureGeom g = { 0 };
  GByteArray *out = gm_blob_start (CLASS_POINT);

  g.min_x = g.max_x = x;
  g.min_y = g.max_y = y;
  gm_put_double (out, x);
  gm_put_double (out, y);
  gm_blob_finish (out, &g);
  *size = g.blob_size;
  return g.blob;
}
