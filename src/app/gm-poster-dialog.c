/* gm-poster-dialog.c — the Print and Export dialog: what to print, on
 * which paper, in which format, and a live preview of the page.
 *
 * The preview is drawn by core's poster code, the code that writes the
 * files and feeds the printer, in a worker thread; a change of option
 * cancels the drawing under way and starts a new one.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-poster-dialog-private.h"

/* The preview is drawn this many pixels on its long side. */
#define PREVIEW_PIXELS 1100

G_DEFINE_FINAL_TYPE (GmPosterDialog, gm_poster_dialog, ADW_TYPE_WINDOW)

/* ---- options ------------------------------------------------------------------ */

void
gm_poster_options_free (GmPosterOptions *options)
{
  g_free ((char *) options->grid_code);
  g_free ((char *) options->community_code);
  g_free ((char *) options->notice);
  g_free (options);
}

static const char *
selected_code (AdwComboRow *row,
               GPtrArray   *list)
{
  guint i = adw_combo_row_get_selected (row);

  if (list == NULL || i == GTK_INVALID_LIST_POSITION || i >= list->len)
    return NULL;
  return ((GmCommunityInfo *) g_ptr_array_index (list, i))->code;
}

const char *
gm_poster_dialog_get_grid_code (GmPosterDialog *self)
{
  return selected_code (self->grid_row, self->grids);
}

GmPosterFormat
gm_poster_dialog_get_format (GmPosterDialog *self)
{
  return (GmPosterFormat) MIN (adw_combo_row_get_selected (self->format_row), GM_POSTER_PNG);
}

static char *
dup_notice_text (GmPosterDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notice_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* The options the dialog shows, owned by the caller. */
GmPosterOptions *
gm_poster_dialog_dup_options (GmPosterDialog *self)
{
  GmPosterOptions *options = g_new0 (GmPosterOptions, 1);
  gboolean all = gtk_switch_get_active (self->cards_all_switch);

  options->kind = (GmPosterKind) MIN (adw_combo_row_get_selected (self->kind_row), GM_POSTER_CARDS);
  if (options->kind == GM_POSTER_GRID || (options->kind == GM_POSTER_CARDS && !all))
    options->grid_code = g_strdup (gm_poster_dialog_get_grid_code (self));
  else
    options->community_code = g_strdup (selected_code (self->community_row, self->communities));
  options->paper = (GmPaper) MIN (adw_combo_row_get_selected (self->paper_row), GM_PAPER_A4);
  options->landscape = gtk_switch_get_active (self->landscape_switch);
  options->hazard_counts = gtk_switch_get_active (self->hazards_switch);
  options->notice = dup_notice_text (self);
  return options;
}

/* Shows the rows the chosen kind uses. */
static void
update_rows (GmPosterDialog *self)
{
  GmPosterKind kind = (GmPosterKind) adw_combo_row_get_selected (self->kind_row);
  gboolean all = gtk_switch_get_active (self->cards_all_switch);
  gboolean one_grid = kind == GM_POSTER_GRID || (kind == GM_POSTER_CARDS && !all);

  gtk_widget_set_visible (GTK_WIDGET (self->grid_row), one_grid);
  gtk_widget_set_visible (GTK_WIDGET (self->community_row), !one_grid);
  gtk_widget_set_visible (GTK_WIDGET (self->cards_all_row), kind == GM_POSTER_CARDS);
  gtk_widget_set_visible (GTK_WIDGET (self->photo_group), one_grid);
  gtk_widget_set_visible (GTK_WIDGET (self->dpi_row), gm_poster_dialog_get_format (self) == GM_POSTER_PNG);
  gm_poster_dialog_update_photo_row (self);
}

/* ---- output size ---------------------------------------------------------------- */

static void
set_output_text (GmPosterDialog *self,
                 const char     *text)
{
  g_free (self->output_text);
  self->output_text = g_strdup (text);
  adw_action_row_set_subtitle (self->size_row, text);
}

/* What the export would make, said before it starts: pages, files, size;
 * a warning or why it cannot be made. */
static void
update_output (GmPosterDialog *self)
{
  GmPosterFormat format = gm_poster_dialog_get_format (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GmPosterCheck check;

  if (self->poster == NULL)
    return;
  if (!gm_poster_check (self->poster, format, gtk_spin_button_get_value (self->dpi_spin), &check, &error))
    {
      set_output_text (self, error->message);
      return;
    }
  g_string_append_printf (text, ngettext ("%u page", "%u pages", check.pages), check.pages);
  if (check.files > 1)
    g_string_append_printf (text, ngettext (", %u file", ", %u files", check.files), check.files);
  if (format == GM_POSTER_PNG)
    g_string_append_printf (text, _(", %d × %d pixels"), check.width_px, check.height_px);
  g_string_append_printf (text, _(", about %.1f MB"), check.estimated_bytes / 1048576.0);
  if (check.warning != NULL)
    g_string_append_printf (text, "\n%s", check.warning);
  if (gm_poster_get_warning (self->poster) != NULL)
    g_string_append_printf (text, "\n%s", gm_poster_get_warning (self->poster));
  set_output_text (self, text->str);
  gm_poster_check_clear (&check);
}

/* ---- preview -------------------------------------------------------------------- */

typedef struct
{
  char            *project_path;
  GmPosterOptions *options;
  guint            page;
} PreviewJob;

typedef struct
{
  GmPoster        *poster;
  cairo_surface_t *image;
  guint            page;
} PreviewResult;

static void
preview_job_free (PreviewJob *job)
{
  g_free (job->project_path);
  gm_poster_options_free (job->options);
  g_free (job);
}

static void
preview_result_free (PreviewResult *result)
{
  g_clear_object (&result->poster);
  g_clear_pointer (&result->image, cairo_surface_destroy);
  g_free (result);
}

static cairo_surface_t *
draw_preview (GmPoster      *poster,
              guint          page,
              GCancellable  *cancellable,
              GError       **error)
{
  double w, h, scale;
  cairo_surface_t *image;
  cairo_t *cr;
  gboolean ok;

  gm_poster_get_page_size (poster, &w, &h);
  scale = PREVIEW_PIXELS / MAX (w, h);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (w * scale), (int) (h * scale));
  cr = cairo_create (image);
  cairo_scale (cr, scale, scale);
  ok = gm_poster_draw_page (poster, cr, page, cancellable, error);
  /* The sheet's edge, on the grey desk behind it. */
  cairo_identity_matrix (cr);
  cairo_rectangle (cr, 0.5, 0.5, (int) (w * scale) - 1, (int) (h * scale) - 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
  if (!ok)
    g_clear_pointer (&image, cairo_surface_destroy);
  return image;
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  PreviewResult *result = g_new0 (PreviewResult, 1);
  GError *error = NULL;

  result->poster = gm_poster_new (job->project_path, job->options, &error);
  if (result->poster != NULL)
    {
      result->page = MIN (job->page, gm_poster_get_n_pages (result->poster) - 1);
      result->image = draw_preview (result->poster, result->page, cancellable, &error);
    }
  if (error != NULL)
    {
      preview_result_free (result);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, result, (GDestroyNotify) preview_result_free);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *image)
{
  int w = cairo_image_surface_get_width (image);
  int h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (image);
  bytes = g_bytes_new (cairo_image_surface_get_data (image), (gsize) stride * h);
  /* GDK_MEMORY_DEFAULT is cairo's premultiplied native-endian ARGB. */
  return gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
show_page_label (GmPosterDialog *self)
{
  guint n = self->poster != NULL ? gm_poster_get_n_pages (self->poster) : 0;
  g_autofree char *title = n > 0 ? gm_poster_dup_page_title (self->poster, self->page) : NULL;
  g_autofree char *label = NULL;

  /* Translators: the page shown in the preview: its number, the number of
   * pages, and what it shows */
  label = n > 0 ? g_strdup_printf (_("Page %u of %u · %s"), self->page + 1, n, title) : g_strdup ("");
  gtk_label_set_text (self->page_label, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), self->page > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), self->page + 1 < n);
}

static void
preview_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GmPosterDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  PreviewResult *result = g_task_propagate_pointer (G_TASK (res), &error);
  g_autoptr(GdkTexture) texture = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->preview_cancellable);
  gtk_spinner_stop (self->preview_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_error), result == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), result != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->print_button), result != NULL);
  g_clear_object (&self->poster);
  if (result == NULL)
    {
      adw_status_page_set_description (self->preview_error, error->message);
      gtk_picture_set_paintable (self->preview, NULL);
      set_output_text (self, error->message);
      show_page_label (self);
      return;
    }
  self->poster = g_steal_pointer (&result->poster);
  self->page = result->page;
  texture = texture_from_surface (result->image);
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
  show_page_label (self);
  update_output (self);
  preview_result_free (result);
}

static gboolean
start_preview (gpointer data)
{
  GmPosterDialog *self = data;
  g_autoptr(GTask) task = NULL;
  PreviewJob *job = g_new0 (PreviewJob, 1);

  self->refresh_id = 0;
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->preview_cancellable = g_cancellable_new ();
  job->project_path = g_strdup (self->project_path);
  job->options = gm_poster_dialog_dup_options (self);
  job->page = self->page;
  gtk_spinner_start (self->preview_spinner);
  task = g_task_new (NULL, self->preview_cancellable, preview_done, g_object_ref (self));
  g_task_set_task_data (task, job, (GDestroyNotify) preview_job_free);
  g_task_run_in_thread (task, preview_thread);
  return G_SOURCE_REMOVE;
}

/* Draws the preview again soon: options change in bursts (typing, a spin
 * button held down), and one drawing for a burst is enough. */
void
gm_poster_dialog_refresh (GmPosterDialog *self)
{
  update_rows (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (150, start_preview, self);
  gtk_spinner_start (self->preview_spinner);
}

static void
on_option_changed (GmPosterDialog *self)
{
  self->page = 0;
  gm_poster_dialog_refresh (self);
}

static void
on_previous_clicked (GmPosterDialog *self)
{
  gm_poster_dialog_show_page (self, self->page > 0 ? self->page - 1 : 0);
}

static void
on_next_clicked (GmPosterDialog *self)
{
  gm_poster_dialog_show_page (self, self->page + 1);
}

/* ---- the notice ------------------------------------------------------------------- */

static gboolean
save_notice (gpointer data)
{
  GmPosterDialog *self = data;
  g_autofree char *notice = dup_notice_text (self);
  g_autoptr(GError) error = NULL;

  self->notice_save_id = 0;
  if (!gm_poster_set_notice (self->store, notice, &error))
    gm_poster_dialog_toast (self, error->message);
  return G_SOURCE_REMOVE;
}

static void
on_notice_changed (GmPosterDialog *self)
{
  g_clear_handle_id (&self->notice_save_id, g_source_remove);
  self->notice_save_id = g_timeout_add (600, save_notice, self);
  gm_poster_dialog_refresh (self);
}

/* ---- construction ------------------------------------------------------------------ */

void
gm_poster_dialog_toast (GmPosterDialog *self,
                        const char     *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static GListModel *
new_place_model (GPtrArray *list)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      GmCommunityInfo *info = g_ptr_array_index (list, i);
      g_autofree char *text = g_strdup_printf ("%s %s", info->name != NULL ? info->name : "", info->code);

      gtk_string_list_append (model, g_strstrip (text));
    }
  return G_LIST_MODEL (model);
}

static void
fill_places (GmPosterDialog *self,
             const char     *grid_code)
{
  g_autoptr(GListModel) grids = NULL;
  g_autoptr(GListModel) communities = NULL;

  self->grids = gm_poster_dup_grids (self->store, NULL);
  self->communities = gm_poster_dup_communities (self->store, NULL);
  grids = new_place_model (self->grids);
  communities = new_place_model (self->communities);
  adw_combo_row_set_model (self->grid_row, grids);
  adw_combo_row_set_model (self->community_row, communities);
  for (guint i = 0; grid_code != NULL && self->grids != NULL && i < self->grids->len; i++)
    if (g_str_equal (((GmCommunityInfo *) g_ptr_array_index (self->grids, i))->code, grid_code))
      adw_combo_row_set_selected (self->grid_row, i);
}

GmPosterDialog *
gm_poster_dialog_new (GtkWindow  *parent,
                      GmStore    *store,
                      const char *grid_code)
{
  GmPosterDialog *self;
  g_autofree char *notice = NULL;
  GtkTextBuffer *buffer;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  self = g_object_new (GM_TYPE_POSTER_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->project_path = g_strdup (gm_store_get_path (store));
  fill_places (self, grid_code);
  notice = gm_poster_dup_notice (store);
  buffer = gtk_text_view_get_buffer (self->notice_view);
  gtk_text_buffer_set_text (buffer, notice != NULL ? notice : "", -1);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_notice_changed), self, G_CONNECT_SWAPPED);
  gm_poster_dialog_refresh (self);
  return self;
}

static void
gm_poster_dialog_dispose (GObject *object)
{
  GmPosterDialog *self = GM_POSTER_DIALOG (object);

  if (self->notice_save_id != 0)
    {
      g_clear_handle_id (&self->notice_save_id, g_source_remove);
      save_notice (self);
    }
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_cancellable_cancel (self->preview_cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->poster);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), GM_TYPE_POSTER_DIALOG);

  G_OBJECT_CLASS (gm_poster_dialog_parent_class)->dispose (object);
}

static void
gm_poster_dialog_finalize (GObject *object)
{
  GmPosterDialog *self = GM_POSTER_DIALOG (object);

  g_clear_pointer (&self->grids, g_ptr_array_unref);
  g_clear_pointer (&self->communities, g_ptr_array_unref);
  g_clear_error (&self->export_error);
  g_free (self->project_path);
  g_free (self->output_text);

  G_OBJECT_CLASS (gm_poster_dialog_parent_class)->finalize (object);
}

static void
gm_poster_dialog_class_init (GmPosterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_poster_dialog_dispose;
  object_class->finalize = gm_poster_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-poster-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GmPosterDialog, name)
  BIND (toast_overlay); BIND (export_button); BIND (print_button); BIND (stack);
  BIND (kind_row); BIND (grid_row); BIND (community_row); BIND (cards_all_row);
  BIND (cards_all_switch); BIND (hazards_switch); BIND (paper_row); BIND (landscape_switch);
  BIND (format_row); BIND (dpi_row); BIND (dpi_spin); BIND (size_row); BIND (notice_view);
  BIND (photo_group); BIND (photo_row); BIND (photo_remove_button); BIND (preview);
  BIND (preview_spinner); BIND (preview_error); BIND (previous_button); BIND (next_button);
  BIND (page_label); BIND (progress_page); BIND (progress_bar);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_option_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
  gm_poster_dialog_output_class_init (widget_class);
  /* Escape closes it, as the close button does (and asks the same). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gm_poster_dialog_init (GmPosterDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- for tests ------------------------------------------------------------------- */

void
gm_poster_dialog_set_kind (GmPosterDialog *self,
                           GmPosterKind    kind)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  adw_combo_row_set_selected (self->kind_row, kind);
}

void
gm_poster_dialog_set_paper (GmPosterDialog *self,
                            GmPaper         paper,
                            gboolean        landscape)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  adw_combo_row_set_selected (self->paper_row, paper);
  gtk_switch_set_active (self->landscape_switch, landscape);
}

void
gm_poster_dialog_set_format (GmPosterDialog *self,
                             GmPosterFormat  format)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  adw_combo_row_set_selected (self->format_row, format);
}

void
gm_poster_dialog_set_dpi (GmPosterDialog *self,
                          double          dpi)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  gtk_spin_button_set_value (self->dpi_spin, dpi);
}

void
gm_poster_dialog_set_notice (GmPosterDialog *self,
                             const char     *notice)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notice_view), notice, -1);
}

gboolean
gm_poster_dialog_is_busy (GmPosterDialog *self)
{
  g_return_val_if_fail (GM_IS_POSTER_DIALOG (self), FALSE);
  return self->refresh_id != 0 || self->preview_cancellable != NULL || self->exporting;
}

GdkPaintable *
gm_poster_dialog_get_preview (GmPosterDialog *self)
{
  g_return_val_if_fail (GM_IS_POSTER_DIALOG (self), NULL);
  return gtk_picture_get_paintable (self->preview);
}

guint
gm_poster_dialog_get_n_pages (GmPosterDialog *self)
{
  g_return_val_if_fail (GM_IS_POSTER_DIALOG (self), 0);
  return self->poster != NULL ? gm_poster_get_n_pages (self->poster) : 0;
}

const char *
gm_poster_dialog_get_page_label (GmPosterDialog *self)
{
  g_return_val_if_fail (GM_IS_POSTER_DIALOG (self), NULL);
  return gtk_label_get_text (self->page_label);
}

const char *
gm_poster_dialog_get_output_text (GmPosterDialog *self)
{
  g_return_val_if_fail (GM_IS_POSTER_DIALOG (self), NULL);
  return self->output_text;
}

void
gm_poster_dialog_show_page (GmPosterDialog *self,
                            guint           page)
{
  g_return_if_fail (GM_IS_POSTER_DIALOG (self));
  self->page = page;
  gm_poster_dialog_refresh (self);
}
