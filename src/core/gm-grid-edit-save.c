/* gm-grid-edit-save.c — writing an edited division to the project.
 *
 * One transaction: grids whose polygon changed, and grids merged away, are
 * closed (valid_to); changed grids reopen as new rows with the same code,
 * name, worker and kind; drawn grids open with their new code; buildings
 * point at the rows of their grids; the audit trail gets a row per grid
 * closed or opened, per building that changed grid, and one for the edit.
 * History is never deleted. Unchanged grids keep their rows.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-grid-edit-private.h"
#include "gm-spatialite.h"
#include "gm-store-private.h"

/* Whether the grid must be written: a new grid, a removed one, or one
 * whose polygon is not the same place as it was. */
static gboolean
gm_grid_edit_grid_changed (GmGridEdit *self,
                           GmEditGrid *g)
{
  if (g->loaded == NULL)
    return g->geom != NULL;
  if (g->geom == NULL)
    return TRUE;
  return GEOSEqualsExact_r (self->ctx, g->loaded, g->geom, 0) != 1
         && GEOSEquals_r (self->ctx, g->loaded, g->geom) != 1;
}

/* The polygon in EPSG:4326, as a MultiPolygon like the grid column. */
static GEOSGeometry *
gm_grid_edit_polygon_to_store (GmGridEdit   *self,
                               GmEditGrid   *g)
{
  GEOSGeometry *lonlat = gm_grid_edit_geom_to_lonlat (self, g->geom);
  GEOSGeometry *parts[1];

  if (lonlat == NULL || GEOSGeomTypeId_r (self->ctx, lonlat) != GEOS_POLYGON)
    return lonlat;
  parts[0] = lonlat;
  return GEOSGeom_createCollection_r (self->ctx, GEOS_MULTIPOLYGON, parts, 1);
}

static gint64
gm_grid_edit_insert_grid (GmGridEdit    *self,
                          GmStore       *store,
                          sqlite3_stmt  *insert,
                          GmEditGrid    *g,
                          const char    *date,
                          GError       **error)
{
  g_auto(GmGeos) polygon = { self->ctx, gm_grid_edit_polygon_to_store (self, g) };
  g_auto(GmGeos) label = { self->ctx, NULL };

  if (polygon.geom != NULL)
    label.geom = GEOSPointOnSurface_r (self->ctx, polygon.geom);
  sqlite3_reset (insert);
  sqlite3_bind_text (insert, 1, g->code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (insert, 2, g->name != NULL ? g->name : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (insert, 3, self->community_id);
  gm_bind_text_or_null (insert, 4, g->worker_name);
  gm_bind_text_or_null (insert, 5, g->worker_phone);
  sqlite3_bind_text (insert, 6, g->kind != NULL ? g->kind : "basic", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (insert, 7, g->color);
  sqlite3_bind_text (insert, 8, date, -1, SQLITE_TRANSIENT);
  if (polygon.geom == NULL || label.geom == NULL
      || !gm_geos_bind_blob (insert, 9, self->ctx, polygon.geom, GAIA_MULTIPOLYGON)
      || !gm_geos_bind_blob (insert, 10, self->ctx, label.geom, GAIA_POINT))
    {
      gm_grid_edit_set_error_geos (self, error, _("Writing the grids"));
      return 0;
    }
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Writing the grids"));
      return 0;
    }
  return sqlite3_last_insert_rowid (gm_store_get_db (store));
}

static gboolean
gm_grid_edit_close_grid (GmGridEdit    *self,
                         GmStore       *store,
                         sqlite3_stmt  *close,
                         GmEditGrid    *g,
                         const char    *date,
                         GError       **error)
{
  sqlite3_reset (close);
  sqlite3_bind_text (close, 1, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (close, 2, g->id);
  if (sqlite3_step (close) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Closing the old grids"));
      return FALSE;
    }
  return gm_store_audit (store, "close grid", "grid", g->id, g->code, NULL, error);
}

/* Writes the grids; @rows gets each grid's row afterwards (0: none). */
static gboolean
gm_grid_edit_save_grids (GmGridEdit  *self,
                         GmStore     *store,
                         const char  *date,
                         gint64      *rows,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) close = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;

  close = gm_store_prepare (store, "UPDATE grid SET valid_to = ?1 WHERE id = ?2 AND valid_to IS NULL", error);
  insert = gm_store_prepare (store,
                             "INSERT INTO grid (code, name, community_id, worker_name, worker_phone,"
                             " kind, color, valid_from, boundary, label_point)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (close == NULL || insert == NULL)
    return FALSE;

  /* Close everything first: a reopened grid takes the code of the row it
   * replaces, and only one current grid may hold a code. */
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      rows[i] = g->geom != NULL ? g->id : 0;
      if (g->id > 0 && gm_grid_edit_grid_changed (self, g)
          && !gm_grid_edit_close_grid (self, store, close, g, date, error))
        return FALSE;
    }
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      if (g->geom == NULL || !gm_grid_edit_grid_changed (self, g))
        continue;
      if ((rows[i] = gm_grid_edit_insert_grid (self, store, insert, g, date, error)) == 0
          || !gm_store_audit (store, "open grid", "grid", rows[i], NULL, g->code, error))
        return FALSE;
    }
  return TRUE;
}

/* The code of the session's grid stored as row @id, NULL for another. */
static const char *
gm_grid_edit_code_of_row (GmGridEdit *self,
                          gint64      id)
{
  for (guint i = 0; id > 0 && i < self->grids->len; i++)
    if (gm_grid_edit_grid (self, i)->id == id)
      return gm_grid_edit_grid (self, i)->code;
  return NULL;
}

static gboolean
gm_grid_edit_save_buildings (GmGridEdit    *self,
                             GmStore       *store,
                             const gint64  *rows,
                             GError       **error)
{
  g_autoptr(sqlite3_stmt) update = gm_store_prepare (store, "UPDATE building SET grid_id = ?1 WHERE id = ?2", error);

  if (update == NULL)
    return FALSE;
  for (guint i = 0; i < self->buildings->len; i++)
    {
      GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, i);
      gint64 row = b->grid >= 0 ? rows[b->grid] : 0;
      const char *old_code = gm_grid_edit_code_of_row (self, b->stored_grid_id);
      const char *new_code = b->grid >= 0 ? gm_grid_edit_grid (self, b->grid)->code : NULL;

      if (row == b->stored_grid_id)
        continue;
      sqlite3_reset (update);
      if (row > 0)
        sqlite3_bind_int64 (update, 1, row);
      else
        sqlite3_bind_null (update, 1);
      sqlite3_bind_int64 (update, 2, b->id);
      if (sqlite3_step (update) != SQLITE_DONE)
        {
          gm_store_set_error (store, error, _("Moving buildings to their grids"));
          return FALSE;
        }
      /* A new row for the same grid is not a move; a new grid is. */
      if (g_strcmp0 (old_code, new_code) != 0
          && !gm_store_audit (store, "reassign building", "building", b->id, old_code, new_code, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
gm_grid_edit_audit_summary (GmGridEdit  *self,
                            GmStore     *store,
                            GError     **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_before = 0, n_after = 0;

  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      n_before += g->loaded != NULL;
      n_after += g->geom != NULL;
    }
  before = g_strdup_printf ("%s: %u grids", self->community_code, n_before);
  after = g_strdup_printf ("%s: %u grids, %u steps", self->community_code, n_after, self->undo->len);
  return gm_store_audit (store, "edit grids", "community", self->community_id, before, after, error);
}

gboolean
gm_grid_edit_save (GmGridEdit  *self,
                   GmStore     *store,
                   const char  *date,
                   GError     **error)
{
  g_autofree char *today = NULL;
  g_autofree gint64 *rows = NULL;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (!self->saved, FALSE);

  if (date == NULL)
    date = today = gm_today_iso ();
  rows = g_new0 (gint64, MAX (self->grids->len, 1));
  if (!gm_store_begin (store, error))
    return FALSE;
  if (!gm_grid_edit_save_grids (self, store, date, rows, error)
      || !gm_grid_edit_save_buildings (self, store, rows, error)
      || !gm_grid_edit_audit_summary (self, store, error)
      || !gm_store_color_grids (store, error)
      || !gm_store_commit (store, error))
    {
      gm_store_rollback (store);
      return FALSE;
    }
  self->saved = TRUE;
  return TRUE;
}
