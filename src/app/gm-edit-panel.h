/* gm-edit-panel.h — the side panel while editing grids: the workload
 * target and tolerance, live totals per grid coloured by the tolerance, the
 * buildings chosen for moving, and what the checks found. */
#pragma once

#include <gtk/gtk.h>

#include "gm-grid-edit.h"

G_BEGIN_DECLS

#define GM_TYPE_EDIT_PANEL (gm_edit_panel_get_type ())
G_DECLARE_FINAL_TYPE (GmEditPanel, gm_edit_panel, GM, EDIT_PANEL, GtkWidget)

GtkWidget  *gm_edit_panel_new             (void);
void        gm_edit_panel_set_edit        (GmEditPanel  *self,
                                           GmGridEdit   *edit);
/* Reads totals and runs the checks again, after a step. */
void        gm_edit_panel_refresh         (GmEditPanel  *self);
void        gm_edit_panel_set_selected    (GmEditPanel  *self,
                                           int           grid);
/* Shows the "Move Buildings" group with @n chosen buildings. */
void        gm_edit_panel_set_chosen      (GmEditPanel  *self,
                                           gboolean      shown,
                                           guint         n,
                                           int           households);
/* The grid chosen in "To grid", -1 for none. */
int         gm_edit_panel_get_move_target (GmEditPanel  *self);
void        gm_edit_panel_set_move_target (GmEditPanel  *self,
                                           int           grid);

/* What the panel shows, for tests: the grid's row as "title | subtitle |
 * households", and its workload colour ("within", "under", "over"). */
char       *gm_edit_panel_dup_grid_text   (GmEditPanel  *self,
                                           guint         grid);
const char *gm_edit_panel_get_grid_status (GmEditPanel  *self,
                                           guint         grid);
guint       gm_edit_panel_get_n_issues    (GmEditPanel  *self);
/* The checks as shown: the group's description and each row's title,
 * joined by " | ". */
char       *gm_edit_panel_dup_checks_text (GmEditPanel  *self);

G_END_DECLS
