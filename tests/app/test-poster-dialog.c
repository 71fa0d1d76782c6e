/* test-poster-dialog.c — the Print and Export dialog: a preview of the page
 * appears (drawn in a worker thread), follows the options (an atlas has a
 * page per grid), says what an export makes and refuses what cannot be
 * made; an export writes the file with progress and can be cancelled; the
 * print path (GtkPrintOperation) writes the pages too. */
#include "gm-config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-poster-dialog.h"

#define GRID3 "990101001001003"

static gboolean
is_idle (gpointer data)
{
  return !gm_poster_dialog_is_busy (data);
}

static GmPosterDialog *
open_dialog (GmStore *store)
{
  GmPosterDialog *dialog = gm_poster_dialog_new (NULL, store, GRID3);

  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  return dialog;
}

static GmStore *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  GmStore *store = gm_store_open (gm_test_get_demo_path (), GM_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static char *
read_head (const char *path,
           gsize       n)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_strndup (contents, MIN (n, length));
}

/* A4 portrait of grid 3: the preview is a page of A4's shape (1:√2), one
 * page, about which the output row says so. */
static void
test_preview (void)
{
  g_autoptr(GmStore) store = open_demo ();
  GmPosterDialog *dialog = open_dialog (store);
  GdkPaintable *preview = gm_poster_dialog_get_preview (dialog);
  double aspect;

  g_assert_nonnull (preview);
  aspect = (double) gdk_paintable_get_intrinsic_height (preview) / gdk_paintable_get_intrinsic_width (preview);
  g_assert_cmpfloat_with_epsilon (aspect, 842.0 / 595.0, 0.01);
  g_assert_cmpuint (gm_poster_dialog_get_n_pages (dialog), ==, 1);
  g_assert_nonnull (strstr (gm_poster_dialog_get_page_label (dialog), GRID3));
  g_assert_true (g_str_has_prefix (gm_poster_dialog_get_output_text (dialog), "1 page"));

  /* An atlas: twenty pages, landscape; page 5 is grid 5's. */
  gm_poster_dialog_set_kind (dialog, GM_POSTER_ATLAS);
  gm_poster_dialog_set_paper (dialog, GM_PAPER_A3, TRUE);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  g_assert_cmpuint (gm_poster_dialog_get_n_pages (dialog), ==, 20);
  preview = gm_poster_dialog_get_preview (dialog);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (preview), >, gdk_paintable_get_intrinsic_height (preview));
  gm_poster_dialog_show_page (dialog, 4);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  g_assert_nonnull (strstr (gm_poster_dialog_get_page_label (dialog), "990101001001005"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A0 as a PNG: at 150 dpi 4967 × 7021 pixels; at 1200 dpi it cannot be
 * made, which is said before anything starts, and nothing is written. */
static void
test_too_large (void)
{
  g_autoptr(GmStore) store = open_demo ();
  GmPosterDialog *dialog = open_dialog (store);
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), "huge.png", NULL);
  const GError *error;

  gm_poster_dialog_set_paper (dialog, GM_PAPER_A0, FALSE);
  gm_poster_dialog_set_format (dialog, GM_POSTER_PNG);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  g_assert_true (g_str_has_prefix (gm_poster_dialog_get_output_text (dialog), "1 page, 4967 × 7021 pixels"));
  gm_poster_dialog_set_dpi (dialog, 1200);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  g_assert_nonnull (strstr (gm_poster_dialog_get_output_text (dialog), "359 dpi"));
  gm_poster_dialog_export_to (dialog, path);
  error = gm_poster_dialog_get_export_error (dialog);
  g_assert_error ((GError *) error, GM_POSTER_ERROR, GM_POSTER_ERROR_TOO_LARGE);
  g_assert_false (gm_poster_dialog_is_busy (dialog));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* An export writes a whole PDF; a cancelled one writes nothing. */
static void
test_export (void)
{
  g_autoptr(GmStore) store = open_demo ();
  GmPosterDialog *dialog = open_dialog (store);
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), "grid3.pdf", NULL);
  g_autofree char *cancelled = g_build_filename (gm_test_get_tmp_dir (), "cancelled.pdf", NULL);
  g_autofree char *head = NULL;

  gm_poster_dialog_export_to (dialog, path);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 60000));
  g_assert_null (gm_poster_dialog_get_export_error (dialog));
  head = read_head (path, 5);
  g_assert_cmpstr (head, ==, "%PDF-");

  gm_poster_dialog_set_kind (dialog, GM_POSTER_ATLAS);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  gm_poster_dialog_export_to (dialog, cancelled);
  gm_poster_dialog_cancel_export (dialog);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 60000));
  g_assert_error ((GError *) gm_poster_dialog_get_export_error (dialog), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The printer's path: GtkPrintOperation draws each page (in a worker
 * thread, replayed on the print context) into GTK's PDF export. */
static void
test_print_operation (void)
{
  g_autoptr(GmStore) store = open_demo ();
  GmPosterDialog *dialog = open_dialog (store);
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), "printed.pdf", NULL);
  g_autofree char *head = NULL;

  gm_poster_dialog_set_kind (dialog, GM_POSTER_CARDS);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 30000));
  gm_poster_dialog_print_to_file (dialog, path);
  g_assert_true (gm_test_spin_until_func (is_idle, dialog, 60000));
  head = read_head (path, 5);
  g_assert_cmpstr (head, ==, "%PDF-");
  /* One A4 sheet of cards, on GTK's A4 page. */
  {
    g_autofree char *command = g_strdup_printf ("pdfinfo %s", path);
    g_autofree char *info = NULL;

    g_assert_true (g_spawn_command_line_sync (command, &info, NULL, NULL, NULL));
    g_assert_nonnull (strstr (info, "Pages:           1\n"));
    g_assert_nonnull (strstr (info, "(A4)"));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/poster-dialog/preview", test_preview);
  g_test_add_func ("/app/poster-dialog/too-large", test_too_large);
  g_test_add_func ("/app/poster-dialog/export", test_export);
  g_test_add_func ("/app/poster-dialog/print-operation", test_print_operation);
  return gm_test_finish (g_test_run ());
}
