/* gm-hazard-edit.h — adding, editing and moving hazards along their
 * workflow, each change written to the audit trail.
 *
 * Every function here runs in a transaction of its own: the hazard and its
 * audit row are written together or not at all. The audit row says who (the
 * user's login name), when, what (hazard-add, hazard-edit, hazard-status)
 * and the changed fields before and after, as JSON objects.
 */
#pragma once

#include "gm-hazard.h"
#include "gm-store.h"

G_BEGIN_DECLS

#define GM_HAZARD_ERROR (gm_hazard_error_quark ())

typedef enum
{
  GM_HAZARD_ERROR_INVALID,      /* a field a person must correct */
  GM_HAZARD_ERROR_TRANSITION,   /* the workflow does not allow the move */
  GM_HAZARD_ERROR_NOT_FOUND,
} GmHazardError;

GQuark gm_hazard_error_quark (void);

/* Everything recorded about one hazard. Dates are ISO (YYYY-MM-DD) or NULL. */
typedef struct
{
  gint64          id;            /* 0 until it is added */
  gint64          building_id;   /* 0: not at a building */
  double          lon;
  double          lat;
  char           *category;
  char           *kind;
  char           *description;
  GmHazardStatus  status;        /* changed only by gm_hazard_move() */
  char           *found_on;
  char           *notice_on;
  char           *deadline;
  char           *rectified_on;
  char           *verified_on;
  char           *department;
  char           *reporter;
} GmHazardRecord;

GmHazardRecord *gm_hazard_record_new  (void);
GmHazardRecord *gm_hazard_record_copy (const GmHazardRecord *record);
void            gm_hazard_record_free (GmHazardRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmHazardRecord, gm_hazard_record_free)

/* TRUE when @text is an existing date written YYYY-MM-DD; fills @out. */
gboolean        gm_iso_date_parse     (const char           *text,
                                       GDate                *out);
/* @date plus @days, as YYYY-MM-DD. */
char           *gm_iso_date_add_days  (const char           *date,
                                       int                   days);

GmHazardRecord *gm_hazard_record_load (GmStore              *store,
                                       gint64                id,
                                       GError              **error);

/* Where a hazard marked at (@lon, @lat) belongs: the building whose
 * footprint holds the point, or the nearest within @tolerance_m, and then
 * at that building's anchor. With no building there, the point itself and
 * @building_id 0. */
gboolean        gm_hazard_snap        (GmStore              *store,
                                       double                lon,
                                       double                lat,
                                       double                tolerance_m,
                                       gint64               *building_id,
                                       double               *out_lon,
                                       double               *out_lat,
                                       GError              **error);

/* Adds @record as a newly discovered hazard (its status and workflow dates
 * are ignored) and sets its id. */
gboolean        gm_hazard_add         (GmStore              *store,
                                       GmHazardRecord       *record,
                                       GError              **error);
/* Saves the descriptive fields of @record (category, kind, description,
 * department, reporter, found date, and the deadline of an open notice);
 * the status is left alone. Nothing is written when nothing changed. */
gboolean        gm_hazard_update      (GmStore              *store,
                                       const GmHazardRecord *record,
                                       GError              **error);
/* Moves hazard @id to @to. @date is when that happened (NULL: today); a
 * notice takes @deadline (NULL: GM_HAZARD_DEFAULT_NOTICE_DAYS after the
 * notice, or the old deadline when a failed verification reopens it). */
gboolean        gm_hazard_move        (GmStore              *store,
                                       gint64                id,
                                       GmHazardStatus        to,
                                       const char           *date,
                                       const char           *deadline,
                                       GError              **error);

/* The kinds to offer for @category (NULL: every category): the
 * catalogue's, then those the project holds that it does not list. */
GStrv           gm_hazard_dup_kinds   (GmStore              *store,
                                       const char           *category,
                                       GError              **error);

/* Departments already named in the project, for suggestions. */
GStrv           gm_hazard_dup_departments (GmStore          *store,
                                           GError          **error);

G_END_DECLS
