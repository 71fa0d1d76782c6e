/* gm-hotspot-cells.c — the Gi* layer of the hot-spot analysis: hexagonal
 * cells of a size chosen from the data, their counts, z, p, FDR and class. */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-hexgrid.h"
#include "gm-hotspot-private.h"
#include "gm-render.h"

/* Two significant figures: 118.3 → 120, 1234 → 1200. */
static double
round_nicely (double value)
{
  double magnitude = pow (10.0, floor (log10 (value)) - 1);

  return round (value / magnitude) * magnitude;
}

/* Cells that hold two hazards each on average over the hazards' bounding
 * box (more where they crowd, fewer on open land): area 2·A/n, the edge of
 * a hexagon of that area, between 10 m and 5 km. */
double
gm_hotspot_default_cell_size (const GmHotspotResult *result)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  guint n = result->points->len;
  double area, cell_area;

  if (n < 2)
    return 100.0;
  for (guint i = 0; i < n; i++)
    {
      const GmHotspotPoint *p = &g_array_index (result->points, GmHotspotPoint, i);

      min_x = MIN (min_x, p->x);
      min_y = MIN (min_y, p->y);
      max_x = MAX (max_x, p->x);
      max_y = MAX (max_y, p->y);
    }
  area = MAX (max_x - min_x, 10.0) * MAX (max_y - min_y, 10.0);
  cell_area = 2.0 * area / n;
  return CLAMP (round_nicely (sqrt (2.0 * cell_area / (3.0 * sqrt (3.0)))), 10.0, 5000.0);
}

static gboolean
check_enough (GmHotspotResult  *result,
              GError          **error)
{
  guint n = result->points->len;

  if (n >= GM_HOTSPOT_MIN_HAZARDS)
    return TRUE;
  g_set_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_TOO_FEW,
               g_dngettext (GETTEXT_PACKAGE,
                            "Hot spots need at least %d hazards to mean anything; the filter leaves %u. "
                            "Take in more dates, categories or statuses.",
                            "Hot spots need at least %d hazards to mean anything; the filter leaves %u. "
                            "Take in more dates, categories or statuses.", n),
               GM_HOTSPOT_MIN_HAZARDS, n);
  return FALSE;
}

/* Corners in lon/lat and world pixels, from the metric hexagon. */
static void
cell_geometry (GmLocalProjection *projection,
               double             size,
               const GmHexCell   *hex,
               GmHotspotCell     *cell)
{
  double xy[12], x[7], y[7];

  gm_hex_corners (size, hex->q, hex->r, xy);
  x[0] = hex->x;
  y[0] = hex->y;
  for (int k = 0; k < 6; k++)
    {
      x[k + 1] = xy[2 * k];
      y[k + 1] = xy[2 * k + 1];
    }
  gm_local_projection_points (projection, x, y, 7, TRUE);
  cell->lon = x[0];
  cell->lat = y[0];
  for (int k = 0; k < 6; k++)
    {
      cell->corners[2 * k] = x[k + 1];
      cell->corners[2 * k + 1] = y[k + 1];
      cell->wcorners[2 * k] = gm_mercator_x (0, x[k + 1]);
      cell->wcorners[2 * k + 1] = gm_mercator_y (0, y[k + 1]);
    }
}

/* The counts per cell, then z, p, q and class for each. */
static gboolean
score_cells (GmHotspotResult    *result,
             GmLocalProjection  *projection,
             GArray             *hexes,
             GError            **error)
{
  guint n = hexes->len;
  g_autofree double *x = g_new (double, n), *y = g_new (double, n), *v = g_new (double, n);
  g_autofree double *z = g_new (double, n), *p = g_new (double, n), *q = g_new (double, n);
  g_autofree guint *neighbours = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    {
      const GmHexCell *hex = &g_array_index (hexes, GmHexCell, i);

      x[i] = hex->x;
      y[i] = hex->y;
      v[i] = hex->value;
    }
  if (!gm_gistar (x, y, v, n, result->band_m, z, neighbours, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    p[i] = gm_normal_p_two_sided (z[i]);
  gm_fdr_bh (p, n, q);

  result->cells = g_array_sized_new (FALSE, TRUE, sizeof (GmHotspotCell), n);
  for (guint i = 0; i < n; i++)
    {
      GmHotspotCell cell = { 0 };

      cell_geometry (projection, result->cell_size_m, &g_array_index (hexes, GmHexCell, i), &cell);
      cell.x = x[i];
      cell.y = y[i];
      cell.count = v[i];
      cell.neighbours = neighbours[i];
      cell.z = z[i];
      cell.p = p[i];
      cell.q = q[i];
      cell.klass = gm_gistar_class (z[i], q[i]);
      result->class_counts[cell.klass + 3]++;
      g_array_append_val (result->cells, cell);
    }
  return TRUE;
}

void
gm_hotspot_make_cells (GmHotspotResult       *result,
                       const GmHotspotParams *params,
                       GmLocalProjection     *projection,
                       const double          *area_x,
                       const double          *area_y,
                       gsize                  n_area)
{
  guint n = result->points->len;
  g_autofree double *px = g_new (double, MAX (n, 1)), *py = g_new (double, MAX (n, 1));
  g_autoptr(GArray) hexes = NULL;

  result->cell_size_auto = params->cell_size_m <= 0;
  result->cell_size_m = result->cell_size_auto ? gm_hotspot_default_cell_size (result) : params->cell_size_m;
  result->band_m = params->band_m > 0 ? params->band_m : GM_HOTSPOT_BAND_CELLS * result->cell_size_m;
  if (!check_enough (result, &result->gi_error))
    return;
  for (guint i = 0; i < n; i++)
    {
      px[i] = g_array_index (result->points, GmHotspotPoint, i).x;
      py[i] = g_array_index (result->points, GmHotspotPoint, i).y;
    }
  /* Gi* counts hazards: weights are the density's. */
  hexes = gm_hex_bin (result->cell_size_m, area_x, area_y, n_area, px, py, NULL, n);
  if (hexes->len < 3)
    {
      g_set_error_literal (&result->gi_error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                           _("The hazards fall in fewer than three cells: choose a smaller cell size"));
      return;
    }
  score_cells (result, projection, hexes, &result->gi_error);
}
