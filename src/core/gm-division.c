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
  g_clear_pointer (&division->projection, gm_local_projection_free);
  g_clear_pointer (&division->geos, GEOS_finish_r);
  g_free (division->building);
  g_free (division->x);
  g_free (division->y);
  g_free (division->weight);
  g_free (division->part);
  g_free (division);
}

static gboolean
gm_division_load_community (GmDivision  *d,
                            GmStore     *store,
                            GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GmGeos) boundary = { d->geos, NULL };
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
  d->boundary = gm_local_projection_geos (d->projection, d->geos, boundary.geom, FALSE);
  return d->boundary != NULL;
}

GmDivision *
gm_division_load (GmStore     *store,
                  const char  *community_code,
                  GError     **error)
{
  g_autoptr(GmDivision) d = g_new0 (GmDivision, 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ws = g_array_new (FALSE, FALSE, sizeof (double));

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (community_code != NULL, NULL);

  d->geos = GEOS_init_r ();
  d->community_code = g_strdup (community_code);
  if (!gm_division_load_community (d, store, error))
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

/* ---- polygons ------------------------------------------------------------------- */

typedef struct
{
  GEOSContextHandle_t  ctx;
  const GEOSGeometry  *cell;
  const GmDivision    *division;
  int                  part;
} GmCellMatch;

static void
gm_match_cell (void *item,
               void *user_data)
{
  GmCellMatch *m = user_data;
  guint i = GPOINTER_TO_UINT (item) - 1;
  g_auto(GmGeos) point = { m->ctx, NULL };

  if (m->part >= 0)
    return;
  point.geom = GEOSGeom_createPointFromXY_r (m->ctx, m->division->x[i], m->division->y[i]);
  if (GEOSIntersects_r (m->ctx, m->cell, point.geom) == 1)
    m->part = (int) m->division->part[i];
}

/* Sorts the Voronoi cells of the buildings into per-part lists. The cells
 * come back in no particular order, so each is matched to the building it
 * holds through an STRtree of the anchors. */
static GPtrArray **
gm_division_cells_by_part (GmDivision          *d,
                           const GEOSGeometry  *cells)
{
  GEOSContextHandle_t ctx = d->geos;
  GPtrArray **by_part = g_new0 (GPtrArray *, d->parts);
  GEOSSTRtree *tree = GEOSSTRtree_create_r (ctx, 10);
  g_autoptr(GPtrArray) points = g_ptr_array_new ();

  for (guint p = 0; p < d->parts; p++)
    by_part[p] = g_ptr_array_new ();
  for (guint i = 0; i < d->n; i++)
    {
      GEOSGeometry *pt = GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]);

      g_ptr_array_add (points, pt);
      GEOSSTRtree_insert_r (ctx, tree, pt, GUINT_TO_POINTER (i + 1));
    }

  for (int c = 0; c < GEOSGetNumGeometries_r (ctx, cells); c++)
    {
      GmCellMatch m = { ctx, GEOSGetGeometryN_r (ctx, cells, c), d, -1 };

      GEOSSTRtree_query_r (ctx, tree, m.cell, gm_match_cell, &m);
      if (m.part >= 0)
        g_ptr_array_add (by_part[m.part], (gpointer) m.cell);
    }

  GEOSSTRtree_destroy_r (ctx, tree);
  for (guint i = 0; i < points->len; i++)
    GEOSGeom_destroy_r (ctx, g_ptr_array_index (points, i));
  return by_part;
}

/* The grid polygon of each part, in metres: the union of its buildings'
 * cells, clipped to the community. */
static GEOSGeometry **
gm_division_polygons (GmDivision  *d,
                      GError     **error)
{
  GEOSContextHandle_t ctx = d->geos;
  g_auto(GmGeos) sites = { ctx, NULL };
  g_auto(GmGeos) cells = { ctx, NULL };
  GEOSGeometry **points = g_new (GEOSGeometry *, MAX (d->n, 1));
  GEOSGeometry **polygons = g_new0 (GEOSGeometry *, d->parts);
  GPtrArray **by_part;

  for (guint i = 0; i < d->n; i++)
    points[i] = GEOSGeom_createPointFromXY_r (ctx, d->x[i], d->y[i]);
  sites.geom = GEOSGeom_createCollection_r (ctx, GEOS_MULTIPOINT, points, d->n);
  g_free (points);
  cells.geom = GEOSVoronoiDiagram_r (ctx, sites.geom, d->boundary, 0.0, 0);
  if (cells.geom == NULL)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Cannot compute the areas around the buildings of community “%s”"),
                   d->community_code);
      g_free (polygons);
      return NULL;
    }

  by_part = gm_division_cells_by_part (d, cells.geom);
  for (guint p = 0; p < d->parts; p++)
    {
      g_auto(GmGeos) collection = { ctx, NULL };
      g_auto(GmGeos) merged = { ctx, NULL };
      GEOSGeometry **members = g_new (GEOSGeometry *, MAX (by_part[p]->len, 1));

      /* The collection takes ownership of its members: give it clones. */
      for (guint i = 0; i < by_part[p]->len; i++)
        members[i] = GEOSGeom_clone_r (ctx, g_ptr_array_index (by_part[p], i));
      collection.geom = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION,
                                                     members, by_part[p]->len);
      g_free (members);
      merged.geom = GEOSCoverageUnion_r (ctx, collection.geom);
      if (merged.geom != NULL)
        polygons[p] = GEOSIntersection_r (ctx, merged.geom, d->boundary);
      g_ptr_array_unref (by_part[p]);
    }
  g_free (by_part);
  return polygons;
}

/* ---- codes and writing ------------------------------------------------------------ */

typedef struct
{
  guint  part;
  double x, y;
} GmLabel;

static int
gm_label_north_first (gconstpointer a,
                      gconstpointer b)
{
  const GmLabel *la = a, *lb = b;

  return la->y > lb->y ? -1 : la->y < lb->y;
}

static int
gm_label_west_first (gconstpointer a,
                     gconstpointer b)
{
  const GmLabel *la = a, *lb = b;

  return la->x < lb->x ? -1 : la->x > lb->x;
}

/* Reading order: rows from north to south, each from west to east. The
 * number of rows follows the community's shape. */
static void
gm_division_code_order (GmLabel *labels,
                        guint    parts,
                        double   width,
                        double   height)
{
  guint rows = (guint) CLAMP (lround (sqrt (parts * height / MAX (width, 1.0))), 1, (long) parts);

  qsort (labels, parts, sizeof (GmLabel), gm_label_north_first);
  for (guint r = 0; r < rows; r++)
    {
      guint from = r * parts / rows;
      guint to = (r + 1) * parts / rows;

      qsort (labels + from, to - from, sizeof (GmLabel), gm_label_west_first);
    }
}

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
  g_autofree GmLabel *labels = NULL;
  g_autoptr(sqlite3_stmt) close = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  GEOSGeometry **polygons;
  double xmin, ymin, xmax, ymax;
  gboolean ok = TRUE;

  g_return_val_if_fail (d != NULL && d->parts > 0, FALSE);

  polygons = gm_division_polygons (d, error);
  if (polygons == NULL)
    return FALSE;

  labels = g_new0 (GmLabel, d->parts);
  for (guint p = 0; p < d->parts; p++)
    {
      g_auto(GmGeos) pt = { d->geos, polygons[p] != NULL ? GEOSPointOnSurface_r (d->geos, polygons[p]) : NULL };

      labels[p].part = p;
      if (pt.geom != NULL)
        {
          GEOSGeomGetX_r (d->geos, pt.geom, &labels[p].x);
          GEOSGeomGetY_r (d->geos, pt.geom, &labels[p].y);
        }
    }
  GEOSGeom_getXMin_r (d->geos, d->boundary, &xmin);
  GEOSGeom_getYMin_r (d->geos, d->boundary, &ymin);
  GEOSGeom_getXMax_r (d->geos, d->boundary, &xmax);
  GEOSGeom_getYMax_r (d->geos, d->boundary, &ymax);
  gm_division_code_order (labels, d->parts, xmax - xmin, ymax - ymin);

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
      guint p = labels[seq].part;

      ok = polygons[p] != NULL
           && gm_division_insert_grid (d, insert, seq + 1, polygons[p], valid_from,
                                       names != NULL ? names[seq] : NULL,
                                       worker_names != NULL ? worker_names[seq] : NULL,
                                       worker_phones != NULL ? worker_phones[seq] : NULL);
    }
  for (guint p = 0; p < d->parts; p++)
    if (polygons[p] != NULL)
      GEOSGeom_destroy_r (d->geos, polygons[p]);
  g_free (polygons);

  if (!ok)
    {
      if (error != NULL && *error == NULL)
        gm_store_set_error (store, error, _("Writing the grids"));
      return FALSE;
    }
  return gm_store_color_grids (store, error)
         && gm_store_assign_buildings_to_grids (store, 0, error);
}
