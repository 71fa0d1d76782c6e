/* gm-plan-layer.h — a division that is not the current one (a draft plan,
 * or one from history), drawn over the map for a look before applying. */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GM_TYPE_PLAN_LAYER (gm_plan_layer_get_type ())
G_DECLARE_FINAL_TYPE (GmPlanLayer, gm_plan_layer, GM, PLAN_LAYER, ShumateLayer)

GmPlanLayer *gm_plan_layer_new       (ShumateViewport *viewport);
/* Shows @grids (of GmPlanGrid, gm-plan.h) of the community @community_code
 * (may be NULL): coloured areas, outlines and their labels. NULL or an empty
 * array clears the layer. */
gboolean     gm_plan_layer_set_grids (GmPlanLayer     *self,
                                      GPtrArray       *grids,
                                      const char      *community_code,
                                      GError         **error);
guint        gm_plan_layer_get_n_grids (GmPlanLayer   *self);

G_END_DECLS
