/* gm-import-dialog.h — import one file into the project: what it is, its
 * layer, coordinate system, encoding and field mapping; progress; report. */
#pragma once

#include <adwaita.h>

#include "gm-import.h"

G_BEGIN_DECLS

#define GM_TYPE_IMPORT_DIALOG (gm_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GmImportDialog, gm_import_dialog, GM, IMPORT_DIALOG, AdwWindow)

/* Probes @file at once; a file that cannot be read shows why. The ::done
 * signal (GmImportReport *report or NULL, gboolean cancelled) is emitted once,
 * when the dialog closes. */
GmImportDialog *gm_import_dialog_new             (GtkWindow      *parent,
                                                  const char     *project_path,
                                                  GFile          *file);

/* What the dialog shows, for tests. */
const char     *gm_import_dialog_get_page        (GmImportDialog *self);
GmImportKind    gm_import_dialog_get_kind        (GmImportDialog *self);
void            gm_import_dialog_set_kind        (GmImportDialog *self,
                                                  GmImportKind    kind);
const char     *gm_import_dialog_get_srs_text    (GmImportDialog *self);
const char     *gm_import_dialog_get_error_text  (GmImportDialog *self);
/* The source field chosen for @target, or NULL for none. */
const char     *gm_import_dialog_get_field_for   (GmImportDialog *self,
                                                  const char     *target);
/* What the dialog says about the file's text, coordinates and problems. */
const char     *gm_import_dialog_get_encoding_sample (GmImportDialog *self);
guint           gm_import_dialog_get_srs_candidate_count (GmImportDialog *self);
/* Chooses the candidate with EPSG @code; FALSE when it is not one. */
gboolean        gm_import_dialog_choose_srs      (GmImportDialog *self,
                                                  const char     *code);
void            gm_import_dialog_set_shift       (GmImportDialog *self,
                                                  GmCoordShift    shift);
guint           gm_import_dialog_get_warning_count (GmImportDialog *self);
const char     *gm_import_dialog_get_warning     (GmImportDialog *self,
                                                  guint           index);
gboolean        gm_import_dialog_can_import      (GmImportDialog *self);
/* Starts the import as the Import button does. */
void            gm_import_dialog_start           (GmImportDialog *self);
const GmImportReport *gm_import_dialog_get_report (GmImportDialog *self);

G_END_DECLS
