/* gm-import-match.c — importing the same source again updates, never doubles.
 *
 * A feature is the same record as a row already in the project when
 *   - it has a code and a building has that code (buildings only), or
 *   - it has no code, and an earlier import of the same file and layer
 *     (import_log: the same absolute path, layer and kind) wrote a row with
 *     its source id: the mapped "source_id" field (OBJECTID, osm_id, 隐患编号…),
 *     else the feature's FID, its position in the file.
 * A matched row is updated only where its values differ, so a second import
 * of an unchanged file reports every feature as unchanged. Rows of the
 * earlier import that the file no longer has are removed from basemap
 * layers (roads, land use, water: the file is the layer) and kept, with a
 * word, for buildings and hazards, which residents and records point to.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-import-job.h"
#include "gm-import-rtree.h"

/* The ids of the earlier imports of @canonical_path's layer as this job's
 * kind, "3,7", or NULL when there are none. */
static char *
gm_import_job_earlier_ids (GmImportJob  *job,
                           const char   *canonical_path,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (job->store,
                           "SELECT group_concat(id) FROM import_log"
                           " WHERE kind = ?1 AND layer IS ?2 AND source IN (?3, ?4) AND id <> ?5",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, gm_import_kind_to_string (job->options->kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, job->report->layer, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, canonical_path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, job->report->source, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, job->import_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      gm_store_set_error (job->store, error, _("Reading earlier imports"));
      return NULL;
    }
  return gm_column_dup (stmt, 0);
}

static gboolean
gm_import_job_load_earlier (GmImportJob  *job,
                            GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT source_id, id FROM \"%s\""
                                          " WHERE import_id IN (%s) AND source_id IS NOT NULL",
                                          job->writer->table, job->earlier_ids);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (job->store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  job->earlier = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (job->earlier, gm_column_dup (stmt, 0),
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (job->store, error, _("Reading earlier imports"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
gm_import_job_prepare_index (GmImportJob  *job,
                             GError      **error)
{
  g_autofree char *unindex = NULL;
  g_autofree char *reindex = NULL;

  if (job->writer->index_column == NULL)
    return TRUE;
  unindex = g_strdup_printf ("DELETE FROM \"idx_%s_%s\" WHERE pkid = ?",
                             job->writer->table, job->writer->index_column);
  reindex = g_strdup_printf ("INSERT INTO \"idx_%s_%s\" (pkid, xmin, xmax, ymin, ymax)"
                             " VALUES (?, ?, ?, ?, ?)",
                             job->writer->table, job->writer->index_column);
  job->unindex = gm_store_prepare (job->store, unindex, error);
  job->reindex = job->unindex != NULL ? gm_store_prepare (job->store, reindex, error) : NULL;
  return job->reindex != NULL;
}

gboolean
gm_import_job_start_match (GmImportJob  *job,
                           const char   *canonical_path,
                           GError      **error)
{
  g_autoptr(GError) local = NULL;

  /* Also for the writers that match by themselves: communities and grids
   * fall back to the source id when the code does not match. */
  job->earlier_ids = gm_import_job_earlier_ids (job, canonical_path, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (job->writer->match == GM_MATCH_NONE)
    return job->earlier_ids == NULL || gm_import_job_prepare_index (job, error);
  /* Into a project without coded buildings (a first import, a million
   * synthetic ones) there is nothing to find. */
  if (job->earlier_ids == NULL
      && (!job->writer->match_code
          || gm_store_query_int (job->store, "SELECT count(*) FROM (SELECT 1 FROM building"
                                             " WHERE code IS NOT NULL LIMIT 1)", NULL) == 0))
    return TRUE;
  if (job->earlier_ids != NULL && !gm_import_job_load_earlier (job, error))
    return FALSE;
  job->matched = g_hash_table_new (g_direct_hash, g_direct_equal);
  job->update = gm_store_prepare (job->store, job->writer->update_sql, error);
  if (job->update == NULL || !gm_import_job_prepare_index (job, error))
    return FALSE;
  if (job->writer->match_code)
    job->by_code = gm_store_prepare (job->store,
                                     "SELECT id, import_id FROM building WHERE code = ? ORDER BY id LIMIT 1",
                                     error);
  return !job->writer->match_code || job->by_code != NULL;
}

gint64
gm_import_job_find_earlier (GmImportJob  *job,
                            guint         slot,
                            const char   *table,
                            const char   *where,
                            gint64        fid,
                            GError      **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *s;
  gint64 id = 0;

  if (job->earlier_ids == NULL)
    return 0;
  /* The ids are import_log's integers, not text from the file. */
  sql = g_strdup_printf ("SELECT id FROM \"%s\" WHERE import_id IN (%s) AND source_id = ?1"
                         " AND %s ORDER BY id",
                         table, job->earlier_ids, where);
  s = gm_job_extra (job, slot, sql, error);
  if (s == NULL)
    return -1;
  gm_bind_source_id (job, s, 1, fid);
  if (job->matched == NULL)
    job->matched = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* A row is matched once: a second feature with its source id is new. */
  while (id == 0 && sqlite3_step (s) == SQLITE_ROW)
    if (!g_hash_table_contains (job->matched, GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (s, 0))))
      id = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);
  if (id != 0)
    g_hash_table_add (job->matched, GSIZE_TO_POINTER ((gsize) id));
  return id;
}

/* The building with the current feature's code: its id, 0 when none. */
static gint64
gm_import_job_match_code (GmImportJob *job,
                          gint64       fid)
{
  const char *code = gm_import_job_get (job, "code");
  gint64 id = 0;

  if (job->by_code == NULL || code == NULL)
    return 0;
  sqlite3_bind_text (job->by_code, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (job->by_code) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (job->by_code, 0);
      /* Written by this import: the file has the code twice. */
      if (sqlite3_column_int64 (job->by_code, 1) == job->import_id)
        {
          gm_import_job_warn (job, fid, _("code “%s” appears more than once in the file; this feature replaced the earlier one"),
                              code);
          g_hash_table_remove (job->matched, GSIZE_TO_POINTER ((gsize) id));
        }
    }
  sqlite3_reset (job->by_code);
  return id;
}

sqlite3_stmt *
gm_import_job_row_stmt (GmImportJob  *job,
                        gint64        fid,
                        GError      **error)
{
  gint64 id;

  job->row_id = 0;
  if (job->update == NULL)
    return job->insert;
  id = gm_import_job_match_code (job, fid);
  /* A feature with a code is that code's record: its position in the file
   * (the FID) may have belonged to another before rows were added or
   * removed. */
  if (id == 0 && job->earlier != NULL
      && (job->by_code == NULL || gm_import_job_get (job, "code") == NULL))
    {
      const char *mapped = gm_import_job_get (job, "source_id");
      g_autofree char *key = mapped != NULL ? g_strdup (mapped)
                                            : g_strdup_printf ("%" G_GINT64_FORMAT, fid);

      id = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (job->earlier, key));
    }
  /* A row is matched once: a second feature with its source id is new. */
  if (id == 0 || g_hash_table_contains (job->matched, GSIZE_TO_POINTER ((gsize) id)))
    return job->insert;
  g_hash_table_add (job->matched, GSIZE_TO_POINTER ((gsize) id));
  job->row_id = id;
  sqlite3_bind_int64 (job->update, sqlite3_bind_parameter_count (job->update), id);
  return job->update;
}

/* The updated row's entry in the spatial index. */
static gboolean
gm_import_job_reindex (GmImportJob   *job,
                       GmFeatureGeom *geom,
                       GError       **error)
{
  if (job->reindex == NULL)
    return TRUE;
  sqlite3_bind_int64 (job->unindex, 1, job->row_id);
  if (!gm_import_job_step (job, job->unindex, error))
    return FALSE;
  if (geom == NULL)
    return TRUE;
  if (job->packed != NULL)
    {
      GmRtreeEntry entry;

      gm_rtree_entry_set (&entry, job->row_id, geom->min_x, geom->min_y, geom->max_x, geom->max_y);
      g_array_append_val (job->packed, entry);
      return TRUE;
    }
  sqlite3_bind_int64 (job->reindex, 1, job->row_id);
  sqlite3_bind_double (job->reindex, 2, geom->min_x);
  sqlite3_bind_double (job->reindex, 3, geom->max_x);
  sqlite3_bind_double (job->reindex, 4, geom->min_y);
  sqlite3_bind_double (job->reindex, 5, geom->max_y);
  return gm_import_job_step (job, job->reindex, error);
}

gboolean
gm_import_job_reindex_row (GmImportJob   *job,
                           gint64         row_id,
                           GmFeatureGeom *geom,
                           GError       **error)
{
  job->row_id = row_id;
  return gm_import_job_reindex (job, geom, error);
}

gboolean
gm_import_job_count_row (GmImportJob *job,
                         gboolean     existing)
{
  gboolean changed = existing && sqlite3_changes (gm_store_get_db (job->store)) > 0;

  if (!existing)
    job->report->imported++;
  else if (changed)
    job->report->updated++;
  else
    job->report->unchanged++;
  return changed;
}

gboolean
gm_import_job_write_row (GmImportJob   *job,
                         sqlite3_stmt  *stmt,
                         GmFeatureGeom *geom,
                         GError       **error)
{
  if (!gm_import_job_step (job, stmt, error))
    return FALSE;
  if (stmt != job->update && geom != NULL)
    gm_import_job_index_geom (job, geom);
  if (!gm_import_job_count_row (job, stmt == job->update))
    return TRUE;
  return gm_import_job_reindex (job, geom, error);
}

/* The earlier rows this import did not match. */
static GArray *
gm_import_job_unmatched (GmImportJob *job)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, job->earlier);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!g_hash_table_contains (job->matched, value))
      {
        gint64 id = (gint64) GPOINTER_TO_SIZE (value);

        g_array_append_val (ids, id);
      }
  return ids;
}

static gboolean
gm_import_job_remove_rows (GmImportJob  *job,
                           GArray       *ids,
                           GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ?", job->writer->table);
  g_autoptr(sqlite3_stmt) del = gm_store_prepare (job->store, sql, error);

  if (del == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      job->row_id = g_array_index (ids, gint64, i);
      sqlite3_bind_int64 (del, 1, job->row_id);
      if (!gm_import_job_step (job, del, error) || !gm_import_job_reindex (job, NULL, error))
        return FALSE;
    }
  job->report->removed += ids->len;
  return TRUE;
}

gboolean
gm_import_job_finish_match (GmImportJob  *job,
                            GError      **error)
{
  g_autoptr(GArray) ids = NULL;

  if (job->earlier == NULL)
    return TRUE;
  ids = gm_import_job_unmatched (job);
  if (ids->len == 0)
    return TRUE;
  if (job->writer->match == GM_MATCH_REPLACE)
    return gm_import_job_remove_rows (job, ids, error);
  gm_import_job_warn (job, -1,
                      ngettext ("%u record imported earlier from this file is not in it any more; it was kept (delete it by hand if it is gone)",
                                "%u records imported earlier from this file are not in it any more; they were kept (delete them by hand if they are gone)",
                                ids->len),
                      ids->len);
  return TRUE;
}

void
gm_import_job_clear_match (GmImportJob *job)
{
  g_clear_pointer (&job->earlier, g_hash_table_unref);
  g_clear_pointer (&job->matched, g_hash_table_unref);
  g_clear_pointer (&job->earlier_ids, g_free);
  g_clear_pointer (&job->update, sqlite3_finalize);
  g_clear_pointer (&job->by_code, sqlite3_finalize);
  g_clear_pointer (&job->unindex, sqlite3_finalize);
  g_clear_pointer (&job->reindex, sqlite3_finalize);
}
