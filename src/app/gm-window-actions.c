/* gm-window-actions.c — the window's actions: new and open project, import
 * (menu, file chooser and drag and drop), and clearing the selection. */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gm-import-dialog.h"
#include "gm-poster-dialog.h"
#include "gm-window-private.h"

/* What GDAL reads that people bring: shapefiles (also zipped), GeoPackage,
 * GeoJSON, KML, CSV with coordinates, CAD, GML and MapInfo. */
static const char * const vector_suffixes[] = {
  "shp", "zip", "gpkg", "geojson", "json", "kml", "kmz", "csv", "dxf", "gml", "tab", "mif",
};

static void
add_filter (GtkFileChooser     *chooser,
            const char         *name,
            const char * const *suffixes,
            guint               n_suffixes)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; i < n_suffixes; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  if (n_suffixes == 0)
    gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (chooser, filter);
}

static GFile *
take_chosen_file (GtkNativeDialog *dialog,
                  int              response)
{
  GFile *file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  return file;
}

/* ---- open ------------------------------------------------------------- */

static void
open_project_file (GmWindow *self,
                   GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    gm_window_show_toast (self, _("Only projects on this computer can be opened"));
  else if (!gm_window_open_project (self, path, GM_STORE_OPEN_DEFAULT, &error))
    gm_window_show_error (self, error);
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  GmWindow        *self)
{
  g_autoptr(GFile) file = take_chosen_file (dialog, response);

  if (file != NULL)
    open_project_file (self, file);
}

static void
open_project_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  static const char * const suffixes[] = { "gridmap" };
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Project"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("Gridmap projects"), suffixes, G_N_ELEMENTS (suffixes));
  add_filter (GTK_FILE_CHOOSER (dialog), _("All files"), NULL, 0);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- new -------------------------------------------------------------- */

/* The file chooser already asked before replacing a file; the old project
 * goes to the trash rather than away. */
static gboolean
clear_existing (GmWindow    *self,
                const char  *path,
                GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (self->store != NULL && g_str_equal (gm_store_get_path (self->store), path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("“%s” is the open project; choose another name"), path);
      return FALSE;
    }
  if (!g_file_trash (file, NULL, &local_error) && !g_file_delete (file, NULL, error))
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *side = g_strconcat (path, i == 0 ? "-wal" : "-shm", NULL);
      g_unlink (side);
    }
  return TRUE;
}

static void
on_new_response (GtkNativeDialog *dialog,
                 int              response,
                 GmWindow        *self)
{
  g_autoptr(GFile) file = take_chosen_file (dialog, response);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (file == NULL)
    return;
  if ((path = g_file_get_path (file)) == NULL)
    {
      gm_window_show_toast (self, _("Projects can only be created on this computer"));
      return;
    }
  if (!g_str_has_suffix (path, ".gridmap"))
    {
      char *with_suffix = g_strconcat (path, ".gridmap", NULL);
      g_free (path);
      path = with_suffix;
    }
  if (!clear_existing (self, path, &error) ||
      !gm_window_open_project (self, path, GM_STORE_OPEN_CREATE, &error))
    gm_window_show_error (self, error);
}

static void
new_project_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  static const char * const suffixes[] = { "gridmap" };
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  dialog = gtk_file_chooser_native_new (_("New Project"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"), _("_Cancel"));
  /* Translators: the file name offered for a new project */
  name = g_strconcat (_("Untitled"), ".gridmap", NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  add_filter (GTK_FILE_CHOOSER (dialog), _("Gridmap projects"), suffixes, G_N_ELEMENTS (suffixes));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_new_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- import ------------------------------------------------------------- */

static void
on_import_done (GmWindow       *self,
                GmImportReport *report,
                gboolean        cancelled,
                GmImportDialog *dialog)
{
  gboolean had_extent = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "gm-had-extent"));
  g_autofree char *summary = NULL;

  if (cancelled)
    {
      gm_window_show_toast (self, _("Import cancelled; the project is unchanged"));
      return;
    }
  if (report == NULL)
    return;

  gm_window_reload_map (self);
  if (!had_extent)
    gm_window_map_go_to_extent (self);
  summary = gm_import_report_summary (report);
  gm_window_show_toast (self, summary);
}

void
gm_window_import_file (GmWindow *self,
                       GFile    *file)
{
  GmImportDialog *dialog;
  GmExtent extent;

  g_return_if_fail (GM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store == NULL)
    {
      gm_window_show_toast (self, _("Open or create a project first, then import into it"));
      return;
    }
  if (gm_window_is_editing (self))
    {
      gm_window_show_toast (self, _("Save or cancel the grid edit first, then import"));
      return;
    }

  dialog = gm_import_dialog_new (GTK_WINDOW (self), gm_store_get_path (self->store), file);
  g_object_set_data (G_OBJECT (dialog), "gm-had-extent",
                     GINT_TO_POINTER (gm_store_get_extent (self->store, &extent, NULL)));
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_import_done), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    GmWindow        *self)
{
  g_autoptr(GFile) file = take_chosen_file (dialog, response);

  if (file != NULL)
    gm_window_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Import Data"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("Map data (Shapefile, GeoPackage, GeoJSON, KML, CSV, DXF, GML, MapInfo)"),
              vector_suffixes, G_N_ELEMENTS (vector_suffixes));
  add_filter (GTK_FILE_CHOOSER (dialog), _("All files"), NULL, 0);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_import_response), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- drag and drop --------------------------------------------------------- */

/* A project dropped on the window opens; anything else is imported. */
static gboolean
on_drop (GmWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;
  GFile *file;
  g_autofree char *name = NULL;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) ||
      (files = g_value_get_boxed (value)) == NULL)
    return FALSE;

  file = files->data;
  name = g_file_get_basename (file);
  if (name != NULL && g_str_has_suffix (name, ".gridmap"))
    open_project_file (self, file);
  else
    gm_window_import_file (self, file);
  return TRUE;
}

void
gm_window_drop_init (GmWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_signal_connect_swapped (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay), GTK_EVENT_CONTROLLER (target));
}

/* ---- print and export ---------------------------------------------------------- */

/* The grid shown in the sidebar is the one offered first. */
static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  GmWindow *self = GM_WINDOW (widget);
  gint64 grid_id;
  g_autoptr(GmGridSummary) grid = NULL;
  GmPosterDialog *dialog;

  if (self->store == NULL)
    {
      gm_window_show_toast (self, _("Open a project first, then print its grids"));
      return;
    }
  grid_id = gm_sidebar_get_grid_id (self->sidebar);
  /* A building shown: its grid's poster. */
  if (grid_id <= 0 && gm_sidebar_get_building_id (self->sidebar) > 0)
    {
      g_autoptr(GmBuilding) building = gm_store_dup_building (self->store,
                                                              gm_sidebar_get_building_id (self->sidebar),
                                                              NULL);

      grid_id = building != NULL ? building->grid_id : 0;
    }
  if (grid_id > 0)
    grid = gm_store_dup_grid_summary (self->store, grid_id, NULL, NULL);
  dialog = gm_poster_dialog_new (GTK_WINDOW (self), self->store, grid != NULL ? grid->code : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the rest --------------------------------------------------------------- */

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  if (gm_window_is_editing (GM_WINDOW (widget)))
    gm_window_edit_escape (GM_WINDOW (widget));
  else
    gm_window_clear_selection (GM_WINDOW (widget));
}

/* To the next whole zoom level, where tiles show at the size they were
 * drawn (sharp, labels at their own size), whatever fractional level a
 * scroll left the map at. */
static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShumateViewport *viewport = gm_window_get_viewport (GM_WINDOW (widget));
  double zoom = shumate_viewport_get_zoom_level (viewport);

  if (g_str_equal (action_name, "win.zoom-in"))
    zoom = floor (zoom + 1e-6) + 1;
  else
    zoom = ceil (zoom - 1e-6) - 1;
  shumate_viewport_set_zoom_level (viewport, CLAMP (zoom, shumate_viewport_get_min_zoom_level (viewport),
                                                    shumate_viewport_get_max_zoom_level (viewport)));
}

void
gm_window_actions_init (GmWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, new_project_action);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, open_project_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gm_window_edit_class_init (widget_class);
}
