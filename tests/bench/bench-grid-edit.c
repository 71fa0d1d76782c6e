/* bench-grid-edit.c — hand-editing feedback: the totals after a vertex move.
 *
 * Target (issue 4): the live totals after a vertex move in < 50 ms. Measured
 * as one gm_grid_edit_move_vertex() (validation, buildings and hazards
 * moved, totals kept, undo step, search trees rebuilt) followed by reading
 * every grid's totals, as the panel does; the move is then undone (timed
 * too). Vertices are the boundary points shared by two or more grids, taken
 * evenly through the community, each moved 5 m east.
 *
 * Projects:
 *   1. the demo (20 grids, 2,039 buildings in one community);
 *   2. a synthetic city of $GRIDMAP_BENCH_EDIT_BUILDINGS buildings (default
 *      20,000; `gridmap-cli synth`, built once into $GRIDMAP_BENCH_CACHE):
 *      its largest community, and then the whole city joined into one
 *      community (some 900 grids), as a stress far beyond a real community.
 *
 *   meson test -C _build --benchmark --suite bench -v grid-edit
 *
 * Nothing is asserted: figures are printed for people to quote. */
#include "gm-config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>

#include "gm-autocleanups.h"
#include "gm-demo.h"
#include "gm-grid-edit.h"
#include "gm-store.h"

#define MOVES 60

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *what,
               GArray     *ms)
{
  double *v = (double *) ms->data;

  if (ms->len == 0)
    {
      g_print ("%-44s no samples\n", what);
      return;
    }
  qsort (v, ms->len, sizeof (double), compare_doubles);
  g_print ("%-44s median %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%u runs)\n", what,
           v[ms->len / 2], v[MIN (ms->len - 1, (guint) floor (0.99 * ms->len))], v[ms->len - 1], ms->len);
}

/* Boundary vertices shared by two or more grids, as lon/lat pairs. */
static GArray *
shared_vertices (GmGridEdit *edit)
{
  GEOSContextHandle_t ctx = GEOS_init_r ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < gm_grid_edit_get_n_grids (edit); i++)
    {
      g_autoptr(GBytes) wkb = gm_grid_edit_dup_grid_wkb (edit, i);
      g_auto(GmGeos) geom = { ctx, NULL };
      g_auto(GmGeos) points = { ctx, NULL };
      gsize size;
      const guint8 *data;

      if (wkb == NULL)
        continue;
      data = g_bytes_get_data (wkb, &size);
      geom.geom = GEOSGeomFromWKB_buf_r (ctx, data, size);
      points.geom = GEOSGeom_extractUniquePoints_r (ctx, geom.geom);
      for (int k = 0; points.geom != NULL && k < GEOSGetNumGeometries_r (ctx, points.geom); k++)
        {
          double p[2];
          GBytes *key;

          GEOSGeomGetX_r (ctx, GEOSGetGeometryN_r (ctx, points.geom, k), &p[0]);
          GEOSGeomGetY_r (ctx, GEOSGetGeometryN_r (ctx, points.geom, k), &p[1]);
          key = g_bytes_new (p, sizeof p);
          if (g_hash_table_contains (seen, key))
            {
              if (GPOINTER_TO_INT (g_hash_table_lookup (seen, key)) == 1)
                g_array_append_vals (out, p, 2);
              g_hash_table_replace (seen, key, GINT_TO_POINTER (2));
            }
          else
            g_hash_table_insert (seen, key, GINT_TO_POINTER (1));
        }
    }
  GEOS_finish_r (ctx);
  return out;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
bench_session (GmStore    *store,
               const char *community,
               const char *label)
{
  g_autoptr(GArray) load = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) move = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) undo = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) check = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GmGridEdit) edit = NULL;
  g_autoptr(GArray) shared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  guint step, refused = 0, buildings_moved = 0, n_grids;

  for (guint r = 0; r < 3; r++)
    {
      double t0 = now_ms (), t;

      g_clear_object (&edit);
      edit = gm_grid_edit_new (store, community, &error);
      if (edit == NULL)
        g_error ("%s", error->message);
      t = now_ms () - t0;
      g_array_append_val (load, t);
    }
  n_grids = gm_grid_edit_get_n_grids (edit);
  shared = shared_vertices (edit);
  step = MAX (1, shared->len / 2 / MOVES);
  for (guint v = 0; v + 1 < shared->len && move->len < MOVES; v += 2 * step)
    {
      double lon = g_array_index (shared, double, v), lat = g_array_index (shared, double, v + 1);
      double dlon = 5 / (111320.0 * cos (lat * G_PI / 180));
      double t0 = now_ms (), t;
      GmGridTotals sum = { 0, };
      g_autoptr(GError) refusal = NULL;

      if (!gm_grid_edit_move_vertex (edit, lon, lat, lon + dlon, lat, &refusal))
        {
          refused++;
          continue;
        }
      for (guint i = 0; i < n_grids; i++)
        {
          GmGridTotals t1;

          gm_grid_edit_get_totals (edit, i, &t1);
          sum.buildings += t1.buildings;
        }
      t = now_ms () - t0;
      g_array_append_val (move, t);
      t0 = now_ms ();
      gm_grid_edit_undo (edit);
      t = now_ms () - t0;
      g_array_append_val (undo, t);
      buildings_moved += sum.buildings != (int) gm_grid_edit_get_n_buildings (edit);
    }
  for (guint r = 0; r < 3; r++)
    {
      double t0 = now_ms (), t;
      g_autoptr(GPtrArray) issues = gm_grid_edit_check (edit);

      t = now_ms () - t0;
      g_array_append_val (check, t);
    }

  g_print ("\n%s: %u grids, %u buildings, %u shared boundary points (%u moves refused)\n",
           label, n_grids, gm_grid_edit_get_n_buildings (edit), shared->len / 2, refused);
  print_figures ("  start a session (read the community)", load);
  what = g_strdup_printf ("  vertex move + totals (target < 50 ms)");
  print_figures (what, move);
  print_figures ("  undo of the move", undo);
  print_figures ("  all checks (gaps, overlaps, buildings)", check);
}

/* The synthetic city, made once with gridmap-cli into the cache folder. */
static char *
synthetic_city (void)
{
  const char *cli = g_getenv ("GRIDMAP_CLI");
  const char *cache = g_getenv ("GRIDMAP_BENCH_CACHE");
  const char *n = g_getenv ("GRIDMAP_BENCH_EDIT_BUILDINGS");
  g_autofree char *name = NULL;
  char *path;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (n == NULL || *n == '\0')
    n = "20000";
  if (cli == NULL || cache == NULL)
    return NULL;
  g_mkdir_with_parents (cache, 0755);
  name = g_strdup_printf ("edit-city-%s.gridmap", n);
  path = g_build_filename (cache, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      const char *argv[] = { cli, "synth", path, "--buildings", n, "--residents", "0.2", NULL };

      g_print ("Making the synthetic city %s (%s buildings)…\n", path, n);
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                         &status, &error) || !g_spawn_check_wait_status (status, &error))
        g_error ("gridmap-cli synth: %s", error->message);
    }
  return path;
}

/* A copy of the city with all its grids in one community, "BENCH". */
static GmStore *
joined_city (const char *city,
             const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "joined.gridmap", NULL);
  g_autoptr(GFile) from = g_file_new_for_path (city);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GmStore *store;

  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error)
      || (store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error)) == NULL
      || !gm_store_exec (store,
                         "INSERT INTO community (code, name, boundary)"
                         " SELECT 'BENCH', 'The whole city', CastToMultiPolygon(ST_Union(boundary)) FROM community;"
                         "UPDATE grid SET community_id = (SELECT id FROM community WHERE code = 'BENCH')"
                         " WHERE valid_to IS NULL;", &error))
    g_error ("%s", error->message);
  return store;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gridmap-bench-edit-XXXXXX", &error);
  g_autofree char *demo = NULL;
  g_autofree char *city = NULL;

  setlocale (LC_ALL, "");
  g_assert_no_error (error);
  demo = g_build_filename (dir, "demo.gridmap", NULL);
  if (!gm_demo_build (demo, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error))
    g_error ("%s", error->message);
  {
    g_autoptr(GmStore) store = gm_store_open (demo, GM_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    bench_session (store, "990101001001", "Demo (Odintsovo, real OSM buildings)");
  }

  city = synthetic_city ();
  if (city != NULL)
    {
      g_autoptr(GmStore) store = gm_store_open (city, GM_STORE_OPEN_READONLY, &error);
      g_autoptr(GmStore) joined = NULL;
      g_autofree char *largest = NULL;
      g_autofree char *label = NULL;

      g_assert_no_error (error);
      {
        g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store,
                                                         "SELECT c.code FROM community c JOIN building b ON b.grid_id IN"
                                                         " (SELECT id FROM grid WHERE community_id = c.id)"
                                                         " GROUP BY c.id ORDER BY count(*) DESC LIMIT 1", &error);

        g_assert_no_error (error);
        if (sqlite3_step (stmt) == SQLITE_ROW)
          largest = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      }
      label = g_strdup_printf ("Synthetic city, its largest community %s", largest);
      bench_session (store, largest, label);
      joined = joined_city (city, dir);
      bench_session (joined, "BENCH", "Synthetic city joined into one community");
    }
  else
    g_print ("\n(GRIDMAP_CLI or GRIDMAP_BENCH_CACHE unset: no synthetic city)\n");

  {
    g_autoptr(GFile) tmp = g_file_new_for_path (dir);
    g_autofree char *wal = g_strconcat (demo, "-wal", NULL);
    g_autofree char *shm = g_strconcat (demo, "-shm", NULL);
    g_autofree char *joined = g_build_filename (dir, "joined.gridmap", NULL);
    const char *files[] = { demo, wal, shm, joined };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      g_unlink (files[i]);
    g_rmdir (dir);
  }
  return 0;
}
