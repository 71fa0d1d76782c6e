/* bench-poster.c — the poster targets, measured as a user runs them, the
 * whole `gridmap-cli poster` process on the demo project:
 *
 *   1. the community's A0 poster as PDF (target < 3 s and < 15 MB);
 *   2. the atlas of its 20 grids, A3, one PDF (target < 10 s);
 *   3. the contact cards of its 20 grids, A4 (no target; for reference).
 *
 *   meson test -C _build --benchmark --suite bench -v
 *
 * Figures are medians of five runs with the file's size; nothing is
 * asserted. */
#include "gm-config.h"

#include <glib/gstdio.h>

#define RUNS 5
#define COMMUNITY "990101001001"

static char *tmp_dir;
static char *demo;

static int
by_value (gconstpointer a,
          gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Runs gridmap-cli with @args (after the program), in seconds. */
static double
time_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  gint64 start;

  g_ptr_array_add (argv, (char *) g_getenv ("GRIDMAP_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("gridmap-cli %s failed: %s", args[0], error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
measure (const char         *what,
         const char         *out,
         const char * const *args)
{
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  GStatBuf st = { 0 };

  for (guint i = 0; i < RUNS; i++)
    {
      double s = time_cli (args);

      g_array_append_val (seconds, s);
    }
  g_array_sort (seconds, by_value);
  g_stat (out, &st);
  g_print ("%-40s median %6.2f s (min %.2f, max %.2f, %d runs), %.2f MB\n", what,
           g_array_index (seconds, double, RUNS / 2), g_array_index (seconds, double, 0),
           g_array_index (seconds, double, RUNS - 1), RUNS, st.st_size / 1048576.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a0 = NULL;
  g_autofree char *atlas = NULL;
  g_autofree char *cards = NULL;

  tmp_dir = g_dir_make_tmp ("gridmap-bench-poster-XXXXXX", &error);
  g_assert_no_error (error);
  demo = g_build_filename (tmp_dir, "demo.gridmap", NULL);
  time_cli ((const char *[]) { "demo", demo, NULL });
  a0 = g_build_filename (tmp_dir, "community-a0.pdf", NULL);
  atlas = g_build_filename (tmp_dir, "atlas.pdf", NULL);
  cards = g_build_filename (tmp_dir, "cards.pdf", NULL);

  measure ("A0 community poster, PDF (< 3 s, < 15 MB)", a0,
           (const char *[]) { "poster", demo, "--community", COMMUNITY, "--paper", "A0", "--out", a0, NULL });
  measure ("Atlas of 20 grids, A3 PDF (< 10 s)", atlas,
           (const char *[]) { "poster", demo, "--community", COMMUNITY, "--atlas", "--paper", "A3",
                              "--out", atlas, NULL });
  measure ("Contact cards of 20 grids, A4 PDF", cards,
           (const char *[]) { "poster", demo, "--community", COMMUNITY, "--cards", "--out", cards, NULL });

  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

        g_unlink (path);
      }
  }
  g_rmdir (tmp_dir);
  return 0;
}
