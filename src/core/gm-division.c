/* gm-division.c — a balanced division of a community and its grid polygons.
 *
 * All geometry here is in metres on the community's local projection, so
 * Voronoi cells and cuts are true to distance; results go back to EPSG:4326
 * only when they are written.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include "gm-spatialite.h"

#include "gm-autocleanups.h"
#include "gm-division.h"
#include "gm-store-private.h"

void
gm_division_free (GmDivision *division)
{
  if (division == NULL)
    return;
  g_free (division->community_code);
  if (division->boundary != NULL)
    GEOSGeom_destroy_r (division->geos, division->boundary);
  if (division->boundary_lonlat != NULL)
    GEOSGeom_destroy_r (division->geos, division->boundary_lonlat);
  g_clear_pointer (&division->projection, gm_local_projection_free);
  g_clear_pointer (&division->geos, GEOS_finish_r);
  g_free (division->building);
  g_free (division->x);
  g_free (division->y);
  g_free (division->weight);
  g_free (division->part);
  g_free (division->movable);
  g_free (division);
}

static gboolean
gm_division_load_community (GmDivision  *d,
                            GmStore     *store,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GmGeos) boundary = { d->geos, NULL };
  g_auto(GmGeos) dense = { d->geos, NULL };
  double x, y;

  stmt = gm_store_prepare (store,
                           "SELECT id, boundary, X(ST_Centroid(boundary)), Y(ST_Centroid(boundary))"
                           " FROM community WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, d->community_code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                   _("The project has no community with code “%s”"), d->community_code);
      return FALSE;
    }
  d->community_id = sqlite3_column_int64 (stmt, 0);
  boundary.geom = gm_geos_from_column (stmt, 1, d->geos);
  x = sqlite3_column_double (stmt, 2);
  y = sqlite3_column_double (stmt, 3);
  if (boundary.geom == NULL)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Community “%s” has no boundary"), d->community_code);
      return FALSE;
    }
  d->projection = gm_local_projection_new (x, y, error);
  if (d->projection == NULL)
    return FALSE;
  /* A straight edge in degrees is a curve in metres: vertices every ~20 m
   * keep the projected outline on it. */
  dense.geom = GEOSDensify_r (d->geos, boundary.geom, 0.0002);
  d->boundary = gm_local_projection_geos (d->projection, d->geos,
                                          dense.geom != NULL ? dense.geom : boundary.geom, FALSE);
  d->boundary_lonlat = g_steal_pointer (&boundary.geom);
  return d->boundary != NULL;
}

/**
 * gm_division_new:
 * @store: the project
 * @community_code: the community's code
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the community with its boundary and local
 *   projection and no buildings, or %NULL with @error set
 */
GmDivision *
gm_division_new (GmStore     *store,
                 const char  *community_code,
                 GError     **error)
{
  g_autoptr(GmDivision) d = g_new0 (GmDivision, 1);

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (community_code != NULL, NULL);

  d->geos = GEOS_init_r ();
  d->community_code = g_strdup (community_code);
  if (!gm_division_load_community (d, store, error))
    return NULL;
  d->part = g_new0 (guint, 1);
  return g_steal_pointer (&d);
}

GmDivision *
gm_division_load (GmStore     *store,
                  const char  *community_code,
                  GError     **error)
{
  g_autoptr(GmDivision) d = gm_division_new (store, community_code, error);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ws = g_array_new (FALSE, FALSE, sizeof (double));

  if (d == NULL)
    return NULL;
  stmt = gm_store_prepare (store,
                           "SELECT b.id, X(b.anchor), Y(b.anchor), b.households FROM building b, community c"
                           " WHERE c.id = ?1 AND b.id IN (SELECT pkid FROM idx_building_footprint"
                           "   WHERE xmin <= MbrMaxX(c.boundary) AND xmax >= MbrMinX(c.boundary)"
                           "     AND ymin <= MbrMaxY(c.boundary) AND ymax >= MbrMinY(c.boundary))"
                           "   AND ST_Contains(c.boundary, b.anchor)"
                           " ORDER BY b.id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, d->community_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      double x = sqlite3_column_double (stmt, 1);
      double y = sqlite3_column_double (stmt, 2);
      /* Buildings without households still need someone to walk past them. */
      double w = MAX (sqlite3_column_int (stmt, 3), 0) + 0.1;

      g_array_append_val (ids, id);
      g_array_append_val (xs, x);
      g_array_append_val (ys, y);
      g_array_append_val (ws, w);
    }

  d->n = ids->len;
  d->building = (gint64 *) g_array_free (g_steal_pointer (&ids), FALSE);
  d->x = (double *) g_array_free (g_steal_pointer (&xs), FALSE);
  d->y = (double *) g_array_free (g_steal_pointer (&ys), FALSE);
  d->weight = (double *) g_array_free (g_steal_pointer (&ws), FALSE);
  g_free (d->part);
  d->part = g_new0 (guint, MAX (d->n, 1));
  gm_local_projection_points (d->projection, d->x, d->y, d->n, FALSE);
  return g_steal_pointer (&d);
}

/* ---- bisection ------------------------------------------------------------------ */

typedef struct
{
  const double *coord;
} GmAxis;

static int
gm_compare_on_axis (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const GmAxis *axis = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  double ca = axis->coord[ia];
  double cb = axis->coord[ib];

  if (ca != cb)
    return ca < cb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

static void
gm_bisect (GmDivision *d,
           guint      *idx,
           guint       n,
           guint       parts,
           guint       first)
{
  double min_x = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double total = 0, target, sum = 0;
  guint k1 = parts / 2;
  guint split = 0;
  GmAxis axis;

  if (parts <= 1 || n <= 1)
    {
      for (guint i = 0; i < n; i++)
        d->part[idx[i]] = first;
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      min_x = MIN (min_x, d->x[idx[i]]);
      max_x = MAX (max_x, d->x[idx[i]]);
      min_y = MIN (min_y, d->y[idx[i]]);
      max_y = MAX (max_y, d->y[idx[i]]);
      total += d->weight[idx[i]];
    }

  /* Cut across the longer side, where the weight divides k1 : k2. */
  axis.coord = (max_x - min_x >= max_y - min_y) ? d->x : d->y;
  g_qsort_with_data (idx, n, sizeof (guint), gm_compare_on_axis, &axis);
  target = total * k1 / parts;
  while (split < n && sum + d->weight[idx[split]] / 2 < target)
    sum += d->weight[idx[split++]];
  /* Every part gets at least one building when there are enough. */
  if (n >= parts)
    split = CLAMP (split, k1, n - (parts - k1));
  else
    split = CLAMP (split, 1, n - 1);

  gm_bisect (d, idx, split, k1, first);
  gm_bisect (d, idx + split, n - split, parts - k1, first + k1);
}

void
gm_division_bisect (GmDivision *division,
                    guint       parts)
{
  g_autofree guint *idx = NULL;

  g_return_if_fail (division != NULL);
  g_return_if_fail (parts > 0);

  idx = g_new (guint, MAX (division->n, 1));
  for (guint i = 0; i < division->n; i++)
    idx[i] = i;
  division->parts = parts;
  gm_bisect (division, idx, division->n, parts, 0);
}

/* ---- writing --------------------------------------------------------------------- */

static gboolean
gm_division_insert_grid (GmDivision          *d,
                         sqlite3_stmt        *insert,
                         guint                seq,
                         const GEOSGeometry  *polygon_m,
                         const char          *valid_from,
                         const char          *given_name,
                         const char          *worker_name,
                         const char          *worker_phone)
{
  GEOSContextHandle_t ctx = d->geos;
  g_auto(GmGeos) polygon = { ctx, NULL };
  g_auto(GmGeos) label = { ctx, NULL };
  g_autofree char *code = g_strdup_printf ("%s%03u", d->community_code, seq);
  /* Translators: the default name of a grid, by its sequence number */
  g_autofree char *name = given_name != NULL ? g_strdup (given_name) : g_strdup_printf (_("Grid %u"), seq);

  polygon.geom = gm_local_projection_geos (d->projection, ctx, polygon_m, TRUE);
  if (polygon.geom == NULL)
    return FALSE;
  label.geom = GEOSPointOnSurface_r (ctx, polygon.geom);
  sqlite3_bind_text (insert, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 3, d->community_id);
  gm_bind_text_or_null (insert, 4, worker_name);
  gm_bind_text_or_null (insert, 5, worker_phone);
  sqlite3_bind_text (insert, 6, valid_from, -1, SQLITE_TRANSIENT);
  if (!gm_geos_bind_blob (insert, 7, ctx, polygon.geom, GAIA_MULTIPOLYGON)
      || label.geom == NULL || !gm_geos_bind_blob (insert, 8, ctx, label.geom, GAIA_POINT))
    return FALSE;
  return sqlite3_step (insert) == SQLITE_DONE && sqlite3_reset (insert) == SQLITE_OK;
}

/**
 * gm_division_apply:
 * @division: a division with parts assigned
 * @store: the project, in a transaction of the caller's
 * @valid_from: ISO date the new grids start
 * @names: (nullable): one per grid, in code order; default "Grid N"
 * @worker_names: (nullable): one per grid, in code order
 * @worker_phones: (nullable): one per grid, in code order
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
gm_division_apply (GmDivision          *division,
                   GmStore             *store,
                   const char          *valid_from,
                   const char * const  *names,
                   const char * const  *worker_names,
                   const char * const  *worker_phones,
                   GError             **error)
{
  GmDivision *d = division;
  g_autoptr(sqlite3_stmt) close = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree guint *order = NULL;
  GEOSGeometry **cells;
  GEOSGeometry **polygons;
  gboolean ok;

  g_return_val_if_fail (d != NULL && d->parts > 0, FALSE);

  cells = gm_division_cells (d, error);
  if (cells == NULL)
    return FALSE;
  polygons = gm_division_polygons (d, cells, error);
  gm_division_free_geometries (d, cells, d->n);
  if (polygons == NULL)
    return FALSE;
  order = gm_division_code_order (d, polygons);

  close = gm_store_prepare (store, "UPDATE grid SET valid_to = ?2 WHERE community_id = ?1 AND valid_to IS NULL", error);
  insert = gm_store_prepare (store,
                             "INSERT INTO grid (code, name, community_id, worker_name, worker_phone,"
                             " valid_from, boundary, label_point) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  ok = close != NULL && insert != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (close, 1, d->community_id);
      sqlite3_bind_text (close, 2, valid_from, -1, SQLITE_STATIC);
      ok = sqlite3_step (close) == SQLITE_DONE;
    }
  for (guint seq = 0; ok && seq < d->parts; seq++)
    {
      guint p = order[seq];

      ok = polygons[p] != NULL
           && gm_division_insert_grid (d, insert, seq + 1, polygons[p], valid_from,
                                       names != NULL ? names[seq] : NULL,
                                       worker_names != NULL ? worker_names[seq] : NULL,
                                       worker_phones != NULL ? worker_phones[seq] : NULL);
    }
  gm_division_free_geometries (d, polygons, d->parts);

  if (!ok)
    {
      if (error != NULL && *error == NULL)
        gm_store_set_error (store, error, _("Writing the grids"));
      return FALSE;
    }
  return gm_store_color_grids (store, error)
         && gm_store_assign_buildings_to_grids (store, 0, error);
}
