/* gm-i18n.c — gettext set-up shared by the app and the command line. */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gm-i18n.h"

/**
 * gm_i18n_init:
 *
 * Sets the locale from the environment and binds Gridmap's message catalog:
 * from `$GRIDMAP_LOCALEDIR` when set (an uninstalled build: the build
 * folder's `po/`), else from the installed locale folder. Call once, first
 * thing in main().
 */
void
gm_i18n_init (void)
{
  const char *dir = g_getenv ("GRIDMAP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, dir != NULL && *dir != '\0' ? dir : GM_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
