/* gm-division-cells.c — the Voronoi cells of a community's buildings, the
 * grid polygons made from them, and the code order of the grids.
 *
 * All geometry here is in metres on the community's local projection, so
 * cells and lengths are true to distance.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-division.h"

void
gm_division_free_geometries (GmDivision    *division,
                             GEOSGeometry **geometries,
                             guint          n)
{
  if (geometries == NULL)
    return;
  for (guint i = 0; i < n; i++)
    if (geometries[i] != NULL)
      GEOSGeom_destroy_r (division->geos, geometries[i]);
  g_free (geometries);
}

/* ---- cells ------------------------------------------------------------------------- */

typedef struct
{
  gint64 x, y;     /* millimetres */
  guint  index;
} GmSpot;

static int
gm_spot_compare (gconstpointer a,
                 gconstpointer b)
{
  const GmSpot *sa = a, *sb = b;

  if (sa->x != sb->x)
    return sa->x < sb->x ? -1 : 1;
  if (sa->y != sb->y)
    return sa->y < sb->y ? -1 : 1;
  return sa->index < sb->index ? -1 : sa->index > sb->index;
}

/**
 * gm_division_separate_points:
 * @x: eastings, metres
 * @y: northings, metres
 * @n: how many
 *
 * Voronoi diagrams merge sites on the same spot, which would leave a
 * building without a cell: points within a millimetre of one another are
 * set 5 cm apart, eastwards, in index order.
 */
void
gm_division_separate_points (double *x,
                             double *y,
                             guint   n)
{
  g_autofree GmSpot *spots = g_new (GmSpot, MAX (n, 1));
  guint run = 0;

  for (guint i = 0; i < n; i++)
    spots[i] = (GmSpot) { llround (x[i] * 1000.0), llround (y[i] * 1000.0), i };
  qsort (spots, n, sizeof (GmSpot), gm_spot_compare);
  for (guint i = 1; i < n; i++)
    {
      if (spots[i].x == spots[i - 1].x && spots[i].y == spots[i - 1].y)
        x[spots[i].index] += 0.05 * ++run;
      else
        run = 0;
    }
}

typedef struct
{
  const GmDivision *division;
  double            x, y;      /* a point inside the cell */
  int               found;
  double            distance;
} GmCellMatch;

/* Of the anchors in the cell's box, the cell's own is the nearest to any
 * point inside it: that is what a Voronoi cell is. */
static void
gm_match_cell (void *item,
               void *user_data)
{
  GmCellMatch *m = user_data;
  guint i = GPOINTER_TO_UINT (item) - 1;
  double dx = m->division->x[i] - m->x, dy = m->division->y[i] - m->y;

  if (m->found < 0 || dx * dx + dy * dy < m->distance)
    {
      m->found = (int) i;
      m->distance = dx * dx + dy * dy;
    }
}

/* The mean of a convex ring's vertices lies inside it. */
static gboolean
gm_cell_inner_point (GEOSContextHandle_t  ctx,
                     const GEOSGeometry  *cell,
                     double              *x,
                     double              *y)
{
  const GEOSGeometry *ring = GEOSGetExteriorRing_r (ctx, cell);
  const GEOSCoordSequence *seq = ring != NULL ? GEOSGeom_getCoordSeq_r (ctx, ring) : NULL;
  unsigned int n = 0;
  g_autofree double *xy = NULL;

  if (seq == NULL || !GEOSCoordSeq_getSize_r (ctx, seq, &n) || n < 4)
    return FALSE;
  xy = g_new (double, 2 * n);
  GEOSCoordSeq_copyToBuffer_r (ctx, seq, xy, FALSE, FALSE);
  *x = *y = 0.0;
  /* The last vertex repeats the first. */
  for (unsigned int k = 0; k + 1 < n; k++)
    {
      *x += xy[2 * k] / (n - 1);
      *y += xy[2 * k + 1] / (n - 1);
    }
  return TRUE;
}

/* Gives each building the cell that holds its anchor. The cells come back
 * in no particular order, so each is matched through an STRtree of the
 * anchors. */
static gboolean
gm_division_match_cells (GmDivision          *d,
                         const GEOSGeometry  *diagram,
                         GEOSGeometry       **points,
                         GEOSGeometry       **cells)
{
  GEOSContextHandle_t ctx = d->geos;
  GEOSSTRtree *tree = GEOSSTRtree_create_r (ctx, 10);
  guint matched = 0;

  for (guint i = 0; i < d->n; i++)
    GEOSSTRtree_insert_r (ctx, tree, points[i], GUINT_TO_POINTER (i + 1));
  for (int c = 0; c < GEOSGetNumGeometries_r (ctx, diagram); c++)
    {
      const GEOSGeometry *cell = GEOSGetGeometryN_r (ctx, diagram, c);
      GmCellMatch m = { d, 0.0, 0.0, -1, 0.0 };

      if (!gm_cell_inner_point (ctx, cell, &m.x, &m.y))
        continue;
      GEOSSTRtree_query_r (ctx, tree, cell, gm_match_cell, &m);
      if (m.found >= 0 && cells[m.found] == NULL)
        {
          cells[m.found] = GEOSGeom_clone_r (ctx, cell);
          matched++;
        }
    }
  GEOSSTRtree_destroy_r (ctx, tree);
  return matched == d->n;
}

/**
 * gm_division_cells:
 * @division: a division with buildings
 * @error: return location for a #GError
 *
 * Returns: (transfer full): one cell per building, or %NULL with @error set
 */
GEOSGeometry **
gm_division_cells (GmDivision  *division,
                   GError     **error)
{
  GmDivision *d = division;
  GEOSContextHandle_t ctx = d->geos;
  g_auto(GmGeos) sites = { ctx, NULL };
  g_auto(GmGeos) diagram = { ctx, NULL };
  g_autofree GEOSGeometry **points = NULL;
  GEOSGeometry **cells;
  gboolean ok;

  g_return_val_if_fail (d != NULL && d->n > 0, NULL);

  cells = g_new0 (GEOSGeometry *, d->n);
  if (d->n == 1)
    {
      /* One building: its cell is everything around it. */
      cells[0] = GEOSEnvelope_r (ctx, d->boundary);
      return cells;
    }

  gm_division_separate_points (d->x, d->y, d->n);
  points = g_new (GEOSGeometry *, d->n);
  for (guint i = 0; i < d->n; i++)
    points[i] = GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]);
  /* The multipoint owns the points; the tree only borrows them. */
  sites.geom = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOINT, points, d->n);
  diagram.geom = GEOSVoronoiDiagram_r (ctx, sites.geom, d->boundary, 0.0, 0);
  ok = diagram.geom != NULL && gm_division_match_cells (d, diagram.geom, points, cells);
  if (!ok)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Cannot compute the areas around the buildings of community “%s”"),
                   d->community_code);
      gm_division_free_geometries (d, cells, d->n);
      return NULL;
    }
  return cells;
}

/* ---- polygons ------------------------------------------------------------------------ */

static GEOSGeometry *
gm_division_union_part (GmDivision          *d,
                        GEOSGeometry * const *cells,
                        guint                part)
{
  GEOSContextHandle_t ctx = d->geos;
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_auto(GmGeos) collection = { ctx, NULL };
  g_auto(GmGeos) merged = { ctx, NULL };

  /* The collection takes ownership of its members: give it clones. */
  for (guint i = 0; i < d->n; i++)
    if (d->part[i] == part)
      g_ptr_array_add (members, GEOSGeom_clone_r (ctx, cells[i]));
  collection.geom = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION,
                                                 (GEOSGeometry **) members->pdata, members->len);
  merged.geom = GEOSCoverageUnion_r (ctx, collection.geom);
  if (merged.geom == NULL)
    return NULL;
  return GEOSIntersection_r (ctx, merged.geom, d->boundary);
}

typedef enum
{
  GM_PIECE_EMPTY,     /* none of the part's buildings */
  GM_PIECE_MOVABLE,   /* only buildings that may change part */
  GM_PIECE_HELD,
} GmPieceHolds;

/* What of @part's buildings @piece holds; with @move_to, moves those it
 * holds to that part. */
static GmPieceHolds
gm_division_piece_holds (GmDivision         *d,
                         const GEOSGeometry *piece,
                         guint               part,
                         guint               move_to)
{
  GEOSContextHandle_t ctx = d->geos;
  const GEOSPreparedGeometry *prepared = GEOSPrepare_r (ctx, piece);
  GmPieceHolds holds = GM_PIECE_EMPTY;

  for (guint i = 0; i < d->n && holds != GM_PIECE_HELD; i++)
    if (d->part[i] == part)
      {
        g_auto(GmGeos) point = { ctx, GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]) };

        if (GEOSPreparedIntersects_r (ctx, prepared, point.geom) != 1)
          continue;
        holds = d->movable != NULL && d->movable[i] ? GM_PIECE_MOVABLE : GM_PIECE_HELD;
        if (move_to != G_MAXUINT)
          d->part[i] = move_to;
      }
  GEOSPreparedGeom_destroy_r (ctx, prepared);
  return holds;
}

/**
 * gm_division_count_held_pieces:
 * @division: a division with parts assigned
 * @polygon: the polygon of @part, in metres
 * @part: a part
 *
 * Returns: how many pieces of @polygon hold at least one of @part's
 *   buildings (1 for a grid in one piece)
 */
guint
gm_division_count_held_pieces (GmDivision         *division,
                               const GEOSGeometry *polygon,
                               guint               part)
{
  int pieces = GEOSGetNumGeometries_r (division->geos, polygon);
  guint held = 0;

  if (pieces <= 1)
    return 1;
  for (int k = 0; k < pieces; k++)
    held += gm_division_piece_holds (division, GEOSGetGeometryN_r (division->geos, polygon, k), part,
                                     G_MAXUINT) != GM_PIECE_EMPTY;
  return held;
}

/* The grid, other than @part, that shares the longest border with @piece;
 * -1 when none touches it. */
static int
gm_division_best_neighbour (GmDivision          *d,
                            GEOSGeometry       **polygons,
                            const GEOSGeometry  *piece,
                            guint                part)
{
  GEOSContextHandle_t ctx = d->geos;
  g_auto(GmGeos) border = { ctx, GEOSBoundary_r (ctx, piece) };
  double best_length = 0.0;
  int best = -1;

  for (guint q = 0; q < d->parts && border.geom != NULL; q++)
    {
      g_auto(GmGeos) shared = { ctx, NULL };
      double length = 0.0;

      if (q == part || polygons[q] == NULL || GEOSIntersects_r (ctx, border.geom, polygons[q]) != 1)
        continue;
      shared.geom = GEOSIntersection_r (ctx, border.geom, polygons[q]);
      if (shared.geom != NULL && GEOSLength_r (ctx, shared.geom, &length) == 1 && length > best_length)
        {
          best_length = length;
          best = (int) q;
        }
    }
  return best;
}

/* Hands the pieces of @part that hold none of its buildings, or only
 * movable ones (which go with them), to the neighbour they border most, so
 * a grid is one piece where it can be. */
static void
gm_division_give_away_orphans (GmDivision    *d,
                               GEOSGeometry **polygons,
                               guint          part)
{
  GEOSContextHandle_t ctx = d->geos;
  int pieces = GEOSGetNumGeometries_r (ctx, polygons[part]);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean changed = FALSE;

  for (int k = 0; k < pieces; k++)
    {
      const GEOSGeometry *piece = GEOSGetGeometryN_r (ctx, polygons[part], k);
      int q = gm_division_piece_holds (d, piece, part, G_MAXUINT) == GM_PIECE_HELD ? -1
              : gm_division_best_neighbour (d, polygons, piece, part);
      GEOSGeometry *grown;

      if (q >= 0 && (grown = GEOSUnion_r (ctx, polygons[q], piece)) != NULL)
        {
          gm_division_piece_holds (d, piece, part, (guint) q);
          GEOSGeom_destroy_r (ctx, polygons[q]);
          polygons[q] = grown;
          changed = TRUE;
        }
      else
        g_ptr_array_add (kept, GEOSGeom_clone_r (ctx, piece));
    }
  if (!changed || kept->len == 0)
    {
      for (guint k = 0; k < kept->len; k++)
        GEOSGeom_destroy_r (ctx, g_ptr_array_index (kept, k));
      return;
    }
  GEOSGeom_destroy_r (ctx, polygons[part]);
  polygons[part] = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON,
                                                (GEOSGeometry **) kept->pdata, kept->len);
}

/**
 * gm_division_polygons:
 * @division: a division with parts assigned
 * @cells: gm_division_cells() of @division
 * @error: return location for a #GError
 *
 * Returns: (transfer full): one polygon per part, or %NULL with @error set
 */
GEOSGeometry **
gm_division_polygons (GmDivision           *division,
                      GEOSGeometry * const *cells,
                      GError              **error)
{
  GmDivision *d = division;
  GEOSGeometry **polygons;

  g_return_val_if_fail (d != NULL && d->parts > 0 && cells != NULL, NULL);

  polygons = g_new0 (GEOSGeometry *, d->parts);
  for (guint p = 0; p < d->parts; p++)
    if ((polygons[p] = gm_division_union_part (d, cells, p)) == NULL)
      {
        g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                     _("Cannot draw grid %u of community “%s”: its buildings’ areas do not join up"),
                     p + 1, d->community_code);
        gm_division_free_geometries (d, polygons, d->parts);
        return NULL;
      }
  for (guint p = 0; p < d->parts; p++)
    if (GEOSGetNumGeometries_r (d->geos, polygons[p]) > 1)
      gm_division_give_away_orphans (d, polygons, p);
  return polygons;
}

/* ---- code order ----------------------------------------------------------------------- */

typedef struct
{
  guint  part;
  double x, y;
} GmLabel;

static int
gm_label_north_first (gconstpointer a,
                      gconstpointer b)
{
  const GmLabel *la = a, *lb = b;

  return la->y > lb->y ? -1 : la->y < lb->y;
}

static int
gm_label_west_first (gconstpointer a,
                     gconstpointer b)
{
  const GmLabel *la = a, *lb = b;

  return la->x < lb->x ? -1 : la->x > lb->x;
}

/**
 * gm_division_code_order:
 * @division: a division with parts assigned
 * @polygons: the parts' polygons, in metres
 *
 * Reading order: rows from north to south, each from west to east, by the
 * grids' points on surface. The number of rows follows the community's
 * shape (as many as a grid of square cells of its width and height has).
 *
 * Returns: (transfer full): order[seq] = part
 */
guint *
gm_division_code_order (GmDivision           *division,
                        GEOSGeometry * const *polygons)
{
  GmDivision *d = division;
  g_autofree GmLabel *labels = g_new0 (GmLabel, MAX (d->parts, 1));
  guint *order = g_new (guint, MAX (d->parts, 1));
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  guint rows;

  for (guint p = 0; p < d->parts; p++)
    {
      g_auto(GmGeos) pt = { d->geos, NULL };

      labels[p].part = p;
      if (polygons[p] != NULL && (pt.geom = GEOSPointOnSurface_r (d->geos, polygons[p])) != NULL)
        {
          GEOSGeomGetX_r (d->geos, pt.geom, &labels[p].x);
          GEOSGeomGetY_r (d->geos, pt.geom, &labels[p].y);
        }
    }
  GEOSGeom_getXMin_r (d->geos, d->boundary, &xmin);
  GEOSGeom_getYMin_r (d->geos, d->boundary, &ymin);
  GEOSGeom_getXMax_r (d->geos, d->boundary, &xmax);
  GEOSGeom_getYMax_r (d->geos, d->boundary, &ymax);
  rows = (guint) CLAMP (lround (sqrt (d->parts * (ymax - ymin) / MAX (xmax - xmin, 1.0))), 1, (long) MAX (d->parts, 1));

  qsort (labels, d->parts, sizeof (GmLabel), gm_label_north_first);
  for (guint r = 0; r < rows; r++)
    {
      guint from = r * d->parts / rows;
      guint to = (r + 1) * d->parts / rows;

      qsort (labels + from, to - from, sizeof (GmLabel), gm_label_west_first);
    }
  for (guint seq = 0; seq < d->parts; seq++)
    order[seq] = labels[seq].part;
  return order;
}
