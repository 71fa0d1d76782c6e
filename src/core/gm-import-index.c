/* gm-import-index.c — the spatial index of an import's rows.
 *
 * SpatiaLite keeps a table's R*Tree and metadata with triggers that run
 * several SQL statements per row; for a bulk import they cost three times
 * the import itself. They are dropped inside the import's transaction and
 * created again from their own SQL before the commit, so the file is never
 * seen without them. Meanwhile the import keeps the R*Tree itself: an empty
 * one is packed in one pass at the end (gm-import-rtree.c); rows added to
 * a filled one are inserted in batches sorted along a Z-order curve, while
 * the reading thread reads on.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-import-job.h"
#include "gm-import-rtree.h"

typedef struct
{
  gint64  rowid;
  guint64 key;
  double  min_x, min_y, max_x, max_y;
} GmRowBox;

/* Rows are indexed in batches of this many: sorted, neighbours share the
 * R*Tree's pages; small, the writer indexes while the reader still reads. */
#define GM_INDEX_BATCH 4096

/* An empty index is packed at the end; a filled one takes rows in
 * batches. */
static gboolean
gm_import_job_start_index (GmImportJob  *job,
                           GError      **error)
{
  g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM \"idx_%s_%s_rowid\"",
                                            job->writer->table, job->writer->index_column);
  g_autofree char *sql = NULL;
  gint64 rows = gm_store_query_int (job->store, count, error);

  if (rows < 0)
    return FALSE;
  if (rows == 0)
    {
      /* Sized once when the source knows its count: doubling a million
       * entries would hold twice their memory. */
      job->packed = g_array_sized_new (FALSE, FALSE, sizeof (GmRtreeEntry), MAX (job->expected, 0));
      return TRUE;
    }
  sql = g_strdup_printf ("INSERT INTO idx_%s_%s (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)",
                         job->writer->table, job->writer->index_column);
  job->index_insert = gm_store_prepare (job->store, sql, error);
  if (job->index_insert == NULL)
    return FALSE;
  job->boxes = g_array_sized_new (FALSE, FALSE, sizeof (GmRowBox), GM_INDEX_BATCH);
  return TRUE;
}

gboolean
gm_import_job_suspend_triggers (GmImportJob  *job,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;

  if (job->writer->table == NULL)
    return TRUE;

  list = gm_store_prepare (job->store,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                           error);
  if (list == NULL)
    return FALSE;
  sqlite3_bind_text (list, 1, job->writer->table, -1, SQLITE_STATIC);
  job->suspended_triggers = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (list) == SQLITE_ROW)
    {
      g_autofree char *drop = g_strdup_printf ("DROP TRIGGER \"%s\"", sqlite3_column_text (list, 0));

      g_ptr_array_add (job->suspended_triggers, gm_column_dup (list, 1));
      if (!gm_store_exec (job->store, drop, error))
        return FALSE;
    }

  return gm_import_job_start_index (job, error);
}

/* Interleaves the bits of the box centre's cell on a 2^16 grid. */
static guint64
gm_morton_key (double x,
               double y)
{
  guint64 ix = (guint64) CLAMP ((x + 180.0) / 360.0 * 65535.0, 0, 65535);
  guint64 iy = (guint64) CLAMP ((y + 90.0) / 180.0 * 65535.0, 0, 65535);
  guint64 key = 0;

  for (int bit = 0; bit < 16; bit++)
    key |= ((ix >> bit) & 1) << (2 * bit) | ((iy >> bit) & 1) << (2 * bit + 1);
  return key;
}

static int
gm_row_box_compare (gconstpointer a,
                    gconstpointer b)
{
  const GmRowBox *ba = a;
  const GmRowBox *bb = b;

  return ba->key < bb->key ? -1 : ba->key > bb->key;
}

/* Adds the waiting rows to the R*Tree; the first error is kept for
 * gm_import_job_write_index() to report. */
static void
gm_import_job_flush_index (GmImportJob *job)
{
  GmRowBox *boxes = (GmRowBox *) (void *) job->boxes->data;
  guint n = job->boxes->len;

  g_array_sort (job->boxes, gm_row_box_compare);
  for (guint i = 0; i < n && job->index_error == NULL; i++)
    {
      sqlite3_bind_int64 (job->index_insert, 1, boxes[i].rowid);
      sqlite3_bind_double (job->index_insert, 2, boxes[i].min_x);
      sqlite3_bind_double (job->index_insert, 3, boxes[i].max_x);
      sqlite3_bind_double (job->index_insert, 4, boxes[i].min_y);
      sqlite3_bind_double (job->index_insert, 5, boxes[i].max_y);
      gm_import_job_step (job, job->index_insert, &job->index_error);
    }
  g_array_set_size (job->boxes, 0);
}

void
gm_import_job_index (GmImportJob *job,
                     double       min_x,
                     double       min_y,
                     double       max_x,
                     double       max_y)
{
  gint64 rowid = sqlite3_last_insert_rowid (gm_store_get_db (job->store));
  GmRowBox box = {
    rowid, gm_morton_key ((min_x + max_x) / 2, (min_y + max_y) / 2),
    min_x, min_y, max_x, max_y,
  };

  if (job->packed != NULL)
    {
      GmRtreeEntry entry;

      gm_rtree_entry_set (&entry, rowid, min_x, min_y, max_x, max_y);
      g_array_append_val (job->packed, entry);
      return;
    }
  if (job->boxes == NULL)
    return;
  g_array_append_val (job->boxes, box);
  if (job->boxes->len >= GM_INDEX_BATCH)
    gm_import_job_flush_index (job);
}

void
gm_import_job_index_geom (GmImportJob   *job,
                          GmFeatureGeom *geom)
{
  gm_import_job_index (job, geom->min_x, geom->min_y, geom->max_x, geom->max_y);
}

gboolean
gm_import_job_write_index (GmImportJob  *job,
                           GError      **error)
{
  if (job->packed != NULL)
    {
      g_autofree char *rtree = g_strdup_printf ("idx_%s_%s", job->writer->table, job->writer->index_column);

      return gm_rtree_bulk_load (job->store, rtree, job->packed, error);
    }
  if (job->boxes == NULL)
    return TRUE;
  gm_import_job_flush_index (job);
  if (job->index_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->index_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
gm_import_job_restore_triggers (GmImportJob  *job,
                                GError      **error)
{
  g_autofree char *touch = NULL;

  if (job->suspended_triggers == NULL)
    return TRUE;
  for (guint i = 0; i < job->suspended_triggers->len; i++)
    if (!gm_store_exec (job->store, g_ptr_array_index (job->suspended_triggers, i), error))
      return FALSE;
  g_clear_pointer (&job->suspended_triggers, g_ptr_array_unref);

  touch = g_strdup_printf ("UPDATE geometry_columns_time"
                           " SET last_insert = strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')"
                           " WHERE lower(f_table_name) = lower('%s')", job->writer->table);
  return gm_store_exec (job->store, touch, error);
}

