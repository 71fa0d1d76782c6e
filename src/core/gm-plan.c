/* gm-plan.c — plans in memory and in the project: save, list, load, delete.
 *
 * A plan's metrics and warnings are kept as one JSON object in
 * plan.metrics, with the keys `gridmap-cli partition --json` prints; its
 * grids in plan_grid (with their polygons), its buildings in
 * plan_assignment.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gm-autocleanups.h"
#include "gm-plan-private.h"
#include "gm-store-private.h"

void
gm_plan_grid_free (GmPlanGrid *grid)
{
  if (grid == NULL)
    return;
  g_free (grid->code);
  g_free (grid->name);
  g_free (grid->worker_name);
  g_free (grid->worker_phone);
  g_clear_pointer (&grid->boundary, g_bytes_unref);
  g_free (grid);
}

GmPlan *
gm_plan_new (void)
{
  GmPlan *plan = g_new0 (GmPlan, 1);

  plan->warnings = g_ptr_array_new_with_free_func (g_free);
  plan->grids = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_plan_grid_free);
  return plan;
}

void
gm_plan_free (GmPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->name);
  g_free (plan->community_code);
  g_free (plan->community_name);
  g_free (plan->created_at);
  g_free (plan->applied_at);
  g_free (plan->params);
  g_ptr_array_unref (plan->warnings);
  g_ptr_array_unref (plan->grids);
  g_free (plan->building);
  g_free (plan->grid_of);
  g_free (plan);
}

/* ---- metrics as JSON --------------------------------------------------------------------- */

void
gm_plan_add_metrics_json (const GmPlan *plan,
                          JsonBuilder  *builder)
{
  const GmPlanMetrics *m = &plan->metrics;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

#define INT(key, value) json_builder_set_member_name (builder, key); json_builder_add_int_value (builder, value)
#define DOUBLE(key, value) json_builder_set_member_name (builder, key); json_builder_add_double_value (builder, value)
  INT ("grids", m->grids);
  DOUBLE ("max_over_mean", m->max_over_mean);
  DOUBLE ("cv", m->cv);
  json_builder_set_member_name (builder, "contiguous");
  json_builder_add_boolean_value (builder, m->contiguous);
  INT ("noncontiguous_grids", m->noncontiguous_grids);
  DOUBLE ("boundary_on_roads", m->boundary_on_roads);
  DOUBLE ("polsby_popper_mean", m->polsby_popper_mean);
  INT ("moved_buildings", m->moved_buildings);
  INT ("buildings", m->buildings);
  INT ("households", m->households);
  DOUBLE ("workload", m->workload);
  DOUBLE ("seconds", m->seconds);
#undef INT
#undef DOUBLE
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint k = 0; k < plan->warnings->len; k++)
    json_builder_add_string_value (builder, g_ptr_array_index (plan->warnings, k));
  json_builder_end_array (builder);
}

char *
gm_plan_metrics_to_json (const GmPlan *plan)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (plan != NULL, NULL);

  json_builder_begin_object (builder);
  gm_plan_add_metrics_json (plan, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
gm_plan_read_metrics (GmPlan     *plan,
                      const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GmPlanMetrics *m = &plan->metrics;
  JsonObject *o;
  JsonArray *warnings;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  o = json_node_get_object (json_parser_get_root (parser));
  m->grids = json_object_get_int_member_with_default (o, "grids", 0);
  m->max_over_mean = json_object_get_double_member_with_default (o, "max_over_mean", 0);
  m->cv = json_object_get_double_member_with_default (o, "cv", 0);
  m->contiguous = json_object_get_boolean_member_with_default (o, "contiguous", FALSE);
  m->noncontiguous_grids = json_object_get_int_member_with_default (o, "noncontiguous_grids", 0);
  m->boundary_on_roads = json_object_get_double_member_with_default (o, "boundary_on_roads", 0);
  m->polsby_popper_mean = json_object_get_double_member_with_default (o, "polsby_popper_mean", 0);
  m->moved_buildings = json_object_get_int_member_with_default (o, "moved_buildings", 0);
  m->buildings = json_object_get_int_member_with_default (o, "buildings", 0);
  m->households = json_object_get_int_member_with_default (o, "households", 0);
  m->workload = json_object_get_double_member_with_default (o, "workload", 0);
  m->seconds = json_object_get_double_member_with_default (o, "seconds", 0);
  warnings = json_object_has_member (o, "warnings") ? json_object_get_array_member (o, "warnings") : NULL;
  for (guint k = 0; warnings != NULL && k < json_array_get_length (warnings); k++)
    g_ptr_array_add (plan->warnings, g_strdup (json_array_get_string_element (warnings, k)));
}

/* ---- saving ---------------------------------------------------------------------------- */

static gboolean
gm_plan_save_grids (GmPlan   *plan,
                    GmStore  *store,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  insert = gm_store_prepare (store,
                             "INSERT INTO plan_grid (plan_id, seq, code, name, worker_name, worker_phone,"
                             " buildings, households, workload, polsby_popper, contiguous, boundary)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                             "   CastToMultiPolygon(GeomFromWKB(?12, 4326)))", error);
  if (insert == NULL)
    return FALSE;
  for (guint seq = 0; seq < plan->grids->len; seq++)
    {
      const GmPlanGrid *grid = g_ptr_array_index (plan->grids, seq);
      gsize size = 0;
      gconstpointer wkb = grid->boundary != NULL ? g_bytes_get_data (grid->boundary, &size) : NULL;

      sqlite3_bind_int64 (insert, 1, plan->id);
      sqlite3_bind_int (insert, 2, seq);
      sqlite3_bind_text (insert, 3, grid->code, -1, SQLITE_STATIC);
      sqlite3_bind_text (insert, 4, grid->name != NULL ? grid->name : "", -1, SQLITE_STATIC);
      gm_bind_text_or_null (insert, 5, grid->worker_name);
      gm_bind_text_or_null (insert, 6, grid->worker_phone);
      sqlite3_bind_int (insert, 7, grid->buildings);
      sqlite3_bind_int64 (insert, 8, grid->households);
      sqlite3_bind_double (insert, 9, grid->workload);
      sqlite3_bind_double (insert, 10, grid->polsby_popper);
      sqlite3_bind_int (insert, 11, grid->contiguous);
      sqlite3_bind_blob (insert, 12, wkb, (int) size, SQLITE_STATIC);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          gm_store_set_error (store, error, _("Saving the plan’s grids"));
          return FALSE;
        }
      sqlite3_reset (insert);
    }
  return TRUE;
}

static gboolean
gm_plan_save_assignment (GmPlan   *plan,
                         GmStore  *store,
                         GError  **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;

  insert = gm_store_prepare (store, "INSERT INTO plan_assignment (plan_id, building_id, part) VALUES (?, ?, ?)",
                             error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_int64 (insert, 1, plan->id);
  for (guint i = 0; i < plan->n_buildings; i++)
    {
      sqlite3_bind_int64 (insert, 2, plan->building[i]);
      sqlite3_bind_int (insert, 3, plan->grid_of[i]);
      if (sqlite3_step (insert) != SQLITE_DONE)
        {
          gm_store_set_error (store, error, _("Saving the plan’s buildings"));
          return FALSE;
        }
      sqlite3_reset (insert);
    }
  return TRUE;
}

/**
 * gm_plan_save:
 * @plan: a plan not saved yet
 * @store: the project, in a transaction of the caller's
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
gm_plan_save (GmPlan   *plan,
              GmStore  *store,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *metrics = NULL;

  g_return_val_if_fail (plan != NULL && plan->id == 0, FALSE);
  g_return_val_if_fail (GM_IS_STORE (store), FALSE);

  metrics = gm_plan_metrics_to_json (plan);
  insert = gm_store_prepare (store,
                             "INSERT INTO plan (name, community_id, created_at, params, metrics)"
                             " VALUES (?, ?, coalesce(?, strftime('%Y-%m-%dT%H:%M:%SZ','now')), ?, ?)", error);
  if (insert == NULL)
    return FALSE;
  sqlite3_bind_text (insert, 1, plan->name != NULL ? plan->name : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, plan->community_id);
  sqlite3_bind_text (insert, 3, plan->created_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, plan->params, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 5, metrics, -1, SQLITE_STATIC);
  if (sqlite3_step (insert) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Saving the plan"));
      return FALSE;
    }
  plan->id = sqlite3_last_insert_rowid (gm_store_get_db (store));
  if (gm_plan_save_grids (plan, store, error) && gm_plan_save_assignment (plan, store, error))
    return TRUE;
  plan->id = 0;
  return FALSE;
}

/* ---- reading ---------------------------------------------------------------------------- */

#define PLAN_COLUMNS \
  "SELECT p.id, p.name, p.community_id, c.code, c.name, p.created_at, p.applied_at, p.params, p.metrics" \
  " FROM plan p LEFT JOIN community c ON c.id = p.community_id"

static GmPlan *
gm_plan_from_row (sqlite3_stmt *stmt)
{
  GmPlan *plan = gm_plan_new ();

  plan->id = sqlite3_column_int64 (stmt, 0);
  plan->name = gm_column_dup (stmt, 1);
  plan->community_id = sqlite3_column_int64 (stmt, 2);
  plan->community_code = gm_column_dup (stmt, 3);
  plan->community_name = gm_column_dup (stmt, 4);
  plan->created_at = gm_column_dup (stmt, 5);
  plan->applied_at = gm_column_dup (stmt, 6);
  plan->params = gm_column_dup (stmt, 7);
  gm_plan_read_metrics (plan, (const char *) sqlite3_column_text (stmt, 8));
  return plan;
}

GPtrArray *
gm_plan_list (GmStore  *store,
              gint64    community_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_plan_free);
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store, PLAN_COLUMNS " WHERE ?1 = 0 OR p.community_id = ?1 ORDER BY p.id DESC",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, community_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (plans, gm_plan_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the plans"));
      return NULL;
    }
  return g_steal_pointer (&plans);
}

/**
 * gm_plan_read_grids:
 * @stmt: a query returning code, name, worker name, worker phone,
 *   buildings, households, workload, Polsby–Popper, contiguous, the
 *   boundary as WKB and a label point's longitude and latitude, in that
 *   order (GM_PLAN_GRID_COLUMNS)
 * @grids: where to add them
 *
 * Returns: the step's last result code (SQLITE_DONE when all were read)
 */
int
gm_plan_read_grids (sqlite3_stmt *stmt,
                    GPtrArray    *grids)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmPlanGrid *grid = g_new0 (GmPlanGrid, 1);

      grid->code = gm_column_dup (stmt, 0);
      grid->name = gm_column_dup (stmt, 1);
      grid->worker_name = gm_column_dup (stmt, 2);
      grid->worker_phone = gm_column_dup (stmt, 3);
      grid->buildings = sqlite3_column_int (stmt, 4);
      grid->households = sqlite3_column_int64 (stmt, 5);
      grid->workload = sqlite3_column_double (stmt, 6);
      grid->polsby_popper = sqlite3_column_double (stmt, 7);
      grid->contiguous = sqlite3_column_int (stmt, 8) != 0;
      if (sqlite3_column_type (stmt, 9) == SQLITE_BLOB)
        grid->boundary = g_bytes_new (sqlite3_column_blob (stmt, 9), sqlite3_column_bytes (stmt, 9));
      grid->label_lon = sqlite3_column_double (stmt, 10);
      grid->label_lat = sqlite3_column_double (stmt, 11);
      g_ptr_array_add (grids, grid);
    }
  return rc;
}

static gboolean
gm_plan_load_parts (GmPlan   *plan,
                    GmStore  *store,
                    GError  **error)
{
  g_autoptr(sqlite3_stmt) grids = NULL;
  g_autoptr(sqlite3_stmt) buildings = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (guint));

  grids = gm_store_prepare (store,
                            "SELECT code, name, worker_name, worker_phone, buildings, households, workload,"
                            " polsby_popper, contiguous, " GM_PLAN_GRID_SHAPE ("boundary")
                            " FROM plan_grid WHERE plan_id = ? ORDER BY seq", error);
  buildings = gm_store_prepare (store, "SELECT building_id, part FROM plan_assignment WHERE plan_id = ?"
                                " ORDER BY building_id", error);
  if (grids == NULL || buildings == NULL)
    return FALSE;
  sqlite3_bind_int64 (grids, 1, plan->id);
  sqlite3_bind_int64 (buildings, 1, plan->id);
  if (gm_plan_read_grids (grids, plan->grids) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the plan’s grids"));
      return FALSE;
    }
  while (sqlite3_step (buildings) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (buildings, 0);
      guint part = sqlite3_column_int (buildings, 1);

      g_array_append_val (ids, id);
      g_array_append_val (parts, part);
    }
  plan->n_buildings = ids->len;
  plan->building = (gint64 *) g_array_free (g_steal_pointer (&ids), FALSE);
  plan->grid_of = (guint *) g_array_free (g_steal_pointer (&parts), FALSE);
  return TRUE;
}

GmPlan *
gm_plan_load (GmStore  *store,
              gint64    plan_id,
              GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GmPlan) plan = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store, PLAN_COLUMNS " WHERE p.id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                   _("The project has no plan %lld"), (long long) plan_id);
      return NULL;
    }
  plan = gm_plan_from_row (stmt);
  if (!gm_plan_load_parts (plan, store, error))
    return NULL;
  return g_steal_pointer (&plan);
}

gboolean
gm_plan_in_transaction (GmStore          *store,
                        GmPlanStoreFunc   func,
                        gint64            plan_id,
                        gpointer          data,
                        GError          **error)
{
  gboolean own = !gm_store_in_transaction (store);

  if (own && !gm_store_begin (store, error))
    return FALSE;
  if (!func (store, plan_id, data, error))
    {
      if (own)
        gm_store_rollback (store);
      return FALSE;
    }
  return !own || gm_store_commit (store, error);
}

static gboolean
gm_plan_delete_rows (GmStore  *store,
                     gint64    plan_id,
                     gpointer  data,
                     GError  **error)
{
  static const char * const deletes[] = {
    "DELETE FROM plan_grid WHERE plan_id = ?",
    "DELETE FROM plan_assignment WHERE plan_id = ?",
    "UPDATE grid SET plan_id = NULL WHERE plan_id = ?",
    "DELETE FROM plan WHERE id = ?",
  };

  for (guint k = 0; k < G_N_ELEMENTS (deletes); k++)
    {
      g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, deletes[k], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, plan_id);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gm_store_set_error (store, error, _("Deleting the plan"));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * gm_plan_delete:
 * @store: the project
 * @plan_id: a plan
 * @error: return location for a #GError
 *
 * Deletes the plan, in a transaction of its own unless the caller has one.
 * Grids it opened stay, as history does.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_plan_delete (GmStore  *store,
                gint64    plan_id,
                GError  **error)
{
  g_return_val_if_fail (GM_IS_STORE (store), FALSE);

  return gm_plan_in_transaction (store, gm_plan_delete_rows, plan_id, NULL, error);
}
