/* gm-bench-util.h — medians and figures for the benchmark programs. */
#pragma once

#include <stdlib.h>
#include <glib.h>
#include <glib/gstdio.h>

static inline int
gm_bench_compare_doubles (gconstpointer a,
                          gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts @values and prints their median, min and max. */
static inline void
print_figure (const char *what,
              double     *values,
              guint       n,
              const char *unit)
{
  double m;

  qsort (values, n, sizeof (double), gm_bench_compare_doubles);
  m = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  g_print ("%-48s median %9.3f %s  (min %.3f, max %.3f, %u runs)\n",
           what, m, unit, values[0], values[n - 1], n);
}

/* Removes a folder of files. */
static inline void
gm_bench_remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}
