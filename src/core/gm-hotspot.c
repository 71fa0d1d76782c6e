/* gm-hotspot.c — the hot-spot analysis: parameters, results, reading the
 * hazards a filter takes, and the whole run (also in a worker thread).
 *
 * The kernel density is made in gm-hotspot-density.c, the Gi* cells in
 * gm-hotspot-cells.c, the per-grid rates in gm-grid-rates.c.
 */
#include "gm-config.h"

#include <math.h>
#include <geodesic.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-hotspot-private.h"
#include "gm-render.h"
#include "gm-store-private.h"

G_DEFINE_QUARK (gm-hotspot-error-quark, gm_hotspot_error)

/* ---- parameters ----------------------------------------------------------- */

GmHotspotParams *
gm_hotspot_params_new (void)
{
  GmHotspotParams *params = g_new0 (GmHotspotParams, 1);

  params->methods = GM_HOTSPOT_ALL;
  return params;
}

GmHotspotParams *
gm_hotspot_params_copy (const GmHotspotParams *params)
{
  GmHotspotParams *copy;

  g_return_val_if_fail (params != NULL, NULL);

  copy = g_memdup2 (params, sizeof *params);
  copy->filter = params->filter != NULL ? gm_hazard_filter_copy (params->filter) : NULL;
  return copy;
}

void
gm_hotspot_params_free (GmHotspotParams *params)
{
  if (params == NULL)
    return;
  gm_hazard_filter_free (params->filter);
  g_free (params);
}

static gboolean
check_params (const GmHotspotParams  *params,
              GError                **error)
{
  const struct { double value; const char *what; } lengths[] = {
    { params->bandwidth_m, N_("The bandwidth") },
    { params->cell_size_m, N_("The cell size") },
    { params->band_m, N_("The distance band") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    if (!isfinite (lengths[i].value) || lengths[i].value < 0 || lengths[i].value > 100000)
      {
        g_set_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                     /* Translators: %s is "The bandwidth", "The cell size" or "The distance band" */
                     _("%s must be between 0 (automatic) and 100 km"), _(lengths[i].what));
        return FALSE;
      }
  if (params->cell_size_m > 0 && params->cell_size_m < 5)
    {
      g_set_error_literal (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                           _("Cells smaller than 5 m hold single hazards: choose a larger cell size"));
      return FALSE;
    }
  if (params->measure >= GM_GRID_N_MEASURES)
    {
      g_set_error_literal (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                           _("Unknown measure for the grids"));
      return FALSE;
    }
  return params->filter == NULL || gm_hazard_filter_check (params->filter, error);
}

/* ---- results ---------------------------------------------------------------- */

static void
result_clear (gpointer data)
{
  GmHotspotResult *r = data;

  gm_hazard_filter_free (r->filter);
  g_free (r->as_of);
  g_free (r->description);
  g_clear_pointer (&r->points, g_array_unref);
  g_clear_error (&r->kde_error);
  g_clear_error (&r->gi_error);
  g_clear_pointer (&r->cells, g_array_unref);
  g_clear_error (&r->grid_error);
  g_clear_pointer (&r->grid_index, g_hash_table_unref);
  g_clear_pointer (&r->grids, g_ptr_array_unref);
  g_free (r->this_month);
  g_free (r->last_month);
}

GmHotspotResult *
gm_hotspot_result_ref (GmHotspotResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

void
gm_hotspot_result_unref (GmHotspotResult *result)
{
  if (result != NULL)
    g_atomic_rc_box_release_full (result, result_clear);
}

double
gm_hotspot_weight_of (GmHotspotWeight weight,
                      GmHazardStatus  status,
                      gboolean        overdue)
{
  if (weight == GM_WEIGHT_NONE)
    return 1.0;
  if (overdue)
    return 3.0;
  return gm_hazard_status_is_open (status) ? 2.0 : 1.0;
}

/* ---- scale ---------------------------------------------------------------------- */

void
gm_scale_table_init (GmScaleTable *table,
                     double        min_lat,
                     double        max_lat)
{
  struct geod_geodesic g;

  /* WGS 84: the length of 0.01° of a parallel is, to 10⁻⁹, that of the
   * geodesic between its ends. */
  geod_init (&g, 6378137.0, 1.0 / 298.257223563);
  table->min_lat = min_lat;
  table->step = MAX (max_lat - min_lat, 1e-9) / (G_N_ELEMENTS (table->values) - 1);
  for (guint i = 0; i < G_N_ELEMENTS (table->values); i++)
    {
      double lat = CLAMP (min_lat + i * table->step, -85.0, 85.0);
      double s12 = 0.0;

      geod_inverse (&g, lat, 0.0, lat, 0.01, &s12, NULL, NULL);
      /* 0.01° of longitude is 256 / 36000 world pixels at zoom 0. */
      table->values[i] = s12 / (256.0 / 36000.0);
    }
}

double
gm_scale_table_lookup (const GmScaleTable *table,
                       double              lat)
{
  double f = (lat - table->min_lat) / table->step;
  int i = CLAMP ((int) floor (f), 0, (int) G_N_ELEMENTS (table->values) - 2);
  double t = CLAMP (f - i, 0.0, 1.0);

  return table->values[i] * (1.0 - t) + table->values[i + 1] * t;
}

/* ---- reading ---------------------------------------------------------------------- */

static gboolean
read_points (GmStore          *store,
             GmHotspotResult  *result,
             GError          **error)
{
  g_autofree char *where = gm_hazard_filter_to_sql (result->filter, "h");
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sql = g_strdup_printf ("SELECT h.id, X(h.location), Y(h.location), h.status,"
                         "  h.status IN ('discovered', 'notified') AND h.deadline IS NOT NULL"
                         "  AND h.deadline < ?1"
                         " FROM hazard h WHERE h.location IS NOT NULL AND %s ORDER BY h.id", where);
  if ((stmt = gm_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, result->as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmHotspotPoint p = { 0 };

      p.id = sqlite3_column_int64 (stmt, 0);
      p.lon = sqlite3_column_double (stmt, 1);
      p.lat = sqlite3_column_double (stmt, 2);
      if (!gm_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &p.status))
        p.status = GM_HAZARD_DISCOVERED;
      p.overdue = sqlite3_column_int (stmt, 4) != 0;
      p.weight = gm_hotspot_weight_of (result->weight, p.status, p.overdue);
      g_array_append_val (result->points, p);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading hazards"));
      return FALSE;
    }
  return TRUE;
}

static void
points_extent (GArray   *points,
               GmExtent *extent)
{
  *extent = GM_EXTENT_EMPTY;
  for (guint i = 0; i < points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (points, GmHotspotPoint, i);
      GmExtent e = { p->lon, p->lat, p->lon, p->lat };

      gm_extent_union (extent, &e, extent);
    }
}

/* Metres in the local projection, world pixels and the scale of each. */
static GmLocalProjection *
project_points (GmHotspotResult  *result,
                GError          **error)
{
  GArray *points = result->points;
  g_autofree double *x = g_new (double, MAX (points->len, 1));
  g_autofree double *y = g_new (double, MAX (points->len, 1));
  g_autoptr(GmLocalProjection) projection = NULL;
  GmScaleTable scale;
  GmExtent extent;

  points_extent (points, &extent);
  if (points->len == 0)
    extent = (GmExtent) { 0, 0, 0, 0 };
  result->center_lon = (extent.min_lon + extent.max_lon) / 2;
  result->center_lat = (extent.min_lat + extent.max_lat) / 2;
  projection = gm_local_projection_new (result->center_lon, result->center_lat, error);
  if (projection == NULL)
    return NULL;

  for (guint i = 0; i < points->len; i++)
    {
      x[i] = g_array_index (points, GmHotspotPoint, i).lon;
      y[i] = g_array_index (points, GmHotspotPoint, i).lat;
    }
  gm_local_projection_points (projection, x, y, points->len, FALSE);
  gm_scale_table_init (&scale, extent.min_lat, extent.max_lat);
  for (guint i = 0; i < points->len; i++)
    {
      GmHotspotPoint *p = &g_array_index (points, GmHotspotPoint, i);

      p->x = x[i];
      p->y = y[i];
      p->wx = gm_mercator_x (0, p->lon);
      p->wy = gm_mercator_y (0, p->lat);
      p->m_per_px0 = gm_scale_table_lookup (&scale, p->lat);
    }
  return g_steal_pointer (&projection);
}

/* Building anchors near the hazards: where hazards can be. */
static gboolean
read_area (GmStore            *store,
           GmHotspotResult    *result,
           double              margin_m,
           GmLocalProjection  *projection,
           GArray             *ax,
           GArray             *ay,
           GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GmExtent e;
  double dlat = margin_m / 111320.0;
  int rc;

  points_extent (result->points, &e);
  stmt = gm_store_prepare (store, "SELECT X(b.anchor), Y(b.anchor) FROM building b"
                           " WHERE b.anchor IS NOT NULL AND b.id IN (SELECT pkid FROM idx_building_footprint"
                           "   WHERE xmin <= ?2 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, e.min_lon - dlat / MAX (cos (e.max_lat * G_PI / 180), 0.05));
  sqlite3_bind_double (stmt, 2, e.max_lon + dlat / MAX (cos (e.max_lat * G_PI / 180), 0.05));
  sqlite3_bind_double (stmt, 3, e.min_lat - dlat);
  sqlite3_bind_double (stmt, 4, e.max_lat + dlat);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      double lon = sqlite3_column_double (stmt, 0), lat = sqlite3_column_double (stmt, 1);

      g_array_append_val (ax, lon);
      g_array_append_val (ay, lat);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading buildings"));
      return FALSE;
    }
  gm_local_projection_points (projection, (double *) ax->data, (double *) ay->data, ax->len, FALSE);
  return TRUE;
}

/* ---- the run ---------------------------------------------------------------------- */

static void
make_cells (GmStore               *store,
            GmHotspotResult       *result,
            const GmHotspotParams *params,
            GmLocalProjection     *projection)
{
  g_autoptr(GArray) ax = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ay = g_array_new (FALSE, FALSE, sizeof (double));
  double cell = params->cell_size_m > 0 ? params->cell_size_m : gm_hotspot_default_cell_size (result);
  double band = params->band_m > 0 ? params->band_m : GM_HOTSPOT_BAND_CELLS * cell;

  if (result->points->len >= GM_HOTSPOT_MIN_HAZARDS
      && !read_area (store, result, band, projection, ax, ay, &result->gi_error))
    return;
  gm_hotspot_make_cells (result, params, projection, (double *) ax->data, (double *) ay->data, ax->len);
}

static GmHotspotResult *
result_new (const GmHotspotParams *params)
{
  GmHotspotResult *result = g_atomic_rc_box_new0 (GmHotspotResult);

  result->methods = params->methods;
  result->filter = params->filter != NULL ? gm_hazard_filter_copy (params->filter) : gm_hazard_filter_new ();
  result->as_of = gm_hazard_filter_dup_as_of (result->filter);
  result->description = gm_hazard_filter_describe (result->filter);
  result->points = g_array_new (FALSE, FALSE, sizeof (GmHotspotPoint));
  result->weight = params->weight;
  result->measure = params->measure;
  return result;
}

static void
make_grid_rates (GmStore         *store,
                 GmHotspotResult *result)
{
  result->grids = gm_grid_rates_compute (store, result->filter, &result->this_month,
                                         &result->last_month, &result->grid_error);
  if (result->grids == NULL)
    return;
  result->grid_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < result->grids->len; i++)
    {
      GmGridRate *rate = g_ptr_array_index (result->grids, i);

      g_hash_table_insert (result->grid_index, &rate->grid_id, rate);
    }
}

/**
 * gm_hotspot_compute:
 * @store: the project
 * @params: what to compute, for which hazards
 * @cancellable: (nullable): checked between the steps
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
GmHotspotResult *
gm_hotspot_compute (GmStore                *store,
                    const GmHotspotParams  *params,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(GmHotspotResult) result = NULL;
  g_autoptr(GmLocalProjection) projection = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!check_params (params, error))
    return NULL;
  result = result_new (params);
  if (!read_points (store, result, error)
      || (projection = project_points (result, error)) == NULL
      || g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (params->methods & GM_HOTSPOT_KDE)
    gm_hotspot_make_density (result, params);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (params->methods & GM_HOTSPOT_GI)
    make_cells (store, result, params, projection);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (params->methods & GM_HOTSPOT_GRID)
    make_grid_rates (store, result);
  return g_steal_pointer (&result);
}

typedef struct
{
  char            *path;
  GmHotspotParams *params;
} ComputeJob;

static void
compute_job_free (gpointer data)
{
  ComputeJob *job = data;

  g_free (job->path);
  gm_hotspot_params_free (job->params);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeJob *job = task_data;
  g_autoptr(GmStore) store = NULL;
  GmHotspotResult *result = NULL;
  GError *error = NULL;

  store = gm_store_open (job->path, GM_STORE_OPEN_READONLY, &error);
  if (store != NULL)
    result = gm_hotspot_compute (store, job->params, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) gm_hotspot_result_unref);
}

void
gm_hotspot_compute_async (const char            *project_path,
                          const GmHotspotParams *params,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ComputeJob *job;

  g_return_if_fail (project_path != NULL && params != NULL);

  job = g_new0 (ComputeJob, 1);
  job->path = g_strdup (project_path);
  job->params = gm_hotspot_params_copy (params);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gm_hotspot_compute_async);
  g_task_set_task_data (task, job, compute_job_free);
  g_task_run_in_thread (task, compute_thread);
}

GmHotspotResult *
gm_hotspot_compute_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
