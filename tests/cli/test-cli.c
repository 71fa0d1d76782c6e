/* test-cli.c — gridmap-cli run as scripts run it: a separate process, its
 * exit status, its stderr line and its JSON.
 *
 * The binary comes from $GRIDMAP_CLI, real data from $GRIDMAP_SHARED_DATA
 * and the demo's sources from $GRIDMAP_DEMO_DIR (tests/meson.build). Every
 * expected number below was checked with GDAL's and SpatiaLite's own tools;
 * the command is in the comment next to it.
 */
#include "gm-config.h"

#include <string.h>
#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gm-autocleanups.h"
#include "gm-cli-test-util.h"
#include "gm-store.h"

/* ---- 1. usage and missing files ---------------------------------------- */

static void
test_usage_errors (void)
{
  g_auto(CliRun) run = { 0 };

  cli_runv (&run, (const char *[]) { NULL });
  assert_usage_error (&run);
  CLI (&run, "frobnicate", "x.gridmap");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  CLI (&run, "--frobnicate");
  assert_usage_error (&run);
  CLI (&run, "stats", "x.gridmap", "--frobnicate");
  assert_usage_error (&run);
  CLI (&run, "stats");
  assert_usage_error (&run);
  CLI (&run, "stats", "x.gridmap", "y.gridmap");
  assert_usage_error (&run);
  CLI (&run, "stats", "x.gridmap", "--as-of", "2026-02-30");
  assert_usage_error (&run);
}

static void
test_usage_query (void)
{
  g_auto(CliRun) run = { 0 };

  /* Usage is checked before the project is opened, so it need not exist. */
  CLI (&run, "query", "x.gridmap");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "--at"));
  CLI (&run, "query", "x.gridmap", "--at", "abc");
  assert_usage_error (&run);
  CLI (&run, "query", "x.gridmap", "--at", "37.3");
  assert_usage_error (&run);
  CLI (&run, "query", "x.gridmap", "--at", "37.3,55.6,1");
  assert_usage_error (&run);
  CLI (&run, "query", "x.gridmap", "--at", "37.3,95");
  assert_usage_error (&run);
  CLI (&run, "query", "x.gridmap", "--at", "37.3,55.6", "--tolerance", "-1");
  assert_usage_error (&run);
  CLI (&run, "query", "x.gridmap", "--at");
  assert_usage_error (&run);
}

static void
test_usage_import (void)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", "x.gridmap", "y.shp");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "--as"));
  CLI (&run, "import", "x.gridmap", "y.shp", "--as", "castles");
  assert_usage_error (&run);
  CLI (&run, "import", "x.gridmap", "--as", "buildings");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "PROJECT SOURCE"));
  CLI (&run, "import", "x.gridmap", "y.shp", "--as", "buildings", "--map", "turrets=NAME");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "turrets"));
  CLI (&run, "import", "x.gridmap", "y.shp", "--as", "buildings", "--map", "name");
  assert_usage_error (&run);
  CLI (&run, "demo");
  assert_usage_error (&run);
  CLI (&run, "demo", "x.gridmap", "--seed", "-3");
  assert_usage_error (&run);
}

/* Bad values of import's options are usage errors (exit 2) whose first line
 * names the value; nothing of GDAL's or PROJ's own ("ERROR 1: PROJ: …")
 * reaches stderr, and no project is made. */
static void
assert_bad_value (const CliRun *run,
                  const char   *value)
{
  g_auto(GStrv) lines = g_strsplit (run->err, "\n", -1);

  assert_usage_error (run);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* message, hint, "" */
  g_assert_nonnull (strstr (lines[0], value));
  g_assert_true (g_str_has_prefix (lines[1], "Try "));
  g_assert_null (strstr (run->err, "ERROR"));
}

static void
test_usage_import_values (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *source = shared_file ("real/berlin-moabit/moabit_district.shp");
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", project, source, "--as", "community", "--create", "--encoding", "NOPE");
  assert_bad_value (&run, "“NOPE” is not a text encoding");
  g_assert_true (g_str_has_prefix (run.err, "gridmap-cli: --encoding: "));
  CLI (&run, "import", project, source, "--as", "community", "--create", "--srs", "banana");
  assert_bad_value (&run, "“banana” is not a coordinate system");
  g_assert_true (g_str_has_prefix (run.err, "gridmap-cli: --srs: "));
  CLI (&run, "import", project, source, "--as", "community", "--create", "--srs", "EPSG:999999");
  assert_bad_value (&run, "“EPSG:999999” is not a coordinate system");
  /* PROJ's reason is kept, inside the line. */
  g_assert_nonnull (strstr (run.err, "crs not found"));
  CLI (&run, "import", project, source, "--as", "community", "--create", "--map", "name=nofield");
  assert_bad_value (&run, "--map name=nofield: layer “moabit_district” has no field “nofield”");
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
}

static void
test_version_help (void)
{
  g_auto(CliRun) run = { 0 };
  const char *commands[] = { "demo", "import", "stats", "query" };

  CLI (&run, "--version");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "gridmap-cli " GM_VERSION "\n");
  CLI (&run, "--help");
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_assert_nonnull (strstr (run.out, commands[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(CliRun) help = { 0 };

      CLI (&help, commands[i], "--help");
      g_assert_cmpint (help.status, ==, 0);
      g_assert_nonnull (strstr (help.out, commands[i]));
      g_assert_cmpstr (help.err, ==, "");
    }
}

static void
test_missing_project (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "nowhere.gridmap", NULL);
  g_autofree char *source = shared_file ("real/berlin-moabit/moabit_district.shp");
  g_auto(CliRun) run = { 0 };

  CLI (&run, "stats", project, "--json");
  assert_failed_naming (&run, project);
  g_assert_cmpstr (run.out, ==, "");
  CLI (&run, "query", project, "--at", "13.34,52.53");
  assert_failed_naming (&run, project);
  /* Without --create an import must not make the project. */
  CLI (&run, "import", project, source, "--as", "community");
  assert_failed_naming (&run, project);
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
}

/* A project in a folder the user cannot write to can still be read (stats,
 * query), and writing to it fails with a message that says why. Root may
 * write anywhere, so as root the CLI runs as "nobody" from a copy of the
 * binary in a folder nobody can read, and the project's folder stays root's. */
static void
test_read_only_folder (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autoptr(TmpDir) ro = NULL;
  g_autofree char *project = NULL;
  g_autofree char *built = g_build_filename (dir, "small.gridmap", NULL);
  g_autofree char *source = g_build_filename (g_getenv ("GRIDMAP_TEST_DATA"), "buildings-small.geojson", NULL);
  g_autofree char *cli_copy = g_build_filename (dir, "gridmap-cli", NULL);
  g_autofree char *sha = NULL;
  const char *prefix[] = { "runuser", "-u", "nobody", "--", cli_copy, NULL };
  const char **as_user = geteuid () == 0 ? prefix : prefix + 4;
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", built, source, "--as", "buildings", "--create");
  g_assert_cmpint (run.status, ==, 0);
  ro = make_tmp_dir ();
  project = g_build_filename (ro, "small.gridmap", NULL);
  copy_file (built, project);
  copy_file (g_getenv ("GRIDMAP_CLI"), cli_copy);
  g_assert_cmpint (g_chmod (cli_copy, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (project, geteuid () == 0 ? 0644 : 0444), ==, 0);
  g_assert_cmpint (g_chmod (ro, 0555), ==, 0);
  sha = file_sha256 (project);

  cli_run_prefixed (&run, as_user, (const char *[]) { "stats", project, "--json", NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"buildings\" : 3"));
  cli_run_prefixed (&run, as_user, (const char *[]) { "import", project, source, "--as", "buildings", NULL });
  assert_failed_naming (&run, "read-only");
  cli_run_prefixed (&run, as_user, (const char *[]) { "demo", project, "--force", NULL });
  assert_failed_naming (&run, "read-only");
  g_assert_null (strstr (run.err, "partial"));
  g_assert_cmpstr (file_sha256 (project), ==, sha);
  g_assert_cmpint (g_chmod (ro, 0700), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
}

/* Messages come from po/zh_CN.po when the user's language is Chinese:
 * the build's catalog, found through $GRIDMAP_LOCALEDIR. LANGUAGE works
 * under LC_ALL=C.UTF-8, so no zh_CN locale has to be generated. */
static void
test_chinese_messages (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "nowhere.gridmap", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_nonnull (g_getenv ("GRIDMAP_LOCALEDIR"));
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "zh_CN", TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GRIDMAP_CLI"),
                                      "stats", project, "--json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_test_message ("stderr: %s", err);
  /* msgid "Cannot open project “%s”: the file does not exist" */
  g_assert_nonnull (strstr (err, "无法打开项目"));
  g_assert_nonnull (strstr (err, "文件不存在"));
  g_assert_nonnull (strstr (err, project));
}

/* ---- 2. 18,046 real buildings ------------------------------------------ */

/* The features GEOS calls invalid, by FID:
 *   ogrinfo -ro -q -dialect sqlite -sql "select group_concat(rowid), count(*) from
 *     (select rowid from buildings where not ST_IsValid(geometry) order by rowid)"
 *     real/moscow-west_osm/buildings.shp
 * and the same 30 from SpatiaLite on a copy made with
 *   ogr2ogr -f SQLite -dsco SPATIALITE=YES -preserve_fid m.sqlite buildings.shp
 *   spatialite m.sqlite "select ogc_fid from buildings where ST_IsValid(GEOMETRY) <> 1"
 * None has a NULL geometry (select count(*) … where geometry is null → 0). */
static const gint64 moscow_invalid_fids[] = {
  14, 62, 599, 2591, 2921, 2922, 3073, 3080, 3091, 4488, 4520, 4687, 5404, 5992, 9135,
  9277, 9376, 9386, 9572, 9573, 10270, 11115, 11353, 13318, 13319, 13419, 16749, 16750,
  16754, 17945,
};

/* Each invalid feature is reported as repaired or skipped, with a reason. */
static void
assert_invalid_features_reported (JsonObject *report)
{
  JsonArray *issues = json_object_get_array_member (report, "issues");
  g_autoptr(GHashTable) reported = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) fids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_nonnull (issues);
  for (guint i = 0; i < json_array_get_length (issues); i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      const char *kind = json_object_get_string_member (issue, "kind");
      const char *reason = json_object_get_string_member (issue, "reason");
      gint64 fid = json_object_get_int_member (issue, "feature");

      g_assert_true (g_strv_contains ((const char *[]) { "repaired", "skipped", "warning", NULL },
                                      kind));
      g_assert_true (reason != NULL && *reason != '\0');
      if (g_strcmp0 (kind, "warning") != 0)
        g_array_append_val (fids, fid);
    }
  for (guint i = 0; i < fids->len; i++)
    g_hash_table_add (reported, &g_array_index (fids, gint64, i));
  for (guint i = 0; i < G_N_ELEMENTS (moscow_invalid_fids); i++)
    if (!g_hash_table_contains (reported, &moscow_invalid_fids[i]))
      g_error ("invalid feature %" G_GINT64_FORMAT " is not reported", moscow_invalid_fids[i]);
}

static const double moscow_extent[] = { 37.1460002, 55.6260038, 37.4019956, 55.7179972 };

/* The extent comes from the spatial index, whose single-precision bounds are
 * rounded outward: within 1e-5° (about a metre) of @expected, never inside. */
static void
assert_extent (JsonArray    *extent,
               const double  expected[4])
{
  g_assert_cmpuint (json_array_get_length (extent), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      double value = json_array_get_double_element (extent, i);

      g_assert_cmpfloat_with_epsilon (value, expected[i], 1e-5);
      if (i < 2)
        g_assert_cmpfloat (value, <=, expected[i]);
      else
        g_assert_cmpfloat (value, >=, expected[i]);
    }
}

static void
test_import_moscow_buildings (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "moscow.gridmap", NULL);
  g_autofree char *source = shared_file ("real/moscow-west_osm/buildings.shp");
  g_autoptr(JsonNode) report_root = NULL;
  g_autoptr(JsonNode) stats_root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *report, *stats;
  JsonArray *extent;
  gint64 imported;

  CLI (&run, "import", project, source, "--as", "buildings", "--create", "--json");
  g_assert_cmpint (run.status, ==, 0);
  /* Not a terminal: no progress, and the repairs are in the report, not on
   * stderr. */
  g_assert_cmpstr (run.err, ==, "");
  report_root = parse_json (run.out);
  report = json_node_get_object (report_root);

  /* ogrinfo -so real/moscow-west_osm/buildings.shp → Feature Count: 18046 */
  g_assert_cmpint (member_int (report, "read"), ==, 18046);
  imported = member_int (report, "imported");
  g_assert_cmpint (imported + member_int (report, "skipped"), ==, 18046);
  g_assert_cmpint (member_int (report, "repaired") + member_int (report, "skipped"), >=, 30);
  assert_invalid_features_reported (report);

  CLI (&run, "stats", project, "--json");
  g_assert_cmpint (run.status, ==, 0);
  stats_root = parse_json (run.out);
  stats = json_node_get_object (stats_root);
  g_assert_cmpint (member_int (stats, "buildings"), ==, imported);
  g_assert_cmpint (member_int (stats, "grids"), ==, 0);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (stats, "grids_detail")),
                   ==, 0);

  /* spatialite m.sqlite "select min(MbrMinX(GEOMETRY)), min(MbrMinY(GEOMETRY)),
   *   max(MbrMaxX(GEOMETRY)), max(MbrMaxY(GEOMETRY)) from buildings"
   *   → 37.1460002 55.6260038 37.4019956 55.7179972, with or without the 30
   * invalid ones; ogrinfo's Extent line agrees to its 6 decimals. */
  extent = json_object_get_array_member (stats, "extent");
  assert_extent (extent, moscow_extent);
}

/* ---- 3. a projected CRS ------------------------------------------------ */

/* RBS_OD_ORT_1412.shp is in ETRS89 / UTM 33N (EPSG:25833). The expected
 * lon/lat come from GDAL's own reprojection of the same file:
 *   ogr2ogr -t_srs EPSG:4326 rbs4326.shp real/berlin-moabit/RBS_OD_ORT_1412.shp
 *   ogrinfo -ro -q -dialect sqlite -sql "select min(MbrMinX(geometry)),
 *     min(MbrMinY(geometry)), max(MbrMaxX(geometry)), max(MbrMaxY(geometry)),
 *     count(*) from rbs4326" rbs4326.shp
 *   → 13.0883455540339 52.3382431580727 13.7611404702712 52.6755077376257, 96
 * (ogrinfo's Extent line: (13.088346, 52.338243) - (13.761140, 52.675508)). */
static const double berlin_extent[] = {
  13.0883455540339, 52.3382431580727, 13.7611404702712, 52.6755077376257,
};

/* Feature ORT=0102 "Moabit", from the same reprojected file:
 *   ogrinfo -ro -q -dialect sqlite -sql "select ST_NPoints(geometry),
 *     MbrMinX(geometry), MbrMinY(geometry), MbrMaxX(geometry), MbrMaxY(geometry),
 *     ST_X(ST_PointN(ST_ExteriorRing(geometry),1)), ST_Y(…)
 *     from rbs4326 where ORT='0102'" rbs4326.shp
 *   → 604 points, MBR 13.3114131409029 52.5166701295108 13.3738428382556
 *     52.5414303970875, first vertex 13.360925124345 52.5377235907748.
 * The first vertex is (388833.75555638, 5822110.38541344) in the source, and
 *   echo "388833.75555638 5822110.38541344" |
 *     gdaltransform -s_srs EPSG:25833 -t_srs EPSG:4326 -output_xy
 * gives the same 13.360925124345 52.5377235907748. All 96 polygons are valid
 * (ogrinfo … "select count(*) from RBS_OD_ORT_1412 where not ST_IsValid(geometry)" → 0). */
static const double moabit_mbr[] = {
  13.3114131409029, 52.5166701295108, 13.3738428382556, 52.5414303970875,
};
static const double moabit_vertex[] = { 13.360925124345, 52.5377235907748 };

static void
assert_moabit_boundary (const char *project)
{
  g_autoptr(GmStore) store = open_store (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store,
                           "SELECT name, MbrMinX(boundary), MbrMinY(boundary), MbrMaxX(boundary),"
                           "       MbrMaxY(boundary), ST_NPoints(boundary),"
                           "       ST_Distance(ST_Boundary(boundary), MakePoint(?1, ?2, 4326))"
                           " FROM community WHERE code = '0102'", &error);
  g_assert_no_error (error);
  sqlite3_bind_double (stmt, 1, moabit_vertex[0]);
  sqlite3_bind_double (stmt, 2, moabit_vertex[1]);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "Moabit");
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 1 + i), moabit_mbr[i], 1e-7);
  g_assert_cmpint (sqlite3_column_int (stmt, 5), ==, 604);
  /* The reprojected first vertex lies on the stored ring. */
  g_assert_cmpfloat (sqlite3_column_double (stmt, 6), <, 1e-7);
}

static gboolean
communities_contain (JsonArray  *communities,
                     const char *code,
                     const char *name)
{
  for (guint i = 0; i < json_array_get_length (communities); i++)
    {
      JsonObject *c = json_array_get_object_element (communities, i);

      if (g_strcmp0 (json_object_get_string_member (c, "code"), code) == 0)
        return g_strcmp0 (json_object_get_string_member (c, "name"), name) == 0;
    }
  return FALSE;
}

/* Berlin's buildings name their use twice: "Gebaeudefu" holds the ALKIS
 * function's code (1010), "Gebaeude_1" its name (Wohnhaus). The use comes
 * from the names, and the households, which the file does not give, are
 * estimated by the documented rule (footprint × floors × residential share
 * ÷ 90 m²). Checked by hand with ogrinfo -dialect sqlite ST_Area(geometry, 1):
 * OBJECTID 1, Wohnhaus, 6 floors, 200.736 m² → 13.4 → 13; OBJECTID 7733,
 * "Wohngebäude mit Handel und Dienstleistungen" (mixed, half residential),
 * 4 floors, 870.05 m² → 19.3 → 19; OBJECTID 247503, mixed, 7 floors,
 * 3,466.9 m² → 134.8 → 135. 2,389 Wohnhaus + 3 Wohngebäude + 2 Wohnheim are
 * residential; 47 buildings live with trade, industry or public use. */
static void
test_import_berlin_buildings_use (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *source = shared_file ("real/berlin-moabit/moabit_build.shp");
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", project, source, "--as", "buildings", "--create");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building WHERE use = 'residential'"), ==, 2394);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building WHERE use = 'mixed'"), ==, 47);
  /* Allgemein bildende Schule (44) and the like are public. */
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building WHERE use = 'public'"), ==, 241);
  g_assert_cmpint (store_int (project, "SELECT households FROM building WHERE source_id + 0 = 1"), ==, 13);
  g_assert_cmpint (store_int (project, "SELECT households FROM building WHERE source_id + 0 = 7733"), ==, 19);
  g_assert_cmpint (store_int (project, "SELECT households FROM building WHERE source_id + 0 = 247503"), ==, 135);
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM building WHERE use = 'residential'"
                                       " AND households = 0 AND area_m2 * floors >= 30"), ==, 0);
}

/* Moabit's 2,857 roads are lines: taken as buildings, 2,814 are the wrong
 * geometry (the other 43 are closed rings, roundabouts and squares, which
 * would read as outlines), so the whole file is refused and the project
 * stays as it was; taken as roads they lie among the buildings, and nothing says they
 * are far from them (a line's place once read as 0°, 0°, 2,000 km off). */
static void
test_import_wrong_kind (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *buildings = shared_file ("real/berlin-moabit/moabit_build.shp");
  g_autofree char *roads = shared_file ("real/berlin-moabit/moabit_roads.shp");
  g_autofree char *sha = NULL;
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", project, buildings, "--as", "buildings", "--create");
  g_assert_cmpint (run.status, ==, 0);
  sha = file_sha256 (project);
  CLI (&run, "import", project, roads, "--as", "buildings");
  assert_failed_naming (&run, "moabit_roads.shp");
  g_assert_nonnull (strstr (run.err, "2814 of its 2857 features have the wrong kind of geometry for Buildings"));
  g_assert_nonnull (strstr (run.err, "is a line"));
  g_assert_cmpstr (file_sha256 (project), ==, sha);

  CLI (&run, "import", project, roads, "--as", "roads");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.out, "km from the project"));
  g_assert_cmpint (store_int (project, "SELECT count(*) FROM road"), ==, 2857);
}

static void
test_import_berlin_community (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "berlin.gridmap", NULL);
  g_autofree char *source = shared_file ("real/berlin-moabit/RBS_OD_ORT_1412.shp");
  g_autoptr(JsonNode) report_root = NULL;
  g_autoptr(JsonNode) stats_root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *report, *stats;
  JsonArray *extent;

  /* ogrinfo: fields ORT (the Ortsteil number) and Ortsteilna (its name). */
  CLI (&run, "import", project, source, "--as", "community", "--create", "--json",
       "--map", "code=ORT", "--map", "name=Ortsteilna");
  g_assert_cmpint (run.status, ==, 0);
  report_root = parse_json (run.out);
  report = json_node_get_object (report_root);
  g_assert_cmpint (member_int (report, "read"), ==, 96);
  g_assert_cmpint (member_int (report, "imported"), ==, 96);
  g_assert_cmpint (member_int (report, "skipped"), ==, 0);

  CLI (&run, "stats", project, "--json");
  g_assert_cmpint (run.status, ==, 0);
  stats_root = parse_json (run.out);
  stats = json_node_get_object (stats_root);
  g_assert_cmpint (member_int (stats, "communities"), ==, 96);
  g_assert_cmpint (member_int (stats, "buildings"), ==, 0);
  g_assert_true (communities_contain (json_object_get_array_member (stats, "communities_detail"),
                                      "0102", "Moabit"));
  extent = json_object_get_array_member (stats, "extent");
  assert_extent (extent, berlin_extent);

  assert_moabit_boundary (project);
}

/* ---- 4. GBK text declared only by the DBF's language byte --------------- */

/* hardcases/mapshaper/ldid-gbk/chinese.shp, as `ogrinfo -al` shows it: one
 * point, field NAME (String 4) = 简体 decoded from CP936 (LDID byte 0x7A, no
 * .cpg; `xxd chinese.dbf` shows bytes bc f2 cc e5), and POINT
 * (-248.715789473684 625.610526315789) under a WGS 84 .prj — a latitude of
 * 625°, so the .prj is wrong. Read as Web Mercator metres instead:
 *   echo "-248.715789473684 625.610526315789" |
 *     gdaltransform -s_srs EPSG:3857 -t_srs EPSG:4326 -output_xy
 *   → -0.00223425195086064 0.00561995496794694 */
static void
assert_gbk_hazard (const char *project)
{
  g_autoptr(GmStore) store = open_store (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store,
                           "SELECT description, X(location), Y(location), status FROM hazard",
                           &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "简体");
  g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 1), -0.00223425195086064, 1e-12);
  g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 2), 0.00561995496794694, 1e-12);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "discovered");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
}

static void
test_import_gbk_hazard (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "gbk.gridmap", NULL);
  g_autofree char *source = shared_file ("hardcases/mapshaper/ldid-gbk/chinese.shp");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) report_root = NULL;
  g_autoptr(JsonNode) stats_root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *report;

  /* With its own .prj the point is off the globe: refused, named, and a
   * project made by --create for it is not left behind. */
  CLI (&run, "import", project, source, "--as", "hazards", "--create",
       "--map", "description=NAME");
  assert_failed_naming (&run, "chinese.shp");
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));

  CLI (&run, "import", project, source, "--as", "hazards", "--create", "--json",
       "--map", "description=NAME", "--srs", "EPSG:3857");
  g_assert_cmpint (run.status, ==, 0);
  report_root = parse_json (run.out);
  report = json_node_get_object (report_root);
  g_assert_cmpint (member_int (report, "read"), ==, 1);
  g_assert_cmpint (member_int (report, "imported"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (report, "encoding"), ==, "CP936");

  CLI (&run, "stats", project, "--json");
  g_assert_cmpint (run.status, ==, 0);
  stats_root = parse_json (run.out);
  g_assert_cmpint (member_int (json_node_get_object (stats_root), "hazards"), ==, 1);
  g_assert_cmpint (member_int (json_node_get_object (stats_root), "open_hazards"), ==, 1);

  assert_gbk_hazard (project);

  /* The refused import leaves the project byte for byte as it was. */
  before = file_sha256 (project);
  CLI (&run, "import", project, source, "--as", "hazards");
  assert_failed_naming (&run, "chinese.shp");
  after = file_sha256 (project);
  g_assert_cmpstr (before, ==, after);
}

/* ---- 5. broken inputs leave the project as it was ---------------------- */

/* A small real project: real/berlin-moabit/moabit_district.shp is one valid
 * polygon in EPSG:4326 (ogrinfo -so: Feature Count 1; ST_IsValid → 1). */
static char *
make_small_project (const char *dir)
{
  g_autofree char *source = shared_file ("real/berlin-moabit/moabit_district.shp");
  char *project = g_build_filename (dir, "small.gridmap", NULL);
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", project, source, "--as", "community", "--create",
       "--map", "code=ORT", "--map", "name=Ortsteilna");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (project, G_FILE_TEST_IS_REGULAR));
  return project;
}

/* Each file GDAL cannot read: exit 1, one line naming it, project intact. */
static void
assert_import_refused (const char *project,
                       const char *source,
                       const char *kind)
{
  g_autofree char *before = file_sha256 (project);
  g_autofree char *after = NULL;
  g_autofree char *base = g_path_get_basename (source);
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", project, source, "--as", kind);
  assert_failed_naming (&run, base);
  g_assert_cmpstr (run.out, ==, "");
  CLI (&run, "import", project, source, "--as", kind, "--json");
  assert_failed_naming (&run, base);
  g_assert_cmpstr (run.out, ==, "");

  after = file_sha256 (project);
  g_assert_cmpstr (before, ==, after);
}

static void
write_junk_zip (const char *path)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  /* A zip's magic number, then noise: it looks like a zip only at first. */
  g_byte_array_append (bytes, (const guint8 *) "PK\003\004", 4);
  for (int i = 0; i < 512; i++)
    {
      guint8 b = (guint8) g_rand_int_range (rand, 0, 256);

      g_byte_array_append (bytes, &b, 1);
    }
  write_file (path, (const char *) bytes->data, bytes->len);
}

static void
test_import_broken (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = make_small_project (dir);
  g_autofree char *dbf_as_shp = g_build_filename (dir, "table.shp", NULL);
  g_autofree char *no_shx = g_build_filename (dir, "pointz.shp", NULL);
  g_autofree char *geojson = g_build_filename (dir, "truncated.geojson", NULL);
  g_autofree char *zip = g_build_filename (dir, "junk.zip", NULL);
  g_autofree char *real_dbf = shared_file ("real/berlin-moabit/moabit_district.dbf");
  g_autofree char *pointz = shared_file ("hardcases/shapefile-rs/pointz.shp");

  /* A .dbf renamed to .shp: `ogrinfo table.shp` → FAILURE, Unable to open. */
  copy_file (real_dbf, dbf_as_shp);
  assert_import_refused (project, dbf_as_shp, "community");

  /* pointz.shp has no .shx: `ogrinfo` → ERROR 4: Unable to open pointz.shx.
   * Copied so that nothing can write an .shx beside the shared original.
   * Gridmap rebuilds the .shx in a temporary folder and reads the points
   * (1,422,464, 4,188,962 with SHAPE_RESTORE_SHX=YES): projected, with no
   * .prj, so the command line must name a coordinate system — exit 2, the
   * project untouched, and no .shx written beside the file. */
  copy_file (pointz, no_shx);
  {
    g_autofree char *before = file_sha256 (project);
    g_autofree char *after = NULL;
    g_autofree char *shx = g_build_filename (dir, "pointz.shx", NULL);
    g_auto(CliRun) run = { 0 };

    CLI (&run, "import", project, no_shx, "--as", "hazards");
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "pointz.shp"));
    g_assert_nonnull (strstr (run.err, "--srs"));
    g_assert_cmpstr (run.out, ==, "");
    after = file_sha256 (project);
    g_assert_cmpstr (before, ==, after);
    g_assert_false (g_file_test (shx, G_FILE_TEST_EXISTS));
  }

  /* `ogrinfo truncated.geojson` → ERROR 1: Unterminated object. */
  write_file (geojson,
              "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
              "\"properties\":{\"name\":\"x\"},\"geometry\":{\"type\":\"Point\","
              "\"coordinates\":[37.3,55.", -1);
  assert_import_refused (project, geojson, "hazards");

  /* `ogrinfo junk.zip` and `ogrinfo /vsizip/junk.zip` → FAILURE. */
  write_junk_zip (zip);
  assert_import_refused (project, zip, "buildings");
}

/* ---- 6. the demo project ----------------------------------------------- */

static gboolean
is_grid_code (const char *code)
{
  if (code == NULL || strlen (code) != 15)
    return FALSE;
  for (guint i = 0; i < 15; i++)
    if (!g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

static void
assert_demo_stats (JsonObject *stats)
{
  JsonArray *grids = json_object_get_array_member (stats, "grids_detail");
  gint64 buildings = member_int (stats, "buildings");
  gint64 in_grids = 0;

  g_assert_cmpint (member_int (stats, "grids"), >=, 10);
  g_assert_cmpint (member_int (stats, "grids"), <=, 20);
  g_assert_cmpint (json_array_get_length (grids), ==, member_int (stats, "grids"));
  g_assert_cmpint (buildings, >, 1000);
  g_assert_cmpint (member_int (stats, "residents"), >, 0);
  g_assert_cmpint (member_int (stats, "hazards"), >, 0);
  g_assert_cmpint (member_int (stats, "communities"), >=, 1);

  for (guint i = 0; i < json_array_get_length (grids); i++)
    {
      JsonObject *grid = json_array_get_object_element (grids, i);

      if (!is_grid_code (json_object_get_string_member (grid, "code")))
        g_error ("grid code “%s” is not 15 digits", json_object_get_string_member (grid, "code"));
      g_assert_nonnull (json_object_get_string_member (grid, "worker_name"));
      in_grids += member_int (grid, "buildings");
    }
  /* Every building is in exactly one current grid. */
  g_assert_cmpint (in_grids, ==, buildings);
}

typedef struct
{
  gint64  id;
  double  lon;
  double  lat;
  char   *grid_code;
  GPtrArray *secrets;   /* unmasked ID numbers and phones of its residents */
  int     residents;
} DemoBuilding;

static void
demo_building_clear (DemoBuilding *b)
{
  g_clear_pointer (&b->grid_code, g_free);
  g_clear_pointer (&b->secrets, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoBuilding, demo_building_clear)

/* A building with residents whose anchor lies in its footprint and in no
 * other, so that the point names it alone. */
static void
pick_demo_building (const char   *project,
                    DemoBuilding *out)
{
  g_autoptr(GmStore) store = open_store (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(sqlite3_stmt) people = NULL;

  stmt = gm_store_prepare (store,
                           "SELECT b.id, X(b.anchor), Y(b.anchor), g.code FROM building b"
                           " JOIN grid g ON g.id = b.grid_id"
                           " WHERE (SELECT count(*) FROM resident r WHERE r.building_id = b.id"
                           "          AND r.moved_out IS NULL AND r.id_number IS NOT NULL) >= 2"
                           "   AND (SELECT count(*) FROM building o WHERE o.id IN ("
                           "          SELECT pkid FROM idx_building_footprint"
                           "          WHERE xmin <= X(b.anchor) AND xmax >= X(b.anchor)"
                           "            AND ymin <= Y(b.anchor) AND ymax >= Y(b.anchor))"
                           "          AND ST_Intersects(o.footprint, b.anchor)) = 1"
                           "   AND ST_Contains(b.footprint, b.anchor)"
                           " ORDER BY b.id LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  out->id = sqlite3_column_int64 (stmt, 0);
  out->lon = sqlite3_column_double (stmt, 1);
  out->lat = sqlite3_column_double (stmt, 2);
  out->grid_code = g_strdup ((const char *) sqlite3_column_text (stmt, 3));

  people = gm_store_prepare (store,
                             "SELECT id_number, phone FROM resident"
                             " WHERE building_id = ? AND moved_out IS NULL", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (people, 1, out->id);
  out->secrets = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (people) == SQLITE_ROW)
    {
      out->residents++;
      for (int c = 0; c < 2; c++)
        if (sqlite3_column_type (people, c) == SQLITE_TEXT)
          g_ptr_array_add (out->secrets, g_strdup ((const char *) sqlite3_column_text (people, c)));
    }
}

static void
assert_query_masks (const char         *stdout_text,
                    const DemoBuilding *b)
{
  g_autoptr(JsonNode) root = parse_json (stdout_text);
  JsonObject *query = json_node_get_object (root);
  JsonObject *building = json_object_get_object_member (query, "building");
  JsonObject *grid = json_object_get_object_member (query, "grid");
  JsonArray *residents = json_object_get_array_member (query, "residents");

  g_assert_nonnull (building);
  g_assert_cmpint (member_int (building, "id"), ==, b->id);
  g_assert_cmpstr (json_object_get_string_member (building, "grid"), ==, b->grid_code);
  g_assert_nonnull (grid);
  g_assert_cmpstr (json_object_get_string_member (grid, "code"), ==, b->grid_code);
  g_assert_nonnull (json_object_get_array_member (query, "hazards"));
  g_assert_cmpint (json_array_get_length (residents), ==, b->residents);

  for (guint i = 0; i < json_array_get_length (residents); i++)
    {
      JsonObject *r = json_array_get_object_element (residents, i);
      const char *id = json_object_get_string_member (r, "id_number");
      const char *reg = json_object_get_string_member (r, "registration");

      g_assert_true (id == NULL || strchr (id, '*') != NULL);
      g_assert_true (g_strcmp0 (reg, "registered") == 0 || g_strcmp0 (reg, "floating") == 0);
      g_assert_nonnull (json_object_get_array_member (r, "tags"));
    }
  g_assert_cmpuint (b->secrets->len, >=, 2);
  for (guint i = 0; i < b->secrets->len; i++)
    {
      const char *secret = g_ptr_array_index (b->secrets, i);

      if (strlen (secret) >= 6 && strstr (stdout_text, secret) != NULL)
        g_error ("query printed an unmasked ID number or phone");
    }
}

static void
test_demo (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *project = g_build_filename (dir, "demo.gridmap", NULL);
  g_autofree char *at = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonNode) stats_root = NULL;
  g_auto(DemoBuilding) building = { 0 };
  g_auto(CliRun) run = { 0 };
  char lon[G_ASCII_DTOSTR_BUF_SIZE], lat[G_ASCII_DTOSTR_BUF_SIZE];

  CLI (&run, "demo", project);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_test (project, G_FILE_TEST_IS_REGULAR));

  /* A second demo into the same file is refused and changes nothing. */
  before = file_sha256 (project);
  CLI (&run, "demo", project);
  assert_failed_naming (&run, project);
  after = file_sha256 (project);
  g_assert_cmpstr (before, ==, after);

  CLI (&run, "stats", project, "--json", "--as-of", "2026-12-01");
  g_assert_cmpint (run.status, ==, 0);
  stats_root = parse_json (run.out);
  assert_demo_stats (json_node_get_object (stats_root));

  pick_demo_building (project, &building);
  at = g_strdup_printf ("%s,%s", g_ascii_dtostr (lon, sizeof lon, building.lon),
                        g_ascii_dtostr (lat, sizeof lat, building.lat));
  CLI (&run, "query", project, "--at", at, "--json", "--as-of", "2026-12-01");
  g_assert_cmpint (run.status, ==, 0);
  assert_query_masks (run.out, &building);

  /* The table for people masks them too. */
  CLI (&run, "query", project, "--at", at);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < building.secrets->len; i++)
    g_assert_null (strstr (run.out, g_ptr_array_index (building.secrets, i)));
}

/* `synth` makes the same city from the same seed (the same stats, once the
 * project's own path is left out), refuses to overwrite without --force,
 * and its project's overview is current: `overview` has nothing to do. */
static void
test_synth (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *a = g_build_filename (dir, "a.gridmap", NULL);
  g_autofree char *b = g_build_filename (dir, "b.gridmap", NULL);
  g_autofree char *shp = g_build_filename (dir, "buildings.shp", NULL);
  g_autofree char *stats_a = NULL;
  g_auto(CliRun) run = { 0 };

  CLI (&run, "synth", a, "--buildings", "1500", "--seed", "7", "--export", dir);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1500"));
  g_assert_true (g_file_test (shp, G_FILE_TEST_IS_REGULAR));
  CLI (&run, "synth", b, "--buildings", "1500", "--seed", "7");
  g_assert_cmpint (run.status, ==, 0);

  CLI (&run, "stats", a, "--json", "--as-of", "2026-12-01");
  g_assert_cmpint (run.status, ==, 0);
  stats_a = g_strdup (run.out);
  CLI (&run, "stats", b, "--json", "--as-of", "2026-12-01");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, stats_a);
  g_assert_nonnull (strstr (stats_a, "\"buildings\" : 1500"));

  CLI (&run, "synth", a, "--buildings", "1500");
  assert_failed_naming (&run, a);
  CLI (&run, "synth", a);
  assert_usage_error (&run);

  /* synth draws the overview; drawn again, there is nothing to do. */
  CLI (&run, "overview", a);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "already current"));
  CLI (&run, "overview");
  assert_usage_error (&run);
}

/* Tulsa's 16,201 hydrants as hazards give more issues than a report keeps:
 * the first 10,000 are listed and the rest counted, in the text ("… and N
 * more issues") and in the JSON (issues_omitted), the same N in both. */
static void
test_import_many_issues (void)
{
  g_autoptr(TmpDir) dir = make_tmp_dir ();
  g_autofree char *a = g_build_filename (dir, "a.gridmap", NULL);
  g_autofree char *b = g_build_filename (dir, "b.gridmap", NULL);
  g_autofree char *source = shared_file ("real/tulsa-hydrants/hydrants.csv");
  g_autofree char *line = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_auto(CliRun) run = { 0 };
  JsonObject *report;
  gint64 omitted;
  guint listed = 0;

  CLI (&run, "import", a, source, "--as", "hazards", "--create", "--json");
  g_assert_cmpint (run.status, ==, 0);
  root = parse_json (run.out);
  report = json_node_get_object (root);
  g_assert_cmpint (member_int (report, "read"), ==, 16201);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "issues")), ==, 10000);
  omitted = member_int (report, "issues_omitted");
  g_assert_cmpint (omitted, >, 0);

  CLI (&run, "import", b, source, "--as", "hazards", "--create");
  g_assert_cmpint (run.status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      listed += g_str_has_prefix (lines[i], "row ") || g_str_has_prefix (lines[i], "feature ")
                || g_str_has_prefix (lines[i], "whole file ");
  }
  g_assert_cmpuint (listed, ==, 10000);
  line = g_strdup_printf ("… and %" G_GINT64_FORMAT " more issues, not listed", omitted);
  g_assert_nonnull (strstr (run.out, line));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage/errors", test_usage_errors);
  g_test_add_func ("/cli/usage/query", test_usage_query);
  g_test_add_func ("/cli/usage/import", test_usage_import);
  g_test_add_func ("/cli/usage/import-values", test_usage_import_values);
  g_test_add_func ("/cli/usage/version-help", test_version_help);
  g_test_add_func ("/cli/missing-project", test_missing_project);
  g_test_add_func ("/cli/chinese-messages", test_chinese_messages);
  g_test_add_func ("/cli/read-only-folder", test_read_only_folder);
  g_test_add_func ("/cli/import/broken", test_import_broken);
  g_test_add_func ("/cli/import/gbk-hazard", test_import_gbk_hazard);
  g_test_add_func ("/cli/import/berlin-community", test_import_berlin_community);
  g_test_add_func ("/cli/import/berlin-buildings-use", test_import_berlin_buildings_use);
  g_test_add_func ("/cli/import/wrong-kind", test_import_wrong_kind);
  g_test_add_func ("/cli/import/moscow-buildings", test_import_moscow_buildings);
  g_test_add_func ("/cli/import/many-issues", test_import_many_issues);
  g_test_add_func ("/cli/demo", test_demo);
  g_test_add_func ("/cli/synth", test_synth);

  return g_test_run ();
}
