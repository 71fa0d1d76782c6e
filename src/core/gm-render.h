/* gm-render.h — one cairo renderer for map tiles, print pages and PNGs.
 *
 * A GmRenderer draws the project's layers for any view given in Web Mercator
 * world pixels (the world is 256·2^zoom pixels wide, like slippy-map tiles).
 * gm_renderer_draw() is safe to call from several threads at once: each call
 * borrows its own read-only connection from a small pool.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gm-hotspot.h"
#include "gm-types.h"

G_BEGIN_DECLS

#define GM_RENDER_ERROR (gm_render_error_quark ())

typedef enum
{
  GM_RENDER_ERROR_FAILED,
} GmRenderError;

GQuark gm_render_error_quark (void);

/* Building fill colour (0xRRGGBB), drawn opaque; tests look for it. */
#define GM_RENDER_BUILDING_RGB 0xd9d0c9
/* Below this zoom buildings are not drawn (grids and density instead). */
#define GM_RENDER_MIN_BUILDING_ZOOM 14
/* Below this zoom communities stand for their grids. */
#define GM_RENDER_MIN_GRID_ZOOM 13

typedef enum
{
  GM_LAYER_BASEMAP   = 1 << 0,   /* landuse, water, roads from the project */
  GM_LAYER_GRIDS     = 1 << 1,
  GM_LAYER_BUILDINGS = 1 << 2,
  GM_LAYER_HAZARDS   = 1 << 3,
  GM_LAYER_LABELS    = 1 << 4,   /* grid codes, road names */
  GM_LAYER_ALL       = 0x1f,
  /* Drawn on print pages (GmDrawOptions), not on tiles: a name along a
   * street or at a landmark cannot be placed by one tile alone. */
  GM_LAYER_ROAD_NAMES = 1 << 16, /* street names along the streets */
  GM_LAYER_LANDMARKS  = 1 << 17, /* named public buildings, schools, parks */
  /* The hot-spot analysis (gm-hotspot.h), drawn when a result is set with
   * gm_renderer_set_hotspots(); not in GM_LAYER_ALL. */
  GM_LAYER_GRID_RATES = 1 << 12, /* per-grid choropleth */
  GM_LAYER_HEAT       = 1 << 13, /* kernel density */
  GM_LAYER_HOTSPOTS   = 1 << 14, /* Gi* cells */
  GM_LAYER_FILTERED   = 1 << 15, /* the hazards the analysis took */
  GM_LAYER_ANALYSIS   = 0xf000,
} GmLayers;

/* What to draw: the top-left corner of the view in world pixels at @zoom,
 * its size in device pixels, and the device scale (2 for HiDPI). */
typedef struct
{
  double zoom;
  double origin_x;
  double origin_y;
  int    width;
  int    height;
  double scale;
} GmView;

void gm_view_init_tile    (GmView       *view,
                           int           zoom,
                           int           x,
                           int           y,
                           int           tile_size);
/* A view of @width×@height pixels centred on (lon, lat). */
void gm_view_init_center  (GmView       *view,
                           double        lon,
                           double        lat,
                           double        zoom,
                           int           width,
                           int           height);
/* The largest zoom at which @extent fits in @width×@height with @margin px. */
double gm_view_zoom_for_extent (const GmExtent *extent,
                                int             width,
                                int             height,
                                int             margin);
void gm_view_get_extent   (const GmView *view,
                           GmExtent     *out);

/* The calling thread's CPU time in ms: what drawing costs, however busy the
 * machine is (layer profiles, benchmarks). */
double gm_thread_cpu_ms   (void);

/* Web Mercator conversions at @zoom (world of 256·2^zoom pixels). */
double gm_mercator_x      (double zoom, double lon);
double gm_mercator_y      (double zoom, double lat);
double gm_mercator_lon    (double zoom, double x);
double gm_mercator_lat    (double zoom, double y);

#define GM_TYPE_RENDERER (gm_renderer_get_type ())
G_DECLARE_FINAL_TYPE (GmRenderer, gm_renderer, GM, RENDERER, GObject)

GmRenderer *gm_renderer_new         (const char    *project_path,
                                     GError       **error);
GmLayers    gm_renderer_get_layers  (GmRenderer    *self);
void        gm_renderer_set_layers  (GmRenderer    *self,
                                     GmLayers       layers);
/* Whether the basemap underneath is an online tile layer; then landuse is not
 * filled, so the online map shows through. */
void        gm_renderer_set_transparent_basemap (GmRenderer *self,
                                                 gboolean    transparent);

/* The hot-spot result drawn by the GM_LAYER_ANALYSIS layers (a reference
 * is kept; NULL draws none). Safe while tiles are being drawn. */
void        gm_renderer_set_hotspots (GmRenderer      *self,
                                      GmHotspotResult *result);
/* (transfer full) (nullable): the result drawn now. */
GmHotspotResult *gm_renderer_dup_hotspots (GmRenderer *self);

gboolean    gm_renderer_draw        (GmRenderer    *self,
                                     cairo_t       *cr,
                                     const GmView  *view,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* How a print page (or any one-off drawing) wants the map drawn. */
typedef struct
{
  GmLayers      layers;
  gint64        focus_grid;   /* > 0: this grid stands out, the rest is veiled */
  gboolean      print;        /* labels drawn as text in place (vector, any
                               * resolution); buildings from zoom 13 */
  const double *keep_clear;   /* n_keep_clear × (x, y, width, height) in view
                               * pixels where no label goes (map furniture) */
  guint         n_keep_clear;
} GmDrawOptions;

/* Like gm_renderer_draw() with @options instead of the renderer's settings:
 * thread-safe, as options are per call. */
gboolean    gm_renderer_draw_with   (GmRenderer          *self,
                                     cairo_t             *cr,
                                     const GmView        *view,
                                     const GmDrawOptions *options,
                                     GCancellable        *cancellable,
                                     GError             **error);

/* The map's own styles, for legends: what a legend item looks like, drawn
 * into the @width × @height box at the current point's origin (user units). */
typedef enum
{
  GM_LEGEND_FOCUS_GRID,
  GM_LEGEND_GRID,
  GM_LEGEND_COMMUNITY,
  GM_LEGEND_MAJOR_ROAD,
  GM_LEGEND_MINOR_ROAD,
  GM_LEGEND_PATH,
  GM_LEGEND_BUILDING,
  GM_LEGEND_GREEN,
  GM_LEGEND_WATER,
  GM_LEGEND_LANDMARK,
} GmLegendItem;

void        gm_render_draw_legend_swatch (cairo_t      *cr,
                                          GmLegendItem  item,
                                          double        x,
                                          double        y,
                                          double        width,
                                          double        height);
/* A grid's number as its label shows it from afar: what follows its
 * community's code (@community_code may be NULL), else the last three
 * digits of a standard 15-digit code, else the whole code. */
const char *gm_grid_short_code      (const char   *code,
                                     const char   *community_code);
/* ---- grid labels for layers drawn over the map ---------------------------- */

/* A grid to label, for a layer that draws grids the renderer does not (a
 * draft plan, a division in history). */
typedef struct
{
  const char *code;
  const char *name;           /* may be NULL */
  double      lon, lat;       /* where its label goes */
  GmExtent    extent;         /* its box */
} GmGridLabelSource;

/* A grid's label placed in a view. */
typedef struct
{
  guint   grid;               /* index into the sources */
  double  x, y;               /* centre, in view pixels (device / scale) */
  int     width, height;      /* of the text, in view pixels */
  char   *markup;
} GmGridLabel;

/* The labels of @grids in @view by the rules and font of the map's own grid
 * labels: none below zoom GM_RENDER_MIN_GRID_ZOOM nor for a grid under 20
 * pixels across; labels that fit in their grid's box first, then the others,
 * each group larger grids first; a label that would come near one shown is
 * hidden. Returns (transfer full) a GArray of GmGridLabel, those shown, every
 * one of them whether in the view or not. */
GArray     *gm_grid_labels_place    (const GmGridLabelSource *grids,
                                     guint                    n_grids,
                                     const char              *community_code,
                                     const GmView            *view);
/* Paints @label at its place on @cr (in view pixels) as a map tile does:
 * dark grey text over a white halo, drawn for a device @scale. */
void        gm_grid_label_paint     (cairo_t                 *cr,
                                     const GmGridLabel       *label,
                                     double                   scale);
/* The fill colour of grids of colour index @color (grid.color). */
void        gm_render_get_grid_rgb  (int           color,
                                     double       *r,
                                     double       *g,
                                     double       *b);
/* Convenience: a new ARGB32 image of tile z/x/y. */
cairo_surface_t *gm_renderer_render_tile (GmRenderer   *self,
                                          int           zoom,
                                          int           x,
                                          int           y,
                                          int           tile_size,
                                          GCancellable *cancellable,
                                          GError      **error);

G_END_DECLS
