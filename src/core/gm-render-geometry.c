/* gm-render-geometry.c — geometry to cairo paths, and the view's queries.
 *
 * Geometry is read as SpatiaLite blobs through each layer's R*Tree for the
 * view's extent only, and projected to Web Mercator pixels here.
 */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-render-private.h"

/* ---- geometry to paths ------------------------------------------------------------ */

void
gm_projection_init (GmProjection *p,
                    const GmView *view)
{
  p->world = 256.0 * exp2 (view->zoom);
  p->ox = view->origin_x;
  p->oy = view->origin_y;
}

/* Adds a run of coordinates to the path, dropping vertices closer than a
 * third of a pixel to the last one kept: invisible, and costly at low zoom.
 * A line that starts where the path's last one ended continues it: streets
 * come as a way per block, and a district's worth of separate little lines,
 * each with its own caps, is what costs cairo a tile's time from afar. */
static void
gm_path_coords (cairo_t            *cr,
                const GmProjection *p,
                const double       *coords,
                int                 n,
                gboolean            close)
{
  double lx = 0, ly = 0;

  for (int i = 0; i < n; i++)
    {
      double x, y;

      gm_project (p, coords[2 * i], coords[2 * i + 1], &x, &y);
      if (i == 0 && !close && cairo_has_current_point (cr))
        {
          cairo_get_current_point (cr, &lx, &ly);
          if (fabs (x - lx) + fabs (y - ly) <= 0.33)
            continue;
          cairo_move_to (cr, x, y);
        }
      else if (i == 0)
        cairo_move_to (cr, x, y);
      else if (i == n - 1 || fabs (x - lx) + fabs (y - ly) > 0.33)
        cairo_line_to (cr, x, y);
      else
        continue;
      lx = x;
      ly = y;
    }
  if (close)
    cairo_close_path (cr);
}

void
gm_path_geometry (cairo_t            *cr,
                  const GmProjection *p,
                  gaiaGeomCollPtr     geom)
{
  for (gaiaPolygonPtr pg = geom->FirstPolygon; pg != NULL; pg = pg->Next)
    {
      gm_path_coords (cr, p, pg->Exterior->Coords, pg->Exterior->Points, TRUE);
      for (int i = 0; i < pg->NumInteriors; i++)
        gm_path_coords (cr, p, pg->Interiors[i].Coords, pg->Interiors[i].Points, TRUE);
    }
  for (gaiaLinestringPtr ln = geom->FirstLinestring; ln != NULL; ln = ln->Next)
    gm_path_coords (cr, p, ln->Coords, ln->Points, FALSE);
}

/* ---- queries ------------------------------------------------------------------------ */

sqlite3_stmt *
gm_draw_query (GmDrawContext  *ctx,
               const char     *sql,
               double          margin_px,
               GError        **error)
{
  const GmView *v = ctx->view;
  double w = v->width / v->scale;
  double h = v->height / v->scale;
  sqlite3_stmt *stmt = gm_store_prepare (ctx->store, sql, error);

  if (stmt == NULL)
    return NULL;
  double min_lat = gm_mercator_lat (v->zoom, v->origin_y + h + margin_px);
  double max_lat = gm_mercator_lat (v->zoom, v->origin_y - margin_px);

  sqlite3_bind_double (stmt, 1, gm_mercator_lon (v->zoom, v->origin_x - margin_px));
  sqlite3_bind_double (stmt, 2, gm_mercator_lon (v->zoom, v->origin_x + w + margin_px));
  sqlite3_bind_double (stmt, 3, min_lat);
  sqlite3_bind_double (stmt, 4, max_lat);
  /* One pixel in degrees, for queries that leave out what is too small to
   * see (IN_VIEW_VISIBLE). */
  sqlite3_bind_double (stmt, 11, 360.0 / (256.0 * exp2 (v->zoom)));
  sqlite3_bind_double (stmt, 12, (max_lat - min_lat) / (h + 2 * margin_px));
  return stmt;
}

gaiaGeomCollPtr
gm_column_geometry (sqlite3_stmt *stmt,
                    int           column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_BLOB)
    return NULL;
  return gaiaFromSpatiaLiteBlobWkb (sqlite3_column_blob (stmt, column),
                                    sqlite3_column_bytes (stmt, column));
}

gboolean
gm_draw_finish_query (GmDrawContext  *ctx,
                      sqlite3_stmt   *stmt,
                      int             rc,
                      GError        **error)
{
  sqlite3_finalize (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  g_set_error (error, GM_RENDER_ERROR, GM_RENDER_ERROR_FAILED,
               _("Drawing the map failed: %s"), sqlite3_errstr (rc));
  return FALSE;
}

/* Drawing a bucket is one fill or stroke: per feature, a district's
 * thousands of fills and strokes each cost cairo its set-up. */
gboolean
gm_read_paths (GmDrawContext  *ctx,
               sqlite3_stmt   *stmt,
               guint           n_buckets,
               GmBucketFunc    bucket,
               gpointer        data,
               cairo_path_t  **paths,
               GError        **error)
{
  g_autofree GPtrArray **geoms = g_new (GPtrArray *, n_buckets);
  cairo_t *cr = ctx->cr;
  GmProjection p;
  int rc;

  for (guint k = 0; k < n_buckets; k++)
    geoms[k] = g_ptr_array_new_with_free_func ((GDestroyNotify) gaiaFreeGeomColl);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int k = bucket (stmt, data);
      gaiaGeomCollPtr geom;

      if (k >= 0 && (geom = gm_column_geometry (stmt, 0)) != NULL)
        g_ptr_array_add (geoms[k], geom);
    }
  gm_projection_init (&p, ctx->view);
  for (guint k = 0; k < n_buckets; k++)
    {
      cairo_new_path (cr);
      for (guint i = 0; i < geoms[k]->len; i++)
        gm_path_geometry (cr, &p, g_ptr_array_index (geoms[k], i));
      paths[k] = cairo_copy_path (cr);
      g_ptr_array_unref (geoms[k]);
    }
  cairo_new_path (cr);
  return gm_draw_finish_query (ctx, stmt, rc, error);
}

void
gm_free_paths (cairo_path_t **paths,
               guint          n)
{
  for (guint k = 0; k < n; k++)
    g_clear_pointer (&paths[k], cairo_path_destroy);
}
