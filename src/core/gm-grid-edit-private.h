/* gm-grid-edit-private.h — the state of a GmGridEdit, shared by the files
 * that split it by concern: gm-grid-edit.c (session, totals, undo),
 * gm-grid-edit-load.c (reading the community), gm-grid-edit-geom.c
 * (coverage-keeping geometry), gm-grid-edit-ops.c (operations),
 * gm-grid-edit-find.c (snapping and picking), gm-grid-edit-check.c
 * (checks) and gm-grid-edit-save.c (writing the division). */
#pragma once

#include "gm-autocleanups.h"
#include "gm-geo.h"
#include "gm-types.h"
#include "gm-grid-edit.h"

G_BEGIN_DECLS

/* Vertices closer than this are the same vertex; an edge closer than this
 * to a vertex passes through it. */
#define GM_EDIT_VERTEX_EPS 1e-3
/* How far from the community boundary a vertex still counts as on it: the
 * projects' own polygons disagree by up to a millimetre or so where they
 * were cut in another projection. Slivers thinner than this along the
 * community boundary are that disagreement, not a gap. */
#define GM_EDIT_BOUNDARY_EPS 0.01
/* Area that an operation may lose, gain or overlap by rounding alone. */
#define GM_EDIT_AREA_EPS 1e-2
/* Faces smaller than this are slivers of noding, never moved between grids. */
#define GM_EDIT_SLIVER_AREA 0.05
/* How far a drawn line or polygon is snapped onto boundaries it follows. */
#define GM_EDIT_SNAP_EPS 0.01

typedef struct
{
  gint64        id;            /* grid row, 0 when drawn in this session */
  char         *code;
  char         *name;
  char         *worker_name;
  char         *worker_phone;
  char         *kind;
  int           color;
  GEOSGeometry *geom;          /* metres; NULL when not alive */
  GEOSGeometry *loaded;        /* as read from the project; NULL for new */
  GEOSGeometry *outline;       /* boundary of geom, for snapping; lazy */
  const GEOSPreparedGeometry *prepared;  /* of geom; lazy */
  GBytes       *wkb_lonlat;    /* lazy */
  GmGridTotals  totals;
} GmEditGrid;

typedef struct
{
  gint64 id;
  char  *label;                /* address, name or code; NULL when none */
  double x, y;                 /* anchor, metres */
  int    households;
  int    residents;
  int    open_hazards;
  int    grid;                 /* -1 when in none */
  gint64 stored_grid_id;       /* building.grid_id as read */
} GmEditBuilding;

/* An open hazard that is not at a building: it counts for the grid that
 * contains its location. */
typedef struct
{
  double x, y;
  int    grid;
} GmEditHazard;

typedef struct
{
  guint         grid;
  GEOSGeometry *before;        /* NULL: not alive */
  GEOSGeometry *after;
} GmEditGridChange;

typedef struct
{
  guint index;                 /* into buildings or hazards */
  int   before;
  int   after;
} GmEditMove;

typedef struct
{
  char   *label;
  GArray *grids;               /* of GmEditGridChange */
  GArray *buildings;           /* of GmEditMove */
  GArray *hazards;             /* of GmEditMove */
} GmEditStep;

struct _GmGridEdit
{
  GObject             parent_instance;

  GEOSContextHandle_t ctx;
  double              lon0, lat0;    /* the local frame: origin, degrees */
  double              kx, ky;        /* metres per degree there */
  GHashTable         *lonlat_of;     /* metric vertex → loaded lon/lat */
  char               *last_geos_error;

  gint64              community_id;
  char               *community_code;
  char               *community_name;
  GEOSGeometry       *community;     /* metres */
  GEOSGeometry       *community_outline;
  GEOSGeometry       *community_band;  /* the outline ± GM_EDIT_BOUNDARY_EPS */
  GEOSGeometry       *community_corners; /* its vertices, a multipoint */
  const GEOSPreparedGeometry *community_prepared;
  GmExtent            extent;

  GPtrArray          *grids;         /* of GmEditGrid */
  GArray             *buildings;     /* of GmEditBuilding */
  GHashTable         *building_index;/* id → index + 1 */
  GEOSSTRtree        *building_tree; /* anchors; items are index + 1 */
  GPtrArray          *building_points;
  GArray             *hazards;       /* of GmEditHazard */
  GEOSSTRtree        *hazard_tree;
  GPtrArray          *hazard_points;
  GPtrArray          *roads;         /* GEOSGeometry, metres */
  GEOSSTRtree        *road_tree;
  GEOSSTRtree        *road_vertex_tree;
  GPtrArray          *road_vertices;
  GEOSSTRtree        *grid_tree;     /* alive grids; items are index + 1 */
  GEOSSTRtree        *vertex_tree;   /* grid and community vertices; items index + 1 */
  GPtrArray          *vertex_points;
  GArray             *vertex_owner;  /* int: grid index, or -1 for the community */
  guint               max_code_seq;  /* highest sequence ever used */

  double              target;        /* 0: the mean */
  double              tolerance;

  GPtrArray          *undo;          /* of GmEditStep */
  GPtrArray          *redo;
  guint               serial;
  gboolean            saved;
};

/* gm-grid-edit.c */
GmEditGrid   *gm_grid_edit_grid          (GmGridEdit          *self,
                                          guint                grid);
void          gm_grid_edit_grid_touch    (GmGridEdit          *self,
                                          GmEditGrid          *g);
const GEOSPreparedGeometry *gm_grid_edit_grid_prepared (GmGridEdit *self,
                                                        GmEditGrid *g);
const GEOSGeometry *gm_grid_edit_grid_outline (GmGridEdit     *self,
                                               GmEditGrid     *g);
GmEditGrid   *gm_grid_edit_add_grid      (GmGridEdit          *self,
                                          guint               *index);
void          gm_grid_edit_set_error_geos (GmGridEdit         *self,
                                           GError            **error,
                                           const char         *what);
const char   *gm_grid_edit_grid_label    (GmGridEdit          *self,
                                          guint                grid);
/* Applies new geometries (NULL: the grid is removed) to @grids as one undo
 * step named @label, moving buildings and hazards with them. Takes the
 * geometries. */
void          gm_grid_edit_commit        (GmGridEdit          *self,
                                          const char          *label,
                                          GArray              *grids,
                                          GEOSGeometry       **geoms);

/* gm-grid-edit-load.c */
gboolean      gm_grid_edit_load          (GmGridEdit          *self,
                                          GmStore             *store,
                                          const char          *community_code,
                                          GError             **error);

/* gm-grid-edit-geom.c */
void          gm_grid_edit_set_frame     (GmGridEdit          *self,
                                          double               lon0,
                                          double               lat0);
typedef struct
{
  double x;
  double y;
} GmXY;

guint         gm_xy_hash                 (gconstpointer        key);
gboolean      gm_xy_equal                (gconstpointer        a,
                                          gconstpointer        b);
void          gm_grid_edit_to_metres     (GmGridEdit          *self,
                                          double               lon,
                                          double               lat,
                                          double              *x,
                                          double              *y);
void          gm_grid_edit_to_lonlat     (GmGridEdit          *self,
                                          double               x,
                                          double               y,
                                          double              *lon,
                                          double              *lat);
GEOSGeometry *gm_grid_edit_geom_to_lonlat (GmGridEdit         *self,
                                           const GEOSGeometry *geom);
GEOSGeometry *gm_grid_edit_geom_to_metres (GmGridEdit         *self,
                                           const GEOSGeometry *geom,
                                           gboolean            remember);
GEOSGeometry *gm_grid_edit_points_geom   (GmGridEdit          *self,
                                          const double        *lonlat,
                                          guint                n_points,
                                          gboolean             closed,
                                          GError             **error);
double       *gm_grid_edit_coords        (GmGridEdit          *self,
                                          const GEOSGeometry  *line,
                                          guint                min,
                                          unsigned int        *n);
GBytes       *gm_grid_edit_wkb           (GmGridEdit          *self,
                                          const GEOSGeometry  *geom);
double        gm_grid_edit_area          (GmGridEdit          *self,
                                          const GEOSGeometry  *geom);
/* An area as a planner reads it: "7.71 km²" from a square kilometre,
 * else "12,500 m²" with the locale's thousands separator. */
char         *gm_grid_edit_format_area   (double               area_m2);

typedef int (*GmFaceLabelFunc) (GmGridEdit         *self,
                                const GEOSGeometry *face,
                                double              px,
                                double              py,
                                int                 old_grid,
                                gpointer            user_data);
/* Rebuilds the polygons of @grids from one polygonization of their
 * boundaries and @lines; @label gives each face its grid (one of @grids, or
 * -1 to leave it out). Faces smaller than GM_EDIT_SLIVER_AREA stay in the
 * grid they were in. Returns one geometry per entry of @grids, NULL for a
 * grid left with nothing. */
GEOSGeometry **gm_grid_edit_rebuild      (GmGridEdit          *self,
                                          GArray              *grids,
                                          const GEOSGeometry  *lines,
                                          GmFaceLabelFunc      label,
                                          gpointer             user_data,
                                          GError             **error);
GEOSGeometry *gm_grid_edit_community_lines_near (GmGridEdit   *self,
                                                 const GEOSGeometry *geom);
/* A collection of @geoms, which it takes. */
GEOSGeometry *gm_grid_edit_collect       (GmGridEdit          *self,
                                          GPtrArray           *geoms);
GEOSGeometry *gm_grid_edit_union_of      (GmGridEdit          *self,
                                          GEOSGeometry * const *geoms,
                                          guint                n);
double        gm_grid_edit_overlap       (GmGridEdit          *self,
                                          const GEOSGeometry  *a,
                                          const GEOSGeometry  *b);
/* Checks that new geometries for @grids keep the coverage: valid polygons,
 * no area lost, nothing gained outside the community, no new overlap. */
gboolean      gm_grid_edit_validate      (GmGridEdit          *self,
                                          GArray              *grids,
                                          GEOSGeometry       **geoms,
                                          GError             **error);
void          gm_grid_edit_free_geoms    (GmGridEdit          *self,
                                          GEOSGeometry       **geoms,
                                          guint                n);

/* gm-grid-edit-find.c */
void          gm_grid_edit_find_rebuild  (GmGridEdit          *self);
void          gm_grid_edit_find_clear    (GmGridEdit          *self);
int           gm_grid_edit_grid_at_point (GmGridEdit          *self,
                                          const GEOSGeometry  *pt);
GArray       *gm_grid_edit_grids_near    (GmGridEdit          *self,
                                          const GEOSGeometry  *geom,
                                          double               margin);

G_END_DECLS
