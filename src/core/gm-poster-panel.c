/* gm-poster-panel.c — the parts of a poster around its map: the title, the
 * grid worker's contact with a QR code, a locator map, the legend, the
 * office's notice and the footer with the data credit.
 *
 * Only public facts are printed: grid codes and names, the worker's name,
 * phone and photo, household totals, hazard counts when asked for.
 */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-poster-private.h"
#include "gm-qr.h"

/* ---- header and footer --------------------------------------------------------- */

static void
gm_panel_header (GmPage      *page,
                 const GmBox *box,
                 const char  *title,
                 const char  *subtitle)
{
  double u = page->u;
  double date_w = 120 * u;
  g_autofree char *date = g_strdup_printf (_("Map date: %s"), page->data->date);

  gm_page_text (page, box->x, box->y, box->w - date_w, 9 * u, GM_TEXT_BOLD, GM_POSTER_ACCENT,
                _("Community grid service"));
  gm_page_text_line (page, box->x, box->y + 12 * u, box->w - date_w, 27 * u, GM_TEXT_BOLD, 0x1a1a1a, title);
  gm_page_text (page, box->x, box->y + 47 * u, box->w - date_w, 10 * u, GM_TEXT_REGULAR, 0x444444, subtitle);
  gm_page_text (page, box->x + box->w - date_w, box->y + 47 * u, date_w, 9 * u, GM_TEXT_RIGHT, 0x444444, date);
  cairo_rectangle (page->cr, box->x, box->y + box->h + 3 * u, box->w, 2.2 * u);
  gm_page_set_rgb (page, GM_POSTER_ACCENT);
  cairo_fill (page->cr);
}

void
gm_panel_footer (GmPage      *page,
                 const GmBox *box)
{
  double u = page->u;
  g_autofree char *credit = NULL;
  g_autofree char *made = g_strdup_printf (_("Made with Gridmap on %s"), page->data->date);

  if (page->data->attribution != NULL)
    credit = g_strdup_printf (_("Map data: %s"), page->data->attribution);
  cairo_rectangle (page->cr, box->x, box->y, box->w, 0.6 * u);
  gm_page_set_rgb (page, 0x999999);
  cairo_fill (page->cr);
  gm_page_text (page, box->x, box->y + 5 * u, box->w * 0.45, 7 * u, GM_TEXT_REGULAR, 0x555555,
                credit != NULL ? credit : "");
  gm_page_text (page, box->x + box->w * 0.3, box->y + 5 * u, box->w * 0.4, 7 * u, GM_TEXT_CENTER, 0x555555,
                _("No personal data of residents is shown."));
  gm_page_text (page, box->x + box->w * 0.65, box->y + 5 * u, box->w * 0.35, 7 * u, GM_TEXT_RIGHT, 0x555555,
                made);
}

/* ---- sections ------------------------------------------------------------------ */

/* A section's title with a rule under it; returns the height used. */
double
gm_panel_section_title (GmPage      *page,
                        const GmBox *box,
                        const char  *title)
{
  double u = page->u;
  double h = gm_page_text (page, box->x, box->y, box->w, 10 * u, GM_TEXT_BOLD, GM_POSTER_ACCENT, title);

  cairo_rectangle (page->cr, box->x, box->y + h + 2 * u, box->w, 0.8 * u);
  gm_page_set_rgb (page, GM_POSTER_ACCENT);
  cairo_fill (page->cr);
  return h + 7 * u;
}

/* "林城社区 第3网格" or the grid's code when it has no name. */
char *
gm_panel_grid_title (const GmPosterData *data,
                     const GmPosterGrid *grid)
{
  const char *name = grid->name != NULL ? grid->name : grid->code;

  if (data->community_name == NULL)
    return g_strdup (name);
  return g_strdup_printf ("%s %s", data->community_name, name);
}

/* Draws the QR code of @grid's contact in the square @box; FALSE when the
 * code cannot be made. */
gboolean
gm_panel_qr (GmPage              *page,
             const GmPosterGrid  *grid,
             const GmBox         *box,
             GError             **error)
{
  g_autofree char *payload = gm_poster_contact_payload (page->data, grid);
  g_autoptr(GmQr) qr = gm_qr_new (payload, error);

  if (qr == NULL)
    return FALSE;
  gm_qr_draw (qr, page->cr, box->x, box->y, MIN (box->w, box->h));
  return TRUE;
}

char *
gm_poster_contact_payload (const GmPosterData *data,
                           const GmPosterGrid *grid)
{
  const char *grid_name = grid->name != NULL ? grid->name : grid->code;
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;

  /* Translators: the name a scanned contact is saved under: the worker's
   * name and the grid, e.g. "何芳（第1网格网格员）" */
  name = g_strdup_printf (_("%s (grid worker, %s)"), grid->worker_name != NULL ? grid->worker_name : "",
                          grid_name);
  /* Translators: the note of a scanned contact: community, grid and code */
  note = g_strdup_printf (_("%s %s, grid code %s"), data->community_name != NULL ? data->community_name : "",
                          grid_name, grid->code);
  return gm_qr_mecard (name, grid->worker_phone, g_strstrip (note));
}

/* The photo in @box, cut to its shape from the middle; FALSE when the
 * grid has none or it cannot be read. */
static gboolean
gm_panel_photo (GmPage             *page,
                const GmPosterGrid *grid,
                const GmBox        *box)
{
  cairo_surface_t *photo;
  double s, w, h;

  if (grid->photo == NULL || (photo = gm_poster_photo_decode (grid->photo, NULL)) == NULL)
    return FALSE;
  w = cairo_image_surface_get_width (photo);
  h = cairo_image_surface_get_height (photo);
  s = MAX (box->w / w, box->h / h);
  cairo_save (page->cr);
  cairo_rectangle (page->cr, box->x, box->y, box->w, box->h);
  cairo_clip (page->cr);
  cairo_translate (page->cr, box->x + (box->w - w * s) / 2, box->y + (box->h - h * s) / 2);
  cairo_scale (page->cr, s, s);
  cairo_set_source_surface (page->cr, photo, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (page->cr), CAIRO_FILTER_GOOD);
  cairo_paint (page->cr);
  cairo_restore (page->cr);
  cairo_rectangle (page->cr, box->x, box->y, box->w, box->h);
  gm_page_set_rgb (page, 0x999999);
  cairo_set_line_width (page->cr, 0.6 * page->u);
  cairo_stroke (page->cr);
  cairo_surface_destroy (photo);
  return TRUE;
}

/* ---- the worker's contact --------------------------------------------------------------- */

/* Name and phone, with the photo (@photo_h tall, 0 for none) left of
 * them, at the top of @box; returns the height used. */
static double
gm_panel_worker (GmPage             *page,
                 const GmPosterGrid *grid,
                 const GmBox        *box,
                 double              photo_h)
{
  double u = page->u, size = 20 * u, x = box->x, w = box->w, h;
  g_autofree char *phone = gm_poster_format_phone (grid->worker_phone);
  GmBox photo = { box->x, box->y, photo_h * 0.75, photo_h };

  if (photo_h > 0 && gm_panel_photo (page, grid, &photo))
    {
      x += photo.w + 8 * u;
      w -= photo.w + 8 * u;
    }
  h = gm_page_text_line (page, x, box->y, w, size, GM_TEXT_BOLD, 0x1a1a1a,
                         grid->worker_name != NULL ? grid->worker_name : _("(not assigned)"));
  h += 3 * u;
  h += gm_page_text (page, x, box->y + h, w, size * 0.55, GM_TEXT_REGULAR, 0x555555, _("Phone"));
  h += gm_page_text_line (page, x, box->y + h, w, size * 0.95, GM_TEXT_BOLD, GM_POSTER_ACCENT,
                          *phone != '\0' ? phone : "—");
  return MAX (h, x > box->x ? photo.h : 0);
}

/* The contact block of a grid poster: the worker, and the QR code as large
 * as the block allows with what it does said under it — beside the worker
 * or below, whichever makes the code larger. Returns the height used, -1
 * with @error set when the code cannot be made. */
double
gm_panel_contact (GmPage              *page,
                  const GmPosterGrid  *grid,
                  const GmBox         *box,
                  GError             **error)
{
  double u = page->u, caption = 16 * u;
  double top = gm_panel_section_title (page, box, _("Your grid worker"));
  double avail = box->h - top;
  double photo_h = grid->photo != NULL ? MIN (96 * u, 0.36 * avail) : 0;
  double lead = photo_h > 0 ? photo_h * 0.75 + 8 * u : 0;
  double worker_h = MAX (photo_h, 80 * u);
  double beside_side = MIN (MIN (avail - caption, box->w * 0.46), box->w - lead - 100 * u - 8 * u);
  double under_side = MIN (box->w * 0.62, avail - worker_h - 8 * u - caption);
  gboolean beside = beside_side > under_side;
  double side = MAX (0, beside ? beside_side : under_side);
  GmBox qr = { beside ? box->x + box->w - side : box->x + (box->w - side) / 2,
               box->y + top + (beside ? 0 : worker_h + 8 * u), side, side };
  double h = gm_panel_worker (page, grid, &(GmBox) { box->x, box->y + top, beside ? box->w - side - 8 * u : box->w,
                                                     avail }, photo_h);
  double cw, cx;

  if (grid->worker_phone == NULL)
    return top + h;
  if (!gm_panel_qr (page, grid, &qr, error))
    return -1;
  /* The caption under the code, as wide as it needs within the block. */
  cw = MIN (box->w, MAX (qr.w + 24 * u, 120 * u));
  cx = CLAMP (qr.x + qr.w / 2 - cw / 2, box->x, box->x + box->w - cw);
  gm_page_text (page, cx, qr.y + qr.h + 2 * u, cw, 7.5 * u, GM_TEXT_CENTER, 0x444444,
                _("Scan to save the contact and call"));
  return MAX (top + h, qr.y + qr.h + caption - box->y);
}

/* ---- facts, legend and notice ------------------------------------------------------------ */

/* Code, community, households and — when asked — hazard counts. */
double
gm_panel_facts (GmPage             *page,
                const GmPosterGrid *grid,
                const GmBox        *box)
{
  double u = page->u, h = 0;
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("Grid code: %s"), grid->code);
  if (page->data->community_name != NULL)
    g_string_append_printf (text, "\n%s", page->data->community_name);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, ngettext ("%d household served", "%d households served",
                                             grid->households), grid->households);
  if (page->options->hazard_counts)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Open hazards: %d, of which overdue: %d"),
                              grid->open_hazards, grid->overdue_hazards);
    }
  h = gm_page_text (page, box->x, box->y, box->w, 9 * u, GM_TEXT_REGULAR, 0x222222, text->str);
  g_string_free (text, TRUE);
  return h;
}

typedef struct
{
  GmLegendItem item;
  const char  *label;
} GmLegendRow;

/* The legend's rows: on a grid's poster the grid itself first. */
static guint
gm_legend_rows (gboolean     focus,
                GmLegendRow *rows)
{
  const GmLegendRow all[] = {
    { GM_LEGEND_FOCUS_GRID, _("This grid") },
    { GM_LEGEND_GRID, focus ? _("Neighbouring grids") : _("Grids, with their numbers") },
    { GM_LEGEND_COMMUNITY, _("Community boundary") },
    { GM_LEGEND_MAJOR_ROAD, _("Main road") },
    { GM_LEGEND_MINOR_ROAD, _("Street") },
    { GM_LEGEND_PATH, _("Footpath") },
    { GM_LEGEND_BUILDING, _("Building") },
    { GM_LEGEND_GREEN, _("Park, green space") },
    { GM_LEGEND_WATER, _("Water") },
    { GM_LEGEND_LANDMARK, _("Landmark") },
  };
  guint n = 0;

  for (guint i = focus ? 0 : 1; i < G_N_ELEMENTS (all); i++)
    rows[n++] = all[i];
  return n;
}

/* Lays the legend out in @columns columns of @box, drawing it when @draw;
 * returns its height. A label that wraps makes its line taller. */
static double
gm_legend_lay_out (GmPage      *page,
                   const GmBox *box,
                   gboolean     focus,
                   guint        columns,
                   gboolean     draw)
{
  GmLegendRow rows[10];
  guint n = gm_legend_rows (focus, rows);
  double u = page->u, col_w = box->w / columns, swatch_w = 17 * u;
  double h = draw ? gm_panel_section_title (page, box, _("Legend")) : 19 * u;

  for (guint first = 0; first < n; first += columns)
    {
      double line_h = 10 * u;

      for (guint i = first; i < MIN (first + columns, n); i++)
        {
          g_autoptr(PangoLayout) layout = gm_page_layout (page, rows[i].label, 8 * u, GM_TEXT_REGULAR,
                                                          col_w - swatch_w - 7 * u);
          double x = box->x + (i - first) * col_w;
          int th;

          pango_layout_get_size (layout, NULL, &th);
          line_h = MAX (line_h, th / (double) PANGO_SCALE);
          if (!draw)
            continue;
          gm_render_draw_legend_swatch (page->cr, rows[i].item, x, box->y + h + 1.5 * u, swatch_w, 8 * u);
          cairo_move_to (page->cr, x + swatch_w + 5 * u, box->y + h);
          gm_page_set_rgb (page, 0x222222);
          pango_cairo_show_layout (page->cr, layout);
        }
      h += line_h + 2.5 * u;
    }
  return h;
}

double
gm_panel_legend_height (GmPage  *page,
                        double   width,
                        gboolean focus,
                        guint    columns)
{
  GmBox box = { 0, 0, width, 0 };

  return gm_legend_lay_out (page, &box, focus, columns, FALSE);
}

double
gm_panel_legend (GmPage      *page,
                 const GmBox *box,
                 gboolean     focus,
                 guint        columns)
{
  return gm_legend_lay_out (page, box, focus, columns, TRUE);
}

/* The office's notice in what is left of @box, shrunk to fit; returns
 * FALSE when it had to be cut. */
gboolean
gm_panel_notice (GmPage      *page,
                 const GmBox *box)
{
  double u = page->u, h;
  GmBox text;

  if (page->data->notice == NULL || *page->data->notice == '\0')
    return TRUE;
  if (box->h < 40 * u)
    {
      if (page->notice_cut != NULL)
        g_atomic_int_set (page->notice_cut, 1);
      return FALSE;
    }
  h = gm_panel_section_title (page, box, _("Notice"));
  text = (GmBox) { box->x, box->y + h, box->w, box->h - h };
  if (gm_page_text_fit (page, &text, 10 * u, 6 * u, GM_TEXT_REGULAR, 0x222222, page->data->notice))
    return TRUE;
  if (page->notice_cut != NULL)
    g_atomic_int_set (page->notice_cut, 1);
  return FALSE;
}

/* ---- whole pages ---------------------------------------------------------------------- */

void
gm_panel_grid_header (GmPage             *page,
                      const GmBox        *box,
                      const GmPosterGrid *grid)
{
  g_autofree char *title = gm_panel_grid_title (page->data, grid);
  g_autofree char *subtitle = NULL;

  if (page->data->community_code != NULL)
    subtitle = g_strdup_printf (_("Grid code %s · community %s %s"), grid->code,
                                page->data->community_name != NULL ? page->data->community_name : "",
                                page->data->community_code);
  else
    subtitle = g_strdup_printf (_("Grid code %s"), grid->code);
  gm_panel_header (page, box, title, subtitle);
}

void
gm_panel_community_header (GmPage      *page,
                           const GmBox *box)
{
  const GmPosterData *data = page->data;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  int households = 0;

  for (guint i = 0; i < data->grids->len; i++)
    households += ((GmPosterGrid *) g_ptr_array_index (data->grids, i))->households;
  /* Translators: the title of a community's poster, e.g. "林城社区网格分布图" */
  title = g_strdup_printf (_("%s: grids and grid workers"), data->community_name != NULL ? data->community_name : "");
  subtitle = g_strdup_printf (ngettext ("Community code %s · %u grid · %d households",
                                           "Community code %s · %u grids · %d households", data->grids->len),
                              data->community_code != NULL ? data->community_code : "—",
                              data->grids->len, households);
  gm_panel_header (page, box, title, subtitle);
}
