/* gm-poster-layout.c — where things go on a poster page.
 *
 * Everything on the page but the map scales with the paper (the unit u is 1
 * on A4 and 4 on A0: a poster is read from further away the larger it is).
 * The map's own style (line widths, label sizes) grows more slowly, as
 * u^0.75, so a larger sheet also shows more map.
 *
 * The panel with the contacts and the legend goes beside the map or below
 * it, whichever lets the grid's shape be drawn at the larger scale: a tall
 * grid on a landscape sheet gets the panel beside it, a wide grid on a
 * portrait sheet below.
 */
#include "gm-config.h"

#include <math.h>

#include "gm-poster-private.h"

double
gm_poster_map_px (double u)
{
  return 0.8 * pow (u, 0.75);
}

/* The zoom at which @extent fills a frame of @w × @h points, with a margin
 * of 5 % of the frame. */
static double
gm_layout_fit_zoom (const GmExtent *extent,
                    double          w,
                    double          h,
                    double          px)
{
  int wp = (int) (w / px), hp = (int) (h / px);

  return gm_view_zoom_for_extent (extent, wp, hp, (int) (0.05 * MIN (wp, hp)));
}

void
gm_poster_layout_compute (double          width,
                          double          height,
                          double          u,
                          const GmExtent *extent,
                          double          panel_share,
                          GmPosterLayout *out)
{
  double m = 28 * u, gap = 14 * u;
  double header_h = 66 * u, footer_h = 20 * u;
  double px = gm_poster_map_px (u);
  GmBox body;
  double beside_w, below_h, zoom_beside, zoom_below;

  g_return_if_fail (out != NULL && extent != NULL);

  out->header = (GmBox) { m, m, width - 2 * m, header_h };
  out->footer = (GmBox) { m, height - m - footer_h, width - 2 * m, footer_h };
  body = (GmBox) { m, m + header_h + gap, width - 2 * m, height - 2 * m - header_h - footer_h - 2 * gap };

  beside_w = MAX (body.w * panel_share, 170 * u);
  below_h = MAX (body.h * panel_share, 175 * u);
  zoom_beside = gm_layout_fit_zoom (extent, body.w - beside_w - gap, body.h, px);
  zoom_below = gm_layout_fit_zoom (extent, body.w, body.h - below_h - gap, px);

  /* On a tie (a shape that fits both alike) the panel goes where the page
   * has room to spare: beside on landscape, below on portrait. */
  out->panel_beside = fabs (zoom_beside - zoom_below) < 0.02 ? width > height : zoom_beside > zoom_below;
  if (out->panel_beside)
    {
      out->map = (GmBox) { body.x, body.y, body.w - beside_w - gap, body.h };
      out->panel = (GmBox) { body.x + body.w - beside_w, body.y, beside_w, body.h };
      out->zoom = zoom_beside;
    }
  else
    {
      out->map = (GmBox) { body.x, body.y, body.w, body.h - below_h - gap };
      out->panel = (GmBox) { body.x, body.y + body.h - below_h, body.w, below_h };
      out->zoom = zoom_below;
    }
}

void
gm_poster_layout_cells (const GmBox *box,
                        guint        n,
                        double       aspect,
                        guint       *columns,
                        guint       *rows)
{
  double best = G_MAXDOUBLE;

  g_return_if_fail (box != NULL && n > 0 && aspect > 0);

  *columns = 1;
  *rows = n;
  for (guint c = 1; c <= n; c++)
    {
      guint r = (n + c - 1) / c;
      double cell = (box->w / c) / (box->h / r);
      double score = fabs (log (cell / aspect));

      /* A column more than needed leaves a column empty: no better. */
      if ((c - 1) * r >= n)
        continue;
      if (score < best - 1e-9)
        {
          best = score;
          *columns = c;
          *rows = r;
        }
    }
}
