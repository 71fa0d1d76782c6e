/* gm-cli-hotspots.h — what the two files of `gridmap-cli hotspots` share:
 * gm-cli-hotspots.c (options, the run, text for people) and
 * gm-cli-hotspots-out.c (JSON, GeoJSON, CSV and map files). */
#pragma once

#include "gm-cli-private.h"
#include "gm-hazard.h"
#include "gm-hotspot.h"

G_BEGIN_DECLS

typedef enum
{
  GM_CLI_METHOD_KDE,
  GM_CLI_METHOD_GI,
  GM_CLI_METHOD_GRID,
} GmCliMethod;

/* "hot_99", …, "not_significant", …, "cold_99". */
const char *gm_cli_gi_class_name    (GmGiClass               klass);

void        gm_cli_hotspots_print_json (GmCliMethod          method,
                                        const GmHotspotResult *result,
                                        GArray               *samples);
gboolean    gm_cli_hotspots_write   (GmCliMethod             method,
                                     GmStore                *store,
                                     const GmHotspotResult  *result,
                                     GArray                 *samples,
                                     const char             *path,
                                     GError                **error);

G_END_DECLS
