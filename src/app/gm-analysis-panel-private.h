/* gm-analysis-panel-private.h — what the panel's two files share:
 * gm-analysis-panel.c (template, filter, layers, the worker thread) and
 * gm-analysis-panel-table.c (the grids' sortable table). */
#pragma once

#include <adwaita.h>

#include "gm-analysis-panel.h"
#include "gm-legend-view.h"

G_BEGIN_DECLS

struct _GmAnalysisPanel
{
  GtkWidget        parent_instance;

  /* template */
  GtkLabel        *summary_label;
  GtkSpinner      *spinner;
  AdwComboRow     *category_row;
  AdwComboRow     *kind_row;
  AdwComboRow     *status_row;
  AdwComboRow     *period_row;
  AdwEntryRow     *from_row;
  AdwEntryRow     *to_row;
  AdwExpanderRow  *grid_expander;
  AdwExpanderRow  *heat_expander;
  AdwExpanderRow  *gi_expander;
  AdwExpanderRow  *points_expander;
  AdwComboRow     *measure_row;
  AdwComboRow     *weight_row;
  AdwActionRow    *bandwidth_row;
  AdwActionRow    *cell_row;
  AdwActionRow    *band_row;
  GtkSpinButton   *bandwidth_spin;
  GtkSpinButton   *cell_spin;
  GtkSpinButton   *band_spin;
  GmLegendView    *grid_legend;
  GmLegendView    *heat_legend;
  GmLegendView    *gi_legend;
  GmLegendView    *points_legend;
  GtkColumnView   *grid_view;

  char            *path;
  gboolean         active;
  GStrv            kinds;           /* of the kind row, after "All kinds" */
  GCancellable    *cancellable;
  guint            compute_id;
  GmHotspotResult *result;
  GListStore      *rates;           /* of GmGridRateItem */
  GtkSortListModel *sorted;
};

/* gm-analysis-panel.c */
void gm_analysis_panel_emit_grid_activated (GmAnalysisPanel *self,
                                            gint64           grid_id);

/* gm-analysis-panel-table.c */
void gm_analysis_panel_table_init (GmAnalysisPanel *self);
void gm_analysis_panel_table_fill (GmAnalysisPanel *self);

G_END_DECLS
