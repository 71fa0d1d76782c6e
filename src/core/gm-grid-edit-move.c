/* gm-grid-edit-move.c — moving boundary vertices and edges.
 *
 * A vertex is shared by every grid that has a vertex within
 * GM_EDIT_VERTEX_EPS of it, and by every grid whose edge passes that close
 * (a T-junction: the vertex is inserted there first). All of them move it
 * together, so shared boundaries stay shared. A vertex on the community
 * boundary may only slide along the boundary; corners of the community
 * stay where they are.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "gm-grid-edit-private.h"

typedef struct
{
  double fx, fy;     /* from */
  double tx, ty;     /* to */
} GmVertexMove;

typedef struct
{
  double t;          /* position along the segment */
  double x, y;
} GmInsert;

static int
gm_insert_compare (const void *a,
                   const void *b)
{
  const GmInsert *ia = a, *ib = b;

  return (ia->t > ib->t) - (ia->t < ib->t);
}

/* Moves that lie inside segment a–b (not at its ends), in order along it. */
static guint
gm_moves_on_segment (const double       *a,
                     const double       *b,
                     const GmVertexMove *moves,
                     guint               n,
                     GmInsert           *out)
{
  double dx = b[0] - a[0], dy = b[1] - a[1], len2 = dx * dx + dy * dy;
  guint found = 0;

  if (len2 <= 0)
    return 0;
  for (guint m = 0; m < n; m++)
    {
      double t = ((moves[m].fx - a[0]) * dx + (moves[m].fy - a[1]) * dy) / len2;
      double px = a[0] + t * dx, py = a[1] + t * dy;

      if (t <= 0 || t >= 1 || hypot (moves[m].fx - px, moves[m].fy - py) >= GM_EDIT_VERTEX_EPS
          || hypot (moves[m].fx - a[0], moves[m].fy - a[1]) < GM_EDIT_VERTEX_EPS
          || hypot (moves[m].fx - b[0], moves[m].fy - b[1]) < GM_EDIT_VERTEX_EPS)
        continue;
      out[found++] = (GmInsert) { t, moves[m].tx, moves[m].ty };
    }
  qsort (out, found, sizeof (GmInsert), gm_insert_compare);
  return found;
}

/* The moved position of (x, y), or FALSE when no move starts there. */
static gboolean
gm_moved_position (const GmVertexMove *moves,
                   guint               n,
                   double             *x,
                   double             *y)
{
  for (guint m = 0; m < n; m++)
    if (hypot (*x - moves[m].fx, *y - moves[m].fy) < GM_EDIT_VERTEX_EPS)
      {
        *x = moves[m].tx;
        *y = moves[m].ty;
        return TRUE;
      }
  return FALSE;
}

/* A copy of @ring with the moves applied; NULL when none touches it. */
static GEOSGeometry *
gm_ring_move (GmGridEdit         *self,
              const GEOSGeometry *ring,
              const GmVertexMove *moves,
              guint               n_moves)
{
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (GmXY));
  unsigned int n = 0;
  g_autofree double *xy = gm_grid_edit_coords (self, ring, 4, &n);
  g_autofree GmInsert *inserts = g_new (GmInsert, MAX (n_moves, 1));
  gboolean changed = FALSE;

  if (xy == NULL)
    return NULL;
  for (unsigned int k = 0; k < n; k++)
    {
      GmXY p = { xy[2 * k], xy[2 * k + 1] };

      if (k > 0)
        {
          guint found = gm_moves_on_segment (xy + 2 * (k - 1), xy + 2 * k, moves, n_moves, inserts);

          for (guint i = 0; i < found; i++)
            g_array_append_val (out, ((GmXY) { inserts[i].x, inserts[i].y }));
          changed |= found > 0;
        }
      changed |= gm_moved_position (moves, n_moves, &p.x, &p.y);
      g_array_append_val (out, p);
    }
  if (!changed)
    return NULL;
  return GEOSGeom_createLinearRing_r (self->ctx,
                                      GEOSCoordSeq_copyFromBuffer_r (self->ctx, (const double *) out->data,
                                                                     out->len, FALSE, FALSE));
}

/* A copy of polygon @poly with the moves applied; NULL when untouched. */
static GEOSGeometry *
gm_polygon_move (GmGridEdit         *self,
                 const GEOSGeometry *poly,
                 const GmVertexMove *moves,
                 guint               n_moves)
{
  int holes = GEOSGetNumInteriorRings_r (self->ctx, poly);
  g_autofree GEOSGeometry **rings = g_new0 (GEOSGeometry *, holes + 1);
  gboolean changed = FALSE;

  for (int r = 0; r <= holes; r++)
    {
      const GEOSGeometry *ring = r == 0 ? GEOSGetExteriorRing_r (self->ctx, poly)
                                        : GEOSGetInteriorRingN_r (self->ctx, poly, r - 1);

      rings[r] = gm_ring_move (self, ring, moves, n_moves);
      changed |= rings[r] != NULL;
      if (rings[r] == NULL)
        rings[r] = GEOSGeom_clone_r (self->ctx, ring);
    }
  if (!changed)
    {
      for (int r = 0; r <= holes; r++)
        GEOSGeom_destroy_r (self->ctx, rings[r]);
      return NULL;
    }
  return GEOSGeom_createPolygon_r (self->ctx, rings[0], rings + 1, holes);
}

/* A copy of a grid polygon (Polygon or MultiPolygon) with the moves
 * applied; NULL when none touches it. */
static GEOSGeometry *
gm_geom_move (GmGridEdit         *self,
              const GEOSGeometry *geom,
              const GmVertexMove *moves,
              guint               n_moves)
{
  int type = GEOSGeomTypeId_r (self->ctx, geom);
  int n = type == GEOS_MULTIPOLYGON ? GEOSGetNumGeometries_r (self->ctx, geom) : 1;
  g_autofree GEOSGeometry **parts = NULL;
  gboolean changed = FALSE;

  if (type == GEOS_POLYGON)
    return gm_polygon_move (self, geom, moves, n_moves);
  if (type != GEOS_MULTIPOLYGON)
    return NULL;
  parts = g_new0 (GEOSGeometry *, MAX (n, 1));
  for (int i = 0; i < n; i++)
    {
      const GEOSGeometry *part = GEOSGetGeometryN_r (self->ctx, geom, i);

      parts[i] = gm_polygon_move (self, part, moves, n_moves);
      changed |= parts[i] != NULL;
      if (parts[i] == NULL)
        parts[i] = GEOSGeom_clone_r (self->ctx, part);
    }
  if (!changed)
    {
      for (int i = 0; i < n; i++)
        GEOSGeom_destroy_r (self->ctx, parts[i]);
      return NULL;
    }
  return GEOSGeom_createCollection_r (self->ctx, GEOS_MULTIPOLYGON, parts, n);
}

/* ---- the community boundary ---------------------------------------------------- */

static gboolean
gm_grid_edit_near_outline (GmGridEdit *self,
                           double      x,
                           double      y,
                           double      eps)
{
  g_auto(GmGeos) pt = { self->ctx, GEOSGeom_createPointFromXY_r (self->ctx, x, y) };
  double d = G_MAXDOUBLE;

  return GEOSDistance_r (self->ctx, self->community_outline, pt.geom, &d) == 1 && d < eps;
}

static gboolean
gm_grid_edit_is_community_corner (GmGridEdit *self,
                                  double      x,
                                  double      y)
{
  g_auto(GmGeos) pt = { self->ctx, GEOSGeom_createPointFromXY_r (self->ctx, x, y) };
  double d = G_MAXDOUBLE;

  return GEOSDistance_r (self->ctx, self->community_corners, pt.geom, &d) == 1 && d < GM_EDIT_BOUNDARY_EPS;
}

/* Keeps a vertex that is on the community boundary on it: its target goes
 * to the nearest point of the boundary. Returns whether it is on it. */
static gboolean
gm_grid_edit_keep_on_boundary (GmGridEdit    *self,
                               GmVertexMove  *m,
                               GError       **error)
{
  g_auto(GmGeos) target = { self->ctx, NULL };
  GEOSCoordSequence *nearest;

  if (!gm_grid_edit_near_outline (self, m->fx, m->fy, GM_EDIT_BOUNDARY_EPS))
    return FALSE;
  if (gm_grid_edit_is_community_corner (self, m->fx, m->fy))
    {
      g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                           _("This point is a corner of the community boundary, which grids cannot move"));
      return TRUE;
    }
  target.geom = GEOSGeom_createPointFromXY_r (self->ctx, m->tx, m->ty);
  nearest = GEOSNearestPoints_r (self->ctx, self->community_outline, target.geom);
  if (nearest != NULL)
    {
      GEOSCoordSeq_getXY_r (self->ctx, nearest, 0, &m->tx, &m->ty);
      GEOSCoordSeq_destroy_r (self->ctx, nearest);
    }
  return TRUE;
}

/* ---- moving ---------------------------------------------------------------------- */

typedef struct
{
  GmGridEdit         *self;
  const GmVertexMove *moves;
  guint               n_moves;
  GArray             *grids;
  GPtrArray          *geoms;
} GmMoveQuery;

static void
gm_move_one (void *item,
             void *user_data)
{
  GmMoveQuery *q = user_data;
  guint slot = GPOINTER_TO_UINT (item) - 1;
  GmEditGrid *g = gm_grid_edit_grid (q->self, slot);
  GEOSGeometry *moved;

  if (g->geom == NULL || (moved = gm_geom_move (q->self, g->geom, q->moves, q->n_moves)) == NULL)
    return;
  g_array_append_val (q->grids, slot);
  g_ptr_array_add (q->geoms, moved);
}

/* Sorts the moved grids by number, so a step is the same each time. */
static void
gm_move_query_sort (GmMoveQuery *q)
{
  for (guint i = 1; i < q->grids->len; i++)
    for (guint k = i; k > 0 && g_array_index (q->grids, guint, k - 1) > g_array_index (q->grids, guint, k); k--)
      {
        guint slot = g_array_index (q->grids, guint, k);
        gpointer geom = q->geoms->pdata[k];

        g_array_index (q->grids, guint, k) = g_array_index (q->grids, guint, k - 1);
        q->geoms->pdata[k] = q->geoms->pdata[k - 1];
        g_array_index (q->grids, guint, k - 1) = slot;
        q->geoms->pdata[k - 1] = geom;
      }
}

/* The box around where the moves start. */
static GEOSGeometry *
gm_moves_box (GmGridEdit         *self,
              const GmVertexMove *moves,
              guint               n_moves)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

  for (guint m = 0; m < n_moves; m++)
    {
      x0 = MIN (x0, moves[m].fx);
      y0 = MIN (y0, moves[m].fy);
      x1 = MAX (x1, moves[m].fx);
      y1 = MAX (y1, moves[m].fy);
    }
  return GEOSGeom_createRectangle_r (self->ctx, x0 - GM_EDIT_VERTEX_EPS, y0 - GM_EDIT_VERTEX_EPS,
                                     x1 + GM_EDIT_VERTEX_EPS, y1 + GM_EDIT_VERTEX_EPS);
}

static gboolean
gm_grid_edit_move (GmGridEdit    *self,
                   GmVertexMove  *moves,
                   guint          n_moves,
                   const char    *label,
                   GError       **error)
{
  g_autoptr(GArray) grids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) geoms = g_ptr_array_new ();
  GmMoveQuery q = { self, moves, n_moves, grids, geoms };
  g_auto(GmGeos) box = { self->ctx, NULL };
  gboolean on_boundary = FALSE;
  g_autoptr(GError) local_error = NULL;

  for (guint m = 0; m < n_moves; m++)
    {
      on_boundary |= gm_grid_edit_keep_on_boundary (self, &moves[m], &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  box.geom = gm_moves_box (self, moves, n_moves);
  GEOSSTRtree_query_r (self->ctx, self->grid_tree, box.geom, gm_move_one, &q);
  if (grids->len == 0)
    {
      g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID,
                           _("There is no grid boundary there to move"));
      return FALSE;
    }
  gm_move_query_sort (&q);
  if (!gm_grid_edit_validate (self, grids, (GEOSGeometry **) geoms->pdata, &local_error))
    {
      gm_grid_edit_free_geoms (self, (GEOSGeometry **) g_ptr_array_free (g_steal_pointer (&geoms), FALSE), grids->len);
      if (on_boundary && !g_error_matches (local_error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_FAILED))
        g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                             _("A point on the community boundary can only slide along the boundary, up to the next corner"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gm_grid_edit_commit (self, label, grids, (GEOSGeometry **) geoms->pdata);
  return TRUE;
}

gboolean
gm_grid_edit_move_vertex (GmGridEdit  *self,
                          double       lon,
                          double       lat,
                          double       to_lon,
                          double       to_lat,
                          GError     **error)
{
  GmVertexMove m;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  gm_grid_edit_to_metres (self, lon, lat, &m.fx, &m.fy);
  gm_grid_edit_to_metres (self, to_lon, to_lat, &m.tx, &m.ty);
  if (!isfinite (m.tx) || !isfinite (m.ty))
    {
      g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID,
                           _("The point cannot go there"));
      return FALSE;
    }
  return gm_grid_edit_move (self, &m, 1, _("Move a boundary point"), error);
}

gboolean
gm_grid_edit_move_edge (GmGridEdit  *self,
                        double       a_lon,
                        double       a_lat,
                        double       b_lon,
                        double       b_lat,
                        double       to_lon,
                        double       to_lat,
                        GError     **error)
{
  GmVertexMove m[2];
  double tx, ty;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  gm_grid_edit_to_metres (self, a_lon, a_lat, &m[0].fx, &m[0].fy);
  gm_grid_edit_to_metres (self, b_lon, b_lat, &m[1].fx, &m[1].fy);
  gm_grid_edit_to_metres (self, to_lon, to_lat, &tx, &ty);
  if (!isfinite (tx) || !isfinite (ty) || hypot (m[1].fx - m[0].fx, m[1].fy - m[0].fy) < GM_EDIT_VERTEX_EPS)
    {
      g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID,
                           _("The edge cannot go there"));
      return FALSE;
    }
  for (guint i = 0; i < 2; i++)
    {
      m[i].tx = m[i].fx + (tx - m[0].fx);
      m[i].ty = m[i].fy + (ty - m[0].fy);
    }
  return gm_grid_edit_move (self, m, 2, _("Move a boundary edge"), error);
}
