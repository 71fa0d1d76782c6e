/* gm-edit-toolbar.c — the editing tools, floating over the map.
 *
 * The chosen tool is the "tool" property; the buttons change it through the
 * stateful edit.tool property action, so the window only watches
 * notify::tool.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-edit-toolbar.h"

struct _GmEditToolbar
{
  GtkWidget parent_instance;

  GtkLabel *hint_label;
  char     *tool;
};

G_DEFINE_FINAL_TYPE (GmEditToolbar, gm_edit_toolbar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TOOL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
tool_hint (const char *tool)
{
  if (g_strcmp0 (tool, GM_EDIT_TOOL_DRAW) == 0)
    return _("Click the corners of the new grid; double-click or press Enter to finish, Backspace takes back a corner");
  if (g_strcmp0 (tool, GM_EDIT_TOOL_SPLIT) == 0)
    return _("Draw a line across the grid to split; double-click or press Enter to finish");
  if (g_strcmp0 (tool, GM_EDIT_TOOL_MERGE) == 0)
    return _("Click a grid, then the neighbouring grid to merge it with");
  if (g_strcmp0 (tool, GM_EDIT_TOOL_REASSIGN) == 0)
    return _("Click buildings to choose them, or hold Shift and draw around them; then pick their new grid in the panel");
  return _("Drag a boundary point to move it for every grid that shares it; Shift-drag moves a whole edge. Drag elsewhere to pan");
}

const char *
gm_edit_toolbar_get_tool (GmEditToolbar *self)
{
  g_return_val_if_fail (GM_IS_EDIT_TOOLBAR (self), NULL);
  return self->tool;
}

void
gm_edit_toolbar_set_tool (GmEditToolbar *self,
                          const char    *tool)
{
  g_return_if_fail (GM_IS_EDIT_TOOLBAR (self));
  g_return_if_fail (tool != NULL);

  if (g_strcmp0 (self->tool, tool) == 0)
    return;
  g_free (self->tool);
  self->tool = g_strdup (tool);
  gtk_label_set_text (self->hint_label, tool_hint (tool));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL]);
}

void
gm_edit_toolbar_set_hint (GmEditToolbar *self,
                          const char    *hint)
{
  g_return_if_fail (GM_IS_EDIT_TOOLBAR (self));
  gtk_label_set_text (self->hint_label, hint != NULL ? hint : tool_hint (self->tool));
}

static void
gm_edit_toolbar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GmEditToolbar *self = GM_EDIT_TOOLBAR (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_string (value, self->tool);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gm_edit_toolbar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GmEditToolbar *self = GM_EDIT_TOOLBAR (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      gm_edit_toolbar_set_tool (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gm_edit_toolbar_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), GM_TYPE_EDIT_TOOLBAR);
  /* The template's unnamed top box is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (gm_edit_toolbar_parent_class)->dispose (object);
}

static void
gm_edit_toolbar_finalize (GObject *object)
{
  g_free (GM_EDIT_TOOLBAR (object)->tool);
  G_OBJECT_CLASS (gm_edit_toolbar_parent_class)->finalize (object);
}

static void
gm_edit_toolbar_class_init (GmEditToolbarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = gm_edit_toolbar_get_property;
  object_class->set_property = gm_edit_toolbar_set_property;
  object_class->dispose = gm_edit_toolbar_dispose;
  object_class->finalize = gm_edit_toolbar_finalize;

  properties[PROP_TOOL] = g_param_spec_string ("tool", NULL, NULL, GM_EDIT_TOOL_SELECT,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                               | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-edit-toolbar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gm-edit-toolbar");
  gtk_widget_class_bind_template_child (widget_class, GmEditToolbar, hint_label);
  gtk_widget_class_install_property_action (widget_class, "edit.tool", "tool");
}

static void
gm_edit_toolbar_init (GmEditToolbar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tool = g_strdup (GM_EDIT_TOOL_SELECT);
  gtk_label_set_text (self->hint_label, tool_hint (self->tool));
}
