/* gm-window-private.h — GmWindow's state, shared by the files that split it:
 * gm-window.c (template, project), gm-window-map.c (map, clicks, selection)
 * and gm-window-actions.c (menus, file choosers, import, demo). */
#pragma once

#include "gm-analysis-panel.h"
#include "gm-map-source.h"
#include "gm-selection-layer.h"
#include "gm-window.h"

G_BEGIN_DECLS

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

  GSettings        *settings;
  GmStore          *store;
  GmMapSource      *source;
  ShumateMapSource *online_source;
  ShumateMapLayer  *project_layer;     /* the project over online tiles */
  GmSelectionLayer *selection_layer;
  GCancellable     *cancellable;       /* demo build */

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

/* gm-window-actions.c */
void     gm_window_actions_init     (GmWindowClass *klass);
void     gm_window_drop_init        (GmWindow *self);
void     gm_window_show_error       (GmWindow     *self,
                                     const GError *error);

G_END_DECLS
