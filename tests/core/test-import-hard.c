/* test-import-hard.c — the hard cases of real files, one kind at a time:
 * encodings, coordinate systems, geometry, containers and sidecars.
 *
 * The files are the shared hard cases (tests/data/shared/hardcases, see its
 * DATASETS.md) and a few small synthetic ones in tests/data. Each expected
 * value was checked with an independent tool; the comment says which. */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-coord-shift.h"
#include "gm-i18n.h"
#include "gm-import.h"
#include "gm-test-util.h"

typedef GmTestProject Fixture;

static GmImportReport *
import (Fixture         *f,
        const char      *path,
        GmImportOptions *options)
{
  g_autoptr(GError) error = NULL;
  GmImportReport *report = gm_import_run (f->store, path, options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static GError *
import_fails (Fixture         *f,
              const char      *path,
              GmImportOptions *options)
{
  GError *error = NULL;
  GmImportReport *report = gm_import_run (f->store, path, options, NULL, NULL, NULL, &error);

  g_assert_null (report);
  g_assert_nonnull (error);
  return error;
}

/* The first issue whose reason holds @needle, or NULL. */
static const GmImportIssue *
find_issue (const GmImportReport *report,
            const char           *needle)
{
  for (guint i = 0; i < report->issues->len; i++)
    {
      const GmImportIssue *issue = g_ptr_array_index (report->issues, i);

      if (strstr (issue->reason, needle) != NULL)
        return issue;
    }
  return NULL;
}

static GmSourceLayer *
probe (const char *path,
       const char *encoding,
       GmSource  **out)
{
  g_autoptr(GError) error = NULL;

  *out = gm_source_probe (path, encoding, &error);
  g_assert_no_error (error);
  return gm_source_find_layer (*out, NULL);
}

static gboolean
has_warning (const GmSourceLayer *layer,
             const char          *needle)
{
  for (guint i = 0; layer->warnings != NULL && layer->warnings[i] != NULL; i++)
    if (strstr (layer->warnings[i], needle) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- encodings ---------------------------------------------------------------------- */

/* DBFs that declare nothing (no .cpg, language byte 0): the encoding is
 * found from the bytes. The right readings, from `iconv -f ENC -t UTF-8`
 * of the NAME bytes in the .dbf (xxd): gbk.dbf bc f2 cc e5 b9 fa d3 ef in
 * GBK is 简体国语; big5.dbf c1 63 c5 e9 b0 ea bb 79 in Big5 is 繁體國語;
 * latin1.dbf in CP1252 is "Peçeña México"; utf8.dbf is UTF-8 国语國語. */
static void
test_encoding_detected (void)
{
  static const struct { const char *file, *encoding, *text; } cases[] = {
    { "hardcases/mapshaper/dbf-only/gbk.dbf", "GB18030", "简体国语" },
    { "hardcases/mapshaper/dbf-only/gb2312.dbf", "GB18030", "简体国语" },
    { "hardcases/mapshaper/dbf-only/big5.dbf", "BIG5", "繁體國語" },
    { "hardcases/mapshaper/dbf-only/latin1.dbf", "CP1252", "Peçeña México" },
    { "hardcases/mapshaper/dbf-only/utf8.dbf", "UTF-8", "国语國語" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *src = gm_test_shared (cases[i].file);
      g_autoptr(GmSource) source = NULL;
      GmSourceLayer *layer = probe (src, NULL, &source);
      GmEncodingCandidate *best;

      g_test_message ("%s: %s “%s”", cases[i].file, layer->encoding, layer->encoding_sample);
      g_assert_cmpstr (layer->encoding, ==, cases[i].encoding);
      g_assert_cmpint (layer->encoding_origin, ==, GM_ENCODING_DETECTED);
      g_assert_false (layer->encoding_uncertain);
      g_assert_cmpstr (layer->encoding_sample, ==, cases[i].text);
      g_assert_cmpstr (layer->samples[0], ==, cases[i].text);
      /* The other readings are offered, worse: GBK read as Big5 is a run
       * of rare characters (潠极弊逄). */
      g_assert_cmpuint (layer->encoding_candidates->len, >=, 4);
      best = g_ptr_array_index (layer->encoding_candidates, 0);
      g_assert_cmpstr (best->encoding, ==, cases[i].encoding);
      g_assert_cmpfloat (((GmEncodingCandidate *) g_ptr_array_index (layer->encoding_candidates, 1))->score,
                         <, best->score);
    }
}

/* Shift_JIS is none of the candidates: the best reading is a guess, and
 * it says so. */
static void
test_encoding_uncertain (void)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/dbf-only/shiftjis.dbf");
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);

  g_assert_true (layer->encoding_uncertain);
}

/* The user's choice wins, and its reading is shown: the GBK bytes read as
 * Big5 are 潠极弊逄 (`iconv -f BIG5` of bc f2 cc e5 b9 fa d3 ef). */
static void
test_encoding_chosen (void)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/dbf-only/gbk.dbf");
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer = probe (src, "big5", &source);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (layer->encoding, ==, "BIG5");
  g_assert_cmpint (layer->encoding_origin, ==, GM_ENCODING_CHOSEN);
  g_assert_cmpstr (layer->encoding_sample, ==, "潠极弊逄");

  g_assert_null (gm_source_probe (src, "klingon-8", &error));
  g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_ENCODING);
}

/* Bytes that do not decode are reported with the feature and the field,
 * never dropped silently: latin1.dbf read as UTF-8 (e7, f1 and e9 are not
 * UTF-8) keeps "Pe?e?a M?xico" with U+FFFD and says where. */
static void
test_encoding_unconvertible (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/dbf-only/latin1.dbf");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_RESIDENTS);
  g_autoptr(GmImportReport) report = NULL;
  const GmImportIssue *issue;

  options->encoding = g_strdup ("UTF-8");
  gm_import_options_map (options, "name", "NAME");
  report = import (f, src, options);
  issue = find_issue (report, "cannot be read as UTF-8");
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->feature, ==, 0);
  g_assert_nonnull (strstr (issue->reason, "“NAME”"));
  g_assert_nonnull (strstr (issue->reason, "3 bytes"));
  gm_assert_text (f->store, "SELECT name FROM resident", "Pe\xef\xbf\xbd" "e\xef\xbf\xbd" "a M\xef\xbf\xbd" "xico");
}

/* file_cp936: the .cpg says 936 and the language byte 0x01 (CP437); the
 * text reads as GBK: 测试中文 (`iconv -f GBK`), and the disagreement is
 * reported. */
static void
test_encoding_disagree (void)
{
  g_autofree char *src = gm_test_shared ("hardcases/shapefile-rs/file_cp936.shp");
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);

  g_assert_cmpstr (layer->encoding, ==, "CP936");
  g_assert_cmpint (layer->encoding_origin, ==, GM_ENCODING_FROM_CPG);
  g_assert_cmpstr (layer->samples[0], ==, "测试中文");
  g_assert_true (has_warning (layer, "says CP437"));
}

/* codepage.cpg says "ANSI 1250", a spelling GDAL does not know; read as
 * CP1250 the name is "Hněvošický háj" (`iconv -f CP1250`). htmlcpg.cpg is a
 * web page: ignored with a warning, and the text (UTF-8 "💩" and
 * "Hněvošický háj") is detected. */
static void
test_encoding_cpg_spellings (void)
{
  g_autofree char *ansi = gm_test_shared ("hardcases/shapefile-js/codepage.shp");
  g_autofree char *html = gm_test_shared ("hardcases/shapefile-js/htmlcpg.shp");
  g_autoptr(GmSource) a = NULL;
  g_autoptr(GmSource) h = NULL;
  GmSourceLayer *layer = probe (ansi, NULL, &a);

  g_assert_cmpstr (layer->encoding, ==, "CP1250");
  g_assert_cmpint (layer->encoding_origin, ==, GM_ENCODING_FROM_CPG);
  g_assert_cmpstr (layer->encoding_sample, ==, "Hněvošický háj");

  layer = probe (html, NULL, &h);
  g_assert_cmpstr (layer->encoding, ==, "UTF-8");
  g_assert_cmpint (layer->encoding_origin, ==, GM_ENCODING_DETECTED);
  g_assert_true (has_warning (layer, "does not name a text encoding"));
  g_assert_true (has_warning (layer, "<!DOCTYPE html>"));
  g_assert_cmpstr (layer->encoding_sample, ==, "💩 · Hněvošický háj");
}

/* A shapefile written by Chinese ArcGIS: language byte 0x57 ("the ANSI
 * code page", which GDAL reads as Latin-1) over GBK text. Made from
 * gbk.dbf with byte 29 set to 0x57: the declaration is overruled and said
 * so, the text is 简体国语. */
static void
test_encoding_ansi_gbk (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *orig = gm_test_shared ("hardcases/mapshaper/dbf-only/gbk.dbf");
  g_autofree char *copy = g_build_filename (f->dir, "arcgis.dbf", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer;
  gsize length;

  g_assert_true (g_file_get_contents (orig, &bytes, &length, NULL));
  bytes[29] = 0x57;
  g_assert_true (g_file_set_contents (copy, bytes, length, NULL));
  layer = probe (copy, NULL, &source);
  g_assert_cmpstr (layer->encoding, ==, "GB18030");
  g_assert_cmpint (layer->encoding_origin, ==, GM_ENCODING_DETECTED);
  g_assert_cmpstr (layer->encoding_sample, ==, "简体国语");
  g_assert_true (has_warning (layer, "ISO-8859-1"));
}

/* A roster saved as GBK by Excel: the CSV's headers 经度/纬度 are found in
 * that encoding and its names read. Made from tests/data/outliers.csv by
 * g_convert to GB18030. */
static void
test_encoding_gbk_csv (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *orig = gm_test_data ("outliers.csv");
  g_autofree char *copy = g_build_filename (f->dir, "gbk.csv", NULL);
  g_autofree char *utf8 = NULL;
  g_autofree char *gbk = NULL;
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (orig, &utf8, NULL, NULL));
  gbk = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &length, NULL);
  g_assert_true (g_file_set_contents (copy, gbk, length, NULL));
  gm_import_options_map (options, "description", "名称");
  report = import (f, copy, options);
  g_assert_cmpstr (report->encoding, ==, "GB18030");
  g_assert_cmpint (report->imported, ==, 7);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM hazard WHERE description = '甲'"
                                  " AND abs(X(location) - 37.2001) < 1e-9 AND abs(Y(location) - 55.6601) < 1e-9"), ==, 1);
}

/* ---- coordinate systems -------------------------------------------------------------- */

/* Gauss–Krüger with the zone number in the easting (38 512 345): zone 38
 * of the 3° zones, in CGCS2000, Xi'an 1980 or Beijing 1954 — never chosen
 * silently. `echo 38512345 3456789 | gdaltransform -s_srs EPSG:4526
 * -t_srs EPSG:4326` gives 114.129577, 31.232769. */
static void
test_crs_gk_zone (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *src = gm_test_data ("survey-gk38.csv");
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);
  const char *codes[] = { "EPSG:4526", "EPSG:2362", "EPSG:2414" };

  g_assert_null (layer->srs_code);
  g_assert_false (layer->srs_lonlat);
  g_assert_cmpuint (layer->srs_candidates->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      GmSrsCandidate *c = g_ptr_array_index (layer->srs_candidates, i);

      g_assert_cmpstr (c->code, ==, codes[i]);
      g_assert_cmpfloat_with_epsilon (c->lon, 114.1296, 1e-4);
      g_assert_cmpfloat_with_epsilon (c->lat, 31.2327, 1e-3);
    }

  gm_import_options_map (options, "description", "名称");
  error = import_fails (f, src, options);
  g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS_NEEDED);
  g_assert_nonnull (strstr (error->message, "survey-gk38.csv"));
  g_assert_nonnull (strstr (error->message, "EPSG:4526"));
  g_clear_error (&error);

  options->srs = g_strdup ("EPSG:4526");
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 3);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT X(location) FROM hazard WHERE description = '测量点一'"),
                                  114.129577009, 1e-8);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT Y(location) FROM hazard WHERE description = '测量点一'"),
                                  31.232768980, 1e-8);
}

/* The same points without the zone number (512 345): the central meridian
 * cannot be read from them, but the project's data near 114° E puts
 * CGCS2000 3° CM 114E (EPSG:4547) first, with its Xi'an 1980 (EPSG:2383)
 * and Beijing 1954 (EPSG:2435) equivalents (gdalsrsinfo names them). */
static void
test_crs_gk_zoneless (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *zoned = gm_test_data ("survey-gk38.csv");
  g_autofree char *src = gm_test_data ("survey-cm114.csv");
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GmImportOptions) first = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);
  GmExtent extent;

  /* No project data: every meridian of China is a candidate. */
  g_assert_cmpuint (layer->srs_candidates->len, >, 60);

  first->srs = g_strdup ("EPSG:4526");
  report = import (f, zoned, first);
  g_assert_true (gm_store_get_extent (f->store, &extent, NULL));
  gm_source_rank_srs (source, &extent);
  g_assert_cmpstr (((GmSrsCandidate *) g_ptr_array_index (layer->srs_candidates, 0))->code, ==, "EPSG:4547");
  g_assert_cmpstr (((GmSrsCandidate *) g_ptr_array_index (layer->srs_candidates, 1))->code, ==, "EPSG:2383");
  g_assert_cmpstr (((GmSrsCandidate *) g_ptr_array_index (layer->srs_candidates, 2))->code, ==, "EPSG:2435");
  g_assert_cmpfloat (((GmSrsCandidate *) g_ptr_array_index (layer->srs_candidates, 0))->distance_km, <, 0.1);
}

/* c_utm.shp has no .prj; its siblings say NAD83 / UTM 18N. With d_geo.shp
 * (the same area in WGS 84) in the project, UTM zone 18N comes first, and
 * imported in EPSG:26918 it lands on a_utm's outline: `ogr2ogr -t_srs
 * EPSG:4326` of a_utm.shp and c_utm.shp give the same first vertex. */
static void
test_crs_no_prj_ranked (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *geo = gm_test_shared ("hardcases/mapshaper/utm-merc-mixed/d_geo.shp");
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/utm-merc-mixed/c_utm.shp");
  g_autoptr(GmImportOptions) b = gm_import_options_new (GM_IMPORT_LANDUSE);
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) rb = import (f, geo, b);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);
  GmSrsCandidate *best;
  GmExtent extent;

  g_assert_true (gm_store_get_extent (f->store, &extent, NULL));
  gm_source_rank_srs (source, &extent);
  best = g_ptr_array_index (layer->srs_candidates, 0);
  g_assert_true (g_str_equal (best->code, "EPSG:32618") || g_str_equal (best->code, "EPSG:26918"));
  g_assert_cmpfloat (best->distance_km, <, 1.0);

  options->srs = g_strdup ("EPSG:26918");
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 1);
  g_assert_cmpstr (report->srs, ==, "EPSG:26918");
}

/* A .prj in metres on coordinates in degrees: moabit_district (lon/lat)
 * given RBS_OD_ORT_1412's UTM 33N .prj is refused, with lon/lat offered. */
static void
test_crs_contradiction (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const exts[] = { ".shp", ".shx", ".dbf" };
  g_autofree char *utm_prj = gm_test_shared ("real/berlin-moabit/RBS_OD_ORT_1412.prj");
  g_autofree char *target = g_build_filename (f->dir, "district.shp", NULL);
  g_autofree char *prj_copy = g_build_filename (f->dir, "district.prj", NULL);
  g_autofree char *prj = NULL;
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_COMMUNITY);
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GError) error = NULL;
  GmSourceLayer *layer;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *name = g_strconcat ("real/berlin-moabit/moabit_district", exts[i], NULL);
      g_autofree char *from = gm_test_shared (name);
      g_autofree char *to = g_strconcat (f->dir, "/district", exts[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (from, &bytes, &length, NULL));
      g_assert_true (g_file_set_contents (to, bytes, length, NULL));
    }
  g_assert_true (g_file_get_contents (utm_prj, &prj, NULL, NULL));
  g_assert_true (g_file_set_contents (prj_copy, prj, -1, NULL));

  layer = probe (target, NULL, &source);
  g_assert_cmpstr (layer->srs_code, ==, "EPSG:25833");
  g_assert_nonnull (strstr (layer->srs_problem, "look like longitude and latitude"));
  g_assert_cmpstr (((GmSrsCandidate *) g_ptr_array_index (layer->srs_candidates, 0))->code, ==, "EPSG:4326");

  error = import_fails (f, target, options);
  g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS);
  g_assert_nonnull (strstr (error->message, "EPSG:4326"));
}

/* htmlprj.prj is a web page, which GDAL silently ignores: said, and the
 * lon/lat coordinates are read as WGS 84 with a word in the report. */
static void
test_crs_junk_prj (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/shapefile-js/htmlprj.shp");
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);

  g_assert_true (has_warning (layer, "not a coordinate system"));
  g_assert_true (layer->srs_lonlat);
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 2);
  g_assert_nonnull (find_issue (report, "EPSG:4326 was assumed"));
}

/* GCJ-02 and BD-09: published pairs. WGS 84 → GCJ-02 from the tests of
 * googollee/eviltransform (Shanghai, Shenzhen, Beijing) and of
 * wandergis/coordtransform (116.404, 39.915 → 116.41024449916938,
 * 39.91640428150164), GCJ-02 → BD-09 (→ 116.41036949371029,
 * 39.92133699351021). Their inverses are approximations to within a metre
 * (coordtransform: GCJ-02 116.404, 39.915 → WGS 84 116.39775550083061,
 * 39.91359571849836); the iteration here inverts the forward formula to
 * 1e-9°. */
static void
test_crs_gcj02_pairs (void)
{
  static const double pairs[][4] = {
    { 121.5272106, 31.1774276, 121.531541859215, 31.17530398364597 },
    { 113.912316, 22.543847, 113.9171764808363, 22.540796131694766 },
    { 116.377817, 39.911954, 116.38404722455657, 39.91334545536069 },
    { 116.404, 39.915, 116.41024449916938, 39.91640428150164 },
  };
  double x, y;

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      gm_wgs84_to_gcj02 (pairs[i][0], pairs[i][1], &x, &y);
      g_assert_cmpfloat_with_epsilon (x, pairs[i][2], 1e-9);
      g_assert_cmpfloat_with_epsilon (y, pairs[i][3], 1e-9);
      gm_gcj02_to_wgs84 (pairs[i][2], pairs[i][3], &x, &y);
      g_assert_cmpfloat_with_epsilon (x, pairs[i][0], 1e-9);
      g_assert_cmpfloat_with_epsilon (y, pairs[i][1], 1e-9);
    }
  gm_gcj02_to_bd09 (116.404, 39.915, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 116.41036949371029, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 39.92133699351021, 1e-9);
  gm_bd09_to_gcj02 (116.41036949371029, 39.92133699351021, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 116.404, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 39.915, 1e-9);
  gm_gcj02_to_wgs84 (116.404, 39.915, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 116.39775550083061, 1e-6);
  g_assert_cmpfloat_with_epsilon (y, 39.91359571849836, 1e-6);
  /* Outside China nothing is shifted. */
  gm_gcj02_to_wgs84 (37.2, 55.66, &x, &y);
  g_assert_cmpfloat (x, ==, 37.2);
  g_assert_cmpfloat (y, ==, 55.66);
}

/* An Amap export (GCJ-02) imported with the option lands on the WGS 84
 * points of the pairs above; a Baidu point (BD-09) on the WGS 84 of
 * 116.404, 39.915 in GCJ-02. */
static void
test_crs_gcj02_import (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *amap = gm_test_data ("amap-gcj02.csv");
  g_autofree char *baidu = gm_test_data ("baidu-bd09.csv");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportOptions) bd = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GmImportReport) bd_report = NULL;

  options->shift = GM_SHIFT_GCJ02;
  gm_import_options_map (options, "description", "名称");
  report = import (f, amap, options);
  g_assert_cmpint (report->imported, ==, 3);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT X(location) FROM hazard WHERE description = '上海'"), 121.5272106, 1e-8);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT Y(location) FROM hazard WHERE description = '上海'"), 31.1774276, 1e-8);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT X(location) FROM hazard WHERE description = '深圳'"), 113.912316, 1e-8);

  bd->shift = GM_SHIFT_BD09;
  gm_import_options_map (bd, "description", "名称");
  bd_report = import (f, baidu, bd);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT X(location) FROM hazard WHERE description = '天安门'"), 116.39775550083061, 1e-6);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT Y(location) FROM hazard WHERE description = '天安门'"), 39.91359571849836, 1e-6);
}

/* Five points in a neighbourhood, one 983 km east (52.9° E on the same
 * parallel: 15.70° × 111.2 km × cos 55.66° along it; the great circle is
 * a little shorter) and one at 0, 0: both named, with how far they lie. */
static void
test_crs_outliers (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *src = gm_test_data ("outliers.csv");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = import (f, src, options);
  const GmImportIssue *far = find_issue (report, "km from the other features (at 52.90000");
  const GmImportIssue *zero = find_issue (report, "longitude 0, latitude 0");
  int km = 0;

  g_assert_nonnull (far);
  g_assert_cmpint (far->feature, ==, 6);
  g_assert_cmpint (far->row, ==, 7);
  g_assert_cmpint (sscanf (far->reason, "lies %d km", &km), ==, 1);
  g_assert_cmpint (km, >=, 975);
  g_assert_cmpint (km, <=, 990);
  g_assert_nonnull (zero);
  g_assert_cmpint (zero->row, ==, 8);
}

/* ---- geometry ----------------------------------------------------------------------- */

/* openring.json: a ring that does not end where it starts, which GDAL
 * accepts with a warning: closed and counted as repaired. */
static void
test_geometry_open_ring (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/geojson/openring.json");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) report = import (f, src, options);

  g_assert_cmpint (report->imported, ==, 1);
  g_assert_cmpint (report->repaired, ==, 1);
  g_assert_nonnull (find_issue (report, "was not closed"));
  g_assert_cmpint (gm_test_count (f->store, "SELECT ST_IsValid(footprint) AND ST_IsClosed(ExteriorRing(GeometryN(footprint, 1))) FROM building"), ==, 1);
}

/* 3D models are refused with what to do: multipatch.shp (shape type 31,
 * no .shx) and test_tin.shp, and the WKT TIN, TRIANGLE and collection of
 * test_tin.csv. */
static void
test_geometry_surfaces (Fixture       *f,
                        gconstpointer  data)
{
  const char *files[] = { "hardcases/shapefile-rs/multipatch.shp", "hardcases/fiona/test_tin.shp",
                          "hardcases/fiona/test_tin.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = gm_test_shared (files[i]);
      g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
      g_autoptr(GError) error = NULL;

      options->srs = g_strdup ("EPSG:4326");
      error = import_fails (f, src, options);
      g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_NOTHING);
      g_assert_nonnull (strstr (error->message, "3D surface"));
      g_assert_nonnull (strstr (error->message, "footprints"));
    }
}

/* Z and M are dropped: polygonz.shp (PolygonZM, no .shx, no .prj; read in
 * the only candidate its coordinates allow, Web Mercator), polygonm.shp,
 * and MyPolyZ.shp keep their outline in 2D. */
static void
test_geometry_z_m (Fixture       *f,
                   gconstpointer  data)
{
  const char *files[] = { "hardcases/shapefile-rs/polygonz.shp", "hardcases/shapefile-rs/polygonm.shp",
                          "hardcases/pyshp/MyPolyZ.shp" };
  const char *srs[] = { "EPSG:3857", "EPSG:3857", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = gm_test_shared (files[i]);
      g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_LANDUSE);
      g_autoptr(GmImportReport) report = NULL;

      options->srs = g_strdup (srs[i]);
      report = import (f, src, options);
      g_assert_cmpint (report->imported, ==, 1);
    }
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM landuse WHERE CoordDimension(geom) = 'XY'"), ==, 3);
}

/* Curves are linearised: a CURVEPOLYGON of a circular ring and a
 * CIRCULARSTRING (WKT in tests/data/curves.csv). The circle through the
 * four corners of a 0.001° × 0.0006° box keeps its corners. */
static void
test_geometry_curves (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *src = gm_test_data ("curves.csv");
  g_autoptr(GmImportOptions) areas = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportOptions) lines = gm_import_options_new (GM_IMPORT_ROADS);
  g_autoptr(GmImportReport) a = import (f, src, areas);
  g_autoptr(GmImportReport) l = import (f, src, lines);

  g_assert_cmpint (a->imported, ==, 1);
  g_assert_nonnull (find_issue (a, "is a line, but Buildings need areas"));
  g_assert_cmpint (gm_test_count (f->store, "SELECT NumPoints(ExteriorRing(GeometryN(footprint, 1))) FROM building"), >, 16);
  g_assert_cmpint (l->imported, ==, 1);
  g_assert_cmpint (gm_test_count (f->store, "SELECT NumPoints(GeometryN(geom, 1)) FROM road"), >, 8);
}

/* A layer of mixed kinds (mixed_feature.json: a multipoint, a line and a
 * polygon): the probe says so, and each import takes its kind, listing
 * the others as skipped. */
static void
test_geometry_mixed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/geojson/mixed_feature.json");
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);
  GmImportKind kinds[] = { GM_IMPORT_BUILDINGS, GM_IMPORT_ROADS };

  g_assert_cmpint (layer->n_points, ==, 1);
  g_assert_cmpint (layer->n_lines, ==, 1);
  g_assert_cmpint (layer->n_areas, ==, 1);
  g_assert_true (has_warning (layer, "mixes kinds of geometry"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GmImportOptions) options = gm_import_options_new (kinds[i]);
      g_autoptr(GmImportReport) report = import (f, src, options);

      g_assert_cmpint (report->imported, ==, 1);
      g_assert_cmpint (report->skipped, ==, 2);
    }
}

/* LGA_2013_AUST: 12 of 13 records have a null shape (ogrinfo shows
 * "(null)" geometry): skipped, each with its reason. */
static void
test_geometry_null (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/shapefile-js/LGA_2013_AUST.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_LANDUSE);
  g_autoptr(GmImportReport) report = import (f, src, options);
  guint nulls = 0;

  g_assert_cmpint (report->imported, ==, 1);
  g_assert_cmpint (report->skipped, ==, 12);
  for (guint i = 0; i < report->issues->len; i++)
    nulls += strstr (((GmImportIssue *) g_ptr_array_index (report->issues, i))->reason, "null shape") != NULL;
  g_assert_cmpuint (nulls, ==, 12);
  g_assert_cmpstr (report->srs, ==, "EPSG:4283");
}

/* ---- containers and sidecars --------------------------------------------------------- */

static GStrv
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_strv_builder_add (names, name);
  return g_strv_builder_end (names);
}

/* no-dbf.shp has neither .shx nor .dbf: the .shx is rebuilt in a temporary
 * copy (the folder keeps exactly its files), the 14 polygons are imported
 * with a warning about the attributes (`ogrinfo --config SHAPE_RESTORE_SHX
 * YES` counts 14), and 9 self-crossing outlines are repaired (ST_IsValid
 * in the same ogrinfo is 0 for 9). */
static void
test_container_missing_shx_dbf (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *orig = gm_test_shared ("hardcases/shapefile-js/no-dbf.shp");
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *src = g_build_filename (folder, "no-dbf.shp", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_LANDUSE);
  g_autoptr(GmImportReport) report = NULL;
  g_auto(GStrv) after = NULL;
  gsize length;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_get_contents (orig, &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (src, bytes, length, NULL));
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 14);
  g_assert_cmpint (report->repaired, ==, 9);
  g_assert_nonnull (find_issue (report, "no .dbf"));
  g_assert_nonnull (find_issue (report, "(.shx) is missing; it was rebuilt"));
  after = list_dir (folder);
  g_assert_cmpuint (g_strv_length (after), ==, 1);
  g_assert_cmpstr (after[0], ==, "no-dbf.shp");
}

/* corrupt_too_long: bytes after the declared end of .shp and .dbf; the 10
 * lines GDAL reads are imported and the junk is reported. The .shp is 1,145
 * bytes and its header (bytes 24–27, big-endian, in 16-bit words) declares
 * 572 words, 1,144 bytes: one byte too many, said in the singular.
 * ipra_dresden_polygon.shp has 4 (its size minus twice the same field). */
static void
test_container_trailing_junk (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/pyshp/corrupt_too_long.shp");
  g_autofree char *dresden = gm_test_shared ("hardcases/shapefile-js/ipra_dresden_polygon.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_ROADS);
  g_autoptr(GmImportOptions) as_landuse = gm_import_options_new (GM_IMPORT_LANDUSE);
  g_autoptr(GmImportReport) report = import (f, src, options);
  g_autoptr(GmImportReport) report4 = NULL;

  g_assert_cmpint (report->imported, ==, 10);
  g_assert_nonnull (find_issue (report, "the .shp file has 1 byte after the end that its header declares; it was ignored"));
  report4 = import (f, dresden, as_landuse);
  g_assert_nonnull (find_issue (report4, "the .shp file has 4 bytes after the end that its header declares; they were ignored"));
}

/* duplicate_fields.dbf: census names cut to 10 characters, so
 * "unemployed" and "not_in_lab" appear twice; the repeats can be named
 * (unemployed_2) and hold the second column's values (ogrinfo: record 1
 * has unemployed 123 and 21). */
static void
test_container_duplicate_fields (void)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/dbf-only/duplicate_fields.dbf");
  g_autoptr(GmSource) source = NULL;
  GmSourceLayer *layer = probe (src, NULL, &source);

  g_assert_cmpstr (layer->fields[4], ==, "unemployed");
  g_assert_cmpstr (layer->fields[9], ==, "unemployed_2");
  g_assert_cmpstr (layer->fields[10], ==, "not_in_lab_2");
  g_assert_true (has_warning (layer, "“unemployed” appears more than once"));
}

/* NullTest.shp: NULL text, integer, real and date in two of three records
 * become SQL NULL, not "", 0 or a made-up date; record 1 keeps its values
 * (ogrinfo: MY_TEXT "Number two has data", MY_DATE 2014/12/03). And a
 * 10-character name ("leader_pho") is found as leader_phone. */
static void
test_container_nulls (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/pyshp/NullTest.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) report = NULL;
  GmSourceLayer sl = { .fields = (char *[]) { "leader_pho", "worker_nam", NULL } };
  g_autoptr(GHashTable) guess = gm_import_guess_mapping (GM_IMPORT_BUILDINGS, &sl);

  g_assert_cmpstr (g_hash_table_lookup (guess, "leader_phone"), ==, "leader_pho");
  gm_import_options_map (options, "description", "MY_TEXT");
  gm_import_options_map (options, "found_on", "MY_DATE");
  gm_import_options_map (options, "kind", "MY_INT");
  gm_import_options_map (options, "department", "MY_REAL");
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 3);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM hazard WHERE description IS NULL"
                                  " AND found_on IS NULL AND kind = '' AND department IS NULL"), ==, 2);
  gm_assert_text (f->store, "SELECT description || '|' || found_on || '|' || kind || '|' || department FROM hazard"
                  " WHERE description IS NOT NULL", "Number two has data|2014-12-03|42|123.45");
}

/* Not a zip at all, a zip with only a .dbf (noshp.zip: a table of 14
 * counties), a zipped QGIS shapefile. */
static void
test_container_zips (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *bad = gm_test_shared ("hardcases/shapefile-js/badzip.zip");
  g_autofree char *table = gm_test_shared ("hardcases/shapefile-js/noshp.zip");
  g_autofree char *qgis = gm_test_shared ("hardcases/shapefile-js/qgis.zip");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GError) error = import_fails (f, bad, options);
  GmSourceLayer *layer;

  g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN);
  g_assert_nonnull (strstr (error->message, "not a valid zip archive"));
  layer = probe (table, NULL, &source);
  g_assert_cmpint (layer->feature_count, ==, 14);
  g_assert_cmpstr (layer->geometry_type, ==, "None");
  report = import (f, qgis, options);
  g_assert_cmpint (report->imported, ==, 2);
}

/* Geometry types are named in words people read, and translated: GDAL's
 * own "Multi Line String" is English only. In zh_CN (a child process, so
 * that the language of the other tests stays) Moabit's buildings are 面,
 * its roads 线, and the GeoPackage of mixed polygons 混合（任意类型）. */
static void
test_geometry_type_labels (void)
{
  g_autofree char *buildings = gm_test_shared ("real/berlin-moabit/moabit_build.shp");
  g_autofree char *roads = gm_test_shared ("real/berlin-moabit/moabit_roads.shp");
  g_autofree char *gpkg = gm_test_shared ("real/berlin-moabit/moabit_build.gpkg");
  g_autoptr(GmSource) a = NULL;
  g_autoptr(GmSource) b = NULL;
  g_autoptr(GmSource) c = NULL;

  if (g_test_subprocess ())
    {
      g_setenv ("LANGUAGE", "zh_CN", TRUE);
      gm_i18n_init ();
      g_assert_cmpstr (probe (buildings, NULL, &a)->geometry_label, ==, "面");
      g_assert_cmpstr (probe (roads, NULL, &b)->geometry_label, ==, "线");
      g_assert_cmpstr (probe (gpkg, NULL, &c)->geometry_label, ==, "混合（任意类型）");
      return;
    }
  g_assert_cmpstr (probe (buildings, NULL, &a)->geometry_label, ==, "Polygon");
  g_assert_cmpstr (probe (roads, NULL, &b)->geometry_label, ==, "Line");
  g_assert_cmpstr (probe (gpkg, NULL, &c)->geometry_label, ==, "Mixed (any kind)");
  g_assert_cmpstr (b->driver, ==, "ESRI Shapefile");
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, gm_test_project_set_up, func, gm_test_project_tear_down)
  g_test_add_func ("/core/import-hard/encoding/detected", test_encoding_detected);
  g_test_add_func ("/core/import-hard/geometry/type-labels", test_geometry_type_labels);
  g_test_add_func ("/core/import-hard/encoding/uncertain", test_encoding_uncertain);
  g_test_add_func ("/core/import-hard/encoding/chosen", test_encoding_chosen);
  ADD ("/core/import-hard/encoding/unconvertible", test_encoding_unconvertible);
  g_test_add_func ("/core/import-hard/encoding/disagree", test_encoding_disagree);
  g_test_add_func ("/core/import-hard/encoding/cpg-spellings", test_encoding_cpg_spellings);
  ADD ("/core/import-hard/encoding/ansi-gbk", test_encoding_ansi_gbk);
  ADD ("/core/import-hard/encoding/gbk-csv", test_encoding_gbk_csv);
  ADD ("/core/import-hard/crs/gk-zone", test_crs_gk_zone);
  ADD ("/core/import-hard/crs/gk-zoneless", test_crs_gk_zoneless);
  ADD ("/core/import-hard/crs/no-prj-ranked", test_crs_no_prj_ranked);
  ADD ("/core/import-hard/crs/contradiction", test_crs_contradiction);
  ADD ("/core/import-hard/crs/junk-prj", test_crs_junk_prj);
  g_test_add_func ("/core/import-hard/crs/gcj02-pairs", test_crs_gcj02_pairs);
  ADD ("/core/import-hard/crs/gcj02-import", test_crs_gcj02_import);
  ADD ("/core/import-hard/crs/outliers", test_crs_outliers);
  ADD ("/core/import-hard/geometry/open-ring", test_geometry_open_ring);
  ADD ("/core/import-hard/geometry/surfaces", test_geometry_surfaces);
  ADD ("/core/import-hard/geometry/z-m", test_geometry_z_m);
  ADD ("/core/import-hard/geometry/curves", test_geometry_curves);
  ADD ("/core/import-hard/geometry/mixed", test_geometry_mixed);
  ADD ("/core/import-hard/geometry/null", test_geometry_null);
  ADD ("/core/import-hard/container/missing-shx-dbf", test_container_missing_shx_dbf);
  ADD ("/core/import-hard/container/trailing-junk", test_container_trailing_junk);
  g_test_add_func ("/core/import-hard/container/duplicate-fields", test_container_duplicate_fields);
  ADD ("/core/import-hard/container/nulls", test_container_nulls);
  ADD ("/core/import-hard/container/zips", test_container_zips);
#undef ADD
  return g_test_run ();
}
