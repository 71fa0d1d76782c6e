/* gm-import-crs.h — which coordinate system coordinates are in (private to
 * core).
 *
 * A file without a .prj, or with one that contradicts its coordinates, is
 * never read in a guessed coordinate system: the candidates its coordinates
 * allow are listed (best first when the project already has data to compare
 * with) and the user chooses.
 */
#pragma once

#include <ogr_srs_api.h>

#include "gm-import.h"

G_BEGIN_DECLS

/* Feature centres in the source's own units: x, y pairs. */
typedef GArray GmPointSample;

void       gm_srs_candidate_free   (GmSrsCandidate      *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmSrsCandidate, gm_srs_candidate_free)

/* The share of @points that are longitude/latitude. */
double     gm_points_lonlat_share  (const GmPointSample *points);
/* Whether a file without a coordinate system may be read as WGS 84: at
 * least GM_LONLAT_PLAUSIBLE of its points are longitude/latitude. The CLI,
 * the import and the dialog decide alike with it. */
#define GM_LONLAT_PLAUSIBLE 0.95
gboolean   gm_points_lonlat        (const GmPointSample *points);
/* The median of the points, in source units. FALSE when there are none. */
gboolean   gm_points_median        (const GmPointSample *points,
                                    double              *x,
                                    double              *y);

/* The coordinate systems the points can be in, most common first; with
 * @project (may be NULL), those near it and ordered by distance. */
GPtrArray *gm_srs_guess            (const GmPointSample *points,
                                    const GmExtent      *project);
void       gm_srs_rank             (GPtrArray           *candidates,
                                    const GmExtent      *project);

/* Checks @srs against @points: a sentence for people saying what does not
 * fit, or NULL when the coordinates fit it. */
/* A coordinate system the user typed, or NULL with @error naming it;
 * PROJ's complaint goes into the error, not to stderr. */
OGRSpatialReferenceH gm_srs_from_user (const char  *text,
                                       GError     **error);
char      *gm_srs_check            (OGRSpatialReferenceH srs,
                                    const GmPointSample *points);

/* "EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E, at 114.06° E,
 * 22.54° N), …" for the first @max candidates. */
char      *gm_srs_candidates_text  (GPtrArray           *candidates,
                                    guint                max);

/* Great-circle distance in km from (lon, lat) to the nearest point of
 * @extent (0 inside it). */
double     gm_extent_distance_km   (const GmExtent      *extent,
                                    double               lon,
                                    double               lat);

G_END_DECLS
