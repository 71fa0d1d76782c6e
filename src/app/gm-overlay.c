/* gm-overlay.c — what the layers drawn over the map share. */
#include "gm-config.h"

#include "gm-overlay.h"
#include "gm-wkb.h"

void
gm_overlay_trace_paths (ShumateLayer *layer,
                        cairo_t      *cr,
                        GPtrArray    *paths)
{
  ShumateViewport *viewport = shumate_layer_get_viewport (layer);

  for (guint i = 0; i < paths->len; i++)
    {
      GArray *path = g_ptr_array_index (paths, i);

      for (guint j = 0; j < path->len; j++)
        {
          const GmLonLat *p = &g_array_index (path, GmLonLat, j);
          double x, y;

          shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer), p->lat, p->lon, &x, &y);
          if (j == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_close_path (cr);
    }
}

void
gm_overlay_follow_viewport (ShumateLayer *layer)
{
  static const char * const props[] = { "longitude", "latitude", "zoom-level", "rotation" };
  ShumateViewport *viewport = shumate_layer_get_viewport (layer);

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    {
      g_autofree char *signal = g_strconcat ("notify::", props[i], NULL);

      g_signal_connect_object (viewport, signal, G_CALLBACK (gtk_widget_queue_draw),
                               layer, G_CONNECT_SWAPPED);
    }
}
