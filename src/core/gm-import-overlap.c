/* gm-import-overlap.c — new buildings that lie exactly on buildings the
 * project already has.
 *
 * Importing the same buildings again from another file (moabit_build.shp,
 * then the same data as a GeoPackage) cannot be matched by source id: the
 * file is another one. It is not refused — two files may rightly hold the
 * same outline once — but the report says how many of the new footprints
 * coincide with earlier ones, and from which files those came.
 *
 * The check costs one R*Tree lookup of a box a few metres wide per new
 * building, and only when the project had buildings before the import and
 * the new footprint lies within their extent: a first import, or one into
 * another district, checks nothing. Candidates with the same box are then
 * compared exactly (the same blob, else GEOS's ST_Equals).
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-import-job.h"

/* The R*Tree keeps boxes as 32-bit floats rounded outwards: at 180° a
 * float is 1.5e-5° apart from the next, so a box is looked for within
 * this margin (about 10 m) and the geometries decide. */
#define GM_OVERLAP_MARGIN 1e-4

/* Buildings are named in the report's line from at most this many files. */
#define GM_OVERLAP_SOURCES 3

gboolean
gm_import_job_start_overlap (GmImportJob  *job,
                             GError      **error)
{
  GmExtent existing = GM_EXTENT_EMPTY;

  if (job->options->kind != GM_IMPORT_BUILDINGS)
    return TRUE;
  if (!gm_store_union_layer_extent (job->store, "building", "footprint", &existing, error))
    return FALSE;
  if (gm_extent_is_empty (&existing))
    return TRUE;
  job->overlap_extent = existing;
  job->overlap_max_id = gm_store_query_int (job->store, "SELECT coalesce(max(id), 0) FROM building", error);
  if (job->overlap_max_id < 0)
    return FALSE;
  job->overlap = gm_store_prepare (job->store,
                                   "SELECT coalesce(b.import_id, 0) FROM idx_building_footprint i"
                                   " JOIN building b ON b.id = i.pkid"
                                   " WHERE i.xmin BETWEEN ?1 - ?9 AND ?1 + ?9 AND i.ymin BETWEEN ?2 - ?9 AND ?2 + ?9"
                                   " AND i.xmax BETWEEN ?3 - ?9 AND ?3 + ?9 AND i.ymax BETWEEN ?4 - ?9 AND ?4 + ?9"
                                   " AND i.pkid <= ?5"
                                   " AND (b.footprint = ?6 OR ST_Equals (b.footprint, ?6) = 1) LIMIT 1",
                                   error);
  if (job->overlap == NULL)
    return FALSE;
  /* import id → { import id, count }, keyed by its first member. */
  job->overlap_sources = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  return TRUE;
}

gboolean
gm_import_job_note_overlap (GmImportJob    *job,
                            GmFeatureGeom  *geom,
                            GError        **error)
{
  const GmExtent *e = &job->overlap_extent;
  gint64 import_id;
  gint64 *count;
  int rc;

  if (job->overlap == NULL || geom->blob == NULL
      || geom->max_x < e->min_lon || geom->min_x > e->max_lon
      || geom->max_y < e->min_lat || geom->min_y > e->max_lat)
    return TRUE;
  sqlite3_bind_double (job->overlap, 1, geom->min_x);
  sqlite3_bind_double (job->overlap, 2, geom->min_y);
  sqlite3_bind_double (job->overlap, 3, geom->max_x);
  sqlite3_bind_double (job->overlap, 4, geom->max_y);
  sqlite3_bind_int64 (job->overlap, 5, job->overlap_max_id);
  sqlite3_bind_blob (job->overlap, 6, geom->blob, (int) geom->blob_size, SQLITE_STATIC);
  sqlite3_bind_double (job->overlap, 9, GM_OVERLAP_MARGIN);
  rc = sqlite3_step (job->overlap);
  import_id = rc == SQLITE_ROW ? sqlite3_column_int64 (job->overlap, 0) : 0;
  sqlite3_reset (job->overlap);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      gm_store_set_error (job->store, error, _("Looking for buildings already in the project"));
      return FALSE;
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  job->overlap_count++;
  count = g_hash_table_lookup (job->overlap_sources, &import_id);
  if (count == NULL)
    {
      count = g_new0 (gint64, 2);
      count[0] = import_id;
      g_hash_table_insert (job->overlap_sources, &count[0], count);
    }
  count[1]++;
  return TRUE;
}

static int
gm_overlap_more_first (gconstpointer a,
                       gconstpointer b)
{
  const gint64 *ca = *(const gint64 * const *) a;
  const gint64 *cb = *(const gint64 * const *) b;

  return ca[1] > cb[1] ? -1 : ca[1] < cb[1];
}

/* The names of the files the coinciding buildings came from, those with
 * the most first: "moabit_build.shp, a.geojson"; NULL when none is known
 * (buildings drawn in Gridmap). */
static char *
gm_import_job_overlap_files (GmImportJob *job)
{
  g_autoptr(GPtrArray) counts = g_ptr_array_new ();
  g_autoptr(sqlite3_stmt) source = gm_store_prepare (job->store, "SELECT source FROM import_log WHERE id = ?", NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  guint named = 0;
  GHashTableIter iter;
  gpointer value;

  if (source == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, job->overlap_sources);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (counts, value);
  g_ptr_array_sort (counts, gm_overlap_more_first);
  for (guint i = 0; i < counts->len && named < GM_OVERLAP_SOURCES; i++)
    {
      const gint64 *count = g_ptr_array_index (counts, i);

      sqlite3_bind_int64 (source, 1, count[0]);
      if (sqlite3_step (source) == SQLITE_ROW && sqlite3_column_text (source, 0) != NULL)
        {
          g_autofree char *name = g_path_get_basename ((const char *) sqlite3_column_text (source, 0));

          g_string_append_printf (names, "%s%s", named++ > 0 ? ", " : "", name);
        }
      sqlite3_reset (source);
    }
  return named > 0 ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

void
gm_import_job_finish_overlap (GmImportJob *job)
{
  g_autofree char *files = NULL;
  gint64 n = job->overlap_count;

  if (n == 0)
    return;
  files = gm_import_job_overlap_files (job);
  if (files != NULL)
    gm_import_job_warn (job, -1,
                        ngettext ("%lld of the new buildings lies exactly on a building already in the project (from %s): is this the same data again?",
                                  "%lld of the new buildings lie exactly on buildings already in the project (from %s): is this the same data again?",
                                  (gulong) MIN ((guint64) n, (guint64) G_MAXULONG)),
                        (long long) n, files);
  else
    gm_import_job_warn (job, -1,
                        ngettext ("%lld of the new buildings lies exactly on a building already in the project: is this the same data again?",
                                  "%lld of the new buildings lie exactly on buildings already in the project: is this the same data again?",
                                  (gulong) MIN ((guint64) n, (guint64) G_MAXULONG)),
                        (long long) n);
}

void
gm_import_job_clear_overlap (GmImportJob *job)
{
  g_clear_pointer (&job->overlap, sqlite3_finalize);
  g_clear_pointer (&job->overlap_sources, g_hash_table_unref);
}
