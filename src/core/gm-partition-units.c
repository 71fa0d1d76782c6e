/* gm-partition-units.c — the units a community is divided in.
 *
 * A street block (gm-partition-blocks.c) whose workload is below a share of
 * a grid's (GM_PARTITION_BLOCK_SHARE) is one unit: it goes to one grid
 * whole, so the grid boundary around it runs on the street centre lines.
 * A heavier block is cut into its buildings' Voronoi cells within the
 * block: the block's outline and the diagram's edges are noded together
 * and polygonized, and each face belongs to the building nearest to it. A
 * building whose cell the block's shape cuts in two keeps the piece with
 * its anchor; the other pieces are units of their own without buildings.
 *
 * Faces along a cut block's outline have vertices where the diagram's
 * edges meet the street; the block across the street does not. Those
 * points are put into every unit along that stretch of street, so all
 * units share their borders vertex for vertex: links are found by equal
 * edges, and grids are coverage unions.
 *
 * Rebalancing keeps a block whole only when all its buildings are in one
 * current grid.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-partition-private.h"

/* A point this close to a block's edge, m, lies on it. */
#define ON_EDGE 1e-6

typedef struct
{
  gint64 x, y;      /* millimetres */
} GmVertexKey;

typedef struct
{
  gint64 ax, ay, bx, by;    /* a before b */
} GmSegmentKey;

/* A segment of a block's outline, shared with the block across the street,
 * and the points where cut blocks' faces meet it. */
typedef struct
{
  GmSegmentKey key;
  double       px, py, qx, qy;  /* p is the end with the smaller key */
  GArray      *splits;          /* of GmSplit, by t */
} GmSegment;

typedef struct
{
  double t;                     /* along p → q */
  double x, y;
} GmSplit;

typedef struct
{
  GmSegment *segment;
  double     t;
} GmSplitRef;

typedef struct
{
  GmPartitionGraph   *g;
  GEOSContextHandle_t ctx;
  GPtrArray          *blocks;         /* of GEOSGeometry (the graph's) */
  guint              *block_of;       /* per building (the graph's) */
  guint              *block_start;    /* buildings per block, compressed */
  guint              *block_members;
  gboolean           *cut;            /* per block (the graph's) */
  GHashTable         *segments;       /* GmSegmentKey → GmSegment */
  GHashTable         *splits;         /* GmVertexKey → GmSplitRef */
  GPtrArray          *cells;          /* of GEOSGeometry: the units */
  GArray             *unit_block;     /* of guint */
} GmUnits;

/* ---- keys ---------------------------------------------------------------------------- */

static inline GmVertexKey
gm_vertex_key (double x,
               double y)
{
  return (GmVertexKey) { llround (x * 1000.0), llround (y * 1000.0) };
}

static guint
gm_vertex_key_hash (gconstpointer p)
{
  const GmVertexKey *k = p;

  return (guint) (k->x * 73856093 ^ k->y * 19349663);
}

static gboolean
gm_vertex_key_equal (gconstpointer a,
                     gconstpointer b)
{
  return memcmp (a, b, sizeof (GmVertexKey)) == 0;
}

static guint
gm_segment_key_hash (gconstpointer p)
{
  const GmSegmentKey *k = p;

  return (guint) (k->ax * 73856093 ^ k->ay * 19349663 ^ k->bx * 83492791 ^ k->by * 2654435761u);
}

static gboolean
gm_segment_key_equal (gconstpointer a,
                      gconstpointer b)
{
  return memcmp (a, b, sizeof (GmSegmentKey)) == 0;
}

static GmSegmentKey
gm_segment_key (GmVertexKey a,
                GmVertexKey b)
{
  if (a.x > b.x || (a.x == b.x && a.y > b.y))
    return (GmSegmentKey) { b.x, b.y, a.x, a.y };
  return (GmSegmentKey) { a.x, a.y, b.x, b.y };
}

static void
gm_segment_free (gpointer data)
{
  GmSegment *s = data;

  g_array_unref (s->splits);
  g_free (s);
}

/* ---- the blocks' segments ------------------------------------------------------------- */

typedef struct
{
  GmUnits    *u;
  GPtrArray  *own;        /* the block's segments */
  GHashTable *corners;    /* the block's vertices */
} GmBlockRing;

/* Adds the ring's segments to the table and, when the block is cut, to an
 * array of the block's own. */
static void
gm_units_index_ring (const double *xy,
                     unsigned int  n,
                     gpointer      data)
{
  GmBlockRing *block = data;
  GmUnits *u = block->u;
  GPtrArray *own = block->own;

  for (unsigned int k = 0; k + 1 < n; k++)
    {
      GmVertexKey a = gm_vertex_key (xy[2 * k], xy[2 * k + 1]), b = gm_vertex_key (xy[2 * k + 2], xy[2 * k + 3]);
      GmSegmentKey key = gm_segment_key (a, b);
      GmSegment *s;
      gboolean forward = key.ax == a.x && key.ay == a.y;

      if (a.x == b.x && a.y == b.y)
        continue;
      if ((s = g_hash_table_lookup (u->segments, &key)) == NULL)
        {
          s = g_new0 (GmSegment, 1);
          s->key = key;
          s->px = xy[2 * k + (forward ? 0 : 2)];
          s->py = xy[2 * k + (forward ? 1 : 3)];
          s->qx = xy[2 * k + (forward ? 2 : 0)];
          s->qy = xy[2 * k + (forward ? 3 : 1)];
          s->splits = g_array_new (FALSE, FALSE, sizeof (GmSplit));
          g_hash_table_insert (u->segments, &s->key, s);
        }
      if (own != NULL)
        g_ptr_array_add (own, s);
    }
}

/* Where along @s the point lies (0 at p, 1 at q), or -1 when it is not
 * on it. */
static double
gm_segment_locate (const GmSegment *s,
                   double           x,
                   double           y)
{
  double dx = s->qx - s->px, dy = s->qy - s->py, len2 = dx * dx + dy * dy, t, cross;

  if (len2 <= 0.0)
    return -1.0;
  t = ((x - s->px) * dx + (y - s->py) * dy) / len2;
  cross = (x - s->px) * dy - (y - s->py) * dx;
  if (t <= 0.0 || t >= 1.0 || fabs (cross) > ON_EDGE * sqrt (len2))
    return -1.0;
  return t;
}

static void
gm_units_add_corners (const double *xy,
                      unsigned int  n,
                      gpointer      data)
{
  GmBlockRing *block = data;

  for (unsigned int k = 0; k < n; k++)
    {
      GmVertexKey *key = g_new (GmVertexKey, 1);

      *key = gm_vertex_key (xy[2 * k], xy[2 * k + 1]);
      g_hash_table_add (block->corners, key);
    }
}

/* The vertices of a cut block's face that lie on the block's outline
 * between its corners: where the diagram meets the street. */
static void
gm_units_find_splits (const double *xy,
                      unsigned int  n,
                      gpointer      data)
{
  GmBlockRing *block = data;
  GmUnits *u = block->u;

  for (unsigned int k = 0; k + 1 < n; k++)
    {
      GmVertexKey key = gm_vertex_key (xy[2 * k], xy[2 * k + 1]);

      if (g_hash_table_contains (block->corners, &key) || g_hash_table_contains (u->splits, &key))
        continue;
      for (guint s = 0; s < block->own->len; s++)
        {
          GmSegment *segment = g_ptr_array_index (block->own, s);
          GmSplit split = { gm_segment_locate (segment, xy[2 * k], xy[2 * k + 1]), xy[2 * k], xy[2 * k + 1] };
          GmSplitRef *ref;
          GmVertexKey *copy;

          if (split.t < 0.0)
            continue;
          g_array_append_val (segment->splits, split);
          ref = g_new (GmSplitRef, 1);
          *ref = (GmSplitRef) { segment, split.t };
          copy = g_memdup2 (&key, sizeof key);
          g_hash_table_insert (u->splits, copy, ref);
          break;
        }
    }
}

static int
gm_split_compare (gconstpointer a,
                  gconstpointer b)
{
  const GmSplit *sa = a, *sb = b;

  return sa->t < sb->t ? -1 : sa->t > sb->t;
}

/* Every block's segments, and on those of cut blocks the points where
 * their faces meet them. */
static void
gm_units_index_segments (GmUnits *u)
{
  GHashTableIter iter;
  gpointer value;
  guint c = 0;

  u->segments = g_hash_table_new_full (gm_segment_key_hash, gm_segment_key_equal, NULL, gm_segment_free);
  u->splits = g_hash_table_new_full (gm_vertex_key_hash, gm_vertex_key_equal, g_free, g_free);
  for (guint k = 0; k < u->blocks->len; k++)
    {
      GmBlockRing block = { u, NULL, NULL };
      const GEOSGeometry *polygon = g_ptr_array_index (u->blocks, k);

      /* The cells come block by block. */
      while (c < u->cells->len && g_array_index (u->unit_block, guint, c) < k)
        c++;
      if (!u->cut[k])
        {
          gm_polygon_foreach_ring (u->ctx, polygon, gm_units_index_ring, &block);
          continue;
        }
      block.own = g_ptr_array_new ();
      block.corners = g_hash_table_new_full (gm_vertex_key_hash, gm_vertex_key_equal, g_free, NULL);
      gm_polygon_foreach_ring (u->ctx, polygon, gm_units_index_ring, &block);
      gm_polygon_foreach_ring (u->ctx, polygon, gm_units_add_corners, &block);
      for (; c < u->cells->len && g_array_index (u->unit_block, guint, c) == k; c++)
        gm_polygon_foreach_ring (u->ctx, g_ptr_array_index (u->cells, c), gm_units_find_splits, &block);
      g_ptr_array_unref (block.own);
      g_hash_table_unref (block.corners);
    }
  g_hash_table_iter_init (&iter, u->segments);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_sort (((GmSegment *) value)->splits, gm_split_compare);
}

/* ---- units that meet vertex for vertex ------------------------------------------------ */

/* Where @v is on @s: 0 or 1 at its ends; FALSE when it is neither. */
static gboolean
gm_segment_end (const GmSegment *s,
                GmVertexKey      v,
                double          *t)
{
  if (v.x == s->key.ax && v.y == s->key.ay)
    *t = 0.0;
  else if (v.x == s->key.bx && v.y == s->key.by)
    *t = 1.0;
  else
    return FALSE;
  return TRUE;
}

/* The block segment the edge a → b lies on, with where a and b are on
 * it; NULL when the edge runs inside a block. */
static GmSegment *
gm_units_parent (GmUnits     *u,
                 GmVertexKey  a,
                 GmVertexKey  b,
                 double      *ta,
                 double      *tb)
{
  GmSegmentKey key = gm_segment_key (a, b);
  GmSegment *s = g_hash_table_lookup (u->segments, &key);
  GmSplitRef *ra, *rb;

  if (s != NULL)
    {
      *ta = a.x == s->key.ax && a.y == s->key.ay ? 0.0 : 1.0;
      *tb = 1.0 - *ta;
      return s;
    }
  ra = g_hash_table_lookup (u->splits, &a);
  rb = g_hash_table_lookup (u->splits, &b);
  if (ra != NULL && ((rb != NULL && rb->segment == ra->segment && (*tb = rb->t, TRUE))
                     || gm_segment_end (ra->segment, b, tb)))
    {
      *ta = ra->t;
      return ra->segment;
    }
  if (rb != NULL && gm_segment_end (rb->segment, a, ta))
    {
      *tb = rb->t;
      return rb->segment;
    }
  return NULL;
}

/* Appends to @out the points on the edge a → b that other units have. */
static void
gm_units_insert_between (GmUnits      *u,
                         const double *a,
                         const double *b,
                         GArray       *out)
{
  double ta, tb;
  GmSegment *s = gm_units_parent (u, gm_vertex_key (a[0], a[1]), gm_vertex_key (b[0], b[1]), &ta, &tb);
  guint n;

  if (s == NULL || (n = s->splits->len) == 0)
    return;
  for (guint k = 0; k < n; k++)
    {
      const GmSplit *split = &g_array_index (s->splits, GmSplit, ta < tb ? k : n - 1 - k);

      if (split->t > MIN (ta, tb) && split->t < MAX (ta, tb))
        {
          g_array_append_val (out, split->x);
          g_array_append_val (out, split->y);
        }
    }
}

static GEOSGeometry *
gm_units_mesh_ring (GmUnits            *u,
                    const GEOSGeometry *ring)
{
  unsigned int n;
  g_autofree double *xy = gm_ring_coords (u->ctx, ring, &n);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (double));

  if (xy == NULL)
    return GEOSGeom_clone_r (u->ctx, ring);
  for (unsigned int k = 0; k + 1 < n; k++)
    {
      g_array_append_vals (out, xy + 2 * k, 2);
      gm_units_insert_between (u, xy + 2 * k, xy + 2 * k + 2, out);
    }
  g_array_append_vals (out, xy + 2 * (n - 1), 2);
  return GEOSGeom_createLinearRing_r (u->ctx, GEOSCoordSeq_copyFromBuffer_r (u->ctx, (double *) out->data,
                                                                          out->len / 2, FALSE, FALSE));
}

static GEOSGeometry *
gm_units_mesh_polygon (GmUnits            *u,
                       const GEOSGeometry *polygon)
{
  GEOSContextHandle_t ctx = u->ctx;
  int holes = GEOSGetNumInteriorRings_r (ctx, polygon);
  g_autofree GEOSGeometry **rings = g_new (GEOSGeometry *, MAX (holes, 1));
  GEOSGeometry *shell = gm_units_mesh_ring (u, GEOSGetExteriorRing_r (ctx, polygon));

  for (int r = 0; r < holes; r++)
    rings[r] = gm_units_mesh_ring (u, GEOSGetInteriorRingN_r (ctx, polygon, r));
  return GEOSGeom_createPolygon_r (ctx, shell, rings, holes);
}

/* The unit with the points of its neighbours on its border. */
static GEOSGeometry *
gm_units_mesh (GmUnits            *u,
               const GEOSGeometry *unit)
{
  GEOSContextHandle_t ctx = u->ctx;
  int parts = GEOSGetNumGeometries_r (ctx, unit);
  g_autofree GEOSGeometry **polygons = NULL;

  if (GEOSGeomTypeId_r (ctx, unit) == GEOS_POLYGON)
    return gm_units_mesh_polygon (u, unit);
  polygons = g_new (GEOSGeometry *, MAX (parts, 1));
  for (int p = 0; p < parts; p++)
    polygons[p] = gm_units_mesh_polygon (u, GEOSGetGeometryN_r (ctx, unit, p));
  return GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON, polygons, parts);
}

static void
gm_units_mesh_all (GmUnits *u)
{
  gboolean any = FALSE;

  for (guint k = 0; k < u->blocks->len; k++)
    any |= u->cut[k];
  if (!any)
    return;
  gm_units_index_segments (u);
  for (guint c = 0; c < u->cells->len; c++)
    {
      GEOSGeometry *meshed = gm_units_mesh (u, g_ptr_array_index (u->cells, c));

      GEOSGeom_destroy_r (u->ctx, g_ptr_array_index (u->cells, c));
      g_ptr_array_index (u->cells, c) = meshed;
    }
}

/* ---- cutting a block ------------------------------------------------------------------- */

static guint
gm_units_add (GmUnits      *u,
              GEOSGeometry *polygon,
              guint         block)
{
  g_ptr_array_add (u->cells, polygon);
  g_array_append_val (u->unit_block, block);
  return u->cells->len - 1;
}

/* The faces of the block's outline and its buildings' Voronoi diagram,
 * noded together, that lie inside the block. */
static GPtrArray *
gm_units_faces (GmUnits            *u,
                const GEOSGeometry *block,
                const guint        *members,
                guint               count)
{
  GEOSContextHandle_t ctx = u->ctx;
  g_autofree GEOSGeometry **points = g_new (GEOSGeometry *, count);
  g_auto(GmGeos) sites = { ctx, NULL };
  GEOSGeometry *lines[2] = { NULL, NULL };
  g_auto(GmGeos) all = { ctx, NULL };
  g_auto(GmGeos) noded = { ctx, NULL };
  g_auto(GmGeos) faces = { ctx, NULL };
  const GEOSPreparedGeometry *inside = GEOSPrepare_r (ctx, block);
  const GEOSGeometry *edges;
  GPtrArray *kept = g_ptr_array_new ();

  for (guint m = 0; m < count; m++)
    points[m] = GEOSGeom_createPointFromXY_r (ctx, u->g->buildings.x[members[m]], u->g->buildings.y[members[m]]);
  sites.geom = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOINT, points, count);
  lines[0] = GEOSBoundary_r (ctx, block);
  lines[1] = GEOSVoronoiDiagram_r (ctx, sites.geom, block, 0.0, 1);
  all.geom = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, lines, lines[1] != NULL ? 2 : 1);
  noded.geom = GEOSUnaryUnion_r (ctx, all.geom);
  edges = noded.geom;
  if (noded.geom != NULL)
    faces.geom = GEOSPolygonize_r (ctx, &edges, 1);
  for (int k = 0; faces.geom != NULL && k < GEOSGetNumGeometries_r (ctx, faces.geom); k++)
    {
      const GEOSGeometry *face = GEOSGetGeometryN_r (ctx, faces.geom, k);
      g_auto(GmGeos) point = { ctx, GEOSPointOnSurface_r (ctx, face) };

      if (point.geom != NULL && GEOSPreparedContains_r (ctx, inside, point.geom) == 1)
        g_ptr_array_add (kept, GEOSGeom_clone_r (ctx, face));
    }
  GEOSPreparedGeom_destroy_r (ctx, inside);
  return kept;
}

/* Of @members, the one whose anchor is nearest to the face: the face lies
 * in its Voronoi cell. */
static guint
gm_units_site_of (GmUnits            *u,
                  const GEOSGeometry *face,
                  const guint        *members,
                  guint               count)
{
  g_auto(GmGeos) point = { u->ctx, GEOSPointOnSurface_r (u->ctx, face) };
  double x = 0.0, y = 0.0, best = G_MAXDOUBLE;
  guint site = 0;

  if (point.geom != NULL)
    {
      GEOSGeomGetX_r (u->ctx, point.geom, &x);
      GEOSGeomGetY_r (u->ctx, point.geom, &y);
    }
  for (guint m = 0; m < count; m++)
    {
      double dx = u->g->buildings.x[members[m]] - x, dy = u->g->buildings.y[members[m]] - y;

      if (dx * dx + dy * dy < best)
        {
          best = dx * dx + dy * dy;
          site = m;
        }
    }
  return site;
}

static double
gm_units_distance (GmUnits            *u,
                   const GEOSGeometry *face,
                   guint               building)
{
  g_auto(GmGeos) point = { u->ctx, GEOSGeom_createPointFromXY_r (u->ctx, u->g->buildings.x[building],
                                                                 u->g->buildings.y[building]) };
  double d = G_MAXDOUBLE;

  GEOSDistance_r (u->ctx, face, point.geom, &d);
  return d;
}

/* The block as one unit, with all its buildings. */
static void
gm_units_keep_block (GmUnits *u,
                     guint    k)
{
  guint unit = gm_units_add (u, GEOSGeom_clone_r (u->ctx, g_ptr_array_index (u->blocks, k)), k);

  for (guint m = u->block_start[k]; m < u->block_start[k + 1]; m++)
    u->g->buildings.unit[u->block_members[m]] = unit;
}

/* The face of @faces (units from @first on) nearest to building @i. */
static guint
gm_units_nearest_face (GmUnits   *u,
                       GPtrArray *faces,
                       guint      first,
                       guint      i)
{
  guint best = 0;
  double best_d = G_MAXDOUBLE;

  for (guint f = 0; f < faces->len; f++)
    {
      double d = gm_units_distance (u, g_ptr_array_index (faces, f), i);

      if (d < best_d)
        {
          best = f;
          best_d = d;
        }
    }
  return first + best;
}

/* Cuts block @k into its buildings' cells: each building's unit is the
 * face of its cell nearest to its anchor (the one holding it); other
 * pieces of a cell are units without buildings. A building left without a
 * face (its cell has no area in the block) goes with the face nearest to
 * it. */
static void
gm_units_cut_block (GmUnits *u,
                    guint    k)
{
  const guint *members = u->block_members + u->block_start[k];
  guint count = u->block_start[k + 1] - u->block_start[k], first = u->cells->len;
  g_autoptr(GPtrArray) faces = gm_units_faces (u, g_ptr_array_index (u->blocks, k), members, count);
  g_autofree int *own = g_new (int, count);
  g_autofree double *gap = g_new (double, count);

  if (faces->len == 0)
    {
      gm_units_keep_block (u, k);
      return;
    }
  for (guint m = 0; m < count; m++)
    own[m] = -1;
  for (guint f = 0; f < faces->len; f++)
    {
      guint site = gm_units_site_of (u, g_ptr_array_index (faces, f), members, count);
      double d = gm_units_distance (u, g_ptr_array_index (faces, f), members[site]);

      if (own[site] < 0 || d < gap[site])
        {
          own[site] = (int) f;
          gap[site] = d;
        }
    }
  for (guint m = 0; m < count; m++)
    u->g->buildings.unit[members[m]] = own[m] >= 0 ? first + (guint) own[m]
                                                   : gm_units_nearest_face (u, faces, first, members[m]);
  for (guint f = 0; f < faces->len; f++)
    gm_units_add (u, g_ptr_array_index (faces, f), k);
}

/* ---- which blocks to cut -------------------------------------------------------------------- */

/* Buildings by block, in compressed rows. */
static void
gm_units_group (GmUnits *u)
{
  const GmBuildings *b = &u->g->buildings;
  g_autofree guint *fill = g_new0 (guint, u->blocks->len);

  u->block_start = g_new0 (guint, u->blocks->len + 1);
  u->block_members = g_new (guint, MAX (b->n, 1));
  for (guint i = 0; i < b->n; i++)
    u->block_start[u->block_of[i] + 1]++;
  for (guint k = 0; k < u->blocks->len; k++)
    u->block_start[k + 1] += u->block_start[k];
  for (guint i = 0; i < b->n; i++)
    u->block_members[u->block_start[u->block_of[i]] + fill[u->block_of[i]]++] = i;
}

/* Whether the buildings of block @k are not all in one current grid. */
static gboolean
gm_units_mixed (GmUnits *u,
                guint    k)
{
  const int *current = u->g->buildings.current;

  for (guint m = u->block_start[k] + 1; m < u->block_start[k + 1]; m++)
    if (current[u->block_members[m]] != current[u->block_members[u->block_start[k]]])
      return TRUE;
  return FALSE;
}

/* Blocks heavier than a share of a grid are cut; all of them when that
 * still leaves fewer units with buildings than grids. */
static void
gm_units_choose_cuts (GmUnits *u,
                      guint    parts)
{
  const GmBuildings *b = &u->g->buildings;
  double total = 0.0, target;
  guint units = 0;

  for (guint i = 0; i < b->n; i++)
    total += b->workload[i];
  target = total / MAX (parts, 1);
  for (guint k = 0; k < u->blocks->len; k++)
    {
      guint count = u->block_start[k + 1] - u->block_start[k];
      double w = 0.0;

      for (guint m = u->block_start[k]; m < u->block_start[k + 1]; m++)
        w += b->workload[u->block_members[m]];
      u->cut[k] = count > 1 && (w > GM_PARTITION_BLOCK_SHARE * target
                                || (u->g->options->rebalance && gm_units_mixed (u, k)));
      units += u->cut[k] ? count : MIN (count, 1);
    }
  for (guint k = 0; k < u->blocks->len && units < parts; k++)
    u->cut[k] = u->block_start[k + 1] - u->block_start[k] > 1;
}

/* ---- the graph's units -------------------------------------------------------------------- */

/* A point inside the unit: its building's anchor when it has one building
 * standing inside it, else a point on its surface. */
static void
gm_units_point (GmPartitionGraph *g,
                guint             unit)
{
  GEOSContextHandle_t ctx = g->division->geos;
  guint first = g->member_start[unit];
  g_auto(GmGeos) point = { ctx, NULL };

  if (gm_partition_graph_unit_size (g, unit) == 1)
    {
      point.geom = GEOSGeom_createPointFromXY_r (ctx, g->buildings.x[g->members[first]], g->buildings.y[g->members[first]]);
      if (GEOSContains_r (ctx, g->cells[unit], point.geom) == 1)
        {
          g->division->x[unit] = g->buildings.x[g->members[first]];
          g->division->y[unit] = g->buildings.y[g->members[first]];
          return;
        }
      gm_geos_clear (&point);
    }
  point.geom = GEOSPointOnSurface_r (ctx, g->cells[unit]);
  if (point.geom != NULL)
    {
      GEOSGeomGetX_r (ctx, point.geom, &g->division->x[unit]);
      GEOSGeomGetY_r (ctx, point.geom, &g->division->y[unit]);
    }
}

/* Each unit's buildings, workload, households and current grid. */
static void
gm_units_totals (GmPartitionGraph *g)
{
  const GmBuildings *b = &g->buildings;
  guint n = g->division->n;
  g_autofree guint *fill = g_new0 (guint, n);

  g->member_start = g_new0 (guint, n + 1);
  g->members = g_new (guint, MAX (b->n, 1));
  g->workload = g_new0 (double, MAX (n, 1));
  g->households = g_new0 (guint, MAX (n, 1));
  g->current = g_new (int, MAX (n, 1));
  for (guint i = 0; i < b->n; i++)
    g->member_start[b->unit[i] + 1]++;
  for (guint u = 0; u < n; u++)
    g->member_start[u + 1] += g->member_start[u];
  for (guint u = 0; u < n; u++)
    g->current[u] = -1;
  for (guint i = 0; i < b->n; i++)
    {
      guint u = b->unit[i];

      /* Whole blocks are kept only when their buildings share a grid. */
      if (fill[u] == 0)
        g->current[u] = b->current[i];
      g->members[g->member_start[u] + fill[u]++] = i;
      g->workload[u] += b->workload[i];
      g->households[u] += b->households[i];
    }
}

static void
gm_units_fill_graph (GmUnits *u)
{
  GmPartitionGraph *g = u->g;
  GmDivision *d = g->division;

  d->n = u->cells->len;
  g->cells = (GEOSGeometry **) g_ptr_array_free (g_steal_pointer (&u->cells), FALSE);
  g->block = (guint *) g_array_free (g_steal_pointer (&u->unit_block), FALSE);
  g->blocks = u->blocks->len;
  gm_units_totals (g);
  g_free (d->x);
  g_free (d->y);
  g_free (d->weight);
  g_free (d->part);
  d->x = g_new0 (double, MAX (d->n, 1));
  d->y = g_new0 (double, MAX (d->n, 1));
  d->weight = g_memdup2 (g->workload, sizeof (double) * MAX (d->n, 1));
  d->part = g_new0 (guint, MAX (d->n, 1));
  for (guint k = 0; k < d->n; k++)
    gm_units_point (g, k);
}

static void
gm_units_clear (GmUnits *u)
{
  if (u->cells != NULL)
    for (guint c = 0; c < u->cells->len; c++)
      GEOSGeom_destroy_r (u->ctx, g_ptr_array_index (u->cells, c));
  g_clear_pointer (&u->cells, g_ptr_array_unref);
  g_clear_pointer (&u->unit_block, g_array_unref);
  g_clear_pointer (&u->segments, g_hash_table_unref);
  g_clear_pointer (&u->splits, g_hash_table_unref);
  g_free (u->block_start);
  g_free (u->block_members);
}

/* The units of the graph's blocks: whole or cut as graph->cut says. */
static void
gm_units_build (GmPartitionGraph *graph)
{
  GmUnits u = { graph, graph->division->geos, graph->block_polygons, graph->buildings.block, };

  u.cut = graph->cut;
  u.cells = g_ptr_array_new ();
  u.unit_block = g_array_new (FALSE, FALSE, sizeof (guint));
  gm_units_group (&u);
  for (guint k = 0; k < u.blocks->len; k++)
    {
      if (u.cut[k])
        gm_units_cut_block (&u, k);
      else
        gm_units_keep_block (&u, k);
    }
  gm_units_mesh_all (&u);
  gm_units_fill_graph (&u);
  gm_units_clear (&u);
}

/**
 * gm_partition_graph_units:
 * @graph: a loaded graph with at least one building
 * @parts: how many grids it will be divided into
 * @error: return location for a #GError
 *
 * Cuts the community into units (whole blocks and buildings' cells).
 *
 * Returns: %TRUE on success
 */
gboolean
gm_partition_graph_units (GmPartitionGraph  *graph,
                          guint              parts,
                          GError           **error)
{
  GmUnits u = { graph, graph->division->geos, NULL, };

  graph->block_polygons = gm_partition_blocks (graph, &graph->buildings.block, error);
  if (graph->block_polygons == NULL)
    return FALSE;
  u.blocks = graph->block_polygons;
  u.block_of = graph->buildings.block;
  graph->cut = u.cut = g_new0 (gboolean, u.blocks->len);
  gm_units_group (&u);
  gm_units_choose_cuts (&u, parts);
  gm_units_clear (&u);
  gm_units_build (graph);
  return TRUE;
}

/* Frees what gm_units_build() and gm_partition_graph_link() made. */
static void
gm_units_forget (GmPartitionGraph *g)
{
  gm_division_free_geometries (g->division, g->cells, g->division->n);
  g->cells = NULL;
  g_clear_pointer (&g->member_start, g_free);
  g_clear_pointer (&g->members, g_free);
  g_clear_pointer (&g->workload, g_free);
  g_clear_pointer (&g->households, g_free);
  g_clear_pointer (&g->current, g_free);
  g_clear_pointer (&g->block, g_free);
  g_clear_pointer (&g->links, g_array_unref);
  g_clear_pointer (&g->xadj, g_free);
  g_clear_pointer (&g->adj, g_free);
  g_clear_pointer (&g->adj_link, g_free);
}

/**
 * gm_partition_graph_refine:
 * @graph: a graph with its units, links and parts
 * @more: per block, whether to cut it now
 *
 * Units come block by block, a cut block's cells in the same order each
 * time, so the units of a block cut before keep their parts one for one,
 * and the cells of a block cut now take the part of the block.
 */
void
gm_partition_graph_refine (GmPartitionGraph *graph,
                           const gboolean   *more)
{
  GmDivision *d = graph->division;
  guint blocks = graph->block_polygons->len;
  g_autofree guint *old_part = g_memdup2 (d->part, sizeof (guint) * MAX (d->n, 1));
  g_autofree gboolean *was_cut = g_memdup2 (graph->cut, sizeof (gboolean) * MAX (blocks, 1));
  g_autofree guint *old_first = g_new (guint, MAX (blocks, 1));
  g_autofree guint *new_first = g_new (guint, MAX (blocks, 1));
  guint parts = d->parts;

  for (guint u = d->n; u-- > 0;)
    old_first[graph->block[u]] = u;
  for (guint k = 0; k < blocks; k++)
    graph->cut[k] |= more[k];
  gm_units_forget (graph);
  gm_units_build (graph);
  d->parts = parts;
  for (guint u = d->n; u-- > 0;)
    new_first[graph->block[u]] = u;
  for (guint u = 0; u < d->n; u++)
    {
      guint k = graph->block[u];

      d->part[u] = old_part[old_first[k] + (was_cut[k] ? u - new_first[k] : 0)];
    }
  gm_partition_graph_link (graph);
}
