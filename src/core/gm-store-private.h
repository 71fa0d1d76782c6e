/* gm-store-private.h — helpers shared by the store's own files and core. */
#pragma once

#include "gm-store.h"

G_BEGIN_DECLS

gint64  gm_store_query_int   (GmStore      *self,
                              const char   *sql,
                              GError      **error);

/* A hazard from a row of id, building_id, X(location), Y(location),
 * category, kind, description, status, found_on, notice_on, deadline,
 * rectified_on, verified_on, department and overdue (0/1), in that order. */
GmHazard *gm_hazard_from_row (sqlite3_stmt *stmt);

/* A copy of a text column, NULL for SQL NULL. */
static inline char *
gm_column_dup (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

/* Binds a string, or NULL when it is NULL or empty. */
static inline void
gm_bind_text_or_null (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

G_END_DECLS
