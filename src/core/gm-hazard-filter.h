/* gm-hazard-filter.h — which hazards an analysis counts.
 *
 * A filter picks hazards by category, kind, status and the date they were
 * found (inclusive range). The statuses chosen are a union: a hazard is
 * taken when any of them applies ("open, overdue" takes every open one).
 * "Overdue" is judged on the filter's as-of date: an open hazard
 * (discovered or notice issued) whose deadline is before it.
 */
#pragma once

#include <glib.h>

#include "gm-types.h"

G_BEGIN_DECLS

typedef enum
{
  GM_STATUS_ANY        = 0,
  GM_STATUS_DISCOVERED = 1 << GM_HAZARD_DISCOVERED,
  GM_STATUS_NOTIFIED   = 1 << GM_HAZARD_NOTIFIED,
  GM_STATUS_RECTIFIED  = 1 << GM_HAZARD_RECTIFIED,
  GM_STATUS_CLOSED     = 1 << GM_HAZARD_CLOSED,
  GM_STATUS_OPEN       = GM_STATUS_DISCOVERED | GM_STATUS_NOTIFIED,
  /* Not a stored status: open and past its deadline on the as-of date. */
  GM_STATUS_OVERDUE    = 1 << 8,
} GmStatusSet;

typedef struct
{
  char        *category;     /* NULL: every category */
  char        *kind;         /* NULL: every kind */
  GmStatusSet  statuses;     /* any of these; GM_STATUS_ANY: every status */
  char        *from;         /* found on or after; NULL: no limit */
  char        *to;           /* found on or before; NULL: no limit */
  char        *as_of;        /* for "overdue" and "this month"; NULL: today */
} GmHazardFilter;

GmHazardFilter *gm_hazard_filter_new      (void);
GmHazardFilter *gm_hazard_filter_copy     (const GmHazardFilter *filter);
void            gm_hazard_filter_free     (GmHazardFilter       *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmHazardFilter, gm_hazard_filter_free)

gboolean        gm_hazard_filter_equal    (const GmHazardFilter *a,
                                           const GmHazardFilter *b);
/* Checks the dates and the category; a clear error for a person. */
gboolean        gm_hazard_filter_check    (const GmHazardFilter *filter,
                                           GError              **error);
/* The as-of date: the filter's, else today (owned). */
char           *gm_hazard_filter_dup_as_of (const GmHazardFilter *filter);
/* The filter in words, for legends and exports: "Fire · open · found
 * 2026-01-01 to 2026-11-30"; "All hazards" when it takes every one. */
char           *gm_hazard_filter_describe (const GmHazardFilter *filter);

/* An SQL condition on the hazard table aliased @alias ("h"), with the
 * filter's values written in as quoted literals. Never empty ("1"). */
char           *gm_hazard_filter_to_sql   (const GmHazardFilter *filter,
                                           const char           *alias);

G_END_DECLS
