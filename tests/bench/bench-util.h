/* bench-util.h — what the import benchmarks share besides gm-bench-util.h:
 * project files removed with their -wal and -shm, a timed import. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "gm-bench-util.h"
#include "gm-import.h"
#include "gm-store.h"

static inline void
bench_remove_project (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

/* Imports @source as buildings into a new project @path in process; the
 * seconds the import took. The project is left open in @store. */
static inline double
bench_time_import (const char      *source,
                   const char      *path,
                   GmStore        **store,
                   GmImportReport **report)
{
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GError) error = NULL;
  gint64 start;

  bench_remove_project (path);
  *store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);
  if (*store == NULL)
    g_error ("%s", error->message);
  start = g_get_monotonic_time ();
  *report = gm_import_run (*store, source, options, NULL, NULL, NULL, &error);
  if (*report == NULL)
    g_error ("%s", error->message);
  return (g_get_monotonic_time () - start) / 1e6;
}
