/* gm-import.h — any vector source GDAL/OGR reads, into a project.
 *
 * An import is probed first (layers, fields, CRS, encoding, a guess of what
 * the data is and how its fields map onto the project's), then run as one
 * transaction: it lands whole, with a report of what was repaired or skipped
 * and why, or it leaves the project exactly as it was.
 */
#pragma once

#include <gio/gio.h>

#include "gm-store.h"

G_BEGIN_DECLS

#define GM_IMPORT_ERROR (gm_import_error_quark ())

typedef enum
{
  GM_IMPORT_ERROR_OPEN,         /* GDAL cannot read the file */
  GM_IMPORT_ERROR_LAYER,        /* no such layer, or no layer at all */
  GM_IMPORT_ERROR_SRS,          /* the coordinates cannot be placed */
  GM_IMPORT_ERROR_GEOMETRY,     /* wrong kind of geometry for what it is */
  GM_IMPORT_ERROR_MAPPING,      /* a field mapping names a missing field */
  GM_IMPORT_ERROR_ENCODING,
  GM_IMPORT_ERROR_NOTHING,      /* nothing in the file could be imported */
  GM_IMPORT_ERROR_FAILED,
} GmImportError;

GQuark gm_import_error_quark (void);

typedef enum
{
  GM_IMPORT_BUILDINGS,
  GM_IMPORT_GRIDS,
  GM_IMPORT_COMMUNITY,
  GM_IMPORT_ROADS,
  GM_IMPORT_LANDUSE,
  GM_IMPORT_WATER,
  GM_IMPORT_HAZARDS,
  GM_IMPORT_RESIDENTS,
  GM_IMPORT_N_KINDS,
} GmImportKind;

const char  *gm_import_kind_to_string   (GmImportKind   kind);
gboolean     gm_import_kind_from_string (const char    *text,
                                         GmImportKind  *out);
/* Translated, for people: "Buildings", "Grids", … */
const char  *gm_import_kind_get_label   (GmImportKind   kind);
/* The project fields a source field can be mapped to, NULL-terminated. */
const char * const *gm_import_kind_get_targets (GmImportKind kind);
const char  *gm_import_target_get_label (const char    *target);

/* One layer of a probed source. */
typedef struct
{
  char    *name;
  char    *geometry_type;   /* "Polygon", "Point", "None", … as OGR names it */
  gint64   feature_count;   /* -1 when the driver cannot tell cheaply */
  char    *srs_name;        /* "WGS 84", "ETRS89 / UTM zone 33N", NULL when none */
  char    *srs_code;        /* "EPSG:25833", NULL when not identified */
  char    *encoding;        /* what the text will be decoded from, "UTF-8", "CP936", … */
  GStrv    fields;          /* source field names, in order */
  GStrv    samples;         /* first non-empty value of each field, for display */
  GmImportKind guessed_kind;
} GmSourceLayer;

typedef struct
{
  char      *path;          /* as the user gave it */
  char      *driver;        /* GDAL's short name: "ESRI Shapefile", "GPKG", … */
  GPtrArray *layers;        /* of GmSourceLayer */
} GmSource;

void       gm_source_free  (GmSource    *source);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmSource, gm_source_free)

/* Opens @path read-only and describes it. @encoding overrides what the file
 * declares (NULL: use .cpg / DBF language byte). */
GmSource  *gm_source_probe (const char  *path,
                            const char  *encoding,
                            GError     **error);
GmSourceLayer *gm_source_find_layer (GmSource   *source,
                                     const char *name);

/* A guess of target → source field for @kind from the layer's field names,
 * English and Chinese (名称, 地址, 层数, 户数, 编码 …). */
GHashTable *gm_import_guess_mapping (GmImportKind          kind,
                                     const GmSourceLayer  *layer);

typedef struct
{
  GmImportKind  kind;
  char         *layer;        /* NULL: the first layer */
  char         *encoding;     /* NULL: as declared by the file */
  char         *srs;          /* NULL: the file's own CRS; "EPSG:4547", WKT, PROJ… */
  GHashTable   *mapping;      /* target → source field; NULL: guessed */
  char         *community;    /* code of the community grids/buildings belong to; NULL: by location */
} GmImportOptions;

GmImportOptions *gm_import_options_new  (GmImportKind      kind);
void             gm_import_options_free (GmImportOptions  *options);
void             gm_import_options_map  (GmImportOptions  *options,
                                         const char       *target,
                                         const char       *source_field);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmImportOptions, gm_import_options_free)

typedef enum
{
  GM_IMPORT_ISSUE_REPAIRED,   /* imported after repair */
  GM_IMPORT_ISSUE_SKIPPED,    /* not imported */
  GM_IMPORT_ISSUE_WARNING,    /* imported as is, but worth a look */
} GmImportIssueKind;

typedef struct
{
  GmImportIssueKind kind;
  gint64            feature;  /* the source feature id (FID); -1 for the whole file */
  char             *reason;   /* translated, for a planner */
} GmImportIssue;

typedef struct
{
  char         *source;
  char         *layer;
  GmImportKind  kind;
  char         *srs;          /* the CRS the data was read in */
  char         *encoding;
  gint64        read;         /* features read */
  gint64        imported;     /* rows added (repaired ones included) */
  gint64        updated;      /* rows that replaced an earlier import of the same record */
  gint64        repaired;
  gint64        skipped;
  GPtrArray    *issues;       /* of GmImportIssue, in feature order */
  double        seconds;
} GmImportReport;

void   gm_import_report_free    (GmImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmImportReport, gm_import_report_free)
/* One line for people: "Imported 18,016 buildings, repaired 30, skipped 0." */
char  *gm_import_report_summary (const GmImportReport *report);
/* The whole report as a JSON object (what `gridmap-cli import --json` prints
 * and what import_log.report stores): source, layer, kind, srs, encoding,
 * read, imported, updated, repaired, skipped, seconds, and issues as
 * [{"feature": FID, "kind": "repaired"|"skipped"|"warning", "reason": "…"}]. */
char  *gm_import_report_to_json (const GmImportReport *report);

/* Called from the importing thread with a fraction in [0, 1]. */
typedef void (*GmProgressFunc) (double      fraction,
                                const char *message,
                                gpointer    user_data);

/* Imports synchronously into @store in one transaction. */
GmImportReport *gm_import_run   (GmStore                *store,
                                 const char             *path,
                                 const GmImportOptions  *options,
                                 GmProgressFunc          progress,
                                 gpointer                progress_data,
                                 GCancellable           *cancellable,
                                 GError                **error);

/* Imports in a worker thread with its own connection to @project_path.
 * @progress is called in the thread-default main context of the caller. */
void            gm_import_run_async  (const char             *project_path,
                                      const char             *path,
                                      const GmImportOptions  *options,
                                      GmProgressFunc          progress,
                                      gpointer                progress_data,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data);
GmImportReport *gm_import_run_finish (GAsyncResult           *result,
                                      GError                **error);

G_END_DECLS
