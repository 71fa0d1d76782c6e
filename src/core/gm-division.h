/* gm-division.h — cutting a community into grids.
 *
 * A division assigns each building of a community to one part; grid
 * polygons are the union of the buildings' Voronoi cells per part, clipped
 * to the community boundary, so the grids cover the community exactly and
 * every building lies in the grid it was assigned to. Codes follow the
 * standard form (community code + 3-digit sequence) numbered west→east,
 * then north→south.
 */
#pragma once

#include "gm-geo.h"
#include "gm-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64             community_id;
  char              *community_code;
  GmLocalProjection *projection;   /* centred on the community */
  GEOSContextHandle_t geos;
  GEOSGeometry      *boundary;     /* the community, in metres */
  guint              n;            /* buildings */
  gint64            *building;     /* their ids */
  double            *x;            /* anchors, metres */
  double            *y;
  double            *weight;       /* workload: households, at least a little */
  guint             *part;         /* 0 … parts-1 */
  guint              parts;
} GmDivision;

void        gm_division_free    (GmDivision   *division);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmDivision, gm_division_free)

/* The buildings of a community (anchor inside its boundary). */
GmDivision *gm_division_load    (GmStore      *store,
                                 const char   *community_code,
                                 GError      **error);

/* Recursive coordinate bisection into @parts of balanced weight. */
void        gm_division_bisect  (GmDivision   *division,
                                 guint         parts);

/* Closes the community's current grids and writes the division as new ones,
 * valid from @valid_from. Names, worker names and phones may be NULL. */
gboolean    gm_division_apply   (GmDivision          *division,
                                 GmStore             *store,
                                 const char          *valid_from,
                                 const char * const  *names,
                                 const char * const  *worker_names,
                                 const char * const  *worker_phones,
                                 GError             **error);

G_END_DECLS
