/* gm-window-private.h — GmWindow's state, shared by the files that split it:
 * gm-window.c (template, project), gm-window-map.c (map, clicks, selection)
 * and gm-window-actions.c (menus, file choosers, import, demo). */
#pragma once

#include "gm-analysis-panel.h"
#include "gm-edit-layer.h"
#include "gm-edit-panel.h"
#include "gm-edit-toolbar.h"
#include "gm-map-source.h"
#include "gm-plan-layer.h"
#include "gm-selection-layer.h"
#include "gm-window.h"

G_BEGIN_DECLS

typedef enum
{
  GM_EDIT_DRAG_NONE,
  GM_EDIT_DRAG_VERTEX,
  GM_EDIT_DRAG_EDGE,
  GM_EDIT_DRAG_LASSO,
} GmEditDrag;

/* The state of hand editing (gm-window-edit*.c). */
typedef struct
{
  GmGridEdit  *session;
  GmEditLayer *layer;           /* owned by the map */
  int          selected;        /* grid, -1 for none */
  int          merge_first;     /* grid clicked first for a merge, -1 */
  GArray      *sketch;          /* lon/lat pairs of the line or polygon drawn */
  GArray      *chosen;          /* gint64: buildings chosen for moving */
  GmEditDrag   drag;
  double       drag_from[4];    /* the vertex, or an edge's two ends */
  double       drag_to[2];      /* where the pointer took it, snapped */
  double       drag_start[2];   /* where the pointer went down */
  double       press[2];        /* where the last click began, in pixels */
  GArray      *lasso;           /* lon/lat pairs */
} GmWindowEdit;

struct _GmWindow
{
  AdwApplicationWindow parent_instance;

  /* template */
  AdwWindowTitle   *window_title;
  AdwToastOverlay  *toast_overlay;
  GtkStack         *main_stack;
  AdwStatusPage    *loading_page;
  GtkProgressBar   *loading_progress;
  AdwFlap          *flap;
  ShumateSimpleMap *map;
  GmSidebar        *sidebar;
  AdwFlap          *analysis_flap;
  GmAnalysisPanel  *analysis_panel;
  GtkToggleButton  *report_button;
  GtkStack         *header_stack;
  AdwWindowTitle   *edit_title;
  GtkStack         *flap_stack;
  GmEditToolbar    *edit_toolbar;
  GmEditPanel      *edit_panel;

  GSettings        *settings;
  GmStore          *store;
  GmMapSource      *source;
  ShumateMapSource *online_source;
  ShumateMapLayer  *project_layer;     /* the project over online tiles */
  GmSelectionLayer *selection_layer;
  GmPlanLayer      *plan_layer;        /* a division shown over the map */
  GtkWindow        *plans_window;      /* weak */
  gboolean          showing_division;  /* the current grids are hidden */
  GCancellable     *cancellable;       /* demo build */
  GCancellable     *overview_cancellable;  /* the overview drawn in the background */
  GmWindowEdit     *edit;              /* hand editing; NULL when not editing */

  /* gm-window-analysis.c: the analysis drawn over the map; a new layer
   * fills its tiles before it replaces the one shown. */
  GmRenderer       *analysis_renderer;
  ShumateMapLayer  *analysis_layer;
  ShumateMapLayer  *analysis_next;
  GmMapSource      *analysis_next_source;
  guint             analysis_swap_id;

  double            press_x;
  double            press_y;
  gint64            start_time;        /* for GRIDMAP_BENCH_FIRST_FRAME */
  gboolean          first_frame_done;
};

/* gm-window-map.c */
void     gm_window_map_init         (GmWindow *self);
void     gm_window_map_dispose      (GmWindow *self);
void     gm_window_map_go_to_extent (GmWindow *self);
gboolean gm_window_past_drag_threshold (GmWindow *self,
                                        double    dx,
                                        double    dy);

/* gm-window-plans.c */
void     gm_window_plans_init       (GmWindowClass *klass);

/* How far from a click, in metres, a building is still the one clicked. */
double   gm_window_click_tolerance_m (GmWindow *self,
                                      double    lon,
                                      double    lat);
gboolean gm_window_select_grid      (GmWindow  *self,
                                     gint64     id,
                                     GError   **error);

/* gm-window-analysis.c */
void     gm_window_analysis_class_init      (GmWindowClass *klass);
void     gm_window_analysis_init            (GmWindow      *self);
void     gm_window_analysis_dispose         (GmWindow      *self);
void     gm_window_analysis_project_changed (GmWindow      *self);
/* Puts the analysis layer back over the project's tiles, under the
 * selection, after they were replaced. */
void     gm_window_analysis_restack         (GmWindow      *self);
/* Lists a grid's hazards (the analysis filter's, when it is shown). */
void     gm_window_show_grid_hazards        (GmWindow      *self,
                                             gint64         grid_id);

/* gm-window-bench.c */
void     gm_window_bench_pan        (GmWindow *self);

/* gm-window-actions.c */
void     gm_window_actions_init     (GmWindowClass *klass);
void     gm_window_drop_init        (GmWindow *self);
void     gm_window_show_error       (GmWindow     *self,
                                     const GError *error);

/* gm-window-edit.c */
void     gm_window_edit_class_init  (GtkWidgetClass *widget_class);
void     gm_window_edit_init        (GmWindow       *self);
void     gm_window_edit_dispose     (GmWindow       *self);
/* Escape while editing: drops the line being drawn, then the choice. */
void     gm_window_edit_escape      (GmWindow       *self);
void     gm_window_edit_changed     (GmWindow       *self);
void     gm_window_edit_project_changed (GmWindow   *self);
/* TRUE when closing must wait: the user is asked about unsaved grids. */
gboolean gm_window_edit_close_request (GmWindow     *self);
GmEditLayer *gm_window_edit_get_layer (GmWindow     *self);

/* gm-window-edit-input.c */
void     gm_window_edit_input_init  (GmWindow       *self);
void     gm_window_edit_tool_changed (GmWindow      *self);
void     gm_window_edit_finish_sketch (GmWindow     *self);
void     gm_window_edit_undo_point  (GmWindow       *self);
void     gm_window_edit_move_chosen (GmWindow       *self,
                                     int             grid);

G_END_DECLS
