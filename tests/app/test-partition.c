/* test-partition.c — "Divide into Grids…" and "Plans and History" in the
 * window: a division runs in the background with progress, lands as a
 * plan that the map shows over the current grids (hidden meanwhile), is
 * applied after a confirmation, and the old division can be shown again
 * from History; Cancel saves nothing.
 *
 * With $GRIDMAP_SCREENSHOTS set to a folder, the dialog, the plans window
 * and the map are saved there as PNG files for a person to look at. */
#include "gm-config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-import.h"
#include "gm-map-source.h"
#include "gm-partition-dialog.h"
#include "gm-plans-window.h"
#include "gm-window.h"

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("GRIDMAP_SCREENSHOTS");
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || width <= 0 || height <= 0)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static gpointer
find_toplevel (GType type)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
plans_window_shown (gpointer data)
{
  return find_toplevel (GM_TYPE_PLANS_WINDOW) != NULL && gm_window_is_showing_division (data);
}

static gboolean
no_dialog (gpointer data)
{
  return find_toplevel (GM_TYPE_PARTITION_DIALOG) == NULL;
}

static gboolean
tiles_are_done (gpointer data)
{
  ShumateViewport *viewport = gm_window_get_viewport (data);
  GmMapSource *source = GM_MAP_SOURCE (shumate_viewport_get_reference_map_source (viewport));

  return gm_map_source_get_filled_tiles (source) > 0 && gm_map_source_get_pending_tiles (source) == 0;
}

static gint64
count (const char *path,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = gm_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* A window on a copy of the demo, 1280×800. */
static GmWindow *
open_copy (const char *name,
           char      **path)
{
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autoptr(GFile) from = g_file_new_for_path (gm_test_get_demo_path ());
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;

  *path = g_build_filename (gm_test_get_tmp_dir (), name, NULL);
  to = g_file_new_for_path (*path);
  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gm_window_open_project (window, *path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  gm_test_spin_for (200);
  return window;
}

static GmPartitionDialog *
open_dialog (GmWindow *window)
{
  GmPartitionDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.divide", NULL);
  dialog = find_toplevel (GM_TYPE_PARTITION_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gm_partition_dialog_get_page (dialog), ==, "options");
  return dialog;
}

/* 600 households a grid on the demo's 11,079: round(11,079 / 600) = 18. */
static void
test_divide_show_apply (void)
{
  g_autofree char *path = NULL;
  GmWindow *window = open_copy ("divide.gridmap", &path);
  GmPartitionDialog *dialog = open_dialog (window);
  GmPlansWindow *plans;
  AdwMessageDialog *confirm;

  gm_partition_dialog_set_size (dialog, 0, 600, FALSE);
  gm_test_spin_for (300);
  save_screenshot (GTK_WIDGET (dialog), "partition-dialog.png");
  gm_partition_dialog_divide (dialog);
  g_assert_cmpstr (gm_partition_dialog_get_page (dialog), ==, "progress");
  g_assert_true (gm_test_spin_until_func (plans_window_shown, window, 60000));
  plans = find_toplevel (GM_TYPE_PLANS_WINDOW);
  g_assert_cmpuint (gm_plans_window_get_n_plans (plans), ==, 1);
  g_assert_cmpint (count (path, "SELECT count(*) FROM plan_grid"), ==, 18);
  gm_test_spin_until_func (tiles_are_done, window, 10000);
  gm_test_spin_for (300);
  save_screenshot (GTK_WIDGET (window), "plan-on-map.png");
  save_screenshot (GTK_WIDGET (plans), "plans-window.png");

  gm_plans_window_apply (plans);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  gm_test_spin_for (300);
  save_screenshot (GTK_WIDGET (confirm), "apply-confirm.png");
  adw_message_dialog_response (confirm, "apply");
  for (guint i = 0; i < 300 && count (path, "SELECT count(*) FROM grid WHERE valid_to IS NULL") != 18; i++)
    gm_test_spin_for (100);
  gm_test_spin_for (200);
  g_assert_cmpint (count (path, "SELECT count(*) FROM grid WHERE valid_to IS NOT NULL"), ==, 20);
  g_assert_false (gm_window_is_showing_division (window));
  g_assert_cmpuint (gm_plans_window_get_n_past (plans), ==, 1);

  /* The old division, from History. */
  gm_plans_window_show_past (plans, 0);
  g_assert_true (gm_window_is_showing_division (window));
  gm_test_spin_until_func (tiles_are_done, window, 10000);
  gm_test_spin_for (300);
  save_screenshot (GTK_WIDGET (window), "history-on-map.png");
  save_screenshot (GTK_WIDGET (plans), "plans-window-applied.png");
  gtk_window_close (GTK_WINDOW (plans));
  g_assert_false (gm_window_is_showing_division (window));
  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

/* Cancel while dividing: the dialog closes and no plan is saved. */
static void
test_cancel (void)
{
  g_autofree char *path = NULL;
  GmWindow *window = open_copy ("cancel.gridmap", &path);
  GmPartitionDialog *dialog = open_dialog (window);

  gm_partition_dialog_divide (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gm_test_spin_until_func (no_dialog, NULL, 60000));
  g_assert_cmpint (count (path, "SELECT count(*) FROM plan"), ==, 0);
  g_assert_false (gm_window_is_showing_division (window));
  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

static gboolean
shows_error (gpointer dialog)
{
  return g_strcmp0 (gm_partition_dialog_get_page (dialog), "error") == 0;
}

/* A community without buildings: the dialog says so, naming it. */
static void
test_error_page (void)
{
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), "empty.gridmap", NULL);
  g_autofree char *community = g_build_filename (g_getenv ("GRIDMAP_DEMO_DIR"), "community.geojson", NULL);
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_COMMUNITY);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GmPartitionDialog *dialog;

  g_assert_true (gm_window_open_project (window, path, GM_STORE_OPEN_CREATE, &error));
  report = gm_import_run (gm_window_get_store (window), community, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  dialog = open_dialog (window);
  gm_partition_dialog_divide (dialog);
  g_assert_true (gm_test_spin_until_func (shows_error, dialog, 60000));
  g_assert_nonnull (strstr (gm_partition_dialog_get_error_text (dialog), "no buildings"));
  g_assert_nonnull (strstr (gm_partition_dialog_get_error_text (dialog), "990101001001"));
  save_screenshot (GTK_WIDGET (dialog), "partition-error.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/partition/divide-show-apply", test_divide_show_apply);
  g_test_add_func ("/app/partition/cancel", test_cancel);
  g_test_add_func ("/app/partition/error-page", test_error_page);
  return gm_test_finish (g_test_run ());
}
