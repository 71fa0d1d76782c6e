/* gm-synth.h — a synthetic city for benchmarks and scale tests.
 *
 * gm_synth_build() lays out a plausible district deterministically from a
 * seed: a street network of arterials, secondary and local streets, blocks of
 * urban villages, estates, old low-rise housing, industry and parks,
 * buildings with floors and households, communities and grids of about 400
 * households. The layout is written as ordinary GIS files (shapefiles, which
 * any GDAL tool reads) and imported through the ordinary importer; residents
 * and hazards (clustered, as real reports are) are then generated into the
 * project. Everything is labelled synthetic: the city lies in the sea south
 * of the Pearl River estuary, its region codes are 99xxxx and its phones
 * 1990000xxxx, so nothing in it is a real place or person.
 *
 * Real files stay the input of correctness tests; this is for speed and
 * scale only.
 */
#pragma once

#include "gm-import.h"

G_BEGIN_DECLS

typedef struct
{
  guint    buildings;       /* exactly this many */
  guint32  seed;
  double   resident_share;  /* of households with resident records, 0–1 */
  gboolean hazards;         /* generate hazards */
} GmSynthOptions;

void     gm_synth_options_init (GmSynthOptions *options);

/* Writes the layout of @options as shapefiles in @dir (buildings.shp,
 * roads.shp, landuse.shp, community.shp, grids.shp; UTF-8, EPSG:4326),
 * creating @dir when needed. */
gboolean gm_synth_write_sources (const GmSynthOptions *options,
                                 const char           *dir,
                                 GmProgressFunc        progress,
                                 gpointer              progress_data,
                                 GCancellable         *cancellable,
                                 GError              **error);

/* Builds the project @project_path (which must not exist) from the sources
 * in @source_dir (as gm_synth_write_sources() wrote them for the same
 * @options): imports them, then adds residents and hazards. On failure no
 * project is left behind. */
gboolean gm_synth_build        (const GmSynthOptions *options,
                                const char           *project_path,
                                const char           *source_dir,
                                GmProgressFunc        progress,
                                gpointer              progress_data,
                                GCancellable         *cancellable,
                                GError              **error);

G_END_DECLS
