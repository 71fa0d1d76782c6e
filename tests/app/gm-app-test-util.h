/* gm-app-test-util.h — shared set-up for the app tests: GTK under Xvfb, one
 * demo project per test program, and main-loop helpers. */
#pragma once

#include "gm-application.h"
#include "gm-store.h"

G_BEGIN_DECLS

/* g_test_init + gtk_init, with a private XDG_DATA_HOME in a temp folder. */
void           gm_test_init             (int          *argc,
                                         char       ***argv);
/* Removes the temp folder. Returns @result for main() to return. */
int            gm_test_finish           (int           result);
const char    *gm_test_get_tmp_dir      (void);
GmApplication *gm_test_get_application  (void);
/* The demo project built from $GRIDMAP_DEMO_DIR, once per program. */
const char    *gm_test_get_demo_path    (void);

/* Spins the default main context until @done is TRUE or @timeout_ms passes.
 * Returns whether @done was reached. */
gboolean       gm_test_spin_until       (gboolean     *done,
                                         guint         timeout_ms);
/* Spins until @condition (data) holds or the timeout passes. */
gboolean       gm_test_spin_until_func  (gboolean    (*condition) (gpointer data),
                                         gpointer      data,
                                         guint         timeout_ms);
void           gm_test_spin_for         (guint         ms);

/* Anchor (a point inside the footprint) of a building. */
void           gm_test_building_anchor  (GmStore      *store,
                                         gint64        building_id,
                                         double       *lon,
                                         double       *lat);

G_END_DECLS
