/* gm-hotspot-export.h — a hot-spot map as a PNG image or a PDF page.
 *
 * The page is the map as the renderer draws it (the same renderer as the
 * screen's tiles), a title with the filter in words and the as-of date,
 * a legend for each analysis layer drawn, a scale bar, and a footer with
 * the data's credit. It shows counts of hazards, never who reported them.
 */
#pragma once

#include "gm-render.h"

G_BEGIN_DECLS

typedef struct
{
  const char *title;        /* e.g. the project's name */
  const char *attribution;  /* the data's credit, or NULL */
} GmExportText;

/* Writes @view of @renderer (with its hot-spot result and layers) to
 * @path: PDF when it ends in .pdf, PNG otherwise. */
gboolean gm_hotspot_export (GmRenderer          *renderer,
                            const GmView        *view,
                            const GmExportText  *text,
                            const char          *path,
                            GCancellable        *cancellable,
                            GError             **error);

/* What a hot-spot map shows: the current grids and the hazards of
 * @result, else everything in the project. FALSE when there is nothing. */
gboolean gm_hotspot_map_extent (GmStore               *store,
                                const GmHotspotResult *result,
                                GmExtent              *out);

/* The view of @extent at the largest zoom that shows it in @width×@height. */
void     gm_view_init_extent (GmView         *view,
                              const GmExtent *extent,
                              int             width,
                              int             height);

G_END_DECLS
