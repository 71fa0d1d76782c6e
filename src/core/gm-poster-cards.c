/* gm-poster-cards.c — sheets of contact cards to hand to every household.
 *
 * A card is business-card size, 85 × 54 mm, the size of the card sheets
 * shops sell (10 on A4: two columns, five rows). It carries the grid, the
 * worker's name and phone, the QR code and a small map of the grid. The
 * card is drawn once and repeated, so a PDF holds it once; crop marks in the
 * margins show where to cut.
 */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-poster-private.h"

#define MM (72.0 / 25.4)
#define GM_CARD_W (85 * MM)
#define GM_CARD_H (54 * MM)

typedef struct
{
  guint  columns, rows;
  double x0, y0;        /* the top left card */
  double gap;           /* between columns; rows touch, one cut between two */
} GmCardSheet;

static void
gm_card_sheet_init (GmCardSheet *sheet,
                    double       width,
                    double       height)
{
  double margin = 10 * MM;

  sheet->gap = 10 * MM;
  sheet->columns = MAX (1, (guint) floor ((width - 2 * margin + sheet->gap) / (GM_CARD_W + sheet->gap)));
  sheet->rows = MAX (1, (guint) floor ((height - 2 * margin) / GM_CARD_H));
  sheet->x0 = (width - sheet->columns * GM_CARD_W - (sheet->columns - 1) * sheet->gap) / 2;
  sheet->y0 = (height - sheet->rows * GM_CARD_H) / 2;
}

/* The text column: grid, worker, phone. */
static void
gm_card_text (GmPage             *page,
              const GmPosterGrid *grid,
              const GmBox        *box)
{
  g_autofree char *phone = gm_poster_format_phone (grid->worker_phone);
  double y = box->y;

  y += gm_page_text (page, box->x, y, box->w, 10, GM_TEXT_BOLD, 0x1a1a1a,
                     grid->name != NULL ? grid->name : grid->code);
  y += gm_page_text (page, box->x, y, box->w, 6, GM_TEXT_REGULAR, 0x555555, grid->code) + 4;
  y += gm_page_text (page, box->x, y, box->w, 6.5, GM_TEXT_REGULAR, 0x555555, _("Grid worker"));
  y += gm_page_text (page, box->x, y, box->w, 11.5, GM_TEXT_BOLD, 0x1a1a1a,
                     grid->worker_name != NULL ? grid->worker_name : _("(not assigned)")) + 2;
  y += gm_page_text (page, box->x, y, box->w, 6.5, GM_TEXT_REGULAR, 0x555555, _("Phone"));
  gm_page_text (page, box->x, y, box->w + 8, 11, GM_TEXT_BOLD, GM_POSTER_ACCENT, *phone != '\0' ? phone : "—");
}

/* One card with its top left corner at the origin. */
static gboolean
gm_card_draw (GmPage              *page,
              const GmPosterGrid  *grid,
              GError             **error)
{
  const double pad = 3.5 * MM, band = 10 * MM;
  double body_y = band + pad, body_h = GM_CARD_H - band - 2 * pad;
  double qr_side = 21 * MM, map_w = 20 * MM;
  GmPageMap map = { { pad, body_y, map_w, body_h } };
  GmBox qr = { GM_CARD_W - pad - qr_side, body_y - 1 * MM, qr_side, qr_side };

  cairo_rectangle (page->cr, 0, 0, GM_CARD_W, GM_CARD_H);
  cairo_set_source_rgb (page->cr, 1, 1, 1);
  cairo_fill (page->cr);
  cairo_rectangle (page->cr, 0, 0, GM_CARD_W, band);
  gm_page_set_rgb (page, GM_POSTER_ACCENT);
  cairo_fill (page->cr);
  /* Centred in the band: a line is about 1.45 times its font size. */
  gm_page_text (page, pad, (band - 8.5 * 1.45) / 2, GM_CARD_W * 0.55, 8.5, GM_TEXT_BOLD, 0xffffff,
                _("Grid contact card"));
  gm_page_text (page, GM_CARD_W * 0.45, (band - 7 * 1.45) / 2, GM_CARD_W * 0.55 - pad, 7, GM_TEXT_RIGHT, 0xffffff,
                page->data->community_name != NULL ? page->data->community_name : "");

  map.extent = grid->extent;
  map.focus_grid = grid->id;
  map.layers = GM_LAYER_BASEMAP | GM_LAYER_GRIDS | GM_LAYER_BUILDINGS;
  map.px = 0.35;
  if (!gm_page_draw_map (page, &map, error))
    return FALSE;
  gm_card_text (page, grid, &(GmBox) { pad + map_w + 2.5 * MM, body_y, qr.x - pad - map_w - 4 * MM, body_h });
  if (grid->worker_phone != NULL)
    {
      if (!gm_panel_qr (page, grid, &qr, error))
        return FALSE;
      gm_page_text (page, qr.x, qr.y + qr.h, qr.w, 5.5, GM_TEXT_CENTER, 0x444444, _("Scan to save"));
    }
  return TRUE;
}

/* Crop marks in the margins, on the lines between and around the cards. */
static void
gm_card_crop_marks (GmPage            *page,
                    const GmCardSheet *sheet)
{
  cairo_t *cr = page->cr;
  double len = 5 * MM, off = 2 * MM;
  double y1 = sheet->y0 + sheet->rows * GM_CARD_H;

  for (guint c = 0; c < sheet->columns; c++)
    for (guint e = 0; e < 2; e++)
      {
        double x = sheet->x0 + c * (GM_CARD_W + sheet->gap) + e * GM_CARD_W;

        cairo_move_to (cr, x, sheet->y0 - off);
        cairo_line_to (cr, x, MAX (sheet->y0 - off - len, 0));
        cairo_move_to (cr, x, y1 + off);
        cairo_line_to (cr, x, MIN (y1 + off + len, page->height));
      }
  for (guint r = 0; r <= sheet->rows; r++)
    for (guint c = 0; c < sheet->columns; c++)
      for (guint e = 0; e < 2; e++)
        {
          double x = sheet->x0 + c * (GM_CARD_W + sheet->gap) + e * GM_CARD_W;
          double dir = e == 0 ? -1 : 1;
          double y = sheet->y0 + r * GM_CARD_H;

          /* Between two columns the mark would run into the next card. */
          if ((e == 0 && c > 0) || (e == 1 && c + 1 < sheet->columns))
            continue;
          cairo_move_to (cr, x + dir * off, y);
          cairo_line_to (cr, x + dir * (off + len), y);
        }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.3);
  cairo_stroke (cr);
}

gboolean
gm_page_draw_cards (GmPage              *page,
                    const GmPosterGrid  *grid,
                    GError             **error)
{
  cairo_surface_t *card = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                          &(cairo_rectangle_t) { 0, 0, GM_CARD_W, GM_CARD_H });
  cairo_t *card_cr = cairo_create (card);
  GmPage card_page = *page;
  GmCardSheet sheet;
  gboolean ok;

  card_page.cr = card_cr;
  ok = gm_card_draw (&card_page, grid, error);
  cairo_destroy (card_cr);
  if (ok)
    {
      gm_card_sheet_init (&sheet, page->width, page->height);
      cairo_rectangle (page->cr, 0, 0, page->width, page->height);
      cairo_set_source_rgb (page->cr, 1, 1, 1);
      cairo_fill (page->cr);
      for (guint i = 0; i < sheet.columns * sheet.rows; i++)
        {
          cairo_save (page->cr);
          cairo_translate (page->cr, sheet.x0 + (i % sheet.columns) * (GM_CARD_W + sheet.gap),
                           sheet.y0 + (i / sheet.columns) * GM_CARD_H);
          cairo_set_source_surface (page->cr, card, 0, 0);
          cairo_paint (page->cr);
          cairo_restore (page->cr);
        }
      gm_card_crop_marks (page, &sheet);
    }
  cairo_surface_destroy (card);
  return ok;
}
