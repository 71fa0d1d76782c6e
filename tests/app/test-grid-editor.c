/* test-grid-editor.c — editing grids in the window, under Xvfb.
 *
 * The window enters edit mode through its win.edit-grids action; tools are
 * chosen through the toolbar's edit.tool action; pointer input goes through
 * gm_window_edit_drag() and gm_window_edit_click(), the functions the map's
 * drag and click gestures call with the event coordinates (GTK 4 cannot
 * synthesize pointer events). The panel's rows must show what the session
 * and SQL count; Undo, Save and Cancel go through their actions.
 *
 * Figures of the demo (seed 20261203), read from `gridmap-cli stats`:
 * grid 002 has 87 buildings, 1,409 residents, 4 open hazards and 559
 * households; 011, its neighbour, has 569 households; the mean is 553.95
 * households, and 020 (one building, 430 households) is under it by more
 * than the 10 % tolerance.
 */
#include "gm-config.h"

#include <geos_c.h>
#include <gtk/gtk.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-import.h"
#include "gm-window.h"

static gboolean
map_is_laid_out (gpointer data)
{
  ShumateMap *map = gm_window_get_map (data);

  return gtk_widget_get_width (GTK_WIDGET (map)) > 0 && gtk_widget_get_height (GTK_WIDGET (map)) > 0;
}

/* A window on a fresh copy of the demo, which the test may change. */
static GmWindow *
open_copy (char **path)
{
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autoptr(GFile) from = g_file_new_for_path (gm_test_get_demo_path ());
  g_autoptr(GFile) to = NULL;
  g_autoptr(GError) error = NULL;
  static guint n;

  *path = g_strdup_printf ("%s/edit-%u.gridmap", gm_test_get_tmp_dir (), n++);
  to = g_file_new_for_path (*path);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gm_window_open_project (window, *path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gm_test_spin_until_func (map_is_laid_out, window, 10000));
  return window;
}

static void
close_window (GmWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  gm_test_spin_for (50);
}

static int
grid_by_code (GmGridEdit *edit,
              const char *suffix)
{
  g_autofree char *code = g_strconcat ("990101001001", suffix, NULL);

  for (guint i = 0; i < gm_grid_edit_get_n_grids (edit); i++)
    if (gm_grid_edit_grid_is_alive (edit, i) && g_str_equal (gm_grid_edit_get_grid_code (edit, i), code))
      return (int) i;
  return -1;
}

/* The households the panel's pill shows for @grid. */
static int
panel_households (GmWindow *window,
                  int       grid)
{
  g_autofree char *text = gm_edit_panel_dup_grid_text (gm_window_get_edit_panel (window), (guint) grid);
  const char *last;

  g_assert_nonnull (text);
  last = strrchr (text, '|');
  g_assert_nonnull (last);
  return atoi (last + 1);
}

static void
assert_panel_matches (GmWindow *window)
{
  GmGridEdit *edit = gm_window_get_grid_edit (window);

  for (guint i = 0; i < gm_grid_edit_get_n_grids (edit); i++)
    {
      GmGridTotals t;

      if (!gm_grid_edit_grid_is_alive (edit, i))
        {
          g_assert_null (gm_edit_panel_dup_grid_text (gm_window_get_edit_panel (window), i));
          continue;
        }
      gm_grid_edit_get_totals (edit, i, &t);
      g_assert_cmpint (panel_households (window, (int) i), ==, t.households);
    }
}

/* Households whose anchor SpatiaLite finds inside the session's polygon of
 * @grid: a count independent of the session. */
static int
sql_households (GmWindow *window,
                int       grid)
{
  GmStore *store = gm_window_get_store (window);
  g_autoptr(GBytes) wkb = gm_grid_edit_dup_grid_wkb (gm_window_get_grid_edit (window), (guint) grid);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const void *data = g_bytes_get_data (wkb, &size);

  stmt = gm_store_prepare (store, "SELECT coalesce(sum(households), 0) FROM building"
                           " WHERE ST_Contains(ST_GeomFromWKB(?1, 4326), anchor)", &error);
  g_assert_no_error (error);
  sqlite3_bind_blob (stmt, 1, data, (int) size, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

/* Puts (lon, lat) in the middle of the map at @zoom; its widget position. */
static void
look_at (GmWindow *window,
         double    lon,
         double    lat,
         double    zoom,
         double   *x,
         double   *y)
{
  ShumateViewport *viewport = gm_window_get_viewport (window);

  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (gm_window_get_map (window), lat, lon);
  gm_test_spin_for (30);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (gm_window_get_map (window)), lat, lon, x, y);
}

/* Vertices shared by grids @a and @b (lon/lat pairs). */
static GArray *
shared_vertices (GmGridEdit *edit,
                 int         a,
                 int         b)
{
  GEOSContextHandle_t ctx = GEOS_init_r ();
  g_autoptr(GBytes) wa = gm_grid_edit_dup_grid_wkb (edit, (guint) a);
  g_autoptr(GBytes) wb = gm_grid_edit_dup_grid_wkb (edit, (guint) b);
  gsize na, nb;
  const guint8 *da = g_bytes_get_data (wa, &na), *db = g_bytes_get_data (wb, &nb);
  GEOSGeometry *ga = GEOSGeomFromWKB_buf_r (ctx, da, na), *gb = GEOSGeomFromWKB_buf_r (ctx, db, nb);
  GEOSGeometry *pa = GEOSGeom_extractUniquePoints_r (ctx, ga), *pb = GEOSGeom_extractUniquePoints_r (ctx, gb);
  GEOSGeometry *common = GEOSIntersection_r (ctx, pa, pb);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < GEOSGetNumGeometries_r (ctx, common); i++)
    {
      double p[2];

      GEOSGeomGetX_r (ctx, GEOSGetGeometryN_r (ctx, common, i), &p[0]);
      GEOSGeomGetY_r (ctx, GEOSGetGeometryN_r (ctx, common, i), &p[1]);
      g_array_append_vals (out, p, 2);
    }
  GEOSGeom_destroy_r (ctx, common);
  GEOSGeom_destroy_r (ctx, pa);
  GEOSGeom_destroy_r (ctx, pb);
  GEOSGeom_destroy_r (ctx, ga);
  GEOSGeom_destroy_r (ctx, gb);
  GEOS_finish_r (ctx);
  return out;
}

/* Edit mode through the action; a drag of a vertex shared by 002 and 011
 * moves it in both and moves buildings with it; the panel shows the new
 * totals, which SQL confirms; a drag elsewhere pans; Ctrl+Z's action
 * undoes; Cancel leaves the project as it was. */
static void
test_drag_vertex (void)
{
  g_autofree char *path = NULL;
  GmWindow *window = open_copy (&path);
  GmGridEdit *edit;
  g_autoptr(GArray) shared = NULL;
  g_autofree char *text = NULL;
  int a, b;
  gboolean moved = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-grids", NULL));
  g_assert_true (gm_window_is_editing (window));
  edit = gm_window_get_grid_edit (window);
  a = grid_by_code (edit, "002");
  b = grid_by_code (edit, "011");
  text = gm_edit_panel_dup_grid_text (gm_window_get_edit_panel (window), (guint) a);
  g_assert_cmpstr (text, ==, "第2网格 | 002 · 87 buildings · 1409 residents · 4 open hazards | 559");
  g_assert_cmpstr (gm_edit_panel_get_grid_status (gm_window_get_edit_panel (window), (guint) a), ==, "within");
  g_assert_cmpstr (gm_edit_panel_get_grid_status (gm_window_get_edit_panel (window), (guint) grid_by_code (edit, "020")),
                   ==, "under");
  /* The demo's division is the automatic one: nothing to flag. */
  g_assert_cmpuint (gm_edit_panel_get_n_issues (gm_window_get_edit_panel (window)), ==, 0);

  shared = shared_vertices (edit, a, b);
  for (guint v = 0; v + 1 < shared->len && !moved; v += 2)
    {
      double x, y;
      guint serial = gm_grid_edit_get_serial (edit);

      look_at (window, g_array_index (shared, double, v), g_array_index (shared, double, v + 1), 16, &x, &y);
      g_assert_true (gm_window_edit_drag (window, x, y, x + 80, y + 30, 0));
      if (gm_grid_edit_get_serial (edit) == serial)
        continue;   /* refused: it would have crossed a boundary */
      moved = panel_households (window, a) != 559;
      if (!moved)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-undo", NULL));
    }
  g_assert_true (moved);
  assert_panel_matches (window);
  g_assert_cmpint (panel_households (window, a), ==, sql_households (window, a));
  g_assert_cmpint (panel_households (window, b), ==, sql_households (window, b));
  g_assert_cmpint (panel_households (window, a) + panel_households (window, b), ==, 559 + 569);

  /* In the middle of a grid, a drag is the map's: it pans. */
  {
    double lon, lat, x, y;
    guint serial = gm_grid_edit_get_serial (edit);

    g_assert_true (gm_grid_edit_get_label_point (edit, (guint) grid_by_code (edit, "005"), &lon, &lat));
    look_at (window, lon, lat, 16, &x, &y);
    g_assert_false (gm_window_edit_drag (window, x, y, x + 100, y, 0));
    g_assert_cmpuint (gm_grid_edit_get_serial (edit), ==, serial);
  }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-undo", NULL));
  g_assert_cmpint (panel_households (window, a), ==, 559);
  assert_panel_matches (window);

  /* Cancelled: the project still has 002 as it was. */
  {
    gint64 id = gm_grid_edit_get_grid_id (edit, (guint) a);
    g_autoptr(GmGridSummary) summary = NULL;

    gm_window_end_edit (window);
    g_assert_false (gm_window_is_editing (window));
    summary = gm_store_dup_grid_summary (gm_window_get_store (window), id, NULL, NULL);
    g_assert_nonnull (summary);
    g_assert_cmpint (summary->households, ==, 559);
    g_assert_cmpint (summary->buildings, ==, 87);
  }
  close_window (window);
}

/* With the Merge tool, a click on 002 and one on 011 merge them; the panel
 * shows 1,128 households for 011 and no row for 002; Save writes it. */
static void
test_merge_and_save (void)
{
  g_autofree char *path = NULL;
  GmWindow *window = open_copy (&path);
  GtkWidget *toolbar;
  GmGridEdit *edit;
  GmStore *store;
  double lon, lat, x, y;
  int a, b;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_true (gm_window_begin_edit (window, "990101001001", &error));
  g_assert_no_error (error);
  edit = gm_window_get_grid_edit (window);
  toolbar = gm_window_get_edit_toolbar (window);
  g_assert_true (gtk_widget_activate_action (toolbar, "edit.tool", "s", "merge"));
  a = grid_by_code (edit, "002");
  b = grid_by_code (edit, "011");

  g_assert_true (gm_grid_edit_get_label_point (edit, (guint) a, &lon, &lat));
  look_at (window, lon, lat, 14, &x, &y);
  gm_window_edit_click (window, x, y, 1, 0);
  g_assert_true (gm_grid_edit_get_label_point (edit, (guint) b, &lon, &lat));
  look_at (window, lon, lat, 14, &x, &y);
  gm_window_edit_click (window, x, y, 1, 0);

  g_assert_false (gm_grid_edit_grid_is_alive (edit, (guint) a));
  g_assert_null (gm_edit_panel_dup_grid_text (gm_window_get_edit_panel (window), (guint) a));
  g_assert_cmpint (panel_households (window, b), ==, 1128);
  g_assert_cmpint (sql_households (window, b), ==, 1128);
  /* 19 grids now: the mean is 11,079 / 19 = 583.1, and 011 is far over. */
  g_assert_cmpstr (gm_edit_panel_get_grid_status (gm_window_get_edit_panel (window), (guint) b), ==, "over");

  store = g_object_ref (gm_window_get_store (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-save", NULL));
  g_assert_false (gm_window_is_editing (window));
  stmt = gm_store_prepare (store, "SELECT (SELECT count(*) FROM grid WHERE valid_to IS NULL),"
                           " (SELECT count(*) FROM grid WHERE valid_to IS NOT NULL),"
                           " (SELECT sum(households) FROM building WHERE grid_id ="
                           "   (SELECT id FROM grid WHERE code = '990101001001011' AND valid_to IS NULL))", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 19);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 2);
  g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 1128);
  g_object_unref (store);
  close_window (window);
}

/* With the Buildings tool, a click on the building of 002 nearest to 011
 * chooses it; "Move to Grid" with 011 moves it and its households. */
static void
test_move_building (void)
{
  g_autofree char *path = NULL;
  GmWindow *window = open_copy (&path);
  GmStore *store = gm_window_get_store (window);
  GmEditPanel *panel = gm_window_get_edit_panel (window);
  GmGridEdit *edit;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  double lon, lat, x, y;
  gint64 id;
  int households, a, b;

  stmt = gm_store_prepare (store,
                           "SELECT b.id, b.households, X(b.anchor), Y(b.anchor) FROM building b, grid ga, grid gb"
                           " WHERE ga.code = '990101001001002' AND gb.code = '990101001001011' AND b.grid_id = ga.id"
                           "   AND b.households > 0"
                           " ORDER BY ST_Distance(ST_Boundary(gb.boundary), b.anchor), b.id LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  id = sqlite3_column_int64 (stmt, 0);
  households = sqlite3_column_int (stmt, 1);
  lon = sqlite3_column_double (stmt, 2);
  lat = sqlite3_column_double (stmt, 3);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-grids", NULL));
  edit = gm_window_get_grid_edit (window);
  a = grid_by_code (edit, "002");
  b = grid_by_code (edit, "011");
  g_assert_true (gtk_widget_activate_action (gm_window_get_edit_toolbar (window), "edit.tool", "s", "reassign"));
  look_at (window, lon, lat, 18, &x, &y);
  gm_window_edit_click (window, x, y, 1, 0);
  gm_edit_panel_set_move_target (panel, b);
  g_assert_cmpint (gm_edit_panel_get_move_target (panel), ==, b);
  g_signal_emit_by_name (panel, "move-requested", b);

  g_assert_cmpint (gm_grid_edit_get_building_grid (edit, id), ==, b);
  g_assert_cmpint (panel_households (window, a), ==, 559 - households);
  g_assert_cmpint (panel_households (window, b), ==, 569 + households);
  g_assert_cmpint (panel_households (window, b), ==, sql_households (window, b));
  assert_panel_matches (window);
  gm_window_end_edit (window);
  close_window (window);
}

static void
import_shared (GmStore      *store,
               const char   *relative,
               GmImportKind  kind)
{
  g_autofree char *file = g_build_filename (g_getenv ("GRIDMAP_SHARED_DATA"), relative, NULL);
  g_autoptr(GmImportOptions) options = gm_import_options_new (kind);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = gm_import_run (store, file, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
}

/* A community imported with its buildings and no grid: the panel has two
 * things to say, the whole community (7,709,213 m², ST_Area on the
 * district's outline gives 7,709,214 geodesic) in no grid, and its 3,834
 * buildings in no grid as one row, not one row a building. */
static void
test_no_grids (void)
{
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), "moabit-bare.gridmap", NULL);
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  {
    g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);

    g_assert_no_error (error);
    import_shared (store, "real/berlin-moabit/moabit_district.shp", GM_IMPORT_COMMUNITY);
    import_shared (store, "real/berlin-moabit/moabit_build.shp", GM_IMPORT_BUILDINGS);
  }
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gm_window_open_project (window, path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gm_test_spin_until_func (map_is_laid_out, window, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-grids", NULL));
  g_assert_true (gm_window_is_editing (window));
  g_assert_cmpuint (gm_edit_panel_get_n_issues (gm_window_get_edit_panel (window)), ==, 2);
  text = gm_edit_panel_dup_checks_text (gm_window_get_edit_panel (window));
  g_assert_cmpstr (text, ==, "2 things to look at | 7.71 km² of the community are in no grid"
                   " | 3834 buildings are in no grid: “building 1”, “building 2”, “building 3” and 3831 more");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/grid-editor/drag-vertex", test_drag_vertex);
  g_test_add_func ("/app/grid-editor/merge-and-save", test_merge_and_save);
  g_test_add_func ("/app/grid-editor/move-building", test_move_building);
  g_test_add_func ("/app/grid-editor/no-grids", test_no_grids);

  return gm_test_finish (g_test_run ());
}
