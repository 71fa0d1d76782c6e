/* test-hotspot-stats.c — the statistics of the hot-spot analysis against
 * values worked out by hand and against R's spdep.
 *
 * The Gi* reference: hexagons of 500 m over the 16,125 located Tulsa fire
 * hydrants of tests/data/shared (the study area), counting the 795 whose
 * condition was recorded (the "hazards"), a 1,750 m band. This program
 * writes those cells to tests/data/gistar/cells.csv when run with
 * GM_GISTAR_WRITE_CELLS=path; tests/data/gistar/localG.R reads them and
 * wrote localG.csv with spdep::localG; here both are compared.
 */
#include "gm-config.h"

#include <math.h>
#include <stdio.h>
#include <ogr_api.h>

#include "gm-autocleanups.h"
#include "gm-geo.h"
#include "gm-gistar.h"
#include "gm-hexgrid.h"
#include "gm-hotspot.h"
#include "gm-kde.h"
#include "gm-test-util.h"

/* ---- kernel density ---------------------------------------------------------------- */

/* Three points, bandwidth 100 m: A (0, 0) and B (60, 0) of weight 1, C (0, 80)
 * of weight 2. At A: u² is 0, 0.36 and 0.64, so the kernel sum is
 * 1 + 0.64² + 2 · 0.36² = 1 + 0.4096 + 0.2592 = 1.6688, and the density
 * 3/π · 1.6688 / 100² = 1.5935866e-4 per m². At (100, 0): A is at the
 * edge (0), B at 40 m (u² 0.16: 0.84² = 0.7056), C beyond (d² = 16,400):
 * 3/π · 0.7056 / 10⁴ = 6.7379837e-5. Worked with a calculator. */
static void
test_kde_by_hand (void)
{
  const double x[] = { 0, 60, 0 }, y[] = { 0, 0, 80 }, w[] = { 1, 1, 2 };

  g_assert_cmpfloat_with_epsilon (gm_kde_density_at (x, y, w, 3, 100, 0, 0), 1.5935866141905298e-4, 1e-15);
  g_assert_cmpfloat_with_epsilon (gm_kde_density_at (x, y, w, 3, 100, 100, 0), 6.737983670738481e-05, 1e-15);
  /* Far away: nothing; weights left out count 1 each: 1 + 0.4096 + 0.1296. */
  g_assert_cmpfloat (gm_kde_density_at (x, y, w, 3, 100, 500, 500), ==, 0.0);
  g_assert_cmpfloat_with_epsilon (gm_kde_density_at (x, y, NULL, 3, 100, 0, 0),
                                  3 / G_PI * 1.5392 / 1e4, 1e-15);
  /* The kernel integrates to 1: Σ over a 1 m raster of h = 50 m. */
  {
    double sum = 0;

    for (int i = -50; i <= 50; i++)
      for (int j = -50; j <= 50; j++)
        sum += gm_kde_kernel (hypot (i, j), 50);
    g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-3);
  }
}

/* A raster holds the exact density at its cells' centres. */
static void
test_kde_grid (void)
{
  const double x[] = { 12.5, 40, 33 }, y[] = { 20, 31, 5 }, w[] = { 1, 2, 0.5 };
  GmKdeStamp stamps[3];
  GmKdeGrid grid = { -10, -20, 2.5, 40, 30 };
  g_autofree double *values = g_new0 (double, 40 * 30);

  for (int k = 0; k < 3; k++)
    stamps[k] = (GmKdeStamp) { x[k], y[k], 25, 3 / G_PI * w[k] / (25.0 * 25.0) };
  gm_kde_grid_add (&grid, stamps, 3, values);
  for (int j = 0; j < 30; j += 3)
    for (int i = 0; i < 40; i += 3)
      g_assert_cmpfloat_with_epsilon (values[j * 40 + i],
                                      gm_kde_density_at (x, y, w, 3, 25, -10 + (i + 0.5) * 2.5,
                                                         -20 + (j + 0.5) * 2.5), 1e-15);
}

/* Four points in a 10 m square and one 1 km away: mean centre (204, 4);
 * distances 204.039, 194.041, 204.088, 194.093, 796.010; the median is
 * 204.039, the standard distance √(792,240 / 5) = 398.055. √(1/ln 2) ·
 * 204.039 = 245.076 is the smaller, so h = 0.9 · 245.076 · 5^−0.2 =
 * 159.8635 m. (Python, statistics.median.) */
static void
test_silverman_by_hand (void)
{
  const double x[] = { 0, 10, 0, 10, 1000 }, y[] = { 0, 0, 10, 10, 0 };
  const double sq_x[] = { 0, 100, 0, 100 }, sq_y[] = { 0, 0, 100, 100 };
  const double w2[] = { 1, 1, 1, 1, 2 };

  g_assert_cmpfloat_with_epsilon (gm_kde_silverman (x, y, NULL, 5), 159.86353623893572, 1e-9);
  /* A square of 100 m: all four 70.711 m from the centre; the standard
   * distance is smaller: 0.9 · 70.711 · 4^−0.2 = 48.2297 m. */
  g_assert_cmpfloat_with_epsilon (gm_kde_silverman (sq_x, sq_y, NULL, 4),
                                  0.9 * sqrt (5000.0) * pow (4, -0.2), 1e-9);
  /* Weights: the far point counts twice, as if it were there twice. */
  {
    const double x6[] = { 0, 10, 0, 10, 1000, 1000 }, y6[] = { 0, 0, 10, 10, 0, 0 };

    g_assert_cmpfloat_with_epsilon (gm_kde_silverman (x, y, w2, 5), gm_kde_silverman (x6, y6, NULL, 6), 1e-9);
  }
  /* One point, or all at one place: no bandwidth. */
  g_assert_cmpfloat (gm_kde_silverman (x, y, NULL, 1), ==, 0.0);
  g_assert_cmpfloat (gm_kde_silverman (sq_x, sq_x, NULL, 1), ==, 0.0);
}

/* ---- p-values and the false discovery rate ----------------------------------------- */

static void
test_normal_p (void)
{
  /* The familiar two-sided critical values: 1.645, 1.960, 2.576. */
  g_assert_cmpfloat_with_epsilon (gm_normal_p_two_sided (1.6448536269514722), 0.10, 1e-12);
  g_assert_cmpfloat_with_epsilon (gm_normal_p_two_sided (-1.959963984540054), 0.05, 1e-12);
  g_assert_cmpfloat_with_epsilon (gm_normal_p_two_sided (2.5758293035489004), 0.01, 1e-12);
  g_assert_cmpfloat (gm_normal_p_two_sided (0), ==, 1.0);
}

/* p = 0.01, 0.04, 0.03, 0.005, 0.20. Ranked: 0.005, 0.01, 0.03, 0.04, 0.20;
 * n/k · p = 0.025, 0.025, 0.05, 0.05, 0.20; the running minimum from the
 * top leaves them so. Back in order: 0.025, 0.05, 0.05, 0.025, 0.20 (by
 * hand; R's p.adjust(c(.01,.04,.03,.005,.2), "BH") agrees). */
static void
test_fdr_by_hand (void)
{
  const double p[] = { 0.01, 0.04, 0.03, 0.005, 0.20 };
  const double want[] = { 0.025, 0.05, 0.05, 0.025, 0.20 };
  double q[5];

  gm_fdr_bh (p, 5, q);
  for (int i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (q[i], want[i], 1e-15);

  /* A larger p can lower a smaller one's q, never raise it: 0.02 at rank 1
   * of 2 would be 0.04, but rank 2's 0.03 · 2/2 = 0.03 caps it. */
  {
    const double p2[] = { 0.02, 0.03 };
    double q2[2];

    gm_fdr_bh (p2, 2, q2);
    g_assert_cmpfloat_with_epsilon (q2[0], 0.03, 1e-15);
    g_assert_cmpfloat_with_epsilon (q2[1], 0.03, 1e-15);
  }
}

static void
test_classes (void)
{
  g_assert_cmpint (gm_gistar_class (3.1, 0.004), ==, GM_GI_HOT_99);
  g_assert_cmpint (gm_gistar_class (2.2, 0.04), ==, GM_GI_HOT_95);
  g_assert_cmpint (gm_gistar_class (1.8, 0.09), ==, GM_GI_HOT_90);
  g_assert_cmpint (gm_gistar_class (1.8, 0.11), ==, GM_GI_NOT_SIGNIFICANT);
  g_assert_cmpint (gm_gistar_class (-2.9, 0.01), ==, GM_GI_COLD_99);
  g_assert_cmpint (gm_gistar_class (-2.0, 0.05), ==, GM_GI_COLD_95);
}

/* ---- hexagons ------------------------------------------------------------------------ */

static void
test_hexagons (void)
{
  double x, y, xy[12];
  int q, r;
  g_autoptr(GArray) cells = NULL;
  const double ax[] = { 0, 1000 }, ay[] = { 0, 0 };
  const double px[] = { 1, -2, 0, 3000 }, py[] = { 1, 3, 90, 0 };

  /* Edge 100: (1, 0) is √3 · 100 = 173.2 m east; (0, 1) 86.6 m east and
   * 150 m north. */
  gm_hex_center (100, 1, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 173.20508075688772, 1e-9);
  gm_hex_center (100, 0, 1, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 86.60254037844386, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 150.0, 1e-9);
  /* A point near a corner goes to the nearer centre. */
  gm_hex_of_point (100, 86, 149, &q, &r);
  g_assert_cmpint (q, ==, 0);
  g_assert_cmpint (r, ==, 1);
  gm_hex_of_point (100, 95, 40, &q, &r);
  g_assert_cmpint (q, ==, 1);
  g_assert_cmpint (r, ==, 0);
  /* Corners are 100 m from the centre. */
  gm_hex_corners (100, 2, -1, xy);
  gm_hex_center (100, 2, -1, &x, &y);
  for (int k = 0; k < 6; k++)
    g_assert_cmpfloat_with_epsilon (hypot (xy[2 * k] - x, xy[2 * k + 1] - y), 100, 1e-9);

  /* Cells: the two area points' and the far point's; three points at the
   * origin's cell, (0, 90) is in cell (0, 0) too (less than 100 m north of
   * its centre and within its flat sides). */
  cells = gm_hex_bin (100, ax, ay, 2, px, py, NULL, 4);
  g_assert_cmpuint (cells->len, ==, 3);
  for (guint i = 0; i < cells->len; i++)
    {
      const GmHexCell *c = &g_array_index (cells, GmHexCell, i);

      if (c->x == 0 && c->y == 0)
        g_assert_cmpfloat (c->value, ==, 3);
      else if (c->x > 2000)
        g_assert_cmpfloat (c->value, ==, 1);
      else
        g_assert_cmpfloat (c->value, ==, 0);
    }
}

/* ---- Gi* against R ---------------------------------------------------------------------- */

#define GISTAR_CELL 500.0
#define GISTAR_BAND 1750.0

typedef struct
{
  GArray *ax, *ay, *px, *py;
} Hydrants;

static void
read_hydrants (Hydrants *h)
{
  g_autofree char *path = gm_test_shared ("real/tulsa-hydrants/hydrants.csv");
  const char *options[] = { "X_POSSIBLE_NAMES=LONGITUDE", "Y_POSSIBLE_NAMES=LATITUDE", NULL };
  g_auto(GDALDatasetH) ds = NULL;
  OGRLayerH layer;
  OGRFeatureH f;

  GDALAllRegister ();
  ds = GDALOpenEx (path, GDAL_OF_VECTOR, NULL, options, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayer (ds, 0);
  h->ax = g_array_new (FALSE, FALSE, sizeof (double));
  h->ay = g_array_new (FALSE, FALSE, sizeof (double));
  h->px = g_array_new (FALSE, FALSE, sizeof (double));
  h->py = g_array_new (FALSE, FALSE, sizeof (double));
  while ((f = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRGeometryH g = OGR_F_GetGeometryRef (f);
      const char *condition = OGR_F_GetFieldAsString (f, OGR_F_GetFieldIndex (f, "CONDITION"));

      /* 76 rows have no or 0/0 coordinates. */
      if (g != NULL && OGR_G_GetX (g, 0) != 0 && OGR_G_GetY (g, 0) != 0)
        {
          double x = OGR_G_GetX (g, 0), y = OGR_G_GetY (g, 0);

          g_array_append_val (h->ax, x);
          g_array_append_val (h->ay, y);
          if (condition != NULL && *condition != '\0')
            {
              g_array_append_val (h->px, x);
              g_array_append_val (h->py, y);
            }
        }
      OGR_F_Destroy (f);
    }
}

/* The reference cells: hydrants in metres around the middle of their box. */
static GArray *
hydrant_cells (void)
{
  Hydrants h;
  g_autoptr(GmLocalProjection) projection = NULL;
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  GArray *cells;

  read_hydrants (&h);
  g_assert_cmpuint (h.ax->len, ==, 16125);
  g_assert_cmpuint (h.px->len, ==, 795);
  for (guint i = 0; i < h.ax->len; i++)
    {
      min_x = MIN (min_x, g_array_index (h.ax, double, i));
      max_x = MAX (max_x, g_array_index (h.ax, double, i));
      min_y = MIN (min_y, g_array_index (h.ay, double, i));
      max_y = MAX (max_y, g_array_index (h.ay, double, i));
    }
  projection = gm_local_projection_new ((min_x + max_x) / 2, (min_y + max_y) / 2, NULL);
  gm_local_projection_points (projection, (double *) h.ax->data, (double *) h.ay->data, h.ax->len, FALSE);
  gm_local_projection_points (projection, (double *) h.px->data, (double *) h.py->data, h.px->len, FALSE);
  cells = gm_hex_bin (GISTAR_CELL, (double *) h.ax->data, (double *) h.ay->data, h.ax->len,
                      (double *) h.px->data, (double *) h.py->data, NULL, h.px->len);
  g_array_unref (h.ax);
  g_array_unref (h.ay);
  g_array_unref (h.px);
  g_array_unref (h.py);
  return cells;
}

static void
write_cells (GArray     *cells,
             const char *path)
{
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  fprintf (out, "q,r,x,y,count\n");
  for (guint i = 0; i < cells->len; i++)
    {
      const GmHexCell *c = &g_array_index (cells, GmHexCell, i);

      fprintf (out, "%d,%d,%.17g,%.17g,%.0f\n", c->q, c->r, c->x, c->y, c->value);
    }
  fclose (out);
}

/* Rows of a CSV file with a header, as arrays of fields. */
static GPtrArray *
read_csv (const char *relative)
{
  g_autofree char *path = gm_test_data (relative);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], ",", -1));
  return rows;
}

static void
test_gistar_against_spdep (void)
{
  g_autoptr(GArray) cells = hydrant_cells ();
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) reference = NULL;
  g_autoptr(GError) error = NULL;
  guint n = cells->len;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n), *v = g_new (double, n);
  g_autofree double *z = g_new (double, n), *p = g_new (double, n), *q = g_new (double, n);
  double max_diff = 0;

  if (g_getenv ("GM_GISTAR_WRITE_CELLS") != NULL)
    write_cells (cells, g_getenv ("GM_GISTAR_WRITE_CELLS"));

  /* The cells R read are the ones made here. */
  stored = read_csv ("gistar/cells.csv");
  reference = read_csv ("gistar/localG.csv");
  g_assert_cmpuint (stored->len, ==, n);
  g_assert_cmpuint (reference->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const GmHexCell *c = &g_array_index (cells, GmHexCell, i);
      char **row = g_ptr_array_index (stored, i);

      g_assert_cmpint (atoi (row[0]), ==, c->q);
      g_assert_cmpint (atoi (row[1]), ==, c->r);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (row[2], NULL), c->x, 1e-6);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (row[3], NULL), c->y, 1e-6);
      g_assert_cmpfloat (g_ascii_strtod (row[4], NULL), ==, c->value);
      x[i] = c->x;
      y[i] = c->y;
      v[i] = c->value;
    }

  g_assert_true (gm_gistar (x, y, v, n, GISTAR_BAND, z, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    p[i] = gm_normal_p_two_sided (z[i]);
  gm_fdr_bh (p, n, q);
  /* localG.csv: z (localG), p (2·pnorm(−|z|)), q (p.adjust(p, "BH")). */
  for (guint i = 0; i < n; i++)
    {
      char **row = g_ptr_array_index (reference, i);

      g_assert_cmpfloat_with_epsilon (z[i], g_ascii_strtod (row[0], NULL), 1e-9);
      g_assert_cmpfloat_with_epsilon (p[i], g_ascii_strtod (row[1], NULL), 1e-12);
      g_assert_cmpfloat_with_epsilon (q[i], g_ascii_strtod (row[2], NULL), 1e-12);
      max_diff = MAX (max_diff, fabs (z[i] - g_ascii_strtod (row[0], NULL)));
    }
  g_test_message ("%u cells, largest |z − R's z| = %.3g", n, max_diff);
}

static void
test_gistar_refusals (void)
{
  const double x[] = { 0, 100, 200, 300 }, y[] = { 0, 0, 0, 0 };
  const double same[] = { 2, 2, 2, 2 }, v[] = { 0, 1, 5, 2 };
  double z[4];
  g_autoptr(GError) error = NULL;

  g_assert_false (gm_gistar (x, y, same, 4, 150, z, NULL, &error));
  g_assert_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_NO_VARIATION);
  g_clear_error (&error);
  g_assert_false (gm_gistar (x, y, v, 4, 1000, z, NULL, &error));
  g_assert_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID);
  g_clear_error (&error);

  /* A worked line of four: band 150 m, so each place has itself and its
   * one or two neighbours. x̄ = 2, s² = (4 + 1 + 9 + 0) / 4 = 3.5. Place 2
   * (value 5): W = 3, Σ = 1 + 5 + 2 = 8, z = (8 − 6) / (√3.5 · √((12 − 9)
   * / 3)) = 2 / 1.870829 = 1.069045. Place 0: W = 2, Σ = 1,
   * z = (1 − 4) / (√3.5 · √((8 − 4) / 3)) = −3 / 2.160247 = −1.388730. */
  g_assert_true (gm_gistar (x, y, v, 4, 150, z, NULL, &error));
  g_assert_cmpfloat_with_epsilon (z[2], 2.0 / sqrt (3.5), 1e-12);
  g_assert_cmpfloat_with_epsilon (z[0], -3.0 / (sqrt (3.5) * sqrt (4.0 / 3.0)), 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/hotspot/kde-by-hand", test_kde_by_hand);
  g_test_add_func ("/core/hotspot/kde-grid", test_kde_grid);
  g_test_add_func ("/core/hotspot/silverman-by-hand", test_silverman_by_hand);
  g_test_add_func ("/core/hotspot/normal-p", test_normal_p);
  g_test_add_func ("/core/hotspot/fdr-by-hand", test_fdr_by_hand);
  g_test_add_func ("/core/hotspot/classes", test_classes);
  g_test_add_func ("/core/hotspot/hexagons", test_hexagons);
  g_test_add_func ("/core/hotspot/gistar-spdep", test_gistar_against_spdep);
  g_test_add_func ("/core/hotspot/gistar-refusals", test_gistar_refusals);
  return g_test_run ();
}
