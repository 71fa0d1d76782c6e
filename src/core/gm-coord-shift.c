/* gm-coord-shift.c — GCJ-02 and BD-09, forward by their published formulas
 * and back by iteration.
 *
 * GCJ-02 adds to WGS 84 a smooth offset (a few hundred metres) computed on
 * the Krasovsky 1940 ellipsoid from sums of sines of the position; BD-09
 * turns and stretches GCJ-02 about the origin and adds a constant. Neither
 * formula has a closed inverse. Both offsets change slowly with position
 * (by far less than a metre per metre), so the fixed-point iteration
 * p ← p + (target − forward (p)) converges quickly: each step gains about
 * three decimal digits; it stops below 1e-11 degrees (a micrometre).
 */
#include "gm-config.h"

#include <math.h>

#include "gm-coord-shift.h"

#define GCJ_A  6378245.0                    /* Krasovsky 1940 semi-major axis */
#define GCJ_EE 0.00669342162296594323       /* its first eccentricity squared */
#define BD_X_PI (G_PI * 3000.0 / 180.0)
#define SHIFT_TOLERANCE 1e-11
#define SHIFT_MAX_STEPS 30

gboolean
gm_coord_shift_in_china (double lon,
                         double lat)
{
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

static double
gcj_offset_lat (double x,
                double y)
{
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt (fabs (x));

  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (y * G_PI) + 40.0 * sin (y / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (160.0 * sin (y / 12.0 * G_PI) + 320.0 * sin (y * G_PI / 30.0)) * 2.0 / 3.0;
  return r;
}

static double
gcj_offset_lon (double x,
                double y)
{
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt (fabs (x));

  r += (20.0 * sin (6.0 * x * G_PI) + 20.0 * sin (2.0 * x * G_PI)) * 2.0 / 3.0;
  r += (20.0 * sin (x * G_PI) + 40.0 * sin (x / 3.0 * G_PI)) * 2.0 / 3.0;
  r += (150.0 * sin (x / 12.0 * G_PI) + 300.0 * sin (x / 30.0 * G_PI)) * 2.0 / 3.0;
  return r;
}

void
gm_wgs84_to_gcj02 (double  lon,
                   double  lat,
                   double *out_lon,
                   double *out_lat)
{
  double dlat, dlon, rad, magic, sqrt_magic;

  if (!gm_coord_shift_in_china (lon, lat))
    {
      *out_lon = lon;
      *out_lat = lat;
      return;
    }
  dlat = gcj_offset_lat (lon - 105.0, lat - 35.0);
  dlon = gcj_offset_lon (lon - 105.0, lat - 35.0);
  rad = lat / 180.0 * G_PI;
  magic = sin (rad);
  magic = 1.0 - GCJ_EE * magic * magic;
  sqrt_magic = sqrt (magic);
  dlat = (dlat * 180.0) / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sqrt_magic) * G_PI);
  dlon = (dlon * 180.0) / (GCJ_A / sqrt_magic * cos (rad) * G_PI);
  *out_lon = lon + dlon;
  *out_lat = lat + dlat;
}

void
gm_gcj02_to_bd09 (double  lon,
                  double  lat,
                  double *out_lon,
                  double *out_lat)
{
  double z = sqrt (lon * lon + lat * lat) + 0.00002 * sin (lat * BD_X_PI);
  double theta = atan2 (lat, lon) + 0.000003 * cos (lon * BD_X_PI);

  *out_lon = z * cos (theta) + 0.0065;
  *out_lat = z * sin (theta) + 0.006;
}

typedef void (*GmShiftFunc) (double lon, double lat, double *out_lon, double *out_lat);

/* The point that @forward sends to (lon, lat). */
static void
gm_shift_invert (GmShiftFunc  forward,
                 double       lon,
                 double       lat,
                 double      *out_lon,
                 double      *out_lat)
{
  double x = lon, y = lat;

  for (int step = 0; step < SHIFT_MAX_STEPS; step++)
    {
      double fx, fy, dx, dy;

      forward (x, y, &fx, &fy);
      dx = lon - fx;
      dy = lat - fy;
      x += dx;
      y += dy;
      if (fabs (dx) < SHIFT_TOLERANCE && fabs (dy) < SHIFT_TOLERANCE)
        break;
    }
  *out_lon = x;
  *out_lat = y;
}

void
gm_gcj02_to_wgs84 (double  lon,
                   double  lat,
                   double *out_lon,
                   double *out_lat)
{
  gm_shift_invert (gm_wgs84_to_gcj02, lon, lat, out_lon, out_lat);
}

void
gm_bd09_to_gcj02 (double  lon,
                  double  lat,
                  double *out_lon,
                  double *out_lat)
{
  gm_shift_invert (gm_gcj02_to_bd09, lon, lat, out_lon, out_lat);
}

void
gm_bd09_to_wgs84 (double  lon,
                  double  lat,
                  double *out_lon,
                  double *out_lat)
{
  double gcj_lon, gcj_lat;

  gm_bd09_to_gcj02 (lon, lat, &gcj_lon, &gcj_lat);
  gm_gcj02_to_wgs84 (gcj_lon, gcj_lat, out_lon, out_lat);
}
