/* bench-hotspot.c — the hot-spot analysis's speed targets, measured:
 *
 *   1. kernel density of 100,000 hazards drawn for a 1920×1080 view
 *      (target < 100 ms): the heat layer as the renderer draws it, from a
 *      result already computed (that preparation is timed too);
 *   2. Getis–Ord Gi* on 10,000 cells (target < 200 ms): z, p and the
 *      Benjamini–Hochberg correction;
 *   3. switching a filter on the demo (target < 300 ms): the analysis
 *      computed again (density, hot spots and grid rates, as the app's
 *      panel does) and every 256-pixel tile of a 1280×800 window drawn again
 *      by two threads (the machine's two cores), as the map does.
 *
 *   meson test -C _build --benchmark --suite bench -v
 *
 * The 100,000 hazards are synthetic: clusters around 40 centres and a
 * uniform background over a 20 × 14 km district, from a fixed seed.
 * Figures are medians with min and max; nothing is asserted. */
#include "gm-config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <time.h>
#include <glib/gstdio.h>

#include "gm-bench-util.h"
#include "gm-demo.h"
#include "gm-gistar.h"
#include "gm-hotspot.h"
#include "gm-render.h"
#include "gm-store.h"

#define RUNS 7

static char *tmp_dir;

/* CPU time of the calling thread: what a drawing costs whatever else the
 * machine is doing. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
process_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* ---- 1. density ------------------------------------------------------------------ */

static char *
make_hazard_project (guint n)
{
  g_autofree char *path = g_build_filename (tmp_dir, "hazards.gridmap", NULL);
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  sqlite3_stmt *insert;
  double centres[40][2];

  g_assert (store != NULL);
  for (guint c = 0; c < 40; c++)
    {
      centres[c][0] = 113.8 + g_rand_double (rand) * 0.2;
      centres[c][1] = 22.5 + g_rand_double (rand) * 0.13;
    }
  gm_store_begin (store, NULL);
  insert = gm_store_prepare (store, "INSERT INTO hazard (category, kind, status, found_on, location)"
                             " VALUES ('fire', '消防通道堵塞', ?3, '2026-06-01', MakePoint(?1, ?2, 4326))", NULL);
  for (guint i = 0; i < n; i++)
    {
      double lon, lat;

      if (g_rand_double (rand) < 0.7)
        {
          guint c = g_rand_int_range (rand, 0, 40);

          /* Box–Muller, about 300 m across. */
          double r = sqrt (-2 * log (1 - g_rand_double (rand))) * 0.003, a = 2 * G_PI * g_rand_double (rand);

          lon = centres[c][0] + r * cos (a);
          lat = centres[c][1] + r * sin (a) * 0.9;
        }
      else
        {
          lon = 113.8 + g_rand_double (rand) * 0.2;
          lat = 22.5 + g_rand_double (rand) * 0.13;
        }
      sqlite3_bind_double (insert, 1, lon);
      sqlite3_bind_double (insert, 2, lat);
      sqlite3_bind_text (insert, 3, g_rand_double (rand) < 0.3 ? "notified" : "closed", -1, SQLITE_STATIC);
      sqlite3_step (insert);
      sqlite3_reset (insert);
    }
  sqlite3_finalize (insert);
  gm_store_commit (store, NULL);
  return g_steal_pointer (&path);
}

static void
bench_density (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GmRenderer) renderer = NULL;
  g_autoptr(GmHotspotParams) params = gm_hotspot_params_new ();
  g_autoptr(GmHotspotResult) result = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  double prepare[RUNS], draw[RUNS], cpu[RUNS];
  GmExtent extent = { 113.8, 22.5, 114.0, 22.63 };
  GmView view;

  g_print ("\n1. Kernel density of 100,000 hazards, 1920×1080 view\n");
  path = make_hazard_project (100000);
  store = gm_store_open (path, GM_STORE_OPEN_READONLY, NULL);
  renderer = gm_renderer_new (path, NULL);
  params->methods = GM_HOTSPOT_KDE;
  for (guint i = 0; i < RUNS; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      g_clear_pointer (&result, gm_hotspot_result_unref);
      result = gm_hotspot_compute (store, params, NULL, NULL);
      prepare[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  g_print ("  %u hazards, bandwidth %.0f m (Silverman), peak %.0f per km²\n",
           result->points->len, result->bandwidth_m, result->max_density);
  print_figure ("read, project, bandwidth and peak", prepare, RUNS, "ms");

  gm_view_init_center (&view, 113.9, 22.565, gm_view_zoom_for_extent (&extent, 1920, 1080, 0), 1920, 1080);
  gm_renderer_set_layers (renderer, GM_LAYER_HEAT);
  gm_renderer_set_hotspots (renderer, result);
  for (guint i = 0; i < RUNS; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 t0 = g_get_monotonic_time ();
      double c0 = cpu_ms ();

      gm_renderer_draw (renderer, cr, &view, NULL, NULL);
      cairo_surface_flush (surface);
      draw[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu[i] = cpu_ms () - c0;
      cairo_destroy (cr);
    }
  g_print ("  view at zoom %.2f, the whole district\n", view.zoom);
  print_figure ("heat layer drawn (target < 100 ms)", draw, RUNS, "ms");
  print_figure ("  the same, CPU time of this thread", cpu, RUNS, "ms");
  cairo_surface_destroy (surface);
}

/* ---- 2. Gi* ---------------------------------------------------------------------------- */

static void
bench_gistar (void)
{
  const guint side = 100, n = side * side;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n), *v = g_new (double, n);
  g_autofree double *z = g_new (double, n), *p = g_new (double, n), *q = g_new (double, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double ms[RUNS];

  g_print ("\n2. Getis–Ord Gi* on %u hexagonal cells, band of two rings\n", n);
  for (guint r = 0; r < side; r++)
    for (guint c = 0; c < side; c++)
      {
        guint i = r * side + c;

        /* Edge 100 m; counts higher towards one corner. */
        x[i] = 100 * sqrt (3) * (c + r / 2.0);
        y[i] = 150.0 * r;
        v[i] = g_rand_int_range (rand, 0, 3 + (r + c) / 20);
      }
  for (guint k = 0; k < RUNS; k++)
    {
      gint64 t0 = g_get_monotonic_time ();

      gm_gistar (x, y, v, n, 350, z, NULL, NULL);
      for (guint i = 0; i < n; i++)
        p[i] = gm_normal_p_two_sided (z[i]);
      gm_fdr_bh (p, n, q);
      ms[k] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  print_figure ("z, p and FDR (target < 200 ms)", ms, RUNS, "ms");
}

/* ---- 3. a filter switch on the demo ------------------------------------------------------ */

typedef struct
{
  GmRenderer *renderer;
  int         zoom;
} TileJob;

static void
draw_tile (gpointer data,
           gpointer user_data)
{
  TileJob *job = user_data;
  int xy = GPOINTER_TO_INT (data) - 1;
  cairo_surface_t *tile;

  tile = gm_renderer_render_tile (job->renderer, job->zoom, xy >> 16, xy & 0xffff, 256, NULL, NULL);
  cairo_surface_destroy (tile);
}

/* Every tile of a 1280×800 window at @view, drawn by two threads. */
static void
draw_window_tiles (GmRenderer   *renderer,
                   const GmView *view)
{
  TileJob job = { renderer, (int) view->zoom };
  GThreadPool *pool = g_thread_pool_new (draw_tile, &job, 2, TRUE, NULL);

  for (int tx = (int) floor (view->origin_x / 256); tx * 256 < view->origin_x + view->width; tx++)
    for (int ty = (int) floor (view->origin_y / 256); ty * 256 < view->origin_y + view->height; ty++)
      g_thread_pool_push (pool, GINT_TO_POINTER (((tx << 16) | ty) + 1), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static void
bench_filter_switch (void)
{
  static const char * const categories[] = { NULL, "fire", "security", "other", NULL, "fire", "security" };
  g_autofree char *path = g_build_filename (tmp_dir, "demo.gridmap", NULL);
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GmRenderer) renderer = NULL;
  double compute[RUNS], total[RUNS], cpu[RUNS];
  GmExtent extent;
  GmView view;

  g_print ("\n3. Switching the category filter on the demo (1280×800 window, two threads)\n");
  gm_demo_build (path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, NULL);
  store = gm_store_open (path, GM_STORE_OPEN_READONLY, NULL);
  renderer = gm_renderer_new (path, NULL);
  gm_store_get_extent (store, &extent, NULL);
  gm_view_init_center (&view, (extent.min_lon + extent.max_lon) / 2, (extent.min_lat + extent.max_lat) / 2,
                       floor (gm_view_zoom_for_extent (&extent, 1280, 800, 24)), 1280, 800);
  gm_renderer_set_layers (renderer, GM_LAYER_ANALYSIS);
  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GmHotspotParams) params = gm_hotspot_params_new ();
      g_autoptr(GmHotspotResult) result = NULL;
      gint64 t0 = g_get_monotonic_time (), t1;
      double c0 = process_cpu_ms ();

      params->filter = gm_hazard_filter_new ();
      params->filter->category = g_strdup (categories[i % G_N_ELEMENTS (categories)]);
      result = gm_hotspot_compute (store, params, NULL, NULL);
      t1 = g_get_monotonic_time ();
      gm_renderer_set_hotspots (renderer, result);
      draw_window_tiles (renderer, &view);
      compute[i] = (t1 - t0) / 1000.0;
      total[i] = (g_get_monotonic_time () - t0) / 1000.0;
      cpu[i] = process_cpu_ms () - c0;
    }
  g_print ("  zoom %.0f: the analysis layers over the whole demo\n", view.zoom);
  print_figure ("analysis computed again", compute, RUNS, "ms");
  print_figure ("and the window's tiles redrawn (target < 300 ms)", total, RUNS, "ms");
  print_figure ("  the same, CPU time of both threads", cpu, RUNS, "ms");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  tmp_dir = g_dir_make_tmp ("gridmap-bench-hotspot-XXXXXX", NULL);
  bench_density ();
  bench_gistar ();
  bench_filter_switch ();
  gm_bench_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return 0;
}
