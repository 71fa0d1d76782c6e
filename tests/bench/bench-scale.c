/* bench-scale.c — a whole district, measured: the city-scale targets.
 *
 * Builds a synthetic city of $GRIDMAP_BENCH_BUILDINGS buildings (default
 * 1,000,000; `gridmap-cli synth --residents 0.1`, see below) once into
 * $GRIDMAP_BENCH_CACHE, then measures, several times each, and prints
 * median/min/max:
 *
 *   1. import of its buildings shapefile by `gridmap-cli import --create`
 *      (features/s, target ≥ 100,000; peak RSS, target < 300 MB), and the
 *      overview the app then draws for such a project;
 *   2. the project file against the shapefile set (target < 1.5×);
 *   3. map tiles of 256×256 drawn by core's renderer, every layer read from
 *      the project, at zooms 10–18 where the city is (median < 15 ms, p99 <
 *      60 ms), at other places in each run; and from the tile cache;
 *   4. click lookup (median < 1 ms) and the sidebar's data (< 30 ms);
 *   5. with $GRIDMAP_APP and a display: the app opened on the project, the
 *      first complete 1280×800 frame at district zoom (< 1.5 s), then a pan
 *      across the city at a street's zoom while tiles are drawn: frame times
 *      (p95 < 16 ms), how long tiles wait, clicks filling the sidebar
 *      (< 30 ms) and peak RSS (< 500 MB); see src/app/gm-window-bench.c.
 *
 *   meson test -C _build --benchmark --suite bench -v scale
 *
 * GRIDMAP_BENCH_ONLY=tiles,click (any of import, tiles, click, app) runs
 * only those parts; GRIDMAP_BENCH_ZOOM=N draws tiles of that zoom only.
 *
 * The machine may be shared: wall times are printed beside CPU times (of
 * the thread, or of the child process), and the load average before and
 * after, so a reader can tell a slow figure from a busy machine.
 *
 * One household in ten has resident records (3.4 million people for a
 * million buildings): every household would be 34 million rows, which takes
 * longer to generate than the rest of the benchmark while adding nothing a
 * lookup or the sidebar measures (they read one building's residents by
 * index). Nothing is asserted: figures are printed for people to quote. */
#include "gm-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "gm-autocleanups.h"
#include "gm-overview.h"
#include "gm-render.h"
#include "gm-store-private.h"
#include "gm-tile-cache.h"

#define RUNS 3
#define PER_ZOOM 40

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (double *values,
            guint   n,
            double  p)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[MIN (n - 1, (guint) floor (p * n))];
}

static void
print_figure (const char *what,
              double     *values,
              guint       n,
              const char *unit)
{
  double m = percentile (values, n, 0.5);

  g_print ("%-52s median %9.3f %s  (min %.3f, max %.3f, %u runs)\n",
           what, m, unit, values[0], values[n - 1], n);
}

static void
print_load (const char *when)
{
  g_autofree char *load = NULL;

  if (g_file_get_contents ("/proc/loadavg", &load, NULL, NULL))
    g_print ("Load average %s: %s", when, load);
}

static void
remove_project (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

typedef struct
{
  double seconds;   /* wall */
  double cpu;       /* user + system, seconds */
  double rss_mb;    /* peak */
} Measured;

/* Runs @argv to completion and measures it; its stdout in @out. */
static Measured
run_measured (const char * const *argv,
              char              **envp,
              char              **out)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  Measured m;
  GPid pid;
  int status, out_fd = -1;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &pid, NULL, out != NULL ? &out_fd : NULL, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (out != NULL)
    {
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (out_fd);

      g_io_channel_set_close_on_unref (channel, TRUE);
      g_io_channel_read_to_end (channel, out, NULL, NULL);
    }
  if (wait4 (pid, &status, 0, &usage) < 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed", argv[0]);
  m.seconds = (g_get_monotonic_time () - start) / 1e6;
  m.cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec
          + usage.ru_stime.tv_usec / 1e6;
  m.rss_mb = usage.ru_maxrss / 1024.0;
  return m;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* ---- 0. the city ------------------------------------------------------------ */

static void
build_city (const char *cli,
            const char *dir,
            guint       buildings,
            char      **project,
            char      **sources)
{
  g_autofree char *name = g_strdup_printf ("city-%u.gridmap", buildings);
  g_autofree char *src = g_strdup_printf ("city-%u-src", buildings);
  g_autofree char *n = g_strdup_printf ("%u", buildings);
  const char *argv[] = { cli, "synth", NULL, "--buildings", n, "--residents", "0.1",
                         "--export", NULL, "--force", NULL };
  Measured m;

  *project = g_build_filename (dir, name, NULL);
  *sources = g_build_filename (dir, src, NULL);
  if (g_file_test (*project, G_FILE_TEST_IS_REGULAR))
    {
      g_print ("0. Synthetic city: %s (cached)\n", *project);
      return;
    }
  argv[2] = *project;
  argv[8] = *sources;
  g_mkdir_with_parents (dir, 0755);
  m = run_measured (argv, NULL, NULL);
  g_print ("0. Synthetic city of %u buildings made in %.1f s (CPU %.1f s, peak RSS %.0f MB): %s\n",
           buildings, m.seconds, m.cpu, m.rss_mb, *project);
}

/* Draws @project's overview (gm-overview.h) unless it is current, and says
 * how long that took and how much it weighs. */
static void
update_overview (const char *project,
                 const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project, GM_STORE_OPEN_DEFAULT, &error);
  gboolean current = FALSE;
  double cpu = gm_thread_cpu_ms ();
  gint64 start = g_get_monotonic_time ();

  if (store == NULL || !gm_overview_get_current (store, &current, &error))
    g_error ("%s", error->message);
  if (current)
    return;
  if (!gm_overview_update (store, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  g_print ("  %s: overview drawn in %.1f s (CPU %.1f s), %.1f MB\n", what,
           (g_get_monotonic_time () - start) / 1e6, (gm_thread_cpu_ms () - cpu) / 1e3,
           gm_store_query_int (store, "SELECT sum(length(image)) FROM overview", NULL) / 1e6);
}

/* ---- 1. and 2. import and file size ----------------------------------------------- */

static gint64
shapefile_set_size (const char *sources)
{
  static const char * const parts[] = { ".shp", ".shx", ".dbf", ".prj", ".cpg" };
  g_autofree char *base = g_build_filename (sources, "buildings", NULL);
  gint64 bytes = 0;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *part = g_strconcat (base, parts[i], NULL);

      bytes += file_size (part);
    }
  return bytes;
}

static void
bench_import (const char *cli,
              const char *sources,
              const char *dir,
              guint       buildings)
{
  g_autofree char *shp = g_build_filename (sources, "buildings.shp", NULL);
  g_autofree char *project = g_build_filename (dir, "import.gridmap", NULL);
  double rate[RUNS], rss[RUNS], ratio[RUNS];
  gint64 source_bytes = shapefile_set_size (sources);

  g_print ("\n1. Import of %s (%u polygons, %.0f MB)\n", shp, buildings, source_bytes / 1e6);
  for (guint i = 0; i < RUNS; i++)
    {
      const char *argv[] = { cli, "import", project, shp, "--as", "buildings", "--create", NULL };
      g_autofree char *out = NULL;
      Measured m;

      remove_project (project);
      m = run_measured (argv, NULL, &out);
      rate[i] = buildings / m.seconds;
      rss[i] = m.rss_mb;
      ratio[i] = (double) file_size (project) / source_bytes;
      g_print ("  run %u: %.2f s (CPU %.2f s), %.0f features/s, peak RSS %.0f MB, project %.0f MB\n",
               i + 1, m.seconds, m.cpu, rate[i], rss[i], file_size (project) / 1e6);
    }
  print_figure ("import rate (target >= 100,000 features/s)", rate, RUNS, "f/s");
  print_figure ("import peak RSS (target < 300 MB)", rss, RUNS, "MB");
  g_print ("\n2. Project file size\n");
  print_figure ("project / shapefile set (target < 1.5x)", ratio, RUNS, "x");
  update_overview (project, "the imported project");
  g_print ("  with its overview: %.3f x\n", (double) file_size (project) / source_bytes);
  remove_project (project);
}

/* ---- 3. tiles ------------------------------------------------------------------------- */

typedef struct
{
  double lon, lat;
} Place;

/* Places where the city is: anchors of buildings drawn at random. */
static GArray *
sample_places (const char *project,
               guint       n,
               guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(sqlite3_stmt) at = NULL;
  GArray *places = g_array_new (FALSE, FALSE, sizeof (Place));
  gint64 top;

  if (store == NULL)
    g_error ("%s", error->message);
  top = gm_store_query_int (store, "SELECT max(id) FROM building", NULL);
  at = gm_store_prepare (store, "SELECT X(anchor), Y(anchor) FROM building WHERE id >= ? ORDER BY id LIMIT 1",
                         NULL);
  while (places->len < n)
    {
      Place p;

      sqlite3_reset (at);
      sqlite3_bind_int64 (at, 1, 1 + (gint64) (g_rand_double (rand) * top));
      if (sqlite3_step (at) != SQLITE_ROW)
        continue;
      p.lon = sqlite3_column_double (at, 0);
      p.lat = sqlite3_column_double (at, 1);
      g_array_append_val (places, p);
    }
  return places;
}

static void
tile_at (const Place *p,
         int          zoom,
         int         *x,
         int         *y)
{
  *x = (int) floor (gm_mercator_x (zoom, p->lon) / 256.0);
  *y = (int) floor (gm_mercator_y (zoom, p->lat) / 256.0);
}

typedef struct
{
  double median[RUNS], p99[RUNS], cpu[RUNS];
} ZoomFigures;

/* One run: a new renderer (its connections cold), PER_ZOOM tiles a zoom
 * at this run's places; every tile goes into @cache. */
static void
bench_tiles_run (const char  *project,
                 guint        run,
                 ZoomFigures *zooms,
                 GArray      *all,
                 GmTileCache *cache)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmRenderer) renderer = gm_renderer_new (project, &error);
  g_autoptr(GArray) places = sample_places (project, PER_ZOOM * 9, 7 + run);
  const char *only = g_getenv ("GRIDMAP_BENCH_ZOOM");

  if (renderer == NULL)
    g_error ("%s", error->message);
  for (int zoom = 10; zoom <= 18; zoom++)
    {
      double ms[PER_ZOOM], cpu[PER_ZOOM];

      if (only != NULL && atoi (only) != zoom)
        continue;
      for (guint i = 0; i < PER_ZOOM; i++)
        {
          cairo_surface_t *tile;
          gint64 start;
          int x, y;

          tile_at (&g_array_index (places, Place, (zoom - 10) * PER_ZOOM + i), zoom, &x, &y);
          start = g_get_monotonic_time ();
          cpu[i] = gm_thread_cpu_ms ();
          tile = gm_renderer_render_tile (renderer, zoom, x, y, 256, NULL, &error);
          cpu[i] = gm_thread_cpu_ms () - cpu[i];
          ms[i] = (g_get_monotonic_time () - start) / 1000.0;
          if (tile == NULL)
            g_error ("%s", error->message);
          g_array_append_val (all, ms[i]);
          gm_tile_cache_insert (cache, zoom, x, y, 256, tile);
          cairo_surface_destroy (tile);
        }
      zooms[zoom - 10].median[run] = percentile (ms, PER_ZOOM, 0.5);
      zooms[zoom - 10].p99[run] = percentile (ms, PER_ZOOM, 0.99);
      zooms[zoom - 10].cpu[run] = percentile (cpu, PER_ZOOM, 0.5);
    }
}

static void
print_zoom (int          zoom,
            ZoomFigures *z)
{
  double median = percentile (z->median, RUNS, 0.5);
  double p99 = percentile (z->p99, RUNS, 0.5);
  double cpu = percentile (z->cpu, RUNS, 0.5);

  g_print ("  zoom %2d: median %6.2f ms (runs %.2f–%.2f), p99 %6.2f ms (runs %.2f–%.2f);"
           " CPU median %6.2f ms (runs %.2f–%.2f)\n", zoom, median, z->median[0], z->median[RUNS - 1],
           p99, z->p99[0], z->p99[RUNS - 1], cpu, z->cpu[0], z->cpu[RUNS - 1]);
}

/* The cache hands back every tile drawn in the last run. */
static void
bench_cache (GmTileCache *cache,
             const char  *project)
{
  g_autoptr(GArray) places = sample_places (project, PER_ZOOM * 9, 7 + RUNS - 1);
  double ms[PER_ZOOM];
  int zoom = g_getenv ("GRIDMAP_BENCH_ZOOM") != NULL ? atoi (g_getenv ("GRIDMAP_BENCH_ZOOM")) : 10;

  for (guint i = 0; i < PER_ZOOM; i++)
    {
      cairo_surface_t *tile;
      gint64 start;
      int x, y;

      tile_at (&g_array_index (places, Place, (zoom - 10) * PER_ZOOM + i), zoom, &x, &y);
      start = g_get_monotonic_time ();
      tile = gm_tile_cache_lookup (cache, zoom, x, y, 256);
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert (tile != NULL);
      cairo_surface_destroy (tile);
    }
  print_figure ("tile from the cache", ms, PER_ZOOM, "ms");
}

static void
bench_tiles (const char *project)
{
  ZoomFigures zooms[9] = { { { 0 } } };
  g_autoptr(GmTileCache) cache = gm_tile_cache_new (256 * 1024 * 1024);
  double median[RUNS], p99[RUNS];

  g_print ("\n3. Map tiles, 256x256, all layers, %d per zoom where the city is, %d runs at other places\n",
           PER_ZOOM, RUNS);
  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (double));

      bench_tiles_run (project, run, zooms, all, cache);
      median[run] = percentile ((double *) all->data, all->len, 0.5);
      p99[run] = percentile ((double *) all->data, all->len, 0.99);
    }
  for (int zoom = 10; zoom <= 18; zoom++)
    if (g_getenv ("GRIDMAP_BENCH_ZOOM") == NULL || atoi (g_getenv ("GRIDMAP_BENCH_ZOOM")) == zoom)
      print_zoom (zoom, &zooms[zoom - 10]);
  print_figure ("all zooms: median tile (target < 15 ms)", median, RUNS, "ms");
  print_figure ("all zooms: p99 tile (target < 60 ms)", p99, RUNS, "ms");
  bench_cache (cache, project);
}

/* ---- 4. click and sidebar ---------------------------------------------------------------- */

static void
bench_click (const char *project)
{
  enum { N = 2000 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GArray) places = sample_places (project, N, 11);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree double *lookup = g_new (double, N);
  g_autofree double *sidebar = g_new (double, N);
  guint hits = 0, with_people = 0;

  if (store == NULL)
    g_error ("%s", error->message);
  g_print ("\n4. A click: %d points near buildings\n", N);
  for (guint i = 0; i < N; i++)
    {
      const Place *p = &g_array_index (places, Place, i);
      /* Up to ~20 m off the building's anchor: hits and near misses. */
      double lon = p->lon + g_rand_double_range (rand, -2e-4, 2e-4);
      double lat = p->lat + g_rand_double_range (rand, -2e-4, 2e-4);
      gint64 start = g_get_monotonic_time ();
      gint64 id = gm_store_find_building_at (store, lon, lat, 3.0, NULL);

      lookup[i] = (g_get_monotonic_time () - start) / 1000.0;
      if (id <= 0)
        continue;
      /* What the sidebar shows for it. */
      start = g_get_monotonic_time ();
      {
        g_autoptr(GmBuilding) building = gm_store_dup_building (store, id, NULL);
        g_autoptr(GPtrArray) residents = gm_store_dup_residents (store, id, NULL);
        g_autoptr(GPtrArray) hazards = gm_store_dup_hazards (store, id, NULL, NULL);

        with_people += residents != NULL && residents->len > 0;
      }
      sidebar[hits++] = (g_get_monotonic_time () - start) / 1000.0;
    }
  g_print ("  %u of %d points hit a building; %u of those have residents\n", hits, N, with_people);
  print_figure ("click lookup (target median < 1 ms)", lookup, N, "ms");
  g_print ("  p99 %.3f ms\n", percentile (lookup, N, 0.99));
  if (hits > 0)
    {
      print_figure ("sidebar data: building, residents, hazards", sidebar, hits, "ms");
      g_print ("  p99 %.3f ms (target < 30 ms; the app's own figure is in 5.)\n",
               percentile (sidebar, hits, 0.99));
    }
}

/* ---- 5. the app ----------------------------------------------------------------------------- */

static double
parse_after (const char *out,
             const char *key)
{
  const char *at = strstr (out, key);

  return at != NULL ? g_ascii_strtod (at + strlen (key), NULL) : NAN;
}

enum { FIRST, FIRST_CPU, FRAME, FRAME_CPU, INTERVAL, TILE_WAIT, SIDEBAR, SIDEBAR_CPU, RSS, N_APP };

static void
bench_app (const char *app,
           const char *project)
{
  static const char * const keys[N_APP] = {
    "first-frame-ms: ", " tiles; CPU ", "pan-frame-p95-ms: ", "main thread CPU p95 ", "pan-interval-p95-ms: ",
    "tile-wait-p95-ms: ", "sidebar-ms: ", "main thread CPU median ", NULL,
  };
  static const char * const what[N_APP] = {
    "first complete frame (target < 1500 ms)", "first frame, the process's CPU time",
    "pan frame time p95 (target < 16 ms)", "pan frame, main thread CPU p95", "pan, time between frames p95",
    "pan, tile waited p95", "click to sidebar filled, median (target < 30 ms)",
    "click to sidebar, main thread CPU median", "peak RSS browsing (target < 500 MB)",
  };
  double figures[N_APP][RUNS];
  guint n = 0;

  g_print ("\n5. The app on the project, 1280x800, district zoom, then a pan at zoom 15\n");
  for (guint i = 0; i < RUNS; i++)
    {
      const char *argv[] = { app, project, NULL };
      g_auto(GStrv) env = g_get_environ ();
      g_autofree char *out = NULL;
      Measured m;

      env = g_environ_setenv (env, "GRIDMAP_BENCH_FIRST_FRAME", "pan", TRUE);
      env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
      m = run_measured (argv, env, &out);
      for (guint k = 0; k < N_APP; k++)
        figures[k][n] = keys[k] != NULL ? parse_after (out, keys[k]) : m.rss_mb;
      if (isnan (figures[FIRST][n]))
        {
          g_print ("  run %u: no first-frame line (is there a display?)\n", i + 1);
          continue;
        }
      g_print ("  run %u (%.1f s, CPU %.1f s):\n%s", i + 1, m.seconds, m.cpu, out);
      n++;
    }
  for (guint k = 0; n > 0 && k < N_APP; k++)
    print_figure (what[k], figures[k], n, k == RSS ? "MB" : "ms");
}

int
main (int   argc,
      char *argv[])
{
  const char *cli = g_getenv ("GRIDMAP_CLI");
  const char *app = g_getenv ("GRIDMAP_APP");
  const char *cache = g_getenv ("GRIDMAP_BENCH_CACHE");
  const char *count = g_getenv ("GRIDMAP_BENCH_BUILDINGS");
  guint buildings = count != NULL ? (guint) g_ascii_strtoull (count, NULL, 10) : 1000000;
  g_autofree char *project = NULL;
  g_autofree char *sources = NULL;

  setlocale (LC_ALL, "");
  if (cli == NULL || cache == NULL || buildings == 0)
    g_error ("need GRIDMAP_CLI and GRIDMAP_BENCH_CACHE");

  print_load ("before");
  build_city (cli, cache, buildings, &project, &sources);
  update_overview (project, "the city");
  /* GRIDMAP_BENCH_ONLY=tiles,click,app runs only those parts. */
#define WANTED(part) (g_getenv ("GRIDMAP_BENCH_ONLY") == NULL || strstr (g_getenv ("GRIDMAP_BENCH_ONLY"), part))
  if (WANTED ("import"))
    bench_import (cli, sources, cache, buildings);
  if (WANTED ("tiles"))
    bench_tiles (project);
  if (WANTED ("click"))
    bench_click (project);
  if (app != NULL && WANTED ("app"))
    bench_app (app, project);
  print_load ("after");
  return 0;
}
