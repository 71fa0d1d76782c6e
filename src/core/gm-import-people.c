/* gm-import-people.c — rows of rosters and hazard lists into the project.
 *
 * A row is linked to its building by the building's code, else by its
 * address (the building whose address is the row's address or its longest
 * beginning, so "幸福路12号3单元502" finds "幸福路12号"), else by its
 * coordinates. A row that links to nothing is still imported, and reported.
 * Residents' ID numbers and phones are checked (gm-import-checks.c); a
 * resident already in the project (the same ID number, or without one the
 * same name in the same building and room) is updated, never doubled.
 */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-import-job.h"
#include "gm-privacy.h"

enum
{
  SLOT_BY_CODE,
  SLOT_BY_ADDRESS,
  SLOT_BY_ID,
  SLOT_BY_NAME,
  SLOT_UPDATE,
};

/* ---- finding the building ------------------------------------------------------------ */

/* The building with code @code: its id (0 when none, -1 on error) and, when
 * asked, its anchor point. */
static gint64
gm_find_building_by_code (GmImportJob  *job,
                          const char   *code,
                          double       *x,
                          double       *y,
                          GError      **error)
{
  sqlite3_stmt *s = gm_job_extra (job, SLOT_BY_CODE,
                                  "SELECT id, X(anchor), Y(anchor) FROM building WHERE code = ?"
                                  " ORDER BY id LIMIT 1", error);

  if (s == NULL)
    return -1;
  sqlite3_bind_text (s, 1, code, -1, SQLITE_STATIC);
  if (sqlite3_step (s) != SQLITE_ROW)
    return 0;
  if (x != NULL && y != NULL)
    {
      *x = sqlite3_column_double (s, 1);
      *y = sqlite3_column_double (s, 2);
    }
  return sqlite3_column_int64 (s, 0);
}

/* The building whose address (or name) is @address or its longest
 * beginning of at least four characters. */
static gint64
gm_find_building_by_address (GmImportJob  *job,
                             const char   *address,
                             double       *x,
                             double       *y,
                             GError      **error)
{
  sqlite3_stmt *s;
  glong length = g_utf8_strlen (address, -1);

  /* Looked up once per row and per beginning: indexed, once the first list
   * that names addresses is imported (inside its transaction). */
  if (!job->address_indexed
      && !gm_store_exec (job->store, "CREATE INDEX IF NOT EXISTS building_address ON building(address);"
                                     "CREATE INDEX IF NOT EXISTS building_name ON building(name);", error))
    return -1;
  job->address_indexed = TRUE;
  s = gm_job_extra (job, SLOT_BY_ADDRESS,
                    "SELECT id, X(anchor), Y(anchor) FROM building"
                    " WHERE address = ?1 UNION ALL"
                    " SELECT id, X(anchor), Y(anchor) FROM building WHERE name = ?1"
                    " LIMIT 1", error);
  if (s == NULL)
    return -1;
  for (glong n = length; n >= MIN (4, length); n--)
    {
      g_autofree char *prefix = g_utf8_substring (address, 0, n);

      sqlite3_reset (s);
      sqlite3_bind_text (s, 1, prefix, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          if (x != NULL && y != NULL)
            {
              *x = sqlite3_column_double (s, 1);
              *y = sqlite3_column_double (s, 2);
            }
          return sqlite3_column_int64 (s, 0);
        }
    }
  return 0;
}

/* The building a row names by code or address: 0 when none, -1 on error. */
static gint64
gm_find_named_building (GmImportJob  *job,
                        double       *x,
                        double       *y,
                        GError      **error)
{
  const char *code = gm_import_job_get (job, "building");
  const char *address = gm_import_job_get (job, "address");
  gint64 id = 0;

  if (code != NULL)
    id = gm_find_building_by_code (job, code, x, y, error);
  if (id == 0 && address != NULL)
    id = gm_find_building_by_address (job, address, x, y, error);
  return id;
}

/* "code “B9”, address “幸福路99号”" for a message about a row. */
static char *
gm_row_reference (GmImportJob *job)
{
  const char *code = gm_import_job_get (job, "building");
  const char *address = gm_import_job_get (job, "address");

  if (code != NULL && address != NULL)
    return g_strdup_printf (_("building code “%s”, address “%s”"), code, address);
  if (code != NULL)
    return g_strdup_printf (_("building code “%s”"), code);
  if (address != NULL)
    return g_strdup_printf (_("address “%s”"), address);
  return g_strdup (_("no building code or address"));
}

/* ---- hazards ------------------------------------------------------------------------- */

static void
gm_bind_hazard_values (GmImportJob  *job,
                       sqlite3_stmt *s,
                       gint64        fid)
{
  const char *raw_status = gm_import_job_get (job, "status");
  const char *status = "discovered";

  sqlite3_bind_text (s, 2, gm_normalize_hazard_category (gm_import_job_get (job, "category")),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 3, gm_import_job_get (job, "kind") != NULL ? gm_import_job_get (job, "kind") : "",
                     -1, SQLITE_TRANSIENT);
  gm_bind_text_or_null (s, 4, gm_import_job_get (job, "description"));
  if (!gm_normalize_hazard_status (raw_status, &status))
    gm_import_job_warn (job, fid, _("status “%s” is not one Gridmap knows; recorded as discovered"),
                        raw_status);
  sqlite3_bind_text (s, 5, status, -1, SQLITE_STATIC);
  gm_bind_date (job, s, 6, "found_on", fid);
  gm_bind_date (job, s, 7, "notice_on", fid);
  gm_bind_date (job, s, 8, "deadline", fid);
  gm_bind_date (job, s, 9, "rectified_on", fid);
  gm_bind_date (job, s, 10, "verified_on", fid);
  gm_bind_text_or_null (s, 11, gm_import_job_get (job, "department"));
  gm_bind_text_or_null (s, 12, gm_import_job_get (job, "reporter"));
  gm_bind_source_id (job, s, 13, fid);
  sqlite3_bind_int64 (s, 14, job->import_id);
}

/* Says what a hazard row lacks: no place at all (kept, but not on the
 * map), or a building that does not exist (placed by its coordinates). */
static void
gm_hazard_warn_unlinked (GmImportJob   *job,
                         gint64         fid,
                         GmFeatureGeom *geom)
{
  g_autofree char *what = gm_row_reference (job);

  if (geom == NULL)
    gm_import_job_warn (job, fid, _("has no location and matches no building (%s): imported without a place, so it is not on the map — add its building code or coordinates"),
                        what);
  else if (gm_import_job_get (job, "building") != NULL || gm_import_job_get (job, "address") != NULL)
    gm_import_job_warn (job, fid, _("matches no building (%s); placed by its coordinates"), what);
}

gboolean
gm_write_hazard (GmImportJob    *job,
                 gint64          fid,
                 GmFeatureGeom  *geom,
                 GError        **error)
{
  sqlite3_stmt *s;
  g_autoptr(GmFeatureGeom) at_building = NULL;
  gint64 building_id;
  double x = 0, y = 0;

  building_id = gm_find_named_building (job, &x, &y, error);
  if (building_id < 0)
    return FALSE;
  if (building_id == 0 && geom == NULL && job->map_layer)
    {
      /* A map file's feature without geometry is empty, not a row of a list. */
      gm_import_job_skip (job, fid, _("has no geometry (a null shape) and no building code that matches a building"));
      return TRUE;
    }
  if (building_id == 0)
    gm_hazard_warn_unlinked (job, fid, geom);
  /* A hazard listed by building only is placed at the building. */
  if (geom == NULL && building_id > 0)
    geom = at_building = gm_feature_geom_new_point (x, y);

  s = gm_import_job_row_stmt (job, fid, error);
  if (s == NULL)
    return FALSE;
  if (building_id > 0)
    sqlite3_bind_int64 (s, 1, building_id);
  gm_bind_hazard_values (job, s, fid);
  if (geom != NULL)
    gm_import_bind_geometry (s, 15, geom);
  return gm_import_job_write_row (job, s, geom, error);
}

gboolean
gm_finish_hazards (GmImportJob  *job,
                   GError      **error)
{
  g_autofree char *sql = NULL;

  /* A hazard found at a building belongs to it. */
  sql = g_strdup_printf ("UPDATE hazard SET building_id = ("
                         "  SELECT b.id FROM building b WHERE b.id IN ("
                         "    SELECT pkid FROM idx_building_footprint"
                         "    WHERE xmin <= X(hazard.location) AND xmax >= X(hazard.location)"
                         "      AND ymin <= Y(hazard.location) AND ymax >= Y(hazard.location))"
                         "  AND ST_Contains(b.footprint, hazard.location) ORDER BY b.id LIMIT 1)"
                         " WHERE import_id = %" G_GINT64_FORMAT " AND building_id IS NULL"
                         " AND location IS NOT NULL",
                         job->import_id);
  return gm_store_exec (job->store, sql, error);
}

/* ---- residents ----------------------------------------------------------------------- */

static char *
gm_normalize_tags (const char *raw)
{
  static const struct { const char *key; const char *words; } tags[] = {
    { "key_person", "key_person|重点|重点人员|key" },
    { "difficulty", "difficulty|困难|困难群众|困难户" },
    { "elderly_alone", "elderly_alone|独居|独居老人|空巢" },
    { "disabled", "disabled|残疾|残疾人" },
    { "subsistence", "subsistence|低保|低保户" },
  };
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; raw != NULL && i < G_N_ELEMENTS (tags); i++)
    {
      g_auto(GStrv) words = g_strsplit (tags[i].words, "|", -1);

      for (guint w = 0; words[w] != NULL; w++)
        if (strstr (raw, words[w]) != NULL)
          {
            g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", tags[i].key);
            break;
          }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The building a resident lives in: by code, address, then location. */
static gint64
gm_find_resident_building (GmImportJob   *job,
                           GmFeatureGeom *point,
                           gint64         fid,
                           GError       **error)
{
  gint64 id = gm_find_named_building (job, NULL, NULL, error);

  if (id == 0 && point != NULL)
    id = gm_store_find_building_at (job->store, point->x, point->y, 0.0, error);
  if (id != 0)
    return id;
  if (gm_import_job_get_field (job, "building") == NULL && gm_import_job_get_field (job, "address") == NULL
      && !job->map_layer)
    {
      /* Said once for the file, not for each of its rows. */
      if (!job->said_unlinked)
        gm_import_job_warn (job, -1, _("no column names a building (building code or address) and the rows have no coordinates: residents are imported without a building"));
      job->said_unlinked = TRUE;
    }
  else
    {
      g_autofree char *what = gm_row_reference (job);

      gm_import_job_warn (job, fid, _("matches no building (%s); imported without a building"), what);
    }
  return 0;
}

/* The row's value for @target checked by @check: in standard form, or
 * (with why, in the report) NULL for an ID number, which would otherwise
 * merge two people, and as written for a phone. */
static char *
gm_resident_checked (GmImportJob  *job,
                     gint64        fid,
                     const char   *target,
                     char       *(*check) (const char *raw, char **problem))
{
  const char *raw = gm_import_job_get (job, target);
  g_autofree char *problem = NULL;
  gboolean id = check == gm_check_id_number;
  char *value;

  if (raw == NULL || (value = check (raw, &problem)) != NULL)
    return raw == NULL ? NULL : value;
  gm_import_job_warn (job, fid, id ? _("%s; imported without an ID number — correct it in the file and import again")
                                   : _("%s; kept as written"), problem);
  return id ? NULL : g_strdup (raw);
}

/* A row whose ID number an earlier row of the same file had. */
static void
gm_resident_note_repeat (GmImportJob *job,
                         const char  *id,
                         gint64       fid)
{
  gpointer earlier;

  if (job->seen_ids == NULL)
    job->seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_lookup_extended (job->seen_ids, id, NULL, &earlier))
    {
      g_autofree char *masked = gm_mask_id_number (id);
      gint64 first = GPOINTER_TO_SIZE (earlier) + MAX (job->row_offset, 0);

      gm_import_job_warn (job, fid, job->row_offset >= 0
                          ? _("has the same ID number (%s) as row %lld; the later row was kept")
                          : _("has the same ID number (%s) as feature %lld; the later one was kept"),
                          masked, (long long) first);
    }
  g_hash_table_insert (job->seen_ids, g_strdup (id), GSIZE_TO_POINTER ((gsize) fid));
}

/* The resident this row is about, if already in the project: by ID number,
 * else (when the project's record has none) by name in the same building
 * and room, or, for a row without a building, by name and phone — never
 * by name alone: two 张伟 without a building are two people. */
static gint64
gm_find_resident (GmImportJob  *job,
                  const char   *id,
                  const char   *phone,
                  gint64        building_id,
                  GError      **error)
{
  sqlite3_stmt *s;

  if (id != NULL)
    {
      s = gm_job_extra (job, SLOT_BY_ID, "SELECT id FROM resident WHERE id_number = ?", error);
      if (s == NULL)
        return -1;
      sqlite3_bind_text (s, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        return sqlite3_column_int64 (s, 0);
    }
  if (building_id <= 0 && phone == NULL)
    return 0;
  s = gm_job_extra (job, SLOT_BY_NAME,
                    "SELECT id FROM resident WHERE name = ?2"
                    " AND (?4 IS NULL OR id_number IS NULL OR id_number = '')"
                    " AND ((?1 IS NOT NULL AND building_id = ?1 AND coalesce(room, '') = coalesce(?3, ''))"
                    "   OR (?1 IS NULL AND building_id IS NULL AND phone = ?5)) LIMIT 1", error);
  if (s == NULL)
    return -1;
  if (building_id > 0)
    sqlite3_bind_int64 (s, 1, building_id);
  sqlite3_bind_text (s, 2, gm_import_job_get (job, "name"), -1, SQLITE_STATIC);
  gm_bind_text_or_null (s, 3, gm_import_job_get (job, "room"));
  gm_bind_text_or_null (s, 4, id);
  gm_bind_text_or_null (s, 5, phone);
  return sqlite3_step (s) == SQLITE_ROW ? sqlite3_column_int64 (s, 0) : 0;
}

/* The statement that writes the row: the insert, or an update of @existing. */
static sqlite3_stmt *
gm_resident_statement (GmImportJob  *job,
                       gint64        existing,
                       GError      **error)
{
  sqlite3_stmt *s;

  if (existing == 0)
    return job->insert;
  s = gm_job_extra (job, SLOT_UPDATE,
                    "UPDATE resident SET building_id = ?1, room = coalesce(?2, room), name = ?3,"
                    " id_number = coalesce(?4, id_number), phone = coalesce(?5, phone),"
                    " registration = ?6, tags = ?7, moved_in = coalesce(?8, moved_in),"
                    " moved_out = coalesce(?9, moved_out), import_id = ?10 WHERE id = ?11"
                    /* Only where a value differs: the same roster again is unchanged. */
                    " AND (building_id, room, name, id_number, phone, registration, tags, moved_in, moved_out)"
                    " IS NOT (?1, coalesce(?2, room), ?3, coalesce(?4, id_number), coalesce(?5, phone), ?6, ?7,"
                    " coalesce(?8, moved_in), coalesce(?9, moved_out))", error);
  if (s != NULL)
    sqlite3_bind_int64 (s, 11, existing);
  return s;
}

gboolean
gm_write_resident (GmImportJob    *job,
                   gint64          fid,
                   GmFeatureGeom  *geom,
                   GError        **error)
{
  g_autofree char *id = NULL;
  g_autofree char *phone = NULL;
  gint64 building_id, existing;
  sqlite3_stmt *s;

  if (gm_import_job_get (job, "name") == NULL)
    {
      gm_import_job_skip (job, fid, _("has no name"));
      return TRUE;
    }
  id = gm_resident_checked (job, fid, "id_number", gm_check_id_number);
  phone = gm_resident_checked (job, fid, "phone", gm_check_phone);
  building_id = gm_find_resident_building (job, geom, fid, error);
  if (building_id < 0)
    return FALSE;
  if (id != NULL)
    gm_resident_note_repeat (job, id, fid);
  existing = gm_find_resident (job, id, phone, building_id, error);
  s = existing >= 0 ? gm_resident_statement (job, existing, error) : NULL;
  if (s == NULL)
    return FALSE;

  if (building_id > 0)
    sqlite3_bind_int64 (s, 1, building_id);
  gm_bind_text_or_null (s, 2, gm_import_job_get (job, "room"));
  sqlite3_bind_text (s, 3, gm_import_job_get (job, "name"), -1, SQLITE_TRANSIENT);
  gm_bind_text_or_null (s, 4, id);
  gm_bind_text_or_null (s, 5, phone);
  sqlite3_bind_text (s, 6, gm_normalize_registration (gm_import_job_get (job, "registration")),
                     -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 7, gm_normalize_tags (gm_import_job_get (job, "tags")), -1, g_free);
  gm_bind_date (job, s, 8, "moved_in", fid);
  gm_bind_date (job, s, 9, "moved_out", fid);
  sqlite3_bind_int64 (s, 10, job->import_id);
  if (!gm_import_job_step (job, s, error))
    return FALSE;
  gm_import_job_count_row (job, existing != 0);
  return TRUE;
}
