/* gm-render-layers.c — the painters of each layer and the map's style.
 *
 * Colours follow OpenStreetMap's familiar basemap for land, water and roads,
 * so the map reads at a glance; grids use the Okabe–Ito palette, which
 * colour-blind readers can tell apart, and neighbouring grids never share a
 * colour (grid.color, see gm_store_color_grids()).
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include "gm-spatialite.h"

#include "gm-render-private.h"

typedef struct
{
  double r, g, b;
} GmRgb;

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

static const GmRgb grid_palette[8] = {
  RGB (0xE69F00), RGB (0x56B4E9), RGB (0x009E73), RGB (0xF0E442),
  RGB (0x0072B2), RGB (0xD55E00), RGB (0xCC79A7), RGB (0x999999),
};

static const GmRgb background = RGB (0xf2efe9);
static const GmRgb building_fill = RGB (GM_RENDER_BUILDING_RGB);
static const GmRgb building_line = RGB (0xb5a99e);
static const GmRgb water_fill = RGB (0xaad3df);

/* ---- geometry to paths ------------------------------------------------------------ */

typedef struct
{
  double world;     /* world size in pixels at the view's zoom */
  double ox, oy;
} GmProjection;

static void
gm_projection_init (GmProjection *p,
                    const GmView *view)
{
  p->world = 256.0 * exp2 (view->zoom);
  p->ox = view->origin_x;
  p->oy = view->origin_y;
}

static inline void
gm_project (const GmProjection *p,
            double              lon,
            double              lat,
            double             *x,
            double             *y)
{
  double s = sin (CLAMP (lat, -85.0511, 85.0511) * (G_PI / 180.0));

  *x = (lon + 180.0) / 360.0 * p->world - p->ox;
  *y = (0.5 - log ((1.0 + s) / (1.0 - s)) / (4.0 * G_PI)) * p->world - p->oy;
}

/* Adds a run of coordinates to the path, dropping vertices closer than a
 * third of a pixel to the last one kept: invisible, and costly at low zoom.
 * A line that starts where the path's last one ended continues it: streets
 * come as a way per block, and a district's worth of separate little lines,
 * each with its own caps, is what costs cairo a tile's time from afar. */
static void
gm_path_coords (cairo_t            *cr,
                const GmProjection *p,
                const double       *coords,
                int                 n,
                gboolean            close)
{
  double lx = 0, ly = 0;

  for (int i = 0; i < n; i++)
    {
      double x, y;

      gm_project (p, coords[2 * i], coords[2 * i + 1], &x, &y);
      if (i == 0 && !close && cairo_has_current_point (cr))
        {
          cairo_get_current_point (cr, &lx, &ly);
          if (fabs (x - lx) + fabs (y - ly) <= 0.33)
            continue;
          cairo_move_to (cr, x, y);
        }
      else if (i == 0)
        cairo_move_to (cr, x, y);
      else if (i == n - 1 || fabs (x - lx) + fabs (y - ly) > 0.33)
        cairo_line_to (cr, x, y);
      else
        continue;
      lx = x;
      ly = y;
    }
  if (close)
    cairo_close_path (cr);
}

static void
gm_path_geometry (cairo_t            *cr,
                  const GmProjection *p,
                  gaiaGeomCollPtr     geom)
{
  for (gaiaPolygonPtr pg = geom->FirstPolygon; pg != NULL; pg = pg->Next)
    {
      gm_path_coords (cr, p, pg->Exterior->Coords, pg->Exterior->Points, TRUE);
      for (int i = 0; i < pg->NumInteriors; i++)
        gm_path_coords (cr, p, pg->Interiors[i].Coords, pg->Interiors[i].Points, TRUE);
    }
  for (gaiaLinestringPtr ln = geom->FirstLinestring; ln != NULL; ln = ln->Next)
    gm_path_coords (cr, p, ln->Coords, ln->Points, FALSE);
}

/* ---- queries ------------------------------------------------------------------------ */

/* Prepares @sql, whose ?1–?4 are the view's extent grown by @margin_px
 * (min lon, max lon, min lat, max lat) for an R*Tree filter. */
sqlite3_stmt *
gm_draw_query (GmDrawContext  *ctx,
               const char     *sql,
               double          margin_px,
               GError        **error)
{
  const GmView *v = ctx->view;
  double w = v->width / v->scale;
  double h = v->height / v->scale;
  sqlite3_stmt *stmt = gm_store_prepare (ctx->store, sql, error);

  if (stmt == NULL)
    return NULL;
  double min_lat = gm_mercator_lat (v->zoom, v->origin_y + h + margin_px);
  double max_lat = gm_mercator_lat (v->zoom, v->origin_y - margin_px);

  sqlite3_bind_double (stmt, 1, gm_mercator_lon (v->zoom, v->origin_x - margin_px));
  sqlite3_bind_double (stmt, 2, gm_mercator_lon (v->zoom, v->origin_x + w + margin_px));
  sqlite3_bind_double (stmt, 3, min_lat);
  sqlite3_bind_double (stmt, 4, max_lat);
  /* One pixel in degrees, for queries that leave out what is too small to
   * see (IN_VIEW_VISIBLE). */
  sqlite3_bind_double (stmt, 11, 360.0 / (256.0 * exp2 (v->zoom)));
  sqlite3_bind_double (stmt, 12, (max_lat - min_lat) / (h + 2 * margin_px));
  return stmt;
}

#define IN_VIEW(table, column) \
  " id IN (SELECT pkid FROM idx_" table "_" column \
  " WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)"

/* The same, leaving out features smaller than two pixels each way: at a
 * district's zoom, a block's land use or a pond is a speck, and tens of
 * thousands of specks cost a tile its time. */
#define IN_VIEW_VISIBLE(table, column) \
  " id IN (SELECT pkid FROM idx_" table "_" column \
  " WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3" \
  " AND (xmax - xmin >= 2 * ?11 OR ymax - ymin >= 2 * ?12))"

static gaiaGeomCollPtr
gm_column_geometry (sqlite3_stmt *stmt,
                    int           column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_BLOB)
    return NULL;
  return gaiaFromSpatiaLiteBlobWkb (sqlite3_column_blob (stmt, column),
                                    sqlite3_column_bytes (stmt, column));
}

gboolean
gm_draw_finish_query (GmDrawContext  *ctx,
                      sqlite3_stmt   *stmt,
                      int             rc,
                      GError        **error)
{
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, GM_RENDER_ERROR, GM_RENDER_ERROR_FAILED,
               _("Drawing the map failed: %s"), sqlite3_errstr (rc));
  return FALSE;
}

/* Reads every row of @stmt, its geometry in column 0, into one path per
 * bucket (@bucket says a row's, or -1 to leave it out), then finishes the
 * query. Drawing a bucket is then one fill or stroke: per feature, a
 * district's thousands of fills and strokes each cost cairo its set-up. */
gboolean
gm_read_paths (GmDrawContext  *ctx,
               sqlite3_stmt   *stmt,
               guint           n_buckets,
               GmBucketFunc    bucket,
               gpointer        data,
               cairo_path_t  **paths,
               GError        **error)
{
  g_autofree GPtrArray **geoms = g_new (GPtrArray *, n_buckets);
  cairo_t *cr = ctx->cr;
  GmProjection p;
  int rc;

  for (guint k = 0; k < n_buckets; k++)
    geoms[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) gaiaFreeGeomColl);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int k = bucket (stmt, data);
      gaiaGeomCollPtr geom;

      if (k >= 0 && (geom = gm_column_geometry (stmt, 0)) != NULL)
        g_ptr_array_add (geoms[k], geom);
    }
  gm_projection_init (&p, ctx->view);
  for (guint k = 0; k < n_buckets; k++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < geoms[k]->len; i++)
        gm_path_geometry (cr, &p, g_ptr_array_index (geoms[k], i));
      paths[k] = cairo_copy_path (cr);
      g_ptr_array_unref (geoms[k]);
    }
  cairo_new_path (cr);
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

void
gm_free_paths (cairo_path_t **paths,
               guint          n)
{
  for (guint k = 0; k < n; k++)
    g_clear_pointer (&paths[k], cairo_path_destroy);
}

/* ---- basemap -------------------------------------------------------------------------- */

static gboolean
gm_landuse_color (const char *kind,
                  GmRgb      *out)
{
  static const struct { const char *kinds; guint32 rgb; } styles[] = {
    { "residential|village_green", 0xe0dfdf },
    { "grass|park|recreation_ground|meadow|garden|greenfield|playground|pitch", 0xcdebb0 },
    { "forest|wood|scrub|nature_reserve", 0xadd19e },
    { "industrial|railway|landfill|quarry|brownfield", 0xebdbe8 },
    { "commercial|retail", 0xf2dad9 },
    { "farmland|farmyard|orchard|allotments", 0xeef0d5 },
    { "cemetery|grave_yard", 0xaacbaf },
    { "construction", 0xc7c7b4 },
    { "garages|military", 0xdfddce },
    { "religious|school|university|hospital", 0xefe3d0 },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (styles); i++)
    {
      g_auto(GStrv) kinds = g_strsplit (styles[i].kinds, "|", -1);

      if (g_strv_contains ((const char * const *) kinds, kind))
        {
          guint32 c = styles[i].rgb;

          *out = (GmRgb) RGB (c);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
gm_draw_areas (GmDrawContext  *ctx,
               const char     *sql,
               gboolean        is_water,
               GError        **error)
{
  cairo_t *cr = ctx->cr;
  GmProjection p;
  sqlite3_stmt *stmt = gm_draw_query (ctx, sql, 2, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  gm_projection_init (&p, ctx->view);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gaiaGeomCollPtr geom = gm_column_geometry (stmt, 0);
      GmRgb color = water_fill;

      if (geom == NULL)
        continue;
      if (is_water || gm_landuse_color ((const char *) sqlite3_column_text (stmt, 1), &color))
        {
          gm_path_geometry (cr, &p, geom);
          cairo_set_source_rgb (cr, color.r, color.g, color.b);
          cairo_fill (cr);
        }
      gaiaFreeGeomColl (geom);
    }
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

typedef struct
{
  const char *kinds;
  int         rank;       /* draw order: higher on top */
  int         min_zoom;
  double      width;      /* at zoom 16, in pixels */
  guint32     fill;
  guint32     casing;
  gboolean    dashed;
} GmRoadStyle;

static const GmRoadStyle road_styles[] = {
  { "motorway|motorway_link|trunk|trunk_link", 7, 8, 10.0, 0xf9b29c, 0xc84e2f, FALSE },
  { "primary|primary_link", 6, 9, 9.0, 0xfcd6a4, 0xa06b00, FALSE },
  { "secondary|secondary_link", 5, 10, 8.0, 0xf7fabf, 0x707d05, FALSE },
  { "tertiary|tertiary_link", 4, 11, 7.0, 0xffffff, 0x8f8f8f, FALSE },
  { "residential|unclassified|living_street|road|pedestrian", 3, 13, 5.5, 0xffffff, 0xa8a8a8, FALSE },
  { "service|track", 2, 15, 3.0, 0xffffff, 0xb8b8b8, FALSE },
  { "footway|path|cycleway|steps|bridleway|corridor", 1, 16, 1.2, 0xfa8072, 0, TRUE },
};

static const GmRoadStyle *
gm_road_style (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (road_styles); i++)
    {
      g_auto(GStrv) kinds = g_strsplit (road_styles[i].kinds, "|", -1);

      if (g_strv_contains ((const char * const *) kinds, kind))
        return &road_styles[i];
    }
  return &road_styles[4];
}

/* The road query at @zoom: from afar only the kinds drawn there are read,
 * so a district's tens of thousands of lanes are not decoded to be skipped.
 * Kinds no style names are drawn as residential streets. */
static char *
gm_road_query (double zoom)
{
  GString *sql = g_string_new ("SELECT geom, kind FROM road WHERE" IN_VIEW ("road", "geom"));
  const GmRoadStyle *fallback = &road_styles[4];
  gboolean first = TRUE;

  if (zoom >= fallback->min_zoom)
    {
      /* Every kind is drawn but footways and service roads up close. */
      for (guint i = 0; i < G_N_ELEMENTS (road_styles); i++)
        if (zoom < road_styles[i].min_zoom)
          {
            g_auto(GStrv) kinds = g_strsplit (road_styles[i].kinds, "|", -1);

            for (guint k = 0; kinds[k] != NULL; k++, first = FALSE)
              g_string_append_printf (sql, "%s'%s'", first ? " AND (kind IS NULL OR kind NOT IN (" : ", ",
                                      kinds[k]);
          }
    }
  else
    for (guint i = 0; i < G_N_ELEMENTS (road_styles); i++)
      if (zoom >= road_styles[i].min_zoom)
        {
          g_auto(GStrv) kinds = g_strsplit (road_styles[i].kinds, "|", -1);

          for (guint k = 0; kinds[k] != NULL; k++, first = FALSE)
            g_string_append_printf (sql, "%s'%s'", first ? " AND kind IN (" : ", ", kinds[k]);
        }
  if (!first)
    g_string_append (sql, zoom >= fallback->min_zoom ? "))" : ")");
  else if (zoom < fallback->min_zoom)
    g_string_append (sql, " AND 0");
  return g_string_free (sql, FALSE);
}

/* Strokes one style's roads, all in one path: per road, a district has
 * tens of thousands of strokes, each with its own set-up in cairo. */
static void
gm_stroke_roads (cairo_t            *cr,
                 const GmRoadStyle  *s,
                 const cairo_path_t *path,
                 double              scale,
                 gboolean            casing)
{
  double width = MAX (s->width * scale, 0.8);
  guint32 c = casing ? s->casing : s->fill;

  if (casing && s->casing == 0)
    return;
  cairo_new_path (cr);
  cairo_append_path (cr, path);
  cairo_set_source_rgb (cr, (c >> 16 & 0xff) / 255.0, (c >> 8 & 0xff) / 255.0, (c & 0xff) / 255.0);
  cairo_set_line_width (cr, casing ? width + 1.5 : width);
  if (s->dashed)
    {
      double dash[] = { 3.0, 2.0 };

      /* cairo starts the pattern afresh on each road, as before. */
      cairo_set_dash (cr, dash, 2, 0);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static int
gm_road_bucket (sqlite3_stmt *stmt,
                gpointer      data)
{
  const GmView *view = data;
  const GmRoadStyle *style = gm_road_style ((const char *) sqlite3_column_text (stmt, 1));

  return view->zoom < style->min_zoom ? -1 : (int) (style - road_styles);
}

static gboolean
gm_draw_roads (GmDrawContext  *ctx,
               GError        **error)
{
  enum { N_STYLES = G_N_ELEMENTS (road_styles) };
  cairo_t *cr = ctx->cr;
  cairo_path_t *paths[N_STYLES] = { NULL };
  guint order[N_STYLES];
  double scale = exp2 (ctx->view->zoom - 16.0);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  sql = gm_road_query (ctx->view->zoom);
  stmt = gm_draw_query (ctx, sql, 12, error);
  if (stmt == NULL)
    return FALSE;
  if (!gm_read_paths (ctx, stmt, N_STYLES, gm_road_bucket, (gpointer) ctx->view, paths, error))
    return FALSE;

  /* Lowest rank first; all casings, then all fills, so crossings join
   * cleanly. */
  for (guint k = 0; k < N_STYLES; k++)
    order[k] = k;
  for (guint i = 1; i < N_STYLES; i++)
    for (guint j = i; j > 0 && road_styles[order[j]].rank < road_styles[order[j - 1]].rank; j--)
      {
        guint t = order[j];

        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < N_STYLES; i++)
      if (paths[order[i]]->num_data > 0)
        gm_stroke_roads (cr, &road_styles[order[i]], paths[order[i]], scale, pass == 0);
  gm_free_paths (paths, N_STYLES);
  return TRUE;
}

/* ---- grids and buildings ------------------------------------------------------------ */

static int
gm_grid_bucket (sqlite3_stmt *stmt,
                gpointer      data)
{
  return sqlite3_column_int (stmt, 1) & 7;
}

/* The current grids in view, one path per colour; read once per drawing
 * for both the fills and the outlines. */
static gboolean
gm_read_grid_paths (GmDrawContext  *ctx,
                    GError        **error)
{
  sqlite3_stmt *stmt;

  if (ctx->grid_paths[0] != NULL)
    return TRUE;
  stmt = gm_draw_query (ctx, "SELECT boundary, color FROM grid"
                        " WHERE valid_to IS NULL AND" IN_VIEW ("grid", "boundary"), 4, error);
  return stmt != NULL
         && gm_read_paths (ctx, stmt, G_N_ELEMENTS (ctx->grid_paths), gm_grid_bucket, NULL,
                           ctx->grid_paths, error);
}

static gboolean
gm_draw_grids (GmDrawContext  *ctx,
               gboolean        outlines,
               GError        **error)
{
  cairo_t *cr = ctx->cr;
  gboolean near = ctx->view->zoom >= 14;

  /* From afar a district's grids are specks: communities stand for them
   * (gm_draw_communities()). */
  if (ctx->view->zoom < GM_RENDER_MIN_GRID_ZOOM)
    return TRUE;
  if (!gm_read_grid_paths (ctx, error))
    return FALSE;
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (!outlines)
    {
      for (guint k = 0; k < G_N_ELEMENTS (ctx->grid_paths); k++)
        {
          const GmRgb *c = &grid_palette[k];

          cairo_new_path (cr);
          cairo_append_path (cr, ctx->grid_paths[k]);
          cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.30);
          cairo_fill (cr);
        }
      return TRUE;
    }
  /* A light line under a dark one reads on any fill. */
  cairo_new_path (cr);
  for (guint k = 0; k < G_N_ELEMENTS (ctx->grid_paths); k++)
    cairo_append_path (cr, ctx->grid_paths[k]);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_set_line_width (cr, near ? 4.0 : 2.5);
  cairo_stroke (cr);
  for (guint k = 0; k < G_N_ELEMENTS (ctx->grid_paths); k++)
    {
      const GmRgb *c = &grid_palette[k];

      cairo_new_path (cr);
      cairo_append_path (cr, ctx->grid_paths[k]);
      cairo_set_source_rgba (cr, c->r * 0.55, c->g * 0.55, c->b * 0.55, 0.95);
      cairo_set_line_width (cr, near ? 2.0 : 1.2);
      cairo_stroke (cr);
    }
  return TRUE;
}

/* Fills the small footprints gathered in the path, all at once. */
static void
gm_fill_boxes (cairo_t *cr,
               guint   *boxes)
{
  cairo_set_source_rgb (cr, building_fill.r, building_fill.g, building_fill.b);
  cairo_fill (cr);
  *boxes = 0;
}

static gboolean
gm_draw_buildings (GmDrawContext  *ctx,
                   GError        **error)
{
  cairo_t *cr = ctx->cr;
  gboolean outline = ctx->view->zoom >= 16;
  guint boxes = 0;
  GmProjection p;
  sqlite3_stmt *stmt;
  int rc;

  /* A footprint of a few pixels is drawn as its R*Tree box, its outline
   * unread: at a street's zoom that is every house of a district and the
   * same picture. */
  stmt = gm_draw_query (ctx, "SELECT CASE WHEN i.xmax - i.xmin > ?13 * ?11 OR i.ymax - i.ymin > ?13 * ?12"
                        "   THEN b.footprint END, i.xmin, i.ymin, i.xmax, i.ymax"
                        " FROM idx_building_footprint i JOIN building b ON b.id = i.pkid"
                        " WHERE i.xmin <= ?2 AND i.xmax >= ?1 AND i.ymin <= ?4 AND i.ymax >= ?3",
                        1, error);
  if (stmt == NULL)
    return FALSE;
  /* On paper a pixel is large enough to show a house's shape. */
  sqlite3_bind_double (stmt, 13, ctx->print ? 0.8 : 3.0);
  gm_projection_init (&p, ctx->view);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_width (cr, 0.7);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gaiaGeomCollPtr geom;

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          double x0, y0, x1, y1;

          gm_project (&p, sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2), &x0, &y0);
          gm_project (&p, sqlite3_column_double (stmt, 3), sqlite3_column_double (stmt, 4), &x1, &y1);
          cairo_rectangle (cr, x0, y1, MAX (x1 - x0, 0.6), MAX (y0 - y1, 0.6));
          boxes++;
          continue;
        }
      geom = gm_column_geometry (stmt, 0);
      if (geom == NULL)
        continue;
      if (boxes > 0)
        gm_fill_boxes (cr, &boxes);
      gm_path_geometry (cr, &p, geom);
      cairo_set_source_rgb (cr, building_fill.r, building_fill.g, building_fill.b);
      if (outline)
        {
          cairo_fill_preserve (cr);
          cairo_set_source_rgb (cr, building_line.r, building_line.g, building_line.b);
          cairo_stroke (cr);
        }
      else
        cairo_fill (cr);
      gaiaFreeGeomColl (geom);
    }
  if (boxes > 0)
    gm_fill_boxes (cr, &boxes);
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

/* From afar, where a community stands for its grids, it is filled: the ids
 * of neighbours in a raster differ by one, so they differ in colour too. */
#define GM_COMMUNITY_COLORS 7

static int
gm_community_bucket (sqlite3_stmt *stmt,
                     gpointer      data)
{
  return (int) (sqlite3_column_int64 (stmt, 1) % GM_COMMUNITY_COLORS);
}

static gboolean
gm_draw_communities (GmDrawContext  *ctx,
                     GError        **error)
{
  static const double dash[] = { 9.0, 4.0, 2.0, 4.0 };
  cairo_t *cr = ctx->cr;
  cairo_path_t *paths[GM_COMMUNITY_COLORS] = { NULL };
  gboolean filled = ctx->view->zoom < GM_RENDER_MIN_GRID_ZOOM;
  sqlite3_stmt *stmt;

  stmt = gm_draw_query (ctx, "SELECT boundary, id FROM community WHERE" IN_VIEW ("community", "boundary"),
                        4, error);
  if (stmt == NULL
      || !gm_read_paths (ctx, stmt, GM_COMMUNITY_COLORS, gm_community_bucket, NULL, paths, error))
    return FALSE;
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint k = 0; filled && k < GM_COMMUNITY_COLORS; k++)
    {
      const GmRgb *c = &grid_palette[k];

      cairo_new_path (cr);
      cairo_append_path (cr, paths[k]);
      cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.30);
      cairo_fill (cr);
    }
  cairo_new_path (cr);
  for (guint k = 0; k < GM_COMMUNITY_COLORS; k++)
    cairo_append_path (cr, paths[k]);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, filled ? 2.5 : 5.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.37, 0.20, 0.53);
  cairo_set_line_width (cr, filled ? 1.2 : 2.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  gm_free_paths (paths, GM_COMMUNITY_COLORS);
  return TRUE;
}

/* ---- hazards ---------------------------------------------------------------------------- */

static const GmRgb hazard_colors[] = {
  [GM_HAZARD_DISCOVERED] = RGB (0xD55E00),
  [GM_HAZARD_NOTIFIED] = RGB (0xE69F00),
  [GM_HAZARD_RECTIFIED] = RGB (0x0072B2),
  [GM_HAZARD_CLOSED] = RGB (0x8c8c8c),
};

/* Hazards by how they are drawn: a status, and overdue or not. */
#define GM_HAZARD_GROUPS (G_N_ELEMENTS (hazard_colors) * 2)

static void
gm_fill_hazard_group (cairo_t      *cr,
                      const GArray *points,
                      GmHazardStatus status,
                      gboolean      overdue,
                      double        radius)
{
  const GmRgb *c = &hazard_colors[status];

  cairo_new_path (cr);
  for (guint i = 0; i < points->len; i += 2)
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, g_array_index (points, double, i), g_array_index (points, double, i + 1),
                 radius, 0, 2 * G_PI);
    }
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, overdue ? 2.5 : 1.2);
  if (overdue)
    cairo_set_source_rgb (cr, 0.45, 0.0, 0.0);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
}

static gboolean
gm_draw_hazards (GmDrawContext  *ctx,
                 GError        **error)
{
  /* Closed and rectified ones first, open ones on top where points crowd,
   * overdue ones topmost; each group is one fill and one stroke. */
  static const GmHazardStatus order[] = {
    GM_HAZARD_CLOSED, GM_HAZARD_RECTIFIED, GM_HAZARD_DISCOVERED, GM_HAZARD_NOTIFIED,
  };
  cairo_t *cr = ctx->cr;
  double radius = ctx->view->zoom >= 17 ? 6.0 : ctx->view->zoom >= 15 ? 4.5 : 3.0;
  GArray *groups[GM_HAZARD_GROUPS];
  GmProjection p;
  sqlite3_stmt *stmt;
  int rc;

  stmt = gm_draw_query (ctx, "SELECT X(location), Y(location), status,"
                        " status IN ('discovered', 'notified') AND deadline < ?5"
                        " FROM hazard WHERE" IN_VIEW ("hazard", "location") " ORDER BY id",
                        radius + 3, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 5, ctx->today, -1, SQLITE_STATIC);
  gm_projection_init (&p, ctx->view);
  for (guint g = 0; g < GM_HAZARD_GROUPS; g++)
    groups[g] = g_array_new (FALSE, FALSE, sizeof (double));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmHazardStatus status = GM_HAZARD_DISCOVERED;
      gboolean overdue = sqlite3_column_int (stmt, 3) != 0;
      double xy[2];

      gm_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &status);
      gm_project (&p, sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1), &xy[0], &xy[1]);
      g_array_append_vals (groups[status * 2 + (overdue ? 1 : 0)], xy, 2);
    }
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    for (guint overdue = 0; overdue < 2; overdue++)
      if (groups[order[i] * 2 + overdue]->len > 0)
        gm_fill_hazard_group (cr, groups[order[i] * 2 + overdue], order[i], overdue, radius);
  for (guint g = 0; g < GM_HAZARD_GROUPS; g++)
    g_array_unref (groups[g]);
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

/* ---- labels ------------------------------------------------------------------------------- */

/* A label's text with its light halo, drawn once into an image of its own
 * and then painted wherever it is needed: a district's labels are the same
 * few dozen codes over and over, and text is the dearest thing on a tile.
 * Painted at whole pixels, the image gives the pixels drawing it in place
 * would (OVER is associative). */
typedef struct
{
  cairo_surface_t *image;
  int              w, h;      /* of the text, in view pixels */
  int              pad;
} GmLabelImage;

void
gm_label_image_free (gpointer data)
{
  GmLabelImage *image = data;

  cairo_surface_destroy (image->image);
  g_free (image);
}

#define GM_LABEL_IMAGES_MAX 4096

static GmLabelImage *
gm_label_image_new (PangoLayout *layout,
                    const char  *markup,
                    double       scale)
{
  GmLabelImage *image = g_new0 (GmLabelImage, 1);
  cairo_t *cr;

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_get_pixel_size (layout, &image->w, &image->h);
  image->pad = 3;
  image->image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                             (int) ceil ((image->w + 2 * image->pad) * scale),
                                             (int) ceil ((image->h + 2 * image->pad) * scale));
  cr = cairo_create (image->image);
  cairo_scale (cr, scale, scale);
  cairo_move_to (cr, image->pad, image->pad);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_layout_path (cr, layout);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 3.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.13, 0.13, 0.13);
  cairo_fill (cr);
  cairo_destroy (cr);
  cairo_surface_set_device_scale (image->image, scale, scale);
  return image;
}

/* The label image of @markup at the view's scale, made when first needed;
 * @out holds its own reference to the image. */
static void
gm_label_image (GmDrawContext *ctx,
                PangoLayout   *layout,
                const char    *markup,
                GmLabelImage  *out)
{
  g_autofree char *key = g_strdup_printf ("%g|%s", ctx->view->scale, markup);
  GmLabelImage *image;

  g_mutex_lock (ctx->labels_lock);
  image = g_hash_table_lookup (ctx->labels, key);
  if (image != NULL)
    {
      *out = *image;
      cairo_surface_reference (out->image);
    }
  g_mutex_unlock (ctx->labels_lock);
  if (image != NULL)
    return;

  image = gm_label_image_new (layout, markup, ctx->view->scale);
  *out = *image;
  cairo_surface_reference (out->image);
  g_mutex_lock (ctx->labels_lock);
  if (g_hash_table_size (ctx->labels) >= GM_LABEL_IMAGES_MAX)
    g_hash_table_remove_all (ctx->labels);
  g_hash_table_replace (ctx->labels, g_steal_pointer (&key), image);
  g_mutex_unlock (ctx->labels_lock);
}

static void
gm_paint_label (cairo_t            *cr,
                const GmLabelImage *image,
                double              x,
                double              y)
{
  cairo_set_source_surface (cr, image->image, round (x - image->w / 2.0) - image->pad,
                            round (y - image->h / 2.0) - image->pad);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
}

/* A grid's label: its name and code up close, its sequence number from
 * afar (the last three digits of a standard 15-digit code). */
static char *
gm_grid_label_text (const char *code,
                    const char *name,
                    double      zoom)
{
  gsize len = code != NULL ? strlen (code) : 0;

  if (zoom >= 15.5 && name != NULL && *name != '\0')
    return g_markup_printf_escaped ("<b>%s</b>\n<span size='smaller'>%s</span>", name, code);
  if (zoom >= 15.5 || len != 15)
    return g_markup_printf_escaped ("<b>%s</b>", code != NULL ? code : "");
  return g_markup_printf_escaped ("<b>%s</b>", code + 12);
}

typedef struct
{
  double       x, y;        /* centre, in view pixels */
  double       w, h;
  GmLabelImage image;
  char        *markup;      /* print pages only */
} GmLabel;

static void
gm_label_clear (gpointer data)
{
  g_clear_pointer (&((GmLabel *) data)->image.image, cairo_surface_destroy);
  g_clear_pointer (&((GmLabel *) data)->markup, g_free);
}

static gboolean
gm_labels_overlap (const GmLabel *a,
                   const GmLabel *b)
{
  return fabs (a->x - b->x) * 2 < a->w + b->w && fabs (a->y - b->y) * 2 < a->h + b->h;
}

/* On a print page a label is text drawn in place, sharp at any resolution,
 * and keeps other labels (street names, landmarks) off it. */
static void
gm_print_grid_label (GmDrawContext *ctx,
                     PangoLayout   *layout,
                     const GmLabel *label)
{
  GmLabelBox box = { label->x, label->y, label->w / 2.0, label->h / 2.0, 1.0, 0.0 };

  /* A page has no neighbouring tile to finish a label cut at its edge. */
  if (!gm_label_box_inside (ctx, &box, 2) || !gm_draw_place_label (ctx, &box))
    return;
  pango_layout_set_markup (layout, label->markup, -1);
  gm_draw_text_label (ctx->cr, layout, label->x, label->y, 0.0, 3.0, 0x212121);
}

/* Grid labels, without collisions: larger grids come first, and a label
 * that would overlap a larger grid's label is left out. Whether a label is
 * left out depends only on its neighbours, never on the tile, so tiles agree
 * at their edges. */
static gboolean
gm_draw_grid_labels (GmDrawContext  *ctx,
                     GError        **error)
{
  /* Labels whose anchor is near, not only inside, are drawn too: a label
   * across a tile edge is then drawn whole by both tiles, at the same place.
   * Twice that distance is searched for larger labels that may hide them. */
  const double margin = 160.0;
  cairo_t *cr = ctx->cr;
  const GmView *v = ctx->view;
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (ctx->print ? GM_PRINT_FONT " 12" : "Sans 10");
  g_autoptr(GArray) labels = g_array_new (FALSE, TRUE, sizeof (GmLabel));
  GmProjection p;
  sqlite3_stmt *stmt;
  int rc;

  if (v->zoom < 13)
    return TRUE;
  g_array_set_clear_func (labels, gm_label_clear);
  /* Larger first, by the R*Tree's box: a district has thousands of grids
   * near a tile, and their outlines need not be read to be ranked. */
  stmt = gm_draw_query (ctx, "SELECT X(g.label_point), Y(g.label_point), g.code, g.name"
                        " FROM grid g JOIN idx_grid_boundary i ON i.pkid = g.id"
                        " WHERE g.valid_to IS NULL"
                        "   AND i.xmin <= ?2 AND i.xmax >= ?1 AND i.ymin <= ?4 AND i.ymax >= ?3"
                        " ORDER BY (i.xmax - i.xmin) * (i.ymax - i.ymin) DESC, g.code",
                        2 * margin, error);
  if (stmt == NULL)
    return FALSE;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  if (ctx->print)
    {
      pango_context_set_language (pango_layout_get_context (layout), pango_language_from_string ("zh-cn"));
      pango_layout_context_changed (layout);
    }
  gm_projection_init (&p, v);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmLabel label = { 0, };
      g_autofree char *markup = NULL;

      gm_project (&p, sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1),
                  &label.x, &label.y);
      if (label.x < -2 * margin || label.y < -2 * margin
          || label.x > v->width / v->scale + 2 * margin
          || label.y > v->height / v->scale + 2 * margin)
        continue;
      markup = gm_grid_label_text ((const char *) sqlite3_column_text (stmt, 2),
                                   (const char *) sqlite3_column_text (stmt, 3), v->zoom);
      gm_label_image (ctx, layout, markup, &label.image);
      label.w = label.image.w + 6;
      label.h = label.image.h + 2;
      if (ctx->print)
        label.markup = g_steal_pointer (&markup);
      g_array_append_val (labels, label);
    }
  if (!gm_draw_finish_query (ctx, stmt, rc, error))
    return FALSE;

  /* A label is hidden by a larger grid's label that is shown, not by one
   * that is itself hidden. Every label in the searched band is decided, so
   * that neighbouring tiles decide the same. */
  {
    g_autofree gboolean *shown = g_new0 (gboolean, labels->len);

    for (guint i = 0; i < labels->len; i++)
      {
        const GmLabel *label = &g_array_index (labels, GmLabel, i);

        shown[i] = TRUE;
        for (guint j = 0; j < i && shown[i]; j++)
          shown[i] = !shown[j] || !gm_labels_overlap (label, &g_array_index (labels, GmLabel, j));
        if (!shown[i] || label->x < -margin || label->y < -margin
            || label->x > v->width / v->scale + margin || label->y > v->height / v->scale + margin)
          continue;
        if (ctx->print)
          gm_print_grid_label (ctx, layout, label);
        else
          gm_paint_label (cr, &label->image, label->x, label->y);
      }
  }
  return TRUE;
}

/* ---- all layers ---------------------------------------------------------------------------- */

gboolean
gm_draw_layers (GmDrawContext  *ctx,
                GError        **error)
{
  GmLayers layers = ctx->layers;
  g_autofree char *today = gm_today_iso ();
  g_autoptr(GString) profile = g_getenv ("GRIDMAP_RENDER_PROFILE") != NULL ? g_string_new (NULL) : NULL;
  gboolean ok = TRUE;

  ctx->today = today;
  if (!ctx->transparent && (layers & GM_LAYER_BASEMAP))
    {
      cairo_set_source_rgb (ctx->cr, background.r, background.g, background.b);
      cairo_paint (ctx->cr);
    }

  /* GRIDMAP_RENDER_PROFILE=1 prints each layer's time per drawing: what a
   * slow tile spends its time on. */
#define STEP(name, cond, call) \
  if (ok && (cond)) \
    { \
      gint64 t0 = profile ? g_get_monotonic_time () : 0; \
      ok = !g_cancellable_set_error_if_cancelled (ctx->cancellable, error) && (call); \
      if (profile) \
        g_string_append_printf (profile, " %s %.2f", name, (g_get_monotonic_time () - t0) / 1000.0); \
    }

  STEP ("landuse", (layers & GM_LAYER_BASEMAP) && !ctx->transparent,
        gm_draw_areas (ctx, "SELECT geom, kind FROM landuse WHERE" IN_VIEW_VISIBLE ("landuse", "geom"),
                       FALSE, error));
  STEP ("water", layers & GM_LAYER_BASEMAP,
        gm_draw_areas (ctx, "SELECT geom, kind FROM water WHERE" IN_VIEW_VISIBLE ("water", "geom"),
                       TRUE, error));
  STEP ("grids", layers & GM_LAYER_GRIDS, gm_draw_grids (ctx, FALSE, error));
  STEP ("roads", layers & GM_LAYER_BASEMAP, gm_draw_roads (ctx, error));
  STEP ("buildings", (layers & GM_LAYER_BUILDINGS)
                     && ctx->view->zoom >= GM_RENDER_MIN_BUILDING_ZOOM - (ctx->print ? 1 : 0),
        gm_draw_buildings (ctx, error));
  STEP ("outlines", layers & GM_LAYER_GRIDS, gm_draw_grids (ctx, TRUE, error));
  STEP ("communities", layers & GM_LAYER_GRIDS, gm_draw_communities (ctx, error));
  STEP ("analysis", (layers & GM_LAYER_ANALYSIS) && ctx->hotspots != NULL,
        gm_draw_hotspots (ctx, error));
  STEP ("hazards", (layers & GM_LAYER_HAZARDS) && ctx->view->zoom >= 14, gm_draw_hazards (ctx, error));
  STEP ("focus", ctx->focus_grid > 0, gm_draw_focus (ctx, error));
  STEP ("labels", (layers & GM_LAYER_LABELS) && (layers & GM_LAYER_GRIDS),
        gm_draw_grid_labels (ctx, error));
  STEP ("road names", layers & GM_LAYER_ROAD_NAMES, gm_draw_road_names (ctx, error));
  STEP ("landmarks", layers & GM_LAYER_LANDMARKS, gm_draw_landmarks (ctx, error));
#undef STEP

  ctx->today = NULL;
  gm_free_paths (ctx->grid_paths, G_N_ELEMENTS (ctx->grid_paths));
  if (profile != NULL)
    g_printerr ("render z%.1f (ms):%s\n", ctx->view->zoom, profile->str);
  return ok;
}

/* ---- for print pages and legends ------------------------------------------------------------ */

void
gm_draw_project (GmDrawContext *ctx,
                 double         lon,
                 double         lat,
                 double        *x,
                 double        *y)
{
  GmProjection p;

  gm_projection_init (&p, ctx->view);
  gm_project (&p, lon, lat, x, y);
}

int
gm_render_road_rank (const char *kind,
                     double      zoom)
{
  const GmRoadStyle *style = gm_road_style (kind);

  return zoom < style->min_zoom ? -1 : style->rank;
}

void
gm_render_road_colors (const char *kind,
                       guint32    *fill,
                       guint32    *casing,
                       double     *width)
{
  const GmRoadStyle *style = gm_road_style (kind);

  *fill = style->fill;
  *casing = style->casing;
  *width = style->width;
}

gboolean
gm_render_landuse_rgb (const char *kind,
                       guint32    *rgb)
{
  GmRgb c;

  if (!gm_landuse_color (kind, &c))
    return FALSE;
  *rgb = (guint32) lround (c.r * 255) << 16 | (guint32) lround (c.g * 255) << 8 | (guint32) lround (c.b * 255);
  return TRUE;
}

void
gm_render_get_grid_rgb (int     color,
                        double *r,
                        double *g,
                        double *b)
{
  const GmRgb *c = &grid_palette[color & 7];

  *r = c->r;
  *g = c->g;
  *b = c->b;
}

gboolean
gm_draw_append_geometry (GmDrawContext *ctx,
                         sqlite3_stmt  *stmt,
                         int            column)
{
  gaiaGeomCollPtr geom = gm_column_geometry (stmt, column);
  GmProjection p;

  if (geom == NULL)
    return FALSE;
  gm_projection_init (&p, ctx->view);
  gm_path_geometry (ctx->cr, &p, geom);
  gaiaFreeGeomColl (geom);
  return TRUE;
}
