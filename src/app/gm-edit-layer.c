/* gm-edit-layer.c — the grids being edited, drawn over the map.
 *
 * While editing, the map's tiles leave the grids out and this layer draws
 * them from the edit session, so what is seen is the division as edited.
 * libshumate 1.0 does not redraw custom layers when the viewport moves, so
 * the layer follows the viewport itself (gm_overlay_follow_viewport()).
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-edit-layer.h"
#include "gm-overlay.h"
#include "gm-wkb.h"

/* The tile renderer's grid colours (Okabe–Ito), so edited grids look like
 * the grids around them. */
static const guint32 palette[8] = {
  0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x999999,
};

/* Within, under and over the workload tolerance: green, blue, red. */
static const guint32 status_colors[] = {
  [GM_WORKLOAD_WITHIN] = 0x26a269,
  [GM_WORKLOAD_UNDER] = 0x1c71d8,
  [GM_WORKLOAD_OVER] = 0xc01c28,
};

#define ACCENT 0x3584e4

typedef struct
{
  GPtrArray *paths;            /* of GArray of GmLonLat */
  double     label_lon, label_lat;
  gboolean   has_label;
  char      *label;
  int        color;
  GmWorkloadStatus status;
} GridDrawing;

struct _GmEditLayer
{
  ShumateLayer parent_instance;

  GmGridEdit *edit;
  GPtrArray  *community;       /* outline paths */
  GArray     *grids;           /* of GridDrawing */
  int         selected;
  gboolean    handle_shown;
  GmLonLat    handle;
  GArray     *drag_neighbours; /* lon/lat pairs; NULL: no drag */
  GmLonLat    drag;
  GArray     *sketch;          /* lon/lat pairs */
  gboolean    sketch_closed;
  gboolean    has_pointer;
  GmLonLat    pointer;
  GArray     *chosen;          /* lon/lat pairs */
  GmSnapKind  snap_kind;
  GmLonLat    snap;
};

G_DEFINE_FINAL_TYPE (GmEditLayer, gm_edit_layer, SHUMATE_TYPE_LAYER)

static void
set_rgb (cairo_t *cr,
         guint32  rgb,
         double   alpha)
{
  cairo_set_source_rgba (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static void
grid_drawing_clear (gpointer data)
{
  GridDrawing *d = data;

  g_clear_pointer (&d->paths, g_ptr_array_unref);
  g_clear_pointer (&d->label, g_free);
}

static void
to_widget (GmEditLayer *self,
           double       lon,
           double       lat,
           double      *x,
           double      *y)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (self), lat, lon, x, y);
}

/* ---- grids --------------------------------------------------------------- */

static void
draw_grids (GmEditLayer *self,
            cairo_t     *cr)
{
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->grids->len; i++)
    {
      GridDrawing *d = &g_array_index (self->grids, GridDrawing, i);
      guint32 rgb = palette[((guint) d->color) % G_N_ELEMENTS (palette)];

      if (d->paths == NULL)
        continue;
      cairo_new_path (cr);
      gm_overlay_trace_paths (SHUMATE_LAYER (self), cr, d->paths);
      set_rgb (cr, rgb, (int) i == self->selected ? 0.45 : 0.28);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, 4);
      cairo_stroke_preserve (cr);
      set_rgb (cr, 0x3d3846, 0.9);
      cairo_set_line_width (cr, 1.6);
      cairo_stroke (cr);
    }
}

/* The community boundary, as the tiles draw it. */
static void
draw_community (GmEditLayer *self,
                cairo_t     *cr)
{
  static const double dash[] = { 9.0, 4.0, 2.0, 4.0 };

  if (self->community == NULL)
    return;
  cairo_new_path (cr);
  gm_overlay_trace_paths (SHUMATE_LAYER (self), cr, self->community);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  cairo_set_line_width (cr, 5);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 0.37, 0.20, 0.53);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_selected (GmEditLayer *self,
               cairo_t     *cr)
{
  GridDrawing *d;

  if (self->selected < 0 || (guint) self->selected >= self->grids->len)
    return;
  d = &g_array_index (self->grids, GridDrawing, self->selected);
  if (d->paths == NULL)
    return;
  cairo_new_path (cr);
  gm_overlay_trace_paths (SHUMATE_LAYER (self), cr, d->paths);
  set_rgb (cr, ACCENT, 1);
  cairo_set_line_width (cr, 3);
  cairo_stroke (cr);

  /* Its vertices, as small handles. */
  for (guint i = 0; i < d->paths->len; i++)
    {
      GArray *path = g_ptr_array_index (d->paths, i);

      for (guint j = 0; j + 1 < path->len; j++)
        {
          const GmLonLat *p = &g_array_index (path, GmLonLat, j);
          double x, y;

          to_widget (self, p->lon, p->lat, &x, &y);
          cairo_rectangle (cr, x - 3, y - 3, 6, 6);
        }
    }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, ACCENT, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

/* A rounded pill with the grid's number and households, coloured by its
 * workload against the target; left out where it would cover a pill
 * already drawn (@taken, of graphene_rect_t). */
static void
draw_label (GmEditLayer *self,
            cairo_t     *cr,
            GridDrawing *d,
            GArray      *taken)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), d->label);
  PangoRectangle ink, logical;
  graphene_rect_t box;
  double x, y, w, h, r;

  pango_layout_get_pixel_extents (layout, &ink, &logical);
  to_widget (self, d->label_lon, d->label_lat, &x, &y);
  w = logical.width + 14;
  h = logical.height + 6;
  r = h / 2;
  x -= w / 2;
  y -= h / 2;
  graphene_rect_init (&box, x - 2, y - 2, w + 4, h + 4);
  for (guint i = 0; i < taken->len; i++)
    if (graphene_rect_intersection (&box, &g_array_index (taken, graphene_rect_t, i), NULL))
      return;
  g_array_append_val (taken, box);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, x + r, y + r, r, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
  set_rgb (cr, status_colors[d->status], 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_move_to (cr, x + 7, y + 3);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
}

/* The selected grid's label first, so it always shows. */
static void
draw_labels (GmEditLayer *self,
             cairo_t     *cr)
{
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));

  for (int k = -1; k < (int) self->grids->len; k++)
    {
      int i = k < 0 ? self->selected : k;
      GridDrawing *d;

      if (i < 0 || (guint) i >= self->grids->len || (k >= 0 && i == self->selected))
        continue;
      d = &g_array_index (self->grids, GridDrawing, i);
      if (d->paths != NULL && d->has_label)
        draw_label (self, cr, d, taken);
    }
}

/* ---- what the pointer does -------------------------------------------------- */

static void
draw_handle (cairo_t *cr,
             double   x,
             double   y,
             double   radius)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, radius, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  set_rgb (cr, ACCENT, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
}

static void
draw_drag (GmEditLayer *self,
           cairo_t     *cr)
{
  double x, y;

  if (self->drag_neighbours == NULL)
    return;
  to_widget (self, self->drag.lon, self->drag.lat, &x, &y);
  cairo_new_path (cr);
  for (guint i = 0; i + 1 < self->drag_neighbours->len; i += 2)
    {
      double nx, ny;

      to_widget (self, g_array_index (self->drag_neighbours, double, i),
                 g_array_index (self->drag_neighbours, double, i + 1), &nx, &ny);
      cairo_move_to (cr, nx, ny);
      cairo_line_to (cr, x, y);
    }
  set_rgb (cr, ACCENT, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_handle (cr, x, y, 6);
}

static void
draw_sketch (GmEditLayer *self,
             cairo_t     *cr)
{
  guint n = self->sketch != NULL ? self->sketch->len / 2 : 0;
  double x, y;

  if (n == 0)
    return;
  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      to_widget (self, g_array_index (self->sketch, double, 2 * i),
                 g_array_index (self->sketch, double, 2 * i + 1), &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (self->has_pointer)
    {
      to_widget (self, self->pointer.lon, self->pointer.lat, &x, &y);
      cairo_line_to (cr, x, y);
    }
  if (self->sketch_closed)
    {
      cairo_close_path (cr);
      set_rgb (cr, ACCENT, 0.18);
      cairo_fill_preserve (cr);
    }
  set_rgb (cr, ACCENT, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
  for (guint i = 0; i < n; i++)
    {
      to_widget (self, g_array_index (self->sketch, double, 2 * i),
                 g_array_index (self->sketch, double, 2 * i + 1), &x, &y);
      draw_handle (cr, x, y, i == 0 ? 5 : 4);
    }
}

static void
draw_chosen (GmEditLayer *self,
             cairo_t     *cr)
{
  if (self->chosen == NULL || self->chosen->len == 0)
    return;
  cairo_new_path (cr);
  for (guint i = 0; i + 1 < self->chosen->len; i += 2)
    {
      double x, y;

      to_widget (self, g_array_index (self->chosen, double, i),
                 g_array_index (self->chosen, double, i + 1), &x, &y);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, 6, 0, 2 * G_PI);
    }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 4);
  cairo_stroke_preserve (cr);
  set_rgb (cr, 0xe01b24, 1);
  cairo_fill (cr);
}

/* A ring where the pointer snaps: a square on a vertex, a circle on a line. */
static void
draw_snap (GmEditLayer *self,
           cairo_t     *cr)
{
  double x, y;

  if (self->snap_kind == GM_SNAP_NONE)
    return;
  to_widget (self, self->snap.lon, self->snap.lat, &x, &y);
  cairo_new_path (cr);
  if (self->snap_kind == GM_SNAP_GRID_VERTEX || self->snap_kind == GM_SNAP_COMMUNITY_VERTEX
      || self->snap_kind == GM_SNAP_ROAD_VERTEX)
    cairo_rectangle (cr, x - 7, y - 7, 14, 14);
  else
    cairo_arc (cr, x, y, 7, 0, 2 * G_PI);
  set_rgb (cr, self->snap_kind == GM_SNAP_ROAD || self->snap_kind == GM_SNAP_ROAD_VERTEX ? 0xe66100 : 0xc061cb, 1);
  cairo_set_line_width (cr, 2.5);
  cairo_stroke (cr);
}

static void
gm_edit_layer_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  GmEditLayer *self = GM_EDIT_LAYER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->edit == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_grids (self, cr);
  draw_community (self, cr);
  draw_selected (self, cr);
  draw_chosen (self, cr);
  draw_labels (self, cr);
  draw_sketch (self, cr);
  draw_drag (self, cr);
  if (self->handle_shown && self->drag_neighbours == NULL)
    {
      double x, y;

      to_widget (self, self->handle.lon, self->handle.lat, &x, &y);
      draw_handle (cr, x, y, 6);
    }
  draw_snap (self, cr);
  cairo_destroy (cr);
}

/* ---- state ------------------------------------------------------------------ */

static void
read_grid (GmEditLayer *self,
           guint        i,
           GridDrawing *d)
{
  g_autoptr(GBytes) wkb = gm_grid_edit_dup_grid_wkb (self->edit, i);
  const char *code = gm_grid_edit_get_grid_code (self->edit, i);
  gsize len = strlen (code);
  GmGridTotals t;

  if (wkb == NULL)
    return;
  d->paths = gm_wkb_dup_paths (wkb, NULL);
  d->color = gm_grid_edit_get_grid_color (self->edit, i);
  d->status = gm_grid_edit_get_workload_status (self->edit, i);
  d->has_label = gm_grid_edit_get_label_point (self->edit, i, &d->label_lon, &d->label_lat);
  gm_grid_edit_get_totals (self->edit, i, &t);
  /* The last three digits are what people call a grid by. */
  d->label = g_strdup_printf ("%s · %d", len > 3 ? code + len - 3 : code, t.households);
}

void
gm_edit_layer_refresh (GmEditLayer *self)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));

  g_array_set_size (self->grids, 0);
  if (self->edit != NULL)
    {
      g_array_set_size (self->grids, gm_grid_edit_get_n_grids (self->edit));
      for (guint i = 0; i < self->grids->len; i++)
        read_grid (self, i, &g_array_index (self->grids, GridDrawing, i));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gm_edit_layer_set_edit (GmEditLayer *self,
                        GmGridEdit  *edit)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));

  g_set_object (&self->edit, edit);
  g_clear_pointer (&self->community, g_ptr_array_unref);
  if (edit != NULL)
    {
      g_autoptr(GBytes) wkb = gm_grid_edit_dup_community_wkb (edit);

      self->community = wkb != NULL ? gm_wkb_dup_paths (wkb, NULL) : NULL;
    }
  self->selected = -1;
  self->handle_shown = FALSE;
  self->snap_kind = GM_SNAP_NONE;
  g_clear_pointer (&self->drag_neighbours, g_array_unref);
  g_clear_pointer (&self->sketch, g_array_unref);
  g_clear_pointer (&self->chosen, g_array_unref);
  gm_edit_layer_refresh (self);
}

void
gm_edit_layer_set_selected (GmEditLayer *self,
                            int          grid)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));
  self->selected = grid;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gm_edit_layer_set_handle (GmEditLayer *self,
                          gboolean     shown,
                          double       lon,
                          double       lat)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));
  if (!shown && !self->handle_shown)
    return;
  self->handle_shown = shown;
  self->handle = (GmLonLat) { lon, lat };
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gm_edit_layer_set_drag (GmEditLayer *self,
                        GArray      *neighbours,
                        double       lon,
                        double       lat)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));
  if (neighbours != self->drag_neighbours)
    {
      g_clear_pointer (&self->drag_neighbours, g_array_unref);
      self->drag_neighbours = neighbours != NULL ? g_array_ref (neighbours) : NULL;
    }
  self->drag = (GmLonLat) { lon, lat };
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gm_edit_layer_set_sketch (GmEditLayer *self,
                          GArray      *points,
                          gboolean     closed,
                          gboolean     has_pointer,
                          double       lon,
                          double       lat)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));
  if (points != self->sketch)
    {
      g_clear_pointer (&self->sketch, g_array_unref);
      self->sketch = points != NULL ? g_array_ref (points) : NULL;
    }
  self->sketch_closed = closed;
  self->has_pointer = has_pointer;
  self->pointer = (GmLonLat) { lon, lat };
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gm_edit_layer_set_chosen (GmEditLayer *self,
                          GArray      *anchors)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));
  g_clear_pointer (&self->chosen, g_array_unref);
  self->chosen = anchors != NULL ? g_array_ref (anchors) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gm_edit_layer_set_snap (GmEditLayer *self,
                        GmSnapKind   kind,
                        double       lon,
                        double       lat)
{
  g_return_if_fail (GM_IS_EDIT_LAYER (self));
  if (kind == GM_SNAP_NONE && self->snap_kind == GM_SNAP_NONE)
    return;
  self->snap_kind = kind;
  self->snap = (GmLonLat) { lon, lat };
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- object ------------------------------------------------------------------- */

static void
gm_edit_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (gm_edit_layer_parent_class)->constructed (object);
  gm_overlay_follow_viewport (SHUMATE_LAYER (object));
}

static void
gm_edit_layer_finalize (GObject *object)
{
  GmEditLayer *self = GM_EDIT_LAYER (object);

  g_clear_object (&self->edit);
  g_clear_pointer (&self->community, g_ptr_array_unref);
  g_array_unref (self->grids);
  g_clear_pointer (&self->drag_neighbours, g_array_unref);
  g_clear_pointer (&self->sketch, g_array_unref);
  g_clear_pointer (&self->chosen, g_array_unref);

  G_OBJECT_CLASS (gm_edit_layer_parent_class)->finalize (object);
}

static void
gm_edit_layer_class_init (GmEditLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = gm_edit_layer_constructed;
  object_class->finalize = gm_edit_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = gm_edit_layer_snapshot;
}

static void
gm_edit_layer_init (GmEditLayer *self)
{
  /* Pointer events go to the map, whose gestures decide what they do. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  self->grids = g_array_new (FALSE, TRUE, sizeof (GridDrawing));
  g_array_set_clear_func (self->grids, grid_drawing_clear);
  self->selected = -1;
}

GmEditLayer *
gm_edit_layer_new (ShumateViewport *viewport)
{
  g_return_val_if_fail (SHUMATE_IS_VIEWPORT (viewport), NULL);

  return g_object_new (GM_TYPE_EDIT_LAYER, "viewport", viewport, NULL);
}
