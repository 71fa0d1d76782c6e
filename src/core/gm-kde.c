/* gm-kde.c — quartic kernel density and the spatial Silverman bandwidth. */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>

#include "gm-kde.h"

double
gm_kde_kernel (double d,
               double h)
{
  double u2;

  g_return_val_if_fail (h > 0, 0.0);

  u2 = (d * d) / (h * h);
  if (u2 >= 1.0)
    return 0.0;
  return 3.0 / G_PI * (1.0 - u2) * (1.0 - u2) / (h * h);
}

double
gm_kde_density_at (const double *x,
                   const double *y,
                   const double *w,
                   gsize         n,
                   double        h,
                   double        px,
                   double        py)
{
  double sum = 0.0;

  g_return_val_if_fail (h > 0, 0.0);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0.0);

  for (gsize i = 0; i < n; i++)
    sum += (w != NULL ? w[i] : 1.0) * gm_kde_kernel (hypot (x[i] - px, y[i] - py), h);
  return sum;
}

typedef struct
{
  double d;
  double w;
} GmWeighted;

static int
compare_weighted (const void *a,
                  const void *b)
{
  double da = ((const GmWeighted *) a)->d;
  double db = ((const GmWeighted *) b)->d;

  return (da > db) - (da < db);
}

/* The weighted median of @v (sorted here); with equal weights the usual
 * median, the mean of the middle two for an even count. */
static double
weighted_median (GmWeighted *v,
                 gsize       n,
                 double      total)
{
  double cumulative = 0.0;

  qsort (v, n, sizeof *v, compare_weighted);
  for (gsize i = 0; i < n; i++)
    {
      cumulative += v[i].w;
      /* Exactly half the weight below: between this one and the next. */
      if (fabs (cumulative - total / 2.0) <= 1e-12 * total && i + 1 < n)
        return (v[i].d + v[i + 1].d) / 2.0;
      if (cumulative > total / 2.0)
        return v[i].d;
    }
  return n > 0 ? v[n - 1].d : 0.0;
}

double
gm_kde_silverman (const double *x,
                  const double *y,
                  const double *w,
                  gsize         n)
{
  g_autofree GmWeighted *dist = NULL;
  double total = 0.0, mx = 0.0, my = 0.0, ss = 0.0, sd, dm;

  if (n < 2)
    return 0.0;
  g_return_val_if_fail (x != NULL && y != NULL, 0.0);

  for (gsize i = 0; i < n; i++)
    {
      double wi = w != NULL ? w[i] : 1.0;

      total += wi;
      mx += wi * x[i];
      my += wi * y[i];
    }
  if (total <= 0.0)
    return 0.0;
  mx /= total;
  my /= total;

  dist = g_new (GmWeighted, n);
  for (gsize i = 0; i < n; i++)
    {
      double wi = w != NULL ? w[i] : 1.0;
      double dx = x[i] - mx, dy = y[i] - my;

      ss += wi * (dx * dx + dy * dy);
      dist[i].d = sqrt (dx * dx + dy * dy);
      dist[i].w = wi;
    }
  sd = sqrt (ss / total);
  dm = weighted_median (dist, n, total);
  return 0.9 * MIN (sd, sqrt (1.0 / G_LN2) * dm) * pow (total, -0.2);
}

/* One stamp into the cells whose centres lie within its radius. */
static inline void
stamp_add (const GmKdeGrid  *g,
           const GmKdeStamp *s,
           double           *values)
{
  double r2 = s->radius * s->radius;
  double inv_r2 = 1.0 / r2;
  /* Cell (i, j) has its centre at origin + (i + ½, j + ½)·cell. */
  int j0 = MAX ((int) ceil ((s->y - s->radius - g->origin_y) / g->cell - 0.5), 0);
  int j1 = MIN ((int) floor ((s->y + s->radius - g->origin_y) / g->cell - 0.5), g->height - 1);

  for (int j = j0; j <= j1; j++)
    {
      double dy = g->origin_y + (j + 0.5) * g->cell - s->y;
      double half = r2 - dy * dy;
      double *row = values + (gsize) j * g->width;
      int i0, i1;

      if (half <= 0)
        continue;
      half = sqrt (half);
      i0 = MAX ((int) ceil ((s->x - half - g->origin_x) / g->cell - 0.5), 0);
      i1 = MIN ((int) floor ((s->x + half - g->origin_x) / g->cell - 0.5), g->width - 1);
      /* The centres from i0 to i1 lie within the radius: no test, so the
       * loop vectorises. Rounding may leave v a hair below 0: v² is then
       * a hair above 0, far below any colour. */
      for (int i = i0; i <= i1; i++)
        {
          double dx = g->origin_x + (i + 0.5) * g->cell - s->x;
          double v = 1.0 - (dx * dx + dy * dy) * inv_r2;

          row[i] += s->amplitude * v * v;
        }
    }
}

void
gm_kde_grid_add (const GmKdeGrid  *grid,
                 const GmKdeStamp *stamps,
                 gsize             n,
                 double           *values)
{
  g_return_if_fail (grid != NULL && values != NULL);
  g_return_if_fail (grid->cell > 0 && grid->width >= 0 && grid->height >= 0);

  for (gsize k = 0; k < n; k++)
    if (stamps[k].radius > 0)
      stamp_add (grid, &stamps[k], values);
}
