/* bench-partition.c — the automatic division's speed targets.
 *
 *   10,000 buildings into 25 grids    target < 1 s
 *   100,000 buildings into 250 grids  target < 10 s
 *
 * Each city is `gridmap-cli synth --buildings N --no-hazards --residents 0`
 * (made once into $GRIDMAP_BENCH_CACHE), with one more community that is
 * the union of all of its communities, so that all N buildings are divided
 * at once. gm_partition_run() — reading the buildings and roads, cells and
 * links, METIS and the moves, polygons, codes and metrics, not saving —
 * runs several times in this process; the median, minimum and maximum wall
 * time and this process's CPU time are printed with the plan's metrics.
 * Nothing is asserted: the figures are for people to quote.
 *
 *   meson test -C _build --benchmark --suite bench -v partition
 *
 * GRIDMAP_BENCH_PARTITION=10000 (a comma-separated list) measures only
 * those sizes.
 */
#include "gm-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include "gm-partition.h"

#define WHOLE_CITY "990299999999"

typedef struct
{
  guint buildings;
  guint grids;
  guint runs;
} GmBenchCase;

static const GmBenchCase cases[] = {
  { 10000, 25, 5 },
  { 100000, 250, 3 },
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
process_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The synthetic city of @buildings with its whole-city community. */
static char *
make_city (guint buildings)
{
  const char *cache = g_getenv ("GRIDMAP_BENCH_CACHE");
  g_autofree char *name = g_strdup_printf ("partition-%u.gridmap", buildings);
  g_autofree char *n = g_strdup_printf ("%u", buildings);
  char *path = g_build_filename (cache != NULL ? cache : g_get_tmp_dir (), name, NULL);
  const char *argv[] = { g_getenv ("GRIDMAP_CLI"), "synth", path, "--buildings", n, "--no-hazards",
                         "--residents", "0", "--force", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = NULL;
  int status = 0;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return path;
  g_mkdir_with_parents (cache != NULL ? cache : g_get_tmp_dir (), 0755);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("gridmap-cli synth: %s", error->message);
  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL
      || !gm_store_exec (store, "INSERT INTO community (code, name, boundary)"
                         " SELECT '" WHOLE_CITY "', 'whole city', CastToMultiPolygon(ST_Union(boundary)) FROM community",
                         &error))
    g_error ("%s", error->message);
  return path;
}

static void
bench_case (const GmBenchCase *c)
{
  g_autofree char *path = make_city (c->buildings);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  g_autofree double *wall = g_new (double, c->runs);
  g_autofree double *cpu = g_new (double, c->runs);
  g_autoptr(GmPlan) plan = NULL;
  GmPartitionOptions options;

  if (store == NULL)
    g_error ("%s", error->message);
  gm_partition_options_init (&options);
  options.community_code = g_strdup (WHOLE_CITY);
  options.grids = c->grids;
  for (guint r = 0; r < c->runs; r++)
    {
      double cpu0 = process_cpu_seconds ();

      g_clear_pointer (&plan, gm_plan_free);
      plan = gm_partition_run (store, &options, NULL, NULL, NULL, &error);
      if (plan == NULL)
        g_error ("%s", error->message);
      wall[r] = plan->metrics.seconds;
      cpu[r] = process_cpu_seconds () - cpu0;
    }
  gm_partition_options_clear (&options);
  qsort (wall, c->runs, sizeof (double), compare_doubles);
  qsort (cpu, c->runs, sizeof (double), compare_doubles);
  g_print ("%u buildings into %u grids: median %.3f s (min %.3f, max %.3f; CPU median %.3f s; %u runs)\n",
           plan->metrics.buildings, c->grids, wall[c->runs / 2], wall[0], wall[c->runs - 1],
           cpu[c->runs / 2], c->runs);
  g_print ("    max/mean %.3f, cv %.3f, contiguous %s, boundary on roads %.2f, Polsby–Popper %.2f\n",
           plan->metrics.max_over_mean, plan->metrics.cv, plan->metrics.contiguous ? "yes" : "no",
           plan->metrics.boundary_on_roads, plan->metrics.polsby_popper_mean);
}

int
main (int   argc,
      char *argv[])
{
  const char *only = g_getenv ("GRIDMAP_BENCH_PARTITION");
  g_auto(GStrv) sizes = only != NULL ? g_strsplit (only, ",", -1) : NULL;

  setlocale (LC_ALL, "");
  if (g_getenv ("GRIDMAP_CLI") == NULL)
    g_error ("GRIDMAP_CLI is not set; run this through meson test --benchmark");
  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *n = g_strdup_printf ("%u", cases[k].buildings);

      if (sizes == NULL || g_strv_contains ((const char * const *) sizes, n))
        bench_case (&cases[k]);
    }
  return 0;
}
