/* gm-import-dialog.c — import one file into the project.
 *
 * Pages: "options" (what the file holds and how its fields map), "progress"
 * (the import runs in core's worker thread and can be cancelled), "report"
 * (what was imported, repaired and skipped) and "error".
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-import-dialog-private.h"

/* Issues listed one by one; the rest are summed up in one row. */
#define MAX_ISSUE_ROWS 500

G_DEFINE_FINAL_TYPE (GmImportDialog, gm_import_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


/* ---- helpers ----------------------------------------------------------- */

void
gm_import_dialog_show_error (GmImportDialog *self,
            const char     *title,
            const char     *message,
            gboolean        can_go_back)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), can_go_back);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

char *
gm_import_dialog_dup_file_name (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  return g_filename_display_name (base);
}

static GtkStringList *
new_field_model (const GmSourceLayer *layer)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("(none)"));
  for (guint i = 0; layer->fields != NULL && layer->fields[i] != NULL; i++)
    gtk_string_list_append (model, layer->fields[i]);
  return model;
}

static int
field_index (const GmSourceLayer *layer,
             const char          *field)
{
  for (guint i = 0; field != NULL && layer->fields != NULL && layer->fields[i] != NULL; i++)
    if (g_str_equal (layer->fields[i], field))
      return i;
  return -1;
}

/* The chosen source field of a mapping row; NULL for "(none)". */
static const char *
row_field (GmImportDialog *self,
           AdwComboRow    *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      self->layer->fields == NULL || selected > g_strv_length (self->layer->fields))
    return NULL;
  return self->layer->fields[selected - 1];
}

/* ---- field mapping ------------------------------------------------------- */

static void
update_sample (GmImportDialog *self,
               AdwComboRow    *row)
{
  int i = field_index (self->layer, row_field (self, row));
  const char *sample = NULL;

  if (i >= 0 && self->layer->samples != NULL && i < (int) g_strv_length (self->layer->samples))
    sample = self->layer->samples[i];
  if (i < 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Not imported"));
  else if (sample == NULL || *sample == '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No value in the first features"));
  else
    {
      /* Translators: the first value of a source field, shown under the
       * project field it is mapped to */
      g_autofree char *text = g_strdup_printf (_("e.g. “%s”"), sample);

      /* Also keeps a one-character value wider than the ellipsis, which
       * GTK 4.8's ellipsizing label otherwise measures wrongly. */
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
    }
}

static void
on_field_changed (GmImportDialog *self,
                  GParamSpec     *pspec,
                  AdwComboRow    *row)
{
  update_sample (self, row);
}

static void
clear_field_rows (GmImportDialog *self)
{
  for (guint i = 0; i < self->field_rows->len; i++)
    gtk_list_box_remove (self->fields_list, g_ptr_array_index (self->field_rows, i));
  g_ptr_array_set_size (self->field_rows, 0);
}

static AdwComboRow *
new_field_row (GmImportDialog *self,
               const char     *target,
               GHashTable     *guess)
{
  g_autoptr(GtkStringList) model = new_field_model (self->layer);
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  int chosen = field_index (self->layer, guess != NULL ? g_hash_table_lookup (guess, target) : NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gm_import_target_get_label (target));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_combo_row_set_model (row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (row, chosen + 1);
  g_object_set_data_full (G_OBJECT (row), "gm-target", g_strdup (target), g_free);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_field_changed),
                           self, G_CONNECT_SWAPPED);
  update_sample (self, row);
  return row;
}

void
gm_import_dialog_fill_field_rows (GmImportDialog *self)
{
  GmImportKind kind = gm_import_dialog_get_kind (self);
  const char * const *targets = gm_import_kind_get_targets (kind);
  g_autoptr(GHashTable) guess = gm_import_guess_mapping (kind, self->layer);

  clear_field_rows (self);
  for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
    {
      AdwComboRow *row = new_field_row (self, targets[i], guess);

      gtk_list_box_append (self->fields_list, GTK_WIDGET (row));
      g_ptr_array_add (self->field_rows, row);
    }
}

/* ---- running the import ------------------------------------------------ */

/* ---- signals from the options page -------------------------------------- */

static void
on_kind_changed (GmImportDialog *self)
{
  if (!self->updating && self->layer != NULL)
    gm_import_dialog_fill_field_rows (self);
}

/* ---- running the import ------------------------------------------------ */

static GmImportOptions *
build_options (GmImportDialog *self)
{
  GmImportOptions *options = gm_import_options_new (gm_import_dialog_get_kind (self));

  options->layer = g_strdup (self->layer->name);
  options->encoding = g_strdup (gm_import_dialog_get_encoding_choice (self));
  options->srs = gm_import_dialog_dup_srs_choice (self);
  options->shift = gm_import_dialog_get_shift (self);

  /* Every target explicitly, "(none)" too, so nothing is guessed behind
   * the user's back. */
  for (guint i = 0; i < self->field_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->field_rows, i);

      gm_import_options_map (options, g_object_get_data (G_OBJECT (row), "gm-target"),
                             row_field (self, row));
    }
  return options;
}

static void
on_progress (double      fraction,
             const char *message,
             gpointer    user_data)
{
  GmImportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
  gtk_progress_bar_set_text (self->progress_bar, message);
}

static GtkWidget *
issue_row (const GmImportIssue *issue)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  const char *kind;

  switch (issue->kind)
    {
    case GM_IMPORT_ISSUE_REPAIRED:
      kind = _("Repaired");
      break;
    case GM_IMPORT_ISSUE_SKIPPED:
      kind = _("Skipped");
      break;
    case GM_IMPORT_ISSUE_WARNING:
    default:
      kind = _("Warning");
      break;
    }
  if (issue->feature >= 0)
    title = g_strdup_printf (_("%s: feature %lld"), kind, (long long) issue->feature);
  else
    title = g_strdup_printf (_("%s: whole file"), kind);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), issue->reason);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (issue->kind == GM_IMPORT_ISSUE_SKIPPED)
    gtk_widget_add_css_class (row, "gm-issue-skipped");
  return row;
}

static void
show_report (GmImportDialog *self)
{
  g_autofree char *summary = gm_import_report_summary (self->report);
  GPtrArray *issues = self->report->issues;
  guint n = issues != NULL ? issues->len : 0;

  gtk_label_set_text (self->report_summary, summary);
  for (guint i = 0; i < MIN (n, MAX_ISSUE_ROWS); i++)
    gtk_list_box_append (self->issues_list, issue_row (g_ptr_array_index (issues, i)));
  if (n > MAX_ISSUE_ROWS)
    {
      /* Past 10,000 the importer counts issues without keeping them. */
      gint64 rest = (gint64) (n - MAX_ISSUE_ROWS) + self->report->issues_omitted;
      g_autofree char *more = g_strdup_printf (_("And %lld more issues"), (long long) rest);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_list_box_append (self->issues_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->done_button), TRUE);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->done_button));
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
import_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GmImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->importing = FALSE;
  self->report = gm_import_run_finish (result, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->cancelled = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (self->report == NULL)
    gm_import_dialog_show_error (self, _("The Import Failed"), error->message, TRUE);
  else
    show_report (self);
}

void
gm_import_dialog_start (GmImportDialog *self)
{
  g_autoptr(GmImportOptions) options = NULL;

  g_return_if_fail (GM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (self->layer != NULL && !self->importing);

  options = build_options (self);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->importing = TRUE;

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading…"));
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "progress");

  gm_import_run_async (self->project_path, self->path, options, on_progress, self,
                       self->cancellable, import_done, g_object_ref (self));
}

/* ---- buttons and closing ------------------------------------------------- */

static void
on_import_clicked (GmImportDialog *self)
{
  gm_import_dialog_start (self);
}

static void
on_cancel_clicked (GmImportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_done_clicked (GmImportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_back_clicked (GmImportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "options");
}

/* While importing, closing cancels; the dialog closes when the worker has
 * rolled back. */
static gboolean
gm_import_dialog_close_request (GtkWindow *window)
{
  GmImportDialog *self = GM_IMPORT_DIALOG (window);

  if (self->importing)
    {
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
      return TRUE;
    }
  if (!self->done_emitted)
    {
      self->done_emitted = TRUE;
      g_signal_emit (self, signals[SIGNAL_DONE], 0, self->report, self->cancelled);
    }
  return GTK_WINDOW_CLASS (gm_import_dialog_parent_class)->close_request (window);
}

/* ---- getters ------------------------------------------------------------- */

const char *
gm_import_dialog_get_page (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GmImportKind
gm_import_dialog_get_kind (GmImportDialog *self)
{
  guint selected;

  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), GM_IMPORT_BUILDINGS);

  selected = adw_combo_row_get_selected (self->kind_row);
  return selected < GM_IMPORT_N_KINDS ? (GmImportKind) selected : GM_IMPORT_BUILDINGS;
}

void
gm_import_dialog_set_kind (GmImportDialog *self,
                           GmImportKind    kind)
{
  g_return_if_fail (GM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (kind < GM_IMPORT_N_KINDS);

  adw_combo_row_set_selected (self->kind_row, kind);
}

const char *
gm_import_dialog_get_srs_text (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);
  return adw_action_row_get_subtitle (self->srs_row);
}

const char *
gm_import_dialog_get_error_text (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);
  return adw_status_page_get_description (self->error_page);
}

const char *
gm_import_dialog_get_field_for (GmImportDialog *self,
                                const char     *target)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);

  for (guint i = 0; i < self->field_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->field_rows, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "gm-target"), target) == 0)
        return row_field (self, row);
    }
  return NULL;
}

const GmImportReport *
gm_import_dialog_get_report (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);
  return self->report;
}

/* ---- class ------------------------------------------------------------- */

static void
gm_import_dialog_dispose (GObject *object)
{
  GmImportDialog *self = GM_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GM_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (gm_import_dialog_parent_class)->dispose (object);
}

static void
gm_import_dialog_finalize (GObject *object)
{
  GmImportDialog *self = GM_IMPORT_DIALOG (object);

  g_clear_pointer (&self->source, gm_source_free);
  g_clear_pointer (&self->report, gm_import_report_free);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_pointer (&self->warning_rows, g_ptr_array_unref);
  g_clear_pointer (&self->encoding_choices, g_strfreev);
  g_clear_object (&self->cancellable);
  g_free (self->project_path);
  g_free (self->path);

  G_OBJECT_CLASS (gm_import_dialog_parent_class)->finalize (object);
}

static void
gm_import_dialog_class_init (GmImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gm_import_dialog_dispose;
  object_class->finalize = gm_import_dialog_finalize;
  window_class->close_request = gm_import_dialog_close_request;

  signals[SIGNAL_DONE] =
    g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, source_group);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, srs_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, epsg_row);
  gm_import_dialog_bind_source (widget_class);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, fields_list);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, report_summary);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, issues_list);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_done_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  /* Escape closes it, as the close button does (and asks the same). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

/* The choices of a combo row's list in full, wrapped when long: a
 * coordinate system's name tells zones apart only at its end
 * ("EPSG:32637 — WGS 84 / UTM zone 37N"). */
static void
setup_wrapped_choice (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  data)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "xalign", 0.0f,
                                   "wrap", TRUE,
                                   "wrap-mode", PANGO_WRAP_WORD_CHAR,
                                   "max-width-chars", 40,
                                   NULL);

  gtk_list_item_set_child (item, label);
}

static void
bind_wrapped_choice (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      GTK_IS_STRING_OBJECT (string) ? gtk_string_object_get_string (string) : "");
}

static void
wrap_choices (AdwComboRow *row)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_wrapped_choice), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_wrapped_choice), NULL);
  adw_combo_row_set_list_factory (row, factory);
}

static void
gm_import_dialog_init (GmImportDialog *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *placeholder = gtk_label_new (_("No issues: every feature was imported as it was"));

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->field_rows = g_ptr_array_new ();
  self->warning_rows = g_ptr_array_new ();

  for (guint i = 0; i < GM_IMPORT_N_KINDS; i++)
    gtk_string_list_append (kinds, gm_import_kind_get_label (i));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  wrap_choices (self->srs_choice_row);
  wrap_choices (self->shift_row);

  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_list_box_set_placeholder (self->issues_list, placeholder);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
  self->updating = FALSE;
}

GmImportDialog *
gm_import_dialog_new (GtkWindow  *parent,
                      const char *project_path,
                      GFile      *file)
{
  GmImportDialog *self;
  g_autofree char *name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (project_path != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (GM_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->project_path = g_strdup (project_path);
  self->path = g_file_get_path (file);
  if (self->path == NULL)
    self->path = g_file_get_uri (file);

  name = gm_import_dialog_dup_file_name (self->path);
  adw_window_title_set_subtitle (self->window_title, name);

  self->updating = TRUE;
  gm_import_dialog_read_project (self);
  if (gm_import_dialog_probe (self, NULL))
    {
      gm_import_dialog_fill_encodings (self);
      gm_import_dialog_fill_layer (self);
      gtk_stack_set_visible_child_name (self->stack, "options");
    }
  self->updating = FALSE;
  return self;
}
