/* test-cli-import.c — `gridmap-cli import` on hard files, as a script runs
 * it: the encoding it prints for people to check, the coordinate systems it
 * offers, its options for Chinese web-map coordinates, row numbers of
 * rosters — and a project that survives the importing process being killed
 * at any moment.
 *
 * The binary comes from $GRIDMAP_CLI; files from $GRIDMAP_SHARED_DATA and
 * $GRIDMAP_TEST_DATA. $GRIDMAP_KILL_ITERATIONS sets how many times the
 * import is killed (default 8). */
#include "gm-config.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gm-autocleanups.h"
#include "gm-store.h"

static char *
data_file (const char *env,
           const char *relative)
{
  const char *root = g_getenv (env);

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

/* Runs gridmap-cli to the end; returns its exit status, stdout in @out. */
static int
cli (char       **out,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autofree char *unread = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int status = -1;

  g_ptr_array_add (argv, (char *) g_getenv ("GRIDMAP_CLI"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* Its output is kept even when not wanted: it must not reach the TAP
   * stream of this test. */
  if (out == NULL)
    out = &unread;
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  if (g_test_verbose ())
    g_test_message ("stdout: %s\nstderr: %s", *out, err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* A temporary folder of files, removed at the end of a test. */
typedef char TmpDir;

static void
tmp_dir_remove (TmpDir *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_remove)

static char *
sha256_of (const char *path)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
}

static gint64
query_int (GmStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* ---- what it prints ---------------------------------------------------------------- */

/* gbk.dbf declares nothing: the detected encoding and the decoded text
 * (简体国语, `iconv -f GBK`) come first, for the user to check. */
static void
test_prints_encoding (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *src = data_file ("GRIDMAP_SHARED_DATA", "hardcases/mapshaper/dbf-only/gbk.dbf");
  g_autofree char *out = NULL;

  g_assert_cmpint (cli (&out, "import", project, src, "--as", "residents", "--create",
                        "--map", "name=NAME", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Text encoding: GB18030 (detected from the text): “简体国语”\n"));
}

/* Projected coordinates without a .prj: refused as a usage error (exit 2:
 * the command line must say --srs) with the candidates; with --srs from
 * them, imported where gdaltransform puts them (114.129577, 31.232769 for
 * EPSG:4526). */
static void
test_srs_candidates (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *src = data_file ("GRIDMAP_TEST_DATA", "survey-gk38.csv");
  g_autofree char *out = NULL;
  g_autoptr(GmStore) store = NULL;

  g_assert_cmpint (cli (&out, "import", project, src, "--as", "hazards", "--create", NULL), ==, 2);
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (&out, "import", project, src, "--as", "hazards", "--create",
                        "--srs", "EPSG:4526", "--map", "description=名称", NULL), ==, 0);
  store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM hazard WHERE description = '测量点一'"
                              " AND abs(X(location) - 114.129577) < 1e-6 AND abs(Y(location) - 31.232769) < 1e-6"), ==, 1);
}

/* Shapefiles without a .prj, as the dialog sees them: read as WGS 84 only
 * when their coordinates are longitude/latitude, and said so in the report;
 * projected ones (the ESRI samples polygon.shp, extent 1,193,000–1,248,000
 * × 166,000–234,000 by ogrinfo, and pline.shp) are a usage error asking for
 * --srs, and no project is made. */
static void
test_no_prj (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *lonlat = data_file ("GRIDMAP_SHARED_DATA", "hardcases/mapshaper/shplib-esri-samples/3dpoints.shp");
  g_autofree char *polygons = data_file ("GRIDMAP_SHARED_DATA", "hardcases/mapshaper/shplib-esri-samples/polygon.shp");
  g_autofree char *lines = data_file ("GRIDMAP_SHARED_DATA", "hardcases/mapshaper/shplib-esri-samples/pline.shp");
  g_autofree char *out = NULL;

  g_assert_cmpint (cli (&out, "import", project, polygons, "--as", "buildings", "--create", NULL), ==, 2);
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (&out, "import", project, lines, "--as", "roads", "--create", NULL), ==, 2);
  g_assert_false (g_file_test (project, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);

  /* 3dpoints.shp: 8 PointZ records, 2 of them null shapes; the others lie
   * within -3.2…11.9, -0.6…10.5. */
  g_assert_cmpint (cli (&out, "import", project, lonlat, "--as", "hazards", "--create", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Hazards: new 6, updated 0, unchanged 0; repaired 0, skipped 2 of 8 read.\n"));
  g_assert_nonnull (strstr (out, "whole file (warning): no coordinate system declared (no .prj); the coordinates look like WGS 84 longitude/latitude, so EPSG:4326 was assumed (choose another with --srs"));
}

/* Hazards as multipoints (points.shp, ogrinfo: MULTIPOINT ((0 0)) and
 * MULTIPOINT ((1 1),(1 2))): one point is that point, silently — here at
 * 0, 0, so skipped as missing; of two the first is used, and the report
 * says so. mixed_feature.json's MULTIPOINT ((0 1),(1 1)) likewise; its
 * polygon is placed at a point inside it. */
static void
test_multipoint_hazards (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *points = data_file ("GRIDMAP_SHARED_DATA", "hardcases/mapshaper/shp-reading-bugs/points.shp");
  g_autofree char *mixed = data_file ("GRIDMAP_SHARED_DATA", "hardcases/mapshaper/geojson/mixed_feature.json");
  g_autofree char *out = NULL;
  g_autoptr(GmStore) store = NULL;

  g_assert_cmpint (cli (&out, "import", project, points, "--as", "hazards", "--create", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "feature 0 (skipped): is at longitude 0, latitude 0"));
  g_assert_nonnull (strstr (out, "feature 1 (warning): has 2 points; the first (1.000000, 1.000000) was used\n"));
  g_assert_null (strstr (out, "inside it"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (&out, "import", project, mixed, "--as", "hazards", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "feature 0 (warning): has 2 points; the first (0.000000, 1.000000) was used\n"));
  g_assert_nonnull (strstr (out, "feature 2 (warning): is an area; it was placed at a point inside it\n"));
  store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM hazard WHERE X(location) = 1 AND Y(location) = 1"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM hazard WHERE X(location) = 0 AND Y(location) = 1"), ==, 1);
}

/* Berlin's 60 LOR forecast areas as grids: the file has no codes. One line
 * says so (not 60), and the codes read in reading order, north to south in
 * rows, each west to east, padded so that they sort as numbered: G1-001 is
 * Heiligensee/Konradshöhe in the north-west, G1-060 Treptow-Köpenick 4 in
 * the south-east (ogrinfo -spat at their label points). */
static void
test_grids_without_codes (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *src = data_file ("GRIDMAP_SHARED_DATA", "real/berlin-moabit/lor_prognoseraeume.shp");
  g_autofree char *out = NULL;
  g_autoptr(GmStore) store = NULL;

  g_assert_cmpint (cli (&out, "import", project, src, "--as", "grids", "--create", "--map", "name=PGRNAME", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "whole file (warning): 60 grids have no code; they were given the codes G1-001 … G1-060, numbered north to south and west to east"));
  g_assert_null (strstr (out, "feature "));
  store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM grid WHERE code GLOB 'G1-0[0-6][0-9]'"), ==, 60);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM grid WHERE code = 'G1-001' AND name = 'Heiligensee/Konradshöhe'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM grid WHERE code = 'G1-060' AND name = 'Treptow-Köpenick 4'"), ==, 1);
}

/* The same 60 areas into a project with Moabit (ORT 0102) as its
 * community: the one area inside it (Prognoseraum 0102, Moabit) gets
 * 0102001, the 59 outside G2-001 … G2-059. The report said "G2-001 …
 * 0102001", a range from one scheme into the other; it now names the codes
 * given in each (checked with sqlite3: SELECT min(code), max(code) FROM grid
 * GROUP BY community_id). */
static void
test_grid_codes_in_community (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *district = data_file ("GRIDMAP_SHARED_DATA", "real/berlin-moabit/moabit_district.shp");
  g_autofree char *src = data_file ("GRIDMAP_SHARED_DATA", "real/berlin-moabit/lor_prognoseraeume.shp");
  g_autofree char *out = NULL;
  g_autofree char *grids = NULL;
  g_autoptr(GmStore) store = NULL;

  g_assert_cmpint (cli (&out, "import", project, district, "--as", "community", "--create", "--map", "code=ORT", NULL), ==, 0);
  g_assert_cmpint (cli (&grids, "import", project, src, "--as", "grids", "--map", "name=PGRNAME", NULL), ==, 0);
  g_assert_nonnull (strstr (grids, "whole file (warning): 60 grids have no code; they were given the codes G2-001 … G2-059, 0102001, numbered north to south and west to east"));
  store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM grid WHERE code GLOB 'G2-0[0-5][0-9]' AND community_id IS NULL"), ==, 59);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM grid g JOIN community c ON c.id = g.community_id"
                                     " WHERE g.code = '0102001' AND g.name = 'Moabit' AND c.code = '0102'"), ==, 1);
}

/* --shift gcj02: Amap's Shanghai point lands on its WGS 84 original
 * (121.5272106, 31.1774276, googollee/eviltransform's test pair). */
static void
test_shift (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *src = data_file ("GRIDMAP_TEST_DATA", "amap-gcj02.csv");
  g_autofree char *out = NULL;
  g_autoptr(GmStore) store = NULL;

  g_assert_cmpint (cli (&out, "import", project, src, "--as", "hazards", "--create", "--shift", "mars", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (cli (&out, "import", project, src, "--as", "hazards", "--create", "--json",
                        "--shift", "gcj02", "--map", "description=名称", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"shift\" : \"gcj02\""));
  store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM hazard WHERE description = '上海'"
                              " AND abs(X(location) - 121.5272106) < 1e-8 AND abs(Y(location) - 31.1774276) < 1e-8"), ==, 1);
}

/* A roster's problems are listed by the row Excel shows. */
static void
test_roster_rows (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *src = data_file ("GRIDMAP_TEST_DATA", "residents-roster.xlsx");
  g_autofree char *out = NULL;

  g_assert_cmpint (cli (&out, "import", project, src, "--as", "residents", "--create", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "row 4 (warning): the ID number “9901**********2033” fails its check"));
  g_assert_nonnull (strstr (out, "row 8 (skipped): has no name"));
}

/* ---- killed at any moment ------------------------------------------------------------ */

typedef struct
{
  gint64 buildings;
  gint64 imports;
  gint64 schema;
} Counts;

static void
read_counts (const char *project,
             Counts     *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project, GM_STORE_OPEN_DEFAULT, &error);
  g_autofree char *check = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_no_error (error);
  stmt = gm_store_prepare (store, "PRAGMA integrity_check", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  counts->buildings = query_int (store, "SELECT count(*) FROM building");
  counts->imports = query_int (store, "SELECT count(*) FROM import_log");
  counts->schema = query_int (store, "SELECT count(*) FROM sqlite_master");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM idx_building_footprint"), ==, counts->buildings);
}

/* Starts an import of @src into @project and kills it after @delay_us
 * unless it ends before. Returns TRUE when it was killed, FALSE when it
 * had finished (successfully) first. */
static gboolean
import_and_kill (const char *project,
                 const char *src,
                 gulong      delay_us)
{
  const char *argv[] = { g_getenv ("GRIDMAP_CLI"), "import", project, src, "--as", "buildings", NULL };
  g_autoptr(GError) error = NULL;
  gint64 deadline;
  int status = 0;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                                | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + delay_us;
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () >= deadline)
        {
          kill (pid, SIGKILL);
          g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
          break;
        }
      g_usleep (500);
    }
  g_spawn_close_pid (pid);
  if (WIFEXITED (status))
    {
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      return FALSE;
    }
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  return TRUE;
}

/* After an import was killed: either it had committed (killed while
 * closing) and landed whole, or the project is byte for byte what it was,
 * before SQLite opens it and after. Returns TRUE when it had landed. */
static gboolean
check_after_kill (const char *project,
                  const char *sha,
                  Counts     *before)
{
  g_autofree char *sha_raw = sha256_of (project);
  g_autofree char *sha_opened = NULL;
  Counts after;

  read_counts (project, &after);   /* opens it: SQLite recovers its WAL */
  g_assert_cmpint (after.schema, ==, before->schema);
  if (after.imports == before->imports + 1)
    {
      g_assert_cmpint (after.buildings, ==, before->buildings + 18026);
      *before = after;
      return TRUE;
    }
  g_assert_cmpstr (sha, ==, sha_raw);
  g_assert_cmpint (after.buildings, ==, before->buildings);
  g_assert_cmpint (after.imports, ==, before->imports);
  sha_opened = sha256_of (project);
  g_assert_cmpstr (sha, ==, sha_opened);
  return FALSE;
}

/* A copy of the shapefile @src under a new name in @dir: a file Gridmap has
 * not imported, so all of its features are added (the same file imported
 * again would only be compared and left as it is). */
static char *
copy_shapefile (const char *dir,
                const char *src,
                guint       n)
{
  static const char * const sidecars[] = { ".shp", ".shx", ".dbf", ".prj", ".cpg" };
  g_autofree char *stem = g_strndup (src, strlen (src) - 4);
  char *copy = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *from = g_strconcat (stem, sidecars[i], NULL);
      g_autofree char *name = g_strdup_printf ("copy-%u%s", n, sidecars[i]);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (from, &data, &length, NULL));
      g_assert_true (g_file_set_contents (to, data, length, NULL));
      if (i == 0)
        copy = g_steal_pointer (&to);
    }
  return copy;
}

/* The Moscow buildings (18,046 polygons) imported, as a copy, into a
 * project that holds them already, killed at random moments from start-up
 * to the end: each
 * time the project passes SQLite's integrity check and either holds the
 * same rows, byte for byte the same file, or (killed after its commit,
 * while closing) the whole import and nothing less. */
static void
test_killed (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("gridmap-cli-XXXXXX", NULL);
  g_autofree char *project = g_build_filename (dir, "kill.gridmap", NULL);
  g_autofree char *src = data_file ("GRIDMAP_SHARED_DATA", "real/moscow-west_osm/buildings.shp");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  const char *env = g_getenv ("GRIDMAP_KILL_ITERATIONS");
  guint iterations = env != NULL ? (guint) atoi (env) : 8;
  guint killed = 0, landed = 0;
  Counts before;
  gint64 start;
  double full_us;

  g_autofree char *first = copy_shapefile (dir, src, 0);

  g_assert_cmpint (cli (NULL, "import", project, src, "--as", "buildings", "--create", NULL), ==, 0);
  start = g_get_monotonic_time ();
  g_assert_false (import_and_kill (project, first, G_USEC_PER_SEC * 600));
  full_us = g_get_monotonic_time () - start;
  read_counts (project, &before);
  g_assert_cmpint (before.buildings, ==, 2 * 18026);

  for (guint i = 0; i < iterations; i++)
    {
      gulong delay = (gulong) g_rand_double_range (rand, 0, full_us);
      g_autofree char *sha = sha256_of (project);
      g_autofree char *copy = copy_shapefile (dir, src, i + 1);

      if (!import_and_kill (project, copy, delay))
        {
          read_counts (project, &before);   /* it finished first: that import landed whole */
          continue;
        }
      killed++;
      if (check_after_kill (project, sha, &before))
        landed++;
    }
  g_test_message ("killed %u of %u imports, %u after their commit (a full one takes %.0f ms)",
                  killed, iterations, landed, full_us / 1000);
  g_assert_cmpuint (killed - landed, >=, iterations / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/import-hard/prints-encoding", test_prints_encoding);
  g_test_add_func ("/cli/import-hard/srs-candidates", test_srs_candidates);
  g_test_add_func ("/cli/import-hard/shift", test_shift);
  g_test_add_func ("/cli/import-hard/no-prj", test_no_prj);
  g_test_add_func ("/cli/import-hard/multipoint-hazards", test_multipoint_hazards);
  g_test_add_func ("/cli/import-hard/grids-without-codes", test_grids_without_codes);
  g_test_add_func ("/cli/import-hard/grid-codes-in-community", test_grid_codes_in_community);
  g_test_add_func ("/cli/import-hard/roster-rows", test_roster_rows);
  g_test_add_func ("/cli/import-hard/killed", test_killed);
  return g_test_run ();
}
