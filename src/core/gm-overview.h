/* gm-overview.h — the map from afar, drawn once and kept in the project.
 *
 * A district's million buildings, fifty thousand blocks of land use and a
 * hundred thousand street segments cannot be read and drawn for every tile
 * of a city-wide view. From afar they are pixels anyway, so the project keeps
 * them as pixels: land use, water, roads and buildings drawn by the renderer
 * itself into 256×256 images for every tile from the zoom where the whole
 * project fits in a tile up to GM_OVERVIEW_MAX_ZOOM (table `overview`,
 * zlib-compressed rows of premultiplied ARGB32 or A8 pixels). Land use, water
 * and buildings are drawn at zoom 14 (buildings also at 15) and averaged
 * down, so a pixel from afar holds the share of its ground that is built
 * (the building density); roads are drawn at each zoom in that zoom's style.
 *
 * The images are stamped with what they were drawn from (the time SpatiaLite
 * records for each of those tables' last insert and delete, their largest
 * row id, and the map's style); an edit in place of a footprint, a land use
 * or a road removes the stamp (triggers of schema 7). The renderer uses them
 * only while the stamp matches, and draws from the features otherwise: stale
 * images are never shown. gm_overview_update() draws them again.
 */
#pragma once

#include <gio/gio.h>

#include "gm-import.h"
#include "gm-store.h"

G_BEGIN_DECLS

/* The closest zoom kept (of buildings, one more: a street's thousand houses
 * are the dearest thing of a tile at zoom 15); closer views are drawn from
 * the features. */
#define GM_OVERVIEW_MAX_ZOOM 14
#define GM_OVERVIEW_BUILDINGS_MAX_ZOOM 15

/* From this many buildings on, a project is worth an overview even when
 * nothing asks for one (the app makes it in the background on opening). */
#define GM_OVERVIEW_MIN_BUILDINGS 20000

typedef enum
{
  GM_OVERVIEW_LANDUSE,      /* ARGB32 */
  GM_OVERVIEW_WATER,        /* A8 coverage */
  GM_OVERVIEW_ROADS,        /* ARGB32 */
  GM_OVERVIEW_BUILDINGS,    /* A8 coverage */
  GM_OVERVIEW_N_LAYERS,
} GmOverviewLayer;

const char *gm_overview_layer_name (GmOverviewLayer layer);

/* Whether the overview images match the project now: *@current is set and
 * TRUE returned, or FALSE with @error set when the project cannot be read. */
gboolean    gm_overview_get_current (GmStore        *store,
                                     gboolean       *current,
                                     GError        **error);

/* Whether the overview is worth drawing again now: it is stale, and the
 * project had one before or has GM_OVERVIEW_MIN_BUILDINGS buildings. */
gboolean    gm_overview_get_wanted  (GmStore        *store,
                                     gboolean       *wanted,
                                     GError        **error);

/* Draws the overview images again unless they are current. Reads the
 * project in one snapshot (other connections may write meanwhile) and
 * writes the images in one short transaction at the end; when the project
 * changed in between, nothing is written and the overview stays stale.
 * Must be called outside a transaction. */
gboolean    gm_overview_update      (GmStore        *store,
                                     GmProgressFunc  progress,
                                     gpointer        progress_data,
                                     GCancellable   *cancellable,
                                     GError        **error);

G_END_DECLS
