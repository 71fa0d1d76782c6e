/* main.c — the gridmap executable. */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gm-application.h"

int
main (int   argc,
      char *argv[])
{
  gint64 start_time = g_get_monotonic_time ();
  g_autoptr(GmApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, GM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gm_application_check_schema (&error))
    {
      g_printerr ("gridmap: %s\n", error->message);
      return 1;
    }

  app = gm_application_new (G_APPLICATION_DEFAULT_FLAGS);
  gm_application_set_start_time (app, start_time);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
