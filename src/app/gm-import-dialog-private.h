/* gm-import-dialog-private.h — what the files of the import dialog share.
 *
 * gm-import-dialog.c holds the pages, the field mapping and the running
 * import; gm-import-dialog-source.c what the file is: its layer, text
 * encoding (with the text as it decodes), coordinate system (with the
 * candidates when it has none) and what is wrong with it.
 */
#pragma once

#include "gm-import-dialog.h"

G_BEGIN_DECLS

struct _GmImportDialog
{
  AdwWindow parent_instance;

  /* template */
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *import_button;
  GtkButton      *done_button;
  GtkButton      *back_button;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  AdwPreferencesGroup *source_group;
  AdwComboRow    *kind_row;
  AdwComboRow    *layer_row;
  AdwActionRow   *srs_row;
  AdwComboRow    *srs_choice_row;
  AdwEntryRow    *epsg_row;
  AdwComboRow    *shift_row;
  AdwComboRow    *encoding_row;
  AdwActionRow   *encoding_sample_row;
  AdwPreferencesGroup *warnings_group;
  GtkListBox     *warnings_list;
  GtkListBox     *fields_list;
  GtkProgressBar *progress_bar;
  GtkLabel       *report_summary;
  GtkListBox     *issues_list;

  char           *project_path;
  char           *path;
  GmSource       *source;
  GmSourceLayer  *layer;          /* borrowed from source */
  GPtrArray      *field_rows;     /* of AdwComboRow, one per target */
  GPtrArray      *warning_rows;   /* of AdwActionRow */
  GStrv           encoding_choices; /* the encodings the encoding row offers after its first */
  GmExtent        project_extent;
  GCancellable   *cancellable;
  GmImportReport *report;
  gboolean        updating;
  gboolean        importing;
  gboolean        cancelled;
  gboolean        done_emitted;
};
/* gm-import-dialog.c */
void          gm_import_dialog_show_error      (GmImportDialog *self,
                                                const char     *title,
                                                const char     *message,
                                                gboolean        can_go_back);
char         *gm_import_dialog_dup_file_name   (const char     *path);
void          gm_import_dialog_fill_field_rows (GmImportDialog *self);

/* gm-import-dialog-source.c */
gboolean      gm_import_dialog_probe           (GmImportDialog *self,
                                                const char     *encoding);
void          gm_import_dialog_fill_layer      (GmImportDialog *self);
void          gm_import_dialog_fill_encodings  (GmImportDialog *self);
void          gm_import_dialog_read_project    (GmImportDialog *self);
gboolean      gm_import_dialog_layer_has_geometry (const GmSourceLayer *layer);
/* The coordinate system chosen for a file that needs one, NULL otherwise. */
char         *gm_import_dialog_dup_srs_choice  (GmImportDialog *self);
gboolean      gm_import_dialog_srs_needed      (GmImportDialog *self);
GmCoordShift  gm_import_dialog_get_shift       (GmImportDialog *self);
const char   *gm_import_dialog_get_encoding_choice (GmImportDialog *self);
void          gm_import_dialog_bind_source     (GtkWidgetClass *widget_class);

G_END_DECLS
