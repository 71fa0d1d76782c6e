/* gm-cli-overview.c — `gridmap-cli overview`: the map from afar, drawn again.
 *
 * The app draws a large project's overview (gm-overview.h) in the
 * background when it opens one whose overview is missing or stale; this
 * draws it at once, for a project a script has just imported into.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-cli-private.h"
#include "gm-overview.h"

#define COMMAND "overview"

static gboolean
gm_cli_overview_job (gpointer        data,
                     GmProgressFunc  progress,
                     gpointer        progress_data,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GmStore) store = gm_store_open (data, GM_STORE_OPEN_DEFAULT, error);

  return store != NULL && gm_overview_update (store, progress, progress_data, cancellable, error);
}

int
gm_cli_overview (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  const GOptionEntry entries[] = { { NULL } };
  gboolean current = FALSE, was_current = FALSE;

  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Draw the project’s map from afar (land use, water, roads and "
                                   "building density) again if its data changed since it was drawn."),
                                entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv) || !gm_cli_check_positional (COMMAND, argc, 1))
    return GM_CLI_EXIT_USAGE;
  if ((store = gm_store_open (argv[1], GM_STORE_OPEN_READONLY, &error)) == NULL
      || !gm_overview_get_current (store, &was_current, &error))
    return gm_cli_fail (error);
  g_clear_object (&store);
  if (!gm_cli_run_job (gm_cli_overview_job, argv[1], &error)
      || (store = gm_store_open (argv[1], GM_STORE_OPEN_READONLY, &error)) == NULL
      || !gm_overview_get_current (store, &current, &error))
    return gm_cli_fail (error);
  if (current && was_current)
    g_print (_("The map overview of “%s” was already current; nothing to draw.\n"), argv[1]);
  else if (current)
    g_print (_("Drew the map overview of “%s” (%.1f s).\n"), argv[1], g_timer_elapsed (timer, NULL));
  else
    g_print (_("The data of “%s” changed while its map overview was drawn; run this again.\n"), argv[1]);
  return GM_CLI_EXIT_OK;
}
