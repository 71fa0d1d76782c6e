/* gm-edit-layer.h — the grids being edited, over the map: their polygons
 * and workload labels, the selected grid's vertex handles, the handle under
 * the pointer, a vertex being dragged, the line or polygon being drawn, the
 * lasso, the chosen buildings and where the pointer snaps. */
#pragma once

#include <shumate/shumate.h>

#include "gm-grid-edit.h"

G_BEGIN_DECLS

#define GM_TYPE_EDIT_LAYER (gm_edit_layer_get_type ())
G_DECLARE_FINAL_TYPE (GmEditLayer, gm_edit_layer, GM, EDIT_LAYER, ShumateLayer)

GmEditLayer *gm_edit_layer_new          (ShumateViewport *viewport);
/* The session to draw; NULL draws nothing. */
void         gm_edit_layer_set_edit     (GmEditLayer     *self,
                                         GmGridEdit      *edit);
/* Reads the grids again after a step, an undo or a redo. */
void         gm_edit_layer_refresh      (GmEditLayer     *self);
void         gm_edit_layer_set_selected (GmEditLayer     *self,
                                         int              grid);
/* The handle under the pointer; @shown FALSE hides it. */
void         gm_edit_layer_set_handle   (GmEditLayer     *self,
                                         gboolean         shown,
                                         double           lon,
                                         double           lat);
/* A vertex being dragged to (lon, lat), joined to @neighbours (lon/lat
 * pairs); NULL @neighbours ends the drag. */
void         gm_edit_layer_set_drag     (GmEditLayer     *self,
                                         GArray          *neighbours,
                                         double           lon,
                                         double           lat);
/* The points drawn so far (lon/lat pairs; NULL for none), whether they make
 * a polygon, and the pointer, where the next point would go. */
void         gm_edit_layer_set_sketch   (GmEditLayer     *self,
                                         GArray          *points,
                                         gboolean         closed,
                                         gboolean         has_pointer,
                                         double           lon,
                                         double           lat);
/* Anchors of the chosen buildings (lon/lat pairs; NULL for none). */
void         gm_edit_layer_set_chosen   (GmEditLayer     *self,
                                         GArray          *anchors);
void         gm_edit_layer_set_snap     (GmEditLayer     *self,
                                         GmSnapKind       kind,
                                         double           lon,
                                         double           lat);

G_END_DECLS
