/* gm-cli.c — gridmap-cli: main, command dispatch and shared helpers.
 *
 * gridmap-cli runs core's jobs headless, for scripts and tests. Every
 * command exits 0 on success, 1 with one line on stderr when the job fails,
 * and 2 when the command line is wrong.
 */
#include "gm-config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "gm-cli-private.h"
#include "gm-hazard-edit.h"
#include "gm-i18n.h"

typedef struct
{
  const char       *name;
  const char       *summary;
  GmCliCommandFunc  func;
} GmCliCommand;

static const GmCliCommand commands[] = {
  { "demo", N_("Build the demo project"), gm_cli_demo },
  { "import", N_("Import a vector file into a project"), gm_cli_import },
  { "stats", N_("Count what a project holds, per grid"), gm_cli_stats },
  { "query", N_("Show the building, grid, residents and hazards at a point"), gm_cli_query },
  { "synth", N_("Make a synthetic city for benchmarks and scale tests"), gm_cli_synth },
  { "overview", N_("Draw a project’s map from afar again after its data changed"), gm_cli_overview },
  { "poster", N_("Print grid posters, atlases and contact cards (PDF, SVG, PNG)"), gm_cli_poster },
  { "hotspots", N_("Find where hazards cluster: density, hot spots, rates per grid"), gm_cli_hotspots },
  { "partition", N_("Divide a community into balanced grids (a draft plan)"), gm_cli_partition },
  { "export", N_("Write the grids to a GeoPackage, Shapefile or GeoJSON file"), gm_cli_export },
};

/* ---- messages and usage ------------------------------------------------ */

int
gm_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", GM_CLI_NAME, message);
  if (command != NULL)
    /* Translators: the first %s is the program, the second a command */
    g_printerr (_("Try “%s %s --help” for usage.\n"), GM_CLI_NAME, command);
  else
    g_printerr (_("Try “%s --help” for usage.\n"), GM_CLI_NAME);
  return GM_CLI_EXIT_USAGE;
}

int
gm_cli_fail (const GError *error)
{
  g_autofree char *line = NULL;

  g_assert (error != NULL);

  /* One line, whatever the library put in the message. */
  line = g_strdelimit (g_strdup (error->message), "\r\n", ' ');
  g_printerr ("%s: %s\n", GM_CLI_NAME, g_strstrip (line));
  return GM_CLI_EXIT_FAILURE;
}

static void
gm_cli_print_help (void)
{
  g_print (_("Usage:\n  %s COMMAND [OPTION…]\n\n"), GM_CLI_NAME);
  g_print ("%s\n\n", _("Gridmap for scripts: import data, build the demo, read counts and records."));
  g_print ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print ("\n%s\n", _("Options:"));
  g_print ("  -h, --help   %s\n", _("Show this help"));
  g_print ("  --version    %s\n\n", _("Print the version"));
  g_print (_("Run “%s COMMAND --help” for the options of a command.\n"), GM_CLI_NAME);
}

/* ---- option parsing ---------------------------------------------------- */

/* The positional parameters of the command being run (untranslated). */
static const char *command_parameters;

GOptionContext *
gm_cli_context_new (const char         *command,
                    const char         *parameters,
                    const char         *summary,
                    const GOptionEntry *entries)
{
  g_autofree char *prgname = g_strdup_printf ("%s %s", GM_CLI_NAME, command);
  GOptionContext *context;

  /* One command runs per process: its parameters name what is missing. */
  command_parameters = parameters;

  /* The usage line of --help reads "gridmap-cli COMMAND [OPTION…] …". */
  g_set_prgname (prgname);

  /* Parameters and summary are translated by the context when shown. */
  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
gm_cli_parse (GOptionContext   *context,
              const char       *command,
              int              *argc,
              char           ***argv)
{
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;

  gm_cli_usage_error (command, "%s", error->message);
  return FALSE;
}

gboolean
gm_cli_check_positional (const char *command,
                         int         argc,
                         int         wanted)
{
  /* argv[0] is the program; the rest are positional arguments. */
  if (argc - 1 < wanted && command_parameters != NULL)
    {
      /* Translators: %s is what the command takes, e.g. "PROJECT SOURCE" */
      gm_cli_usage_error (command, _("missing argument: it takes %s"), _(command_parameters));
      return FALSE;
    }
  if (argc - 1 < wanted)
    {
      gm_cli_usage_error (command, _("missing argument"));
      return FALSE;
    }
  if (argc - 1 > wanted)
    {
      gm_cli_usage_error (command, _("too many arguments"));
      return FALSE;
    }
  return TRUE;
}

/* ---- values ------------------------------------------------------------ */

/* TRUE for an existing calendar date written YYYY-MM-DD. */
gboolean
gm_cli_parse_date (const char *text)
{
  return gm_iso_date_parse (text, NULL);
}

static gboolean
gm_cli_parse_double (const char *text,
                     double     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char *end = NULL;

  if (*copy == '\0')
    return FALSE;
  errno = 0;
  *out = g_ascii_strtod (copy, &end);
  return errno == 0 && *end == '\0' && isfinite (*out);
}

/* "LON,LAT" in degrees, within the range of lon/lat. */
gboolean
gm_cli_parse_lonlat (const char *text,
                     double     *lon,
                     double     *lat)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, ",", -1);
  if (g_strv_length (parts) != 2
      || !gm_cli_parse_double (parts[0], lon)
      || !gm_cli_parse_double (parts[1], lat))
    return FALSE;
  return *lon >= -180.0 && *lon <= 180.0 && *lat >= -90.0 && *lat <= 90.0;
}

/* ---- JSON output ------------------------------------------------------- */

void
gm_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;
  gsize length = 0;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);

  /* JSON is UTF-8 whatever the locale: written as bytes, not with g_print(). */
  fwrite (data, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/* Pretty-prints JSON text made elsewhere, so all output looks the same. */
void
gm_cli_print_json_data (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, json, -1, NULL))
    {
      fputs (json, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
      return;
    }
  gm_cli_print_json (json_parser_get_root (parser));
}

void
gm_cli_add_string (JsonBuilder *builder,
                   const char  *member,
                   const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* ---- progress ---------------------------------------------------------- */

struct _GmCliProgress
{
  int       last_percent;
  char     *last_message;
  gboolean  shown;
};

GmCliProgress *
gm_cli_progress_new (void)
{
  GmCliProgress *progress;

  if (!isatty (STDERR_FILENO))
    return NULL;
  progress = g_new0 (GmCliProgress, 1);
  progress->last_percent = -1;
  return progress;
}

void
gm_cli_progress_free (GmCliProgress *progress)
{
  if (progress == NULL)
    return;
  if (progress->shown)
    g_printerr ("\n");
  g_free (progress->last_message);
  g_free (progress);
}

/* Called by one job at a time, from its thread or the main loop. */
static void
gm_cli_progress_cb (double      fraction,
                    const char *message,
                    gpointer    user_data)
{
  GmCliProgress *progress = user_data;
  int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100.0);

  if (percent == progress->last_percent
      && g_strcmp0 (message, progress->last_message) == 0)
    return;
  progress->last_percent = percent;
  g_free (progress->last_message);
  progress->last_message = g_strdup (message);
  progress->shown = TRUE;
  /* \033[K clears what a longer earlier message left on the line. */
  g_printerr ("\r%3d%%  %s\033[K", percent, message != NULL ? message : "");
}

GmProgressFunc
gm_cli_progress_get_func (GmCliProgress *progress)
{
  return progress != NULL ? gm_cli_progress_cb : NULL;
}

/* ---- long jobs and signals --------------------------------------------- */

typedef struct
{
  GCancellable *cancellable;
  guint         id;
} GmCliSignal;

static gboolean
gm_cli_on_signal (gpointer user_data)
{
  GmCliSignal *watch = user_data;

  /* Removing the watch gives the signal back its default action, so a second
   * Ctrl+C ends a job that does not stop soon enough. */
  watch->id = 0;
  g_cancellable_cancel (watch->cancellable);
  return G_SOURCE_REMOVE;
}

void
gm_cli_async_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GmCliAsync *async = user_data;

  async->result = g_object_ref (result);
  g_main_loop_quit (async->loop);
}

GAsyncResult *
gm_cli_async_wait (GmCliAsync   *async,
                   GCancellable *cancellable)
{
  GmCliSignal watches[] = { { cancellable, 0 }, { cancellable, 0 } };

  watches[0].id = g_unix_signal_add (SIGINT, gm_cli_on_signal, &watches[0]);
  watches[1].id = g_unix_signal_add (SIGTERM, gm_cli_on_signal, &watches[1]);

  if (async->result == NULL)
    g_main_loop_run (async->loop);

  for (guint i = 0; i < G_N_ELEMENTS (watches); i++)
    g_clear_handle_id (&watches[i].id, g_source_remove);
  return g_steal_pointer (&async->result);
}

void
gm_cli_remove_project (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        g_printerr ("%s: %s: %s\n", GM_CLI_NAME, file, g_strerror (errno));
    }
}

/* Moves a finished project from @from to @to, with its write-ahead log if
 * SQLite left one: the log belongs to the database by content, not name. */
/* Whether a new project may be written at @project: it does not exist yet
 * (unless @force) and its folder can be written to. */
gboolean
gm_cli_check_new_project (const char  *project,
                          gboolean     force,
                          GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (project);

  if (!force && g_file_test (project, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                   _("“%s” already exists; use --force to replace it"), project);
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("Cannot create project “%s”: the folder “%s” does not exist"), project, dir);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                   _("Cannot create project “%s”: its folder “%s” is read-only"), project, dir);
      return FALSE;
    }
  return TRUE;
}

gboolean
gm_cli_move_project (const char  *from,
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

typedef struct
{
  GmCliJobFunc    func;
  gpointer        data;
  GmProgressFunc  progress_func;
  gpointer        progress;
} GmCliJob;

static void
gm_cli_job_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GmCliJob *job = task_data;
  GError *error = NULL;

  if (job->func (job->data, job->progress_func, job->progress, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

gboolean
gm_cli_run_job (GmCliJobFunc   func,
                gpointer       data,
                GError       **error)
{
  g_autoptr(GmCliProgress) progress = gm_cli_progress_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = NULL;
  GmCliAsync async = { loop, NULL };
  GmCliJob job = { func, data, gm_cli_progress_get_func (progress), progress };

  task = g_task_new (NULL, cancellable, gm_cli_async_done, &async);
  g_task_set_task_data (task, &job, NULL);
  g_task_run_in_thread (task, gm_cli_job_thread);
  result = gm_cli_async_wait (&async, cancellable);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- main -------------------------------------------------------------- */

static const GmCliCommand *
gm_cli_find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  const GmCliCommand *command;
  const char *first;

  gm_i18n_init ();
  g_set_prgname (GM_CLI_NAME);

  if (argc < 2)
    return gm_cli_usage_error (NULL, _("no command given"));

  first = argv[1];
  if (strcmp (first, "--version") == 0)
    {
      g_print ("%s %s\n", GM_CLI_NAME, GM_VERSION);
      return GM_CLI_EXIT_OK;
    }
  if (strcmp (first, "--help") == 0 || strcmp (first, "-h") == 0
      || strcmp (first, "help") == 0)
    {
      gm_cli_print_help ();
      return GM_CLI_EXIT_OK;
    }
  if (first[0] == '-')
    return gm_cli_usage_error (NULL, _("unknown option “%s”"), first);

  command = gm_cli_find_command (first);
  if (command == NULL)
    return gm_cli_usage_error (NULL, _("unknown command “%s”"), first);

  return command->func (argc - 1, argv + 1);
}
