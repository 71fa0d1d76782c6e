/* gm-poster-dialog.h — print and export grid posters, atlases and contact
 * cards, with a live preview of the page drawn by core's poster code. */
#pragma once

#include <adwaita.h>

#include "gm-poster.h"

G_BEGIN_DECLS

#define GM_TYPE_POSTER_DIALOG (gm_poster_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GmPosterDialog, gm_poster_dialog, GM, POSTER_DIALOG, AdwWindow)

/* A dialog for the project @store is open on; @grid_code (nullable) is the
 * grid chosen first. */
GmPosterDialog *gm_poster_dialog_new            (GtkWindow      *parent,
                                                 GmStore        *store,
                                                 const char     *grid_code);

/* What the dialog shows and does, for tests. */
void            gm_poster_dialog_set_kind       (GmPosterDialog *self,
                                                 GmPosterKind    kind);
void            gm_poster_dialog_set_paper      (GmPosterDialog *self,
                                                 GmPaper         paper,
                                                 gboolean        landscape);
void            gm_poster_dialog_set_format     (GmPosterDialog *self,
                                                 GmPosterFormat  format);
void            gm_poster_dialog_set_dpi        (GmPosterDialog *self,
                                                 double          dpi);
/* TRUE while a preview is being drawn or an export runs. */
gboolean        gm_poster_dialog_is_busy        (GmPosterDialog *self);
GdkPaintable   *gm_poster_dialog_get_preview    (GmPosterDialog *self);
guint           gm_poster_dialog_get_n_pages    (GmPosterDialog *self);
const char     *gm_poster_dialog_get_page_label (GmPosterDialog *self);
const char     *gm_poster_dialog_get_output_text (GmPosterDialog *self);
void            gm_poster_dialog_show_page      (GmPosterDialog *self,
                                                 guint           page);
/* Exports to @path as the Export button does after its file chooser. */
void            gm_poster_dialog_export_to      (GmPosterDialog *self,
                                                 const char     *path);
void            gm_poster_dialog_cancel_export  (GmPosterDialog *self);
/* The last export's error, NULL after a success. */
const GError   *gm_poster_dialog_get_export_error (GmPosterDialog *self);
/* Prints through GtkPrintOperation into a PDF file, without the print
 * dialog: the path a printer takes, for tests. */
void            gm_poster_dialog_print_to_file  (GmPosterDialog *self,
                                                 const char     *path);
void            gm_poster_dialog_set_notice     (GmPosterDialog *self,
                                                 const char     *notice);

G_END_DECLS
