/* gm-application.h — Gridmap's AdwApplication: windows, app.* actions,
 * accelerators and settings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GM_TYPE_APPLICATION (gm_application_get_type ())
G_DECLARE_FINAL_TYPE (GmApplication, gm_application, GM, APPLICATION, AdwApplication)

GmApplication *gm_application_new            (GApplicationFlags  flags);
/* The monotonic time when the process started, for first-frame timing. */
gint64         gm_application_get_start_time (GmApplication     *self);
void           gm_application_set_start_time (GmApplication     *self,
                                              gint64             start_time);
/* Whether the GSettings schema is installed (or in GSETTINGS_SCHEMA_DIR). */
gboolean       gm_application_check_schema   (GError           **error);

G_END_DECLS
