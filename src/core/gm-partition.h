/* gm-partition.h — an automatic, balanced division of a community into grids.
 *
 * Buildings are the nodes of a graph: two are linked when their Voronoi
 * cells share a border inside the community, and the link costs the length
 * of that border, a tenth of it when the straight line between the two
 * buildings crosses a street (four tenths for a footpath). METIS cuts the
 * graph into contiguous parts of balanced workload at the least cost, so
 * boundaries run along streets and are short; a few single-building moves
 * then bring every grid within the tolerance where the data allows. Parts
 * of the community cut off from the rest (islands, enclaves) are divided on
 * their own or joined to the nearest grid, and what stands in the way of a
 * balanced, contiguous division (one building heavier than a grid, a
 * bottleneck) is named in the plan's warnings.
 *
 * Rebalancing starts from the current division instead and moves as few
 * buildings as it can, one at a time across grid borders, keeping every
 * grid contiguous.
 *
 * The result is a #GmPlan (gm-plan.h): grid polygons, codes, per-grid
 * totals and the plan's metrics, saved as a draft by gm_plan_save().
 */
#pragma once

#include <gio/gio.h>

#include "gm-import.h"
#include "gm-plan.h"
#include "gm-store.h"

G_BEGIN_DECLS

#define GM_PARTITION_ERROR (gm_partition_error_quark ())

typedef enum
{
  GM_PARTITION_ERROR_INVALID,      /* the request itself is wrong */
  GM_PARTITION_ERROR_NO_BUILDINGS, /* nothing to divide */
  GM_PARTITION_ERROR_NO_DIVISION,  /* rebalancing with no current division */
  GM_PARTITION_ERROR_FAILED,       /* METIS or GEOS failed */
} GmPartitionError;

GQuark gm_partition_error_quark (void);

/* The default target when neither grids nor households per grid are given:
 * the middle of the usual 300–500 households. */
#define GM_PARTITION_DEFAULT_HOUSEHOLDS 400.0
#define GM_PARTITION_DEFAULT_TOLERANCE 0.05

typedef struct
{
  char     *community_code;
  guint     grids;                /* 0: from households_per_grid */
  double    households_per_grid;  /* used when grids is 0 */
  double    hazard_weight;        /* workload per open hazard of a building */
  double    key_weight;           /* workload per key person living in it */
  double    tolerance;            /* allowed max/mean − 1 */
  gboolean  rebalance;            /* start from the current division */
} GmPartitionOptions;

void                gm_partition_options_init  (GmPartitionOptions       *options);
void                gm_partition_options_clear (GmPartitionOptions       *options);
GmPartitionOptions *gm_partition_options_copy  (const GmPartitionOptions *options);
void                gm_partition_options_free  (GmPartitionOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPartitionOptions, gm_partition_options_free)
/* The options as a JSON object (plan.params). */
char               *gm_partition_options_to_json (const GmPartitionOptions *options);

/* Computes a plan for @options; nothing is written to @store. */
GmPlan *gm_partition_run        (GmStore                   *store,
                                 const GmPartitionOptions  *options,
                                 GmProgressFunc             progress,
                                 gpointer                   progress_data,
                                 GCancellable              *cancellable,
                                 GError                   **error);

/* Computes a plan in a worker thread with its own connection to
 * @project_path and saves it there as a draft. @progress is called in the
 * caller's thread-default main context. */
void    gm_partition_run_async  (const char                *project_path,
                                 const GmPartitionOptions  *options,
                                 GmProgressFunc             progress,
                                 gpointer                   progress_data,
                                 GCancellable              *cancellable,
                                 GAsyncReadyCallback        callback,
                                 gpointer                   user_data);
GmPlan *gm_partition_run_finish (GAsyncResult              *result,
                                 GError                   **error);

G_END_DECLS
