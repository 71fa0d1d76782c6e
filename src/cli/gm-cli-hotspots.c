/* gm-cli-hotspots.c — `gridmap-cli hotspots`: density, Gi* hot spots or
 * per-grid rates of a project's hazards, for scripts.
 *
 * Prints a summary for people, or with --json one object with the values
 * of every cell or grid; --out writes a map (.png, .pdf) or the values
 * (.geojson, .csv). Outputs hold counts of hazards, never who reported
 * them. Gi* with fewer than 30 hazards fails (exit 1) with the reason.
 */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gm-cli-hotspots.h"
#include "gm-hazard-edit.h"

#define COMMAND "hotspots"

typedef struct
{
  char     *method;
  char     *from;
  char     *to;
  char     *as_of;
  char     *category;
  char     *kind;
  char     *status;
  char     *weight;
  char     *measure;
  char     *out;
  double    bandwidth;
  double    cell_size;
  double    band;
  gboolean  json;
} GmCliHotspotsOptions;

static void
options_clear (GmCliHotspotsOptions *o)
{
  g_free (o->method);
  g_free (o->from);
  g_free (o->to);
  g_free (o->as_of);
  g_free (o->category);
  g_free (o->kind);
  g_free (o->status);
  g_free (o->weight);
  g_free (o->measure);
  g_free (o->out);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmCliHotspotsOptions, options_clear)

/* ---- options ------------------------------------------------------------- */

static gboolean
parse_method (const char  *text,
              GmCliMethod *method)
{
  static const char * const names[] = { "kde", "gi", "grid" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *method = (GmCliMethod) i;
        return TRUE;
      }
  return FALSE;
}

/* "open", "overdue" or statuses, separated by commas: hazards of any of them. */
static gboolean
parse_statuses (const char     *text,
                GmHazardFilter *filter)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      GmHazardStatus status;

      g_strstrip (parts[i]);
      if (g_str_equal (parts[i], "open"))
        filter->statuses |= GM_STATUS_OPEN;
      else if (g_str_equal (parts[i], "overdue"))
        filter->statuses |= GM_STATUS_OVERDUE;
      else if (gm_hazard_status_from_string (parts[i], &status))
        filter->statuses |= 1u << status;
      else
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_dates (const GmCliHotspotsOptions *o)
{
  const struct { const char *value, *option; } dates[] = {
    { o->from, "--from" }, { o->to, "--to" }, { o->as_of, "--as-of" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    if (dates[i].value != NULL && !gm_cli_parse_date (dates[i].value))
      {
        gm_cli_usage_error (COMMAND, _("%s needs a date written YYYY-MM-DD, not “%s”"),
                            dates[i].option, dates[i].value);
        return FALSE;
      }
  return TRUE;
}

static gboolean
check_out (const char *out)
{
  static const char * const suffixes[] = { ".png", ".pdf", ".geojson", ".csv" };

  if (out == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (out, suffixes[i]))
      return TRUE;
  gm_cli_usage_error (COMMAND, _("--out must name a .png, .pdf, .geojson or .csv file, not “%s”"), out);
  return FALSE;
}

/* The category key for what the user typed: the key itself (fire), its
 * Chinese name as on the forms (消防), or its name in the user's language. */
static const char *
category_key (const char *typed)
{
  static const char * const chinese[][2] = {
    { "fire", "消防" }, { "security", "治安" }, { "other", "其他" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (chinese); i++)
    if (g_ascii_strcasecmp (typed, chinese[i][0]) == 0 || g_str_equal (typed, chinese[i][1])
        || g_str_equal (typed, gm_hazard_category_label (chinese[i][0])))
      return chinese[i][0];
  return NULL;
}

/* Checks the options and turns them into parameters. */
static gboolean
make_params (const GmCliHotspotsOptions *o,
             GmCliMethod                *method,
             GmHotspotParams            *params)
{
  GmHazardFilter *f = params->filter;

  if (!parse_method (o->method != NULL ? o->method : "gi", method))
    return gm_cli_usage_error (COMMAND, _("--method must be kde, gi or grid, not “%s”"), o->method), FALSE;
  if (!check_dates (o) || !check_out (o->out))
    return FALSE;
  if (o->category != NULL && category_key (o->category) == NULL)
    return gm_cli_usage_error (COMMAND, _("--category must be fire, security or other (消防, 治安 or 其他), not “%s”"),
                               o->category), FALSE;
  if (o->status != NULL && !parse_statuses (o->status, f))
    return gm_cli_usage_error (COMMAND, _("--status takes open, overdue, discovered, notified, rectified "
                                          "or closed, separated by commas, not “%s”"), o->status), FALSE;
  if (o->weight != NULL && !g_str_equal (o->weight, "none") && !g_str_equal (o->weight, "status"))
    return gm_cli_usage_error (COMMAND, _("--weight must be none or status, not “%s”"), o->weight), FALSE;
  if (o->measure != NULL && !gm_grid_measure_from_string (o->measure, &params->measure))
    return gm_cli_usage_error (COMMAND, _("--measure must be open_per_100, overdue, rectification, "
                                          "rebound or change, not “%s”"), o->measure), FALSE;
  f->category = g_strdup (o->category != NULL ? category_key (o->category) : NULL);
  f->from = g_strdup (o->from);
  f->to = g_strdup (o->to);
  f->as_of = g_strdup (o->as_of);
  params->methods = *method == GM_CLI_METHOD_KDE ? GM_HOTSPOT_KDE
                    : *method == GM_CLI_METHOD_GI ? GM_HOTSPOT_GI : GM_HOTSPOT_GRID;
  params->weight = g_strcmp0 (o->weight, "status") == 0 ? GM_WEIGHT_STATUS : GM_WEIGHT_NONE;
  params->bandwidth_m = o->bandwidth;
  params->cell_size_m = *method == GM_CLI_METHOD_GI ? o->cell_size : 0;
  params->band_m = o->band;
  return TRUE;
}

/* ---- text for people ------------------------------------------------------- */

static void
print_kde (const GmHotspotResult *r,
           GArray                *samples)
{
  g_print (_("Kernel density of %u hazards (%s)\n"), r->points->len, r->description);
  g_print (_("  Bandwidth: %.0f m%s\n"), r->bandwidth_m,
           r->bandwidth_auto ? _(" (spatial Silverman rule)") : "");
  g_print (_("  Peak: %.1f hazards per km²\n"), r->max_density);
  g_print (_("  Cells over 1 %% of the peak: %u\n"), samples->len);
}

static void
print_gi (const GmHotspotResult *r)
{
  static const GmGiClass order[] = { GM_GI_HOT_99, GM_GI_HOT_95, GM_GI_HOT_90, GM_GI_NOT_SIGNIFICANT,
                                     GM_GI_COLD_90, GM_GI_COLD_95, GM_GI_COLD_99 };

  g_print (_("Getis–Ord Gi* of %u hazards (%s)\n"), r->points->len, r->description);
  g_print (_("  %u hexagons of %.0f m%s, distance band %.0f m, FDR-corrected\n"), r->cells->len,
           r->cell_size_m, r->cell_size_auto ? _(" (from the data)") : "", r->band_m);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_print ("  %-16s %6u\n", gm_cli_gi_class_name (order[i]), r->class_counts[order[i] + 3]);
}

static void
print_grid (const GmHotspotResult *r)
{
  g_print (_("Hazards per grid (%s; this month %s, last month %s)\n"), r->description,
           r->this_month, r->last_month);
  g_print ("%-16s %10s %8s %6s %9s %8s %10s %9s %7s\n", _("Grid"), _("Households"), _("Hazards"),
           _("Open"), _("Per 100"), _("Overdue"), _("Rectified"), _("Rebound"), _("Change"));
  for (guint i = 0; i < r->grids->len; i++)
    {
      const GmGridRate *g = g_ptr_array_index (r->grids, i);
      double per100 = gm_grid_rate_value (g, GM_GRID_OPEN_PER_100);
      double rect = gm_grid_rate_value (g, GM_GRID_RECTIFICATION);
      double reb = gm_grid_rate_value (g, GM_GRID_REBOUND);

      g_print ("%-16s %10d %8d %6d %9.2f %8d %9.1f%% %8.1f%% %+7d\n", g->code, g->households, g->hazards,
               g->open, isnan (per100) ? 0.0 : per100, g->overdue, isnan (rect) ? 0.0 : 100 * rect,
               isnan (reb) ? 0.0 : 100 * reb, g->this_month - g->last_month);
    }
}

/* ---- the command ------------------------------------------------------------- */

/* The method's own error, when it could not be made. */
static const GError *
method_error (GmCliMethod            method,
              const GmHotspotResult *r)
{
  switch (method)
    {
    case GM_CLI_METHOD_KDE:
      return r->points->len > 0 ? r->kde_error : NULL;
    case GM_CLI_METHOD_GI:
      return r->gi_error;
    case GM_CLI_METHOD_GRID:
    default:
      return r->grid_error;
    }
}

/* "Old electrical wiring (电气线路老化), …": each kind by its label and
 * the name it is stored by. */
static char *
describe_kinds (const char * const *kinds)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; kinds[i] != NULL; i++)
    {
      const char *label = gm_hazard_kind_label (kinds[i]);

      if (i > 0)
        g_string_append (text, ", ");
      if (g_str_equal (label, kinds[i]))
        g_string_append (text, kinds[i]);
      else
        g_string_append_printf (text, "%s (%s)", label, kinds[i]);
    }
  return g_string_free (text, FALSE);
}

/* Puts the stored kind that --kind names in the filter: its stored name or
 * its label; a usage error listing the kinds when none is named. */
static gboolean
set_kind (GmStore        *store,
          const char     *typed,
          GmHazardFilter *filter,
          GError        **error)
{
  g_auto(GStrv) kinds = gm_hazard_dup_kinds (store, NULL, error);
  g_autofree char *known = NULL;
  const char *kind;

  if (kinds == NULL)
    return FALSE;
  if ((kind = gm_hazard_kind_match ((const char * const *) kinds, typed)) != NULL)
    {
      g_free (filter->kind);
      filter->kind = g_strdup (kind);
      return TRUE;
    }
  known = describe_kinds ((const char * const *) kinds);
  gm_cli_usage_error (COMMAND, _("--kind must be one of the kinds of hazard: %s; not “%s”"), known, typed);
  return FALSE;
}

static int
run (GmCliMethod                 method,
     const GmCliHotspotsOptions *o,
     const char                 *project,
     GmHotspotParams            *params)
{
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GmHotspotResult) result = NULL;
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GError) error = NULL;
  const GError *failed;

  store = gm_store_open (project, GM_STORE_OPEN_READONLY, &error);
  if (store == NULL)
    return gm_cli_fail (error);
  if (o->kind != NULL && !set_kind (store, o->kind, params->filter, &error))
    return error != NULL ? gm_cli_fail (error) : GM_CLI_EXIT_USAGE;
  if ((result = gm_hotspot_compute (store, params, NULL, &error)) == NULL)
    return gm_cli_fail (error);
  if ((failed = method_error (method, result)) != NULL)
    return gm_cli_fail (failed);
  if (method == GM_CLI_METHOD_KDE && result->kde_error == NULL
      && (samples = gm_hotspot_sample_density (result, o->cell_size, &error)) == NULL)
    return gm_cli_fail (error);
  if (method == GM_CLI_METHOD_KDE && samples == NULL)
    samples = g_array_new (FALSE, FALSE, sizeof (GmHotspotSample));

  if (o->out != NULL && !gm_cli_hotspots_write (method, store, result, samples, o->out, &error))
    return gm_cli_fail (error);
  if (o->json)
    gm_cli_hotspots_print_json (method, result, samples);
  else if (method == GM_CLI_METHOD_KDE)
    print_kde (result, samples);
  else if (method == GM_CLI_METHOD_GI)
    print_gi (result);
  else
    print_grid (result);
  return GM_CLI_EXIT_OK;
}

int
gm_cli_hotspots (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GmHotspotParams) params = gm_hotspot_params_new ();
  g_auto(GmCliHotspotsOptions) o = { 0 };
  GmCliMethod method;
  const GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &o.method,
      N_("kde (density), gi (Getis–Ord Gi* hot spots, the default) or grid (rates per grid)"),
      N_("METHOD") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &o.from, N_("Hazards found on or after this date"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &o.to, N_("Hazards found on or before this date"), N_("YYYY-MM-DD") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &o.as_of,
      N_("Judge overdue hazards on this date (default: today)"), N_("YYYY-MM-DD") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &o.category, N_("fire, security or other"), N_("CATEGORY") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &o.kind, N_("Only hazards of this kind, by its name as stored or as shown"), N_("KIND") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &o.status,
      N_("open, overdue, discovered, notified, rectified or closed (several with commas)"), N_("STATUS") },
    { "bandwidth", 0, 0, G_OPTION_ARG_DOUBLE, &o.bandwidth,
      N_("Density bandwidth (default: spatial Silverman rule)"), N_("METRES") },
    { "weight", 0, 0, G_OPTION_ARG_STRING, &o.weight,
      N_("Density weights: none, or status (overdue 3, open 2, others 1)"), N_("WEIGHT") },
    { "cell-size", 0, 0, G_OPTION_ARG_DOUBLE, &o.cell_size,
      N_("Hexagon edge for gi, sampling cell for kde (default: from the data)"), N_("METRES") },
    { "band", 0, 0, G_OPTION_ARG_DOUBLE, &o.band,
      N_("Gi* distance band (default: 3.5 hexagon edges)"), N_("METRES") },
    { "measure", 0, 0, G_OPTION_ARG_STRING, &o.measure,
      N_("What a grid map shows: open_per_100, overdue, rectification, rebound or change"), N_("MEASURE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &o.json, N_("Print one JSON object with every cell's or grid's values"), NULL },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &o.out,
      N_("Write a map (.png, .pdf) or the values (.geojson, .csv)"), N_("FILE") },
    { NULL }
  };

  params->filter = gm_hazard_filter_new ();
  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Find where hazards cluster: kernel density, Getis–Ord Gi* hot spots "
                                   "with a false discovery rate correction, or rates per grid. Outputs "
                                   "hold counts of hazards, never who reported them."), entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv)
      || !gm_cli_check_positional (COMMAND, argc, 1)
      || !make_params (&o, &method, params))
    return GM_CLI_EXIT_USAGE;
  if (!(o.bandwidth >= 0 && o.cell_size >= 0 && o.band >= 0))
    return gm_cli_usage_error (COMMAND, _("lengths cannot be negative"));
  return run (method, &o, argv[1], params);
}
