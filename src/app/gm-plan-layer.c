/* gm-plan-layer.c — a division drawn over the map.
 *
 * Each grid is a translucent area in one of eight colours (the Okabe–Ito
 * palette the renderer uses), chosen so that grids whose boxes meet differ
 * where eight allow, with a white-haloed outline and its label as the
 * map labels its grids (gm_grid_labels_place()).
 */
#include "gm-config.h"


#include "gm-overlay.h"
#include "gm-plan.h"
#include "gm-plan-layer.h"
#include "gm-render.h"
#include "gm-wkb.h"

#define N_COLORS 8

static const double palette[N_COLORS][3] = {
  { 0.90, 0.62, 0.00 }, { 0.34, 0.71, 0.91 }, { 0.00, 0.62, 0.45 }, { 0.94, 0.89, 0.26 },
  { 0.00, 0.45, 0.70 }, { 0.84, 0.37, 0.00 }, { 0.80, 0.47, 0.65 }, { 0.60, 0.60, 0.60 },
};

typedef struct
{
  GPtrArray *paths;     /* of GArray of GmLonLat */
  char      *code;
  char      *name;
  double     lon, lat;
  double     box[4];    /* min lon, min lat, max lon, max lat */
  guint      color;
} GmPlanShape;

struct _GmPlanLayer
{
  ShumateLayer parent_instance;

  GArray *shapes;       /* of GmPlanShape */
  char   *community_code;
};

G_DEFINE_FINAL_TYPE (GmPlanLayer, gm_plan_layer, SHUMATE_TYPE_LAYER)

static void
gm_plan_shape_clear (gpointer data)
{
  GmPlanShape *shape = data;

  g_clear_pointer (&shape->paths, g_ptr_array_unref);
  g_clear_pointer (&shape->code, g_free);
  g_clear_pointer (&shape->name, g_free);
}

static void
gm_plan_shape_measure (GmPlanShape *shape)
{
  shape->box[0] = shape->box[1] = G_MAXDOUBLE;
  shape->box[2] = shape->box[3] = -G_MAXDOUBLE;
  for (guint i = 0; i < shape->paths->len; i++)
    {
      GArray *path = g_ptr_array_index (shape->paths, i);

      for (guint j = 0; j < path->len; j++)
        {
          const GmLonLat *p = &g_array_index (path, GmLonLat, j);

          shape->box[0] = MIN (shape->box[0], p->lon);
          shape->box[1] = MIN (shape->box[1], p->lat);
          shape->box[2] = MAX (shape->box[2], p->lon);
          shape->box[3] = MAX (shape->box[3], p->lat);
        }
    }
}

/* Greedy colours: each grid takes the first colour no earlier grid whose
 * box meets its own has. */
static void
gm_plan_layer_color (GmPlanLayer *self)
{
  for (guint i = 0; i < self->shapes->len; i++)
    {
      GmPlanShape *a = &g_array_index (self->shapes, GmPlanShape, i);
      guint used = 0;

      for (guint j = 0; j < i; j++)
        {
          const GmPlanShape *b = &g_array_index (self->shapes, GmPlanShape, j);

          if (a->box[0] <= b->box[2] && b->box[0] <= a->box[2] && a->box[1] <= b->box[3] && b->box[1] <= a->box[3])
            used |= 1u << b->color;
        }
      a->color = 0;
      while (a->color < N_COLORS - 1 && (used & (1u << a->color)))
        a->color++;
    }
}

/* The labels as the map's own grid labels are: the same font and halo, and
 * the same rules for which are shown, so none overlaps another. */
static void
gm_plan_layer_draw_labels (GmPlanLayer *self,
                           cairo_t     *cr,
                           int          width,
                           int          height)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_autofree GmGridLabelSource *sources = g_new0 (GmGridLabelSource, self->shapes->len);
  g_autoptr(GArray) labels = NULL;
  GmView view;

  gm_view_init_center (&view, shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                       shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                       shumate_viewport_get_zoom_level (viewport), width, height);
  for (guint i = 0; i < self->shapes->len; i++)
    {
      const GmPlanShape *shape = &g_array_index (self->shapes, GmPlanShape, i);

      sources[i] = (GmGridLabelSource) { shape->code, shape->name, shape->lon, shape->lat,
                                         { shape->box[0], shape->box[1], shape->box[2], shape->box[3] } };
    }
  labels = gm_grid_labels_place (sources, self->shapes->len, self->community_code, &view);
  for (guint i = 0; i < labels->len; i++)
    {
      const GmGridLabel *label = &g_array_index (labels, GmGridLabel, i);

      /* Those near the view: a label across its edge is drawn whole. */
      if (label->x + label->width >= 0 && label->x - label->width <= width
          && label->y + label->height >= 0 && label->y - label->height <= height)
        gm_grid_label_paint (cr, label, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
    }
}

static void
gm_plan_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GmPlanLayer *self = GM_PLAN_LAYER (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->shapes->len == 0 || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (guint i = 0; i < self->shapes->len; i++)
    {
      const GmPlanShape *shape = &g_array_index (self->shapes, GmPlanShape, i);
      const double *c = palette[shape->color];

      gm_overlay_trace_paths (SHUMATE_LAYER (self), cr, shape->paths);
      cairo_set_source_rgba (cr, c[0], c[1], c[2], 0.35);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.2);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  gm_plan_layer_draw_labels (self, cr, width, height);
  cairo_destroy (cr);
}

static void
gm_plan_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gm_plan_layer_parent_class)->constructed (object);

  gm_overlay_follow_viewport (SHUMATE_LAYER (object));
}

static void
gm_plan_layer_finalize (GObject *object)
{
  GmPlanLayer *self = GM_PLAN_LAYER (object);

  g_clear_pointer (&self->shapes, g_array_unref);
  g_clear_pointer (&self->community_code, g_free);

  G_OBJECT_CLASS (gm_plan_layer_parent_class)->finalize (object);
}

static void
gm_plan_layer_class_init (GmPlanLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gm_plan_layer_constructed;
  object_class->finalize = gm_plan_layer_finalize;
  widget_class->snapshot = gm_plan_layer_snapshot;
}

static void
gm_plan_layer_init (GmPlanLayer *self)
{
  /* Clicks go through to the map underneath. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  self->shapes = g_array_new (FALSE, TRUE, sizeof (GmPlanShape));
  g_array_set_clear_func (self->shapes, gm_plan_shape_clear);
}

GmPlanLayer *
gm_plan_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (GM_TYPE_PLAN_LAYER, "viewport", viewport, NULL);
}

gboolean
gm_plan_layer_set_grids (GmPlanLayer  *self,
                         GPtrArray    *grids,
                         const char   *community_code,
                         GError      **error)
{
  g_autoptr(GArray) shapes = g_array_new (FALSE, TRUE, sizeof (GmPlanShape));

  g_return_val_if_fail (GM_IS_PLAN_LAYER (self), FALSE);

  g_array_set_clear_func (shapes, gm_plan_shape_clear);
  for (guint i = 0; grids != NULL && i < grids->len; i++)
    {
      const GmPlanGrid *grid = g_ptr_array_index (grids, i);
      GmPlanShape shape = { NULL, NULL, NULL, grid->label_lon, grid->label_lat, { 0 }, 0 };

      if (grid->boundary == NULL)
        continue;
      if ((shape.paths = gm_wkb_dup_paths (grid->boundary, error)) == NULL)
        return FALSE;
      shape.code = g_strdup (grid->code);
      shape.name = g_strdup (grid->name);
      gm_plan_shape_measure (&shape);
      g_array_append_val (shapes, shape);
    }
  g_clear_pointer (&self->shapes, g_array_unref);
  self->shapes = g_steal_pointer (&shapes);
  g_free (self->community_code);
  self->community_code = g_strdup (community_code);
  gm_plan_layer_color (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

guint
gm_plan_layer_get_n_grids (GmPlanLayer *self)
{
  g_return_val_if_fail (GM_IS_PLAN_LAYER (self), 0);

  return self->shapes->len;
}
