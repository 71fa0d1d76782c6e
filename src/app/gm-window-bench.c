/* gm-window-bench.c — the smoothness probe of the scale benchmark.
 *
 * With GRIDMAP_BENCH_FIRST_FRAME=pan, after the first complete frame the
 * window zooms to a street's zoom and pans across the project at a steady
 * 1,000 px/s for a few seconds, so tiles are drawn the whole time, and
 * prints what a person would feel (tests/bench/bench-scale.c reads it):
 *
 *   pan-frame-p95-ms: the main thread's work per frame (from the frame
 *     clock's update phase to the end of its paint), 95th percentile;
 *   pan-interval-p95-ms: the time between frames (at 60 frames a second
 *     16.7 ms when nothing blocks), 95th percentile, and how many were
 *     longer than two frames;
 *   tile-wait-p95-ms: how long a tile waited to be drawn once asked for;
 *   sidebar-ms: before the pan, clicks on buildings across the project,
 *     from the click to the sidebar filled (lookup, records and widgets).
 *
 * Then the application quits. Nothing here runs without that variable.
 */
#include "gm-config.h"

#include <math.h>

#include "gm-autocleanups.h"
#include "gm-window-private.h"

#define PAN_ZOOM 15
#define PAN_SPEED 1000.0      /* px/s */
#define PAN_SECONDS 5.0

typedef struct
{
  GmWindow *window;
  gint64    start;            /* of the pan */
  gint64    tick;             /* of the frame in progress, 0 between frames */
  gint64    last_tick;
  double    lat, lon;         /* where the pan started */
  double    tick_cpu;         /* the main thread's CPU time then, ms */
  GArray   *work;             /* ms per frame */
  GArray   *work_cpu;         /* the main thread's CPU ms per frame */
  GArray   *intervals;        /* ms between frames */
} GmPanProbe;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
p95 (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (0.95 * values->len)));
}

static void
gm_pan_probe_finish (GmPanProbe *probe)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (probe->window)));
  g_autoptr(GArray) waits = gm_map_source_dup_tile_waits (probe->window->source);
  guint long_frames = 0;

  for (guint i = 0; i < probe->intervals->len; i++)
    long_frames += g_array_index (probe->intervals, double, i) > 33.4;
  g_print ("pan-frame-p95-ms: %.1f (%u frames; main thread CPU p95 %.1f ms)\n", p95 (probe->work),
           probe->work->len, p95 (probe->work_cpu));
  g_print ("pan-interval-p95-ms: %.1f (%u longer than 33 ms)\n", p95 (probe->intervals), long_frames);
  g_print ("tile-wait-p95-ms: %.1f (%u tiles)\n", p95 (waits), waits->len);
  g_array_unref (probe->work);
  g_array_unref (probe->work_cpu);
  g_array_unref (probe->intervals);
  g_free (probe);
  g_application_quit (app);
}

static void
on_after_paint (GdkFrameClock *clock,
                GmPanProbe    *probe)
{
  double ms;

  if (probe->tick == 0)
    return;
  ms = (g_get_monotonic_time () - probe->tick) / 1000.0;
  g_array_append_val (probe->work, ms);
  ms = gm_thread_cpu_ms () - probe->tick_cpu;
  g_array_append_val (probe->work_cpu, ms);
  probe->tick = 0;
}

static gboolean
on_pan_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  GmPanProbe *probe = data;
  ShumateViewport *viewport = shumate_simple_map_get_viewport (probe->window->map);
  gint64 now = g_get_monotonic_time ();
  double seconds = (now - probe->start) / 1e6;
  double px = 256.0 * exp2 (PAN_ZOOM);

  if (probe->last_tick != 0)
    {
      double ms = (now - probe->last_tick) / 1000.0;

      g_array_append_val (probe->intervals, ms);
    }
  probe->last_tick = now;
  probe->tick = now;
  probe->tick_cpu = gm_thread_cpu_ms ();
  if (seconds > PAN_SECONDS)
    {
      g_signal_handlers_disconnect_by_func (clock, on_after_paint, probe);
      gm_pan_probe_finish (probe);
      return G_SOURCE_REMOVE;
    }
  shumate_location_set_location (SHUMATE_LOCATION (viewport), probe->lat,
                                 probe->lon + seconds * PAN_SPEED * 360.0 / px);
  return G_SOURCE_CONTINUE;
}

/* A click on the building with the most households: the longest sidebar. */
static void
gm_window_bench_largest (GmWindow *self)
{
  g_autoptr(sqlite3_stmt) at = gm_store_prepare (self->store, "SELECT X(anchor), Y(anchor) FROM building"
                                                 " ORDER BY households DESC LIMIT 1", NULL);
  gint64 start;

  if (at == NULL || sqlite3_step (at) != SQLITE_ROW)
    return;
  start = g_get_monotonic_time ();
  gm_window_select_at (self, sqlite3_column_double (at, 0), sqlite3_column_double (at, 1));
  g_print ("sidebar-largest-ms: %.2f (%u residents)\n", (g_get_monotonic_time () - start) / 1000.0,
           gm_sidebar_get_n_residents (self->sidebar));
  gm_window_clear_selection (self);
}

/* Clicks on buildings spread over the project, timing each from the click
 * to the sidebar filled. */
static void
gm_window_bench_clicks (GmWindow *self)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(sqlite3_stmt) at = gm_store_prepare (self->store, "SELECT X(anchor), Y(anchor) FROM building"
                                                 " WHERE id >= ?1 * (SELECT max(id) FROM building) / 40"
                                                 " ORDER BY id LIMIT 1", NULL);

  for (int i = 0; at != NULL && i < 40; i++)
    {
      gint64 start;
      double t, cpu0;

      sqlite3_reset (at);
      sqlite3_bind_int (at, 1, i);
      if (sqlite3_step (at) != SQLITE_ROW)
        continue;
      start = g_get_monotonic_time ();
      cpu0 = gm_thread_cpu_ms ();
      gm_window_select_at (self, sqlite3_column_double (at, 0), sqlite3_column_double (at, 1));
      t = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ms, t);
      t = gm_thread_cpu_ms () - cpu0;
      g_array_append_val (cpu, t);
    }
  gm_window_clear_selection (self);
  g_array_sort (ms, compare_doubles);
  g_array_sort (cpu, compare_doubles);
  if (ms->len > 0)
    g_print ("sidebar-ms: %.2f (median of %u clicks; max %.2f; main thread CPU median %.2f)\n",
             g_array_index (ms, double, ms->len / 2), ms->len, g_array_index (ms, double, ms->len - 1),
             g_array_index (cpu, double, cpu->len / 2));
  gm_window_bench_largest (self);
}

void
gm_window_bench_pan (GmWindow *self)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  GtkWidget *map = GTK_WIDGET (shumate_simple_map_get_map (self->map));
  GmPanProbe *probe = g_new0 (GmPanProbe, 1);

  gm_window_bench_clicks (self);
  probe->window = self;
  probe->work = g_array_new (FALSE, FALSE, sizeof (double));
  probe->work_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  probe->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  probe->lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  probe->lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  probe->start = g_get_monotonic_time ();
  shumate_viewport_set_zoom_level (viewport, PAN_ZOOM);
  g_signal_connect (gtk_widget_get_frame_clock (map), "after-paint", G_CALLBACK (on_after_paint), probe);
  gtk_widget_add_tick_callback (map, on_pan_tick, probe, NULL);
}
