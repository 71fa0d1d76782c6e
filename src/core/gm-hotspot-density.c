/* gm-hotspot-density.c — the density layer of the hot-spot analysis: its
 * bandwidth, its peak (which fixes the colour scale of every tile) and
 * samples of it for files. */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-hotspot-private.h"
#include "gm-kde.h"

/* Coordinates and weights of the hazards, as flat arrays. */
static void
point_arrays (const GmHotspotResult  *result,
              double                **x,
              double                **y,
              double                **w)
{
  guint n = result->points->len;

  *x = g_new (double, MAX (n, 1));
  *y = g_new (double, MAX (n, 1));
  *w = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const GmHotspotPoint *p = &g_array_index (result->points, GmHotspotPoint, i);

      (*x)[i] = p->x;
      (*y)[i] = p->y;
      (*w)[i] = p->weight;
    }
}

/* A raster in metres over the hazards and a bandwidth around them, of
 * cells @cell_m or larger so that it has at most @max_side cells a side. */
static void
metric_grid (const GmHotspotResult *result,
             double                 cell_m,
             int                    max_side,
             GmKdeGrid             *grid)
{
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double h = result->bandwidth_m;

  for (guint i = 0; i < result->points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (result->points, GmHotspotPoint, i);

      min_x = MIN (min_x, p->x);
      min_y = MIN (min_y, p->y);
      max_x = MAX (max_x, p->x);
      max_y = MAX (max_y, p->y);
    }
  min_x -= h;
  min_y -= h;
  max_x += h;
  max_y += h;
  grid->cell = MAX (cell_m, MAX (max_x - min_x, max_y - min_y) / max_side);
  grid->origin_x = min_x;
  grid->origin_y = min_y;
  grid->width = (int) ceil ((max_x - min_x) / grid->cell);
  grid->height = (int) ceil ((max_y - min_y) / grid->cell);
}

/* Each hazard as a kernel in metres: amplitude 3/π · w / h² at its centre. */
static GmKdeStamp *
metric_stamps (const GmHotspotResult *result)
{
  guint n = result->points->len;
  GmKdeStamp *stamps = g_new (GmKdeStamp, MAX (n, 1));
  double h = result->bandwidth_m;

  for (guint i = 0; i < n; i++)
    {
      const GmHotspotPoint *p = &g_array_index (result->points, GmHotspotPoint, i);

      stamps[i] = (GmKdeStamp) { p->x, p->y, h, 3.0 / G_PI * p->weight / (h * h) };
    }
  return stamps;
}

static double *
metric_raster (const GmHotspotResult *result,
               const GmKdeGrid       *grid)
{
  g_autofree GmKdeStamp *stamps = metric_stamps (result);
  double *values = g_new0 (double, (gsize) grid->width * grid->height);

  gm_kde_grid_add (grid, stamps, result->points->len, values);
  return values;
}

void
gm_hotspot_make_density (GmHotspotResult       *result,
                         const GmHotspotParams *params)
{
  g_autofree double *x = NULL, *y = NULL, *w = NULL, *values = NULL;
  guint n = result->points->len;
  GmKdeGrid grid;

  if (n == 0)
    {
      g_set_error_literal (&result->kde_error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_TOO_FEW,
                           _("No hazards match the filter"));
      return;
    }
  point_arrays (result, &x, &y, &w);
  result->bandwidth_auto = params->bandwidth_m <= 0;
  result->bandwidth_m = result->bandwidth_auto ? gm_kde_silverman (x, y, w, n) : params->bandwidth_m;
  if (result->bandwidth_m <= 0)
    {
      g_set_error_literal (&result->kde_error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_TOO_FEW,
                           _("The density needs hazards at two places at least, or a bandwidth you set"));
      return;
    }
  /* The peak on a raster of a quarter bandwidth: the colour scale's top. */
  metric_grid (result, result->bandwidth_m / 4.0, 1024, &grid);
  values = metric_raster (result, &grid);
  for (gsize i = 0; i < (gsize) grid.width * grid.height; i++)
    result->max_density = MAX (result->max_density, values[i] * 1e6);
}

double
gm_hotspot_density_at (const GmHotspotResult *result,
                       double                 lon,
                       double                 lat)
{
  g_autoptr(GmLocalProjection) projection = NULL;
  g_autofree double *x = NULL, *y = NULL, *w = NULL;

  g_return_val_if_fail (result != NULL, 0.0);

  if (result->kde_error != NULL || result->bandwidth_m <= 0)
    return 0.0;
  projection = gm_local_projection_new (result->center_lon, result->center_lat, NULL);
  if (projection == NULL)
    return 0.0;
  gm_local_projection_points (projection, &lon, &lat, 1, FALSE);
  point_arrays (result, &x, &y, &w);
  return 1e6 * gm_kde_density_at (x, y, w, result->points->len, result->bandwidth_m, lon, lat);
}

static void
sample_cell (GmLocalProjection *projection,
             const GmKdeGrid   *grid,
             int                i,
             int                j,
             double             density,
             GmHotspotSample   *out)
{
  double x[5], y[5];

  x[0] = grid->origin_x + (i + 0.5) * grid->cell;
  y[0] = grid->origin_y + (j + 0.5) * grid->cell;
  for (int k = 0; k < 4; k++)
    {
      x[k + 1] = grid->origin_x + (i + (k == 1 || k == 2)) * grid->cell;
      y[k + 1] = grid->origin_y + (j + (k >= 2)) * grid->cell;
    }
  gm_local_projection_points (projection, x, y, 5, TRUE);
  out->lon = x[0];
  out->lat = y[0];
  for (int k = 0; k < 4; k++)
    {
      out->corners[2 * k] = x[k + 1];
      out->corners[2 * k + 1] = y[k + 1];
    }
  out->density = density;
}

GArray *
gm_hotspot_sample_density (const GmHotspotResult  *result,
                           double                  cell_m,
                           GError                **error)
{
  g_autoptr(GmLocalProjection) projection = NULL;
  g_autofree double *values = NULL;
  GArray *samples;
  GmKdeGrid grid;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->kde_error != NULL)
    {
      g_propagate_error (error, g_error_copy (result->kde_error));
      return NULL;
    }
  projection = gm_local_projection_new (result->center_lon, result->center_lat, error);
  if (projection == NULL)
    return NULL;
  metric_grid (result, cell_m > 0 ? cell_m : result->bandwidth_m / 4.0, 2048, &grid);
  values = metric_raster (result, &grid);
  samples = g_array_new (FALSE, FALSE, sizeof (GmHotspotSample));
  for (int j = grid.height - 1; j >= 0; j--)
    for (int i = 0; i < grid.width; i++)
      {
        double density = values[(gsize) j * grid.width + i] * 1e6;
        GmHotspotSample s;

        if (density < 0.01 * result->max_density)
          continue;
        sample_cell (projection, &grid, i, j, density, &s);
        g_array_append_val (samples, s);
      }
  return samples;
}
