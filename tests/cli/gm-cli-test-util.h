/* gm-cli-test-util.h — running gridmap-cli as scripts run it, for the
 * programs of the cli suite: its exit status, stderr line and JSON, and
 * temporary folders and files. */
#pragma once

#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gm-autocleanups.h"
#include "gm-store.h"

/* ---- running the CLI --------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static inline void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static inline char *
bytes_to_string (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  return g_strndup (data != NULL ? data : "", len);
}

/* Runs @prefix (a command that ends by naming the CLI, or just the CLI) with
 * @args, which must exit, not crash. */
static inline void
cli_run_prefixed (CliRun       *run,
                  const char  **prefix,
                  const char  **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  cli_run_clear (run);
  for (guint i = 0; prefix[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) prefix[i]);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->out = bytes_to_string (out);
  run->err = bytes_to_string (err);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

/* Runs gridmap-cli with the NULL-terminated @args; the process must exit,
 * not crash. */
static inline void
cli_runv (CliRun      *run,
          const char **args)
{
  const char *cli[] = { g_getenv ("GRIDMAP_CLI"), NULL };

  g_assert_nonnull (cli[0]);
  cli_run_prefixed (run, cli, args);
  if (g_test_verbose ())
    g_test_message ("gridmap-cli %s → %d\nstderr: %s", args[0] != NULL ? args[0] : "",
                    run->status, run->err);
}

#define CLI(run, ...) cli_runv ((run), (const char *[]) { __VA_ARGS__, NULL })

/* Exit 1 and exactly one line on stderr, "gridmap-cli: …" naming @needle. */
static inline void
assert_failed_naming (const CliRun *run,
                      const char   *needle)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_prefix (run->err, "gridmap-cli: "));
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  g_assert_nonnull (strstr (run->err, needle));
}

/* Exit 2 and a hint on stderr; nothing on stdout. */
static inline void
assert_usage_error (const CliRun *run)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_true (g_str_has_prefix (run->err, "gridmap-cli: "));
  g_assert_nonnull (strstr (run->err, "--help"));
  g_assert_cmpstr (run->out, ==, "");
}

/* ---- files ------------------------------------------------------------- */

static inline char *
shared_file (const char *relative)
{
  const char *root = g_getenv ("GRIDMAP_SHARED_DATA");
  char *path;

  g_assert_nonnull (root);
  path = g_build_filename (root, relative, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  return path;
}

/* A temporary folder, removed with what it holds at the end of a test. */
typedef char TmpDir;

static inline TmpDir *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gridmap-cli-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* The test folders hold only files. */
static inline void
remove_tmp_dir (TmpDir *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, remove_tmp_dir)

static inline char *
file_sha256 (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static inline void
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static inline void
write_file (const char *path,
            const char *data,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* ---- JSON -------------------------------------------------------------- */

static inline JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return root;
}

static inline gint64
member_int (JsonObject *object,
            const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_object_get_int_member (object, member);
}

/* ---- store ------------------------------------------------------------- */

static inline GmStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  GmStore *store = gm_store_open (path, GM_STORE_OPEN_READONLY, &error);

  g_assert_no_error (error);
  return store;
}

/* The first column of the first row of @sql on @project. */
static inline gint64
store_int (const char *project,
           const char *sql)
{
  g_autoptr(GmStore) store = open_store (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}
