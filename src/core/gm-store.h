/* gm-store.h — a Gridmap project: one SpatiaLite database file.
 *
 * A GmStore owns one SQLite connection with SpatiaLite loaded. It is used from
 * one thread at a time; threads that work in the background (tiles, imports)
 * open their own GmStore on the same file. The file is in WAL mode, so readers
 * never block the writer.
 */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "gm-types.h"

G_BEGIN_DECLS

#define GM_STORE_ERROR (gm_store_error_quark ())

typedef enum
{
  GM_STORE_ERROR_OPEN,          /* the file cannot be opened or created */
  GM_STORE_ERROR_NOT_PROJECT,   /* an SQLite file, but not a Gridmap project */
  GM_STORE_ERROR_TOO_NEW,       /* written by a newer Gridmap */
  GM_STORE_ERROR_QUERY,         /* an SQL statement failed */
  GM_STORE_ERROR_NOT_FOUND,
  GM_STORE_ERROR_READ_ONLY,     /* the file or its folder cannot be written */
} GmStoreError;

GQuark gm_store_error_quark (void);

/* The schema version this build writes (PRAGMA user_version). */
#define GM_STORE_SCHEMA_VERSION 3

typedef enum
{
  GM_STORE_OPEN_DEFAULT  = 0,
  GM_STORE_OPEN_CREATE   = 1 << 0,  /* create the file when missing */
  GM_STORE_OPEN_READONLY = 1 << 1,
} GmStoreOpenFlags;

#define GM_TYPE_STORE (gm_store_get_type ())
G_DECLARE_FINAL_TYPE (GmStore, gm_store, GM, STORE, GObject)

GmStore    *gm_store_open            (const char        *path,
                                      GmStoreOpenFlags   flags,
                                      GError           **error);
const char *gm_store_get_path        (GmStore           *self);
gboolean    gm_store_is_read_only    (GmStore           *self);
sqlite3    *gm_store_get_db          (GmStore           *self);
int         gm_store_get_schema_version (GmStore        *self);

/* Transactions. begin/commit/rollback do not nest. */
gboolean    gm_store_begin           (GmStore           *self,
                                      GError           **error);
gboolean    gm_store_commit          (GmStore           *self,
                                      GError           **error);
void        gm_store_rollback        (GmStore           *self);
gboolean    gm_store_in_transaction  (GmStore           *self);

gboolean      gm_store_exec          (GmStore           *self,
                                      const char        *sql,
                                      GError           **error);
sqlite3_stmt *gm_store_prepare       (GmStore           *self,
                                      const char        *sql,
                                      GError           **error);
/* Turns the connection's last error into a GError naming @what. */
void          gm_store_set_error     (GmStore           *self,
                                      GError           **error,
                                      const char        *what);

char       *gm_store_dup_meta        (GmStore           *self,
                                      const char        *key);
gboolean    gm_store_set_meta        (GmStore           *self,
                                      const char        *key,
                                      const char        *value,
                                      GError           **error);

gboolean    gm_store_audit           (GmStore           *self,
                                      const char        *action,
                                      const char        *table_name,
                                      gint64             row_id,
                                      const char        *old_value,
                                      const char        *new_value,
                                      GError           **error);

/* Extent of everything in the project; FALSE with an empty extent when the
 * project holds no geometry. */
gboolean    gm_store_get_extent      (GmStore           *self,
                                      GmExtent          *out,
                                      GError           **error);
/* Extent of what the project manages: its communities and grids, or of
 * everything when it has neither. */
gboolean    gm_store_get_focus_extent (GmStore          *self,
                                       GmExtent         *out,
                                       GError          **error);

/* The communities (GmCommunityInfo), by code. */
GPtrArray  *gm_store_dup_communities (GmStore           *self,
                                      GError           **error);

/* @as_of is an ISO date (YYYY-MM-DD) used for "overdue"; NULL means today. */
GmStats    *gm_store_dup_stats       (GmStore           *self,
                                      const char        *as_of,
                                      GError           **error);

/* The building whose footprint contains (lon, lat), or failing that the
 * nearest one within @tolerance_m metres. Returns 0 when there is none and
 * -1 on error. */
gint64      gm_store_find_building_at (GmStore          *self,
                                       double            lon,
                                       double            lat,
                                       double            tolerance_m,
                                       GError          **error);
/* The current grid containing (lon, lat); 0 when none, -1 on error. */
gint64      gm_store_find_grid_at    (GmStore           *self,
                                      double             lon,
                                      double             lat,
                                      GError           **error);

GmBuilding    *gm_store_dup_building  (GmStore          *self,
                                       gint64            building_id,
                                       GError          **error);
/* Current residents (not moved out), ordered by room. */
GPtrArray     *gm_store_dup_residents (GmStore          *self,
                                       gint64            building_id,
                                       GError          **error);
GPtrArray     *gm_store_dup_hazards   (GmStore          *self,
                                       gint64            building_id,
                                       const char       *as_of,
                                       GError          **error);
GmGridSummary *gm_store_dup_grid_summary (GmStore       *self,
                                          gint64         grid_id,
                                          const char    *as_of,
                                          GError       **error);

/* The outline of a building or a grid as WKB (EPSG:4326), for overlays. */
GBytes        *gm_store_dup_outline_wkb (GmStore        *self,
                                         const char     *table,
                                         gint64          id,
                                         GError        **error);

/* Recomputes building.grid_id from the current grids (point on surface),
 * for the buildings of one import (@import_id > 0) or for all (0). */
gboolean    gm_store_assign_buildings_to_grids (GmStore  *self,
                                                gint64    import_id,
                                                GError  **error);

/* Gives neighbouring current grids different colour indexes (grid.color). */
gboolean    gm_store_color_grids     (GmStore  *self,
                                      GError  **error);

char       *gm_today_iso             (void);

G_END_DECLS
