/* test-store.c — the project file: creation, schema, refusal of other files,
 * privacy helpers. */
#include "gm-config.h"

#include "gm-privacy.h"
#include "gm-test-util.h"

static void
test_create_migrate (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "new.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);
  g_autofree char *mode = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (gm_store_get_schema_version (store), ==, GM_STORE_SCHEMA_VERSION);
  g_assert_cmpint (gm_test_count (store, "PRAGMA application_id"), ==, 0x4752444d);
  mode = gm_test_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");

  /* Every geometry column is registered, and the searched ones indexed:
   * community, grid, building, hazard, road, landuse, water, plan_grid. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM geometry_columns"), ==, 10);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM geometry_columns WHERE spatial_index_enabled = 1"), ==, 8);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM sqlite_master WHERE name = 'idx_building_footprint'"), ==, 1);
  g_assert_cmpint (gm_test_count (store, "SELECT srid FROM geometry_columns WHERE f_table_name = 'grid' AND f_geometry_column = 'boundary'"), ==, 4326);

  g_clear_object (&store);
  gm_test_rmdir (dir);
}

static void
test_refuse_other_files (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *text = g_build_filename (dir, "notes.gridmap", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.sqlite", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (text, "not a database, just some text that is long enough", -1, NULL));
  store = gm_store_open (text, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_PROJECT);
  g_assert_nonnull (strstr (error->message, "notes.gridmap"));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (plain, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = gm_store_open (plain, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, GM_STORE_ERROR, GM_STORE_ERROR_NOT_PROJECT);
  g_clear_error (&error);

  store = gm_store_open (missing, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, GM_STORE_ERROR, GM_STORE_ERROR_OPEN);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  gm_test_rmdir (dir);
}

static void
test_too_new (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "future.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_true (gm_store_exec (store, "PRAGMA user_version = 99", &error));
  g_clear_object (&store);

  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, GM_STORE_ERROR, GM_STORE_ERROR_TOO_NEW);
  gm_test_rmdir (dir);
}

/* Opening and closing a current project writes nothing to it. */
static void
test_reopen_unchanged (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "p.gridmap", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  GmStore *store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_object_unref (store);
  before = gm_test_checksum (path);
  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_object_unref (store);
  after = gm_test_checksum (path);
  g_assert_cmpstr (before, ==, after);
  gm_test_rmdir (dir);
}

static void
test_transactions (void)
{
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "t.gridmap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_CREATE, &error);
  g_autoptr(GmStore) other = NULL;
  g_autofree char *seen = NULL;

  g_assert_true (gm_store_begin (store, &error));
  g_assert_true (gm_store_set_meta (store, "k", "v", &error));
  g_assert_true (gm_store_audit (store, "test", "meta", 0, NULL, "v", &error));
  gm_store_rollback (store);
  g_assert_null (gm_store_dup_meta (store, "k"));
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit"), ==, 0);

  g_assert_true (gm_store_begin (store, &error));
  g_assert_true (gm_store_set_meta (store, "k", "v2", &error));
  g_assert_true (gm_store_commit (store, &error));

  /* A second connection sees the committed value (WAL). */
  other = gm_store_open (path, GM_STORE_OPEN_READONLY, &error);
  g_assert_no_error (error);
  seen = gm_store_dup_meta (other, "k");
  g_assert_cmpstr (seen, ==, "v2");
  gm_test_rmdir (dir);
}

static void
test_masking (void)
{
  g_autofree char *id = gm_mask_id_number ("440301199001011234");
  g_autofree char *phone = gm_mask_phone ("13812345678");
  g_autofree char *tiny = gm_mask_phone ("123");
  g_autofree char *tags = gm_resident_tags_label ("elderly_alone,disabled");

  g_assert_cmpstr (id, ==, "4403**********1234");
  g_assert_cmpstr (phone, ==, "138****5678");
  g_assert_cmpstr (tiny, ==, "***");
  /* C locale: the English labels. */
  g_assert_cmpstr (tags, ==, "Elderly living alone, Disabled");
}

/* The worked example of GB 11643-1999 (11010519491231002X) and its
 * neighbours with a wrong check character. */
static void
test_id_check (void)
{
  g_assert_cmpint (gm_id_number_check_char ("11010519491231002"), ==, 'X');
  g_assert_true (gm_id_number_is_valid ("11010519491231002X"));
  g_assert_true (gm_id_number_is_valid ("11010519491231002x"));
  g_assert_false (gm_id_number_is_valid ("110105194912310021"));
  g_assert_false (gm_id_number_is_valid ("1101051949123100"));
  g_assert_cmpint (gm_id_number_check_char ("1101051949123100A"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/store/create-migrate", test_create_migrate);
  g_test_add_func ("/core/store/refuse-other-files", test_refuse_other_files);
  g_test_add_func ("/core/store/too-new", test_too_new);
  g_test_add_func ("/core/store/reopen-unchanged", test_reopen_unchanged);
  g_test_add_func ("/core/store/transactions", test_transactions);
  g_test_add_func ("/core/privacy/masking", test_masking);
  g_test_add_func ("/core/privacy/id-check", test_id_check);
  return g_test_run ();
}
