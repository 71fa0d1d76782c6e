/* test-cli-hotspots.c — `gridmap-cli hotspots` on the demo project, run as
 * a script runs it: exit codes, JSON values, the files it writes, and that
 * none of them names who reported a hazard. */
#include "gm-config.h"

#include <cairo.h>

#include "gm-autocleanups.h"
#include "gm-cli-test-util.h"
#include "gm-hazard-edit.h"
#include "gm-store.h"

static TmpDir *dir;
static char *demo;

#define AS_OF "--as-of", "2026-11-30"

static void
test_usage (void)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, "hotspots", demo, "--method", "density");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "kde, gi or grid"));
  CLI (&run, "hotspots", demo, "--from", "2026-13-01");
  assert_usage_error (&run);
  CLI (&run, "hotspots", demo, "--status", "pending");
  assert_usage_error (&run);
  CLI (&run, "hotspots", demo, "--category", "flood");
  assert_usage_error (&run);
  CLI (&run, "hotspots", demo, "--out", "map.jpg");
  assert_usage_error (&run);
  CLI (&run, "hotspots", demo, "--bandwidth", "-3");
  assert_usage_error (&run);
  CLI (&run, "hotspots");
  assert_usage_error (&run);
  /* A start after the end is the job's to refuse, in words. */
  CLI (&run, "hotspots", demo, "--from", "2026-09-01", "--to", "2026-08-01");
  assert_failed_naming (&run, "The start date (2026-09-01) is after the end date (2026-08-01)");
  CLI (&run, "hotspots", "/nonexistent/x.gridmap");
  assert_failed_naming (&run, "x.gridmap");
}

static void
test_gi_json (void)
{
  static const char * const class_names[] = {
    "hot_99", "hot_95", "hot_90", "not_significant", "cold_90", "cold_95", "cold_99",
  };
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *classes;
  JsonArray *cells;
  gint64 total = 0;

  CLI (&run, "hotspots", demo, "--method", "gi", "--json", AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "method"), ==, "gi");
  g_assert_cmpint (json_object_get_int_member (o, "hazards"), ==, 577);
  g_assert_cmpfloat (json_object_get_double_member (o, "band_m"), ==,
                     3.5 * json_object_get_double_member (o, "cell_size_m"));
  cells = json_object_get_array_member (o, "cells");
  classes = json_object_get_object_member (o, "classes");
  for (guint i = 0; i < G_N_ELEMENTS (class_names); i++)
    total += json_object_get_int_member (classes, class_names[i]);
  g_assert_cmpint (total, ==, json_array_get_length (cells));
  for (guint i = 0; i < json_array_get_length (cells); i++)
    {
      JsonObject *c = json_array_get_object_element (cells, i);
      double z = json_object_get_double_member (c, "z");
      const char *klass = json_object_get_string_member (c, "class");

      g_assert_true (json_object_has_member (c, "p") && json_object_has_member (c, "q"));
      if (g_str_has_prefix (klass, "hot_"))
        g_assert_cmpfloat (z, >, 0);
      else if (g_str_has_prefix (klass, "cold_"))
        g_assert_cmpfloat (z, <, 0);
      if (g_str_equal (klass, "hot_99"))
        g_assert_cmpfloat (json_object_get_double_member (c, "q"), <=, 0.01);
    }
}

static void
test_gi_refused (void)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, "hotspots", demo, "--method", "gi", "--category", "fire", "--status", "overdue", AS_OF);
  assert_failed_naming (&run, "at least 30 hazards");
  g_assert_nonnull (strstr (run.err, "the filter leaves 22"));
  g_assert_cmpstr (run.out, ==, "");

  /* The category by its Chinese name on the forms: the same 22. */
  CLI (&run, "hotspots", demo, "--method", "gi", "--category", "消防", "--status", "overdue", AS_OF);
  g_assert_nonnull (strstr (run.err, "the filter leaves 22"));
}

/* --status takes the union of the statuses listed, and the title names
 * each; counted with the sqlite3 shell on the demo as of 2026-11-30: 118
 * open, 45 of them overdue. */
static void
test_status_list (void)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, "hotspots", demo, "--status", "open,overdue", AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Getis–Ord Gi* of 118 hazards (All hazards · open or overdue)\n"));
  CLI (&run, "hotspots", demo, "--status", "overdue", AS_OF);
  g_assert_true (g_str_has_prefix (run.out, "Getis–Ord Gi* of 45 hazards (All hazards · overdue)\n"));
  CLI (&run, "hotspots", demo, "--status", "overdue, open", AS_OF);
  g_assert_true (g_str_has_prefix (run.out, "Getis–Ord Gi* of 118 hazards (All hazards · open or overdue)\n"));
}

/* --kind by the stored name or the label the app shows: 44 hazards of
 * 电气线路老化 on the demo (sqlite3: SELECT count(*) FROM hazard WHERE
 * kind = '电气线路老化'); an unknown kind is a usage error naming the kinds. */
static void
test_kind (void)
{
  static const char * const typed[] = { "电气线路老化", "Old electrical wiring", "old electrical WIRING" };
  g_auto(CliRun) run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      CLI (&run, "hotspots", demo, "--method", "kde", "--kind", typed[i], AS_OF);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_str_has_prefix (run.out, "Kernel density of 44 hazards (All hazards · Old electrical wiring)\n"));
    }
  CLI (&run, "hotspots", demo, "--kind", "wiring", AS_OF);
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "“wiring”"));
  g_assert_nonnull (strstr (run.err, "Old electrical wiring (电气线路老化)"));
  g_assert_nonnull (strstr (run.err, "Overcrowded group rental (群租房)"));
}

static void
test_kde_json (void)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) fixed = NULL;
  JsonObject *o;

  CLI (&run, "hotspots", demo, "--method", "kde", "--json", "--category", "fire", AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  o = json_node_get_object (root);
  g_assert_true (json_object_get_boolean_member (o, "bandwidth_auto"));
  g_assert_cmpfloat (json_object_get_double_member (o, "bandwidth_m"), >, 50);
  g_assert_cmpfloat (json_object_get_double_member (o, "max_density_per_km2"), >, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "cells")), >, 100);

  CLI (&run, "hotspots", demo, "--method", "kde", "--json", "--bandwidth", "200", "--weight", "status", AS_OF);
  fixed = parse_json (run.out);
  o = json_node_get_object (fixed);
  g_assert_false (json_object_get_boolean_member (o, "bandwidth_auto"));
  g_assert_cmpfloat (json_object_get_double_member (o, "bandwidth_m"), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (o, "weight"), ==, "status");
}

/* Grid 018 as checked by hand in tests/core/test-hotspot.c. */
static void
test_grid_json (void)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonArray *grids;
  JsonObject *g = NULL;

  CLI (&run, "hotspots", demo, "--method", "grid", "--json", "--to", "2026-11-30", AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  grids = json_object_get_array_member (json_node_get_object (root), "grids");
  g_assert_cmpuint (json_array_get_length (grids), ==, 20);
  for (guint i = 0; i < 20; i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (grids, i), "code"),
                     "990101001001018"))
      g = json_array_get_object_element (grids, i);
  g_assert_nonnull (g);
  g_assert_cmpint (json_object_get_int_member (g, "households"), ==, 530);
  g_assert_cmpint (json_object_get_int_member (g, "open"), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (g, "open_per_100"), 400.0 / 530, 1e-12);
  g_assert_cmpint (json_object_get_int_member (g, "overdue"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (g, "rebounded"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (g, "change"), ==, -1);
}

/* Who reported hazards (the demo's grid workers) appears in no output. */
static void
assert_no_reporter (const char *text)
{
  g_autoptr(GmStore) store = gm_store_open (demo, GM_STORE_OPEN_READONLY, NULL);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, "SELECT DISTINCT reporter FROM hazard"
                                                   " WHERE reporter IS NOT NULL", NULL);
  guint n = 0;

  g_assert_null (strstr (text, "reporter"));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_null (strstr (text, (const char *) sqlite3_column_text (stmt, 0)));
      n++;
    }
  g_assert_cmpuint (n, >, 10);
}

static char *
read_out (const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* The footer's sentences apart, as on the posters (the demo's credit is
 * "© OpenStreetMap contributors, ODbL"). */
static void
assert_footer (const char *pdf_path)
{
  g_auto(CliRun) text = { 0 };
  g_autofree char *today = gm_today_iso ();
  g_autofree char *footer = g_strdup_printf ("Counts of hazards only; no personal data. · Map data: "
                                             "© OpenStreetMap contributors, ODbL · Made with Gridmap on %s\n",
                                             today);

  cli_run_prefixed (&text, (const char *[]) { "pdftotext", NULL }, (const char *[]) { pdf_path, "-", NULL });
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, footer));
}

/* The density of a cell has one name, with its unit, in every output: the
 * CSV, the GeoJSON and --json give the same cells and values (the demo:
 * 1207 cells over 1 % of the peak, the first 8.008 hazards per km²). */
static void
test_kde_files (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *csv_path = g_build_filename (dir, "density.csv", NULL);
  g_autofree char *geojson_path = g_build_filename (dir, "density.geojson", NULL);
  g_autofree char *csv = NULL, *geojson = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) root = NULL, printed = NULL;
  JsonArray *features, *cells;

  CLI (&run, "hotspots", demo, "--method", "kde", "--out", csv_path, AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  CLI (&run, "hotspots", demo, "--method", "kde", "--out", geojson_path, "--json", AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  printed = parse_json (run.out);
  csv = read_out ("density.csv");
  geojson = read_out ("density.geojson");
  lines = g_strsplit (csv, "\r\n", -1);
  root = parse_json (geojson);
  features = json_object_get_array_member (json_node_get_object (root), "features");
  cells = json_object_get_array_member (json_node_get_object (printed), "cells");
  g_assert_cmpstr (lines[0], ==, "lon,lat,density_per_km2");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 1207 + 1);
  g_assert_cmpuint (json_array_get_length (features), ==, 1207);
  g_assert_cmpuint (json_array_get_length (cells), ==, 1207);
  for (guint i = 0; i < 1207; i++)
    {
      JsonObject *props = json_object_get_object_member (json_array_get_object_element (features, i), "properties");
      JsonObject *cell = json_array_get_object_element (cells, i);
      g_auto(GStrv) fields = g_strsplit (lines[i + 1], ",", -1);
      double density = json_object_get_double_member (props, "density_per_km2");

      g_assert_false (json_object_has_member (props, "density"));
      g_assert_cmpfloat (json_object_get_double_member (cell, "density_per_km2"), ==, density);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[2], NULL), density, 1e-9 * density);
    }
  g_assert_true (g_str_has_prefix (lines[1], "37.2068277,55.6720281,8.008379544"));
}

static void
test_files (void)
{
  g_auto(CliRun) run = { 0 };
  g_autofree char *csv_path = g_build_filename (dir, "grids.csv", NULL);
  g_autofree char *geojson_path = g_build_filename (dir, "cells.geojson", NULL);
  g_autofree char *png_path = g_build_filename (dir, "density.png", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "change.pdf", NULL);
  g_autofree char *csv = NULL, *geojson = NULL, *pdf = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) root = NULL;
  cairo_surface_t *png;

  CLI (&run, "hotspots", demo, "--method", "grid", "--out", csv_path, AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  csv = read_out ("grids.csv");
  lines = g_strsplit (csv, "\r\n", -1);
  /* A header, 20 grids, and the empty string after the last line break. */
  g_assert_cmpuint (g_strv_length (lines), ==, 22);
  g_assert_true (g_str_has_prefix (lines[0], "code,name,households,hazards,open,open_per_100,overdue"));
  assert_no_reporter (csv);

  CLI (&run, "hotspots", demo, "--method", "gi", "--out", geojson_path, AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  geojson = read_out ("cells.geojson");
  root = parse_json (geojson);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "type"), ==, "FeatureCollection");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "features")), >, 100);
  assert_no_reporter (geojson);

  CLI (&run, "hotspots", demo, "--method", "kde", "--out", png_path, AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  png = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  /* The 1400 × 1000 map with its title, legend and footer. */
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 24 + 1400 + 20 + 270 + 24);
  cairo_surface_destroy (png);

  CLI (&run, "hotspots", demo, "--method", "grid", "--measure", "change", "--out", pdf_path, AS_OF);
  g_assert_cmpint (run.status, ==, 0);
  pdf = read_out ("change.pdf");
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  assert_footer (pdf_path);

  CLI (&run, "hotspots", demo, "--method", "gi", "--out", "/nonexistent/folder/cells.csv", AS_OF);
  assert_failed_naming (&run, "cells.csv");
}

int
main (int   argc,
      char *argv[])
{
  g_auto(CliRun) run = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = make_tmp_dir ();
  demo = g_build_filename (dir, "demo.gridmap", NULL);
  CLI (&run, "demo", demo);
  g_assert_cmpint (run.status, ==, 0);

  g_test_add_func ("/cli/hotspots/usage", test_usage);
  g_test_add_func ("/cli/hotspots/gi-json", test_gi_json);
  g_test_add_func ("/cli/hotspots/gi-refused", test_gi_refused);
  g_test_add_func ("/cli/hotspots/status-list", test_status_list);
  g_test_add_func ("/cli/hotspots/kind", test_kind);
  g_test_add_func ("/cli/hotspots/kde-json", test_kde_json);
  g_test_add_func ("/cli/hotspots/grid-json", test_grid_json);
  g_test_add_func ("/cli/hotspots/files", test_files);
  g_test_add_func ("/cli/hotspots/kde-files", test_kde_files);
  status = g_test_run ();

  g_free (demo);
  remove_tmp_dir (dir);
  return status;
}
