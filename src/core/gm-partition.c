/* gm-partition.c — the division itself: options, METIS on each connected
 * part of the building graph, parts cut off from the rest, rebalancing's
 * start, and the job that runs it all in a worker thread.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <metis.h>

#include "gm-autocleanups.h"
#include "gm-partition-private.h"

G_DEFINE_QUARK (gm-partition-error-quark, gm_partition_error)

/* METIS keeps global state while it works. */
static GMutex metis_lock;

/* METIS's allowed imbalance, as a share of the tolerance, by attempt. */
static const double ufactor_share[] = { 0.6, 0.2, 1.0, 0.1, 0.4, 0.8 };

/* ---- options -------------------------------------------------------------------------- */

void
gm_partition_options_init (GmPartitionOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->households_per_grid = GM_PARTITION_DEFAULT_HOUSEHOLDS;
  options->tolerance = GM_PARTITION_DEFAULT_TOLERANCE;
}

void
gm_partition_options_clear (GmPartitionOptions *options)
{
  g_return_if_fail (options != NULL);

  g_clear_pointer (&options->community_code, g_free);
}

GmPartitionOptions *
gm_partition_options_copy (const GmPartitionOptions *options)
{
  GmPartitionOptions *copy;

  g_return_val_if_fail (options != NULL, NULL);

  copy = g_memdup2 (options, sizeof *options);
  copy->community_code = g_strdup (options->community_code);
  return copy;
}

void
gm_partition_options_free (GmPartitionOptions *options)
{
  if (options == NULL)
    return;
  gm_partition_options_clear (options);
  g_free (options);
}

char *
gm_partition_options_to_json (const GmPartitionOptions *options)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (options != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "community");
  json_builder_add_string_value (builder, options->community_code);
  json_builder_set_member_name (builder, options->grids > 0 ? "grids" : "households_per_grid");
  if (options->grids > 0)
    json_builder_add_int_value (builder, options->grids);
  else
    json_builder_add_double_value (builder, options->households_per_grid);
  json_builder_set_member_name (builder, "hazard_weight");
  json_builder_add_double_value (builder, options->hazard_weight);
  json_builder_set_member_name (builder, "key_weight");
  json_builder_add_double_value (builder, options->key_weight);
  json_builder_set_member_name (builder, "tolerance");
  json_builder_add_double_value (builder, options->tolerance);
  json_builder_set_member_name (builder, "rebalance");
  json_builder_add_boolean_value (builder, options->rebalance);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
gm_partition_check_options (const GmPartitionOptions  *o,
                            GError                   **error)
{
  const char *problem = NULL;

  if (o->community_code == NULL || *o->community_code == '\0')
    problem = _("no community was chosen");
  else if (o->grids == 0 && !(o->households_per_grid >= 1.0))
    problem = _("the households per grid must be at least 1");
  else if (!(o->hazard_weight >= 0.0) || !(o->key_weight >= 0.0)
           || !isfinite (o->hazard_weight) || !isfinite (o->key_weight))
    problem = _("the weights of hazards and key persons must be 0 or more");
  else if (!(o->tolerance > 0.0 && o->tolerance < 1.0))
    problem = _("the tolerance must be between 0 and 1");
  if (problem == NULL)
    return TRUE;
  g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_INVALID,
               /* Translators: %s says what is wrong */
               _("Cannot divide: %s"), problem);
  return FALSE;
}

/* ---- METIS ------------------------------------------------------------------------------ */

/* Cuts the buildings @nodes (one connected part of the graph) into @parts
 * parts numbered from @first. */
static gboolean
gm_partition_metis (GmPartitionGraph  *g,
                    const guint       *nodes,
                    guint              n,
                    guint              parts,
                    guint              first,
                    guint              attempt,
                    GError           **error)
{
  g_autofree idx_t *local = g_new (idx_t, g->division->n);
  g_autofree idx_t *xadj = g_new0 (idx_t, n + 1);
  g_autofree idx_t *adjncy = g_new (idx_t, MAX (g->xadj[g->division->n], 1));
  g_autofree idx_t *adjwgt = g_new (idx_t, MAX (g->xadj[g->division->n], 1));
  g_autofree idx_t *vwgt = g_new (idx_t, n);
  g_autofree idx_t *part = g_new0 (idx_t, n);
  idx_t options[METIS_NOPTIONS], nvtxs = n, ncon = 1, nparts = parts, objval = 0;
  idx_t m = 0;
  int status;

  if (parts <= 1)
    {
      for (guint k = 0; k < n; k++)
        g->division->part[nodes[k]] = first;
      return TRUE;
    }
  for (guint i = 0; i < g->division->n; i++)
    local[i] = -1;
  for (guint k = 0; k < n; k++)
    local[nodes[k]] = k;
  for (guint k = 0; k < n; k++)
    {
      guint i = nodes[k];

      /* Workload in tenths of a household; at least one, so an empty shed
       * still belongs somewhere. */
      vwgt[k] = MAX (1, (idx_t) lround (g->workload[i] * 10.0));
      for (guint e = g->xadj[i]; e < g->xadj[i + 1]; e++)
        if (local[g->adj[e]] >= 0)
          {
            const GmLink *l = &g_array_index (g->links, GmLink, g->adj_link[e]);

            adjncy[m] = local[g->adj[e]];
            adjwgt[m++] = 1 + (idx_t) lround (10.0 * gm_link_cost (l));
          }
      xadj[k + 1] = m;
    }

  METIS_SetDefaultOptions (options);
  options[METIS_OPTION_NUMBERING] = 0;
  options[METIS_OPTION_CONTIG] = 1;
  options[METIS_OPTION_SEED] = 20261204 + (idx_t) attempt;
  /* Aim inside the tolerance, the last moves are ours (gm-partition-balance.c);
   * later attempts aim tighter, then looser. */
  options[METIS_OPTION_UFACTOR] = MAX (1, (idx_t) lround (g->options->tolerance * 1000.0 * ufactor_share[attempt % G_N_ELEMENTS (ufactor_share)]));
  g_mutex_lock (&metis_lock);
  status = METIS_PartGraphKway (&nvtxs, &ncon, xadj, adjncy, vwgt, NULL, adjwgt, &nparts,
                                NULL, NULL, options, &objval, part);
  g_mutex_unlock (&metis_lock);
  if (status != METIS_OK)
    {
      g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_FAILED,
                   _("METIS could not divide community “%s” (error %d%s)"), g->division->community_code,
                   status, status == METIS_ERROR_MEMORY ? _(", out of memory") : "");
      return FALSE;
    }
  for (guint k = 0; k < n; k++)
    g->division->part[nodes[k]] = first + (guint) part[k];
  return TRUE;
}

/* ---- parts of the community cut off from one another ------------------------------------ */

static int
gm_nearest_distance (const void *a,
                     const void *b,
                     double     *distance,
                     void       *user_data)
{
  const GmDivision *d = user_data;
  guint i = GPOINTER_TO_UINT (a) - 1, j = GPOINTER_TO_UINT (b) - 1;

  *distance = hypot (d->x[i] - d->x[j], d->y[i] - d->y[j]);
  return 1;
}

/* For each building with @from set, the nearest building with @to set
 * (G_MAXUINT when there is none), and its distance. */
static void
gm_partition_nearest (GmDivision     *d,
                      const gboolean *from,
                      const gboolean *to,
                      guint          *nearest,
                      double         *distance)
{
  GEOSContextHandle_t ctx = d->geos;
  GEOSSTRtree *tree = GEOSSTRtree_create_r (ctx, 10);
  g_autoptr(GPtrArray) points = g_ptr_array_new ();
  guint in_tree = 0;

  for (guint i = 0; i < d->n; i++)
    if (to[i])
      {
        GEOSGeometry *pt = GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]);

        g_ptr_array_add (points, pt);
        GEOSSTRtree_insert_r (ctx, tree, pt, GUINT_TO_POINTER (i + 1));
        in_tree++;
      }
  for (guint i = 0; i < d->n; i++)
    {
      g_auto(GmGeos) pt = { ctx, NULL };
      const void *found;

      nearest[i] = G_MAXUINT;
      if (!from[i] || in_tree == 0)
        continue;
      pt.geom = GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]);
      found = GEOSSTRtree_nearest_generic_r (ctx, tree, GUINT_TO_POINTER (i + 1), pt.geom,
                                             gm_nearest_distance, d);
      if (found != NULL)
        {
          nearest[i] = GPOINTER_TO_UINT (found) - 1;
          distance[i] = hypot (d->x[i] - d->x[nearest[i]], d->y[i] - d->y[nearest[i]]);
        }
    }
  GEOSSTRtree_destroy_r (ctx, tree);
  for (guint k = 0; k < points->len; k++)
    GEOSGeom_destroy_r (ctx, g_ptr_array_index (points, k));
}

typedef struct
{
  guint   id;
  guint   units;      /* with buildings */
  guint   buildings;
  gint64  households;
  double  workload;
  guint   grids;      /* 0: joined to the nearest grid */
  double  share;      /* of the grids, by workload */
} GmPiece;

static int
gm_piece_heavier (gconstpointer a,
                  gconstpointer b)
{
  const GmPiece *pa = a, *pb = b;

  if (pa->workload != pb->workload)
    return pa->workload > pb->workload ? -1 : 1;
  return pa->id < pb->id ? -1 : pa->id > pb->id;
}

/* How many grids each piece gets: whole grids by largest remainder, at
 * least one, never more than it has buildings. Pieces too light for half a
 * grid get none and join a neighbour, as do the lightest when there are
 * more pieces than grids. */
static void
gm_partition_share_grids (GmPiece *pieces,
                          guint    count,
                          guint    parts,
                          double   total)
{
  double target = total / parts, big_total = 0.0;
  guint given = 0, big = 0;

  for (guint c = 0; c < count && big < parts; c++)
    if (c == 0 || pieces[c].workload >= 0.5 * target)
      {
        big_total += pieces[c].workload;
        big++;
      }
  for (guint c = 0; c < big; c++)
    {
      pieces[c].share = parts * pieces[c].workload / MAX (big_total, 1e-9);
      pieces[c].grids = CLAMP ((guint) floor (pieces[c].share), 1, MAX (pieces[c].units, 1));
      given += pieces[c].grids;
    }
  while (given != parts)
    {
      guint pick = G_MAXUINT;

      for (guint c = 0; c < big; c++)
        {
          double gap = pieces[c].share - pieces[c].grids;
          gboolean can = given < parts ? pieces[c].grids < pieces[c].units : pieces[c].grids > 1;

          if (can && (pick == G_MAXUINT || (given < parts ? gap > pieces[pick].share - pieces[pick].grids
                                                          : gap < pieces[pick].share - pieces[pick].grids)))
            pick = c;
        }
      if (pick == G_MAXUINT)
        break;
      pieces[pick].grids += given < parts ? 1 : -1;
      given += given < parts ? 1 : -1;
    }
}

/* A building of the piece to name it by: one of unit @unit, else the
 * first of the piece. */
static guint
gm_partition_piece_building (GmPartitionGraph *g,
                             const guint      *component,
                             guint             piece,
                             guint             unit)
{
  for (guint i = 0; gm_partition_graph_unit_size (g, unit) == 0 && i < g->division->n; i++)
    if (component[i] == piece)
      unit = i;
  return g->members[g->member_start[unit]];
}

/* Joins the units of pieces that got no grid to the grid of the nearest
 * unit that has one, and says so when they hold buildings. */
static void
gm_partition_join_islands (GmPartitionGraph *g,
                           GmStore          *store,
                           const guint      *component,
                           const GmPiece    *pieces,
                           guint             count,
                           gboolean          warn)
{
  GmDivision *d = g->division;
  g_autofree guint *grids_of = g_new0 (guint, count);
  g_autofree gboolean *from = g_new0 (gboolean, d->n);
  g_autofree gboolean *to = g_new0 (gboolean, d->n);
  g_autofree guint *nearest = g_new (guint, d->n);
  g_autofree double *distance = g_new0 (double, d->n);

  for (guint c = 0; c < count; c++)
    grids_of[pieces[c].id] = pieces[c].grids;
  for (guint i = 0; i < d->n; i++)
    {
      from[i] = grids_of[component[i]] == 0;
      to[i] = !from[i];
    }
  gm_partition_nearest (d, from, to, nearest, distance);
  for (guint c = 0; c < count; c++)
    {
      guint best = G_MAXUINT;
      g_autofree char *label = NULL;

      if (pieces[c].grids > 0)
        continue;
      for (guint i = 0; i < d->n; i++)
        if (component[i] == pieces[c].id && nearest[i] != G_MAXUINT
            && (best == G_MAXUINT || distance[i] < distance[best]))
          best = i;
      if (best == G_MAXUINT)
        continue;
      for (guint i = 0; i < d->n; i++)
        if (component[i] == pieces[c].id)
          d->part[i] = d->part[nearest[best]];
      if (!warn || pieces[c].buildings == 0)
        continue;
      label = gm_partition_graph_dup_label (g, store, gm_partition_piece_building (g, component, pieces[c].id, best));
      gm_partition_graph_warn (g, ngettext ("%u building (%lld households), %s, is cut off from the rest of the community by its boundary; it was joined to a neighbouring grid",
                                         "%u buildings (%lld households) around %s are cut off from the rest of the community by its boundary; they were joined to a neighbouring grid",
                                         pieces[c].buildings),
                               pieces[c].buildings, (long long) pieces[c].households, label);
    }
}

/* A fresh division into @parts: each connected piece of the community that
 * can carry grids is cut by METIS on its own. */
static gboolean
gm_partition_divide (GmPartitionGraph  *g,
                     GmStore           *store,
                     guint              parts,
                     guint              attempt,
                     GError           **error)
{
  GmDivision *d = g->division;
  g_autofree guint *component = g_new (guint, d->n);
  g_autofree gboolean *alone = g_new0 (gboolean, d->n);
  guint count, first = 0, with_grids = 0, apart = 0;
  g_autofree GmPiece *pieces = NULL;
  g_autofree guint *nodes = g_new (guint, d->n);
  double total = 0.0;

  /* A building heavier than a grid's mean is a grid on its own: METIS
   * cannot balance around it, and nothing else should share its grid. */
  for (guint i = 0; i < d->n; i++)
    total += g->workload[i];
  for (guint i = 0; i < d->n; i++)
    if (gm_partition_graph_unit_size (g, i) == 1 && g->workload[i] >= total / parts && apart + 1 < parts)
      {
        alone[i] = TRUE;
        apart++;
      }
  count = gm_partition_graph_components_apart (g, alone, component);
  pieces = g_new0 (GmPiece, count);
  total = 0.0;

  d->parts = parts;
  for (guint c = 0; c < count; c++)
    pieces[c].id = c;
  for (guint i = 0; i < d->n; i++)
    {
      pieces[component[i]].units += gm_partition_graph_unit_size (g, i) > 0;
      pieces[component[i]].buildings += gm_partition_graph_unit_size (g, i);
      pieces[component[i]].households += g->households[i];
      pieces[component[i]].workload += g->workload[i];
      total += g->workload[i];
    }
  qsort (pieces, count, sizeof (GmPiece), gm_piece_heavier);
  gm_partition_share_grids (pieces, count, parts, total);
  for (guint c = 0; c < count; c++)
    {
      guint n = 0;

      if (pieces[c].grids == 0)
        continue;
      for (guint i = 0; i < d->n; i++)
        if (component[i] == pieces[c].id)
          nodes[n++] = i;
      if (!gm_partition_metis (g, nodes, n, pieces[c].grids, first, attempt, error))
        return FALSE;
      first += pieces[c].grids;
      with_grids += !alone[nodes[0]];
    }
  if (with_grids > 1 && attempt == 0)
    gm_partition_graph_warn (g, ngettext ("The community is in %u parts that do not touch (water, railways or its own shape part them); each was divided on its own",
                                       "The community is in %u parts that do not touch (water, railways or its own shape part them); each was divided on its own",
                                       with_grids), with_grids);
  if (with_grids < count)
    gm_partition_join_islands (g, store, component, pieces, count, attempt == 0);
  return TRUE;
}

/* Each part's workload, and what it may carry: the cap, or its heaviest
 * unit when that alone is more. */
static void
gm_partition_loads (GmPartitionGraph *g,
                    double           *load,
                    double           *target)
{
  GmDivision *d = g->division;
  double total = 0.0, cap;

  for (guint i = 0; i < d->n; i++)
    total += g->workload[i];
  cap = (1.0 + g->options->tolerance) * total / d->parts;
  for (guint p = 0; p < d->parts; p++)
    load[p] = target[p] = 0.0;
  for (guint i = 0; i < d->n; i++)
    {
      load[d->part[i]] += g->workload[i];
      target[d->part[i]] = MAX (MAX (target[d->part[i]], cap), g->workload[i]);
    }
}

/* How far a division is from the targets: first the workload above what
 * each grid may carry, then the cost of its cut. */
static void
gm_partition_score (GmPartitionGraph *g,
                    double           *overload,
                    double           *cut)
{
  GmDivision *d = g->division;
  g_autofree double *load = g_new0 (double, d->parts);
  g_autofree double *target = g_new0 (double, d->parts);

  gm_partition_loads (g, load, target);
  *overload = 0.0;
  for (guint p = 0; p < d->parts; p++)
    *overload += MAX (0.0, load[p] - target[p]);
  *cut = 0.0;
  for (guint k = 0; k < g->links->len; k++)
    {
      const GmLink *l = &g_array_index (g->links, GmLink, k);

      if (d->part[l->a] != d->part[l->b])
        *cut += gm_link_cost (l);
    }
}

/* The whole blocks of more than one building in the grids above what they
 * may carry and in their neighbours (in all grids when @everywhere), per
 * block; NULL when there are none. */
static gboolean *
gm_partition_blocks_to_cut (GmPartitionGraph *g,
                            gboolean          everywhere)
{
  GmDivision *d = g->division;
  g_autofree double *load = g_new0 (double, d->parts);
  g_autofree double *target = g_new0 (double, d->parts);
  g_autofree gboolean *over = g_new0 (gboolean, d->parts);
  g_autofree gboolean *near = g_new0 (gboolean, d->parts);
  g_autofree gboolean *more = g_new0 (gboolean, g->block_polygons->len);
  gboolean any = FALSE;

  gm_partition_loads (g, load, target);
  for (guint p = 0; p < d->parts; p++)
    near[p] = over[p] = everywhere || load[p] > target[p] + 1e-9;
  for (guint k = 0; k < g->links->len; k++)
    {
      const GmLink *l = &g_array_index (g->links, GmLink, k);

      near[d->part[l->a]] |= over[d->part[l->b]];
      near[d->part[l->b]] |= over[d->part[l->a]];
    }
  for (guint u = 0; u < d->n; u++)
    if (near[d->part[u]] && !g->cut[g->block[u]] && gm_partition_graph_unit_size (g, u) > 1)
      any = more[g->block[u]] = TRUE;
  return any ? g_steal_pointer (&more) : NULL;
}

/* Whole blocks make moves coarse: where grids stay above what they may
 * carry, the blocks of those grids and their neighbours are cut into their
 * buildings' cells and the moves tried again; then, if need be, all
 * blocks. Boundaries leave the streets only where balance needs it. */
static void
gm_partition_refine (GmPartitionGraph *g,
                     GCancellable     *cancellable)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autofree gboolean *more = NULL;
      double overload, cut;

      gm_partition_score (g, &overload, &cut);
      if (overload <= 1e-9 || g_cancellable_is_cancelled (cancellable))
        return;
      if ((more = gm_partition_blocks_to_cut (g, round > 0)) == NULL)
        continue;
      gm_partition_graph_refine (g, more);
      gm_partition_balance (g, cancellable);
    }
}

/* METIS and our moves, again with other seeds and imbalances while the
 * result is outside the tolerance, for at most four times what the first
 * attempt took (or a second: a small community gets every attempt, so its
 * result does not depend on how busy the machine is); the best division
 * is kept. */
static gboolean
gm_partition_divide_best (GmPartitionGraph  *g,
                          GmStore           *store,
                          guint              parts,
                          GCancellable      *cancellable,
                          GError           **error)
{
  GmDivision *d = g->division;
  g_autofree guint *best = g_new (guint, d->n);
  double best_overload = G_MAXDOUBLE, best_cut = G_MAXDOUBLE;
  gint64 start = g_get_monotonic_time (), budget = G_MAXINT64;

  for (guint attempt = 0; attempt < G_N_ELEMENTS (ufactor_share) && best_overload > 0.0
       && g_get_monotonic_time () - start < budget; attempt++)
    {
      double overload, cut;

      if (!gm_partition_divide (g, store, parts, attempt, error))
        return FALSE;
      gm_partition_balance (g, cancellable);
      if (g_cancellable_is_cancelled (cancellable))
        break;
      gm_partition_score (g, &overload, &cut);
      g_debug ("attempt %u: overload %.1f cut %.1f units %u", attempt, overload, cut, d->n);
      if (attempt == 0)
        budget = MAX (4 * (g_get_monotonic_time () - start), G_USEC_PER_SEC);
      if (overload < best_overload - 1e-9 || (overload <= best_overload + 1e-9 && cut < best_cut))
        {
          best_overload = overload;
          best_cut = cut;
          memcpy (best, d->part, d->n * sizeof (guint));
        }
    }
  memcpy (d->part, best, d->n * sizeof (guint));
  return TRUE;
}

/* ---- rebalancing's start ---------------------------------------------------------------- */

/* The current grid that holds the point of unit @unit (one without
 * buildings), or -1. */
static int
gm_partition_current_at (GmPartitionGraph *g,
                         sqlite3_stmt     *stmt,
                         guint             unit)
{
  double x = g->division->x[unit], y = g->division->y[unit];
  gint64 id = 0;

  gm_local_projection_points (g->division->projection, &x, &y, 1, TRUE);
  sqlite3_reset (stmt);
  sqlite3_bind_double (stmt, 1, x);
  sqlite3_bind_double (stmt, 2, y);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  for (guint k = 0; id > 0 && k < g->current_grids->len; k++)
    if (g_array_index (g->current_grids, GmCurrentGrid, k).id == id)
      return (int) k;
  return -1;
}

/* The current division as parts. A unit without buildings goes with the
 * current grid it lies in, so each grid is the piece of land it was;
 * buildings in no current grid go to the grid of the nearest building
 * that has one. */
static void
gm_partition_start_from_current (GmPartitionGraph *g,
                                 GmStore          *store)
{
  GmDivision *d = g->division;
  g_autofree gboolean *from = g_new0 (gboolean, d->n);
  g_autofree gboolean *to = g_new0 (gboolean, d->n);
  g_autofree guint *nearest = g_new (guint, d->n);
  g_autofree double *distance = g_new0 (double, d->n);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store,
                                                   "SELECT id FROM grid WHERE valid_to IS NULL AND id IN"
                                                   " (SELECT pkid FROM idx_grid_boundary WHERE xmin <= ?1 AND xmax >= ?1"
                                                   "  AND ymin <= ?2 AND ymax >= ?2)"
                                                   " AND ST_Intersects(boundary, MakePoint(?1, ?2, 4326))", NULL);

  d->parts = g->current_grids->len;
  for (guint i = 0; i < d->n; i++)
    {
      int current = g->current[i];

      if (current < 0 && stmt != NULL && gm_partition_graph_unit_size (g, i) == 0)
        current = gm_partition_current_at (g, stmt, i);
      to[i] = current >= 0;
      from[i] = !to[i];
      d->part[i] = MAX (current, 0);
    }
  gm_partition_nearest (d, from, to, nearest, distance);
  for (guint i = 0; i < d->n; i++)
    if (from[i] && nearest[i] != G_MAXUINT)
      d->part[i] = d->part[nearest[i]];
}

/* ---- the job ------------------------------------------------------------------------------ */

/* How many grids: the current ones when rebalancing, else as asked. */
static guint
gm_partition_count_grids (GmPartitionGraph          *g,
                          const GmPartitionOptions  *o,
                          GError                   **error)
{
  const GmBuildings *b = &g->buildings;
  double households = 0.0;
  guint parts;

  if (o->rebalance && g->current_grids->len == 0)
    g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_NO_DIVISION,
                 _("Community “%s” has no current grids to rebalance; divide it first"),
                 g->division->community_code);
  if (o->rebalance)
    return g->current_grids->len;
  for (guint i = 0; i < b->n; i++)
    households += b->households[i];
  parts = o->grids > 0 ? o->grids : (guint) MAX (1.0, round (households / o->households_per_grid));
  if (parts > b->n)
    {
      g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_INVALID,
                   ngettext ("Community “%s” has only %u building, too few for %u grids: a building is never split between grids",
                             "Community “%s” has only %u buildings, too few for %u grids: a building is never split between grids",
                             b->n),
                   g->division->community_code, b->n, parts);
      return 0;
    }
  return parts;
}

static gboolean
gm_partition_check_cancel (GCancellable  *cancellable,
                           GError       **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static void
gm_partition_report (GmProgressFunc  progress,
                     gpointer        data,
                     double          fraction,
                     const char     *message)
{
  if (progress != NULL)
    progress (fraction, message, data);
}

static double
gm_partition_total_workload (const GmBuildings *b)
{
  double total = 0.0;

  for (guint i = 0; i < b->n; i++)
    total += b->workload[i];
  return total;
}

static GmPartitionGraph *
gm_partition_prepare (GmStore                   *store,
                      const GmPartitionOptions  *options,
                      GError                   **error)
{
  g_autoptr(GmPartitionGraph) g = NULL;

  if (!gm_partition_check_options (options, error)
      || (g = gm_partition_graph_load (store, options, error)) == NULL)
    return NULL;
  if (g->buildings.n == 0)
    {
      g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_NO_BUILDINGS,
                   _("Community “%s” has no buildings to divide"), options->community_code);
      return NULL;
    }
  if (gm_partition_total_workload (&g->buildings) <= 0.0)
    {
      g_set_error (error, GM_PARTITION_ERROR, GM_PARTITION_ERROR_NO_BUILDINGS,
                   _("Community “%s” has %u buildings but no workload to share out: none has households "
                     "(nor open hazards or key persons weighed in). Import the buildings with their households "
                     "or floors (so households can be estimated), then divide again"),
                   options->community_code, g->buildings.n);
      return NULL;
    }
  return g_steal_pointer (&g);
}

/**
 * gm_partition_run:
 * @store: the project
 * @options: what to divide and how
 * @progress: (nullable): called from this thread
 * @progress_data: for @progress
 * @cancellable: (nullable): checked between the steps
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the plan, not saved, or %NULL with @error set
 */
GmPlan *
gm_partition_run (GmStore                   *store,
                  const GmPartitionOptions  *options,
                  GmProgressFunc             progress,
                  gpointer                   progress_data,
                  GCancellable              *cancellable,
                  GError                   **error)
{
  g_autoptr(GmPartitionGraph) g = NULL;
  gint64 start = g_get_monotonic_time ();
  GmPlan *plan;
  guint parts = 0;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  gm_partition_report (progress, progress_data, 0.0, _("Reading the buildings…"));
  if ((g = gm_partition_prepare (store, options, error)) == NULL
      || (parts = gm_partition_count_grids (g, options, error)) == 0
      || !gm_partition_check_cancel (cancellable, error))
    return NULL;
  gm_partition_report (progress, progress_data, 0.15, _("Cutting the community into blocks along its streets…"));
  if (!gm_partition_graph_units (g, parts, error) || !gm_partition_check_cancel (cancellable, error))
    return NULL;
  gm_partition_graph_link (g);
  gm_partition_report (progress, progress_data, 0.45, _("Dividing…"));
  if (options->rebalance)
    {
      gm_partition_start_from_current (g, store);
      gm_partition_balance (g, cancellable);
    }
  else if (!gm_partition_divide_best (g, store, parts, cancellable, error))
    return NULL;
  gm_partition_refine (g, cancellable);
  if (!gm_partition_check_cancel (cancellable, error))
    return NULL;
  gm_partition_report (progress, progress_data, 0.7, _("Drawing the grids…"));
  plan = gm_plan_build (g, store, error);
  if (plan == NULL)
    return NULL;
  plan->params = gm_partition_options_to_json (options);
  plan->metrics.seconds = (g_get_monotonic_time () - start) / 1e6;
  gm_partition_report (progress, progress_data, 1.0, NULL);
  return plan;
}

/* ---- in a worker thread ------------------------------------------------------------------ */

typedef struct
{
  char               *project_path;
  GmPartitionOptions *options;
  GmProgressFunc      progress;
  gpointer            progress_data;
  GMainContext       *context;
  GMutex              lock;
  double              fraction;
  char               *message;
  gboolean            pending;
} GmPartitionTask;

static void
gm_partition_task_free (GmPartitionTask *data)
{
  g_free (data->project_path);
  gm_partition_options_free (data->options);
  g_main_context_unref (data->context);
  g_mutex_clear (&data->lock);
  g_free (data->message);
  g_free (data);
}

static gboolean
gm_partition_deliver_progress (gpointer user_data)
{
  GmPartitionTask *data = g_task_get_task_data (G_TASK (user_data));
  g_autofree char *message = NULL;
  double fraction;

  g_mutex_lock (&data->lock);
  data->pending = FALSE;
  fraction = data->fraction;
  message = g_strdup (data->message);
  g_mutex_unlock (&data->lock);
  data->progress (fraction, message, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: hands the latest step to the caller's context, one update
 * queued at a time. */
static void
gm_partition_thread_progress (double      fraction,
                              const char *message,
                              gpointer    user_data)
{
  GTask *task = user_data;
  GmPartitionTask *data = g_task_get_task_data (task);
  gboolean queue;

  g_mutex_lock (&data->lock);
  data->fraction = fraction;
  if (message != NULL)
    {
      g_free (data->message);
      data->message = g_strdup (message);
    }
  queue = !data->pending;
  data->pending = TRUE;
  g_mutex_unlock (&data->lock);
  if (queue)
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, gm_partition_deliver_progress,
                                g_object_ref (task), g_object_unref);
}

static void
gm_partition_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  GmPartitionTask *data = task_data;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GmPlan) plan = NULL;
  GError *error = NULL;

  store = gm_store_open (data->project_path, GM_STORE_OPEN_DEFAULT, &error);
  if (store != NULL)
    plan = gm_partition_run (store, data->options,
                             data->progress != NULL ? gm_partition_thread_progress : NULL, task,
                             cancellable, &error);
  if (plan != NULL && (!gm_store_begin (store, &error) || !gm_plan_save (plan, store, &error)
                       || !gm_store_commit (store, &error)))
    {
      gm_store_rollback (store);
      g_clear_pointer (&plan, gm_plan_free);
    }
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&plan), (GDestroyNotify) gm_plan_free);
}

void
gm_partition_run_async (const char                *project_path,
                        const GmPartitionOptions  *options,
                        GmProgressFunc             progress,
                        gpointer                   progress_data,
                        GCancellable              *cancellable,
                        GAsyncReadyCallback        callback,
                        gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  GmPartitionTask *data;

  g_return_if_fail (project_path != NULL);
  g_return_if_fail (options != NULL);

  data = g_new0 (GmPartitionTask, 1);
  data->project_path = g_strdup (project_path);
  data->options = gm_partition_options_copy (options);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  g_mutex_init (&data->lock);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gm_partition_run_async);
  /* A plan saved just before a late cancel is reported as saved. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) gm_partition_task_free);
  g_task_run_in_thread (task, gm_partition_thread);
}

GmPlan *
gm_partition_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
