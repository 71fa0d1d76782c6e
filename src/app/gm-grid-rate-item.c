/* gm-grid-rate-item.c — one grid's row in the analysis panel's table. */
#include "gm-config.h"

#include "gm-grid-rate-item.h"

struct _GmGridRateItem
{
  GObject          parent_instance;
  GmHotspotResult *result;
  guint            index;
};

G_DEFINE_FINAL_TYPE (GmGridRateItem, gm_grid_rate_item, G_TYPE_OBJECT)

static void
gm_grid_rate_item_finalize (GObject *object)
{
  g_clear_pointer (&GM_GRID_RATE_ITEM (object)->result, gm_hotspot_result_unref);
  G_OBJECT_CLASS (gm_grid_rate_item_parent_class)->finalize (object);
}

static void
gm_grid_rate_item_class_init (GmGridRateItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gm_grid_rate_item_finalize;
}

static void
gm_grid_rate_item_init (GmGridRateItem *self)
{
}

GmGridRateItem *
gm_grid_rate_item_new (GmHotspotResult *result,
                       guint            index)
{
  GmGridRateItem *self;

  g_return_val_if_fail (result != NULL && result->grids != NULL, NULL);
  g_return_val_if_fail (index < result->grids->len, NULL);

  self = g_object_new (GM_TYPE_GRID_RATE_ITEM, NULL);
  self->result = gm_hotspot_result_ref (result);
  self->index = index;
  return self;
}

const GmGridRate *
gm_grid_rate_item_get_rate (GmGridRateItem *self)
{
  g_return_val_if_fail (GM_IS_GRID_RATE_ITEM (self), NULL);
  return g_ptr_array_index (self->result->grids, self->index);
}

double
gm_grid_rate_item_get_value (GmGridRateItem *self,
                             GmGridMeasure   measure)
{
  g_return_val_if_fail (GM_IS_GRID_RATE_ITEM (self), 0.0);
  return gm_grid_rate_value (gm_grid_rate_item_get_rate (self), measure);
}
