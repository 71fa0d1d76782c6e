/* gm-render-overview.c — the map from afar, painted from the project's
 * overview images (gm-overview.h) instead of its features.
 *
 * A tile at a zoom the overview keeps is one image per layer, copied pixel
 * for pixel: the painters drew it for exactly that tile. Other views (a
 * print page, a HiDPI screen, a zoom between two) take the images of the
 * next finer zoom, scaled with cairo's good filter.
 */
#include "gm-config.h"

#include <math.h>

#include "gm-overview-private.h"
#include "gm-render-private.h"

static int
gm_overview_min_zoom (GmStore *store)
{
  g_autofree char *zoom = gm_store_dup_meta (store, "overview_min_zoom");

  return zoom != NULL ? (int) g_ascii_strtoll (zoom, NULL, 10) : GM_OVERVIEW_MAX_ZOOM;
}

gboolean
gm_overview_choose (GmDrawContext  *ctx,
                    GError        **error)
{
  const GmView *v = ctx->view;
  double effective = v->zoom + log2 (v->scale);
  g_autoptr(GError) local = NULL;
  gboolean current = FALSE;

  ctx->overview_level = -1;
  /* Paper is drawn from the features: what is printed is sharp at any
   * resolution, and a page is drawn once. */
  if (ctx->print || effective > GM_OVERVIEW_BUILDINGS_MAX_ZOOM + 1e-6)
    return TRUE;
  /* A project that cannot say is drawn from its features. */
  if (!gm_overview_get_current (ctx->store, &current, &local))
    g_debug ("overview: %s", local->message);
  if (!current)
    return TRUE;
  ctx->overview_level = CLAMP ((int) ceil (effective - 1e-6), gm_overview_min_zoom (ctx->store),
                               GM_OVERVIEW_BUILDINGS_MAX_ZOOM);
  return TRUE;
}

int
gm_overview_level_for (GmDrawContext *ctx,
                       int            layer)
{
  if (ctx->overview_level < 0 || ctx->overview_level > gm_overview_layer_max_zoom (layer))
    return -1;
  return ctx->overview_level;
}

/* Paints one image whose top left is at (@x, @y) in view pixels, @f view
 * pixels to one of its pixels, clipped to its own square (without
 * antialiasing, so neighbours meet without a seam). */
static void
gm_paint_overview_image (GmDrawContext   *ctx,
                         cairo_surface_t *image,
                         double           x,
                         double           y,
                         double           f,
                         const GmRgb     *color)
{
  cairo_t *cr = ctx->cr;
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (image);
  gboolean exact = f == 1.0 && ctx->view->scale == 1.0 && x == floor (x) && y == floor (y);
  cairo_matrix_t m;

  cairo_matrix_init_scale (&m, 1.0 / f, 1.0 / f);
  cairo_matrix_translate (&m, -x, -y);
  cairo_pattern_set_matrix (pattern, &m);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_pattern_set_filter (pattern, exact ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_rectangle (cr, x, y, GM_OVERVIEW_TILE * f, GM_OVERVIEW_TILE * f);
  cairo_clip (cr);
  if (color != NULL)
    {
      cairo_set_source_rgb (cr, color->r, color->g, color->b);
      cairo_mask (cr, pattern);
    }
  else
    {
      cairo_set_source (cr, pattern);
      cairo_paint (cr);
    }
  cairo_restore (cr);
  cairo_pattern_destroy (pattern);
}

gboolean
gm_draw_overview (GmDrawContext  *ctx,
                  int             layer,
                  const GmRgb    *color,
                  GError        **error)
{
  const GmView *v = ctx->view;
  int level = gm_overview_level_for (ctx, layer);
  double f = exp2 (v->zoom - level);
  double span = GM_OVERVIEW_TILE * f;
  sqlite3_stmt *stmt;
  int rc;

  g_assert (level >= 0 && layer < GM_OVERVIEW_N_LAYERS);
  stmt = gm_store_prepare (ctx->store, "SELECT x, y, image FROM overview"
                           " WHERE layer = ?1 AND zoom = ?2 AND x BETWEEN ?3 AND ?4 AND y BETWEEN ?5 AND ?6",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, gm_overview_layer_name (layer), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, level);
  sqlite3_bind_int (stmt, 3, (int) floor (v->origin_x / span));
  sqlite3_bind_int (stmt, 4, (int) floor ((v->origin_x + v->width / v->scale) / span - 1e-9));
  sqlite3_bind_int (stmt, 5, (int) floor (v->origin_y / span));
  sqlite3_bind_int (stmt, 6, (int) floor ((v->origin_y + v->height / v->scale) / span - 1e-9));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      cairo_surface_t *image = gm_overview_decode (layer, sqlite3_column_blob (stmt, 2),
                                                   sqlite3_column_bytes (stmt, 2));

      /* A damaged image leaves its square empty rather than the map. */
      if (image == NULL)
        continue;
      gm_paint_overview_image (ctx, image, sqlite3_column_int (stmt, 0) * span - v->origin_x,
                               sqlite3_column_int (stmt, 1) * span - v->origin_y, f, color);
      cairo_surface_destroy (image);
    }
  return gm_draw_finish_query (ctx, stmt, rc, error);
}
