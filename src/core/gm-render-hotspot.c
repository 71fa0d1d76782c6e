/* gm-render-hotspot.c — the layers of the hot-spot analysis: grid rates as
 * a choropleth, kernel density as a heat raster, Gi* hexagons and the
 * hazards the filter took.
 *
 * The density is evaluated on a raster aligned to the world's pixel grid
 * at each zoom (cells a quarter of the bandwidth), a cell beyond the view
 * on each side, and painted with
 * bilinear filtering: neighbouring tiles compute the same cells and meet
 * without a seam. Each hazard's kernel is a circle in Web Mercator (which
 * is conformal) of the bandwidth in metres at its own latitude, and the
 * colour scale is the result's peak, the same for every tile.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "gm-hotspot-style.h"
#include "gm-kde.h"
#include "gm-render-private.h"

static void
set_rgb (cairo_t *cr,
         guint32  rgb,
         double   alpha)
{
  cairo_set_source_rgba (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

/* The view in world pixels at its zoom: origin and size. */
typedef struct
{
  double x0, y0, w, h, world;
} GmViewBox;

static void
view_box (const GmView *v,
          GmViewBox    *box)
{
  box->x0 = v->origin_x;
  box->y0 = v->origin_y;
  box->w = v->width / v->scale;
  box->h = v->height / v->scale;
  box->world = exp2 (v->zoom);
}

/* ---- grid rates ------------------------------------------------------------------ */

#define GRID_BUCKETS 6   /* classes 0–4 and "no value" */

static int
grid_bucket (sqlite3_stmt *stmt,
             gpointer      data)
{
  const GmHotspotResult *r = data;
  gint64 id = sqlite3_column_int64 (stmt, 1);
  const GmGridRate *rate = g_hash_table_lookup (r->grid_index, &id);
  int k;

  if (rate == NULL)
    return -1;
  k = gm_grid_class (r, rate);
  return k < 0 ? GRID_BUCKETS - 1 : k;
}

static gboolean
draw_grid_rates (GmDrawContext  *ctx,
                 GError        **error)
{
  const GmHotspotResult *r = ctx->hotspots;
  cairo_path_t *paths[GRID_BUCKETS] = { NULL };
  cairo_t *cr = ctx->cr;
  sqlite3_stmt *stmt;

  if (r->grid_index == NULL)
    return TRUE;
  stmt = gm_draw_query (ctx, "SELECT boundary, id FROM grid WHERE valid_to IS NULL AND id IN"
                        " (SELECT pkid FROM idx_grid_boundary"
                        "  WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)", 4, error);
  if (stmt == NULL
      || !gm_read_paths (ctx, stmt, GRID_BUCKETS, grid_bucket, (gpointer) r, paths, error))
    return FALSE;
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (int k = 0; k < GRID_BUCKETS; k++)
    {
      cairo_new_path (cr);
      cairo_append_path (cr, paths[k]);
      set_rgb (cr, gm_grid_class_rgb (r->measure, k < 5 ? k : -1), GM_GRID_RATE_ALPHA);
      cairo_fill (cr);
    }
  cairo_new_path (cr);
  for (int k = 0; k < GRID_BUCKETS; k++)
    cairo_append_path (cr, paths[k]);
  cairo_set_source_rgba (cr, 0.25, 0.25, 0.25, 0.8);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  gm_free_paths (paths, GRID_BUCKETS);
  return TRUE;
}

/* Thin outlines of the grids, when no choropleth draws them. */
static int
every_grid (sqlite3_stmt *stmt,
            gpointer      data)
{
  return 0;
}

static gboolean
draw_grid_outlines (GmDrawContext  *ctx,
                    GError        **error)
{
  cairo_path_t *path = NULL;
  sqlite3_stmt *stmt;

  stmt = gm_draw_query (ctx, "SELECT boundary FROM grid WHERE valid_to IS NULL AND id IN"
                        " (SELECT pkid FROM idx_grid_boundary"
                        "  WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)", 4, error);
  if (stmt == NULL || !gm_read_paths (ctx, stmt, 1, every_grid, NULL, &path, error))
    return FALSE;
  cairo_new_path (ctx->cr);
  cairo_append_path (ctx->cr, path);
  cairo_set_source_rgba (ctx->cr, 0.2, 0.2, 0.2, 0.75);
  cairo_set_line_width (ctx->cr, 1.0);
  cairo_stroke (ctx->cr);
  gm_free_paths (&path, 1);
  return TRUE;
}

/* A grid's value as its label shows it: 4.5, 12, 83 %, +3. */
static char *
grid_value_text (const GmHotspotResult *r,
                 gint64                 grid_id)
{
  const GmGridRate *rate = g_hash_table_lookup (r->grid_index, &grid_id);
  double v;

  if (rate == NULL || isnan (v = gm_grid_rate_value (rate, r->measure)))
    return g_strdup ("–");
  switch (r->measure)
    {
    case GM_GRID_RECTIFICATION:
    case GM_GRID_REBOUND:
      return g_strdup_printf ("%.0f %%", 100 * v);
    case GM_GRID_CHANGE:
      return g_strdup_printf ("%+.0f", v);
    case GM_GRID_OVERDUE:
      return g_strdup_printf ("%.0f", v);
    case GM_GRID_OPEN_PER_100:
    case GM_GRID_N_MEASURES:
    default:
      return g_strdup_printf ("%.1f", v);
    }
}

static void
paint_label (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y,
             const char  *markup)
{
  int w, h;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - w / 2.0), round (y - h / 2.0));
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_set_line_width (cr, 3.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_fill (cr);
}

/* A label's markup for a row of the label query, or NULL for a grid too
 * small on screen to hold one. */
static char *
label_markup (GmDrawContext *ctx,
              sqlite3_stmt  *stmt,
              double         world)
{
  const GmHotspotResult *r = ctx->hotspots;
  const char *code = (const char *) sqlite3_column_text (stmt, 2);
  g_autofree char *value = NULL;

  if (code == NULL || sqlite3_column_double (stmt, 4) / 360.0 * 256.0 * world < 36)
    return NULL;
  if (ctx->view->zoom < 15.5 && strlen (code) == 15)
    code += 12;
  if (!(ctx->layers & GM_LAYER_GRID_RATES) || r->grid_index == NULL)
    return g_markup_printf_escaped ("<b>%s</b>", code);
  value = grid_value_text (r, sqlite3_column_int64 (stmt, 3));
  return g_markup_printf_escaped ("<b>%s</b>\n%s", code, value);
}

typedef struct
{
  double x, y, w, h;
} GmRateLabelBox;

static gboolean
overlaps_placed (const GArray     *placed,
                 const GmRateLabelBox *label)
{
  for (guint j = 0; j < placed->len; j++)
    {
      const GmRateLabelBox *o = &g_array_index (placed, GmRateLabelBox, j);

      if (fabs (o->x - label->x) * 2 < o->w + label->w && fabs (o->y - label->y) * 2 < o->h + label->h)
        return TRUE;
    }
  return FALSE;
}

/* Each grid's code (its last three digits from afar) and, over the
 * choropleth, its value. Larger grids first; a label that would overlap
 * one already placed is left out. Labels are weighed within a margin
 * beyond the view, so neighbouring tiles make the same choices. */
static gboolean
draw_grid_labels (GmDrawContext  *ctx,
                  GError        **error)
{
  const double margin = 160;
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (ctx->cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (GmRateLabelBox));
  GmViewBox box;
  sqlite3_stmt *stmt;
  int rc;

  view_box (ctx->view, &box);
  stmt = gm_draw_query (ctx, "SELECT X(g.label_point), Y(g.label_point), g.code, g.id, i.xmax - i.xmin"
                        " FROM grid g JOIN idx_grid_boundary i ON i.pkid = g.id"
                        " WHERE g.valid_to IS NULL AND g.label_point IS NOT NULL"
                        "   AND i.xmin <= ?2 AND i.xmax >= ?1 AND i.ymin <= ?4 AND i.ymax >= ?3"
                        " ORDER BY (i.xmax - i.xmin) * (i.ymax - i.ymin) DESC, g.code", 2 * margin, error);
  if (stmt == NULL)
    return FALSE;
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *markup = label_markup (ctx, stmt, box.world);
      GmRateLabelBox label;
      int w, h;

      if (markup == NULL)
        continue;
      label.x = gm_mercator_x (ctx->view->zoom, sqlite3_column_double (stmt, 0)) - box.x0;
      label.y = gm_mercator_y (ctx->view->zoom, sqlite3_column_double (stmt, 1)) - box.y0;
      pango_layout_set_markup (layout, markup, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      label.w = w + 6;
      label.h = h + 2;
      if (overlaps_placed (placed, &label))
        continue;
      g_array_append_val (placed, label);
      if (label.x > -margin && label.y > -margin && label.x < box.w + margin && label.y < box.h + margin)
        paint_label (ctx->cr, layout, label.x, label.y, markup);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, GM_RENDER_ERROR, GM_RENDER_ERROR_FAILED,
               _("Drawing the map failed: %s"), sqlite3_errstr (rc));
  return FALSE;
}

/* ---- density ------------------------------------------------------------------------ */

/* The raster cell, in world pixels: a quarter of the bandwidth at the
 * first hazard's latitude (the same for every tile at a zoom, so tiles meet
 * without a seam), between 1 and 64 pixels. Four samples a radius, joined
 * by bilinear filtering, keep the quartic's smooth shape. */
static double
heat_cell (const GmHotspotResult *r,
           double                 world)
{
  const GmHotspotPoint *p = &g_array_index (r->points, GmHotspotPoint, 0);
  double radius = r->bandwidth_m * world / p->m_per_px0;

  return CLAMP (radius / 4.0, 1.0, 64.0);
}

/* Every hazard whose kernel reaches the raster, in world pixels, its
 * amplitude scaled so that the peak density is 1. */
static GArray *
heat_stamps (const GmHotspotResult *r,
             const GmKdeGrid       *grid,
             double                 world)
{
  GArray *stamps = g_array_new (FALSE, FALSE, sizeof (GmKdeStamp));
  double h = r->bandwidth_m;
  double x1 = grid->origin_x + grid->width * grid->cell;
  double y1 = grid->origin_y + grid->height * grid->cell;
  double scale = 3.0 / G_PI / (h * h) * 1e6 / r->max_density;

  for (guint i = 0; i < r->points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (r->points, GmHotspotPoint, i);
      GmKdeStamp s = { p->wx * world, p->wy * world, h * world / p->m_per_px0, p->weight * scale };

      if (s.x + s.radius >= grid->origin_x && s.x - s.radius <= x1
          && s.y + s.radius >= grid->origin_y && s.y - s.radius <= y1)
        g_array_append_val (stamps, s);
    }
  return stamps;
}

/* Colours a raster of densities (0–1 of the peak) into an image. */
static cairo_surface_t *
heat_image (const double *values,
            int           width,
            int           height)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  unsigned char *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);

  for (int j = 0; j < height; j++)
    {
      guint32 *row = (guint32 *) (data + (gsize) j * stride);

      for (int i = 0; i < width; i++)
        {
          double c[4];

          gm_heat_color (values[(gsize) j * width + i], c);
          /* Premultiplied ARGB, as cairo keeps it. */
          row[i] = (guint32) (c[3] * 255 + 0.5) << 24 | (guint32) (c[0] * c[3] * 255 + 0.5) << 16
                   | (guint32) (c[1] * c[3] * 255 + 0.5) << 8 | (guint32) (c[2] * c[3] * 255 + 0.5);
        }
    }
  cairo_surface_mark_dirty (image);
  return image;
}

static gboolean
draw_heat (GmDrawContext  *ctx,
           GError        **error)
{
  const GmHotspotResult *r = ctx->hotspots;
  g_autoptr(GArray) stamps = NULL;
  g_autofree double *values = NULL;
  cairo_surface_t *image;
  cairo_pattern_t *pattern;
  GmViewBox box;
  GmKdeGrid grid;

  if (r->kde_error != NULL || r->max_density <= 0 || r->points->len == 0)
    return TRUE;
  view_box (ctx->view, &box);
  grid.cell = heat_cell (r, box.world);
  grid.origin_x = (floor (box.x0 / grid.cell) - 1) * grid.cell;
  grid.origin_y = (floor (box.y0 / grid.cell) - 1) * grid.cell;
  grid.width = (int) ceil ((box.x0 + box.w - grid.origin_x) / grid.cell) + 1;
  grid.height = (int) ceil ((box.y0 + box.h - grid.origin_y) / grid.cell) + 1;
  stamps = heat_stamps (r, &grid, box.world);
  if (stamps->len == 0)
    return TRUE;
  values = g_new0 (double, (gsize) grid.width * grid.height);
  gm_kde_grid_add (&grid, (GmKdeStamp *) stamps->data, stamps->len, values);
  image = heat_image (values, grid.width, grid.height);

  cairo_save (ctx->cr);
  cairo_rectangle (ctx->cr, 0, 0, box.w, box.h);
  cairo_clip (ctx->cr);
  cairo_translate (ctx->cr, grid.origin_x - box.x0, grid.origin_y - box.y0);
  cairo_scale (ctx->cr, grid.cell, grid.cell);
  cairo_set_source_surface (ctx->cr, image, 0, 0);
  pattern = cairo_get_source (ctx->cr);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
  cairo_paint (ctx->cr);
  cairo_restore (ctx->cr);
  cairo_surface_destroy (image);
  return TRUE;
}

/* ---- Gi* cells ----------------------------------------------------------------------- */

static gboolean
cell_in_view (const GmHotspotCell *cell,
              const GmViewBox     *box)
{
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;

  for (int k = 0; k < 6; k++)
    {
      min_x = MIN (min_x, cell->wcorners[2 * k] * box->world - box->x0);
      max_x = MAX (max_x, cell->wcorners[2 * k] * box->world - box->x0);
      min_y = MIN (min_y, cell->wcorners[2 * k + 1] * box->world - box->y0);
      max_y = MAX (max_y, cell->wcorners[2 * k + 1] * box->world - box->y0);
    }
  return max_x >= -1 && min_x <= box->w + 1 && max_y >= -1 && min_y <= box->h + 1;
}

static void
path_cells (cairo_t         *cr,
            GArray          *cells,
            GmGiClass        klass,
            const GmViewBox *box)
{
  cairo_new_path (cr);
  for (guint i = 0; i < cells->len; i++)
    {
      const GmHotspotCell *c = &g_array_index (cells, GmHotspotCell, i);

      if (c->klass != klass || !cell_in_view (c, box))
        continue;
      for (int k = 0; k < 6; k++)
        {
          double x = c->wcorners[2 * k] * box->world - box->x0;
          double y = c->wcorners[2 * k + 1] * box->world - box->y0;

          if (k == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
    }
}

static gboolean
draw_cells (GmDrawContext  *ctx,
            GError        **error)
{
  const GmHotspotResult *r = ctx->hotspots;
  cairo_t *cr = ctx->cr;
  GmViewBox box;

  if (r->cells == NULL)
    return TRUE;
  view_box (ctx->view, &box);
  /* Not significant: the outline of the study area's cells, faintly. */
  path_cells (cr, r->cells, GM_GI_NOT_SIGNIFICANT, &box);
  set_rgb (cr, gm_gi_class_rgb (GM_GI_NOT_SIGNIFICANT), 0.7);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);
  for (int klass = GM_GI_COLD_99; klass <= GM_GI_HOT_99; klass++)
    {
      if (klass == GM_GI_NOT_SIGNIFICANT)
        continue;
      path_cells (cr, r->cells, klass, &box);
      set_rgb (cr, gm_gi_class_rgb (klass), GM_HOTSPOT_ALPHA);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.6);
      cairo_set_line_width (cr, 0.8);
      cairo_stroke (cr);
    }
  return TRUE;
}

/* ---- the filtered hazards ---------------------------------------------------------------- */

static void
path_points (cairo_t               *cr,
             const GmHotspotResult *r,
             GmHazardStatus         status,
             gboolean               overdue,
             const GmViewBox       *box,
             double                 radius)
{
  cairo_new_path (cr);
  for (guint i = 0; i < r->points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (r->points, GmHotspotPoint, i);
      double x = p->wx * box->world - box->x0, y = p->wy * box->world - box->y0;

      if (p->status != status || p->overdue != overdue
          || x < -radius - 3 || y < -radius - 3 || x > box->w + radius + 3 || y > box->h + radius + 3)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
    }
}

static gboolean
draw_points (GmDrawContext  *ctx,
             GError        **error)
{
  static const GmHazardStatus order[] = {
    GM_HAZARD_CLOSED, GM_HAZARD_RECTIFIED, GM_HAZARD_DISCOVERED, GM_HAZARD_NOTIFIED,
  };
  double radius = ctx->view->zoom >= 17 ? 6.0 : ctx->view->zoom >= 15 ? 4.5 : 3.0;
  cairo_t *cr = ctx->cr;
  GmViewBox box;

  view_box (ctx->view, &box);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    for (int overdue = 0; overdue < 2; overdue++)
      {
        path_points (cr, ctx->hotspots, order[i], overdue, &box, radius);
        set_rgb (cr, gm_status_rgb (order[i]), 1.0);
        cairo_fill_preserve (cr);
        cairo_set_line_width (cr, overdue ? 2.5 : 1.2);
        if (overdue)
          set_rgb (cr, 0x730000, 1.0);
        else
          cairo_set_source_rgb (cr, 1, 1, 1);
        cairo_stroke (cr);
      }
  return TRUE;
}

/* The analysis over a map dimmed by a white veil, so that its colours are
 * not mixed with the grids' own: grid rates or grid outlines, density, hot
 * spots, grid labels on top, then the hazards the filter took. */
gboolean
gm_draw_hotspots (GmDrawContext  *ctx,
                  GError        **error)
{
  GmLayers layers = ctx->layers;
  GmLayers areas = layers & (GM_LAYER_GRID_RATES | GM_LAYER_HEAT | GM_LAYER_HOTSPOTS);

  g_assert (ctx->hotspots != NULL);

  if (areas != 0)
    {
      cairo_set_source_rgba (ctx->cr, 1, 1, 1, GM_HOTSPOT_VEIL);
      cairo_paint (ctx->cr);
    }
  return (!(layers & GM_LAYER_GRID_RATES) || draw_grid_rates (ctx, error))
         && (areas == 0 || (layers & GM_LAYER_GRID_RATES) || draw_grid_outlines (ctx, error))
         && (!(layers & GM_LAYER_HEAT) || draw_heat (ctx, error))
         && (!(layers & GM_LAYER_HOTSPOTS) || draw_cells (ctx, error))
         && (areas == 0 || ctx->view->zoom < 12 || draw_grid_labels (ctx, error))
         && (!(layers & GM_LAYER_FILTERED) || ctx->view->zoom < 13 || draw_points (ctx, error));
}
