/* gm-render-layers.c — the painters of each layer and the map's style.
 *
 * Colours follow OpenStreetMap's familiar basemap for land, water and roads,
 * so the map reads at a glance; grids use the Okabe–Ito palette, which
 * colour-blind readers can tell apart, and neighbouring grids never share a
 * colour (grid.color, see gm_store_color_grids()).
 *
 * Land use, water, roads and buildings are also drawn once into the
 * project's overview (gm-overview.c) and painted from it from afar: the
 * stamp of the overview holds a hash of the style tables here, but a change
 * to how those painters draw must bump GM_OVERVIEW_VERSION there.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-overview.h"
#include "gm-render-private.h"

static const GmRgb grid_palette[8] = {
  GM_RGB (0xE69F00), GM_RGB (0x56B4E9), GM_RGB (0x009E73), GM_RGB (0xF0E442),
  GM_RGB (0x0072B2), GM_RGB (0xD55E00), GM_RGB (0xCC79A7), GM_RGB (0x999999),
};

static const GmRgb background = GM_RGB (0xf2efe9);
static const GmRgb building_fill = GM_RGB (GM_RENDER_BUILDING_RGB);
static const GmRgb building_line = GM_RGB (0xb5a99e);
static const GmRgb water_fill = GM_RGB (0xaad3df);
/* Buildings from afar, where a pixel's shade is the share of its ground
 * built on: darker than a building up close, or it would not show. */
static const GmRgb density_fill = GM_RGB (0xa89b8f);

/* ---- basemap -------------------------------------------------------------------------- */

/* Whether @kind is one of the "|"-separated @kinds; no allocation, as it
 * runs for every feature drawn. */
static gboolean
gm_kind_in (const char *kinds,
            const char *kind)
{
  gsize len = strlen (kind);

  for (const char *k = kinds;; k++)
    {
      if (strncmp (k, kind, len) == 0 && (k[len] == '|' || k[len] == '\0'))
        return TRUE;
      if ((k = strchr (k, '|')) == NULL)
        return FALSE;
    }
}

static const struct
{
  const char *kinds;
  guint32     rgb;
} landuse_styles[] = {
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

static gboolean
gm_landuse_color (const char *kind,
                  GmRgb      *out)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (landuse_styles); i++)
    if (gm_kind_in (landuse_styles[i].kinds, kind))
      {
        guint32 c = landuse_styles[i].rgb;

        *out = (GmRgb) GM_RGB (c);
        return TRUE;
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

gboolean
gm_draw_landuse (GmDrawContext  *ctx,
                 GError        **error)
{
  if (gm_overview_level_for (ctx, GM_OVERVIEW_LANDUSE) >= 0)
    return gm_draw_overview (ctx, GM_OVERVIEW_LANDUSE, NULL, error);
  return gm_draw_areas (ctx, "SELECT geom, kind FROM landuse WHERE" IN_VIEW_VISIBLE ("landuse", "geom"),
                        FALSE, error);
}

gboolean
gm_draw_water (GmDrawContext  *ctx,
               GError        **error)
{
  if (gm_overview_level_for (ctx, GM_OVERVIEW_WATER) >= 0)
    return gm_draw_overview (ctx, GM_OVERVIEW_WATER, &water_fill, error);
  return gm_draw_areas (ctx, "SELECT geom, kind FROM water WHERE" IN_VIEW_VISIBLE ("water", "geom"),
                        TRUE, error);
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
    if (gm_kind_in (road_styles[i].kinds, kind))
      return &road_styles[i];
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
  gboolean major = s->rank >= 6;
  double width = MAX (s->width * scale, major ? 1.2 : 0.8);
  guint32 c = casing ? s->casing : s->fill;

  /* A casing round a thin street would be all there is to see; the main
   * roads keep a thin one, so they still carry a district's map from afar. */
  if (casing && (s->casing == 0 || (width < 1.5 && !major)))
    return;
  cairo_new_path (cr);
  cairo_append_path (cr, path);
  cairo_set_source_rgb (cr, (c >> 16 & 0xff) / 255.0, (c >> 8 & 0xff) / 255.0, (c & 0xff) / 255.0);
  cairo_set_line_width (cr, casing ? width + (width < 1.5 ? 0.8 : 1.5) : width);
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

gboolean
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

  if (gm_overview_level_for (ctx, GM_OVERVIEW_ROADS) >= 0)
    return gm_draw_overview (ctx, GM_OVERVIEW_ROADS, NULL, error);
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

/* Neighbouring fills meet under an outline: their edges need no
 * antialiasing, which is most of what filling costs cairo. */
static void
gm_fill_grids (GmDrawContext *ctx)
{
  cairo_t *cr = ctx->cr;

  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint k = 0; k < G_N_ELEMENTS (ctx->grid_paths); k++)
    {
      const GmRgb *c = &grid_palette[k];

      cairo_new_path (cr);
      cairo_append_path (cr, ctx->grid_paths[k]);
      cairo_set_source_rgba (cr, c->r, c->g, c->b, 0.30);
      cairo_fill (cr);
    }
}

/* Up close a light line under a dark one reads on any fill; from afar the
 * light line would only thicken a net of small grids, and cairo's coarser
 * antialiasing is as good to the eye and three times as fast. */
static void
gm_outline_grids (GmDrawContext *ctx)
{
  cairo_t *cr = ctx->cr;
  gboolean near = ctx->view->zoom >= 14;

  cairo_set_antialias (cr, ctx->view->zoom < 15 ? CAIRO_ANTIALIAS_FAST : CAIRO_ANTIALIAS_DEFAULT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_new_path (cr);
  for (guint k = 0; near && k < G_N_ELEMENTS (ctx->grid_paths); k++)
    cairo_append_path (cr, ctx->grid_paths[k]);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_set_line_width (cr, 4.0);
  cairo_stroke (cr);
  for (guint k = 0; k < G_N_ELEMENTS (ctx->grid_paths); k++)
    {
      const GmRgb *c = &grid_palette[k];

      cairo_new_path (cr);
      cairo_append_path (cr, ctx->grid_paths[k]);
      cairo_set_source_rgba (cr, c->r * 0.55, c->g * 0.55, c->b * 0.55, near ? 0.95 : 0.8);
      cairo_set_line_width (cr, near ? 2.0 : 1.0);
      cairo_stroke (cr);
    }
}

static gboolean
gm_draw_grids (GmDrawContext  *ctx,
               gboolean        outlines,
               GError        **error)
{
  /* From afar a district's grids are specks: communities stand for them
   * (gm_draw_communities()). */
  if (ctx->view->zoom < GM_RENDER_MIN_GRID_ZOOM)
    return TRUE;
  if (!gm_read_grid_paths (ctx, error))
    return FALSE;
  if (outlines)
    gm_outline_grids (ctx);
  else
    gm_fill_grids (ctx);
  return TRUE;
}

/* Adds every row of @stmt to the path: a footprint (column 0), or its
 * R*Tree box (columns 1–4) when the footprint was left unread. */
static int
gm_path_buildings (GmDrawContext *ctx,
                   sqlite3_stmt  *stmt)
{
  cairo_t *cr = ctx->cr;
  GmProjection p;
  int rc;

  gm_projection_init (&p, ctx->view);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gaiaGeomCollPtr geom;

      if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        {
          double x0, y0, x1, y1;

          gm_project (&p, sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2), &x0, &y0);
          gm_project (&p, sqlite3_column_double (stmt, 3), sqlite3_column_double (stmt, 4), &x1, &y1);
          cairo_rectangle (cr, x0, y1, MAX (x1 - x0, 0.6), MAX (y0 - y1, 0.6));
        }
      else if ((geom = gm_column_geometry (stmt, 0)) != NULL)
        {
          gm_path_geometry (cr, &p, geom);
          gaiaFreeGeomColl (geom);
        }
    }
  return rc;
}

gboolean
gm_draw_buildings (GmDrawContext  *ctx,
                   GError        **error)
{
  cairo_t *cr = ctx->cr;
  sqlite3_stmt *stmt;
  int rc;

  if (gm_overview_level_for (ctx, GM_OVERVIEW_BUILDINGS) >= 0)
    return gm_draw_overview (ctx, GM_OVERVIEW_BUILDINGS,
                             ctx->view->zoom >= GM_RENDER_MIN_BUILDING_ZOOM ? &building_fill : &density_fill,
                             error);
  /* A footprint of a few pixels is drawn as its R*Tree box, its outline
   * unread: at a street's zoom that is every house of a district and the
   * same picture. (Pixels of longitude: the same for every tile.) */
  stmt = gm_draw_query (ctx, "SELECT CASE WHEN i.xmax - i.xmin > ?13 * ?11 OR i.ymax - i.ymin > ?13 * ?11"
                        "   THEN b.footprint END, i.xmin, i.ymin, i.xmax, i.ymax"
                        " FROM idx_building_footprint i JOIN building b ON b.id = i.pkid"
                        " WHERE i.xmin <= ?2 AND i.xmax >= ?1 AND i.ymin <= ?4 AND i.ymax >= ?3",
                        1, error);
  if (stmt == NULL)
    return FALSE;
  /* On paper a pixel is large enough to show a house's shape. */
  sqlite3_bind_double (stmt, 13, ctx->print ? 0.8 : 3.0);
  /* All in one path, filled once and outlined once up close: per
   * building, cairo's set-up would cost more than the drawing. */
  cairo_new_path (cr);
  rc = gm_path_buildings (ctx, stmt);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgb (cr, building_fill.r, building_fill.g, building_fill.b);
  cairo_fill_preserve (cr);
  if (ctx->view->zoom >= 16)
    {
      cairo_set_line_width (cr, 0.7);
      cairo_set_source_rgb (cr, building_line.r, building_line.g, building_line.b);
      cairo_stroke_preserve (cr);
    }
  cairo_new_path (cr);
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

static int
gm_community_bucket (sqlite3_stmt *stmt,
                     gpointer      data)
{
  const GmView *v = data;
  double px = 360.0 / (256.0 * exp2 (v->zoom));

  /* From afar a community of a few pixels gets a faint line, one smaller
   * than that none: their outlines would only net the map over. */
  if (sqlite3_column_double (stmt, 1) >= 12 * px)
    return 0;
  return sqlite3_column_double (stmt, 1) >= 5 * px ? 1 : -1;
}

/* Communities: a plain line from afar, where they stand for their grids,
 * and around small grids; up close a dashed line over a light one. */
static gboolean
gm_draw_communities (GmDrawContext  *ctx,
                     GError        **error)
{
  static const double dash[] = { 9.0, 4.0, 2.0, 4.0 };
  cairo_t *cr = ctx->cr;
  cairo_path_t *paths[2] = { NULL, NULL };
  gboolean afar = ctx->view->zoom < GM_RENDER_MIN_GRID_ZOOM;
  sqlite3_stmt *stmt;

  stmt = gm_draw_query (ctx, "SELECT boundary, max(MbrMaxX(boundary) - MbrMinX(boundary),"
                        "   (MbrMaxY(boundary) - MbrMinY(boundary)) * 1.1)"
                        " FROM community WHERE" IN_VIEW ("community", "boundary"), 4, error);
  if (stmt == NULL || !gm_read_paths (ctx, stmt, 2, gm_community_bucket, (gpointer) ctx->view, paths, error))
    return FALSE;
  /* A plain line until the grids inside are large enough to stand out
   * between the dashes. */
  if (ctx->view->zoom < 15)
    {
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      for (int k = 1; k >= 0; k--)
        {
          cairo_new_path (cr);
          cairo_append_path (cr, paths[k]);
          cairo_set_source_rgba (cr, 0.37, 0.20, 0.53, k == 1 ? 0.35 : afar ? 0.8 : 0.9);
          cairo_set_line_width (cr, afar ? 1.0 : 1.5);
          cairo_stroke (cr);
        }
      gm_free_paths (paths, 2);
      return TRUE;
    }
  cairo_new_path (cr);
  cairo_append_path (cr, paths[0]);
  cairo_append_path (cr, paths[1]);
  gm_free_paths (paths, 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 5.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.37, 0.20, 0.53);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_stroke (cr);
  return TRUE;
}

/* ---- the style, for the overview ------------------------------------------------------- */

static int
gm_rgb_hex (const GmRgb *c)
{
  return (int) lround (c->r * 255) << 16 | (int) lround (c->g * 255) << 8 | (int) lround (c->b * 255);
}

guint
gm_render_style_hash (void)
{
  g_autoptr(GString) style = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (landuse_styles); i++)
    g_string_append_printf (style, "%s=%06x;", landuse_styles[i].kinds, landuse_styles[i].rgb);
  for (guint i = 0; i < G_N_ELEMENTS (road_styles); i++)
    {
      const GmRoadStyle *r = &road_styles[i];

      g_string_append_printf (style, "%s:%d:%d:%d:%06x:%06x:%d;", r->kinds, r->rank, r->min_zoom,
                              (int) lround (r->width * 100), r->fill, r->casing, r->dashed);
    }
  g_string_append_printf (style, "%06x:%06x", gm_rgb_hex (&water_fill), gm_rgb_hex (&building_fill));
  return g_str_hash (style->str);
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
  if (!gm_overview_choose (ctx, error))
    return FALSE;
  if (!ctx->transparent && (layers & GM_LAYER_BASEMAP))
    {
      cairo_set_source_rgb (ctx->cr, background.r, background.g, background.b);
      cairo_paint (ctx->cr);
    }

  /* Each layer starts from the same state of cairo, whatever the layers
   * before it set: a layer drawn from the overview sets less than one drawn
   * from features, and must not change how the next one looks.
   * GRIDMAP_RENDER_PROFILE=1 prints each layer's time per drawing (this
   * thread's CPU time, steady however busy the machine): what a slow tile
   * spends its time on. */
#define STEP(name, cond, call) \
  if (ok && (cond)) \
    { \
      double t0 = profile ? gm_thread_cpu_ms () : 0; \
      cairo_save (ctx->cr); \
      ok = !g_cancellable_set_error_if_cancelled (ctx->cancellable, error) && (call); \
      cairo_restore (ctx->cr); \
      if (profile) \
        g_string_append_printf (profile, " %s %.2f", name, gm_thread_cpu_ms () - t0); \
    }

  STEP ("landuse", (layers & GM_LAYER_BASEMAP) && !ctx->transparent,
        gm_draw_landuse (ctx, error));
  STEP ("water", layers & GM_LAYER_BASEMAP,
        gm_draw_water (ctx, error));
  STEP ("grids", layers & GM_LAYER_GRIDS, gm_draw_grids (ctx, FALSE, error));
  STEP ("roads", layers & GM_LAYER_BASEMAP, gm_draw_roads (ctx, error));
  STEP ("buildings", (layers & GM_LAYER_BUILDINGS)
        && (ctx->view->zoom >= GM_RENDER_MIN_BUILDING_ZOOM - (ctx->print ? 1 : 0)
            || gm_overview_level_for (ctx, GM_OVERVIEW_BUILDINGS) >= 0),
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
