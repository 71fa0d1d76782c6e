/* gm-store.c — open, create and migrate a Gridmap project file.
 *
 * Queries that read records for the sidebar and the CLI live in
 * gm-store-query.c; this file holds the connection, the schema and its
 * migrations, transactions and the audit trail.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <unistd.h>

#include "gm-autocleanups.h"
#include "gm-store-private.h"

/* "GRDM": marks the file as a Gridmap project for PRAGMA application_id. */
#define GM_APPLICATION_ID 0x4752444d

struct _GmStore
{
  GObject   parent_instance;
  char     *path;
  sqlite3  *db;
  void     *spatialite_cache;
  gboolean  in_transaction;
  gboolean  read_only;
};

G_DEFINE_TYPE (GmStore, gm_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (gm-store-error-quark, gm_store_error)

static void
gm_store_finalize (GObject *object)
{
  GmStore *self = GM_STORE (object);

  if (self->db != NULL)
    {
      if (self->in_transaction)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
    }
  if (self->spatialite_cache != NULL)
    spatialite_cleanup_ex (self->spatialite_cache);
  g_free (self->path);

  G_OBJECT_CLASS (gm_store_parent_class)->finalize (object);
}

static void
gm_store_class_init (GmStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gm_store_finalize;
}

static void
gm_store_init (GmStore *self)
{
}

void
gm_store_set_error (GmStore     *self,
                    GError     **error,
                    const char  *what)
{
  g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
               /* Translators: "%s" is what was being done, then SQLite's message */
               _("%s failed in project “%s”: %s"),
               what, self->path, sqlite3_errmsg (self->db));
}

gboolean
gm_store_exec (GmStore     *self,
               const char  *sql,
               GError     **error)
{
  g_autofree char *message = NULL;
  char *errmsg = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &errmsg) == SQLITE_OK)
    return TRUE;

  message = g_strdup (errmsg != NULL ? errmsg : sqlite3_errmsg (self->db));
  sqlite3_free (errmsg);
  g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
               _("Query failed in project “%s”: %s"), self->path, message);
  return FALSE;
}

sqlite3_stmt *
gm_store_prepare (GmStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_debug ("cannot prepare: %s", sql);
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                   _("Query failed in project “%s”: %s"),
                   self->path, sqlite3_errmsg (self->db));
      return NULL;
    }
  return stmt;
}

/* Runs a query that returns one integer; -1 on error. */
gint64
gm_store_query_int (GmStore     *self,
                    const char  *sql,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc == SQLITE_DONE)
    return 0;
  gm_store_set_error (self, error, _("Reading the project"));
  return -1;
}

const char *
gm_store_get_path (GmStore *self)
{
  g_return_val_if_fail (GM_IS_STORE (self), NULL);
  return self->path;
}

gboolean
gm_store_is_read_only (GmStore *self)
{
  g_return_val_if_fail (GM_IS_STORE (self), TRUE);
  return self->read_only;
}

sqlite3 *
gm_store_get_db (GmStore *self)
{
  g_return_val_if_fail (GM_IS_STORE (self), NULL);
  return self->db;
}

int
gm_store_get_schema_version (GmStore *self)
{
  g_return_val_if_fail (GM_IS_STORE (self), -1);
  return (int) gm_store_query_int (self, "PRAGMA user_version", NULL);
}

gboolean
gm_store_begin (GmStore  *self,
                GError  **error)
{
  g_return_val_if_fail (GM_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  /* IMMEDIATE takes the write lock now, so a second writer fails here and not
   * half-way through an import. */
  if (!gm_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
gm_store_commit (GmStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (GM_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!gm_store_exec (self, "COMMIT", error))
    {
      gm_store_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
gm_store_rollback (GmStore *self)
{
  g_return_if_fail (GM_IS_STORE (self));

  if (!self->in_transaction)
    return;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

gboolean
gm_store_in_transaction (GmStore *self)
{
  g_return_val_if_fail (GM_IS_STORE (self), FALSE);
  return self->in_transaction;
}

/* ---- schema ------------------------------------------------------------ */

/* Version 1: the data model of DESIGN.md. Each geometry column is registered
 * with SpatiaLite and has an R*Tree index, so QGIS and `spatialite` read the
 * file as an ordinary SpatiaLite database. */
static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE import_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
  "  source TEXT NOT NULL, layer TEXT, kind TEXT NOT NULL,"
  "  imported INTEGER NOT NULL DEFAULT 0, repaired INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0, report TEXT);"
  "CREATE TABLE community ("
  "  id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '',"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "SELECT AddGeometryColumn('community', 'boundary', 4326, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('community', 'boundary');"
  "CREATE TABLE grid ("
  "  id INTEGER PRIMARY KEY, code TEXT NOT NULL, name TEXT NOT NULL DEFAULT '',"
  "  community_id INTEGER REFERENCES community(id),"
  "  worker_name TEXT, worker_phone TEXT,"
  "  kind TEXT NOT NULL DEFAULT 'basic' CHECK (kind IN ('basic', 'special')),"
  "  valid_from TEXT NOT NULL DEFAULT (date('now')), valid_to TEXT,"
  "  color INTEGER NOT NULL DEFAULT 0,"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "CREATE UNIQUE INDEX grid_current_code ON grid(code) WHERE valid_to IS NULL;"
  "CREATE INDEX grid_community ON grid(community_id);"
  "SELECT AddGeometryColumn('grid', 'boundary', 4326, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('grid', 'boundary');"
  "SELECT AddGeometryColumn('grid', 'label_point', 4326, 'POINT', 'XY');"
  "CREATE TABLE building ("
  "  id INTEGER PRIMARY KEY, code TEXT, name TEXT, address TEXT,"
  "  floors INTEGER, households INTEGER NOT NULL DEFAULT 0,"
  "  households_estimated INTEGER NOT NULL DEFAULT 0,"
  "  use TEXT NOT NULL DEFAULT 'unknown', area_m2 REAL,"
  "  leader_name TEXT, leader_phone TEXT,"
  "  grid_id INTEGER REFERENCES grid(id),"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "CREATE INDEX building_grid ON building(grid_id);"
  "CREATE INDEX building_code ON building(code);"
  "SELECT AddGeometryColumn('building', 'footprint', 4326, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('building', 'footprint');"
  "SELECT AddGeometryColumn('building', 'anchor', 4326, 'POINT', 'XY');"
  "CREATE TABLE resident ("
  "  id INTEGER PRIMARY KEY,"
  "  building_id INTEGER REFERENCES building(id) ON DELETE SET NULL,"
  "  room TEXT, name TEXT NOT NULL, id_number TEXT, phone TEXT,"
  "  registration TEXT NOT NULL DEFAULT 'registered'"
  "    CHECK (registration IN ('registered', 'floating')),"
  "  tags TEXT NOT NULL DEFAULT '', moved_in TEXT, moved_out TEXT,"
  "  import_id INTEGER REFERENCES import_log(id));"
  "CREATE INDEX resident_building ON resident(building_id);"
  "CREATE UNIQUE INDEX resident_id_number ON resident(id_number)"
  "  WHERE id_number IS NOT NULL AND id_number <> '';"
  "CREATE TABLE hazard ("
  "  id INTEGER PRIMARY KEY,"
  "  building_id INTEGER REFERENCES building(id) ON DELETE SET NULL,"
  "  category TEXT NOT NULL DEFAULT 'other'"
  "    CHECK (category IN ('fire', 'security', 'other')),"
  "  kind TEXT NOT NULL DEFAULT '', description TEXT,"
  "  status TEXT NOT NULL DEFAULT 'discovered'"
  "    CHECK (status IN ('discovered', 'notified', 'rectified', 'closed')),"
  "  found_on TEXT, notice_on TEXT, deadline TEXT, rectified_on TEXT, verified_on TEXT,"
  "  department TEXT, reporter TEXT,"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "CREATE INDEX hazard_building ON hazard(building_id);"
  "SELECT AddGeometryColumn('hazard', 'location', 4326, 'POINT', 'XY');"
  "SELECT CreateSpatialIndex('hazard', 'location');"
  "CREATE TABLE road ("
  "  id INTEGER PRIMARY KEY, name TEXT, kind TEXT,"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "SELECT AddGeometryColumn('road', 'geom', 4326, 'MULTILINESTRING', 'XY');"
  "SELECT CreateSpatialIndex('road', 'geom');"
  "CREATE TABLE landuse ("
  "  id INTEGER PRIMARY KEY, kind TEXT, name TEXT,"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "SELECT AddGeometryColumn('landuse', 'geom', 4326, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('landuse', 'geom');"
  "CREATE TABLE water ("
  "  id INTEGER PRIMARY KEY, kind TEXT, name TEXT,"
  "  source_id TEXT, import_id INTEGER REFERENCES import_log(id));"
  "SELECT AddGeometryColumn('water', 'geom', 4326, 'MULTIPOLYGON', 'XY');"
  "SELECT CreateSpatialIndex('water', 'geom');"
  "CREATE TABLE plan ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
  "  community_id INTEGER REFERENCES community(id),"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
  "  params TEXT, metrics TEXT, applied_at TEXT);"
  "CREATE TABLE plan_assignment ("
  "  plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,"
  "  building_id INTEGER NOT NULL REFERENCES building(id) ON DELETE CASCADE,"
  "  part INTEGER NOT NULL,"
  "  PRIMARY KEY (plan_id, building_id)) WITHOUT ROWID;"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),"
  "  who TEXT NOT NULL, action TEXT NOT NULL, table_name TEXT, row_id INTEGER,"
  "  old_value TEXT, new_value TEXT);";

typedef struct
{
  int         version;
  const char *sql;
} GmMigration;

/* Forward migrations, applied in order inside one transaction. A new schema
 * version appends an entry; entries are never edited once released. */
static const GmMigration migrations[] = {
  { 1, schema_v1 },
};

static gboolean
gm_store_is_empty_database (GmStore  *self,
                            gboolean *empty,
                            GError  **error)
{
  gint64 n = gm_store_query_int (self, "SELECT count(*) FROM sqlite_master", error);

  if (n < 0)
    return FALSE;
  *empty = n == 0;
  return TRUE;
}

static gboolean
gm_store_migrate (GmStore  *self,
                  int       from_version,
                  GError  **error)
{
  g_autofree char *set_version = NULL;

  if (!gm_store_begin (self, error))
    return FALSE;

  if (from_version == 0
      && !gm_store_exec (self, "SELECT InitSpatialMetaData(0, 'WGS84_ONLY')", error))
    goto fail;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].version <= from_version)
        continue;
      if (!gm_store_exec (self, migrations[i].sql, error))
        goto fail;
    }

  set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                 GM_APPLICATION_ID, GM_STORE_SCHEMA_VERSION);
  if (!gm_store_exec (self, set_version, error))
    goto fail;
  return gm_store_commit (self, error);

fail:
  gm_store_rollback (self);
  return FALSE;
}

/* Checks that an existing file is a Gridmap project this build can read, and
 * migrates it forward when it is older. */
static gboolean
gm_store_check_schema (GmStore  *self,
                       GError  **error)
{
  gint64 app_id;
  gint64 version;
  gboolean empty = FALSE;

  /* The first read is where SQLite notices a file that is not a database. */
  if (!gm_store_is_empty_database (self, &empty, NULL))
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is not a Gridmap project: %s"),
                   self->path, sqlite3_errmsg (self->db));
      return FALSE;
    }

  app_id = gm_store_query_int (self, "PRAGMA application_id", error);
  version = gm_store_query_int (self, "PRAGMA user_version", error);
  if (app_id < 0 || version < 0)
    return FALSE;

  if (!empty && app_id != GM_APPLICATION_ID)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_PROJECT,
                   _("“%s” is an SQLite database but not a Gridmap project"), self->path);
      return FALSE;
    }
  if (version > GM_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Gridmap (schema %d, this version reads up to %d)"),
                   self->path, (int) version, GM_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  if (version == GM_STORE_SCHEMA_VERSION)
    return TRUE;
  if (self->read_only)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_OPEN,
                   _("“%s” needs to be upgraded, which cannot be done read-only"), self->path);
      return FALSE;
    }
  return gm_store_migrate (self, (int) version, error);
}

/* Opens the connection and loads SpatiaLite into it. */
static gboolean
gm_store_connect (GmStore     *self,
                  const char  *filename,
                  int          sqlite_flags,
                  GError     **error)
{
  int rc = sqlite3_open_v2 (filename, &self->db, sqlite_flags, NULL);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_OPEN,
                   _("Cannot open project “%s”: %s"), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (self->spatialite_cache == NULL)
    self->spatialite_cache = spatialite_alloc_connection ();
  spatialite_init_ex (self->db, self->spatialite_cache, 0);
  return TRUE;
}

/* Whether the first read works; it fails in a read-only folder for a
 * project in WAL mode whose index file (-shm) cannot be created. */
static gboolean
gm_store_can_read (GmStore *self)
{
  int rc = sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
  int code = rc & 0xff;

  return !(code == SQLITE_READONLY || code == SQLITE_CANTOPEN);
}

static char *
gm_store_immutable_uri (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);

  return g_strconcat ("file:", escaped, "?immutable=1", NULL);
}

/* Writing a project also writes its log (-wal) next to it, so both the file
 * and its folder must be writable; say so before SQLite says something
 * obscure about a "readonly database". */
static gboolean
gm_store_check_writable (const char  *path,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

  if (exists && g_access (path, W_OK) != 0)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_READ_ONLY,
                   _("Cannot change project “%s”: the file is read-only"), path);
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_READ_ONLY,
                   exists ? _("Cannot change project “%s”: its folder “%s” is read-only")
                          : _("Cannot create project “%s”: its folder “%s” is read-only"),
                   path, dir);
      return FALSE;
    }
  return TRUE;
}

/**
 * gm_store_open:
 * @path: the project file
 * @flags: whether to create it, or open it read-only
 * @error: return location for a #GError
 *
 * Opens a project, creating and migrating its schema as needed. Opening an
 * existing, current project writes nothing to it.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
GmStore *
gm_store_open (const char        *path,
               GmStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(GmStore) self = NULL;
  int sqlite_flags;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(flags & GM_STORE_OPEN_CREATE) && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_OPEN,
                   _("Cannot open project “%s”: the file does not exist"), path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_OPEN,
                   _("Cannot open project “%s”: it is a folder"), path);
      return NULL;
    }

  self = g_object_new (GM_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = (flags & GM_STORE_OPEN_READONLY) != 0;

  sqlite_flags = SQLITE_OPEN_NOMUTEX;
  if (self->read_only)
    sqlite_flags |= SQLITE_OPEN_READONLY;
  else
    sqlite_flags |= SQLITE_OPEN_READWRITE
                    | ((flags & GM_STORE_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);

  if (!self->read_only && !gm_store_check_writable (path, error))
    return NULL;
  if (!gm_store_connect (self, path, sqlite_flags, error))
    return NULL;

  /* A project in a folder this user cannot write to has no room for the
   * WAL index, so SQLite cannot read it as usual; nobody can write it there
   * either, so it is read as an immutable file. */
  if (self->read_only && !gm_store_can_read (self))
    {
      g_autofree char *uri = gm_store_immutable_uri (path);

      g_clear_pointer (&self->db, sqlite3_close);
      if (!gm_store_connect (self, uri, sqlite_flags | SQLITE_OPEN_URI, error))
        return NULL;
    }

  if (!gm_store_check_schema (self, error))
    return NULL;

  /* WAL lets tile threads read while an import writes. Setting it on a file
   * that is already WAL writes nothing. */
  if (!self->read_only
      && !gm_store_exec (self, "PRAGMA journal_mode = WAL", error))
    return NULL;
  if (!gm_store_exec (self,
                      "PRAGMA foreign_keys = ON;"
                      "PRAGMA synchronous = NORMAL;"
                      "PRAGMA cache_size = -32768;"
                      "PRAGMA temp_store = MEMORY;",
                      error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ---- metadata and audit ------------------------------------------------ */

char *
gm_store_dup_meta (GmStore    *self,
                   const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), NULL);

  stmt = gm_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

gboolean
gm_store_set_meta (GmStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);

  stmt = gm_store_prepare (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Saving project settings"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gm_store_audit (GmStore     *self,
                const char  *action,
                const char  *table_name,
                gint64       row_id,
                const char  *old_value,
                const char  *new_value,
                GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (GM_IS_STORE (self), FALSE);
  g_return_val_if_fail (action != NULL, FALSE);

  stmt = gm_store_prepare (self,
                           "INSERT INTO audit (who, action, table_name, row_id, old_value, new_value)"
                           " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, table_name, -1, SQLITE_STATIC);
  if (row_id > 0)
    sqlite3_bind_int64 (stmt, 4, row_id);
  sqlite3_bind_text (stmt, 5, old_value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, new_value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gm_store_set_error (self, error, _("Writing the audit trail"));
      return FALSE;
    }
  return TRUE;
}

char *
gm_today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}
