/* gm-grid-rates.c — hazards per grid: open per 100 households, overdue,
 * rectification and rebound rates, this month against last month. */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-grid-rates.h"
#include "gm-hazard-edit.h"
#include "gm-store-private.h"

/* The current grid a hazard h belongs to: its building b's, else the one
 * that contains it (through the R*Tree). */
#define GRID_OF_HAZARD \
  "coalesce(b.grid_id," \
  "  (SELECT g.id FROM grid g WHERE g.valid_to IS NULL AND g.id IN (" \
  "     SELECT pkid FROM idx_grid_boundary" \
  "     WHERE xmin <= X(h.location) AND xmax >= X(h.location)" \
  "       AND ymin <= Y(h.location) AND ymax >= Y(h.location))" \
  "     AND ST_Contains(g.boundary, h.location) ORDER BY g.code LIMIT 1))"

/* The filtered hazards with their grids. */
#define HAZARDS_WITH_GRID \
  "WITH hz AS (" \
  "  SELECT h.id, h.building_id, h.kind, h.status, h.found_on, h.deadline," \
  "         " GRID_OF_HAZARD " AS grid_id" \
  "  FROM hazard h LEFT JOIN building b ON b.id = h.building_id WHERE %s)"

void
gm_grid_rate_free (GmGridRate *rate)
{
  if (rate == NULL)
    return;
  g_free (rate->code);
  g_free (rate->name);
  g_free (rate);
}

double
gm_grid_rate_value (const GmGridRate *r,
                    GmGridMeasure     measure)
{
  g_return_val_if_fail (r != NULL, NAN);

  switch (measure)
    {
    case GM_GRID_OPEN_PER_100:
      return r->households > 0 ? 100.0 * r->open / r->households : NAN;
    case GM_GRID_OVERDUE:
      return r->overdue;
    case GM_GRID_RECTIFICATION:
      return r->hazards > 0 ? (double) r->rectified / r->hazards : NAN;
    case GM_GRID_REBOUND:
      return r->hazards > 0 ? (double) r->rebounded / r->hazards : NAN;
    case GM_GRID_CHANGE:
      return r->this_month - r->last_month;
    case GM_GRID_N_MEASURES:
    default:
      g_return_val_if_reached (NAN);
    }
}

static const char * const measure_names[GM_GRID_N_MEASURES] = {
  "open_per_100", "overdue", "rectification", "rebound", "change",
};

const char *
gm_grid_measure_to_string (GmGridMeasure measure)
{
  g_return_val_if_fail (measure < GM_GRID_N_MEASURES, NULL);
  return measure_names[measure];
}

gboolean
gm_grid_measure_from_string (const char    *text,
                             GmGridMeasure *out)
{
  for (guint i = 0; text != NULL && i < GM_GRID_N_MEASURES; i++)
    if (g_str_equal (text, measure_names[i]))
      {
        *out = (GmGridMeasure) i;
        return TRUE;
      }
  return FALSE;
}

const char *
gm_grid_measure_label (GmGridMeasure measure)
{
  switch (measure)
    {
    case GM_GRID_OPEN_PER_100:
      return _("Open hazards per 100 households");
    case GM_GRID_OVERDUE:
      return _("Overdue hazards");
    case GM_GRID_RECTIFICATION:
      return _("Rectification rate");
    case GM_GRID_REBOUND:
      return _("Rebound rate");
    case GM_GRID_CHANGE:
      return _("Change since last month");
    case GM_GRID_N_MEASURES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* ---- queries ------------------------------------------------------------ */

static GPtrArray *
read_grids (GmStore     *store,
            GHashTable  *by_id,
            GError     **error)
{
  g_autoptr(GPtrArray) grids = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_grid_rate_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = gm_store_prepare (store,
                           "SELECT g.id, g.code, g.name,"
                           "       (SELECT coalesce(sum(households), 0) FROM building WHERE grid_id = g.id)"
                           " FROM grid g WHERE g.valid_to IS NULL ORDER BY g.code", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmGridRate *r = g_new0 (GmGridRate, 1);

      r->grid_id = sqlite3_column_int64 (stmt, 0);
      r->code = gm_column_dup (stmt, 1);
      r->name = gm_column_dup (stmt, 2);
      r->households = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (grids, r);
      g_hash_table_insert (by_id, &r->grid_id, r);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading grids"));
      return NULL;
    }
  return g_steal_pointer (&grids);
}

static gboolean
read_counts (GmStore              *store,
             GHashTable           *by_id,
             const GmHazardFilter *filter,
             const char           *as_of,
             GError              **error)
{
  g_autofree char *where = gm_hazard_filter_to_sql (filter, "h");
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  sql = g_strdup_printf (HAZARDS_WITH_GRID
                         " SELECT grid_id, count(*), sum(status IN ('discovered', 'notified')),"
                         "   sum(status IN ('discovered', 'notified') AND deadline IS NOT NULL AND deadline < ?1),"
                         "   sum(status IN ('rectified', 'closed')),"
                         "   sum(building_id IS NOT NULL AND EXISTS ("
                         "     SELECT 1 FROM hazard p WHERE p.building_id = hz.building_id"
                         "       AND p.kind = hz.kind AND p.id <> hz.id AND p.status = 'closed'"
                         "       AND p.verified_on IS NOT NULL AND p.verified_on <= hz.found_on))"
                         " FROM hz WHERE grid_id IS NOT NULL GROUP BY grid_id", where);
  if ((stmt = gm_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GmGridRate *r = g_hash_table_lookup (by_id, &id);

      if (r == NULL)
        continue;   /* a building still in a grid that was closed */
      r->hazards = sqlite3_column_int (stmt, 1);
      r->open = sqlite3_column_int (stmt, 2);
      r->overdue = sqlite3_column_int (stmt, 3);
      r->rectified = sqlite3_column_int (stmt, 4);
      r->rebounded = sqlite3_column_int (stmt, 5);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Counting hazards per grid"));
      return FALSE;
    }
  return TRUE;
}

/* The first day of the month of @date, and the same stretch of the month
 * before: from its first day to the same day of the month (or its last day
 * when it is shorter), or to its end when @date ends its own month. */
static void
month_bounds (const char *date,
              char        this_first[11],
              char        last_first[11],
              char        last_end[11])
{
  GDate d, first, end;
  guint day;

  if (!gm_iso_date_parse (date, &d))
    g_date_set_time_t (&d, time (NULL));
  day = g_date_get_day (&d);
  g_date_set_dmy (&first, 1, g_date_get_month (&d), g_date_get_year (&d));
  g_date_strftime (this_first, 11, "%Y-%m-%d", &first);
  end = first;
  g_date_subtract_days (&end, 1);
  if (!g_date_is_last_of_month (&d) && day < g_date_get_day (&end))
    g_date_set_day (&end, day);
  g_date_strftime (last_end, 11, "%Y-%m-%d", &end);
  g_date_set_day (&end, 1);
  g_date_strftime (last_first, 11, "%Y-%m-%d", &end);
}

static gboolean
read_months (GmStore              *store,
             GHashTable           *by_id,
             const GmHazardFilter *filter,
             const char           *reference,
             GError              **error)
{
  g_autoptr(GmHazardFilter) undated = gm_hazard_filter_copy (filter);
  g_autofree char *where = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char this_first[11], last_first[11], last_end[11];
  int rc;

  g_clear_pointer (&undated->from, g_free);
  g_clear_pointer (&undated->to, g_free);
  where = gm_hazard_filter_to_sql (undated, "h");
  month_bounds (reference, this_first, last_first, last_end);
  sql = g_strdup_printf (HAZARDS_WITH_GRID
                         " SELECT grid_id, sum(found_on BETWEEN ?1 AND ?2), sum(found_on BETWEEN ?3 AND ?4)"
                         " FROM hz WHERE grid_id IS NOT NULL GROUP BY grid_id", where);
  if ((stmt = gm_store_prepare (store, sql, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, this_first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, last_first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, last_end, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GmGridRate *r = g_hash_table_lookup (by_id, &id);

      if (r == NULL)
        continue;
      r->this_month = sqlite3_column_int (stmt, 1);
      r->last_month = sqlite3_column_int (stmt, 2);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Counting hazards per month"));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
gm_grid_rates_compute (GmStore              *store,
                       const GmHazardFilter *filter,
                       char                **this_month,
                       char                **last_month,
                       GError              **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GmHazardFilter) all = gm_hazard_filter_new ();
  g_autoptr(GPtrArray) grids = NULL;
  g_autofree char *as_of = NULL;
  const char *reference;
  char this_first[11], last_first[11], last_end[11];

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = all;
  if (!gm_hazard_filter_check (filter, error))
    return NULL;
  as_of = gm_hazard_filter_dup_as_of (filter);
  reference = filter->to != NULL ? filter->to : as_of;
  if ((grids = read_grids (store, by_id, error)) == NULL
      || !read_counts (store, by_id, filter, as_of, error)
      || !read_months (store, by_id, filter, reference, error))
    return NULL;
  month_bounds (reference, this_first, last_first, last_end);
  if (this_month != NULL)
    *this_month = g_strndup (this_first, 7);
  if (last_month != NULL)
    *last_month = g_strndup (last_first, 7);
  return g_steal_pointer (&grids);
}

/**
 * gm_grid_dup_hazards:
 * @store: the project
 * @grid_id: a current grid
 * @filter: (nullable): which hazards
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the grid's hazards that @filter takes (a
 *   GPtrArray of GmHazard), open ones first, then the latest found
 */
GPtrArray *
gm_grid_dup_hazards (GmStore               *store,
                     gint64                 grid_id,
                     const GmHazardFilter  *filter,
                     GError               **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_hazard_free);
  g_autoptr(GmHazardFilter) all = gm_hazard_filter_new ();
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *where = NULL, *sql = NULL, *as_of = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  if (filter == NULL)
    filter = all;
  where = gm_hazard_filter_to_sql (filter, "h");
  as_of = gm_hazard_filter_dup_as_of (filter);
  sql = g_strdup_printf ("SELECT h.id, coalesce(h.building_id, 0), X(h.location), Y(h.location),"
                         "  h.category, h.kind, h.description, h.status, h.found_on, h.notice_on,"
                         "  h.deadline, h.rectified_on, h.verified_on, h.department,"
                         "  h.status IN ('discovered', 'notified') AND h.deadline IS NOT NULL AND h.deadline < ?2"
                         " FROM hazard h LEFT JOIN building b ON b.id = h.building_id"
                         " WHERE %s AND " GRID_OF_HAZARD " = ?1"
                         " ORDER BY h.status IN ('discovered', 'notified') DESC, h.found_on DESC, h.id", where);
  if ((stmt = gm_store_prepare (store, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, grid_id);
  sqlite3_bind_text (stmt, 2, as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, gm_hazard_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the hazards of a grid"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
