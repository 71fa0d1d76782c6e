/* gm-selection-layer.c — the outline of what is selected, over the map.
 *
 * libshumate 1.0 does not redraw custom layers when the viewport moves, so
 * the layer follows the viewport itself (gm_overlay_follow_viewport()).
 */
#include "gm-config.h"

#include "gm-overlay.h"
#include "gm-selection-layer.h"
#include "gm-wkb.h"

struct _GmSelectionLayer
{
  ShumateLayer parent_instance;

  GPtrArray *paths;   /* of GArray of GmLonLat; NULL when nothing is selected */
};

G_DEFINE_FINAL_TYPE (GmSelectionLayer, gm_selection_layer, SHUMATE_TYPE_LAYER)

static void
gm_selection_layer_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  GmSelectionLayer *self = GM_SELECTION_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->paths == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  gm_overlay_trace_paths (SHUMATE_LAYER (self), cr, self->paths);

  /* A translucent fill, a white halo and a strong blue line: readable on
   * every basemap colour. */
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.18);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 6);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.11, 0.42, 0.85);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
gm_selection_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gm_selection_layer_parent_class)->constructed (object);
  gm_overlay_follow_viewport (SHUMATE_LAYER (object));
}

static void
gm_selection_layer_finalize (GObject *object)
{
  GmSelectionLayer *self = GM_SELECTION_LAYER (object);

  g_clear_pointer (&self->paths, g_ptr_array_unref);

  G_OBJECT_CLASS (gm_selection_layer_parent_class)->finalize (object);
}

static void
gm_selection_layer_class_init (GmSelectionLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gm_selection_layer_constructed;
  object_class->finalize = gm_selection_layer_finalize;
  widget_class->snapshot = gm_selection_layer_snapshot;
}

static void
gm_selection_layer_init (GmSelectionLayer *self)
{
  /* Clicks go through to the map underneath. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

GmSelectionLayer *
gm_selection_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (GM_TYPE_SELECTION_LAYER, "viewport", viewport, NULL);
}

gboolean
gm_selection_layer_set_outline (GmSelectionLayer  *self,
                                GBytes            *wkb,
                                GError           **error)
{
  g_autoptr(GPtrArray) paths = NULL;

  g_return_val_if_fail (GM_IS_SELECTION_LAYER (self), FALSE);

  if (wkb != NULL && (paths = gm_wkb_dup_paths (wkb, error)) == NULL)
    return FALSE;

  g_clear_pointer (&self->paths, g_ptr_array_unref);
  self->paths = g_steal_pointer (&paths);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gboolean
gm_selection_layer_is_empty (GmSelectionLayer *self)
{
  g_return_val_if_fail (GM_IS_SELECTION_LAYER (self), TRUE);

  return self->paths == NULL;
}
