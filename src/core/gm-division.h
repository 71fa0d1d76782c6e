/* gm-division.h — cutting a community into grids.
 *
 * A division assigns each building of a community to one part; grid
 * polygons are the union of the buildings' Voronoi cells per part, clipped
 * to the community boundary, so the grids cover the community exactly and
 * every building lies in the grid it was assigned to. Codes follow the
 * standard form (community code + 3-digit sequence) numbered west→east,
 * then north→south.
 *
 * The demo builds its first division by coordinate bisection here; planned
 * divisions come from gm-partition.h (METIS on a building graph), which
 * shares the cells, polygons and code order of this file.
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
  GEOSGeometry      *boundary_lonlat;  /* as stored, EPSG:4326 */
  guint              n;            /* buildings */
  gint64            *building;     /* their ids */
  double            *x;            /* anchors, metres */
  double            *y;
  double            *weight;       /* workload: households, at least a little */
  guint             *part;         /* 0 … parts-1 */
  guint              parts;
  gboolean          *movable;      /* NULL, or buildings whose piece of a
                                    * grid may go to a neighbour (see
                                    * gm_division_polygons()) */
} GmDivision;

void        gm_division_free    (GmDivision   *division);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmDivision, gm_division_free)

/* The community alone, with no buildings yet (n = 0). */
GmDivision *gm_division_new     (GmStore      *store,
                                 const char   *community_code,
                                 GError      **error);
/* The buildings of a community (anchor inside its boundary). */
GmDivision *gm_division_load    (GmStore      *store,
                                 const char   *community_code,
                                 GError      **error);

/* Recursive coordinate bisection into @parts of balanced weight. */
void        gm_division_bisect  (GmDivision   *division,
                                 guint         parts);

/* Sets points that fall on the same millimetre 5 cm apart, so that each
 * has a Voronoi cell. */
void           gm_division_separate_points (double             *x,
                                            double             *y,
                                            guint               n);
/* The Voronoi cell of each building, in metres, not clipped to the
 * community: n geometries indexed like the buildings. Anchors that fall on
 * the same spot are first set 5 cm apart, so each building has a cell.
 * Free with gm_division_free_geometries (division, cells, division->n). */
GEOSGeometry **gm_division_cells          (GmDivision          *division,
                                           GError             **error);
/* Each part's grid polygon, in metres: the union of its buildings' cells,
 * clipped to the community. Pieces of a part that hold none of its
 * buildings (a cell cut in two by a bend of the boundary), or only movable
 * ones, go to the neighbouring grid they share the longest border with,
 * and the movable buildings with them (division->part changes). */
GEOSGeometry **gm_division_polygons       (GmDivision          *division,
                                           GEOSGeometry * const *cells,
                                           GError             **error);
/* How many pieces of a part's polygon hold its buildings: 1 when the grid
 * is contiguous. */
guint          gm_division_count_held_pieces (GmDivision       *division,
                                              const GEOSGeometry *polygon,
                                              guint             part);
void           gm_division_free_geometries (GmDivision         *division,
                                            GEOSGeometry      **geometries,
                                            guint               n);
/* The parts in code order (reading order: rows north to south, each west to
 * east): order[seq] is the part that gets sequence number seq + 1. */
guint         *gm_division_code_order     (GmDivision          *division,
                                           GEOSGeometry * const *polygons);

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
