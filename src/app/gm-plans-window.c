/* gm-plans-window.c — plans compared side by side, and history.
 *
 * The plans are a table: one row per plan, one column per measure, values
 * outside the targets marked. One radio button across the plans and the
 * divisions of the past says what the map shows; "the current grids" shows
 * the map as it is. Applying asks first and runs in a worker thread with
 * its own connection to the project.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-plan.h"
#include "gm-plans-window.h"

struct _GmPlansWindow
{
  AdwWindow parent_instance;

  /* template */
  AdwWindowTitle      *window_title;
  GtkGrid             *table;
  GtkButton           *apply_button;
  GtkButton           *delete_button;
  GtkLabel            *status_label;
  AdwPreferencesGroup *history_group;

  GmWindow            *window;          /* weak */
  GPtrArray           *plans;           /* of GmPlan, without grids */
  GPtrArray           *periods;         /* of GmDivisionPeriod */
  GPtrArray           *history_rows;    /* of GtkWidget in history_group */
  GtkCheckButton      *current_choice;  /* "the current grids": the radio group */
  gint64               selected_plan;
  GCancellable        *cancellable;     /* applying */
};

G_DEFINE_FINAL_TYPE (GmPlansWindow, gm_plans_window, ADW_TYPE_WINDOW)

static const char * const headers[] = {
  "", N_("Plan"), N_("Community"), N_("Grids"), N_("Max/mean"), N_("CV"), N_("Contiguous"),
  N_("Polsby–Popper"), N_("On roads"), N_("Moved"), N_("Seconds"), N_("State"), "",
};

static GmStore *
get_store (GmPlansWindow *self)
{
  return self->window != NULL ? gm_window_get_store (self->window) : NULL;
}

static const GmPlan *
find_plan (GmPlansWindow *self,
           gint64         id)
{
  for (guint i = 0; self->plans != NULL && i < self->plans->len; i++)
    if (((GmPlan *) g_ptr_array_index (self->plans, i))->id == id)
      return g_ptr_array_index (self->plans, i);
  return NULL;
}

/* ---- what the map shows -------------------------------------------------------------- */

static void
show_grids (GmPlansWindow *self,
            GPtrArray     *grids,
            const char    *community_code,
            const char    *what)
{
  gm_window_show_division (self->window, grids, community_code);
  gtk_label_set_text (self->status_label, what);
}

static void
show_plan (GmPlansWindow *self,
           gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmPlan) plan = gm_plan_load (get_store (self), id, &error);
  g_autofree char *what = NULL;

  if (plan == NULL)
    {
      gm_window_show_toast (self->window, error->message);
      return;
    }
  /* Translators: what the map shows: a plan's name and its number of grids */
  what = g_strdup_printf (ngettext ("On the map: plan “%s”, %u grid", "On the map: plan “%s”, %u grids",
                                    plan->grids->len), plan->name, plan->grids->len);
  self->selected_plan = id;
  show_grids (self, plan->grids, plan->community_code, what);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), TRUE);
}

static void
show_period (GmPlansWindow          *self,
             const GmDivisionPeriod *period)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) grids = gm_plan_dup_history_grids (get_store (self), period, &error);
  g_autofree char *what = NULL;

  if (grids == NULL)
    {
      gm_window_show_toast (self->window, error->message);
      return;
    }
  /* Translators: what the map shows: a past division, from and to dates */
  what = g_strdup_printf (_("On the map: the grids of %s from %s to %s"), period->community_code,
                          period->valid_from, period->valid_to);
  show_grids (self, grids, period->community_code, what);
}

static void
on_choice_toggled (GtkCheckButton *button,
                   GmPlansWindow  *self)
{
  gpointer plan = g_object_get_data (G_OBJECT (button), "gm-plan");
  gpointer period = g_object_get_data (G_OBJECT (button), "gm-period");

  if (!gtk_check_button_get_active (button) || self->window == NULL)
    return;
  self->selected_plan = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), FALSE);
  if (plan != NULL)
    show_plan (self, ((GmPlan *) plan)->id);
  else if (period != NULL)
    show_period (self, period);
  else
    show_grids (self, NULL, NULL, _("On the map: the current grids"));
}

static GtkCheckButton *
new_choice (GmPlansWindow *self,
            const char    *key,
            gpointer       data)
{
  GtkCheckButton *button = GTK_CHECK_BUTTON (gtk_check_button_new ());

  gtk_widget_set_valign (GTK_WIDGET (button), GTK_ALIGN_CENTER);
  if (key != NULL)
    g_object_set_data (G_OBJECT (button), key, data);
  if (self->current_choice != NULL)
    gtk_check_button_set_group (button, self->current_choice);
  g_signal_connect (button, "toggled", G_CALLBACK (on_choice_toggled), self);
  return button;
}

/* ---- the table of plans ----------------------------------------------------------------- */

static GtkWidget *
add_cell (GtkGrid    *table,
          int         column,
          int         row,
          const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column <= 2 ? 0.0 : 1.0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_grid_attach (table, label, column, row, 1, 1);
  return label;
}

static char *
dup_state (const GmPlan *plan)
{
  if (plan->applied_at == NULL)
    return g_strdup (_("Draft"));
  /* Translators: a plan put in force, with the date (YYYY-MM-DD) */
  return g_strdup_printf (_("Applied %.10s"), plan->applied_at);
}

static void
add_plan_row (GmPlansWindow *self,
              const GmPlan  *plan,
              int            row)
{
  const GmPlanMetrics *m = &plan->metrics;
  g_autofree char *cells[11] = { NULL };
  GtkCheckButton *choice = new_choice (self, "gm-plan", (gpointer) plan);
  GtkWidget *name;

  cells[0] = g_strdup (plan->community_code);
  cells[1] = g_strdup_printf ("%u", m->grids);
  cells[2] = g_strdup_printf ("%.3f", m->max_over_mean);
  cells[3] = g_strdup_printf ("%.3f", m->cv);
  cells[4] = m->contiguous ? g_strdup (_("Yes")) : g_strdup_printf (_("No (%u)"), m->noncontiguous_grids);
  cells[5] = g_strdup_printf ("%.2f", m->polsby_popper_mean);
  cells[6] = g_strdup_printf ("%.0f %%", 100.0 * m->boundary_on_roads);
  cells[7] = g_strdup_printf ("%u", m->moved_buildings);
  cells[8] = g_strdup_printf ("%.1f", m->seconds);
  cells[9] = dup_state (plan);
  gtk_grid_attach (self->table, GTK_WIDGET (choice), 0, row, 1, 1);
  name = add_cell (self->table, 1, row, plan->name, "heading");
  gtk_widget_set_tooltip_text (name, plan->created_at);
  for (guint c = 0; c < 10; c++)
    add_cell (self->table, (int) c + 2, row, cells[c],
              (c == 2 && m->max_over_mean > 1.05 + 1e-9) || (c == 4 && !m->contiguous) ? "error" : NULL);
  if (plan->warnings->len > 0)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autoptr(GString) notes = g_string_new (NULL);

      for (guint k = 0; k < plan->warnings->len; k++)
        g_string_append_printf (notes, "%s%s", k > 0 ? "\n\n" : "", (char *) g_ptr_array_index (plan->warnings, k));
      gtk_widget_set_tooltip_text (icon, notes->str);
      gtk_widget_add_css_class (icon, "warning");
      gtk_grid_attach (self->table, icon, 12, row, 1, 1);
    }
}

static void
fill_table (GmPlansWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    add_cell (self->table, (int) c, 0, *headers[c] != '\0' ? _(headers[c]) : "", "dim-label");
  for (guint i = 0; i < self->plans->len; i++)
    add_plan_row (self, g_ptr_array_index (self->plans, i), (int) i + 1);
  if (self->plans->len == 0)
    {
      GtkWidget *empty = gtk_label_new (_("No plans yet: divide a community into grids to make one."));

      gtk_widget_add_css_class (empty, "dim-label");
      gtk_grid_attach (self->table, empty, 0, 1, G_N_ELEMENTS (headers), 1);
    }
}

/* ---- history ------------------------------------------------------------------------------ */

static void
add_history_row (GmPlansWindow    *self,
                 GtkCheckButton   *choice,
                 const char       *title,
                 const char       *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), GTK_WIDGET (choice));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (choice));
  adw_preferences_group_add (self->history_group, row);
  g_ptr_array_add (self->history_rows, row);
}

static void
fill_history (GmPlansWindow *self)
{
  for (guint i = 0; i < self->history_rows->len; i++)
    adw_preferences_group_remove (self->history_group, g_ptr_array_index (self->history_rows, i));
  g_ptr_array_set_size (self->history_rows, 0);
  add_history_row (self, self->current_choice, _("The current grids"), _("As the map shows them"));
  for (guint i = 0; i < self->periods->len; i++)
    {
      const GmDivisionPeriod *p = g_ptr_array_index (self->periods, i);
      g_autofree char *title = g_strdup_printf (_("%s (%s)"), p->community_name != NULL ? p->community_name : "",
                                                p->community_code != NULL ? p->community_code : "");
      g_autofree char *subtitle = NULL;

      if (p->valid_to == NULL)
        continue;
      /* Translators: a past division: from date, to date, number of grids */
      subtitle = g_strdup_printf (ngettext ("%s to %s, %u grid", "%s to %s, %u grids", p->grids),
                                  p->valid_from, p->valid_to, p->grids);
      add_history_row (self, new_choice (self, "gm-period", (gpointer) p), title, subtitle);
    }
}

void
gm_plans_window_reload (GmPlansWindow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *plans, *periods;
  gint64 selected = self->selected_plan;

  g_return_if_fail (GM_IS_PLANS_WINDOW (self));

  if (get_store (self) == NULL)
    return;
  plans = gm_plan_list (get_store (self), 0, &error);
  periods = plans != NULL ? gm_plan_list_history (get_store (self), &error) : NULL;
  if (periods == NULL)
    {
      g_clear_pointer (&plans, g_ptr_array_unref);
      gm_window_show_toast (self->window, error->message);
      return;
    }
  /* The radios point into the old lists: the current grids first. */
  gtk_check_button_set_active (self->current_choice, TRUE);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  self->plans = plans;
  self->periods = periods;
  fill_table (self);
  fill_history (self);
  if (selected != 0 && find_plan (self, selected) != NULL)
    gm_plans_window_select_plan (self, selected);
}

void
gm_plans_window_select_plan (GmPlansWindow *self,
                             gint64         plan_id)
{
  g_return_if_fail (GM_IS_PLANS_WINDOW (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->table)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const GmPlan *plan = g_object_get_data (G_OBJECT (child), "gm-plan");

      if (GTK_IS_CHECK_BUTTON (child) && plan != NULL && plan->id == plan_id)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (child), TRUE);
    }
}

/* ---- applying and deleting ---------------------------------------------------------------- */

static void
apply_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  const char *path = g_object_get_data (G_OBJECT (task), "gm-path");
  gint64 *plan_id = task_data;
  g_autoptr(GmStore) store = NULL;
  GError *error = NULL;

  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  if (store != NULL && gm_plan_apply (store, *plan_id, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
apply_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GmPlansWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (self->window == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gm_window_show_toast (self->window, error->message);
      return;
    }
  self->selected_plan = 0;
  gm_window_show_division (self->window, NULL, NULL);
  gm_window_reload_map (self->window);
  gm_plans_window_reload (self);
  gm_window_show_toast (self->window, _("The plan is applied; the old grids are kept in History"));
}

static void
run_apply (GmPlansWindow *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, apply_done, g_object_ref (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  g_object_set_data_full (G_OBJECT (task), "gm-path", g_strdup (gm_store_get_path (get_store (self))), g_free);
  g_task_set_task_data (task, g_memdup2 (&self->selected_plan, sizeof (gint64)), g_free);
  g_task_run_in_thread (task, apply_thread);
}

static void
on_confirmed (AdwMessageDialog *dialog,
              const char       *response,
              GmPlansWindow    *self)
{
  const GmPlan *plan = find_plan (self, self->selected_plan);
  g_autoptr(GError) error = NULL;

  if (plan == NULL || self->window == NULL)
    return;
  if (g_str_equal (response, "apply"))
    run_apply (self);
  else if (g_str_equal (response, "delete") && gm_plan_delete (get_store (self), plan->id, &error))
    {
      self->selected_plan = 0;
      gm_plans_window_reload (self);
    }
  else if (error != NULL)
    gm_window_show_toast (self->window, error->message);
}

static void
confirm (GmPlansWindow *self,
         const char    *heading,
         const char    *body,
         const char    *response,
         const char    *label,
         gboolean       destructive)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response,
                                              destructive ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirmed), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_apply_clicked (GmPlansWindow *self)
{
  const GmPlan *plan = find_plan (self, self->selected_plan);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (plan == NULL)
    return;
  heading = g_strdup_printf (_("Apply “%s”?"), plan->name);
  body = g_strdup_printf (ngettext ("The current grids of community %s are closed today and kept in History; the plan’s %u grid takes their place and every building goes to its new grid.",
                                    "The current grids of community %s are closed today and kept in History; the plan’s %u grids take their place and every building goes to its new grid.",
                                    plan->metrics.grids), plan->community_code, plan->metrics.grids);
  confirm (self, heading, body, "apply", _("_Apply"), FALSE);
}

static void
on_delete_clicked (GmPlansWindow *self)
{
  const GmPlan *plan = find_plan (self, self->selected_plan);
  g_autofree char *heading = NULL;

  if (plan == NULL)
    return;
  heading = g_strdup_printf (_("Delete “%s”?"), plan->name);
  confirm (self, heading, _("The plan and its metrics are deleted. Grids it opened stay, and so does History."),
           "delete", _("_Delete"), TRUE);
}

static void
on_divide_clicked (GmPlansWindow *self)
{
  if (self->window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->window), "win.divide", NULL);
}

/* ---- class ------------------------------------------------------------------------------- */

static gboolean
gm_plans_window_close_request (GtkWindow *window)
{
  GmPlansWindow *self = GM_PLANS_WINDOW (window);

  /* The map goes back to the current grids. */
  if (self->window != NULL)
    gm_window_show_division (self->window, NULL, NULL);
  return GTK_WINDOW_CLASS (gm_plans_window_parent_class)->close_request (window);
}

static void
gm_plans_window_dispose (GObject *object)
{
  GmPlansWindow *self = GM_PLANS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), GM_TYPE_PLANS_WINDOW);

  G_OBJECT_CLASS (gm_plans_window_parent_class)->dispose (object);
}

static void
gm_plans_window_finalize (GObject *object)
{
  GmPlansWindow *self = GM_PLANS_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->current_choice);

  G_OBJECT_CLASS (gm_plans_window_parent_class)->finalize (object);
}

static void
gm_plans_window_class_init (GmPlansWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_plans_window_dispose;
  object_class->finalize = gm_plans_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = gm_plans_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-plans-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GmPlansWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GmPlansWindow, table);
  gtk_widget_class_bind_template_child (widget_class, GmPlansWindow, apply_button);
  gtk_widget_class_bind_template_child (widget_class, GmPlansWindow, delete_button);
  gtk_widget_class_bind_template_child (widget_class, GmPlansWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GmPlansWindow, history_group);
  gtk_widget_class_bind_template_callback (widget_class, on_apply_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_divide_clicked);
  /* Escape closes it, as the close button does (and asks the same). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gm_plans_window_init (GmPlansWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->history_rows = g_ptr_array_new ();
  self->current_choice = g_object_ref_sink (new_choice (self, NULL, NULL));
  gtk_check_button_set_active (self->current_choice, TRUE);
}

GmPlansWindow *
gm_plans_window_new (GmWindow *window)
{
  GmPlansWindow *self;

  g_return_val_if_fail (GM_IS_WINDOW (window), NULL);

  self = g_object_new (GM_TYPE_PLANS_WINDOW, "transient-for", window, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  gm_plans_window_reload (self);
  return self;
}

guint
gm_plans_window_get_n_plans (GmPlansWindow *self)
{
  g_return_val_if_fail (GM_IS_PLANS_WINDOW (self), 0);

  return self->plans != NULL ? self->plans->len : 0;
}

/* The history rows after "the current grids". */
guint
gm_plans_window_get_n_past (GmPlansWindow *self)
{
  g_return_val_if_fail (GM_IS_PLANS_WINDOW (self), 0);

  return self->history_rows->len > 0 ? self->history_rows->len - 1 : 0;
}

void
gm_plans_window_show_past (GmPlansWindow *self,
                           guint          index)
{
  g_return_if_fail (GM_IS_PLANS_WINDOW (self));
  g_return_if_fail (index + 1 < self->history_rows->len);

  adw_action_row_activate (g_ptr_array_index (self->history_rows, index + 1));
}

void
gm_plans_window_apply (GmPlansWindow *self)
{
  g_return_if_fail (GM_IS_PLANS_WINDOW (self));

  on_apply_clicked (self);
}
