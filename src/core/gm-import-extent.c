/* gm-import-extent.c — where the imported features lie, checked.
 *
 * A feature whose coordinates were missing lands at 0°, 0°; one typed with
 * a wrong digit lands hundreds of kilometres away; a whole file read in
 * the wrong coordinate system lands far from the project's other data.
 * None of that is refused (the feature may be right), but each is named in
 * the report. "Far" is measured from the median of the features, which a
 * few outliers cannot move: farther than 50 km and than twenty times the
 * distance within which half of the features lie.
 */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-import-crs.h"
#include "gm-import-job.h"

#define GM_OUTLIERS_LISTED 100
#define GM_OUTLIER_MIN_KM 50.0
#define GM_PROJECT_FAR_KM 100.0

void
gm_import_job_place_note (GmImportJob         *job,
                          gint64               fid,
                          const GmFeatureGeom *geom)
{
  GmPlaced placed = { fid, geom->x, geom->y };

  if (job->placed == NULL)
    job->placed = g_array_sized_new (FALSE, FALSE, sizeof (GmPlaced), MAX (job->expected, 0));
  g_array_append_val (job->placed, placed);
}

/* The @k-th smallest of @values (which it reorders), in linear time
 * (Hoare's selection). */
static double
gm_select (double *values,
           gssize  n,
           gssize  k)
{
  gssize lo = 0, hi = n - 1;

  while (hi > lo)
    {
      double pivot = values[lo + (hi - lo) / 2];
      gssize i = lo, j = hi;

      do
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = values[i];

              values[i++] = values[j];
              values[j--] = t;
            }
        }
      while (i <= j);
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        break;
    }
  return values[k];
}

static double
gm_distance_km (double lon1,
                double lat1,
                double lon2,
                double lat2)
{
  GmExtent point = { lon2, lat2, lon2, lat2 };

  return gm_extent_distance_km (&point, lon1, lat1);
}

static void
gm_import_job_warn_outlier (GmImportJob    *job,
                            const GmPlaced *p,
                            double          km)
{
  if (fabs (p->x) < 1.0 && fabs (p->y) < 1.0)
    gm_import_job_warn (job, p->fid,
                        _("lies at longitude 0, latitude 0, %.0f km from the other features — its coordinates are probably missing"),
                        km);
  else
    gm_import_job_warn (job, p->fid,
                        _("lies %.0f km from the other features (at %.5f, %.5f) — check its coordinates"),
                        km, p->x, p->y);
}

/* Features far from the others. */
static void
gm_import_job_check_outliers (GmImportJob *job,
                              double       lon,
                              double       lat)
{
  GmPlaced *placed = (GmPlaced *) (void *) job->placed->data;
  gsize n = job->placed->len;
  g_autofree double *km = g_new (double, n);
  g_autofree double *sorted = NULL;
  double limit;
  gsize listed = 0, more = 0;

  for (gsize i = 0; i < n; i++)
    km[i] = gm_distance_km (placed[i].x, placed[i].y, lon, lat);
  sorted = g_memdup2 (km, n * sizeof (double));
  limit = MAX (GM_OUTLIER_MIN_KM, 20.0 * gm_select (sorted, n, n / 2));
  for (gsize i = 0; i < n; i++)
    {
      if (km[i] <= limit)
        continue;
      if (listed++ < GM_OUTLIERS_LISTED)
        gm_import_job_warn_outlier (job, &placed[i], km[i]);
      else
        more++;
    }
  if (more > 0)
    gm_import_job_warn (job, -1, ngettext ("%lld more feature lies more than %.0f km from the others",
                                           "%lld more features lie more than %.0f km from the others",
                                           more),
                        (long long) more, limit);
}

/**
 * gm_import_job_check_extent:
 * @job: an import whose features are all written
 *
 * Reports features far from the others, and a file that lands far from
 * the project's other data.
 */
void
gm_import_job_check_extent (GmImportJob *job)
{
  gsize n = job->placed != NULL ? job->placed->len : 0;
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;
  double lon, lat, far;

  if (n == 0)
    return;
  xs = g_new (double, n);
  ys = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      xs[i] = g_array_index (job->placed, GmPlaced, i).x;
      ys[i] = g_array_index (job->placed, GmPlaced, i).y;
    }
  lon = gm_select (xs, n, n / 2);
  lat = gm_select (ys, n, n / 2);
  /* Outliers are told from the others from three features on. */
  if (n >= 3)
    gm_import_job_check_outliers (job, lon, lat);

  if (gm_extent_is_empty (&job->project_extent))
    return;
  far = gm_extent_distance_km (&job->project_extent, lon, lat);
  if (far > GM_PROJECT_FAR_KM)
    gm_import_job_warn (job, -1,
                        _("the imported features lie %.0f km from the project’s other data (the file’s features lie around %.4f° E, %.4f° N) — if they belong together, the coordinate system chosen for the file is wrong"),
                        far, lon, lat);
}
