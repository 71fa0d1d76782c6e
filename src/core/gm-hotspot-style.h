/* gm-hotspot-style.h — colours and legends of the hot-spot layers.
 *
 * Every palette is one that colour-blind readers can read (ColorBrewer's
 * colour-blind-safe schemes, Cynthia Brewer, colorbrewer2.org):
 *   density          YlOrRd, sequential, more transparent where sparse
 *   Gi* hot spots    RdBu, diverging: red hot, blue cold, three strengths
 *   grid rates       YlOrBr, sequential, dark = worse (rectification
 *                    reversed: dark = fewer rectified)
 *   change per grid  PuOr, diverging: orange more, purple fewer
 *   hazard points    the map's status colours (Okabe–Ito)
 */
#pragma once

#include "gm-hotspot.h"
#include "gm-render.h"

G_BEGIN_DECLS

typedef struct
{
  guint32  rgb;        /* 0xRRGGBB */
  double   alpha;      /* as drawn over the map */
  gboolean outline;    /* drawn as an outline only (not significant, …) */
  char    *label;
} GmLegendEntry;

typedef struct
{
  char      *title;
  char      *note;     /* method and parameters, one line */
  GPtrArray *entries;  /* of GmLegendEntry */
} GmLegend;

void      gm_legend_free     (GmLegend *legend);
/* Paints @entry's swatch in the rectangle, as the map draws it: the colour
 * at its opacity over the map's pale paper, or an outline. */
void      gm_legend_entry_paint (const GmLegendEntry *entry,
                                 cairo_t             *cr,
                                 double               x,
                                 double               y,
                                 double               width,
                                 double               height);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmLegend, gm_legend_free)

/* The legend of one analysis layer (GM_LAYER_HEAT, _HOTSPOTS, _GRID_RATES
 * or _FILTERED) for @result. */
GmLegend *gm_hotspot_legend  (const GmHotspotResult *result,
                              GmLayers               layer);

/* Density colour at @t = density / peak (0–1): RGBA, alpha 0 below 2 %. */
void      gm_heat_color      (double                 t,
                              double                 rgba[4]);
guint32   gm_gi_class_rgb    (GmGiClass              klass);
/* The class (0–4) of a grid's value of the result's measure, −1 when it
 * has none, and its colour. */
int       gm_grid_class      (const GmHotspotResult *result,
                              const GmGridRate      *rate);
guint32   gm_grid_class_rgb  (GmGridMeasure          measure,
                              int                    klass);
guint32   gm_status_rgb      (GmHazardStatus         status);

#define GM_HOTSPOT_ALPHA 0.75
#define GM_GRID_RATE_ALPHA 0.85
/* The white veil over the map under the analysis layers. */
#define GM_HOTSPOT_VEIL 0.55

G_END_DECLS
