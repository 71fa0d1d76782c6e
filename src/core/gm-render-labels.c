/* gm-render-labels.c — the labels of print pages: street names along the
 * streets and landmarks, placed without collisions.
 *
 * A print page is drawn in one piece, so a label can be placed against
 * every other label on it: grid labels first (gm-render-layers.c), then
 * street names by the street's rank and length, then landmarks. Each label
 * is a box turned with its text; a label whose box meets one already placed
 * (or room the page keeps clear) is left out.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>
#include "gm-spatialite.h"

#include "gm-render-private.h"

#define GM_ROAD_NAME_RGB 0x2b2b2b
#define GM_LANDMARK_RGB  0x5b3a1e
#define GM_PLACE_RGB     0x4a5a3a

/* ---- boxes -------------------------------------------------------------- */

/* Half the extent of @b projected on the axis (ax, ay). */
static double
gm_label_box_radius (const GmLabelBox *b,
                     double            ax,
                     double            ay)
{
  return b->hw * fabs (b->cos_a * ax + b->sin_a * ay)
         + b->hh * fabs (-b->sin_a * ax + b->cos_a * ay);
}

/* Separating axes: two turned boxes are apart when their shadows on one of
 * the four edge directions do not meet. */
gboolean
gm_label_box_overlaps (const GmLabelBox *a,
                       const GmLabelBox *b)
{
  const double axes[4][2] = {
    { a->cos_a, a->sin_a }, { -a->sin_a, a->cos_a },
    { b->cos_a, b->sin_a }, { -b->sin_a, b->cos_a },
  };
  double dx = b->cx - a->cx;
  double dy = b->cy - a->cy;

  for (guint i = 0; i < G_N_ELEMENTS (axes); i++)
    {
      double d = fabs (dx * axes[i][0] + dy * axes[i][1]);

      if (d > gm_label_box_radius (a, axes[i][0], axes[i][1])
              + gm_label_box_radius (b, axes[i][0], axes[i][1]))
        return FALSE;
    }
  return TRUE;
}

gboolean
gm_draw_place_label (GmDrawContext    *ctx,
                     const GmLabelBox *box)
{
  for (guint i = 0; i < ctx->placed->len; i++)
    if (gm_label_box_overlaps (box, &g_array_index (ctx->placed, GmLabelBox, i)))
      return FALSE;
  g_array_append_val (ctx->placed, *box);
  return TRUE;
}

/* Whether the whole box lies inside the view, @inset pixels from its edge. */
gboolean
gm_label_box_inside (GmDrawContext    *ctx,
                     const GmLabelBox *box,
                     double            inset)
{
  double rx = gm_label_box_radius (box, 1, 0);
  double ry = gm_label_box_radius (box, 0, 1);
  double w = ctx->view->width / ctx->view->scale;
  double h = ctx->view->height / ctx->view->scale;

  return box->cx - rx >= inset && box->cx + rx <= w - inset
         && box->cy - ry >= inset && box->cy + ry <= h - inset;
}

/* ---- text ------------------------------------------------------------------ */

PangoLayout *
gm_draw_label_layout (GmDrawContext *ctx,
                      const char    *font)
{
  PangoLayout *layout = pango_cairo_create_layout (ctx->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  /* Chinese names in Chinese letterforms, whatever the locale. */
  pango_context_set_language (pango_layout_get_context (layout), pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  return layout;
}

void
gm_draw_text_label (cairo_t     *cr,
                    PangoLayout *layout,
                    double       x,
                    double       y,
                    double       angle,
                    double       halo,
                    guint32      rgb)
{
  PangoRectangle logical;
  double x0, y0;

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_rotate (cr, angle);
  pango_cairo_update_layout (cr, layout);
  pango_layout_get_extents (layout, NULL, &logical);
  x0 = -(logical.x + logical.width / 2.0) / PANGO_SCALE;
  y0 = -(logical.y + logical.height / 2.0) / PANGO_SCALE;

  /* The halo is a stroked outline; the letters stay text, so a PDF keeps
   * them searchable and sharp. */
  cairo_move_to (cr, x0, y0);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
  cairo_set_line_width (cr, halo);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_move_to (cr, x0, y0);
  cairo_set_source_rgb (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}

static void
gm_layout_size (PangoLayout *layout,
                double      *w,
                double      *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *w = logical.width / (double) PANGO_SCALE;
  *h = logical.height / (double) PANGO_SCALE;
}

/* ---- street names ------------------------------------------------------------ */

/* A street as one polyline in view pixels: the ways of one name joined end
 * to end where they meet. */
typedef struct
{
  const char *name;    /* owned by the table of names */
  int         rank;
  GArray     *points;  /* of double pairs */
  double      length;
} GmStreet;

static void
gm_street_clear (gpointer data)
{
  g_clear_pointer (&((GmStreet *) data)->points, g_array_unref);
}

static double
gm_street_measure (const GArray *points)
{
  const double *p = (const double *) points->data;
  double length = 0;

  for (guint i = 1; i < points->len / 2; i++)
    length += hypot (p[2 * i] - p[2 * i - 2], p[2 * i + 1] - p[2 * i - 1]);
  return length;
}

static void
gm_points_reverse (GArray *points)
{
  double *p = (double *) points->data;
  guint n = points->len / 2;

  for (guint i = 0; i < n / 2; i++)
    for (guint k = 0; k < 2; k++)
      {
        double t = p[2 * i + k];

        p[2 * i + k] = p[2 * (n - 1 - i) + k];
        p[2 * (n - 1 - i) + k] = t;
      }
}

static gboolean
gm_points_meet (const double *a,
                const double *b)
{
  return fabs (a[0] - b[0]) + fabs (a[1] - b[1]) < 1.5;
}

/* Appends @piece to @chain when an end of one meets an end of the other,
 * turning either as needed. */
static gboolean
gm_chain_join (GArray *chain,
               GArray *piece)
{
  const double *c = (const double *) chain->data;
  const double *p = (const double *) piece->data;
  guint nc = chain->len / 2, np = piece->len / 2;

  if (gm_points_meet (c + 2 * (nc - 1), p + 2 * (np - 1)))
    gm_points_reverse (piece);
  else if (gm_points_meet (c, p))
    gm_points_reverse (chain);
  else if (gm_points_meet (c, p + 2 * (np - 1)))
    {
      gm_points_reverse (chain);
      gm_points_reverse (piece);
    }
  else if (!gm_points_meet (c + 2 * (nc - 1), p))
    return FALSE;
  g_array_append_vals (chain, (const double *) piece->data + 2, piece->len - 2);
  return TRUE;
}

/* Joins the pieces of one name into as few streets as they allow. */
static void
gm_streets_from_pieces (const char *name,
                        int         rank,
                        GPtrArray  *pieces,
                        GArray     *streets)
{
  while (pieces->len > 0)
    {
      GmStreet street = { name, rank, g_ptr_array_steal_index (pieces, 0), 0 };
      gboolean grew = TRUE;

      while (grew)
        {
          grew = FALSE;
          for (guint i = 0; i < pieces->len; i++)
            if (gm_chain_join (street.points, g_ptr_array_index (pieces, i)))
              {
                g_ptr_array_remove_index (pieces, i);
                grew = TRUE;
                break;
              }
        }
      street.length = gm_street_measure (street.points);
      g_array_append_val (streets, street);
    }
}

typedef struct
{
  int        rank;
  GPtrArray *pieces;   /* of GArray of double pairs */
} GmNamePieces;

static void
gm_name_pieces_free (gpointer data)
{
  GmNamePieces *np = data;

  g_ptr_array_unref (np->pieces);
  g_free (np);
}

static void
gm_add_pieces (GmDrawContext   *ctx,
               GHashTable      *names,
               const char      *name,
               int              rank,
               gaiaGeomCollPtr  geom)
{
  GmNamePieces *np = g_hash_table_lookup (names, name);

  if (np == NULL)
    {
      np = g_new0 (GmNamePieces, 1);
      np->pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
      g_hash_table_insert (names, g_strdup (name), np);
    }
  np->rank = MAX (np->rank, rank);
  for (gaiaLinestringPtr ln = geom->FirstLinestring; ln != NULL; ln = ln->Next)
    {
      GArray *points = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * ln->Points);

      for (int i = 0; i < ln->Points; i++)
        {
          double xy[2];

          gm_draw_project (ctx, ln->Coords[2 * i], ln->Coords[2 * i + 1], &xy[0], &xy[1]);
          g_array_append_vals (points, xy, 2);
        }
      if (ln->Points >= 2)
        g_ptr_array_add (np->pieces, points);
      else
        g_array_unref (points);
    }
}

/* The named streets in view, by name, drawn at this zoom. */
static gboolean
gm_read_street_names (GmDrawContext  *ctx,
                      GHashTable     *names,
                      GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gm_draw_query (ctx, "SELECT geom, name, kind FROM road"
                                  " WHERE name IS NOT NULL AND name <> '' AND id IN"
                                  " (SELECT pkid FROM idx_road_geom"
                                  "  WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)",
                                  0, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int rank = gm_render_road_rank ((const char *) sqlite3_column_text (stmt, 2), ctx->view->zoom);
      gaiaGeomCollPtr geom;

      /* Paths and service ways go unnamed: their names are rare and crowd out
       * the streets people ask for. */
      if (rank < 3 || sqlite3_column_type (stmt, 0) != SQLITE_BLOB)
        continue;
      geom = gaiaFromSpatiaLiteBlobWkb (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      if (geom == NULL)
        continue;
      gm_add_pieces (ctx, names, (const char *) sqlite3_column_text (stmt, 1), rank, geom);
      gaiaFreeGeomColl (geom);
    }
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

/* The point at distance @d along @points (clamped to its ends). */
static void
gm_street_point_at (const GArray *points,
                    double        d,
                    double       *x,
                    double       *y)
{
  const double *p = (const double *) points->data;
  guint n = points->len / 2;

  for (guint i = 1; i < n; i++)
    {
      double seg = hypot (p[2 * i] - p[2 * i - 2], p[2 * i + 1] - p[2 * i - 1]);

      if (d <= seg || i == n - 1)
        {
          double t = seg > 0 ? CLAMP (d / seg, 0.0, 1.0) : 0.0;

          *x = p[2 * i - 2] + t * (p[2 * i] - p[2 * i - 2]);
          *y = p[2 * i - 1] + t * (p[2 * i + 1] - p[2 * i - 1]);
          return;
        }
      d -= seg;
    }
  *x = p[0];
  *y = p[1];
}

/* How far the street strays from the straight line between the ends of the
 * stretch [d0, d1]: a name is written straight, so it only goes where the
 * street nearly is. */
static double
gm_street_stray (const GArray *points,
                 double        d0,
                 double        d1,
                 const double  a[2],
                 const double  b[2])
{
  const double *p = (const double *) points->data;
  double len = hypot (b[0] - a[0], b[1] - a[1]);
  double d = 0, worst = 0;

  if (len <= 0)
    return G_MAXDOUBLE;
  for (guint i = 0; i < points->len / 2; i++)
    {
      if (i > 0)
        d += hypot (p[2 * i] - p[2 * i - 2], p[2 * i + 1] - p[2 * i - 1]);
      if (d > d0 && d < d1)
        worst = MAX (worst, fabs ((b[0] - a[0]) * (a[1] - p[2 * i + 1])
                                  - (a[0] - p[2 * i]) * (b[1] - a[1])) / len);
    }
  return worst;
}

/* Tries to write the street's name centred at distance @d along it. */
static gboolean
gm_try_street_label (GmDrawContext  *ctx,
                     PangoLayout    *layout,
                     const GmStreet *street,
                     double          d,
                     double          w,
                     double          h)
{
  double a[2], b[2], angle;
  GmLabelBox box;

  if (d - w / 2 < 0 || d + w / 2 > street->length)
    return FALSE;
  gm_street_point_at (street->points, d - w / 2, &a[0], &a[1]);
  gm_street_point_at (street->points, d + w / 2, &b[0], &b[1]);
  if (hypot (b[0] - a[0], b[1] - a[1]) < 0.92 * w
      || gm_street_stray (street->points, d - w / 2, d + w / 2, a, b) > 0.3 * h)
    return FALSE;
  angle = atan2 (b[1] - a[1], b[0] - a[0]);
  /* Upright: never upside down. */
  if (angle > G_PI / 2)
    angle -= G_PI;
  else if (angle <= -G_PI / 2)
    angle += G_PI;
  box = (GmLabelBox) { (a[0] + b[0]) / 2, (a[1] + b[1]) / 2, w / 2 + 2, h / 2, cos (angle), sin (angle) };
  if (!gm_label_box_inside (ctx, &box, 2) || !gm_draw_place_label (ctx, &box))
    return FALSE;
  gm_draw_text_label (ctx->cr, layout, box.cx, box.cy, angle, 3.0, GM_ROAD_NAME_RGB);
  return TRUE;
}

/* Names a street once per stretch of @repeat pixels, each as near the
 * middle of its stretch as a straight, free place allows. */
static void
gm_label_street (GmDrawContext  *ctx,
                 PangoLayout    *layout,
                 const GmStreet *street)
{
  double w, h, repeat;
  guint stretches;

  pango_layout_set_text (layout, street->name, -1);
  gm_layout_size (layout, &w, &h);
  w += 6;
  if (street->length < w)
    return;
  repeat = MAX (6 * w, 700.0);
  stretches = MAX (1, (guint) (street->length / repeat));
  for (guint s = 0; s < stretches; s++)
    {
      double mid = street->length * (s + 0.5) / stretches;
      double step = MAX (w / 3, 8.0);

      for (int k = 0; k < 24; k++)
        {
          double d = mid + (k % 2 == 0 ? 1 : -1) * step * ((k + 1) / 2);

          if (gm_try_street_label (ctx, layout, street, d, w, h))
            break;
        }
    }
}

static int
gm_street_compare (gconstpointer a,
                   gconstpointer b)
{
  const GmStreet *sa = a, *sb = b;

  if (sa->rank != sb->rank)
    return sb->rank - sa->rank;
  if (sa->length != sb->length)
    return sa->length < sb->length ? 1 : -1;
  return strcmp (sa->name, sb->name);
}

gboolean
gm_draw_road_names (GmDrawContext  *ctx,
                    GError        **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, gm_name_pieces_free);
  g_autoptr(GArray) streets = g_array_new (FALSE, FALSE, sizeof (GmStreet));
  g_autoptr(PangoLayout) layout = NULL;
  GHashTableIter iter;
  gpointer key, value;

  if (ctx->view->zoom < 13)
    return TRUE;
  if (!gm_read_street_names (ctx, names, error))
    return FALSE;
  g_array_set_clear_func (streets, gm_street_clear);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    gm_streets_from_pieces (key, ((GmNamePieces *) value)->rank, ((GmNamePieces *) value)->pieces,
                            streets);
  g_array_sort (streets, gm_street_compare);
  layout = gm_draw_label_layout (ctx, GM_PRINT_FONT " 9.5");
  for (guint i = 0; i < streets->len; i++)
    gm_label_street (ctx, layout, &g_array_index (streets, GmStreet, i));
  return TRUE;
}

/* ---- landmarks ----------------------------------------------------------------- */

/* A landmark's name beside its mark: right, left, above or below, in the
 * first place that is free. */
static void
gm_label_landmark (GmDrawContext *ctx,
                   PangoLayout   *layout,
                   double         x,
                   double         y)
{
  const double offsets[4][2] = { { 1, 0 }, { -1, 0 }, { 0, -1 }, { 0, 1 } };
  GmLabelBox mark = { x, y, 4, 4, 1, 0 };
  double w, h;

  gm_layout_size (layout, &w, &h);
  if (!gm_label_box_inside (ctx, &mark, 2))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      GmLabelBox box = { x + offsets[i][0] * (w / 2 + 7), y + offsets[i][1] * (h / 2 + 6),
                         w / 2 + 1, h / 2, 1, 0 };

      if (!gm_label_box_inside (ctx, &box, 2) || gm_label_box_overlaps (&box, &mark))
        continue;
      if (!gm_draw_place_label (ctx, &box))
        continue;
      if (!gm_draw_place_label (ctx, &mark))
        {
          g_array_set_size (ctx->placed, ctx->placed->len - 1);
          return;
        }
      cairo_new_path (ctx->cr);
      cairo_arc (ctx->cr, x, y, 3.2, 0, 2 * G_PI);
      cairo_set_source_rgb (ctx->cr, 1, 1, 1);
      cairo_set_line_width (ctx->cr, 1.6);
      cairo_stroke_preserve (ctx->cr);
      cairo_set_source_rgb (ctx->cr, (GM_LANDMARK_RGB >> 16) / 255.0,
                            (GM_LANDMARK_RGB >> 8 & 0xff) / 255.0, (GM_LANDMARK_RGB & 0xff) / 255.0);
      cairo_fill (ctx->cr);
      gm_draw_text_label (ctx->cr, layout, box.cx, box.cy, 0, 2.5, GM_LANDMARK_RGB);
      return;
    }
}

/* The name of a place (a neighbourhood, a park) across its area, without a
 * mark, where it is free. */
static void
gm_label_place (GmDrawContext *ctx,
                PangoLayout   *layout,
                double         x,
                double         y)
{
  double w, h;
  GmLabelBox box;

  gm_layout_size (layout, &w, &h);
  box = (GmLabelBox) { x, y, w / 2 + 1, h / 2, 1, 0 };
  if (gm_label_box_inside (ctx, &box, 2) && gm_draw_place_label (ctx, &box))
    gm_draw_text_label (ctx->cr, layout, x, y, 0, 2.5, GM_PLACE_RGB);
}

/* Named buildings that are not homes (shops, schools, the culture house),
 * larger first; then named areas of land use. Homes are never named on a
 * public page, and nothing of a person is read here. */
static const char landmark_sql[] =
  "SELECT X(b.anchor), Y(b.anchor), b.name, 0, b.area_m2 FROM building b"
  " WHERE b.name IS NOT NULL AND b.name <> '' AND b.anchor IS NOT NULL"
  "   AND b.use NOT IN ('residential', 'rental', 'mixed', 'ancillary', 'unknown')"
  "   AND b.id IN (SELECT pkid FROM idx_building_footprint"
  "                WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)"
  " UNION ALL "
  "SELECT X(PointOnSurface(l.geom)), Y(PointOnSurface(l.geom)), l.name, 1, Area(l.geom) FROM landuse l"
  " WHERE l.name IS NOT NULL AND l.name <> ''"
  "   AND l.id IN (SELECT pkid FROM idx_landuse_geom"
  "                WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3"
  "                  AND (xmax - xmin) >= 60 * ?11 AND (ymax - ymin) >= 30 * ?12)"
  " ORDER BY 4, 5 DESC, 3";

gboolean
gm_draw_landmarks (GmDrawContext  *ctx,
                   GError        **error)
{
  g_autoptr(PangoLayout) mark_layout = NULL;
  g_autoptr(PangoLayout) place_layout = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (ctx->view->zoom < 14)
    return TRUE;
  stmt = gm_draw_query (ctx, landmark_sql, 0, error);
  if (stmt == NULL)
    return FALSE;
  mark_layout = gm_draw_label_layout (ctx, GM_PRINT_FONT " 8.5");
  place_layout = gm_draw_label_layout (ctx, GM_PRINT_FONT " Italic 9");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean place = sqlite3_column_int (stmt, 3) != 0;
      PangoLayout *layout = place ? place_layout : mark_layout;
      double x, y;

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        continue;
      gm_draw_project (ctx, sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1), &x, &y);
      pango_layout_set_text (layout, (const char *) sqlite3_column_text (stmt, 2), -1);
      if (place)
        gm_label_place (ctx, layout, x, y);
      else
        gm_label_landmark (ctx, layout, x, y);
    }
  return gm_draw_finish_query (ctx, stmt, rc, error);
}
