/* gm-hexgrid.h — hexagonal cells over a plane, for counting points.
 *
 * Pointy-top regular hexagons with edge (= circumradius) @size, in axial
 * coordinates (q, r): the centre of (q, r) is
 *   x = size · √3 · (q + r/2),  y = size · 3/2 · r.
 * Neighbouring centres are √3 · size apart; a cell's area is
 * 3√3/2 · size².
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int     q;
  int     r;
  double  x;          /* centre */
  double  y;
  double  value;      /* the sum of the weights of the points in it */
  guint   n_points;
} GmHexCell;

void    gm_hex_of_point  (double        size,
                          double        x,
                          double        y,
                          int          *q,
                          int          *r);
void    gm_hex_center    (double        size,
                          int           q,
                          int           r,
                          double       *x,
                          double       *y);
/* The six corners, counter-clockwise from the one at 30°, as x0 y0 x1 … */
void    gm_hex_corners   (double        size,
                          int           q,
                          int           r,
                          double        xy[12]);

/* Counts points in cells. The cells are every hexagon that holds a point
 * of the study area (@ax, @ay: where hazards can be, e.g. buildings) or a
 * counted point (@px, @py, weights @pw or 1), so places with nothing
 * counted are cells with 0. Sorted north to south, then west to east.
 * Returns an array of GmHexCell. */
GArray *gm_hex_bin       (double        size,
                          const double *ax,
                          const double *ay,
                          gsize         n_area,
                          const double *px,
                          const double *py,
                          const double *pw,
                          gsize         n_points);

G_END_DECLS
