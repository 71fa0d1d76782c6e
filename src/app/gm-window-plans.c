/* gm-window-plans.c — the window's automatic division: "Divide into
 * Grids…" and "Plans and History", and a division other than the current
 * one shown over the map. */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-partition-dialog.h"
#include "gm-plan-layer.h"
#include "gm-plans-window.h"
#include "gm-window-private.h"

static GmPlansWindow *
ensure_plans_window (GmWindow *self)
{
  if (self->plans_window == NULL)
    {
      self->plans_window = GTK_WINDOW (gm_plans_window_new (self));
      g_object_add_weak_pointer (G_OBJECT (self->plans_window), (gpointer *) &self->plans_window);
    }
  return GM_PLANS_WINDOW (self->plans_window);
}

static void
on_divided (GmWindow *self,
            gint64    plan_id)
{
  GmPlansWindow *plans = ensure_plans_window (self);

  gm_plans_window_reload (plans);
  gm_plans_window_select_plan (plans, plan_id);
  gtk_window_present (GTK_WINDOW (plans));
}

static void
divide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);
  GmPartitionDialog *dialog;
  GtkWindow *parent = self->plans_window != NULL && gtk_widget_get_visible (GTK_WIDGET (self->plans_window))
                      ? self->plans_window : GTK_WINDOW (self);

  if (self->store == NULL)
    {
      gm_window_show_toast (self, _("Open or create a project first"));
      return;
    }
  dialog = gm_partition_dialog_new (parent, self->store);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_divided), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
plans_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);

  if (self->store == NULL)
    {
      gm_window_show_toast (self, _("Open or create a project first"));
      return;
    }
  gm_plans_window_reload (ensure_plans_window (self));
  gtk_window_present (self->plans_window);
}

void
gm_window_plans_init (GmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.divide", NULL, divide_action);
  gtk_widget_class_install_action (widget_class, "win.plans", NULL, plans_action);
}

/* The plan layer goes over the project's tiles and under the selection;
 * libshumate 1.0.3 cannot insert a layer, so both are added again. */
static void
stack_plan_layer (GmWindow *self)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);

  if (self->plan_layer == NULL)
    self->plan_layer = g_object_ref_sink (gm_plan_layer_new (viewport));
  else
    shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->plan_layer));
  if (self->selection_layer != NULL)
    {
      g_object_ref (self->selection_layer);
      shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
    }
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->plan_layer));
  if (self->selection_layer != NULL)
    {
      shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
      g_object_unref (self->selection_layer);
    }
}

void
gm_window_show_division (GmWindow   *self,
                         GPtrArray  *grids,
                         const char *community_code)
{
  g_autoptr(GError) error = NULL;
  gboolean showing = grids != NULL;

  g_return_if_fail (GM_IS_WINDOW (self));

  if (!showing && !self->showing_division)
    return;
  self->showing_division = showing;
  /* The current grids are hidden while another division is shown. */
  gm_window_reload_map (self);
  stack_plan_layer (self);
  if (!gm_plan_layer_set_grids (self->plan_layer, grids, community_code, &error))
    gm_window_show_error (self, error);
}

gboolean
gm_window_is_showing_division (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);

  return self->showing_division;
}
