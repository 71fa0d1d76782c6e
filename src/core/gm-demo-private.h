/* gm-demo-private.h — helpers of the demo generator (private to core). */
#pragma once

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

G_END_DECLS
