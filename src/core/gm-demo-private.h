/* gm-demo-private.h — helpers of the demo generator (private to core). */
#pragma once

#include <sqlite3.h>

#include "gm-demo.h"

G_BEGIN_DECLS

guint     gm_demo_pick      (GRand    *rand,
                             guint     n);
gboolean  gm_demo_chance    (GRand    *rand,
                             double    p);
char     *gm_demo_name      (GRand    *rand,
                             gboolean  male);
char     *gm_demo_id_number (GRand    *rand,
                             int       birth_year,
                             gboolean  male);
char     *gm_demo_phone     (GRand    *rand);

/* Writes synthetic households into `resident`. */
typedef struct
{
  sqlite3_stmt *insert;     /* INSERT INTO resident (building_id, room, name, id_number,
                             * phone, registration, tags, moved_in) VALUES (?, …, ?) */
  GRand        *rand;
  gint64        building;
  const char   *room;
  gboolean      floating;
  int           year;       /* of the as-of date, 30 November */
  GHashTable   *issued;     /* random ID numbers given out, kept unique here; or NULL: */
  guint64       serial;     /* ID numbers made unique by this counter, for millions of
                             * people (region 99xxxx from it, see gm_demo_person()) */
} GmDemoHousehold;

/* One household of one to four people with the tags grid workers keep;
 * FALSE on an SQLite error (the statement's). */
gboolean  gm_demo_household (GmDemoHousehold *h);

/* Deletes a project file and its -wal, -shm and -journal companions. */
void      gm_demo_remove_project (const char *path);

typedef struct
{
  const char *category;
  const char *kind;
  const char *department;
} GmDemoHazardKind;

/* One of the kinds of hazard grid workers report, drawn evenly. */
const GmDemoHazardKind *gm_demo_pick_hazard_kind (GRand *rand);

/* The statement gm_demo_hazard() steps: a hazard at its building's anchor. */
#define GM_DEMO_HAZARD_INSERT \
  "INSERT INTO hazard (building_id, category, kind, status, found_on, notice_on," \
  " deadline, rectified_on, verified_on, department, reporter, location)" \
  " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, anchor" \
  " FROM building WHERE id = ?1"

/* Writes one hazard of @building found @age days before the as-of date,
 * moved along its workflow as far as its age makes likely. */
gboolean gm_demo_hazard (sqlite3_stmt           *insert,
                         GRand                  *rand,
                         gint64                  building,
                         const GmDemoHazardKind *kind,
                         int                     age,
                         const char             *reporter);

G_END_DECLS
