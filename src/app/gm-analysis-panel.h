/* gm-analysis-panel.h — the hazard analysis beside the map: which hazards
 * (category, kind, status, dates), which layers (rates per grid, density,
 * Gi* hot spots, points) with their parameters and legends, and the grids'
 * table. The analysis runs in a worker thread (cancelled when the filter
 * changes again) whenever the panel is active and something changes. */
#pragma once

#include <gtk/gtk.h>

#include "gm-hotspot.h"
#include "gm-render.h"

G_BEGIN_DECLS

#define GM_TYPE_ANALYSIS_PANEL (gm_analysis_panel_get_type ())
G_DECLARE_FINAL_TYPE (GmAnalysisPanel, gm_analysis_panel, GM, ANALYSIS_PANEL, GtkWidget)

GtkWidget       *gm_analysis_panel_new          (void);
/* The project to analyse (NULL: none). */
void             gm_analysis_panel_set_project  (GmAnalysisPanel *self,
                                                 const char      *path);
/* The panel computes only while active (shown). */
void             gm_analysis_panel_set_active   (GmAnalysisPanel *self,
                                                 gboolean         active);
/* Computes again, e.g. after hazards were edited. */
void             gm_analysis_panel_refresh      (GmAnalysisPanel *self);

/* (nullable): the last result, borrowed. */
GmHotspotResult *gm_analysis_panel_get_result   (GmAnalysisPanel *self);
/* The analysis layers switched on (GM_LAYER_ANALYSIS bits). */
GmLayers         gm_analysis_panel_get_layers   (GmAnalysisPanel *self);
gboolean         gm_analysis_panel_get_busy     (GmAnalysisPanel *self);
/* (transfer full): the filter chosen now. */
GmHazardFilter  *gm_analysis_panel_dup_filter   (GmAnalysisPanel *self);

/* What a person does with the rows, for the window and tests. */
void             gm_analysis_panel_set_category (GmAnalysisPanel *self,
                                                 const char      *category);
void             gm_analysis_panel_set_layer    (GmAnalysisPanel *self,
                                                 GmLayers         layer,
                                                 gboolean         on);
void             gm_analysis_panel_set_measure  (GmAnalysisPanel *self,
                                                 GmGridMeasure    measure);
/* Sorts the table by column @column (0 the grid, then the measures in
 * GmGridMeasure order). */
void             gm_analysis_panel_sort_by      (GmAnalysisPanel *self,
                                                 guint            column,
                                                 GtkSortType      order);
/* The grid code in row @row of the table as sorted, or NULL. */
const char      *gm_analysis_panel_get_row_code (GmAnalysisPanel *self,
                                                 guint            row);
guint            gm_analysis_panel_get_n_rows   (GmAnalysisPanel *self);
/* The labels of a layer's legend (NULL-terminated). */
GStrv            gm_analysis_panel_dup_legend   (GmAnalysisPanel *self,
                                                 GmLayers         layer);
/* Activates row @row, as a click on it does. */
void             gm_analysis_panel_activate_row (GmAnalysisPanel *self,
                                                 guint            row);

G_END_DECLS
