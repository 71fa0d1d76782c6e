/* gm-partition-graph.c — which buildings neighbour which.
 *
 * Two buildings are linked when their Voronoi cells share a border inside
 * the community: then a grid holding both is one piece there, and the
 * length of that border is what a grid boundary between them would add.
 * The cells of one diagram share their vertices exactly, so shared borders
 * are found by sorting every cell edge by its end points (to the
 * millimetre) and pairing equal ones, in O(n log n).
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-partition-private.h"

typedef struct
{
  gint64  ax, ay, bx, by;    /* end points in millimetres, a before b */
  guint   cell;
  double  x0, y0, x1, y1;
} GmEdgeKey;

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
  CMP (cell);
#undef CMP
  return 0;
}

static void
gm_edge_keys_add_cell (GEOSContextHandle_t  ctx,
                       const GEOSGeometry  *cell,
                       guint                index,
                       GArray              *keys)
{
  const GEOSGeometry *ring = GEOSGetExteriorRing_r (ctx, cell);
  const GEOSCoordSequence *seq = ring != NULL ? GEOSGeom_getCoordSeq_r (ctx, ring) : NULL;
  unsigned int n = 0;
  g_autofree double *xy = NULL;

  if (seq == NULL || !GEOSCoordSeq_getSize_r (ctx, seq, &n) || n < 2)
    return;
  xy = g_new (double, 2 * n);
  GEOSCoordSeq_copyToBuffer_r (ctx, seq, xy, FALSE, FALSE);
  for (unsigned int k = 0; k + 1 < n; k++)
    {
      GmEdgeKey e = { llround (xy[2 * k] * 1000), llround (xy[2 * k + 1] * 1000),
                      llround (xy[2 * k + 2] * 1000), llround (xy[2 * k + 3] * 1000), index,
                      xy[2 * k], xy[2 * k + 1], xy[2 * k + 2], xy[2 * k + 3] };

      if (e.ax == e.bx && e.ay == e.by)
        continue;
      if (e.ax > e.bx || (e.ax == e.bx && e.ay > e.by))
        {
          GmEdgeKey f = { e.bx, e.by, e.ax, e.ay, index, e.x1, e.y1, e.x0, e.y0 };
          e = f;
        }
      g_array_append_val (keys, e);
    }
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

/* The piece of each cell inside the community that holds its building,
 * for cells the community's boundary crosses; NULL for cells wholly
 * inside. A cell cut in two by a bend of the boundary only neighbours
 * through the piece its building stands in. */
static GEOSGeometry **
gm_partition_clipped_cells (GmPartitionGraph           *g,
                            const GEOSPreparedGeometry *community)
{
  GmDivision *d = g->division;
  GEOSContextHandle_t ctx = d->geos;
  GEOSGeometry **clip = g_new0 (GEOSGeometry *, d->n);

  for (guint i = 0; i < d->n; i++)
    {
      g_auto(GmGeos) inside = { ctx, NULL };
      g_auto(GmGeos) anchor = { ctx, NULL };

      if (GEOSPreparedContains_r (ctx, community, g->cells[i]) == 1
          || (inside.geom = GEOSIntersection_r (ctx, g->cells[i], d->boundary)) == NULL)
        continue;
      anchor.geom = GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]);
      for (int k = 0; k < GEOSGetNumGeometries_r (ctx, inside.geom) && clip[i] == NULL; k++)
        if (GEOSIntersects_r (ctx, GEOSGetGeometryN_r (ctx, inside.geom, k), anchor.geom) == 1)
          clip[i] = GEOSGeom_clone_r (ctx, GEOSGetGeometryN_r (ctx, inside.geom, k));
      if (clip[i] == NULL)
        clip[i] = g_steal_pointer (&inside.geom);
    }
  return clip;
}

/* The length of the border (x0, y0)–(x1, y1) that both buildings' cells
 * have inside the community. */
static double
gm_partition_inside_length (GmDivision    *d,
                            GEOSGeometry **clip,
                            const GmLink  *link)
{
  GEOSContextHandle_t ctx = d->geos;
  double xy[4] = { link->x0, link->y0, link->x1, link->y1 };
  g_auto(GmGeos) segment = { ctx, NULL };
  double length = 0.0;
  guint ends[2] = { link->a, link->b };

  if (clip[link->a] == NULL && clip[link->b] == NULL)
    return hypot (link->x1 - link->x0, link->y1 - link->y0);
  segment.geom = GEOSGeom_createLineString_r (ctx, GEOSCoordSeq_copyFromBuffer_r (ctx, xy, 2, FALSE, FALSE));
  for (guint k = 0; k < 2 && segment.geom != NULL; k++)
    if (clip[ends[k]] != NULL)
      {
        GEOSGeometry *part = GEOSIntersection_r (ctx, segment.geom, clip[ends[k]]);

        gm_geos_clear (&segment);
        segment.geom = part;
      }
  if (segment.geom != NULL)
    GEOSLength_r (ctx, segment.geom, &length);
  return length;
}

/* Pairs the equal edges of two cells into links (a < b, sorted, each pair
 * once), with the part of their border inside the community. */
static GArray *
gm_partition_pair_edges (GmPartitionGraph *g,
                         GArray           *keys)
{
  GmDivision *d = g->division;
  const GEOSPreparedGeometry *community = GEOSPrepare_r (d->geos, d->boundary);
  GEOSGeometry **clip = gm_partition_clipped_cells (g, community);
  GArray *links = g_array_new (FALSE, FALSE, sizeof (GmLink));
  guint kept = 0;

  g_array_sort (keys, gm_edge_key_compare);
  for (guint k = 0; k + 1 < keys->len; k++)
    {
      const GmEdgeKey *e = &g_array_index (keys, GmEdgeKey, k);
      const GmEdgeKey *f = &g_array_index (keys, GmEdgeKey, k + 1);
      GmLink link = { MIN (e->cell, f->cell), MAX (e->cell, f->cell), 0.0,
                      e->x0, e->y0, e->x1, e->y1, GM_LINK_BLOCK };

      if (e->ax != f->ax || e->ay != f->ay || e->bx != f->bx || e->by != f->by || e->cell == f->cell)
        continue;
      g_array_append_val (links, link);
    }
  /* Two cells may meet along more than one edge (a vertex on their border
   * where three cells nearly meet): one link, the lengths summed. */
  g_array_sort (links, gm_link_compare);
  for (guint k = 0; k < links->len; k++)
    {
      GmLink *l = &g_array_index (links, GmLink, k);
      GmLink *last = kept > 0 ? &g_array_index (links, GmLink, kept - 1) : NULL;
      double length = gm_partition_inside_length (d, clip, l);

      if (length < 0.01)
        continue;
      if (last != NULL && last->a == l->a && last->b == l->b)
        last->length += length;
      else
        {
          l->length = length;
          g_array_index (links, GmLink, kept++) = *l;
        }
    }
  g_array_set_size (links, kept);
  gm_division_free_geometries (d, clip, d->n);
  GEOSPreparedGeom_destroy_r (d->geos, community);
  return links;
}

/* What the line between the two buildings crosses. */
static void
gm_partition_classify_links (GmPartitionGraph *g)
{
  GmDivision *d = g->division;

  for (guint k = 0; k < g->links->len; k++)
    {
      GmLink *l = &g_array_index (g->links, GmLink, k);

      if (gm_line_index_crosses (g->streets, d->x[l->a], d->y[l->a], d->x[l->b], d->y[l->b]))
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
 * @graph: a loaded graph with at least one building
 * @error: return location for a #GError
 *
 * Computes the buildings' cells and the links between them.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_partition_graph_link (GmPartitionGraph  *graph,
                         GError           **error)
{
  GmDivision *d = graph->division;
  g_autoptr(GArray) keys = g_array_sized_new (FALSE, FALSE, sizeof (GmEdgeKey), 8 * d->n);

  graph->cells = gm_division_cells (d, error);
  if (graph->cells == NULL)
    return FALSE;
  for (guint i = 0; i < d->n; i++)
    gm_edge_keys_add_cell (d->geos, graph->cells[i], i, keys);
  graph->links = gm_partition_pair_edges (graph, keys);
  gm_partition_classify_links (graph);
  gm_partition_build_adjacency (graph);
  return TRUE;
}

guint
gm_partition_graph_components (GmPartitionGraph *graph,
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
      while (head < tail)
        {
          guint i = queue[head++];

          for (guint k = graph->xadj[i]; k < graph->xadj[i + 1]; k++)
            if (component[graph->adj[k]] == G_MAXUINT)
              {
                component[graph->adj[k]] = count;
                queue[tail++] = graph->adj[k];
              }
        }
      count++;
    }
  return count;
}
