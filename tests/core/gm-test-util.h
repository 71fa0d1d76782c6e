/* gm-test-util.h — helpers shared by core's test programs. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "gm-demo.h"
#include "gm-store.h"

/* A real file from ../shared/data (or the copy in tests/data/shared). */
static inline char *
gm_test_shared (const char *relative)
{
  const char *root = g_getenv ("GRIDMAP_SHARED_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static inline char *
gm_test_data (const char *relative)
{
  const char *root = g_getenv ("GRIDMAP_TEST_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

/* A new empty folder, removed by the caller with gm_test_rmdir(). */
static inline char *
gm_test_mkdtemp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gridmap-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static inline void
gm_test_rmdir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        gm_test_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* The demo project, built in a new temporary folder (*dir, for
 * gm_test_rmdir()); returns its path. */
static inline char *
gm_test_build_demo (char **dir)
{
  g_autoptr(GError) error = NULL;
  char *path;

  *dir = gm_test_mkdtemp ();
  path = g_build_filename (*dir, "demo.gridmap", NULL);
  gm_demo_build (path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* SHA-256 of a file's bytes, to prove a project was left untouched. */
static inline char *
gm_test_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static inline gint64
gm_test_count (GmStore    *store,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = gm_store_prepare (store, sql, &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static inline double
gm_test_double (GmStore    *store,
                const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = gm_store_prepare (store, sql, &error);
  double v;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static inline char *
gm_test_text (GmStore    *store,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = gm_store_prepare (store, sql, &error);
  char *v;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

#define gm_assert_text(store, sql, expected) \
  G_STMT_START { \
    g_autofree char *_gm_text = gm_test_text ((store), (sql)); \
    g_assert_cmpstr (_gm_text, ==, (expected)); \
  } G_STMT_END

/* A new project in a temporary folder, for tests of imports. */
typedef struct
{
  char    *dir;
  char    *path;
  GmStore *store;
} GmTestProject;

static inline void
gm_test_project_set_up (GmTestProject *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gm_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "test.gridmap", NULL);
  f->store = gm_store_open (f->path, GM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static inline void
gm_test_project_tear_down (GmTestProject *f,
                           gconstpointer  data)
{
  g_clear_object (&f->store);
  gm_test_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}
