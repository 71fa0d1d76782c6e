/* gm-grid-edit-find.c — finding things under the pointer while editing:
 * grids, buildings, boundary vertices and edges, and snapping to grid and
 * community vertices and edges and to roads.
 *
 * The grid and vertex trees are rebuilt after every step (a community has
 * a few thousand vertices); the road trees never change.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-grid-edit-private.h"

static void
gm_grid_edit_clear_vertex_tree (GmGridEdit *self)
{
  if (self->vertex_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->vertex_tree);
  self->vertex_tree = NULL;
  if (self->vertex_points != NULL)
    {
      for (guint i = 0; i < self->vertex_points->len; i++)
        GEOSGeom_destroy_r (self->ctx, self->vertex_points->pdata[i]);
      g_clear_pointer (&self->vertex_points, g_ptr_array_unref);
    }
  g_clear_pointer (&self->vertex_owner, g_array_unref);
}

/* Adds the distinct vertices of @geom, owned by @owner, to the vertex tree. */
static void
gm_grid_edit_index_vertices (GmGridEdit         *self,
                             const GEOSGeometry *geom,
                             int                 owner)
{
  g_auto(GmGeos) unique = { self->ctx, GEOSGeom_extractUniquePoints_r (self->ctx, geom) };
  int n;

  if (unique.geom == NULL)
    return;
  n = GEOSGetNumGeometries_r (self->ctx, unique.geom);
  for (int i = 0; i < n; i++)
    {
      GEOSGeometry *pt = GEOSGeom_clone_r (self->ctx, GEOSGetGeometryN_r (self->ctx, unique.geom, i));

      g_ptr_array_add (self->vertex_points, pt);
      g_array_append_val (self->vertex_owner, owner);
      GEOSSTRtree_insert_r (self->ctx, self->vertex_tree, pt, GUINT_TO_POINTER (self->vertex_points->len));
    }
}

static void
gm_grid_edit_index_roads (GmGridEdit *self)
{
  self->road_tree = GEOSSTRtree_create_r (self->ctx, 10);
  self->road_vertex_tree = GEOSSTRtree_create_r (self->ctx, 10);
  self->road_vertices = g_ptr_array_new ();
  for (guint i = 0; i < self->roads->len; i++)
    {
      const GEOSGeometry *road = self->roads->pdata[i];
      g_auto(GmGeos) unique = { self->ctx, GEOSGeom_extractUniquePoints_r (self->ctx, road) };

      GEOSSTRtree_insert_r (self->ctx, self->road_tree, road, (void *) road);
      for (int k = 0; unique.geom != NULL && k < GEOSGetNumGeometries_r (self->ctx, unique.geom); k++)
        {
          GEOSGeometry *pt = GEOSGeom_clone_r (self->ctx, GEOSGetGeometryN_r (self->ctx, unique.geom, k));

          g_ptr_array_add (self->road_vertices, pt);
          GEOSSTRtree_insert_r (self->ctx, self->road_vertex_tree, pt, pt);
        }
    }
}

/* After every step: the grid tree now, the vertex tree when the pointer
 * next needs it (building it costs more than a step itself). */
void
gm_grid_edit_find_rebuild (GmGridEdit *self)
{
  if (self->road_tree == NULL)
    gm_grid_edit_index_roads (self);
  if (self->grid_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->grid_tree);
  gm_grid_edit_clear_vertex_tree (self);

  self->grid_tree = GEOSSTRtree_create_r (self->ctx, 10);
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      if (g->geom != NULL)
        GEOSSTRtree_insert_r (self->ctx, self->grid_tree, g->geom, GUINT_TO_POINTER (i + 1));
    }
}

static GEOSSTRtree *
gm_grid_edit_vertex_tree (GmGridEdit *self)
{
  if (self->vertex_tree != NULL)
    return self->vertex_tree;
  self->vertex_tree = GEOSSTRtree_create_r (self->ctx, 10);
  self->vertex_points = g_ptr_array_new ();
  self->vertex_owner = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      if (g->geom != NULL)
        gm_grid_edit_index_vertices (self, g->geom, (int) i);
    }
  gm_grid_edit_index_vertices (self, self->community, -1);
  return self->vertex_tree;
}

void
gm_grid_edit_find_clear (GmGridEdit *self)
{
  gm_grid_edit_clear_vertex_tree (self);
  if (self->grid_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->grid_tree);
  self->grid_tree = NULL;
  if (self->road_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->road_tree);
  self->road_tree = NULL;
  if (self->road_vertex_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->road_vertex_tree);
  self->road_vertex_tree = NULL;
  if (self->road_vertices != NULL)
    {
      for (guint i = 0; i < self->road_vertices->len; i++)
        GEOSGeom_destroy_r (self->ctx, self->road_vertices->pdata[i]);
      g_clear_pointer (&self->road_vertices, g_ptr_array_unref);
    }
}

/* ---- grids and buildings ----------------------------------------------------------- */

typedef struct
{
  GmGridEdit         *self;
  const GEOSGeometry *pt;
  int                 found;
} GmGridAt;

static void
gm_grid_at_one (void *item,
                void *user_data)
{
  GmGridAt *q = user_data;
  int slot = GPOINTER_TO_INT (item) - 1;
  GmEditGrid *g = gm_grid_edit_grid (q->self, (guint) slot);

  /* The lowest number wins where grids overlap, whatever the tree's order. */
  if ((q->found < 0 || slot < q->found) && g->geom != NULL
      && GEOSPreparedContains_r (q->self->ctx, gm_grid_edit_grid_prepared (q->self, g), q->pt) == 1)
    q->found = slot;
}

int
gm_grid_edit_grid_at_point (GmGridEdit         *self,
                            const GEOSGeometry *pt)
{
  GmGridAt q = { self, pt, -1 };

  GEOSSTRtree_query_r (self->ctx, self->grid_tree, pt, gm_grid_at_one, &q);
  return q.found;
}

int
gm_grid_edit_find_grid_at (GmGridEdit *self,
                           double      lon,
                           double      lat)
{
  g_auto(GmGeos) pt = { NULL, NULL };
  double x, y;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), -1);

  gm_grid_edit_to_metres (self, lon, lat, &x, &y);
  pt.ctx = self->ctx;
  pt.geom = GEOSGeom_createPointFromXY_r (self->ctx, x, y);
  return gm_grid_edit_grid_at_point (self, pt.geom);
}

typedef struct
{
  GmGridEdit *self;
  double      x, y;
  double      best;
  guint       index;         /* + 1; 0 for none */
} GmNearest;

static void
gm_nearest_building_one (void *item,
                         void *user_data)
{
  GmNearest *q = user_data;
  guint index = GPOINTER_TO_UINT (item);
  GmEditBuilding *b = &g_array_index (q->self->buildings, GmEditBuilding, index - 1);
  double d = hypot (b->x - q->x, b->y - q->y);

  if (d < q->best || (d == q->best && index < q->index))
    {
      q->best = d;
      q->index = index;
    }
}

static GEOSGeometry *
gm_grid_edit_box (GmGridEdit *self,
                  double      x,
                  double      y,
                  double      r)
{
  return GEOSGeom_createRectangle_r (self->ctx, x - r, y - r, x + r, y + r);
}

gint64
gm_grid_edit_find_building_near (GmGridEdit *self,
                                 double      lon,
                                 double      lat,
                                 double      tolerance_m)
{
  GmNearest q = { self, 0, 0, G_MAXDOUBLE, 0 };
  g_auto(GmGeos) box = { NULL, NULL };

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);

  gm_grid_edit_to_metres (self, lon, lat, &q.x, &q.y);
  q.best = tolerance_m;
  box.ctx = self->ctx;
  box.geom = gm_grid_edit_box (self, q.x, q.y, tolerance_m);
  GEOSSTRtree_query_r (self->ctx, self->building_tree, box.geom, gm_nearest_building_one, &q);
  if (q.index == 0)
    return 0;
  return g_array_index (self->buildings, GmEditBuilding, q.index - 1).id;
}

typedef struct
{
  GmGridEdit                 *self;
  const GEOSPreparedGeometry *area;
  GArray                     *ids;
} GmInPolygon;

static void
gm_in_polygon_one (void *item,
                   void *user_data)
{
  GmInPolygon *q = user_data;
  guint index = GPOINTER_TO_UINT (item) - 1;

  if (GEOSPreparedContains_r (q->self->ctx, q->area, q->self->building_points->pdata[index]) == 1)
    g_array_append_val (q->ids, g_array_index (q->self->buildings, GmEditBuilding, index).id);
}

static int
gm_compare_ids (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/**
 * gm_grid_edit_buildings_in_polygon:
 * @self: a #GmGridEdit
 * @lonlat: the polygon, as lon/lat pairs
 * @n_points: how many pairs
 *
 * Returns: (transfer full): the ids (gint64) of the buildings inside, in order
 */
GArray *
gm_grid_edit_buildings_in_polygon (GmGridEdit   *self,
                                   const double *lonlat,
                                   guint         n_points)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_auto(GmGeos) polygon = { NULL, NULL };
  g_auto(GmGeos) valid = { NULL, NULL };
  GmInPolygon q = { self, NULL, ids };

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), ids);

  polygon.ctx = valid.ctx = self->ctx;
  polygon.geom = gm_grid_edit_points_geom (self, lonlat, n_points, TRUE, NULL);
  /* A lasso may cross itself; what it encloses still counts. */
  if (polygon.geom == NULL || (valid.geom = GEOSMakeValid_r (self->ctx, polygon.geom)) == NULL)
    return ids;
  q.area = GEOSPrepare_r (self->ctx, valid.geom);
  GEOSSTRtree_query_r (self->ctx, self->building_tree, valid.geom, gm_in_polygon_one, &q);
  GEOSPreparedGeom_destroy_r (self->ctx, q.area);
  g_array_sort (ids, gm_compare_ids);
  return ids;
}

/* ---- vertices and edges ---------------------------------------------------------------- */

typedef struct
{
  GmGridEdit *self;
  double      x, y;
  double      best;
  double      bx, by;
  gboolean    grids_only;
  gboolean    has_ignore;
  double      ix, iy;        /* a vertex not to snap to */
  int         owner;         /* of the best: grid, -1 community, -2 road */
} GmVertexQuery;

static void
gm_vertex_consider (GmVertexQuery      *q,
                    const GEOSGeometry *pt,
                    int                 owner)
{
  double px = 0, py = 0, d;

  GEOSGeomGetX_r (q->self->ctx, pt, &px);
  GEOSGeomGetY_r (q->self->ctx, pt, &py);
  if (q->has_ignore && hypot (px - q->ix, py - q->iy) < GM_EDIT_VERTEX_EPS)
    return;
  d = hypot (px - q->x, py - q->y);
  /* Ties go to grids, then to the community, then to roads. */
  if (d < q->best || (d == q->best && owner > q->owner))
    {
      q->best = d;
      q->bx = px;
      q->by = py;
      q->owner = owner;
    }
}

static void
gm_vertex_one (void *item,
               void *user_data)
{
  GmVertexQuery *q = user_data;
  guint index = GPOINTER_TO_UINT (item) - 1;
  int owner = g_array_index (q->self->vertex_owner, int, index);

  if (q->grids_only && owner < 0)
    return;
  gm_vertex_consider (q, q->self->vertex_points->pdata[index], owner);
}

static void
gm_road_vertex_one (void *item,
                    void *user_data)
{
  gm_vertex_consider (user_data, item, -2);
}

gboolean
gm_grid_edit_find_vertex (GmGridEdit *self,
                          double      lon,
                          double      lat,
                          double      tolerance_m,
                          double     *vertex_lon,
                          double     *vertex_lat)
{
  GmVertexQuery q = { self, 0, 0, 0, 0, 0, TRUE, FALSE, 0, 0, -3 };
  g_auto(GmGeos) box = { NULL, NULL };

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  gm_grid_edit_to_metres (self, lon, lat, &q.x, &q.y);
  q.best = tolerance_m;
  box.ctx = self->ctx;
  box.geom = gm_grid_edit_box (self, q.x, q.y, tolerance_m);
  GEOSSTRtree_query_r (self->ctx, gm_grid_edit_vertex_tree (self), box.geom, gm_vertex_one, &q);
  if (q.owner < 0)
    return FALSE;
  gm_grid_edit_to_lonlat (self, q.bx, q.by, vertex_lon, vertex_lat);
  return TRUE;
}

/* The point of segment a–b nearest to p, and its distance. */
static double
gm_segment_nearest (const double *a,
                    const double *b,
                    double        px,
                    double        py,
                    double       *nx,
                    double       *ny)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - a[0]) * dx + (py - a[1]) * dy) / len2 : 0;

  t = CLAMP (t, 0, 1);
  *nx = a[0] + t * dx;
  *ny = a[1] + t * dy;
  return hypot (px - *nx, py - *ny);
}

typedef struct
{
  GmGridEdit *self;
  double      x, y;
  double      best;
  double      ends[4];
  gboolean    found;
} GmEdgeQuery;

static void
gm_edge_scan (GmEdgeQuery        *q,
              const GEOSGeometry *lines)
{
  for (int i = 0; i < GEOSGetNumGeometries_r (q->self->ctx, lines); i++)
    {
      unsigned int n = 0;
      g_autofree double *xy = gm_grid_edit_coords (q->self, GEOSGetGeometryN_r (q->self->ctx, lines, i), 2, &n);

      for (unsigned int k = 0; xy != NULL && k + 1 < n; k++)
        {
          double nx, ny, d = gm_segment_nearest (xy + 2 * k, xy + 2 * k + 2, q->x, q->y, &nx, &ny);

          if (d < q->best)
            {
              q->best = d;
              memcpy (q->ends, xy + 2 * k, 4 * sizeof (double));
              q->found = TRUE;
            }
        }
    }
}

static void
gm_edge_one (void *item,
             void *user_data)
{
  GmEdgeQuery *q = user_data;
  GmEditGrid *g = gm_grid_edit_grid (q->self, GPOINTER_TO_UINT (item) - 1);
  const GEOSGeometry *outline = gm_grid_edit_grid_outline (q->self, g);

  if (outline != NULL)
    gm_edge_scan (q, outline);
}

/**
 * gm_grid_edit_find_edge:
 * @self: a #GmGridEdit
 * @lon: where the pointer is
 * @lat: where the pointer is
 * @tolerance_m: how far from the pointer an edge may be
 * @ends_lonlat: (out caller-allocates) (array fixed-size=4): the edge's ends
 *
 * Returns: %TRUE when a grid edge is within @tolerance_m
 */
gboolean
gm_grid_edit_find_edge (GmGridEdit *self,
                        double      lon,
                        double      lat,
                        double      tolerance_m,
                        double     *ends_lonlat)
{
  GmEdgeQuery q = { self, 0, 0, 0, { 0, }, FALSE };
  g_auto(GmGeos) box = { NULL, NULL };

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  gm_grid_edit_to_metres (self, lon, lat, &q.x, &q.y);
  q.best = tolerance_m;
  box.ctx = self->ctx;
  box.geom = gm_grid_edit_box (self, q.x, q.y, tolerance_m);
  GEOSSTRtree_query_r (self->ctx, self->grid_tree, box.geom, gm_edge_one, &q);
  if (!q.found)
    return FALSE;
  gm_grid_edit_to_lonlat (self, q.ends[0], q.ends[1], &ends_lonlat[0], &ends_lonlat[1]);
  gm_grid_edit_to_lonlat (self, q.ends[2], q.ends[3], &ends_lonlat[2], &ends_lonlat[3]);
  return TRUE;
}

/* ---- snapping ---------------------------------------------------------------------------- */

typedef struct
{
  GmGridEdit         *self;
  const GEOSGeometry *pt;
  double              best;
  double              bx, by;
  GmSnapKind          kind;
} GmLineQuery;

/* The nearest point of @line to the query point, through GEOS. */
static void
gm_line_consider (GmLineQuery        *q,
                  const GEOSGeometry *line,
                  GmSnapKind          kind)
{
  GEOSCoordSequence *nearest = GEOSNearestPoints_r (q->self->ctx, line, q->pt);
  double px = 0, py = 0, x = 0, y = 0, d;

  if (nearest == NULL)
    return;
  GEOSCoordSeq_getXY_r (q->self->ctx, nearest, 0, &x, &y);
  GEOSCoordSeq_getXY_r (q->self->ctx, nearest, 1, &px, &py);
  GEOSCoordSeq_destroy_r (q->self->ctx, nearest);
  d = hypot (px - x, py - y);
  if (d < q->best)
    {
      q->best = d;
      q->bx = x;
      q->by = y;
      q->kind = kind;
    }
}

static void
gm_line_grid_one (void *item,
                  void *user_data)
{
  GmLineQuery *q = user_data;
  GmEditGrid *g = gm_grid_edit_grid (q->self, GPOINTER_TO_UINT (item) - 1);
  const GEOSGeometry *outline = gm_grid_edit_grid_outline (q->self, g);

  if (outline != NULL)
    gm_line_consider (q, outline, GM_SNAP_GRID_EDGE);
}

static void
gm_line_road_one (void *item,
                  void *user_data)
{
  gm_line_consider (user_data, item, GM_SNAP_ROAD);
}

static GmSnapKind
gm_snap_kind_of_owner (int owner)
{
  if (owner >= 0)
    return GM_SNAP_GRID_VERTEX;
  return owner == -1 ? GM_SNAP_COMMUNITY_VERTEX : GM_SNAP_ROAD_VERTEX;
}

/* Vertices first; then edges of grids (unless a vertex is being dragged:
 * its own edges move with it), the community boundary, and roads. */
static GmSnapKind
gm_grid_edit_snap_m (GmGridEdit   *self,
                     double        x,
                     double        y,
                     double        tolerance,
                     const double *ignore,
                     double       *sx,
                     double       *sy)
{
  GmVertexQuery v = { self, x, y, tolerance, 0, 0, FALSE, ignore != NULL, 0, 0, -3 };
  g_auto(GmGeos) box = { self->ctx, gm_grid_edit_box (self, x, y, tolerance) };
  g_auto(GmGeos) pt = { self->ctx, GEOSGeom_createPointFromXY_r (self->ctx, x, y) };
  GmLineQuery l = { self, pt.geom, tolerance, 0, 0, GM_SNAP_NONE };

  if (ignore != NULL)
    {
      v.ix = ignore[0];
      v.iy = ignore[1];
    }
  GEOSSTRtree_query_r (self->ctx, gm_grid_edit_vertex_tree (self), box.geom, gm_vertex_one, &v);
  GEOSSTRtree_query_r (self->ctx, self->road_vertex_tree, box.geom, gm_road_vertex_one, &v);
  if (v.owner > -3)
    {
      *sx = v.bx;
      *sy = v.by;
      return gm_snap_kind_of_owner (v.owner);
    }
  if (ignore == NULL)
    GEOSSTRtree_query_r (self->ctx, self->grid_tree, box.geom, gm_line_grid_one, &l);
  gm_line_consider (&l, self->community_outline, GM_SNAP_COMMUNITY_EDGE);
  GEOSSTRtree_query_r (self->ctx, self->road_tree, box.geom, gm_line_road_one, &l);
  *sx = l.bx;
  *sy = l.by;
  return l.kind;
}

GmSnapKind
gm_grid_edit_snap (GmGridEdit   *self,
                   double        lon,
                   double        lat,
                   double        tolerance_m,
                   const double *ignore_lonlat,
                   double       *snapped_lon,
                   double       *snapped_lat)
{
  double x, y, sx = 0, sy = 0, ignore[2];
  GmSnapKind kind;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), GM_SNAP_NONE);

  gm_grid_edit_to_metres (self, lon, lat, &x, &y);
  if (ignore_lonlat != NULL)
    gm_grid_edit_to_metres (self, ignore_lonlat[0], ignore_lonlat[1], &ignore[0], &ignore[1]);
  kind = gm_grid_edit_snap_m (self, x, y, tolerance_m, ignore_lonlat != NULL ? ignore : NULL, &sx, &sy);
  if (kind == GM_SNAP_NONE)
    {
      *snapped_lon = lon;
      *snapped_lat = lat;
      return GM_SNAP_NONE;
    }
  gm_grid_edit_to_lonlat (self, sx, sy, snapped_lon, snapped_lat);
  return kind;
}

GArray *
gm_grid_edit_grids_near (GmGridEdit         *self,
                         const GEOSGeometry *geom,
                         double              margin)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (guint));
  double box[4];

  if (GEOSGeom_getExtent_r (self->ctx, geom, &box[0], &box[1], &box[2], &box[3]) == 0)
    return slots;
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);
      double gb[4];

      if (g->geom == NULL
          || GEOSGeom_getExtent_r (self->ctx, g->geom, &gb[0], &gb[1], &gb[2], &gb[3]) == 0)
        continue;
      if (gb[0] <= box[2] + margin && gb[2] >= box[0] - margin
          && gb[1] <= box[3] + margin && gb[3] >= box[1] - margin)
        g_array_append_val (slots, i);
    }
  return slots;
}

/* ---- for drawing ------------------------------------------------------------------------ */

gboolean
gm_grid_edit_get_label_point (GmGridEdit *self,
                              guint       grid,
                              double     *lon,
                              double     *lat)
{
  GmEditGrid *g;
  g_auto(GmGeos) pt = { NULL, NULL };
  double x = 0, y = 0;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  g_return_val_if_fail (grid < self->grids->len, FALSE);

  g = gm_grid_edit_grid (self, grid);
  if (g->geom == NULL)
    return FALSE;
  pt.ctx = self->ctx;
  pt.geom = GEOSPointOnSurface_r (self->ctx, g->geom);
  if (pt.geom == NULL || GEOSisEmpty_r (self->ctx, pt.geom) == 1)
    return FALSE;
  GEOSGeomGetX_r (self->ctx, pt.geom, &x);
  GEOSGeomGetY_r (self->ctx, pt.geom, &y);
  gm_grid_edit_to_lonlat (self, x, y, lon, lat);
  return TRUE;
}

gboolean
gm_grid_edit_get_building_anchor (GmGridEdit *self,
                                  gint64      building_id,
                                  double     *lon,
                                  double     *lat)
{
  guint index;
  GmEditBuilding *b;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->building_index, &building_id));
  if (index == 0)
    return FALSE;
  b = &g_array_index (self->buildings, GmEditBuilding, index - 1);
  gm_grid_edit_to_lonlat (self, b->x, b->y, lon, lat);
  return TRUE;
}

typedef struct
{
  GmGridEdit *self;
  double      x, y;
  GArray     *out;     /* of GmXY, metres */
} GmNeighbours;

static void
gm_neighbours_add (GmNeighbours *q,
                   const double *p)
{
  for (guint i = 0; i < q->out->len; i++)
    if (hypot (g_array_index (q->out, GmXY, i).x - p[0], g_array_index (q->out, GmXY, i).y - p[1]) < GM_EDIT_VERTEX_EPS)
      return;
  g_array_append_val (q->out, ((GmXY) { p[0], p[1] }));
}

/* For each ring of @lines: the vertices next to the query point, or the
 * ends of the segment it lies on. */
static void
gm_neighbours_scan (GmNeighbours       *q,
                    const GEOSGeometry *lines)
{
  for (int i = 0; i < GEOSGetNumGeometries_r (q->self->ctx, lines); i++)
    {
      unsigned int n = 0;
      g_autofree double *xy = gm_grid_edit_coords (q->self, GEOSGetGeometryN_r (q->self->ctx, lines, i), 4, &n);

      for (unsigned int k = 0; xy != NULL && k + 1 < n; k++)
        {
          double nx, ny;

          if (hypot (xy[2 * k] - q->x, xy[2 * k + 1] - q->y) < GM_EDIT_VERTEX_EPS)
            {
              /* The ring is closed: the vertex before the first is the
               * last but one. */
              gm_neighbours_add (q, xy + 2 * (k == 0 ? n - 2 : k - 1));
              gm_neighbours_add (q, xy + 2 * (k + 1));
            }
          else if (gm_segment_nearest (xy + 2 * k, xy + 2 * k + 2, q->x, q->y, &nx, &ny) < GM_EDIT_VERTEX_EPS
                   && hypot (xy[2 * k + 2] - q->x, xy[2 * k + 3] - q->y) >= GM_EDIT_VERTEX_EPS)
            {
              gm_neighbours_add (q, xy + 2 * k);
              gm_neighbours_add (q, xy + 2 * k + 2);
            }
        }
    }
}

static void
gm_neighbours_one (void *item,
                   void *user_data)
{
  GmNeighbours *q = user_data;
  GmEditGrid *g = gm_grid_edit_grid (q->self, GPOINTER_TO_UINT (item) - 1);
  const GEOSGeometry *outline = gm_grid_edit_grid_outline (q->self, g);

  if (outline != NULL)
    gm_neighbours_scan (q, outline);
}

GArray *
gm_grid_edit_dup_vertex_neighbours (GmGridEdit *self,
                                    double      lon,
                                    double      lat)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (GmXY));
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  GmNeighbours q = { self, 0, 0, found };
  g_auto(GmGeos) box = { NULL, NULL };

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), out);

  gm_grid_edit_to_metres (self, lon, lat, &q.x, &q.y);
  box.ctx = self->ctx;
  box.geom = gm_grid_edit_box (self, q.x, q.y, GM_EDIT_VERTEX_EPS);
  GEOSSTRtree_query_r (self->ctx, self->grid_tree, box.geom, gm_neighbours_one, &q);
  for (guint i = 0; i < found->len; i++)
    {
      double p[2];

      gm_grid_edit_to_lonlat (self, g_array_index (found, GmXY, i).x, g_array_index (found, GmXY, i).y, &p[0], &p[1]);
      g_array_append_vals (out, p, 2);
    }
  return out;
}
