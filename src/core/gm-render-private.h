/* gm-render-private.h — what the layer painters share (private to core).
 *
 * gm-render-geometry.c projects geometry to paths and runs the view's
 * queries; gm-render-layers.c paints the basemap, grids and buildings and
 * puts the layers in order; gm-render-hazards.c and gm-render-grid-labels.c
 * paint hazards and grid labels; gm-render-labels.c the labels of print
 * pages; gm-render-overview.c paints the project's precomputed overview
 * images from afar (see gm-overview.h).
 */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>
#include "gm-spatialite.h"

#include "gm-hotspot.h"
#include "gm-render.h"
#include "gm-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  cairo_t       *cr;
  const GmView  *view;
  GmStore       *store;
  GmLayers       layers;
  gboolean       transparent;
  GCancellable  *cancellable;
  char          *today;
  GHashTable    *labels;        /* the renderer's label images, see gm_label_image_free() */
  cairo_path_t  *grid_paths[8]; /* grids in view by colour, read once per drawing */
  GMutex        *labels_lock;
  gint64         focus_grid;    /* GmDrawOptions */
  gboolean       print;
  GArray        *placed;        /* of GmLabelBox: labels drawn, and room kept clear */
  GmHotspotResult *hotspots;    /* the analysis to draw, or NULL */
  int            overview_level; /* the overview's zoom for the view, or -1: features */
} GmDrawContext;

typedef struct
{
  double r, g, b;
} GmRgb;

#define GM_RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0 }

/* ---- gm-render-geometry.c ---------------------------------------------------- */

typedef struct
{
  double world;     /* world size in pixels at the view's zoom */
  double ox, oy;
} GmProjection;

void gm_projection_init (GmProjection *p,
                         const GmView *view);

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

void gm_path_geometry (cairo_t            *cr,
                       const GmProjection *p,
                       gaiaGeomCollPtr     geom);

/* Prepares @sql, whose ?1–?4 are the view's extent grown by @margin_px
 * (min lon, max lon, min lat, max lat) for an R*Tree filter; ?11 and ?12
 * are a pixel's width and height in degrees. */
sqlite3_stmt    *gm_draw_query        (GmDrawContext  *ctx,
                                       const char     *sql,
                                       double          margin_px,
                                       GError        **error);
/* Finalizes @stmt; an error unless @rc is SQLITE_DONE. */
gboolean         gm_draw_finish_query (GmDrawContext  *ctx,
                                       sqlite3_stmt   *stmt,
                                       int             rc,
                                       GError        **error);
gaiaGeomCollPtr  gm_column_geometry   (sqlite3_stmt   *stmt,
                                       int             column);
/* Adds the geometry in @column of the current row to the path. */
gboolean gm_draw_append_geometry (GmDrawContext *ctx,
                                  sqlite3_stmt  *stmt,
                                  int            column);
/* Projects (lon, lat) to the view's pixels. */
void     gm_draw_project       (GmDrawContext *ctx,
                                double         lon,
                                double         lat,
                                double        *x,
                                double        *y);

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

/* Reads every row of @stmt, its geometry in column 0, into one path per
 * bucket (@bucket says a row's, or -1 to leave it out), then finishes the
 * query. */
typedef int (*GmBucketFunc) (sqlite3_stmt *stmt,
                             gpointer      data);

gboolean gm_read_paths (GmDrawContext  *ctx,
                        sqlite3_stmt   *stmt,
                        guint           n_buckets,
                        GmBucketFunc    bucket,
                        gpointer        data,
                        cairo_path_t  **paths,
                        GError        **error);
void     gm_free_paths (cairo_path_t  **paths,
                        guint           n);

/* ---- the painters ------------------------------------------------------------------ */

gboolean gm_draw_landuse      (GmDrawContext  *ctx,
                               GError        **error);
gboolean gm_draw_water        (GmDrawContext  *ctx,
                               GError        **error);
gboolean gm_draw_roads        (GmDrawContext  *ctx,
                               GError        **error);
gboolean gm_draw_buildings    (GmDrawContext  *ctx,
                               GError        **error);
gboolean gm_draw_hazards      (GmDrawContext  *ctx,
                               GError        **error);
gboolean gm_draw_grid_labels  (GmDrawContext  *ctx,
                               GError        **error);

void     gm_label_image_free  (gpointer        image);

gboolean gm_draw_layers       (GmDrawContext  *ctx,
                               GError        **error);

/* The draw order of a road @kind (higher on top), or -1 when the kind is
 * not drawn at @zoom; its colours (0xRRGGBB, casing 0 for none) and width
 * at zoom 16 in pixels. */
int      gm_render_road_rank   (const char *kind,
                                double      zoom);
void     gm_render_road_colors (const char *kind,
                                guint32    *fill,
                                guint32    *casing,
                                double     *width);
gboolean gm_render_landuse_rgb (const char *kind,
                                guint32    *rgb);

/* A hash of the styles the overview images are drawn in (gm-render-layers.c). */
guint    gm_render_style_hash (void);

/* ---- gm-render-overview.c ------------------------------------------------------------ */

/* Sets ctx->overview_level: the overview's zoom to paint the view from, or
 * -1 when it is stale or too coarse for the view. */
gboolean gm_overview_choose   (GmDrawContext  *ctx,
                               GError        **error);
/* The overview's zoom @layer (a GmOverviewLayer) is painted from, or -1 when
 * it is drawn from the features. */
int      gm_overview_level_for (GmDrawContext *ctx,
                                int            layer);
/* Paints @layer of the overview at its level; A8 layers in @color. */
gboolean gm_draw_overview     (GmDrawContext  *ctx,
                               int             layer,
                               const GmRgb    *color,
                               GError        **error);

/* ---- labels of print pages (gm-render-labels.c) ---------------------- */

/* The family of text on print pages: a TrueType font with Chinese, Latin
 * and Cyrillic letters (Debian's fonts-wqy-microhei). Not Noto Sans CJK:
 * cairo 1.16 drops about one glyph in a hundred of its CFF outlines when it
 * subsets them into a PDF (如 prints blank), while TrueType subsets whole. */
#define GM_PRINT_FONT "WenQuanYi Micro Hei, DejaVu Sans, Sans"
/* The family of quotes, apostrophes and ellipses in Latin text on print
 * pages: GM_PRINT_FONT draws them full width, as Chinese text sets them
 * ("grid’s" would read "grid’ s"). TrueType too (fonts-dejavu-core). */
#define GM_PRINT_LATIN_PUNCTUATION_FONT "DejaVu Sans"

/* A label's box: centre, half width and height, and its direction. */
typedef struct
{
  double cx, cy;
  double hw, hh;
  double cos_a, sin_a;
} GmLabelBox;

gboolean gm_label_box_overlaps (const GmLabelBox *a,
                                const GmLabelBox *b);
/* Whether @box lies inside the view, @inset pixels from its edges. */
gboolean gm_label_box_inside   (GmDrawContext    *ctx,
                                const GmLabelBox *box,
                                double            inset);
/* Whether @box is clear of the labels placed so far; if so it is placed. */
gboolean gm_draw_place_label   (GmDrawContext    *ctx,
                                const GmLabelBox *box);
/* Draws @layout centred on (x, y), turned by @angle, as text of colour
 * @rgb (0xRRGGBB) with a white halo @halo pixels wide. */
void     gm_draw_text_label    (cairo_t          *cr,
                                PangoLayout      *layout,
                                double            x,
                                double            y,
                                double            angle,
                                double            halo,
                                guint32           rgb);
PangoLayout *gm_draw_label_layout (GmDrawContext *ctx,
                                   const char    *font);
gboolean gm_draw_road_names    (GmDrawContext  *ctx,
                                GError        **error);
gboolean gm_draw_landmarks     (GmDrawContext  *ctx,
                                GError        **error);
/* Veils what lies outside ctx->focus_grid and outlines it (gm-render-print.c). */
gboolean gm_draw_focus         (GmDrawContext  *ctx,
                                GError        **error);

/* gm-render-hotspot.c: the GM_LAYER_ANALYSIS layers. */
gboolean gm_draw_hotspots (GmDrawContext  *ctx,
                           GError        **error);

G_END_DECLS
