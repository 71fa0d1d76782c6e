/* gm-preferences-window.h — the application's preferences. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GM_TYPE_PREFERENCES_WINDOW (gm_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GmPreferencesWindow, gm_preferences_window, GM, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *gm_preferences_window_new (void);

G_END_DECLS
