/* gm-gistar.h — Getis–Ord Gi* local statistics, p-values and the
 * Benjamini–Hochberg false discovery rate.
 *
 * Gi* (Getis & Ord 1992, Ord & Getis 1995) with binary weights at a fixed
 * distance band, each place its own neighbour (w_ii = 1):
 *
 *   z_i = (Σ_j w_ij x_j − x̄ W_i) / (s · √((n S1_i − W_i²) / (n − 1)))
 *
 * with W_i = Σ_j w_ij, S1_i = Σ_j w_ij², x̄ the mean and s² = Σ (x − x̄)² / n.
 * This is what R's spdep::localG() computes for a self-included binary
 * neighbour list (tests/data/gistar compares the two).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Confidence classes, from cold (−3: 99 %) to hot (+3: 99 %). */
typedef enum
{
  GM_GI_COLD_99 = -3,
  GM_GI_COLD_95 = -2,
  GM_GI_COLD_90 = -1,
  GM_GI_NOT_SIGNIFICANT = 0,
  GM_GI_HOT_90 = 1,
  GM_GI_HOT_95 = 2,
  GM_GI_HOT_99 = 3,
} GmGiClass;

/* Fills @z (n values) for places at (@x, @y) with values @v. Fails with a
 * clear message when every value is the same or the band takes in every
 * place (then Gi* says nothing). @n_neighbours, when not NULL, receives
 * each place's W_i. */
gboolean  gm_gistar             (const double  *x,
                                 const double  *y,
                                 const double  *v,
                                 gsize          n,
                                 double         band,
                                 double        *z,
                                 guint         *n_neighbours,
                                 GError       **error);

/* The two-sided p-value of a standard normal z-score. */
double    gm_normal_p_two_sided (double         z);

/* Benjamini–Hochberg adjusted p-values (q-values) into @q:
 * q_(k) = min over j ≥ k of (n / j) · p_(j), at most 1, as R's
 * p.adjust(p, "BH"). */
void      gm_fdr_bh             (const double  *p,
                                 gsize          n,
                                 double        *q);

/* The class of a place from its z-score and its FDR-adjusted p-value:
 * significant at 99 % when q ≤ 0.01, 95 % when q ≤ 0.05, 90 % when
 * q ≤ 0.10; hot for z > 0, cold for z < 0. */
GmGiClass gm_gistar_class       (double         z,
                                 double         q);

G_END_DECLS
