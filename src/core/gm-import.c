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
#include <unistd.h>
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
void
gm_import_job_take_issue (GmImportJob   *job,
                          GmImportIssue *issue)
{
  issue->row = job->row_offset >= 0 && issue->feature >= 0 ? issue->feature + job->row_offset : -1;
  if (issue->kind == GM_IMPORT_ISSUE_SKIPPED)
    job->report->skipped++;
  else if (issue->kind == GM_IMPORT_ISSUE_REPAIRED)
    job->report->repaired++;

  if (job->report->issues->len >= GM_IMPORT_MAX_ISSUES)
    {
      job->report->issues_omitted++;
      gm_import_issue_free (issue);
    }
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

/* ---- setting up --------------------------------------------------------------- */

/* The coordinate system the user gave, or NULL with @error set. */
static OGRSpatialReferenceH
gm_import_job_user_srs (GmImportJob      *job,
                        const char       *path,
                        const GmLayerScan *scan,
                        GError          **error)
{
  g_autoptr(GError) local = NULL;
  OGRSpatialReferenceH source = gm_srs_from_user (job->options->srs, &local);
  g_autofree char *problem = NULL;

  if (source == NULL)
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                   _("Cannot import “%s”: %s"), path, local->message);
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
  if (declared == NULL && gm_points_lonlat (scan->centres))
    {
      wgs84 = OSRNewSpatialReference (NULL);
      OSRImportFromEPSG (wgs84, 4326);
      gm_import_job_warn (job, -1,
                          _("no coordinate system declared (no .prj); the coordinates look like WGS 84 longitude/latitude, so EPSG:4326 was assumed (choose another with --srs or in the import dialog; for Amap, Tencent or Baidu coordinates convert from GCJ-02 or BD-09)"));
      return wgs84;
    }
  candidates = gm_srs_guess (scan->centres, &job->project_extent);
  listed = candidates->len > 0 ? gm_srs_candidates_text (candidates, 4) : g_strdup (_("none fits"));
  if (problem != NULL)
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS,
                 _("Cannot import “%s”: %s — choose the coordinate system its coordinates are really in (--srs, or in the import dialog); candidates: %s"),
                 path, problem, listed);
  else
    g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS_NEEDED,
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
                            OGRLayerH     layer,
                            const char   *path,
                            GError      **error)
{
  g_autoptr(GHashTable) guessed = NULL;
  g_autoptr(GmDecoder) decoder = gm_decoder_new (job->decode_from);
  GHashTable *mapping = job->options->mapping;
  GHashTableIter iter;
  gpointer target, field;

  job->field_names = g_steal_pointer (&scan->field_names);
  job->n_fields = g_strv_length (job->field_names);

  /* Guessed mapping first, then the caller's choices on top. */
  {
    GmSourceLayer sl = { .fields = job->field_names };

    /* What the fields hold tells a code from a word (a use). */
    gm_layer_read_values (layer, job->n_fields, decoder, job->header_fid, &sl.samples, &sl.field_values);
    guessed = gm_import_guess_mapping (job->options->kind, &sl);
    g_strfreev (sl.samples);
    g_ptr_array_unref (sl.field_values);
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
  g_clear_pointer (&job->insert, sqlite3_finalize);
  g_clear_pointer (&job->boxes, g_array_unref);
  g_clear_pointer (&job->packed, g_array_unref);
  g_clear_pointer (&job->index_insert, sqlite3_finalize);
  g_clear_error (&job->index_error);
  g_clear_pointer (&job->suspended_triggers, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (job->extra); i++)
    g_clear_pointer (&job->extra[i], sqlite3_finalize);
  g_clear_pointer (&job->today, g_free);
  g_clear_pointer (&job->decode_from, g_free);
  g_clear_pointer (&job->first_wrong_why, g_free);
  g_clear_pointer (&job->placed, g_array_unref);
  g_clear_pointer (&job->seen_ids, g_hash_table_unref);
  gm_import_job_clear_match (job);
  gm_import_job_clear_overlap (job);
  g_clear_pointer (&job->uncoded, g_array_unref);
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
  /* Absolute, so that importing the file again finds this import. */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, absolute, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, job->report->layer, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, gm_import_kind_to_string (job->options->kind), -1, SQLITE_STATIC);
  if (!gm_import_job_step (job, stmt, error))
    return FALSE;
  job->import_id = sqlite3_last_insert_rowid (gm_store_get_db (job->store));
  return gm_import_job_start_match (job, absolute, error)
         && gm_import_job_start_overlap (job, error);
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

/* A file whose features are nearly all of the wrong geometry for the kind
 * chosen (roads imported as buildings) is another kind of data: the few
 * that fit would be garbage. TRUE, with @error set, for such a file. */
static gboolean
gm_import_job_wrong_kind (GmImportJob *job,
                          const char  *path,
                          GError     **error)
{
  if (job->wrong_geometry == 0 || job->wrong_geometry < 0.9 * job->report->read)
    return FALSE;
  g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_NOTHING,
               _("Nothing imported from “%s”: %lld of its %lld features have the wrong kind of geometry for %s (first, feature %lld: %s) — the file holds another kind of data; import it as that kind"),
               path, (long long) job->wrong_geometry, (long long) job->report->read,
               gm_import_kind_get_label (job->options->kind), (long long) job->first_wrong,
               job->first_wrong_why != NULL ? job->first_wrong_why : "");
  return TRUE;
}

/* The process's resident memory in MB, for the debug messages; 0 where
 * /proc does not tell. */
static double
gm_resident_mb (void)
{
  g_autofree char *statm = NULL;
  unsigned long pages = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL)
      || sscanf (statm, "%lu %lu", &pages, &resident) != 2)
    return 0;
  return resident * (double) sysconf (_SC_PAGESIZE) / 1e6;
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
      g_autoptr(GError) local = NULL;

      gm_import_check_encoding (job->options->encoding, &local);
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_ENCODING,
                   _("Cannot import “%s”: %s"), path, local->message);
      return NULL;
    }
  src = gm_open_source (path, user, error);
  layer = src != NULL ? gm_source_get_layer (src, job->options->layer, error) : NULL;
  if (layer == NULL)
    return NULL;

  job->report->layer = g_strdup (OGR_L_GetName (layer));
  job->row_offset = src->table ? src->row_offset : -1;
  job->expected = MIN (OGR_L_GetFeatureCount (layer, FALSE), 100000000);
  job->map_layer = !src->table && wkbFlatten (OGR_L_GetGeomType (layer)) != wkbNone;
  for (guint i = 0; i < src->warnings->len; i++)
    gm_import_job_warn (job, -1, "%s", (char *) g_ptr_array_index (src->warnings, i));
  scan = gm_layer_scan (src, layer, user, warnings);
  for (guint i = 0; i < warnings->len; i++)
    gm_import_job_warn (job, -1, "%s", (char *) g_ptr_array_index (warnings, i));
  job->report->encoding = g_strdup (scan->encoding->encoding);
  job->report->encoding_origin = scan->encoding->origin;
  job->report->encoding_sample = g_strdup (scan->encoding->sample);
  job->decode_from = src->raw_text ? g_strdup (scan->encoding->encoding) : NULL;
  job->x_field = scan->x_field;
  job->header_fid = scan->header_fid;
  job->y_field = scan->y_field;
  if (!gm_store_get_extent (job->store, &job->project_extent, NULL))
    job->project_extent = GM_EXTENT_EMPTY;
  if (!gm_import_job_setup_srs (job, layer, path, scan, error)
      || !gm_import_job_setup_fields (job, scan, layer, path, error))
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
                     g_debug ("import: %s: %.1f ms, resident %.0f MB", #call, \
                              (g_get_monotonic_time () - phase_start) / 1000.0, gm_resident_mb ()), ok)
  if (job->insert == NULL
      || !gm_import_job_start_log (job, path, error)
      || !PHASE (gm_import_job_suspend_triggers (job, error))
      || !PHASE (gm_import_job_read_all (job, layer, progress, progress_data, cancellable, error))
      || !PHASE (gm_import_job_finish_match (job, error))
      || !PHASE (gm_import_job_write_index (job, error))
      || (job->writer->finish != NULL && !PHASE (job->writer->finish (job, error)))
      || !PHASE (gm_import_job_restore_triggers (job, error)))
    goto fail;

  if (job->report->imported + job->report->updated + job->report->unchanged == 0)
    {
      gm_import_set_nothing_error (job, path, error);
      goto fail;
    }
  if (gm_import_job_wrong_kind (job, path, error))
    goto fail;
  gm_import_job_check_extent (job);
  gm_import_job_finish_overlap (job);
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
  job.row_offset = -1;
  job.x_field = job.y_field = -1;
  job.header_fid = -1;
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
