/* gm-hotspot-private.h — what the files of the hot-spot analysis share:
 * gm-hotspot.c (parameters, results, loading, the whole run),
 * gm-hotspot-density.c (kernel density) and gm-hotspot-cells.c (Gi*). */
#pragma once

#include "gm-geo.h"
#include "gm-hotspot.h"

G_BEGIN_DECLS

/* Metres per world pixel at zoom 0 for each latitude of the hazards:
 * geodesic lengths of a parallel (PROJ), read off a table. */
typedef struct
{
  double min_lat;
  double step;
  double values[65];
} GmScaleTable;

void     gm_scale_table_init         (GmScaleTable       *table,
                                      double              min_lat,
                                      double              max_lat);
double   gm_scale_table_lookup       (const GmScaleTable *table,
                                      double              lat);

/* Density: bandwidth and peak. Sets result->kde_error when it cannot. */
void     gm_hotspot_make_density     (GmHotspotResult       *result,
                                      const GmHotspotParams *params);

/* Gi* cells over @area_x/@area_y (metres). Sets result->gi_error when it
 * cannot. */
void     gm_hotspot_make_cells       (GmHotspotResult       *result,
                                      const GmHotspotParams *params,
                                      GmLocalProjection     *projection,
                                      const double          *area_x,
                                      const double          *area_y,
                                      gsize                  n_area);

/* The default hexagon edge for @result's hazards, metres. */
double   gm_hotspot_default_cell_size (const GmHotspotResult *result);

G_END_DECLS
