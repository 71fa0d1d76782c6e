/* gm-partition-private.h — the building graph the partition works on, shared
 * by gm-partition-graph.c (building it), gm-partition.c (METIS, islands),
 * gm-partition-balance.c (moves) and gm-plan-build.c (polygons, metrics).
 */
#pragma once

#include "gm-division.h"
#include "gm-line-index.h"
#include "gm-partition.h"

G_BEGIN_DECLS

/* What the straight line between two linked buildings crosses. */
typedef enum
{
  GM_LINK_BLOCK,    /* nothing: both stand in the same block */
  GM_LINK_PATH,     /* a footway, path or track */
  GM_LINK_STREET,
} GmLinkKind;

/* Two buildings whose cells share a border inside the community. */
typedef struct
{
  guint   a, b;            /* a < b */
  double  length;          /* of the shared border inside the community, m */
  double  x0, y0, x1, y1;  /* the shared border, m */
  GmLinkKind kind;
} GmLink;

/* What cutting a link costs: its border length, times a quarter when it
 * crosses a street, 0.6 for a footpath. (Cheaper street crossings put more
 * boundaries on streets, but at a tenth grids wind along every lane;
 * a quarter kept both boundary on roads and Polsby–Popper higher on
 * Moabit, the demo and Moscow.) */
static inline double
gm_link_cost (const GmLink *link)
{
  static const double factor[] = { [GM_LINK_BLOCK] = 1.0, [GM_LINK_PATH] = 0.6, [GM_LINK_STREET] = 0.25 };

  return link->length * factor[link->kind];
}

/* The current grid a building is in. */
typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *worker_name;
  char   *worker_phone;
} GmCurrentGrid;

typedef struct
{
  GmDivision     *division;     /* community, buildings, anchors, parts */
  const GmPartitionOptions *options;
  double         *workload;     /* per building (division->weight is the same) */
  guint          *households;
  guint          *hazards;      /* open */
  guint          *keys;         /* key persons */
  int            *current;      /* index into current_grids, -1 for none */
  GArray         *current_grids;  /* of GmCurrentGrid */
  GEOSGeometry  **cells;        /* per building, in metres */
  GArray         *links;        /* of GmLink */
  guint          *xadj;         /* n + 1: links of building i are adj[xadj[i] … xadj[i+1]) */
  guint          *adj;          /* the other building */
  guint          *adj_link;     /* index into links */
  GmLineIndex    *streets;      /* metres, NULL when the project has none here */
  GmLineIndex    *paths;
  GPtrArray      *warnings;     /* of char * */
} GmPartitionGraph;

void              gm_partition_graph_free     (GmPartitionGraph         *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPartitionGraph, gm_partition_graph_free)

/* gm-partition-load.c: the community, its buildings with their workload and
 * current grid, and its streets and paths. */
GmPartitionGraph *gm_partition_graph_load     (GmStore                  *store,
                                               const GmPartitionOptions *options,
                                               GError                  **error);
/* gm-partition-graph.c: cells and links. */
gboolean          gm_partition_graph_link     (GmPartitionGraph         *graph,
                                               GError                  **error);
/* Connected parts of the graph: component[i] per building; returns how
 * many. */
guint             gm_partition_graph_components (GmPartitionGraph       *graph,
                                                 guint                  *component);
/* How a building is named in messages: its address, name or code, else its
 * id. */
char             *gm_partition_graph_dup_label (GmPartitionGraph        *graph,
                                                GmStore                 *store,
                                                guint                    building);
void              gm_partition_graph_warn      (GmPartitionGraph        *graph,
                                                const char              *format,
                                                ...) G_GNUC_PRINTF (2, 3);

/* gm-partition-balance.c: makes every part contiguous in the graph, then
 * moves buildings one at a time until the heaviest part is within the
 * tolerance or no move helps. Returns how many buildings moved. */
guint             gm_partition_balance         (GmPartitionGraph        *graph,
                                                GCancellable            *cancellable);

/* gm-partition-balance.c and gm-partition-chain.c: the state moves work
 * on. */
#define GM_BALANCE_EPSILON 1e-9

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
  guint            *region_queue; /* scratch, n: regions grown in a chain */
  guint            *region_seen;
  guint             region_stamp;
} GmBalance;

void              gm_balance_move              (GmBalance               *b,
                                                guint                    i,
                                                guint                    to);
/* Whether @i's part stays as connected as it is without @i. */
gboolean          gm_balance_can_leave         (GmBalance               *b,
                                                guint                    i);
/* One chain of moves that takes @excess (or, failing that, part of it) off
 * part @h into parts with room; FALSE when none is found. */
gboolean          gm_balance_relieve           (GmBalance               *b,
                                                guint                    h,
                                                double                   excess);

/* gm-plan-build.c: the plan of the graph's division. */
GmPlan           *gm_plan_build                (GmPartitionGraph        *graph,
                                                GmStore                 *store,
                                                GError                 **error);

G_END_DECLS
