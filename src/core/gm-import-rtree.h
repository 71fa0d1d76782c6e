/* gm-import-rtree.h — a spatial index written in one pass (private to core). */
#pragma once

#include "gm-store-private.h"

G_BEGIN_DECLS

/* A row's box as the R*Tree stores it: xmin, xmax, ymin, ymax. */
typedef struct
{
  gint64 id;
  float  box[4];
} GmRtreeEntry;

void     gm_rtree_entry_set  (GmRtreeEntry *entry,
                              gint64        id,
                              double        min_x,
                              double        min_y,
                              double        max_x,
                              double        max_y);
gboolean gm_rtree_bulk_load  (GmStore      *store,
                              const char   *rtree,
                              GArray       *entries,
                              GError      **error);

G_END_DECLS
