/* gm-partition-chain.c — chains of moves that take workload off a grid.
 *
 * A grid h above what it may carry has to hand some buildings to a
 * neighbour q. If q has room for them, that is all; otherwise q hands
 * buildings on to one of its neighbours t, and so on: a breadth-first
 * search over grids finds the shortest such chain that ends in a grid with
 * room for what it receives. The moves are then made from the end of the
 * chain back to h, so each grid has room by the time buildings come in.
 *
 * What a grid hands on at each step is, when one does, the single lightest
 * building on the border that sheds enough (few moves); otherwise a small
 * region grown from the border inwards, breadth first, which may carry
 * buildings without households with it when they stand between the border
 * and the households. Every building that leaves must leave its grid in
 * one piece, and every building that arrives must touch its new grid.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-partition-private.h"

#define EPSILON GM_BALANCE_EPSILON
/* The most buildings a region handed on at one step may have. */
#define MAX_REGION 64

/* One step of a chain: the buildings moving[start … start + count) go
 * into @part, which must then shed @need (nothing when 0 or less). The
 * first step is h itself, receiving nothing. */
typedef struct
{
  guint  part;
  guint  parent;
  guint  start;
  guint  count;
  double need;
} GmHop;

static guint
gm_links_into (GmBalance *b,
               guint      i,
               guint      p)
{
  guint count = 0;

  for (guint k = b->g->xadj[i]; k < b->g->xadj[i + 1]; k++)
    count += b->part[b->g->adj[k]] == p;
  return count;
}

/* Whether @i is the only neighbour in its part of one of @incoming[0 … n),
 * which would then arrive cut off from the rest. */
static gboolean
gm_holds_incoming (GmBalance   *b,
                   guint        i,
                   const guint *incoming,
                   guint        n)
{
  GmPartitionGraph *g = b->g;

  for (guint m = 0; m < n; m++)
    for (guint k = g->xadj[incoming[m]]; k < g->xadj[incoming[m] + 1]; k++)
      if (g->adj[k] == i && gm_links_into (b, incoming[m], b->part[i]) == 1)
        return TRUE;
  return FALSE;
}

/* A building of @from on the border with @to that sheds @need on its own:
 * the heaviest that also fits in @room, so the chain can end here, else the
 * lightest; the most linked into @to among equals. G_MAXUINT when none. */
static guint
gm_pick_one (GmBalance   *b,
             guint        from,
             guint        to,
             double       need,
             double       room,
             const guint *incoming,
             guint        n_incoming)
{
  GmPartitionGraph *g = b->g;
  guint best = G_MAXUINT, best_links = 0;
  gboolean best_fits = FALSE;

  for (guint m = 0; m < b->members[from]->len; m++)
    {
      guint i = g_array_index (b->members[from], guint, m);
      double w = g->workload[i], bw = best != G_MAXUINT ? g->workload[best] : 0.0;
      gboolean fits = w <= room + EPSILON, better;
      guint links;

      if (w <= EPSILON || w < need - EPSILON || (links = gm_links_into (b, i, to)) == 0)
        continue;
      if (best == G_MAXUINT || fits != best_fits)
        better = best == G_MAXUINT || fits;
      else if (fabs (w - bw) > EPSILON)
        better = fits ? w > bw : w < bw;
      else
        better = links > best_links;
      if (!better || gm_holds_incoming (b, i, incoming, n_incoming) || !gm_balance_can_leave (b, i))
        continue;
      best = i;
      best_links = links;
      best_fits = fits;
    }
  return best;
}

/* Whether @i may join the region: it touches @to or the region, and
 * taking it leaves @from in one piece. */
static gboolean
gm_region_takes (GmBalance   *b,
                 guint        i,
                 guint        to,
                 const guint *incoming,
                 guint        n_incoming)
{
  GmPartitionGraph *g = b->g;
  gboolean touches = FALSE;

  /* Buildings already taken are marked G_MAXUINT - 1 in b->part. */
  for (guint k = g->xadj[i]; k < g->xadj[i + 1] && !touches; k++)
    touches = b->part[g->adj[k]] == to || b->part[g->adj[k]] == G_MAXUINT - 1;
  return touches && !gm_holds_incoming (b, i, incoming, n_incoming) && gm_balance_can_leave (b, i);
}

/* A region of @from grown breadth first from its border with @to until it
 * sheds @need, taking no more than @most. Appended to @moving; returns how
 * many buildings (0: no such region). */
static guint
gm_pick_region (GmBalance   *b,
                guint        from,
                guint        to,
                double       need,
                double       most,
                const guint *incoming,
                guint        n_incoming,
                GArray      *moving)
{
  GmPartitionGraph *g = b->g;
  guint start = moving->len, head = 0, tail = 0;
  double shed = 0.0;

  b->region_stamp++;
  for (guint m = 0; m < b->members[from]->len; m++)
    {
      guint i = g_array_index (b->members[from], guint, m);

      if (gm_links_into (b, i, to) > 0)
        {
          b->region_seen[i] = b->region_stamp;
          b->region_queue[tail++] = i;
        }
    }
  while (head < tail && shed < need - EPSILON && moving->len - start < MAX_REGION)
    {
      guint i = b->region_queue[head++];

      if (shed + g->workload[i] > most + EPSILON || !gm_region_takes (b, i, to, incoming, n_incoming))
        continue;
      g_array_append_val (moving, i);
      shed += g->workload[i];
      b->part[i] = G_MAXUINT - 1;
      b->size[from]--;
      for (guint k = g->xadj[i]; k < g->xadj[i + 1]; k++)
        if (b->part[g->adj[k]] == from && b->region_seen[g->adj[k]] != b->region_stamp)
          {
            b->region_seen[g->adj[k]] = b->region_stamp;
            b->region_queue[tail++] = g->adj[k];
          }
    }
  for (guint m = start; m < moving->len; m++)
    {
      b->part[g_array_index (moving, guint, m)] = from;
      b->size[from]++;
    }
  if (shed >= need - EPSILON && moving->len > start)
    return moving->len - start;
  g_array_set_size (moving, start);
  return 0;
}

/* What @from hands to @to to shed @need, after the buildings
 * moving[incoming_start …] have come in; @room is what @to can take. In
 * order: one building that fits, a region that fits, one building that
 * does not (the chain goes on), a region that does not. Appended to
 * @moving; returns how many buildings (0: nothing will do). */
static guint
gm_pick (GmBalance *b,
         guint      from,
         guint      to,
         double     need,
         double     room,
         GArray    *moving,
         guint      incoming_start,
         guint      incoming_count)
{
  g_autofree guint *incoming = g_memdup2 (&g_array_index (moving, guint, incoming_start),
                                          MAX (incoming_count, 1) * sizeof (guint));
  guint one = gm_pick_one (b, from, to, need, room, incoming, incoming_count);
  guint count;

  if (one != G_MAXUINT && b->g->workload[one] <= room + EPSILON)
    {
      g_array_append_val (moving, one);
      return 1;
    }
  if (room >= need - EPSILON
      && (count = gm_pick_region (b, from, to, need, room, incoming, incoming_count, moving)) > 0)
    return count;
  if (one != G_MAXUINT)
    {
      g_array_append_val (moving, one);
      return 1;
    }
  return gm_pick_region (b, from, to, need, need + MAX (need, 0.02 * b->cap), incoming, incoming_count, moving);
}

static double
gm_weight_of (GmBalance *b,
              GArray    *moving,
              guint      start,
              guint      count)
{
  double w = 0.0;

  for (guint m = start; m < start + count; m++)
    w += b->g->workload[g_array_index (moving, guint, m)];
  return w;
}

/* The room in @h for what comes back to it at the end of a chain through
 * @x: what the chain's first step took out, less what @h had to shed. */
static double
gm_room_back (GmBalance *b,
              GArray    *hops,
              GArray    *moving,
              guint      x)
{
  const GmHop *root = &g_array_index (hops, GmHop, 0);
  const GmHop *first = &g_array_index (hops, GmHop, x);

  while (first->parent != 0)
    first = &g_array_index (hops, GmHop, first->parent);
  return gm_weight_of (b, moving, first->start, first->count) - root->need;
}

/* The next step of a chain from hop @x into part @t; FALSE when @t is
 * taken or nothing will do. A chain may close back into h (an exchange of
 * buildings) when what comes back fits the room its first step made. */
static gboolean
gm_extend_chain (GmBalance *b,
                 GArray    *hops,
                 GArray    *moving,
                 guint      x,
                 guint      t,
                 guint     *last)
{
  GmHop from = g_array_index (hops, GmHop, x);
  GmHop hop = { t, x, moving->len, 0, 0.0 };
  gboolean back = t == g_array_index (hops, GmHop, 0).part;
  double room;

  if ((b->part_seen[t] == b->part_stamp && !(back && x != 0)) || b->between[from.part * b->parts + t] == 0)
    return FALSE;
  room = back ? gm_room_back (b, hops, moving, x) : b->cap - b->load[t];
  if ((hop.count = gm_pick (b, from.part, t, from.need, room, moving, from.start, from.count)) == 0)
    return FALSE;
  hop.need = gm_weight_of (b, moving, hop.start, hop.count) - room;
  if (back && hop.need > EPSILON)
    {
      g_array_set_size (moving, hop.start);
      return FALSE;
    }
  b->part_seen[t] = b->part_stamp;
  g_array_append_val (hops, hop);
  if (hop.need <= EPSILON)
    *last = hops->len - 1;
  return TRUE;
}

/* The shortest chain that takes @need off @h; returns its steps and sets
 * *last to the final one (G_MAXUINT: none). */
static GArray *
gm_search_chain (GmBalance *b,
                 guint      h,
                 double     need,
                 GArray    *moving,
                 guint     *last)
{
  GArray *hops = g_array_new (FALSE, FALSE, sizeof (GmHop));
  GmHop root = { h, G_MAXUINT, 0, 0, need };

  *last = G_MAXUINT;
  g_array_append_val (hops, root);
  b->part_stamp++;
  b->part_seen[h] = b->part_stamp;
  for (guint x = 0; x < hops->len && *last == G_MAXUINT; x++)
    for (guint t = 0; t < b->parts && *last == G_MAXUINT; t++)
      gm_extend_chain (b, hops, moving, x, t, last);
  return hops;
}

/* Makes the moves of a chain, the last first, so every part a building
 * comes into has room for it by then. FALSE when a move could not be made
 * after all (the chain stops there, every part within the cap). */
static gboolean
gm_run_chain (GmBalance *b,
              GArray    *hops,
              GArray    *moving,
              guint      last)
{
  for (guint k = last; g_array_index (hops, GmHop, k).parent != G_MAXUINT;
       k = g_array_index (hops, GmHop, k).parent)
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

/**
 * gm_balance_relieve:
 * @b: the balance state
 * @h: a part above what it may carry
 * @excess: how much above
 *
 * Looks for a chain that takes all of @excess off @h, then half of it,
 * then a quarter, and makes the first one found.
 *
 * Returns: %TRUE when a chain was made
 */
gboolean
gm_balance_relieve (GmBalance *b,
                    guint      h,
                    double     excess)
{
  for (double share = 1.0; share > 0.2; share /= 2)
    {
      g_autoptr(GArray) moving = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) hops = NULL;
      guint last;

      hops = gm_search_chain (b, h, MAX (excess * share, EPSILON), moving, &last);
      if (last != G_MAXUINT && gm_run_chain (b, hops, moving, last))
        return TRUE;
    }
  return FALSE;
}
