/* gm-window-map.c — the map of a project window: tile sources and layers,
 * clicks, the selection, and the first-frame measurement. */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sys/resource.h>

#include "gm-overview.h"
#include "gm-window-private.h"

/* How far from a building a click still picks it, in screen pixels. */
#define CLICK_TOLERANCE_PX 4.0

static ShumateMap *
get_map (GmWindow *self)
{
  return shumate_simple_map_get_map (self->map);
}

/* ---- sources and layers ------------------------------------------------ */

static GmLayers
layers_from_settings (GSettings *settings,
                      gboolean   editing)
{
  GmLayers layers = GM_LAYER_ALL;

  /* While editing, the edit layer draws the grids as edited. */
  if (editing)
    layers &= ~GM_LAYER_GRIDS;

  if (!g_settings_get_boolean (settings, "show-hazards"))
    layers &= ~GM_LAYER_HAZARDS;
  if (!g_settings_get_boolean (settings, "show-labels"))
    layers &= ~GM_LAYER_LABELS;
  return layers;
}

static ShumateMapSource *
get_online_source (GmWindow *self)
{
  if (self->online_source == NULL)
    {
      g_autoptr(ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
      ShumateMapSource *osm = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);

      self->online_source = osm != NULL ? g_object_ref (osm) : NULL;
    }
  return self->online_source;
}

static void on_pending_tiles_changed (GmWindow *self);

/* The edit layer stays on top of the project layer. */
static void
gm_window_map_raise_edit_layer (GmWindow *self)
{
  ShumateLayer *layer = SHUMATE_LAYER (gm_window_edit_get_layer (self));

  if (layer == NULL)
    return;
  g_object_ref (layer);
  shumate_simple_map_remove_overlay_layer (self->map, layer);
  shumate_simple_map_add_overlay_layer (self->map, layer);
  g_object_unref (layer);
}

static void
set_source (GmWindow    *self,
            GmMapSource *source)
{
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_pending_tiles_changed, self);
  g_set_object (&self->source, source);
  g_signal_connect_swapped (source, "notify::pending-tiles",
                            G_CALLBACK (on_pending_tiles_changed), self);
}

/* The project's tiles either are the base map, or lie over online tiles. */
static void
install_source (GmWindow    *self,
                GmMapSource *source,
                gboolean     online)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  ShumateMapSource *online_source = online ? get_online_source (self) : NULL;

  if (self->project_layer != NULL)
    {
      shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->project_layer));
      self->project_layer = NULL;
    }

  if (online_source != NULL)
    {
      shumate_simple_map_set_map_source (self->map, online_source);
      self->project_layer = shumate_map_layer_new (SHUMATE_MAP_SOURCE (source), viewport);
      /* libshumate 1.0.3 declares shumate_simple_map_insert_overlay_layer()
       * but does not export it: keep the selection on top by taking it off
       * and adding it again after the project layer. */
      if (self->selection_layer != NULL)
        {
          g_object_ref (self->selection_layer);
          shumate_simple_map_remove_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
        }
      shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->project_layer));
      if (self->selection_layer != NULL)
        {
          shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
          g_object_unref (self->selection_layer);
        }
      gm_window_map_raise_edit_layer (self);
    }
  else
    shumate_simple_map_set_map_source (self->map, SHUMATE_MAP_SOURCE (source));

  /* Added after the first base layer, which libshumate puts on top. */
  if (self->selection_layer == NULL)
    {
      self->selection_layer = gm_selection_layer_new (viewport);
      shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->selection_layer));
    }

  shumate_viewport_set_min_zoom_level (viewport, GM_MAP_SOURCE_MIN_ZOOM);
  shumate_viewport_set_max_zoom_level (viewport, GM_MAP_SOURCE_MAX_ZOOM);
  set_source (self, source);
}

/* ---- the overview ------------------------------------------------------------ */

static void
overview_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (task_data, GM_STORE_OPEN_DEFAULT, &error);
  gboolean current = FALSE;

  if (store == NULL || !gm_overview_update (store, NULL, NULL, cancellable, &error)
      || !gm_overview_get_current (store, &current, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, current);
}

static void
on_overview_done (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GmWindow *self = GM_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = user_data;

  /* Drawn from the overview now: the map from afar is instant. */
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->store != NULL && g_str_equal (gm_store_get_path (self->store), path))
        gm_window_reload_map (self);
    }
  /* A project that cannot be written (opened read-only) keeps its map as
   * it is, drawn from the features. */
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
           && !g_error_matches (error, GM_STORE_ERROR, GM_STORE_ERROR_READ_ONLY))
    g_warning ("The map overview of %s was not drawn: %s", path, error->message);
}

/* A large project whose overview is missing or stale (after an import, or
 * made by another program) has it drawn again in the background; until
 * then the map is drawn from the features, only slower from afar. A small
 * project that never had one is left as it is: opening it writes nothing. */
static void
gm_window_update_overview (GmWindow *self)
{
  g_autoptr(GTask) task = NULL;
  gboolean wanted = FALSE;

  g_cancellable_cancel (self->overview_cancellable);
  g_clear_object (&self->overview_cancellable);
  if (!gm_overview_get_wanted (self->store, &wanted, NULL) || !wanted)
    return;
  self->overview_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->overview_cancellable, on_overview_done,
                     g_strdup (gm_store_get_path (self->store)));
  g_task_set_task_data (task, g_strdup (gm_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, overview_thread);
}

void
gm_window_reload_map (GmWindow *self)
{
  g_autoptr(GmRenderer) renderer = NULL;
  g_autoptr(GmMapSource) source = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *attribution = NULL;
  gboolean online;

  g_return_if_fail (GM_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  renderer = gm_renderer_new (gm_store_get_path (self->store), &error);
  if (renderer == NULL)
    {
      gm_window_show_error (self, error);
      return;
    }
  online = g_settings_get_boolean (self->settings, "online-basemap");
  gm_renderer_set_layers (renderer, layers_from_settings (self->settings, self->edit != NULL)
                                    & ~(self->showing_division ? GM_LAYER_GRIDS : 0));
  gm_renderer_set_transparent_basemap (renderer, online);

  source = gm_map_source_new (renderer);
  attribution = gm_store_dup_meta (self->store, "attribution");
  shumate_map_source_set_license (SHUMATE_MAP_SOURCE (source), attribution);
  install_source (self, source, online);
  gm_window_analysis_restack (self);
  gm_window_update_overview (self);
}

static void
on_settings_changed (GmWindow   *self,
                     const char *key)
{
  if (g_str_equal (key, "online-basemap") ||
      g_str_equal (key, "show-hazards") ||
      g_str_equal (key, "show-labels"))
    gm_window_reload_map (self);
}

/* ---- where the map looks ------------------------------------------------- */

static void
get_map_size (GmWindow *self,
              int      *width,
              int      *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (self->map));
  *height = gtk_widget_get_height (GTK_WIDGET (self->map));
  if (*width > 0 && *height > 0)
    return;

  /* Not laid out yet: the window's size less the header bar. */
  gtk_window_get_default_size (GTK_WINDOW (self), width, height);
  *width = MAX (*width, 360);
  *height = MAX (*height - 48, 300);
}

void
gm_window_map_go_to_extent (GmWindow *self)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  g_autoptr(GError) error = NULL;
  GmExtent extent;
  double zoom, y;
  int width, height;

  if (self->store == NULL)
    return;

  if (!gm_store_get_focus_extent (self->store, &extent, &error))
    {
      if (error != NULL)
        gm_window_show_error (self, error);
      /* An empty project: a city-wide view of Beijing to start drawing from. */
      shumate_viewport_set_zoom_level (viewport, 11);
      shumate_map_center_on (get_map (self), 39.9042, 116.4074);
      return;
    }

  /* The communities and grids whole, at the whole zoom level below the
   * one that just fits them: tiles are then shown at the size they were
   * drawn, with sharp lines and labels at their own size (a zoom of 13.8
   * would show zoom-13 tiles magnified 1.74 times, numbers colliding). */
  get_map_size (self, &width, &height);
  zoom = floor (gm_view_zoom_for_extent (&extent, width, height, 24));
  zoom = CLAMP (zoom, GM_MAP_SOURCE_MIN_ZOOM, GM_MAP_SOURCE_MAX_ZOOM);
  /* The middle of the extent in Mercator, not in degrees of latitude. */
  y = (gm_mercator_y (zoom, extent.min_lat) + gm_mercator_y (zoom, extent.max_lat)) / 2;
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (get_map (self), gm_mercator_lat (zoom, y),
                         (extent.min_lon + extent.max_lon) / 2);
}

/* ---- selection ------------------------------------------------------------ */

static void
show_outline (GmWindow   *self,
              const char *table,
              gint64      id)
{
  g_autoptr(GBytes) wkb = NULL;
  g_autoptr(GError) error = NULL;

  wkb = gm_store_dup_outline_wkb (self->store, table, id, &error);
  if (wkb == NULL || !gm_selection_layer_set_outline (self->selection_layer, wkb, &error))
    {
      g_warning ("No outline for %s %" G_GINT64_FORMAT ": %s", table, id, error->message);
      gm_selection_layer_set_outline (self->selection_layer, NULL, NULL);
    }
}

static gboolean
select_building (GmWindow  *self,
                 gint64     id,
                 GError   **error)
{
  g_autoptr(GmBuilding) building = NULL;
  g_autoptr(GPtrArray) residents = NULL;
  g_autoptr(GPtrArray) hazards = NULL;

  if ((building = gm_store_dup_building (self->store, id, error)) == NULL ||
      (residents = gm_store_dup_residents (self->store, id, error)) == NULL ||
      (hazards = gm_store_dup_hazards (self->store, id, NULL, error)) == NULL)
    return FALSE;

  gm_sidebar_show_building (self->sidebar, building, residents, hazards);
  show_outline (self, "building", id);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  return TRUE;
}

gboolean
gm_window_select_grid (GmWindow  *self,
                       gint64     id,
                       GError   **error)
{
  g_autoptr(GmGridSummary) summary = gm_store_dup_grid_summary (self->store, id, NULL, error);

  if (summary == NULL)
    return FALSE;
  gm_sidebar_show_grid (self->sidebar, summary);
  gm_window_show_grid_hazards (self, id);
  show_outline (self, "grid", id);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  return TRUE;
}

double
gm_window_click_tolerance_m (GmWindow *self,
                   double    lon,
                   double    lat)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  ShumateMapSource *reference = shumate_viewport_get_reference_map_source (viewport);
  double zoom = shumate_viewport_get_zoom_level (viewport);

  if (reference == NULL)
    return 1.0;
  return CLICK_TOLERANCE_PX * shumate_map_source_get_meters_per_pixel (reference, zoom, lat, lon);
}

void
gm_window_select_at (GmWindow *self,
                     double    lon,
                     double    lat)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_return_if_fail (GM_IS_WINDOW (self));

  if (self->store == NULL)
    return;

  id = gm_store_find_building_at (self->store, lon, lat, gm_window_click_tolerance_m (self, lon, lat), &error);
  if (id > 0 && select_building (self, id, &error))
    return;
  if (id == 0)
    {
      id = gm_store_find_grid_at (self->store, lon, lat, &error);
      if (id > 0 && gm_window_select_grid (self, id, &error))
        return;
    }

  gm_window_clear_selection (self);
  if (error != NULL)
    gm_window_show_error (self, error);
}

void
gm_window_clear_selection (GmWindow *self)
{
  g_return_if_fail (GM_IS_WINDOW (self));

  gm_sidebar_clear (self->sidebar);
  if (self->selection_layer != NULL)
    gm_selection_layer_set_outline (self->selection_layer, NULL, NULL);
  adw_flap_set_reveal_flap (self->flap, FALSE);
}

gboolean
gm_window_has_selection (GmWindow *self)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);

  return gm_sidebar_get_building_id (self->sidebar) > 0 ||
         gm_sidebar_get_grid_id (self->sidebar) > 0;
}

/* ---- clicks ------------------------------------------------------------- */

void
gm_window_click_at (GmWindow *self,
                    double    x,
                    double    y)
{
  ShumateViewport *viewport;
  double lat, lon;

  g_return_if_fail (GM_IS_WINDOW (self));

  viewport = shumate_simple_map_get_viewport (self->map);
  if (shumate_viewport_get_reference_map_source (viewport) == NULL)
    return;
  shumate_viewport_widget_coords_to_location (viewport, GTK_WIDGET (get_map (self)), x, y, &lat, &lon);
  if (gtk_toggle_button_get_active (self->report_button))
    gm_window_report_hazard_at (self, lon, lat);
  else
    gm_window_select_at (self, lon, lat);
}

/* Whether a pointer that moved by (dx, dy) dragged rather than clicked. */
gboolean
gm_window_past_drag_threshold (GmWindow *self,
                               double    dx,
                               double    dy)
{
  int threshold = 8;

  g_object_get (gtk_widget_get_settings (GTK_WIDGET (self)),
                "gtk-dnd-drag-threshold", &threshold, NULL);
  return hypot (dx, dy) > threshold;
}

gboolean
gm_window_press_release (GmWindow *self,
                         double    x0,
                         double    y0,
                         double    x1,
                         double    y1)
{
  g_return_val_if_fail (GM_IS_WINDOW (self), FALSE);

  /* Past the drag threshold the map was panned, not clicked. GtkGestureClick
   * already stops there; this keeps the rule whatever the gesture does. */
  if (gm_window_past_drag_threshold (self, x1 - x0, y1 - y0))
    return FALSE;

  gm_window_click_at (self, x1, y1);
  return TRUE;
}

static void
on_click_pressed (GmWindow        *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  if (n_press == 1)
    {
      self->press_x = x;
      self->press_y = y;
    }
}

/* The second press of a double click zooms (ShumateMap does that); only a
 * single click selects. */
static void
on_click_released (GmWindow        *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  /* While editing, clicks are the editing tools' (gm-window-edit-input.c). */
  if (n_press == 1 && self->edit == NULL)
    gm_window_press_release (self, self->press_x, self->press_y, x, y);
}

/* ---- first complete frame ------------------------------------------------ */

static void
debug_click (GmWindow *self)
{
  const char *spec = g_getenv ("GRIDMAP_DEBUG_CLICK");
  g_auto(GStrv) parts = NULL;

  if (spec == NULL || *spec == '\0')
    return;
  parts = g_strsplit (spec, ",", 2);
  if (g_strv_length (parts) == 2)
    gm_window_select_at (self, g_ascii_strtod (parts[0], NULL), g_ascii_strtod (parts[1], NULL));
}

/* GRIDMAP_DEBUG_VIEW=LON,LAT,ZOOM shows that place once the map is up:
 * for screenshots of a project at a given zoom. */
static void
debug_view (GmWindow *self)
{
  const char *spec = g_getenv ("GRIDMAP_DEBUG_VIEW");
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  g_auto(GStrv) parts = NULL;

  if (spec == NULL || *spec == '\0')
    return;
  parts = g_strsplit (spec, ",", 3);
  if (g_strv_length (parts) != 3)
    return;
  shumate_viewport_set_zoom_level (viewport, g_ascii_strtod (parts[2], NULL));
  shumate_map_center_on (get_map (self), g_ascii_strtod (parts[1], NULL), g_ascii_strtod (parts[0], NULL));
}

static void
on_first_frame_painted (GmWindow      *self,
                        GdkFrameClock *clock)
{
  const char *bench = g_getenv ("GRIDMAP_BENCH_FIRST_FRAME");
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  g_signal_handlers_disconnect_by_func (clock, on_first_frame_painted, self);

  if (bench != NULL && *bench != '\0' && app != NULL)
    {
      gint64 start = gm_application_get_start_time (GM_APPLICATION (app));
      struct rusage usage;

      /* The process's CPU time beside: what the frame cost, however busy
       * the machine is. */
      getrusage (RUSAGE_SELF, &usage);
      g_print ("first-frame-ms: %.1f (%u tiles; CPU %.0f ms)\n",
               (g_get_monotonic_time () - start) / 1000.0,
               gm_map_source_get_filled_tiles (self->source),
               (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
               + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3);
      if (g_str_equal (bench, "quit"))
        g_application_quit (app);
      else if (g_str_equal (bench, "pan"))
        gm_window_bench_pan (self);
    }
  debug_view (self);
  debug_click (self);
}

/* When every tile asked for is filled, the next frame shows a complete map. */
static void
on_pending_tiles_changed (GmWindow *self)
{
  GdkFrameClock *clock;

  if (self->first_frame_done ||
      gm_map_source_get_pending_tiles (self->source) > 0 ||
      gm_map_source_get_filled_tiles (self->source) == 0 ||
      (clock = gtk_widget_get_frame_clock (GTK_WIDGET (self))) == NULL)
    return;

  self->first_frame_done = TRUE;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_frame_painted),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self->map));
}

/* ---- setup ------------------------------------------------------------- */

void
gm_window_map_init (GmWindow *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_click_pressed), self);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (get_map (self)), GTK_EVENT_CONTROLLER (click));

  /* Street offices measure in metres. */
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->map), SHUMATE_UNIT_METRIC);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed),
                           self, G_CONNECT_SWAPPED);
}

void
gm_window_map_dispose (GmWindow *self)
{
  g_cancellable_cancel (self->overview_cancellable);
  g_clear_object (&self->overview_cancellable);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_func (self->source, on_pending_tiles_changed, self);
  g_clear_object (&self->source);
  g_clear_object (&self->online_source);
  self->project_layer = NULL;
  self->selection_layer = NULL;
}
