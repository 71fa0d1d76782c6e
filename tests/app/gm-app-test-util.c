/* gm-app-test-util.c — shared set-up for the app tests. */
#include "gm-config.h"

#include <gtk/gtk.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-demo.h"

static char *tmp_dir;
static char *demo_path;
static GmApplication *application;
static GTestDBus *test_bus;

void
gm_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *display = NULL;

  tmp_dir = g_dir_make_tmp ("gridmap-app-test-XXXXXX", &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for it, so the app's copy of the demo and its
   * settings stay inside the test's folder. */
  data_home = g_build_filename (tmp_dir, "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (argc, argv, NULL);
  /* A private session bus: GtkApplication registers on it, and an X server
   * started by xvfb-run comes without one. */
  display = g_strdup (g_getenv ("DISPLAY"));
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  /* g_test_dbus_up() unsets DISPLAY so that nothing autolaunches a bus. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  gtk_init ();
}

static void
remove_tree (GFile *dir)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (dir, NULL, NULL);
}

int
gm_test_finish (int result)
{
  g_autoptr(GFile) dir = g_file_new_for_path (tmp_dir);

  g_clear_object (&application);
  /* Stop the bus daemon, but keep the object: GTK holds its bus connection
   * to the end, and unreffing would wait for that connection to go
   * (g_test_dbus_down()) and time out. */
  if (test_bus != NULL)
    g_test_dbus_stop (test_bus);
  remove_tree (dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&demo_path, g_free);
  return result;
}

const char *
gm_test_get_tmp_dir (void)
{
  return tmp_dir;
}

GmApplication *
gm_test_get_application (void)
{
  g_autoptr(GError) error = NULL;

  if (application == NULL)
    {
      application = gm_application_new (G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (application), NULL, &error);
      g_assert_no_error (error);
    }
  return application;
}

const char *
gm_test_get_demo_path (void)
{
  g_autoptr(GError) error = NULL;
  const char *source_dir = g_getenv ("GRIDMAP_DEMO_DIR");

  if (demo_path != NULL)
    return demo_path;

  g_assert_nonnull (source_dir);
  demo_path = g_build_filename (tmp_dir, "demo.gridmap", NULL);
  gm_demo_build (demo_path, source_dir, GM_DEMO_SEED, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return demo_path;
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
gm_test_spin_until_func (gboolean (*condition) (gpointer data),
                         gpointer  data,
                         guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
gm_test_spin_until (gboolean *done,
                    guint     timeout_ms)
{
  return gm_test_spin_until_func (flag_is_set, done, timeout_ms);
}

void
gm_test_spin_for (guint ms)
{
  gboolean never = FALSE;

  gm_test_spin_until (&never, ms);
}

void
gm_test_building_anchor (GmStore *store,
                         gint64   building_id,
                         double  *lon,
                         double  *lat)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = gm_store_prepare (store, "SELECT X(anchor), Y(anchor) FROM building WHERE id = ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, building_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_type (stmt, 0), ==, SQLITE_FLOAT);
  *lon = sqlite3_column_double (stmt, 0);
  *lat = sqlite3_column_double (stmt, 1);
}
