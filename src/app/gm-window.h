/* gm-window.h — a project window: header bar, map and details sidebar. */
#pragma once

#include <adwaita.h>
#include <shumate/shumate.h>

#include "gm-analysis-panel.h"
#include "gm-application.h"
#include "gm-hazard-dialog.h"
#include "gm-edit-panel.h"
#include "gm-grid-edit.h"
#include "gm-sidebar.h"
#include "gm-store.h"

G_BEGIN_DECLS

#define GM_TYPE_WINDOW (gm_window_get_type ())
G_DECLARE_FINAL_TYPE (GmWindow, gm_window, GM, WINDOW, AdwApplicationWindow)

GmWindow        *gm_window_new              (GmApplication     *application);

/* Opens the project at @path in this window; with GM_STORE_OPEN_CREATE a
 * missing file becomes a new, empty project. */
gboolean         gm_window_open_project     (GmWindow          *self,
                                             const char        *path,
                                             GmStoreOpenFlags   flags,
                                             GError           **error);
/* Opens the last project, else the demo (copying or building it first). */
void             gm_window_open_default     (GmWindow          *self);
/* Shows the import dialog for @file. */
void             gm_window_import_file      (GmWindow          *self,
                                             GFile             *file);
void             gm_window_open_file        (GmWindow          *self,
                                             GFile             *file);
void             gm_window_show_toast       (GmWindow          *self,
                                             const char        *message);

GmStore         *gm_window_get_store        (GmWindow          *self);
ShumateMap      *gm_window_get_map          (GmWindow          *self);
ShumateViewport *gm_window_get_viewport     (GmWindow          *self);
GmSidebar       *gm_window_get_sidebar      (GmWindow          *self);
gboolean         gm_window_has_selection    (GmWindow          *self);

/* gm-window-plans.c: shows a division other than the current one over the
 * map (GmPlanGrid, gm-plan.h, of the community @community_code, may be
 * NULL) with the current grids hidden; NULL shows the current grids again. */
void             gm_window_show_division    (GmWindow          *self,
                                             GPtrArray         *grids,
                                             const char        *community_code);
gboolean         gm_window_is_showing_division (GmWindow       *self);

/* Re-renders the map: a new renderer and tile source for the project. */
void             gm_window_reload_map       (GmWindow          *self);

/* A single click at map widget coordinates, as the click gesture does it. */
void             gm_window_click_at         (GmWindow          *self,
                                             double             x,
                                             double             y);
/* A pointer press at (x0, y0) released at (x1, y1): a click when the pointer
 * stayed within the drag threshold, otherwise a pan that selects nothing.
 * Returns TRUE when it was taken as a click. */
gboolean         gm_window_press_release    (GmWindow          *self,
                                             double             x0,
                                             double             y0,
                                             double             x1,
                                             double             y1);
/* Selects what is at a location, as a click there would. */
void             gm_window_select_at        (GmWindow          *self,
                                             double             lon,
                                             double             lat);
void             gm_window_clear_selection  (GmWindow          *self);

/* The hazard analysis (gm-window-analysis.c). */
GmAnalysisPanel *gm_window_get_analysis_panel (GmWindow        *self);
void             gm_window_set_analysis_visible (GmWindow      *self,
                                                 gboolean       visible);
/* (nullable): the analysis layer over the map, for tests. */
ShumateMapLayer *gm_window_get_analysis_layer (GmWindow        *self);
/* Opens the dialog of a new hazard at the building at (lon, lat), or
 * there when no building is. */
GmHazardDialog  *gm_window_report_hazard_at (GmWindow          *self,
                                             double             lon,
                                             double             lat);
GmHazardDialog  *gm_window_edit_hazard      (GmWindow          *self,
                                             gint64             id);
/* Writes the map as it is shown, with the analysis and its legends, to a
 * PNG or PDF file, in a worker thread. */
void             gm_window_export_hotspots_async  (GmWindow            *self,
                                                   GFile               *file,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean         gm_window_export_hotspots_finish (GmWindow            *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* Grid editing (gm-window-edit.c): enter it for @community_code (NULL: the
 * community in the middle of the map), leave it without saving, and what
 * the pointer does, as the map's gestures report it. */
gboolean         gm_window_begin_edit       (GmWindow          *self,
                                             const char        *community_code,
                                             GError           **error);
void             gm_window_end_edit         (GmWindow          *self);
gboolean         gm_window_is_editing       (GmWindow          *self);
GmGridEdit      *gm_window_get_grid_edit    (GmWindow          *self);
GmEditPanel     *gm_window_get_edit_panel   (GmWindow          *self);
/* The tools over the map; its edit.tool action picks one. */
GtkWidget       *gm_window_get_edit_toolbar (GmWindow          *self);
void             gm_window_edit_click       (GmWindow          *self,
                                             double             x,
                                             double             y,
                                             int                n_press,
                                             GdkModifierType    modifiers);
gboolean         gm_window_edit_drag        (GmWindow          *self,
                                             double             x0,
                                             double             y0,
                                             double             x1,
                                             double             y1,
                                             GdkModifierType    modifiers);

G_END_DECLS
