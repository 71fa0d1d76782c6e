/* main.c — the gridmap executable. */
#include "gm-config.h"

#include <glib.h>

#include "gm-application.h"
#include "gm-i18n.h"

int
main (int   argc,
      char *argv[])
{
  gint64 start_time = g_get_monotonic_time ();
  g_autoptr(GmApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  gm_i18n_init ();

  if (!gm_application_check_schema (&error))
    {
      g_printerr ("gridmap: %s\n", error->message);
      return 1;
    }

  app = gm_application_new (G_APPLICATION_DEFAULT_FLAGS);
  gm_application_set_start_time (app, start_time);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
