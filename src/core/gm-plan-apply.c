/* gm-plan-apply.c — putting a plan in force, and the divisions of the past.
 *
 * Applying never deletes: the community's current grids get a valid_to,
 * the plan's grids are inserted valid from the same day, and the grid
 * table keeps every division there ever was. A division in history is the
 * set of a community's grids that opened and closed on the same days; the
 * current division is all the community's grids with no valid_to.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-plan-private.h"
#include "gm-store-private.h"

typedef struct
{
  const char *valid_from;
  gint64      community_id;
} GmApply;

static gboolean
gm_plan_run (GmStore     *store,
             const char  *sql,
             gint64       plan_id,
             GmApply     *apply,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  /* Binding a parameter the step does not use is a no-op. */
  sqlite3_bind_int64 (stmt, 1, plan_id);
  sqlite3_bind_int64 (stmt, 2, apply->community_id);
  sqlite3_bind_text (stmt, 3, apply->valid_from, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Applying the plan"));
      return FALSE;
    }
  return TRUE;
}

/* The plan's community, and that the plan is not in force already. */
static gboolean
gm_plan_check_applicable (GmStore  *store,
                          gint64    plan_id,
                          GmApply  *apply,
                          GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store,
                           "SELECT p.community_id, p.name,"
                           "  EXISTS (SELECT 1 FROM grid g WHERE g.plan_id = p.id AND g.valid_to IS NULL)"
                           " FROM plan p WHERE p.id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_FOUND,
                   _("The project has no plan %lld"), (long long) plan_id);
      return FALSE;
    }
  if (sqlite3_column_int (stmt, 2))
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Plan “%s” is already the current division"), sqlite3_column_text (stmt, 1));
      return FALSE;
    }
  apply->community_id = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* ?1 plan, ?2 community, ?3 the day; a step binds what it uses. */
static const char * const apply_steps[] = {
  "UPDATE grid SET valid_to = ?3 WHERE community_id = ?2 AND valid_to IS NULL",
  "INSERT INTO grid (code, name, community_id, worker_name, worker_phone, valid_from, boundary,"
  "  label_point, plan_id)"
  " SELECT code, name, ?2, worker_name, worker_phone, ?3, boundary, PointOnSurface(boundary), plan_id"
  " FROM plan_grid WHERE plan_id = ?1 ORDER BY seq",
  /* Each building of the plan into its new grid, by the plan... */
  "UPDATE building SET grid_id = ("
  "  SELECT g.id FROM plan_assignment a JOIN plan_grid pg ON pg.plan_id = a.plan_id AND pg.seq = a.part"
  "  JOIN grid g ON g.code = pg.code AND g.valid_to IS NULL"
  "  WHERE a.plan_id = ?1 AND a.building_id = building.id)"
  " WHERE id IN (SELECT building_id FROM plan_assignment WHERE plan_id = ?1) ",
  /* ...and any other building of the closed grids (added since the plan
   * was made) into the new grid that holds it. */
  "UPDATE building SET grid_id = ("
  "  SELECT g.id FROM grid g WHERE g.community_id = ?2 AND g.valid_to IS NULL"
  "    AND g.id IN (SELECT pkid FROM idx_grid_boundary"
  "      WHERE xmin <= X(building.anchor) AND xmax >= X(building.anchor)"
  "        AND ymin <= Y(building.anchor) AND ymax >= Y(building.anchor))"
  "    AND ST_Contains(g.boundary, building.anchor) ORDER BY g.code LIMIT 1)"
  " WHERE grid_id IN (SELECT id FROM grid WHERE community_id = ?2 AND valid_to = ?3"
  "                     AND (plan_id IS NULL OR plan_id <> ?1))"
  "   AND id NOT IN (SELECT building_id FROM plan_assignment WHERE plan_id = ?1)",
  "UPDATE plan SET applied_at = strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE id = ?1",
};

static gboolean
gm_plan_apply_rows (GmStore  *store,
                    gint64    plan_id,
                    gpointer  data,
                    GError  **error)
{
  GmApply *apply = data;
  g_autofree char *what = NULL;

  if (!gm_plan_check_applicable (store, plan_id, apply, error))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (apply_steps); k++)
    if (!gm_plan_run (store, apply_steps[k], plan_id, apply, error))
      return FALSE;
  what = g_strdup_printf ("{\"plan\": %lld, \"valid_from\": \"%s\"}", (long long) plan_id, apply->valid_from);
  return gm_store_color_grids (store, error)
         && gm_store_audit (store, "apply-plan", "plan", plan_id, NULL, what, error);
}

/**
 * gm_plan_apply:
 * @store: the project
 * @plan_id: a saved plan
 * @valid_from: (nullable): ISO date from which the plan's grids hold;
 *   %NULL for today
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; on failure the project is unchanged
 */
gboolean
gm_plan_apply (GmStore     *store,
               gint64       plan_id,
               const char  *valid_from,
               GError     **error)
{
  g_autofree char *today = gm_today_iso ();
  GmApply apply = { valid_from != NULL ? valid_from : today, 0 };

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);

  return gm_plan_in_transaction (store, gm_plan_apply_rows, plan_id, &apply, error);
}

/* ---- history --------------------------------------------------------------------------- */

void
gm_division_period_free (GmDivisionPeriod *period)
{
  if (period == NULL)
    return;
  g_free (period->community_code);
  g_free (period->community_name);
  g_free (period->valid_from);
  g_free (period->valid_to);
  g_free (period);
}

GPtrArray *
gm_plan_list_history (GmStore  *store,
                      GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) periods = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_division_period_free);
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store,
                           "SELECT g.community_id, c.code, c.name, min(g.valid_from), g.valid_to, count(*),"
                           "  coalesce(max(g.plan_id), 0)"
                           " FROM grid g LEFT JOIN community c ON c.id = g.community_id"
                           " GROUP BY g.community_id, CASE WHEN g.valid_to IS NULL THEN NULL ELSE g.valid_from END,"
                           "   g.valid_to"
                           " ORDER BY g.valid_to IS NOT NULL, g.valid_to DESC, min(g.valid_from) DESC, c.code",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmDivisionPeriod *p = g_new0 (GmDivisionPeriod, 1);

      p->community_id = sqlite3_column_int64 (stmt, 0);
      p->community_code = gm_column_dup (stmt, 1);
      p->community_name = gm_column_dup (stmt, 2);
      p->valid_from = gm_column_dup (stmt, 3);
      p->valid_to = gm_column_dup (stmt, 4);
      p->grids = sqlite3_column_int (stmt, 5);
      p->plan_id = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (periods, p);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the history of grids"));
      return NULL;
    }
  return g_steal_pointer (&periods);
}

/* Building b stands in grid g: its anchor is inside. */
#define IN_GRID \
  "b.id IN (SELECT pkid FROM idx_building_footprint WHERE xmin <= MbrMaxX(g.boundary)" \
  "  AND xmax >= MbrMinX(g.boundary) AND ymin <= MbrMaxY(g.boundary) AND ymax >= MbrMinY(g.boundary))" \
  " AND ST_Contains(g.boundary, b.anchor)"

GPtrArray *
gm_plan_dup_history_grids (GmStore                 *store,
                           const GmDivisionPeriod  *period,
                           GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_plan_grid_free);

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL, NULL);

  stmt = gm_store_prepare (store,
                           "SELECT g.code, g.name, g.worker_name, g.worker_phone,"
                           "  (SELECT count(*) FROM building b WHERE " IN_GRID "),"
                           "  (SELECT coalesce(sum(b.households), 0) FROM building b WHERE " IN_GRID "),"
                           "  0.0, 0.0, 1, " GM_PLAN_GRID_SHAPE ("g.boundary")
                           " FROM grid g WHERE g.community_id IS ?1"
                           "   AND ((?3 IS NULL AND g.valid_to IS NULL) OR (g.valid_from = ?2 AND g.valid_to = ?3))"
                           " ORDER BY g.code", error);
  if (stmt == NULL)
    return NULL;
  if (period->community_id != 0)
    sqlite3_bind_int64 (stmt, 1, period->community_id);
  sqlite3_bind_text (stmt, 2, period->valid_from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, period->valid_to, -1, SQLITE_STATIC);
  if (gm_plan_read_grids (stmt, grids) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the history of grids"));
      return NULL;
    }
  return g_steal_pointer (&grids);
}
