/* gm-kde.h — kernel density of points: the quartic kernel and a spatial
 * Silverman bandwidth.
 *
 * The density at a place is Σ wᵢ K(dᵢ / h) / h², with the quartic
 * (biweight) kernel K(u) = 3/π · (1 − u²)² for u < 1 and 0 beyond. It is an
 * intensity: with coordinates in metres, weighted hazards per square metre;
 * integrated over the plane it gives Σ wᵢ. Pure arithmetic: callers project
 * the points first.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* K(d / h) / h² for one point of weight 1 at distance @d. */
double gm_kde_kernel     (double        d,
                          double        h);

/* The density at (@px, @py) of @n points (@w NULL: weight 1 each). */
double gm_kde_density_at (const double *x,
                          const double *y,
                          const double *w,
                          gsize         n,
                          double        h,
                          double        px,
                          double        py);

/* The spatial form of Silverman's rule (as in ArcGIS Kernel Density):
 *   h = 0.9 · min(SD, √(1 / ln 2) · Dm) · n^(−0.2)
 * with SD the standard distance of the points from their mean centre, Dm
 * the median distance from it and n the sum of weights (all weighted when
 * @w is given). 0 when there are fewer than two points or they all lie at
 * the same place. */
double gm_kde_silverman  (const double *x,
                          const double *y,
                          const double *w,
                          gsize         n);

/* One point's contribution to a raster: a·(1 − d²/r²)² within radius r,
 * in the raster's units. */
typedef struct
{
  double x;
  double y;
  double radius;
  double amplitude;
} GmKdeStamp;

/* A raster of width × height square cells; values are taken at the cells'
 * centres, row by row from (origin_x, origin_y). */
typedef struct
{
  double origin_x;
  double origin_y;
  double cell;
  int    width;
  int    height;
} GmKdeGrid;

/* Adds every stamp into @values (width × height, row-major). */
void   gm_kde_grid_add   (const GmKdeGrid  *grid,
                          const GmKdeStamp *stamps,
                          gsize             n,
                          double           *values);

G_END_DECLS
