/* gm-plans-window.h — the plans of a project side by side, the divisions
 * of the past, and which of them the map shows. */
#pragma once

#include <adwaita.h>

#include "gm-window.h"

G_BEGIN_DECLS

#define GM_TYPE_PLANS_WINDOW (gm_plans_window_get_type ())
G_DECLARE_FINAL_TYPE (GmPlansWindow, gm_plans_window, GM, PLANS_WINDOW, AdwWindow)

GmPlansWindow *gm_plans_window_new         (GmWindow      *window);
/* Reads the plans and the history of the window's project again. */
void           gm_plans_window_reload      (GmPlansWindow *self);
/* Chooses a plan, which the map then shows. */
void           gm_plans_window_select_plan (GmPlansWindow *self,
                                            gint64         plan_id);

/* For tests and scripts: the plans listed, the past divisions listed,
 * showing the @index-th past one, and "Apply Plan…" for the chosen plan
 * (which asks first). */
guint          gm_plans_window_get_n_plans (GmPlansWindow *self);
guint          gm_plans_window_get_n_past  (GmPlansWindow *self);
void           gm_plans_window_show_past   (GmPlansWindow *self,
                                            guint          index);
void           gm_plans_window_apply       (GmPlansWindow *self);

G_END_DECLS
