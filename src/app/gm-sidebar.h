/* gm-sidebar.h — details of the selected building or grid. */
#pragma once

#include <gtk/gtk.h>

#include "gm-types.h"

G_BEGIN_DECLS

#define GM_TYPE_SIDEBAR (gm_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (GmSidebar, gm_sidebar, GM, SIDEBAR, GtkWidget)

GtkWidget  *gm_sidebar_new                 (void);
/* @residents (of GmResident) and @hazards (of GmHazard) are borrowed. */
void        gm_sidebar_show_building       (GmSidebar           *self,
                                            const GmBuilding    *building,
                                            GPtrArray           *residents,
                                            GPtrArray           *hazards);
void        gm_sidebar_show_grid           (GmSidebar           *self,
                                            const GmGridSummary *grid);
/* The hazards of the grid shown (borrowed GmHazard list) and a note on
 * which they are (the analysis filter). */
void        gm_sidebar_show_grid_hazards   (GmSidebar           *self,
                                            GPtrArray           *hazards,
                                            const char          *note);
void        gm_sidebar_clear               (GmSidebar           *self);

/* What is shown, for the window and for tests. */
gint64      gm_sidebar_get_building_id     (GmSidebar           *self);
gint64      gm_sidebar_get_grid_id         (GmSidebar           *self);
const char *gm_sidebar_get_title           (GmSidebar           *self);
guint       gm_sidebar_get_n_residents     (GmSidebar           *self);
guint       gm_sidebar_get_n_hazards       (GmSidebar           *self);
/* The text of each resident row, as shown (NULL-terminated). */
GStrv       gm_sidebar_dup_resident_lines  (GmSidebar           *self);
/* The value shown for the property @label ("Households", …), or NULL. */
const char *gm_sidebar_get_property_value  (GmSidebar           *self,
                                            const char          *label);

G_END_DECLS
