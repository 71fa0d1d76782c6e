/* gm-poster-map.c — map frames on print pages: the renderer's map at a
 * round scale, a scale bar and a north arrow on white plates the labels keep
 * clear of, and a neat line around.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-poster-private.h"

/* Metres of the Earth's circumference at the equator (WGS 84). */
#define GM_EARTH_CIRCUMFERENCE 40075016.686
/* Metres in a point (1/72 inch). */
#define GM_METRES_PER_POINT (0.0254 / 72.0)

typedef struct
{
  GmView view;
  double metres_per_point;
  double ratio;            /* the scale's denominator */
  double keep_clear[2][4]; /* scale bar and north arrow, in map pixels */
  GmBox  scale_box;
  GmBox  arrow_box;
} GmMapFrame;

static double
gm_metres_per_pixel (double zoom,
                     double lat)
{
  return GM_EARTH_CIRCUMFERENCE * cos (lat * G_PI / 180.0) / (256.0 * exp2 (zoom));
}

/* The largest zoom no nearer than @zoom whose scale is a round number:
 * 1:2 000, 1:2 500, 1:3 000… */
static double
gm_round_scale_zoom (double zoom,
                     double lat,
                     double px)
{
  static const double steps[] = { 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 7.5, 10 };
  double ratio = gm_metres_per_pixel (zoom, lat) / px / GM_METRES_PER_POINT;
  double decade = pow (10, floor (log10 (ratio)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * decade >= ratio * (1 - 1e-9))
      return zoom - log2 (steps[i] * decade / ratio);
  return zoom;
}

static void
gm_map_frame_init (GmMapFrame      *frame,
                   const GmPageMap *map,
                   double           u)
{
  const GmBox *b = &map->box;
  double wp = b->w / map->px, hp = b->h / map->px;
  double lon = (map->extent.min_lon + map->extent.max_lon) / 2;
  double cy = (gm_mercator_y (0, map->extent.min_lat) + gm_mercator_y (0, map->extent.max_lat)) / 2;
  double lat = gm_mercator_lat (0, cy);
  double zoom = gm_view_zoom_for_extent (&map->extent, (int) wp, (int) hp, (int) (0.05 * MIN (wp, hp)));

  if (map->nice_scale)
    zoom = gm_round_scale_zoom (zoom, lat, map->px);
  frame->view.zoom = zoom;
  frame->view.scale = map->px;
  frame->view.width = (int) ceil (b->w);
  frame->view.height = (int) ceil (b->h);
  frame->view.origin_x = gm_mercator_x (zoom, lon) - wp / 2;
  frame->view.origin_y = cy * exp2 (zoom) - hp / 2;
  frame->metres_per_point = gm_metres_per_pixel (zoom, lat) / map->px;
  frame->ratio = frame->metres_per_point / GM_METRES_PER_POINT;

  frame->scale_box = (GmBox) { b->x + 8 * u, b->y + b->h - 8 * u - 44 * u, 150 * u, 44 * u };
  frame->arrow_box = (GmBox) { b->x + b->w - 8 * u - 34 * u, b->y + 8 * u, 34 * u, 48 * u };
  for (guint i = 0; i < 2; i++)
    {
      const GmBox *k = i == 0 ? &frame->scale_box : &frame->arrow_box;

      frame->keep_clear[i][0] = (k->x - b->x) / map->px;
      frame->keep_clear[i][1] = (k->y - b->y) / map->px;
      frame->keep_clear[i][2] = k->w / map->px;
      frame->keep_clear[i][3] = k->h / map->px;
    }
}

static void
gm_page_plate (GmPage      *page,
               const GmBox *box,
               double       radius)
{
  cairo_t *cr = page->cr;

  cairo_new_sub_path (cr);
  cairo_arc (cr, box->x + box->w - radius, box->y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, box->x + box->w - radius, box->y + box->h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, box->x + radius, box->y + box->h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, box->x + radius, box->y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 0.5 * page->u);
  cairo_stroke (cr);
}

/* 12500 → "12 500", as maps write scales. */
static char *
gm_group_thousands (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", value);
  GString *out = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, "\u2009");
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
gm_format_distance (double metres)
{
  if (metres >= 1000)
    /* Translators: a distance on the scale bar, in kilometres */
    return g_strdup_printf (_("%g km"), metres / 1000);
  /* Translators: a distance on the scale bar, in metres */
  return g_strdup_printf (_("%g m"), metres);
}

/* A bar of four segments a round distance long, about a fifth of the
 * frame, under the scale written as a ratio. */
static void
gm_page_scale_bar (GmPage           *page,
                   const GmMapFrame *frame)
{
  cairo_t *cr = page->cr;
  const GmBox *b = &frame->scale_box;
  double u = page->u;
  double target = (b->w - 30 * u) * frame->metres_per_point;
  double decade = pow (10, floor (log10 (target)));
  double lead = floor (target / decade);
  /* 1, 2, 3, 4 or 5 times a power of ten, halved evenly by the middle tick. */
  double metres = (lead >= 5 ? 5 : lead == 3 ? 2 : lead) * decade;
  double len = metres / frame->metres_per_point;
  double x = b->x + 10 * u, y = b->y + 19 * u, h = 4 * u;
  g_autofree char *ratio = gm_group_thousands (frame->ratio);
  g_autofree char *scale = g_strdup_printf (_("Scale 1:%s"), ratio);

  gm_page_plate (page, b, 3 * u);
  gm_page_text (page, x, b->y + 4 * u, b->w - 20 * u, 8 * u, GM_TEXT_BOLD, 0x222222, scale);
  for (int i = 0; i < 4; i++)
    {
      cairo_rectangle (cr, x + i * len / 4, y, len / 4, h);
      gm_page_set_rgb (page, i % 2 == 0 ? 0x222222 : 0xffffff);
      cairo_fill_preserve (cr);
      gm_page_set_rgb (page, 0x222222);
      cairo_set_line_width (cr, 0.6 * u);
      cairo_stroke (cr);
    }
  for (int i = 0; i <= 4; i += 2)
    {
      g_autofree char *text = i == 0 ? g_strdup ("0") : gm_format_distance (metres * i / 4);
      g_autoptr(PangoLayout) layout = gm_page_layout (page, text, 7 * u, GM_TEXT_REGULAR, -1);
      int w, lh;

      pango_layout_get_size (layout, &w, &lh);
      cairo_move_to (cr, x + i * len / 4 - (i == 4 ? w / (double) PANGO_SCALE / 2 : 0), y + h + 2 * u);
      gm_page_set_rgb (page, 0x222222);
      pango_cairo_show_layout (cr, layout);
    }
}

/* North is up on a Web Mercator map: an arrow, half dark and half light,
 * under the letter for north. */
static void
gm_page_north_arrow (GmPage           *page,
                     const GmMapFrame *frame)
{
  cairo_t *cr = page->cr;
  const GmBox *b = &frame->arrow_box;
  double u = page->u;
  double cx = b->x + b->w / 2, top = b->y + 19 * u, bottom = b->y + b->h - 5 * u;
  double half = 8 * u;

  gm_page_plate (page, b, 3 * u);
  /* Translators: the letter for north over the north arrow */
  gm_page_text (page, b->x, b->y + 2 * u, b->w, 12 * u, GM_TEXT_BOLD | GM_TEXT_CENTER, 0x222222, C_("north arrow", "N"));
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx - half, bottom);
  cairo_line_to (cr, cx, bottom - 7 * u);
  cairo_close_path (cr);
  gm_page_set_rgb (page, 0x222222);
  cairo_fill (cr);
  cairo_move_to (cr, cx, top);
  cairo_line_to (cr, cx + half, bottom);
  cairo_line_to (cr, cx, bottom - 7 * u);
  cairo_close_path (cr);
  gm_page_set_rgb (page, 0xffffff);
  cairo_fill_preserve (cr);
  gm_page_set_rgb (page, 0x222222);
  cairo_set_line_width (cr, 0.8 * u);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_stroke (cr);
}

/**
 * gm_page_draw_map:
 * @page: the page being drawn
 * @map: where, what and how
 * @error: return location for a #GError
 *
 * Draws the map in its box by the map's renderer, clipped to the box, with
 * a neat line round it and, when asked, a scale bar and a north arrow.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_page_draw_map (GmPage           *page,
                  const GmPageMap  *map,
                  GError          **error)
{
  cairo_t *cr = page->cr;
  GmDrawOptions options = { 0 };
  GmMapFrame frame;
  gboolean ok;

  gm_map_frame_init (&frame, map, page->u);
  options.layers = map->layers;
  options.focus_grid = map->focus_grid;
  options.print = TRUE;
  if (map->furniture)
    {
      options.keep_clear = &frame.keep_clear[0][0];
      options.n_keep_clear = 2;
    }

  cairo_save (cr);
  cairo_rectangle (cr, map->box.x, map->box.y, map->box.w, map->box.h);
  cairo_clip (cr);
  cairo_translate (cr, map->box.x, map->box.y);
  ok = gm_renderer_draw_with (page->renderer, cr, &frame.view, &options, page->cancellable, error);
  cairo_restore (cr);
  if (!ok)
    return FALSE;

  if (map->furniture)
    {
      gm_page_scale_bar (page, &frame);
      gm_page_north_arrow (page, &frame);
    }
  cairo_rectangle (cr, map->box.x, map->box.y, map->box.w, map->box.h);
  gm_page_set_rgb (page, 0x333333);
  cairo_set_line_width (cr, (map->furniture ? 1.2 : 0.8) * page->u);
  cairo_stroke (cr);
  return TRUE;
}
