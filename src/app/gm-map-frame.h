/* gm-map-frame.h — holds the map and keeps what it shows in place when a
 * panel beside it opens or closes.
 *
 * A side panel that opens takes its width from the map. Left alone, the
 * map would keep its centre and everything on it would slide by half the
 * panel's width — the building just clicked included, so a second click
 * at the same place would hit another one. The frame moves the map's
 * centre by what the map's edges moved instead, so every place stays
 * where it was on the screen. A change of the window's own size is not
 * compensated: the map then keeps its centre, as usual.
 */
#pragma once

#include <gtk/gtk.h>
#include <shumate/shumate.h>

G_BEGIN_DECLS

#define GM_TYPE_MAP_FRAME (gm_map_frame_get_type ())
G_DECLARE_FINAL_TYPE (GmMapFrame, gm_map_frame, GM, MAP_FRAME, GtkWidget)

/* The map held (a ShumateSimpleMap), or NULL. */
GtkWidget *gm_map_frame_get_child (GmMapFrame *self);
void       gm_map_frame_set_child (GmMapFrame *self,
                                   GtkWidget  *child);

G_END_DECLS
