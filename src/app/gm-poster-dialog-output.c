/* gm-poster-dialog-output.c — what leaves the Print and Export dialog:
 * files (checked for size first, written in core's worker thread with
 * progress and Cancel), the printer (GtkPrintOperation, each page drawn in
 * a worker thread and replayed on the printer's page), and the grid
 * worker's photo kept in the project.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-poster-dialog-private.h"

static GmPoster *
new_poster (GmPosterDialog  *self,
            GError         **error)
{
  g_autoptr(GmPosterOptions) options = gm_poster_dialog_dup_options (self);

  return gm_poster_new (self->project_path, options, error);
}

static void
show_message (GmPosterDialog *self,
              const char     *heading,
              const char     *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- export ------------------------------------------------------------------ */

static void
on_export_progress (double      fraction,
                    const char *message,
                    gpointer    data)
{
  GmPosterDialog *self = data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  if (message != NULL)
    gtk_progress_bar_set_text (self->progress_bar, message);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(GmPosterDialog) self = data;
  g_autofree char *name = NULL;

  g_clear_error (&self->export_error);
  self->exporting = FALSE;
  g_clear_object (&self->export_cancellable);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  gtk_stack_set_visible_child_name (self->stack, "options");
  if (gm_poster_export_finish (GM_POSTER (source), result, &self->export_error))
    {
      g_autofree char *base = g_path_get_basename (g_object_get_data (source, "gm-path"));

      name = g_strdup_printf (_("Saved “%s”"), base);
      gm_poster_dialog_toast (self, name);
    }
  else if (g_error_matches (self->export_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gm_poster_dialog_toast (self, _("Export cancelled; nothing was written"));
  else
    show_message (self, _("Cannot Export"), self->export_error->message);
}

static void
start_export (GmPosterDialog *self,
              GmPoster       *poster,
              const char     *path)
{
  g_object_set_data_full (G_OBJECT (poster), "gm-path", g_strdup (path), g_free);
  self->exporting = TRUE;
  self->export_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gm_poster_export_async (poster, path, gm_poster_dialog_get_format (self),
                          gtk_spin_button_get_value (self->dpi_spin), on_export_progress, self,
                          self->export_cancellable, on_export_done, g_object_ref (self));
}

static void
on_large_response (AdwMessageDialog *dialog,
                   const char       *response,
                   GmPosterDialog   *self)
{
  GmPoster *poster = g_object_get_data (G_OBJECT (dialog), "gm-poster");

  if (g_str_equal (response, "export"))
    start_export (self, poster, g_object_get_data (G_OBJECT (dialog), "gm-path"));
}

/* A large output is said before it is made, and the user decides. */
static void
ask_large (GmPosterDialog *self,
           GmPoster       *poster,
           const char     *path,
           const char     *warning)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Large Output"), warning);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "export", _("_Export Anyway"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "gm-poster", g_object_ref (poster), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "gm-path", g_strdup (path), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_large_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
gm_poster_dialog_export_to (GmPosterDialog *self,
                            const char     *path)
{
  g_autoptr(GmPoster) poster = NULL;
  g_autoptr(GError) error = NULL;
  GmPosterCheck check = { 0 };

  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  g_return_if_fail (path != NULL);

  g_clear_error (&self->export_error);
  poster = new_poster (self, &error);
  if (poster == NULL
      || !gm_poster_check (poster, gm_poster_dialog_get_format (self),
                           gtk_spin_button_get_value (self->dpi_spin), &check, &error))
    {
      show_message (self, _("Cannot Export"), error->message);
      self->export_error = g_steal_pointer (&error);
      return;
    }
  if (check.warning != NULL)
    ask_large (self, poster, path, check.warning);
  else
    start_export (self, poster, path);
  gm_poster_check_clear (&check);
}

void
gm_poster_dialog_cancel_export (GmPosterDialog *self)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  g_cancellable_cancel (self->export_cancellable);
}

const GError *
gm_poster_dialog_get_export_error (GmPosterDialog *self)
{
  g_return_val_if_fail (GM_IS_POSTER_DIALOG (self), NULL);
  return self->export_error;
}

static void
on_export_cancel_clicked (GmPosterDialog *self)
{
  gm_poster_dialog_cancel_export (self);
}

static const char * const format_suffixes[] = { ".pdf", ".svg", ".png" };

/* The local path chosen in @chooser, which is done with; NULL when none. */
static char *
take_chosen_path (GtkNativeDialog *chooser,
                  int              response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  return file != NULL ? g_file_get_path (file) : NULL;
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  GmPosterDialog  *self)
{
  g_autofree char *path = take_chosen_path (chooser, response);
  const char *suffix = format_suffixes[gm_poster_dialog_get_format (self)];

  if (path == NULL)
    return;
  if (!g_str_has_suffix (path, suffix))
    {
      char *with = g_strconcat (path, suffix, NULL);

      g_free (path);
      path = with;
    }
  gm_poster_dialog_export_to (self, path);
}

static void
on_export_clicked (GmPosterDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (self->poster == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  title = gm_poster_dup_page_title (self->poster, 0);
  name = g_strconcat (g_strstrip (g_strdelimit (title, "/ ", '-')),
                      format_suffixes[gm_poster_dialog_get_format (self)], NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- print -------------------------------------------------------------------- */

static void
print_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GmPoster *poster = g_object_get_data (source_object, "gm-poster");
  guint page = GPOINTER_TO_UINT (task_data);
  cairo_rectangle_t extents = { 0, 0, 0, 0 };
  cairo_surface_t *recording;
  cairo_t *cr;
  GError *error = NULL;

  gm_poster_get_page_size (poster, &extents.width, &extents.height);
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (recording);
  if (gm_poster_draw_page (poster, cr, page, cancellable, &error))
    g_task_return_pointer (task, cairo_surface_reference (recording), (GDestroyNotify) cairo_surface_destroy);
  else
    g_task_return_error (task, error);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);
}

/* Replays the page drawn in the worker thread on the printer's page,
 * scaled to fit it and centred. */
static void
on_print_page_drawn (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  GtkPrintOperation *op = GTK_PRINT_OPERATION (source);
  g_autoptr(GtkPrintContext) context = data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *page = g_task_propagate_pointer (G_TASK (result), &error);
  GmPoster *poster = g_object_get_data (source, "gm-poster");
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double pw, ph, w = gtk_print_context_get_width (context), h = gtk_print_context_get_height (context);
  double scale;

  if (page == NULL)
    {
      g_warning ("Cannot draw a page to print: %s", error->message);
      gtk_print_operation_cancel (op);
      gtk_print_operation_draw_page_finish (op);
      return;
    }
  gm_poster_get_page_size (poster, &pw, &ph);
  scale = MIN (w / pw, h / ph);
  cairo_save (cr);
  cairo_translate (cr, (w - pw * scale) / 2, (h - ph * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, page, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (page);
  gtk_print_operation_draw_page_finish (op);
}

static void
on_draw_page (GtkPrintOperation *op,
              GtkPrintContext   *context,
              int                page_nr,
              gpointer           data)
{
  g_autoptr(GTask) task = g_task_new (op, NULL, on_print_page_drawn, g_object_ref (context));

  gtk_print_operation_set_defer_drawing (op);
  g_task_set_task_data (task, GUINT_TO_POINTER ((guint) page_nr), NULL);
  g_task_run_in_thread (task, print_page_thread);
}

static void
on_print_done (GtkPrintOperation       *op,
               GtkPrintOperationResult  result,
               GmPosterDialog          *self)
{
  g_autoptr(GError) error = NULL;

  self->exporting = FALSE;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (op, &error);
      show_message (self, _("Cannot Print"), error != NULL ? error->message : "");
    }
  g_object_unref (op);
  g_object_unref (self);
}

static GtkPageSetup *
new_page_setup (GmPosterDialog *self)
{
  static const char * const names[] = { "iso_a0", "iso_a1", "iso_a2", "iso_a3", "iso_a4" };
  g_autoptr(GmPosterOptions) options = gm_poster_dialog_dup_options (self);
  GtkPageSetup *setup = gtk_page_setup_new ();
  GtkPaperSize *paper = gtk_paper_size_new (names[options->paper]);

  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, options->landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                             : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_paper_size_free (paper);
  return setup;
}

static void
start_print (GmPosterDialog          *self,
             GtkPrintOperationAction  action,
             const char              *export_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPageSetup) setup = NULL;
  GmPoster *poster = new_poster (self, &error);
  GtkPrintOperation *op;

  if (poster == NULL)
    {
      show_message (self, _("Cannot Print"), error->message);
      return;
    }
  op = gtk_print_operation_new ();
  g_object_set_data_full (G_OBJECT (op), "gm-poster", poster, g_object_unref);
  setup = new_page_setup (self);
  gtk_print_operation_set_default_page_setup (op, setup);
  gtk_print_operation_set_n_pages (op, (int) gm_poster_get_n_pages (poster));
  gtk_print_operation_set_use_full_page (op, FALSE);
  gtk_print_operation_set_unit (op, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (op, TRUE);
  gtk_print_operation_set_show_progress (op, TRUE);
  gtk_print_operation_set_job_name (op, gtk_label_get_text (self->page_label));
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (op, export_path);
  g_signal_connect (op, "draw-page", G_CALLBACK (on_draw_page), NULL);
  g_signal_connect (op, "done", G_CALLBACK (on_print_done), g_object_ref (self));
  self->exporting = TRUE;
  if (gtk_print_operation_run (op, action, GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_message (self, _("Cannot Print"), error->message);
}

static void
on_print_clicked (GmPosterDialog *self)
{
  start_print (self, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL);
}

void
gm_poster_dialog_print_to_file (GmPosterDialog *self,
                                const char     *path)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  start_print (self, GTK_PRINT_OPERATION_ACTION_EXPORT, path);
}

/* ---- the worker's photo ------------------------------------------------------------- */

void
gm_poster_dialog_update_photo_row (GmPosterDialog *self)
{
  const char *code = gm_poster_dialog_get_grid_code (self);
  gboolean has = code != NULL && gm_poster_has_worker_photo (self->store, code);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->photo_row),
                               has ? _("Kept in the project") : _("None: the contact is printed without a photo"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->photo_remove_button), has);
}

static void
set_photo (GmPosterDialog *self,
           const char     *path)
{
  g_autoptr(GError) error = NULL;
  const char *code = gm_poster_dialog_get_grid_code (self);

  if (code == NULL)
    return;
  if (!gm_poster_set_worker_photo (self->store, code, path, &error))
    show_message (self, _("Cannot Use This Photo"), error->message);
  gm_poster_dialog_refresh (self);
}

static void
on_photo_response (GtkNativeDialog *chooser,
                   int              response,
                   GmPosterDialog  *self)
{
  g_autofree char *path = take_chosen_path (chooser, response);

  if (path != NULL)
    set_photo (self, path);
}

static void
on_photo_choose_clicked (GmPosterDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Photo"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Photos (PNG, JPEG)"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_photo_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_photo_remove_clicked (GmPosterDialog *self)
{
  set_photo (self, NULL);
}

void
gm_poster_dialog_output_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_print_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_photo_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_photo_remove_clicked);
}
