/* test-window.c — the project window: it opens the demo, centred on it; a
 * click on a building shows the building, its residents (masked) and its
 * hazards; a click on a grid shows its totals; a click on empty map and
 * Escape clear; a drag selects nothing.
 *
 * Clicks: GTK 4 has no public way to synthesize pointer events, so the tests
 * call gm_window_press_release() and gm_window_click_at(), the functions the
 * map's GtkGestureClick "pressed"/"released" handlers call with the event
 * coordinates. That GtkGestureClick itself stops past the drag threshold is
 * GTK's behaviour; gm_window_press_release() applies the same threshold so a
 * pan never selects even if a gesture reports a release. */
#include "gm-config.h"

#include <math.h>

#include <gtk/gtk.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-map-source.h"
#include "gm-window.h"

/* The name the demo project gives itself (its meta "title"). */
#define GM_TEST_DEMO_NAME "林城社区（演示）"

static gboolean
map_is_laid_out (gpointer data)
{
  ShumateMap *map = gm_window_get_map (data);

  return gtk_widget_get_width (GTK_WIDGET (map)) > 0 && gtk_widget_get_height (GTK_WIDGET (map)) > 0;
}

static gboolean
tiles_are_done (gpointer data)
{
  ShumateViewport *viewport = gm_window_get_viewport (data);
  GmMapSource *source = GM_MAP_SOURCE (shumate_viewport_get_reference_map_source (viewport));

  return gm_map_source_get_filled_tiles (source) > 0 && gm_map_source_get_pending_tiles (source) == 0;
}

/* A window on a fresh copy of the demo, shown and laid out. */
static GmWindow *
open_demo_window (void)
{
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gm_window_open_project (window, gm_test_get_demo_path (), GM_STORE_OPEN_DEFAULT, &error);
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

/* Puts (lon, lat) in the middle of the map at @zoom and returns where it is
 * in the map's coordinates. */
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
  gm_test_spin_for (50);
  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (gm_window_get_map (window)),
                                              lat, lon, x, y);
}

/* A building with residents and hazards, so every part of the sidebar shows. */
static gint64
busy_building (GmStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = gm_store_prepare (store,
                           "SELECT b.id FROM building b"
                           " WHERE (SELECT count(*) FROM resident r WHERE r.building_id = b.id AND r.moved_out IS NULL) >= 3"
                           "   AND EXISTS (SELECT 1 FROM hazard h WHERE h.building_id = b.id)"
                           " ORDER BY b.id LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_open_default_demo (void)
{
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autofree char *copy = g_build_filename (g_get_user_data_dir (), "gridmap", "demo.gridmap", NULL);
  ShumateViewport *viewport;
  GmExtent extent;
  double lat, lon, zoom;
  g_autoptr(GError) error = NULL;

  /* No last project: the shipped demo is copied to the user's data folder
   * and opened from there. */
  g_setenv ("GRIDMAP_DEMO_PROJECT", gm_test_get_demo_path (), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gm_window_open_default (window);
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (gm_store_get_path (gm_window_get_store (window)), ==, copy);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, GM_TEST_DEMO_NAME);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gm_test_spin_until_func (map_is_laid_out, window, 10000));
  g_assert_true (gm_test_spin_until_func (tiles_are_done, window, 30000));

  g_assert_true (gm_store_get_extent (gm_window_get_store (window), &extent, &error));
  g_assert_no_error (error);
  viewport = gm_window_get_viewport (window);
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  zoom = shumate_viewport_get_zoom_level (viewport);
  g_test_message ("centre %.5f, %.5f at zoom %.2f", lon, lat, zoom);
  g_assert_cmpfloat (lon, >, extent.min_lon);
  g_assert_cmpfloat (lon, <, extent.max_lon);
  g_assert_cmpfloat (lat, >, extent.min_lat);
  g_assert_cmpfloat (lat, <, extent.max_lat);
  g_assert_cmpfloat (zoom, >=, 13);
  g_assert_cmpfloat (zoom, <=, 18);
  g_assert_false (gm_window_has_selection (window));
  /* The map credits the demo's OpenStreetMap data (its "attribution"). */
  g_assert_cmpstr (shumate_map_source_get_license (shumate_viewport_get_reference_map_source (viewport)),
                   ==, "© OpenStreetMap contributors, ODbL");

  close_window (window);
  g_unsetenv ("GRIDMAP_DEMO_PROJECT");
}

static void
test_click_building (void)
{
  GmWindow *window = open_demo_window ();
  GmStore *store = gm_window_get_store (window);
  GmSidebar *sidebar = gm_window_get_sidebar (window);
  g_autoptr(GmBuilding) building = NULL;
  g_autoptr(GPtrArray) residents = NULL;
  g_autoptr(GPtrArray) hazards = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = busy_building (store);
  double lon, lat, x, y;

  gm_test_building_anchor (store, id, &lon, &lat);
  look_at (window, lon, lat, 18, &x, &y);
  gm_window_click_at (window, x, y);

  building = gm_store_dup_building (store, id, &error);
  g_assert_no_error (error);
  residents = gm_store_dup_residents (store, id, &error);
  g_assert_no_error (error);
  hazards = gm_store_dup_hazards (store, id, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (gm_sidebar_get_building_id (sidebar), ==, id);
  g_assert_true (gm_window_has_selection (window));
  g_assert_cmpstr (gm_sidebar_get_title (sidebar), ==,
                   building->name != NULL && *building->name ? building->name : building->address);
  g_assert_cmpstr (gm_sidebar_get_property_value (sidebar, "Code"), ==, building->code);
  g_assert_cmpuint (residents->len, >=, 3);
  g_assert_cmpuint (gm_sidebar_get_n_residents (sidebar), ==, residents->len);
  g_assert_cmpuint (hazards->len, >=, 1);
  g_assert_cmpuint (gm_sidebar_get_n_hazards (sidebar), ==, hazards->len);

  /* Every ID number and phone shown is masked; none appears in full. */
  lines = gm_sidebar_dup_resident_lines (sidebar);
  g_assert_cmpuint (g_strv_length (lines), ==, residents->len);
  for (guint i = 0; i < residents->len; i++)
    {
      const GmResident *r = g_ptr_array_index (residents, i);

      if (r->id_number != NULL && *r->id_number != '\0')
        {
          g_assert_nonnull (strchr (lines[i], '*'));
          g_assert_null (strstr (lines[i], r->id_number));
        }
      if (r->phone != NULL && strlen (r->phone) >= 7)
        g_assert_null (strstr (lines[i], r->phone));
    }

  close_window (window);
}

/* A point of @grid_id that is in no building, searched on a lattice. */
static gboolean
find_open_ground (GmStore *store,
                  gint64  *grid_id,
                  double  *lon,
                  double  *lat)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = gm_store_prepare (store, "SELECT id, MbrMinX(boundary), MbrMinY(boundary),"
                           " MbrMaxX(boundary), MbrMaxY(boundary) FROM grid"
                           " WHERE valid_to IS NULL ORDER BY id", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 1; i < 20; i++)
      for (int j = 1; j < 20; j++)
        {
          double x = sqlite3_column_double (stmt, 1) + i / 20.0 * (sqlite3_column_double (stmt, 3) - sqlite3_column_double (stmt, 1));
          double y = sqlite3_column_double (stmt, 2) + j / 20.0 * (sqlite3_column_double (stmt, 4) - sqlite3_column_double (stmt, 2));

          if (gm_store_find_grid_at (store, x, y, NULL) == sqlite3_column_int64 (stmt, 0) &&
              gm_store_find_building_at (store, x, y, 15.0, NULL) == 0)
            {
              *grid_id = sqlite3_column_int64 (stmt, 0);
              *lon = x;
              *lat = y;
              return TRUE;
            }
        }
  return FALSE;
}

static void
test_click_grid (void)
{
  GmWindow *window = open_demo_window ();
  GmStore *store = gm_window_get_store (window);
  GmSidebar *sidebar = gm_window_get_sidebar (window);
  g_autoptr(GmGridSummary) summary = NULL;
  g_autofree char *buildings = NULL;
  g_autoptr(GError) error = NULL;
  gint64 grid_id = 0;
  double lon = 0, lat = 0, x, y;

  g_assert_true (find_open_ground (store, &grid_id, &lon, &lat));
  look_at (window, lon, lat, 18, &x, &y);
  gm_window_click_at (window, x, y);

  summary = gm_store_dup_grid_summary (store, grid_id, NULL, &error);
  g_assert_no_error (error);
  buildings = g_strdup_printf ("%d", summary->buildings);
  g_assert_cmpint (gm_sidebar_get_grid_id (sidebar), ==, grid_id);
  g_assert_cmpint (gm_sidebar_get_building_id (sidebar), ==, 0);
  g_assert_cmpstr (gm_sidebar_get_property_value (sidebar, "Grid code"), ==, summary->code);
  g_assert_cmpstr (gm_sidebar_get_property_value (sidebar, "Grid worker"), ==, summary->worker_name);
  g_assert_cmpstr (gm_sidebar_get_property_value (sidebar, "Buildings"), ==, buildings);
  g_assert_cmpint (summary->buildings, >, 0);

  close_window (window);
}

static void
test_click_empty_clears (void)
{
  GmWindow *window = open_demo_window ();
  GmStore *store = gm_window_get_store (window);
  GmSidebar *sidebar = gm_window_get_sidebar (window);
  GmExtent extent;
  double lon, lat, x, y;

  gm_test_building_anchor (store, busy_building (store), &lon, &lat);
  look_at (window, lon, lat, 18, &x, &y);
  gm_window_click_at (window, x, y);
  g_assert_true (gm_window_has_selection (window));

  /* Well east of everything in the project. */
  g_assert_true (gm_store_get_extent (store, &extent, NULL));
  look_at (window, extent.max_lon + 0.05, (extent.min_lat + extent.max_lat) / 2, 16, &x, &y);
  gm_window_click_at (window, x, y);

  g_assert_false (gm_window_has_selection (window));
  g_assert_cmpint (gm_sidebar_get_building_id (sidebar), ==, 0);
  g_assert_cmpint (gm_sidebar_get_grid_id (sidebar), ==, 0);
  g_assert_cmpuint (gm_sidebar_get_n_residents (sidebar), ==, 0);

  close_window (window);
}

static void
test_escape_clears (void)
{
  GmWindow *window = open_demo_window ();
  GmStore *store = gm_window_get_store (window);
  double lon, lat, x, y;

  gm_test_building_anchor (store, busy_building (store), &lon, &lat);
  look_at (window, lon, lat, 18, &x, &y);
  gm_window_click_at (window, x, y);
  g_assert_true (gm_window_has_selection (window));

  /* What the Escape accelerator activates. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.clear-selection", NULL));
  g_assert_false (gm_window_has_selection (window));

  close_window (window);
}

/* The sidebar takes its width from the map when it opens: the building
 * clicked stays where it was on the screen (within a pixel), so a second
 * click at the same place hits it again; and when the sidebar closes. */
static void
test_sidebar_keeps_place (void)
{
  GmWindow *window = open_demo_window ();
  GmStore *store = gm_window_get_store (window);
  ShumateViewport *viewport = gm_window_get_viewport (window);
  GtkWidget *root = GTK_WIDGET (window);
  GtkWidget *map = GTK_WIDGET (gm_window_get_map (window));
  gint64 id = busy_building (store);
  double lon, lat, x, y, width;
  graphene_point_t before, after;

  gm_test_building_anchor (store, id, &lon, &lat);
  /* Off the middle, towards the right, where the sidebar opens. */
  look_at (window, lon - 0.0012, lat, 17, &x, &y);
  shumate_viewport_location_to_widget_coords (viewport, map, lat, lon, &x, &y);
  g_assert_true (gtk_widget_compute_point (map, root, &GRAPHENE_POINT_INIT (x, y), &before));
  width = gtk_widget_get_width (map);
  gm_window_click_at (window, x, y);
  g_assert_cmpint (gm_sidebar_get_building_id (gm_window_get_sidebar (window)), ==, id);
  gm_test_spin_for (600);   /* the flap's animation */
  g_assert_cmpfloat (gtk_widget_get_width (map), <, width - 100);
  shumate_viewport_location_to_widget_coords (viewport, map, lat, lon, &x, &y);
  g_assert_true (gtk_widget_compute_point (map, root, &GRAPHENE_POINT_INIT (x, y), &after));
  g_test_message ("building at %.1f, %.1f; with the sidebar at %.1f, %.1f", before.x, before.y, after.x, after.y);
  g_assert_cmpfloat (fabs (after.x - before.x), <=, 1.0);
  g_assert_cmpfloat (fabs (after.y - before.y), <=, 1.0);

  g_assert_true (gtk_widget_activate_action (root, "win.clear-selection", NULL));
  gm_test_spin_for (600);
  shumate_viewport_location_to_widget_coords (viewport, map, lat, lon, &x, &y);
  g_assert_true (gtk_widget_compute_point (map, root, &GRAPHENE_POINT_INIT (x, y), &after));
  g_assert_cmpfloat (fabs (after.x - before.x), <=, 1.0);
  close_window (window);
}

static void
test_drag_does_not_select (void)
{
  GmWindow *window = open_demo_window ();
  GmStore *store = gm_window_get_store (window);
  GmSidebar *sidebar = gm_window_get_sidebar (window);
  gint64 id = busy_building (store);
  double lon, lat, x, y;

  gm_test_building_anchor (store, id, &lon, &lat);
  look_at (window, lon, lat, 18, &x, &y);

  /* Pressed on the building, released 40 px away: a pan. */
  g_assert_false (gm_window_press_release (window, x, y, x + 40, y + 10));
  g_assert_false (gm_window_has_selection (window));

  /* A hand's tremor of 2 px is still a click. */
  g_assert_true (gm_window_press_release (window, x, y, x + 2, y - 1));
  g_assert_cmpint (gm_sidebar_get_building_id (sidebar), ==, id);

  close_window (window);
}

static void
test_new_project (void)
{
  GmWindow *window = gm_window_new (gm_test_get_application ());
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), "Neighbourhood.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  GmExtent extent;

  g_assert_true (gm_window_open_project (window, path, GM_STORE_OPEN_CREATE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Neighbourhood");
  g_assert_false (gm_store_get_extent (gm_window_get_store (window), &extent, NULL));

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gm_test_spin_until_func (map_is_laid_out, window, 10000));
  /* An empty project has nothing to click, and credits nobody's data. */
  gm_window_click_at (window, 100, 100);
  g_assert_false (gm_window_has_selection (window));
  g_assert_null (shumate_map_source_get_license (
    shumate_viewport_get_reference_map_source (gm_window_get_viewport (window))));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/window/open-default-demo", test_open_default_demo);
  g_test_add_func ("/app/window/click-building", test_click_building);
  g_test_add_func ("/app/window/click-grid", test_click_grid);
  g_test_add_func ("/app/window/click-empty-clears", test_click_empty_clears);
  g_test_add_func ("/app/window/escape-clears", test_escape_clears);
  g_test_add_func ("/app/window/drag-does-not-select", test_drag_does_not_select);
  g_test_add_func ("/app/window/sidebar-keeps-place", test_sidebar_keeps_place);
  g_test_add_func ("/app/window/new-project", test_new_project);

  return gm_test_finish (g_test_run ());
}
