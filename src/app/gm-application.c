/* gm-application.c — Gridmap's AdwApplication. */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-application.h"
#include "gm-preferences-window.h"
#include "gm-window.h"

struct _GmApplication
{
  AdwApplication parent_instance;

  gint64 start_time;
};

G_DEFINE_FINAL_TYPE (GmApplication, gm_application, ADW_TYPE_APPLICATION)

static void
gm_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (gm_window_new (GM_APPLICATION (app)));
      gm_window_open_default (GM_WINDOW (window));
    }
  gtk_window_present (window);
}

/* Each project given on the command line opens in a window of its own. */
static void
gm_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  /* A project opened in this call takes the first data file after it
   * (`gridmap city.gridmap roads.shp` imports into city.gridmap); other
   * files open in windows of their own, on the last project. */
  GmWindow *project_window = NULL;

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *name = g_file_get_basename (files[i]);
      g_autofree char *lower = name != NULL ? g_ascii_strdown (name, -1) : NULL;
      gboolean is_project = lower != NULL && g_str_has_suffix (lower, ".gridmap");
      GmWindow *window;

      if (!is_project && project_window != NULL)
        {
          gm_window_import_file (project_window, files[i]);
          project_window = NULL;
          continue;
        }
      window = gm_window_new (GM_APPLICATION (app));
      gtk_window_present (GTK_WINDOW (window));
      gm_window_open_file (window, files[i]);
      project_window = is_project && gm_window_get_store (window) != NULL ? window : NULL;
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWidget *window = gm_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), gtk_application_get_active_window (app));
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Gridmap"),
                        "application-icon", GM_APP_ID,
                        "version", GM_VERSION,
                        "developer-name", _("The Gridmap developers"),
                        "comments", _("Community grid management: grids, buildings, residents and hazards on one map."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Gridmap developers",
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  adw_about_window_add_legal_section (ADW_ABOUT_WINDOW (about), _("Demo map data"),
                                      _("Demo map data © OpenStreetMap contributors, ODbL 1.0"),
                                      GTK_LICENSE_CUSTOM,
                                      _("Buildings, roads and land use of the demo project come from OpenStreetMap "
                                        "and are available under the Open Database License 1.0. "
                                        "The demo's residents, hazards, grid workers and grid division are "
                                        "synthetic: they describe no real person."));
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Closing (not destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
gm_application_startup (GApplication *app)
{
  static const struct { const char *action; const char *accels[2]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open-project", { "<Control>o", NULL } },
    { "win.new-project", { "<Control>n", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.clear-selection", { "Escape", NULL } },
    { "win.zoom-in", { "<Control>plus", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.edit-grids", { "<Control>e", NULL } },
    { "win.edit-save", { "<Control>s", NULL } },
    { "win.edit-undo", { "<Control>z", NULL } },
    { "win.edit-redo", { "<Control><Shift>z", NULL } },
  };

  G_APPLICATION_CLASS (gm_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  shumate_set_user_agent ("Gridmap/" GM_VERSION);
}

static void
gm_application_class_init (GmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = gm_application_activate;
  app_class->open = gm_application_open;
  app_class->startup = gm_application_startup;
}

static void
gm_application_init (GmApplication *self)
{
  self->start_time = g_get_monotonic_time ();
}

GmApplication *
gm_application_new (GApplicationFlags flags)
{
  return g_object_new (GM_TYPE_APPLICATION,
                       "application-id", GM_APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/org/gridmap/Gridmap",
                       NULL);
}

gint64
gm_application_get_start_time (GmApplication *self)
{
  g_return_val_if_fail (GM_IS_APPLICATION (self), 0);
  return self->start_time;
}

void
gm_application_set_start_time (GmApplication *self,
                               gint64         start_time)
{
  g_return_if_fail (GM_IS_APPLICATION (self));
  self->start_time = start_time;
}

gboolean
gm_application_check_schema (GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, GM_APP_ID, TRUE);
  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The settings schema %s is not installed; run Gridmap from its "
                     "installation, or set GSETTINGS_SCHEMA_DIR to the build’s data folder"),
                   GM_APP_ID);
      return FALSE;
    }
  return TRUE;
}
