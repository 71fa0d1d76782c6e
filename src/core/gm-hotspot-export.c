/* gm-hotspot-export.c — a hot-spot map as a PNG image or a PDF page: title,
 * map, legends, scale bar and credit, all drawn with cairo and pango. */
#include "gm-config.h"

#include <errno.h>
#include <math.h>
#include <geodesic.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "gm-hotspot-export.h"
#include "gm-hotspot-style.h"
#include "gm-store-private.h"
#include "gm-autocleanups.h"

#define MARGIN 24.0
#define HEADER 64.0
#define FOOTER 40.0
#define PANEL 270.0
#define GAP 20.0

void
gm_view_init_extent (GmView         *view,
                     const GmExtent *extent,
                     int             width,
                     int             height)
{
  double zoom, y;

  g_return_if_fail (view != NULL && extent != NULL);

  zoom = gm_view_zoom_for_extent (extent, width, height, 24);
  y = (gm_mercator_y (zoom, extent->min_lat) + gm_mercator_y (zoom, extent->max_lat)) / 2;
  gm_view_init_center (view, (extent->min_lon + extent->max_lon) / 2, gm_mercator_lat (zoom, y),
                       zoom, width, height);
}

gboolean
gm_hotspot_map_extent (GmStore               *store,
                       const GmHotspotResult *result,
                       GmExtent              *out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GmExtent extent = GM_EXTENT_EMPTY;

  g_return_val_if_fail (GM_IS_STORE (store) && result != NULL && out != NULL, FALSE);

  stmt = gm_store_prepare (store, "SELECT min(i.xmin), min(i.ymin), max(i.xmax), max(i.ymax)"
                           " FROM idx_grid_boundary i JOIN grid g ON g.id = i.pkid"
                           " WHERE g.valid_to IS NULL", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    extent = (GmExtent) { sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1),
                          sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3) };
  for (guint i = 0; i < result->points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (result->points, GmHotspotPoint, i);
      GmExtent e = { p->lon, p->lat, p->lon, p->lat };

      gm_extent_union (&extent, &e, &extent);
    }
  for (guint i = 0; result->cells != NULL && i < result->cells->len; i++)
    for (int k = 0; k < 6; k++)
      {
        const GmHotspotCell *c = &g_array_index (result->cells, GmHotspotCell, i);
        GmExtent e = { c->corners[2 * k], c->corners[2 * k + 1], c->corners[2 * k], c->corners[2 * k + 1] };

        gm_extent_union (&extent, &e, &extent);
      }
  if (gm_extent_is_empty (&extent))
    return gm_store_get_extent (store, out, NULL);
  *out = extent;
  return TRUE;
}

/* Draws @text at (x, y) within @width; returns its height. */
static double
draw_text (cairo_t    *cr,
           double      x,
           double      y,
           double      width,
           const char *font,
           double      gray,
           const char *text)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font);
  int w, h;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  cairo_set_source_rgb (cr, gray, gray, gray);
  pango_cairo_show_layout (cr, layout);
  return h;
}

/* What the page holds, the data's credit and when it was made, as on the
 * posters: "Counts of hazards only; no personal data. · Map data: ©
 * OpenStreetMap contributors, ODbL · Made with Gridmap on 2026-12-04". */
static char *
dup_footer (const char *attribution,
            const char *date)
{
  GString *footer = g_string_new (_("Counts of hazards only; no personal data."));

  if (attribution != NULL && *attribution != '\0')
    {
      g_string_append (footer, " · ");
      g_string_append_printf (footer, _("Map data: %s"), attribution);
    }
  g_string_append (footer, " · ");
  g_string_append_printf (footer, _("Made with Gridmap on %s"), date);
  return g_string_free (footer, FALSE);
}

static double
draw_entry (cairo_t             *cr,
            double               x,
            double               y,
            const GmLegendEntry *e)
{
  double h = draw_text (cr, x + 26, y, PANEL - 26, "Sans 9", 0.15, e->label);

  gm_legend_entry_paint (e, cr, x + 0.5, y + (h - 12) / 2 + 0.5, 18, 12);
  return MAX (h, 14) + 4;
}

static double
draw_legend (cairo_t               *cr,
             double                 x,
             double                 y,
             const GmHotspotResult *result,
             GmLayers               layer)
{
  g_autoptr(GmLegend) legend = gm_hotspot_legend (result, layer);
  double top = y;

  y += draw_text (cr, x, y, PANEL, "Sans Bold 10.5", 0.1, legend->title) + 2;
  if (legend->note != NULL)
    y += draw_text (cr, x, y, PANEL, "Sans 8.5", 0.4, legend->note) + 6;
  for (guint i = 0; i < legend->entries->len; i++)
    y += draw_entry (cr, x, y, g_ptr_array_index (legend->entries, i));
  return y - top + 16;
}

/* A scale bar of a round length about a fifth of the map's width. */
static void
draw_scale_bar (cairo_t      *cr,
                const GmView *view,
                double        x,
                double        y)
{
  struct geod_geodesic g;
  double lat = gm_mercator_lat (view->zoom, view->origin_y + view->height / 2.0);
  double lon0 = gm_mercator_lon (view->zoom, view->origin_x);
  double lon1 = gm_mercator_lon (view->zoom, view->origin_x + 100);
  double s12 = 0, m_per_px, length, px;
  g_autofree char *label = NULL;

  geod_init (&g, 6378137.0, 1.0 / 298.257223563);
  geod_inverse (&g, lat, lon0, lat, lon1, &s12, NULL, NULL);
  m_per_px = s12 / 100.0;
  length = pow (10.0, floor (log10 (view->width / 5.0 * m_per_px)));
  while (length * 2 / m_per_px < view->width / 4.0)
    length *= 2;
  px = length / m_per_px;
  label = length >= 1000 ? g_strdup_printf (_("%g km"), length / 1000) : g_strdup_printf (_("%g m"), length);

  cairo_rectangle (cr, x - 6, y - 20, px + 12, 28);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_fill (cr);
  cairo_move_to (cr, x, y - 4);
  cairo_line_to (cr, x, y);
  cairo_line_to (cr, x + px, y);
  cairo_line_to (cr, x + px, y - 4);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  draw_text (cr, x, y - 19, px + 40, "Sans 8", 0.1, label);
}

static gboolean
draw_page (cairo_t             *cr,
           GmRenderer          *renderer,
           const GmView        *view,
           const GmExportText  *text,
           GCancellable        *cancellable,
           GError             **error)
{
  static const GmLayers legends[] = { GM_LAYER_GRID_RATES, GM_LAYER_HEAT, GM_LAYER_HOTSPOTS, GM_LAYER_FILTERED };
  g_autoptr(GmHotspotResult) result = gm_renderer_dup_hotspots (renderer);
  GmLayers layers = gm_renderer_get_layers (renderer);
  double x = MARGIN + view->width + GAP, y = HEADER + 8;
  g_autofree char *subtitle = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *today = gm_today_iso ();
  gboolean ok;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  if (result != NULL)
    /* Translators: the filter in words, then the date it was judged on */
    subtitle = g_strdup_printf (_("%s · as of %s · %u hazards"), result->description, result->as_of,
                                result->points->len);
  draw_text (cr, MARGIN, 14, view->width + GAP + PANEL, "Sans Bold 16", 0.1, text->title);
  draw_text (cr, MARGIN, 40, view->width + GAP + PANEL, "Sans 10", 0.35, subtitle);

  cairo_save (cr);
  cairo_translate (cr, MARGIN, HEADER);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  ok = gm_renderer_draw (renderer, cr, view, cancellable, error);
  draw_scale_bar (cr, view, 16, view->height - 14);
  cairo_restore (cr);
  cairo_rectangle (cr, MARGIN - 0.5, HEADER - 0.5, view->width + 1, view->height + 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.4);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; ok && result != NULL && i < G_N_ELEMENTS (legends); i++)
    if (layers & legends[i])
      y += draw_legend (cr, x, y, result, legends[i]);
  footer = dup_footer (text->attribution, today);
  draw_text (cr, MARGIN, HEADER + view->height + 10, view->width + GAP + PANEL, "Sans 8", 0.4, footer);
  return ok;
}

/* Draws the page into @part, a PDF or a PNG file. */
static gboolean
write_page (GmRenderer          *renderer,
            const GmView        *view,
            const GmExportText  *text,
            const char          *part,
            gboolean             pdf,
            GCancellable        *cancellable,
            GError             **error)
{
  double width = MARGIN + view->width + GAP + PANEL + MARGIN;
  double height = HEADER + view->height + FOOTER;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  gboolean ok;

  surface = pdf ? cairo_pdf_surface_create (part, width, height)
                : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width), (int) ceil (height));
  cr = cairo_create (surface);
  ok = draw_page (cr, renderer, view, text, cancellable, error);
  cairo_destroy (cr);
  if (ok && !pdf)
    status = cairo_surface_write_to_png (surface, part);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not write the map to “%s”: %s"), part, cairo_status_to_string (status));
      return FALSE;
    }
  return ok;
}

gboolean
gm_hotspot_export (GmRenderer          *renderer,
                   const GmView        *view,
                   const GmExportText  *text,
                   const char          *path,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autofree char *part = NULL;
  gboolean pdf;

  g_return_val_if_fail (GM_IS_RENDERER (renderer), FALSE);
  g_return_val_if_fail (view != NULL && text != NULL && path != NULL, FALSE);

  /* Written beside and renamed over: a failed export leaves an older file
   * of that name as it was. */
  part = g_strconcat (path, ".part", NULL);
  pdf = g_str_has_suffix (path, ".pdf") || g_str_has_suffix (path, ".PDF");
  if (!write_page (renderer, view, text, part, pdf, cancellable, error))
    {
      g_unlink (part);
      return FALSE;
    }
  if (g_rename (part, path) != 0)
    {
      int saved = errno;

      g_unlink (part);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write the map to “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
