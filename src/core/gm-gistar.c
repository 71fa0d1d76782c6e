/* gm-gistar.c — Getis–Ord Gi*, normal p-values, Benjamini–Hochberg FDR.
 *
 * Neighbours within the band are found through a uniform grid of buckets
 * at least a band wide, so each place looks at the 3 × 3 buckets around
 * its own: linear in the number of places for any sensible band.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "gm-gistar.h"
#include "gm-hotspot.h"

typedef struct
{
  double  min_x, min_y;
  double  size;         /* bucket edge, ≥ the band */
  int     nx, ny;
  guint  *start;        /* nx·ny + 1 offsets into order */
  guint  *order;        /* place indexes, bucket by bucket */
} GmBuckets;

static void
buckets_clear (GmBuckets *b)
{
  g_free (b->start);
  g_free (b->order);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmBuckets, buckets_clear)

static inline int
bucket_index (const GmBuckets *b,
              double           x,
              double           y)
{
  int bx = CLAMP ((int) ((x - b->min_x) / b->size), 0, b->nx - 1);
  int by = CLAMP ((int) ((y - b->min_y) / b->size), 0, b->ny - 1);

  return by * b->nx + bx;
}

/* A counting sort of the places into buckets. */
static void
buckets_init (GmBuckets    *b,
              const double *x,
              const double *y,
              gsize         n,
              double        band)
{
  double max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double cells;

  b->min_x = b->min_y = G_MAXDOUBLE;
  for (gsize i = 0; i < n; i++)
    {
      b->min_x = MIN (b->min_x, x[i]);
      b->min_y = MIN (b->min_y, y[i]);
      max_x = MAX (max_x, x[i]);
      max_y = MAX (max_y, y[i]);
    }
  /* No more buckets than four per place, however small the band. */
  b->size = band;
  cells = ((max_x - b->min_x) / b->size + 1) * ((max_y - b->min_y) / b->size + 1);
  if (cells > 4.0 * n + 1024)
    b->size *= sqrt (cells / (4.0 * n + 1024));
  b->nx = (int) ((max_x - b->min_x) / b->size) + 1;
  b->ny = (int) ((max_y - b->min_y) / b->size) + 1;

  b->start = g_new0 (guint, (gsize) b->nx * b->ny + 1);
  b->order = g_new (guint, n);
  for (gsize i = 0; i < n; i++)
    b->start[bucket_index (b, x[i], y[i]) + 1]++;
  for (int k = 0; k < b->nx * b->ny; k++)
    b->start[k + 1] += b->start[k];
  {
    g_autofree guint *fill = g_memdup2 (b->start, sizeof (guint) * ((gsize) b->nx * b->ny));

    for (gsize i = 0; i < n; i++)
      b->order[fill[bucket_index (b, x[i], y[i])]++] = (guint) i;
  }
}

/* Σ_j w_ij v_j and W_i for place @i. */
static void
neighbour_sums (const GmBuckets *b,
                const double    *x,
                const double    *y,
                const double    *v,
                gsize            i,
                double           band2,
                double          *sum,
                guint           *count)
{
  int bx = CLAMP ((int) ((x[i] - b->min_x) / b->size), 0, b->nx - 1);
  int by = CLAMP ((int) ((y[i] - b->min_y) / b->size), 0, b->ny - 1);

  *sum = 0.0;
  *count = 0;
  for (int ny = MAX (by - 1, 0); ny <= MIN (by + 1, b->ny - 1); ny++)
    for (int nx = MAX (bx - 1, 0); nx <= MIN (bx + 1, b->nx - 1); nx++)
      {
        int k = ny * b->nx + nx;

        for (guint o = b->start[k]; o < b->start[k + 1]; o++)
          {
            guint j = b->order[o];
            double dx = x[j] - x[i], dy = y[j] - y[i];

            if (dx * dx + dy * dy <= band2)
              {
                *sum += v[j];
                (*count)++;
              }
          }
      }
}

static gboolean
mean_and_sd (const double  *v,
             gsize          n,
             double        *mean,
             double        *sd,
             GError       **error)
{
  double m = 0.0, ss = 0.0;

  for (gsize i = 0; i < n; i++)
    m += v[i];
  m /= n;
  for (gsize i = 0; i < n; i++)
    ss += (v[i] - m) * (v[i] - m);
  *mean = m;
  *sd = sqrt (ss / n);
  if (*sd > 0.0 && n >= 2)
    return TRUE;
  g_set_error_literal (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_NO_VARIATION,
                       _("Every cell holds the same number of hazards, so no place stands out: "
                         "choose other cells or a wider filter"));
  return FALSE;
}

gboolean
gm_gistar (const double  *x,
           const double  *y,
           const double  *v,
           gsize          n,
           double         band,
           double        *z,
           guint         *n_neighbours,
           GError       **error)
{
  g_auto(GmBuckets) buckets = { 0 };
  double mean, sd;

  g_return_val_if_fail (band > 0, FALSE);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL && v != NULL && z != NULL), FALSE);

  if (!mean_and_sd (v, n, &mean, &sd, error))
    return FALSE;
  buckets_init (&buckets, x, y, n, band);
  for (gsize i = 0; i < n; i++)
    {
      double sum, denominator;
      guint w;

      neighbour_sums (&buckets, x, y, v, i, band * band, &sum, &w);
      if (n_neighbours != NULL)
        n_neighbours[i] = w;
      /* Binary weights: S1_i = W_i. */
      denominator = ((double) n * w - (double) w * w) / (n - 1.0);
      if (denominator <= 0.0)
        {
          g_set_error_literal (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                               _("The distance band takes in the whole area, so no place can stand "
                                 "out from the rest: choose a shorter band"));
          return FALSE;
        }
      z[i] = (sum - mean * w) / (sd * sqrt (denominator));
    }
  return TRUE;
}

double
gm_normal_p_two_sided (double z)
{
  /* 2 · (1 − Φ(|z|)) = erfc(|z| / √2), without cancellation in the tail. */
  return erfc (fabs (z) / G_SQRT2);
}

typedef struct
{
  double p;
  gsize  i;
} GmRanked;

static int
compare_ranked (const void *a,
                const void *b)
{
  const GmRanked *ra = a, *rb = b;

  if (ra->p != rb->p)
    return ra->p < rb->p ? -1 : 1;
  return (ra->i > rb->i) - (ra->i < rb->i);
}

void
gm_fdr_bh (const double *p,
           gsize         n,
           double       *q)
{
  g_autofree GmRanked *ranked = NULL;
  double running = 1.0;

  g_return_if_fail (n == 0 || (p != NULL && q != NULL));

  ranked = g_new (GmRanked, n);
  for (gsize i = 0; i < n; i++)
    ranked[i] = (GmRanked) { p[i], i };
  qsort (ranked, n, sizeof *ranked, compare_ranked);
  /* From the largest p down, the running minimum of n/k · p_(k). */
  for (gsize k = n; k > 0; k--)
    {
      double candidate = (double) n / k * ranked[k - 1].p;

      running = MIN (running, candidate);
      q[ranked[k - 1].i] = running;
    }
}

GmGiClass
gm_gistar_class (double z,
                 double q)
{
  int level = q <= 0.01 ? 3 : q <= 0.05 ? 2 : q <= 0.10 ? 1 : 0;

  if (level == 0 || z == 0.0)
    return GM_GI_NOT_SIGNIFICANT;
  return (GmGiClass) (z > 0 ? level : -level);
}
