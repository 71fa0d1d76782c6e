/* gm-cli-partition.c — `gridmap-cli partition`: a balanced division of a
 * community, saved as a draft plan and, with --apply, put in force.
 *
 * Prints the plan's metrics: as lines for people, or with --json as one
 * object with the keys grids, max_over_mean, cv, contiguous,
 * boundary_on_roads, polsby_popper_mean, moved_buildings, seconds (and the
 * plan's id, name and warnings).
 */
#include "gm-config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n.h>

#include "gm-cli-private.h"
#include "gm-partition.h"

#define COMMAND "partition"

typedef struct
{
  const char         *project;
  GmPartitionOptions  options;
  gboolean            apply;
  GmPlan             *plan;
} GmCliPartitionJob;

/* "hazard=2,key=5": either or both, each at most once. */
static gboolean
gm_cli_partition_parse_weights (const char         *text,
                                GmPartitionOptions *options)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);

  for (guint k = 0; items[k] != NULL; k++)
    {
      g_auto(GStrv) pair = g_strsplit (items[k], "=", 2);
      char *end = NULL;
      double value;

      if (g_strv_length (pair) != 2)
        return FALSE;
      g_strstrip (pair[0]);
      errno = 0;
      value = g_ascii_strtod (g_strstrip (pair[1]), &end);
      if (errno != 0 || end == pair[1] || *end != '\0' || !isfinite (value) || value < 0)
        return FALSE;
      if (g_str_equal (pair[0], "hazard"))
        options->hazard_weight = value;
      else if (g_str_equal (pair[0], "key"))
        options->key_weight = value;
      else
        return FALSE;
    }
  return TRUE;
}

static gboolean
gm_cli_partition_check (const char         *community,
                        const char         *grids,
                        double              per_grid,
                        const char         *weights,
                        GmPartitionOptions *options)
{
  g_autoptr(GError) error = NULL;
  guint64 value = 0;

  if (community == NULL)
    return gm_cli_usage_error (COMMAND, _("--community is required")), FALSE;
  if (grids != NULL && per_grid > 0)
    return gm_cli_usage_error (COMMAND, _("give either --grids or --households-per-grid, not both")), FALSE;
  if (options->rebalance && (grids != NULL || per_grid > 0))
    return gm_cli_usage_error (COMMAND, _("--rebalance keeps the current grids: leave out --grids and --households-per-grid")), FALSE;
  if (grids != NULL && !g_ascii_string_to_unsigned (grids, 10, 1, 100000, &value, &error))
    return gm_cli_usage_error (COMMAND, _("--grids: %s"), error->message), FALSE;
  if (per_grid < 0 || (per_grid > 0 && per_grid < 1))
    return gm_cli_usage_error (COMMAND, _("--households-per-grid must be at least 1")), FALSE;
  if (weights != NULL && !gm_cli_partition_parse_weights (weights, options))
    return gm_cli_usage_error (COMMAND, _("--weights needs hazard=W and/or key=W with numbers of 0 or more, not “%s”"),
                               weights), FALSE;
  options->community_code = g_strdup (community);
  options->grids = (guint) value;
  if (per_grid > 0)
    options->households_per_grid = per_grid;
  return TRUE;
}

static gboolean
gm_cli_partition_job (gpointer        data,
                      GmProgressFunc  progress,
                      gpointer        progress_data,
                      GCancellable   *cancellable,
                      GError        **error)
{
  GmCliPartitionJob *job = data;
  g_autoptr(GmStore) store = gm_store_open (job->project, GM_STORE_OPEN_DEFAULT, error);

  if (store == NULL)
    return FALSE;
  job->plan = gm_partition_run (store, &job->options, progress, progress_data, cancellable, error);
  if (job->plan == NULL)
    return FALSE;
  if (!gm_store_begin (store, error))
    return FALSE;
  if (!gm_plan_save (job->plan, store, error) || !gm_store_commit (store, error))
    {
      gm_store_rollback (store);
      return FALSE;
    }
  return !job->apply || gm_plan_apply (store, job->plan->id, NULL, error);
}

static void
gm_cli_partition_print_json (const GmCliPartitionJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "plan");
  json_builder_add_int_value (builder, job->plan->id);
  gm_cli_add_string (builder, "name", job->plan->name);
  gm_cli_add_string (builder, "community", job->plan->community_code);
  json_builder_set_member_name (builder, "applied");
  json_builder_add_boolean_value (builder, job->apply);
  gm_plan_add_metrics_json (job->plan, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gm_cli_print_json (root);
}

static void
gm_cli_partition_print (const GmCliPartitionJob *job)
{
  const GmPlanMetrics *m = &job->plan->metrics;

  g_print (_("Plan %lld “%s” for community %s%s\n"), (long long) job->plan->id, job->plan->name,
           job->plan->community_code, job->apply ? _(" (applied)") : "");
  g_print ("grids               %u\n", m->grids);
  g_print ("max_over_mean       %.3f\n", m->max_over_mean);
  g_print ("cv                  %.3f\n", m->cv);
  g_print ("contiguous          %s\n", m->contiguous ? "true" : "false");
  g_print ("boundary_on_roads   %.3f\n", m->boundary_on_roads);
  g_print ("polsby_popper_mean  %.3f\n", m->polsby_popper_mean);
  g_print ("moved_buildings     %u\n", m->moved_buildings);
  g_print ("seconds             %.3f\n", m->seconds);
  for (guint k = 0; k < job->plan->warnings->len; k++)
    g_print (_("Warning: %s\n"), (const char *) g_ptr_array_index (job->plan->warnings, k));
}

int
gm_cli_partition (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *community = NULL;
  g_autofree char *grids = NULL;
  g_autofree char *weights = NULL;
  g_autoptr(GError) error = NULL;
  double per_grid = 0, tolerance = GM_PARTITION_DEFAULT_TOLERANCE;
  gboolean json = FALSE;
  GmCliPartitionJob job = { NULL };
  const GOptionEntry entries[] = {
    { "community", 0, 0, G_OPTION_ARG_STRING, &community, N_("Code of the community to divide (required)"), N_("CODE") },
    { "grids", 0, 0, G_OPTION_ARG_STRING, &grids, N_("Number of grids"), N_("K") },
    { "households-per-grid", 0, 0, G_OPTION_ARG_DOUBLE, &per_grid,
      N_("Target households per grid (default 400, the middle of 300–500)"), N_("N") },
    { "weights", 0, 0, G_OPTION_ARG_STRING, &weights,
      N_("Workload of an open hazard and of a key person, in households (default 0)"), N_("hazard=W,key=W") },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &tolerance,
      N_("Largest grid workload allowed above the mean, as a share (default 0.05)"), N_("T") },
    { "rebalance", 0, 0, G_OPTION_ARG_NONE, &job.options.rebalance,
      N_("Start from the current grids and move as few buildings as possible"), NULL },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &job.apply, N_("Put the plan in force (the old grids stay in history)"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the plan’s metrics as JSON"), NULL },
    { NULL }
  };

  gm_partition_options_init (&job.options);
  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Divide a community into contiguous grids of balanced workload whose "
                                   "boundaries follow streets (METIS on the buildings), save the result as a "
                                   "draft plan and print its metrics."),
                                entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv)
      || !gm_cli_check_positional (COMMAND, argc, 1)
      || !gm_cli_partition_check (community, grids, per_grid, weights, &job.options))
    {
      gm_partition_options_clear (&job.options);
      return GM_CLI_EXIT_USAGE;
    }
  if (!(tolerance >= 0.0 && tolerance <= 1.0))
    {
      gm_partition_options_clear (&job.options);
      return gm_cli_usage_error (COMMAND, _("--tolerance must be a share between 0 and 1, such as 0.05, not %g"),
                                 tolerance);
    }
  job.options.tolerance = tolerance;
  job.project = argv[1];
  if (!gm_cli_run_job (gm_cli_partition_job, &job, &error))
    {
      gm_partition_options_clear (&job.options);
      g_clear_pointer (&job.plan, gm_plan_free);
      return gm_cli_fail (error);
    }
  if (json)
    gm_cli_partition_print_json (&job);
  else
    gm_cli_partition_print (&job);
  gm_partition_options_clear (&job.options);
  gm_plan_free (job.plan);
  return GM_CLI_EXIT_OK;
}
