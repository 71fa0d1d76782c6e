/* gm-import-job.h — the state of one running import (private to core).
 *
 * gm-import.c reads features, cleans their geometry and keeps the report;
 * gm-import-writers.c turns one cleaned feature into rows of one kind.
 */
#pragma once

#include "gm-spatialite.h"

#include "gm-import-private.h"
#include "gm-import-source.h"
#include "gm-store-private.h"

G_BEGIN_DECLS

typedef enum
{
  GM_GEOM_AREA,    /* stored as MULTIPOLYGON */
  GM_GEOM_LINE,    /* stored as MULTILINESTRING */
  GM_GEOM_POINT,   /* stored as POINT */
  GM_GEOM_NONE,    /* geometry ignored (tables) or optional */
} GmGeomClass;

typedef struct _GmImportJob GmImportJob;

/* A feature's geometry, ready to store. */
typedef struct
{
  guint8 *blob;             /* SpatiaLite blob: EPSG:4326, 2D, of the stored type */
  gsize   blob_size;
  double  min_x, min_y;     /* its bounding box */
  double  max_x, max_y;
  double  x;                /* a point on the surface of an area, the point, or a line's box centre */
  double  y;
  double  area_m2;          /* area on the WGS 84 ellipsoid, areas only */
} GmFeatureGeom;

GmFeatureGeom *gm_feature_geom_new_point (double x,
                                          double y);
void           gm_feature_geom_free      (GmFeatureGeom *geom);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmFeatureGeom, gm_feature_geom_free)

/* One source feature on its way from the reading thread to the writer. */
typedef struct
{
  gint64          fid;
  char          **values;    /* per source field, UTF-8, NULL when unset */
  int             n_values;
  GmFeatureGeom  *geom;      /* NULL when there is none to store */
  GPtrArray      *issues;    /* of GmImportIssue, NULL when none */
  gboolean        skipped;
  gboolean        wrong_geometry; /* skipped as a point, line or area where another is needed */
  gboolean        header;    /* the row of column names under a title: not data */
} GmFeatureItem;

void gm_feature_item_free (GmFeatureItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmFeatureItem, gm_feature_item_free)

void gm_item_issue (GmFeatureItem     *item,
                    GmImportIssueKind  kind,
                    const char        *format,
                    ...) G_GNUC_PRINTF (3, 4);
#define gm_item_skip(item, ...) gm_item_issue ((item), GM_IMPORT_ISSUE_SKIPPED, __VA_ARGS__)
#define gm_item_warn(item, ...) gm_item_issue ((item), GM_IMPORT_ISSUE_WARNING, __VA_ARGS__)

/* What importing the same source again does (gm-import-match.c). */
typedef enum
{
  GM_MATCH_NONE,      /* the writer decides itself (grids, communities, residents) */
  GM_MATCH_KEEP,      /* update the rows it matches; keep the earlier rows the file lacks */
  GM_MATCH_REPLACE,   /* update the rows it matches; remove the earlier rows the file lacks */
} GmMatchMode;

typedef struct
{
  GmGeomClass  geom_class;
  gboolean     geometry_optional;  /* hazards may come as a table with building codes */
  /* The table written and its indexed geometry column. When set, the
   * import suspends SpatiaLite's per-row triggers on the table and keeps
   * the R*Tree itself (see gm_import_job_index()). */
  const char  *table;
  const char  *index_column;
  const char  *insert_sql;
  /* Writes one feature. Returns FALSE only for errors that abort the import;
   * a feature that cannot be imported is skipped with gm_import_job_skip(). */
  gboolean   (*write)  (GmImportJob   *job,
                        gint64         fid,
                        GmFeatureGeom *geom,
                        GError       **error);
  /* Runs once after the last feature, inside the transaction. */
  gboolean   (*finish) (GmImportJob  *job,
                        GError      **error);
  GmMatchMode  match;
  gboolean     match_code;         /* a row with the feature's code is the same record */
  /* Updates row ?N+1 with insert_sql's values ?1…?N, only where they differ. */
  const char  *update_sql;
} GmImportWriter;

struct _GmImportJob
{
  GmStore                *store;
  const GmImportOptions  *options;
  const GmImportWriter   *writer;
  GmImportReport         *report;
  GHashTable             *field_of_target;  /* target → field index + 1 */
  char                  **values;           /* the current item's values (borrowed) */
  char                  **field_names;
  int                     n_fields;
  OGRCoordinateTransformationH to_wgs84;    /* NULL when the source is WGS 84 */
  char                   *decode_from;      /* the encoding Gridmap decodes the text from; NULL: UTF-8 */
  gboolean                ignore_geometry;  /* a table whose locations cannot be placed */
  gint64                  expected;         /* features the source says it has; -1 unknown */
  gint64                  wrong_geometry;   /* features skipped for the wrong kind of geometry */
  gint64                  first_wrong;      /* the first of them */
  char                   *first_wrong_why;
  gboolean                map_layer;        /* features of a map, not rows of a list */
  gint64                  header_fid;       /* a table's row of column names, not data; -1 */
  int                     x_field;          /* a table's coordinate columns, -1 when none */
  int                     y_field;
  gboolean                said_unlinked;
  gboolean                address_indexed;  /* building(address) and (name) are indexed */
  int                     row_offset;       /* a spreadsheet's row = FID + this; -1: not one */
  GmExtent                project_extent;   /* of the project before the import */
  GArray                 *placed;           /* GmPlaced of imported features, for outliers */
  sqlite3_stmt           *insert;
  sqlite3_stmt           *extra[8];         /* writer's own helper statements */
  GHashTable             *seen_ids;         /* ID number → FID, in this import */
  GArray                 *boxes;            /* GmRowBox of rows to index */
  GArray                 *packed;           /* GmRtreeEntry of rows, for an empty index */
  sqlite3_stmt           *index_insert;     /* into the table's R*Tree */
  GError                 *index_error;      /* the first failed index insert */
  GPtrArray              *suspended_triggers; /* their CREATE statements */
  gint64                  import_id;
  char                   *today;
  /* gm-import-match.c: the rows earlier imports of the same source wrote. */
  GHashTable             *earlier;          /* source id → row id */
  GHashTable             *matched;          /* row ids matched by this import */
  char                   *earlier_ids;      /* "3,7": those imports' ids; NULL when none */
  sqlite3_stmt           *update;
  sqlite3_stmt           *by_code;
  sqlite3_stmt           *unindex;
  sqlite3_stmt           *reindex;
  gint64                  row_id;           /* the row the current feature updates; 0: new */
  GArray                 *uncoded;          /* gint64 ids of grids the file gave no code */
  /* gm-import-overlap.c: new buildings on buildings already there. */
  sqlite3_stmt           *overlap;          /* NULL: nothing to check */
  GmExtent                overlap_extent;   /* of the buildings before the import */
  gint64                  overlap_max_id;   /* the last of them */
  gint64                  overlap_count;
  GHashTable             *overlap_sources;  /* import id → their count */
};

/* The current feature's value for @target, NULL when unmapped or empty. */
const char *gm_import_job_get      (GmImportJob  *job,
                                    const char   *target);
/* The source field mapped to @target, NULL when none is. */
const char *gm_import_job_get_field (GmImportJob  *job,
                                     const char   *target);
/* The source field name mapped to @target, for messages. */
const char *gm_import_job_field    (GmImportJob  *job,
                                    const char   *target);
void        gm_import_job_issue    (GmImportJob  *job,
                                    GmImportIssueKind kind,
                                    gint64        fid,
                                    const char   *format,
                                    ...) G_GNUC_PRINTF (4, 5);
#define gm_import_job_skip(job, fid, ...) \
  gm_import_job_issue ((job), GM_IMPORT_ISSUE_SKIPPED, (fid), __VA_ARGS__)
#define gm_import_job_warn(job, fid, ...) \
  gm_import_job_issue ((job), GM_IMPORT_ISSUE_WARNING, (fid), __VA_ARGS__)

/* Binds the geometry as a SpatiaLite blob, and its anchor point. */
gboolean    gm_import_bind_geometry (sqlite3_stmt  *stmt,
                                     int            index,
                                     GmFeatureGeom *geom);
gboolean    gm_import_bind_anchor  (sqlite3_stmt  *stmt,
                                    int            index,
                                    GmFeatureGeom *geom);
/* Notes the row just inserted for the spatial index, which is written in
 * one sorted pass at the end of the import. */
void        gm_import_job_index    (GmImportJob   *job,
                                    double         min_x,
                                    double         min_y,
                                    double         max_x,
                                    double         max_y);
void        gm_import_job_index_geom (GmImportJob   *job,
                                      GmFeatureGeom *geom);
/* Counts an issue and keeps it in the report (writing thread). */
void        gm_import_job_take_issue       (GmImportJob   *job,
                                            GmImportIssue *issue);

/* gm-import-match.c: importing the same source again updates the rows it
 * wrote, by code (buildings) or source id, and never doubles them. */
gboolean      gm_import_job_start_match  (GmImportJob   *job,
                                          const char    *canonical_path,
                                          GError       **error);
/* The row of @table (restricted by the SQL condition @where) that an
 * earlier import of the same file and layer wrote for the current feature,
 * found by its source id with the helper statement @slot: its id, 0 when
 * none, -1 with @error set. For writers that match codes themselves. */
gint64        gm_import_job_find_earlier (GmImportJob   *job,
                                          guint          slot,
                                          const char    *table,
                                          const char    *where,
                                          gint64         fid,
                                          GError       **error);
/* Moves row @row_id's entry in the spatial index to @geom's box (prepared
 * by gm_import_job_start_match() when there were earlier imports). */
gboolean      gm_import_job_reindex_row  (GmImportJob   *job,
                                          gint64         row_id,
                                          GmFeatureGeom *geom,
                                          GError       **error);
/* The statement the current feature's values are bound to: the writer's
 * insert, or its update of the row the feature matches. */
sqlite3_stmt *gm_import_job_row_stmt     (GmImportJob   *job,
                                          gint64         fid,
                                          GError       **error);
/* Counts the row the last step wrote in the report: new when @existing is
 * FALSE, else updated or unchanged by whether the step changed it. Returns
 * whether an existing row changed. */
gboolean      gm_import_job_count_row    (GmImportJob   *job,
                                          gboolean       existing);
/* Runs the statement of gm_import_job_row_stmt(), indexes the geometry and
 * counts the row as new, updated or unchanged. */
gboolean      gm_import_job_write_row    (GmImportJob   *job,
                                          sqlite3_stmt  *stmt,
                                          GmFeatureGeom *geom,
                                          GError       **error);
/* Removes (GM_MATCH_REPLACE) or reports (GM_MATCH_KEEP) the earlier rows
 * this import did not match. */
gboolean      gm_import_job_finish_match (GmImportJob   *job,
                                          GError       **error);
void          gm_import_job_clear_match  (GmImportJob   *job);

/* gm-import-pipe.c: every feature read, prepared and written. */
gboolean    gm_import_job_read_all         (GmImportJob    *job,
                                            OGRLayerH       layer,
                                            GmProgressFunc  progress,
                                            gpointer        progress_data,
                                            GCancellable   *cancellable,
                                            GError        **error);

/* gm-import-index.c: SpatiaLite's triggers suspended during the import,
 * and the R*Tree kept by the import itself. */
gboolean    gm_import_job_suspend_triggers (GmImportJob *job,
                                            GError     **error);
gboolean    gm_import_job_write_index      (GmImportJob *job,
                                            GError     **error);
gboolean    gm_import_job_restore_triggers (GmImportJob *job,
                                            GError     **error);

/* Steps the insert statement and resets it; FALSE with @error on failure. */
gboolean    gm_import_job_step     (GmImportJob  *job,
                                    sqlite3_stmt *stmt,
                                    GError      **error);

/* What a thread that prepares features needs of its own. */
typedef struct
{
  GmImportJob                  *job;
  GEOSContextHandle_t           geos;
  OGRCoordinateTransformationH  to_wgs84;   /* NULL when the source is WGS 84 */
  GmDecoder                    *decoder;
} GmReader;

GmReader      *gm_reader_new            (GmImportJob   *job);
void           gm_reader_free           (GmReader      *reader);
GmFeatureItem *gm_import_job_read_feature (GmReader    *reader,
                                           OGRFeatureH  feature);

/* gm-import-blob.c: SpatiaLite blobs from WKB. */
gboolean       gm_feature_geom_set_wkb  (GmFeatureGeom *geom,
                                         const guint8  *wkb,
                                         gsize          size,
                                         GmGeomClass    geom_class);
double         gm_feature_geom_area     (const GmFeatureGeom *geom);
guint8        *gm_blob_point            (double         x,
                                         double         y,
                                         gsize         *size);

/* gm-import-shape.c */
gboolean       gm_area_tidy_rings       (OGRGeometryH  *geom,
                                         GmFeatureItem *item);
OGRGeometryH   gm_closed_lines_to_area  (OGRGeometryH   geom);
void           gm_geometry_unshift      (OGRGeometryH   geom,
                                         GmCoordShift   shift);

/* gm-import-extent.c: where the imported features lie. */
typedef struct
{
  gint64 fid;
  double x, y;
} GmPlaced;

void           gm_import_job_place_note (GmImportJob   *job,
                                         gint64         fid,
                                         const GmFeatureGeom *geom);
void           gm_import_job_check_extent (GmImportJob *job);

const GmImportWriter *gm_import_writer_for (GmImportKind kind);

/* gm-import-writers.c: helpers the writers share. */
sqlite3_stmt  *gm_job_extra             (GmImportJob   *job,
                                         guint          slot,
                                         const char    *sql,
                                         GError       **error);
void           gm_bind_source_id        (GmImportJob   *job,
                                         sqlite3_stmt  *stmt,
                                         int            index,
                                         gint64         fid);
void           gm_bind_date             (GmImportJob   *job,
                                         sqlite3_stmt  *stmt,
                                         int            index,
                                         const char    *target,
                                         gint64         fid);

/* gm-import-grid-codes.c: codes for the grids a file gave none. */
void           gm_import_job_note_uncoded (GmImportJob *job);
gboolean       gm_import_job_code_grids   (GmImportJob *job,
                                           GError     **error);

/* gm-import-overlap.c: new buildings that lie exactly on buildings the
 * project had before the import, counted and reported once. */
gboolean       gm_import_job_start_overlap  (GmImportJob   *job,
                                             GError       **error);
gboolean       gm_import_job_note_overlap   (GmImportJob   *job,
                                             GmFeatureGeom *geom,
                                             GError       **error);
void           gm_import_job_finish_overlap (GmImportJob   *job);
void           gm_import_job_clear_overlap  (GmImportJob   *job);

/* gm-import-people.c: residents and hazards, rows of rosters and lists. */
gboolean       gm_write_hazard          (GmImportJob   *job,
                                         gint64         fid,
                                         GmFeatureGeom *geom,
                                         GError       **error);
gboolean       gm_finish_hazards        (GmImportJob   *job,
                                         GError       **error);
gboolean       gm_write_resident        (GmImportJob   *job,
                                         gint64         fid,
                                         GmFeatureGeom *geom,
                                         GError       **error);

G_END_DECLS
