/* gm-synth-private.h — the synthetic city's layout (private to core).
 *
 * gm-synth.c lays the city out in metres and hands every building, block
 * and community to a sink; gm-synth-write.c is the sink that writes them as
 * shapefiles. Everything is deterministic in the options' seed.
 */
#pragma once

#include "gm-synth.h"

G_BEGIN_DECLS

/* The centre of the city, in the sea south of the Pearl River estuary: no
 * real place is there. */
#define GM_SYNTH_LON0 114.60
#define GM_SYNTH_LAT0 21.60

typedef enum
{
  GM_SYNTH_VILLAGE,     /* 城中村: dense 4–8-storey rental houses */
  GM_SYNTH_ESTATE,      /* 住宅小区: high-rise slabs */
  GM_SYNTH_OLD,         /* 老旧小区: 5–7-storey walk-ups */
  GM_SYNTH_INDUSTRY,
  GM_SYNTH_COMMERCE,
  GM_SYNTH_PARK,
  GM_SYNTH_N_STYLES,
} GmSynthStyle;

typedef enum
{
  GM_SYNTH_ARTERIAL,
  GM_SYNTH_SECONDARY,
  GM_SYNTH_LOCAL,
} GmSynthRoad;

typedef struct
{
  double      x0, y0, x1, y1;   /* metres */
  guint       row;              /* of buildings in its block */
  int         floors;
  int         households;
  const char *use;
} GmSynthBuilding;

#define GM_SYNTH_MAX_ROWS 32

typedef struct
{
  guint        column, row;     /* in the city's raster of blocks */
  double       x0, y0, x1, y1;  /* inside the streets */
  GmSynthStyle style;
  char        *street;          /* name of the street along its south side */
  int          households;
  guint        rows;
  double       row_bottom[GM_SYNTH_MAX_ROWS];
  double       row_top[GM_SYNTH_MAX_ROWS];
  int          row_households[GM_SYNTH_MAX_ROWS];
} GmSynthBlock;

typedef struct
{
  guint  column, row;           /* in the raster of communities */
  guint  bx, by;                /* its south-west block */
  guint  street;                /* street office, from 1 */
  guint  index;                 /* within the street office, from 1 */
  char  *code;                  /* 990201 + street + community */
  char  *name;
} GmSynthCommunity;

typedef struct
{
  double x0, y0, x1, y1;
} GmSynthCell;

typedef struct
{
  GArray *cells;                /* of GmSynthCell: whole blocks with their streets, or bands */
  double  households;
  guint   row;                  /* block row of its first cell within the community */
} GmSynthGrid;

typedef struct _GmSynthSink GmSynthSink;
struct _GmSynthSink
{
  void (*building)  (GmSynthSink *sink, const GmSynthCommunity *c, const GmSynthBlock *block,
                     const GmSynthBuilding *b);
  void (*block)     (GmSynthSink *sink, const GmSynthCommunity *c, const GmSynthBlock *block);
  void (*community) (GmSynthSink *sink, const GmSynthCommunity *c, GmSynthBlock *blocks);
};

typedef struct
{
  GmSynthOptions options;
  GRand         *rand;
  guint          columns;       /* communities per row */
  guint          rows;          /* community rows laid out so far */
  double        *x;             /* street centre lines, columns × 4 + 1 */
  double        *y;             /* rows × 4 + 1 */
  guint          made;          /* buildings so far */
} GmSynthCity;

GmSynthCity *gm_synth_city_new      (const GmSynthOptions *options);
void         gm_synth_city_free     (GmSynthCity          *city);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmSynthCity, gm_synth_city_free)

/* Lays out the whole city, community by community, into @sink. */
void         gm_synth_city_run      (GmSynthCity          *city,
                                     GmSynthSink          *sink);

/* The grids of a community whose 16 blocks (row by row from the south-west)
 * are filled; in code order (north to south, west to east). */
GPtrArray   *gm_synth_community_grids (GmSynthCity        *city,
                                       GmSynthBlock       *blocks,
                                       guint               bx,
                                       guint               by);
void         gm_synth_grid_free     (gpointer              grid);

typedef void (*GmSynthStreetFunc) (double       x0,
                                   double       y0,
                                   double       x1,
                                   double       y1,
                                   const char  *name,
                                   GmSynthRoad  kind,
                                   gpointer     data);

/* The street segments @c writes (each segment of the network once). */
void         gm_synth_community_streets (GmSynthCity            *city,
                                         const GmSynthCommunity *c,
                                         GmSynthStreetFunc       func,
                                         gpointer                data);

G_END_DECLS
