/* gm-grid-edit.h — hand editing of one community's grids.
 *
 * A GmGridEdit is an edit session over the current grids and buildings of
 * one community. It holds its own copy of the grid polygons (in metres on a
 * local frame, an affine map of longitude and latitude) and never writes to
 * the project until
 * gm_grid_edit_save(); dropping the session discards every change.
 *
 * Every operation keeps the grids an exact coverage of what they covered:
 * polygons are rebuilt from one noded polygonization of their boundaries,
 * shared vertices move together, and an operation that would open a gap,
 * make grids overlap or reach outside the community is refused with an
 * error a planner can read (GM_GRID_EDIT_ERROR_REFUSED). Buildings belong to
 * the grid that contains their anchor (point on surface), so they follow
 * the polygons. Each operation is one undo step; undo restores the polygons
 * and the totals exactly.
 *
 * Locations in this API are EPSG:4326 longitude/latitude in degrees;
 * distances and areas are metres and square metres.
 */
#pragma once

#include <geos_c.h>

#include "gm-store.h"

G_BEGIN_DECLS

#define GM_GRID_EDIT_ERROR (gm_grid_edit_error_quark ())

typedef enum
{
  GM_GRID_EDIT_ERROR_REFUSED,   /* the change would break the division */
  GM_GRID_EDIT_ERROR_INVALID,   /* the input cannot be used (too few points, …) */
  GM_GRID_EDIT_ERROR_FAILED,    /* a geometry operation failed */
} GmGridEditError;

GQuark gm_grid_edit_error_quark (void);

/* Totals of one grid while editing. */
typedef struct
{
  int buildings;
  int households;
  int residents;      /* current residents (not moved out) */
  int open_hazards;   /* discovered or notified */
} GmGridTotals;

typedef enum
{
  GM_WORKLOAD_WITHIN,
  GM_WORKLOAD_UNDER,
  GM_WORKLOAD_OVER,
} GmWorkloadStatus;

typedef enum
{
  GM_SNAP_NONE,
  GM_SNAP_GRID_VERTEX,
  GM_SNAP_GRID_EDGE,
  GM_SNAP_COMMUNITY_VERTEX,
  GM_SNAP_COMMUNITY_EDGE,
  GM_SNAP_ROAD_VERTEX,
  GM_SNAP_ROAD,
} GmSnapKind;

typedef enum
{
  GM_GRID_ISSUE_NOT_CONTIGUOUS,
  GM_GRID_ISSUE_GAP,
  GM_GRID_ISSUE_OVERLAP,
  GM_GRID_ISSUE_OUTSIDE_COMMUNITY,
  GM_GRID_ISSUE_BUILDING_IN_NO_GRID,
  GM_GRID_ISSUE_BUILDING_IN_TWO_GRIDS,
} GmGridIssueKind;

/* One finding of gm_grid_edit_check(). */
typedef struct
{
  GmGridIssueKind kind;
  int             grid;         /* the grid concerned, or -1 */
  int             other_grid;   /* the second grid of an overlap, or -1 */
  gint64          building_id;  /* for building issues, else 0; the first
                                 * of several */
  guint           n_buildings;  /* building issues: how many buildings */
  gint64         *building_ids; /* building issues: their ids, n_buildings */
  double          area_m2;      /* gaps, overlaps, outside parts; else 0 */
  double          lon;          /* where to look */
  double          lat;
  char           *message;      /* in a planner's words, translated */
} GmGridIssue;

void gm_grid_issue_free (GmGridIssue *issue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmGridIssue, gm_grid_issue_free)

/* More buildings in no grid (in two grids) than this are one issue, which
 * names the first few, not one issue each. */
#define GM_GRID_EDIT_MAX_BUILDING_ISSUES 5

/* Gaps, overlaps and parts outside the community smaller than this are
 * rounding, not planning, and are not reported. */
#define GM_GRID_EDIT_MIN_ISSUE_AREA 1.0

#define GM_TYPE_GRID_EDIT (gm_grid_edit_get_type ())
G_DECLARE_FINAL_TYPE (GmGridEdit, gm_grid_edit, GM, GRID_EDIT, GObject)

/* Starts a session on the community @community_code of @store. */
GmGridEdit  *gm_grid_edit_new               (GmStore        *store,
                                             const char     *community_code,
                                             GError        **error);
/* The code of the community at (@lon, @lat), else of the first community
 * with current grids, else of the first community; NULL with @error unset
 * when the project has none, NULL with @error set on failure. */
char        *gm_grid_edit_dup_community_code (GmStore       *store,
                                              double         lon,
                                              double         lat,
                                              GError       **error);

const char  *gm_grid_edit_get_community_code (GmGridEdit    *self);
const char  *gm_grid_edit_get_community_name (GmGridEdit    *self);
/* Extent of the community, EPSG:4326. */
void         gm_grid_edit_get_extent        (GmGridEdit     *self,
                                             GmExtent       *out);
/* The community boundary as WKB (EPSG:4326). */
GBytes      *gm_grid_edit_dup_community_wkb (GmGridEdit     *self);

/* Grids are numbered 0 … n-1 for the session; a grid that was merged away
 * keeps its number and is no longer alive. */
guint        gm_grid_edit_get_n_grids       (GmGridEdit     *self);
gboolean     gm_grid_edit_grid_is_alive     (GmGridEdit     *self,
                                             guint           grid);
/* The grid's row in the project, 0 for a grid drawn in this session. */
gint64       gm_grid_edit_get_grid_id       (GmGridEdit     *self,
                                             guint           grid);
const char  *gm_grid_edit_get_grid_code     (GmGridEdit     *self,
                                             guint           grid);
const char  *gm_grid_edit_get_grid_name     (GmGridEdit     *self,
                                             guint           grid);
/* The grid's colour index (0–7) for drawing. */
int          gm_grid_edit_get_grid_color    (GmGridEdit     *self,
                                             guint           grid);
/* The grid polygon as WKB (EPSG:4326); NULL when not alive. */
GBytes      *gm_grid_edit_dup_grid_wkb      (GmGridEdit     *self,
                                             guint           grid);
/* The grid polygon as WKB in the session's metres (exact, for tests). */
GBytes      *gm_grid_edit_dup_grid_wkb_m    (GmGridEdit     *self,
                                             guint           grid);
double       gm_grid_edit_get_grid_area     (GmGridEdit     *self,
                                             guint           grid);
void         gm_grid_edit_get_totals        (GmGridEdit     *self,
                                             guint           grid,
                                             GmGridTotals   *out);
/* The grid a building is in, -1 when in none. */
int          gm_grid_edit_get_building_grid (GmGridEdit     *self,
                                             gint64          building_id);
guint        gm_grid_edit_get_n_buildings   (GmGridEdit     *self);

/* Workload is households. The target is @households per grid, or the mean
 * over the current grids when 0; a grid is within the tolerance when its
 * households are within target × (1 ± @fraction). */
void         gm_grid_edit_set_target        (GmGridEdit     *self,
                                             double          households);
double       gm_grid_edit_get_target        (GmGridEdit     *self);
void         gm_grid_edit_set_tolerance     (GmGridEdit     *self,
                                             double          fraction);
double       gm_grid_edit_get_tolerance     (GmGridEdit     *self);
GmWorkloadStatus gm_grid_edit_get_workload_status (GmGridEdit *self,
                                                   guint       grid);

/* ---- operations (each one undo step) ------------------------------------ */

/* A new grid from the polygon @lonlat (n pairs, open or closed ring): it
 * takes its area from the grids under it, clipped to the community. */
gboolean     gm_grid_edit_draw_grid         (GmGridEdit     *self,
                                             const double   *lonlat,
                                             guint           n_points,
                                             int            *new_grid,
                                             GError        **error);
/* Splits the grid the line @lonlat crosses (the one it runs longest in). */
gboolean     gm_grid_edit_split_grid        (GmGridEdit     *self,
                                             const double   *lonlat,
                                             guint           n_points,
                                             int            *new_grid,
                                             GError        **error);
/* Merges neighbouring grids; the one with more households keeps its code.
 * Returns the grid that remains in @kept. */
gboolean     gm_grid_edit_merge_grids       (GmGridEdit     *self,
                                             guint           a,
                                             guint           b,
                                             int            *kept,
                                             GError        **error);
/* Moves the boundary vertex at (@lon, @lat) to (@to_lon, @to_lat) in every
 * grid that shares it. A vertex on the community boundary slides along it. */
gboolean     gm_grid_edit_move_vertex       (GmGridEdit     *self,
                                             double          lon,
                                             double          lat,
                                             double          to_lon,
                                             double          to_lat,
                                             GError        **error);
/* Moves the boundary edge from (@a_lon, @a_lat) to (@b_lon, @b_lat) so that
 * its first end lands at (@to_lon, @to_lat), in every grid sharing it. */
gboolean     gm_grid_edit_move_edge         (GmGridEdit     *self,
                                             double          a_lon,
                                             double          a_lat,
                                             double          b_lon,
                                             double          b_lat,
                                             double          to_lon,
                                             double          to_lat,
                                             GError        **error);
/* Gives the buildings @ids to grid @to: each takes the area around it
 * (its Voronoi cell within its grid) along. */
gboolean     gm_grid_edit_reassign_buildings (GmGridEdit    *self,
                                              const gint64  *ids,
                                              guint          n_ids,
                                              guint          to,
                                              GError       **error);

gboolean     gm_grid_edit_can_undo          (GmGridEdit     *self);
gboolean     gm_grid_edit_can_redo          (GmGridEdit     *self);
/* What the next undo or redo does, translated; NULL when nothing. */
const char  *gm_grid_edit_get_undo_label    (GmGridEdit     *self);
const char  *gm_grid_edit_get_redo_label    (GmGridEdit     *self);
gboolean     gm_grid_edit_undo              (GmGridEdit     *self);
gboolean     gm_grid_edit_redo              (GmGridEdit     *self);
/* Whether anything differs from the project. */
gboolean     gm_grid_edit_has_changes       (GmGridEdit     *self);
/* Counts steps done; changes with every operation, undo and redo. */
guint        gm_grid_edit_get_serial        (GmGridEdit     *self);

/* ---- finding things ------------------------------------------------------- */

/* The alive grid containing (lon, lat), -1 for none. */
int          gm_grid_edit_find_grid_at      (GmGridEdit     *self,
                                             double          lon,
                                             double          lat);
/* The building whose anchor is nearest to (lon, lat) within @tolerance_m;
 * 0 for none. */
gint64       gm_grid_edit_find_building_near (GmGridEdit    *self,
                                              double         lon,
                                              double         lat,
                                              double         tolerance_m);
/* The buildings whose anchors lie inside the polygon @lonlat. */
GArray      *gm_grid_edit_buildings_in_polygon (GmGridEdit  *self,
                                                const double *lonlat,
                                                guint        n_points);
/* The nearest grid vertex within @tolerance_m; FALSE when none. */
gboolean     gm_grid_edit_find_vertex       (GmGridEdit     *self,
                                             double          lon,
                                             double          lat,
                                             double          tolerance_m,
                                             double         *vertex_lon,
                                             double         *vertex_lat);
/* The nearest grid edge within @tolerance_m, by its two ends; FALSE when
 * none. */
gboolean     gm_grid_edit_find_edge         (GmGridEdit     *self,
                                             double          lon,
                                             double          lat,
                                             double          tolerance_m,
                                             double         *ends_lonlat);
/* Snaps (lon, lat) to the nearest grid or community vertex within
 * @tolerance_m, else the nearest grid edge, community edge or road. A
 * vertex at @ignore_lonlat (nullable) and its edges are not snapped to,
 * so a dragged vertex does not snap to itself. */
GmSnapKind   gm_grid_edit_snap              (GmGridEdit     *self,
                                             double          lon,
                                             double          lat,
                                             double          tolerance_m,
                                             const double   *ignore_lonlat,
                                             double         *snapped_lon,
                                             double         *snapped_lat);

/* Where to put the grid's label: a point inside it. FALSE when not alive. */
gboolean     gm_grid_edit_get_label_point   (GmGridEdit     *self,
                                             guint           grid,
                                             double         *lon,
                                             double         *lat);
/* The anchor (point on surface) of a building of the session. */
gboolean     gm_grid_edit_get_building_anchor (GmGridEdit   *self,
                                               gint64        building_id,
                                               double       *lon,
                                               double       *lat);
/* The vertices joined by an edge to the boundary vertex at (@lon, @lat),
 * in every grid that has it (lon/lat pairs), for drawing a vertex being
 * dragged. A point inside an edge gives the edge's two ends. */
GArray      *gm_grid_edit_dup_vertex_neighbours (GmGridEdit *self,
                                                 double      lon,
                                                 double      lat);

/* ---- checks and saving ------------------------------------------------------ */

/* Non-contiguous grids, gaps, overlaps, grids reaching outside the community,
 * buildings in no grid or in two. A GPtrArray of GmGridIssue; empty when
 * the division is clean. */
GPtrArray   *gm_grid_edit_check             (GmGridEdit     *self);

/* Writes the edited division in one transaction: changed and removed grids
 * are closed (valid_to = @date), changed and new grids opened (valid_from =
 * @date; a changed grid keeps its code, name and worker, a new grid takes
 * the next free code), buildings point at their new grids, and the audit
 * trail records each step. @date NULL means today. After saving, the
 * session is over: start a new one to edit further. */
gboolean     gm_grid_edit_save              (GmGridEdit     *self,
                                             GmStore        *store,
                                             const char     *date,
                                             GError        **error);

G_END_DECLS
