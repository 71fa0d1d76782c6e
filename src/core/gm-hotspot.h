/* gm-hotspot.h — the hot-spot analysis of a project's hazards.
 *
 * One computation reads the hazards a filter takes and makes any of three
 * layers:
 *
 * - density: quartic kernel density (gm-kde.h), bandwidth by the spatial
 *   Silverman rule unless given, optionally weighted by status;
 * - hot spots: Getis–Ord Gi* (gm-gistar.h) on hexagonal cells over the
 *   places hazards can be (cells holding a building or a hazard), a fixed
 *   distance band, Benjamini–Hochberg FDR, classes at 90/95/99 %; refused
 *   below GM_HOTSPOT_MIN_HAZARDS hazards;
 * - per grid: the rates of gm-grid-rates.h.
 *
 * Distances are metres in a local Lambert azimuthal equal-area projection
 * (PROJ) centred on the hazards. A result is immutable and reference
 * counted, so map tiles can draw it from several threads.
 */
#pragma once

#include <gio/gio.h>

#include "gm-gistar.h"
#include "gm-grid-rates.h"
#include "gm-hazard-filter.h"
#include "gm-store.h"

G_BEGIN_DECLS

#define GM_HOTSPOT_ERROR (gm_hotspot_error_quark ())

typedef enum
{
  GM_HOTSPOT_ERROR_INVALID,       /* a parameter a person must correct */
  GM_HOTSPOT_ERROR_TOO_FEW,       /* too few hazards for the method */
  GM_HOTSPOT_ERROR_NO_VARIATION,  /* every cell the same: nothing stands out */
} GmHotspotError;

GQuark gm_hotspot_error_quark (void);

/* Gi* below this many hazards is noise, and is refused. */
#define GM_HOTSPOT_MIN_HAZARDS 30

typedef enum
{
  GM_HOTSPOT_KDE  = 1 << 0,
  GM_HOTSPOT_GI   = 1 << 1,
  GM_HOTSPOT_GRID = 1 << 2,
  GM_HOTSPOT_ALL  = 0x7,
} GmHotspotMethods;

typedef enum
{
  GM_WEIGHT_NONE,      /* every hazard counts 1 */
  GM_WEIGHT_STATUS,    /* overdue 3, open 2, rectified or closed 1 */
} GmHotspotWeight;

typedef struct
{
  GmHotspotMethods  methods;
  GmHazardFilter   *filter;        /* NULL: every hazard */
  double            bandwidth_m;   /* density; 0: spatial Silverman rule */
  GmHotspotWeight   weight;
  double            cell_size_m;   /* Gi* hexagon edge; 0: from the data */
  double            band_m;        /* Gi* distance band; 0: GM_HOTSPOT_BAND_CELLS × the edge */
  GmGridMeasure     measure;       /* what the grid choropleth shows */
} GmHotspotParams;

/* The default band takes in two rings of neighbouring cells (18 cells,
 * whose centres are √3, 3 and 2√3 edges away). */
#define GM_HOTSPOT_BAND_CELLS 3.5

GmHotspotParams *gm_hotspot_params_new  (void);
GmHotspotParams *gm_hotspot_params_copy (const GmHotspotParams *params);
void             gm_hotspot_params_free (GmHotspotParams       *params);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmHotspotParams, gm_hotspot_params_free)

/* One hazard the filter took. */
typedef struct
{
  gint64          id;
  double          lon, lat;
  double          wx, wy;        /* Web Mercator world pixels at zoom 0 */
  double          x, y;          /* metres, local projection */
  double          weight;
  double          m_per_px0;     /* metres per world pixel at zoom 0, here */
  GmHazardStatus  status;
  gboolean        overdue;
} GmHotspotPoint;

/* One hexagonal cell of the hot-spot analysis. */
typedef struct
{
  double     lon, lat;           /* centre */
  double     corners[12];        /* lon lat × 6 */
  double     wcorners[12];       /* the same in world pixels at zoom 0 */
  double     x, y;               /* metres */
  double     count;              /* weighted hazards in the cell */
  guint      neighbours;         /* cells within the band, itself included */
  double     z;
  double     p;                  /* two-sided */
  double     q;                  /* Benjamini–Hochberg adjusted */
  GmGiClass  klass;
} GmHotspotCell;

typedef struct
{
  GmHotspotMethods  methods;       /* asked for */
  GmHazardFilter   *filter;
  char             *as_of;
  char             *description;   /* the filter in words */
  GArray           *points;        /* of GmHotspotPoint */
  double            center_lon, center_lat;

  /* density */
  GError           *kde_error;     /* set when it could not be made */
  double            bandwidth_m;
  gboolean          bandwidth_auto;
  GmHotspotWeight   weight;
  double            max_density;   /* peak, weighted hazards per km² */

  /* hot spots */
  GError           *gi_error;
  GArray           *cells;         /* of GmHotspotCell */
  double            cell_size_m;
  gboolean          cell_size_auto;
  double            band_m;
  guint             class_counts[7];   /* by klass + 3 */

  /* per grid */
  GError           *grid_error;
  GPtrArray        *grids;         /* of GmGridRate, by code */
  GHashTable       *grid_index;    /* grid id → GmGridRate */
  GmGridMeasure     measure;
  char             *this_month;    /* YYYY-MM */
  char             *last_month;
} GmHotspotResult;

GmHotspotResult *gm_hotspot_result_ref   (GmHotspotResult *result);
void             gm_hotspot_result_unref (GmHotspotResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmHotspotResult, gm_hotspot_result_unref)

/* Runs the analysis. A method that cannot be made (too few hazards for
 * Gi*, …) leaves its error in the result and the others are still made;
 * the function fails only for a bad parameter, a project it cannot read,
 * or @cancellable. */
GmHotspotResult *gm_hotspot_compute      (GmStore                *store,
                                          const GmHotspotParams  *params,
                                          GCancellable           *cancellable,
                                          GError                **error);

/* The same in a worker thread with its own connection to @project_path. */
void             gm_hotspot_compute_async  (const char             *project_path,
                                            const GmHotspotParams  *params,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data);
GmHotspotResult *gm_hotspot_compute_finish (GAsyncResult           *result,
                                            GError                **error);

/* The density at (@lon, @lat), weighted hazards per km². */
double           gm_hotspot_density_at   (const GmHotspotResult  *result,
                                          double                  lon,
                                          double                  lat);

/* The density sampled on a square raster of @cell_m metres over the
 * hazards, cells under 1 % of the peak left out: an array of
 * GmHotspotSample for files. */
typedef struct
{
  double lon, lat;          /* centre */
  double corners[8];        /* lon lat × 4 */
  double density;           /* per km² */
} GmHotspotSample;

GArray          *gm_hotspot_sample_density (const GmHotspotResult *result,
                                            double                 cell_m,
                                            GError               **error);

/* The hazard weight of @point under @weight. */
double           gm_hotspot_weight_of    (GmHotspotWeight          weight,
                                          GmHazardStatus           status,
                                          gboolean                 overdue);

G_END_DECLS
