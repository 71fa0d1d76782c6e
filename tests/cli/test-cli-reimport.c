/* test-cli-reimport.c — importing the same file again updates the project,
 * never doubles it: new, updated and unchanged features in the report and
 * in the counts of the project.
 *
 * The binary comes from $GRIDMAP_CLI; files from $GRIDMAP_SHARED_DATA and
 * $GRIDMAP_TEST_DATA. */
#include "gm-config.h"

#include "gm-cli-test-util.h"

static char *
test_data (const char *relative)
{
  const char *root = g_getenv ("GRIDMAP_TEST_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

/* Imports with --json and checks the report's new, updated, unchanged and
 * removed counts. */
static void
import_expect (const char *project,
               const char *source,
               const char *kind,
               gint64      added,
               gint64      updated,
               gint64      unchanged,
               gint64      removed)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *report;

  CLI (&run, "import", project, source, "--as", kind, "--create", "--json");
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  report = json_node_get_object (root);
  g_assert_cmpint (member_int (report, "new"), ==, added);
  g_assert_cmpint (member_int (report, "imported"), ==, added);
  g_assert_cmpint (member_int (report, "updated"), ==, updated);
  g_assert_cmpint (member_int (report, "unchanged"), ==, unchanged);
  g_assert_cmpint (member_int (report, "removed"), ==, removed);
}

/* The user's report: moabit_build.shp imported twice gave 7,668
 * buildings. It has 3,834 features (ogrinfo -so); the second import finds
 * each of them by its source id and changes nothing. The text report says
 * so too. */
static void
test_berlin_buildings (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *src = shared_file ("real/berlin-moabit/moabit_build.shp");
  g_auto(CliRun) run = { 0 };

  import_expect (project, src, "buildings", 3834, 0, 0, 0);
  CLI (&run, "import", project, src, "--as", "buildings");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Buildings: new 0, updated 0, unchanged 3834; repaired 0, skipped 0 of 3834 read.\n"));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building"), ==, 3834);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM idx_building_footprint"), ==, 3834);
}

/* buildings-small.geojson has B1–B3 with outlines and B4 without (skipped).
 * The second version changes B1's floors (6 → 7) and B2's address, drops B3
 * and adds B5: B1 and B2 are found by their codes and updated, B5 is new,
 * B3 is kept (residents may live in it) with a word. */
static void
test_changed_buildings (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *original = test_data ("buildings-small.geojson");
  g_autofree char *copy = g_build_filename (dir, "buildings.geojson", NULL);
  g_autofree char *text = NULL;
  g_autofree char *b3 = NULL;
  g_autoptr(GString) changed = NULL;
  const char *start, *end;

  g_assert_true (g_file_get_contents (original, &text, NULL, NULL));
  write_file (copy, text, -1);
  import_expect (project, copy, "buildings", 3, 0, 0, 0);
  import_expect (project, copy, "buildings", 0, 0, 3, 0);

  changed = g_string_new (text);
  g_assert_cmpint (g_string_replace (changed, "\"层数\": \"6\"", "\"层数\": \"7\"", 1), ==, 1);
  g_assert_cmpint (g_string_replace (changed, "林城路 3 号", "林城路 3A 号", 1), ==, 1);
  start = strstr (changed->str, "{ \"type\": \"Feature\", \"properties\": { \"编码\": \"B3\"");
  g_assert_nonnull (start);
  end = strchr (start, '\n');
  b3 = g_strndup (start, end + 1 - start);
  g_assert_cmpint (g_string_replace (changed, b3, "", 1), ==, 1);
  g_assert_cmpint (g_string_replace (changed, "\"编码\": \"B4\"", "\"编码\": \"B5\"", 1), ==, 1);
  g_assert_cmpint (g_string_replace (changed, "\"geometry\": null",
                                     "\"geometry\": { \"type\": \"Polygon\", \"coordinates\": [ [ [ 37.2060, 55.6600 ],"
                                     " [ 37.2070, 55.6600 ], [ 37.2070, 55.6604 ], [ 37.2060, 55.6604 ], [ 37.2060, 55.6600 ] ] ] }",
                                     1), ==, 1);
  write_file (copy, changed->str, -1);

  import_expect (project, copy, "buildings", 1, 2, 0, 0);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building"), ==, 4);
  g_assert_cmpint (store_int (project, "SELECT floors FROM building WHERE code = 'B1'"), ==, 7);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building WHERE code = 'B2' AND address = '林城路 3A 号'"), ==, 1);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building WHERE code = 'B3'"), ==, 1);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM idx_building_footprint"), ==, 4);
}

/* Roads are the file's layer: a road the file no longer has is removed.
 * Three lines, then two of them with the second renamed. */
static void
test_roads_replaced (void)
{
  static const char roads[] =
    "{ \"type\": \"FeatureCollection\", \"features\": [\n"
    "{ \"type\": \"Feature\", \"properties\": { \"name\": \"A\", \"highway\": \"primary\" }, \"geometry\": { \"type\": \"LineString\", \"coordinates\": [ [ 13.33, 52.52 ], [ 13.34, 52.52 ] ] } },\n"
    "{ \"type\": \"Feature\", \"properties\": { \"name\": \"B\", \"highway\": \"residential\" }, \"geometry\": { \"type\": \"LineString\", \"coordinates\": [ [ 13.33, 52.53 ], [ 13.34, 52.53 ] ] } },\n"
    "{ \"type\": \"Feature\", \"properties\": { \"name\": \"C\", \"highway\": \"service\" }, \"geometry\": { \"type\": \"LineString\", \"coordinates\": [ [ 13.33, 52.54 ], [ 13.34, 52.54 ] ] } }\n"
    "] }\n";
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *path = g_build_filename (dir, "roads.geojson", NULL);
  g_autoptr(GString) changed = g_string_new (roads);
  g_autofree char *moabit = shared_file ("real/berlin-moabit/moabit_roads.shp");

  write_file (path, roads, -1);
  import_expect (project, path, "roads", 3, 0, 0, 0);
  g_string_replace (changed, "\"name\": \"B\"", "\"name\": \"Bahnstraße\"", 1);
  g_string_truncate (changed, strstr (changed->str, ",\n{ \"type\": \"Feature\", \"properties\": { \"name\": \"C\"") - changed->str);
  g_string_append (changed, "\n] }\n");
  write_file (path, changed->str, -1);
  import_expect (project, path, "roads", 0, 1, 1, 1);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM road"), ==, 2);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM road WHERE name = 'Bahnstraße'"), ==, 1);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM idx_road_geom"), ==, 2);

  /* The real Moabit roads (2,857 lines, ogrinfo -so), twice. */
  import_expect (project, moabit, "roads", 2857, 0, 0, 0);
  import_expect (project, moabit, "roads", 0, 0, 2857, 0);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM road"), ==, 2 + 2857);
}

/* hazards.csv: four rows, the fourth placed at building B1 by its code.
 * Imported again nothing changes; with a row's status changed (待整改 →
 * 已整改), that hazard is updated in place. */
static void
test_hazards (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *buildings = test_data ("buildings-small.geojson");
  g_autofree char *original = test_data ("hazards.csv");
  g_autofree char *copy = g_build_filename (dir, "hazards.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) changed = NULL;

  g_assert_true (g_file_get_contents (original, &text, NULL, NULL));
  write_file (copy, text, -1);
  import_expect (project, buildings, "buildings", 3, 0, 0, 0);
  import_expect (project, copy, "hazards", 4, 0, 0, 0);
  import_expect (project, copy, "hazards", 0, 0, 4, 0);

  changed = g_string_new (text);
  g_assert_cmpint (g_string_replace (changed, "电动自行车楼道充电,待整改", "电动自行车楼道充电,已整改", 1), ==, 1);
  write_file (copy, changed->str, -1);
  import_expect (project, copy, "hazards", 0, 1, 3, 0);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM hazard"), ==, 4);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM hazard WHERE kind = '电动自行车楼道充电' AND status = 'rectified'"), ==, 1);
  /* The row placed by B1's code keeps its building. */
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id"
                                   " WHERE b.code = 'B1' AND h.kind = '楼道照明不足'"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/reimport/berlin-buildings", test_berlin_buildings);
  g_test_add_func ("/cli/reimport/changed-buildings", test_changed_buildings);
  g_test_add_func ("/cli/reimport/roads", test_roads_replaced);
  g_test_add_func ("/cli/reimport/hazards", test_hazards);
  return g_test_run ();
}
