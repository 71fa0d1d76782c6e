/* gm-hexgrid.c — hexagonal cells: which cell holds a point, and counts. */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>

#include "gm-hexgrid.h"

#define SQRT3 1.7320508075688772

/* Rounds fractional axial coordinates to the hexagon that holds them, by
 * way of cube coordinates (x + y + z = 0): the largest rounding error is
 * the one to correct. */
static void
hex_round (double  fq,
           double  fr,
           int    *q,
           int    *r)
{
  double fs = -fq - fr;
  double rq = round (fq), rr = round (fr), rs = round (fs);
  double dq = fabs (rq - fq), dr = fabs (rr - fr), ds = fabs (rs - fs);

  if (dq > dr && dq > ds)
    rq = -rr - rs;
  else if (dr > ds)
    rr = -rq - rs;
  *q = (int) rq;
  *r = (int) rr;
}

void
gm_hex_of_point (double  size,
                 double  x,
                 double  y,
                 int    *q,
                 int    *r)
{
  g_return_if_fail (size > 0 && q != NULL && r != NULL);

  hex_round ((SQRT3 / 3.0 * x - y / 3.0) / size, (2.0 / 3.0 * y) / size, q, r);
}

void
gm_hex_center (double  size,
               int     q,
               int     r,
               double *x,
               double *y)
{
  *x = size * SQRT3 * (q + r / 2.0);
  *y = size * 1.5 * r;
}

void
gm_hex_corners (double size,
                int    q,
                int    r,
                double xy[12])
{
  double cx, cy;

  gm_hex_center (size, q, r, &cx, &cy);
  for (int k = 0; k < 6; k++)
    {
      double angle = G_PI / 180.0 * (60.0 * k + 30.0);

      xy[2 * k] = cx + size * cos (angle);
      xy[2 * k + 1] = cy + size * sin (angle);
    }
}

static inline gint64
hex_key (int q,
         int r)
{
  return (gint64) ((guint64) (guint32) q << 32 | (guint32) r);
}

static GmHexCell *
cell_for (GHashTable *index,
          GArray     *cells,
          double      size,
          double      x,
          double      y)
{
  int q, r;
  gint64 key;
  gpointer found;

  gm_hex_of_point (size, x, y, &q, &r);
  key = hex_key (q, r);
  if (!g_hash_table_lookup_extended (index, &key, NULL, &found))
    {
      GmHexCell cell = { q, r, 0, 0, 0.0, 0 };
      gint64 *stored = g_new (gint64, 1);

      gm_hex_center (size, q, r, &cell.x, &cell.y);
      g_array_append_val (cells, cell);
      *stored = key;
      found = GUINT_TO_POINTER (cells->len);
      g_hash_table_insert (index, stored, found);
    }
  return &g_array_index (cells, GmHexCell, GPOINTER_TO_UINT (found) - 1);
}

static int
compare_cells (const void *a,
               const void *b)
{
  const GmHexCell *ca = a, *cb = b;

  if (ca->r != cb->r)
    return ca->r > cb->r ? -1 : 1;
  return (ca->q > cb->q) - (ca->q < cb->q);
}

GArray *
gm_hex_bin (double        size,
            const double *ax,
            const double *ay,
            gsize         n_area,
            const double *px,
            const double *py,
            const double *pw,
            gsize         n_points)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GArray *cells = g_array_new (FALSE, FALSE, sizeof (GmHexCell));

  g_return_val_if_fail (size > 0, cells);

  for (gsize i = 0; i < n_area; i++)
    cell_for (index, cells, size, ax[i], ay[i]);
  for (gsize i = 0; i < n_points; i++)
    {
      GmHexCell *cell = cell_for (index, cells, size, px[i], py[i]);

      cell->value += pw != NULL ? pw[i] : 1.0;
      cell->n_points++;
    }
  qsort (cells->data, cells->len, sizeof (GmHexCell), compare_cells);
  return cells;
}
