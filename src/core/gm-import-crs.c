/* gm-import-crs.c — which coordinate system coordinates are in.
 *
 * Coordinates say a good deal about their coordinate system. Degrees stay
 * within ±180/±90. Gauss–Krüger coordinates with the zone number written in
 * front of the easting (38 512 345.6 is zone 38, 12 345.6 m east of the
 * false origin) name their zone; Chinese surveys use 3° zones 25–45 and 6°
 * zones 13–23, in CGCS2000, Xi'an 1980 or Beijing 1954 (the three differ by
 * at most about a hundred metres, so the coordinates cannot tell them
 * apart: all three are listed). Eastings between 0 and 1,000 km without a
 * zone number are Gauss–Krüger or UTM of some central meridian the
 * coordinates do not tell; when the project already has data, the
 * meridians near it are tried and ordered by how close the file lands.
 * Web Mercator is anything within ±20,037,508 m. PROJ (through OGR) places
 * each candidate, so the user sees where the file would land.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-import-crs.h"
#include "gm-import-source.h"

#define EARTH_RADIUS_KM 6371.0088
#define MERCATOR_MAX 20037508.3428

void
gm_srs_candidate_free (GmSrsCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->code);
  g_free (candidate->name);
  g_free (candidate);
}

/* ---- the points ------------------------------------------------------------------ */

static gboolean
gm_is_lonlat (double x,
              double y)
{
  return fabs (x) <= 180.0 && fabs (y) <= 90.0;
}

double
gm_points_lonlat_share (const GmPointSample *points)
{
  guint n = 0;

  if (points == NULL || points->len == 0)
    return 0.0;
  for (guint i = 0; i + 1 < points->len; i += 2)
    n += gm_is_lonlat (g_array_index (points, double, i), g_array_index (points, double, i + 1));
  return (double) n / (points->len / 2);
}

gboolean
gm_points_lonlat (const GmPointSample *points)
{
  return gm_points_lonlat_share (points) >= GM_LONLAT_PLAUSIBLE;
}

static int
gm_double_compare (gconstpointer a,
                   gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

gboolean
gm_points_median (const GmPointSample *points,
                  double              *x,
                  double              *y)
{
  guint n = points != NULL ? points->len / 2 : 0;
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;

  if (n == 0)
    return FALSE;
  xs = g_new (double, n);
  ys = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      xs[i] = g_array_index (points, double, 2 * i);
      ys[i] = g_array_index (points, double, 2 * i + 1);
    }
  qsort (xs, n, sizeof (double), gm_double_compare);
  qsort (ys, n, sizeof (double), gm_double_compare);
  *x = xs[n / 2];
  *y = ys[n / 2];
  return TRUE;
}

double
gm_extent_distance_km (const GmExtent *extent,
                       double          lon,
                       double          lat)
{
  double near_lon = CLAMP (lon, extent->min_lon, extent->max_lon);
  double near_lat = CLAMP (lat, extent->min_lat, extent->max_lat);
  double p1 = lat * G_PI / 180, p2 = near_lat * G_PI / 180;
  double dp = p2 - p1, dl = (near_lon - lon) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * EARTH_RADIUS_KM * asin (MIN (1.0, sqrt (a)));
}

/* ---- candidates ------------------------------------------------------------------ */

/* Where (x, y) lands in EPSG:@epsg, or NULL when it does not. */
static GmSrsCandidate *
gm_srs_candidate_new (int    epsg,
                      double x,
                      double y)
{
  g_auto(OGRSpatialReferenceH) srs = OSRNewSpatialReference (NULL);
  g_auto(OGRSpatialReferenceH) wgs84 = OSRNewSpatialReference (NULL);
  g_auto(OGRCoordinateTransformationH) ct = NULL;
  GmSrsCandidate *candidate;
  double lon = x, lat = y;

  if (OSRImportFromEPSG (srs, epsg) != OGRERR_NONE)
    return NULL;
  OSRImportFromEPSG (wgs84, 4326);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  ct = OCTNewCoordinateTransformation (srs, wgs84);
  if (ct == NULL || !OCTTransform (ct, 1, &lon, &lat, NULL)
      || !isfinite (lon) || !isfinite (lat) || fabs (lat) > 90.0 || fabs (lon) > 180.0)
    return NULL;

  candidate = g_new0 (GmSrsCandidate, 1);
  candidate->code = g_strdup_printf ("EPSG:%d", epsg);
  candidate->name = g_strdup (OSRGetName (srs));
  candidate->lon = lon;
  candidate->lat = lat;
  candidate->distance_km = -1;
  return candidate;
}

static void
gm_srs_add (GPtrArray *candidates,
            int        epsg,
            double     x,
            double     y)
{
  GmSrsCandidate *candidate = gm_srs_candidate_new (epsg, x, y);

  if (candidate != NULL)
    g_ptr_array_add (candidates, candidate);
}

/* Gauss–Krüger with the zone number in the easting: CGCS2000, Xi'an 1980
 * and Beijing 1954 3° and 6° zones of China, and Pulkovo 1942 6° zones
 * beyond China's. */
static void
gm_srs_add_zoned (GPtrArray *candidates,
                  double     x,
                  double     y)
{
  static const struct { int first_epsg, first_zone, last_zone; } families[] = {
    { 4513, 25, 45 }, { 2349, 25, 45 }, { 2401, 25, 45 },    /* 3° */
    { 4491, 13, 23 }, { 2327, 13, 23 }, { 21413, 13, 23 },   /* 6° */
    { 28404, 4, 12 }, { 28424, 24, 32 },                     /* Pulkovo 1942 6° */
  };
  int zone = (int) floor (x / 1e6);

  if (y < 0 || y > 1e7)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    if (zone >= families[i].first_zone && zone <= families[i].last_zone)
      gm_srs_add (candidates, families[i].first_epsg + zone - families[i].first_zone, x, y);
}

/* Transverse Mercator families without a zone number: one code per
 * central meridian, all on one ellipsoid with the same false easting. In
 * such a family, coordinates land at the same latitude under every
 * meridian and at a longitude that moves with it, so PROJ places them once
 * (under the family's first meridian) and the others follow; it would
 * otherwise be a hundred PROJ set-ups in the import dialog. */
typedef struct
{
  int         first_epsg;
  int         first_cm;
  int         last_cm;
  int         step;
  gboolean    utm;           /* named by zone, not by meridian */
  const char *name;          /* the EPSG name, up to the meridian or zone */
  const char *suffix;        /* and after it */
} GmTmFamily;

static const GmTmFamily cm_families[] = {
  { 4534, 75, 135, 3, FALSE, "CGCS2000 / 3-degree Gauss-Kruger CM ", "E" },
  { 4502, 75, 135, 6, FALSE, "CGCS2000 / Gauss-Kruger CM ", "E" },
  { 2370, 75, 135, 3, FALSE, "Xian 1980 / 3-degree Gauss-Kruger CM ", "E" },
  { 2422, 75, 135, 3, FALSE, "Beijing 1954 / 3-degree Gauss-Kruger CM ", "E" },
  { 2338, 75, 135, 6, FALSE, "Xian 1980 / Gauss-Kruger CM ", "E" },
  { 21453, 75, 135, 6, FALSE, "Beijing 1954 / Gauss-Kruger CM ", "E" },
};

static const GmTmFamily utm_families[] = {
  { 32601, -177, 177, 6, TRUE, "WGS 84 / UTM zone ", "N" },
  { 32701, -177, 177, 6, TRUE, "WGS 84 / UTM zone ", "S" },
  { 25828, -15, 45, 6, TRUE, "ETRS89 / UTM zone ", "N" },
  { 26901, -177, -45, 6, TRUE, "NAD83 / UTM zone ", "N" },
};

/* The member of @family with central meridian @cm, placed from the
 * family's first member @ref. */
static void
gm_srs_add_member (GPtrArray            *candidates,
                   const GmTmFamily     *family,
                   const GmSrsCandidate *ref,
                   int                   cm)
{
  int index = (cm - family->first_cm) / family->step;
  GmSrsCandidate *c;

  if (ref == NULL || cm < family->first_cm || cm > family->last_cm || (cm - family->first_cm) % family->step != 0)
    return;
  c = g_new0 (GmSrsCandidate, 1);
  c->code = g_strdup_printf ("EPSG:%d", family->first_epsg + index);
  /* UTM names carry the zone number, Gauss–Krüger ones the meridian. */
  c->name = g_strdup_printf ("%s%d%s", family->name, family->utm ? (cm + 183) / 6 : cm, family->suffix);
  c->lon = ref->lon + (cm - family->first_cm);
  c->lat = ref->lat;
  c->distance_km = -1;
  g_ptr_array_add (candidates, c);
}

/* The members of @family whose meridians are within one step of @lon, or
 * all of them when @lon is NAN. */
static void
gm_srs_add_family (GPtrArray        *candidates,
                   const GmTmFamily *family,
                   double            lon,
                   double            x,
                   double            y)
{
  g_autoptr(GmSrsCandidate) ref = gm_srs_candidate_new (family->first_epsg, x, y);
  int near;

  if (isnan (lon))
    {
      for (int cm = family->first_cm; cm <= family->last_cm; cm += family->step)
        gm_srs_add_member (candidates, family, ref, cm);
      return;
    }
  near = family->first_cm + family->step * (int) lround ((lon - family->first_cm) / family->step);
  for (int d = -1; d <= 1; d++)
    gm_srs_add_member (candidates, family, ref, near + d * family->step);
}

/* Transverse Mercator without a zone: the meridians near @project, or all
 * of China's when there is no project to compare with. */
static void
gm_srs_add_zoneless (GPtrArray      *candidates,
                     const GmExtent *project,
                     double          x,
                     double          y)
{
  gboolean known = project != NULL && !gm_extent_is_empty (project);
  double plon = known ? (project->min_lon + project->max_lon) / 2 : NAN;
  double plat = known ? (project->min_lat + project->max_lat) / 2 : 0;

  for (guint f = 0; f < G_N_ELEMENTS (cm_families); f++)
    if (!known || (plon > 72 && plon < 138))
      gm_srs_add_family (candidates, &cm_families[f], plon, x, y);
  if (!known)
    {
      /* China's UTM zones, 43 to 53. */
      g_autoptr(GmSrsCandidate) ref = y >= 0 ? gm_srs_candidate_new (32601, x, y) : NULL;

      for (int cm = 75; cm <= 135; cm += 6)
        gm_srs_add_member (candidates, &utm_families[0], ref, cm);
      return;
    }
  for (guint f = 0; f < G_N_ELEMENTS (utm_families); f++)
    if ((f == 1) == (plat < 0))
      gm_srs_add_family (candidates, &utm_families[f], plon, x, y);
}

/**
 * gm_srs_guess:
 * @points: feature centres in the source's units
 * @project: (nullable): the project's extent
 *
 * Returns: (transfer full): the candidates (#GmSrsCandidate), possibly none
 */
GPtrArray *
gm_srs_guess (const GmPointSample *points,
              const GmExtent      *project)
{
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_srs_candidate_free);
  double x, y;

  if (!gm_points_median (points, &x, &y))
    return candidates;
  if (gm_points_lonlat_share (points) >= 0.5)
    {
      gm_srs_add (candidates, 4326, x, y);
      gm_srs_add (candidates, 4490, x, y);   /* CGCS2000: the same to a few cm */
    }
  else
    {
      if (x >= 1e6)
        gm_srs_add_zoned (candidates, x, y);
      else if (x > 0 && fabs (y) < 1e7)
        gm_srs_add_zoneless (candidates, project, x, y);
      if (fabs (x) <= MERCATOR_MAX && fabs (y) <= MERCATOR_MAX)
        gm_srs_add (candidates, 3857, x, y);
    }
  gm_srs_rank (candidates, project);
  return candidates;
}

static int
gm_srs_candidate_compare (gconstpointer a,
                          gconstpointer b)
{
  const GmSrsCandidate *ca = *(GmSrsCandidate **) a;
  const GmSrsCandidate *cb = *(GmSrsCandidate **) b;

  /* Within a kilometre the datums are alike: keep the order of preference. */
  if (fabs (ca->distance_km - cb->distance_km) < 1.0)
    return 0;
  return ca->distance_km < cb->distance_km ? -1 : 1;
}

void
gm_srs_rank (GPtrArray      *candidates,
             const GmExtent *project)
{
  gboolean known = project != NULL && !gm_extent_is_empty (project);

  for (guint i = 0; i < candidates->len; i++)
    {
      GmSrsCandidate *c = g_ptr_array_index (candidates, i);

      c->distance_km = known ? gm_extent_distance_km (project, c->lon, c->lat) : -1;
    }
  if (known)
    g_ptr_array_sort (candidates, gm_srs_candidate_compare);
}

/* The name without its digits: members of one family compare equal. */
static char *
gm_family_key (const char *name)
{
  GString *key = g_string_new (NULL);

  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      g_string_append_c (key, *p);
  return g_string_free (key, FALSE);
}

/* How many candidates from @i on are consecutive members of one family. */
static guint
gm_family_run (GPtrArray *candidates,
               guint      i)
{
  GmSrsCandidate *first = g_ptr_array_index (candidates, i);
  g_autofree char *key = gm_family_key (first->name);
  guint n = 1;

  while (i + n < candidates->len)
    {
      GmSrsCandidate *next = g_ptr_array_index (candidates, i + n);
      g_autofree char *next_key = gm_family_key (next->name);

      if (strcmp (key, next_key) != 0
          || atoi (next->code + 5) != atoi (first->code + 5) + (int) n)
        break;
      n++;
    }
  return n;
}

/**
 * gm_srs_candidates_text:
 * @candidates: #GmSrsCandidate, best first
 * @max: how many entries to write
 *
 * Returns: the candidates for a message: "EPSG:4526 (CGCS2000 / 3-degree
 *   Gauss-Kruger zone 38, at 114.1296° E, 31.2328° N), …"; a run of one
 *   family's meridians is written as a range
 */
char *
gm_srs_candidates_text (GPtrArray *candidates,
                        guint      max)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint i = 0, entries = 0;

  while (i < candidates->len && entries < max)
    {
      GmSrsCandidate *c = g_ptr_array_index (candidates, i);
      guint run = c->distance_km < 0 ? gm_family_run (candidates, i) : 1;
      GmSrsCandidate *last = g_ptr_array_index (candidates, i + run - 1);

      if (entries++ > 0)
        g_string_append (text, ", ");
      if (run > 2)
        /* Translators: a range of coordinate systems of one family, by central meridian */
        g_string_append_printf (text, _("%s … %s (%s … %s: the coordinates do not tell which meridian)"),
                                c->code, last->code, c->name, last->name);
      else
        {
          /* Translators: a coordinate system and where the file would land in it */
          g_string_append_printf (text, _("%s (%s, at %.4f° E, %.4f° N)"), c->code, c->name, c->lon, c->lat);
          run = 1;
        }
      i += run;
    }
  if (i < candidates->len)
    g_string_append_printf (text, ngettext (" and %u more", " and %u more", candidates->len - i),
                            candidates->len - i);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---- checking a declared coordinate system --------------------------------------- */

/* How far outside the area @srs is made for (x, y) lands, in km; 0 when
 * inside or when the area is not known; -1 when it cannot be placed. */
static double
gm_srs_outside_area_km (OGRSpatialReferenceH  srs,
                        double                x,
                        double                y,
                        double               *lon,
                        double               *lat,
                        const char          **area_name)
{
  g_auto(OGRSpatialReferenceH) wgs84 = OSRNewSpatialReference (NULL);
  g_auto(OGRSpatialReferenceH) source = OSRClone (srs);
  g_auto(OGRCoordinateTransformationH) ct = NULL;
  GmExtent area;

  OSRImportFromEPSG (wgs84, 4326);
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy (source, OAMS_TRADITIONAL_GIS_ORDER);
  ct = OCTNewCoordinateTransformation (source, wgs84);
  *lon = x;
  *lat = y;
  if (ct == NULL || !OCTTransform (ct, 1, lon, lat, NULL) || !isfinite (*lon) || !isfinite (*lat))
    return -1;
  if (!OSRGetAreaOfUse (srs, &area.min_lon, &area.min_lat, &area.max_lon, &area.max_lat, area_name)
      || area.min_lon > area.max_lon || area.min_lon < -180)
    return 0;
  return gm_extent_distance_km (&area, *lon, *lat);
}

/**
 * gm_srs_check:
 * @srs: the coordinate system a file declares
 * @points: its feature centres, in its units
 *
 * Returns: (nullable): what contradicts @srs, for people, or %NULL
 */
char *
gm_srs_check (OGRSpatialReferenceH  srs,
              const GmPointSample  *points)
{
  double share = gm_points_lonlat_share (points);
  const char *name = OSRGetName (srs);
  const char *area = NULL;
  double x, y, lon, lat, outside;

  if (!gm_points_median (points, &x, &y))
    return NULL;
  if (OSRIsGeographic (srs))
    return share < 0.5
           ? g_strdup_printf (_("its coordinate system is %s, in degrees of longitude and latitude, but its coordinates (around %.0f, %.0f) are not degrees"),
                              name, x, y)
           : NULL;
  if (!OSRIsProjected (srs))
    return NULL;
  if (share >= 0.9 && gm_is_lonlat (x, y))
    return g_strdup_printf (_("its coordinate system is %s, in metres, but its coordinates (around %.5f, %.5f) look like longitude and latitude"),
                            name, x, y);
  outside = gm_srs_outside_area_km (srs, x, y, &lon, &lat, &area);
  if (outside < 0)
    return g_strdup_printf (_("its coordinate system is %s, but its coordinates (around %.0f, %.0f) cannot be placed on the earth in it"),
                            name, x, y);
  if (outside > 300)
    return g_strdup_printf (_("its coordinate system is %s, made for %s, but its coordinates land %.0f km outside that area (at %.4f° E, %.4f° N)"),
                            name, area != NULL ? area : "?", outside, lon, lat);
  return NULL;
}

/* ---- what the user typed ---------------------------------------------------------- */

OGRSpatialReferenceH
gm_srs_from_user (const char  *text,
                  GError     **error)
{
  g_auto(OGRSpatialReferenceH) srs = OSRNewSpatialReference (NULL);
  g_autofree char *reason = NULL;
  GmGdalTrap trap;
  OGRErr err;

  g_return_val_if_fail (text != NULL, NULL);

  /* PROJ prints "ERROR 1: PROJ: proj_create_from_database: crs not found"
   * for an unknown code; that belongs in our message, not on stderr. */
  gm_gdal_trap_push (&trap);
  err = *text != '\0' ? OSRSetFromUserInput (srs, text) : OGRERR_CORRUPT_DATA;
  if (err != OGRERR_NONE && (trap.last_error != NULL || trap.messages->len > 0))
    reason = g_strdup (gm_gdal_trap_message (&trap));
  gm_gdal_trap_pop (&trap);
  if (err == OGRERR_NONE)
    return g_steal_pointer (&srs);
  if (reason != NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                 /* Translators: the second %s is PROJ's reason, in English */
                 _("“%s” is not a coordinate system Gridmap knows (%s); try EPSG:4326 or EPSG:4547"),
                 text, reason);
  else
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                 _("“%s” is not a coordinate system Gridmap knows; try EPSG:4326 or EPSG:4547"),
                 text);
  return NULL;
}

/**
 * gm_import_check_srs:
 * @srs: a coordinate system as a user typed it
 * @error: return location for a #GError
 *
 * Returns: %TRUE when Gridmap knows @srs
 */
gboolean
gm_import_check_srs (const char  *srs,
                     GError     **error)
{
  g_auto(OGRSpatialReferenceH) parsed = NULL;

  g_return_val_if_fail (srs != NULL, FALSE);
  parsed = gm_srs_from_user (srs, error);
  return parsed != NULL;
}
