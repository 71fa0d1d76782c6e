/* gm-poster-pages.c — whole poster pages: a grid's (also an atlas page) and
 * a community's, composed from the map and the panel's parts.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-poster-private.h"
#include "gm-qr.h"

/* What posters show of the map: everything but hazard points, which are
 * never printed for the public. */
#define GM_POSTER_LAYERS (GM_LAYER_BASEMAP | GM_LAYER_GRIDS | GM_LAYER_BUILDINGS | GM_LAYER_LABELS \
                          | GM_LAYER_ROAD_NAMES | GM_LAYER_LANDMARKS)

static void
gm_page_background (GmPage *page)
{
  cairo_rectangle (page->cr, 0, 0, page->width, page->height);
  cairo_set_source_rgb (page->cr, 1, 1, 1);
  cairo_fill (page->cr);
}

/* The community with @grid standing out: where the grid is. */
static gboolean
gm_page_locator (GmPage              *page,
                 const GmPosterGrid  *grid,
                 const GmBox         *box,
                 GError             **error)
{
  double h = gm_panel_section_title (page, box, _("Where the grid is"));
  const GmExtent *e = &page->data->extent;
  double dx = gm_mercator_x (0, e->max_lon) - gm_mercator_x (0, e->min_lon);
  double dy = gm_mercator_y (0, e->min_lat) - gm_mercator_y (0, e->max_lat);
  /* As tall as the community's shape asks, no taller than the room. */
  double map_h = dx > 0 ? MIN (box->h - h, box->w * dy / dx * 1.1) : box->h - h;
  GmPageMap map = { { box->x, box->y + h, box->w, map_h } };

  map.extent = page->data->extent;
  map.focus_grid = grid->id;
  map.layers = GM_LAYER_BASEMAP | GM_LAYER_GRIDS;
  map.px = 0.5 * page->u;
  return gm_page_draw_map (page, &map, error);
}

/* The room the bottom of a panel beside the map gives the legend (in one
 * column, or two when one is too tall) and the locator (smaller, or left
 * out, when the room runs short), keeping @notice_min for the notice. */
static void
gm_beside_bottom (GmPage      *page,
                  const GmBox *p,
                  double       room,
                  double       notice_min,
                  guint       *legend_columns,
                  double      *legend_h,
                  double      *locator_h)
{
  double u = page->u;

  *legend_columns = 1;
  *legend_h = gm_panel_legend_height (page, p->w, TRUE, 1);
  *locator_h = MIN (p->w * 0.8, p->h * 0.22);
  if (*legend_h + *locator_h + notice_min + 24 * u > room)
    {
      *legend_columns = 2;
      *legend_h = gm_panel_legend_height (page, p->w, TRUE, 2);
    }
  *locator_h = MIN (*locator_h, room - *legend_h - notice_min - 24 * u);
  if (*locator_h < 60 * u)
    *locator_h = 0;
}

/* The panel right of the map: contact and facts at the top, locator and
 * legend at the bottom, the notice in what is left between. */
static gboolean
gm_grid_panel_beside (GmPage              *page,
                      const GmPosterGrid  *grid,
                      const GmBox         *p,
                      GError             **error)
{
  double u = page->u;
  gboolean notice = page->data->notice != NULL && *page->data->notice != '\0';
  GmBox contact = { p->x, p->y, p->w, MIN (p->w * 0.62 + 110 * u, p->h * 0.45) };
  double y, used = gm_panel_contact (page, grid, &contact, error);
  double legend_h, locator_h, bottom;
  guint columns;
  GmBox box;

  if (used < 0)
    return FALSE;
  y = p->y + used + 12 * u;
  y += gm_panel_section_title (page, &(GmBox) { p->x, y, p->w, 0 }, _("About the grid"));
  y += gm_panel_facts (page, grid, &(GmBox) { p->x, y, p->w, 0 }) + 12 * u;
  gm_beside_bottom (page, p, p->y + p->h - y, notice ? 70 * u : 0, &columns, &legend_h, &locator_h);
  bottom = p->y + p->h - legend_h - (locator_h > 0 ? locator_h + 12 * u : 0);
  gm_panel_notice (page, &(GmBox) { p->x, y, p->w, bottom - 12 * u - y });
  box = (GmBox) { p->x, bottom, p->w, locator_h };
  if (locator_h > 0 && !gm_page_locator (page, grid, &box, error))
    return FALSE;
  gm_panel_legend (page, &(GmBox) { p->x, p->y + p->h - legend_h, p->w, legend_h }, TRUE, columns);
  return TRUE;
}

/* The panel under the map, in four columns: contact, facts and notice,
 * locator, legend. */
static gboolean
gm_grid_panel_below (GmPage              *page,
                     const GmPosterGrid  *grid,
                     const GmBox         *p,
                     GError             **error)
{
  double u = page->u, gap = 16 * u;
  double w[4] = { 0.36, 0.25, 0.19, 0.20 };
  GmBox col[4];
  double x = p->x, y;

  for (guint i = 0; i < 4; i++)
    {
      col[i] = (GmBox) { x, p->y, w[i] * (p->w - 3 * gap), p->h };
      x += col[i].w + gap;
    }
  if (gm_panel_contact (page, grid, &col[0], error) < 0)
    return FALSE;
  y = p->y + gm_panel_section_title (page, &col[1], _("About the grid"));
  y += gm_panel_facts (page, grid, &(GmBox) { col[1].x, y, col[1].w, 0 }) + 12 * u;
  gm_panel_notice (page, &(GmBox) { col[1].x, y, col[1].w, p->y + p->h - y });
  if (!gm_page_locator (page, grid, &col[2], error))
    return FALSE;
  gm_panel_legend (page, &col[3], TRUE, 1);
  return TRUE;
}

gboolean
gm_page_draw_grid_poster (GmPage              *page,
                          const GmPosterGrid  *grid,
                          GError             **error)
{
  GmPosterLayout layout;
  GmPageMap map = { { 0 } };

  gm_poster_layout_compute (page->width, page->height, page->u, &grid->extent, 0.27, &layout);
  gm_page_background (page);
  gm_panel_grid_header (page, &layout.header, grid);
  map.box = layout.map;
  map.extent = grid->extent;
  map.focus_grid = grid->id;
  map.layers = GM_POSTER_LAYERS;
  map.px = gm_poster_map_px (page->u);
  map.furniture = TRUE;
  map.nice_scale = TRUE;
  if (!gm_page_draw_map (page, &map, error))
    return FALSE;
  if (!(layout.panel_beside ? gm_grid_panel_beside : gm_grid_panel_below) (page, grid, &layout.panel, error))
    return FALSE;
  gm_panel_footer (page, &layout.footer);
  return TRUE;
}

/* ---- the community's poster ------------------------------------------------------------ */

/* The least side a QR code of @grid may have: modules of a third of a
 * millimetre, what a phone still reads from an arm's length. */
static double
gm_qr_min_side (GmPage             *page,
                const GmPosterGrid *grid)
{
  g_autofree char *payload = gm_poster_contact_payload (page->data, grid);
  g_autoptr(GmQr) qr = gm_qr_new (payload, NULL);

  return qr != NULL ? (gm_qr_get_width (qr) + 2 * GM_QR_QUIET_ZONE) * 0.33 / 25.4 * 72 : G_MAXDOUBLE;
}

/* The grid's number as its label on the map from afar, on its colour. */
static void
gm_contact_badge (GmPage             *page,
                  const GmPosterGrid *grid,
                  const GmBox        *box)
{
  const char *number = gm_grid_short_code (grid->code, page->data->community_code);
  double r, g, b;

  gm_render_get_grid_rgb (grid->color, &r, &g, &b);
  cairo_rectangle (page->cr, box->x, box->y, box->w, box->h);
  cairo_set_source_rgb (page->cr, 1 - 0.45 * (1 - r), 1 - 0.45 * (1 - g), 1 - 0.45 * (1 - b));
  cairo_fill_preserve (page->cr);
  cairo_set_source_rgb (page->cr, r * 0.55, g * 0.55, b * 0.55);
  cairo_set_line_width (page->cr, 0.8 * page->u);
  cairo_stroke (page->cr);
  gm_page_text (page, box->x, box->y + box->h * 0.22, box->w, box->h * 0.38, GM_TEXT_BOLD | GM_TEXT_CENTER,
                0x1a1a1a, number);
}

/* One grid's worker in a cell of the table: number, grid, name, phone and,
 * when large enough to be read, the QR code. */
static gboolean
gm_contact_cell (GmPage              *page,
                 const GmPosterGrid  *grid,
                 const GmBox         *cell,
                 gboolean             with_qr,
                 GError             **error)
{
  double u = page->u, pad = 4 * u;
  GmBox in = { cell->x + pad, cell->y + pad, cell->w - 2 * pad, cell->h - 2 * pad };
  double badge = MIN (in.h * 0.5, in.w * 0.2);
  double size = MIN (in.h * 0.24, 16 * u), y = in.y, x = in.x + badge + pad;
  double text_w = in.x + in.w - x - (with_qr ? in.h + pad : 0);
  g_autofree char *phone = gm_poster_format_phone (grid->worker_phone);

  cairo_rectangle (page->cr, cell->x + 0.5 * pad, cell->y + 0.5 * pad, cell->w - pad, cell->h - pad);
  gm_page_set_rgb (page, 0xd0d0d0);
  cairo_set_line_width (page->cr, 0.5 * u);
  cairo_stroke (page->cr);
  gm_contact_badge (page, grid, &(GmBox) { in.x, in.y, badge, badge });
  y += gm_page_text_line (page, x, y, text_w, size * 0.72, GM_TEXT_REGULAR, 0x444444,
                          grid->name != NULL ? grid->name : grid->code);
  y += gm_page_text_line (page, x, y, text_w, size, GM_TEXT_BOLD, 0x1a1a1a,
                          grid->worker_name != NULL ? grid->worker_name : _("(not assigned)"));
  y += gm_page_text_line (page, x, y, text_w, size * 0.95, GM_TEXT_BOLD, GM_POSTER_ACCENT,
                          *phone != '\0' ? phone : "—");
  if (page->options->hazard_counts)
    {
      /* Translators: a grid's hazard counts in the community poster's table */
      g_autofree char *counts = g_strdup_printf (_("Hazards: %d open, %d overdue"), grid->open_hazards,
                                                 grid->overdue_hazards);

      gm_page_text_line (page, x, y, text_w, size * 0.62, GM_TEXT_REGULAR, 0x444444, counts);
    }
  if (with_qr && grid->worker_phone != NULL)
    return gm_panel_qr (page, grid, &(GmBox) { in.x + in.w - in.h, in.y, in.h, in.h }, error);
  return TRUE;
}

static gboolean
gm_contact_table (GmPage       *page,
                  const GmBox  *box,
                  GError      **error)
{
  GPtrArray *grids = page->data->grids;
  GmBox area = { box->x, box->y + 19 * page->u, box->w, box->h - 19 * page->u };
  guint columns, rows;
  double cw, ch, min_qr = 0;
  gboolean with_qr;

  gm_poster_layout_cells (&area, grids->len, 2.8, &columns, &rows);
  cw = area.w / columns;
  ch = MIN (area.h / rows, cw / 1.8);
  for (guint i = 0; i < grids->len; i++)
    min_qr = MAX (min_qr, gm_qr_min_side (page, g_ptr_array_index (grids, i)));
  /* Codes too small to scan are left out, and the title says where they are. */
  with_qr = ch - 8 * page->u >= min_qr;
  gm_panel_section_title (page, box, with_qr ? _("Grid workers")
                                             : _("Grid workers (QR codes on each grid’s poster and cards)"));
  for (guint i = 0; i < grids->len; i++)
    {
      /* Down the columns, as people read a list. */
      GmBox cell = { area.x + (i / rows) * cw, area.y + (i % rows) * ch, cw, ch };

      if (!gm_contact_cell (page, g_ptr_array_index (grids, i), &cell, with_qr, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
gm_community_panel (GmPage                *page,
                    const GmPosterLayout  *layout,
                    GError               **error)
{
  const GmBox *p = &layout->panel;
  double u = page->u, gap = 14 * u;
  gboolean notice = page->data->notice != NULL && *page->data->notice != '\0';

  if (layout->panel_beside)
    {
      double legend_h = gm_panel_legend_height (page, p->w, FALSE, 2);
      double notice_h = notice ? p->h * 0.14 : 0;
      GmBox table = { p->x, p->y, p->w, p->h - legend_h - notice_h - 2 * gap };

      gm_panel_notice (page, &(GmBox) { p->x, table.y + table.h + gap, p->w, notice_h });
      gm_panel_legend (page, &(GmBox) { p->x, p->y + p->h - legend_h, p->w, legend_h }, FALSE, 2);
      return gm_contact_table (page, &table, error);
    }
  else
    {
      GmBox table = { p->x, p->y, p->w * 0.7, p->h };
      GmBox side = { p->x + table.w + gap, p->y, p->w - table.w - gap, p->h };
      double legend_h = gm_panel_legend_height (page, side.w, FALSE, 2);

      gm_panel_legend (page, &(GmBox) { side.x, side.y + side.h - legend_h, side.w, legend_h }, FALSE, 2);
      gm_panel_notice (page, &(GmBox) { side.x, side.y, side.w, side.h - legend_h - gap });
      return gm_contact_table (page, &table, error);
    }
}

gboolean
gm_page_draw_community_poster (GmPage  *page,
                               GError **error)
{
  GmPosterLayout layout;
  GmPageMap map = { { 0 } };

  gm_poster_layout_compute (page->width, page->height, page->u, &page->data->extent, 0.3, &layout);
  gm_page_background (page);
  gm_panel_community_header (page, &layout.header);
  map.box = layout.map;
  map.extent = page->data->extent;
  map.layers = GM_POSTER_LAYERS;
  map.px = gm_poster_map_px (page->u);
  map.furniture = TRUE;
  map.nice_scale = TRUE;
  if (!gm_page_draw_map (page, &map, error) || !gm_community_panel (page, &layout, error))
    return FALSE;
  gm_panel_footer (page, &layout.footer);
  return TRUE;
}
