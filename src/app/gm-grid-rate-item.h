/* gm-grid-rate-item.h — one grid's row in the analysis panel's table: its
 * rates from a hot-spot result (which the item keeps alive). */
#pragma once

#include <glib-object.h>

#include "gm-hotspot.h"

G_BEGIN_DECLS

#define GM_TYPE_GRID_RATE_ITEM (gm_grid_rate_item_get_type ())
G_DECLARE_FINAL_TYPE (GmGridRateItem, gm_grid_rate_item, GM, GRID_RATE_ITEM, GObject)

GmGridRateItem   *gm_grid_rate_item_new      (GmHotspotResult *result,
                                              guint            index);
const GmGridRate *gm_grid_rate_item_get_rate (GmGridRateItem  *self);
/* The value of @measure; NAN when it has none. */
double            gm_grid_rate_item_get_value (GmGridRateItem *self,
                                               GmGridMeasure   measure);

G_END_DECLS
