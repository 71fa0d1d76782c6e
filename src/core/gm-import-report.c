/* gm-import-report.c — import options, reports, and running an import in a
 * worker thread. */
#include "gm-config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n-lib.h>

#include "gm-import-private.h"

/* ---- options ----------------------------------------------------------------- */

GmImportOptions *
gm_import_options_new (GmImportKind kind)
{
  GmImportOptions *options;

  g_return_val_if_fail (kind < GM_IMPORT_N_KINDS, NULL);

  options = g_new0 (GmImportOptions, 1);
  options->kind = kind;
  return options;
}

void
gm_import_options_free (GmImportOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->layer);
  g_free (options->encoding);
  g_free (options->srs);
  g_free (options->community);
  g_clear_pointer (&options->mapping, g_hash_table_unref);
  g_free (options);
}

/**
 * gm_import_options_map:
 * @options: import options
 * @target: a project field, one of gm_import_kind_get_targets()
 * @source_field: (nullable): the source field; %NULL or "" maps nothing,
 *   overriding the guess
 */
void
gm_import_options_map (GmImportOptions *options,
                       const char      *target,
                       const char      *source_field)
{
  g_return_if_fail (options != NULL);
  g_return_if_fail (target != NULL);

  if (options->mapping == NULL)
    options->mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (options->mapping, g_strdup (target),
                       g_strdup (source_field != NULL ? source_field : ""));
}

GmImportOptions *
gm_import_options_copy (const GmImportOptions *options)
{
  GmImportOptions *copy = gm_import_options_new (options->kind);

  copy->layer = g_strdup (options->layer);
  copy->encoding = g_strdup (options->encoding);
  copy->srs = g_strdup (options->srs);
  copy->community = g_strdup (options->community);
  copy->shift = options->shift;
  if (options->mapping != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, options->mapping);
      while (g_hash_table_iter_next (&iter, &key, &value))
        gm_import_options_map (copy, key, value);
    }
  return copy;
}

/* ---- reports ----------------------------------------------------------------- */

void
gm_import_issue_free (GmImportIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->reason);
  g_free (issue);
}

void
gm_import_report_free (GmImportReport *report)
{
  if (report == NULL)
    return;
  g_free (report->source);
  g_free (report->layer);
  g_free (report->srs);
  g_free (report->encoding);
  g_free (report->encoding_sample);
  g_clear_pointer (&report->issues, g_ptr_array_unref);
  g_free (report);
}

char *
gm_import_report_summary (const GmImportReport *report)
{
  g_autofree char *counts = NULL;
  g_autofree char *removed = NULL;
  g_autofree char *rest = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  /* Translators: "%s" is what was imported, e.g. "Buildings"; then the
   * features that are new to the project, those an earlier import of the
   * same records had and that changed, and those that did not change */
  counts = g_strdup_printf (_("%s: new %lld, updated %lld, unchanged %lld"),
                            gm_import_kind_get_label (report->kind),
                            (long long) report->imported, (long long) report->updated,
                            (long long) report->unchanged);
  if (report->removed > 0)
    /* Translators: features of an earlier import of the same file that it no longer has */
    removed = g_strdup_printf (_(", removed %lld"), (long long) report->removed);
  rest = g_strdup_printf (_("repaired %lld, skipped %lld of %lld read"),
                          (long long) report->repaired, (long long) report->skipped,
                          (long long) report->read);
  /* Translators: the parts of the import summary: counts, removed (often
   * empty), the rest */
  return g_strdup_printf (_("%s%s; %s."), counts, removed != NULL ? removed : "", rest);
}

static const char *
gm_encoding_origin_name (GmEncodingOrigin origin)
{
  static const char * const names[] = {
    [GM_ENCODING_FROM_FORMAT] = "format", [GM_ENCODING_FROM_CPG] = "cpg",
    [GM_ENCODING_FROM_LANGUAGE_BYTE] = "language-byte", [GM_ENCODING_DETECTED] = "detected",
    [GM_ENCODING_CHOSEN] = "chosen", [GM_ENCODING_ASCII] = "ascii",
  };

  return origin < G_N_ELEMENTS (names) ? names[origin] : "format";
}

static const char *
gm_issue_kind_name (GmImportIssueKind kind)
{
  switch (kind)
    {
    case GM_IMPORT_ISSUE_REPAIRED: return "repaired";
    case GM_IMPORT_ISSUE_SKIPPED: return "skipped";
    case GM_IMPORT_ISSUE_WARNING:
    default: return "warning";
    }
}

static void
gm_report_issues_to_json (const GmImportReport *report,
                          JsonBuilder          *b)
{
  json_builder_set_member_name (b, "issues");
  json_builder_begin_array (b);
  for (guint i = 0; report->issues != NULL && i < report->issues->len; i++)
    {
      const GmImportIssue *issue = g_ptr_array_index (report->issues, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "feature");
      json_builder_add_int_value (b, issue->feature);
      if (issue->row >= 0)
        {
          json_builder_set_member_name (b, "row");
          json_builder_add_int_value (b, issue->row);
        }
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, gm_issue_kind_name (issue->kind));
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, issue->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  /* Past 10,000 issues the rest are counted only. */
  json_builder_set_member_name (b, "issues_omitted");
  json_builder_add_int_value (b, report->issues_omitted);
}

char *
gm_import_report_to_json (const GmImportReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, report->source);
  json_builder_set_member_name (b, "layer");
  json_builder_add_string_value (b, report->layer);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, gm_import_kind_to_string (report->kind));
  json_builder_set_member_name (b, "srs");
  json_builder_add_string_value (b, report->srs);
  json_builder_set_member_name (b, "shift");
  json_builder_add_string_value (b, report->shift == GM_SHIFT_GCJ02 ? "gcj02"
                                    : report->shift == GM_SHIFT_BD09 ? "bd09" : "none");
  json_builder_set_member_name (b, "encoding");
  json_builder_add_string_value (b, report->encoding);
  json_builder_set_member_name (b, "encoding_origin");
  json_builder_add_string_value (b, gm_encoding_origin_name (report->encoding_origin));
  json_builder_set_member_name (b, "encoding_sample");
  json_builder_add_string_value (b, report->encoding_sample);
  json_builder_set_member_name (b, "read");
  json_builder_add_int_value (b, report->read);
  json_builder_set_member_name (b, "imported");
  json_builder_add_int_value (b, report->imported);
  json_builder_set_member_name (b, "new");
  json_builder_add_int_value (b, report->imported);
  json_builder_set_member_name (b, "updated");
  json_builder_add_int_value (b, report->updated);
  json_builder_set_member_name (b, "unchanged");
  json_builder_add_int_value (b, report->unchanged);
  json_builder_set_member_name (b, "removed");
  json_builder_add_int_value (b, report->removed);
  json_builder_set_member_name (b, "repaired");
  json_builder_add_int_value (b, report->repaired);
  json_builder_set_member_name (b, "skipped");
  json_builder_add_int_value (b, report->skipped);
  json_builder_set_member_name (b, "seconds");
  json_builder_add_double_value (b, report->seconds);
  gm_report_issues_to_json (report, b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* ---- in a thread ------------------------------------------------------------- */

typedef struct
{
  char            *project_path;
  char            *path;
  GmImportOptions *options;
  GmProgressFunc   progress;
  gpointer         progress_data;
  GMainContext    *context;
  gint             pending;      /* a progress update is queued */
  double           fraction;
} GmImportTaskData;

static void
gm_import_task_data_free (GmImportTaskData *data)
{
  g_free (data->project_path);
  g_free (data->path);
  gm_import_options_free (data->options);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
gm_import_deliver_progress (gpointer user_data)
{
  GTask *task = user_data;
  GmImportTaskData *data = g_task_get_task_data (task);

  g_atomic_int_set (&data->pending, 0);
  data->progress (data->fraction, NULL, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker; hands the latest fraction to the caller's context
 * without queueing more than one update at a time. */
static void
gm_import_thread_progress (double      fraction,
                           const char *message,
                           gpointer    user_data)
{
  GTask *task = user_data;
  GmImportTaskData *data = g_task_get_task_data (task);

  data->fraction = fraction;
  if (g_atomic_int_compare_and_exchange (&data->pending, 0, 1))
    g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT,
                                gm_import_deliver_progress,
                                g_object_ref (task), g_object_unref);
}

static void
gm_import_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GmImportTaskData *data = task_data;
  g_autoptr(GmStore) store = NULL;
  GmImportReport *report;
  GError *error = NULL;

  store = gm_store_open (data->project_path, GM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  report = gm_import_run (store, data->path, data->options,
                          data->progress != NULL ? gm_import_thread_progress : NULL, task,
                          cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) gm_import_report_free);
}

void
gm_import_run_async (const char             *project_path,
                     const char             *path,
                     const GmImportOptions  *options,
                     GmProgressFunc          progress,
                     gpointer                progress_data,
                     GCancellable           *cancellable,
                     GAsyncReadyCallback     callback,
                     gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  GmImportTaskData *data;

  g_return_if_fail (project_path != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (options != NULL);

  data = g_new0 (GmImportTaskData, 1);
  data->project_path = g_strdup (project_path);
  data->path = g_strdup (path);
  data->options = gm_import_options_copy (options);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gm_import_run_async);
  /* Report what really happened: a cancel that comes after the commit must
   * not claim the import did not land. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) gm_import_task_data_free);
  g_task_run_in_thread (task, gm_import_thread);
}

GmImportReport *
gm_import_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
