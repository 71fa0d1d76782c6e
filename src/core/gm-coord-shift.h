/* gm-coord-shift.h — the offsets Chinese web maps apply to coordinates.
 *
 * By law, maps published in China shift WGS 84 coordinates with the GCJ-02
 * algorithm ("Mars coordinates": Amap/Gaode, Tencent, Google China); Baidu
 * shifts GCJ-02 once more (BD-09). Neither has a PROJ definition: both are
 * published formulas, implemented here with their inverses found by
 * iteration, so that survey data, OSM and web-map exports line up. Points
 * outside China's rectangle are not shifted (as the algorithm defines).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean gm_coord_shift_in_china (double lon,
                                  double lat);

void     gm_wgs84_to_gcj02       (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gm_gcj02_to_wgs84       (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gm_gcj02_to_bd09        (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gm_bd09_to_gcj02        (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);
void     gm_bd09_to_wgs84        (double  lon,
                                  double  lat,
                                  double *out_lon,
                                  double *out_lat);

G_END_DECLS
