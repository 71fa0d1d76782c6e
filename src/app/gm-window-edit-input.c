/* gm-window-edit-input.c — what the pointer does while editing grids.
 *
 * A drag gesture in the capture phase sees a press before the map does. On
 * a boundary point or edge (Select tool), or with Shift in the Buildings
 * tool (a lasso), it claims the sequence and the map does not pan;
 * anywhere else it steps aside and the map pans as usual. Clicks add points
 * to the line or polygon being drawn, pick grids to merge and buildings to
 * move. Points are snapped to grid and community vertices and edges and to
 * roads within a few pixels.
 */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "gm-window-private.h"

#define HANDLE_PX  8.0   /* how near a boundary point the pointer picks it */
#define EDGE_PX    6.0   /* how near an edge */
#define SNAP_PX   10.0   /* how far a drawn point snaps */

static ShumateMap *
get_map (GmWindow *self)
{
  return gm_window_get_map (self);
}

static void
to_location (GmWindow *self,
             double    x,
             double    y,
             double   *lon,
             double   *lat)
{
  shumate_viewport_widget_coords_to_location (gm_window_get_viewport (self), GTK_WIDGET (get_map (self)),
                                              x, y, lat, lon);
}

static void
to_widget (GmWindow *self,
           double    lon,
           double    lat,
           double   *x,
           double   *y)
{
  shumate_viewport_location_to_widget_coords (gm_window_get_viewport (self), GTK_WIDGET (get_map (self)),
                                              lat, lon, x, y);
}

/* @px screen pixels in metres, here and at this zoom. */
static double
px_to_m (GmWindow *self,
         double    px,
         double    lon,
         double    lat)
{
  ShumateViewport *viewport = gm_window_get_viewport (self);
  ShumateMapSource *reference = shumate_viewport_get_reference_map_source (viewport);

  if (reference == NULL)
    return px;
  return px * shumate_map_source_get_meters_per_pixel (reference, shumate_viewport_get_zoom_level (viewport),
                                                       lat, lon);
}

static const char *
current_tool (GmWindow *self)
{
  return gm_edit_toolbar_get_tool (self->edit_toolbar);
}

static gboolean
tool_is (GmWindow   *self,
         const char *tool)
{
  return g_strcmp0 (current_tool (self), tool) == 0;
}

/* Snaps a pointer position; returns the point to use in @lonlat. */
static GmSnapKind
snap_at (GmWindow     *self,
         double        x,
         double        y,
         const double *ignore,
         double       *lonlat)
{
  double lon, lat;
  GmSnapKind kind;

  to_location (self, x, y, &lon, &lat);
  kind = gm_grid_edit_snap (self->edit->session, lon, lat, px_to_m (self, SNAP_PX, lon, lat), ignore,
                            &lonlat[0], &lonlat[1]);
  gm_edit_layer_set_snap (self->edit->layer, kind, lonlat[0], lonlat[1]);
  return kind;
}

static void
report (GmWindow *self,
        GError   *error)
{
  if (error != NULL)
    gm_window_show_toast (self, error->message);
}

/* ---- the sketch: a polygon or line being drawn --------------------------------------- */

static void
show_sketch (GmWindow *self,
             gboolean  has_pointer,
             double    lon,
             double    lat)
{
  GArray *sketch = self->edit->sketch;

  gm_edit_layer_set_sketch (self->edit->layer, sketch->len > 0 ? sketch : NULL,
                            tool_is (self, GM_EDIT_TOOL_DRAW) && sketch->len >= 4, has_pointer, lon, lat);
  gm_window_edit_changed (self);
}

void
gm_window_edit_finish_sketch (GmWindow *self)
{
  GmWindowEdit *edit = self->edit;
  g_autoptr(GError) error = NULL;
  gboolean draw = tool_is (self, GM_EDIT_TOOL_DRAW);
  int grid = -1;
  gboolean ok;

  if (edit == NULL || edit->sketch->len == 0)
    return;
  if (draw)
    ok = gm_grid_edit_draw_grid (edit->session, (double *) edit->sketch->data, edit->sketch->len / 2, &grid, &error);
  else
    ok = gm_grid_edit_split_grid (edit->session, (double *) edit->sketch->data, edit->sketch->len / 2, &grid, &error);
  report (self, error);
  if (!ok)
    return;
  g_array_set_size (edit->sketch, 0);
  edit->selected = grid;
  gm_edit_layer_set_snap (edit->layer, GM_SNAP_NONE, 0, 0);
  show_sketch (self, FALSE, 0, 0);
}

void
gm_window_edit_undo_point (GmWindow *self)
{
  if (self->edit == NULL || self->edit->sketch->len < 2)
    return;
  g_array_set_size (self->edit->sketch, self->edit->sketch->len - 2);
  show_sketch (self, FALSE, 0, 0);
}

/* A click on the first corner closes the polygon. */
static gboolean
closes_polygon (GmWindow *self,
                double    x,
                double    y)
{
  GArray *sketch = self->edit->sketch;
  double fx, fy;

  if (!tool_is (self, GM_EDIT_TOOL_DRAW) || sketch->len < 6)
    return FALSE;
  to_widget (self, g_array_index (sketch, double, 0), g_array_index (sketch, double, 1), &fx, &fy);
  return hypot (fx - x, fy - y) <= HANDLE_PX;
}

static void
add_point (GmWindow *self,
           double    x,
           double    y)
{
  double p[2];

  if (closes_polygon (self, x, y))
    {
      gm_window_edit_finish_sketch (self);
      return;
    }
  snap_at (self, x, y, NULL, p);
  g_array_append_vals (self->edit->sketch, p, 2);
  show_sketch (self, FALSE, 0, 0);
}

/* ---- merging and choosing buildings ------------------------------------------------------ */

static void
merge_at (GmWindow *self,
          int       grid)
{
  GmWindowEdit *edit = self->edit;
  g_autoptr(GError) error = NULL;
  g_autofree char *hint = NULL;
  int kept = -1;

  if (grid < 0)
    return;
  if (edit->merge_first < 0 || edit->merge_first == grid)
    {
      edit->merge_first = edit->selected = grid;
      /* Translators: the hint while merging, with the name of the grid clicked first */
      hint = g_strdup_printf (_("Now click the grid to merge with “%s”"),
                              gm_grid_edit_get_grid_name (edit->session, (guint) grid));
      gm_edit_toolbar_set_hint (self->edit_toolbar, hint);
      gm_window_edit_changed (self);
      return;
    }
  if (gm_grid_edit_merge_grids (edit->session, (guint) edit->merge_first, (guint) grid, &kept, &error))
    edit->selected = kept;
  report (self, error);
  edit->merge_first = -1;
  gm_edit_toolbar_set_hint (self->edit_toolbar, NULL);
  gm_window_edit_changed (self);
}

static void
show_chosen (GmWindow *self)
{
  GmWindowEdit *edit = self->edit;
  g_autoptr(GArray) anchors = g_array_new (FALSE, FALSE, sizeof (double));
  int households = 0;

  for (guint i = 0; i < edit->chosen->len; i++)
    {
      gint64 id = g_array_index (edit->chosen, gint64, i);
      double p[2];
      g_autoptr(GmBuilding) b = gm_store_dup_building (self->store, id, NULL);

      if (gm_grid_edit_get_building_anchor (edit->session, id, &p[0], &p[1]))
        g_array_append_vals (anchors, p, 2);
      households += b != NULL ? b->households : 0;
    }
  gm_edit_layer_set_chosen (edit->layer, anchors->len > 0 ? anchors : NULL);
  gm_edit_panel_set_chosen (self->edit_panel, TRUE, edit->chosen->len, households);
}

static void
toggle_building (GmWindow *self,
                 gint64    id)
{
  GArray *chosen = self->edit->chosen;

  for (guint i = 0; i < chosen->len; i++)
    if (g_array_index (chosen, gint64, i) == id)
      {
        g_array_remove_index (chosen, i);
        return;
      }
  g_array_append_val (chosen, id);
}

static void
choose_at (GmWindow *self,
           double    lon,
           double    lat)
{
  double tolerance = px_to_m (self, 4, lon, lat);
  gint64 id = gm_store_find_building_at (self->store, lon, lat, tolerance, NULL);

  /* A building of another community is not this session's to move. */
  if (id <= 0 || gm_grid_edit_get_building_grid (self->edit->session, id) < 0)
    id = gm_grid_edit_find_building_near (self->edit->session, lon, lat, tolerance);
  if (id <= 0)
    return;
  toggle_building (self, id);
  show_chosen (self);
}

void
gm_window_edit_move_chosen (GmWindow *self,
                            int       grid)
{
  GmWindowEdit *edit = self->edit;
  g_autoptr(GError) error = NULL;

  if (edit == NULL || grid < 0)
    return;
  if (gm_grid_edit_reassign_buildings (edit->session, (gint64 *) edit->chosen->data, edit->chosen->len,
                                       (guint) grid, &error))
    {
      g_array_set_size (edit->chosen, 0);
      edit->selected = grid;
    }
  report (self, error);
  show_chosen (self);
  gm_window_edit_changed (self);
}

/* ---- clicks ------------------------------------------------------------------------------- */

/**
 * gm_window_edit_click:
 * @self: an editing window
 * @x: where, in the map's coordinates
 * @y: where
 * @n_press: 1 for a click, 2 for the second click of a double click
 * @modifiers: the keyboard modifiers held
 *
 * A click on the map while editing, as the click gesture reports it.
 */
void
gm_window_edit_click (GmWindow        *self,
                      double           x,
                      double           y,
                      int              n_press,
                      GdkModifierType  modifiers)
{
  double lon, lat;

  g_return_if_fail (GM_IS_WINDOW (self));

  if (self->edit == NULL)
    return;
  to_location (self, x, y, &lon, &lat);
  if (tool_is (self, GM_EDIT_TOOL_DRAW) || tool_is (self, GM_EDIT_TOOL_SPLIT))
    {
      if (n_press == 2)
        gm_window_edit_finish_sketch (self);
      else if (n_press == 1)
        add_point (self, x, y);
    }
  else if (n_press != 1)
    return;
  else if (tool_is (self, GM_EDIT_TOOL_MERGE))
    merge_at (self, gm_grid_edit_find_grid_at (self->edit->session, lon, lat));
  else if (tool_is (self, GM_EDIT_TOOL_REASSIGN))
    choose_at (self, lon, lat);
  else
    {
      self->edit->selected = gm_grid_edit_find_grid_at (self->edit->session, lon, lat);
      gm_window_edit_changed (self);
    }
}

/* libshumate zooms on a double click whatever zoom-on-double-click says;
 * while drawing, the second press finishes the drawing, and is claimed so
 * the map does not zoom too. */
static void
on_click_pressed (GmWindow        *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  if (self->edit != NULL && n_press == 1)
    {
      self->edit->press[0] = x;
      self->edit->press[1] = y;
    }
  if (n_press != 2 || self->edit == NULL
      || !(tool_is (self, GM_EDIT_TOOL_DRAW) || tool_is (self, GM_EDIT_TOOL_SPLIT)))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gm_window_edit_click (self, x, y, 2, 0);
}

static void
on_click_released (GmWindow        *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  GdkModifierType modifiers = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  /* Past the drag threshold the map was panned, not clicked. */
  if (self->edit != NULL
      && gm_window_past_drag_threshold (self, x - self->edit->press[0], y - self->edit->press[1]))
    return;
  gm_window_edit_click (self, x, y, n_press, modifiers);
}

/* ---- drags ---------------------------------------------------------------------------------- */

/* The point of the edge @ends nearest to (x, y) on screen. */
static void
point_on_edge (GmWindow     *self,
               const double *ends,
               double        x,
               double        y,
               double       *lonlat)
{
  double ax, ay, bx, by, t, len2;

  to_widget (self, ends[0], ends[1], &ax, &ay);
  to_widget (self, ends[2], ends[3], &bx, &by);
  len2 = (bx - ax) * (bx - ax) + (by - ay) * (by - ay);
  t = len2 > 0 ? CLAMP (((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / len2, 0, 1) : 0;
  lonlat[0] = ends[0] + t * (ends[2] - ends[0]);
  lonlat[1] = ends[1] + t * (ends[3] - ends[1]);
}

/* In the Select tool, a press on a boundary point drags it, a press on an
 * edge drags a new point there (or, with Shift, the whole edge). */
static gboolean
begin_boundary_drag (GmWindow        *self,
                     double           x,
                     double           y,
                     GdkModifierType  modifiers)
{
  GmWindowEdit *edit = self->edit;
  double lon, lat, ends[4];
  g_autoptr(GArray) neighbours = NULL;

  to_location (self, x, y, &lon, &lat);
  if (gm_grid_edit_find_vertex (edit->session, lon, lat, px_to_m (self, HANDLE_PX, lon, lat),
                                &edit->drag_from[0], &edit->drag_from[1]))
    edit->drag = GM_EDIT_DRAG_VERTEX;
  else if (gm_grid_edit_find_edge (edit->session, lon, lat, px_to_m (self, EDGE_PX, lon, lat), ends))
    {
      edit->drag = (modifiers & GDK_SHIFT_MASK) ? GM_EDIT_DRAG_EDGE : GM_EDIT_DRAG_VERTEX;
      if (edit->drag == GM_EDIT_DRAG_EDGE)
        memcpy (edit->drag_from, ends, sizeof ends);
      else
        point_on_edge (self, ends, x, y, edit->drag_from);
    }
  else
    return FALSE;
  edit->drag_start[0] = lon;
  edit->drag_start[1] = lat;
  memcpy (edit->drag_to, edit->drag_from, sizeof edit->drag_to);
  if (edit->drag == GM_EDIT_DRAG_VERTEX)
    {
      neighbours = gm_grid_edit_dup_vertex_neighbours (edit->session, edit->drag_from[0], edit->drag_from[1]);
      gm_edit_layer_set_drag (edit->layer, neighbours, edit->drag_from[0], edit->drag_from[1]);
    }
  return TRUE;
}

static gboolean
drag_begin (GmWindow        *self,
            double           x,
            double           y,
            GdkModifierType  modifiers)
{
  GmWindowEdit *edit = self->edit;
  double lon, lat;

  if (edit == NULL)
    return FALSE;
  edit->drag = GM_EDIT_DRAG_NONE;
  if (tool_is (self, GM_EDIT_TOOL_SELECT))
    return begin_boundary_drag (self, x, y, modifiers);
  if (!tool_is (self, GM_EDIT_TOOL_REASSIGN) || !(modifiers & GDK_SHIFT_MASK))
    return FALSE;
  to_location (self, x, y, &lon, &lat);
  g_clear_pointer (&edit->lasso, g_array_unref);
  edit->lasso = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (edit->lasso, (double[]) { lon, lat }, 2);
  edit->drag = GM_EDIT_DRAG_LASSO;
  return TRUE;
}

static void
drag_update (GmWindow *self,
             double    x,
             double    y)
{
  GmWindowEdit *edit = self->edit;
  double lon, lat;

  if (edit == NULL || edit->drag == GM_EDIT_DRAG_NONE)
    return;
  to_location (self, x, y, &lon, &lat);
  switch (edit->drag)
    {
    case GM_EDIT_DRAG_VERTEX:
      snap_at (self, x, y, edit->drag_from, edit->drag_to);
      gm_edit_layer_set_drag (edit->layer, NULL, 0, 0);
      {
        g_autoptr(GArray) neighbours = gm_grid_edit_dup_vertex_neighbours (edit->session, edit->drag_from[0],
                                                                           edit->drag_from[1]);
        gm_edit_layer_set_drag (edit->layer, neighbours, edit->drag_to[0], edit->drag_to[1]);
      }
      break;
    case GM_EDIT_DRAG_EDGE:
      {
        g_autoptr(GArray) moved = g_array_new (FALSE, FALSE, sizeof (double));
        double dlon = lon - edit->drag_start[0], dlat = lat - edit->drag_start[1];

        g_array_append_vals (moved, (double[]) { edit->drag_from[0] + dlon, edit->drag_from[1] + dlat,
                                                 edit->drag_from[2] + dlon, edit->drag_from[3] + dlat }, 4);
        gm_edit_layer_set_sketch (edit->layer, moved, FALSE, FALSE, 0, 0);
      }
      break;
    case GM_EDIT_DRAG_LASSO:
      g_array_append_vals (edit->lasso, (double[]) { lon, lat }, 2);
      gm_edit_layer_set_sketch (edit->layer, edit->lasso, TRUE, FALSE, 0, 0);
      break;
    default:
      break;
    }
}

static void
finish_lasso (GmWindow *self)
{
  GmWindowEdit *edit = self->edit;
  g_autoptr(GArray) ids = gm_grid_edit_buildings_in_polygon (edit->session, (double *) edit->lasso->data,
                                                             edit->lasso->len / 2);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean known = FALSE;

      for (guint k = 0; k < edit->chosen->len && !known; k++)
        known = g_array_index (edit->chosen, gint64, k) == id;
      if (!known && gm_grid_edit_get_building_grid (edit->session, id) >= 0)
        g_array_append_val (edit->chosen, id);
    }
  g_clear_pointer (&edit->lasso, g_array_unref);
  gm_edit_layer_set_sketch (edit->layer, NULL, FALSE, FALSE, 0, 0);
  show_chosen (self);
}

static void
drag_end (GmWindow *self,
          double    x,
          double    y,
          gboolean  moved)
{
  GmWindowEdit *edit = self->edit;
  g_autoptr(GError) error = NULL;
  GmEditDrag drag;

  if (edit == NULL || (drag = edit->drag) == GM_EDIT_DRAG_NONE)
    return;
  drag_update (self, x, y);
  edit->drag = GM_EDIT_DRAG_NONE;
  gm_edit_layer_set_drag (edit->layer, NULL, 0, 0);
  gm_edit_layer_set_handle (edit->layer, FALSE, 0, 0);
  gm_edit_layer_set_sketch (edit->layer, NULL, FALSE, FALSE, 0, 0);
  gm_edit_layer_set_snap (edit->layer, GM_SNAP_NONE, 0, 0);
  if (drag == GM_EDIT_DRAG_LASSO)
    {
      finish_lasso (self);
      return;
    }
  if (!moved)
    {
      /* A press and release on a boundary is a click there. */
      gm_window_edit_click (self, x, y, 1, 0);
      return;
    }
  if (drag == GM_EDIT_DRAG_VERTEX)
    gm_grid_edit_move_vertex (edit->session, edit->drag_from[0], edit->drag_from[1],
                              edit->drag_to[0], edit->drag_to[1], &error);
  else
    {
      double lon, lat;

      to_location (self, x, y, &lon, &lat);
      gm_grid_edit_move_edge (edit->session, edit->drag_from[0], edit->drag_from[1],
                              edit->drag_from[2], edit->drag_from[3],
                              edit->drag_from[0] + lon - edit->drag_start[0],
                              edit->drag_from[1] + lat - edit->drag_start[1], &error);
    }
  report (self, error);
  gm_window_edit_changed (self);
}

/**
 * gm_window_edit_drag:
 * @self: an editing window
 * @x0: where the pointer went down, in the map's coordinates
 * @y0: where the pointer went down
 * @x1: where it came up
 * @y1: where it came up
 * @modifiers: the keyboard modifiers held
 *
 * A drag on the map while editing, as the drag gesture reports it.
 *
 * Returns: %TRUE when editing took the drag; %FALSE when it left it to the
 *   map, which pans
 */
gboolean
gm_window_edit_drag (GmWindow        *self,
                     double           x0,
                     double           y0,
                     double           x1,
                     double           y1,
                     GdkModifierType  modifiers)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);

  if (!drag_begin (self, x0, y0, modifiers))
    return FALSE;
  drag_update (self, (x0 + x1) / 2, (y0 + y1) / 2);
  drag_end (self, x1, y1, gm_window_past_drag_threshold (self, x1 - x0, y1 - y0));
  return TRUE;
}

static void
on_drag_begin (GmWindow       *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  GdkModifierType modifiers = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (drag_begin (self, x, y, modifiers))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  else
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static void
on_drag_update (GmWindow       *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double x0, y0;

  if (gtk_gesture_drag_get_start_point (gesture, &x0, &y0))
    drag_update (self, x0 + dx, y0 + dy);
}

static void
on_drag_end (GmWindow       *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  double x0, y0;

  if (gtk_gesture_drag_get_start_point (gesture, &x0, &y0))
    drag_end (self, x0 + dx, y0 + dy, gm_window_past_drag_threshold (self, dx, dy));
}

/* ---- hovering -------------------------------------------------------------------------------- */

static void
on_motion (GmWindow                 *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *motion)
{
  GmWindowEdit *edit = self->edit;
  double lon, lat, p[2], ends[4];

  if (edit == NULL || edit->drag != GM_EDIT_DRAG_NONE)
    return;
  if (tool_is (self, GM_EDIT_TOOL_DRAW) || tool_is (self, GM_EDIT_TOOL_SPLIT))
    {
      snap_at (self, x, y, NULL, p);
      if (edit->sketch->len > 0)
        gm_edit_layer_set_sketch (edit->layer, edit->sketch, tool_is (self, GM_EDIT_TOOL_DRAW) && edit->sketch->len >= 4,
                                  TRUE, p[0], p[1]);
      return;
    }
  if (!tool_is (self, GM_EDIT_TOOL_SELECT))
    return;
  to_location (self, x, y, &lon, &lat);
  if (gm_grid_edit_find_vertex (edit->session, lon, lat, px_to_m (self, HANDLE_PX, lon, lat), &p[0], &p[1]))
    gm_edit_layer_set_handle (edit->layer, TRUE, p[0], p[1]);
  else if (gm_grid_edit_find_edge (edit->session, lon, lat, px_to_m (self, EDGE_PX, lon, lat), ends))
    {
      point_on_edge (self, ends, x, y, p);
      gm_edit_layer_set_handle (edit->layer, TRUE, p[0], p[1]);
    }
  else
    gm_edit_layer_set_handle (edit->layer, FALSE, 0, 0);
}

/* Return and Backspace finish a drawing and take back its last point. The
 * window sees them only when the focused widget (a field of the panel, say)
 * did not use them. */
static gboolean
on_key_pressed (GmWindow              *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (self->edit == NULL || self->edit->sketch->len == 0 || (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) != 0)
    return FALSE;
  if (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter)
    gm_window_edit_finish_sketch (self);
  else if (keyval == GDK_KEY_BackSpace)
    gm_window_edit_undo_point (self);
  else
    return FALSE;
  return TRUE;
}

/* ---- tools -------------------------------------------------------------------------------------- */

void
gm_window_edit_tool_changed (GmWindow *self)
{
  GmWindowEdit *edit = self->edit;
  gboolean drawing;

  if (edit == NULL)
    return;
  drawing = tool_is (self, GM_EDIT_TOOL_DRAW) || tool_is (self, GM_EDIT_TOOL_SPLIT);
  g_array_set_size (edit->sketch, 0);
  g_array_set_size (edit->chosen, 0);
  edit->merge_first = -1;
  edit->drag = GM_EDIT_DRAG_NONE;
  gm_edit_layer_set_sketch (edit->layer, NULL, FALSE, FALSE, 0, 0);
  gm_edit_layer_set_chosen (edit->layer, NULL);
  gm_edit_layer_set_snap (edit->layer, GM_SNAP_NONE, 0, 0);
  gm_edit_layer_set_handle (edit->layer, FALSE, 0, 0);
  gm_edit_panel_set_chosen (self->edit_panel, tool_is (self, GM_EDIT_TOOL_REASSIGN), 0, 0);
  if (tool_is (self, GM_EDIT_TOOL_REASSIGN) && edit->selected >= 0)
    gm_edit_panel_set_move_target (self->edit_panel, edit->selected);
  gm_edit_toolbar_set_hint (self->edit_toolbar, NULL);
  /* A double click finishes a drawing instead of zooming. */
  shumate_map_set_zoom_on_double_click (get_map (self), !drawing);
  gm_window_edit_changed (self);
}

void
gm_window_edit_input_init (GmWindow *self)
{
  GtkWidget *map = GTK_WIDGET (get_map (self));
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key;

  /* Before the map's own drag, so a press on a handle never pans. */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (map, GTK_EVENT_CONTROLLER (drag));

  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_click_pressed), self);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (map, GTK_EVENT_CONTROLLER (click));

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (map, motion);

  g_signal_connect_object (self->edit_toolbar, "notify::tool", G_CALLBACK (gm_window_edit_tool_changed),
                           self, G_CONNECT_SWAPPED);

  key = gtk_event_controller_key_new ();
  g_signal_connect_swapped (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
}
