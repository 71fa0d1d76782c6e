/* bench-foundation.c — the foundation's speed targets, measured:
 *
 *   1. import of the Moscow buildings (18,046 polygons, with validation,
 *      repair and spatial index) against `ogr2ogr -f SQLite -dsco
 *      SPATIALITE=YES` of the same file, in the same run (target ≤ 1.0×),
 *      both in process and as a whole gridmap-cli process;
 *   2. building lookup at a point on the demo (target: median < 1 ms);
 *   3. launch of the app to its first complete map frame on the demo
 *      (target < 1 s), read from the app's GRIDMAP_BENCH_FIRST_FRAME line.
 *
 *   meson test -C _build --benchmark --suite bench -v
 *
 * Each figure is the median of several runs, with min and max. Nothing is
 * asserted: the figures are printed for people to read and quote. */
#include "gm-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "gm-autocleanups.h"
#include "gm-demo.h"
#include "gm-import.h"
#include "gm-store.h"

#include "bench-util.h"

#define RUNS 5

static char *tmp_dir;

static double
time_our_import (const char *source)
{
  g_autofree char *path = g_build_filename (tmp_dir, "bench.gridmap", NULL);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GmStore) store = NULL;
  double seconds = bench_time_import (source, path, &store, &report);
  gint64 start = g_get_monotonic_time ();

  g_clear_object (&store);
  g_print ("  ours: %.3f s — %lld read, %lld imported, %lld repaired, %lld skipped;"
           " closing the project (WAL checkpoint) %.3f s more\n", seconds,
           (long long) report->read, (long long) report->imported,
           (long long) report->repaired, (long long) report->skipped,
           (g_get_monotonic_time () - start) / 1e6);
  bench_remove_project (path);
  return seconds;
}

static double
time_ogr2ogr (const char *source)
{
  g_autofree char *path = g_build_filename (tmp_dir, "ogr2ogr.sqlite", NULL);
  const char *argv[] = { "ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES",
                         path, source, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 start;
  double seconds;

  bench_remove_project (path);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("ogr2ogr: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("  ogr2ogr: %.3f s\n", seconds);
  bench_remove_project (path);
  return seconds;
}

/* The whole gridmap-cli process, as ogr2ogr is timed: start-up, creating
 * the project, import, and closing (which checkpoints the WAL). */
static double
time_cli_import (const char *cli,
                 const char *source)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cli.gridmap", NULL);
  const char *argv[] = { cli, "import", "--create", "--as", "buildings", path, source, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 start;
  double seconds;

  bench_remove_project (path);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("gridmap-cli: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_print ("  gridmap-cli: %.3f s\n", seconds);
  bench_remove_project (path);
  return seconds;
}

static void
bench_import (const char *shared,
              const char *cli)
{
  g_autofree char *source = g_build_filename (shared, "real", "moscow-west_osm",
                                              "buildings.shp", NULL);
  double ours[RUNS], theirs[RUNS], ratio[RUNS], process[RUNS], process_ratio[RUNS];

  g_print ("\n1. Import of %s\n", source);
  /* Alternate, so that both see the same state of the machine. */
  for (guint i = 0; i < RUNS; i++)
    {
      theirs[i] = time_ogr2ogr (source);
      ours[i] = time_our_import (source);
      ratio[i] = ours[i] / theirs[i];
      if (cli != NULL)
        {
          process[i] = time_cli_import (cli, source);
          process_ratio[i] = process[i] / theirs[i];
        }
    }
  print_figure ("gridmap import, in process (s)", ours, RUNS, "s");
  print_figure ("ogr2ogr -f SQLite -dsco SPATIALITE=YES (s)", theirs, RUNS, "s");
  print_figure ("ratio import / ogr2ogr (target <= 1.0)", ratio, RUNS, "x");
  if (cli != NULL)
    {
      print_figure ("gridmap-cli import --create, whole process", process, RUNS, "s");
      print_figure ("ratio gridmap-cli / ogr2ogr", process_ratio, RUNS, "x");
    }
}

static void
bench_lookup (const char *demo)
{
  enum { N = 2000 };
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  double *ms = g_new (double, N);
  GmExtent extent;
  guint hits = 0;

  g_print ("\n2. Building lookup at a point, %d random points in the demo's extent\n", N);
  store = gm_store_open (demo, GM_STORE_OPEN_READONLY, &error);
  if (store == NULL || !gm_store_get_extent (store, &extent, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < N; i++)
    {
      double lon = g_rand_double_range (rand, extent.min_lon, extent.max_lon);
      double lat = g_rand_double_range (rand, extent.min_lat, extent.max_lat);
      gint64 start = g_get_monotonic_time ();
      gint64 id = gm_store_find_building_at (store, lon, lat, 3.0, NULL);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      hits += id > 0;
    }
  g_print ("  %u of %d points hit a building\n", hits, N);
  print_figure ("lookup (target: median < 1 ms)", ms, N, "ms");
  g_print ("  p99 %.3f ms\n", ms[N * 99 / 100]);
  g_free (ms);
}

static void
bench_first_frame (const char *app,
                   const char *demo)
{
  double ms[RUNS];
  guint n = 0;

  g_print ("\n3. Launch to the first complete map frame (1280×800 window, demo)\n");
  for (guint i = 0; i < RUNS; i++)
    {
      const char *argv[] = { app, demo, NULL };
      g_auto(GStrv) env = g_get_environ ();
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      const char *line;
      int status;

      env = g_environ_setenv (env, "GRIDMAP_BENCH_FIRST_FRAME", "quit", TRUE);
      if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                         &out, NULL, &status, &error))
        g_error ("%s: %s", app, error->message);
      line = strstr (out, "first-frame-ms: ");
      if (line == NULL)
        {
          g_print ("  run %u: no first-frame line (is there a display?)\n", i + 1);
          continue;
        }
      ms[n++] = g_ascii_strtod (line + strlen ("first-frame-ms: "), NULL);
    }
  if (n > 0)
    print_figure ("first complete frame (target < 1000 ms)", ms, n, "ms");
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("GRIDMAP_SHARED_DATA");
  const char *app = g_getenv ("GRIDMAP_APP");
  const char *cli = g_getenv ("GRIDMAP_CLI");
  g_autofree char *demo = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  tmp_dir = g_dir_make_tmp ("gridmap-bench-XXXXXX", &error);
  if (tmp_dir == NULL || shared == NULL)
    g_error ("need a temporary folder and GRIDMAP_SHARED_DATA");

  demo = g_build_filename (tmp_dir, "demo.gridmap", NULL);
  if (!gm_demo_build (demo, gm_demo_get_source_dir (), GM_DEMO_SEED, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);

  bench_import (shared, cli);
  bench_lookup (demo);
  if (app != NULL)
    bench_first_frame (app, demo);

  bench_remove_project (demo);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return 0;
}
