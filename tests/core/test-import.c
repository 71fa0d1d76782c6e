/* test-import.c — importing real files: counts, repairs, encodings, CRS,
 * field mapping, and broken files that must leave the project unchanged.
 *
 * Expected values were checked with independent tools; each test says how. */
#include "gm-config.h"

#include <math.h>

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

/* 18,046 OSM buildings; ogrinfo's SQLite dialect counts 30 invalid ones
 * (`select count(*) from buildings where not ST_IsValid(geometry)`), of
 * which 10 have a valid, non-empty MakeValid() result; the other 20 are
 * rings of too few points that enclose nothing. */
static void
test_moscow_buildings (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/moscow-west_osm/buildings.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) report = import (f, src, options);
  double area;

  g_assert_cmpint (report->read, ==, 18046);
  g_assert_cmpint (report->imported, ==, 18026);
  g_assert_cmpint (report->repaired, ==, 10);
  g_assert_cmpint (report->skipped, ==, 20);
  g_assert_cmpint (report->imported + report->skipped, ==, 18046);
  g_assert_cmpstr (report->srs, ==, "EPSG:4326");

  /* Every skip and repair has its reason in the report. */
  g_assert_cmpuint (report->issues->len, ==, 30);
  for (guint i = 0; i < report->issues->len; i++)
    {
      GmImportIssue *issue = g_ptr_array_index (report->issues, i);

      g_assert_cmpint (issue->feature, >=, 0);
      g_assert_nonnull (strstr (issue->reason, "near 37."));
    }

  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building"), ==, 18026);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building WHERE NOT ST_IsValid(footprint)"), ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building WHERE NOT ST_Within(anchor, footprint)"), ==, 0);
  /* The index was packed in one pass (gm-import-rtree.c): SQLite's own
   * check of the tree and SpatiaLite's of the rows both pass. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT CheckSpatialIndex('building', 'footprint')"), ==, 1);
  gm_assert_text (f->store, "SELECT rtreecheck('idx_building_footprint')", "ok");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM idx_building_footprint"), ==, 18026);
  /* A box query through the index finds what a scan of the rows finds
   * (the index's boxes are rounded outwards to floats: one more at most). */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM idx_building_footprint WHERE xmin <= 37.25"
                                  " AND xmax >= 37.2 AND ymin <= 55.68 AND ymax >= 55.66")
                   - gm_test_count (f->store, "SELECT count(*) FROM building WHERE MbrMinX(footprint) <= 37.25"
                                    " AND MbrMaxX(footprint) >= 37.2 AND MbrMinY(footprint) <= 55.68"
                                    " AND MbrMaxY(footprint) >= 55.66"), <=, 1);
  /* The triggers SpatiaLite keeps the index with are back after the import. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'building'"), >=, 10);

  /* OSM way 26325684: 7,892.6 m² in UTM zone 37N (`ST_Area(ST_Transform(
   * geometry, 32637))`), whose scale at 37.2°E shrinks areas by ~0.06 %. */
  area = gm_test_double (f->store, "SELECT area_m2 FROM building WHERE source_id = '26325684'");
  g_assert_cmpfloat_with_epsilon (area, 7892.64 * 1.0006, 7892.64 * 0.002);
}

/* lor_prognoseraeume.dbf has no .cpg; its language byte 0x57 means
 * ISO-8859-1, and ogrinfo shows "Kreuzberg Süd", "Nördliches Weißensee". */
static void
test_berlin_latin1 (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/berlin-moabit/lor_prognoseraeume.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_GRIDS);
  g_autoptr(GmImportReport) report = NULL;

  gm_import_options_map (options, "code", "spatial_na");
  gm_import_options_map (options, "name", "PGRNAME");
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 60);
  g_assert_cmpstr (report->encoding, ==, "ISO-8859-1");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid WHERE name = 'Kreuzberg Süd'"), ==, 1);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM grid WHERE name = 'Nördliches Weißensee'"), ==, 1);
  /* Neighbouring grids get different colours. */
  g_assert_cmpint (gm_test_count (f->store,
                                  "SELECT count(*) FROM grid a, grid b WHERE a.id < b.id"
                                  " AND ST_Touches(a.boundary, b.boundary) AND a.color = b.color"), ==, 0);
}

/* moabit_build: 3,834 buildings, no .cpg, DBF language byte 0x57 (Latin-1),
 * German field names cut to 10 characters. Checked with
 *   ogrinfo -ro -q -sql "SELECT Name, AnzahlDerO FROM moabit_build
 *     WHERE Name = 'Bruno-Lösche-Bibliothek'" moabit_build.shp   → 1 storey
 * and the first feature's AnzahlDerO, 6 (shown as "6", not GDAL's
 * "6.000000000000000"). No polygon is invalid (ST_IsValid on all). */
static void
test_berlin_buildings (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/berlin-moabit/moabit_build.shp");
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GmSourceLayer *layer;
  int floors = -1;

  source = gm_source_probe (src, NULL, &error);
  g_assert_no_error (error);
  layer = gm_source_find_layer (source, NULL);
  g_assert_cmpstr (layer->encoding, ==, "ISO-8859-1");
  g_assert_cmpint (layer->guessed_kind, ==, GM_IMPORT_BUILDINGS);
  for (guint i = 0; layer->fields[i] != NULL; i++)
    if (g_str_equal (layer->fields[i], "AnzahlDerO"))
      floors = i;
  g_assert_cmpint (floors, >=, 0);
  g_assert_cmpstr (layer->samples[floors], ==, "6");

  report = import (f, src, options);
  g_assert_cmpint (report->read, ==, 3834);
  g_assert_cmpint (report->imported, ==, 3834);
  g_assert_cmpint (report->skipped, ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building"
                                  " WHERE name = 'Bruno-Lösche-Bibliothek' AND floors = 1"), ==, 1);
  /* Five names with umlauts or ß, none with Latin-1 read as UTF-8. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building WHERE name LIKE '%ö%'"
                                  " OR name LIKE '%ü%' OR name LIKE '%ä%' OR name LIKE '%ß%'"), ==, 5);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building WHERE name LIKE '%Ã%'"), ==, 0);
}

/* RBS_OD_ORT_1412 is in ETRS89 / UTM 33N (EPSG:25833). The reference values
 * come from `ogr2ogr -t_srs EPSG:4326` of the same file: Moabit (ORT 0102)
 * starts at 13.360925124, 52.537723591 and the whole layer spans
 * 13.088346–13.761140 E, 52.338243–52.675508 N. */
static void
test_berlin_utm (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/berlin-moabit/RBS_OD_ORT_1412.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_COMMUNITY);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GmExtent extent;

  gm_import_options_map (options, "code", "ORT");
  report = import (f, src, options);
  g_assert_cmpint (report->imported, ==, 96);
  g_assert_cmpstr (report->srs, ==, "EPSG:25833");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM community WHERE code = '0102' AND name = 'Moabit'"), ==, 1);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT X(StartPoint(ExteriorRing(GeometryN(boundary, 1)))) FROM community WHERE code = '0102'"),
                                  13.360925124, 1e-7);
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT Y(StartPoint(ExteriorRing(GeometryN(boundary, 1)))) FROM community WHERE code = '0102'"),
                                  52.537723591, 1e-7);

  g_assert_true (gm_store_get_extent (f->store, &extent, &error));
  g_assert_cmpfloat_with_epsilon (extent.min_lon, 13.088346, 1e-5);
  g_assert_cmpfloat_with_epsilon (extent.max_lon, 13.761140, 1e-5);
  g_assert_cmpfloat_with_epsilon (extent.min_lat, 52.338243, 1e-5);
  g_assert_cmpfloat_with_epsilon (extent.max_lat, 52.675508, 1e-5);
}

/* chinese.shp declares GBK only by its DBF language byte (0x7A → CP936);
 * its one point lies at (-248.7, 625.6), which no longitude/latitude is
 * although its .prj says WGS 84, so as a hazard it is refused with that
 * reason and the one candidate those coordinates allow (Web Mercator) — as
 * a resident (a table) its name is read and its location left out: 简体. */
static void
test_gbk_language_byte (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/mapshaper/ldid-gbk/chinese.shp");
  g_autoptr(GmSource) source = NULL;
  g_autoptr(GmImportOptions) as_hazard = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportOptions) as_resident = gm_import_options_new (GM_IMPORT_RESIDENTS);
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  GmSourceLayer *layer;

  source = gm_source_probe (src, NULL, &error);
  g_assert_no_error (error);
  layer = gm_source_find_layer (source, NULL);
  g_assert_cmpstr (layer->encoding, ==, "CP936");
  g_assert_cmpstr (layer->fields[0], ==, "NAME");
  g_assert_cmpstr (layer->samples[0], ==, "简体");

  g_assert_cmpstr (layer->srs_code, ==, "EPSG:4326");
  g_assert_nonnull (layer->srs_problem);
  g_assert_nonnull (strstr (layer->srs_problem, "not degrees"));
  report = gm_import_run (f->store, src, as_hazard, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_SRS);
  g_assert_nonnull (strstr (error->message, "chinese.shp"));
  g_assert_nonnull (strstr (error->message, "not degrees"));
  g_assert_nonnull (strstr (error->message, "EPSG:3857"));
  g_clear_error (&error);

  report = import (f, src, as_resident);
  g_assert_cmpint (report->imported, ==, 1);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident WHERE name = '简体'"), ==, 1);
}

/* file_cp936: the .cpg says 936 while the language byte says CP437; the
 * .cpg wins and the text is 测试中文. */
static void
test_cpg_wins (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/shapefile-rs/file_cp936.shp");
  g_autoptr(GError) error = NULL;
  g_autoptr(GmSource) source = gm_source_probe (src, NULL, &error);
  GmSourceLayer *layer;

  g_assert_no_error (error);
  layer = gm_source_find_layer (source, NULL);
  g_assert_cmpstr (layer->samples[0], ==, "测试中文");
  g_assert_cmpint (layer->guessed_kind, ==, GM_IMPORT_ROADS);
}

/* Chinese field names are recognised; values normalised; a building with
 * no geometry and a self-crossing "bow tie" are reported. */
static void
test_chinese_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *src = gm_test_data ("buildings-small.geojson");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) report = import (f, src, options);
  g_autoptr(GmSource) source = gm_source_probe (src, NULL, NULL);
  g_autoptr(GHashTable) mapping = gm_import_guess_mapping (GM_IMPORT_BUILDINGS, gm_source_find_layer (source, NULL));

  g_assert_cmpstr (g_hash_table_lookup (mapping, "code"), ==, "编码");
  g_assert_cmpstr (g_hash_table_lookup (mapping, "name"), ==, "名称");
  g_assert_cmpstr (g_hash_table_lookup (mapping, "address"), ==, "地址");
  g_assert_cmpstr (g_hash_table_lookup (mapping, "floors"), ==, "层数");
  g_assert_cmpstr (g_hash_table_lookup (mapping, "households"), ==, "户数");
  g_assert_cmpstr (g_hash_table_lookup (mapping, "use"), ==, "用途");

  g_assert_cmpint (report->read, ==, 4);
  g_assert_cmpint (report->imported, ==, 3);
  g_assert_cmpint (report->repaired, ==, 1);   /* B3, the bow tie */
  g_assert_cmpint (report->skipped, ==, 1);    /* B4, no geometry */

  g_assert_cmpint (gm_test_count (f->store, "SELECT households FROM building WHERE code = 'B1'"), ==, 24);
  g_assert_cmpint (gm_test_count (f->store, "SELECT households_estimated FROM building WHERE code = 'B1'"), ==, 0);
  /* B2: 5 floors ("5层"), mixed use (商住), no households given: the rule
   * estimates area × floors × ½ / 90 m². Its footprint is 0.001° × 0.0004°
   * at 55.66° N: 62.9 m × 44.5 m ≈ 2,800 m² (spatialite ST_Area(g, 1)),
   * so 2,800 × 5 / 2 / 90 ≈ 78. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT floors FROM building WHERE code = 'B2'"), ==, 5);
  gm_assert_text (f->store, "SELECT use FROM building WHERE code = 'B2'", "mixed");
  g_assert_cmpint (gm_test_count (f->store, "SELECT households_estimated FROM building WHERE code = 'B2'"), ==, 1);
  g_assert_cmpint (gm_test_count (f->store, "SELECT households FROM building WHERE code = 'B2'"), ==,
                   (gint64) round (gm_test_double (f->store, "SELECT ST_Area(footprint, 1) FROM building WHERE code = 'B2'") * 5 / 2 / 90));
  g_assert_cmpint (gm_test_count (f->store, "SELECT households FROM building WHERE code = 'B2'"), >=, 76);
  g_assert_cmpint (gm_test_count (f->store, "SELECT households FROM building WHERE code = 'B2'"), <=, 80);
}

/* A CSV with Chinese headers and lon/lat columns: categories, statuses and
 * dates in several spellings; a row at 0,0 (coordinates missing) is kept
 * without a place and reported with its row number; a row with no
 * coordinates is placed at its building. */
static void
test_hazard_table (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *buildings = gm_test_data ("buildings-small.geojson");
  g_autofree char *src = gm_test_data ("hazards.csv");
  g_autoptr(GmImportOptions) b = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_HAZARDS);
  g_autoptr(GmImportReport) br = import (f, buildings, b);
  g_autoptr(GmImportReport) report = NULL;

  gm_import_options_map (options, "description", "名称");
  report = import (f, src, options);
  g_assert_cmpint (report->read, ==, 4);
  g_assert_cmpint (report->imported, ==, 4);
  g_assert_cmpint (report->skipped, ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM hazard WHERE description = '门禁损坏'"
                                  " AND location IS NULL AND building_id IS NULL AND status = 'closed'"), ==, 1);
  {
    gboolean said = FALSE;

    for (guint i = 0; i < report->issues->len; i++)
      {
        GmImportIssue *issue = g_ptr_array_index (report->issues, i);

        said |= issue->row == 4 && strstr (issue->reason, "not on the map") != NULL;
      }
    g_assert_true (said);
  }

  gm_assert_text (f->store, "SELECT category || '|' || status || '|' || found_on || '|' || deadline FROM hazard WHERE description = '楼道堆物'", "fire|rectified|2026-03-05|2026-03-20");
  gm_assert_text (f->store, "SELECT category || '|' || status || '|' || found_on FROM hazard WHERE description = '电动车充电'", "fire|discovered|2026-04-12");
  /* Found inside B1 and B2, so linked to them. */
  gm_assert_text (f->store, "SELECT b.code FROM hazard h JOIN building b ON b.id = h.building_id WHERE h.description = '楼道堆物'", "B1");
  gm_assert_text (f->store, "SELECT b.code FROM hazard h JOIN building b ON b.id = h.building_id WHERE h.description = '电动车充电'", "B2");
  /* No coordinates, building code B1: at B1's anchor; "明天" is no date. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id"
                                  " WHERE h.description = '照明不足' AND b.code = 'B1' AND ST_Equals(h.location, b.anchor)"
                                  " AND h.category = 'security' AND h.status = 'notified' AND h.deadline IS NULL"), ==, 1);
}

static void
test_resident_table (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *buildings = gm_test_data ("buildings-small.geojson");
  g_autofree char *src = gm_test_data ("residents.csv");
  g_autoptr(GmImportOptions) b = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_RESIDENTS);
  g_autoptr(GmImportReport) br = import (f, buildings, b);
  g_autoptr(GmImportReport) first = import (f, src, options);
  g_autoptr(GmImportReport) again = NULL;

  g_assert_cmpint (first->read, ==, 5);
  g_assert_cmpint (first->imported, ==, 4);
  g_assert_cmpint (first->skipped, ==, 1);   /* no name */
  gm_assert_text (f->store, "SELECT tags FROM resident WHERE name = '张伟'", "elderly_alone");
  gm_assert_text (f->store, "SELECT registration FROM resident WHERE name = '李娜'", "floating");
  gm_assert_text (f->store, "SELECT tags FROM resident WHERE name = '王芳'", "disabled,subsistence");
  /* Of the five ID numbers only 张伟's passes GB 11643's check (the others'
   * last digits are wrong: a Python one-liner with the standard's weights
   * agrees); the others are reported and not stored. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident WHERE id_number IS NOT NULL"), ==, 1);
  gm_assert_text (f->store, "SELECT id_number FROM resident WHERE name = '张伟'", "11010519491231002X");
  /* B9 matches no building: imported without one, and reported. */
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident WHERE name = '赵强' AND building_id IS NULL"), ==, 1);

  /* Importing the same roster again finds every row; it never doubles (赵强,
   * who has no building and no valid ID number, is found by name and
   * phone), and since nothing differs nothing is updated. */
  again = import (f, src, options);
  g_assert_cmpint (again->updated, ==, 0);
  g_assert_cmpint (again->unchanged, ==, 4);
  g_assert_cmpint (again->imported, ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM resident"), ==, 4);
}

/* A second import into a filled index adds its rows one by one (the first
 * packed the index): both keep it whole. */
static void
test_index_grows (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/berlin-moabit/moabit_build.shp");
  g_autofree char *more = gm_test_data ("buildings-small.geojson");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GmImportReport) first = import (f, src, options);
  g_autoptr(GmImportReport) second = import (f, more, options);

  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM idx_building_footprint"), ==, 3834 + 3);
  g_assert_cmpint (gm_test_count (f->store, "SELECT CheckSpatialIndex('building', 'footprint')"), ==, 1);
  gm_assert_text (f->store, "SELECT rtreecheck('idx_building_footprint')", "ok");
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM idx_building_footprint"
                                  " WHERE xmin <= 37.2005 AND xmax >= 37.2005 AND ymin <= 55.6602 AND ymax >= 55.6602"), ==, 1);
}

static void
test_other_formats (Fixture       *f,
                    gconstpointer  data)
{
  const char *files[] = { "building.kml", "building.dxf", "district-in-folder.zip" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *src = gm_test_data (files[i]);
      g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
      g_autoptr(GmImportReport) report = import (f, src, options);

      g_assert_cmpint (report->imported, ==, 1);
    }
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building WHERE name = '三号楼'"), ==, 1);
  /* The zipped shapefile in a sub-folder is Moabit: ogrinfo's
   * `ST_Area(geometry, 1)` of moabit_district.shp gives 7.709 km². */
  g_assert_cmpfloat_with_epsilon (gm_test_double (f->store, "SELECT max(area_m2) FROM building") / 1e6, 7.709, 0.002);
}

/* Files GDAL cannot read: a clear error naming the file, and the project
 * exactly as it was, byte for byte. */
static void
test_broken_files (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dbf = gm_test_shared ("real/berlin-moabit/moabit_district.dbf");
  g_autofree char *fake_shp = g_build_filename (f->dir, "renamed.shp", NULL);
  g_autofree char *broken = gm_test_data ("broken.geojson");
  g_autofree char *notzip = gm_test_data ("notzip.zip");
  g_autofree char *missing = g_build_filename (f->dir, "nowhere.shp", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  gsize length;
  const char *files[] = { fake_shp, broken, notzip, missing };
  const char *reasons[] = { "not a valid shapefile", "not valid GeoJSON", "zip", "does not exist" };

  g_assert_true (g_file_get_contents (dbf, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (fake_shp, contents, length, NULL));
  g_clear_object (&f->store);
  before = gm_test_checksum (f->path);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
      g_autoptr(GmStore) store = gm_store_open (f->path, GM_STORE_OPEN_DEFAULT, &error);
      g_autoptr(GmImportReport) report = NULL;
      g_autofree char *after = NULL;

      g_assert_no_error (error);
      report = gm_import_run (store, files[i], options, NULL, NULL, NULL, &error);
      g_assert_null (report);
      g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, files[i]));
      g_assert_nonnull (strstr (error->message, reasons[i]));
      g_clear_object (&store);
      after = gm_test_checksum (f->path);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
cancel_at_half (double      fraction,
                const char *message,
                gpointer    user_data)
{
  if (fraction >= 0.5)
    g_cancellable_cancel (user_data);
}

/* Cancelled half-way, an import rolls back: nothing of it remains. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/moscow-west_osm/buildings.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = gm_import_run (f->store, src, options, cancel_at_half, cancellable, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building"), ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM idx_building_footprint"), ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM import_log"), ==, 0);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'building'"), >=, 10);
}

/* Lines imported as buildings: every feature refused, with the reason. */
static void
test_wrong_kind (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("hardcases/shapefile-rs/file_cp936.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GmImportReport) report = NULL;

  options->srs = g_strdup ("EPSG:4326");
  report = gm_import_run (f->store, src, options, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_NOTHING);
  g_assert_nonnull (strstr (error->message, "is a line"));
  g_assert_nonnull (strstr (error->message, "areas (polygons)"));
}

static void
progress_to_list (double      fraction,
                  const char *message,
                  gpointer    user_data)
{
  GArray *seen = user_data;

  g_array_append_val (seen, fraction);
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GmImportReport **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gm_import_run_finish (result, &error);
  g_assert_no_error (error);
}

/* In a thread: progress arrives in the caller's main context, in order. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *src = gm_test_shared ("real/moscow-west_osm/buildings.shp");
  g_autoptr(GmImportOptions) options = gm_import_options_new (GM_IMPORT_BUILDINGS);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  GmImportReport *report = NULL;

  gm_import_run_async (f->path, src, options, progress_to_list, seen, NULL, import_done, &report);
  while (report == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (report->imported, ==, 18026);
  g_assert_cmpuint (seen->len, >, 0);
  for (guint i = 1; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), >=, g_array_index (seen, double, i - 1));
  gm_import_report_free (report);
  g_assert_cmpint (gm_test_count (f->store, "SELECT count(*) FROM building"), ==, 18026);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, gm_test_project_set_up, func, gm_test_project_tear_down)
  ADD ("/core/import/moscow-buildings", test_moscow_buildings);
  ADD ("/core/import/berlin-latin1", test_berlin_latin1);
  ADD ("/core/import/berlin-buildings", test_berlin_buildings);
  ADD ("/core/import/berlin-utm", test_berlin_utm);
  ADD ("/core/import/gbk-language-byte", test_gbk_language_byte);
  ADD ("/core/import/cpg-wins", test_cpg_wins);
  ADD ("/core/import/chinese-fields", test_chinese_fields);
  ADD ("/core/import/hazard-table", test_hazard_table);
  ADD ("/core/import/resident-table", test_resident_table);
  ADD ("/core/import/index-grows", test_index_grows);
  ADD ("/core/import/other-formats", test_other_formats);
  ADD ("/core/import/broken-files", test_broken_files);
  ADD ("/core/import/cancel", test_cancel);
  ADD ("/core/import/wrong-kind", test_wrong_kind);
  ADD ("/core/import/async", test_async);
#undef ADD
  return g_test_run ();
}
