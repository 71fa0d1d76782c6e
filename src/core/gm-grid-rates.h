/* gm-grid-rates.h — hazards per grid of the current division.
 *
 * A hazard belongs to the grid of its building or, when it is at no
 * building, to the current grid that contains it. For the hazards a filter
 * takes, per grid:
 *
 *   open hazards per 100 households = 100 · open / households
 *   overdue       = open hazards whose deadline is before the as-of date
 *   rectification rate = (rectified + closed) / hazards
 *   rebound rate  = rebounded / hazards, where a hazard is rebounded when an
 *                   earlier hazard of the same kind at the same building was
 *                   closed (verified) on or before the day it was found
 *   this month, last month = hazards found from the first of the month of
 *                   the reference date up to it, and in the same days of
 *                   the month before (the whole month when the reference
 *                   date ends its own); the reference date is the filter's
 *                   end date, else its as-of date; the filter's date range
 *                   does not apply to these two counts.
 */
#pragma once

#include "gm-hazard-filter.h"
#include "gm-store.h"

G_BEGIN_DECLS

typedef enum
{
  GM_GRID_OPEN_PER_100,
  GM_GRID_OVERDUE,
  GM_GRID_RECTIFICATION,
  GM_GRID_REBOUND,
  GM_GRID_CHANGE,        /* this month − last month */
  GM_GRID_N_MEASURES,
} GmGridMeasure;

typedef struct
{
  gint64  grid_id;
  char   *code;
  char   *name;
  int     households;
  int     hazards;
  int     open;
  int     overdue;
  int     rectified;     /* rectified or closed */
  int     rebounded;
  int     this_month;
  int     last_month;
} GmGridRate;

void        gm_grid_rate_free          (GmGridRate *rate);

/* The value of @measure for one grid; NAN when it has no meaning (rates of
 * a grid without hazards, per household without households). */
double      gm_grid_rate_value         (const GmGridRate *rate,
                                        GmGridMeasure     measure);
/* "open_per_100", "overdue", "rectification", "rebound", "change". */
const char *gm_grid_measure_to_string  (GmGridMeasure     measure);
gboolean    gm_grid_measure_from_string (const char       *text,
                                         GmGridMeasure    *out);
/* A translated title ("Open hazards per 100 households", …). */
const char *gm_grid_measure_label      (GmGridMeasure     measure);

/* Every current grid, by code, with its counts (a GPtrArray of
 * GmGridRate). @this_month and @last_month receive the months compared
 * (YYYY-MM) when not NULL. */
GPtrArray  *gm_grid_rates_compute      (GmStore              *store,
                                        const GmHazardFilter *filter,
                                        char                **this_month,
                                        char                **last_month,
                                        GError              **error);

/* The hazards of one grid that @filter takes (NULL: all), a GPtrArray of
 * GmHazard, open ones first. */
GPtrArray  *gm_grid_dup_hazards        (GmStore              *store,
                                        gint64                grid_id,
                                        const GmHazardFilter *filter,
                                        GError              **error);

G_END_DECLS
