/* gm-partition-blocks.c — the street blocks of a community.
 *
 * The community's outline and its streets (paths left out: they do not
 * part blocks the way a street does) are noded together (a GEOS union of
 * the lines) and polygonized: the faces inside the community are its
 * blocks. They tile it exactly and share their borders vertex for vertex.
 * A dead end is a dangle and parts nothing. A face without buildings that
 * is small or thin (a roundabout's island, the strip between two
 * carriageways, a sliver between a street and the outline) is joined to
 * the neighbour it shares the longest border with.
 *
 * A building belongs to the block that holds its anchor (its point on
 * surface). An anchor on a street's centre line (a building over a
 * passage, a street drawn through a footprint) joins the faces either
 * side: the building cannot be parted from either, and its grid must hold
 * the anchor inside, not on its border.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-partition-private.h"

/* Faces without buildings smaller than this, m², or thinner (twice the
 * area over the perimeter, m), are joined to a neighbour. */
#define SLIVER_AREA 2000.0
#define SLIVER_WIDTH 8.0

/* An anchor nearer than this to a face, m, is on it. */
#define ON_FACE 0.01

typedef struct
{
  GEOSContextHandle_t ctx;
  GPtrArray          *faces;      /* of GEOSGeometry, metres */
  guint              *face_of;    /* per building */
  guint              *parent;     /* union-find: the face a face was joined to */
} GmBlocks;

static void
gm_blocks_clear (GmBlocks *bl)
{
  if (bl->faces != NULL)
    for (guint f = 0; f < bl->faces->len; f++)
      GEOSGeom_destroy_r (bl->ctx, g_ptr_array_index (bl->faces, f));
  g_clear_pointer (&bl->faces, g_ptr_array_unref);
  g_free (bl->face_of);
  g_free (bl->parent);
}

/* The faces of the community's outline and streets, noded together, that
 * lie inside the community. */
static gboolean
gm_blocks_faces (GmPartitionGraph *g,
                 GmBlocks         *bl,
                 GError          **error)
{
  GEOSContextHandle_t ctx = g->division->geos;
  GEOSGeometry *lines[2] = { GEOSBoundary_r (ctx, g->division->boundary), NULL };
  g_auto(GmGeos) all = { ctx, NULL };
  g_auto(GmGeos) noded = { ctx, NULL };
  g_auto(GmGeos) faces = { ctx, NULL };
  const GEOSPreparedGeometry *inside = GEOSPrepare_r (ctx, g->division->boundary);
  const GEOSGeometry *edges;

  if (g->street_lines != NULL)
    lines[1] = GEOSGeom_clone_r (ctx, g->street_lines);
  all.geom = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, lines, lines[1] != NULL ? 2 : 1);
  noded.geom = GEOSUnaryUnion_r (ctx, all.geom);
  edges = noded.geom;
  if (noded.geom != NULL)
    faces.geom = GEOSPolygonize_r (ctx, &edges, 1);
  bl->faces = g_ptr_array_new ();
  for (int k = 0; faces.geom != NULL && k < GEOSGetNumGeometries_r (ctx, faces.geom); k++)
    {
      const GEOSGeometry *face = GEOSGetGeometryN_r (ctx, faces.geom, k);
      g_auto(GmGeos) point = { ctx, GEOSPointOnSurface_r (ctx, face) };

      if (point.geom != NULL && GEOSPreparedContains_r (ctx, inside, point.geom) == 1)
        g_ptr_array_add (bl->faces, GEOSGeom_clone_r (ctx, face));
    }
  GEOSPreparedGeom_destroy_r (ctx, inside);
  if (bl->faces->len > 0)
    return TRUE;
  g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_FAILED,
               _("Cannot cut community “%s” into blocks along its streets"), g->division->community_code);
  return FALSE;
}

typedef struct
{
  GEOSContextHandle_t  ctx;
  GPtrArray           *faces;
  const GEOSPreparedGeometry **prepared;
  const GEOSGeometry  *point;
  guint                found;
  GArray              *also;      /* of guint: other faces on the anchor */
} GmFaceQuery;

static void
gm_blocks_hit (void *item,
               void *user_data)
{
  GmFaceQuery *q = user_data;
  guint f = GPOINTER_TO_UINT (item) - 1;

  if (q->prepared[f] == NULL)
    q->prepared[f] = GEOSPrepare_r (q->ctx, g_ptr_array_index (q->faces, f));
  if (GEOSPreparedIntersects_r (q->ctx, q->prepared[f], q->point) != 1)
    return;
  if (q->found != G_MAXUINT)
    g_array_append_val (q->also, q->found);
  q->found = f;
}

static int
gm_blocks_distance (const void *item,
                    const void *point,
                    double     *distance,
                    void       *user_data)
{
  GmFaceQuery *q = user_data;

  return GEOSDistance_r (q->ctx, g_ptr_array_index (q->faces, GPOINTER_TO_UINT (item) - 1), point, distance);
}

static guint gm_blocks_root (GmBlocks *bl, guint f);

/* The face of each building: one that holds its anchor, else the nearest
 * (an anchor moved apart from another onto a street). Faces that share an
 * anchor are joined. */
static void
gm_blocks_place_buildings (GmPartitionGraph *g,
                           GmBlocks         *bl)
{
  GEOSContextHandle_t ctx = bl->ctx;
  GEOSSTRtree *tree = GEOSSTRtree_create_r (ctx, 10);
  g_autofree const GEOSPreparedGeometry **prepared = g_new0 (const GEOSPreparedGeometry *, bl->faces->len);
  g_autoptr(GArray) also = g_array_new (FALSE, FALSE, sizeof (guint));
  GmFaceQuery q = { ctx, bl->faces, prepared, NULL, 0, also };

  for (guint f = 0; f < bl->faces->len; f++)
    GEOSSTRtree_insert_r (ctx, tree, g_ptr_array_index (bl->faces, f), GUINT_TO_POINTER (f + 1));
  bl->face_of = g_new (guint, MAX (g->buildings.n, 1));
  for (guint i = 0; i < g->buildings.n; i++)
    {
      double x = g->buildings.x[i], y = g->buildings.y[i];
      g_auto(GmGeos) point = { ctx, GEOSGeom_createPointFromXY_r (ctx, x, y) };
      g_auto(GmGeos) spot = { ctx, GEOSGeom_createRectangle_r (ctx, x - ON_FACE, y - ON_FACE, x + ON_FACE, y + ON_FACE) };
      const void *nearest;

      q.point = spot.geom;
      q.found = G_MAXUINT;
      g_array_set_size (also, 0);
      GEOSSTRtree_query_r (ctx, tree, spot.geom, gm_blocks_hit, &q);
      for (guint k = 0; k < also->len; k++)
        bl->parent[gm_blocks_root (bl, g_array_index (also, guint, k))] = gm_blocks_root (bl, q.found);
      if (q.found == G_MAXUINT
          && (nearest = GEOSSTRtree_nearest_generic_r (ctx, tree, point.geom, point.geom, gm_blocks_distance, &q)) != NULL)
        q.found = GPOINTER_TO_UINT (nearest) - 1;
      bl->face_of[i] = q.found == G_MAXUINT ? 0 : q.found;
    }
  for (guint f = 0; f < bl->faces->len; f++)
    if (prepared[f] != NULL)
      GEOSPreparedGeom_destroy_r (ctx, prepared[f]);
  GEOSSTRtree_destroy_r (ctx, tree);
}

static guint
gm_blocks_root (GmBlocks *bl,
                guint     f)
{
  while (bl->parent[f] != f)
    f = bl->parent[f] = bl->parent[bl->parent[f]];
  return f;
}

typedef struct
{
  guint  face;
  double area;
} GmSliver;

static int
gm_sliver_compare (gconstpointer a,
                   gconstpointer b)
{
  const GmSliver *sa = a, *sb = b;

  if (sa->area != sb->area)
    return sa->area < sb->area ? -1 : 1;
  return sa->face < sb->face ? -1 : sa->face > sb->face;
}

/* The empty faces that are small or thin, smallest first. */
static GArray *
gm_blocks_find_slivers (GmPartitionGraph *g,
                        GmBlocks         *bl)
{
  g_autofree guint *held = g_new0 (guint, bl->faces->len);
  GArray *slivers = g_array_new (FALSE, FALSE, sizeof (GmSliver));

  for (guint i = 0; i < g->buildings.n; i++)
    held[bl->face_of[i]]++;
  for (guint f = 0; f < bl->faces->len; f++)
    {
      GmSliver s = { f, 0.0 };
      double perimeter = 0.0;

      GEOSArea_r (bl->ctx, g_ptr_array_index (bl->faces, f), &s.area);
      GEOSLength_r (bl->ctx, g_ptr_array_index (bl->faces, f), &perimeter);
      if (held[f] == 0 && (s.area < SLIVER_AREA || 2.0 * s.area < SLIVER_WIDTH * perimeter))
        g_array_append_val (slivers, s);
    }
  g_array_sort (slivers, gm_sliver_compare);
  return slivers;
}

/* The neighbours of each face and the length of border they share, in
 * compressed rows: those of f are other[start[f] … start[f + 1]). */
typedef struct
{
  guint  *start;
  guint  *other;
  double *length;
} GmFaceNeighbours;

static void
gm_face_neighbours_init (GmFaceNeighbours *nb,
                         GmBlocks         *bl)
{
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (GmEdgeKey));
  g_autoptr(GArray) links = NULL;
  g_autofree guint *fill = g_new0 (guint, bl->faces->len);

  for (guint f = 0; f < bl->faces->len; f++)
    gm_edge_keys_add (bl->ctx, g_ptr_array_index (bl->faces, f), f, keys);
  links = gm_edge_keys_pair (keys);
  nb->start = g_new0 (guint, bl->faces->len + 1);
  nb->other = g_new (guint, MAX (2 * links->len, 1));
  nb->length = g_new (double, MAX (2 * links->len, 1));
  for (guint k = 0; k < links->len; k++)
    {
      nb->start[g_array_index (links, GmLink, k).a + 1]++;
      nb->start[g_array_index (links, GmLink, k).b + 1]++;
    }
  for (guint f = 0; f < bl->faces->len; f++)
    nb->start[f + 1] += nb->start[f];
  for (guint k = 0; k < links->len; k++)
    {
      const GmLink *l = &g_array_index (links, GmLink, k);
      guint ia = nb->start[l->a] + fill[l->a]++, ib = nb->start[l->b] + fill[l->b]++;

      nb->other[ia] = l->b;
      nb->other[ib] = l->a;
      nb->length[ia] = nb->length[ib] = l->length;
    }
}

static void
gm_face_neighbours_clear (GmFaceNeighbours *nb)
{
  g_free (nb->start);
  g_free (nb->other);
  g_free (nb->length);
}

/* The block (as joined so far) that face @f shares the longest border
 * with, other than its own; G_MAXUINT when none. */
static guint
gm_blocks_best_neighbour (GmBlocks               *bl,
                          const GmFaceNeighbours *nb,
                          guint                   f,
                          double                 *border)
{
  guint self = gm_blocks_root (bl, f), best = G_MAXUINT;

  for (guint k = nb->start[f]; k < nb->start[f + 1]; k++)
    border[gm_blocks_root (bl, nb->other[k])] += nb->length[k];
  for (guint k = nb->start[f]; k < nb->start[f + 1]; k++)
    {
      guint other = gm_blocks_root (bl, nb->other[k]);

      if (other != self && (best == G_MAXUINT || border[other] > border[best]
                            || (border[other] == border[best] && other < best)))
        best = other;
    }
  for (guint k = nb->start[f]; k < nb->start[f + 1]; k++)
    border[gm_blocks_root (bl, nb->other[k])] = 0.0;
  return best;
}

/* Joins each sliver to the neighbour it shares the longest border with. */
static void
gm_blocks_join_slivers (GmPartitionGraph *g,
                        GmBlocks         *bl)
{
  g_autoptr(GArray) slivers = gm_blocks_find_slivers (g, bl);
  g_autofree double *border = g_new0 (double, bl->faces->len);
  GmFaceNeighbours nb = { NULL, NULL, NULL };

  if (slivers->len == 0)
    return;
  gm_face_neighbours_init (&nb, bl);
  for (guint s = 0; s < slivers->len; s++)
    {
      guint f = g_array_index (slivers, GmSliver, s).face;
      guint best = gm_blocks_best_neighbour (bl, &nb, f, border);

      if (best != G_MAXUINT)
        bl->parent[gm_blocks_root (bl, f)] = best;
    }
  gm_face_neighbours_clear (&nb);
}

/* The faces joined into each block, as one polygon per block. */
static GPtrArray *
gm_blocks_unite (GmBlocks *bl,
                 guint    *block_of_face)
{
  GEOSContextHandle_t ctx = bl->ctx;
  GPtrArray *blocks = g_ptr_array_new ();

  for (guint f = 0; f < bl->faces->len; f++)
    if (gm_blocks_root (bl, f) == f)
      {
        g_autoptr(GPtrArray) members = g_ptr_array_new ();
        g_auto(GmGeos) collection = { ctx, NULL };

        for (guint m = 0; m < bl->faces->len; m++)
          if (gm_blocks_root (bl, m) == f)
            g_ptr_array_add (members, GEOSGeom_clone_r (ctx, g_ptr_array_index (bl->faces, m)));
        block_of_face[f] = blocks->len;
        if (members->len == 1)
          {
            g_ptr_array_add (blocks, g_ptr_array_steal_index (members, 0));
            continue;
          }
        collection.geom = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION,
                                                       (GEOSGeometry **) members->pdata, members->len);
        g_ptr_array_add (blocks, GEOSCoverageUnion_r (ctx, collection.geom));
      }
  for (guint f = 0; f < bl->faces->len; f++)
    block_of_face[f] = block_of_face[gm_blocks_root (bl, f)];
  return blocks;
}

/**
 * gm_partition_blocks:
 * @graph: a loaded graph
 * @block_of: (out): the block of each building
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the blocks, #GEOSGeometry polygons in metres,
 *   or %NULL with @error set
 */
GPtrArray *
gm_partition_blocks (GmPartitionGraph  *graph,
                     guint            **block_of,
                     GError           **error)
{
  GmBlocks bl = { graph->division->geos, NULL, NULL, NULL };
  g_autofree guint *block_of_face = NULL;
  GPtrArray *blocks = NULL;
  guint len;

  if (!gm_blocks_faces (graph, &bl, error))
    {
      gm_blocks_clear (&bl);
      return NULL;
    }
  bl.parent = g_new (guint, bl.faces->len);
  for (guint f = 0; f < bl.faces->len; f++)
    bl.parent[f] = f;
  gm_blocks_place_buildings (graph, &bl);
  gm_blocks_join_slivers (graph, &bl);
  block_of_face = g_new (guint, bl.faces->len);
  blocks = gm_blocks_unite (&bl, block_of_face);
  *block_of = g_new (guint, MAX (graph->buildings.n, 1));
  for (guint i = 0; i < graph->buildings.n; i++)
    (*block_of)[i] = block_of_face[bl.face_of[i]];
  gm_blocks_clear (&bl);
  if (g_ptr_array_find (blocks, NULL, NULL))
    {
      g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_FAILED,
                   _("Cannot cut community “%s” into blocks along its streets"),
                   graph->division->community_code);
      g_clear_pointer (block_of, g_free);
      len = blocks->len;
      gm_division_free_geometries (graph->division, (GEOSGeometry **) g_ptr_array_free (blocks, FALSE), len);
      return NULL;
    }
  return blocks;
}
