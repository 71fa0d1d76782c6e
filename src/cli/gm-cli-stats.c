/* gm-cli-stats.c — `gridmap-cli stats` and `gridmap-cli query`.
 *
 * Both read a project without writing to it and print either a table for
 * people or one JSON object for scripts. Residents' ID numbers and phones,
 * and building leaders' phones, are always masked: there is no option to
 * show them. Grid workers' phones are not masked; they are posted publicly.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-cli-private.h"
#include "gm-privacy.h"

/* ---- shared ------------------------------------------------------------ */

static void
gm_cli_add_int (JsonBuilder *builder,
                const char  *member,
                gint64       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, value);
}

static void
gm_cli_add_masked (JsonBuilder *builder,
                   const char  *member,
                   const char  *value,
                   char       *(*mask) (const char *))
{
  g_autofree char *masked = value != NULL ? mask (value) : NULL;

  gm_cli_add_string (builder, member, masked);
}

static void
gm_cli_add_grid_summary (JsonBuilder         *builder,
                         const GmGridSummary *grid)
{
  json_builder_begin_object (builder);
  gm_cli_add_string (builder, "code", grid->code);
  gm_cli_add_string (builder, "name", grid->name);
  gm_cli_add_string (builder, "community", grid->community_code);
  gm_cli_add_string (builder, "community_name", grid->community_name);
  gm_cli_add_int (builder, "buildings", grid->buildings);
  gm_cli_add_int (builder, "households", grid->households);
  gm_cli_add_int (builder, "residents", grid->residents);
  gm_cli_add_int (builder, "registered", grid->registered);
  gm_cli_add_int (builder, "floating", grid->floating);
  gm_cli_add_int (builder, "open_hazards", grid->open_hazards);
  gm_cli_add_int (builder, "overdue_hazards", grid->overdue_hazards);
  gm_cli_add_string (builder, "worker_name", grid->worker_name);
  gm_cli_add_string (builder, "worker_phone", grid->worker_phone);
  json_builder_end_object (builder);
}

/* Checks --as-of; NULL is fine (today). */
static gboolean
gm_cli_check_as_of (const char *command,
                    const char *as_of)
{
  if (as_of == NULL || gm_cli_parse_date (as_of))
    return TRUE;
  gm_cli_usage_error (command, _("--as-of needs a date written YYYY-MM-DD, not “%s”"), as_of);
  return FALSE;
}

/* Columns of text as wide as they look: CJK characters take two cells. */
static int
gm_cli_text_width (const char *text)
{
  int width = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
gm_cli_print_cell (const char *text,
                   int         width)
{
  const char *shown = text != NULL ? text : "";

  g_print ("%s%*s ", shown, MAX (width - gm_cli_text_width (shown), 0), "");
}

/* ---- stats ------------------------------------------------------------- */

static void
gm_cli_stats_add_extent (JsonBuilder    *builder,
                         const GmExtent *extent)
{
  json_builder_set_member_name (builder, "extent");
  if (gm_extent_is_empty (extent))
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, extent->min_lon);
  json_builder_add_double_value (builder, extent->min_lat);
  json_builder_add_double_value (builder, extent->max_lon);
  json_builder_add_double_value (builder, extent->max_lat);
  json_builder_end_array (builder);
}

static void
gm_cli_stats_add_details (JsonBuilder   *builder,
                          const GmStats *stats)
{
  json_builder_set_member_name (builder, "communities_detail");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->communities_detail->len; i++)
    {
      const GmCommunityInfo *info = g_ptr_array_index (stats->communities_detail, i);

      json_builder_begin_object (builder);
      gm_cli_add_string (builder, "code", info->code);
      gm_cli_add_string (builder, "name", info->name);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "grids_detail");
  json_builder_begin_array (builder);
  for (guint i = 0; i < stats->grids_detail->len; i++)
    gm_cli_add_grid_summary (builder, g_ptr_array_index (stats->grids_detail, i));
  json_builder_end_array (builder);
}

static void
gm_cli_stats_print_json (const GmStats *stats)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  gm_cli_add_int (builder, "buildings", stats->buildings);
  gm_cli_add_int (builder, "grids", stats->grids);
  gm_cli_add_int (builder, "communities", stats->communities);
  gm_cli_add_int (builder, "residents", stats->residents);
  gm_cli_add_int (builder, "hazards", stats->hazards);
  gm_cli_add_int (builder, "open_hazards", stats->open_hazards);
  gm_cli_add_int (builder, "roads", stats->roads);
  gm_cli_add_int (builder, "landuse", stats->landuse);
  gm_cli_add_int (builder, "water", stats->water);
  gm_cli_stats_add_extent (builder, &stats->extent);
  gm_cli_stats_add_details (builder, stats);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  gm_cli_print_json (root);
}

static void
gm_cli_stats_print_grids (const GmStats *stats)
{
  g_print ("\n");
  gm_cli_print_cell (_("Grid"), 16);
  gm_cli_print_cell (_("Name"), 20);
  g_print ("%9s %10s %9s %6s %7s  %s\n", _("Buildings"), _("Households"), _("Residents"),
           _("Open"), _("Overdue"), _("Grid worker"));
  for (guint i = 0; i < stats->grids_detail->len; i++)
    {
      const GmGridSummary *g = g_ptr_array_index (stats->grids_detail, i);

      gm_cli_print_cell (g->code, 16);
      gm_cli_print_cell (g->name, 20);
      g_print ("%9d %10d %9d %6d %7d  %s %s\n", g->buildings, g->households, g->residents,
               g->open_hazards, g->overdue_hazards,
               g->worker_name != NULL ? g->worker_name : "",
               g->worker_phone != NULL ? g->worker_phone : "");
    }
}

static void
gm_cli_stats_print_text (const char    *project,
                         const GmStats *stats)
{
  const struct { const char *label; int value; } rows[] = {
    { N_("Communities"), stats->communities }, { N_("Grids"), stats->grids },
    { N_("Buildings"), stats->buildings }, { N_("Residents"), stats->residents },
    { N_("Hazards"), stats->hazards }, { N_("Open hazards"), stats->open_hazards },
    { N_("Roads"), stats->roads }, { N_("Landuse areas"), stats->landuse },
    { N_("Water areas"), stats->water },
  };

  g_print (_("Project %s\n"), project);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gm_cli_print_cell (_(rows[i].label), 16);
      g_print ("%8d\n", rows[i].value);
    }
  gm_cli_print_cell (_("Extent"), 16);
  if (gm_extent_is_empty (&stats->extent))
    g_print ("%s\n", _("empty"));
  else
    g_print ("%.6f, %.6f – %.6f, %.6f\n", stats->extent.min_lon, stats->extent.min_lat,
             stats->extent.max_lon, stats->extent.max_lat);
  if (stats->grids_detail->len > 0)
    gm_cli_stats_print_grids (stats);
}

int
gm_cli_stats (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GmStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("Count hazards past their deadline on this date as overdue (default: today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };

  context = gm_cli_context_new ("stats", N_("PROJECT"),
                                N_("Count what a project holds, with totals per grid."), entries);
  if (!gm_cli_parse (context, "stats", &argc, &argv)
      || !gm_cli_check_positional ("stats", argc, 1)
      || !gm_cli_check_as_of ("stats", as_of))
    return GM_CLI_EXIT_USAGE;

  store = gm_store_open (argv[1], GM_STORE_OPEN_READONLY, &error);
  if (store == NULL || (stats = gm_store_dup_stats (store, as_of, &error)) == NULL)
    return gm_cli_fail (error);

  if (json)
    gm_cli_stats_print_json (stats);
  else
    gm_cli_stats_print_text (argv[1], stats);
  return GM_CLI_EXIT_OK;
}

/* ---- query ------------------------------------------------------------- */

typedef struct
{
  double         lon;
  double         lat;
  GmBuilding    *building;
  GmGridSummary *grid;
  GPtrArray     *residents;
  GPtrArray     *hazards;
} GmCliQuery;

static void
gm_cli_query_clear (GmCliQuery *query)
{
  g_clear_pointer (&query->building, gm_building_free);
  g_clear_pointer (&query->grid, gm_grid_summary_free);
  g_clear_pointer (&query->residents, g_ptr_array_unref);
  g_clear_pointer (&query->hazards, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmCliQuery, gm_cli_query_clear)

/* The building's own grid when it has one in the current division,
 * otherwise the current grid containing the point. */
static gboolean
gm_cli_query_find_grid (GmStore     *store,
                        GmCliQuery  *query,
                        const char  *as_of,
                        GError     **error)
{
  gint64 grid_id = 0;

  if (query->building != NULL && query->building->grid_id > 0)
    {
      g_autoptr(GError) local_error = NULL;

      query->grid = gm_store_dup_grid_summary (store, query->building->grid_id, as_of,
                                               &local_error);
      if (query->grid != NULL)
        return TRUE;
      if (!g_error_matches (local_error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  grid_id = gm_store_find_grid_at (store, query->lon, query->lat, error);
  if (grid_id < 0)
    return FALSE;
  if (grid_id > 0)
    query->grid = gm_store_dup_grid_summary (store, grid_id, as_of, error);
  return grid_id == 0 || query->grid != NULL;
}

static gboolean
gm_cli_query_collect (GmStore     *store,
                      GmCliQuery  *query,
                      double       tolerance,
                      const char  *as_of,
                      GError     **error)
{
  gint64 building_id = gm_store_find_building_at (store, query->lon, query->lat,
                                                  tolerance, error);

  if (building_id < 0)
    return FALSE;
  if (building_id > 0)
    {
      query->building = gm_store_dup_building (store, building_id, error);
      if (query->building == NULL)
        return FALSE;
      query->residents = gm_store_dup_residents (store, building_id, error);
      if (query->residents == NULL)
        return FALSE;
      query->hazards = gm_store_dup_hazards (store, building_id, as_of, error);
      if (query->hazards == NULL)
        return FALSE;
    }
  return gm_cli_query_find_grid (store, query, as_of, error);
}

static void
gm_cli_query_add_building (JsonBuilder      *builder,
                           const GmBuilding *b)
{
  json_builder_begin_object (builder);
  gm_cli_add_int (builder, "id", b->id);
  gm_cli_add_string (builder, "code", b->code);
  gm_cli_add_string (builder, "name", b->name);
  gm_cli_add_string (builder, "address", b->address);
  json_builder_set_member_name (builder, "floors");
  if (b->floors > 0)
    json_builder_add_int_value (builder, b->floors);
  else
    json_builder_add_null_value (builder);
  gm_cli_add_int (builder, "households", b->households);
  json_builder_set_member_name (builder, "households_estimated");
  json_builder_add_boolean_value (builder, b->households_estimated);
  gm_cli_add_string (builder, "use", b->use);
  json_builder_set_member_name (builder, "area_m2");
  json_builder_add_double_value (builder, b->area_m2);
  gm_cli_add_string (builder, "grid", b->grid_code);
  gm_cli_add_string (builder, "grid_name", b->grid_name);
  gm_cli_add_string (builder, "leader_name", b->leader_name);
  gm_cli_add_masked (builder, "leader_phone", b->leader_phone, gm_mask_phone);
  json_builder_end_object (builder);
}

static void
gm_cli_query_add_resident (JsonBuilder   *builder,
                           gconstpointer  item)
{
  const GmResident *r = item;
  g_auto(GStrv) tags = g_strsplit (r->tags != NULL ? r->tags : "", ",", -1);

  json_builder_begin_object (builder);
  gm_cli_add_string (builder, "room", r->room);
  gm_cli_add_string (builder, "name", r->name);
  gm_cli_add_masked (builder, "id_number", r->id_number, gm_mask_id_number);
  gm_cli_add_masked (builder, "phone", r->phone, gm_mask_phone);
  gm_cli_add_string (builder, "registration", r->floating ? "floating" : "registered");
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    if (*g_strstrip (tags[i]) != '\0')
      json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
gm_cli_query_add_hazard (JsonBuilder   *builder,
                         gconstpointer  item)
{
  const GmHazard *h = item;

  json_builder_begin_object (builder);
  gm_cli_add_int (builder, "id", h->id);
  gm_cli_add_string (builder, "category", h->category);
  gm_cli_add_string (builder, "kind", h->kind);
  gm_cli_add_string (builder, "status", gm_hazard_status_to_string (h->status));
  gm_cli_add_string (builder, "found_on", h->found_on);
  gm_cli_add_string (builder, "deadline", h->deadline);
  json_builder_set_member_name (builder, "overdue");
  json_builder_add_boolean_value (builder, h->overdue);
  json_builder_end_object (builder);
}

static void
gm_cli_query_add_list (JsonBuilder *builder,
                       const char  *member,
                       GPtrArray   *items,
                       void       (*add) (JsonBuilder *, gconstpointer))
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && i < items->len; i++)
    add (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);
}

static void
gm_cli_query_print_json (const GmCliQuery *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "at");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, query->lon);
  json_builder_add_double_value (builder, query->lat);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "building");
  if (query->building != NULL)
    gm_cli_query_add_building (builder, query->building);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "grid");
  if (query->grid != NULL)
    gm_cli_add_grid_summary (builder, query->grid);
  else
    json_builder_add_null_value (builder);
  gm_cli_query_add_list (builder, "residents", query->residents,
                         gm_cli_query_add_resident);
  gm_cli_query_add_list (builder, "hazards", query->hazards,
                         gm_cli_query_add_hazard);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  gm_cli_print_json (root);
}

/* Prints a line without the trailing blanks that fields left empty leave. */
G_GNUC_PRINTF (1, 2)
static void
gm_cli_print_line (const char *format,
                   ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("%s\n", g_strchomp (line));
}

static void
gm_cli_query_print_building (const GmBuilding *b)
{
  g_autofree char *phone = b->leader_phone != NULL ? gm_mask_phone (b->leader_phone) : NULL;
  g_autofree char *floors = NULL;

  gm_cli_print_line (_("Building %s %s\n"), b->code != NULL ? b->code : "", b->name != NULL ? b->name : "");
  if (b->address != NULL)
    g_print (_("  Address: %s\n"), b->address);
  floors = b->floors > 0 ? g_strdup_printf ("%d", b->floors) : g_strdup (C_("floors", "unknown"));
  g_print (_("  Use: %s, floors: %s, households: %d%s, area: %.0f m²\n"),
           b->use != NULL ? b->use : "", floors,
           b->households, b->households_estimated ? _(" (estimated)") : "", b->area_m2);
  if (b->leader_name != NULL)
    gm_cli_print_line (_("  Building leader: %s %s\n"), b->leader_name, phone != NULL ? phone : "");
}

static void
gm_cli_query_print_people (const GmCliQuery *query)
{
  for (guint i = 0; query->residents != NULL && i < query->residents->len; i++)
    {
      const GmResident *r = g_ptr_array_index (query->residents, i);
      g_autofree char *id = r->id_number != NULL ? gm_mask_id_number (r->id_number) : NULL;
      g_autofree char *phone = r->phone != NULL ? gm_mask_phone (r->phone) : NULL;
      g_autofree char *tags = gm_resident_tags_label (r->tags);

      g_print ("  %-8s ", r->room != NULL ? r->room : "");
      gm_cli_print_cell (r->name, 10);
      gm_cli_print_line ("%-18s %-11s %s %s", id != NULL ? id : "", phone != NULL ? phone : "",
               r->floating ? _("floating") : _("registered"), tags);
    }
  for (guint i = 0; query->hazards != NULL && i < query->hazards->len; i++)
    {
      const GmHazard *h = g_ptr_array_index (query->hazards, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, h->id);

      g_print (_("  Hazard %s: %s/%s, %s, found %s, deadline %s%s\n"),
               id, h->category, h->kind, gm_hazard_status_to_string (h->status),
               h->found_on != NULL ? h->found_on : "–", h->deadline != NULL ? h->deadline : "–",
               h->overdue ? _(" (overdue)") : "");
    }
}

static void
gm_cli_query_print_text (const GmCliQuery *query)
{
  if (query->building != NULL)
    gm_cli_query_print_building (query->building);
  else
    g_print ("%s\n", _("No building here."));
  if (query->grid != NULL && query->grid->worker_name == NULL && query->grid->worker_phone == NULL)
    gm_cli_print_line (_("Grid %s %s, no grid worker\n"), query->grid->code,
                       query->grid->name != NULL ? query->grid->name : "");
  else if (query->grid != NULL)
    gm_cli_print_line (_("Grid %s %s, grid worker %s %s\n"), query->grid->code,
             query->grid->name != NULL ? query->grid->name : "",
             query->grid->worker_name != NULL ? query->grid->worker_name : "",
             query->grid->worker_phone != NULL ? query->grid->worker_phone : "");
  else
    g_print ("%s\n", _("In no grid."));
  gm_cli_query_print_people (query);
}

static gboolean
gm_cli_query_check_args (int          argc,
                         const char  *at,
                         double       tolerance,
                         const char  *as_of,
                         GmCliQuery  *query)
{
  if (!gm_cli_check_positional ("query", argc, 1))
    return FALSE;
  if (at == NULL)
    {
      gm_cli_usage_error ("query", _("missing --at LON,LAT"));
      return FALSE;
    }
  if (!gm_cli_parse_lonlat (at, &query->lon, &query->lat))
    {
      gm_cli_usage_error ("query", _("--at needs LON,LAT in degrees, like 116.397,39.909, not “%s”"), at);
      return FALSE;
    }
  if (!(tolerance >= 0.0 && tolerance <= 10000.0))
    {
      gm_cli_usage_error ("query", _("--tolerance must be between 0 and 10000 metres"));
      return FALSE;
    }
  return gm_cli_check_as_of ("query", as_of);
}

int
gm_cli_query (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GmCliQuery) query = { 0 };
  g_autofree char *at = NULL;
  g_autofree char *as_of = NULL;
  double tolerance = 0.0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("The point, in degrees (WGS 84)"), N_("LON,LAT") },
    { "tolerance", 0, 0, G_OPTION_ARG_DOUBLE, &tolerance,
      N_("Take the nearest building this close when none contains the point (default: 0)"),
      N_("METRES") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON object"), NULL },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("Count hazards past their deadline on this date as overdue (default: today)"),
      N_("YYYY-MM-DD") },
    { NULL }
  };

  context = gm_cli_context_new ("query", N_("PROJECT"),
                                N_("Show the building at a point with its residents and hazards, "
                                   "and its grid. ID numbers and phones are masked."),
                                entries);
  if (!gm_cli_parse (context, "query", &argc, &argv)
      || !gm_cli_query_check_args (argc, at, tolerance, as_of, &query))
    return GM_CLI_EXIT_USAGE;

  store = gm_store_open (argv[1], GM_STORE_OPEN_READONLY, &error);
  if (store == NULL || !gm_cli_query_collect (store, &query, tolerance, as_of, &error))
    return gm_cli_fail (error);

  if (json)
    gm_cli_query_print_json (&query);
  else
    gm_cli_query_print_text (&query);
  return GM_CLI_EXIT_OK;
}
