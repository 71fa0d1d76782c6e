/* gm-render-grid-labels.c — grid labels: sequence numbers from afar, names
 * and codes up close, never overlapping; on print pages, text in place.
 *
 * Text is the dearest thing on a tile, so a label costs as little as it
 * can: it is measured once (the size is kept by the renderer, keyed by its
 * markup), collisions are decided on the sizes, and only the labels drawn
 * are rendered, once, into an image the renderer keeps. The light halo that
 * makes a label readable on any fill is the text's own coverage widened by
 * a max filter, not a stroke of the glyphs' outlines: stroking Chinese
 * glyphs costs cairo about a millisecond a label.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "gm-render-private.h"

typedef struct
{
  cairo_surface_t *image;     /* NULL until the label is first drawn */
  int              w, h;      /* of the text, in view pixels */
} GmLabelImage;

/* Space around the text for its halo, in view pixels. */
#define GM_LABEL_PAD 3
/* The halo's width, in view pixels. */
#define GM_LABEL_HALO 1.5
#define GM_LABEL_IMAGES_MAX 4096
/* Grids narrower than this, in view pixels, get no label (on a print
 * page, the second). */
#define GM_LABEL_MIN_GRID 20
#define GM_LABEL_MIN_GRID_PRINT 8

/* Labels whose anchor is this near the view, not only inside it, are drawn
 * too, so a label across a tile edge is drawn whole by both tiles at the
 * same place; that holds for labels up to twice as wide (high). Labels a
 * label's width (height) further are read to decide which ones hide it. */
#define GM_LABEL_REACH_X 80.0
#define GM_LABEL_REACH_Y 24.0
#define GM_LABEL_SEARCH_X (GM_LABEL_REACH_X * 3)
#define GM_LABEL_SEARCH_Y (GM_LABEL_REACH_Y * 3)

void
gm_label_image_free (gpointer data)
{
  GmLabelImage *image = data;

  g_clear_pointer (&image->image, cairo_surface_destroy);
  g_free (image);
}

/* A text context of fixed font options: sizes and glyphs are then the
 * same on every surface and at every scale, which tiles that meet at an
 * edge and images shared between tiles need. */
static PangoLayout *
gm_label_layout_new (void)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 10");
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoLayout *layout;

  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, 96.0);
  cairo_font_options_destroy (options);
  /* Chinese names in Chinese letterforms, whatever the locale. */
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));
  layout = pango_layout_new (context);
  g_object_unref (context);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

/* Dark grey text over its white halo, from the text's coverage @text into
 * the premultiplied ARGB32 @image of the same size. */
static void
gm_label_compose (cairo_surface_t *text,
                  cairo_surface_t *image,
                  double           radius)
{
  const guint8 *t = cairo_image_surface_get_data (text);
  guint8 *out = cairo_image_surface_get_data (image);
  int w = cairo_image_surface_get_width (text);
  int h = cairo_image_surface_get_height (text);
  int ts = cairo_image_surface_get_stride (text);
  int os = cairo_image_surface_get_stride (image);
  int r = (int) ceil (radius);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint halo = 0, a_t = t[y * ts + x], a_h, a, c;

        for (int dy = MAX (-r, -y); dy <= r && y + dy < h; dy++)
          for (int dx = MAX (-r, -x); dx <= r && x + dx < w; dx++)
            if (dx * dx + dy * dy <= radius * radius + 0.5)
              halo = MAX (halo, t[(y + dy) * ts + x + dx]);
        /* White at 90 % under dark grey (0x21), premultiplied. */
        a_h = (halo * 230 + 127) / 255;
        a = a_t + (a_h * (255 - a_t) + 127) / 255;
        c = (a_t * 0x21 + a_h * (255 - a_t) + 127) / 255;
        ((guint32 *) (out + y * os))[x] = a << 24 | c << 16 | c << 8 | c;
      }
}

/* The image of @layout's text, @w×@h view pixels, at @scale. */
static cairo_surface_t *
gm_label_render (PangoLayout *layout,
                 int          w,
                 int          h,
                 double       scale)
{
  int width = (int) ceil ((w + 2 * GM_LABEL_PAD) * scale);
  int height = (int) ceil ((h + 2 * GM_LABEL_PAD) * scale);
  cairo_surface_t *text = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (text);

  cairo_scale (cr, scale, scale);
  cairo_move_to (cr, GM_LABEL_PAD, GM_LABEL_PAD);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (text);
  cairo_surface_flush (image);
  gm_label_compose (text, image, GM_LABEL_HALO * scale);
  cairo_surface_mark_dirty (image);
  cairo_surface_destroy (text);
  cairo_surface_set_device_scale (image, scale, scale);
  return image;
}

static char *
gm_label_key (GmDrawContext *ctx,
              const char    *markup)
{
  return g_strdup_printf ("%g|%s", ctx->view->scale, markup);
}

/* The size of @markup's text in view pixels, measured when first needed. */
static void
gm_label_measure (GmDrawContext *ctx,
                  PangoLayout   *layout,
                  const char    *markup,
                  int           *w,
                  int           *h)
{
  g_autofree char *key = NULL;
  GmLabelImage *entry;

  /* A print page's labels are in a font of their own, and drawn once. */
  if (ctx->print)
    {
      pango_layout_set_markup (layout, markup, -1);
      pango_layout_get_pixel_size (layout, w, h);
      return;
    }
  key = gm_label_key (ctx, markup);
  g_mutex_lock (ctx->labels_lock);
  entry = g_hash_table_lookup (ctx->labels, key);
  if (entry != NULL)
    {
      *w = entry->w;
      *h = entry->h;
    }
  g_mutex_unlock (ctx->labels_lock);
  if (entry != NULL)
    return;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, w, h);
  entry = g_new0 (GmLabelImage, 1);
  entry->w = *w;
  entry->h = *h;
  g_mutex_lock (ctx->labels_lock);
  if (g_hash_table_size (ctx->labels) >= GM_LABEL_IMAGES_MAX)
    g_hash_table_remove_all (ctx->labels);
  g_hash_table_replace (ctx->labels, g_steal_pointer (&key), entry);
  g_mutex_unlock (ctx->labels_lock);
}

/* The image of @markup (a new reference), rendered when first drawn. */
static cairo_surface_t *
gm_label_image (GmDrawContext *ctx,
                PangoLayout   *layout,
                const char    *markup,
                int            w,
                int            h)
{
  g_autofree char *key = gm_label_key (ctx, markup);
  cairo_surface_t *image = NULL;
  GmLabelImage *entry;

  g_mutex_lock (ctx->labels_lock);
  entry = g_hash_table_lookup (ctx->labels, key);
  if (entry != NULL && entry->image != NULL)
    image = cairo_surface_reference (entry->image);
  g_mutex_unlock (ctx->labels_lock);
  if (image != NULL)
    return image;

  pango_layout_set_markup (layout, markup, -1);
  image = gm_label_render (layout, w, h, ctx->view->scale);
  g_mutex_lock (ctx->labels_lock);
  entry = g_hash_table_lookup (ctx->labels, key);
  if (entry != NULL && entry->image == NULL)
    entry->image = cairo_surface_reference (image);
  g_mutex_unlock (ctx->labels_lock);
  return image;
}

/* Berlin's 0102013 in community 0102 is 013; the demo's 990101001001013
 * is 013 too. */
const char *
gm_grid_short_code (const char *code,
                    const char *community_code)
{
  gsize len = code != NULL ? strlen (code) : 0;
  gsize prefix = community_code != NULL ? strlen (community_code) : 0;

  if (code == NULL)
    return "";
  if (prefix > 0 && len > prefix && strncmp (code, community_code, prefix) == 0)
    return code + prefix;
  return len == 15 ? code + 12 : code;
}

/* A grid's label: its name and code up close, its number from afar. */
static char *
gm_grid_label_text (const char *code,
                    const char *name,
                    const char *community,
                    double      zoom)
{
  if (zoom >= 15.5 && name != NULL && *name != '\0')
    return g_markup_printf_escaped ("<b>%s</b>\n<span size='smaller'>%s</span>", name, code);
  if (zoom >= 15.5)
    return g_markup_printf_escaped ("<b>%s</b>", code != NULL ? code : "");
  return g_markup_printf_escaped ("<b>%s</b>", gm_grid_short_code (code, community));
}

typedef GmGridLabel GmLabel;

static void
gm_label_clear (gpointer data)
{
  g_free (((GmLabel *) data)->markup);
}

/* Labels keep a little space between them. */
static gboolean
gm_labels_overlap (const GmLabel *a,
                   const GmLabel *b)
{
  return fabs (a->x - b->x) * 2 < a->width + b->width + 12
         && fabs (a->y - b->y) * 2 < a->height + b->height + 4;
}

/* Which of @labels, in the order they come first, are shown: a label is
 * hidden by an earlier one that is shown, not by one that is itself
 * hidden. */
static gboolean *
gm_labels_choose (const GArray *labels)
{
  gboolean *shown = g_new0 (gboolean, labels->len);

  for (guint i = 0; i < labels->len; i++)
    {
      const GmLabel *label = &g_array_index (labels, GmLabel, i);

      shown[i] = TRUE;
      for (guint j = 0; j < i && shown[i]; j++)
        shown[i] = !shown[j] || !gm_labels_overlap (label, &g_array_index (labels, GmLabel, j));
    }
  return shown;
}

static gboolean
gm_label_near (const GmView *v,
               const GmLabel *label,
               double        reach_x,
               double        reach_y)
{
  return label->x >= -reach_x && label->y >= -reach_y
         && label->x <= v->width / v->scale + reach_x && label->y <= v->height / v->scale + reach_y;
}

/* Whether @label fits in its grid's box (@x0, @y0 its south-west corner,
 * @x1, @y1 its north-east one, in view pixels). */
static gboolean
gm_label_fits (const GmLabel *label,
               double         x0,
               double         y0,
               double         x1,
               double         y1)
{
  return x1 - x0 >= label->width && y0 - y1 >= label->height;
}

/* On a print page a label is text drawn in place, sharp at any resolution,
 * and keeps other labels (street names, landmarks) off it. */
static void
gm_print_grid_label (GmDrawContext *ctx,
                     PangoLayout   *layout,
                     const GmLabel *label)
{
  GmLabelBox box = { label->x, label->y, label->width / 2.0 + 3, label->height / 2.0 + 1, 1.0, 0.0 };

  /* A page has no neighbouring tile to finish a label cut at its edge. */
  if (!gm_label_box_inside (ctx, &box, 2) || !gm_draw_place_label (ctx, &box))
    return;
  pango_layout_set_markup (layout, label->markup, -1);
  gm_draw_text_label (ctx->cr, layout, label->x, label->y, 0.0, 3.0, 0x212121);
}

/* The labels of the current grids near the view: first those that fit in
 * their grid's box, then those of grids smaller than their label (which
 * are shown where no other label is in the way: a number running over a
 * small grid's edges still tells which grid it is, where no number would
 * leave the grid unnamed); each group larger grids first. */
static GArray *
gm_read_grid_labels (GmDrawContext  *ctx,
                     PangoLayout    *layout,
                     GError        **error)
{
  const GmView *v = ctx->view;
  g_autoptr(GArray) labels = g_array_new (FALSE, TRUE, sizeof (GmLabel));
  g_autoptr(GArray) small = g_array_new (FALSE, TRUE, sizeof (GmLabel));
  GmProjection p;
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (labels, gm_label_clear);
  g_array_set_clear_func (small, gm_label_clear);
  /* Larger first, by the R*Tree's box: a district has thousands of grids
   * near a tile, and their outlines need not be read to be ranked. A grid
   * under GM_LABEL_MIN_GRID pixels across is not labelled at all (a district
   * at zoom 13 has thousands of such grids near a tile). */
#define GM_GRID_LABELS_SQL(min_px) \
  "SELECT X(g.label_point), Y(g.label_point), g.code, g.name," \
  "   i.xmin, i.ymin, i.xmax, i.ymax," \
  "   (SELECT c.code FROM community c WHERE c.id = g.community_id)" \
  " FROM grid g JOIN idx_grid_boundary i ON i.pkid = g.id" \
  " WHERE g.valid_to IS NULL" \
  "   AND i.xmin <= ?2 AND i.xmax >= ?1 AND i.ymin <= ?4 AND i.ymax >= ?3" \
  "   AND i.xmax - i.xmin >= " G_STRINGIFY (min_px) " * ?11" \
  " ORDER BY (i.xmax - i.xmin) * (i.ymax - i.ymin) DESC, g.code"
  /* A print page is drawn once, not tile by tile: there every grid of a
   * few pixels may have its number where it finds room. */
  stmt = gm_draw_query (ctx, ctx->print ? GM_GRID_LABELS_SQL (GM_LABEL_MIN_GRID_PRINT)
                                        : GM_GRID_LABELS_SQL (GM_LABEL_MIN_GRID),
                        GM_LABEL_SEARCH_X, error);
#undef GM_GRID_LABELS_SQL
  if (stmt == NULL)
    return NULL;
  gm_projection_init (&p, v);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmLabel label = { 0, };
      double x0, y0, x1, y1;

      gm_project (&p, sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1),
                  &label.x, &label.y);
      if (!gm_label_near (v, &label, GM_LABEL_SEARCH_X, GM_LABEL_SEARCH_Y))
        continue;
      label.markup = gm_grid_label_text ((const char *) sqlite3_column_text (stmt, 2),
                                         (const char *) sqlite3_column_text (stmt, 3),
                                         (const char *) sqlite3_column_text (stmt, 8), v->zoom);
      gm_label_measure (ctx, layout, label.markup, &label.width, &label.height);
      gm_project (&p, sqlite3_column_double (stmt, 4), sqlite3_column_double (stmt, 5), &x0, &y0);
      gm_project (&p, sqlite3_column_double (stmt, 6), sqlite3_column_double (stmt, 7), &x1, &y1);
      if (gm_label_fits (&label, x0, y0, x1, y1))
        g_array_append_val (labels, label);
      else
        g_array_append_val (small, label);
    }
  if (!gm_draw_finish_query (ctx, stmt, rc, error))
    return NULL;
  {
    gsize n = 0;
    g_autofree GmLabel *moved = g_array_steal (small, &n);

    g_array_append_vals (labels, moved, (guint) n);
  }
  return g_steal_pointer (&labels);
}

/* Grid labels, without collisions: larger grids come first, and a label
 * that would come near a larger grid's label is left out. */
gboolean
gm_draw_grid_labels (GmDrawContext  *ctx,
                     GError        **error)
{
  const GmView *v = ctx->view;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autofree gboolean *shown = NULL;

  /* From zoom 13, where a community's grids are a few dozen pixels
   * across. */
  if (v->zoom < GM_RENDER_MIN_GRID_ZOOM)
    return TRUE;
  if (ctx->print)
    layout = gm_draw_label_layout (ctx, GM_PRINT_FONT " 12");
  else
    layout = gm_label_layout_new ();
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  labels = gm_read_grid_labels (ctx, layout, error);
  if (labels == NULL)
    return FALSE;

  /* Every label in the searched band is decided, so that neighbouring
   * tiles decide the same. */
  shown = gm_labels_choose (labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const GmLabel *label = &g_array_index (labels, GmLabel, i);
      cairo_surface_t *image;

      if (!shown[i] || !gm_label_near (v, label, GM_LABEL_REACH_X, GM_LABEL_REACH_Y))
        continue;
      if (ctx->print)
        {
          gm_print_grid_label (ctx, layout, label);
          continue;
        }
      /* At whole pixels, so a label drawn by two tiles is the same. */
      image = gm_label_image (ctx, layout, label->markup, label->width, label->height);
      cairo_set_source_surface (ctx->cr, image, round (label->x - label->width / 2.0) - GM_LABEL_PAD,
                                round (label->y - label->height / 2.0) - GM_LABEL_PAD);
      cairo_paint (ctx->cr);
      cairo_surface_destroy (image);
    }
  return TRUE;
}

/* ---- labels of grids drawn over the map ------------------------------------ */

typedef struct
{
  GmLabel     label;
  gboolean    fits;
  double      area;         /* of its grid's box, in square view pixels */
  const char *code;
} GmRankedLabel;

/* The tiles' order: those that fit first, then larger grids, then by code. */
static int
gm_ranked_label_compare (gconstpointer a,
                         gconstpointer b)
{
  const GmRankedLabel *la = a, *lb = b;

  if (la->fits != lb->fits)
    return la->fits ? -1 : 1;
  if (la->area != lb->area)
    return la->area > lb->area ? -1 : 1;
  return g_strcmp0 (la->code, lb->code);
}

static GArray *
gm_grid_labels_rank (const GmGridLabelSource *grids,
                     guint                    n_grids,
                     const char              *community_code,
                     const GmView            *view)
{
  g_autoptr(PangoLayout) layout = gm_label_layout_new ();
  GArray *ranked = g_array_new (FALSE, TRUE, sizeof (GmRankedLabel));
  GmProjection p;

  gm_projection_init (&p, view);
  for (guint i = 0; i < n_grids; i++)
    {
      const GmGridLabelSource *grid = &grids[i];
      GmRankedLabel r = { { i, 0, 0, 0, 0, NULL }, FALSE, 0, grid->code };
      double x0, y0, x1, y1;

      gm_project (&p, grid->extent.min_lon, grid->extent.min_lat, &x0, &y0);
      gm_project (&p, grid->extent.max_lon, grid->extent.max_lat, &x1, &y1);
      if (x1 - x0 < GM_LABEL_MIN_GRID)
        continue;
      gm_project (&p, grid->lon, grid->lat, &r.label.x, &r.label.y);
      r.label.markup = gm_grid_label_text (grid->code, grid->name, community_code, view->zoom);
      pango_layout_set_markup (layout, r.label.markup, -1);
      pango_layout_get_pixel_size (layout, &r.label.width, &r.label.height);
      r.fits = gm_label_fits (&r.label, x0, y0, x1, y1);
      r.area = (x1 - x0) * (y0 - y1);
      g_array_append_val (ranked, r);
    }
  g_array_sort (ranked, gm_ranked_label_compare);
  return ranked;
}

GArray *
gm_grid_labels_place (const GmGridLabelSource *grids,
                      guint                    n_grids,
                      const char              *community_code,
                      const GmView            *view)
{
  GArray *placed = g_array_new (FALSE, TRUE, sizeof (GmLabel));
  g_autoptr(GArray) ranked = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autofree gboolean *shown = NULL;

  g_return_val_if_fail (grids != NULL || n_grids == 0, placed);
  g_return_val_if_fail (view != NULL, placed);

  g_array_set_clear_func (placed, gm_label_clear);
  if (view->zoom < GM_RENDER_MIN_GRID_ZOOM)
    return placed;
  ranked = gm_grid_labels_rank (grids, n_grids, community_code, view);
  labels = g_array_sized_new (FALSE, TRUE, sizeof (GmLabel), ranked->len);
  g_array_set_clear_func (labels, gm_label_clear);
  for (guint i = 0; i < ranked->len; i++)
    g_array_append_val (labels, g_array_index (ranked, GmRankedLabel, i).label);
  shown = gm_labels_choose (labels);
  for (guint i = 0; i < labels->len; i++)
    if (shown[i])
      {
        g_array_append_val (placed, g_array_index (labels, GmLabel, i));
        g_array_index (labels, GmLabel, i).markup = NULL;
      }
  return placed;
}

void
gm_grid_label_paint (cairo_t           *cr,
                     const GmGridLabel *label,
                     double             scale)
{
  g_autoptr(PangoLayout) layout = NULL;
  cairo_surface_t *image;

  g_return_if_fail (cr != NULL && label != NULL && label->markup != NULL);
  g_return_if_fail (scale > 0);

  layout = gm_label_layout_new ();
  pango_layout_set_markup (layout, label->markup, -1);
  image = gm_label_render (layout, label->width, label->height, scale);
  cairo_save (cr);
  cairo_set_source_surface (cr, image, round (label->x - label->width / 2.0) - GM_LABEL_PAD,
                            round (label->y - label->height / 2.0) - GM_LABEL_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
}
