/* gm-hazard-dialog.h — a hazard to add or to edit: its category, kind,
 * description, dates, department and reporter; for an existing one also
 * the step buttons of its workflow and its history from the audit trail.
 *
 * Every write goes through core's gm-hazard-edit.h (checked, audited, in
 * one transaction); "changed" is emitted after each. */
#pragma once

#include <adwaita.h>

#include "gm-hazard-edit.h"

G_BEGIN_DECLS

#define GM_TYPE_HAZARD_DIALOG (gm_hazard_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GmHazardDialog, gm_hazard_dialog, GM, HAZARD_DIALOG, AdwWindow)

/* A new hazard at (@lon, @lat), at @building_id (0: none). @store is the
 * window's and must outlive the dialog. */
GmHazardDialog *gm_hazard_dialog_new_add  (GtkWindow            *parent,
                                           GmStore              *store,
                                           gint64                building_id,
                                           double                lon,
                                           double                lat);
/* Hazard @id as recorded; NULL with @error set when it cannot be read. */
GmHazardDialog *gm_hazard_dialog_new_edit (GtkWindow            *parent,
                                           GmStore              *store,
                                           gint64                id,
                                           GError              **error);

/* Puts the descriptive fields of @record into the rows. */
void            gm_hazard_dialog_fill     (GmHazardDialog       *self,
                                           const GmHazardRecord *record);
/* What the Save button does: adds or saves the rows; FALSE with the reason
 * shown (and in @error) when a field is wrong. */
gboolean        gm_hazard_dialog_save     (GmHazardDialog       *self,
                                           GError              **error);
/* What a step button does: saves the rows, then moves the hazard to @to
 * on the step's date (and deadline, for a notice). */
gboolean        gm_hazard_dialog_move     (GmHazardDialog       *self,
                                           GmHazardStatus        to,
                                           GError              **error);
/* 0 until the hazard is added. */
gint64          gm_hazard_dialog_get_id   (GmHazardDialog       *self);
/* The history rows shown, for tests. */
guint           gm_hazard_dialog_get_n_history (GmHazardDialog  *self);

G_END_DECLS
