/* gm-legend-view.h — the legend of one hot-spot layer: a note and a
 * swatch with a label for each class, as core's gm_hotspot_legend() gives
 * them (the same legend the exported maps print). */
#pragma once

#include <gtk/gtk.h>

#include "gm-hotspot-style.h"

G_BEGIN_DECLS

#define GM_TYPE_LEGEND_VIEW (gm_legend_view_get_type ())
G_DECLARE_FINAL_TYPE (GmLegendView, gm_legend_view, GM, LEGEND_VIEW, GtkWidget)

GtkWidget *gm_legend_view_new        (void);
/* Shows @legend (borrowed: copied into labels); NULL empties the view. */
void       gm_legend_view_set_legend (GmLegendView   *self,
                                      const GmLegend *legend);
/* The labels shown, for tests (NULL-terminated). */
GStrv      gm_legend_view_dup_labels (GmLegendView   *self);

G_END_DECLS
