/* gm-import.c — running an import: one transaction, one report.
 *
 * Features are read in order, their geometry is made fit for the project
 * (curves linearised, Z/M dropped, reprojected to EPSG:4326 with lon/lat
 * order, invalid polygons repaired with GEOS), and handed to the writer of
 * the chosen kind. Nothing is written outside the transaction, so a failed or
 * cancelled import leaves the project as it was.
 */
#include "gm-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-import-crs.h"
#include "gm-import-job.h"

#define GM_IMPORT_MAX_ISSUES 10000
#define GM_IMPORT_BATCH 256

/* ---- reading values ------------------------------------------------------ */

const char *
gm_import_job_get (GmImportJob *job,
                   const char  *target)
{
  int index = GPOINTER_TO_INT (g_hash_table_lookup (job->field_of_target, target)) - 1;

  if (index < 0 || job->values[index] == NULL || *job->values[index] == '\0')
    return NULL;
  return job->values[index];
}

const char *
gm_import_job_get_field (GmImportJob *job,
                         const char  *target)
{
  int index = GPOINTER_TO_INT (g_hash_table_lookup (job->field_of_target, target)) - 1;

  return index >= 0 ? job->field_names[index] : NULL;
}

const char *
gm_import_job_field (GmImportJob *job,
                     const char  *target)
{
  int index = GPOINTER_TO_INT (g_hash_table_lookup (job->field_of_target, target)) - 1;

  return index >= 0 ? job->field_names[index] : target;
}

/* Counts an issue and keeps it in the report. The report stays readable
 * and bounded for million-feature files; the counts stay exact. */
static void
gm_import_job_take_issue (GmImportJob   *job,
                          GmImportIssue *issue)
{
  issue->row = job->row_offset >= 0 && issue->feature >= 0 ? issue->feature + job->row_offset : -1;
  if (issue->kind == GM_IMPORT_ISSUE_SKIPPED)
    job->report->skipped++;
  else if (issue->kind == GM_IMPORT_ISSUE_REPAIRED)
    job->report->repaired++;

  if (job->report->issues->len >= GM_IMPORT_MAX_ISSUES)
    gm_import_issue_free (issue);
  else
    g_ptr_array_add (job->report->issues, issue);
}

void
gm_import_job_issue (GmImportJob       *job,
                     GmImportIssueKind  kind,
                     gint64             fid,
                     const char        *format,
                     ...)
{
  GmImportIssue *issue = g_new0 (GmImportIssue, 1);
  va_list args;

  issue->kind = kind;
  issue->feature = fid;
  va_start (args, format);
  issue->reason = g_strdup_vprintf (format, args);
  va_end (args);
  gm_import_job_take_issue (job, issue);
}

gboolean
gm_import_job_step (GmImportJob   *job,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  gm_store_set_error (job->store, error, _("Writing imported data"));
  return FALSE;
}

/* ---- SpatiaLite triggers and the spatial index ------------------------------- */

/* SpatiaLite keeps a table's R*Tree and metadata with triggers that run
 * several SQL statements per row; for a bulk import they cost three times
 * the import itself. They are dropped inside the import's transaction, the
 * new rows are added to the R*Tree in batches sorted along a Z-order curve
 * while the reading thread reads on (gm_import_job_index()), and the
 * triggers are created again from their own SQL before the commit, so the
 * file is never seen without them. */
typedef struct
{
  gint64  rowid;
  guint64 key;
  double  min_x, min_y, max_x, max_y;
} GmRowBox;

/* Rows are indexed in batches of this many: sorted, neighbours share the
 * R*Tree's pages; small, the writer indexes while the reader still reads. */
#define GM_INDEX_BATCH 4096

static gboolean
gm_import_job_suspend_triggers (GmImportJob  *job,
                                GError      **error)
{
  g_autoptr(sqlite3_stmt) list = NULL;
  g_autofree char *sql = NULL;

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

  sql = g_strdup_printf ("INSERT INTO idx_%s_%s (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)",
                         job->writer->table, job->writer->index_column);
  job->index_insert = gm_store_prepare (job->store, sql, error);
  if (job->index_insert == NULL)
    return FALSE;
  job->boxes = g_array_sized_new (FALSE, FALSE, sizeof (GmRowBox), GM_INDEX_BATCH);
  return TRUE;
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
  GmRowBox box = {
    sqlite3_last_insert_rowid (gm_store_get_db (job->store)),
    gm_morton_key ((min_x + max_x) / 2, (min_y + max_y) / 2),
    min_x, min_y, max_x, max_y,
  };

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
  gm_import_job_index (job, geom->geom->MinX, geom->geom->MinY, geom->geom->MaxX, geom->geom->MaxY);
}

static gboolean
gm_import_job_write_index (GmImportJob  *job,
                           GError      **error)
{
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

static gboolean
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

/* ---- setting up --------------------------------------------------------------- */

/* The coordinate system the user gave, or NULL with @error set. */
static OGRSpatialReferenceH
gm_import_job_user_srs (GmImportJob      *job,
                        const char       *path,
                        const GmLayerScan *scan,
                        GError          **error)
{
  OGRSpatialReferenceH source = OSRNewSpatialReference (NULL);
  g_autofree char *problem = NULL;

  if (OSRSetFromUserInput (source, job->options->srs) != OGRERR_NONE)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                   _("Cannot import “%s”: “%s” is not a coordinate system Gridmap knows (try EPSG:4326 or EPSG:4547)"),
                   path, job->options->srs);
      OSRRelease (source);
      return NULL;
    }
  /* The user's choice stands, but a contradiction is worth a word. */
  problem = gm_srs_check (source, scan->centres);
  if (problem != NULL)
    gm_import_job_warn (job, -1, _("the coordinate system chosen for the file may be wrong: %s"), problem);
  return source;
}

/* The file's own coordinate system, unless its coordinates contradict it;
 * lon/lat coordinates without one are read as WGS 84, with a word; others
 * are refused with the candidates. */
static OGRSpatialReferenceH
gm_import_job_file_srs (GmImportJob       *job,
                        OGRLayerH          layer,
                        const char        *path,
                        const GmLayerScan *scan,
                        GError           **error)
{
  OGRSpatialReferenceH declared = OGR_L_GetSpatialRef (layer);
  g_autofree char *problem = declared != NULL ? gm_srs_check (declared, scan->centres) : NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *listed = NULL;
  OGRSpatialReferenceH wgs84;

  if (declared != NULL && problem == NULL)
    return OSRClone (declared);
  if (declared == NULL && gm_points_lonlat_share (scan->centres) >= 0.5)
    {
      wgs84 = OSRNewSpatialReference (NULL);
      OSRImportFromEPSG (wgs84, 4326);
      gm_import_job_warn (job, -1,
                          _("the file declares no coordinate system; its coordinates are longitude/latitude and were read as WGS 84 (EPSG:4326) — if they come from Amap, Tencent or Baidu maps, import again converting from GCJ-02 or BD-09"));
      return wgs84;
    }
  candidates = gm_srs_guess (scan->centres, &job->project_extent);
  listed = candidates->len > 0 ? gm_srs_candidates_text (candidates, 4) : g_strdup (_("none fits"));
  if (problem != NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                 _("Cannot import “%s”: %s — choose the coordinate system its coordinates are really in (--srs, or in the import dialog); candidates: %s"),
                 path, problem, listed);
  else
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                 _("Cannot import “%s”: it has no coordinate system (no .prj file) and its coordinates are not longitude/latitude — choose the one it was made in (--srs, or in the import dialog); candidates: %s"),
                 path, listed);
  return NULL;
}

/* Sets up the transformation to EPSG:4326 in lon/lat order. */
static gboolean
gm_import_job_setup_srs (GmImportJob       *job,
                         OGRLayerH          layer,
                         const char        *path,
                         const GmLayerScan *scan,
                         GError           **error)
{
  g_auto(OGRSpatialReferenceH) wgs84 = OSRNewSpatialReference (NULL);
  g_auto(OGRSpatialReferenceH) source = NULL;
  g_autoptr(GError) local = NULL;

  if (scan->centres->len == 0 && (job->writer->geom_class == GM_GEOM_NONE
                                  || (wkbFlatten (OGR_L_GetGeomType (layer)) == wkbNone
                                      && scan->x_field < 0)))
    return TRUE;
  source = job->options->srs != NULL ? gm_import_job_user_srs (job, path, scan, &local)
                                     : gm_import_job_file_srs (job, layer, path, scan, &local);
  /* A table's rows (residents) use a location only to find their
   * building: they are imported without one rather than not at all. */
  if (source == NULL && job->writer->geom_class == GM_GEOM_NONE)
    {
      gm_import_job_warn (job, -1, _("the rows’ locations were ignored: %s"), local->message);
      job->ignore_geometry = TRUE;
      return TRUE;
    }
  if (source == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  OSRImportFromEPSG (wgs84, 4326);
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetAxisMappingStrategy (source, OAMS_TRADITIONAL_GIS_ORDER);
  g_free (job->report->srs);
  job->report->srs = gm_srs_dup_code (source);
  if (job->report->srs == NULL)
    job->report->srs = g_strdup (OSRGetName (source));

  if (OSRIsSame (source, wgs84))
    return TRUE;
  job->to_wgs84 = OCTNewCoordinateTransformation (source, wgs84);
  if (job->to_wgs84 == NULL)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                   _("Cannot import “%s”: its coordinate system “%s” cannot be converted to longitude/latitude"),
                   path, OSRGetName (source));
      return FALSE;
    }
  return TRUE;
}

static int
gm_import_job_field_index (GmImportJob *job,
                           const char  *name)
{
  for (int i = 0; i < job->n_fields; i++)
    if (strcmp (job->field_names[i], name) == 0)
      return i;
  return -1;
}

static gboolean
gm_import_job_setup_fields (GmImportJob  *job,
                            GmLayerScan  *scan,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GHashTable) guessed = NULL;
  GHashTable *mapping = job->options->mapping;
  GHashTableIter iter;
  gpointer target, field;

  job->field_names = g_steal_pointer (&scan->field_names);
  job->n_fields = g_strv_length (job->field_names);

  /* Guessed mapping first, then the caller's choices on top. */
  {
    GmSourceLayer sl = { .fields = job->field_names };

    guessed = gm_import_guess_mapping (job->options->kind, &sl);
  }
  job->field_of_target = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int pass = 0; pass < 2; pass++)
    {
      GHashTable *table = pass == 0 ? guessed : mapping;

      if (table == NULL)
        continue;
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, &target, &field))
        {
          int index = field != NULL && *(char *) field != '\0'
                      ? gm_import_job_field_index (job, field) : -1;

          if (field == NULL || *(char *) field == '\0')
            {
              g_hash_table_remove (job->field_of_target, target);
              continue;
            }
          if (index < 0)
            {
              g_autofree char *names = g_strjoinv (", ", job->field_names);

              g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_MAPPING,
                           _("Cannot import “%s”: it has no field “%s” (its fields are: %s)"),
                           path, (char *) field, names);
              return FALSE;
            }
          g_hash_table_insert (job->field_of_target, g_strdup (target), GINT_TO_POINTER (index + 1));
        }
    }
  return TRUE;
}

static void
gm_import_job_clear (GmImportJob *job)
{
  g_clear_pointer (&job->field_of_target, g_hash_table_unref);
  g_clear_pointer (&job->field_names, g_strfreev);
  g_clear_pointer (&job->to_wgs84, OCTDestroyCoordinateTransformation);
  g_clear_pointer (&job->geos, GEOS_finish_r);
  g_clear_pointer (&job->insert, sqlite3_finalize);
  g_clear_pointer (&job->boxes, g_array_unref);
  g_clear_pointer (&job->index_insert, sqlite3_finalize);
  g_clear_error (&job->index_error);
  g_clear_pointer (&job->suspended_triggers, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (job->extra); i++)
    g_clear_pointer (&job->extra[i], sqlite3_finalize);
  g_clear_pointer (&job->today, g_free);
  g_clear_pointer (&job->decoder, gm_decoder_free);
  g_clear_pointer (&job->placed, g_array_unref);
  g_clear_pointer (&job->seen_ids, g_hash_table_unref);
}

/* ---- the loop --------------------------------------------------------------- */

static gboolean
gm_import_job_start_log (GmImportJob *job,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (job->store,
                                                   "INSERT INTO import_log (source, layer, kind) VALUES (?, ?, ?)",
                                                   error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, job->report->layer, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, gm_import_kind_to_string (job->options->kind), -1, SQLITE_STATIC);
  if (!gm_import_job_step (job, stmt, error))
    return FALSE;
  job->import_id = sqlite3_last_insert_rowid (gm_store_get_db (job->store));
  return TRUE;
}

static gboolean
gm_import_job_finish_log (GmImportJob *job,
                          GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *json = gm_import_report_to_json (job->report);

  stmt = gm_store_prepare (job->store,
                           "UPDATE import_log SET imported = ?, repaired = ?, skipped = ?, report = ?"
                           " WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, job->report->imported);
  sqlite3_bind_int64 (stmt, 2, job->report->repaired);
  sqlite3_bind_int64 (stmt, 3, job->report->skipped);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, job->import_id);
  return gm_import_job_step (job, stmt, error);
}

/* ---- reading and writing in two threads ------------------------------------------
 *
 * The reading thread turns features into items (GDAL, GEOS and PROJ work);
 * the calling thread writes them (SQLite work). Items travel in batches;
 * a fixed number of batch credits bounds the memory in flight, so a file
 * of a million features streams through. */

#define GM_PIPE_CREDITS 8

typedef struct
{
  GmImportJob  *job;
  OGRLayerH     layer;
  GAsyncQueue  *full;      /* GPtrArray batches of GmFeatureItem; empty = end */
  GAsyncQueue  *credits;
  gint          stop;
} GmPipe;

static gpointer
gm_pipe_read (gpointer data)
{
  GmPipe *pipe = data;
  GPtrArray *batch = NULL;
  OGRFeatureH feature;
  GmGdalTrap trap;

  /* GDAL's messages about features are ours to report, not stderr's. */
  gm_gdal_trap_push (&trap);
  OGR_L_ResetReading (pipe->layer);
  while (!g_atomic_int_get (&pipe->stop) && (feature = OGR_L_GetNextFeature (pipe->layer)) != NULL)
    {
      if (batch == NULL)
        {
          g_async_queue_pop (pipe->credits);
          batch = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_feature_item_free);
        }
      g_ptr_array_add (batch, gm_import_job_read_feature (pipe->job, feature));
      if (batch->len == GM_IMPORT_BATCH)
        g_async_queue_push (pipe->full, g_steal_pointer (&batch));
    }
  gm_gdal_trap_pop (&trap);

  if (batch != NULL)
    g_async_queue_push (pipe->full, batch);
  g_async_queue_push (pipe->full, g_ptr_array_new ());
  return NULL;
}

static gboolean
gm_import_job_write_item (GmImportJob    *job,
                          GmFeatureItem  *item,
                          GError        **error)
{
  gboolean skipped = item->skipped;

  job->report->read++;
  if (item->issues != NULL)
    {
      for (guint i = 0; i < item->issues->len; i++)
        gm_import_job_take_issue (job, g_ptr_array_steal_index (item->issues, i--));
    }
  if (skipped)
    return TRUE;
  if (item->geom == NULL && !job->writer->geometry_optional)
    return TRUE;
  job->values = item->values;
  if (item->geom != NULL)
    gm_import_job_place_note (job, item->fid, item->geom);
  return job->writer->write (job, item->fid, item->geom, error);
}

static gboolean
gm_import_job_read_all (GmImportJob    *job,
                        OGRLayerH       layer,
                        GmProgressFunc  progress,
                        gpointer        progress_data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  /* Only a count the driver knows cheaply: forcing it would read a large
   * CSV or GeoJSON twice. */
  gint64 total = OGR_L_GetFeatureCount (layer, FALSE);
  GmPipe pipe = { job, layer, g_async_queue_new (), g_async_queue_new (), 0 };
  gboolean ok = TRUE;
  GThread *reader;

  for (int i = 0; i < GM_PIPE_CREDITS; i++)
    g_async_queue_push (pipe.credits, GINT_TO_POINTER (1));
  reader = g_thread_new ("gm-import-read", gm_pipe_read, &pipe);

  for (;;)
    {
      g_autoptr(GPtrArray) batch = g_async_queue_pop (pipe.full);

      if (batch->len == 0)
        break;
      for (guint i = 0; ok && i < batch->len; i++)
        ok = gm_import_job_write_item (job, g_ptr_array_index (batch, i), error);
      ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (!ok)
        g_atomic_int_set (&pipe.stop, 1);
      /* Return the credit even when stopping, so the reader never waits. */
      g_async_queue_push (pipe.credits, GINT_TO_POINTER (1));
      if (ok && progress != NULL && total > 0)
        progress ((double) job->report->read / total, NULL, progress_data);
    }

  g_thread_join (reader);
  job->values = NULL;
  g_async_queue_unref (pipe.full);
  g_async_queue_unref (pipe.credits);
  return ok;
}

static void
gm_import_set_nothing_error (GmImportJob *job,
                             const char  *path,
                             GError     **error)
{
  GmImportIssue *first = job->report->issues->len > 0
                         ? g_ptr_array_index (job->report->issues, job->report->issues->len - 1)
                         : NULL;

  for (guint i = 0; i < job->report->issues->len; i++)
    {
      GmImportIssue *issue = g_ptr_array_index (job->report->issues, i);

      if (issue->kind == GM_IMPORT_ISSUE_SKIPPED)
        {
          first = issue;
          break;
        }
    }

  if (job->report->read == 0)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_NOTHING,
                 _("Nothing imported from “%s”: layer “%s” has no features"),
                 path, job->report->layer);
  else
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_NOTHING,
                 ngettext ("Nothing imported from “%s”: its %lld feature was skipped (feature %lld: %s)",
                           "Nothing imported from “%s”: all %lld features were skipped (first, feature %lld: %s)",
                           job->report->read),
                 path, (long long) job->report->read, (long long) (first != NULL ? first->feature : -1),
                 first != NULL ? first->reason : "");
}

/* Opens the source and reads what the import needs to know before it
 * writes anything: encoding, fields, coordinate system, the project's
 * extent. */
static OGRLayerH
gm_import_job_open (GmImportJob   *job,
                    const char    *path,
                    GmOpenSource **src_out,
                    GError       **error)
{
  g_autoptr(GmOpenSource) src = NULL;
  g_autoptr(GmLayerScan) scan = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *user = NULL;
  OGRLayerH layer;

  if (job->options->encoding != NULL && (user = gm_encoding_normalize (job->options->encoding)) == NULL)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_ENCODING,
                   _("Cannot import “%s”: “%s” is not a text encoding Gridmap knows (try UTF-8, GB18030, BIG5 or CP1252)"),
                   path, job->options->encoding);
      return NULL;
    }
  src = gm_open_source (path, user, error);
  layer = src != NULL ? gm_source_get_layer (src, job->options->layer, error) : NULL;
  if (layer == NULL)
    return NULL;

  job->report->layer = g_strdup (OGR_L_GetName (layer));
  job->row_offset = src->table ? src->row_offset : -1;
  job->map_layer = !src->table && wkbFlatten (OGR_L_GetGeomType (layer)) != wkbNone;
  for (guint i = 0; i < src->warnings->len; i++)
    gm_import_job_warn (job, -1, "%s", (char *) g_ptr_array_index (src->warnings, i));
  scan = gm_layer_scan (src, layer, user, warnings);
  for (guint i = 0; i < warnings->len; i++)
    gm_import_job_warn (job, -1, "%s", (char *) g_ptr_array_index (warnings, i));
  job->report->encoding = g_strdup (scan->encoding->encoding);
  job->report->encoding_origin = scan->encoding->origin;
  job->report->encoding_sample = g_strdup (scan->encoding->sample);
  job->decoder = gm_decoder_new (src->raw_text ? scan->encoding->encoding : NULL);
  job->x_field = scan->x_field;
  job->y_field = scan->y_field;
  if (!gm_store_get_extent (job->store, &job->project_extent, NULL))
    job->project_extent = GM_EXTENT_EMPTY;
  if (!gm_import_job_setup_srs (job, layer, path, scan, error)
      || !gm_import_job_setup_fields (job, scan, path, error))
    return NULL;
  *src_out = g_steal_pointer (&src);
  return layer;
}

static gboolean
gm_import_job_run (GmImportJob    *job,
                   const char     *path,
                   GmProgressFunc  progress,
                   gpointer        progress_data,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GmOpenSource) src = NULL;
  OGRLayerH layer;
  gint64 phase_start;
  gboolean ok;

  layer = gm_import_job_open (job, path, &src, error);
  if (layer == NULL)
    return FALSE;

  /* Everything above only read the source; from here on the project is
   * written, inside one transaction. */
  if (!gm_store_begin (job->store, error))
    return FALSE;
  job->insert = gm_store_prepare (job->store, job->writer->insert_sql, error);
  /* G_MESSAGES_DEBUG=Gridmap shows where an import spends its time. */
#define PHASE(call) (phase_start = g_get_monotonic_time (), ok = (call), \
                     g_debug ("import: %s: %.1f ms", #call, (g_get_monotonic_time () - phase_start) / 1000.0), ok)
  if (job->insert == NULL
      || !gm_import_job_start_log (job, path, error)
      || !PHASE (gm_import_job_suspend_triggers (job, error))
      || !PHASE (gm_import_job_read_all (job, layer, progress, progress_data, cancellable, error))
      || !PHASE (gm_import_job_write_index (job, error))
      || (job->writer->finish != NULL && !PHASE (job->writer->finish (job, error)))
      || !PHASE (gm_import_job_restore_triggers (job, error)))
    goto fail;

  if (job->report->imported + job->report->updated == 0)
    {
      gm_import_set_nothing_error (job, path, error);
      goto fail;
    }
  gm_import_job_check_extent (job);
  if (!gm_import_job_finish_log (job, error)
      || !PHASE (gm_store_commit (job->store, error)))
    goto fail;
#undef PHASE
  return TRUE;

fail:
  gm_store_rollback (job->store);
  return FALSE;
}

/**
 * gm_import_run:
 * @store: the project
 * @path: the source file
 * @options: what the source is and how to read it
 * @progress: (nullable): called now and then with the fraction done
 * @progress_data: data for @progress
 * @cancellable: (nullable): cancels the import, which then rolls back
 * @error: return location for a #GError
 *
 * Imports one layer of @path in a single transaction.
 *
 * Returns: (transfer full): the report, or %NULL with @error set, in which
 *   case the project is unchanged
 */
GmImportReport *
gm_import_run (GmStore                *store,
               const char             *path,
               const GmImportOptions  *options,
               GmProgressFunc          progress,
               gpointer                progress_data,
               GCancellable           *cancellable,
               GError                **error)
{
  g_autoptr(GmImportReport) report = g_new0 (GmImportReport, 1);
  g_autoptr(GTimer) timer = g_timer_new ();
  GmImportJob job = { 0 };
  gboolean ok;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->kind < GM_IMPORT_N_KINDS, NULL);
  g_return_val_if_fail (!gm_store_in_transaction (store), NULL);

  report->source = g_strdup (path);
  report->kind = options->kind;
  report->shift = options->shift;
  report->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_import_issue_free);
  job.store = store;
  job.options = options;
  job.writer = gm_import_writer_for (options->kind);
  job.report = report;
  job.geos = GEOS_init_r ();
  job.row_offset = -1;
  job.x_field = job.y_field = -1;
  job.today = gm_today_iso ();

  ok = gm_import_job_run (&job, path, progress, progress_data, cancellable, error);
  gm_import_job_clear (&job);
  if (!ok)
    return NULL;

  report->seconds = g_timer_elapsed (timer, NULL);
  if (progress != NULL)
    progress (1.0, NULL, progress_data);
  return g_steal_pointer (&report);
}
