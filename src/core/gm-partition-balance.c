/* gm-partition-balance.c — single-building moves that make a division
 * contiguous and balanced.
 *
 * First every grid is made one piece in the building graph: stray pieces
 * (METIS's contiguity is best effort) go whole to the neighbour they have
 * most links with. Then, while the heaviest grid is above the cap
 * ((1 + tolerance) × mean), the nearest grid with room is found by a
 * breadth-first search over neighbouring grids, and one building moves
 * across the last border of that path into the grid with room: the lightest
 * building that carries all the excess if there is one, else the heaviest
 * that fits, so few buildings move. Room then travels back along the path
 * one move at a time. A building only moves when its grid stays in one
 * piece without it. Where no move helps, the grid is left as it is and the
 * plan says why (gm-plan-build.c).
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-partition-private.h"

#define EPSILON 1e-9
/* First buildings tried for a chain of moves, and the most buildings one
 * hop of it moves together. */
#define MAX_TRIES 8
#define MAX_SET 12

typedef struct
{
  GmPartitionGraph *g;
  guint             n;
  guint             parts;
  guint            *part;       /* the division's */
  double           *load;       /* per part */
  guint            *size;       /* per part */
  guint            *between;    /* parts × parts: links between two parts */
  GArray          **members;    /* per part, its buildings */
  guint            *slot;       /* per building, its place in members */
  double            cap;
  guint             moves;
  guint            *queue;      /* scratch, n */
  guint            *seen;       /* scratch, n: stamp of the last search */
  guint             stamp;
  guint            *part_seen;  /* scratch, parts: chains' own stamps */
  guint             part_stamp;
} GmBalance;

static void
gm_balance_clear (GmBalance *b)
{
  g_free (b->load);
  g_free (b->size);
  g_free (b->between);
  g_free (b->queue);
  g_free (b->seen);
  g_free (b->part_seen);
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

static void
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
static gboolean
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
      weight[piece[i]] += b->g->workload[i] + EPSILON;
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

/* Link count from @i into part @p: among equal moves, a building mostly
 * surrounded by the other grid shortens the border. */
static guint
gm_balance_links_into (GmBalance *b,
                       guint      i,
                       guint      p)
{
  guint count = 0;

  for (guint k = b->g->xadj[i]; k < b->g->xadj[i + 1]; k++)
    count += b->part[b->g->adj[k]] == p;
  return count;
}

/* One hop of a chain: the buildings moving[start … start + count) go into
 * @part, which must then shed @need (nothing when it is 0 or less). */
typedef struct
{
  guint  part;
  guint  parent;     /* the hop before, G_MAXUINT for the first */
  guint  start;
  guint  count;
  double need;
} GmHop;

/* Whether @i is the only neighbour in its part of one of @incoming[0 … n):
 * taking it away would leave that building cut off when it arrives. */
static gboolean
gm_balance_holds_incoming (GmBalance   *b,
                           guint        i,
                           const guint *incoming,
                           guint        n)
{
  GmPartitionGraph *g = b->g;

  for (guint m = 0; m < n; m++)
    {
      gboolean neighbour = FALSE;

      for (guint k = g->xadj[incoming[m]]; k < g->xadj[incoming[m] + 1] && !neighbour; k++)
        neighbour = g->adj[k] == i;
      if (neighbour && gm_balance_links_into (b, incoming[m], b->part[i]) == 1)
        return TRUE;
    }
  return FALSE;
}

/* The lightest building of @from bordering @to that sheds @need on its own
 * (most links into @to among equals); G_MAXUINT when none does. */
static guint
gm_balance_pick_one (GmBalance   *b,
                     guint        from,
                     guint        to,
                     double       need,
                     const guint *incoming,
                     guint        n_incoming)
{
  GmPartitionGraph *g = b->g;
  guint best = G_MAXUINT, best_links = 0;

  for (guint m = 0; m < b->members[from]->len; m++)
    {
      guint i = g_array_index (b->members[from], guint, m);
      double w = g->workload[i];
      guint links;

      if (w <= EPSILON || w < need - EPSILON || (links = gm_balance_links_into (b, i, to)) == 0
          || (best != G_MAXUINT && (w > g->workload[best] + EPSILON
                                    || (fabs (w - g->workload[best]) <= EPSILON && links <= best_links)))
          || gm_balance_holds_incoming (b, i, incoming, n_incoming) || !gm_balance_can_leave (b, i))
        continue;
      best = i;
      best_links = links;
    }
  return best;
}

static int
gm_heavier_first (gconstpointer a,
                  gconstpointer c,
                  gpointer      user_data)
{
  const double *w = user_data;
  double wa = w[*(const guint *) a], wc = w[*(const guint *) c];

  return wa > wc ? -1 : wa < wc ? 1 : (*(const guint *) a > *(const guint *) c) - (*(const guint *) a < *(const guint *) c);
}

/* Buildings of @from bordering @to, heaviest first, until they shed
 * @need, each able to leave once the ones before it have gone. Appended
 * to @moving; returns how many (0: they cannot shed @need). */
static guint
gm_balance_pick_several (GmBalance   *b,
                         guint        from,
                         guint        to,
                         double       need,
                         const guint *incoming,
                         guint        n_incoming,
                         GArray      *moving)
{
  GmPartitionGraph *g = b->g;
  g_autoptr(GArray) border = g_array_new (FALSE, FALSE, sizeof (guint));
  guint start = moving->len;
  double shed = 0.0;

  for (guint m = 0; m < b->members[from]->len; m++)
    {
      guint i = g_array_index (b->members[from], guint, m);

      if (g->workload[i] > EPSILON && gm_balance_links_into (b, i, to) > 0
          && !gm_balance_holds_incoming (b, i, incoming, n_incoming))
        g_array_append_val (border, i);
    }
  g_array_sort_with_data (border, gm_heavier_first, g->workload);
  /* The chosen ones are hidden from their part while the next is tried. */
  for (guint m = 0; m < border->len && shed < need - EPSILON && moving->len - start < MAX_SET; m++)
    {
      guint i = g_array_index (border, guint, m);

      if (!gm_balance_can_leave (b, i))
        continue;
      g_array_append_val (moving, i);
      shed += g->workload[i];
      b->part[i] = G_MAXUINT;
      b->size[from]--;
    }
  for (guint m = start; m < moving->len; m++)
    {
      b->part[g_array_index (moving, guint, m)] = from;
      b->size[from]++;
    }
  if (shed >= need - EPSILON)
    return moving->len - start;
  g_array_set_size (moving, start);
  return 0;
}

/* What @from hands to @to so that it sheds @need: one building if one
 * does, else several. Appended to @moving; returns how many (0: none). */
static guint
gm_balance_pick (GmBalance *b,
                 guint      from,
                 guint      to,
                 double     need,
                 GArray    *moving,
                 guint      incoming_start,
                 guint      incoming_count)
{
  g_autofree guint *incoming = g_memdup2 (&g_array_index (moving, guint, incoming_start),
                                          incoming_count * sizeof (guint));
  guint one = gm_balance_pick_one (b, from, to, need, incoming, incoming_count);

  if (one != G_MAXUINT)
    {
      g_array_append_val (moving, one);
      return 1;
    }
  return gm_balance_pick_several (b, from, to, need, incoming, incoming_count, moving);
}

static double
gm_balance_weight_of (GmBalance *b,
                      GArray    *moving,
                      guint      start,
                      guint      count)
{
  double w = 0.0;

  for (guint m = start; m < start + count; m++)
    w += b->g->workload[g_array_index (moving, guint, m)];
  return w;
}

/* A chain of moves, breadth first over neighbouring parts, that takes
 * @first out of @h and ends in a part with room for what it receives;
 * returns the hops and sets *last to the final one (G_MAXUINT: none).
 * The buildings of the hops are in @moving. */
static GArray *
gm_balance_search_chain (GmBalance *b,
                         guint      h,
                         guint      first,
                         GArray    *moving,
                         guint     *last)
{
  GmPartitionGraph *g = b->g;
  GArray *hops = g_array_new (FALSE, FALSE, sizeof (GmHop));

  *last = G_MAXUINT;
  b->part_stamp++;
  b->part_seen[h] = b->part_stamp;
  g_array_append_val (moving, first);
  for (guint k = g->xadj[first]; k < g->xadj[first + 1] && *last == G_MAXUINT; k++)
    {
      guint q = b->part[g->adj[k]];
      GmHop hop = { q, G_MAXUINT, 0, 1, g->workload[first] - (b->cap - b->load[q]) };

      if (b->part_seen[q] == b->part_stamp)
        continue;
      b->part_seen[q] = b->part_stamp;
      g_array_append_val (hops, hop);
      if (hop.need <= EPSILON)
        *last = hops->len - 1;
    }
  for (guint x = 0; x < hops->len && *last == G_MAXUINT; x++)
    for (guint t = 0; t < b->parts && *last == G_MAXUINT; t++)
      {
        GmHop from = g_array_index (hops, GmHop, x);
        GmHop hop = { t, x, moving->len, 0, 0.0 };

        if (b->part_seen[t] == b->part_stamp || b->between[from.part * b->parts + t] == 0
            || (hop.count = gm_balance_pick (b, from.part, t, from.need, moving, from.start, from.count)) == 0)
          continue;
        b->part_seen[t] = b->part_stamp;
        hop.need = gm_balance_weight_of (b, moving, hop.start, hop.count) - (b->cap - b->load[t]);
        g_array_append_val (hops, hop);
        if (hop.need <= EPSILON)
          *last = hops->len - 1;
      }
  return hops;
}

/* Makes the moves of a chain, the last first, so every part a building
 * comes into has room for it by then. FALSE when a move could not be
 * made after all (the chain stops there, every part within the cap). */
static gboolean
gm_balance_run_chain (GmBalance *b,
                      GArray    *hops,
                      GArray    *moving,
                      guint      last)
{
  for (guint k = last; k != G_MAXUINT; k = g_array_index (hops, GmHop, k).parent)
    {
      const GmHop *hop = &g_array_index (hops, GmHop, k);

      for (guint m = hop->start; m < hop->start + hop->count; m++)
        {
          guint i = g_array_index (moving, guint, m);

          if (!gm_balance_can_leave (b, i))
            return FALSE;
          gm_balance_move (b, i, hop->part);
        }
    }
  return TRUE;
}

typedef struct
{
  guint  building;
  double weight;
  gboolean covers;
} GmCandidate;

static int
gm_candidate_compare (gconstpointer pa,
                      gconstpointer pb)
{
  const GmCandidate *a = pa, *c = pb;

  if (a->covers != c->covers)
    return a->covers ? -1 : 1;
  if (a->weight != c->weight)
    return (a->covers ? a->weight < c->weight : a->weight > c->weight) ? -1 : 1;
  return a->building < c->building ? -1 : a->building > c->building;
}

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

/* One chain of moves that relieves @h: its first building is the
 * lightest on its border that takes all the excess away, else the
 * heaviest that takes some. FALSE when no chain is found. */
static gboolean
gm_balance_step (GmBalance *b,
                 guint      h)
{
  GmPartitionGraph *g = b->g;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (GmCandidate));
  double excess = b->load[h] - gm_balance_target (b, h);
  guint tried = 0;

  for (guint m = 0; m < b->members[h]->len; m++)
    {
      guint i = g_array_index (b->members[h], guint, m);

      if (g->workload[i] > EPSILON && gm_balance_links_into (b, i, h) < g->xadj[i + 1] - g->xadj[i])
        {
          GmCandidate c = { i, g->workload[i], g->workload[i] >= excess - EPSILON };
          g_array_append_val (candidates, c);
        }
    }
  g_array_sort (candidates, gm_candidate_compare);
  for (guint k = 0; k < candidates->len && tried < MAX_TRIES; k++)
    {
      guint first = g_array_index (candidates, GmCandidate, k).building, last;
      g_autoptr(GArray) hops = NULL;
      g_autoptr(GArray) moving = NULL;

      if (!gm_balance_can_leave (b, first))
        continue;
      tried++;
      moving = g_array_new (FALSE, FALSE, sizeof (guint));
      hops = gm_balance_search_chain (b, h, first, moving, &last);
      if (last != G_MAXUINT && gm_balance_run_chain (b, hops, moving, last))
        return TRUE;
    }
  return FALSE;
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
      double worst = EPSILON;

      for (guint p = 0; p < b.parts; p++)
        {
          double over = !stuck[p] && b.load[p] > b.cap + EPSILON ? b.load[p] - gm_balance_target (&b, p) : 0.0;

          if (over > worst)
            {
              worst = over;
              h = p;
            }
        }
      if (h == G_MAXUINT)
        break;
      if (!gm_balance_step (&b, h))
        stuck[h] = TRUE;
    }
  gm_balance_clear (&b);
  return b.moves;
}
