/* gm-partition-dialog.h — "Divide into Grids": the options of an automatic
 * division, run in core's worker thread with progress and Cancel. */
#pragma once

#include <adwaita.h>

#include "gm-store.h"

G_BEGIN_DECLS

#define GM_TYPE_PARTITION_DIALOG (gm_partition_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GmPartitionDialog, gm_partition_dialog, GM, PARTITION_DIALOG, AdwWindow)

/* A dialog for the communities of @store. It emits "done" with the id of
 * the saved plan when a division finishes, then closes. */
GmPartitionDialog *gm_partition_dialog_new (GtkWindow  *parent,
                                            GmStore    *store);

/* For tests and scripts: the page shown ("options", "progress", "error"),
 * the error's text, the size asked for (@grids > 0: a number of grids,
 * else @households_per_grid) and the Divide button. */
const char        *gm_partition_dialog_get_page       (GmPartitionDialog *self);
const char        *gm_partition_dialog_get_error_text (GmPartitionDialog *self);
void               gm_partition_dialog_set_size       (GmPartitionDialog *self,
                                                       guint              grids,
                                                       double             households_per_grid,
                                                       gboolean           rebalance);
void               gm_partition_dialog_divide         (GmPartitionDialog *self);

G_END_DECLS
