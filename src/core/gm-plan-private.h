/* gm-plan-private.h — what gm-plan.c shares with gm-plan-apply.c. */
#pragma once

#include "gm-plan.h"

G_BEGIN_DECLS

/* The last columns of a grid query: the boundary as WKB and a label point. */
#define GM_PLAN_GRID_SHAPE(column) \
  "AsBinary(" column "), X(PointOnSurface(" column ")), Y(PointOnSurface(" column "))"

/* Reads rows of code, name, worker name, worker phone, buildings,
 * households, workload, Polsby–Popper, contiguous and GM_PLAN_GRID_SHAPE
 * into @grids (of GmPlanGrid). Returns the last sqlite3_step() result. */
int      gm_plan_read_grids        (sqlite3_stmt  *stmt,
                                    GPtrArray     *grids);

/* Runs @func in a transaction of its own unless one is open already. */
typedef gboolean (*GmPlanStoreFunc) (GmStore  *store,
                                     gint64    plan_id,
                                     gpointer  data,
                                     GError  **error);
gboolean gm_plan_in_transaction    (GmStore         *store,
                                    GmPlanStoreFunc  func,
                                    gint64           plan_id,
                                    gpointer         data,
                                    GError         **error);

G_END_DECLS
