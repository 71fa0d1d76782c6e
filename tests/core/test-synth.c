/* test-synth.c — the synthetic city of the scale benchmarks: the same seed
 * makes the same city and another seed another; it is plausible (three kinds
 * of streets, every building in one grid of a few hundred households inside
 * its community, hazards clustered) and labelled synthetic; its shapefiles
 * open in GDAL. */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gm-overview.h"
#include "gm-synth.h"
#include "gm-test-util.h"

#define BUILDINGS 4000
#define SEED 20261204

static char *tmp;
static char *project_a;
static char *sources_a;

static void
build_city (const char *name,
            guint32     seed,
            char      **project,
            char      **sources)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".gridmap", NULL);
  GmSynthOptions options;

  gm_synth_options_init (&options);
  options.buildings = BUILDINGS;
  options.seed = seed;
  options.resident_share = 0.5;
  *project = g_build_filename (tmp, file, NULL);
  *sources = g_build_filename (tmp, name, NULL);
  g_assert_true (gm_synth_write_sources (&options, *sources, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gm_synth_build (&options, *project, *sources, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* A digest of what a project holds, row by row, leaving out what records
 * when it was made (import times, a grid's valid_from). */
static char *
project_digest (const char *path)
{
  static const char * const queries[] = {
    "SELECT code, name, address, floors, households, use, grid_id, Hex(footprint) FROM building ORDER BY id",
    "SELECT code, name, community_id, worker_name, worker_phone, color, Hex(boundary) FROM grid ORDER BY id",
    "SELECT code, name, Hex(boundary) FROM community ORDER BY id",
    "SELECT name, kind, Hex(geom) FROM road ORDER BY id",
    "SELECT kind, name, Hex(geom) FROM landuse ORDER BY id",
    "SELECT building_id, room, name, id_number, phone, registration, tags, moved_in, moved_out"
    " FROM resident ORDER BY id",
    "SELECT building_id, category, kind, description, status, found_on, notice_on, deadline,"
    " rectified_on, verified_on, department, reporter, Hex(location) FROM hazard ORDER BY id",
    "SELECT layer, zoom, x, y, Hex(image) FROM overview ORDER BY layer, zoom, x, y",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (path, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  g_assert_no_error (error);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = gm_store_prepare (store, queries[q], &error);

      g_assert_no_error (error);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            const char *text = (const char *) sqlite3_column_text (stmt, c);

            g_checksum_update (sum, (const guchar *) (text != NULL ? text : "\\N"), -1);
            g_checksum_update (sum, (const guchar *) "|", 1);
          }
      sqlite3_finalize (stmt);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static void
assert_same_file (const char *dir_a,
                  const char *dir_b,
                  const char *name,
                  gsize       skip)
{
  g_autofree char *a = g_build_filename (dir_a, name, NULL);
  g_autofree char *b = g_build_filename (dir_b, name, NULL);
  g_autofree char *ca = NULL, *cb = NULL;
  gsize la = 0, lb = 0;

  g_assert_true (g_file_get_contents (a, &ca, &la, NULL));
  g_assert_true (g_file_get_contents (b, &cb, &lb, NULL));
  g_assert_cmpuint (la, ==, lb);
  g_assert_cmpuint (la, >, skip);
  g_assert_cmpint (memcmp (ca + skip, cb + skip, la - skip), ==, 0);
}

/* The same seed makes the same shapefiles (a .dbf header records the day
 * it was written, so its records are compared) and the same project, row
 * for row and overview image for image; another seed another city. */
static void
test_deterministic (void)
{
  g_autofree char *project_b = NULL, *sources_b = NULL, *project_c = NULL, *sources_c = NULL;
  g_autofree char *a = project_digest (project_a);
  g_autofree char *b = NULL, *c = NULL;
  static const char * const layers[] = { "buildings", "roads", "landuse", "community", "grids" };

  build_city ("b", SEED, &project_b, &sources_b);
  b = project_digest (project_b);
  g_assert_cmpstr (a, ==, b);
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      g_autofree char *shp = g_strconcat (layers[i], ".shp", NULL);
      g_autofree char *shx = g_strconcat (layers[i], ".shx", NULL);
      g_autofree char *dbf = g_strconcat (layers[i], ".dbf", NULL);

      assert_same_file (sources_a, sources_b, shp, 0);
      assert_same_file (sources_a, sources_b, shx, 0);
      /* Bytes 1–3 of a .dbf are its date of writing. */
      assert_same_file (sources_a, sources_b, dbf, 4);
    }

  build_city ("c", SEED + 1, &project_c, &sources_c);
  c = project_digest (project_c);
  g_assert_cmpstr (a, !=, c);
}

static void
test_layout (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project_a, GM_STORE_OPEN_READONLY, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building"), ==, BUILDINGS);
  /* Streets of three kinds: arterials every eighth line, secondary streets
   * round the communities, local streets between; this small city of 3
   * communities a row has 13 street lines each way: 2 arterials, 2
   * secondary streets and 9 local ones. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM road WHERE kind = 'primary'"), >, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM road WHERE kind = 'secondary'"), >, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM road WHERE kind = 'residential'"), >,
                   2 * gm_test_count (store, "SELECT count(*) FROM road WHERE kind <> 'residential'"));
  /* Urban villages of rented houses, estates of towers, old walk-ups,
   * factories and shops: floors from 1 to 33. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(DISTINCT use) FROM building"), >=, 4);
  g_assert_cmpint (gm_test_count (store, "SELECT min(floors) FROM building"), >=, 1);
  g_assert_cmpint (gm_test_count (store, "SELECT max(floors) FROM building"), <=, 33);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building WHERE households < 0"), ==, 0);
  /* Every building is in exactly one grid, the one its anchor is in. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM building b WHERE"
                                  " (SELECT count(*) FROM grid g WHERE g.valid_to IS NULL AND g.id IN"
                                  "   (SELECT pkid FROM idx_grid_boundary WHERE xmin <= X(b.anchor)"
                                  "    AND xmax >= X(b.anchor) AND ymin <= Y(b.anchor) AND ymax >= Y(b.anchor))"
                                  "  AND ST_Contains(g.boundary, b.anchor)) <> 1"
                                  " OR b.grid_id IS NULL"), ==, 0);
  /* Each grid lies in its community. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM grid g JOIN community c ON c.id = g.community_id"
                                  " WHERE ST_Area(ST_Difference(g.boundary, c.boundary)) > 1e-4 * ST_Area(g.boundary)"),
                   ==, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM grid WHERE community_id IS NULL"), ==, 0);
}

/* Grids of about 400 households, as a grid worker can keep: the middle
 * half of the grids (industrial ones have none) between 250 and 600. */
static void
test_grid_sizes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project_a, GM_STORE_OPEN_READONLY, &error);
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = gm_store_prepare (store, "SELECT coalesce(sum(b.households), 0) h FROM grid g"
                                         " LEFT JOIN building b ON b.grid_id = g.id GROUP BY g.id ORDER BY h",
                                         &error);

  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 h = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (sizes, h);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (sizes->len, >, 10);
  g_assert_cmpint (g_array_index (sizes, gint64, sizes->len / 4), >=, 250);
  g_assert_cmpint (g_array_index (sizes, gint64, sizes->len / 2), >=, 300);
  g_assert_cmpint (g_array_index (sizes, gint64, sizes->len / 2), <=, 500);
  g_assert_cmpint (g_array_index (sizes, gint64, 3 * sizes->len / 4), <=, 600);
}

/* Nothing in it is real: the city lies in the sea south of the Pearl River
 * estuary, its codes are of the unused region 99, its phones 1990000xxxx,
 * and the project says what it is. */
static void
test_labelled_synthetic (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project_a, GM_STORE_OPEN_READONLY, &error);
  g_autofree char *title = gm_store_dup_meta (store, "title");
  g_autofree char *attribution = gm_store_dup_meta (store, "attribution");

  g_assert_no_error (error);
  g_assert_nonnull (strstr (title, "合成"));
  g_assert_nonnull (strstr (attribution, "Synthetic"));
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM grid WHERE code NOT LIKE '990201%'"
                                  " OR worker_phone NOT LIKE '1990000%'"), ==, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM resident WHERE id_number NOT LIKE '99%'"
                                  " OR phone NOT LIKE '1990000%'"), ==, 0);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM resident"), >, BUILDINGS);
  g_assert_cmpfloat (gm_test_double (store, "SELECT min(xmin) FROM idx_building_footprint"), >=, 114.59);
  g_assert_cmpfloat (gm_test_double (store, "SELECT max(ymax) FROM idx_building_footprint"), <=, 21.8);
}

/* Hazards cluster as real reports do: over cells of ~300 m, their counts
 * stray from what the cells' households would predict far more than chance
 * would have them (the index of dispersion of counts drawn at random by
 * households is about 1; this city's is over 3). */
static void
test_hazards_clustered (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project_a, GM_STORE_OPEN_READONLY, &error);
  double hazards = gm_test_double (store, "SELECT count(*) FROM hazard");
  double households = gm_test_double (store, "SELECT sum(households) FROM building");
  sqlite3_stmt *stmt;
  double chi2 = 0;
  int cells = 0;

  g_assert_no_error (error);
  g_assert_cmpfloat (hazards, >, households / 60);
  stmt = gm_store_prepare (store, "SELECT sum(b.households), (SELECT count(*) FROM hazard h"
                           "   JOIN building hb ON hb.id = h.building_id"
                           "   WHERE CAST (X(hb.anchor) / 0.003 AS INTEGER) = CAST (X(b.anchor) / 0.003 AS INTEGER)"
                           "     AND CAST (Y(hb.anchor) / 0.003 AS INTEGER) = CAST (Y(b.anchor) / 0.003 AS INTEGER))"
                           " FROM building b GROUP BY CAST (X(b.anchor) / 0.003 AS INTEGER),"
                           "   CAST (Y(b.anchor) / 0.003 AS INTEGER) HAVING sum(b.households) > 0", &error);
  g_assert_no_error (error);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double expected = hazards * sqlite3_column_double (stmt, 0) / households;
      double seen = sqlite3_column_double (stmt, 1);

      chi2 += (seen - expected) * (seen - expected) / expected;
      cells++;
    }
  sqlite3_finalize (stmt);
  g_test_message ("index of dispersion %.2f over %d cells", chi2 / (cells - 1), cells);
  g_assert_cmpint (cells, >, 20);
  g_assert_cmpfloat (chi2 / (cells - 1), >, 3.0);
}

/* The export is ordinary GIS files: GDAL opens them, in lon/lat, with as
 * many features as the project holds. */
static void
test_export_opens (void)
{
  static const struct { const char *file, *table; } layers[] = {
    { "buildings.shp", "building" }, { "roads.shp", "road" }, { "landuse.shp", "landuse" },
    { "community.shp", "community" }, { "grids.shp", "grid" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project_a, GM_STORE_OPEN_READONLY, &error);

  GDALAllRegister ();
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      g_autofree char *path = g_build_filename (sources_a, layers[i].file, NULL);
      g_autofree char *count = g_strdup_printf ("SELECT count(*) FROM %s", layers[i].table);
      GDALDatasetH ds = GDALOpenEx (path, GDAL_OF_VECTOR, NULL, NULL, NULL);
      OGRLayerH layer;
      const char *auth;

      g_assert_nonnull (ds);
      layer = GDALDatasetGetLayer (ds, 0);
      g_assert_cmpint (OGR_L_GetFeatureCount (layer, TRUE), ==, gm_test_count (store, count));
      auth = OSRGetAuthorityCode (OGR_L_GetSpatialRef (layer), NULL);
      g_assert_cmpstr (auth, ==, "4326");
      GDALClose (ds);
    }
}

static void
test_overview (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project_a, GM_STORE_OPEN_READONLY, &error);
  gboolean current = FALSE;

  g_assert_true (gm_overview_get_current (store, &current, &error));
  g_assert_true (current);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM overview WHERE layer = 'buildings'"
                                  " AND zoom = 14"), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = gm_test_mkdtemp ();
  build_city ("a", SEED, &project_a, &sources_a);

  g_test_add_func ("/core/synth/deterministic", test_deterministic);
  g_test_add_func ("/core/synth/layout", test_layout);
  g_test_add_func ("/core/synth/grid-sizes", test_grid_sizes);
  g_test_add_func ("/core/synth/labelled-synthetic", test_labelled_synthetic);
  g_test_add_func ("/core/synth/hazards-clustered", test_hazards_clustered);
  g_test_add_func ("/core/synth/export-opens", test_export_opens);
  g_test_add_func ("/core/synth/overview", test_overview);
  status = g_test_run ();
  gm_test_rmdir (tmp);
  g_free (project_a);
  g_free (sources_a);
  g_free (tmp);
  return status;
}
