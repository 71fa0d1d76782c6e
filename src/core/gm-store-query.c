/* gm-store-query.c — typed read queries: stats, lookups at a point, records.
 *
 * Every query that filters by place goes through the R*Tree index of the
 * geometry column (SpatiaLite's SpatialIndex virtual table or the idx_ table
 * directly) before any exact geometry test.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-store-private.h"

/* Hazards belong to the grid of their building, or, when they are not at a
 * building, to the current grid that contains their location. */
#define HAZARD_GRID_CTE \
  "WITH hg AS (" \
  "  SELECT h.id, h.status, h.deadline," \
  "         coalesce(b.grid_id," \
  "           (SELECT g.id FROM grid g WHERE g.valid_to IS NULL" \
  "              AND g.ROWID IN (SELECT ROWID FROM SpatialIndex" \
  "                              WHERE f_table_name = 'grid' AND f_geometry_column = 'boundary'" \
  "                                AND search_frame = h.location)" \
  "              AND ST_Contains(g.boundary, h.location) LIMIT 1)) AS grid_id" \
  "  FROM hazard h LEFT JOIN building b ON b.id = h.building_id)"

#define OPEN_STATUS "('discovered', 'notified')"

/* The union of the boxes in the root of @table's R*Tree (node 1: a 2-byte
 * depth, a 2-byte count, then per entry an 8-byte id and xmin, xmax, ymin,
 * ymax as big-endian 32-bit floats, as SQLite's rtree.c lays it out): the
 * extent of a million rows in microseconds, where min() and max() over
 * them take most of a second. FALSE when the node is not laid out so. */
static gboolean
gm_store_rtree_root_extent (GmStore    *self,
                            const char *index,
                            GmExtent   *inout)
{
  g_autofree char *sql = g_strdup_printf ("SELECT data FROM \"%s_node\" WHERE nodeno = 1", index);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (self, sql, NULL);
  const guint8 *data;
  int size, n;

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW
      || (data = sqlite3_column_blob (stmt, 0)) == NULL || (size = sqlite3_column_bytes (stmt, 0)) < 4)
    return FALSE;
  n = data[2] << 8 | data[3];
  if (4 + n * 24 > size)
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      float box[4];

      for (int k = 0; k < 4; k++)
        {
          guint32 be;

          memcpy (&be, data + 4 + i * 24 + 8 + 4 * k, 4);
          be = GUINT32_FROM_BE (be);
          memcpy (&box[k], &be, 4);
        }
      {
        GmExtent e = { box[0], box[2], box[1], box[3] };

        gm_extent_union (inout, &e, inout);
      }
    }
  return TRUE;
}

gboolean
gm_store_union_layer_extent (GmStore    *self,
                             const char *table,
                             const char *column,
                             GmExtent   *inout,
                             GError    **error)
{
  g_autofree char *index = g_strdup_printf ("idx_%s_%s", table, column);
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (gm_store_rtree_root_extent (self, index, inout))
    return TRUE;
  /* The R*Tree holds every row's box, so the extent needs no geometry parsing. */
  sql = g_strdup_printf ("SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM %s", index);
  stmt = gm_store_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gm_store_set_error (self, error, _("Reading the project extent"));
      return FALSE;
    }
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    {
      GmExtent e = {
        sqlite3_column_double (stmt, 0), sqlite3_column_double (stmt, 1),
        sqlite3_column_double (stmt, 2), sqlite3_column_double (stmt, 3),
      };
      gm_extent_union (inout, &e, inout);
    }
  return TRUE;
}

gboolean
gm_store_get_extent (GmStore   *self,
                     GmExtent  *out,
                     GError   **error)
{
  static const char * const layers[][2] = {
    { "community", "boundary" }, { "grid", "boundary" }, { "building", "footprint" },
    { "hazard", "location" }, { "road", "geom" }, { "landuse", "geom" }, { "water", "geom" },
  };
  GmExtent extent = GM_EXTENT_EMPTY;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    if (!gm_store_union_layer_extent (self, layers[i][0], layers[i][1], &extent, error))
      return FALSE;

  *out = extent;
  return !gm_extent_is_empty (&extent);
}

gboolean
gm_store_get_focus_extent (GmStore   *self,
                           GmExtent  *out,
                           GError   **error)
{
  GmExtent extent = GM_EXTENT_EMPTY;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (!gm_store_union_layer_extent (self, "community", "boundary", &extent, error)
      || !gm_store_union_layer_extent (self, "grid", "boundary", &extent, error))
    return FALSE;
  if (gm_extent_is_empty (&extent))
    return gm_store_get_extent (self, out, error);
  *out = extent;
  return TRUE;
}

static const char *
gm_as_of (const char *as_of,
          char      **storage)
{
  if (as_of != NULL)
    return as_of;
  *storage = gm_today_iso ();
  return *storage;
}

/* Fills grid summaries keyed by grid id. @only_grid limits to one grid; 0
 * means every current grid. */
static gboolean
gm_store_fill_grid_totals (GmStore    *self,
                           GHashTable *by_id,
                           gint64      only_grid,
                           const char *as_of,
                           GError    **error)
{
  static const char *queries[] = {
    "SELECT grid_id, count(*), coalesce(sum(households), 0), 0, 0 FROM building"
    " WHERE grid_id IS NOT NULL AND (?1 = 0 OR grid_id = ?1) GROUP BY grid_id",
    "SELECT b.grid_id, count(*), sum(r.registration = 'registered'),"
    "       sum(r.registration = 'floating'), 0"
    " FROM resident r JOIN building b ON b.id = r.building_id"
    " WHERE r.moved_out IS NULL AND b.grid_id IS NOT NULL AND (?1 = 0 OR b.grid_id = ?1)"
    " GROUP BY b.grid_id",
    HAZARD_GRID_CTE
    " SELECT grid_id, sum(status IN " OPEN_STATUS "),"
    "        sum(status IN " OPEN_STATUS " AND deadline IS NOT NULL AND deadline < ?2), 0, 0"
    " FROM hg WHERE grid_id IS NOT NULL AND (?1 = 0 OR grid_id = ?1) GROUP BY grid_id",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (self, queries[q], error);
      int rc;

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, only_grid);
      if (q == 2)
        sqlite3_bind_text (stmt, 2, as_of, -1, SQLITE_STATIC);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);
          GmGridSummary *s = g_hash_table_lookup (by_id, &id);

          if (s == NULL)
            continue;  /* a building still pointing at a closed grid */
          switch (q)
            {
            case 0:
              s->buildings = sqlite3_column_int (stmt, 1);
              s->households = sqlite3_column_int (stmt, 2);
              break;
            case 1:
              s->residents = sqlite3_column_int (stmt, 1);
              s->registered = sqlite3_column_int (stmt, 2);
              s->floating = sqlite3_column_int (stmt, 3);
              break;
            default:
              s->open_hazards = sqlite3_column_int (stmt, 1);
              s->overdue_hazards = sqlite3_column_int (stmt, 2);
              break;
            }
        }
      if (rc != SQLITE_DONE)
        {
          gm_store_set_error (self, error, _("Counting grid totals"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Reads current grids (all, or one) with their totals, ordered by code. */
static GPtrArray *
gm_store_dup_grid_summaries (GmStore    *self,
                             gint64      only_grid,
                             const char *as_of,
                             GError    **error)
{
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_grid_summary_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gm_store_prepare (self,
                           "SELECT g.id, g.code, g.name, c.code, c.name, g.worker_name,"
                           "       g.worker_phone, g.kind"
                           " FROM grid g LEFT JOIN community c ON c.id = g.community_id"
                           " WHERE g.valid_to IS NULL AND (?1 = 0 OR g.id = ?1)"
                           " ORDER BY g.code", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, only_grid);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmGridSummary *s = g_new0 (GmGridSummary, 1);

      s->id = sqlite3_column_int64 (stmt, 0);
      s->code = gm_column_dup (stmt, 1);
      s->name = gm_column_dup (stmt, 2);
      s->community_code = gm_column_dup (stmt, 3);
      s->community_name = gm_column_dup (stmt, 4);
      s->worker_name = gm_column_dup (stmt, 5);
      s->worker_phone = gm_column_dup (stmt, 6);
      s->kind = gm_column_dup (stmt, 7);
      g_ptr_array_add (grids, s);
      g_hash_table_insert (by_id, &s->id, s);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Reading grids"));
      return NULL;
    }

  if (grids->len > 0
      && !gm_store_fill_grid_totals (self, by_id, only_grid, as_of, error))
    return NULL;

  return g_steal_pointer (&grids);
}

GPtrArray *
gm_store_dup_communities (GmStore  *self,
                          GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_community_info_free);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (self,
                                                   "SELECT code, name FROM community ORDER BY code",
                                                   error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmCommunityInfo *info = g_new0 (GmCommunityInfo, 1);

      info->code = gm_column_dup (stmt, 0);
      info->name = gm_column_dup (stmt, 1);
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Reading communities"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * gm_store_dup_stats:
 * @self: a #GmStore
 * @as_of: (nullable): ISO date that decides which hazards are overdue
 * @error: return location for a #GError
 *
 * Counts everything in the project, with totals per current grid.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
GmStats *
gm_store_dup_stats (GmStore     *self,
                    const char  *as_of,
                    GError     **error)
{
  g_autoptr(GmStats) stats = g_new0 (GmStats, 1);
  g_autofree char *today = NULL;
  struct { const char *sql; int *out; } counts[] = {
    { "SELECT count(*) FROM building", &stats->buildings },
    { "SELECT count(*) FROM grid WHERE valid_to IS NULL", &stats->grids },
    { "SELECT count(*) FROM community", &stats->communities },
    { "SELECT count(*) FROM resident WHERE moved_out IS NULL", &stats->residents },
    { "SELECT count(*) FROM hazard", &stats->hazards },
    { "SELECT count(*) FROM hazard WHERE status IN " OPEN_STATUS, &stats->open_hazards },
    { "SELECT count(*) FROM road", &stats->roads },
    { "SELECT count(*) FROM landuse", &stats->landuse },
    { "SELECT count(*) FROM water", &stats->water },
  };

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 n = gm_store_query_int (self, counts[i].sql, error);

      if (n < 0)
        return NULL;
      *counts[i].out = (int) n;
    }

  stats->extent = GM_EXTENT_EMPTY;
  if (!gm_store_get_extent (self, &stats->extent, error) && error != NULL && *error != NULL)
    return NULL;

  stats->communities_detail = gm_store_dup_communities (self, error);
  if (stats->communities_detail == NULL)
    return NULL;
  stats->grids_detail = gm_store_dup_grid_summaries (self, 0, gm_as_of (as_of, &today), error);
  if (stats->grids_detail == NULL)
    return NULL;

  return g_steal_pointer (&stats);
}

GmGridSummary *
gm_store_dup_grid_summary (GmStore     *self,
                           gint64       grid_id,
                           const char  *as_of,
                           GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);
  g_return_val_if_fail (grid_id > 0, NULL);

  list = gm_store_dup_grid_summaries (self, grid_id, gm_as_of (as_of, &today), error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                   _("Grid %lld is not in the current division"), (long long) grid_id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

/* ---- lookups at a point ------------------------------------------------ */

gint64
gm_store_find_building_at (GmStore     *self,
                           double       lon,
                           double       lat,
                           double       tolerance_m,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  double dlat = tolerance_m / 111320.0;
  double dlon = dlat / MAX (cos (lat * G_PI / 180.0), 0.01);
  int rc;

  g_return_val_if_fail (GM_IS_STORE (self), -1);

  /* Inside a footprint wins; otherwise the nearest footprint within the
   * tolerance, by geodesic distance on the ellipsoid. */
  stmt = gm_store_prepare (self,
                           "SELECT id, inside, dist FROM ("
                           "  SELECT b.id, ST_Contains(b.footprint, MakePoint(?1, ?2, 4326)) AS inside,"
                           "         ST_Distance(b.footprint, MakePoint(?1, ?2, 4326), 1) AS dist"
                           "  FROM building b WHERE b.id IN ("
                           "    SELECT pkid FROM idx_building_footprint"
                           "    WHERE xmin <= ?1 + ?4 AND xmax >= ?1 - ?4"
                           "      AND ymin <= ?2 + ?3 AND ymax >= ?2 - ?3))"
                           " WHERE inside = 1 OR dist <= ?5"
                           " ORDER BY inside DESC, dist ASC, id ASC LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_double (stmt, 1, lon);
  sqlite3_bind_double (stmt, 2, lat);
  sqlite3_bind_double (stmt, 3, dlat);
  sqlite3_bind_double (stmt, 4, dlon);
  sqlite3_bind_double (stmt, 5, tolerance_m);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  gm_store_set_error (self, error, _("Finding the building at a point"));
  return -1;
}

gint64
gm_store_find_grid_at (GmStore     *self,
                       double       lon,
                       double       lat,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (self), -1);

  stmt = gm_store_prepare (self,
                           "SELECT g.id FROM grid g"
                           " WHERE g.valid_to IS NULL AND g.id IN ("
                           "   SELECT pkid FROM idx_grid_boundary"
                           "   WHERE xmin <= ?1 AND xmax >= ?1 AND ymin <= ?2 AND ymax >= ?2)"
                           "   AND ST_Contains(g.boundary, MakePoint(?1, ?2, 4326))"
                           " ORDER BY g.code LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_double (stmt, 1, lon);
  sqlite3_bind_double (stmt, 2, lat);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  gm_store_set_error (self, error, _("Finding the grid at a point"));
  return -1;
}

/* ---- records ------------------------------------------------------------ */

GmBuilding *
gm_store_dup_building (GmStore     *self,
                       gint64       building_id,
                       GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GmBuilding *b;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  stmt = gm_store_prepare (self,
                           "SELECT b.id, b.code, b.name, b.address, b.floors, b.households,"
                           "       b.households_estimated, b.use, b.area_m2, b.leader_name,"
                           "       b.leader_phone, b.grid_id, g.code, g.name, b.source_id"
                           " FROM building b LEFT JOIN grid g ON g.id = b.grid_id"
                           " WHERE b.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, building_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                     _("Building %lld does not exist"), (long long) building_id);
      else
        gm_store_set_error (self, error, _("Reading a building"));
      return NULL;
    }

  b = g_new0 (GmBuilding, 1);
  b->id = sqlite3_column_int64 (stmt, 0);
  b->code = gm_column_dup (stmt, 1);
  b->name = gm_column_dup (stmt, 2);
  b->address = gm_column_dup (stmt, 3);
  b->floors = sqlite3_column_int (stmt, 4);
  b->households = sqlite3_column_int (stmt, 5);
  b->households_estimated = sqlite3_column_int (stmt, 6) != 0;
  b->use = gm_column_dup (stmt, 7);
  b->area_m2 = sqlite3_column_double (stmt, 8);
  b->leader_name = gm_column_dup (stmt, 9);
  b->leader_phone = gm_column_dup (stmt, 10);
  b->grid_id = sqlite3_column_int64 (stmt, 11);
  b->grid_code = gm_column_dup (stmt, 12);
  b->grid_name = gm_column_dup (stmt, 13);
  b->source_id = gm_column_dup (stmt, 14);
  return b;
}

GPtrArray *
gm_store_dup_residents (GmStore     *self,
                        gint64       building_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_resident_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  /* Rooms sort as numbers where they are numbers ("2-301" after "2-52"). */
  stmt = gm_store_prepare (self,
                           "SELECT id, building_id, room, name, id_number, phone,"
                           "       registration = 'floating', tags, moved_in, moved_out"
                           " FROM resident WHERE building_id = ? AND moved_out IS NULL"
                           " ORDER BY length(room), room, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, building_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmResident *r = g_new0 (GmResident, 1);

      r->id = sqlite3_column_int64 (stmt, 0);
      r->building_id = sqlite3_column_int64 (stmt, 1);
      r->room = gm_column_dup (stmt, 2);
      r->name = gm_column_dup (stmt, 3);
      r->id_number = gm_column_dup (stmt, 4);
      r->phone = gm_column_dup (stmt, 5);
      r->floating = sqlite3_column_int (stmt, 6) != 0;
      r->tags = gm_column_dup (stmt, 7);
      r->moved_in = gm_column_dup (stmt, 8);
      r->moved_out = gm_column_dup (stmt, 9);
      g_ptr_array_add (list, r);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Reading residents"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GmHazard *
gm_hazard_from_row (sqlite3_stmt *stmt)
{
  GmHazard *h = g_new0 (GmHazard, 1);

  h->id = sqlite3_column_int64 (stmt, 0);
  h->building_id = sqlite3_column_int64 (stmt, 1);
  h->lon = sqlite3_column_double (stmt, 2);
  h->lat = sqlite3_column_double (stmt, 3);
  h->category = gm_column_dup (stmt, 4);
  h->kind = gm_column_dup (stmt, 5);
  h->description = gm_column_dup (stmt, 6);
  if (!gm_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, 7), &h->status))
    h->status = GM_HAZARD_DISCOVERED;
  h->found_on = gm_column_dup (stmt, 8);
  h->notice_on = gm_column_dup (stmt, 9);
  h->deadline = gm_column_dup (stmt, 10);
  h->rectified_on = gm_column_dup (stmt, 11);
  h->verified_on = gm_column_dup (stmt, 12);
  h->department = gm_column_dup (stmt, 13);
  h->overdue = sqlite3_column_int (stmt, 14) != 0;
  return h;
}

GPtrArray *
gm_store_dup_hazards (GmStore     *self,
                      gint64       building_id,
                      const char  *as_of,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_hazard_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *today = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  stmt = gm_store_prepare (self,
                           "SELECT id, building_id, X(location), Y(location), category, kind,"
                           "       description, status, found_on, notice_on, deadline,"
                           "       rectified_on, verified_on, department,"
                           "       status IN " OPEN_STATUS " AND deadline IS NOT NULL AND deadline < ?2"
                           " FROM hazard WHERE building_id = ?1"
                           " ORDER BY status IN " OPEN_STATUS " DESC, found_on DESC, id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, building_id);
  sqlite3_bind_text (stmt, 2, gm_as_of (as_of, &today), -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, gm_hazard_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Reading hazards"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GBytes *
gm_store_dup_outline_wkb (GmStore     *self,
                          const char  *table,
                          gint64       id,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *sql;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  if (g_strcmp0 (table, "building") == 0)
    sql = "SELECT AsBinary(footprint) FROM building WHERE id = ?";
  else if (g_strcmp0 (table, "grid") == 0)
    sql = "SELECT AsBinary(boundary) FROM grid WHERE id = ?";
  else if (g_strcmp0 (table, "community") == 0)
    sql = "SELECT AsBinary(boundary) FROM community WHERE id = ?";
  else
    g_return_val_if_reached (NULL);

  stmt = gm_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) != SQLITE_BLOB)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                   _("No outline for %s %lld"), table, (long long) id);
      return NULL;
    }
  return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
}

/**
 * gm_store_assign_buildings_to_grids:
 * @self: a #GmStore
 * @import_id: only the buildings of this import, or 0 for all
 * @error: return location for a #GError
 *
 * Sets each building's grid to the current grid that contains the
 * building's point on surface (its anchor), or NULL when none does. Runs in
 * the caller's transaction when there is one.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_store_assign_buildings_to_grids (GmStore  *self,
                                    gint64    import_id,
                                    GError  **error)
{
  g_autofree char *sql = NULL;
  gint64 grids;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);

  grids = gm_store_query_int (self, "SELECT count(*) FROM grid WHERE valid_to IS NULL", error);
  if (grids < 0)
    return FALSE;
  /* With no division there is nothing to assign; rewriting every row to
   * NULL would only cost time. */
  if (grids == 0)
    return gm_store_exec (self, "UPDATE building SET grid_id = NULL WHERE grid_id IS NOT NULL", error);

  sql = g_strdup_printf ("UPDATE building SET grid_id = ("
                         "  SELECT g.id FROM grid g"
                         "  WHERE g.valid_to IS NULL AND g.id IN ("
                         "    SELECT pkid FROM idx_grid_boundary"
                         "    WHERE xmin <= X(building.anchor) AND xmax >= X(building.anchor)"
                         "      AND ymin <= Y(building.anchor) AND ymax >= Y(building.anchor))"
                         "    AND ST_Contains(g.boundary, building.anchor)"
                         "  ORDER BY g.code LIMIT 1)"
                         " WHERE %" G_GINT64_FORMAT " = 0 OR import_id = %" G_GINT64_FORMAT,
                         import_id, import_id);
  return gm_store_exec (self, sql, error);
}

/* Neighbouring current grids, as pairs of indexes into @ids. */
static GArray *
gm_store_grid_neighbours (GmStore     *self,
                          GHashTable  *index_of,
                          GError     **error)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gm_store_prepare (self,
                           "SELECT a.id, b.id FROM grid a JOIN grid b"
                           " ON b.id IN (SELECT pkid FROM idx_grid_boundary"
                           "   WHERE xmin <= MbrMaxX(a.boundary) AND xmax >= MbrMinX(a.boundary)"
                           "     AND ymin <= MbrMaxY(a.boundary) AND ymax >= MbrMinY(a.boundary))"
                           " WHERE a.valid_to IS NULL AND b.valid_to IS NULL AND a.id < b.id"
                           "   AND ST_Intersects(a.boundary, b.boundary)", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 a = sqlite3_column_int64 (stmt, 0);
      gint64 b = sqlite3_column_int64 (stmt, 1);
      int ia = GPOINTER_TO_INT (g_hash_table_lookup (index_of, &a)) - 1;
      int ib = GPOINTER_TO_INT (g_hash_table_lookup (index_of, &b)) - 1;

      g_array_append_val (pairs, ia);
      g_array_append_val (pairs, ib);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Finding neighbouring grids"));
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

/**
 * gm_store_color_grids:
 * @self: a #GmStore
 * @error: return location for a #GError
 *
 * Gives each current grid a colour index (grid.color, 0–7) that differs from
 * its neighbours' where eight colours allow, greedily in code order, so the
 * map can tell adjacent grids apart.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_store_color_grids (GmStore  *self,
                      GError  **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) index_of = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) pairs = NULL;
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autoptr(sqlite3_stmt) set = NULL;
  g_autofree guint *used = NULL;
  g_autofree int *color = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);

  list = gm_store_prepare (self, "SELECT id FROM grid WHERE valid_to IS NULL ORDER BY code", error);
  set = gm_store_prepare (self, "UPDATE grid SET color = ? WHERE id = ?", error);
  if (list == NULL || set == NULL)
    return FALSE;
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (list, 0);

      g_array_append_val (ids, id);
    }
  for (guint i = 0; i < ids->len; i++)
    g_hash_table_insert (index_of, &g_array_index (ids, gint64, i), GINT_TO_POINTER (i + 1));

  pairs = gm_store_grid_neighbours (self, index_of, error);
  if (pairs == NULL)
    return FALSE;

  /* used[i] has bit c set when a coloured neighbour of grid i has colour c. */
  used = g_new0 (guint, ids->len);
  color = g_new0 (int, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      int c = 0;

      while (c < 7 && (used[i] & (1u << c)))
        c++;
      color[i] = c;
      for (guint p = 0; p < pairs->len; p += 2)
        {
          int a = g_array_index (pairs, int, p);
          int b = g_array_index (pairs, int, p + 1);

          if (a == (int) i)
            used[b] |= 1u << c;
          else if (b == (int) i)
            used[a] |= 1u << c;
        }
      sqlite3_bind_int (set, 1, c);
      sqlite3_bind_int64 (set, 2, g_array_index (ids, gint64, i));
      if (sqlite3_step (set) != SQLITE_DONE)
        {
          gm_store_set_error (self, error, _("Colouring grids"));
          return FALSE;
        }
      sqlite3_reset (set);
    }
  return TRUE;
}
