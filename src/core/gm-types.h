/* gm-types.h — plain records passed between core, the app and the CLI.
 *
 * These are structs, not GObjects: they are filled by one query, read, and
 * freed. Strings are owned UTF-8. Sensitive fields (ID numbers, phones) are
 * stored unmasked here; callers that show them to people mask them with
 * gm_mask_*() from gm-privacy.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An extent in EPSG:4326 (lon/lat, degrees). */
typedef struct
{
  double min_lon;
  double min_lat;
  double max_lon;
  double max_lat;
} GmExtent;

#define GM_EXTENT_EMPTY ((GmExtent) { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE })

gboolean gm_extent_is_empty (const GmExtent *extent);
void     gm_extent_union    (const GmExtent *a,
                             const GmExtent *b,
                             GmExtent       *out);

typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *address;
  int     floors;           /* 0 when unknown */
  int     households;
  gboolean households_estimated;
  char   *use;              /* residential, rental, mixed, commercial, … */
  double  area_m2;
  char   *leader_name;
  char   *leader_phone;
  gint64  grid_id;          /* 0 when in no grid */
  char   *grid_code;
  char   *grid_name;
  char   *source_id;
} GmBuilding;

void gm_building_free (GmBuilding *building);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmBuilding, gm_building_free)

typedef struct
{
  gint64    id;
  gint64    building_id;
  char     *room;
  char     *name;
  char     *id_number;
  char     *phone;
  gboolean  floating;       /* FALSE: registered (户籍), TRUE: floating (流动) */
  char     *tags;           /* comma-separated tag keys, see gm_resident_tag_label() */
  char     *moved_in;
  char     *moved_out;
} GmResident;

void gm_resident_free (GmResident *resident);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmResident, gm_resident_free)

typedef enum
{
  GM_HAZARD_DISCOVERED,
  GM_HAZARD_NOTIFIED,
  GM_HAZARD_RECTIFIED,
  GM_HAZARD_CLOSED,
} GmHazardStatus;

typedef struct
{
  gint64          id;
  gint64          building_id;
  double          lon;
  double          lat;
  char           *category;   /* fire, security, other */
  char           *kind;
  char           *description;
  GmHazardStatus  status;
  char           *found_on;   /* ISO dates, NULL when not set */
  char           *notice_on;
  char           *deadline;
  char           *rectified_on;
  char           *verified_on;
  char           *department;
  gboolean        overdue;    /* against the as-of date of the query */
} GmHazard;

void gm_hazard_free (GmHazard *hazard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmHazard, gm_hazard_free)

const char     *gm_hazard_status_to_string   (GmHazardStatus status);
gboolean        gm_hazard_status_from_string (const char     *text,
                                              GmHazardStatus *out);
gboolean        gm_hazard_status_is_open     (GmHazardStatus status);

/* Totals of one grid of the current division. */
typedef struct
{
  gint64  id;
  char   *code;
  char   *name;
  char   *community_code;
  char   *community_name;
  char   *worker_name;
  char   *worker_phone;
  char   *kind;
  int     buildings;
  int     households;
  int     residents;
  int     registered;
  int     floating;
  int     open_hazards;
  int     overdue_hazards;
} GmGridSummary;

void gm_grid_summary_free (GmGridSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmGridSummary, gm_grid_summary_free)

typedef struct
{
  char *code;
  char *name;
} GmCommunityInfo;

void gm_community_info_free (GmCommunityInfo *info);

/* Project-wide counts, as printed by `gridmap-cli stats`. */
typedef struct
{
  int        buildings;
  int        grids;          /* current grids (valid_to IS NULL) */
  int        communities;
  int        residents;
  int        hazards;
  int        open_hazards;
  int        roads;
  int        landuse;
  int        water;
  GmExtent   extent;
  GPtrArray *communities_detail;  /* of GmCommunityInfo */
  GPtrArray *grids_detail;        /* of GmGridSummary */
} GmStats;

void gm_stats_free (GmStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmStats, gm_stats_free)

G_END_DECLS
