/* gm-poster-data.c — what a poster prints, read from the project.
 *
 * Only what is public is read: the community, its current grids with their
 * codes, names, outlines' extents and workers' contacts, household totals,
 * and — when asked — hazard counts per grid. No resident table is touched,
 * so nothing personal can reach a page by mistake.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-poster-private.h"
#include "gm-spatialite.h"

static void
gm_poster_grid_free (GmPosterGrid *grid)
{
  g_free (grid->code);
  g_free (grid->name);
  g_free (grid->worker_name);
  g_free (grid->worker_phone);
  g_clear_pointer (&grid->photo, g_bytes_unref);
  g_free (grid);
}

void
gm_poster_data_free (GmPosterData *data)
{
  if (data == NULL)
    return;
  g_free (data->community_code);
  g_free (data->community_name);
  g_clear_pointer (&data->grids, g_ptr_array_unref);
  g_free (data->notice);
  g_free (data->attribution);
  g_free (data->date);
  g_free (data);
}

const GmPosterGrid *
gm_poster_data_find_grid (const GmPosterData *data,
                          const char         *code)
{
  for (guint i = 0; code != NULL && i < data->grids->len; i++)
    {
      const GmPosterGrid *grid = g_ptr_array_index (data->grids, i);

      if (g_str_equal (grid->code, code))
        return grid;
    }
  return NULL;
}

static char *
gm_column_dup (sqlite3_stmt *stmt,
               int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

static void
gm_column_extent (sqlite3_stmt *stmt,
                  int           first,
                  GmExtent     *out)
{
  *out = GM_EXTENT_EMPTY;
  if (sqlite3_column_type (stmt, first) == SQLITE_NULL)
    return;
  out->min_lon = sqlite3_column_double (stmt, first);
  out->min_lat = sqlite3_column_double (stmt, first + 1);
  out->max_lon = sqlite3_column_double (stmt, first + 2);
  out->max_lat = sqlite3_column_double (stmt, first + 3);
}

/* The community of the current grid @code: its id, or 0 for none; -1 when
 * there is no such grid. */
static gint64
gm_poster_community_of_grid (GmStore     *store,
                             const char  *code,
                             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store, "SELECT coalesce(community_id, 0) FROM grid"
                           " WHERE code = ? AND valid_to IS NULL", error);
  if (stmt == NULL)
    return -2;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND,
               _("No current grid has the code “%s” in project “%s”"), code, gm_store_get_path (store));
  return -1;
}

static gboolean
gm_poster_read_community (GmStore       *store,
                          const char    *code,
                          gint64         id,
                          GmPosterData  *data,
                          gint64        *out_id,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store, "SELECT id, code, name, MbrMinX(boundary), MbrMinY(boundary),"
                           " MbrMaxX(boundary), MbrMaxY(boundary) FROM community"
                           " WHERE code = ?1 OR id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND,
                   _("No community has the code “%s” in project “%s”"),
                   code != NULL ? code : "", gm_store_get_path (store));
      return FALSE;
    }
  *out_id = sqlite3_column_int64 (stmt, 0);
  data->community_code = gm_column_dup (stmt, 1);
  data->community_name = gm_column_dup (stmt, 2);
  gm_column_extent (stmt, 3, &data->extent);
  return TRUE;
}

static GmPosterGrid *
gm_poster_grid_from_row (sqlite3_stmt *stmt)
{
  GmPosterGrid *grid = g_new0 (GmPosterGrid, 1);

  grid->id = sqlite3_column_int64 (stmt, 0);
  grid->code = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  grid->name = gm_column_dup (stmt, 2);
  grid->worker_name = gm_column_dup (stmt, 3);
  grid->worker_phone = gm_column_dup (stmt, 4);
  grid->color = sqlite3_column_int (stmt, 5);
  gm_column_extent (stmt, 6, &grid->extent);
  grid->households = sqlite3_column_int (stmt, 10);
  return grid;
}

/* The current grids of community @community_id (0: of none), by code. */
static gboolean
gm_poster_read_grids (GmStore       *store,
                      gint64         community_id,
                      GmPosterData  *data,
                      GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gm_store_prepare (store, "SELECT g.id, g.code, g.name, g.worker_name, g.worker_phone, g.color,"
                           " MbrMinX(g.boundary), MbrMinY(g.boundary), MbrMaxX(g.boundary),"
                           " MbrMaxY(g.boundary),"
                           " (SELECT coalesce(sum(households), 0) FROM building b WHERE b.grid_id = g.id)"
                           " FROM grid g WHERE g.valid_to IS NULL AND coalesce(g.community_id, 0) = ?"
                           " ORDER BY g.code", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, community_id);
  data->grids = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_poster_grid_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmPosterGrid *grid = gm_poster_grid_from_row (stmt);

      g_ptr_array_add (data->grids, grid);
      /* A community without an outline is as large as its grids. */
      if (community_id == 0 || gm_extent_is_empty (&data->extent))
        gm_extent_union (&data->extent, &grid->extent, &data->extent);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the grids"));
      return FALSE;
    }
  return TRUE;
}

/* Each grid's open and overdue hazards, counted as the sidebar counts
 * them; no hazard's place or reporter is read. */
static gboolean
gm_poster_read_hazard_counts (GmStore       *store,
                              GmPosterData  *data,
                              GError       **error)
{
  for (guint i = 0; i < data->grids->len; i++)
    {
      GmPosterGrid *grid = g_ptr_array_index (data->grids, i);
      g_autoptr(GmGridSummary) summary = gm_store_dup_grid_summary (store, grid->id, data->date, error);

      if (summary == NULL)
        return FALSE;
      grid->open_hazards = summary->open_hazards;
      grid->overdue_hazards = summary->overdue_hazards;
    }
  return TRUE;
}

static gboolean
gm_poster_count_features (GmStore       *store,
                          GmPosterData  *data,
                          GError       **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const GmExtent *e = &data->extent;

  stmt = gm_store_prepare (store, "SELECT"
                           " (SELECT count(*) FROM idx_building_footprint"
                           "  WHERE xmin <= ?3 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?2)"
                           " + (SELECT count(*) FROM idx_road_geom"
                           "  WHERE xmin <= ?3 AND xmax >= ?1 AND ymin <= ?4 AND ymax >= ?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, e->min_lon);
  sqlite3_bind_double (stmt, 2, e->min_lat);
  sqlite3_bind_double (stmt, 3, e->max_lon);
  sqlite3_bind_double (stmt, 4, e->max_lat);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gm_store_set_error (store, error, _("Counting what the map shows"));
      return FALSE;
    }
  data->features = (guint64) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static void
gm_poster_read_settings (GmStore               *store,
                         const GmPosterOptions *options,
                         GmPosterData          *data)
{
  data->notice = options->notice != NULL ? g_strdup (options->notice) : gm_poster_dup_notice (store);
  if (data->notice != NULL)
    g_strstrip (data->notice);
  data->attribution = gm_store_dup_meta (store, "attribution");
  data->date = options->date != NULL ? g_strdup (options->date) : gm_today_iso ();
  for (guint i = 0; i < data->grids->len; i++)
    {
      GmPosterGrid *grid = g_ptr_array_index (data->grids, i);

      grid->photo = gm_poster_photo_load (store, grid->code);
    }
}

/**
 * gm_poster_data_load:
 * @store: the project
 * @options: which grid or community
 * @error: return location for a #GError
 *
 * Reads the community the options name (or the community of the grid they
 * name) with all its current grids.
 *
 * Returns: (transfer full): the data, or %NULL with @error set
 */
GmPosterData *
gm_poster_data_load (GmStore                *store,
                     const GmPosterOptions  *options,
                     GError                **error)
{
  g_autoptr(GmPosterData) data = g_new0 (GmPosterData, 1);
  const char *community_code = options->community_code;
  gint64 community_id = 0;

  data->extent = GM_EXTENT_EMPTY;
  if (options->grid_code != NULL && options->community_code == NULL)
    {
      community_id = gm_poster_community_of_grid (store, options->grid_code, error);
      if (community_id < 0)
        return NULL;
    }
  if ((community_code != NULL || community_id > 0)
      && !gm_poster_read_community (store, community_code, community_id, data, &community_id, error))
    return NULL;
  if (!gm_poster_read_grids (store, community_id, data, error))
    return NULL;
  if (options->grid_code != NULL && gm_poster_data_find_grid (data, options->grid_code) == NULL)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND,
                   _("Grid “%s” is not in community “%s”"), options->grid_code,
                   data->community_code != NULL ? data->community_code : "");
      return NULL;
    }
  if (data->grids->len == 0)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND,
                   _("Community “%s” has no current grid to print"), data->community_code);
      return NULL;
    }
  gm_poster_read_settings (store, options, data);
  if (!gm_poster_count_features (store, data, error))
    return NULL;
  if (options->hazard_counts && !gm_poster_read_hazard_counts (store, data, error))
    return NULL;
  return g_steal_pointer (&data);
}

static GPtrArray *
gm_poster_dup_list (GmStore     *store,
                    const char  *sql,
                    GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_community_info_free);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmCommunityInfo *info = g_new0 (GmCommunityInfo, 1);

      info->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (list, info);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the grids"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
gm_poster_dup_grids (GmStore  *store,
                     GError  **error)
{
  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  return gm_poster_dup_list (store, "SELECT code, name FROM grid WHERE valid_to IS NULL ORDER BY code", error);
}

GPtrArray *
gm_poster_dup_communities (GmStore  *store,
                           GError  **error)
{
  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  return gm_poster_dup_list (store, "SELECT code, name FROM community ORDER BY code", error);
}
