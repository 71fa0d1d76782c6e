/* gm-hazard-filter.c — which hazards an analysis counts. */
#include "gm-config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gi18n-lib.h>

#include "gm-hazard-edit.h"
#include "gm-hazard-filter.h"
#include "gm-hotspot.h"
#include "gm-store.h"

GmHazardFilter *
gm_hazard_filter_new (void)
{
  return g_new0 (GmHazardFilter, 1);
}

GmHazardFilter *
gm_hazard_filter_copy (const GmHazardFilter *filter)
{
  GmHazardFilter *copy;

  g_return_val_if_fail (filter != NULL, NULL);

  copy = g_memdup2 (filter, sizeof *filter);
  copy->category = g_strdup (filter->category);
  copy->kind = g_strdup (filter->kind);
  copy->from = g_strdup (filter->from);
  copy->to = g_strdup (filter->to);
  copy->as_of = g_strdup (filter->as_of);
  return copy;
}

void
gm_hazard_filter_free (GmHazardFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->category);
  g_free (filter->kind);
  g_free (filter->from);
  g_free (filter->to);
  g_free (filter->as_of);
  g_free (filter);
}

gboolean
gm_hazard_filter_equal (const GmHazardFilter *a,
                        const GmHazardFilter *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->category, b->category) == 0
         && g_strcmp0 (a->kind, b->kind) == 0
         && a->statuses == b->statuses
         && g_strcmp0 (a->from, b->from) == 0
         && g_strcmp0 (a->to, b->to) == 0
         && g_strcmp0 (a->as_of, b->as_of) == 0;
}

static gboolean
check_filter_date (const char  *date,
                   const char  *option,
                   GError     **error)
{
  if (date == NULL || gm_iso_date_parse (date, NULL))
    return TRUE;
  g_set_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
               /* Translators: %s is "the start date", "the end date" or "the as-of date" */
               _("%s, “%s”, is not a date: write it as 2026-03-05"), option, date);
  return FALSE;
}

gboolean
gm_hazard_filter_check (const GmHazardFilter  *filter,
                        GError               **error)
{
  g_return_val_if_fail (filter != NULL, FALSE);

  if (!check_filter_date (filter->from, _("The start date"), error)
      || !check_filter_date (filter->to, _("The end date"), error)
      || !check_filter_date (filter->as_of, _("The as-of date"), error))
    return FALSE;
  if (filter->from != NULL && filter->to != NULL && strcmp (filter->from, filter->to) > 0)
    {
      g_set_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                   _("The start date (%s) is after the end date (%s)"), filter->from, filter->to);
      return FALSE;
    }
  if (filter->category != NULL && !gm_hazard_category_is_valid (filter->category))
    {
      g_set_error (error, GM_HOTSPOT_ERROR, GM_HOTSPOT_ERROR_INVALID,
                   _("“%s” is not a hazard category: choose fire, security or other"),
                   filter->category);
      return FALSE;
    }
  return TRUE;
}

char *
gm_hazard_filter_dup_as_of (const GmHazardFilter *filter)
{
  g_return_val_if_fail (filter != NULL, NULL);

  return filter->as_of != NULL ? g_strdup (filter->as_of) : gm_today_iso ();
}

/* The statuses chosen, any of which a hazard may have: "open or overdue". */
static void
describe_statuses (GString              *text,
                   const GmHazardFilter *f)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (f->statuses == GM_STATUS_ANY)
    return;
  if ((f->statuses & GM_STATUS_OPEN) == GM_STATUS_OPEN)
    g_ptr_array_add (names, (gpointer) _("open"));
  else
    for (GmHazardStatus s = GM_HAZARD_DISCOVERED; s <= GM_HAZARD_NOTIFIED; s++)
      if (f->statuses & (1u << s))
        g_ptr_array_add (names, (gpointer) gm_hazard_status_label (s));
  if (f->statuses & GM_STATUS_OVERDUE)
    g_ptr_array_add (names, (gpointer) _("overdue"));
  for (GmHazardStatus s = GM_HAZARD_RECTIFIED; s <= GM_HAZARD_CLOSED; s++)
    if (f->statuses & (1u << s))
      g_ptr_array_add (names, (gpointer) gm_hazard_status_label (s));
  for (guint i = 0; i < names->len; i++)
    /* Translators: between the statuses of a filter that takes hazards of
     * any of them, as in "open or overdue" */
    g_string_append_printf (text, "%s%s", i == 0 ? " · " : _(" or "), (const char *) names->pdata[i]);
}

char *
gm_hazard_filter_describe (const GmHazardFilter *filter)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (filter != NULL, NULL);

  g_string_append (text, filter->category != NULL ? gm_hazard_category_label (filter->category)
                                                  : _("All hazards"));
  if (filter->kind != NULL)
    g_string_append_printf (text, " · %s", gm_hazard_kind_label (filter->kind));
  describe_statuses (text, filter);
  if (filter->from != NULL || filter->to != NULL)
    g_string_append (text, " · ");
  if (filter->from != NULL && filter->to != NULL)
    /* Translators: the range of dates the hazards were found in */
    g_string_append_printf (text, _("found %s to %s"), filter->from, filter->to);
  else if (filter->from != NULL)
    g_string_append_printf (text, _("found from %s"), filter->from);
  else if (filter->to != NULL)
    g_string_append_printf (text, _("found up to %s"), filter->to);
  return g_string_free (text, FALSE);
}

/* " AND (status IN (…) OR overdue)": any of the statuses chosen, stored
 * ones or overdue on the as-of date. */
static void
append_statuses_sql (GString              *sql,
                     const GmHazardFilter *filter,
                     const char           *alias)
{
  g_autofree char *as_of = NULL;
  const char *sep = "";
  char *part;

  g_string_append (sql, " AND (0");
  for (GmHazardStatus s = GM_HAZARD_DISCOVERED; s <= GM_HAZARD_CLOSED; s++)
    if (filter->statuses & (1u << s))
      {
        part = *sep == '\0' ? sqlite3_mprintf (" OR %s.status IN ('%s'", alias, gm_hazard_status_to_string (s))
                             : sqlite3_mprintf (", '%s'", gm_hazard_status_to_string (s));
        g_string_append (sql, part);
        sqlite3_free (part);
        sep = ")";
      }
  g_string_append (sql, sep);
  if (filter->statuses & GM_STATUS_OVERDUE)
    {
      as_of = gm_hazard_filter_dup_as_of (filter);
      part = sqlite3_mprintf (" OR (%s.status IN ('discovered', 'notified') AND %s.deadline IS NOT NULL"
                              " AND %s.deadline < %Q)", alias, alias, alias, as_of);
      g_string_append (sql, part);
      sqlite3_free (part);
    }
  g_string_append (sql, ")");
}

char *
gm_hazard_filter_to_sql (const GmHazardFilter *filter,
                         const char           *alias)
{
  GString *sql = g_string_new ("1");
  char *part;

  g_return_val_if_fail (filter != NULL && alias != NULL, NULL);

#define APPEND(...) \
  part = sqlite3_mprintf (__VA_ARGS__), g_string_append (sql, part), sqlite3_free (part)

  if (filter->category != NULL)
    APPEND (" AND %s.category = %Q", alias, filter->category);
  if (filter->kind != NULL)
    APPEND (" AND %s.kind = %Q", alias, filter->kind);
  if (filter->from != NULL)
    APPEND (" AND %s.found_on >= %Q", alias, filter->from);
  if (filter->to != NULL)
    APPEND (" AND %s.found_on <= %Q", alias, filter->to);
  if (filter->statuses != GM_STATUS_ANY)
    append_statuses_sql (sql, filter, alias);
#undef APPEND
  return g_string_free (sql, FALSE);
}
