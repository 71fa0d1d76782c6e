/* gm-import-writers.c — one cleaned feature → rows of one kind.
 *
 * Each writer binds the mapped values of the current feature to its insert
 * statement, normalising values (uses, statuses, dates) on the way, and says
 * in the report what it had to guess or leave out.
 */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-import-job.h"

/* A helper statement of the job, prepared on first use. */
sqlite3_stmt *
gm_job_extra (GmImportJob  *job,
              guint         slot,
              const char   *sql,
              GError      **error)
{
  g_assert (slot < G_N_ELEMENTS (job->extra));

  if (job->extra[slot] == NULL)
    job->extra[slot] = gm_store_prepare (job->store, sql, error);
  else
    {
      sqlite3_reset (job->extra[slot]);
      sqlite3_clear_bindings (job->extra[slot]);
    }
  return job->extra[slot];
}

void
gm_bind_source_id (GmImportJob  *job,
                   sqlite3_stmt *stmt,
                   int           index,
                   gint64        fid)
{
  const char *id = gm_import_job_get (job, "source_id");

  if (id != NULL)
    sqlite3_bind_text (stmt, index, id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, index, fid);   /* stored as text: the column has text affinity */
}

/* Binds an integer field, or NULL; a value that is not a number is noted. */
static gboolean
gm_bind_count (GmImportJob  *job,
               sqlite3_stmt *stmt,
               int           index,
               const char   *target,
               gint64        fid,
               int          *out)
{
  const char *text = gm_import_job_get (job, target);
  int value = 0;

  *out = 0;
  if (text == NULL)
    return FALSE;
  if (!gm_parse_int (text, &value))
    {
      gm_import_job_warn (job, fid, _("“%s” in field “%s” is not a number; left empty"),
                          text, gm_import_job_field (job, target));
      return FALSE;
    }
  sqlite3_bind_int (stmt, index, value);
  *out = value;
  return TRUE;
}

void
gm_bind_date (GmImportJob  *job,
              sqlite3_stmt *stmt,
              int           index,
              const char   *target,
              gint64        fid)
{
  const char *text = gm_import_job_get (job, target);
  char *date;

  if (text == NULL)
    return;
  date = gm_normalize_date (text);
  if (date == NULL)
    {
      gm_import_job_warn (job, fid, _("“%s” in field “%s” is not a date; left empty"),
                          text, gm_import_job_field (job, target));
      return;
    }
  /* Only a deadline lies ahead; a day found, notified or rectified in the
   * future is a typing error more often than not. Kept, and said. */
  if (!g_str_equal (target, "deadline") && job->today != NULL && strcmp (date, job->today) > 0)
    gm_import_job_warn (job, fid, _("“%s” in field “%s” is a date in the future; kept as written, check it"),
                        text, gm_import_job_field (job, target));
  sqlite3_bind_text (stmt, index, date, -1, g_free);
}

/* ---- buildings -------------------------------------------------------------- */

static gboolean
gm_write_building (GmImportJob  *job,
                   gint64        fid,
                   GmFeatureGeom *geom,
                   GError      **error)
{
  sqlite3_stmt *s = gm_import_job_row_stmt (job, fid, error);
  const char *use = gm_normalize_use (gm_import_job_get (job, "use"));
  double area = geom->area_m2;
  int floors = 0;
  int households = 0;

  if (s == NULL)
    return FALSE;
  gm_bind_text_or_null (s, 1, gm_import_job_get (job, "code"));
  gm_bind_text_or_null (s, 2, gm_import_job_get (job, "name"));
  gm_bind_text_or_null (s, 3, gm_import_job_get (job, "address"));
  gm_bind_count (job, s, 4, "floors", fid, &floors);
  if (!gm_bind_count (job, s, 5, "households", fid, &households))
    {
      sqlite3_bind_int (s, 5, gm_estimate_households (area, floors, use));
      sqlite3_bind_int (s, 6, 1);
    }
  else
    sqlite3_bind_int (s, 6, 0);
  sqlite3_bind_text (s, 7, use, -1, SQLITE_STATIC);
  sqlite3_bind_double (s, 8, area);
  gm_bind_text_or_null (s, 9, gm_import_job_get (job, "leader_name"));
  gm_bind_text_or_null (s, 10, gm_import_job_get (job, "leader_phone"));
  gm_bind_source_id (job, s, 11, fid);
  sqlite3_bind_int64 (s, 12, job->import_id);
  if (!gm_import_bind_geometry (s, 13, geom) || !gm_import_bind_anchor (s, 14, geom))
    {
      gm_import_job_skip (job, fid, _("the outline cannot be stored"));
      sqlite3_reset (s);
      sqlite3_clear_bindings (s);
      return TRUE;
    }
  if (s == job->insert && !gm_import_job_note_overlap (job, geom, error))
    return FALSE;
  return gm_import_job_write_row (job, s, geom, error);
}

static gboolean
gm_finish_buildings (GmImportJob  *job,
                     GError      **error)
{
  return gm_store_assign_buildings_to_grids (job->store, job->import_id, error);
}

/* ---- grids -------------------------------------------------------------------- */

/* A code no real one looks like, for a feature the file gives none. */
static char *
gm_job_placeholder_code (GmImportJob *job,
                         gint64       fid,
                         const char  *prefix)
{
  g_autofree char *code = g_strdup_printf ("%s%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                           prefix, job->import_id, fid);

  gm_import_job_warn (job, fid, _("has no code; it was given the temporary code “%s” — to set the real one, import the file again with the field that holds the codes mapped to Code (--map code=FIELD, or under Fields in the import dialog)"),
                      code);
  return g_steal_pointer (&code);
}

/* A new grid with the code of a current one replaces it: the old one is
 * closed (valid_to), never deleted, so the division's history is kept. */
static gboolean
gm_close_current_grid (GmImportJob  *job,
                       const char   *code,
                       gint64        fid,
                       gboolean     *duplicate,
                       GError      **error)
{
  sqlite3_stmt *s = gm_job_extra (job, 0,
                                  "UPDATE grid SET valid_to = ?1"
                                  " WHERE code = ?2 AND valid_to IS NULL AND import_id IS NOT ?3",
                                  error);
  sqlite3_stmt *dup;

  *duplicate = FALSE;
  if (s == NULL)
    return FALSE;
  dup = gm_job_extra (job, 1,
                      "SELECT 1 FROM grid WHERE code = ?1 AND valid_to IS NULL AND import_id = ?2",
                      error);
  if (dup == NULL)
    return FALSE;
  sqlite3_bind_text (dup, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (dup, 2, job->import_id);
  if (sqlite3_step (dup) == SQLITE_ROW)
    {
      *duplicate = TRUE;
      return TRUE;
    }

  sqlite3_bind_text (s, 1, job->today, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 3, job->import_id);
  if (sqlite3_step (s) != SQLITE_DONE)
    {
      gm_store_set_error (job->store, error, _("Closing the grid being replaced"));
      return FALSE;
    }
  if (sqlite3_changes (gm_store_get_db (job->store)) > 0)
    job->report->updated++;
  return TRUE;
}

/* Whether the current grid with @code is what the feature says already:
 * the same name, worker, phone, kind, community and outline (the stored
 * blob, byte for byte). Then nothing is closed or opened. */
static gboolean
gm_grid_is_unchanged (GmImportJob   *job,
                      const char    *code,
                      const char    *community,
                      const char    *kind,
                      GmFeatureGeom *geom,
                      gboolean      *unchanged,
                      GError       **error)
{
  sqlite3_stmt *s = gm_job_extra (job, 2,
                                  "SELECT 1 FROM grid WHERE code = ?1 AND valid_to IS NULL AND import_id IS NOT ?2"
                                  " AND name IS coalesce(?3, '') AND worker_name IS ?4 AND worker_phone IS ?5"
                                  " AND kind IS ?6 AND boundary = ?7"
                                  " AND (?8 IS NULL OR community_id IS (SELECT id FROM community WHERE code = ?8))",
                                  error);

  *unchanged = FALSE;
  if (s == NULL)
    return FALSE;
  if (geom->blob == NULL)
    return TRUE;
  sqlite3_bind_text (s, 1, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 2, job->import_id);
  gm_bind_text_or_null (s, 3, gm_import_job_get (job, "name"));
  gm_bind_text_or_null (s, 4, gm_import_job_get (job, "worker_name"));
  gm_bind_text_or_null (s, 5, gm_import_job_get (job, "worker_phone"));
  sqlite3_bind_text (s, 6, kind, -1, SQLITE_STATIC);
  sqlite3_bind_blob (s, 7, geom->blob, (int) geom->blob_size, SQLITE_STATIC);
  gm_bind_text_or_null (s, 8, community);
  *unchanged = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return TRUE;
}

/* A grid's kind from the file's word for it. */
static const char *
gm_grid_kind (const char *kind)
{
  if (kind != NULL && (g_ascii_strcasecmp (kind, "special") == 0 || strstr (kind, "专") != NULL))
    return "special";
  return "basic";
}

/* The current grid an earlier import of the same file and layer wrote for
 * the feature (by its source id), when the feature has no code or one no
 * current grid has: the same grid, now given its code (or still without
 * one). 0: none; -1 with @error set. */
static gint64
gm_find_earlier_grid (GmImportJob  *job,
                      const char   *code,
                      gint64        fid,
                      GError      **error)
{
  sqlite3_stmt *current;
  gboolean taken;

  if (job->earlier_ids == NULL)
    return 0;
  if (code != NULL)
    {
      current = gm_job_extra (job, 3, "SELECT 1 FROM grid WHERE code = ? AND valid_to IS NULL", error);
      if (current == NULL)
        return -1;
      sqlite3_bind_text (current, 1, code, -1, SQLITE_STATIC);
      taken = sqlite3_step (current) == SQLITE_ROW;
      sqlite3_reset (current);
      if (taken)
        return 0;
    }
  return gm_import_job_find_earlier (job, 2, "grid", "valid_to IS NULL", fid, error);
}

/* Updates grid @id in place, only where the file's values differ: its id
 * stays, so the buildings, plans and records that point at it stay linked.
 * Without a code (or a name, worker, kind) in the file it keeps its own. */
static gboolean
gm_update_grid (GmImportJob   *job,
                gint64         id,
                const char    *community,
                gint64         fid,
                GmFeatureGeom *geom,
                GError       **error)
{
  sqlite3_stmt *s = gm_job_extra (job, 4,
                                  "UPDATE grid SET code = coalesce(?1, code), name = coalesce(?2, name),"
                                  " community_id = coalesce((SELECT id FROM community WHERE code = ?3), community_id),"
                                  " worker_name = coalesce(?4, worker_name), worker_phone = coalesce(?5, worker_phone),"
                                  " kind = coalesce(?6, kind), source_id = ?7, import_id = ?8, boundary = ?9,"
                                  " label_point = ?10"
                                  " WHERE id = ?11 AND (code, name, community_id, worker_name, worker_phone, kind, boundary)"
                                  " IS NOT (coalesce(?1, code), coalesce(?2, name),"
                                  " coalesce((SELECT id FROM community WHERE code = ?3), community_id),"
                                  " coalesce(?4, worker_name), coalesce(?5, worker_phone), coalesce(?6, kind), ?9)",
                                  error);
  const char *kind = gm_import_job_get (job, "kind");

  if (s == NULL)
    return FALSE;
  gm_bind_text_or_null (s, 1, gm_import_job_get (job, "code"));
  gm_bind_text_or_null (s, 2, gm_import_job_get (job, "name"));
  gm_bind_text_or_null (s, 3, community);
  gm_bind_text_or_null (s, 4, gm_import_job_get (job, "worker_name"));
  gm_bind_text_or_null (s, 5, gm_import_job_get (job, "worker_phone"));
  if (kind != NULL)
    sqlite3_bind_text (s, 6, gm_grid_kind (kind), -1, SQLITE_STATIC);
  gm_bind_source_id (job, s, 7, fid);
  sqlite3_bind_int64 (s, 8, job->import_id);
  sqlite3_bind_int64 (s, 11, id);
  if (!gm_import_bind_geometry (s, 9, geom) || !gm_import_bind_anchor (s, 10, geom))
    {
      gm_import_job_skip (job, fid, _("the outline cannot be stored"));
      return TRUE;
    }
  if (!gm_import_job_step (job, s, error))
    return FALSE;
  if (!gm_import_job_count_row (job, TRUE))
    return TRUE;
  return gm_import_job_reindex_row (job, id, geom, error);
}

static gboolean
gm_write_grid (GmImportJob  *job,
               gint64        fid,
               GmFeatureGeom *geom,
               GError      **error)
{
  sqlite3_stmt *s = job->insert;
  /* A grid without a code gets its code at the end, in reading order,
   * with one line for all of them (gm_import_job_code_grids()); meanwhile
   * it has one no real code looks like. */
  g_autofree char *code = gm_import_job_get (job, "code") != NULL
                          ? g_strdup (gm_import_job_get (job, "code"))
                          : g_strdup_printf ("~uncoded-%" G_GINT64_FORMAT, fid);
  const char *community = job->options->community != NULL
                          ? job->options->community : gm_import_job_get (job, "community");
  gint64 earlier = gm_find_earlier_grid (job, gm_import_job_get (job, "code"), fid, error);
  const char *kind = gm_grid_kind (gm_import_job_get (job, "kind"));
  gint64 updated_before = job->report->updated;
  gboolean duplicate, unchanged;

  if (earlier != 0)
    return earlier > 0 && gm_update_grid (job, earlier, community, fid, geom, error);
  if (!gm_grid_is_unchanged (job, code, community, kind, geom, &unchanged, error))
    return FALSE;
  if (unchanged)
    {
      job->report->unchanged++;
      return TRUE;
    }
  if (!gm_close_current_grid (job, code, fid, &duplicate, error))
    return FALSE;
  if (duplicate)
    {
      gm_import_job_skip (job, fid, _("grid code “%s” appears more than once in the file"), code);
      return TRUE;
    }

  sqlite3_bind_text (s, 1, code, -1, SQLITE_TRANSIENT);
  gm_bind_text_or_null (s, 2, gm_import_job_get (job, "name"));
  gm_bind_text_or_null (s, 3, community);
  gm_bind_text_or_null (s, 4, gm_import_job_get (job, "worker_name"));
  gm_bind_text_or_null (s, 5, gm_import_job_get (job, "worker_phone"));
  sqlite3_bind_text (s, 6, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 7, job->today, -1, SQLITE_STATIC);
  gm_bind_source_id (job, s, 8, fid);
  sqlite3_bind_int64 (s, 9, job->import_id);
  if (!gm_import_bind_geometry (s, 10, geom) || !gm_import_bind_anchor (s, 11, geom))
    {
      gm_import_job_skip (job, fid, _("the outline cannot be stored"));
      sqlite3_reset (s);
      sqlite3_clear_bindings (s);
      return TRUE;
    }
  if (!gm_import_job_step (job, s, error))
    return FALSE;
  if (gm_import_job_get (job, "code") == NULL)
    gm_import_job_note_uncoded (job);
  gm_import_job_index_geom (job, geom);
  /* A grid that replaced the current one of its code was counted as
   * updated when that one was closed. */
  if (job->report->updated == updated_before)
    job->report->imported++;
  return TRUE;
}

static gboolean
gm_finish_grids (GmImportJob  *job,
                 GError      **error)
{
  g_autofree char *sql = NULL;

  /* Grids whose community was not named belong to the community that
   * contains them. */
  sql = g_strdup_printf ("UPDATE grid SET community_id = ("
                         "  SELECT c.id FROM community c WHERE c.id IN ("
                         "    SELECT pkid FROM idx_community_boundary"
                         "    WHERE xmin <= X(grid.label_point) AND xmax >= X(grid.label_point)"
                         "      AND ymin <= Y(grid.label_point) AND ymax >= Y(grid.label_point))"
                         "  AND ST_Contains(c.boundary, grid.label_point) ORDER BY c.code LIMIT 1)"
                         " WHERE import_id = %" G_GINT64_FORMAT " AND community_id IS NULL",
                         job->import_id);
  return gm_store_exec (job->store, sql, error)
         && gm_import_job_code_grids (job, error)
         && gm_store_color_grids (job->store, error)
         && gm_store_assign_buildings_to_grids (job->store, 0, error);
}

/* ---- communities -------------------------------------------------------------- */

/* The community the feature is: the one with its code, else the one an
 * earlier import of the same file and layer wrote for it (its source id).
 * So a boundary imported first without its code (a temporary one) and then
 * with it is updated, never doubled, and the grids and plans that point at
 * it stay linked. 0: a new one; -1 with @error set. */
static gint64
gm_find_community (GmImportJob  *job,
                   const char   *code,
                   gint64        fid,
                   GError      **error)
{
  sqlite3_stmt *s;
  gint64 id = 0;

  if (code != NULL)
    {
      s = gm_job_extra (job, 0, "SELECT id FROM community WHERE code = ?", error);
      if (s == NULL)
        return -1;
      sqlite3_bind_text (s, 1, code, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        id = sqlite3_column_int64 (s, 0);
      sqlite3_reset (s);
      if (id != 0)
        return id;
    }
  return gm_import_job_find_earlier (job, 1, "community", "1", fid, error);
}

static gboolean
gm_write_community (GmImportJob  *job,
                    gint64        fid,
                    GmFeatureGeom *geom,
                    GError      **error)
{
  const char *code = gm_import_job_get (job, "code") != NULL
                     ? gm_import_job_get (job, "code") : job->options->community;
  const char *name = gm_import_job_get (job, "name");
  g_autofree char *placeholder = NULL;
  sqlite3_stmt *s = job->insert;
  gint64 id;

  id = gm_find_community (job, code, fid, error);
  if (id < 0)
    return FALSE;
  if (id == 0 && code == NULL)
    code = placeholder = gm_job_placeholder_code (job, fid, "C");
  if (id > 0)
    {
      /* Without a code in the file the row keeps the one it has. */
      s = gm_job_extra (job, 2,
                        "UPDATE community SET code = coalesce(?1, code), name = coalesce(?2, name),"
                        " source_id = ?3, import_id = ?4, boundary = ?5"
                        " WHERE id = ?6 AND (code, name, boundary) IS NOT (coalesce(?1, code), coalesce(?2, name), ?5)",
                        error);
      if (s == NULL)
        return FALSE;
      sqlite3_bind_int64 (s, 6, id);
    }
  gm_bind_text_or_null (s, 1, code);
  if (name != NULL || id == 0)
    sqlite3_bind_text (s, 2, name != NULL ? name : "", -1, SQLITE_TRANSIENT);
  gm_bind_source_id (job, s, 3, fid);
  sqlite3_bind_int64 (s, 4, job->import_id);
  if (!gm_import_bind_geometry (s, 5, geom))
    {
      gm_import_job_skip (job, fid, _("the outline cannot be stored"));
      sqlite3_reset (s);
      sqlite3_clear_bindings (s);
      return TRUE;
    }
  if (!gm_import_job_step (job, s, error))
    return FALSE;
  gm_import_job_count_row (job, id != 0);
  return TRUE;
}

/* ---- basemap layers ------------------------------------------------------------ */

static gboolean
gm_write_basemap (GmImportJob  *job,
                  gint64        fid,
                  GmFeatureGeom *geom,
                  GError      **error)
{
  sqlite3_stmt *s = gm_import_job_row_stmt (job, fid, error);
  const char *kind = gm_import_job_get (job, "kind");

  if (s == NULL)
    return FALSE;
  if (kind != NULL)
    sqlite3_bind_text (s, 1, g_utf8_strdown (kind, -1), -1, g_free);
  gm_bind_text_or_null (s, 2, gm_import_job_get (job, "name"));
  gm_bind_source_id (job, s, 3, fid);
  sqlite3_bind_int64 (s, 4, job->import_id);
  if (!gm_import_bind_geometry (s, 5, geom))
    {
      gm_import_job_skip (job, fid, _("the geometry cannot be stored"));
      sqlite3_reset (s);
      sqlite3_clear_bindings (s);
      return TRUE;
    }
  return gm_import_job_write_row (job, s, geom, error);
}

/* ---- the table ------------------------------------------------------------------ */

static const GmImportWriter writers[GM_IMPORT_N_KINDS] = {
  [GM_IMPORT_BUILDINGS] = {
    GM_GEOM_AREA, FALSE, "building", "footprint",
    "INSERT INTO building (code, name, address, floors, households, households_estimated, use,"
    " area_m2, leader_name, leader_phone, source_id, import_id, footprint, anchor)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    gm_write_building, gm_finish_buildings, GM_MATCH_KEEP, TRUE,
    "UPDATE building SET (code, name, address, floors, households, households_estimated, use,"
    " area_m2, leader_name, leader_phone, source_id, import_id, footprint, anchor)"
    " = (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
    " WHERE id = ?15 AND (code, name, address, floors, households, households_estimated, use,"
    " leader_name, leader_phone, footprint) IS NOT (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?13)" },
  [GM_IMPORT_GRIDS] = {
    GM_GEOM_AREA, FALSE, "grid", "boundary",
    "INSERT INTO grid (code, name, community_id, worker_name, worker_phone, kind, valid_from,"
    " source_id, import_id, boundary, label_point)"
    " VALUES (?1, coalesce(?2, ''), (SELECT id FROM community WHERE code = ?3), ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11)",
    gm_write_grid, gm_finish_grids },
  [GM_IMPORT_COMMUNITY] = {
    GM_GEOM_AREA, FALSE, NULL, NULL,
    "INSERT INTO community (code, name, source_id, import_id, boundary) VALUES (?1, ?2, ?3, ?4, ?5)"
    " ON CONFLICT (code) DO UPDATE SET name = excluded.name, source_id = excluded.source_id,"
    " import_id = excluded.import_id, boundary = excluded.boundary",
    gm_write_community, NULL },
  [GM_IMPORT_ROADS] = {
    GM_GEOM_LINE, FALSE, "road", "geom",
    "INSERT INTO road (kind, name, source_id, import_id, geom) VALUES (?1, ?2, ?3, ?4, ?5)",
    gm_write_basemap, NULL, GM_MATCH_REPLACE, FALSE,
    "UPDATE road SET (kind, name, source_id, import_id, geom) = (?1, ?2, ?3, ?4, ?5)"
    " WHERE id = ?6 AND (kind, name, geom) IS NOT (?1, ?2, ?5)" },
  [GM_IMPORT_LANDUSE] = {
    GM_GEOM_AREA, FALSE, "landuse", "geom",
    "INSERT INTO landuse (kind, name, source_id, import_id, geom) VALUES (?1, ?2, ?3, ?4, ?5)",
    gm_write_basemap, NULL, GM_MATCH_REPLACE, FALSE,
    "UPDATE landuse SET (kind, name, source_id, import_id, geom) = (?1, ?2, ?3, ?4, ?5)"
    " WHERE id = ?6 AND (kind, name, geom) IS NOT (?1, ?2, ?5)" },
  [GM_IMPORT_WATER] = {
    GM_GEOM_AREA, FALSE, "water", "geom",
    "INSERT INTO water (kind, name, source_id, import_id, geom) VALUES (?1, ?2, ?3, ?4, ?5)",
    gm_write_basemap, NULL, GM_MATCH_REPLACE, FALSE,
    "UPDATE water SET (kind, name, source_id, import_id, geom) = (?1, ?2, ?3, ?4, ?5)"
    " WHERE id = ?6 AND (kind, name, geom) IS NOT (?1, ?2, ?5)" },
  [GM_IMPORT_HAZARDS] = {
    GM_GEOM_POINT, TRUE, "hazard", "location",
    "INSERT INTO hazard (building_id, category, kind, description, status, found_on, notice_on,"
    " deadline, rectified_on, verified_on, department, reporter, source_id, import_id, location)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    gm_write_hazard, gm_finish_hazards, GM_MATCH_KEEP, FALSE,
    /* A building the file names stays; one found by the location only
     * while the location stays (gm_finish_hazards() finds it again). */
    "UPDATE hazard SET (building_id, category, kind, description, status, found_on, notice_on,"
    " deadline, rectified_on, verified_on, department, reporter, source_id, import_id, location)"
    " = (coalesce(?1, CASE WHEN location IS ?15 THEN building_id END), ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
    " WHERE id = ?16 AND ((category, kind, description, status, found_on, notice_on, deadline,"
    " rectified_on, verified_on, department, reporter, location)"
    " IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?15)"
    " OR (?1 IS NOT NULL AND building_id IS NOT ?1))" },
  [GM_IMPORT_RESIDENTS] = {
    GM_GEOM_NONE, TRUE, NULL, NULL,
    "INSERT INTO resident (building_id, room, name, id_number, phone, registration, tags,"
    " moved_in, moved_out, import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    gm_write_resident, NULL },
};

const GmImportWriter *
gm_import_writer_for (GmImportKind kind)
{
  g_return_val_if_fail (kind < GM_IMPORT_N_KINDS, NULL);
  return &writers[kind];
}
