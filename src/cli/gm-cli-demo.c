/* gm-cli-demo.c — `gridmap-cli demo`: build the demo project.
 *
 * The project is built under a temporary name beside the target and renamed
 * into place when complete, so a failed or cancelled build never leaves half
 * a project, and --force replaces an old project only by a finished one.
 */
#include "gm-config.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gm-cli-private.h"
#include "gm-demo.h"

#define COMMAND "demo"

typedef struct
{
  char           *path;
  char           *source_dir;
  guint32         seed;
  GmProgressFunc  progress_func;
  gpointer        progress;
} GmCliDemoJob;

static void
gm_cli_demo_job_free (GmCliDemoJob *job)
{
  g_free (job->path);
  g_free (job->source_dir);
  g_free (job);
}

static void
gm_cli_demo_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GmCliDemoJob *job = task_data;
  GError *error = NULL;

  if (gm_demo_build (job->path, job->source_dir, job->seed,
                     job->progress_func, job->progress, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Builds into @path on a worker thread; Ctrl+C cancels. */
static gboolean
gm_cli_demo_build (const char  *path,
                   const char  *source_dir,
                   guint32      seed,
                   GError     **error)
{
  g_autoptr(GmCliProgress) progress = gm_cli_progress_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = NULL;
  GmCliAsync async = { loop, NULL };
  GmCliDemoJob *job = g_new0 (GmCliDemoJob, 1);

  job->path = g_strdup (path);
  job->source_dir = g_strdup (source_dir);
  job->seed = seed;
  job->progress_func = gm_cli_progress_get_func (progress);
  job->progress = progress;

  task = g_task_new (NULL, cancellable, gm_cli_async_done, &async);
  g_task_set_task_data (task, job, (GDestroyNotify) gm_cli_demo_job_free);
  g_task_run_in_thread (task, gm_cli_demo_thread);
  result = gm_cli_async_wait (&async, cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Moves a finished project from @from to @to, with its write-ahead log if
 * SQLite left one: the log belongs to the database by content, not name. */
static gboolean
gm_cli_demo_move_into_place (const char  *from,
                             const char  *to,
                             GError     **error)
{
  g_autofree char *from_wal = g_strconcat (from, "-wal", NULL);
  g_autofree char *to_wal = g_strconcat (to, "-wal", NULL);
  g_autofree char *from_shm = g_strconcat (from, "-shm", NULL);
  g_autofree char *to_shm = g_strconcat (to, "-shm", NULL);

  /* The old project's log and shared memory must not meet the new file. */
  g_unlink (to_wal);
  g_unlink (to_shm);
  g_unlink (from_shm);
  if (g_rename (from, to) != 0
      || (g_file_test (from_wal, G_FILE_TEST_EXISTS) && g_rename (from_wal, to_wal) != 0))
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot write project “%s”: %s"), to, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
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

  if (!force && g_file_test (project, G_FILE_TEST_EXISTS))
    {
      g_set_error (&error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   _("“%s” already exists; use --force to replace it"), project);
      return gm_cli_fail (error);
    }

  partial = g_strdup_printf ("%s.partial-%d", project, (int) getpid ());
  gm_cli_remove_project (partial);
  if (!gm_cli_demo_build (partial, source_dir, seed, &error)
      || !gm_cli_demo_move_into_place (partial, project, &error))
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
