/* gm-render-private.h — what the layer painters share (private to core). */
#pragma once

#include "gm-hotspot.h"
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
  GmHotspotResult *hotspots;    /* the analysis to draw, or NULL */
} GmDrawContext;

void     gm_label_image_free (gpointer image);

gboolean gm_draw_layers (GmDrawContext  *ctx,
                         GError        **error);

/* Query helpers of gm-render-layers.c. gm_draw_query() prepares @sql with
 * ?1–?4 bound to the view's extent grown by @margin_px (min lon, max lon,
 * min lat, max lat); gm_read_paths() reads each row's geometry (column 0)
 * into the path of its bucket (-1: left out) and finishes the query. */
typedef int (*GmBucketFunc) (sqlite3_stmt *stmt,
                             gpointer      data);

sqlite3_stmt *gm_draw_query  (GmDrawContext  *ctx,
                              const char     *sql,
                              double          margin_px,
                              GError        **error);
gboolean      gm_read_paths  (GmDrawContext  *ctx,
                              sqlite3_stmt   *stmt,
                              guint           n_buckets,
                              GmBucketFunc    bucket,
                              gpointer        data,
                              cairo_path_t  **paths,
                              GError        **error);
void          gm_free_paths  (cairo_path_t  **paths,
                              guint           n);

/* gm-render-hotspot.c: the GM_LAYER_ANALYSIS layers. */
gboolean gm_draw_hotspots (GmDrawContext  *ctx,
                           GError        **error);

G_END_DECLS
