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

/* Imports @source as @kind, with "--map @map" unless @map is NULL; checks
 * the report's new, updated and unchanged counts and returns its text. */
static char *
import_mapped (const char *project,
               const char *source,
               const char *kind,
               const char *map,
               gint64      added,
               gint64      updated,
               gint64      unchanged)
{
  g_auto(CliRun) run = { 0 };
  const char *args[] = { "import", project, source, "--as", kind, "--create",
                         map != NULL ? "--map" : NULL, map, NULL };
  g_autofree char *line = NULL;

  cli_runv (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  line = g_strdup_printf (": new %" G_GINT64_FORMAT ", updated %" G_GINT64_FORMAT
                          ", unchanged %" G_GINT64_FORMAT ";", added, updated, unchanged);
  g_assert_nonnull (strstr (run.out, line));
  return g_steal_pointer (&run.out);
}

/* The user's report: moabit_district.shp (one feature, Moabit, ORT 0102 —
 * ogrinfo) imported without a code gets the temporary code C1-0; imported
 * again with --map code=ORT it gave a second community. That row is the
 * feature an earlier import of the same file wrote (source id 0, its FID):
 * it is updated to 0102, keeps its id, and the grid that lies in it (the
 * Prognoseraum 0102 "Moabit" of lor_prognoseraeume, gml_id
 * re_prognose.0102) stays linked. The codes the 60 grids were given are
 * said as given: 59 outside the community G2-001 … G2-059, the one inside
 * C1-0001 (all checked with sqlite3 on the project). */
static void
test_community_code_later (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *district = shared_file ("real/berlin-moabit/moabit_district.shp");
  g_autofree char *lor = shared_file ("real/berlin-moabit/lor_prognoseraeume.shp");
  g_autofree char *out = NULL;

  out = import_mapped (project, district, "community", NULL, 1, 0, 0);
  g_assert_nonnull (strstr (out, "feature 0 (warning): has no code; it was given the temporary code “C1-0” — to set the real one, import the file again with the field that holds the codes mapped to Code (--map code=FIELD, or under Fields in the import dialog)\n"));
  g_clear_pointer (&out, g_free);
  out = import_mapped (project, lor, "grids", NULL, 60, 0, 0);
  g_assert_nonnull (strstr (out, "60 grids have no code; they were given the codes G2-001 … G2-059, C1-0001, numbered north to south and west to east"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid g JOIN community c ON c.id = g.community_id"
                                       " WHERE g.source_id = 're_prognose.0102' AND c.code = 'C1-0'"
                                       " AND g.code = 'C1-0001'"), ==, 1);

  g_free (import_mapped (project, district, "community", "code=ORT", 0, 1, 0));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM community"), ==, 1);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM community WHERE id = 1 AND code = '0102' AND name = 'Moabit'"), ==, 1);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid g JOIN community c ON c.id = g.community_id"
                                       " WHERE g.source_id = 're_prognose.0102' AND c.code = '0102'"), ==, 1);
  /* Again, with or without the code: nothing changes, nothing is added. */
  g_free (import_mapped (project, district, "community", "code=ORT", 0, 0, 1));
  g_free (import_mapped (project, district, "community", NULL, 0, 0, 1));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM community WHERE code = '0102'"), ==, 1);
}

/* lor_prognoseraeume.shp without codes (G1-001 … G1-060), then with
 * --map code=spatial_na: no grid has those codes yet, so each is the grid
 * the first import wrote for the same feature (its gml_id), given its code
 * in place — 60 updated, none added, none closed. Moabit's grid keeps its
 * id 2 (sqlite3: code 0102, source re_prognose.0102). */
static void
test_grid_codes_later (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *lor = shared_file ("real/berlin-moabit/lor_prognoseraeume.shp");

  g_free (import_mapped (project, lor, "grids", NULL, 60, 0, 0));
  g_assert_cmpint (store_int (project, "SELECT id FROM grid WHERE source_id = 're_prognose.0102'"), ==, 2);
  g_free (import_mapped (project, lor, "grids", NULL, 0, 0, 60));
  g_free (import_mapped (project, lor, "grids", "code=spatial_na", 0, 60, 0));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid"), ==, 60);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid WHERE valid_to IS NULL AND code NOT LIKE 'G%'"), ==, 60);
  g_assert_cmpint (store_int (project, "SELECT id FROM grid WHERE code = '0102' AND source_id = 're_prognose.0102'"), ==, 2);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM idx_grid_boundary"), ==, 60);

  /* The same codes again: nothing differs, so nothing is closed or opened. */
  g_free (import_mapped (project, lor, "grids", "code=spatial_na", 0, 0, 60));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid"), ==, 60);
  /* Names from BEZNAME (the borough) now: each grid is closed and opened
   * again under its name, counted once, as updated; the old rows stay. Four
   * lie in Mitte (ogrinfo -sql "… WHERE BEZNAME = 'Mitte'"). */
  {
    g_auto(CliRun) run = { 0 };

    CLI (&run, "import", project, lor, "--as", "grids", "--map", "code=spatial_na", "--map", "name=BEZNAME");
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Grids: new 0, updated 60, unchanged 0;"));
  }
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid"), ==, 120);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM grid WHERE valid_to IS NULL AND name = 'Mitte'"), ==, 4);
}

/* The user's report: moabit_build.shp, then the same buildings as a
 * GeoPackage (tests/data/shared's moabit_build.gpkg, ogr2ogr of the .shp),
 * gave 7,668 buildings without a word. Another file is not matched, and
 * the import is not refused, but the report says that all 3,834 new
 * footprints lie on the earlier ones (SpatiaLite: ST_Equals of the two
 * imports' footprints with equal MbrMinX/MbrMinY, 3834 rows). */
static void
test_same_buildings_other_file (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *shp = shared_file ("real/berlin-moabit/moabit_build.shp");
  g_autofree char *gpkg = shared_file ("real/berlin-moabit/moabit_build.gpkg");
  g_autofree char *out = NULL;

  out = import_mapped (project, shp, "buildings", NULL, 3834, 0, 0);
  g_assert_null (strstr (out, "lie exactly"));
  g_clear_pointer (&out, g_free);
  out = import_mapped (project, gpkg, "buildings", NULL, 3834, 0, 0);
  g_assert_nonnull (strstr (out, "whole file (warning): 3834 of the new buildings lie exactly on buildings already in the project (from moabit_build.shp): is this the same data again?\n"));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building"), ==, 7668);
}

/* buildings-small.geojson's B1–B3, then a file of three outlines without
 * codes: B2's drawn from another corner the other way round (the same
 * area: GEOS finds it equal), B1's moved 0.00001° east (about 0.6 m: not
 * the same) and one where there was none. One lies on a building, in the
 * singular. */
static void
test_one_building_on_another (void)
{
  static const char other[] =
    "{ \"type\": \"FeatureCollection\", \"features\": [\n"
    "{ \"type\": \"Feature\", \"properties\": { \"name\": \"again\" }, \"geometry\": { \"type\": \"Polygon\", \"coordinates\": [ [ [ 37.2030, 55.6604 ], [ 37.2030, 55.6600 ], [ 37.2020, 55.6600 ], [ 37.2020, 55.6604 ], [ 37.2030, 55.6604 ] ] ] } },\n"
    "{ \"type\": \"Feature\", \"properties\": { \"name\": \"moved\" }, \"geometry\": { \"type\": \"Polygon\", \"coordinates\": [ [ [ 37.20001, 55.6600 ], [ 37.20101, 55.6600 ], [ 37.20101, 55.6604 ], [ 37.20001, 55.6604 ], [ 37.20001, 55.6600 ] ] ] } },\n"
    "{ \"type\": \"Feature\", \"properties\": { \"name\": \"new\" }, \"geometry\": { \"type\": \"Polygon\", \"coordinates\": [ [ [ 37.2060, 55.6600 ], [ 37.2070, 55.6600 ], [ 37.2070, 55.6604 ], [ 37.2060, 55.6604 ], [ 37.2060, 55.6600 ] ] ] } }\n"
    "] }\n";
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *buildings = test_data ("buildings-small.geojson");
  g_autofree char *path = g_build_filename (dir, "other.geojson", NULL);
  g_autofree char *out = NULL;

  write_file (path, other, -1);
  import_expect (project, buildings, "buildings", 3, 0, 0, 0);
  out = import_mapped (project, path, "buildings", NULL, 3, 0, 0);
  g_assert_nonnull (strstr (out, "whole file (warning): 1 of the new buildings lies exactly on a building already in the project (from buildings-small.geojson): is this the same data again?\n"));
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
  g_test_add_func ("/cli/reimport/community-code-later", test_community_code_later);
  g_test_add_func ("/cli/reimport/grid-codes-later", test_grid_codes_later);
  g_test_add_func ("/cli/reimport/same-buildings-other-file", test_same_buildings_other_file);
  g_test_add_func ("/cli/reimport/one-building-on-another", test_one_building_on_another);
  return g_test_run ();
}
