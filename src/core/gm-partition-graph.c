/* gm-partition-graph.c — which units neighbour which.
 *
 * Units share their borders vertex for vertex (gm-partition-units.c), so
 * shared borders are found by sorting every edge of every ring by its end
 * points (to the millimetre) and pairing equal ones, in O(n log n). Two
 * units of different blocks meet across a street; two of one block are
 * parted by a footpath when the line between them crosses one.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gm-autocleanups.h"
#include "gm-partition-private.h"

static int
gm_edge_key_compare (gconstpointer pa,
                     gconstpointer pb)
{
  const GmEdgeKey *a = pa, *b = pb;

#define CMP(f) if (a->f != b->f) return a->f < b->f ? -1 : 1
  CMP (ax);
  CMP (ay);
  CMP (bx);
  CMP (by);
  CMP (owner);
#undef CMP
  return 0;
}

/**
 * gm_ring_coords:
 * @ctx: the GEOS context
 * @ring: a linear ring
 * @n: (out): how many vertices (the last repeats the first)
 *
 * Returns: (transfer full) (nullable): the ring's x, y pairs, or %NULL for
 *   a ring of fewer than 4 vertices
 */
double *
gm_ring_coords (GEOSContextHandle_t  ctx,
                const GEOSGeometry  *ring,
                unsigned int        *n)
{
  const GEOSCoordSequence *seq = ring != NULL ? GEOSGeom_getCoordSeq_r (ctx, ring) : NULL;
  double *xy;

  *n = 0;
  if (seq == NULL || !GEOSCoordSeq_getSize_r (ctx, seq, n) || *n < 4)
    return NULL;
  xy = g_new (double, 2 * *n);
  GEOSCoordSeq_copyToBuffer_r (ctx, seq, xy, FALSE, FALSE);
  return xy;
}

/**
 * gm_polygon_foreach_ring:
 * @ctx: the GEOS context
 * @polygon: a polygon or multipolygon
 * @func: called with the vertices of each ring, shells and holes
 * @data: for @func
 */
void
gm_polygon_foreach_ring (GEOSContextHandle_t  ctx,
                         const GEOSGeometry  *polygon,
                         GmRingFunc           func,
                         gpointer             data)
{
  for (int p = 0; p < GEOSGetNumGeometries_r (ctx, polygon); p++)
    {
      const GEOSGeometry *part = GEOSGetGeometryN_r (ctx, polygon, p);

      if (GEOSGeomTypeId_r (ctx, part) != GEOS_POLYGON)
        continue;
      for (int r = -1; r < GEOSGetNumInteriorRings_r (ctx, part); r++)
        {
          unsigned int n;
          g_autofree double *xy = gm_ring_coords (ctx, r < 0 ? GEOSGetExteriorRing_r (ctx, part)
                                                             : GEOSGetInteriorRingN_r (ctx, part, r), &n);

          if (xy != NULL)
            func (xy, n, data);
        }
    }
}

typedef struct
{
  guint   owner;
  GArray *keys;
} GmEdgeRing;

static void
gm_edge_keys_add_ring (const double *xy,
                       unsigned int  n,
                       gpointer      data)
{
  GmEdgeRing *ring = data;

  for (unsigned int k = 0; k + 1 < n; k++)
    {
      GmEdgeKey e = { llround (xy[2 * k] * 1000), llround (xy[2 * k + 1] * 1000),
                      llround (xy[2 * k + 2] * 1000), llround (xy[2 * k + 3] * 1000), ring->owner,
                      hypot (xy[2 * k + 2] - xy[2 * k], xy[2 * k + 3] - xy[2 * k + 1]) };

      if (e.ax == e.bx && e.ay == e.by)
        continue;
      if (e.ax > e.bx || (e.ax == e.bx && e.ay > e.by))
        e = (GmEdgeKey) { e.bx, e.by, e.ax, e.ay, ring->owner, e.length };
      g_array_append_val (ring->keys, e);
    }
}

/**
 * gm_edge_keys_add:
 * @ctx: the GEOS context
 * @polygon: a polygon or multipolygon
 * @owner: what the edges belong to
 * @keys: an array of #GmEdgeKey to append to
 *
 * Adds every edge of every ring of @polygon.
 */
void
gm_edge_keys_add (GEOSContextHandle_t  ctx,
                  const GEOSGeometry  *polygon,
                  guint                owner,
                  GArray              *keys)
{
  GmEdgeRing ring = { owner, keys };

  gm_polygon_foreach_ring (ctx, polygon, gm_edge_keys_add_ring, &ring);
}

static int
gm_link_compare (gconstpointer pa,
                 gconstpointer pb)
{
  const GmLink *a = pa, *b = pb;

  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : a->b > b->b;
}

GArray *
gm_edge_keys_pair (GArray *keys)
{
  GArray *links = g_array_new (FALSE, FALSE, sizeof (GmLink));
  guint kept = 0;

  g_array_sort (keys, gm_edge_key_compare);
  for (guint k = 0; k + 1 < keys->len; k++)
    {
      const GmEdgeKey *e = &g_array_index (keys, GmEdgeKey, k);
      const GmEdgeKey *f = &g_array_index (keys, GmEdgeKey, k + 1);
      GmLink link = { MIN (e->owner, f->owner), MAX (e->owner, f->owner), e->length, GM_LINK_BLOCK };

      if (e->ax != f->ax || e->ay != f->ay || e->bx != f->bx || e->by != f->by || e->owner == f->owner)
        continue;
      g_array_append_val (links, link);
    }
  /* Two polygons meet along many edges: one link, the lengths summed. */
  g_array_sort (links, gm_link_compare);
  for (guint k = 0; k < links->len; k++)
    {
      GmLink *l = &g_array_index (links, GmLink, k);
      GmLink *last = kept > 0 ? &g_array_index (links, GmLink, kept - 1) : NULL;

      if (last != NULL && last->a == l->a && last->b == l->b)
        last->length += l->length;
      else
        g_array_index (links, GmLink, kept++) = *l;
    }
  g_array_set_size (links, kept);
  return links;
}

/* What lies between two linked units: a street between blocks; within a
 * block, what the line between them crosses (a dead-end street, a path). */
static void
gm_partition_classify_links (GmPartitionGraph *g)
{
  GmDivision *d = g->division;

  for (guint k = 0; k < g->links->len; k++)
    {
      GmLink *l = &g_array_index (g->links, GmLink, k);

      if (g->block[l->a] != g->block[l->b]
          || gm_line_index_crosses (g->streets, d->x[l->a], d->y[l->a], d->x[l->b], d->y[l->b]))
        l->kind = GM_LINK_STREET;
      else if (gm_line_index_crosses (g->paths, d->x[l->a], d->y[l->a], d->x[l->b], d->y[l->b]))
        l->kind = GM_LINK_PATH;
    }
}

/* Compressed adjacency, as METIS takes it. */
static void
gm_partition_build_adjacency (GmPartitionGraph *g)
{
  guint n = g->division->n;
  g_autofree guint *fill = g_new0 (guint, n + 1);

  g->xadj = g_new0 (guint, n + 1);
  g->adj = g_new (guint, MAX (2 * g->links->len, 1));
  g->adj_link = g_new (guint, MAX (2 * g->links->len, 1));
  for (guint k = 0; k < g->links->len; k++)
    {
      const GmLink *l = &g_array_index (g->links, GmLink, k);

      g->xadj[l->a + 1]++;
      g->xadj[l->b + 1]++;
    }
  for (guint i = 0; i < n; i++)
    g->xadj[i + 1] += g->xadj[i];
  for (guint k = 0; k < g->links->len; k++)
    {
      const GmLink *l = &g_array_index (g->links, GmLink, k);
      guint ia = g->xadj[l->a] + fill[l->a]++;
      guint ib = g->xadj[l->b] + fill[l->b]++;

      g->adj[ia] = l->b;
      g->adj_link[ia] = k;
      g->adj[ib] = l->a;
      g->adj_link[ib] = k;
    }
}

/**
 * gm_partition_graph_link:
 * @graph: a graph with its units
 *
 * Finds the links between the units.
 */
void
gm_partition_graph_link (GmPartitionGraph *graph)
{
  GmDivision *d = graph->division;
  g_autoptr(GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (GmEdgeKey), 8 * d->n);

  for (guint i = 0; i < d->n; i++)
    gm_edge_keys_add (d->geos, graph->cells[i], i, keys);
  graph->links = gm_edge_keys_pair (keys);
  gm_partition_classify_links (graph);
  gm_partition_build_adjacency (graph);
}

guint
gm_partition_graph_components (GmPartitionGraph *graph,
                               guint            *component)
{
  return gm_partition_graph_components_apart (graph, NULL, component);
}

/* As gm_partition_graph_components(), with the units marked in @apart
 * (NULL for none) each a part of their own that joins no others. */
guint
gm_partition_graph_components_apart (GmPartitionGraph *graph,
                                     const gboolean   *apart,
                                     guint            *component)
{
  guint n = graph->division->n;
  g_autofree guint *queue = g_new (guint, MAX (n, 1));
  guint count = 0;

  for (guint i = 0; i < n; i++)
    component[i] = G_MAXUINT;
  for (guint s = 0; s < n; s++)
    {
      guint head = 0, tail = 0;

      if (component[s] != G_MAXUINT)
        continue;
      component[s] = count;
      queue[tail++] = s;
      while (head < tail && (apart == NULL || !apart[s]))
        {
          guint i = queue[head++];

          for (guint k = graph->xadj[i]; k < graph->xadj[i + 1]; k++)
            if (component[graph->adj[k]] == G_MAXUINT && (apart == NULL || !apart[graph->adj[k]]))
              {
                component[graph->adj[k]] = count;
                queue[tail++] = graph->adj[k];
              }
        }
      count++;
    }
  return count;
}
