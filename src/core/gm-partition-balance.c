/* gm-partition-balance.c — moves of buildings that make a division
 * contiguous and balanced: the state they work on, contiguity, and the
 * loop over grids above the cap (the moves themselves are found in
 * gm-partition-chain.c).
 *
 * First every grid is made one piece in the building graph: stray pieces
 * (METIS's contiguity is best effort) go whole to the neighbour they have
 * most links with. Then, while a grid is above what it may carry (the cap,
 * (1 + tolerance) × mean, or its heaviest building when that alone is
 * more), a chain of moves relieves the heaviest. A building only moves when
 * its grid stays in one piece without it. Where no chain is found, the grid
 * is left as it is and the plan says why (gm-plan-build.c).
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-partition-private.h"


static void
gm_balance_clear (GmBalance *b)
{
  g_free (b->load);
  g_free (b->size);
  g_free (b->between);
  g_free (b->queue);
  g_free (b->seen);
  g_free (b->part_seen);
  g_free (b->region_queue);
  g_free (b->region_seen);
  for (guint p = 0; p < b->parts; p++)
    g_array_unref (b->members[p]);
  g_free (b->members);
  g_free (b->slot);
}

static void
gm_balance_init (GmBalance        *b,
                 GmPartitionGraph *g)
{
  GmDivision *d = g->division;
  double total = 0.0;

  memset (b, 0, sizeof *b);
  b->g = g;
  b->n = d->n;
  b->parts = d->parts;
  b->part = d->part;
  b->load = g_new0 (double, b->parts);
  b->size = g_new0 (guint, b->parts);
  b->between = g_new0 (guint, (gsize) b->parts * b->parts);
  b->members = g_new (GArray *, b->parts);
  b->slot = g_new (guint, MAX (b->n, 1));
  for (guint p = 0; p < b->parts; p++)
    b->members[p] = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < b->n; i++)
    {
      b->slot[i] = b->members[b->part[i]]->len;
      g_array_append_val (b->members[b->part[i]], i);
    }
  b->queue = g_new (guint, MAX (b->n, b->parts) + 1);
  b->seen = g_new0 (guint, MAX (b->n, b->parts) + 1);
  b->part_seen = g_new0 (guint, b->parts);
  b->region_queue = g_new (guint, MAX (b->n, 1));
  b->region_seen = g_new0 (guint, MAX (b->n, 1));
  for (guint i = 0; i < b->n; i++)
    {
      b->load[b->part[i]] += g->workload[i];
      b->size[b->part[i]]++;
      total += g->workload[i];
    }
  for (guint k = 0; k < g->links->len; k++)
    {
      const GmLink *l = &g_array_index (g->links, GmLink, k);
      guint pa = b->part[l->a], pb = b->part[l->b];

      if (pa != pb)
        {
          b->between[pa * b->parts + pb]++;
          b->between[pb * b->parts + pa]++;
        }
    }
  b->cap = (1.0 + g->options->tolerance) * total / b->parts;
}

void
gm_balance_move (GmBalance *b,
                 guint      i,
                 guint      to)
{
  GmPartitionGraph *g = b->g;
  guint from = b->part[i];

  for (guint k = g->xadj[i]; k < g->xadj[i + 1]; k++)
    {
      guint pj = b->part[g->adj[k]];

      if (pj != from)
        {
          b->between[from * b->parts + pj]--;
          b->between[pj * b->parts + from]--;
        }
      if (pj != to)
        {
          b->between[to * b->parts + pj]++;
          b->between[pj * b->parts + to]++;
        }
    }
  {
    GArray *old = b->members[from];
    guint last = g_array_index (old, guint, old->len - 1);

    g_array_index (old, guint, b->slot[i]) = last;
    b->slot[last] = b->slot[i];
    g_array_set_size (old, old->len - 1);
    b->slot[i] = b->members[to]->len;
    g_array_append_val (b->members[to], i);
  }
  b->load[from] -= g->workload[i];
  b->load[to] += g->workload[i];
  b->size[from]--;
  b->size[to]++;
  b->part[i] = to;
  b->moves++;
}

/* Whether @i's part stays as connected as it is without @i: the
 * neighbours of @i in its part still reach one another. */
gboolean
gm_balance_can_leave (GmBalance *b,
                      guint      i)
{
  GmPartitionGraph *g = b->g;
  guint p = b->part[i], wanted = 0, reached = 0, head = 0, tail = 0;

  if (b->size[p] <= 1)
    return FALSE;
  b->stamp++;
  for (guint k = g->xadj[i]; k < g->xadj[i + 1]; k++)
    if (b->part[g->adj[k]] == p && b->seen[g->adj[k]] != b->stamp)
      {
        b->seen[g->adj[k]] = b->stamp;
        wanted++;
      }
  if (wanted <= 1)
    return TRUE;
  /* Search from one of them; the others are marked with stamp, found ones
   * get stamp + 1. */
  b->stamp++;
  for (guint k = g->xadj[i]; k < g->xadj[i + 1] && tail == 0; k++)
    if (b->part[g->adj[k]] == p)
      {
        b->queue[tail++] = g->adj[k];
        b->seen[g->adj[k]] = b->stamp;
        reached = 1;
      }
  b->seen[i] = b->stamp;
  while (head < tail && reached < wanted)
    {
      guint u = b->queue[head++];

      for (guint k = g->xadj[u]; k < g->xadj[u + 1]; k++)
        {
          guint v = g->adj[k];

          if (b->part[v] != p || b->seen[v] == b->stamp)
            continue;
          if (b->seen[v] == b->stamp - 1)
            reached++;
          b->seen[v] = b->stamp;
          b->queue[tail++] = v;
        }
    }
  return reached >= wanted;
}

/* ---- contiguity ----------------------------------------------------------------------- */

/* Labels the pieces of every part: piece[i] for each building. */
static guint
gm_balance_pieces (GmBalance *b,
                   guint     *piece)
{
  GmPartitionGraph *g = b->g;
  guint count = 0;

  for (guint i = 0; i < b->n; i++)
    piece[i] = G_MAXUINT;
  for (guint s = 0; s < b->n; s++)
    {
      guint head = 0, tail = 0;

      if (piece[s] != G_MAXUINT)
        continue;
      piece[s] = count;
      b->queue[tail++] = s;
      while (head < tail)
        {
          guint u = b->queue[head++];

          for (guint k = g->xadj[u]; k < g->xadj[u + 1]; k++)
            if (piece[g->adj[k]] == G_MAXUINT && b->part[g->adj[k]] == b->part[u])
              {
                piece[g->adj[k]] = count;
                b->queue[tail++] = g->adj[k];
              }
        }
      count++;
    }
  return count;
}

/* The part, other than its own, that the buildings @members[0 … n) have
 * most links with; G_MAXUINT when they have none (an island). */
static guint
gm_balance_best_neighbour (GmBalance   *b,
                           const guint *members,
                           guint        n,
                           guint       *links_to)
{
  GmPartitionGraph *g = b->g;
  guint from = b->part[members[0]], best = G_MAXUINT;

  memset (links_to, 0, b->parts * sizeof (guint));
  for (guint m = 0; m < n; m++)
    for (guint k = g->xadj[members[m]]; k < g->xadj[members[m] + 1]; k++)
      links_to[b->part[g->adj[k]]]++;
  for (guint p = 0; p < b->parts; p++)
    if (p != from && links_to[p] > 0 && (best == G_MAXUINT || links_to[p] > links_to[best]))
      best = p;
  return best;
}

/* Moves every piece but the heaviest of each part to the neighbouring part
 * it has most links with. Pieces with no neighbour (islands) stay. */
static gboolean
gm_balance_join_pieces (GmBalance *b)
{
  g_autofree guint *piece = g_new (guint, MAX (b->n, 1));
  guint count = gm_balance_pieces (b, piece);
  g_autofree double *weight = g_new0 (double, count);
  g_autofree guint *start = g_new0 (guint, count + 1);
  g_autofree guint *members = g_new (guint, MAX (b->n, 1));
  g_autofree guint *fill = g_new0 (guint, count);
  g_autofree int *main_piece = g_new (int, b->parts);
  g_autofree guint *links_to = g_new0 (guint, b->parts);
  gboolean changed = FALSE;

  if (count == b->parts)
    return FALSE;
  for (guint p = 0; p < b->parts; p++)
    main_piece[p] = -1;
  for (guint i = 0; i < b->n; i++)
    {
      weight[piece[i]] += b->g->workload[i] + GM_BALANCE_EPSILON;
      start[piece[i] + 1]++;
    }
  for (guint c = 0; c < count; c++)
    start[c + 1] += start[c];
  for (guint i = 0; i < b->n; i++)
    {
      int *m = &main_piece[b->part[i]];

      members[start[piece[i]] + fill[piece[i]]++] = i;
      if (*m < 0 || weight[piece[i]] > weight[*m])
        *m = (int) piece[i];
    }
  for (guint c = 0; c < count; c++)
    {
      const guint *list = members + start[c];
      guint n = start[c + 1] - start[c], to;

      if (main_piece[b->part[list[0]]] == (int) c
          || (to = gm_balance_best_neighbour (b, list, n, links_to)) == G_MAXUINT)
        continue;
      for (guint m = 0; m < n; m++)
        gm_balance_move (b, list[m], to);
      changed = TRUE;
    }
  return changed;
}

/* A part METIS left empty gets one building from the heaviest part. */
static void
gm_balance_fill_empty (GmBalance *b)
{
  for (guint e = 0; e < b->parts; e++)
    {
      guint h = 0;

      if (b->size[e] > 0)
        continue;
      for (guint p = 1; p < b->parts; p++)
        if (b->load[p] > b->load[h])
          h = p;
      for (guint i = 0; i < b->n; i++)
        if (b->part[i] == h && gm_balance_can_leave (b, i))
          {
            gm_balance_move (b, i, e);
            break;
          }
    }
}

/* ---- balance ---------------------------------------------------------------------------- */

/* The most @p should carry: the cap, or its heaviest building when that
 * alone is more (such a building is best left with nothing else). */
static double
gm_balance_target (GmBalance *b,
                   guint      p)
{
  double target = b->cap;

  for (guint m = 0; m < b->members[p]->len; m++)
    target = MAX (target, b->g->workload[g_array_index (b->members[p], guint, m)]);
  return target;
}

/* Cost of @i's links into part @p. */
static double
gm_balance_cost_into (GmBalance *b,
                      guint      i,
                      guint      p)
{
  GmPartitionGraph *g = b->g;
  double cost = 0.0;

  for (guint k = g->xadj[i]; k < g->xadj[i + 1]; k++)
    if (b->part[g->adj[k]] == p)
      cost += gm_link_cost (&g_array_index (g->links, GmLink, g->adj_link[k]));
  return cost;
}

/* Moves a building on a border when it has more border with the other
 * grid than with its own, and the other grid has room for it: the moves
 * for balance leave ragged borders, and this evens them. Returns how many
 * moved. */
static guint
gm_balance_smooth (GmBalance *b)
{
  GmPartitionGraph *g = b->g;
  guint moved = 0;

  for (guint i = 0; i < b->n; i++)
    {
      guint own = b->part[i], best = own;
      double stay = gm_balance_cost_into (b, i, own), gain = GM_BALANCE_EPSILON;

      for (guint k = g->xadj[i]; k < g->xadj[i + 1]; k++)
        {
          guint q = b->part[g->adj[k]];
          double go;

          if (q == own || q == best || (go = gm_balance_cost_into (b, i, q) - stay) <= gain
              || b->load[q] + g->workload[i] > b->cap + GM_BALANCE_EPSILON)
            continue;
          best = q;
          gain = go;
        }
      if (best != own && gm_balance_can_leave (b, i))
        {
          gm_balance_move (b, i, best);
          moved++;
        }
    }
  return moved;
}

/**
 * gm_partition_balance:
 * @graph: a graph whose division has parts
 * @cancellable: (nullable): checked between moves
 *
 * Returns: the number of single-building moves made
 */
guint
gm_partition_balance (GmPartitionGraph *graph,
                      GCancellable     *cancellable)
{
  GmBalance b;
  g_autofree gboolean *stuck = NULL;
  guint limit, rounds = 0;

  gm_balance_init (&b, graph);
  stuck = g_new0 (gboolean, b.parts);
  while (rounds++ < 8 && gm_balance_join_pieces (&b))
    ;
  gm_balance_fill_empty (&b);
  /* Enough for any real division; a bound against moves that go round. */
  limit = 20 * b.parts + b.n;
  for (guint steps = 0; steps < limit && b.moves < limit && !g_cancellable_is_cancelled (cancellable); steps++)
    {
      guint h = G_MAXUINT;
      double worst = GM_BALANCE_EPSILON;

      for (guint p = 0; p < b.parts; p++)
        {
          double over = !stuck[p] && b.load[p] > b.cap + GM_BALANCE_EPSILON ? b.load[p] - gm_balance_target (&b, p) : 0.0;

          if (over > worst)
            {
              worst = over;
              h = p;
            }
        }
      if (h == G_MAXUINT)
        break;
      if (!gm_balance_relieve (&b, h, b.load[h] - gm_balance_target (&b, h)))
        stuck[h] = TRUE;
    }
  /* Rebalancing moves as few buildings as it can: no smoothing there. */
  for (guint pass = 0; pass < 4 && !graph->options->rebalance && gm_balance_smooth (&b) > 0; pass++)
    ;
  gm_balance_clear (&b);
  return b.moves;
}
