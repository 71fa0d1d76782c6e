/* gm-edit-toolbar.h — the editing tools, floating over the map, with a
 * hint that says what the chosen tool does. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GM_TYPE_EDIT_TOOLBAR (gm_edit_toolbar_get_type ())
G_DECLARE_FINAL_TYPE (GmEditToolbar, gm_edit_toolbar, GM, EDIT_TOOLBAR, GtkWidget)

/* The tools, as the "tool" property and the edit.tool action name them. */
#define GM_EDIT_TOOL_SELECT   "select"
#define GM_EDIT_TOOL_DRAW     "draw"
#define GM_EDIT_TOOL_SPLIT    "split"
#define GM_EDIT_TOOL_MERGE    "merge"
#define GM_EDIT_TOOL_REASSIGN "reassign"

const char *gm_edit_toolbar_get_tool (GmEditToolbar *self);
void        gm_edit_toolbar_set_tool (GmEditToolbar *self,
                                      const char    *tool);
/* A hint under the tools; NULL shows the chosen tool's own. */
void        gm_edit_toolbar_set_hint (GmEditToolbar *self,
                                      const char    *hint);

G_END_DECLS
