/* gm-hazard-history.h — what the audit trail says about one hazard, in
 * words: who changed what, when, from what to what. */
#pragma once

#include "gm-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *when;      /* local time, "2026-12-04 15:50" */
  char *who;
  char *action;    /* hazard-add, hazard-edit, hazard-status */
  char *summary;   /* "Status: Discovered → Notice issued; Deadline: — → 2026-12-19" */
} GmHazardChange;

void       gm_hazard_change_free  (GmHazardChange *change);

/* The audit rows of hazard @id, oldest first (a GPtrArray of
 * GmHazardChange). */
GPtrArray *gm_hazard_dup_history  (GmStore        *store,
                                   gint64          id,
                                   GError        **error);

/* "Status: Discovered → Notice issued; …" from an audit row's JSON values
 * (@old_json NULL for an addition). */
char      *gm_hazard_describe_change (const char  *old_json,
                                      const char  *new_json);

G_END_DECLS
