/* gm-import-source.h — opening sources with GDAL (private to core). */
#pragma once

#include "gm-autocleanups.h"
#include "gm-import.h"
#include "gm-import-encoding.h"

G_BEGIN_DECLS

/* Collects GDAL's error messages while it is pushed (per thread). */
typedef struct
{
  GString *messages;
  char    *last_error;
} GmGdalTrap;

void        gm_gdal_trap_push    (GmGdalTrap *trap);
void        gm_gdal_trap_pop     (GmGdalTrap *trap);
const char *gm_gdal_trap_message (GmGdalTrap *trap);

/* A source opened read-only, with what was found about its files. */
typedef struct
{
  GDALDatasetH        ds;
  char               *path;         /* as the user gave it */
  char               *gdal_path;    /* what GDAL opened: /vsizip/…, a temporary copy */
  char               *temp_dir;     /* the temporary copy's folder, removed on free */
  gboolean            restore_shx;  /* GDAL rebuilds the .shx in the copy */
  gboolean            raw_text;     /* GDAL passes the text's bytes through: core decodes */
  gboolean            table;        /* a spreadsheet (CSV, XLSX…): features are rows */
  int                 row_offset;   /* row number of a table's feature = FID + this */
  int                 shape_type;   /* from the .shp header; -1 when not a shapefile */
  GmDeclaredEncoding  declared;
  GPtrArray          *warnings;     /* of char *, about the file */
} GmOpenSource;

/* Opens @path read-only; @encoding is what the user chose (NULL: decide).
 * CSV files whose text is not UTF-8 are reopened once their encoding is
 * known, so that their coordinate columns are found. */
GmOpenSource *gm_open_source       (const char    *path,
                                    const char    *encoding,
                                    GError       **error);
void          gm_open_source_free  (GmOpenSource  *src);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmOpenSource, gm_open_source_free)

OGRLayerH    gm_source_get_layer (GmOpenSource *src,
                                  const char   *name,
                                  GError      **error);

/* What the first features of a layer show: their text's encoding, the
 * extent and kinds of their geometry. */
typedef struct
{
  GmEncodingChoice *encoding;
  char            **field_names;   /* decoded, repeated names made unique */
  GArray           *centres;       /* x, y of each geometry's envelope centre (doubles) */
  gint64            header_fid;    /* a table's row of column names under a title; -1 */
  int               x_field;       /* a table's coordinate columns, -1 when none */
  int               y_field;
  gint64            n_points, n_lines, n_areas, n_surfaces, n_empty;
} GmLayerScan;

/* What a geometry is, for the kinds of data Gridmap keeps. */
typedef enum
{
  GM_KIND_NONE,      /* no geometry, or an empty one */
  GM_KIND_POINT,
  GM_KIND_LINE,
  GM_KIND_AREA,
  GM_KIND_SURFACE,   /* TIN, polyhedral surface, multipatch: 3D models */
} GmGeometryKind;

/* gm-import-geometry.c; a collection is its most demanding member's kind. */
GmGeometryKind gm_geometry_kind  (OGRGeometryH  geom);

GmLayerScan *gm_layer_scan       (GmOpenSource *src,
                                  OGRLayerH     layer,
                                  const char   *user_encoding,
                                  GPtrArray    *warnings);
void         gm_layer_scan_free  (GmLayerScan  *scan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmLayerScan, gm_layer_scan_free)

/* gm-import-probe.c: from the first features, the first value of each
 * field (a NULL-terminated array, "" when none has one) and up to 20
 * different values of each (a GPtrArray per field, NULL-terminated). */
void         gm_layer_read_values (OGRLayerH    layer,
                                   int          n_fields,
                                   GmDecoder   *decoder,
                                   gint64       header_fid,
                                   char      ***samples,
                                   GPtrArray  **values);

OGRGeometryH gm_feature_xy_point (OGRFeatureH   f,
                                  int           x_field,
                                  int           y_field);

/* "EPSG:25833", or NULL when the CRS has no authority code. */
char        *gm_srs_dup_code     (OGRSpatialReferenceH srs);

/* gm-import-sidecar.c */
char        *gm_sidecar_find     (const char   *shp,
                                  const char   *ext);
gboolean     gm_sidecars_check   (GmOpenSource *src,
                                  GError      **error);
char        *gm_sidecar_junk_prj (const GmOpenSource *src);
void         gm_sidecars_clean   (GmOpenSource *src);
void         gm_source_warn      (GmOpenSource *src,
                                  char         *message);

G_END_DECLS
