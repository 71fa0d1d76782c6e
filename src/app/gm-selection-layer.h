/* gm-selection-layer.h — the outline of what is selected, over the map. */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GM_TYPE_SELECTION_LAYER (gm_selection_layer_get_type ())
G_DECLARE_FINAL_TYPE (GmSelectionLayer, gm_selection_layer, GM, SELECTION_LAYER, ShumateLayer)

GmSelectionLayer *gm_selection_layer_new         (ShumateViewport  *viewport);
/* Shows the outline of the WKB geometry @wkb; NULL clears it. */
gboolean          gm_selection_layer_set_outline (GmSelectionLayer *self,
                                                  GBytes           *wkb,
                                                  GError          **error);
gboolean          gm_selection_layer_is_empty    (GmSelectionLayer *self);

G_END_DECLS
