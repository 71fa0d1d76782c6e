/* gm-render-private.h — what the layer painters share (private to core). */
#pragma once

#include "gm-render.h"
#include "gm-store-private.h"

G_BEGIN_DECLS

typedef struct
{
  cairo_t       *cr;
  const GmView  *view;
  GmStore       *store;
  GmLayers       layers;
  gboolean       transparent;
  GCancellable  *cancellable;
  char          *today;
  GHashTable    *labels;        /* the renderer's label images, see gm_label_image_free() */
  cairo_path_t  *grid_paths[8]; /* grids in view by colour, read once per drawing */
  GMutex        *labels_lock;
} GmDrawContext;

void     gm_label_image_free (gpointer image);

gboolean gm_draw_layers (GmDrawContext  *ctx,
                         GError        **error);

G_END_DECLS
