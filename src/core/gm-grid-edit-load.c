/* gm-grid-edit-load.c — reading one community for an edit session: its
 * boundary, current grids, buildings with their households, residents and
 * open hazards, the open hazards not at a building, and nearby roads. */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gm-grid-edit-private.h"
#include "gm-store-private.h"

#define OPEN_STATUS "('discovered', 'notified')"

/* The buildings of the session: anchor inside the community, or in one of
 * its current grids. ?1 is the community id. */
#define EDIT_BUILDINGS \
  "SELECT b.id FROM building b, community c" \
  " WHERE c.id = ?1 AND b.anchor IS NOT NULL AND (" \
  "   (b.id IN (SELECT pkid FROM idx_building_footprint" \
  "      WHERE xmin <= MbrMaxX(c.boundary) AND xmax >= MbrMinX(c.boundary)" \
  "        AND ymin <= MbrMaxY(c.boundary) AND ymax >= MbrMinY(c.boundary))" \
  "    AND ST_Contains(c.boundary, b.anchor))" \
  "   OR b.grid_id IN (SELECT id FROM grid WHERE community_id = ?1 AND valid_to IS NULL))"

static gboolean
gm_grid_edit_load_community (GmGridEdit  *self,
                             GmStore     *store,
                             const char  *code,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_auto(GmGeos) boundary = { self->ctx, NULL };

  stmt = gm_store_prepare (store,
                           "SELECT id, code, name, boundary, X(ST_Centroid(boundary)),"
                           "       Y(ST_Centroid(boundary)), MbrMinX(boundary), MbrMinY(boundary),"
                           "       MbrMaxX(boundary), MbrMaxY(boundary)"
                           " FROM community WHERE code = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                   _("The project has no community with code “%s”"), code);
      return FALSE;
    }
  self->community_id = sqlite3_column_int64 (stmt, 0);
  self->community_code = gm_column_dup (stmt, 1);
  self->community_name = gm_column_dup (stmt, 2);
  boundary.geom = gm_geos_from_column (stmt, 3, self->ctx);
  if (boundary.geom == NULL || GEOSisEmpty_r (self->ctx, boundary.geom) == 1)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Community “%s” has no boundary"), code);
      return FALSE;
    }
  self->extent = (GmExtent) { sqlite3_column_double (stmt, 6), sqlite3_column_double (stmt, 7),
                              sqlite3_column_double (stmt, 8), sqlite3_column_double (stmt, 9) };
  gm_grid_edit_set_frame (self, sqlite3_column_double (stmt, 4), sqlite3_column_double (stmt, 5));
  self->community = gm_grid_edit_geom_to_metres (self, boundary.geom, TRUE);
  if (self->community == NULL)
    {
      gm_grid_edit_set_error_geos (self, error, _("Reading the community boundary"));
      return FALSE;
    }
  self->community_outline = GEOSBoundary_r (self->ctx, self->community);
  self->community_prepared = GEOSPrepare_r (self->ctx, self->community);
  self->community_corners = GEOSGeom_extractUniquePoints_r (self->ctx, self->community);
  if (self->community_outline != NULL)
    self->community_band = GEOSBuffer_r (self->ctx, self->community_outline, GM_EDIT_BOUNDARY_EPS, 2);
  return self->community_outline != NULL && self->community_prepared != NULL
         && self->community_band != NULL && self->community_corners != NULL;
}

/* The sequence number of a standard grid code of this community, 0 when
 * the code is not one. */
static guint
gm_grid_edit_code_seq (GmGridEdit *self,
                       const char *code)
{
  gsize n = strlen (self->community_code);
  char *end = NULL;
  guint64 seq;

  if (code == NULL || !g_str_has_prefix (code, self->community_code) || code[n] == '\0')
    return 0;
  seq = g_ascii_strtoull (code + n, &end, 10);
  if (*end != '\0' || seq > G_MAXUINT)
    return 0;
  return (guint) seq;
}

static void
gm_grid_edit_read_grid_row (GmGridEdit   *self,
                            sqlite3_stmt *stmt,
                            GEOSGeometry *geom)
{
  guint index;
  GmEditGrid *g = gm_grid_edit_add_grid (self, &index);

  g->id = sqlite3_column_int64 (stmt, 0);
  g->code = gm_column_dup (stmt, 1);
  g->name = gm_column_dup (stmt, 2);
  g->worker_name = gm_column_dup (stmt, 3);
  g->worker_phone = gm_column_dup (stmt, 4);
  g->kind = gm_column_dup (stmt, 5);
  g->color = sqlite3_column_int (stmt, 6);
  g->geom = geom;
  g->loaded = GEOSGeom_clone_r (self->ctx, geom);
}

static gboolean
gm_grid_edit_load_grids (GmGridEdit  *self,
                         GmStore     *store,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* Every code the community ever had, so a new grid never takes the code
   * of one in its history. */
  stmt = gm_store_prepare (store, "SELECT code FROM grid WHERE community_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->community_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    self->max_code_seq = MAX (self->max_code_seq,
                              gm_grid_edit_code_seq (self, (const char *) sqlite3_column_text (stmt, 0)));
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = gm_store_prepare (store,
                           "SELECT id, code, name, worker_name, worker_phone, kind, color, boundary"
                           " FROM grid WHERE community_id = ? AND valid_to IS NULL ORDER BY code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->community_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GmGeos) lonlat = { self->ctx, gm_geos_from_column (stmt, 7, self->ctx) };
      GEOSGeometry *metres;

      /* A grid without a polygon cannot be edited, and is left as it is. */
      if (lonlat.geom == NULL || GEOSisEmpty_r (self->ctx, lonlat.geom) == 1)
        continue;
      metres = gm_grid_edit_geom_to_metres (self, lonlat.geom, TRUE);
      if (metres == NULL)
        {
          gm_grid_edit_set_error_geos (self, error, _("Reading the grids"));
          return FALSE;
        }
      gm_grid_edit_read_grid_row (self, stmt, metres);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the grids"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
gm_grid_edit_load_buildings (GmGridEdit  *self,
                             GmStore     *store,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gm_store_prepare (store,
                           "SELECT b.id, X(b.anchor), Y(b.anchor), b.households, b.grid_id,"
                           "       coalesce(nullif(b.address, ''), nullif(b.name, ''), nullif(b.code, ''))"
                           " FROM building b WHERE b.id IN (" EDIT_BUILDINGS ") ORDER BY b.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->community_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmEditBuilding b = { 0, };

      b.id = sqlite3_column_int64 (stmt, 0);
      b.x = sqlite3_column_double (stmt, 1);
      b.y = sqlite3_column_double (stmt, 2);
      b.households = MAX (sqlite3_column_int (stmt, 3), 0);
      b.stored_grid_id = sqlite3_column_int64 (stmt, 4);
      b.label = gm_column_dup (stmt, 5);
      b.grid = -1;
      gm_grid_edit_to_metres (self, b.x, b.y, &b.x, &b.y);
      g_array_append_val (self->buildings, b);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the buildings"));
      return FALSE;
    }
  for (guint i = 0; i < self->buildings->len; i++)
    g_hash_table_insert (self->building_index,
                         &g_array_index (self->buildings, GmEditBuilding, i).id,
                         GUINT_TO_POINTER (i + 1));
  return TRUE;
}

/* Adds per-building counts: column 0 the building, column 1 the count,
 * into the field at @offset of GmEditBuilding. */
static gboolean
gm_grid_edit_load_counts (GmGridEdit  *self,
                          GmStore     *store,
                          const char  *sql,
                          gsize        offset,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->building_index, &id));
      GmEditBuilding *b;

      if (index == 0)
        continue;
      b = &g_array_index (self->buildings, GmEditBuilding, index - 1);
      G_STRUCT_MEMBER (int, b, offset) = sqlite3_column_int (stmt, 1);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Counting residents and hazards"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
gm_grid_edit_load_hazards (GmGridEdit  *self,
                           GmStore     *store,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gm_store_prepare (store,
                           "SELECT X(h.location), Y(h.location) FROM hazard h, community c"
                           " WHERE c.id = ?1 AND h.building_id IS NULL AND h.status IN " OPEN_STATUS
                           "   AND h.location IS NOT NULL"
                           "   AND h.id IN (SELECT pkid FROM idx_hazard_location"
                           "     WHERE xmin <= MbrMaxX(c.boundary) AND xmax >= MbrMinX(c.boundary)"
                           "       AND ymin <= MbrMaxY(c.boundary) AND ymax >= MbrMinY(c.boundary))"
                           " ORDER BY h.id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->community_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmEditHazard h = { sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1), -1 };

      gm_grid_edit_to_metres (self, h.x, h.y, &h.x, &h.y);
      g_array_append_val (self->hazards, h);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the hazards"));
      return FALSE;
    }
  return TRUE;
}

/* Roads within 200 m of the community, for snapping. */
static gboolean
gm_grid_edit_load_roads (GmGridEdit  *self,
                         GmStore     *store,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double margin = 0.002;
  int rc;

  stmt = gm_store_prepare (store,
                           "SELECT geom FROM road WHERE id IN (SELECT pkid FROM idx_road_geom"
                           " WHERE xmin <= ?3 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?2)"
                           " ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, self->extent.min_lon - margin);
  sqlite3_bind_double (stmt, 2, self->extent.min_lat - margin);
  sqlite3_bind_double (stmt, 3, self->extent.max_lon + margin);
  sqlite3_bind_double (stmt, 4, self->extent.max_lat + margin);
  self->roads = g_ptr_array_new ();
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GmGeos) lonlat = { self->ctx, gm_geos_from_column (stmt, 0, self->ctx) };
      GEOSGeometry *metres;

      if (lonlat.geom == NULL)
        continue;
      if ((metres = gm_grid_edit_geom_to_metres (self, lonlat.geom, FALSE)) != NULL)
        g_ptr_array_add (self->roads, metres);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the roads"));
      return FALSE;
    }
  return TRUE;
}

/* Point trees of the buildings and hazards, which never move. */
static void
gm_grid_edit_index_points (GmGridEdit *self)
{
  self->building_tree = GEOSSTRtree_create_r (self->ctx, 10);
  self->building_points = g_ptr_array_new ();
  for (guint i = 0; i < self->buildings->len; i++)
    {
      GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, i);
      GEOSGeometry *pt = GEOSGeom_createPointFromXY_r (self->ctx, b->x, b->y);

      g_ptr_array_add (self->building_points, pt);
      GEOSSTRtree_insert_r (self->ctx, self->building_tree, pt, GUINT_TO_POINTER (i + 1));
    }
  self->hazard_tree = GEOSSTRtree_create_r (self->ctx, 10);
  self->hazard_points = g_ptr_array_new ();
  for (guint i = 0; i < self->hazards->len; i++)
    {
      GmEditHazard *h = &g_array_index (self->hazards, GmEditHazard, i);
      GEOSGeometry *pt = GEOSGeom_createPointFromXY_r (self->ctx, h->x, h->y);

      g_ptr_array_add (self->hazard_points, pt);
      GEOSSTRtree_insert_r (self->ctx, self->hazard_tree, pt, GUINT_TO_POINTER (i + 1));
    }
}

/* The session's buildings, in a temporary table, so the counts that follow
 * need not run the spatial tests again. */
static gboolean
gm_grid_edit_fill_ids (GmGridEdit  *self,
                       GmStore     *store,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  if (!gm_store_exec (store, "CREATE TEMP TABLE IF NOT EXISTS gm_edit_building (id INTEGER PRIMARY KEY);"
                      "DELETE FROM temp.gm_edit_building;", error))
    return FALSE;
  insert = gm_store_prepare (store, "INSERT INTO temp.gm_edit_building (id) VALUES (?)", error);
  if (insert == NULL)
    return FALSE;
  for (guint i = 0; i < self->buildings->len; i++)
    {
      sqlite3_bind_int64 (insert, 1, g_array_index (self->buildings, GmEditBuilding, i).id);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          gm_store_set_error (store, error, _("Reading the buildings"));
          return FALSE;
        }
      sqlite3_reset (insert);
    }
  return TRUE;
}

gboolean
gm_grid_edit_load (GmGridEdit  *self,
                   GmStore     *store,
                   const char  *community_code,
                   GError     **error)
{
  static const char residents_sql[] =
    "SELECT r.building_id, count(*) FROM temp.gm_edit_building e JOIN resident r ON r.building_id = e.id"
    " WHERE r.moved_out IS NULL GROUP BY r.building_id";
  static const char hazards_sql[] =
    "SELECT h.building_id, count(*) FROM temp.gm_edit_building e JOIN hazard h ON h.building_id = e.id"
    " WHERE h.status IN " OPEN_STATUS " GROUP BY h.building_id";
  gboolean ok;

  if (!gm_grid_edit_load_community (self, store, community_code, error)
      || !gm_grid_edit_load_grids (self, store, error)
      || !gm_grid_edit_load_buildings (self, store, error)
      || !gm_grid_edit_fill_ids (self, store, error))
    return FALSE;
  ok = gm_grid_edit_load_counts (self, store, residents_sql, G_STRUCT_OFFSET (GmEditBuilding, residents), error)
       && gm_grid_edit_load_counts (self, store, hazards_sql, G_STRUCT_OFFSET (GmEditBuilding, open_hazards), error);
  gm_store_exec (store, "DROP TABLE IF EXISTS temp.gm_edit_building", NULL);
  if (!ok || !gm_grid_edit_load_hazards (self, store, error) || !gm_grid_edit_load_roads (self, store, error))
    return FALSE;
  gm_grid_edit_index_points (self);
  return TRUE;
}

/**
 * gm_grid_edit_dup_community_code:
 * @store: the project
 * @lon: longitude of a place, such as the middle of the map
 * @lat: latitude
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the community at the place, else
 *   the first one with current grids, else the first one
 */
char *
gm_grid_edit_dup_community_code (GmStore  *store,
                                 double    lon,
                                 double    lat,
                                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store,
                           "SELECT code, 0 AS rank FROM community"
                           " WHERE id IN (SELECT pkid FROM idx_community_boundary"
                           "   WHERE xmin <= ?1 AND xmax >= ?1 AND ymin <= ?2 AND ymax >= ?2)"
                           "   AND ST_Contains(boundary, MakePoint(?1, ?2, 4326))"
                           " UNION ALL SELECT c.code, 1 FROM community c"
                           "   WHERE EXISTS (SELECT 1 FROM grid g WHERE g.community_id = c.id AND g.valid_to IS NULL)"
                           " UNION ALL SELECT code, 2 FROM community"
                           " ORDER BY rank, code LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_double (stmt, 1, lon);
  sqlite3_bind_double (stmt, 2, lat);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return gm_column_dup (stmt, 0);
  if (rc != SQLITE_DONE)
    gm_store_set_error (store, error, _("Finding the community"));
  return NULL;
}
