/* gm-render-hazards.c — hazards on the map, coloured by status.
 *
 * Colours are the Okabe–Ito palette's, which colour-blind readers can tell
 * apart: open ones orange-red, notices amber, rectified blue, closed grey;
 * overdue ones have a dark red ring.
 */
#include "gm-config.h"

#include <math.h>

#include "gm-render-private.h"

static const GmRgb hazard_colors[] = {
  [GM_HAZARD_DISCOVERED] = GM_RGB (0xD55E00),
  [GM_HAZARD_NOTIFIED] = GM_RGB (0xE69F00),
  [GM_HAZARD_RECTIFIED] = GM_RGB (0x0072B2),
  [GM_HAZARD_CLOSED] = GM_RGB (0x8c8c8c),
};

/* Hazards by how they are drawn: a status, and overdue or not. */
#define GM_HAZARD_GROUPS (G_N_ELEMENTS (hazard_colors) * 2)

/* One hazard's dot, drawn once per group and painted at every point: a
 * district's thousands of dots near a street cost cairo little that way.
 * The image is centred on pixel (@half, @half). */
static cairo_surface_t *
gm_hazard_sprite (GmHazardStatus status,
                  gboolean       overdue,
                  double         radius,
                  double         scale,
                  int           *half)
{
  const GmRgb *c = &hazard_colors[status];
  int size;
  cairo_surface_t *sprite;
  cairo_t *cr;

  *half = (int) ceil (radius + 2);
  size = (int) ceil ((2 * *half + 1) * scale);
  sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_surface_set_device_scale (sprite, scale, scale);
  cr = cairo_create (sprite);
  cairo_arc (cr, *half + 0.5, *half + 0.5, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
  cairo_fill_preserve (cr);
  /* Rings scale with the dots: from afar a thick ring is all one sees. */
  cairo_set_line_width (cr, (overdue ? 2.5 : 1.2) * MIN (1.0, radius / 4.5));
  if (overdue)
    cairo_set_source_rgb (cr, 0.45, 0.0, 0.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
  return sprite;
}

static void
gm_paint_hazard_group (cairo_t        *cr,
                       const GArray   *points,
                       GmHazardStatus  status,
                       gboolean        overdue,
                       double          radius,
                       double          scale)
{
  int half;
  cairo_surface_t *sprite = gm_hazard_sprite (status, overdue, radius, scale, &half);
  cairo_pattern_t *pattern = cairo_pattern_create_for_surface (sprite);
  cairo_matrix_t m;

  cairo_set_source (cr, pattern);
  for (guint i = 0; i < points->len; i += 2)
    {
      /* At whole pixels: the same dot everywhere, and cairo's fastest copy. */
      double x = floor (g_array_index (points, double, i)) - half;
      double y = floor (g_array_index (points, double, i + 1)) - half;

      cairo_matrix_init_translate (&m, -x, -y);
      cairo_pattern_set_matrix (pattern, &m);
      cairo_rectangle (cr, x, y, 2 * half + 1, 2 * half + 1);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (sprite);
}

/* Each row's point, in view pixels, into the array of its group. */
static int
gm_read_hazards (GmDrawContext *ctx,
                 sqlite3_stmt  *stmt,
                 GArray       **groups)
{
  GmProjection p;
  int rc;

  gm_projection_init (&p, ctx->view);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmHazardStatus status = GM_HAZARD_DISCOVERED;
      gboolean overdue = sqlite3_column_int (stmt, 3) != 0;
      double xy[2];

      gm_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &status);
      gm_project (&p, sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1), &xy[0], &xy[1]);
      g_array_append_vals (groups[status * 2 + (overdue ? 1 : 0)], xy, 2);
    }
  return rc;
}

gboolean
gm_draw_hazards (GmDrawContext  *ctx,
                 GError        **error)
{
  /* Closed and rectified ones first, open ones on top where points crowd,
   * overdue ones topmost. From afar only open ones are drawn: a district's
   * history of closed hazards would bury a street in dots. */
  static const GmHazardStatus order[] = {
    GM_HAZARD_CLOSED, GM_HAZARD_RECTIFIED, GM_HAZARD_DISCOVERED, GM_HAZARD_NOTIFIED,
  };
  cairo_t *cr = ctx->cr;
  double radius = ctx->view->zoom >= 17 ? 6.0 : ctx->view->zoom >= 15 ? 4.5 : 2.5;
  gboolean open_only = ctx->view->zoom < 15;
  GArray *groups[GM_HAZARD_GROUPS];
  sqlite3_stmt *stmt;
  int rc;

  /* The point is the centre of its R*Tree box, and the rest is read from
   * the small index hazard_map: a tile near a hot spot has thousands of
   * hazards, and their rows would cost a page read each. The R*Tree hands
   * them out in the order of its own tree, whatever the view, so two tiles
   * stack the dots they share alike. */
  stmt = gm_draw_query (ctx, "SELECT (i.xmin + i.xmax) / 2, (i.ymin + i.ymax) / 2, h.status,"
                        "   h.status IN ('discovered', 'notified') AND h.deadline < ?5"
                        " FROM idx_hazard_location i JOIN hazard h INDEXED BY hazard_map ON h.id = i.pkid"
                        " WHERE i.xmin <= ?2 AND i.xmax >= ?1 AND i.ymin <= ?4 AND i.ymax >= ?3"
                        "   AND (NOT ?6 OR h.status IN ('discovered', 'notified'))",
                        radius + 3, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 5, ctx->today, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 6, open_only);
  for (guint g = 0; g < GM_HAZARD_GROUPS; g++)
    groups[g] = g_array_new (FALSE, FALSE, sizeof (double));
  rc = gm_read_hazards (ctx, stmt, groups);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    for (guint overdue = 0; overdue < 2; overdue++)
      if (groups[order[i] * 2 + overdue]->len > 0)
        gm_paint_hazard_group (cr, groups[order[i] * 2 + overdue], order[i], overdue, radius,
                               ctx->view->scale);
  for (guint g = 0; g < GM_HAZARD_GROUPS; g++)
    g_array_unref (groups[g]);
  return gm_draw_finish_query (ctx, stmt, rc, error);
}
