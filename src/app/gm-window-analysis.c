/* gm-window-analysis.c — the hazard analysis in the project window: its
 * layer over the map, the grids' hazards in the sidebar, reporting and
 * editing hazards, and exporting the hot-spot map.
 *
 * The analysis layer is a second tile source drawn by its own renderer
 * (core's GM_LAYER_ANALYSIS layers only) over the project's tiles. When the
 * result changes, a new layer is added on top and fills its tiles; only
 * then is the old one taken away, so a filter switch never blanks the map.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-grid-rates.h"
#include "gm-hotspot-export.h"
#include "gm-window-private.h"

/* A hazard reported this close to a building, in metres, is at it. */
#define REPORT_TOLERANCE_M 5.0
/* A new layer that never settles (no tile to draw) still takes over. */
#define SWAP_TIMEOUT_MS 5000

/* ---- the layer ---------------------------------------------------------------- */

static void
keep_selection_on_top (GmWindow *self)
{
  if (self->selection_layer == NULL)
    return;
  g_object_ref (self->selection_layer);
  shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
  g_object_unref (self->selection_layer);
}

static void
remove_layer (GmWindow         *self,
              ShumateMapLayer **layer)
{
  if (*layer != NULL)
    shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (*layer));
  *layer = NULL;
}

static void on_next_tiles (GmWindow *self);

/* The new layer has its tiles: it replaces the old. */
static gboolean
swap_layers (gpointer data)
{
  GmWindow *self = data;

  self->analysis_swap_id = 0;
  if (self->analysis_next_source != NULL)
    g_signal_handlers_disconnect_by_func (self->analysis_next_source, on_next_tiles, self);
  g_clear_object (&self->analysis_next_source);
  if (self->analysis_next == NULL)
    return G_SOURCE_REMOVE;
  remove_layer (self, &self->analysis_layer);
  self->analysis_layer = g_steal_pointer (&self->analysis_next);
  gtk_widget_set_opacity (GTK_WIDGET (self->analysis_layer), 1.0);
  return G_SOURCE_REMOVE;
}

static void
on_next_tiles (GmWindow *self)
{
  GmMapSource *source = self->analysis_next_source;

  if (source != NULL && gm_map_source_get_pending_tiles (source) == 0
      && gm_map_source_get_filled_tiles (source) > 0)
    {
      g_clear_handle_id (&self->analysis_swap_id, g_source_remove);
      swap_layers (self);
    }
}

static void
clear_layers (GmWindow *self)
{
  g_clear_handle_id (&self->analysis_swap_id, g_source_remove);
  swap_layers (self);
  remove_layer (self, &self->analysis_layer);
}

/* A new layer of the current result over the map. */
static void
add_layer (GmWindow *self)
{
  g_autoptr(GmMapSource) source = gm_map_source_new (self->analysis_renderer);
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  ShumateMapLayer *layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (source), viewport);

  /* A layer still filling is dropped for the newer one. */
  if (self->analysis_next != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->analysis_next_source, on_next_tiles, self);
      g_clear_object (&self->analysis_next_source);
      remove_layer (self, &self->analysis_next);
    }
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (layer));
  keep_selection_on_top (self);
  if (self->analysis_layer == NULL)
    {
      self->analysis_layer = layer;
      return;
    }
  /* Unseen until it has its tiles: two layers at once would veil the map
   * twice. */
  gtk_widget_set_opacity (GTK_WIDGET (layer), 0.0);
  self->analysis_next = layer;
  self->analysis_next_source = g_object_ref (source);
  g_signal_connect_swapped (source, "notify::pending-tiles", G_CALLBACK (on_next_tiles), self);
  g_clear_handle_id (&self->analysis_swap_id, g_source_remove);
  self->analysis_swap_id = g_timeout_add (SWAP_TIMEOUT_MS, swap_layers, self);
}

static void
on_result_changed (GmWindow *self)
{
  GmHotspotResult *result = gm_analysis_panel_get_result (self->analysis_panel);
  GmLayers layers = gm_analysis_panel_get_layers (self->analysis_panel);

  if (self->analysis_renderer == NULL || !adw_flap_get_reveal_flap (self->analysis_flap))
    return;
  gm_renderer_set_hotspots (self->analysis_renderer, result);
  gm_renderer_set_layers (self->analysis_renderer, layers);
  if (result == NULL || layers == 0)
    clear_layers (self);
  else
    add_layer (self);
  if (gm_sidebar_get_grid_id (self->sidebar) > 0)
    gm_window_show_grid_hazards (self, gm_sidebar_get_grid_id (self->sidebar));
}

static void
on_reveal_changed (GmWindow *self)
{
  gboolean shown = adw_flap_get_reveal_flap (self->analysis_flap);

  gm_analysis_panel_set_active (self->analysis_panel, shown);
  if (!shown)
    clear_layers (self);
  else if (gm_analysis_panel_get_result (self->analysis_panel) != NULL)
    on_result_changed (self);
  if (gm_sidebar_get_grid_id (self->sidebar) > 0)
    gm_window_show_grid_hazards (self, gm_sidebar_get_grid_id (self->sidebar));
}

void
gm_window_analysis_restack (GmWindow *self)
{
  if (self->analysis_layer != NULL)
    {
      g_object_ref (self->analysis_layer);
      shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->analysis_layer));
      shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->analysis_layer));
      g_object_unref (self->analysis_layer);
    }
  keep_selection_on_top (self);
}

void
gm_window_analysis_project_changed (GmWindow *self)
{
  const char *path = gm_store_get_path (self->store);
  gboolean writable = !gm_store_is_read_only (self->store);

  /* Hazards are reported into the project: not into one open read-only. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->report_button), writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.report-hazard-here", writable);
  clear_layers (self);
  g_clear_object (&self->analysis_renderer);
  self->analysis_renderer = gm_renderer_new (path, NULL);
  gm_analysis_panel_set_project (self->analysis_panel, path);
}

/* ---- the grids' hazards ------------------------------------------------------------- */

void
gm_window_show_grid_hazards (GmWindow *self,
                             gint64    grid_id)
{
  gboolean filtered = adw_flap_get_reveal_flap (self->analysis_flap);
  g_autoptr(GmHazardFilter) filter = filtered ? gm_analysis_panel_dup_filter (self->analysis_panel) : NULL;
  g_autoptr(GPtrArray) hazards = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  hazards = gm_grid_dup_hazards (self->store, grid_id, filter, &error);
  if (hazards == NULL)
    {
      gm_window_show_error (self, error);
      return;
    }
  if (filter != NULL)
    {
      g_autofree char *words = gm_hazard_filter_describe (filter);

      /* Translators: %s is the analysis filter in words */
      note = g_strdup_printf (_("Those of the analysis: %s"), words);
    }
  gm_sidebar_show_grid_hazards (self->sidebar, hazards, note);
}

static void
on_grid_activated (GmWindow *self,
                   gint64    grid_id)
{
  g_autoptr(GError) error = NULL;

  if (!gm_window_select_grid (self, grid_id, &error))
    gm_window_show_error (self, error);
}

/* ---- reporting and editing hazards ------------------------------------------------------- */

/* Hazards changed: the map, the analysis and the selection show them. */
static void
on_hazards_changed (GmWindow *self)
{
  gint64 building = gm_sidebar_get_building_id (self->sidebar);
  gint64 grid = gm_sidebar_get_grid_id (self->sidebar);

  gm_window_reload_map (self);
  gm_analysis_panel_refresh (self->analysis_panel);
  if (building > 0)
    {
      g_autoptr(GmBuilding) b = gm_store_dup_building (self->store, building, NULL);
      g_autoptr(GPtrArray) residents = gm_store_dup_residents (self->store, building, NULL);
      g_autoptr(GPtrArray) hazards = gm_store_dup_hazards (self->store, building, NULL, NULL);

      if (b != NULL && residents != NULL && hazards != NULL)
        gm_sidebar_show_building (self->sidebar, b, residents, hazards);
    }
  else if (grid > 0)
    gm_window_select_grid (self, grid, NULL);
}

static GmHazardDialog *
present_dialog (GmWindow       *self,
                GmHazardDialog *dialog)
{
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_hazards_changed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

GmHazardDialog *
gm_window_report_hazard_at (GmWindow *self,
                            double    lon,
                            double    lat)
{
  g_autoptr(GError) error = NULL;
  gint64 building = 0;
  double x, y;

  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  gtk_toggle_button_set_active (self->report_button, FALSE);
  if (!gm_hazard_snap (self->store, lon, lat, MAX (REPORT_TOLERANCE_M, gm_window_click_tolerance_m (self, lon, lat)),
                       &building, &x, &y, &error))
    {
      gm_window_show_error (self, error);
      return NULL;
    }
  return present_dialog (self, gm_hazard_dialog_new_add (GTK_WINDOW (self), self->store, building, x, y));
}

GmHazardDialog *
gm_window_edit_hazard (GmWindow *self,
                       gint64    id)
{
  g_autoptr(GError) error = NULL;
  GmHazardDialog *dialog;

  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;
  dialog = gm_hazard_dialog_new_edit (GTK_WINDOW (self), self->store, id, &error);
  if (dialog == NULL)
    {
      gm_window_show_error (self, error);
      return NULL;
    }
  return present_dialog (self, dialog);
}

static void
edit_hazard_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  gm_window_edit_hazard (GM_WINDOW (widget), g_variant_get_int64 (parameter));
}

/* At the building the sidebar shows: at its anchor. */
static void
report_here_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);
  gint64 id = gm_sidebar_get_building_id (self->sidebar);
  g_autoptr(GmStore) store = self->store != NULL ? g_object_ref (self->store) : NULL;
  sqlite3_stmt *stmt;

  if (store == NULL || id <= 0)
    return;
  stmt = gm_store_prepare (store, "SELECT X(anchor), Y(anchor) FROM building WHERE id = ?", NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    present_dialog (self, gm_hazard_dialog_new_add (GTK_WINDOW (self), store, id,
                                                    sqlite3_column_double (stmt, 0),
                                                    sqlite3_column_double (stmt, 1)));
  sqlite3_finalize (stmt);
}

/* ---- export -------------------------------------------------------------------------------- */

typedef struct
{
  GmRenderer *renderer;
  GmView      view;
  char       *title;
  char       *attribution;
  char       *path;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->renderer);
  g_free (job->title);
  g_free (job->attribution);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;

  if (gm_hotspot_export (job->renderer, &job->view, &(GmExportText) { job->title, job->attribution },
                         job->path, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The map as shown: its centre, zoom and size; the project's layers
 * without their hazards and labels when the analysis draws its own. */
static ExportJob *
export_job_new (GmWindow  *self,
                GFile     *file,
                GError   **error)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  GmLayers analysis = gm_analysis_panel_get_layers (self->analysis_panel);
  g_autofree char *name = gm_store_dup_meta (self->store, "title");
  g_autoptr(GmRenderer) renderer = gm_renderer_new (gm_store_get_path (self->store), error);
  ExportJob *job;

  if (renderer == NULL)
    return NULL;
  job = g_new0 (ExportJob, 1);
  job->renderer = g_steal_pointer (&renderer);
  gm_view_init_center (&job->view, shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                       shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                       shumate_viewport_get_zoom_level (viewport),
                       MAX (gtk_widget_get_width (GTK_WIDGET (self->map)), 400),
                       MAX (gtk_widget_get_height (GTK_WIDGET (self->map)), 300));
  gm_renderer_set_hotspots (job->renderer, gm_analysis_panel_get_result (self->analysis_panel));
  gm_renderer_set_layers (job->renderer, analysis != 0
                          ? GM_LAYER_BASEMAP | GM_LAYER_GRIDS | GM_LAYER_BUILDINGS | analysis
                          : GM_LAYER_ALL);
  /* Translators: the title of an exported map: the project's name */
  job->title = g_strdup_printf (_("%s — Hazard Analysis"), name != NULL ? name : "");
  job->attribution = gm_store_dup_meta (self->store, "attribution");
  job->path = g_file_get_path (file);
  return job;
}

void
gm_window_export_hotspots_async (GmWindow            *self,
                                 GFile               *file,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  ExportJob *job;

  g_task_set_source_tag (task, gm_window_export_hotspots_async);
  if (self->store == NULL || g_file_peek_path (file) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Maps can only be saved to files on this computer"));
      return;
    }
  if ((job = export_job_new (self, file, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
gm_window_export_hotspots_finish (GmWindow      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GmWindow *self = GM_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (user_data);

  g_object_unref (user_data);
  if (!gm_window_export_hotspots_finish (self, result, &error))
    {
      gm_window_show_error (self, error);
      return;
    }
  /* Translators: %s is the file name of the exported map */
  message = g_strdup_printf (_("Map saved as “%s”"), name);
  gm_window_show_toast (self, message);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    GmWindow        *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file != NULL)
    gm_window_export_hotspots_async (self, file, NULL, on_exported, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) png = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) pdf = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Export the Hazard Map"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (png, _("PNG image"));
  gtk_file_filter_add_suffix (png, "png");
  gtk_file_filter_set_name (pdf, _("PDF document"));
  gtk_file_filter_add_suffix (pdf, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), png);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), pdf);
  /* Translators: the file name offered for an exported map */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("hazard-map.png"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- set-up ----------------------------------------------------------------------------------- */

GmAnalysisPanel *
gm_window_get_analysis_panel (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return self->analysis_panel;
}

void
gm_window_set_analysis_visible (GmWindow *self,
                                gboolean  visible)
{
  g_return_if_fail (GM_IS_WINDOW (self));
  adw_flap_set_reveal_flap (self->analysis_flap, visible);
}

ShumateMapLayer *
gm_window_get_analysis_layer (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return self->analysis_layer;
}

void
gm_window_analysis_class_init (GmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.export-hotspots", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.edit-hazard", "x", edit_hazard_action);
  gtk_widget_class_install_action (widget_class, "win.report-hazard-here", NULL, report_here_action);
}

void
gm_window_analysis_init (GmWindow *self)
{
  g_signal_connect_object (self->analysis_panel, "result-changed", G_CALLBACK (on_result_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->analysis_panel, "grid-activated", G_CALLBACK (on_grid_activated),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->analysis_flap, "notify::reveal-flap", G_CALLBACK (on_reveal_changed),
                           self, G_CONNECT_SWAPPED);
}

void
gm_window_analysis_dispose (GmWindow *self)
{
  g_clear_handle_id (&self->analysis_swap_id, g_source_remove);
  if (self->analysis_next_source != NULL)
    g_signal_handlers_disconnect_by_func (self->analysis_next_source, on_next_tiles, self);
  g_clear_object (&self->analysis_next_source);
  self->analysis_layer = NULL;
  self->analysis_next = NULL;
  g_clear_object (&self->analysis_renderer);
}
