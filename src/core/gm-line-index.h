/* gm-line-index.h — lines (streets, paths) indexed for two questions: does
 * a segment cross one, and is a point within a distance of one.
 *
 * GEOS 3.11's prepared line geometries answer "within distance" by walking
 * every line, so the lines are cut into short runs and put in an STRtree.
 */
#pragma once

#include <glib.h>
#include <geos_c.h>

G_BEGIN_DECLS

typedef struct _GmLineIndex GmLineIndex;

/* Takes the line strings of @lines (any linear geometry each). NULL when
 * there are none. */
GmLineIndex *gm_line_index_new     (GEOSContextHandle_t  ctx,
                                    GPtrArray           *lines);
void         gm_line_index_free    (GmLineIndex         *index);
gboolean     gm_line_index_crosses (GmLineIndex         *index,
                                    double               x0,
                                    double               y0,
                                    double               x1,
                                    double               y1);
gboolean     gm_line_index_near    (GmLineIndex         *index,
                                    double               x,
                                    double               y,
                                    double               distance);

G_END_DECLS
