/* test-analysis.c — the hazard analysis in the window: the panel computes
 * off the main thread and fills its table and legends, the analysis layer
 * goes over the map, a filter change redraws it, sorting and clicking the
 * table list a grid's hazards, the map exports to PNG and PDF; reporting a
 * hazard by clicking a building, editing it and moving it along its
 * workflow write the project and its audit trail.
 *
 * With GRIDMAP_TEST_SHOTS=DIR, screenshots of the screen (Xvfb) are saved
 * there at each stage, for people to look at. */
#include "gm-config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-map-source.h"
#include "gm-sidebar.h"
#include "gm-window.h"

static void
shoot (const char *name)
{
  const char *dir = g_getenv ("GRIDMAP_TEST_SHOTS");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  gm_test_spin_for (2500);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

static gboolean
map_is_laid_out (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (gm_window_get_map (data))) > 0;
}

static GmWindow *
open_window (const char *path)
{
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gm_window_open_project (window, path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gm_test_spin_until_func (map_is_laid_out, window, 10000));
  return window;
}

/* A copy of the demo this test may change. */
static char *
demo_copy (const char *name)
{
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (gm_test_get_demo_path ());
  g_autoptr(GFile) to = g_file_new_for_path (path);

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
  return g_steal_pointer (&path);
}

static gboolean
panel_is_done (gpointer data)
{
  GmAnalysisPanel *panel = gm_window_get_analysis_panel (data);

  return !gm_analysis_panel_get_busy (panel) && gm_analysis_panel_get_result (panel) != NULL;
}

static void
wait_for_result (GmWindow *window)
{
  g_assert_true (gm_test_spin_until_func (panel_is_done, window, 30000));
}

/* The analysis layer is over the map and has drawn its tiles. */
static gboolean
layer_is_drawn (gpointer data)
{
  ShumateMapLayer *layer = gm_window_get_analysis_layer (data);
  GmMapSource *source;

  if (layer == NULL)
    return FALSE;
  g_object_get (layer, "map-source", &source, NULL);
  g_object_unref (source);
  return gm_map_source_get_filled_tiles (source) > 0 && gm_map_source_get_pending_tiles (source) == 0;
}

static gint64
count (GmStore    *store,
       const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_panel (void)
{
  GmWindow *window = open_window (gm_test_get_demo_path ());
  GmAnalysisPanel *panel = gm_window_get_analysis_panel (window);
  GmStore *store = gm_window_get_store (window);
  g_auto(GStrv) grid_legend = NULL, heat_legend = NULL;
  GmHotspotResult *r;

  gm_window_set_analysis_visible (window, TRUE);
  wait_for_result (window);
  r = gm_analysis_panel_get_result (panel);
  g_assert_cmpuint (r->points->len, ==, count (store, "SELECT count(*) FROM hazard"));
  g_assert_cmpuint (gm_analysis_panel_get_n_rows (panel), ==, 20);
  /* Rates per grid are on from the start: five classes and "no households". */
  grid_legend = gm_analysis_panel_dup_legend (panel, GM_LAYER_GRID_RATES);
  g_assert_cmpuint (g_strv_length (grid_legend), ==, 6);
  g_assert_cmpstr (grid_legend[5], ==, "no households");
  g_assert_true (gm_test_spin_until_func (layer_is_drawn, window, 30000));
  shoot ("analysis-rates");

  gm_analysis_panel_set_layer (panel, GM_LAYER_HEAT, TRUE);
  gm_analysis_panel_set_layer (panel, GM_LAYER_GRID_RATES, FALSE);
  gm_test_spin_for (200);
  wait_for_result (window);
  g_assert_true (gm_analysis_panel_get_result (panel)->methods & GM_HOTSPOT_KDE);
  heat_legend = gm_analysis_panel_dup_legend (panel, GM_LAYER_HEAT);
  g_assert_cmpuint (g_strv_length (heat_legend), ==, 5);
  g_assert_true (gm_test_spin_until_func (layer_is_drawn, window, 30000));
  shoot ("analysis-density");

  gm_analysis_panel_set_layer (panel, GM_LAYER_HEAT, FALSE);
  gm_analysis_panel_set_layer (panel, GM_LAYER_HOTSPOTS, TRUE);
  gm_test_spin_for (200);
  wait_for_result (window);
  g_assert_no_error (gm_analysis_panel_get_result (panel)->gi_error);
  g_assert_true (gm_test_spin_until_func (layer_is_drawn, window, 30000));
  shoot ("analysis-hotspots");

  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

/* Fire hazards only; sorted by overdue, the first grid has the most; a
 * click on it lists its fire hazards in the sidebar. */
static void
test_filter_sort_click (void)
{
  GmWindow *window = open_window (gm_test_get_demo_path ());
  GmAnalysisPanel *panel = gm_window_get_analysis_panel (window);
  GmStore *store = gm_window_get_store (window);
  GmSidebar *sidebar = gm_window_get_sidebar (window);
  g_autofree char *sql = NULL;
  const char *first;
  GmHotspotResult *r;
  int most = -1;
  gint64 grid;

  gm_window_set_analysis_visible (window, TRUE);
  wait_for_result (window);
  gm_analysis_panel_set_category (panel, "fire");
  gm_test_spin_for (200);
  wait_for_result (window);
  r = gm_analysis_panel_get_result (panel);
  g_assert_cmpstr (r->filter->category, ==, "fire");
  g_assert_cmpuint (r->points->len, ==, count (store, "SELECT count(*) FROM hazard WHERE category = 'fire'"));

  gm_analysis_panel_sort_by (panel, 1 + GM_GRID_OVERDUE, GTK_SORT_DESCENDING);
  for (guint i = 0; i < r->grids->len; i++)
    most = MAX (most, ((GmGridRate *) g_ptr_array_index (r->grids, i))->overdue);
  first = gm_analysis_panel_get_row_code (panel, 0);
  for (guint i = 0; i < r->grids->len; i++)
    {
      const GmGridRate *g = g_ptr_array_index (r->grids, i);

      if (g_str_equal (g->code, first))
        g_assert_cmpint (g->overdue, ==, most);
    }

  gm_analysis_panel_activate_row (panel, 0);
  grid = gm_sidebar_get_grid_id (sidebar);
  g_assert_cmpint (grid, >, 0);
  sql = g_strdup_printf ("SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id"
                         " WHERE h.category = 'fire' AND b.grid_id = %" G_GINT64_FORMAT, grid);
  g_assert_cmpuint (gm_sidebar_get_n_hazards (sidebar), ==, count (store, sql));
  shoot ("analysis-fire-grid");

  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

static void
on_exported (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gm_window_export_hotspots_finish (GM_WINDOW (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_export (void)
{
  GmWindow *window = open_window (gm_test_get_demo_path ());
  g_autofree char *png = g_build_filename (gm_test_get_tmp_dir (), "map.png", NULL);
  g_autofree char *pdf = g_build_filename (gm_test_get_tmp_dir (), "map.pdf", NULL);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);
  g_autofree char *contents = NULL;
  int map_width = gtk_widget_get_width (GTK_WIDGET (gm_window_get_map (window)));
  gboolean done = FALSE;
  cairo_surface_t *image;

  gm_window_set_analysis_visible (window, TRUE);
  wait_for_result (window);
  map_width = gtk_widget_get_width (GTK_WIDGET (gm_window_get_map (window)));
  gm_window_export_hotspots_async (window, png_file, NULL, on_exported, &done);
  g_assert_true (gm_test_spin_until (&done, 30000));
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  /* The map as wide as it is on screen, with the legend beside it. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 24 + map_width + 20 + 270 + 24);
  cairo_surface_destroy (image);

  done = FALSE;
  gm_window_export_hotspots_async (window, pdf_file, NULL, on_exported, &done);
  g_assert_true (gm_test_spin_until (&done, 30000));
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

static GmHazardDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GM_IS_HAZARD_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GM_HAZARD_DIALOG (window);
    }
  return NULL;
}

/* Report mode on, a click on a building: the dialog for a hazard at it. */
static GmHazardDialog *
report_by_click (GmWindow *window,
                 gint64    building)
{
  GtkToggleButton *report = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (window), GM_TYPE_WINDOW,
                                                                             "report_button"));
  ShumateViewport *viewport = gm_window_get_viewport (window);
  double lon, lat, x, y;

  gm_test_building_anchor (gm_window_get_store (window), building, &lon, &lat);
  shumate_viewport_set_zoom_level (viewport, 18);
  shumate_map_center_on (gm_window_get_map (window), lat, lon);
  gm_test_spin_for (50);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (gm_window_get_map (window)), lat, lon, &x, &y);
  gtk_toggle_button_set_active (report, TRUE);
  gm_window_click_at (window, x + 2, y + 1);
  /* One hazard per click: the mode ends. */
  g_assert_false (gtk_toggle_button_get_active (report));
  return find_dialog ();
}

static void
test_report_and_workflow (void)
{
  g_autofree char *path = demo_copy ("report.gridmap");
  GmWindow *window = open_window (path);
  GmStore *store = gm_window_get_store (window);
  g_autoptr(GmHazardRecord) fields = gm_hazard_record_new ();
  g_autoptr(GError) error = NULL;
  GmHazardDialog *dialog;
  gint64 building = count (store, "SELECT id FROM building ORDER BY households DESC, id LIMIT 1");
  gint64 audits = count (store, "SELECT count(*) FROM audit"), id;
  g_autofree char *sql = NULL;

  dialog = report_by_click (window, building);
  g_assert_nonnull (dialog);
  shoot ("hazard-new");
  fields->category = g_strdup ("fire");
  fields->kind = g_strdup ("楼顶安全出口上锁");
  fields->description = g_strdup ("Roof door chained shut");
  fields->found_on = g_strdup ("2026-11-20");
  fields->department = g_strdup ("消防救援站");
  gm_hazard_dialog_fill (dialog, fields);
  g_assert_true (gm_hazard_dialog_save (dialog, &error));
  g_assert_no_error (error);
  id = gm_hazard_dialog_get_id (dialog);
  g_assert_cmpint (id, >, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* At the building clicked, written with its audit row. */
  sql = g_strdup_printf ("SELECT building_id FROM hazard WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (count (store, sql), ==, building);
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit"), ==, audits + 1);
  g_assert_cmpint (count (store, "SELECT count(*) FROM audit WHERE action = 'hazard-add' AND who <> ''"), ==, 1);

  dialog = gm_window_edit_hazard (window, id);
  g_assert_nonnull (dialog);
  /* A rectification before any notice is not a step the dialog offers,
   * and core refuses it with the reason shown. */
  g_assert_false (gm_hazard_dialog_move (dialog, GM_HAZARD_RECTIFIED, &error));
  g_assert_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (gm_hazard_dialog_move (dialog, GM_HAZARD_NOTIFIED, &error));
  g_assert_no_error (error);
  g_assert_true (gm_hazard_dialog_move (dialog, GM_HAZARD_RECTIFIED, &error));
  shoot ("hazard-rectified");
  g_assert_true (gm_hazard_dialog_move (dialog, GM_HAZARD_CLOSED, &error));
  g_free (sql);
  sql = g_strdup_printf ("SELECT status = 'closed' AND notice_on IS NOT NULL AND rectified_on IS NOT NULL"
                         " AND verified_on IS NOT NULL FROM hazard WHERE id = %" G_GINT64_FORMAT, id);
  g_assert_cmpint (count (store, sql), ==, 1);
  /* Reported, then three steps: four lines of history. */
  g_assert_cmpuint (gm_hazard_dialog_get_n_history (dialog), ==, 4);
  gtk_window_destroy (GTK_WINDOW (dialog));

  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/analysis/panel", test_panel);
  g_test_add_func ("/app/analysis/filter-sort-click", test_filter_sort_click);
  g_test_add_func ("/app/analysis/export", test_export);
  g_test_add_func ("/app/analysis/report-and-workflow", test_report_and_workflow);
  return gm_test_finish (g_test_run ());
}
