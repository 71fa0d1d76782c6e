/* bench-import.c — the import's speed and memory targets, measured:
 *
 *   1. polygons with reprojection and validation: the synthetic city's
 *      buildings in CGCS2000 / 3-degree Gauss-Kruger CM 114E (EPSG:4547,
 *      made with `ogr2ogr -t_srs EPSG:4547`), imported in process, against
 *      `ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:4326` of the same
 *      file in the same run (targets: ≥ 100,000 features/s and ≥ 2× the
 *      rate of ogr2ogr);
 *   2. the same and the city's own buildings (EPSG:4326) as whole
 *      `gridmap-cli import --create` processes: features/s (target
 *      ≥ 100,000) and peak RSS (target < 300 MB).
 *
 *   meson test -C _build --benchmark --suite bench -v import
 *
 * $GRIDMAP_BENCH_BUILDINGS buildings (default 1,000,000), written once by
 * gm_synth_write_sources() into $GRIDMAP_BENCH_CACHE. Figures are medians
 * of three runs, printed; nothing is asserted. */
#include "gm-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "gm-import.h"
#include "gm-store.h"
#include "gm-synth.h"

#include "bench-util.h"

#define RUNS 3

/* Runs @argv to completion: wall time in seconds, peak RSS in MB. */
static void
run_measured (const char * const *argv,
              double             *seconds,
              double             *rss_mb)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  int status;
  GPid pid;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed", argv[0]);
  *seconds = (g_get_monotonic_time () - start) / 1e6;
  *rss_mb = usage.ru_maxrss / 1024.0;
}

/* The city's buildings, in EPSG:4326 and in EPSG:4547, made once. */
static void
make_sources (const char *cache,
              guint       buildings,
              char      **lonlat,
              char      **projected)
{
  g_autofree char *dir = g_strdup_printf ("%s/import-%u", cache, buildings);
  g_autoptr(GError) error = NULL;
  GmSynthOptions options;
  double seconds, rss;

  *lonlat = g_build_filename (dir, "buildings.shp", NULL);
  *projected = g_build_filename (dir, "buildings-4547.shp", NULL);
  if (g_file_test (*projected, G_FILE_TEST_IS_REGULAR))
    return;
  gm_synth_options_init (&options);
  options.buildings = buildings;
  if (!gm_synth_write_sources (&options, dir, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  {
    const char *argv[] = { "ogr2ogr", "-t_srs", "EPSG:4547", "-lco", "ENCODING=UTF-8", *projected, *lonlat, NULL };

    run_measured (argv, &seconds, &rss);
  }
  g_print ("0. %u synthetic buildings written to %s\n", buildings, dir);
}

static double
time_in_process (const char *source,
                 const char *project,
                 gint64     *imported)
{
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GmStore) store = NULL;
  double seconds = bench_time_import (source, project, &store, &report);

  *imported = report->imported;
  g_clear_object (&store);
  bench_remove_project (project);
  return seconds;
}

static void
bench_reprojection (const char *source,
                    const char *dir,
                    guint       buildings)
{
  g_autofree char *ours = g_build_filename (dir, "bench-import.gridmap", NULL);
  g_autofree char *theirs = g_build_filename (dir, "bench-ogr2ogr.sqlite", NULL);
  double rate[RUNS], ogr_rate[RUNS], ratio[RUNS];

  g_print ("\n1. Polygons with reprojection (EPSG:4547 → 4326) and validation: %s\n", source);
  for (guint i = 0; i < RUNS; i++)
    {
      const char *argv[] = { "ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", "-t_srs", "EPSG:4326",
                             theirs, source, NULL };
      double seconds, rss;
      gint64 imported = 0;

      bench_remove_project (theirs);
      run_measured (argv, &seconds, &rss);
      ogr_rate[i] = buildings / seconds;
      bench_remove_project (theirs);
      seconds = time_in_process (source, ours, &imported);
      rate[i] = buildings / seconds;
      ratio[i] = rate[i] / ogr_rate[i];
      g_print ("  run %u: ours %.0f features/s (%lld imported), ogr2ogr %.0f features/s\n",
               i + 1, rate[i], (long long) imported, ogr_rate[i]);
    }
  print_figure ("gridmap import, in process (target >= 100,000)", rate, RUNS, "f/s");
  print_figure ("ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs", ogr_rate, RUNS, "f/s");
  print_figure ("rate ratio ours / ogr2ogr (target >= 2)", ratio, RUNS, "x");
}

static void
bench_process (const char *cli,
               const char *source,
               const char *dir,
               guint       buildings)
{
  g_autofree char *project = g_build_filename (dir, "bench-cli.gridmap", NULL);
  g_autofree char *base = g_path_get_basename (source);
  g_autofree char *what = g_strdup_printf ("gridmap-cli import --create %s", base);
  double rate[RUNS], rss[RUNS];

  g_print ("\n2. %s (%u polygons), whole process\n", what, buildings);
  for (guint i = 0; i < RUNS; i++)
    {
      const char *argv[] = { cli, "import", project, source, "--as", "buildings", "--create", NULL };
      double seconds;

      bench_remove_project (project);
      run_measured (argv, &seconds, &rss[i]);
      rate[i] = buildings / seconds;
      g_print ("  run %u: %.2f s, %.0f features/s, peak RSS %.0f MB\n", i + 1, seconds, rate[i], rss[i]);
    }
  bench_remove_project (project);
  print_figure ("  rate (target >= 100,000 features/s)", rate, RUNS, "f/s");
  print_figure ("  peak RSS (target < 300 MB)", rss, RUNS, "MB");
}

int
main (int   argc,
      char *argv[])
{
  const char *cli = g_getenv ("GRIDMAP_CLI");
  const char *cache = g_getenv ("GRIDMAP_BENCH_CACHE");
  const char *count = g_getenv ("GRIDMAP_BENCH_BUILDINGS");
  guint buildings = count != NULL ? (guint) atoi (count) : 1000000;
  g_autofree char *lonlat = NULL;
  g_autofree char *projected = NULL;
  g_autofree char *tmp = NULL;

  setlocale (LC_ALL, "");
  if (cli == NULL || cache == NULL)
    g_error ("need GRIDMAP_CLI and GRIDMAP_BENCH_CACHE");
  tmp = g_dir_make_tmp ("gridmap-bench-import-XXXXXX", NULL);
  make_sources (cache, buildings, &lonlat, &projected);
  bench_reprojection (projected, tmp, buildings);
  bench_process (cli, projected, tmp, buildings);
  bench_process (cli, lonlat, tmp, buildings);
  g_rmdir (tmp);
  return 0;
}
