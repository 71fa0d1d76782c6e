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
  /* the file has no coordinate system and its coordinates are not
   * longitude/latitude: the user must choose one; the message lists
   * candidates (a declared one the coordinates contradict is
   * GM_IMPORT_ERROR_SRS: the file is wrong) */
  GM_IMPORT_ERROR_SRS_NEEDED,
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

/* Where the encoding a layer's text is read in comes from. */
typedef enum
{
  GM_ENCODING_FROM_FORMAT,        /* the format defines it (GeoJSON, GeoPackage, XLSX…) */
  GM_ENCODING_FROM_CPG,           /* the shapefile's .cpg */
  GM_ENCODING_FROM_LANGUAGE_BYTE, /* the DBF's language byte */
  GM_ENCODING_DETECTED,           /* from the bytes: nothing declared, or a contradiction */
  GM_ENCODING_CHOSEN,             /* the user's choice */
  GM_ENCODING_ASCII,              /* the text is plain ASCII: every encoding reads it alike */
} GmEncodingOrigin;

/* Translated, for people: "from the .cpg file", "detected", … */
const char  *gm_encoding_origin_get_label (GmEncodingOrigin origin);

/* An encoding the text could be in, with the text as it would read. */
typedef struct
{
  char    *encoding;        /* "GB18030", "BIG5", "CP1252", … */
  double   score;           /* plausibility of the decoded text, about -2 … 1 */
  gboolean valid;           /* every byte decodes */
  char    *sample;          /* the sample decoded in it */
} GmEncodingCandidate;

/* A coordinate system the coordinates could be in. */
typedef struct
{
  char    *code;            /* "EPSG:4547" */
  char    *name;            /* "CGCS2000 / 3-degree Gauss-Kruger CM 114E" */
  double   lon;             /* where the layer's centre lands in it */
  double   lat;
  double   distance_km;     /* from the project's data; -1 when the project is empty */
} GmSrsCandidate;

/* One layer of a probed source. */
typedef struct
{
  char    *name;
  char    *geometry_type;   /* "Polygon", "Point", "None", … as OGR names it */
  char    *geometry_label;  /* the same for people, translated: "Polygon", "面", … */
  gint64   feature_count;   /* -1 when the driver cannot tell cheaply */
  char    *srs_name;        /* "WGS 84", "ETRS89 / UTM zone 33N", NULL when none */
  char    *srs_code;        /* "EPSG:25833", NULL when not identified */
  char    *encoding;        /* what the text will be decoded from, "UTF-8", "CP936", … */
  GStrv    fields;          /* source field names, in order (repeated names made unique) */
  GStrv    samples;         /* first non-empty value of each field, for display */
  /* Per field, a NULL-terminated GPtrArray of up to 20 different values of
   * the first features: what the field holds (codes or words). NULL when
   * not read; then fields are recognised by their names only. */
  GPtrArray *field_values;
  GmImportKind guessed_kind;

  GmEncodingOrigin encoding_origin;
  gboolean encoding_uncertain;   /* the detection is a guess: confirm the sample */
  char    *encoding_sample;      /* values with non-ASCII text as decoded; NULL when none */
  GPtrArray *encoding_candidates; /* of GmEncodingCandidate, best first; NULL unless detected */
  /* The declared CRS contradicts the coordinates: what is wrong and the
   * likely fix, for people; NULL when nothing is wrong. */
  char    *srs_problem;
  /* When the layer has no usable CRS: candidates from its coordinates, best
   * first (see gm_source_rank_srs()); NULL when none is needed. */
  GPtrArray *srs_candidates;
  gboolean srs_lonlat;           /* the coordinates are longitude/latitude */
  GStrv    warnings;             /* about the file: a junk .cpg, a rebuilt .shx, … */
  /* Geometries of each kind among the features looked at (up to 10,000). */
  gint64   n_points, n_lines, n_areas, n_surfaces, n_empty;
  GArray  *sample_points;        /* their centres in the layer's units, x, y (doubles) */
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
/* Orders the layers' CRS candidates by their distance from @project (the
 * project's extent; NULL or empty: by how common they are). */
void       gm_source_rank_srs (GmSource       *source,
                               const GmExtent *project);

/* A guess of target → source field for @kind from the layer's field names,
 * English and Chinese (名称, 地址, 层数, 户数, 编码 …). */
GHashTable *gm_import_guess_mapping (GmImportKind          kind,
                                     const GmSourceLayer  *layer);

/* Check what a user typed before any file is read: a text encoding
 * ("GB18030", "936", "ANSI 1250"…) or a coordinate system ("EPSG:4547", WKT,
 * a PROJ string). FALSE with @error (GM_IMPORT_ERROR_ENCODING or
 * GM_IMPORT_ERROR_SRS) naming the value when Gridmap does not know it; GDAL's
 * and PROJ's own messages go into the error, never to stderr. */
gboolean    gm_import_check_encoding (const char  *encoding,
                                      GError     **error);
gboolean    gm_import_check_srs      (const char  *srs,
                                      GError     **error);

/* Chinese web maps publish coordinates offset from WGS 84 by law. */
typedef enum
{
  GM_SHIFT_NONE,
  GM_SHIFT_GCJ02,     /* Amap (Gaode), Tencent, Google China: "Mars coordinates" */
  GM_SHIFT_BD09,      /* Baidu */
} GmCoordShift;

gboolean gm_coord_shift_from_string (const char   *text,
                                     GmCoordShift *out);

typedef struct
{
  GmImportKind  kind;
  char         *layer;        /* NULL: the first layer */
  char         *encoding;     /* NULL: as declared by the file */
  char         *srs;          /* NULL: the file's own CRS; "EPSG:4547", WKT, PROJ… */
  GHashTable   *mapping;      /* target → source field; NULL: guessed */
  char         *community;    /* code of the community grids/buildings belong to; NULL: by location */
  GmCoordShift  shift;        /* the lon/lat are GCJ-02 or BD-09: convert them to WGS 84 */
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
  gint64            row;      /* in a spreadsheet (CSV, XLSX), its row number; else -1 */
  char             *reason;   /* translated, for a planner */
} GmImportIssue;

typedef struct
{
  char         *source;
  char         *layer;
  GmImportKind  kind;
  char         *srs;          /* the CRS the data was read in */
  char         *encoding;
  GmEncodingOrigin encoding_origin;
  char         *encoding_sample; /* text with non-ASCII characters as decoded; NULL when none */
  GmCoordShift  shift;
  gint64        read;         /* features read */
  gint64        imported;     /* rows added (repaired ones included) */
  gint64        updated;      /* rows of an earlier import of the same record, changed */
  gint64        unchanged;    /* rows of an earlier import of the same record, left as they were */
  gint64        removed;      /* basemap rows of an earlier import of the file that it lacks now */
  gint64        repaired;
  gint64        skipped;
  GPtrArray    *issues;       /* of GmImportIssue, in feature order */
  gint64        issues_omitted; /* issues past the first 10,000, counted, not kept */
  double        seconds;
} GmImportReport;

void   gm_import_report_free    (GmImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmImportReport, gm_import_report_free)
/* One line for people: "Buildings: new 18016, updated 0, unchanged 0;
 * repaired 30, skipped 20 of 18046 read." */
char  *gm_import_report_summary (const GmImportReport *report);
/* The whole report as a JSON object (what `gridmap-cli import --json` prints
 * and what import_log.report stores): source, layer, kind, srs, shift,
 * encoding, encoding_origin, encoding_sample, read, imported (rows added),
 * new (the same), updated, unchanged, removed, repaired, skipped, seconds,
 * and issues as [{"feature": FID, "row": N (spreadsheets only), "kind":
 * "repaired"|"skipped"|"warning", "reason": "…"}]. */
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
