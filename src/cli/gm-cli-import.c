/* gm-cli-import.c — `gridmap-cli import`: any vector file into a project.
 *
 * The source is probed first, so a file GDAL cannot read is reported before
 * the project is touched; then core imports it in one transaction on a
 * worker thread while the main loop waits for Ctrl+C, which cancels it and
 * leaves the project as it was.
 */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "gm-cli-private.h"

#define COMMAND "import"

typedef struct
{
  char      *kind;
  char      *layer;
  char      *encoding;
  char      *srs;
  char     **map;
  char      *community;
  char      *shift;
  gboolean   create;
  gboolean   json;
} GmCliImportArgs;

static void
gm_cli_import_args_clear (GmCliImportArgs *args)
{
  g_clear_pointer (&args->kind, g_free);
  g_clear_pointer (&args->layer, g_free);
  g_clear_pointer (&args->encoding, g_free);
  g_clear_pointer (&args->srs, g_free);
  g_clear_pointer (&args->map, g_strfreev);
  g_clear_pointer (&args->community, g_free);
  g_clear_pointer (&args->shift, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmCliImportArgs, gm_cli_import_args_clear)

static char *
gm_cli_import_kinds_list (void)
{
  GString *list = g_string_new (NULL);

  for (int kind = 0; kind < GM_IMPORT_N_KINDS; kind++)
    {
      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, gm_import_kind_to_string ((GmImportKind) kind));
    }
  return g_string_free (list, FALSE);
}

static gboolean
gm_cli_import_parse_kind (const char   *text,
                          GmImportKind *kind)
{
  g_autofree char *kinds = gm_cli_import_kinds_list ();

  if (text == NULL)
    {
      gm_cli_usage_error (COMMAND, _("missing --as KIND (one of %s)"), kinds);
      return FALSE;
    }
  if (!gm_import_kind_from_string (text, kind))
    {
      gm_cli_usage_error (COMMAND, _("unknown kind “%s” (one of %s)"), text, kinds);
      return FALSE;
    }
  return TRUE;
}

/* Checks every --map TARGET=FIELD and collects them, target → field. */
static GHashTable *
gm_cli_import_parse_map (char         **map,
                         GmImportKind   kind)
{
  g_autoptr(GHashTable) overrides = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char * const *targets = gm_import_kind_get_targets (kind);

  for (guint i = 0; map != NULL && map[i] != NULL; i++)
    {
      const char *eq = strchr (map[i], '=');
      g_autofree char *target = NULL;
      g_autofree char *known = NULL;

      if (eq == NULL || eq == map[i] || eq[1] == '\0')
        {
          gm_cli_usage_error (COMMAND, _("--map needs TARGET=FIELD, not “%s”"), map[i]);
          return NULL;
        }
      target = g_strndup (map[i], eq - map[i]);
      if (targets == NULL || !g_strv_contains (targets, target))
        {
          known = targets != NULL ? g_strjoinv (", ", (char **) targets) : g_strdup ("");
          gm_cli_usage_error (COMMAND, _("unknown target “%s” for %s (one of %s)"),
                              target, gm_import_kind_to_string (kind), known);
          return NULL;
        }
      g_hash_table_replace (overrides, g_steal_pointer (&target), g_strdup (eq + 1));
    }
  return g_steal_pointer (&overrides);
}

/* Options from the command line, or NULL after a usage error. */
static GmImportOptions *
gm_cli_import_options (const GmCliImportArgs *args,
                       GHashTable           **overrides)
{
  g_autoptr(GmImportOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  GmImportKind kind;

  if (!gm_cli_import_parse_kind (args->kind, &kind))
    return NULL;
  *overrides = gm_cli_import_parse_map (args->map, kind);
  if (*overrides == NULL)
    return NULL;

  options = gm_import_options_new (kind);
  if (args->shift != NULL && !gm_coord_shift_from_string (args->shift, &options->shift))
    {
      gm_cli_usage_error (COMMAND, _("--shift takes gcj02 or bd09, not “%s”"), args->shift);
      return NULL;
    }
  if (args->encoding != NULL && !gm_import_check_encoding (args->encoding, &error))
    {
      gm_cli_usage_error (COMMAND, "--encoding: %s", error->message);
      return NULL;
    }
  if (args->srs != NULL && !gm_import_check_srs (args->srs, &error))
    {
      gm_cli_usage_error (COMMAND, "--srs: %s", error->message);
      return NULL;
    }
  options->layer = g_strdup (args->layer);
  options->encoding = g_strdup (args->encoding);
  options->srs = g_strdup (args->srs);
  options->community = g_strdup (args->community);
  return g_steal_pointer (&options);
}

static char *
gm_cli_import_layer_names (const GmSource *source)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  for (guint i = 0; i < source->layers->len; i++)
    g_strv_builder_add (names, ((GmSourceLayer *) g_ptr_array_index (source->layers, i))->name);
  list = g_strv_builder_end (names);
  return g_strjoinv (", ", list);
}

/* Probes @path, then maps the layer's fields as core guesses them, with the
 * targets given by --map replacing the guess. Returns the layer probed. */
static GmSourceLayer *
gm_cli_import_prepare (const char      *path,
                       GmImportOptions *options,
                       GHashTable      *overrides,
                       GmSource       **source_out,
                       GError         **error)
{
  g_autoptr(GmSource) source = gm_source_probe (path, options->encoding, error);
  g_autoptr(GHashTable) mapping = NULL;
  GmSourceLayer *layer = NULL;
  GHashTableIter iter;
  gpointer target, field;

  if (source == NULL)
    return NULL;
  if (options->layer != NULL)
    layer = gm_source_find_layer (source, options->layer);
  else if (source->layers->len > 0)
    layer = g_ptr_array_index (source->layers, 0);
  if (layer == NULL)
    {
      g_autofree char *names = gm_cli_import_layer_names (source);

      if (options->layer != NULL)
        g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER,
                     _("“%s” has no layer “%s” (layers: %s)"), path, options->layer, names);
      else
        g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER,
                     _("“%s” has no layer to import"), path);
      return NULL;
    }

  mapping = gm_import_guess_mapping (options->kind, layer);
  if (mapping == NULL)
    mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, overrides);
  while (g_hash_table_iter_next (&iter, &target, &field))
    g_hash_table_replace (mapping, g_strdup (target), g_strdup (field));
  g_hash_table_iter_init (&iter, mapping);
  while (g_hash_table_iter_next (&iter, &target, &field))
    gm_import_options_map (options, target, field);
  *source_out = g_steal_pointer (&source);
  return layer;
}

/* A --map naming a field the layer does not have is a usage error: the
 * command line is wrong, not the file. */
static gboolean
gm_cli_import_check_fields (const GmSourceLayer *layer,
                            GHashTable          *overrides)
{
  GHashTableIter iter;
  gpointer target, field;

  g_hash_table_iter_init (&iter, overrides);
  while (g_hash_table_iter_next (&iter, &target, &field))
    {
      g_autofree char *names = NULL;

      if (layer->fields != NULL && g_strv_contains ((const char * const *) layer->fields, field))
        continue;
      names = layer->fields != NULL ? g_strjoinv (", ", layer->fields) : g_strdup ("");
      gm_cli_usage_error (COMMAND, _("--map %s=%s: layer “%s” has no field “%s” (its fields are: %s)"),
                          (char *) target, (char *) field, layer->name, (char *) field, names);
      return FALSE;
    }
  return TRUE;
}

static GmImportReport *
gm_cli_import_run (const char            *project,
                   const char            *path,
                   const GmImportOptions *options,
                   GError               **error)
{
  g_autoptr(GmCliProgress) progress = gm_cli_progress_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  GmCliAsync async = { loop, NULL };

  gm_import_run_async (project, path, options,
                       gm_cli_progress_get_func (progress), progress,
                       cancellable, gm_cli_async_done, &async);
  result = gm_cli_async_wait (&async, cancellable);
  return gm_import_run_finish (result, error);
}

static const char *
gm_cli_import_issue_kind (GmImportIssueKind kind)
{
  switch (kind)
    {
    case GM_IMPORT_ISSUE_REPAIRED:
      return _("repaired");
    case GM_IMPORT_ISSUE_SKIPPED:
      return _("skipped");
    case GM_IMPORT_ISSUE_WARNING:
    default:
      return _("warning");
    }
}

/* How the text was decoded, with a sample to check it by: printed before
 * the report, so that a wrong guess is seen at once. */
static void
gm_cli_import_print_encoding (const GmImportReport *report,
                              const GmSourceLayer  *layer)
{
  if (report->encoding_sample == NULL)
    return;
  /* Translators: text encoding, where it comes from, then decoded text */
  g_print (_("Text encoding: %s (%s): “%s”\n"), report->encoding,
           gm_encoding_origin_get_label (report->encoding_origin), report->encoding_sample);
  if (layer == NULL || !layer->encoding_uncertain || layer->encoding_candidates == NULL)
    return;
  g_print ("%s\n", _("  The encoding is a guess: if the text above is wrong, import again with --encoding; it would read:"));
  for (guint i = 0; i < layer->encoding_candidates->len && i < 4; i++)
    {
      const GmEncodingCandidate *c = g_ptr_array_index (layer->encoding_candidates, i);

      if (g_ascii_strcasecmp (c->encoding, report->encoding) != 0)
        g_print ("    --encoding %s: “%s”\n", c->encoding, c->sample);
    }
}

static void
gm_cli_import_print_issue (const GmImportIssue *issue)
{
  /* Formatted apart: xgettext cannot see through G_GINT64_FORMAT. */
  g_autofree char *fid = g_strdup_printf ("%" G_GINT64_FORMAT, issue->row >= 0 ? issue->row : issue->feature);

  if (issue->feature < 0)
    /* Translators: an import issue about the whole file: "(kind): reason" */
    g_print (_("whole file (%s): %s\n"),
             gm_cli_import_issue_kind (issue->kind), issue->reason);
  else if (issue->row >= 0)
    /* Translators: an import issue in a spreadsheet: "row N (kind): reason" */
    g_print (_("row %s (%s): %s\n"), fid,
             gm_cli_import_issue_kind (issue->kind), issue->reason);
  else
    /* Translators: an import issue: "feature FID (kind): reason" */
    g_print (_("feature %s (%s): %s\n"), fid,
             gm_cli_import_issue_kind (issue->kind), issue->reason);
}

static void
gm_cli_import_print (const GmImportReport *report,
                     const GmSourceLayer  *layer,
                     gboolean              json)
{
  g_autofree char *text = NULL;

  if (json)
    {
      text = gm_import_report_to_json (report);
      gm_cli_print_json_data (text);
      return;
    }

  gm_cli_import_print_encoding (report, layer);
  text = gm_import_report_summary (report);
  g_print ("%s\n", text);
  for (guint i = 0; report->issues != NULL && i < report->issues->len; i++)
    gm_cli_import_print_issue (g_ptr_array_index (report->issues, i));
  if (report->issues_omitted > 0)
    g_print (ngettext ("… and %lld more issue, not listed (only the first 10,000 are).\n",
                       "… and %lld more issues, not listed (only the first 10,000 are).\n",
                       report->issues_omitted),
             (long long) report->issues_omitted);
}

/* Checks the project can be opened (or made, with --create) and closes it;
 * the import opens its own connection. */
static gboolean
gm_cli_import_open_project (const char  *project,
                            gboolean     create,
                            gboolean    *created,
                            GError     **error)
{
  g_autoptr(GmStore) store = NULL;

  *created = create && !g_file_test (project, G_FILE_TEST_EXISTS);
  store = gm_store_open (project, create ? GM_STORE_OPEN_CREATE : GM_STORE_OPEN_DEFAULT, error);
  return store != NULL;
}

static int
gm_cli_import_do (const char       *project,
                  const char       *path,
                  const GmCliImportArgs *args,
                  GmImportOptions  *options,
                  GHashTable       *overrides)
{
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  GmSourceLayer *layer = NULL;
  gboolean created = FALSE;

  /* A missing project is reported first; a new one is made only once the
   * source is known to be readable. */
  if ((!args->create && !gm_cli_import_open_project (project, FALSE, &created, &error))
      || (layer = gm_cli_import_prepare (path, options, overrides, &source, &error)) == NULL)
    return gm_cli_fail (error);
  if (!gm_cli_import_check_fields (layer, overrides))
    return GM_CLI_EXIT_USAGE;
  if (args->create && !gm_cli_import_open_project (project, TRUE, &created, &error))
    return gm_cli_fail (error);

  report = gm_cli_import_run (project, path, options, &error);
  if (report == NULL)
    {
      if (created)
        gm_cli_remove_project (project);
      /* Without a coordinate system the command line must name one. */
      if (g_error_matches (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS_NEEDED))
        return gm_cli_usage_error (COMMAND, "%s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       _("Import of “%s” cancelled; project “%s” is unchanged"), path, project);
        }
      return gm_cli_fail (error);
    }
  gm_cli_import_print (report, layer, args->json);
  return GM_CLI_EXIT_OK;
}

int
gm_cli_import (int    argc,
               char **argv)
{
  g_auto(GmCliImportArgs) args = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GmImportOptions) options = NULL;
  g_autoptr(GHashTable) overrides = NULL;
  const GOptionEntry entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &args.kind,
      N_("What the data is: buildings, grids, community, roads, landuse, water, hazards or residents"),
      N_("KIND") },
    { "layer", 0, 0, G_OPTION_ARG_STRING, &args.layer, N_("The layer to import (default: the first)"),
      N_("NAME") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &args.encoding,
      N_("Decode text from this encoding instead of what the file declares"), N_("ENC") },
    { "srs", 0, 0, G_OPTION_ARG_STRING, &args.srs,
      N_("Read coordinates in this CRS instead of the file’s own"), N_("EPSG:N") },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &args.map,
      N_("Take a project field from this source field (repeatable)"), N_("TARGET=FIELD") },
    { "community", 0, 0, G_OPTION_ARG_STRING, &args.community,
      N_("Code of the community the features belong to (default: by location)"), N_("CODE") },
    { "shift", 0, 0, G_OPTION_ARG_STRING, &args.shift,
      N_("The longitude/latitude come from a Chinese web map: gcj02 (Amap, Tencent) or bd09 (Baidu); convert them to WGS 84"),
      N_("gcj02|bd09") },
    { "create", 0, 0, G_OPTION_ARG_NONE, &args.create, N_("Create the project if it does not exist"),
      NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &args.json, N_("Print the import report as JSON"), NULL },
    { NULL }
  };

  context = gm_cli_context_new (COMMAND, N_("PROJECT SOURCE"),
                                N_("Import a vector file (Shapefile, GeoPackage, GeoJSON, CSV, …) "
                                   "into a project, in one transaction."),
                                entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv)
      || !gm_cli_check_positional (COMMAND, argc, 2))
    return GM_CLI_EXIT_USAGE;

  options = gm_cli_import_options (&args, &overrides);
  if (options == NULL)
    return GM_CLI_EXIT_USAGE;

  return gm_cli_import_do (argv[1], argv[2], &args, options, overrides);
}
