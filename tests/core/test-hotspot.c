/* test-hotspot.c — the hot-spot analysis on the demo project: filters,
 * per-grid rates checked by hand, the refusal below 30 hazards, Gi* cells,
 * the heat layer as drawn, exports, cancellation and bad parameters. */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-autocleanups.h"
#include "gm-hotspot-export.h"
#include "gm-hotspot-style.h"
#include "gm-kde.h"
#include "gm-test-util.h"

static char *demo_dir;
static char *demo_path;

/* The demo's own as-of date: its workflow history ends there. */
#define AS_OF "2026-11-30"

static GmHotspotResult *
compute (GmHotspotMethods  methods,
         GmHazardFilter   *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GmHotspotParams) params = gm_hotspot_params_new ();
  GmHotspotResult *result;

  g_assert_no_error (error);
  params->methods = methods;
  params->filter = filter != NULL ? gm_hazard_filter_copy (filter) : gm_hazard_filter_new ();
  g_free (params->filter->as_of);
  params->filter->as_of = g_strdup (AS_OF);
  result = gm_hotspot_compute (store, params, NULL, &error);
  g_assert_no_error (error);
  return result;
}

static void
test_filters (void)
{
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, NULL);
  g_autoptr(GmHazardFilter) f = gm_hazard_filter_new ();
  g_autoptr(GmHotspotResult) all = compute (GM_HOTSPOT_KDE, NULL);
  g_autoptr(GmHotspotResult) fire = NULL, open = NULL, overdue = NULL, dated = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (all->points->len, ==, gm_test_count (store, "SELECT count(*) FROM hazard"));
  f->category = g_strdup ("fire");
  fire = compute (GM_HOTSPOT_KDE, f);
  g_assert_cmpuint (fire->points->len, ==, gm_test_count (store, "SELECT count(*) FROM hazard WHERE category = 'fire'"));
  g_clear_pointer (&f->category, g_free);
  f->statuses = GM_STATUS_OPEN;
  open = compute (GM_HOTSPOT_KDE, f);
  g_assert_cmpuint (open->points->len, ==,
                    gm_test_count (store, "SELECT count(*) FROM hazard WHERE status IN ('discovered', 'notified')"));
  f->statuses = GM_STATUS_OVERDUE;
  overdue = compute (GM_HOTSPOT_KDE, f);
  g_assert_cmpuint (overdue->points->len, ==,
                    gm_test_count (store, "SELECT count(*) FROM hazard WHERE status IN ('discovered', 'notified')"
                                   " AND deadline < '" AS_OF "'"));
  g_assert_cmpstr (overdue->description, ==, "All hazards · overdue");
  f->statuses = GM_STATUS_ANY;
  f->from = g_strdup ("2026-06-01");
  f->to = g_strdup ("2026-08-31");
  f->kind = g_strdup ("群租房");
  dated = compute (GM_HOTSPOT_KDE, f);
  g_assert_cmpuint (dated->points->len, ==,
                    gm_test_count (store, "SELECT count(*) FROM hazard WHERE kind = '群租房'"
                                   " AND found_on BETWEEN '2026-06-01' AND '2026-08-31'"));
  text = gm_hazard_filter_describe (f);
  g_assert_cmpstr (text, ==, "All hazards · Overcrowded group rental · found 2026-06-01 to 2026-08-31");
}

/* Statuses chosen together take hazards of any of them. Counted with the
 * sqlite3 shell on the demo, as of 2026-11-30: 118 open (54 discovered, 64
 * notified), 45 of them overdue; discovered or overdue 99; closed (336) or
 * overdue 381. */
static void
test_status_union (void)
{
  static const struct { GmStatusSet set; guint n; const char *text; } cases[] = {
    { GM_STATUS_OPEN | GM_STATUS_OVERDUE, 118, "All hazards · open or overdue" },
    { GM_STATUS_OVERDUE, 45, "All hazards · overdue" },
    { GM_STATUS_DISCOVERED | GM_STATUS_OVERDUE, 99, "All hazards · Discovered or overdue" },
    { GM_STATUS_CLOSED | GM_STATUS_OVERDUE, 381, "All hazards · overdue or Verified and closed" },
  };
  g_autoptr(GmHazardFilter) f = gm_hazard_filter_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GmHotspotResult) r = NULL;

      f->statuses = cases[i].set;
      r = compute (GM_HOTSPOT_KDE, f);
      g_assert_cmpuint (r->points->len, ==, cases[i].n);
      g_assert_cmpstr (r->description, ==, cases[i].text);
    }
}

/* Grids 003 and 018, with the as-of date and the end of the range on
 * 2026-11-30, worked out with the sqlite3 shell from the demo's rows:
 *   003: 569 households; 32 hazards, 10 open (1.757 per 100), 5 overdue,
 *        22 rectified or closed (68.75 %), none rebounded, 3 found in
 *        November against 5 in October (−2);
 *   018: 530 households; 13 hazards, 4 open (0.755 per 100), 1 overdue,
 *        9 rectified (69.2 %), 3 rebounded (23.1 %), 1 against 2 (−1).
 * The same numbers come from the plainer queries below (buildings joined to
 * grids; rebounds as a self-join), which share no SQL with the code. */
static void
check_grid_by_sql (GmStore          *store,
                   const GmGridRate *g)
{
  g_autofree char *join = g_strdup_printf (" FROM hazard h JOIN building b ON b.id = h.building_id"
                                           " WHERE b.grid_id = %" G_GINT64_FORMAT, g->grid_id);
  g_autofree char *sql = NULL;

#define COUNT(expr) (g_free (sql), sql = g_strconcat ("SELECT " expr, join, NULL), gm_test_count (store, sql))
  g_assert_cmpint (g->hazards, ==, COUNT ("count(*)"));
  g_assert_cmpint (g->open, ==, COUNT ("sum(h.status IN ('discovered', 'notified'))"));
  g_assert_cmpint (g->overdue, ==, COUNT ("sum(h.status IN ('discovered', 'notified') AND h.deadline < '" AS_OF "')"));
  g_assert_cmpint (g->rectified, ==, COUNT ("sum(h.status IN ('rectified', 'closed'))"));
  g_assert_cmpint (g->this_month, ==, COUNT ("sum(h.found_on BETWEEN '2026-11-01' AND '2026-11-30')"));
  g_assert_cmpint (g->last_month, ==, COUNT ("sum(h.found_on BETWEEN '2026-10-01' AND '2026-10-31')"));
#undef COUNT
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(DISTINCT h.id) FROM hazard h JOIN hazard e"
                         " ON e.building_id = h.building_id AND e.kind = h.kind AND e.id <> h.id"
                         " AND e.status = 'closed' AND e.verified_on <= h.found_on"
                         " JOIN building b ON b.id = h.building_id WHERE b.grid_id = %" G_GINT64_FORMAT,
                         g->grid_id);
  g_assert_cmpint (g->rebounded, ==, gm_test_count (store, sql));
  g_free (sql);
  sql = g_strdup_printf ("SELECT sum(households) FROM building WHERE grid_id = %" G_GINT64_FORMAT, g->grid_id);
  g_assert_cmpint (g->households, ==, gm_test_count (store, sql));
}

static void
test_grid_rates_by_hand (void)
{
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, NULL);
  g_autoptr(GmHazardFilter) f = gm_hazard_filter_new ();
  g_autoptr(GmHotspotResult) r = NULL;
  const GmGridRate *g3 = NULL, *g18 = NULL;

  f->to = g_strdup (AS_OF);
  r = compute (GM_HOTSPOT_GRID, f);
  g_assert_null (r->grid_error);
  g_assert_cmpuint (r->grids->len, ==, 20);
  g_assert_cmpstr (r->this_month, ==, "2026-11");
  g_assert_cmpstr (r->last_month, ==, "2026-10");
  for (guint i = 0; i < r->grids->len; i++)
    {
      const GmGridRate *g = g_ptr_array_index (r->grids, i);

      if (g_str_equal (g->code, "990101001001003"))
        g3 = g;
      else if (g_str_equal (g->code, "990101001001018"))
        g18 = g;
    }
  g_assert_nonnull (g3);
  g_assert_nonnull (g18);

  g_assert_cmpint (g3->households, ==, 569);
  g_assert_cmpint (g3->hazards, ==, 32);
  g_assert_cmpfloat_with_epsilon (gm_grid_rate_value (g3, GM_GRID_OPEN_PER_100), 100.0 * 10 / 569, 1e-12);
  g_assert_cmpfloat (gm_grid_rate_value (g3, GM_GRID_OVERDUE), ==, 5);
  g_assert_cmpfloat_with_epsilon (gm_grid_rate_value (g3, GM_GRID_RECTIFICATION), 22.0 / 32, 1e-12);
  g_assert_cmpfloat (gm_grid_rate_value (g3, GM_GRID_REBOUND), ==, 0.0);
  g_assert_cmpfloat (gm_grid_rate_value (g3, GM_GRID_CHANGE), ==, -2);

  g_assert_cmpint (g18->households, ==, 530);
  g_assert_cmpint (g18->hazards, ==, 13);
  g_assert_cmpfloat_with_epsilon (gm_grid_rate_value (g18, GM_GRID_OPEN_PER_100), 100.0 * 4 / 530, 1e-12);
  g_assert_cmpfloat (gm_grid_rate_value (g18, GM_GRID_OVERDUE), ==, 1);
  g_assert_cmpfloat_with_epsilon (gm_grid_rate_value (g18, GM_GRID_RECTIFICATION), 9.0 / 13, 1e-12);
  g_assert_cmpfloat_with_epsilon (gm_grid_rate_value (g18, GM_GRID_REBOUND), 3.0 / 13, 1e-12);
  g_assert_cmpfloat (gm_grid_rate_value (g18, GM_GRID_CHANGE), ==, -1);

  check_grid_by_sql (store, g3);
  check_grid_by_sql (store, g18);
}

/* Mid-month, "last month" is the same days of it: 1–14 October against
 * 1–14 November; on 31 March, the whole of February. */
static void
test_month_comparison (void)
{
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, NULL);
  g_autoptr(GmHazardFilter) f = gm_hazard_filter_new ();
  g_autoptr(GmHotspotResult) r = NULL;
  gint64 this_total = 0, last_total = 0;

  f->to = g_strdup ("2026-11-14");
  r = compute (GM_HOTSPOT_GRID, f);
  for (guint i = 0; i < r->grids->len; i++)
    {
      const GmGridRate *g = g_ptr_array_index (r->grids, i);

      this_total += g->this_month;
      last_total += g->last_month;
    }
  g_assert_cmpint (this_total, ==, gm_test_count (store, "SELECT count(*) FROM hazard WHERE found_on BETWEEN '2026-11-01' AND '2026-11-14'"));
  g_assert_cmpint (last_total, ==, gm_test_count (store, "SELECT count(*) FROM hazard WHERE found_on BETWEEN '2026-10-01' AND '2026-10-14'"));
}

static void
test_too_few_for_gistar (void)
{
  g_autoptr(GmHazardFilter) f = gm_hazard_filter_new ();
  g_autoptr(GmHotspotResult) r = NULL;

  /* 22 overdue fire hazards on the demo's as-of date. */
  f->category = g_strdup ("fire");
  f->statuses = GM_STATUS_OVERDUE;
  r = compute (GM_HOTSPOT_ALL, f);
  g_assert_cmpuint (r->points->len, <, GM_HOTSPOT_MIN_HAZARDS);
  g_assert_error (r->gi_error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_TOO_FEW);
  g_assert_nonnull (strstr (r->gi_error->message, "at least 30 hazards"));
  g_assert_null (r->cells);
  /* The other layers are still made. */
  g_assert_null (r->kde_error);
  g_assert_null (r->grid_error);
}

/* Two significant figures of the edge of a hexagon of area 2·A/n. */
static double
expected_cell (const GmHotspotResult *r)
{
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE, edge, m;

  for (guint i = 0; i < r->points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (r->points, GmHotspotPoint, i);

      min_x = MIN (min_x, p->x);
      max_x = MAX (max_x, p->x);
      min_y = MIN (min_y, p->y);
      max_y = MAX (max_y, p->y);
    }
  edge = sqrt (2.0 * (2.0 * (max_x - min_x) * (max_y - min_y) / r->points->len) / (3 * sqrt (3)));
  m = pow (10, floor (log10 (edge)) - 1);
  return round (edge / m) * m;
}

static void
test_gistar_cells (void)
{
  g_autoptr(GmHotspotResult) r = compute (GM_HOTSPOT_GI, NULL);
  guint total = 0;
  double counted = 0;

  g_assert_no_error (r->gi_error);
  g_assert_true (r->cell_size_auto);
  g_assert_cmpfloat (r->cell_size_m, ==, expected_cell (r));
  g_assert_cmpfloat (r->band_m, ==, 3.5 * r->cell_size_m);
  for (int k = 0; k < 7; k++)
    total += r->class_counts[k];
  g_assert_cmpuint (total, ==, r->cells->len);
  for (guint i = 0; i < r->cells->len; i++)
    {
      const GmHotspotCell *c = &g_array_index (r->cells, GmHotspotCell, i);

      counted += c->count;
      g_assert_cmpfloat (c->q, >=, c->p - 1e-15);
      g_assert_cmpfloat_with_epsilon (c->p, erfc (fabs (c->z) / sqrt (2)), 1e-15);
      g_assert_cmpint (c->klass, ==, gm_gistar_class (c->z, c->q));
      /* Interior cells see two rings: at most 19 cells. */
      g_assert_cmpuint (c->neighbours, <=, 19);
    }
  /* Every hazard is in one cell. */
  g_assert_cmpfloat (counted, ==, r->points->len);
  /* The demo's hazards cluster around a few blocks on purpose. */
  g_assert_cmpuint (r->class_counts[GM_GI_HOT_99 + 3], >, 0);
}

/* The heat layer as drawn: at a hazard cluster, the pixel is the colour of
 * the density there (computed in metres, not pixels) over the peak. */
static void
test_heat_pixel (void)
{
  g_autoptr(GmHotspotResult) r = compute (GM_HOTSPOT_KDE, NULL);
  g_autoptr(GmRenderer) renderer = gm_renderer_new (demo_path, NULL);
  const GmHotspotPoint *p = &g_array_index (r->points, GmHotspotPoint, 100);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 200, 200);
  cairo_t *cr = cairo_create (surface);
  double want[4], t;
  guint32 pixel;
  GmView view;

  gm_view_init_center (&view, p->lon, p->lat, 16, 200, 200);
  gm_renderer_set_layers (renderer, GM_LAYER_HEAT);
  gm_renderer_set_hotspots (renderer, r);
  g_assert_true (gm_renderer_draw (renderer, cr, &view, NULL, NULL));
  cairo_surface_flush (surface);
  pixel = ((guint32 *) cairo_image_surface_get_data (surface))[100 * 200 + 100];
  t = gm_hotspot_density_at (r, gm_mercator_lon (16, view.origin_x + 100.5),
                             gm_mercator_lat (16, view.origin_y + 100.5)) / r->max_density;
  gm_heat_color (t, want);
  /* The veil (white) under the heat colour, premultiplied; cells of 8 px
   * and bilinear filtering leave a few levels of difference. */
  {
    double a = GM_HOTSPOT_VEIL + want[3] * (1 - GM_HOTSPOT_VEIL);
    double red = (GM_HOTSPOT_VEIL * (1 - want[3]) + want[0] * want[3]) * 255;

    g_test_message ("density %.3f of the peak: pixel %08x, expected alpha %.1f red %.1f",
                    t, pixel, a * 255, red);
    g_assert_cmpfloat (t, >, 0.05);
    g_assert_cmpfloat_with_epsilon ((pixel >> 24) & 0xff, a * 255, 3);
    g_assert_cmpfloat_with_epsilon ((pixel >> 16) & 0xff, red, 4);
  }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_export (void)
{
  g_autoptr(GmHotspotResult) r = compute (GM_HOTSPOT_ALL, NULL);
  g_autoptr(GmRenderer) renderer = gm_renderer_new (demo_path, NULL);
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, NULL);
  g_autofree char *png = g_build_filename (demo_dir, "map.png", NULL);
  g_autofree char *pdf = g_build_filename (demo_dir, "map.pdf", NULL);
  g_autofree char *bad = g_build_filename (demo_dir, "missing", "map.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;
  GmExtent extent;
  GmView view;

  g_assert_true (gm_hotspot_map_extent (store, r, &extent));
  gm_view_init_extent (&view, &extent, 600, 400);
  gm_renderer_set_layers (renderer, GM_LAYER_BASEMAP | GM_LAYER_GRIDS | GM_LAYER_HOTSPOTS);
  gm_renderer_set_hotspots (renderer, r);
  g_assert_true (gm_hotspot_export (renderer, &view, &(GmExportText) { "Test", NULL }, png, NULL, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  /* 24 + 600 + 20 + 270 + 24 by 64 + 400 + 40. */
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 938);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 504);
  cairo_surface_destroy (image);

  g_assert_true (gm_hotspot_export (renderer, &view, &(GmExportText) { "Test", NULL }, pdf, NULL, &error));
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  g_assert_false (gm_hotspot_export (renderer, &view, &(GmExportText) { "Test", NULL }, bad, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "map.png"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
test_bad_parameters (void)
{
  g_autoptr(GmStore) store = gm_store_open (demo_path, GM_STORE_OPEN_READONLY, NULL);
  g_autoptr(GmHotspotParams) params = gm_hotspot_params_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  params->bandwidth_m = -5;
  g_assert_null (gm_hotspot_compute (store, params, NULL, &error));
  g_assert_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "bandwidth"));
  g_clear_error (&error);

  params->bandwidth_m = 0;
  params->filter = gm_hazard_filter_new ();
  params->filter->from = g_strdup ("2026-09-01");
  params->filter->to = g_strdup ("2026-08-01");
  g_assert_null (gm_hotspot_compute (store, params, NULL, &error));
  g_assert_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The start date (2026-09-01) is after the end date (2026-08-01)");
  g_clear_error (&error);

  g_clear_pointer (&params->filter->to, g_free);
  g_free (params->filter->from);
  params->filter->from = g_strdup ("2026-02-30");
  g_assert_null (gm_hotspot_compute (store, params, NULL, &error));
  g_assert_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID);
  g_clear_error (&error);

  g_clear_pointer (&params->filter->from, g_free);
  g_cancellable_cancel (cancellable);
  g_assert_null (gm_hotspot_compute (store, params, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  demo_path = gm_test_build_demo (&demo_dir);

  g_test_add_func ("/core/hotspot/filters", test_filters);
  g_test_add_func ("/core/hotspot/status-union", test_status_union);
  g_test_add_func ("/core/hotspot/grid-rates-by-hand", test_grid_rates_by_hand);
  g_test_add_func ("/core/hotspot/month-comparison", test_month_comparison);
  g_test_add_func ("/core/hotspot/too-few-for-gistar", test_too_few_for_gistar);
  g_test_add_func ("/core/hotspot/gistar-cells", test_gistar_cells);
  g_test_add_func ("/core/hotspot/heat-pixel", test_heat_pixel);
  g_test_add_func ("/core/hotspot/export", test_export);
  g_test_add_func ("/core/hotspot/bad-parameters", test_bad_parameters);
  status = g_test_run ();

  gm_test_rmdir (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  return status;
}
