/* gm-preferences-window.c — the application's preferences.
 *
 * Every switch is bound to a GSettings key; project windows listen to the
 * keys and redraw their maps. */
#include "gm-config.h"

#include "gm-preferences-window.h"

struct _GmPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkSwitch *online_switch;
  GtkSwitch *hazards_switch;
  GtkSwitch *labels_switch;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (GmPreferencesWindow, gm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
gm_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GM_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (gm_preferences_window_parent_class)->dispose (object);
}

static void
gm_preferences_window_finalize (GObject *object)
{
  GmPreferencesWindow *self = GM_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gm_preferences_window_parent_class)->finalize (object);
}

static void
gm_preferences_window_class_init (GmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_preferences_window_dispose;
  object_class->finalize = gm_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/gridmap/Gridmap/gm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GmPreferencesWindow, online_switch);
  gtk_widget_class_bind_template_child (widget_class, GmPreferencesWindow, hazards_switch);
  gtk_widget_class_bind_template_child (widget_class, GmPreferencesWindow, labels_switch);
}

static void
gm_preferences_window_init (GmPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (GM_APP_ID);
  g_settings_bind (self->settings, "online-basemap", self->online_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-hazards", self->hazards_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-labels", self->labels_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
gm_preferences_window_new (void)
{
  return g_object_new (GM_TYPE_PREFERENCES_WINDOW, NULL);
}
