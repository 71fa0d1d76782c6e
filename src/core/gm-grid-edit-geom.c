/* gm-grid-edit-geom.c — geometry that keeps the grids a coverage.
 *
 * Grids are rebuilt, never cut one by one: the boundaries of the grids an
 * operation touches, the community boundary and the user's line are noded
 * together (GEOS unary union) and polygonized, and each face goes whole to
 * one grid. Neighbouring results therefore share their edges vertex for
 * vertex, and no face can be in two grids or in none. Validation then
 * compares the result with what the grids covered before.
 *
 * Work is in metres on a local frame that is an affine map of longitude and
 * latitude (metres per degree at the community's centre), so a straight
 * edge here is the same straight edge in the project's EPSG:4326: a vertex
 * put on a boundary here lies on it there too, and SpatiaLite sees the same
 * coverage. Across a community (a few km) the scale varies by well under
 * 1 %, which matters for tolerances and never for exactness. Vertices read
 * from the project remember their exact longitude/latitude, so a grid
 * written back shares its unchanged vertices bit for bit with the grids
 * that were not rewritten.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gm-grid-edit-private.h"

/* ---- coordinates ---------------------------------------------------------- */

guint
gm_xy_hash (gconstpointer key)
{
  guint64 bits[2];

  memcpy (bits, key, sizeof bits);
  return g_int64_hash (&bits[0]) * 31 + g_int64_hash (&bits[1]);
}

gboolean
gm_xy_equal (gconstpointer a,
             gconstpointer b)
{
  return memcmp (a, b, sizeof (GmXY)) == 0;
}

/* WGS 84 */
#define GM_WGS84_A  6378137.0
#define GM_WGS84_E2 0.00669437999014

void
gm_grid_edit_set_frame (GmGridEdit *self,
                        double      lon0,
                        double      lat0)
{
  double phi = lat0 * G_PI / 180;
  double w = 1 - GM_WGS84_E2 * sin (phi) * sin (phi);

  self->lon0 = lon0;
  self->lat0 = lat0;
  /* The radii of curvature along the meridian and the parallel. */
  self->ky = GM_WGS84_A * (1 - GM_WGS84_E2) / pow (w, 1.5) * G_PI / 180;
  self->kx = GM_WGS84_A / sqrt (w) * cos (phi) * G_PI / 180;
}

void
gm_grid_edit_to_metres (GmGridEdit *self,
                        double      lon,
                        double      lat,
                        double     *x,
                        double     *y)
{
  *x = (lon - self->lon0) * self->kx;
  *y = (lat - self->lat0) * self->ky;
}

void
gm_grid_edit_to_lonlat (GmGridEdit *self,
                        double      x,
                        double      y,
                        double     *lon,
                        double     *lat)
{
  GmXY key = { x, y };
  const GmXY *known = g_hash_table_lookup (self->lonlat_of, &key);

  if (known != NULL)
    {
      *lon = known->x;
      *lat = known->y;
      return;
    }
  *lon = self->lon0 + x / self->kx;
  *lat = self->lat0 + y / self->ky;
}

typedef struct
{
  GmGridEdit *self;
  gboolean    remember;
} GmToMetres;

static int
gm_transform_to_metres (double *x,
                        double *y,
                        void   *user_data)
{
  GmToMetres *data = user_data;
  GmXY lonlat = { *x, *y };

  gm_grid_edit_to_metres (data->self, *x, *y, x, y);
  if (data->remember)
    {
      GmXY metres = { *x, *y };

      g_hash_table_replace (data->self->lonlat_of, g_memdup2 (&metres, sizeof metres),
                            g_memdup2 (&lonlat, sizeof lonlat));
    }
  return 1;
}

static int
gm_transform_to_lonlat (double *x,
                        double *y,
                        void   *user_data)
{
  gm_grid_edit_to_lonlat (user_data, *x, *y, x, y);
  return 1;
}

/* A copy of @geom in metres; with @remember, its vertices map back to the
 * exact longitudes and latitudes they came from. */
GEOSGeometry *
gm_grid_edit_geom_to_metres (GmGridEdit         *self,
                             const GEOSGeometry *geom,
                             gboolean            remember)
{
  GmToMetres data = { self, remember };

  return GEOSGeom_transformXY_r (self->ctx, geom, gm_transform_to_metres, &data);
}

GEOSGeometry *
gm_grid_edit_geom_to_lonlat (GmGridEdit         *self,
                             const GEOSGeometry *geom)
{
  return GEOSGeom_transformXY_r (self->ctx, geom, gm_transform_to_lonlat, self);
}

GBytes *
gm_grid_edit_wkb (GmGridEdit         *self,
                  const GEOSGeometry *geom)
{
  size_t size = 0;
  unsigned char *buf = GEOSGeomToWKB_buf_r (self->ctx, geom, &size);
  GBytes *bytes;

  if (buf == NULL)
    return NULL;
  bytes = g_bytes_new (buf, size);
  GEOSFree_r (self->ctx, buf);
  return bytes;
}

double
gm_grid_edit_area (GmGridEdit         *self,
                   const GEOSGeometry *geom)
{
  double area = 0;

  if (geom == NULL || GEOSArea_r (self->ctx, geom, &area) == 0)
    return 0;
  return area;
}

void
gm_grid_edit_free_geoms (GmGridEdit    *self,
                         GEOSGeometry **geoms,
                         guint          n)
{
  if (geoms == NULL)
    return;
  for (guint i = 0; i < n; i++)
    if (geoms[i] != NULL)
      GEOSGeom_destroy_r (self->ctx, geoms[i]);
  g_free (geoms);
}

/* The coordinates of a line or ring, as x, y pairs; NULL when it has fewer
 * than @min points. */
double *
gm_grid_edit_coords (GmGridEdit         *self,
                     const GEOSGeometry *line,
                     guint               min,
                     unsigned int       *n)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (self->ctx, line);
  double *xy;

  *n = 0;
  if (seq == NULL || GEOSCoordSeq_getSize_r (self->ctx, seq, n) == 0 || *n < min)
    return NULL;
  xy = g_new (double, 2 * *n);
  GEOSCoordSeq_copyToBuffer_r (self->ctx, seq, xy, FALSE, FALSE);
  return xy;
}

/* A line (or, @closed, a polygon) in metres from @n lon/lat pairs, without
 * repeated points. */
GEOSGeometry *
gm_grid_edit_points_geom (GmGridEdit    *self,
                          const double  *lonlat,
                          guint          n_points,
                          gboolean       closed,
                          GError       **error)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (GmXY));
  GEOSCoordSequence *seq;
  GEOSGeometry *line;

  for (guint i = 0; i < n_points; i++)
    {
      GmXY p;

      if (!isfinite (lonlat[2 * i]) || !isfinite (lonlat[2 * i + 1]))
        continue;
      gm_grid_edit_to_metres (self, lonlat[2 * i], lonlat[2 * i + 1], &p.x, &p.y);
      if (xy->len > 0 && hypot (p.x - g_array_index (xy, GmXY, xy->len - 1).x,
                                p.y - g_array_index (xy, GmXY, xy->len - 1).y) < GM_EDIT_VERTEX_EPS)
        continue;
      g_array_append_val (xy, p);
    }
  if (closed && xy->len > 1
      && hypot (g_array_index (xy, GmXY, 0).x - g_array_index (xy, GmXY, xy->len - 1).x,
                g_array_index (xy, GmXY, 0).y - g_array_index (xy, GmXY, xy->len - 1).y) < GM_EDIT_VERTEX_EPS)
    g_array_set_size (xy, xy->len - 1);

  if (xy->len < (closed ? 3u : 2u))
    {
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID,
                   closed ? _("A grid needs at least three corners")
                          : _("A line needs at least two points"));
      return NULL;
    }
  if (closed)
    {
      GmXY first = g_array_index (xy, GmXY, 0);

      g_array_append_val (xy, first);
    }

  seq = GEOSCoordSeq_copyFromBuffer_r (self->ctx, (const double *) xy->data, xy->len, FALSE, FALSE);
  if (!closed)
    line = GEOSGeom_createLineString_r (self->ctx, seq);
  else if ((line = GEOSGeom_createLinearRing_r (self->ctx, seq)) != NULL)
    line = GEOSGeom_createPolygon_r (self->ctx, line, NULL, 0);
  if (line == NULL)
    gm_grid_edit_set_error_geos (self, error, _("Reading the drawing"));
  return line;
}

/* ---- rebuilding by polygonization ------------------------------------------------------ */

GEOSGeometry *
gm_grid_edit_collect (GmGridEdit *self,
                      GPtrArray  *geoms)
{
  return GEOSGeom_createCollection_r (self->ctx, GEOS_GEOMETRYCOLLECTION,
                                      (GEOSGeometry **) geoms->pdata, geoms->len);
}

/* The boundaries of @grids and @lines, noded into one set of lines. */
static GEOSGeometry *
gm_grid_edit_noded_lines (GmGridEdit         *self,
                          GArray             *grids,
                          const GEOSGeometry *lines)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GmGeos) all = { self->ctx, NULL };

  for (guint i = 0; i < grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, g_array_index (grids, guint, i));
      GEOSGeometry *outline;

      if (g->geom != NULL && (outline = GEOSBoundary_r (self->ctx, g->geom)) != NULL)
        g_ptr_array_add (parts, outline);
    }
  if (lines != NULL)
    g_ptr_array_add (parts, GEOSGeom_clone_r (self->ctx, lines));
  if (parts->len == 0)
    return NULL;
  all.geom = gm_grid_edit_collect (self, parts);
  return all.geom != NULL ? GEOSUnaryUnion_r (self->ctx, all.geom) : NULL;
}

/* The community boundary within the box of @geom, for noding with it. */
GEOSGeometry *
gm_grid_edit_community_lines_near (GmGridEdit         *self,
                                   const GEOSGeometry *geom)
{
  double x0, y0, x1, y1;

  if (GEOSGeom_getExtent_r (self->ctx, geom, &x0, &y0, &x1, &y1) == 0)
    return NULL;
  return GEOSClipByRect_r (self->ctx, self->community_outline, x0 - 1, y0 - 1, x1 + 1, y1 + 1);
}

/* The first of @grids whose current polygon contains @pt, -1 for none. */
static int
gm_grid_edit_old_grid_at (GmGridEdit         *self,
                          GArray             *grids,
                          const GEOSGeometry *pt)
{
  for (guint i = 0; i < grids->len; i++)
    {
      guint slot = g_array_index (grids, guint, i);
      GmEditGrid *g = gm_grid_edit_grid (self, slot);

      if (g->geom != NULL
          && GEOSPreparedContains_r (self->ctx, gm_grid_edit_grid_prepared (self, g), pt) == 1)
        return (int) slot;
    }
  return -1;
}

static int
gm_grid_edit_position (GArray *grids,
                       int     slot)
{
  for (guint i = 0; i < grids->len; i++)
    if ((int) g_array_index (grids, guint, i) == slot)
      return (int) i;
  return -1;
}

/* Sorts each face into the list of the grid it goes to. */
static gboolean
gm_grid_edit_label_faces (GmGridEdit         *self,
                          GArray             *grids,
                          const GEOSGeometry *faces,
                          GmFaceLabelFunc     label,
                          gpointer            user_data,
                          GPtrArray         **by_grid)
{
  int n = GEOSGetNumGeometries_r (self->ctx, faces);

  for (int f = 0; f < n; f++)
    {
      const GEOSGeometry *face = GEOSGetGeometryN_r (self->ctx, faces, f);
      g_auto(GmGeos) pt = { self->ctx, GEOSPointOnSurface_r (self->ctx, face) };
      double px = 0, py = 0;
      int old, to, pos;

      if (pt.geom == NULL || GEOSisEmpty_r (self->ctx, pt.geom) == 1)
        continue;
      GEOSGeomGetX_r (self->ctx, pt.geom, &px);
      GEOSGeomGetY_r (self->ctx, pt.geom, &py);
      old = gm_grid_edit_old_grid_at (self, grids, pt.geom);
      /* Slivers of noding stay where they were, so they never make a grid
       * grow a thread or a crumb. */
      if (gm_grid_edit_area (self, face) < GM_EDIT_SLIVER_AREA)
        to = old;
      else
        to = label (self, face, px, py, old, user_data);
      if (to < 0)
        continue;
      pos = gm_grid_edit_position (grids, to);
      g_return_val_if_fail (pos >= 0, FALSE);
      g_ptr_array_add (by_grid[pos], GEOSGeom_clone_r (self->ctx, face));
    }
  return TRUE;
}

/* The union of faces that share their edges exactly. */
static GEOSGeometry *
gm_grid_edit_union_faces (GmGridEdit *self,
                          GPtrArray  *faces)
{
  g_auto(GmGeos) collection = { self->ctx, NULL };
  GEOSGeometry *merged;

  if (faces->len == 0)
    return NULL;
  collection.geom = gm_grid_edit_collect (self, faces);
  g_ptr_array_set_size (faces, 0);   /* the collection owns them now */
  if (collection.geom == NULL)
    return NULL;
  merged = GEOSCoverageUnion_r (self->ctx, collection.geom);
  if (merged == NULL)
    merged = GEOSUnaryUnion_r (self->ctx, collection.geom);
  return merged;
}

GEOSGeometry **
gm_grid_edit_rebuild (GmGridEdit         *self,
                      GArray             *grids,
                      const GEOSGeometry *lines,
                      GmFaceLabelFunc     label,
                      gpointer            user_data,
                      GError            **error)
{
  g_auto(GmGeos) noded = { self->ctx, gm_grid_edit_noded_lines (self, grids, lines) };
  g_auto(GmGeos) faces = { self->ctx, NULL };
  g_autofree GPtrArray **by_grid = g_new0 (GPtrArray *, MAX (grids->len, 1));
  GEOSGeometry **out = g_new0 (GEOSGeometry *, MAX (grids->len, 1));
  gboolean ok;

  if (noded.geom != NULL)
    faces.geom = GEOSPolygonize_r (self->ctx, (const GEOSGeometry * const *) &noded.geom, 1);
  if (faces.geom == NULL)
    {
      gm_grid_edit_set_error_geos (self, error, _("Dividing the area into pieces"));
      g_free (out);
      return NULL;
    }
  for (guint i = 0; i < grids->len; i++)
    by_grid[i] = g_ptr_array_new ();
  ok = gm_grid_edit_label_faces (self, grids, faces.geom, label, user_data, by_grid);
  for (guint i = 0; i < grids->len; i++)
    {
      if (ok)
        out[i] = gm_grid_edit_union_faces (self, by_grid[i]);
      for (guint k = 0; k < by_grid[i]->len; k++)
        GEOSGeom_destroy_r (self->ctx, by_grid[i]->pdata[k]);
      g_ptr_array_unref (by_grid[i]);
    }
  if (!ok)
    {
      gm_grid_edit_free_geoms (self, out, grids->len);
      gm_grid_edit_set_error_geos (self, error, _("Dividing the area into pieces"));
      return NULL;
    }
  return out;
}

/* ---- validation ---------------------------------------------------------------------- */

GEOSGeometry *
gm_grid_edit_union_of (GmGridEdit          *self,
                       GEOSGeometry * const *geoms,
                       guint                 n)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_auto(GmGeos) collection = { self->ctx, NULL };

  for (guint i = 0; i < n; i++)
    if (geoms[i] != NULL)
      g_ptr_array_add (parts, GEOSGeom_clone_r (self->ctx, geoms[i]));
  collection.geom = gm_grid_edit_collect (self, parts);
  return collection.geom != NULL ? GEOSUnaryUnion_r (self->ctx, collection.geom) : NULL;
}

double
gm_grid_edit_overlap (GmGridEdit         *self,
                      const GEOSGeometry *a,
                      const GEOSGeometry *b)
{
  g_auto(GmGeos) common = { self->ctx, NULL };

  if (a == NULL || b == NULL || GEOSIntersects_r (self->ctx, a, b) != 1)
    return 0;
  common.geom = GEOSIntersection_r (self->ctx, a, b);
  return gm_grid_edit_area (self, common.geom);
}

static gboolean
gm_grid_edit_validate_shapes (GmGridEdit    *self,
                              GArray        *grids,
                              GEOSGeometry **geoms,
                              GError       **error)
{
  for (guint i = 0; i < grids->len; i++)
    {
      guint slot = g_array_index (grids, guint, i);

      if (geoms[i] == NULL)
        continue;
      if (GEOSisValid_r (self->ctx, geoms[i]) != 1)
        {
          g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                       _("The boundary of grid “%s” would cross itself; move the point less far"),
                       gm_grid_edit_grid_label (self, slot));
          return FALSE;
        }
    }
  return TRUE;
}

/* The area of @geom away from the community boundary: what lies within
 * GM_EDIT_BOUNDARY_EPS of it is the input's own disagreement. */
static double
gm_grid_edit_area_off_boundary (GmGridEdit         *self,
                                const GEOSGeometry *geom)
{
  g_auto(GmGeos) off = { self->ctx, NULL };

  if (geom == NULL || gm_grid_edit_area (self, geom) <= GM_EDIT_AREA_EPS)
    return 0;
  if (GEOSIntersects_r (self->ctx, geom, self->community_band) != 1)
    return gm_grid_edit_area (self, geom);
  off.geom = GEOSDifference_r (self->ctx, geom, self->community_band);
  return gm_grid_edit_area (self, off.geom);
}

/* No area lost, none gained outside the community. */
static gboolean
gm_grid_edit_validate_cover (GmGridEdit    *self,
                             GArray        *grids,
                             GEOSGeometry **geoms,
                             GError       **error)
{
  g_autofree GEOSGeometry **old = g_new0 (GEOSGeometry *, MAX (grids->len, 1));
  g_auto(GmGeos) u_old = { self->ctx, NULL };
  g_auto(GmGeos) u_new = { self->ctx, NULL };
  g_auto(GmGeos) lost = { self->ctx, NULL };
  g_auto(GmGeos) gained = { self->ctx, NULL };
  g_auto(GmGeos) outside = { self->ctx, NULL };
  double area;

  for (guint i = 0; i < grids->len; i++)
    old[i] = gm_grid_edit_grid (self, g_array_index (grids, guint, i))->geom;
  u_old.geom = gm_grid_edit_union_of (self, old, grids->len);
  u_new.geom = gm_grid_edit_union_of (self, geoms, grids->len);
  if (u_new.geom == NULL)
    {
      gm_grid_edit_set_error_geos (self, error, _("Checking the change"));
      return FALSE;
    }
  if (u_old.geom != NULL)
    {
      lost.geom = GEOSDifference_r (self->ctx, u_old.geom, u_new.geom);
      gained.geom = GEOSDifference_r (self->ctx, u_new.geom, u_old.geom);
    }
  else
    gained.geom = GEOSGeom_clone_r (self->ctx, u_new.geom);
  if ((area = gm_grid_edit_area_off_boundary (self, lost.geom)) > GM_EDIT_AREA_EPS)
    {
      g_autofree char *size = gm_grid_edit_format_area (MAX (area, 1));

      /* Translators: %s is an area, "12,500 m²" or "7.71 km²" */
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                   _("This change would leave %s in no grid; every place in the community must stay in a grid"),
                   size);
      return FALSE;
    }
  if (gained.geom != NULL)
    outside.geom = GEOSDifference_r (self->ctx, gained.geom, self->community);
  if ((area = gm_grid_edit_area_off_boundary (self, outside.geom)) > GM_EDIT_AREA_EPS)
    {
      g_autofree char *size = gm_grid_edit_format_area (MAX (area, 1));

      /* Translators: %s is an area, "12,500 m²" or "7.71 km²" */
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                   _("This change would take a grid %s outside the community boundary"), size);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  GmGridEdit         *self;
  GArray             *grids;
  const GEOSGeometry *gained;    /* what a changed grid gains */
  int                 clash;     /* a grid it would overlap, or -1 */
} GmOverlapQuery;

static void
gm_overlap_one (void *item,
                void *user_data)
{
  GmOverlapQuery *q = user_data;
  guint slot = GPOINTER_TO_UINT (item) - 1;
  GmEditGrid *h = gm_grid_edit_grid (q->self, slot);

  if (q->clash >= 0 || h->geom == NULL || gm_grid_edit_position (q->grids, (int) slot) >= 0)
    return;
  if (gm_grid_edit_overlap (q->self, q->gained, h->geom) > GM_EDIT_AREA_EPS)
    q->clash = (int) slot;
}

static gboolean
gm_grid_edit_refuse_overlap (GmGridEdit  *self,
                             guint        a,
                             guint        b,
                             GError     **error)
{
  g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
               _("Grid “%s” would overlap grid “%s”; grids may share a boundary but not cover the same place"),
               gm_grid_edit_grid_label (self, a), gm_grid_edit_grid_label (self, b));
  return FALSE;
}

/* A new overlap can only be where a grid gained ground: so only what each
 * changed grid gains is compared with the other grids, changed or not. */
static gboolean
gm_grid_edit_validate_gain (GmGridEdit          *self,
                            GArray              *grids,
                            GEOSGeometry       **geoms,
                            guint                i,
                            const GEOSGeometry  *gained,
                            GError             **error)
{
  guint a = g_array_index (grids, guint, i);
  GmOverlapQuery q = { self, grids, gained, -1 };

  for (guint k = 0; k < grids->len; k++)
    if (k != i && geoms[k] != NULL && gm_grid_edit_overlap (self, gained, geoms[k]) > GM_EDIT_AREA_EPS)
      return gm_grid_edit_refuse_overlap (self, a, g_array_index (grids, guint, k), error);
  GEOSSTRtree_query_r (self->ctx, self->grid_tree, gained, gm_overlap_one, &q);
  if (q.clash >= 0)
    return gm_grid_edit_refuse_overlap (self, a, (guint) q.clash, error);
  return TRUE;
}

static gboolean
gm_grid_edit_validate_overlaps (GmGridEdit    *self,
                                GArray        *grids,
                                GEOSGeometry **geoms,
                                GError       **error)
{
  for (guint i = 0; i < grids->len; i++)
    {
      const GEOSGeometry *old = gm_grid_edit_grid (self, g_array_index (grids, guint, i))->geom;
      g_auto(GmGeos) gained = { self->ctx, NULL };

      if (geoms[i] == NULL)
        continue;
      gained.geom = old != NULL ? GEOSDifference_r (self->ctx, geoms[i], old) : GEOSGeom_clone_r (self->ctx, geoms[i]);
      if (gained.geom == NULL)
        {
          gm_grid_edit_set_error_geos (self, error, _("Checking the change"));
          return FALSE;
        }
      if (gm_grid_edit_area (self, gained.geom) > GM_EDIT_AREA_EPS
          && !gm_grid_edit_validate_gain (self, grids, geoms, i, gained.geom, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gm_grid_edit_validate (GmGridEdit    *self,
                       GArray        *grids,
                       GEOSGeometry **geoms,
                       GError       **error)
{
  return gm_grid_edit_validate_shapes (self, grids, geoms, error)
         && gm_grid_edit_validate_cover (self, grids, geoms, error)
         && gm_grid_edit_validate_overlaps (self, grids, geoms, error);
}
