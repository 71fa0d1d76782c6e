/* test-cli-partition.c — `gridmap-cli partition` and `gridmap-cli export`
 * as scripts run them: exit status, the one stderr line, the JSON, and the
 * files read back with GDAL.
 *
 * Berlin Moabit is built with the CLI's own imports (LOR area 0102 as the
 * community, buildings with storeys and use, OSM roads); the demo with
 * `gridmap-cli demo`.
 */
#include "gm-config.h"

#include <gdal.h>
#include <ogr_api.h>

#include "gm-autocleanups.h"
#include "gm-cli-test-util.h"
#include "gm-store-private.h"

static TmpDir *dir;
static char *berlin;
static char *demo;

static void
import_berlin (const char *project)
{
  g_autofree char *lor = shared_file ("real/berlin-moabit/lor_prognoseraeume.shp");
  g_autofree char *buildings = shared_file ("real/berlin-moabit/moabit_build.shp");
  g_autofree char *roads = shared_file ("real/berlin-moabit/moabit_roads.shp");
  g_auto(CliRun) run = { 0 };

  CLI (&run, "import", project, lor, "--as", "community", "--map", "code=spatial_na", "--map", "name=PGRNAME",
       "--create");
  g_assert_cmpint (run.status, ==, 0);
  CLI (&run, "import", project, buildings, "--as", "buildings", "--map", "floors=AnzahlDerO",
       "--map", "use=Gebaeude_1");
  g_assert_cmpint (run.status, ==, 0);
  CLI (&run, "import", project, roads, "--as", "roads");
  g_assert_cmpint (run.status, ==, 0);
}

static JsonObject *
partition_json (CliRun     *run,
                JsonNode  **root,
                const char *first,
                ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (args, (char *) "partition");
  g_ptr_array_add (args, berlin);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, (char *) "--json");
  g_ptr_array_add (args, NULL);
  cli_runv (run, (const char **) args->pdata);
  g_assert_cmpint (run->status, ==, 0);
  *root = parse_json (run->out);
  return json_node_get_object (*root);
}

/* ---- usage and failures ----------------------------------------------------------- */

static void
test_partition_usage (void)
{
  g_auto(CliRun) run = { 0 };

  CLI (&run, "partition", berlin);
  assert_usage_error (&run);
  CLI (&run, "partition", "--community", "0102");
  assert_usage_error (&run);
  CLI (&run, "partition", berlin, "--community", "0102", "--grids", "10", "--households-per-grid", "400");
  assert_usage_error (&run);
  CLI (&run, "partition", berlin, "--community", "0102", "--grids", "ten");
  assert_usage_error (&run);
  CLI (&run, "partition", berlin, "--community", "0102", "--weights", "hazard=-1");
  assert_usage_error (&run);
  CLI (&run, "partition", berlin, "--community", "0102", "--weights", "fire=2");
  assert_usage_error (&run);
  CLI (&run, "partition", berlin, "--community", "0102", "--rebalance", "--grids", "10");
  assert_usage_error (&run);
  CLI (&run, "partition", berlin, "--community", "0102", "--tolerance", "-1");
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "between 0 and 1"));
  CLI (&run, "partition", berlin, "--community", "0102", "--tolerance", "1.5");
  assert_usage_error (&run);
  CLI (&run, "export", berlin, "--what", "buildings", "--out", "x.gpkg");
  assert_usage_error (&run);
  CLI (&run, "export", berlin);
  assert_usage_error (&run);
}

static void
test_partition_failures (void)
{
  g_autofree char *before = file_sha256 (berlin);
  g_autofree char *missing = g_build_filename (dir, "missing.gridmap", NULL);
  g_autofree char *odd = g_build_filename (dir, "grids.xlsx", NULL);
  g_auto(CliRun) run = { 0 };

  CLI (&run, "partition", berlin, "--community", "4711");
  assert_failed_naming (&run, "4711");
  CLI (&run, "partition", berlin, "--community", "0102", "--grids", "9999");
  assert_failed_naming (&run, "too few for 9999 grids");
  CLI (&run, "partition", berlin, "--community", "0102", "--rebalance");
  assert_failed_naming (&run, "no current grids");
  CLI (&run, "partition", missing, "--community", "0102");
  assert_failed_naming (&run, "missing.gridmap");
  /* A suffix that names no format we write is bad usage; a plan that is
   * not there, a failure naming it. Neither leaves a file. */
  CLI (&run, "export", berlin, "--out", odd);
  assert_usage_error (&run);
  g_assert_nonnull (strstr (run.err, "grids.xlsx"));
  g_assert_false (g_file_test (odd, G_FILE_TEST_EXISTS));
  {
    g_autofree char *out = g_build_filename (dir, "plan-99.geojson", NULL);

    CLI (&run, "export", berlin, "--out", out, "--plan", "99");
    assert_failed_naming (&run, "no plan 99");
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *after = file_sha256 (berlin);

    g_assert_cmpstr (before, ==, after);
  }
}

/* A community whose buildings have no households (a file read without
 * them) has nothing to balance: refused with the reason, not a plan of one
 * perfectly "balanced" grid. */
static void
test_partition_no_workload (void)
{
  g_autofree char *copy = g_build_filename (dir, "no-households.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(CliRun) run = { 0 };

  copy_file (berlin, copy);
  {
    g_autoptr(GmStore) store = gm_store_open (copy, GM_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    g_assert_true (gm_store_exec (store, "UPDATE building SET households = 0", &error));
    g_assert_no_error (error);
  }
  CLI (&run, "partition", copy, "--community", "0102", "--grids", "10");
  assert_failed_naming (&run, "no workload to share out");
  g_assert_nonnull (strstr (run.err, "“0102”"));
  g_assert_cmpint (g_unlink (copy), ==, 0);
}

/* ---- a division, applied, rebalanced ------------------------------------------------- */

/* Moabit into 60 grids, then the default 400 households a grid (115
 * grids: round(45,980 / 400); the 47 "Wohngebäude mit Handel…" are mixed,
 * half residential, since the ALKIS names are read word by word) put in
 * force; rebalancing a division that is
 * within the tolerance moves nothing. */
static void
test_partition_berlin (void)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonObject *o = partition_json (&run, &first, "--community", "0102", "--grids", "60", NULL);

  g_assert_cmpint (member_int (o, "plan"), ==, 1);
  g_assert_cmpint (member_int (o, "grids"), ==, 60);
  g_assert_cmpfloat (json_object_get_double_member (o, "max_over_mean"), <=, 1.05);
  g_assert_cmpfloat (json_object_get_double_member (o, "cv"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "cv"), <, 1.0);
  g_assert_true (json_object_get_boolean_member (o, "contiguous"));
  g_assert_cmpfloat (json_object_get_double_member (o, "boundary_on_roads"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "boundary_on_roads"), <, 1.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "polsby_popper_mean"), >, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "polsby_popper_mean"), <, 1.0);
  g_assert_cmpint (member_int (o, "moved_buildings"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "seconds"), >, 0.0);
  g_assert_false (json_object_get_boolean_member (o, "applied"));

  o = partition_json (&run, &applied, "--community", "0102", "--apply", NULL);
  g_assert_cmpint (member_int (o, "grids"), ==, 115);
  g_assert_true (json_object_get_boolean_member (o, "applied"));
  {
    g_autoptr(GmStore) store = open_store (berlin);

    g_assert_cmpint (gm_store_query_int (store, "SELECT count(*) FROM grid WHERE valid_to IS NULL", NULL), ==, 115);
    g_assert_cmpint (gm_store_query_int (store, "SELECT count(*) FROM plan", NULL), ==, 2);
  }
  o = partition_json (&run, &again, "--community", "0102", "--rebalance", NULL);
  g_assert_cmpint (member_int (o, "grids"), ==, 115);
  g_assert_cmpint (member_int (o, "moved_buildings"), ==, 0);
}

/* ---- export ---------------------------------------------------------------------------- */

static gint64
count_features (const char *path,
                const char *code,
                char      **name)
{
  g_auto(GDALDatasetH) ds = GDALOpenEx (path, GDAL_OF_VECTOR, NULL, NULL, NULL);
  OGRLayerH layer;
  OGRFeatureH feature;

  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      if (g_str_equal (OGR_F_GetFieldAsString (feature, OGR_F_GetFieldIndex (feature, "code")), code))
        *name = g_strdup (OGR_F_GetFieldAsString (feature, OGR_F_GetFieldIndex (feature, "name")));
      OGR_F_Destroy (feature);
    }
  return OGR_L_GetFeatureCount (layer, TRUE);
}

/* The demo's 20 grids (第1网格 … in data/demo) to each format; the
 * Chinese names come back as they went out. */
static void
test_export_demo (void)
{
  static const char * const names[] = { "demo-grids.shp", "demo-grids.gpkg", "demo-grids.geojson" };
  g_auto(CliRun) run = { 0 };

  GDALAllRegister ();
  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autofree char *out = g_build_filename (dir, names[k], NULL);
      g_autofree char *name = NULL;

      CLI (&run, "export", demo, "--what", "grids", "--out", out);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Wrote 20 grids"));
      g_assert_cmpint (count_features (out, "990101001001001", &name), ==, 20);
      g_assert_cmpstr (name, ==, "第1网格");
      CLI (&run, "export", demo, "--out", out);
      assert_failed_naming (&run, names[k]);
      g_assert_nonnull (strstr (run.err, "--force"));
      CLI (&run, "export", demo, "--out", out, "--force");
      g_assert_cmpint (run.status, ==, 0);
    }
  {
    g_autofree char *cpg = g_build_filename (dir, "demo-grids.cpg", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (cpg, &text, NULL, NULL));
    g_assert_cmpstr (g_strstrip (text), ==, "UTF-8");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_auto(CliRun) run = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = make_tmp_dir ();
  berlin = g_build_filename (dir, "berlin.gridmap", NULL);
  demo = g_build_filename (dir, "demo.gridmap", NULL);
  import_berlin (berlin);
  CLI (&run, "demo", demo);
  g_assert_cmpint (run.status, ==, 0);

  g_test_add_func ("/cli/partition/usage", test_partition_usage);
  g_test_add_func ("/cli/partition/failures", test_partition_failures);
  g_test_add_func ("/cli/partition/no-workload", test_partition_no_workload);
  g_test_add_func ("/cli/partition/berlin", test_partition_berlin);
  g_test_add_func ("/cli/export/demo", test_export_demo);
  status = g_test_run ();

  g_free (berlin);
  g_free (demo);
  remove_tmp_dir (dir);
  return status;
}
