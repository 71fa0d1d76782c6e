/* gm-import-grid-codes.c — codes for the grids a file gave none.
 *
 * A grid's standard code is its community's code and a three-digit
 * sequence, numbered in reading order: rows from north to south, each from
 * west to east (DESIGN; the partition numbers its plans the same way). A
 * grid of a file without codes gets the next free sequences of its
 * community in that order; a grid in no community gets
 * "G<import>-<sequence>", the sequence padded to three digits or more so
 * that the codes sort as they are numbered (G5-001 … G5-156, never G5-1,
 * G5-10, G5-100). The report says so in one line, not one per grid.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "gm-import-job.h"

typedef struct
{
  gint64 id;
  gint64 community;   /* 0: none */
  double x, y;
} GmUncoded;

void
gm_import_job_note_uncoded (GmImportJob *job)
{
  gint64 id = sqlite3_last_insert_rowid (gm_store_get_db (job->store));

  if (job->uncoded == NULL)
    job->uncoded = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (job->uncoded, id);
}

static int
gm_uncoded_north_first (gconstpointer a,
                        gconstpointer b)
{
  const GmUncoded *ua = a, *ub = b;

  if (ua->community != ub->community)
    return ua->community < ub->community ? -1 : 1;
  return ua->y > ub->y ? -1 : ua->y < ub->y;
}

static int
gm_uncoded_west_first (gconstpointer a,
                       gconstpointer b)
{
  const GmUncoded *ua = a, *ub = b;

  return ua->x < ub->x ? -1 : ua->x > ub->x;
}

/* Puts the @n grids of one community in reading order: as many rows as a
 * grid of square cells over their extent has, each sorted west to east. */
static void
gm_uncoded_reading_order (GmUncoded *grids,
                          guint      n)
{
  double xmin = G_MAXDOUBLE, xmax = -G_MAXDOUBLE, ymin = G_MAXDOUBLE, ymax = -G_MAXDOUBLE;
  double width, height;
  guint rows;

  for (guint i = 0; i < n; i++)
    {
      xmin = MIN (xmin, grids[i].x);
      xmax = MAX (xmax, grids[i].x);
      ymin = MIN (ymin, grids[i].y);
      ymax = MAX (ymax, grids[i].y);
    }
  width = MAX ((xmax - xmin) * cos ((ymin + ymax) / 2 * G_PI / 180), 1e-9);
  height = ymax - ymin;
  rows = (guint) CLAMP (lround (sqrt (n * height / width)), 1, (long) MAX (n, 1));
  /* Already north first (gm_uncoded_north_first). */
  for (guint r = 0; r < rows; r++)
    {
      guint from = r * n / rows;
      guint to = (r + 1) * n / rows;

      qsort (grids + from, to - from, sizeof (GmUncoded), gm_uncoded_west_first);
    }
}

static GArray *
gm_import_job_read_uncoded (GmImportJob  *job,
                            GError      **error)
{
  g_autoptr(GArray) grids = g_array_sized_new (FALSE, FALSE, sizeof (GmUncoded), job->uncoded->len);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (job->store,
                                                   "SELECT coalesce(community_id, 0), X(label_point), Y(label_point)"
                                                   " FROM grid WHERE id = ?", error);

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < job->uncoded->len; i++)
    {
      GmUncoded g = { g_array_index (job->uncoded, gint64, i), 0, 0, 0 };

      sqlite3_bind_int64 (stmt, 1, g.id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g.community = sqlite3_column_int64 (stmt, 0);
          g.x = sqlite3_column_double (stmt, 1);
          g.y = sqlite3_column_double (stmt, 2);
          g_array_append_val (grids, g);
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&grids);
}

/* The next code "<prefix><seq>" no current grid has, from *@seq on. */
static char *
gm_next_free_code (GmImportJob  *job,
                   sqlite3_stmt *taken,
                   const char   *prefix,
                   int           width,
                   int          *seq)
{
  for (;; (*seq)++)
    {
      char *code = g_strdup_printf ("%s%0*d", prefix, width, *seq);
      gboolean used;

      sqlite3_bind_text (taken, 1, code, -1, SQLITE_STATIC);
      used = sqlite3_step (taken) == SQLITE_ROW;
      sqlite3_reset (taken);
      if (!used)
        {
          (*seq)++;
          return code;
        }
      g_free (code);
    }
}

/* The prefix of the codes of @community's grids: its own code, or for
 * grids in no community "G<import>-". */
static char *
gm_import_job_code_prefix (GmImportJob  *job,
                           sqlite3_stmt *community_code,
                           gint64        community)
{
  char *prefix = NULL;

  if (community > 0)
    {
      sqlite3_bind_int64 (community_code, 1, community);
      if (sqlite3_step (community_code) == SQLITE_ROW)
        prefix = gm_column_dup (community_code, 0);
      sqlite3_reset (community_code);
    }
  if (prefix == NULL)
    prefix = g_strdup_printf ("G%" G_GINT64_FORMAT "-", job->import_id);
  return prefix;
}

/* The codes of one community's grids for the report: "0102001 … 0102012",
 * or the one code. */
static char *
gm_code_range (const char *first,
               const char *last)
{
  if (g_str_equal (first, last))
    return g_strdup (first);
  return g_strdup_printf ("%s … %s", first, last);
}

/* Codes the grids in reading order; @ranges gets the codes given in each
 * community (and to the grids in none), as gm_code_range() writes them. */
static gboolean
gm_import_job_renumber (GmImportJob  *job,
                        GArray       *grids,
                        GPtrArray    *ranges,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) update = gm_store_prepare (job->store, "UPDATE grid SET code = ? WHERE id = ?", error);
  g_autoptr(sqlite3_stmt) taken = update != NULL
    ? gm_store_prepare (job->store, "SELECT 1 FROM grid WHERE code = ? AND valid_to IS NULL", error) : NULL;
  g_autoptr(sqlite3_stmt) community_code = taken != NULL
    ? gm_store_prepare (job->store, "SELECT code FROM community WHERE id = ?", error) : NULL;
  GmUncoded *g = (GmUncoded *) (void *) grids->data;
  int width = MAX (3, (int) floor (log10 (MAX (grids->len, 1))) + 1);

  if (community_code == NULL)
    return FALSE;
  g_array_sort (grids, gm_uncoded_north_first);
  for (guint from = 0, to; from < grids->len; from = to)
    {
      g_autofree char *prefix = gm_import_job_code_prefix (job, community_code, g[from].community);
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      int seq = 1;

      for (to = from; to < grids->len && g[to].community == g[from].community; to++)
        ;
      gm_uncoded_reading_order (g + from, to - from);
      for (guint i = from; i < to; i++)
        {
          g_autofree char *code = gm_next_free_code (job, taken, prefix, width, &seq);

          sqlite3_bind_text (update, 1, code, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (update, 2, g[i].id);
          if (!gm_import_job_step (job, update, error))
            return FALSE;
          if (first == NULL)
            first = g_strdup (code);
          g_free (last);
          last = g_steal_pointer (&code);
        }
      g_ptr_array_add (ranges, gm_code_range (first, last));
    }
  return TRUE;
}

/* At most this many ranges in the report's line; a file of a whole
 * district's grids would make it a page. */
#define GM_MAX_RANGES 5

gboolean
gm_import_job_code_grids (GmImportJob  *job,
                          GError      **error)
{
  g_autoptr(GArray) grids = NULL;
  g_autoptr(GPtrArray) ranges = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) codes = g_string_new (NULL);

  if (job->uncoded == NULL || job->uncoded->len == 0)
    return TRUE;
  grids = gm_import_job_read_uncoded (job, error);
  if (grids == NULL || !gm_import_job_renumber (job, grids, ranges, error))
    return FALSE;
  for (guint i = 0; i < MIN (ranges->len, GM_MAX_RANGES); i++)
    g_string_append_printf (codes, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (ranges, i));
  if (ranges->len > GM_MAX_RANGES)
    g_string_append_printf (codes,
                            ngettext (" and those of %u more community", " and those of %u more communities",
                                      ranges->len - GM_MAX_RANGES),
                            ranges->len - GM_MAX_RANGES);
  if (grids->len == 1)
    gm_import_job_warn (job, -1, _("1 grid has no code; it was given the code %s — set the real code later if it differs"),
                        codes->str);
  else
    gm_import_job_warn (job, -1,
                        ngettext ("%u grid has no code; they were given the codes %s, numbered north to south and west to east — set the real codes later if they differ",
                                  "%u grids have no code; they were given the codes %s, numbered north to south and west to east — set the real codes later if they differ",
                                  grids->len),
                        grids->len, codes->str);
  return TRUE;
}
