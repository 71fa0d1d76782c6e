/* gm-plan-build.c — a plan from a divided building graph: grid polygons,
 * codes and names, per-grid totals, the plan's metrics (gm-plan.h says how
 * each is measured) and warnings where a target was not met.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-partition-private.h"

/* Pieces of border measured on their own for boundary_on_roads, metres,
 * and how near the community's outline a piece is on it. */
#define ROAD_SAMPLE 5.0
#define OUTLINE_DISTANCE 0.5

typedef struct
{
  guint part, current, shared;
} GmMatch;

static int
gm_match_compare (gconstpointer a,
                  gconstpointer b)
{
  const GmMatch *ma = a, *mb = b;

  if (ma->shared != mb->shared)
    return ma->shared > mb->shared ? -1 : 1;
  if (ma->part != mb->part)
    return ma->part < mb->part ? -1 : 1;
  return ma->current < mb->current ? -1 : ma->current > mb->current;
}

/* matched[p]: the current grid that part p continues, or -1. Rebalancing
 * keeps the grids; a new division pairs parts and current grids by the
 * buildings they share, most first. */
static int *
gm_plan_match_current (GmPartitionGraph *g)
{
  GmDivision *d = g->division;
  guint current = g->current_grids->len;
  int *matched = g_new (int, d->parts);
  g_autofree guint *shared = g_new0 (guint, (gsize) d->parts * MAX (current, 1));
  g_autofree gboolean *taken = g_new0 (gboolean, MAX (current, 1));
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (GmMatch));

  for (guint p = 0; p < d->parts; p++)
    matched[p] = g->options->rebalance && p < current ? (int) p : -1;
  if (g->options->rebalance)
    return matched;
  for (guint i = 0; i < g->buildings.n; i++)
    if (g->buildings.current[i] >= 0)
      shared[d->part[g->buildings.unit[i]] * current + g->buildings.current[i]]++;
  for (guint p = 0; p < d->parts; p++)
    for (guint c = 0; c < current; c++)
      if (shared[p * current + c] > 0)
        {
          GmMatch m = { p, c, shared[p * current + c] };
          g_array_append_val (pairs, m);
        }
  g_array_sort (pairs, gm_match_compare);
  for (guint k = 0; k < pairs->len; k++)
    {
      const GmMatch *m = &g_array_index (pairs, GmMatch, k);

      if (matched[m->part] < 0 && !taken[m->current])
        {
          matched[m->part] = (int) m->current;
          taken[m->current] = TRUE;
        }
    }
  return matched;
}

static int
gm_compare_codes (const void *a,
                  const void *b,
                  void       *user_data)
{
  GArray *grids = user_data;
  const GmCurrentGrid *ga = &g_array_index (grids, GmCurrentGrid, *(const guint *) a);
  const GmCurrentGrid *gb = &g_array_index (grids, GmCurrentGrid, *(const guint *) b);

  return g_strcmp0 (ga->code, gb->code);
}

/* Code order: a rebalanced division keeps its grids and their codes. */
static guint *
gm_plan_order (GmPartitionGraph     *g,
               GEOSGeometry * const *polygons)
{
  guint *order;

  if (!g->options->rebalance)
    return gm_division_code_order (g->division, polygons);
  order = g_new (guint, g->division->parts);
  for (guint p = 0; p < g->division->parts; p++)
    order[p] = p;
  g_qsort_with_data (order, g->division->parts, sizeof (guint), gm_compare_codes, g->current_grids);
  return order;
}

/* ---- grids ---------------------------------------------------------------------------- */

/* The polygons of @geom (an intersection may add stray lines or points),
 * as one multipolygon. */
static GEOSGeometry *
gm_plan_polygonal (GEOSContextHandle_t  ctx,
                   const GEOSGeometry  *geom)
{
  g_autoptr(GPtrArray) polygons = g_ptr_array_new ();

  for (int k = 0; k < GEOSGetNumGeometries_r (ctx, geom); k++)
    {
      const GEOSGeometry *part = GEOSGetGeometryN_r (ctx, geom, k);

      if (GEOSGeomTypeId_r (ctx, part) == GEOS_POLYGON)
        g_ptr_array_add (polygons, GEOSGeom_clone_r (ctx, part));
      else if (GEOSGeomTypeId_r (ctx, part) == GEOS_MULTIPOLYGON)
        for (int j = 0; j < GEOSGetNumGeometries_r (ctx, part); j++)
          g_ptr_array_add (polygons, GEOSGeom_clone_r (ctx, GEOSGetGeometryN_r (ctx, part, j)));
    }
  return GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOLYGON, (GEOSGeometry **) polygons->pdata, polygons->len);
}

/* The grid's boundary in EPSG:4326 as WKB, and its label point. Back from
 * metres its outer edges stray from the community's by a few 1e-10
 * degrees, so it is cut to the community as stored: a building on the
 * boundary is in a grid exactly when it is in the community. */
static void
gm_plan_set_boundary (GmDivision         *d,
                      const GEOSGeometry *polygon,
                      GmPlanGrid         *grid)
{
  GEOSContextHandle_t ctx = d->geos;
  g_auto(GmGeos) lonlat = { ctx, gm_local_projection_geos (d->projection, ctx, polygon, TRUE) };
  g_auto(GmGeos) inside = { ctx, NULL };
  g_auto(GmGeos) multi = { ctx, NULL };
  g_auto(GmGeos) label = { ctx, NULL };
  unsigned char *wkb;
  size_t size = 0;

  if (lonlat.geom == NULL || (inside.geom = GEOSIntersection_r (ctx, lonlat.geom, d->boundary_lonlat)) == NULL
      || (multi.geom = gm_plan_polygonal (ctx, inside.geom)) == NULL
      || (wkb = GEOSGeomToWKB_buf_r (ctx, multi.geom, &size)) == NULL)
    return;
  grid->boundary = g_bytes_new (wkb, size);
  GEOSFree_r (ctx, wkb);
  if ((label.geom = GEOSPointOnSurface_r (ctx, multi.geom)) != NULL)
    {
      GEOSGeomGetX_r (ctx, label.geom, &grid->label_lon);
      GEOSGeomGetY_r (ctx, label.geom, &grid->label_lat);
    }
}

static double
gm_plan_polsby_popper (GEOSContextHandle_t  ctx,
                       const GEOSGeometry  *polygon)
{
  double area = 0.0, perimeter = 0.0;

  GEOSArea_r (ctx, polygon, &area);
  GEOSLength_r (ctx, polygon, &perimeter);
  return perimeter > 0.0 ? 4.0 * G_PI * area / (perimeter * perimeter) : 0.0;
}

static GmPlanGrid *
gm_plan_new_grid (GmPartitionGraph   *g,
                  guint               seq,
                  guint               part,
                  int                 current,
                  const GEOSGeometry *polygon)
{
  GmDivision *d = g->division;
  GmPlanGrid *grid = g_new0 (GmPlanGrid, 1);
  const GmCurrentGrid *old = current >= 0 ? &g_array_index (g->current_grids, GmCurrentGrid, current) : NULL;

  if (g->options->rebalance && old != NULL)
    {
      grid->code = g_strdup (old->code);
      grid->name = g_strdup (old->name);
    }
  else
    {
      grid->code = g_strdup_printf ("%s%03u", d->community_code, seq + 1);
      /* Translators: the default name of a grid, by its sequence number */
      grid->name = g_strdup_printf (_("Grid %u"), seq + 1);
    }
  grid->worker_name = old != NULL ? g_strdup (old->worker_name) : NULL;
  grid->worker_phone = old != NULL ? g_strdup (old->worker_phone) : NULL;
  for (guint u = 0; u < d->n; u++)
    if (d->part[u] == part)
      {
        grid->buildings += gm_partition_graph_unit_size (g, u);
        grid->households += g->households[u];
        grid->workload += g->workload[u];
      }
  grid->polsby_popper = gm_plan_polsby_popper (d->geos, polygon);
  grid->contiguous = gm_division_count_held_pieces (d, polygon, part) <= 1;
  gm_plan_set_boundary (d, polygon, grid);
  return grid;
}

/* ---- metrics ------------------------------------------------------------------------------ */

typedef struct
{
  GmLineIndex *streets;
  GmLineIndex *outline;
  double       total;
  double       on_roads;
} GmRoadShare;

/* Walks a ring of a grid on pieces of at most ROAD_SAMPLE metres: those
 * off the community's outline count, and those near a street count on
 * roads. */
static void
gm_plan_walk_ring (const double *xy,
                   unsigned int  n,
                   gpointer      data)
{
  GmRoadShare *share = data;

  for (unsigned int k = 0; k + 1 < n; k++)
    {
      double dx = xy[2 * k + 2] - xy[2 * k], dy = xy[2 * k + 3] - xy[2 * k + 1], span = hypot (dx, dy);
      guint pieces = MAX (1, (guint) ceil (span / ROAD_SAMPLE));

      for (guint p = 0; p < pieces; p++)
        {
          double t = (p + 0.5) / pieces, x = xy[2 * k] + t * dx, y = xy[2 * k + 1] + t * dy;

          if (gm_line_index_near (share->outline, x, y, OUTLINE_DISTANCE))
            continue;
          share->total += span / pieces;
          if (gm_line_index_near (share->streets, x, y, GM_PLAN_ROAD_DISTANCE))
            share->on_roads += span / pieces;
        }
    }
}

/* Of the grids' boundaries less the community's outline, the share near a
 * street. Each border between two grids is walked twice, once for each
 * grid, which leaves the share as it is. */
static double
gm_plan_boundary_on_roads (GmPartitionGraph     *g,
                           GEOSGeometry * const *polygons)
{
  GmDivision *d = g->division;
  g_autoptr(GPtrArray) outline = g_ptr_array_new ();
  GmRoadShare share = { g->streets, NULL, 0.0, 0.0 };

  if (g->streets == NULL)
    return 0.0;
  g_ptr_array_add (outline, GEOSBoundary_r (d->geos, d->boundary));
  share.outline = gm_line_index_new (d->geos, outline);
  for (guint p = 0; p < d->parts; p++)
    if (polygons[p] != NULL)
      gm_polygon_foreach_ring (d->geos, polygons[p], gm_plan_walk_ring, &share);
  gm_line_index_free (share.outline);
  return share.total > 0.0 ? share.on_roads / share.total : 0.0;
}

static void
gm_plan_set_metrics (GmPlan               *plan,
                     GmPartitionGraph     *g,
                     const int            *matched,
                     GEOSGeometry * const *polygons)
{
  GmPlanMetrics *m = &plan->metrics;
  double sum = 0.0, squares = 0.0, max = 0.0, mean;

  m->grids = plan->grids->len;
  m->buildings = g->buildings.n;
  for (guint k = 0; k < plan->grids->len; k++)
    {
      const GmPlanGrid *grid = g_ptr_array_index (plan->grids, k);

      sum += grid->workload;
      squares += grid->workload * grid->workload;
      max = MAX (max, grid->workload);
      m->households += grid->households;
      m->polsby_popper_mean += grid->polsby_popper / m->grids;
      m->noncontiguous_grids += !grid->contiguous;
    }
  mean = sum / MAX (m->grids, 1);
  m->workload = sum;
  m->max_over_mean = mean > 0.0 ? max / mean : 1.0;
  m->cv = mean > 0.0 ? sqrt (MAX (squares / m->grids - mean * mean, 0.0)) / mean : 0.0;
  m->contiguous = m->noncontiguous_grids == 0;
  m->boundary_on_roads = gm_plan_boundary_on_roads (g, polygons);
  for (guint i = 0; i < g->buildings.n; i++)
    m->moved_buildings += g->buildings.current[i] >= 0
                          && g->buildings.current[i] != matched[g->division->part[g->buildings.unit[i]]];
}

/* ---- warnings ------------------------------------------------------------------------------ */

static void
gm_plan_warn_grid (GmPlan           *plan,
                   GmPartitionGraph *g,
                   GmStore          *store,
                   guint             part,
                   const GmPlanGrid *grid)
{
  double mean = plan->metrics.workload / MAX (plan->metrics.grids, 1);
  double cap = (1.0 + g->options->tolerance) * mean;
  guint heaviest = G_MAXUINT;
  g_autofree char *label = NULL;

  if (grid->contiguous && grid->workload <= cap + 1e-9)
    return;
  for (guint i = 0; i < g->buildings.n; i++)
    if (g->division->part[g->buildings.unit[i]] == part
        && (heaviest == G_MAXUINT || g->buildings.workload[i] > g->buildings.workload[heaviest]))
      heaviest = i;
  label = heaviest != G_MAXUINT ? gm_partition_graph_dup_label (g, store, heaviest) : g_strdup ("?");
  if (!grid->contiguous)
    gm_partition_graph_warn (g, _("Grid %s is in more than one piece"), grid->code);
  if (grid->workload <= cap + 1e-9)
    return;
  if (heaviest != G_MAXUINT && g->buildings.workload[heaviest] > cap)
    gm_partition_graph_warn (g, _("One building, %s, has a workload of %.0f on its own, more than a grid may carry (%.0f): grid %s cannot be brought within the tolerance"),
                             label, g->buildings.workload[heaviest], cap, grid->code);
  else
    gm_partition_graph_warn (g, _("Grid %s carries a workload of %.0f, %.2f× the mean: none of its buildings can go to a grid with room without cutting a grid in two — a narrow passage, or neighbours that are full, hold it around %s"),
                             grid->code, grid->workload, grid->workload / mean, label);
}

static void
gm_plan_warn (GmPlan           *plan,
              GmPartitionGraph *g,
              GmStore          *store,
              const guint      *order)
{
  if (g->streets == NULL)
    gm_partition_graph_warn (g, _("There are no streets in or around community “%s”: import the roads so that boundaries can follow them"),
                             g->division->community_code);
  for (guint seq = 0; seq < plan->grids->len; seq++)
    gm_plan_warn_grid (plan, g, store, order[seq], g_ptr_array_index (plan->grids, seq));
  for (guint k = 0; k < g->warnings->len; k++)
    g_ptr_array_add (plan->warnings, g_strdup (g_ptr_array_index (g->warnings, k)));
}

/* Units cut off from the rest of their grid in the graph (a corner of the
 * community, an island joined to the nearest grid), and units without
 * buildings, may go with their piece of land to the grid it borders
 * most. */
static void
gm_plan_mark_movable (GmPartitionGraph *g)
{
  GmDivision *d = g->division;
  g_autofree guint *component = g_new (guint, MAX (d->n, 1));
  guint count = gm_partition_graph_components (g, component);
  g_autofree double *weight = g_new0 (double, (gsize) count);
  g_autofree guint *main = g_new (guint, d->parts);

  for (guint i = 0; i < d->n; i++)
    weight[component[i]] += g->workload[i] + 1e-6;
  for (guint p = 0; p < d->parts; p++)
    main[p] = G_MAXUINT;
  for (guint i = 0; i < d->n; i++)
    if (main[d->part[i]] == G_MAXUINT || weight[component[i]] > weight[main[d->part[i]]])
      main[d->part[i]] = component[i];
  g_free (d->movable);
  d->movable = g_new (gboolean, MAX (d->n, 1));
  for (guint i = 0; i < d->n; i++)
    d->movable[i] = component[i] != main[d->part[i]] || gm_partition_graph_unit_size (g, i) == 0;
}

/* ---- the plan --------------------------------------------------------------------------------- */

static void
gm_plan_set_identity (GmPlan           *plan,
                      GmPartitionGraph *g)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint parts = g->division->parts;

  plan->community_id = g->division->community_id;
  plan->community_code = g_strdup (g->division->community_code);
  plan->created_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  plan->name = g->options->rebalance
               ? g_strdup_printf (ngettext ("Rebalanced, %u grid", "Rebalanced, %u grids", parts), parts)
               : g_strdup_printf (ngettext ("Divided into %u grid", "Divided into %u grids", parts), parts);
}

/**
 * gm_plan_build:
 * @graph: a graph whose division has parts
 * @store: the project, for names in messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
GmPlan *
gm_plan_build (GmPartitionGraph  *graph,
               GmStore           *store,
               GError           **error)
{
  GmDivision *d = graph->division;
  g_autoptr(GmPlan) plan = gm_plan_new ();
  g_autofree guint *order = NULL;
  g_autofree guint *seq_of = g_new (guint, d->parts);
  g_autofree int *matched = NULL;
  GEOSGeometry **polygons = NULL;

  gm_plan_mark_movable (graph);
  if ((polygons = gm_division_polygons (d, graph->cells, error)) == NULL)
    return NULL;
  order = gm_plan_order (graph, polygons);
  matched = gm_plan_match_current (graph);
  gm_plan_set_identity (plan, graph);
  for (guint seq = 0; seq < d->parts; seq++)
    {
      seq_of[order[seq]] = seq;
      g_ptr_array_add (plan->grids, gm_plan_new_grid (graph, seq, order[seq], matched[order[seq]],
                                                      polygons[order[seq]]));
    }
  plan->n_buildings = graph->buildings.n;
  plan->building = g_memdup2 (graph->buildings.id, sizeof (gint64) * MAX (graph->buildings.n, 1));
  plan->grid_of = g_new (guint, MAX (graph->buildings.n, 1));
  for (guint i = 0; i < graph->buildings.n; i++)
    plan->grid_of[i] = seq_of[d->part[graph->buildings.unit[i]]];
  gm_plan_set_metrics (plan, graph, matched, polygons);
  gm_division_free_geometries (d, polygons, d->parts);
  gm_plan_warn (plan, graph, store, order);
  return g_steal_pointer (&plan);
}
