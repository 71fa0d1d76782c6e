/* gm-window-edit.c — the window's grid editing mode: entering and leaving
 * it, its actions (save, cancel, undo, redo), and keeping the map layer,
 * the panel and the header in step with the session after every step.
 * Pointer input is in gm-window-edit-input.c.
 *
 * Nothing is written to the project until Save; Cancel (after asking, when
 * there are changes) drops the session.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-window-private.h"

static void
update_actions (GmWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GmGridEdit *session = self->edit != NULL ? self->edit->session : NULL;

  gtk_widget_action_set_enabled (widget, "win.edit-grids", self->store != NULL && session == NULL);
  gtk_widget_action_set_enabled (widget, "win.edit-save", session != NULL && gm_grid_edit_has_changes (session));
  gtk_widget_action_set_enabled (widget, "win.edit-cancel", session != NULL);
  gtk_widget_action_set_enabled (widget, "win.edit-undo", session != NULL && gm_grid_edit_can_undo (session));
  gtk_widget_action_set_enabled (widget, "win.edit-redo", session != NULL && gm_grid_edit_can_redo (session));
  /* While grids are being edited, nothing else changes them or the
   * buildings under them: save or cancel first. */
  gtk_widget_action_set_enabled (widget, "win.import", session == NULL);
  gtk_widget_action_set_enabled (widget, "win.divide", session == NULL);
  gtk_widget_action_set_enabled (widget, "win.plans", session == NULL);
}

static void
update_title (GmWindow *self)
{
  GmGridEdit *session = self->edit->session;
  g_autofree char *subtitle = NULL;
  const char *undo = gm_grid_edit_get_undo_label (session);

  if (undo != NULL)
    /* Translators: the header's subtitle while editing: what Undo would undo */
    subtitle = g_strdup_printf (_("%s — last step: %s"), gm_grid_edit_get_community_name (session), undo);
  else
    subtitle = g_strdup (gm_grid_edit_get_community_name (session));
  adw_window_title_set_subtitle (self->edit_title, subtitle);
}

/* After a step, an undo or a redo. */
void
gm_window_edit_changed (GmWindow *self)
{
  g_return_if_fail (self->edit != NULL);

  if (self->edit->selected >= 0 && !gm_grid_edit_grid_is_alive (self->edit->session, (guint) self->edit->selected))
    self->edit->selected = -1;
  gm_edit_layer_refresh (self->edit->layer);
  gm_edit_layer_set_selected (self->edit->layer, self->edit->selected);
  gm_edit_panel_refresh (self->edit_panel);
  gm_edit_panel_set_selected (self->edit_panel, self->edit->selected);
  update_title (self);
  update_actions (self);
}

GmEditLayer *
gm_window_edit_get_layer (GmWindow *self)
{
  return self->edit != NULL ? self->edit->layer : NULL;
}

/* ---- entering and leaving ------------------------------------------------------ */

static void
map_center (GmWindow *self,
            double   *lon,
            double   *lat)
{
  ShumateViewport *viewport = gm_window_get_viewport (self);

  *lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  *lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
}

static void
show_edit_widgets (GmWindow *self,
                   gboolean  editing)
{
  gtk_stack_set_visible_child_name (self->header_stack, editing ? "edit" : "normal");
  gtk_stack_set_visible_child_name (self->flap_stack, editing ? "edit" : "details");
  gtk_widget_set_visible (GTK_WIDGET (self->edit_toolbar), editing);
  adw_flap_set_reveal_flap (self->flap, editing);
  shumate_map_set_zoom_on_double_click (gm_window_get_map (self), TRUE);
}

static GmWindowEdit *
edit_state_new (GmWindow   *self,
                GmGridEdit *session)
{
  GmWindowEdit *edit = g_new0 (GmWindowEdit, 1);

  edit->session = session;
  edit->selected = edit->merge_first = -1;
  edit->sketch = g_array_new (FALSE, FALSE, sizeof (double));
  edit->chosen = g_array_new (FALSE, FALSE, sizeof (gint64));
  edit->layer = gm_edit_layer_new (gm_window_get_viewport (self));
  return edit;
}

static void
edit_state_free (GmWindowEdit *edit)
{
  g_clear_object (&edit->session);
  g_array_unref (edit->sketch);
  g_array_unref (edit->chosen);
  g_clear_pointer (&edit->lasso, g_array_unref);
  g_free (edit);
}

/**
 * gm_window_begin_edit:
 * @self: a window with a project
 * @community_code: (nullable): the community to edit; NULL for the one in
 *   the middle of the map (or the first with grids)
 * @error: return location for a #GError
 *
 * Enters grid editing mode on a new session.
 *
 * Returns: %TRUE when editing
 */
gboolean
gm_window_begin_edit (GmWindow    *self,
                      const char  *community_code,
                      GError     **error)
{
  g_autofree char *code = NULL;
  g_autoptr(GmGridEdit) session = NULL;
  double lon, lat;

  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (self->edit != NULL)
    return TRUE;
  /* A project opened read-only can be looked at, not redrawn: say so now,
   * not after the work. */
  if (gm_store_is_read_only (self->store))
    {
      g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                           _("The project is read-only: its grids can be viewed but not edited"));
      return FALSE;
    }
  map_center (self, &lon, &lat);
  code = community_code != NULL ? g_strdup (community_code)
                                : gm_grid_edit_dup_community_code (self->store, lon, lat, error);
  if (code == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_INVALID,
                             _("The project has no community to divide into grids; import a community boundary first"));
      return FALSE;
    }
  if ((session = gm_grid_edit_new (self->store, code, error)) == NULL)
    return FALSE;

  gm_window_clear_selection (self);
  /* The hazard analysis and reporting wait until editing is over. */
  gm_window_set_analysis_visible (self, FALSE);
  gtk_toggle_button_set_active (self->report_button, FALSE);
  self->edit = edit_state_new (self, g_steal_pointer (&session));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->edit->layer));
  gm_edit_layer_set_edit (self->edit->layer, self->edit->session);
  gm_edit_panel_set_edit (self->edit_panel, self->edit->session);
  adw_window_title_set_title (self->edit_title, _("Editing Grids"));
  gm_edit_toolbar_set_tool (self->edit_toolbar, GM_EDIT_TOOL_SELECT);
  show_edit_widgets (self, TRUE);
  /* The tiles leave the grids out; the edit layer draws them as edited. */
  gm_window_reload_map (self);
  gm_window_edit_tool_changed (self);
  gm_window_edit_changed (self);
  return TRUE;
}

static void
end_edit (GmWindow *self)
{
  GmWindowEdit *edit = self->edit;

  if (edit == NULL)
    return;
  self->edit = NULL;
  shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (edit->layer));
  edit_state_free (edit);
  gm_edit_panel_set_edit (self->edit_panel, NULL);
  show_edit_widgets (self, FALSE);
  adw_flap_set_reveal_flap (self->flap, FALSE);
  gm_window_reload_map (self);
  update_actions (self);
}

gboolean
gm_window_is_editing (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);
  return self->edit != NULL;
}

GmGridEdit *
gm_window_get_grid_edit (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return self->edit != NULL ? self->edit->session : NULL;
}

GmEditPanel *
gm_window_get_edit_panel (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return self->edit_panel;
}

GtkWidget *
gm_window_get_edit_toolbar (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->edit_toolbar);
}

/* ---- actions ---------------------------------------------------------------------- */

static void
edit_grids_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !gm_window_begin_edit (self, NULL, &error))
    gm_window_show_error (self, error);
}

static guint
count_grids (GmGridEdit *session)
{
  guint alive = 0;

  for (guint i = 0; i < gm_grid_edit_get_n_grids (session); i++)
    alive += gm_grid_edit_grid_is_alive (session, i);
  return alive;
}

static void
edit_save_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint grids;

  if (self->edit == NULL)
    return;
  if (!gm_grid_edit_has_changes (self->edit->session))
    {
      end_edit (self);
      gm_window_show_toast (self, _("Nothing was changed"));
      return;
    }
  if (!gm_grid_edit_save (self->edit->session, self->store, NULL, &error))
    {
      gm_window_show_error (self, error);
      return;
    }
  grids = count_grids (self->edit->session);
  message = g_strdup_printf (ngettext ("The new division is saved: %u grid; the old one is kept in the history",
                                       "The new division is saved: %u grids; the old one is kept in the history",
                                       grids), grids);
  end_edit (self);
  gm_window_show_toast (self, message);
}

static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     GmWindow         *self)
{
  gboolean closing = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "gm-closing"));

  if (g_strcmp0 (response, "discard") != 0)
    return;
  end_edit (self);
  if (closing)
    gtk_window_close (GTK_WINDOW (self));
}

/* Asks before dropping unsaved changes; @closing closes the window after. */
static void
ask_discard (GmWindow *self,
             gboolean  closing)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Discard Changes to the Grids?"),
                                                       _("The grids stay as they were before you began editing.")));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep Editing"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data (G_OBJECT (dialog), "gm-closing", GINT_TO_POINTER (closing));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_cancel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);

  if (self->edit == NULL)
    return;
  if (gm_grid_edit_has_changes (self->edit->session))
    ask_discard (self, FALSE);
  else
    end_edit (self);
}

gboolean
gm_window_edit_close_request (GmWindow *self)
{
  if (self->edit == NULL || !gm_grid_edit_has_changes (self->edit->session))
    return FALSE;
  ask_discard (self, TRUE);
  return TRUE;
}

/* Cancelling without asking: for a window that closes, or a test. */
void
gm_window_end_edit (GmWindow *self)
{
  g_return_if_fail (GM_IS_WINDOW (self));
  end_edit (self);
}

static void
edit_undo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);
  gboolean redo = g_str_equal (action_name, "win.edit-redo");

  if (self->edit == NULL)
    return;
  if (redo ? gm_grid_edit_redo (self->edit->session) : gm_grid_edit_undo (self->edit->session))
    gm_window_edit_changed (self);
}

void
gm_window_edit_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.edit-grids", NULL, edit_grids_action);
  gtk_widget_class_install_action (widget_class, "win.edit-save", NULL, edit_save_action);
  gtk_widget_class_install_action (widget_class, "win.edit-cancel", NULL, edit_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.edit-undo", NULL, edit_undo_action);
  gtk_widget_class_install_action (widget_class, "win.edit-redo", NULL, edit_undo_action);
}

/* ---- the panel ------------------------------------------------------------------------ */

static void
on_grid_activated (GmWindow *self,
                   int       grid)
{
  double lon, lat;

  if (self->edit == NULL)
    return;
  self->edit->selected = grid;
  gm_edit_layer_set_selected (self->edit->layer, grid);
  if (gm_grid_edit_get_label_point (self->edit->session, (guint) grid, &lon, &lat))
    shumate_map_go_to (gm_window_get_map (self), lat, lon);
}

static void
on_issue_activated (GmWindow *self,
                    double    lon,
                    double    lat)
{
  ShumateViewport *viewport = gm_window_get_viewport (self);

  if (shumate_viewport_get_zoom_level (viewport) < 17)
    shumate_viewport_set_zoom_level (viewport, 17);
  shumate_map_go_to (gm_window_get_map (self), lat, lon);
}

static void
on_move_requested (GmWindow *self,
                   int       grid)
{
  gm_window_edit_move_chosen (self, grid);
}

static void
on_workload_changed (GmWindow *self)
{
  if (self->edit != NULL)
    gm_edit_layer_refresh (self->edit->layer);
}

void
gm_window_edit_escape (GmWindow *self)
{
  GmWindowEdit *edit = self->edit;

  if (edit->sketch->len > 0 || edit->merge_first >= 0 || edit->chosen->len > 0)
    {
      gm_window_edit_tool_changed (self);
      return;
    }
  edit->selected = -1;
  gm_edit_layer_set_selected (edit->layer, -1);
  gm_edit_panel_set_selected (self->edit_panel, -1);
}

void
gm_window_edit_init (GmWindow *self)
{
  g_signal_connect_object (self->edit_panel, "grid-activated", G_CALLBACK (on_grid_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_panel, "issue-activated", G_CALLBACK (on_issue_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_panel, "move-requested", G_CALLBACK (on_move_requested),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->edit_panel, "workload-changed", G_CALLBACK (on_workload_changed),
                           self, G_CONNECT_SWAPPED);
  gm_window_edit_input_init (self);
  update_actions (self);
}

void
gm_window_edit_dispose (GmWindow *self)
{
  g_clear_pointer (&self->edit, edit_state_free);
}

/* Called when a project is opened: editing is over, and may begin again. */
void
gm_window_edit_project_changed (GmWindow *self)
{
  end_edit (self);
  update_actions (self);
}
