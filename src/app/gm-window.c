/* gm-window.c — a project window: the template, the project and its title,
 * the demo project, and the window's size across runs. */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "gm-demo.h"
#include "gm-map-frame.h"
#include "gm-window-private.h"

G_DEFINE_FINAL_TYPE (GmWindow, gm_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- title ----------------------------------------------------------- */

static char *
dup_project_name (GmStore *store)
{
  g_autofree char *name = gm_store_dup_meta (store, "title");
  g_autofree char *base = NULL;

  if (name != NULL && *name != '\0')
    return g_steal_pointer (&name);

  base = g_path_get_basename (gm_store_get_path (store));
  if (g_str_has_suffix (base, ".gridmap"))
    base[strlen (base) - strlen (".gridmap")] = '\0';
  return g_steal_pointer (&base);
}

/* The path as people read it: ~ for the home folder. */
static char *
dup_display_path (const char *path)
{
  const char *home = g_get_home_dir ();
  g_autofree char *display = g_filename_display_name (path);

  if (home != NULL && g_str_has_prefix (display, home) && display[strlen (home)] == '/')
    return g_strconcat ("~", display + strlen (home), NULL);
  return g_steal_pointer (&display);
}

static void
update_title (GmWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (self->store == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Gridmap"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Gridmap"));
      return;
    }

  name = dup_project_name (self->store);
  path = dup_display_path (gm_store_get_path (self->store));
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, path);
  gtk_window_set_title (GTK_WINDOW (self), name);
}

/* ---- project ------------------------------------------------------------ */

gboolean
gm_window_open_project (GmWindow          *self,
                        const char        *path,
                        GmStoreOpenFlags   flags,
                        GError           **error)
{
  g_autofree char *absolute = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  absolute = g_canonicalize_filename (path, NULL);
  store = gm_store_open (absolute, flags, &local_error);
  /* A project on a read-only medium or in a shared folder can still be
   * looked at; changes to it then fail with a clear message. */
  if (store == NULL && flags == GM_STORE_OPEN_DEFAULT
      && g_error_matches (local_error, GM_STORE_ERROR, GM_STORE_ERROR_READ_ONLY))
    {
      g_clear_error (&local_error);
      store = gm_store_open (absolute, GM_STORE_OPEN_READONLY, &local_error);
      if (store != NULL)
        gm_window_show_toast (self, _("The project is read-only: it can be viewed but not changed"));
    }
  if (store == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  gm_window_edit_project_changed (self);
  g_set_object (&self->store, store);
  gm_window_edit_project_changed (self);
  gm_window_clear_selection (self);
  update_title (self);
  gm_window_analysis_project_changed (self);
  gm_window_reload_map (self);
  gm_window_map_go_to_extent (self);
  gtk_stack_set_visible_child_name (self->main_stack, "map");
  g_settings_set_string (self->settings, "last-project", absolute);
  return TRUE;
}

void
gm_window_show_toast (GmWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (GM_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
gm_window_show_error (GmWindow     *self,
                      const GError *error)
{
  g_assert (error != NULL);

  g_warning ("%s", error->message);
  gm_window_show_toast (self, error->message);
}

/* ---- the demo project ----------------------------------------------------- */

typedef struct
{
  GmWindow *window;
  double fraction;
  char *message;
} DemoProgress;

static gboolean
demo_progress_idle (gpointer data)
{
  DemoProgress *p = data;

  gtk_progress_bar_set_fraction (p->window->loading_progress, CLAMP (p->fraction, 0, 1));
  gtk_progress_bar_set_text (p->window->loading_progress, p->message);
  return G_SOURCE_REMOVE;
}

static void
demo_progress_free (gpointer data)
{
  DemoProgress *p = data;

  g_object_unref (p->window);
  g_free (p->message);
  g_free (p);
}

/* Called in the building thread: hand the numbers to the main thread. */
static void
demo_progress (double      fraction,
               const char *message,
               gpointer    user_data)
{
  DemoProgress *p = g_new0 (DemoProgress, 1);

  p->window = g_object_ref (user_data);
  p->fraction = fraction;
  p->message = g_strdup (message);
  g_idle_add_full (G_PRIORITY_DEFAULT, demo_progress_idle, p, demo_progress_free);
}

static void
remove_project_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static void
build_demo_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *path = task_data;
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  GError *error = NULL;

  /* Built under another name, so a cancelled or failed build never leaves a
   * half-made demo where the next start would open it. */
  remove_project_files (part);
  if (!gm_demo_build (part, gm_demo_get_source_dir (), GM_DEMO_SEED,
                      demo_progress, source_object, cancellable, &error))
    {
      remove_project_files (part);
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (part, path) != 0)
    {
      int saved = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Could not save the demo project as “%s”: %s"),
                               path, g_strerror (saved));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
build_demo_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GmWindow *self = GM_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !gm_window_open_project (self, path, GM_STORE_OPEN_DEFAULT, &error))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gm_window_show_toast (self, _("The demo project was not built"));
      else
        gm_window_show_error (self, error);
    }
}

static void
build_demo (GmWindow   *self,
            const char *path)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->loading_progress, 0);
  gtk_progress_bar_set_text (self->loading_progress, _("Starting…"));
  gtk_stack_set_visible_child_name (self->main_stack, "loading");

  task = g_task_new (self, self->cancellable, build_demo_done, NULL);
  g_task_set_source_tag (task, build_demo);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, build_demo_thread);
}

static void
on_loading_cancel_clicked (GmWindow *self)
{
  g_cancellable_cancel (self->cancellable);
}

/* The shipped demo, when this build or installation has one. */
static char *
find_shipped_demo (void)
{
  const char *env = g_getenv ("GRIDMAP_DEMO_PROJECT");

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_REGULAR) ? g_strdup (env) : NULL;
  if (g_file_test (GM_PKGDATADIR "/demo.gridmap", G_FILE_TEST_IS_REGULAR))
    return g_strdup (GM_PKGDATADIR "/demo.gridmap");
  return NULL;
}

/* Projects open read-write, so the user works on a copy of the shipped demo. */
static gboolean
copy_shipped_demo (const char  *to,
                   GError     **error)
{
  g_autofree char *shipped = find_shipped_demo ();
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;

  if (shipped == NULL)
    return FALSE;
  source = g_file_new_for_path (shipped);
  dest = g_file_new_for_path (to);
  return g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, error);
}

static void
open_demo (GmWindow *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gridmap", NULL);
  g_autofree char *path = g_build_filename (dir, "demo.gridmap", NULL);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Cannot create %s: %s", dir, g_strerror (errno));

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) && !copy_shipped_demo (path, &error))
    {
      if (error != NULL)
        g_warning ("Cannot copy the shipped demo: %s", error->message);
      build_demo (self, path);
      return;
    }

  if (!gm_window_open_project (self, path, GM_STORE_OPEN_DEFAULT, &error))
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      gm_window_show_error (self, error);
    }
}

void
gm_window_open_default (GmWindow *self)
{
  g_autofree char *last = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GM_IS_WINDOW (self));

  last = g_settings_get_string (self->settings, "last-project");
  if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    {
      if (gm_window_open_project (self, last, GM_STORE_OPEN_DEFAULT, &error))
        return;
      gm_window_show_error (self, error);
    }
  open_demo (self);
}

/* A new project for @file's data in the user's data folder, named after
 * the file: "buildings.shp" → ~/.local/share/gridmap/buildings.gridmap (or
 * buildings-2.gridmap, … when that exists). */
static char *
dup_new_project_path (GFile *file)
{
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "gridmap", NULL);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  g_mkdir_with_parents (dir, 0700);
  for (int i = 1; ; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup_printf ("%s.gridmap", base)
                                     : g_strdup_printf ("%s-%d.gridmap", base, i);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/**
 * gm_window_open_file:
 * @self: a window without a project
 * @file: a project, or a data file to import
 *
 * Opens what the user asked to open: a .gridmap project as it is; any other
 * file is imported — into the last project when there is one, otherwise
 * into a new project named after the file. Errors are shown in the window.
 */
void
gm_window_open_file (GmWindow *self,
                     GFile    *file)
{
  g_autofree char *path = NULL;
  g_autofree char *last = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GM_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      gm_window_show_toast (self, _("Only files on this computer can be opened"));
      return;
    }
  if (g_str_has_suffix (path, ".gridmap") || g_str_has_suffix (path, ".GRIDMAP"))
    {
      if (!gm_window_open_project (self, path, GM_STORE_OPEN_DEFAULT, &error))
        gm_window_show_error (self, error);
      return;
    }

  last = g_settings_get_string (self->settings, "last-project");
  if (*last != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR)
      && gm_window_open_project (self, last, GM_STORE_OPEN_DEFAULT, NULL))
    {
      gm_window_import_file (self, file);
      return;
    }
  target = dup_new_project_path (file);
  if (!gm_window_open_project (self, target, GM_STORE_OPEN_CREATE, &error))
    {
      gm_window_show_error (self, error);
      return;
    }
  gm_window_import_file (self, file);
}

/* ---- getters --------------------------------------------------------- */

GmStore *
gm_window_get_store (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return self->store;
}

ShumateMap *
gm_window_get_map (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return shumate_simple_map_get_map (self->map);
}

ShumateViewport *
gm_window_get_viewport (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return shumate_simple_map_get_viewport (self->map);
}

GmSidebar *
gm_window_get_sidebar (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), NULL);
  return self->sidebar;
}

/* ---- class ------------------------------------------------------------ */

static gboolean
gm_window_close_request (GtkWindow *window)
{
  GmWindow *self = GM_WINDOW (window);
  int width, height;

  if (gm_window_edit_close_request (self))
    return TRUE;
  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (gm_window_parent_class)->close_request (window);
}

static void
gm_window_dispose (GObject *object)
{
  GmWindow *self = GM_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gm_window_analysis_dispose (self);
  gm_window_edit_dispose (self);
  gm_window_map_dispose (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GM_TYPE_WINDOW);

  G_OBJECT_CLASS (gm_window_parent_class)->dispose (object);
}

static void
gm_window_finalize (GObject *object)
{
  GmWindow *self = GM_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->plan_layer);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gm_window_parent_class)->finalize (object);
}

static void
gm_window_class_init (GmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gm_window_dispose;
  object_class->finalize = gm_window_finalize;
  window_class->close_request = gm_window_close_request;

  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  g_type_ensure (GM_TYPE_MAP_FRAME);
  g_type_ensure (GM_TYPE_SIDEBAR);
  g_type_ensure (GM_TYPE_ANALYSIS_PANEL);
  g_type_ensure (GM_TYPE_EDIT_PANEL);
  g_type_ensure (GM_TYPE_EDIT_TOOLBAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, loading_progress);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, map);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, analysis_flap);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, analysis_panel);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, report_button);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, header_stack);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, edit_title);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, flap_stack);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, edit_toolbar);
  gtk_widget_class_bind_template_child (widget_class, GmWindow, edit_panel);
  gtk_widget_class_bind_template_callback (widget_class, on_loading_cancel_clicked);

  gm_window_actions_init (klass);
  gm_window_plans_init (klass);
  gm_window_analysis_class_init (klass);
}

static void
gm_window_init (GmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (GM_APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gm_window_map_init (self);
  gm_window_drop_init (self);
  gm_window_analysis_init (self);
  gm_window_edit_init (self);
}

GmWindow *
gm_window_new (GmApplication *application)
{
  g_return_val_if_fail (GM_IS_APPLICATION (application), NULL);

  return g_object_new (GM_TYPE_WINDOW, "application", application, NULL);
}
