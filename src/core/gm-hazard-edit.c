/* gm-hazard-edit.c — adding, editing and moving hazards, with the audit
 * trail.
 *
 * Each change checks the whole record first (category, kind, dates in
 * order, none in the future but a deadline), then writes the row and one
 * audit row in one transaction. The audit row holds only the fields that
 * changed, old and new, as JSON.
 */
#include "gm-config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gm-autocleanups.h"
#include "gm-hazard-edit.h"
#include "gm-store-private.h"

G_DEFINE_QUARK (gm-hazard-error-quark, gm_hazard_error)

/* The text columns of a hazard, in table order, and where they live in a
 * GmHazardRecord. */
typedef struct
{
  const char *column;
  glong       offset;
} GmHazardField;

#define FIELD(name) { #name, G_STRUCT_OFFSET (GmHazardRecord, name) }

static const GmHazardField fields[] = {
  FIELD (category), FIELD (kind), FIELD (description), FIELD (found_on),
  FIELD (notice_on), FIELD (deadline), FIELD (rectified_on), FIELD (verified_on),
  FIELD (department), FIELD (reporter),
};

#undef FIELD

static inline char **
field_of (const GmHazardRecord *record,
          const GmHazardField  *field)
{
  return G_STRUCT_MEMBER_P ((gpointer) record, field->offset);
}

GmHazardRecord *
gm_hazard_record_new (void)
{
  return g_new0 (GmHazardRecord, 1);
}

GmHazardRecord *
gm_hazard_record_copy (const GmHazardRecord *record)
{
  GmHazardRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *field_of (copy, &fields[i]) = g_strdup (*field_of (record, &fields[i]));
  return copy;
}

void
gm_hazard_record_free (GmHazardRecord *record)
{
  if (record == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_free (*field_of (record, &fields[i]));
  g_free (record);
}

/* ---- dates ------------------------------------------------------------ */

gboolean
gm_iso_date_parse (const char *text,
                   GDate      *out)
{
  guint year, month, day;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &tail) != 3
      || !g_date_valid_dmy (day, month, year))
    return FALSE;
  if (out != NULL)
    g_date_set_dmy (out, day, month, year);
  return TRUE;
}

char *
gm_iso_date_add_days (const char *date,
                      int         days)
{
  GDate d;
  char text[16];

  g_return_val_if_fail (gm_iso_date_parse (date, &d), NULL);

  if (days >= 0)
    g_date_add_days (&d, days);
  else
    g_date_subtract_days (&d, -days);
  g_date_strftime (text, sizeof text, "%Y-%m-%d", &d);
  return g_strdup (text);
}

static gboolean
check_date (const char  *date,
            const char  *what,
            gboolean     may_be_future,
            const char  *today,
            GError     **error)
{
  if (date == NULL)
    return TRUE;
  if (!gm_iso_date_parse (date, NULL))
    {
      g_set_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
                   /* Translators: the first %s is a date's name, e.g. "the date found" */
                   _("%s, “%s”, is not a date: write it as 2026-03-05"), what, date);
      return FALSE;
    }
  if (!may_be_future && strcmp (date, today) > 0)
    {
      g_set_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
                   _("%s (%s) is in the future"), what, date);
      return FALSE;
    }
  return TRUE;
}

/* @later, when set, is on or after @earlier, when set. */
static gboolean
check_order (const char  *earlier,
             const char  *earlier_what,
             const char  *later,
             const char  *later_what,
             GError     **error)
{
  if (earlier == NULL || later == NULL || strcmp (later, earlier) >= 0)
    return TRUE;
  g_set_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
               /* Translators: e.g. "The deadline (2026-03-01) is before the notice date (2026-03-05)" */
               _("%s (%s) is before %s (%s)"), later_what, later, earlier_what, earlier);
  return FALSE;
}

/* Empty strings are no value. */
static void
normalize (GmHazardRecord *r)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      char **value = field_of (r, &fields[i]);

      if (*value != NULL)
        g_strstrip (*value);
      if (*value != NULL && **value == '\0')
        g_clear_pointer (value, g_free);
    }
}

static gboolean
check_record (const GmHazardRecord  *r,
              GError               **error)
{
  g_autofree char *today = gm_today_iso ();

  if (!gm_hazard_category_is_valid (r->category))
    {
      g_set_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
                   _("“%s” is not a hazard category: choose fire, public security or other"),
                   r->category != NULL ? r->category : "");
      return FALSE;
    }
  if (r->kind == NULL)
    {
      g_set_error_literal (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
                           _("Say what kind of hazard this is"));
      return FALSE;
    }
  if (r->found_on == NULL)
    {
      g_set_error_literal (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
                           _("Give the date the hazard was found"));
      return FALSE;
    }
  return check_date (r->found_on, _("The date found"), FALSE, today, error)
         && check_date (r->notice_on, _("The notice date"), FALSE, today, error)
         && check_date (r->deadline, _("The deadline"), TRUE, today, error)
         && check_date (r->rectified_on, _("The rectification date"), FALSE, today, error)
         && check_date (r->verified_on, _("The verification date"), FALSE, today, error)
         && check_order (r->found_on, _("the date found"), r->notice_on, _("The notice date"), error)
         && check_order (r->notice_on, _("the notice date"), r->deadline, _("The deadline"), error)
         && check_order (r->notice_on, _("the notice date"), r->rectified_on,
                         _("The rectification date"), error)
         && check_order (r->rectified_on, _("the rectification date"), r->verified_on,
                         _("The verification date"), error);
}

/* ---- reading ---------------------------------------------------------- */

GmHazardRecord *
gm_hazard_record_load (GmStore  *store,
                       gint64    id,
                       GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GmHazardRecord) r = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store,
                           "SELECT id, coalesce(building_id, 0), X(location), Y(location), status,"
                           "       category, kind, description, found_on, notice_on, deadline,"
                           "       rectified_on, verified_on, department, reporter"
                           " FROM hazard WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_NOT_FOUND,
                     _("Hazard %lld does not exist"), (long long) id);
      else
        gm_store_set_error (store, error, _("Reading a hazard"));
      return NULL;
    }
  r = gm_hazard_record_new ();
  r->id = sqlite3_column_int64 (stmt, 0);
  r->building_id = sqlite3_column_int64 (stmt, 1);
  r->lon = sqlite3_column_double (stmt, 2);
  r->lat = sqlite3_column_double (stmt, 3);
  if (!gm_hazard_status_from_string ((const char *) sqlite3_column_text (stmt, 4), &r->status))
    r->status = GM_HAZARD_DISCOVERED;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *field_of (r, &fields[i]) = gm_column_dup (stmt, 5 + i);
  return g_steal_pointer (&r);
}

gboolean
gm_hazard_snap (GmStore  *store,
                double    lon,
                double    lat,
                double    tolerance_m,
                gint64   *building_id,
                double   *out_lon,
                double   *out_lat,
                GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 id;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (building_id != NULL && out_lon != NULL && out_lat != NULL, FALSE);

  *building_id = 0;
  *out_lon = lon;
  *out_lat = lat;
  id = gm_store_find_building_at (store, lon, lat, tolerance_m, error);
  if (id <= 0)
    return id == 0;

  stmt = gm_store_prepare (store, "SELECT X(anchor), Y(anchor) FROM building WHERE id = ?"
                           " AND anchor IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  *building_id = id;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_lon = sqlite3_column_double (stmt, 0);
      *out_lat = sqlite3_column_double (stmt, 1);
    }
  return TRUE;
}

GStrv
gm_hazard_dup_kinds (GmStore     *store,
                     const char  *category,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const GmHazardKindInfo *kinds;
  guint n;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  kinds = gm_hazard_kinds (&n);
  for (guint i = 0; i < n; i++)
    if (category == NULL || g_str_equal (kinds[i].category, category))
      {
        g_strv_builder_add (builder, kinds[i].kind);
        g_hash_table_add (seen, (gpointer) kinds[i].kind);
      }
  stmt = gm_store_prepare (store, "SELECT DISTINCT kind FROM hazard WHERE kind <> ''"
                           " AND (?1 IS NULL OR category = ?1) ORDER BY kind", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, category, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_hash_table_contains (seen, sqlite3_column_text (stmt, 0)))
      g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading kinds of hazard"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

GStrv
gm_hazard_dup_departments (GmStore  *store,
                           GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store, "SELECT DISTINCT department FROM hazard"
                           " WHERE department IS NOT NULL AND department <> '' ORDER BY department",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading departments"));
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/* ---- audit ------------------------------------------------------------ */

static void
add_text (JsonBuilder *b,
          const char  *member,
          const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static char *
builder_to_text (JsonBuilder *b)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  return json_to_string (root, FALSE);
}

/* The fields that differ between @old and @new, as two JSON objects (a
 * NULL @old gives NULL and every set field of @new). FALSE when none do. */
static gboolean
diff_records (const GmHazardRecord *old,
              const GmHazardRecord *new,
              char                **old_json,
              char                **new_json)
{
  g_autoptr(JsonBuilder) before = json_builder_new ();
  g_autoptr(JsonBuilder) after = json_builder_new ();
  gboolean changed = FALSE;

  json_builder_begin_object (before);
  json_builder_begin_object (after);
  if (old == NULL || old->status != new->status)
    {
      if (old != NULL)
        add_text (before, "status", gm_hazard_status_to_string (old->status));
      add_text (after, "status", gm_hazard_status_to_string (new->status));
      changed = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *a = old != NULL ? *field_of (old, &fields[i]) : NULL;
      const char *b = *field_of (new, &fields[i]);

      if (g_strcmp0 (a, b) == 0)
        continue;
      if (old != NULL)
        add_text (before, fields[i].column, a);
      add_text (after, fields[i].column, b);
      changed = TRUE;
    }
  json_builder_end_object (before);
  json_builder_end_object (after);
  *old_json = old != NULL ? builder_to_text (before) : NULL;
  *new_json = builder_to_text (after);
  return changed;
}

/* ---- writing ---------------------------------------------------------- */

static gboolean
write_fields (GmStore               *store,
              const GmHazardRecord  *r,
              GError               **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store,
                           "UPDATE hazard SET status = ?2, category = ?3, kind = ?4, description = ?5,"
                           " found_on = ?6, notice_on = ?7, deadline = ?8, rectified_on = ?9,"
                           " verified_on = ?10, department = ?11, reporter = ?12 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, r->id);
  sqlite3_bind_text (stmt, 2, gm_hazard_status_to_string (r->status), -1, SQLITE_STATIC);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gm_bind_text_or_null (stmt, 3 + i, *field_of (r, &fields[i]));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Saving a hazard"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_row (GmStore         *store,
            GmHazardRecord  *r,
            GError         **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = gm_store_prepare (store,
                           "INSERT INTO hazard (building_id, location, status)"
                           " VALUES (?1, MakePoint(?2, ?3, 4326), 'discovered')", error);
  if (stmt == NULL)
    return FALSE;
  if (r->building_id > 0)
    sqlite3_bind_int64 (stmt, 1, r->building_id);
  sqlite3_bind_double (stmt, 2, r->lon);
  sqlite3_bind_double (stmt, 3, r->lat);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Adding a hazard"));
      return FALSE;
    }
  r->id = sqlite3_last_insert_rowid (gm_store_get_db (store));
  return write_fields (store, r, error);
}

/* Writes @new over @old (NULL: inserts it) and its audit row, in one
 * transaction. */
static gboolean
save (GmStore               *store,
      const char            *action,
      const GmHazardRecord  *old,
      GmHazardRecord        *new,
      GError               **error)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!diff_records (old, new, &before, &after))
    return TRUE;
  if (gm_store_is_read_only (store))
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_READ_ONLY,
                   _("Project “%s” is open read-only: hazards cannot be reported or changed in it"),
                   gm_store_get_path (store));
      return FALSE;
    }
  if (!gm_store_begin (store, error))
    return FALSE;
  if (!(old == NULL ? insert_row (store, new, error) : write_fields (store, new, error))
      || !gm_store_audit (store, action, "hazard", new->id, before, after, error)
      || !gm_store_commit (store, error))
    {
      gm_store_rollback (store);
      if (old == NULL)
        new->id = 0;
      return FALSE;
    }
  return TRUE;
}

gboolean
gm_hazard_add (GmStore         *store,
               GmHazardRecord  *record,
               GError         **error)
{
  g_autoptr(GmHazardRecord) r = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  r = gm_hazard_record_copy (record);
  r->status = GM_HAZARD_DISCOVERED;
  g_clear_pointer (&r->notice_on, g_free);
  g_clear_pointer (&r->deadline, g_free);
  g_clear_pointer (&r->rectified_on, g_free);
  g_clear_pointer (&r->verified_on, g_free);
  if (r->found_on == NULL || *r->found_on == '\0')
    {
      g_free (r->found_on);
      r->found_on = gm_today_iso ();
    }
  normalize (r);
  if (!check_record (r, error) || !save (store, "hazard-add", NULL, r, error))
    return FALSE;
  record->id = r->id;
  record->status = r->status;
  return TRUE;
}

gboolean
gm_hazard_update (GmStore               *store,
                  const GmHazardRecord  *record,
                  GError               **error)
{
  g_autoptr(GmHazardRecord) old = NULL;
  g_autoptr(GmHazardRecord) r = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (record != NULL && record->id > 0, FALSE);

  if ((old = gm_hazard_record_load (store, record->id, error)) == NULL)
    return FALSE;
  /* Only the descriptive fields come from @record; the workflow's own
   * dates stay, but for the deadline of a notice still open. */
  r = gm_hazard_record_copy (old);
#define TAKE(f) g_free (r->f), r->f = g_strdup (record->f)
  TAKE (category);
  TAKE (kind);
  TAKE (description);
  TAKE (found_on);
  TAKE (department);
  TAKE (reporter);
  if (old->status == GM_HAZARD_NOTIFIED)
    TAKE (deadline);
#undef TAKE
  normalize (r);
  if (old->status == GM_HAZARD_NOTIFIED && r->deadline == NULL)
    {
      g_set_error_literal (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID,
                           _("A notice needs a deadline"));
      return FALSE;
    }
  return check_record (r, error) && save (store, "hazard-edit", old, r, error);
}

/* Sets the fields of moving @r to @to on @date. */
static gboolean
apply_move (GmHazardRecord  *r,
            GmHazardStatus   to,
            const char      *date,
            const char      *deadline,
            GError         **error)
{
  if (!gm_hazard_status_can_move (r->status, to))
    {
      g_set_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_TRANSITION,
                   /* Translators: e.g. "A hazard that is “Discovered” cannot become “Rectified”" */
                   _("A hazard that is “%s” cannot become “%s”"),
                   gm_hazard_status_label (r->status), gm_hazard_status_label (to));
      return FALSE;
    }
  if (to == GM_HAZARD_NOTIFIED && r->status == GM_HAZARD_DISCOVERED)
    {
      g_free (r->notice_on);
      r->notice_on = g_strdup (date);
      g_free (r->deadline);
      r->deadline = deadline != NULL ? g_strdup (deadline)
                                     : gm_iso_date_add_days (date, GM_HAZARD_DEFAULT_NOTICE_DAYS);
    }
  else if (to == GM_HAZARD_NOTIFIED)
    {
      /* The verification failed: the rectification did not count. */
      g_clear_pointer (&r->rectified_on, g_free);
      if (deadline != NULL)
        {
          g_free (r->deadline);
          r->deadline = g_strdup (deadline);
        }
    }
  else if (to == GM_HAZARD_RECTIFIED)
    {
      g_free (r->rectified_on);
      r->rectified_on = g_strdup (date);
    }
  else
    {
      g_free (r->verified_on);
      r->verified_on = g_strdup (date);
    }
  r->status = to;
  return TRUE;
}

gboolean
gm_hazard_move (GmStore         *store,
                gint64           id,
                GmHazardStatus   to,
                const char      *date,
                const char      *deadline,
                GError         **error)
{
  g_autoptr(GmHazardRecord) old = NULL;
  g_autoptr(GmHazardRecord) r = NULL;
  g_autofree char *today = gm_today_iso ();

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);

  if ((old = gm_hazard_record_load (store, id, error)) == NULL)
    return FALSE;
  if (date == NULL || *date == '\0')
    date = today;
  if (!check_date (date, _("The date"), FALSE, today, error)
      || !check_date (deadline, _("The deadline"), TRUE, today, error))
    return FALSE;
  r = gm_hazard_record_copy (old);
  return apply_move (r, to, date, deadline, error)
         && check_record (r, error)
         && save (store, "hazard-status", old, r, error);
}
