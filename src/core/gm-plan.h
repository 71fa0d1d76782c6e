/* gm-plan.h — draft divisions of a community, their metrics, and history.
 *
 * A plan is a proposed division: which grid each building goes to, the
 * grids' polygons, codes and totals, and the measures a planner compares
 * plans by. Plans are kept in the project (tables plan, plan_assignment,
 * plan_grid) until one is applied: applying closes the community's current
 * grids (valid_to) and opens the plan's, so the old division stays in the
 * grid table as history and can be shown again.
 *
 * Measures (GmPlanMetrics), all computed in metres on a local equal-area
 * projection:
 * - workload of a grid: households + hazard weight × open hazards (found or
 *   notified) recorded against its buildings + key weight × key persons
 *   living in them; max_over_mean and cv (standard deviation / mean) over
 *   the grids;
 * - contiguous: one piece of the grid's polygon holds all its buildings;
 * - polsby_popper: 4πA/P² of each grid polygon (1 for a circle);
 * - boundary_on_roads: of the boundary length between two grids (the
 *   community's own boundary is not counted), the share that lies within
 *   GM_PLAN_ROAD_DISTANCE metres of a street centre line, measured on
 *   pieces of at most 5 m; streets are the project's roads except footways,
 *   paths, cycleways, steps, bridleways, corridors, tracks and roads
 *   proposed or under construction;
 * - moved_buildings: buildings of the community that had a current grid
 *   and would change grid. The plan's grids are matched one to one with the
 *   current grids, the pairs sharing most buildings first;
 * - seconds: the time the division took, from reading the buildings to the
 *   metrics (saving the plan not included).
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gm-store.h"

G_BEGIN_DECLS

#define GM_PLAN_ROAD_DISTANCE 15.0

typedef struct
{
  guint     grids;
  double    max_over_mean;
  double    cv;
  gboolean  contiguous;          /* every grid is */
  guint     noncontiguous_grids;
  double    polsby_popper_mean;
  double    boundary_on_roads;   /* 0–1 */
  guint     moved_buildings;
  guint     buildings;
  gint64    households;
  double    workload;            /* of the whole community */
  double    seconds;
} GmPlanMetrics;

/* A grid of a plan, or of a division in history. */
typedef struct
{
  char     *code;
  char     *name;
  char     *worker_name;
  char     *worker_phone;
  guint     buildings;
  gint64    households;
  double    workload;
  double    polsby_popper;
  gboolean  contiguous;
  GBytes   *boundary;            /* WKB multipolygon, EPSG:4326 */
  double    label_lon;           /* a point inside it, for its label */
  double    label_lat;
} GmPlanGrid;

void gm_plan_grid_free (GmPlanGrid *grid);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPlanGrid, gm_plan_grid_free)

typedef struct
{
  gint64         id;              /* 0 until saved */
  char          *name;
  gint64         community_id;
  char          *community_code;
  char          *community_name;
  char          *created_at;      /* ISO 8601, UTC */
  char          *applied_at;      /* NULL while a draft */
  char          *params;          /* JSON, gm_partition_options_to_json() */
  GmPlanMetrics  metrics;
  GPtrArray     *warnings;        /* of char *: what kept it from the targets */
  GPtrArray     *grids;           /* of GmPlanGrid, in code order */
  guint          n_buildings;
  gint64        *building;        /* ids */
  guint         *grid_of;         /* per building: index into grids */
} GmPlan;

GmPlan  *gm_plan_new            (void);
void     gm_plan_free           (GmPlan        *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPlan, gm_plan_free)

/* The metrics and warnings as a JSON object, with the keys of
 * `gridmap-cli partition --json`; or as members of an object being built. */
char    *gm_plan_metrics_to_json  (const GmPlan *plan);
void     gm_plan_add_metrics_json (const GmPlan *plan,
                                   JsonBuilder  *builder);

/* Saves @plan as a new draft and sets its id. */
gboolean   gm_plan_save   (GmPlan    *plan,
                           GmStore   *store,
                           GError   **error);
/* The plans of a community (0: of every community), newest first, with
 * their metrics and without grids or buildings. */
GPtrArray *gm_plan_list   (GmStore   *store,
                           gint64     community_id,
                           GError   **error);
/* A saved plan with its grids and buildings. */
GmPlan    *gm_plan_load   (GmStore   *store,
                           gint64     plan_id,
                           GError   **error);
/* Deletes a plan (a division it opened stays in history). */
gboolean   gm_plan_delete (GmStore   *store,
                           gint64     plan_id,
                           GError   **error);
/* In one transaction: closes the community's current grids on
 * @valid_from (NULL: today), opens the plan's grids from that day, puts
 * each building in its new grid and marks the plan applied. */
gboolean   gm_plan_apply  (GmStore     *store,
                           gint64       plan_id,
                           const char  *valid_from,
                           GError     **error);

/* ---- history ------------------------------------------------------------------ */

/* One division of a community as it stood over a period. */
typedef struct
{
  gint64  community_id;
  char   *community_code;
  char   *community_name;
  char   *valid_from;
  char   *valid_to;       /* NULL: the current division */
  guint   grids;
  gint64  plan_id;        /* the plan it came from, 0 when drawn otherwise */
} GmDivisionPeriod;

void gm_division_period_free (GmDivisionPeriod *period);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmDivisionPeriod, gm_division_period_free)

/* Every division in the grid table, current ones first, then newest first. */
GPtrArray *gm_plan_list_history      (GmStore                *store,
                                      GError                **error);
/* The grids of one division in history, in code order. */
GPtrArray *gm_plan_dup_history_grids (GmStore                *store,
                                      const GmDivisionPeriod *period,
                                      GError                **error);

G_END_DECLS
