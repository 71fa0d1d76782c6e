/* gm-render-print.c — what the renderer draws for print pages besides the
 * layers of the map: one grid standing out among faded neighbours, and the
 * legend's swatches in the map's own styles.
 */
#include "gm-config.h"

#include <math.h>

#include "gm-render-private.h"

#define GM_FOCUS_LINE_RGB 0xb3261e

static void
gm_set_rgb (cairo_t *cr,
            guint32  rgb,
            double   alpha)
{
  cairo_set_source_rgba (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

/* Strokes the focus outline: a white band under a strong red line that
 * reads over any fill, road or building. */
static void
gm_stroke_focus (cairo_t *cr,
                 double   width)
{
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, width + 3.0);
  cairo_stroke_preserve (cr);
  gm_set_rgb (cr, GM_FOCUS_LINE_RGB, 1.0);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

gboolean
gm_draw_focus (GmDrawContext  *ctx,
               GError        **error)
{
  cairo_t *cr = ctx->cr;
  const GmView *v = ctx->view;
  cairo_path_t *outline;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  int rc;

  stmt = gm_draw_query (ctx, "SELECT boundary FROM grid WHERE id = ?5", 0, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 5, ctx->focus_grid);
  cairo_new_path (cr);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    found |= gm_draw_append_geometry (ctx, stmt, 0);
  outline = cairo_copy_path (cr);
  if (!gm_draw_finish_query (ctx, stmt, rc, error))
    {
      cairo_path_destroy (outline);
      return FALSE;
    }

  /* Everything but the grid under a light veil: the neighbours stay
   * readable for finding the way, but fade back. */
  cairo_new_path (cr);
  cairo_rectangle (cr, -8, -8, v->width / v->scale + 16, v->height / v->scale + 16);
  cairo_append_path (cr, outline);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.58);
  cairo_fill (cr);
  if (found)
    {
      cairo_new_path (cr);
      cairo_append_path (cr, outline);
      gm_stroke_focus (cr, v->zoom >= 15 ? 3.5 : 2.5);
    }
  cairo_path_destroy (outline);
  return TRUE;
}

/* ---- legend swatches ----------------------------------------------------------- */

static void
gm_swatch_road (cairo_t    *cr,
                const char *kind,
                double      x,
                double      y,
                double      w,
                double      h,
                double      width)
{
  guint32 fill, casing;
  double width16;

  gm_render_road_colors (kind, &fill, &casing, &width16);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_move_to (cr, x, y + h / 2);
  cairo_line_to (cr, x + w, y + h / 2);
  if (casing != 0)
    {
      gm_set_rgb (cr, casing, 1.0);
      cairo_set_line_width (cr, width + 1.2);
      cairo_stroke_preserve (cr);
      gm_set_rgb (cr, fill, 1.0);
      cairo_set_line_width (cr, width);
      cairo_stroke (cr);
    }
  else
    {
      double dash[] = { 2.5, 1.6 };

      gm_set_rgb (cr, fill, 1.0);
      cairo_set_line_width (cr, 1.0);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
}

static void
gm_swatch_area (cairo_t *cr,
                guint32  fill,
                guint32  line,
                double   x,
                double   y,
                double   w,
                double   h)
{
  cairo_rectangle (cr, x + 0.5, y + 0.5, w - 1, h - 1);
  gm_set_rgb (cr, fill, 1.0);
  cairo_fill_preserve (cr);
  gm_set_rgb (cr, line, 1.0);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);
}

/* Grids: three neighbours in three palette colours with their outlines. */
static void
gm_swatch_grids (cairo_t *cr,
                 double   x,
                 double   y,
                 double   w,
                 double   h)
{
  for (int i = 0; i < 3; i++)
    {
      double r, g, b;

      gm_render_get_grid_rgb (i, &r, &g, &b);
      cairo_rectangle (cr, x + i * w / 3, y, w / 3, h);
      cairo_set_source_rgba (cr, r, g, b, 0.45);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, r * 0.55, g * 0.55, b * 0.55);
      cairo_set_line_width (cr, 0.9);
      cairo_stroke (cr);
    }
}

static void
gm_swatch_community (cairo_t *cr,
                     double   x,
                     double   y,
                     double   w,
                     double   h)
{
  static const double dash[] = { 4.5, 2.0, 1.0, 2.0 };

  cairo_move_to (cr, x, y + h / 2);
  cairo_line_to (cr, x + w, y + h / 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 3.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.37, 0.20, 0.53);
  cairo_set_line_width (cr, 1.4);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
gm_swatch_landmark (cairo_t *cr,
                    double   x,
                    double   y,
                    double   w,
                    double   h)
{
  cairo_arc (cr, x + w / 2, y + h / 2, MIN (w, h) * 0.22, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke_preserve (cr);
  gm_set_rgb (cr, 0x5b3a1e, 1.0);
  cairo_fill (cr);
}

void
gm_render_draw_legend_swatch (cairo_t      *cr,
                              GmLegendItem  item,
                              double        x,
                              double        y,
                              double        w,
                              double        h)
{
  guint32 green = 0xcdebb0;

  g_return_if_fail (cr != NULL);

  gm_render_landuse_rgb ("park", &green);
  cairo_save (cr);
  cairo_new_path (cr);
  switch (item)
    {
    case GM_LEGEND_FOCUS_GRID:
      cairo_rectangle (cr, x + 1.5, y + 1.5, w - 3, h - 3);
      gm_stroke_focus (cr, 1.8);
      break;
    case GM_LEGEND_GRID:
      gm_swatch_grids (cr, x, y, w, h);
      break;
    case GM_LEGEND_COMMUNITY:
      gm_swatch_community (cr, x, y, w, h);
      break;
    case GM_LEGEND_MAJOR_ROAD:
      gm_swatch_road (cr, "primary", x, y, w, h, h * 0.45);
      break;
    case GM_LEGEND_MINOR_ROAD:
      gm_swatch_road (cr, "residential", x, y, w, h, h * 0.32);
      break;
    case GM_LEGEND_PATH:
      gm_swatch_road (cr, "footway", x, y, w, h, 1.0);
      break;
    case GM_LEGEND_BUILDING:
      gm_swatch_area (cr, GM_RENDER_BUILDING_RGB, 0xb5a99e, x + w * 0.15, y + h * 0.1, w * 0.7, h * 0.8);
      break;
    case GM_LEGEND_GREEN:
      gm_swatch_area (cr, green, 0xa8c890, x, y, w, h);
      break;
    case GM_LEGEND_WATER:
      gm_swatch_area (cr, 0xaad3df, 0x8fb8c6, x, y, w, h);
      break;
    case GM_LEGEND_LANDMARK:
      gm_swatch_landmark (cr, x, y, w, h);
      break;
    default:
      g_warn_if_reached ();
      break;
    }
  cairo_restore (cr);
}
