/* gm-cli-synth.c — `gridmap-cli synth`: a synthetic city for benchmarks.
 *
 * Writes the city's shapefiles (into --export DIR, kept, or a temporary
 * folder) and builds the project from them through the ordinary importer,
 * under a temporary name renamed into place when complete.
 */
#include "gm-config.h"

#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gm-cli-private.h"
#include "gm-synth.h"

#define COMMAND "synth"

typedef struct
{
  GmSynthOptions options;
  const char    *dir;
  const char    *project;
} GmCliSynthJob;

static gboolean
gm_cli_synth_job (gpointer        data,
                  GmProgressFunc  progress,
                  gpointer        progress_data,
                  GCancellable   *cancellable,
                  GError        **error)
{
  GmCliSynthJob *job = data;

  return gm_synth_write_sources (&job->options, job->dir, progress, progress_data, cancellable, error)
         && gm_synth_build (&job->options, job->project, job->dir, progress, progress_data,
                            cancellable, error);
}

static void
gm_cli_synth_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
gm_cli_synth_parse (const char     *buildings,
                    const char     *seed,
                    double          residents,
                    GmSynthOptions *options)
{
  g_autoptr(GError) error = NULL;
  guint64 value;

  if (buildings == NULL)
    {
      gm_cli_usage_error (COMMAND, _("--buildings is required"));
      return FALSE;
    }
  if (!g_ascii_string_to_unsigned (buildings, 10, 1, 10000000, &value, &error))
    {
      gm_cli_usage_error (COMMAND, _("--buildings: %s"), error->message);
      return FALSE;
    }
  options->buildings = (guint) value;
  if (seed != NULL && !g_ascii_string_to_unsigned (seed, 10, 0, G_MAXUINT32, &value, &error))
    {
      gm_cli_usage_error (COMMAND, _("--seed: %s"), error->message);
      return FALSE;
    }
  if (seed != NULL)
    options->seed = (guint32) value;
  if (residents < 0 || residents > 1)
    {
      gm_cli_usage_error (COMMAND, _("--residents must be between 0 and 1"));
      return FALSE;
    }
  options->resident_share = residents;
  return TRUE;
}

static int
gm_cli_synth_do (GmCliSynthJob *job,
                 const char    *project,
                 const char    *export_dir,
                 gboolean       force)
{
  g_autofree char *partial = g_strdup_printf ("%s.partial-%d", project, (int) getpid ());
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!gm_cli_check_new_project (project, force, &error))
    return gm_cli_fail (error);
  if (export_dir == NULL && (tmp = g_dir_make_tmp ("gridmap-synth-XXXXXX", &error)) == NULL)
    return gm_cli_fail (error);
  job->dir = export_dir != NULL ? export_dir : tmp;
  job->project = partial;
  gm_cli_remove_project (partial);
  ok = gm_cli_run_job (gm_cli_synth_job, job, &error) && gm_cli_move_project (partial, project, &error);
  if (tmp != NULL)
    gm_cli_synth_remove_dir (tmp);
  if (!ok)
    {
      gm_cli_remove_project (partial);
      return gm_cli_fail (error);
    }
  g_print (_("Made the synthetic city “%s”: %u buildings (seed %u).\n"), project,
           job->options.buildings, job->options.seed);
  if (export_dir != NULL)
    g_print (_("Its shapefiles are in “%s”.\n"), export_dir);
  return GM_CLI_EXIT_OK;
}

int
gm_cli_synth (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *buildings = NULL;
  g_autofree char *seed = NULL;
  g_autofree char *export_dir = NULL;
  gboolean no_hazards = FALSE;
  gboolean force = FALSE;
  double residents = 1.0;
  GmCliSynthJob job = { 0 };
  const GOptionEntry entries[] = {
    { "buildings", 0, 0, G_OPTION_ARG_STRING, &buildings, N_("Number of buildings (required)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, N_("Seed (the same seed gives the same city)"), N_("S") },
    { "residents", 0, 0, G_OPTION_ARG_DOUBLE, &residents,
      N_("Share of households with resident records, 0–1 (default 1)"), N_("SHARE") },
    { "no-hazards", 0, 0, G_OPTION_ARG_NONE, &no_hazards, N_("Make no hazards"), NULL },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_dir,
      N_("Also keep the city’s shapefiles in DIR (buildings, roads, landuse, community, grids)"),
      N_("DIR") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace PROJECT if it exists"), NULL },
    { NULL }
  };

  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Make a synthetic city — streets, blocks, buildings, communities, "
                                   "grids, residents and hazards — for benchmarks and scale tests. "
                                   "It is labelled synthetic; nothing in it is a real place or person."),
                                entries);
  gm_synth_options_init (&job.options);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv)
      || !gm_cli_check_positional (COMMAND, argc, 1)
      || !gm_cli_synth_parse (buildings, seed, residents, &job.options))
    return GM_CLI_EXIT_USAGE;
  job.options.hazards = !no_hazards;
  return gm_cli_synth_do (&job, argv[1], export_dir, force);
}
