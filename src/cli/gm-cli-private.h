/* gm-cli-private.h — what the files of gridmap-cli share.
 *
 * Each command lives in its own file and is one function taking the
 * command's arguments (argv[0] is the command's name) and returning the
 * process's exit status. The helpers here keep the exit codes, the error
 * line and the JSON output the same for every command.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gm-import.h"
#include "gm-store.h"

G_BEGIN_DECLS

#define GM_CLI_NAME "gridmap-cli"

typedef enum
{
  GM_CLI_EXIT_OK = 0,
  GM_CLI_EXIT_FAILURE = 1,   /* the job failed; one line on stderr says why */
  GM_CLI_EXIT_USAGE = 2,     /* the command line was wrong */
} GmCliExit;

typedef int (*GmCliCommandFunc) (int    argc,
                                 char **argv);

int             gm_cli_demo              (int              argc,
                                          char           **argv);
int             gm_cli_import            (int              argc,
                                          char           **argv);
int             gm_cli_stats             (int              argc,
                                          char           **argv);
int             gm_cli_query             (int              argc,
                                          char           **argv);
int             gm_cli_synth             (int              argc,
                                          char           **argv);
int             gm_cli_poster            (int              argc,
                                          char           **argv);
int             gm_cli_hotspots          (int              argc,
                                          char           **argv);

/* A context for one command: "gridmap-cli COMMAND PARAMETERS". */
GOptionContext *gm_cli_context_new       (const char      *command,
                                          const char      *parameters,
                                          const char      *summary,
                                          const GOptionEntry *entries);
/* Parses options; on a usage error prints it and returns FALSE. */
gboolean        gm_cli_parse             (GOptionContext  *context,
                                          const char      *command,
                                          int             *argc,
                                          char          ***argv);
/* Checks the number of positional arguments left after parsing. */
gboolean        gm_cli_check_positional  (const char      *command,
                                          int              argc,
                                          int              wanted);

/* Prints "gridmap-cli: MESSAGE" and a hint, returns GM_CLI_EXIT_USAGE. */
int             gm_cli_usage_error       (const char      *command,
                                          const char      *format,
                                          ...) G_GNUC_PRINTF (2, 3);
/* Prints "gridmap-cli: " and the error's message, returns GM_CLI_EXIT_FAILURE. */
int             gm_cli_fail              (const GError    *error);

gboolean        gm_cli_parse_date        (const char      *text);
gboolean        gm_cli_parse_lonlat      (const char      *text,
                                          double          *lon,
                                          double          *lat);

/* Writes @node to stdout as pretty UTF-8 JSON and a newline. */
void            gm_cli_print_json        (JsonNode        *node);
void            gm_cli_print_json_data   (const char      *json);
void            gm_cli_add_string        (JsonBuilder     *builder,
                                          const char      *member,
                                          const char      *value);

/* Progress on stderr, only when stderr is a terminal. */
typedef struct _GmCliProgress GmCliProgress;

GmCliProgress  *gm_cli_progress_new      (void);
void            gm_cli_progress_free     (GmCliProgress   *progress);
GmProgressFunc  gm_cli_progress_get_func (GmCliProgress   *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmCliProgress, gm_cli_progress_free)

/* Runs the main loop until an asynchronous job calls
 * gm_cli_async_done(); SIGINT and SIGTERM cancel @cancellable meanwhile.
 * Returns the job's result. */
typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} GmCliAsync;

void            gm_cli_async_done        (GObject         *source,
                                          GAsyncResult    *result,
                                          gpointer         user_data);
GAsyncResult   *gm_cli_async_wait        (GmCliAsync      *async,
                                          GCancellable    *cancellable);

/* Removes a project file and SQLite's -wal and -shm files beside it. */
void            gm_cli_remove_project    (const char      *path);
gboolean        gm_cli_check_new_project (const char      *project,
                                          gboolean         force,
                                          GError         **error);
/* Renames a finished project (and its -wal) over @to. */
gboolean        gm_cli_move_project      (const char      *from,
                                          const char      *to,
                                          GError         **error);

/* A long job: runs in a worker thread while the main loop shows progress;
 * Ctrl+C cancels it. */
typedef gboolean (*GmCliJobFunc) (gpointer        data,
                                  GmProgressFunc  progress,
                                  gpointer        progress_data,
                                  GCancellable   *cancellable,
                                  GError        **error);

gboolean        gm_cli_run_job           (GmCliJobFunc     func,
                                          gpointer         data,
                                          GError         **error);

G_END_DECLS
