/* gm-hazard-history.c — a hazard's audit rows, in words. */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "gm-autocleanups.h"
#include "gm-hazard.h"
#include "gm-hazard-history.h"
#include "gm-store-private.h"

void
gm_hazard_change_free (GmHazardChange *change)
{
  if (change == NULL)
    return;
  g_free (change->when);
  g_free (change->who);
  g_free (change->action);
  g_free (change->summary);
  g_free (change);
}

static const char *
field_label (const char *field)
{
  static const struct { const char *field; const char *label; } labels[] = {
    { "status", N_("Status") }, { "category", N_("Category") }, { "kind", N_("Kind") },
    { "description", N_("Description") }, { "found_on", N_("Found on") },
    { "notice_on", N_("Notice issued on") }, { "deadline", N_("Deadline") },
    { "rectified_on", N_("Rectified on") }, { "verified_on", N_("Verified on") },
    { "department", N_("Department") }, { "reporter", N_("Reporter") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].field, field))
      return _(labels[i].label);
  return field;
}

/* A stored value as people read it: statuses, categories and kinds by
 * their labels, nothing as a dash. */
static const char *
value_text (const char *field,
            JsonObject *object)
{
  const char *value = object != NULL && json_object_has_member (object, field)
                      ? json_object_get_string_member (object, field) : NULL;
  GmHazardStatus status;

  if (value == NULL)
    return "—";
  if (g_str_equal (field, "status") && gm_hazard_status_from_string (value, &status))
    return gm_hazard_status_label (status);
  if (g_str_equal (field, "category"))
    return gm_hazard_category_label (value);
  if (g_str_equal (field, "kind"))
    return gm_hazard_kind_label (value);
  return value;
}

static JsonObject *
parse (const char *json)
{
  g_autoptr(JsonNode) node = json != NULL ? json_from_string (json, NULL) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

char *
gm_hazard_describe_change (const char *old_json,
                           const char *new_json)
{
  g_autoptr(JsonObject) before = parse (old_json);
  g_autoptr(JsonObject) after = parse (new_json);
  g_autoptr(GList) fields = NULL;
  GString *text = g_string_new (NULL);

  if (after == NULL)
    return g_string_free (text, FALSE);
  fields = json_object_get_members (after);
  for (GList *l = fields; l != NULL; l = l->next)
    {
      const char *field = l->data;

      if (text->len > 0)
        g_string_append (text, "; ");
      if (before == NULL)
        g_string_append_printf (text, "%s: %s", field_label (field), value_text (field, after));
      else
        /* Translators: a field, its old value and its new value */
        g_string_append_printf (text, _("%s: %s → %s"), field_label (field),
                                value_text (field, before), value_text (field, after));
    }
  return g_string_free (text, FALSE);
}

/* "2026-12-04T07:50:00Z" (UTC) as local time, to the minute. */
static char *
local_time (const char *utc)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = utc != NULL ? g_date_time_new_from_iso8601 (utc, zone) : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (utc);
}

GPtrArray *
gm_hazard_dup_history (GmStore  *store,
                       gint64    id,
                       GError  **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_hazard_change_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  stmt = gm_store_prepare (store, "SELECT at, who, action, old_value, new_value FROM audit"
                           " WHERE table_name = 'hazard' AND row_id = ? ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GmHazardChange *c = g_new0 (GmHazardChange, 1);

      c->when = local_time ((const char *) sqlite3_column_text (stmt, 0));
      c->who = gm_column_dup (stmt, 1);
      c->action = gm_column_dup (stmt, 2);
      c->summary = gm_hazard_describe_change ((const char *) sqlite3_column_text (stmt, 3),
                                              (const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (list, c);
    }
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the audit trail"));
      return NULL;
    }
  return g_steal_pointer (&list);
}
