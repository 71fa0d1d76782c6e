/* gm-partition-dialog.c — the options of an automatic division, and its run.
 *
 * Pages: "options", "progress" (core's worker thread, its own connection to
 * the project, Cancel), "error". The plan is saved by the worker; the
 * dialog says which with "done" and closes.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-partition.h"
#include "gm-partition-dialog.h"

struct _GmPartitionDialog
{
  AdwWindow parent_instance;

  /* template */
  GtkButton      *cancel_button;
  GtkButton      *divide_button;
  GtkStack       *stack;
  AdwComboRow    *community_row;
  AdwComboRow    *mode_row;
  AdwActionRow   *households_row;
  AdwActionRow   *grids_row;
  GtkSwitch      *rebalance_switch;
  GtkSpinButton  *households_spin;
  GtkSpinButton  *grids_spin;
  GtkSpinButton  *hazard_spin;
  GtkSpinButton  *key_spin;
  GtkProgressBar *progress_bar;
  AdwStatusPage  *error_page;

  char           *project_path;
  GPtrArray      *communities;    /* of GmCommunityInfo */
  GCancellable   *cancellable;
  gboolean        running;
};

G_DEFINE_FINAL_TYPE (GmPartitionDialog, gm_partition_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Households per grid, or a number of grids. */
enum { MODE_HOUSEHOLDS, MODE_GRIDS };

static void
update_sensitivity (GmPartitionDialog *self)
{
  gboolean fresh = !gtk_switch_get_active (self->rebalance_switch);
  gboolean by_grids = adw_combo_row_get_selected (self->mode_row) == MODE_GRIDS;

  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_row), fresh);
  gtk_widget_set_sensitive (GTK_WIDGET (self->households_row), fresh);
  gtk_widget_set_sensitive (GTK_WIDGET (self->grids_row), fresh);
  gtk_widget_set_visible (GTK_WIDGET (self->households_row), !by_grids);
  gtk_widget_set_visible (GTK_WIDGET (self->grids_row), by_grids);
  gtk_widget_set_sensitive (GTK_WIDGET (self->divide_button),
                            !self->running && self->communities->len > 0);
}

static void
on_mode_changed (GmPartitionDialog *self)
{
  update_sensitivity (self);
}

static void
on_rebalance_toggled (GmPartitionDialog *self)
{
  update_sensitivity (self);
}

static void
show_error (GmPartitionDialog *self,
            const char        *message)
{
  adw_status_page_set_description (self->error_page, message);
  gtk_widget_set_visible (GTK_WIDGET (self->divide_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
on_back_clicked (GmPartitionDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->divide_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "options");
}

/* ---- the run ------------------------------------------------------------------------ */

static void
on_progress (double      fraction,
             const char *message,
             gpointer    user_data)
{
  GmPartitionDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  if (message != NULL && !g_cancellable_is_cancelled (self->cancellable))
    gtk_progress_bar_set_text (self->progress_bar, message);
}

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GmPartitionDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GmPlan) plan = gm_partition_run_finish (result, &error);

  self->running = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
  gtk_button_set_label (self->cancel_button, _("_Cancel"));
  update_sensitivity (self);
  if (plan != NULL)
    {
      g_signal_emit (self, signals[SIGNAL_DONE], 0, plan->id);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_window_destroy (GTK_WINDOW (self));
  else
    show_error (self, error->message);
}

static void
fill_options (GmPartitionDialog  *self,
              GmPartitionOptions *options)
{
  guint selected = adw_combo_row_get_selected (self->community_row);
  const GmCommunityInfo *community = g_ptr_array_index (self->communities, selected);

  gm_partition_options_init (options);
  options->community_code = g_strdup (community->code);
  options->rebalance = gtk_switch_get_active (self->rebalance_switch);
  if (adw_combo_row_get_selected (self->mode_row) == MODE_GRIDS)
    options->grids = (guint) gtk_spin_button_get_value_as_int (self->grids_spin);
  else
    options->households_per_grid = gtk_spin_button_get_value (self->households_spin);
  options->hazard_weight = gtk_spin_button_get_value (self->hazard_spin);
  options->key_weight = gtk_spin_button_get_value (self->key_spin);
}

static void
on_divide_clicked (GmPartitionDialog *self)
{
  GmPartitionOptions options;

  if (self->running || adw_combo_row_get_selected (self->community_row) >= self->communities->len)
    return;
  fill_options (self, &options);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  update_sensitivity (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Starting…"));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gm_partition_run_async (self->project_path, &options, on_progress, self, self->cancellable,
                          on_run_done, g_object_ref (self));
  gm_partition_options_clear (&options);
}

/* While dividing, Cancel (and closing) stops the worker; the dialog closes
 * when it has. */
static void
on_cancel_clicked (GmPartitionDialog *self)
{
  if (!self->running)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  g_cancellable_cancel (self->cancellable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
}

static gboolean
gm_partition_dialog_close_request (GtkWindow *window)
{
  GmPartitionDialog *self = GM_PARTITION_DIALOG (window);

  if (!self->running)
    return GTK_WINDOW_CLASS (gm_partition_dialog_parent_class)->close_request (window);
  on_cancel_clicked (self);
  return TRUE;
}

/* ---- class -------------------------------------------------------------------------- */

static void
gm_partition_dialog_dispose (GObject *object)
{
  GmPartitionDialog *self = GM_PARTITION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GM_TYPE_PARTITION_DIALOG);

  G_OBJECT_CLASS (gm_partition_dialog_parent_class)->dispose (object);
}

static void
gm_partition_dialog_finalize (GObject *object)
{
  GmPartitionDialog *self = GM_PARTITION_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->communities, g_ptr_array_unref);
  g_free (self->project_path);

  G_OBJECT_CLASS (gm_partition_dialog_parent_class)->finalize (object);
}

static void
gm_partition_dialog_class_init (GmPartitionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gm_partition_dialog_dispose;
  object_class->finalize = gm_partition_dialog_finalize;
  window_class->close_request = gm_partition_dialog_close_request;

  /**
   * GmPartitionDialog::done:
   * @plan_id: the saved plan
   */
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-partition-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, divide_button);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, community_row);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, households_row);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, grids_row);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, rebalance_switch);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, households_spin);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, grids_spin);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, hazard_spin);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, key_spin);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GmPartitionDialog, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_divide_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_rebalance_toggled);
  /* Escape closes it, as the close button does (and asks the same). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gm_partition_dialog_init (GmPartitionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->communities = g_ptr_array_new ();
}

GmPartitionDialog *
gm_partition_dialog_new (GtkWindow *parent,
                         GmStore   *store)
{
  GmPartitionDialog *self;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  self = g_object_new (GM_TYPE_PARTITION_DIALOG, "transient-for", parent, NULL);
  self->project_path = g_strdup (gm_store_get_path (store));
  g_clear_pointer (&self->communities, g_ptr_array_unref);
  self->communities = gm_store_dup_communities (store, &error);
  if (self->communities == NULL)
    {
      self->communities = g_ptr_array_new ();
      show_error (self, error->message);
    }
  for (guint i = 0; i < self->communities->len; i++)
    {
      const GmCommunityInfo *c = g_ptr_array_index (self->communities, i);
      /* Translators: a community in a list, "林城社区 (990101001001)" */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), c->name != NULL && *c->name ? c->name : c->code, c->code);

      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->community_row, G_LIST_MODEL (names));
  if (self->communities->len == 0 && error == NULL)
    show_error (self, _("The project has no community to divide: import a community boundary first"));
  update_sensitivity (self);
  return self;
}

const char *
gm_partition_dialog_get_page (GmPartitionDialog *self)
{
  g_return_val_if_fail (GM_IS_PARTITION_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
gm_partition_dialog_get_error_text (GmPartitionDialog *self)
{
  g_return_val_if_fail (GM_IS_PARTITION_DIALOG (self), NULL);

  return adw_status_page_get_description (self->error_page);
}

void
gm_partition_dialog_set_size (GmPartitionDialog *self,
                              guint              grids,
                              double             households_per_grid,
                              gboolean           rebalance)
{
  g_return_if_fail (GM_IS_PARTITION_DIALOG (self));

  adw_combo_row_set_selected (self->mode_row, grids > 0 ? MODE_GRIDS : MODE_HOUSEHOLDS);
  if (grids > 0)
    gtk_spin_button_set_value (self->grids_spin, grids);
  else
    gtk_spin_button_set_value (self->households_spin, households_per_grid);
  gtk_switch_set_active (self->rebalance_switch, rebalance);
}

void
gm_partition_dialog_divide (GmPartitionDialog *self)
{
  g_return_if_fail (GM_IS_PARTITION_DIALOG (self));

  on_divide_clicked (self);
}
