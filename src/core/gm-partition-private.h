/* gm-partition-private.h — the graph the partition works on, shared by
 * gm-partition-load.c (reading), gm-partition-blocks.c (street blocks),
 * gm-partition-units.c (the units: whole blocks and buildings' parts of
 * big blocks), gm-partition-graph.c (links), gm-partition.c (METIS,
 * islands), gm-partition-balance.c (moves) and gm-plan-build.c (polygons,
 * metrics).
 *
 * The nodes of the graph are units, not buildings: a street block light
 * enough to go to one grid whole is one unit; a heavier block is cut into
 * its buildings' Voronoi cells within the block, one unit each. Units tile
 * the community exactly and share their borders vertex for vertex, so a
 * grid is the coverage union of its units and its boundary runs on the
 * streets wherever it runs between blocks.
 */
#pragma once

#include "gm-division.h"
#include "gm-line-index.h"
#include "gm-partition.h"

G_BEGIN_DECLS

/* A block lighter than this share of a grid's workload is one unit. (A
 * larger share puts more boundary on streets but makes the moves that
 * balance the grids coarser: at a quarter the demo's 20 grids stuck at
 * 1.23× the mean; at 0.15 Moabit, the demo and Moscow all kept within 5 %
 * with 72–88 % of the boundary on streets. Where grids still stay above
 * the cap, gm_partition_refine() cuts more blocks.) */
#define GM_PARTITION_BLOCK_SHARE 0.15

/* What lies between two linked units. */
typedef enum
{
  GM_LINK_BLOCK,    /* nothing: parts of one block */
  GM_LINK_PATH,     /* a footway, path or track */
  GM_LINK_STREET,
} GmLinkKind;

/* Two units that share a border. */
typedef struct
{
  guint   a, b;            /* a < b */
  double  length;          /* of the shared border, m */
  GmLinkKind kind;
} GmLink;

/* What cutting a link costs: its border length, times a quarter when it
 * is a street, 0.6 for a footpath. (Cheaper street crossings put more
 * boundaries on streets, but at a tenth grids wind along every lane;
 * a quarter kept both boundary on roads and Polsby–Popper higher on
 * Moabit, the demo and Moscow.) */
static inline double
gm_link_cost (const GmLink *link)
{
  static const double factor[] = { [GM_LINK_BLOCK] = 1.0, [GM_LINK_PATH] = 0.6, [GM_LINK_STREET] = 0.25 };

  return link->length * factor[link->kind];
}

/* The x, y pairs of a ring (NULL for fewer than 4 vertices), and each ring
 * of a polygon or multipolygon in turn. */
double           *gm_ring_coords              (GEOSContextHandle_t       ctx,
                                               const GEOSGeometry       *ring,
                                               unsigned int             *n);
typedef void    (*GmRingFunc)                 (const double             *xy,
                                               unsigned int              n,
                                               gpointer                  data);
void              gm_polygon_foreach_ring     (GEOSContextHandle_t       ctx,
                                               const GEOSGeometry       *polygon,
                                               GmRingFunc                func,
                                               gpointer                  data);

/* Shared borders of polygons that meet vertex for vertex: every edge of
 * every ring, keyed by its end points to the millimetre. */
typedef struct
{
  gint64  ax, ay, bx, by;    /* a before b */
  guint   owner;
  double  length;
} GmEdgeKey;

void              gm_edge_keys_add            (GEOSContextHandle_t       ctx,
                                               const GEOSGeometry       *polygon,
                                               guint                     owner,
                                               GArray                   *keys);
/* Sorts @keys and pairs equal edges of two owners: GmLinks (a < b, sorted,
 * lengths summed, kind GM_LINK_BLOCK). */
GArray           *gm_edge_keys_pair           (GArray                   *keys);

/* The current grid a building is in. */
typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *worker_name;
  char   *worker_phone;
} GmCurrentGrid;

/* The community's buildings. */
typedef struct
{
  guint          n;
  gint64        *id;
  double        *x, *y;         /* anchors, metres */
  guint         *households;
  guint         *hazards;       /* open */
  guint         *keys;          /* key persons */
  double        *workload;
  int           *current;       /* index into current_grids, -1 for none */
  guint         *unit;          /* the unit it is in */
  guint         *block;         /* the street block it is in */
} GmBuildings;

typedef struct
{
  GmDivision     *division;     /* community; its nodes are the units */
  const GmPartitionOptions *options;
  GmBuildings     buildings;
  GArray         *current_grids;  /* of GmCurrentGrid */
  GEOSGeometry   *street_lines; /* metres, a collection; NULL when none */
  /* per unit */
  double         *workload;     /* of its buildings (division->weight is the same) */
  guint          *households;
  int            *current;      /* the current grid all its buildings are in, or -1 */
  guint          *member_start; /* n + 1: its buildings are members[member_start[u] …] */
  guint          *members;
  GEOSGeometry  **cells;        /* its polygon, in metres */
  guint          *block;        /* the street block it lies in */
  guint           blocks;       /* how many street blocks there are */
  /* per street block */
  GPtrArray      *block_polygons;  /* of GEOSGeometry, metres */
  gboolean       *cut;          /* cut into its buildings' cells */
  GArray         *links;        /* of GmLink */
  guint          *xadj;         /* n + 1: links of unit i are adj[xadj[i] … xadj[i+1]) */
  guint          *adj;          /* the other unit */
  guint          *adj_link;     /* index into links */
  GmLineIndex    *streets;      /* metres, NULL when the project has none here */
  GmLineIndex    *paths;
  GPtrArray      *warnings;     /* of char * */
} GmPartitionGraph;

static inline guint
gm_partition_graph_unit_size (const GmPartitionGraph *graph,
                              guint                   unit)
{
  return graph->member_start[unit + 1] - graph->member_start[unit];
}

void              gm_partition_graph_free     (GmPartitionGraph         *graph);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPartitionGraph, gm_partition_graph_free)

/* gm-partition-load.c: the community, its buildings with their workload and
 * current grid, and its streets and paths. */
GmPartitionGraph *gm_partition_graph_load     (GmStore                  *store,
                                               const GmPartitionOptions *options,
                                               GError                  **error);
/* gm-partition-blocks.c: the street blocks of the community (polygons in
 * metres that tile it, slivers joined to a neighbour) and the block of
 * each building (block_of, per building). */
GPtrArray        *gm_partition_blocks         (GmPartitionGraph         *graph,
                                               guint                   **block_of,
                                               GError                  **error);
/* gm-partition-units.c: the units for a division into @parts grids
 * (rebalancing: a block whose buildings are in different grids is cut). */
gboolean          gm_partition_graph_units    (GmPartitionGraph         *graph,
                                               guint                     parts,
                                               GError                  **error);
/* Cuts the whole blocks marked in @more (per block) into their buildings'
 * cells as well, keeping each unit's part, and links the units again. */
void              gm_partition_graph_refine   (GmPartitionGraph         *graph,
                                               const gboolean           *more);
/* gm-partition-graph.c: links between the units. */
void              gm_partition_graph_link     (GmPartitionGraph         *graph);
/* Connected parts of the graph: component[i] per unit; returns how
 * many. */
guint             gm_partition_graph_components (GmPartitionGraph       *graph,
                                                 guint                  *component);
guint             gm_partition_graph_components_apart (GmPartitionGraph *graph,
                                                       const gboolean   *apart,
                                                       guint            *component);
/* How a building is named in messages: its address, name or code, else
 * where it stands. */
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
