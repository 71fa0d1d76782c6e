/* gm-poster-text.c — the text of print pages, set with pango.
 *
 * One family for the whole page and its map, GM_PRINT_FONT (see
 * gm-render-private.h for why that one), with Chinese, Latin and Cyrillic
 * letters; a PDF embeds the subset it uses. Quotes, apostrophes and
 * ellipses beside Latin letters are set in a Latin font, since that family
 * draws them full width, as Chinese text wants them. Text is laid out
 * without hinting, so the preview, the PNG and the PDF break lines alike.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-poster-private.h"
#include "gm-render-private.h"


void
gm_page_set_rgb (GmPage  *page,
                 guint32  rgb)
{
  cairo_set_source_rgb (page->cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Punctuation that GM_PRINT_FONT draws full width, as Chinese sets it. */
static gboolean
is_wide_punctuation (gunichar c)
{
  return c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2026;
}

/* Whether the letter nearest to @p in @text, before it (@step -1) or after
 * it (+1), is Latin, Cyrillic or Greek; digits and punctuation are passed
 * over as belonging to either. */
static gboolean
next_letter_is_western (const char *text,
                        const char *p,
                        int         step)
{
  while ((p = step < 0 ? g_utf8_find_prev_char (text, p) : g_utf8_find_next_char (p, NULL)) != NULL
         && *p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script = g_unichar_get_script (c);

      if (!g_unichar_isalpha (c) || script == G_UNICODE_SCRIPT_COMMON || script == G_UNICODE_SCRIPT_INHERITED)
        continue;
      return script == G_UNICODE_SCRIPT_LATIN || script == G_UNICODE_SCRIPT_CYRILLIC
             || script == G_UNICODE_SCRIPT_GREEK;
    }
  return FALSE;
}

/* Quotes, apostrophes and ellipses next to Latin (or Cyrillic, Greek)
 * letters in a Latin font, so "grid’s" keeps its apostrophe close;
 * beside Chinese they stay full width, as Chinese sets them. */
static void
set_latin_punctuation (PangoLayout *layout,
                       const char  *text)
{
  PangoAttrList *attrs = NULL;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_wide_punctuation (g_utf8_get_char (p))
        && (next_letter_is_western (text, p, -1) || next_letter_is_western (text, p, +1)))
      {
        PangoAttribute *family = pango_attr_family_new (GM_PRINT_LATIN_PUNCTUATION_FONT);

        family->start_index = p - text;
        family->end_index = g_utf8_next_char (p) - text;
        if (attrs == NULL)
          attrs = pango_attr_list_new ();
        pango_attr_list_insert (attrs, family);
      }
  if (attrs != NULL)
    {
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
}

PangoLayout *
gm_page_layout (GmPage      *page,
                const char  *text,
                double       size,
                GmTextStyle  style,
                double       width)
{
  PangoLayout *layout = pango_cairo_create_layout (page->cr);
  PangoContext *context = pango_layout_get_context (layout);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (GM_PRINT_FONT);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (layout);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, (style & GM_TEXT_BOLD) ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (style & GM_TEXT_CENTER)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  else if (style & GM_TEXT_RIGHT)
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  set_latin_punctuation (layout, text != NULL ? text : "");
  return layout;
}

static double
gm_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return logical.height / (double) PANGO_SCALE;
}

static void
gm_page_show (GmPage      *page,
              PangoLayout *layout,
              double       x,
              double       y,
              guint32      rgb)
{
  cairo_save (page->cr);
  cairo_move_to (page->cr, x, y);
  gm_page_set_rgb (page, rgb);
  pango_cairo_show_layout (page->cr, layout);
  cairo_restore (page->cr);
}

double
gm_page_text (GmPage      *page,
              double       x,
              double       y,
              double       width,
              double       size,
              GmTextStyle  style,
              guint32      rgb,
              const char  *text)
{
  g_autoptr(PangoLayout) layout = gm_page_layout (page, text, size, style, width);
  double height = gm_layout_height (layout);

  gm_page_show (page, layout, x, y, rgb);
  return height;
}

double
gm_page_text_line (GmPage      *page,
                   double       x,
                   double       y,
                   double       width,
                   double       size,
                   GmTextStyle  style,
                   guint32      rgb,
                   const char  *text)
{
  g_autoptr(PangoLayout) layout = gm_page_layout (page, text, size, style, -1);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (logical.width > width * PANGO_SCALE)
    {
      g_clear_object (&layout);
      layout = gm_page_layout (page, text, size * width * PANGO_SCALE / logical.width, style, -1);
    }
  gm_page_show (page, layout, x, y, rgb);
  return gm_layout_height (layout);
}

gboolean
gm_page_text_fit (GmPage      *page,
                  const GmBox *box,
                  double       size,
                  double       min_size,
                  GmTextStyle  style,
                  guint32      rgb,
                  const char  *text)
{
  g_autoptr(PangoLayout) layout = NULL;

  for (double s = size; s >= min_size - 1e-9; s *= 0.92)
    {
      g_clear_object (&layout);
      layout = gm_page_layout (page, text, s, style, box->w);
      if (gm_layout_height (layout) <= box->h)
        {
          gm_page_show (page, layout, box->x, box->y, rgb);
          return TRUE;
        }
    }
  pango_layout_set_height (layout, (int) (box->h * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  gm_page_show (page, layout, box->x, box->y, rgb);
  return FALSE;
}

char *
gm_poster_format_phone (const char *phone)
{
  gsize n = phone != NULL ? strlen (phone) : 0;

  if (n == 0)
    return g_strdup ("");
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (phone[i]))
      return g_strdup (phone);
  /* Chinese mobiles, 11 digits: 3-4-4. */
  if (n == 11 && phone[0] == '1')
    return g_strdup_printf ("%.3s %.4s %.4s", phone, phone + 3, phone + 7);
  return g_strdup (phone);
}
