/* gm-cli-demo.c — `gridmap-cli demo`: build the demo project.
 *
 * The project is built under a temporary name beside the target and renamed
 * into place when complete, so a failed or cancelled build never leaves half
 * a project, and --force replaces an old project only by a finished one.
 */
#include "gm-config.h"

#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gm-cli-private.h"
#include "gm-demo.h"

#define COMMAND "demo"

typedef struct
{
  const char *path;
  const char *source_dir;
  guint32     seed;
} GmCliDemoJob;

static gboolean
gm_cli_demo_job (gpointer        data,
                 GmProgressFunc  progress,
                 gpointer        progress_data,
                 GCancellable   *cancellable,
                 GError        **error)
{
  GmCliDemoJob *job = data;

  return gm_demo_build (job->path, job->source_dir, job->seed, progress, progress_data,
                        cancellable, error);
}

static gboolean
gm_cli_demo_parse_seed (const char *text,
                        guint32    *seed)
{
  g_autoptr(GError) error = NULL;
  guint64 value = GM_DEMO_SEED;

  if (text != NULL
      && !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, &error))
    {
      gm_cli_usage_error (COMMAND, _("--seed: %s"), error->message);
      return FALSE;
    }
  *seed = (guint32) value;
  return TRUE;
}

static int
gm_cli_demo_do (const char *project,
                const char *source_dir,
                guint32     seed,
                gboolean    force)
{
  g_autofree char *partial = NULL;
  g_autoptr(GError) error = NULL;
  GmCliDemoJob job;

  if (!gm_cli_check_new_project (project, force, &error))
    return gm_cli_fail (error);

  partial = g_strdup_printf ("%s.partial-%d", project, (int) getpid ());
  gm_cli_remove_project (partial);
  job = (GmCliDemoJob) { partial, source_dir, seed };
  if (!gm_cli_run_job (gm_cli_demo_job, &job, &error)
      || !gm_cli_move_project (partial, project, &error))
    {
      gm_cli_remove_project (partial);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("Building the demo project “%s” cancelled; nothing was written"), project);
        }
      return gm_cli_fail (error);
    }

  g_print (_("Built the demo project “%s” (seed %u).\n"), project, seed);
  return GM_CLI_EXIT_OK;
}

int
gm_cli_demo (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *source_dir = NULL;
  gboolean force = FALSE;
  guint32 seed = GM_DEMO_SEED;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the synthetic people and hazards (the same seed gives the same project)"),
      N_("N") },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_dir,
      N_("Folder with the demo’s map data (default: the installed demo data)"), N_("DIR") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace PROJECT if it exists"), NULL },
    { NULL }
  };

  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Build the demo project: real buildings and streets with "
                                   "synthetic residents, hazards and grids."),
                                entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv)
      || !gm_cli_check_positional (COMMAND, argc, 1)
      || !gm_cli_demo_parse_seed (seed_text, &seed))
    return GM_CLI_EXIT_USAGE;

  return gm_cli_demo_do (argv[1],
                         source_dir != NULL ? source_dir : gm_demo_get_source_dir (),
                         seed, force);
}
