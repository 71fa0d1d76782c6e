/* gm-render-private.h — what the layer painters share (private to core). */
#pragma once

#include <pango/pangocairo.h>

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
} GmDrawContext;

void     gm_label_image_free (gpointer image);

gboolean gm_draw_layers (GmDrawContext  *ctx,
                         GError        **error);

/* Finalizes @stmt; an error when @rc is not SQLITE_DONE. */
gboolean gm_draw_finish_query  (GmDrawContext  *ctx,
                                sqlite3_stmt   *stmt,
                                int             rc,
                                GError        **error);
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

/* ---- labels of print pages (gm-render-labels.c) ---------------------- */

/* The family of text on print pages: a TrueType font with Chinese, Latin
 * and Cyrillic letters (Debian's fonts-wqy-microhei). Not Noto Sans CJK:
 * cairo 1.16 drops about one glyph in a hundred of its CFF outlines when it
 * subsets them into a PDF (如 prints blank), while TrueType subsets whole. */
#define GM_PRINT_FONT "WenQuanYi Micro Hei, DejaVu Sans, Sans"

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
/* Query helpers of gm-render-layers.c. gm_draw_query() prepares @sql with
 * ?1–?4 bound to the view's extent grown by @margin_px (min lon, max lon,
 * min lat, max lat); gm_read_paths() reads each row's geometry (column 0)
 * into the path of its bucket (-1: left out) and finishes the query. */
typedef int (*GmBucketFunc) (sqlite3_stmt *stmt,
                             gpointer      data);

sqlite3_stmt *gm_draw_query  (GmDrawContext  *ctx,
                              const char     *sql,
                              double          margin_px,
                              GError        **error);
gboolean      gm_read_paths  (GmDrawContext  *ctx,
                              sqlite3_stmt   *stmt,
                              guint           n_buckets,
                              GmBucketFunc    bucket,
                              gpointer        data,
                              cairo_path_t  **paths,
                              GError        **error);
void          gm_free_paths  (cairo_path_t  **paths,
                              guint           n);

/* gm-render-hotspot.c: the GM_LAYER_ANALYSIS layers. */
gboolean gm_draw_hotspots (GmDrawContext  *ctx,
                           GError        **error);

G_END_DECLS
