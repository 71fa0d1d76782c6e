/* gm-demo.h — the demo project: a real neighbourhood with synthetic people.
 *
 * Buildings, roads and landuse are a cut of OpenStreetMap (ODbL) shipped in
 * data/demo/; they are imported through the ordinary importer. Residents,
 * hazards, grid workers and the initial division are synthetic, generated
 * from a fixed seed, so the same seed always gives the same project.
 */
#pragma once

#include "gm-import.h"

G_BEGIN_DECLS

#define GM_DEMO_SEED 20261203u

/* The folder with the demo's source files: $GRIDMAP_DEMO_DIR, the source
 * tree's data/demo when run uninstalled, or the installed copy. */
const char *gm_demo_get_source_dir (void);

gboolean    gm_demo_build          (const char     *project_path,
                                    const char     *source_dir,
                                    guint32         seed,
                                    GmProgressFunc  progress,
                                    gpointer        progress_data,
                                    GCancellable   *cancellable,
                                    GError        **error);

G_END_DECLS
