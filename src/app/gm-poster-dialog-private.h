/* gm-poster-dialog-private.h — GmPosterDialog's state, shared by
 * gm-poster-dialog.c (options, preview) and gm-poster-dialog-output.c
 * (export, print, the worker's photo). */
#pragma once

#include "gm-poster-dialog.h"

G_BEGIN_DECLS

struct _GmPosterDialog
{
  AdwWindow parent_instance;

  /* template */
  AdwToastOverlay *toast_overlay;
  GtkButton       *export_button;
  GtkButton       *print_button;
  GtkStack        *stack;
  AdwComboRow     *kind_row;
  AdwComboRow     *grid_row;
  AdwComboRow     *community_row;
  AdwActionRow    *cards_all_row;
  GtkSwitch       *cards_all_switch;
  GtkSwitch       *hazards_switch;
  AdwComboRow     *paper_row;
  GtkSwitch       *landscape_switch;
  AdwComboRow     *format_row;
  AdwActionRow    *dpi_row;
  GtkSpinButton   *dpi_spin;
  AdwActionRow    *size_row;
  GtkTextView     *notice_view;
  AdwPreferencesGroup *photo_group;
  AdwActionRow    *photo_row;
  GtkButton       *photo_remove_button;
  GtkPicture      *preview;
  GtkSpinner      *preview_spinner;
  AdwStatusPage   *preview_error;
  GtkButton       *previous_button;
  GtkButton       *next_button;
  GtkLabel        *page_label;
  AdwStatusPage   *progress_page;
  GtkProgressBar  *progress_bar;

  GmStore         *store;
  char            *project_path;
  GPtrArray       *grids;          /* of GmCommunityInfo */
  GPtrArray       *communities;
  GmPoster        *poster;         /* of the options the preview shows */
  guint            page;
  guint            refresh_id;
  guint            notice_save_id;
  GCancellable    *preview_cancellable;
  GCancellable    *export_cancellable;
  GError          *export_error;
  gboolean         exporting;
  char            *output_text;
};

/* gm-poster-dialog.c */
GmPosterOptions *gm_poster_dialog_dup_options  (GmPosterDialog *self);
void             gm_poster_options_free        (GmPosterOptions *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPosterOptions, gm_poster_options_free)
GmPosterFormat   gm_poster_dialog_get_format   (GmPosterDialog *self);
const char      *gm_poster_dialog_get_grid_code (GmPosterDialog *self);
void             gm_poster_dialog_refresh      (GmPosterDialog *self);
void             gm_poster_dialog_toast        (GmPosterDialog *self,
                                                const char     *message);

/* gm-poster-dialog-output.c */
void             gm_poster_dialog_output_class_init (GtkWidgetClass *widget_class);
void             gm_poster_dialog_update_photo_row  (GmPosterDialog *self);

G_END_DECLS
