/* test-import-tables.c — residents and hazards from the spreadsheets a
 * street office keeps (CSV and XLSX with Chinese headers): linking rows
 * to buildings, checking ID and phone numbers, updating instead of
 * doubling, and listing every row that needs a look by its row number.
 *
 * residents-roster.xlsx and hazards-list.xlsx were made from the CSV files
 * beside them with `ogr2ogr -f XLSX residents-roster.xlsx
 * residents-roster.csv -nln 居民花名册` (and 隐患台账). The ID numbers are
 * in the unused region 990101; their check characters were computed with
 * GB 11643's weights by a separate Python one-liner. */
#include "gm-config.h"

#include <string.h>

#include "gm-import.h"
#include "gm-import-private.h"
#include "gm-test-util.h"

typedef GmTestProject Fixture;

static GmImportReport *
import (Fixture         *f,
        const char      *file,
        GmImportOptions *options)
{
  g_autofree char *src = gm_test_data (file);
  g_autoptr(GError) error = NULL;
  GmImportReport *report = gm_import_run (f->store, src, options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* A project holding the three buildings of buildings-small.geojson: B1
 * (林城路 1 号), B2 (林城路 3 号) and B3. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) report = NULL;

  gm_test_project_set_up (f, data);
  report = import (f, "buildings-small.geojson", options);
  g_assert_cmpint (report->imported, ==, 3);
}

/* The issue about spreadsheet row @row whose reason holds @needle. */
static const GmImportIssue *
row_issue (const GmImportReport *report,
           gint64                row,
           const char           *needle)
{
  for (guint i = 0; i < report->issues->len; i++)
    {
      const GmImportIssue *issue = g_ptr_array_index (report->issues, i);

      if (issue->row == row && strstr (issue->reason, needle) != NULL)
        return issue;
    }
  return NULL;
}

static void
test_id_numbers (void)
{
  g_autofree char *lower_x = gm_check_id_number ("99010119621209006x", NULL);
  g_autofree char *spaced = gm_check_id_number (" 990101 19800307 4257 ", NULL);
  g_autofree char *wide = gm_check_id_number ("９９０１０１１９８００３０７４２５７", NULL);
  g_autofree char *problem = NULL;

  g_assert_cmpstr (lower_x, ==, "99010119621209006X");
  g_assert_cmpstr (spaced, ==, "990101198003074257");
  g_assert_cmpstr (wide, ==, "990101198003074257");
  g_assert_null (gm_check_id_number ("990101197501012033", &problem));
  g_assert_nonnull (strstr (problem, "should be 8"));
  g_clear_pointer (&problem, g_free);
  g_assert_null (gm_check_id_number ("9.90101E+17", &problem));
  g_assert_nonnull (strstr (problem, "Excel"));
  g_clear_pointer (&problem, g_free);
  g_assert_null (gm_check_id_number ("990101198002304257", &problem));   /* 30 February */
  g_assert_nonnull (strstr (problem, "birth date"));
  g_clear_pointer (&problem, g_free);
  g_assert_null (gm_check_id_number ("990101800307425", &problem));
  g_assert_nonnull (strstr (problem, "15 digits"));
}

static void
test_phones (void)
{
  static const char * const good[][2] = {
    { "138 1234 5678", "13812345678" }, { "+86 139-0000-1111", "13900001111" },
    { "0086 13900001111", "13900001111" }, { "010-62345678", "010-62345678" },
    { "0755 8888 6666", "0755-88886666" }, { "12345", "12345" }, { "400-810-8888", "4008108888" },
    { "１３８１２３４５６７８", "13812345678" },
  };
  static const char * const bad[] = { "1380000", "12812345678", "138123456789", "电话待补" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *phone = gm_check_phone (good[i][0], NULL);

      g_assert_cmpstr (phone, ==, good[i][1]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *problem = NULL;

      g_assert_null (gm_check_phone (bad[i], &problem));
      g_assert_nonnull (strstr (problem, "not a phone number"));
    }
}

/* The roster, row by row (rows as Excel numbers them: the header is 1). */
static void
assert_roster (Fixture        *f,
               GmImportReport *report)
{
  g_assert_cmpint (report->read, ==, 9);
  g_assert_cmpint (report->imported, ==, 7);
  /* Row 7 repeats row 2 with the same values (its phone without spaces). */
  g_assert_cmpint (report->updated, ==, 0);
  g_assert_cmpint (report->unchanged, ==, 1);
  g_assert_cmpint (report->skipped, ==, 1);       /* row 8 has no name */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident"), ==, 7);

  /* Row 2: by building code, phone written with spaces. */
  gm_assert_text (f->store, "SELECT b.code || '|' || r.room || '|' || r.phone || '|' || r.tags FROM resident r"
                  " JOIN building b ON b.id = r.building_id WHERE r.id_number = '990101198003074257'",
                  "B1|301|13812345678|elderly_alone");
  /* Row 3: by address — 林城路 3 号 is the beginning of its address. */
  gm_assert_text (f->store, "SELECT b.code || '|' || r.registration || '|' || r.phone FROM resident r"
                  " JOIN building b ON b.id = r.building_id WHERE r.name = '刘洋'",
                  "B2|floating|13900001111");
  gm_assert_text (f->store, "SELECT id_number FROM resident WHERE name = '刘洋'", "99010119621209006X");
  /* Row 4: the check character is wrong (…2033, should be …2038). */
  g_assert_nonnull (row_issue (report, 4, "should be 8"));
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident WHERE name = '黄磊' AND id_number IS NULL"), ==, 1);
  /* Row 5: building B9 does not exist: imported without a building. */
  g_assert_nonnull (row_issue (report, 5, "“B9”"));
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident WHERE name = '周敏'"
                                  " AND building_id IS NULL AND phone = '010-62345678'"), ==, 1);
  /* Row 6: no code or address; its coordinates lie in B1. */
  gm_assert_text (f->store, "SELECT b.code FROM resident r JOIN building b ON b.id = r.building_id"
                  " WHERE r.name = '吴刚'", "B1");
  g_assert_nonnull (row_issue (report, 7, "as row 2"));
  g_assert_nonnull (row_issue (report, 8, "has no name"));
  g_assert_nonnull (row_issue (report, 9, "Excel"));
  g_assert_nonnull (row_issue (report, 10, "not a phone number"));
  gm_assert_text (f->store, "SELECT phone || '|' || tags FROM resident WHERE name = '王芳'", "1380000|disabled");
}

/* The XLSX roster; then again (XLSX and CSV): every row finds its
 * resident, with or without an ID number, nobody is doubled, and since
 * nothing differs every row is unchanged (the user's report: "updated 1"
 * for an identical roster, because every match was counted as an update).
 * Then a copy of the CSV with 黄磊's phone 13700002222 → 13700002223 (he
 * has no valid ID number: found by name, building and room): that row
 * alone is updated. */
static void
test_roster (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_RESIDENTS);
  g_autoptr(GmImportReport) first = import (f, "residents-roster.xlsx", options);
  g_autoptr(GmImportReport) again = NULL;
  g_autoptr(GmImportReport) csv = NULL;
  g_autoptr(GmImportReport) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *src = gm_test_data ("residents-roster.csv");
  g_autofree char *copy = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GString) edited = NULL;

  g_assert_cmpstr (first->layer, ==, "居民花名册");
  assert_roster (f, first);
  again = import (f, "residents-roster.xlsx", options);
  g_assert_cmpint (again->imported, ==, 0);
  g_assert_cmpint (again->updated, ==, 0);
  g_assert_cmpint (again->unchanged, ==, 8);
  csv = import (f, "residents-roster.csv", options);
  g_assert_cmpint (csv->imported, ==, 0);
  g_assert_cmpint (csv->updated, ==, 0);
  g_assert_cmpint (csv->unchanged, ==, 8);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident"), ==, 7);

  g_assert_true (g_file_get_contents (src, &text, NULL, NULL));

  edited = g_string_new (text);
  g_assert_cmpuint (g_string_replace (edited, ",13700002222,", ",13700002223,", 1), ==, 1);
  g_assert_true (g_file_set_contents (copy, edited->str, edited->len, NULL));
  changed = gm_import_run (f->store, copy, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed->imported, ==, 0);
  g_assert_cmpint (changed->updated, ==, 1);
  g_assert_cmpint (changed->unchanged, ==, 7);
  gm_assert_text (f->store, "SELECT phone FROM resident WHERE name = '黄磊'", "13700002223");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident"), ==, 7);
}

/* Hazards from an XLSX list linked by address: YH-001 at 林城路 1 号 (B1),
 * YH-002 at "林城路 3 号 东侧" (B2, its beginning), YH-003 names building
 * B9, which does not exist: kept without a place, reported at row 4. */
static void
test_hazard_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = import (f, "hazards-list.xlsx", options);

  g_assert_cmpint (report->imported, ==, 3);
  g_assert_cmpint (report->skipped, ==, 0);
  gm_assert_text (f->store, "SELECT b.code || '|' || h.category || '|' || h.status || '|' || h.found_on || '|' || h.deadline"
                  " FROM hazard h JOIN building b ON b.id = h.building_id WHERE h.source_id = 'YH-001'",
                  "B1|fire|discovered|2026-03-05|2026-03-12");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id"
                                  " WHERE h.source_id = 'YH-001' AND ST_Equals(h.location, b.anchor)"), ==, 1);
  gm_assert_text (f->store, "SELECT b.code || '|' || h.status FROM hazard h JOIN building b ON b.id = h.building_id"
                  " WHERE h.source_id = 'YH-002'", "B2|rectified");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM hazard WHERE source_id = 'YH-003'"
                                  " AND location IS NULL AND building_id IS NULL AND status = 'notified'"), ==, 1);
  g_assert_nonnull (row_issue (report, 4, "not on the map"));
}

/* A hazard "found" in 2099 is kept as written and said; a deadline in
 * 2099 is what deadlines are, and says nothing. */
static void
test_hazard_future_date (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = gm_test_mkdtemp ();
  g_autofree char *csv = g_build_filename (dir, "future.csv", NULL);

  g_assert_true (g_file_set_contents (csv,
                                      "隐患编号,隐患类别,隐患类型,楼栋编码,发现日期,整改期限,状态\n"
                                      "F-1,消防,消防通道堵塞,B1,2099-01-01,2099-02-01,待整改\n"
                                      "F-2,消防,消防通道堵塞,B1,2026-01-05,2099-02-01,待整改\n", -1, &error));
  report = gm_import_run (f->store, csv, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->imported, ==, 2);
  g_assert_nonnull (row_issue (report, 2, "“2099-01-01” in field “发现日期” is a date in the future"));
  g_assert_null (row_issue (report, 2, "2099-02-01"));
  g_assert_null (row_issue (report, 3, "future"));
  gm_assert_text (f->store, "SELECT found_on FROM hazard WHERE source_id = 'F-1'", "2099-01-01");
  gm_test_rmdir (dir);
}

/* A roster as offices keep them: a title merged over the first row
 * ("林城社区居民信息登记表", which GDAL takes for the column names), the
 * names in row 2. The names are read from row 2, which is not imported;
 * rows keep the numbers Excel shows. roster-titled.xlsx was written with
 * Python's zipfile (inline strings, a merged A1:K1) from the first rows of
 * residents-roster.csv. */
static void
test_titled_roster (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_RESIDENTS);
  g_autoptr(GmImportReport) report = import (f, "roster-titled.xlsx", options);
  const GmImportIssue *title = row_issue (report, -1, "title");

  g_assert_cmpint (report->read, ==, 3);
  g_assert_cmpint (report->imported, ==, 3);
  g_assert_nonnull (title);
  g_assert_nonnull (strstr (title->reason, "林城社区居民信息登记表"));
  gm_assert_text (f->store, "SELECT b.code || '|' || r.room FROM resident r JOIN building b ON b.id = r.building_id"
                  " WHERE r.id_number = '990101198003074257'", "B1|301");
  g_assert_nonnull (row_issue (report, 5, "should be 8"));
}

/* The words offices write in a hazard list's status column. */
static void
test_hazard_status_words (void)
{
  static const char * const cases[][2] = {
    { "关闭", "closed" }, { "已关闭", "closed" }, { "已销号", "closed" }, { "已闭环", "closed" },
    { "结案", "closed" }, { "Verified", "closed" }, { "已整改", "rectified" }, { "已修复", "rectified" },
    { "限期整改", "notified" }, { "整改中", "notified" }, { "未处理", "discovered" }, { " open ", "discovered" },
    { "", "discovered" },
  };
  const char *status = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (gm_normalize_hazard_status (cases[i][0], &status));
      g_assert_cmpstr (status, ==, cases[i][1]);
    }
  g_assert_false (gm_normalize_hazard_status ("大概好了", &status));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, gm_test_project_tear_down)
  g_test_add_func ("/core/import-tables/id-numbers", test_id_numbers);
  g_test_add_func ("/core/import-tables/phones", test_phones);
  g_test_add_func ("/core/import-tables/hazard-status-words", test_hazard_status_words);
  ADD ("/core/import-tables/roster", test_roster);
  ADD ("/core/import-tables/hazard-list", test_hazard_list);
  ADD ("/core/import-tables/hazard-future-date", test_hazard_future_date);
  ADD ("/core/import-tables/titled-roster", test_titled_roster);
#undef ADD
  return g_test_run ();
}
