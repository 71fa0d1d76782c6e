/* gm-map-frame.c — see gm-map-frame.h. */
#include "gm-config.h"

#include "gm-map-frame.h"

struct _GmMapFrame
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  /* The last allocation: the frame's left edge in the window, its width,
   * and the window's size then. 0 wide: none yet. */
  double     left;
  int        width;
  int        window_width;
  int        window_height;
};

G_DEFINE_FINAL_TYPE (GmMapFrame, gm_map_frame, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CHILD, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Moves the map's centre east by @dx pixels at its zoom level. */
static void
gm_map_frame_shift (GmMapFrame *self,
                    double      dx)
{
  ShumateViewport *viewport;
  ShumateMapSource *source;
  double zoom, x, lat;

  if (!SHUMATE_IS_SIMPLE_MAP (self->child))
    return;
  viewport = shumate_simple_map_get_viewport (SHUMATE_SIMPLE_MAP (self->child));
  source = shumate_viewport_get_reference_map_source (viewport);
  if (source == NULL)
    return;
  zoom = shumate_viewport_get_zoom_level (viewport);
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  x = shumate_map_source_get_x (source, zoom, shumate_location_get_longitude (SHUMATE_LOCATION (viewport)));
  shumate_location_set_location (SHUMATE_LOCATION (viewport), lat,
                                 shumate_map_source_get_longitude (source, zoom, x + dx));
}

static void
gm_map_frame_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  GmMapFrame *self = GM_MAP_FRAME (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  int window_width = root != NULL ? gtk_widget_get_width (GTK_WIDGET (root)) : 0;
  int window_height = root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) : 0;
  graphene_point_t origin = GRAPHENE_POINT_INIT (0, 0);

  if (root != NULL && !gtk_widget_compute_point (widget, GTK_WIDGET (root), &GRAPHENE_POINT_INIT (0, 0), &origin))
    origin.x = self->left;

  /* A place at x on the map shows at left + (x − centre) + width / 2:
   * to keep it there the centre moves by Δleft + Δwidth / 2. */
  if (self->width > 0 && width > 0 && window_width == self->window_width
      && window_height == self->window_height && (width != self->width || origin.x != self->left))
    gm_map_frame_shift (self, (origin.x - self->left) + (width - self->width) / 2.0);

  self->left = origin.x;
  self->width = width;
  self->window_width = window_width;
  self->window_height = window_height;
  if (self->child != NULL)
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static void
gm_map_frame_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GmMapFrame *self = GM_MAP_FRAME (widget);

  if (self->child != NULL)
    gtk_widget_measure (self->child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

GtkWidget *
gm_map_frame_get_child (GmMapFrame *self)
{
  g_return_val_if_fail (GM_IS_MAP_FRAME (self), NULL);

  return self->child;
}

void
gm_map_frame_set_child (GmMapFrame *self,
                        GtkWidget  *child)
{
  g_return_if_fail (GM_IS_MAP_FRAME (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  self->width = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

static void
gm_map_frame_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GmMapFrame *self = GM_MAP_FRAME (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gm_map_frame_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GmMapFrame *self = GM_MAP_FRAME (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      gm_map_frame_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gm_map_frame_dispose (GObject *object)
{
  GmMapFrame *self = GM_MAP_FRAME (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  G_OBJECT_CLASS (gm_map_frame_parent_class)->dispose (object);
}

static void
gm_map_frame_class_init (GmMapFrameClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_map_frame_dispose;
  object_class->get_property = gm_map_frame_get_property;
  object_class->set_property = gm_map_frame_set_property;
  widget_class->measure = gm_map_frame_measure;
  widget_class->size_allocate = gm_map_frame_size_allocate;

  properties[PROP_CHILD] = g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gm_map_frame_init (GmMapFrame *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}
