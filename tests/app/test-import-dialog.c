/* test-import-dialog.c — the import dialog probes the file, guesses what it
 * is, shows its coordinate system and maps its fields; unreadable files get a
 * clear message; an import runs to a report or is cancelled. */
#include "gm-config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "gm-app-test-util.h"
#include "gm-autocleanups.h"
#include "gm-import-dialog.h"

static char *
shared_data (const char *relative)
{
  const char *root = g_getenv ("GRIDMAP_SHARED_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

static char *
new_empty_project (const char *name)
{
  g_autofree char *path = g_build_filename (gm_test_get_tmp_dir (), name, NULL);
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static GmImportDialog *
new_dialog (const char *project,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GmImportDialog *dialog = gm_import_dialog_new (NULL, project, file);

  /* Shown, as the app shows it: gtk_window_close() ignores an unrealized
   * window. */
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

/* A district boundary: one polygon in WGS 84, Latin-1 attributes. */
static void
test_probe_district (void)
{
  g_autofree char *project = new_empty_project ("district.gridmap");
  g_autofree char *path = shared_data ("real/berlin-moabit/moabit_district.shp");
  GmImportDialog *dialog = new_dialog (project, path);
  GmImportKind kind;

  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "options");
  kind = gm_import_dialog_get_kind (dialog);
  g_test_message ("guessed kind: %s", gm_import_kind_to_string (kind));
  g_assert_true (kind == GM_IMPORT_COMMUNITY || kind == GM_IMPORT_GRIDS);
  g_assert_nonnull (strstr (gm_import_dialog_get_srs_text (dialog), "EPSG:4326"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Buildings with German field names: kind and the floors field are guessed. */
static void
test_probe_buildings (void)
{
  g_autofree char *project = new_empty_project ("buildings.gridmap");
  g_autofree char *path = shared_data ("real/berlin-moabit/moabit_build.shp");
  GmImportDialog *dialog = new_dialog (project, path);

  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "options");
  g_assert_cmpint (gm_import_dialog_get_kind (dialog), ==, GM_IMPORT_BUILDINGS);
  g_assert_nonnull (strstr (gm_import_dialog_get_srs_text (dialog), "EPSG:4326"));
  g_assert_cmpstr (gm_import_dialog_get_field_for (dialog, "floors"), ==, "AnzahlDerO");
  /* The field of words (Wohnhaus), not the one of codes (1010). */
  g_assert_cmpstr (gm_import_dialog_get_field_for (dialog, "use"), ==, "Gebaeude_1");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A projected CRS is shown with its name. */
static void
test_probe_projected (void)
{
  g_autofree char *project = new_empty_project ("utm.gridmap");
  g_autofree char *path = shared_data ("real/berlin-moabit/RBS_OD_ORT_1412.shp");
  GmImportDialog *dialog = new_dialog (project, path);

  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "options");
  g_assert_nonnull (strstr (gm_import_dialog_get_srs_text (dialog), "EPSG:25833"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A file named .shp that is really a DBF: the message names the file. */
static void
test_unreadable_file (void)
{
  g_autofree char *project = new_empty_project ("bad.gridmap");
  g_autofree char *path = shared_data ("hardcases/shapefile-js/bad.shp");
  GmImportDialog *dialog = new_dialog (project, path);

  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "error");
  g_test_message ("error: %s", gm_import_dialog_get_error_text (dialog));
  g_assert_nonnull (strstr (gm_import_dialog_get_error_text (dialog), "bad.shp"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

typedef struct
{
  gboolean done;
  gboolean cancelled;
  gint64 imported;
} DoneResult;

static void
on_done (GmImportDialog *dialog,
         GmImportReport *report,
         gboolean        cancelled,
         DoneResult     *result)
{
  result->done = TRUE;
  result->cancelled = cancelled;
  result->imported = report != NULL ? report->imported : -1;
}

static gboolean
on_report_page (gpointer data)
{
  const char *page = gm_import_dialog_get_page (data);

  return g_strcmp0 (page, "report") == 0 || g_strcmp0 (page, "error") == 0;
}

static gint64
count_rows (const char *project,
            const char *table)
{
  g_autoptr(GmStore) store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, NULL);

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int64 (stmt, 0);
}

/* The whole path: import the district as a community, read the report,
 * close, and the ::done signal carries the report. */
static void
test_import_and_report (void)
{
  g_autofree char *project = new_empty_project ("import.gridmap");
  g_autofree char *path = shared_data ("real/berlin-moabit/moabit_district.shp");
  GmImportDialog *dialog = new_dialog (project, path);
  DoneResult result = { 0, };

  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);
  gm_import_dialog_set_kind (dialog, GM_IMPORT_COMMUNITY);
  gm_import_dialog_start (dialog);
  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "progress");
  g_assert_true (gm_test_spin_until_func (on_report_page, dialog, 60000));
  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "report");
  g_assert_cmpint (gm_import_dialog_get_report (dialog)->imported, ==, 1);

  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gm_test_spin_until (&result.done, 5000));
  g_assert_false (result.cancelled);
  g_assert_cmpint (result.imported, ==, 1);
  g_assert_cmpint (count_rows (project, "community"), ==, 1);
}

/* Closing while importing cancels, and the project is left as it was. */
static void
test_cancel_import (void)
{
  g_autofree char *project = new_empty_project ("cancel.gridmap");
  g_autofree char *path = shared_data ("real/berlin-moabit/moabit_build.shp");
  GmImportDialog *dialog = new_dialog (project, path);
  DoneResult result = { 0, };

  g_signal_connect (dialog, "done", G_CALLBACK (on_done), &result);
  gm_import_dialog_start (dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (gm_test_spin_until (&result.done, 60000));

  g_assert_true (result.cancelled);
  g_assert_cmpint (result.imported, ==, -1);
  g_assert_cmpint (count_rows (project, "building"), ==, 0);
}

static char *
test_data (const char *relative)
{
  const char *root = g_getenv ("GRIDMAP_TEST_DATA");

  g_assert_nonnull (root);
  return g_build_filename (root, relative, NULL);
}

/* gbk.dbf declares no encoding: the dialog shows the text as it decodes
 * (简体国语, `iconv -f GBK` of its bytes) for the user to check. */
static void
test_encoding_sample (void)
{
  g_autofree char *project = new_empty_project ("gbk.gridmap");
  g_autofree char *path = shared_data ("hardcases/mapshaper/dbf-only/gbk.dbf");
  GmImportDialog *dialog = new_dialog (project, path);

  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "options");
  g_assert_cmpstr (gm_import_dialog_get_encoding_sample (dialog), ==, "简体国语");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A missing .shx and a .cpg that is a web page are listed before the
 * import. */
static void
test_warnings (void)
{
  g_autofree char *project = new_empty_project ("html.gridmap");
  g_autofree char *path = shared_data ("hardcases/shapefile-js/htmlcpg.shp");
  GmImportDialog *dialog = new_dialog (project, path);
  gboolean shx = FALSE, cpg = FALSE;

  for (guint i = 0; i < gm_import_dialog_get_warning_count (dialog); i++)
    {
      shx |= strstr (gm_import_dialog_get_warning (dialog, i), ".shx") != NULL;
      cpg |= strstr (gm_import_dialog_get_warning (dialog, i), ".cpg") != NULL;
    }
  g_assert_true (shx);
  g_assert_true (cpg);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Gauss–Krüger coordinates without a .prj: three candidates (zone 38 in
 * CGCS2000, Xi'an 1980, Beijing 1954), none chosen for the user; Import
 * waits for a choice, then puts the points where gdaltransform does
 * (EPSG:4526: 114.129577, 31.232769). */
static void
test_srs_choice (void)
{
  g_autofree char *project = new_empty_project ("gk.gridmap");
  g_autofree char *path = test_data ("survey-gk38.csv");
  GmImportDialog *dialog = new_dialog (project, path);
  g_autoptr(GmStore) store = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_assert_cmpuint (gm_import_dialog_get_srs_candidate_count (dialog), ==, 3);
  g_assert_false (gm_import_dialog_can_import (dialog));
  g_assert_false (gm_import_dialog_choose_srs (dialog, "EPSG:4326"));
  g_assert_true (gm_import_dialog_choose_srs (dialog, "EPSG:4526"));
  g_assert_true (gm_import_dialog_can_import (dialog));
  gm_import_dialog_set_kind (dialog, GM_IMPORT_HAZARDS);
  gm_import_dialog_start (dialog);
  g_assert_true (gm_test_spin_until_func (on_report_page, dialog, 60000));
  g_assert_cmpstr (gm_import_dialog_get_page (dialog), ==, "report");
  g_assert_cmpint (gm_import_dialog_get_report (dialog)->imported, ==, 3);
  gtk_window_destroy (GTK_WINDOW (dialog));

  store = gm_store_open (project, GM_STORE_OPEN_READONLY, NULL);
  /* P1: the lowest easting and northing. */
  stmt = gm_store_prepare (store, "SELECT X(location), Y(location) FROM hazard"
                           " ORDER BY X(location), Y(location) LIMIT 1", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 0), 114.129577, 1e-6);
  g_assert_cmpfloat_with_epsilon (sqlite3_column_double (stmt, 1), 31.232769, 1e-6);
}

int
main (int   argc,
      char *argv[])
{
  gm_test_init (&argc, &argv);

  g_test_add_func ("/app/import-dialog/probe-district", test_probe_district);
  g_test_add_func ("/app/import-dialog/probe-buildings", test_probe_buildings);
  g_test_add_func ("/app/import-dialog/probe-projected", test_probe_projected);
  g_test_add_func ("/app/import-dialog/unreadable-file", test_unreadable_file);
  g_test_add_func ("/app/import-dialog/import-and-report", test_import_and_report);
  g_test_add_func ("/app/import-dialog/cancel-import", test_cancel_import);
  g_test_add_func ("/app/import-dialog/encoding-sample", test_encoding_sample);
  g_test_add_func ("/app/import-dialog/warnings", test_warnings);
  g_test_add_func ("/app/import-dialog/srs-choice", test_srs_choice);

  return gm_test_finish (g_test_run ());
}
