/* test-poster.c — the poster module: paper sizes, QR contacts, label
 * boxes, page layouts that follow the grid's shape, size checks, files
 * written whole or not at all, settings kept in the project. (The pages'
 * contents are checked with poppler's tools in tests/cli/test-cli-poster.c.)
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>

#include "gm-poster-private.h"
#include "gm-qr.h"
#include "gm-render-private.h"
#include "gm-test-util.h"

#define GRID3 "990101001001003"
#define COMMUNITY "990101001001"

static char *demo_dir;
static char *demo_path;

/* ISO 216: A0 is 841 × 1189 mm = 2383.9 × 3370.4 pt, A4 210 × 297 mm. */
static void
test_paper (void)
{
  GmPaper paper;
  double w, h;

  gm_paper_get_size (GM_PAPER_A0, FALSE, &w, &h);
  g_assert_cmpfloat (w, ==, 2384);
  g_assert_cmpfloat (h, ==, 3370);
  gm_paper_get_size (GM_PAPER_A4, TRUE, &w, &h);
  g_assert_cmpfloat (w, ==, 842);
  g_assert_cmpfloat (h, ==, 595);
  g_assert_true (gm_paper_from_string ("a3", &paper));
  g_assert_cmpint (paper, ==, GM_PAPER_A3);
  g_assert_cmpstr (gm_paper_to_string (GM_PAPER_A1), ==, "A1");
  g_assert_false (gm_paper_from_string ("B5", &paper));
  g_assert_false (gm_paper_from_string ("A", &paper));
}

static void
test_format_phone (void)
{
  g_autofree char *mobile = gm_poster_format_phone ("19900004400");
  g_autofree char *landline = gm_poster_format_phone ("010-12345678");
  GmPosterFormat format;

  g_assert_cmpstr (mobile, ==, "199 0000 4400");
  g_assert_cmpstr (landline, ==, "010-12345678");
  g_assert_true (gm_poster_format_from_path ("x/Poster.PDF", &format));
  g_assert_cmpint (format, ==, GM_POSTER_PDF);
  g_assert_true (gm_poster_format_from_path ("a.png", &format));
  g_assert_cmpint (format, ==, GM_POSTER_PNG);
  g_assert_false (gm_poster_format_from_path ("a.jpg", &format));
}

/* MECARD escapes \ ; , : " with a backslash; the code is a square of
 * 21 + 4k modules whose finder patterns are dark at the three corners. */
static void
test_qr (void)
{
  g_autofree char *card = gm_qr_mecard ("何芳; A,B", "19900007838", "林城社区: 第1网格");
  g_autoptr(GmQr) qr = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (8000, 'x');
  int w;

  g_assert_cmpstr (card, ==, "MECARD:N:何芳\\; A\\,B;TEL:19900007838;NOTE:林城社区\\: 第1网格;;");
  qr = gm_qr_new (card, &error);
  g_assert_no_error (error);
  w = gm_qr_get_width (qr);
  g_assert_cmpint ((w - 21) % 4, ==, 0);
  g_assert_cmpint (w, >=, 25);
  for (int i = 0; i < 7; i++)
    {
      g_assert_true (gm_qr_get_module (qr, i, 0));
      g_assert_true (gm_qr_get_module (qr, w - 1 - i, 0));
      g_assert_true (gm_qr_get_module (qr, 0, w - 1 - i));
    }
  g_assert_false (gm_qr_get_module (qr, 7, 7));
  g_assert_null (gm_qr_new (huge, &error));
  g_assert_error (error, GM_QR_ERROR, GM_QR_ERROR_TOO_LONG);
}

/* Two labels crossed at right angles overlap; side by side they do not,
 * nor does a turned one beside a straight one. */
static void
test_label_boxes (void)
{
  double c = cos (G_PI / 4), s = sin (G_PI / 4);
  GmLabelBox a = { 0, 0, 50, 6, 1, 0 };
  GmLabelBox b = { 0, 0, 50, 6, 0, 1 };
  GmLabelBox beside = { 0, 14, 50, 6, 1, 0 };
  GmLabelBox turned = { 80, 0, 20, 5, c, s };
  GmLabelBox touching = { 62, 0, 20, 5, c, s };

  g_assert_true (gm_label_box_overlaps (&a, &b));
  g_assert_false (gm_label_box_overlaps (&a, &beside));
  g_assert_false (gm_label_box_overlaps (&a, &turned));
  g_assert_true (gm_label_box_overlaps (&a, &touching));
}

static GmExtent
extent_around (double lon,
               double lat,
               double half_w,
               double half_h)
{
  return (GmExtent) { lon - half_w, lat - half_h, lon + half_w, lat + half_h };
}

/* The panel goes where the grid's shape leaves room: beside a tall grid,
 * under a wide one; the map and the panel never overlap and stay inside
 * the page. */
static void
test_layout_follows_shape (void)
{
  GmExtent tall = extent_around (37.2, 55.66, 0.002, 0.006);
  GmExtent wide = extent_around (37.2, 55.66, 0.012, 0.002);
  GmPosterLayout l;

  gm_poster_layout_compute (842, 595, 1.0, &tall, 0.27, &l);
  g_assert_true (l.panel_beside);
  g_assert_cmpfloat (l.map.x + l.map.w, <, l.panel.x);
  g_assert_cmpfloat (l.panel.x + l.panel.w, <=, 842);
  gm_poster_layout_compute (595, 842, 1.0, &wide, 0.27, &l);
  g_assert_false (l.panel_beside);
  g_assert_cmpfloat (l.map.y + l.map.h, <, l.panel.y);
  g_assert_cmpfloat (l.panel.y + l.panel.h, <, l.footer.y);
  /* On A0, four times A4's size, the same grid is drawn at about four
   * times the scale: metres per point on paper are a quarter. */
  {
    GmPosterLayout a0;
    double u0 = 2384 / 595.0;
    double ratio;

    gm_poster_layout_compute (2384, 3370, u0, &wide, 0.27, &a0);
    ratio = (exp2 (-l.zoom) / gm_poster_map_px (1.0)) / (exp2 (-a0.zoom) / gm_poster_map_px (u0));
    g_assert_cmpfloat (ratio, >, 3.5);
    g_assert_cmpfloat (ratio, <, 4.5);
  }
}

/* 20 grids in a wide panel: four columns of five, not one long row. */
static void
test_layout_cells (void)
{
  GmBox wide = { 0, 0, 1600, 700 };
  GmBox tall = { 0, 0, 400, 2400 };
  guint columns, rows;

  gm_poster_layout_cells (&wide, 20, 2.8, &columns, &rows);
  g_assert_cmpuint (columns, ==, 4);
  g_assert_cmpuint (rows, ==, 5);
  gm_poster_layout_cells (&tall, 20, 2.8, &columns, &rows);
  g_assert_cmpuint (columns, ==, 1);
  g_assert_cmpuint (rows, ==, 20);
}

static GmPoster *
new_poster (GmPosterKind  kind,
            const char   *grid,
            const char   *community,
            GmPaper       paper)
{
  GmPosterOptions options = { kind, grid, community, paper, FALSE, FALSE, NULL, "2026-12-04" };
  g_autoptr(GError) error = NULL;
  GmPoster *poster = gm_poster_new (demo_path, &options, &error);

  g_assert_no_error (error);
  return poster;
}

/* One page per grid for an atlas and a community's cards, one for the
 * rest; an atlas as PNG is a file per page. */
static void
test_pages (void)
{
  g_autoptr(GmPoster) grid = new_poster (GM_POSTER_GRID, GRID3, NULL, GM_PAPER_A4);
  g_autoptr(GmPoster) atlas = new_poster (GM_POSTER_ATLAS, NULL, COMMUNITY, GM_PAPER_A3);
  g_autoptr(GmPoster) cards = new_poster (GM_POSTER_CARDS, NULL, COMMUNITY, GM_PAPER_A4);
  g_autoptr(GmPoster) community = new_poster (GM_POSTER_COMMUNITY, NULL, COMMUNITY, GM_PAPER_A0);
  g_auto(GStrv) pdf = gm_poster_dup_file_names (atlas, "/tmp/atlas.pdf", GM_POSTER_PDF);
  g_auto(GStrv) png = gm_poster_dup_file_names (atlas, "/tmp/out/atlas.png", GM_POSTER_PNG);
  g_autofree char *title = gm_poster_dup_page_title (atlas, 2);

  g_assert_cmpuint (gm_poster_get_n_pages (grid), ==, 1);
  g_assert_cmpuint (gm_poster_get_n_pages (atlas), ==, 20);
  g_assert_cmpuint (gm_poster_get_n_pages (cards), ==, 20);
  g_assert_cmpuint (gm_poster_get_n_pages (community), ==, 1);
  g_assert_cmpuint (g_strv_length (pdf), ==, 1);
  g_assert_cmpuint (g_strv_length (png), ==, 20);
  g_assert_cmpstr (png[0], ==, "/tmp/out/atlas-01.png");
  g_assert_cmpstr (png[19], ==, "/tmp/out/atlas-20.png");
  g_assert_cmpstr (title, ==, "第3网格 990101001001003");
}

/* Unknown codes and options that do not go together are errors, never a
 * crash. */
static void
test_bad_options (void)
{
  GmPosterOptions options = { GM_POSTER_GRID, "990101001001999", NULL, GM_PAPER_A4 };
  g_autoptr(GError) error = NULL;

  g_assert_null (gm_poster_new (demo_path, &options, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  options = (GmPosterOptions) { GM_POSTER_ATLAS, GRID3, NULL, GM_PAPER_A4 };
  g_assert_null (gm_poster_new (demo_path, &options, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_INVALID);
  g_clear_error (&error);
  options = (GmPosterOptions) { GM_POSTER_COMMUNITY, NULL, "1", GM_PAPER_A4 };
  g_assert_null (gm_poster_new (demo_path, &options, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  options = (GmPosterOptions) { GM_POSTER_GRID, GRID3, NULL, GM_PAPER_A4, .date = "2026-02-30" };
  g_assert_null (gm_poster_new (demo_path, &options, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_INVALID);
}

/* A0 at 300 dpi is 9934 × 14042 px (139 megapixels): made, with a
 * warning; at 600 dpi it is refused with the most that can be made (359
 * dpi); an A4 PDF of one grid is well under a megabyte by the estimate. */
static void
test_size_check (void)
{
  g_autoptr(GmPoster) a0 = new_poster (GM_POSTER_GRID, GRID3, NULL, GM_PAPER_A0);
  g_autoptr(GmPoster) a4 = new_poster (GM_POSTER_GRID, GRID3, NULL, GM_PAPER_A4);
  g_autoptr(GError) error = NULL;
  GmPosterCheck check;

  g_assert_true (gm_poster_check (a0, GM_POSTER_PNG, 300, &check, &error));
  g_assert_cmpint (check.width_px, ==, 9934);
  g_assert_cmpint (check.height_px, ==, 14042);
  g_assert_nonnull (check.warning);
  gm_poster_check_clear (&check);
  g_assert_false (gm_poster_check (a0, GM_POSTER_PNG, 600, &check, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "359 dpi"));
  g_clear_error (&error);
  g_assert_false (gm_poster_check (a4, GM_POSTER_PNG, 5, &check, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gm_poster_check (a4, GM_POSTER_PDF, 0, &check, &error));
  g_assert_cmpuint (check.files, ==, 1);
  g_assert_cmpuint (check.estimated_bytes, <, 1024 * 1024);
  g_assert_null (check.warning);
}

/* A file that cannot be written is an error naming it; a cancelled export
 * leaves nothing, and an older file stays as it was. */
static void
test_export_whole_or_nothing (void)
{
  g_autoptr(GmPoster) poster = new_poster (GM_POSTER_ATLAS, NULL, COMMUNITY, GM_PAPER_A4);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (demo_dir, "atlas.pdf", NULL);
  g_autofree char *after = NULL;

  g_assert_false (gm_poster_export (poster, "/nonexistent/atlas.pdf", GM_POSTER_PDF, 0, NULL, NULL, NULL, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "/nonexistent/atlas.pdf"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "older", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (gm_poster_export (poster, path, GM_POSTER_PDF, 0, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "older");
  /* Only the older file is in the folder: no temporary one was left. */
  {
    g_autoptr(GDir) dir = g_dir_open (demo_dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, ".atlas.pdf"));
  }
  g_unlink (path);
}

/* The notice and photos live in the project's meta table. */
static void
test_settings (void)
{
  g_autofree char *copy = g_build_filename (demo_dir, "settings.gridmap", NULL);
  g_autofree char *png = g_build_filename (demo_dir, "photo.png", NULL);
  g_autofree char *notice = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 30, 40);
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = g_file_new_for_path (copy);

  g_assert_cmpint (cairo_surface_write_to_png (image, png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
  g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
  store = gm_store_open (copy, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_null (gm_poster_dup_notice (store));
  g_assert_true (gm_poster_set_notice (store, "请拨打 110。", &error));
  notice = gm_poster_dup_notice (store);
  g_assert_cmpstr (notice, ==, "请拨打 110。");
  g_assert_true (gm_poster_set_notice (store, "", &error));
  g_assert_null (gm_poster_dup_notice (store));

  g_assert_false (gm_poster_has_worker_photo (store, GRID3));
  g_assert_true (gm_poster_set_worker_photo (store, GRID3, png, &error));
  g_assert_true (gm_poster_has_worker_photo (store, GRID3));
  g_assert_true (gm_poster_set_worker_photo (store, GRID3, NULL, &error));
  g_assert_false (gm_poster_has_worker_photo (store, GRID3));
  g_assert_false (gm_poster_set_worker_photo (store, GRID3, copy, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_IMAGE);
  g_clear_error (&error);
  g_assert_false (gm_poster_set_worker_photo (store, "42", png, &error));
  g_assert_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_NOT_FOUND);
}

/* The family pango set the character at byte @index of @layout in, and
 * its advance in points. */
static char *
dup_family_at (PangoLayout *layout,
               int          index,
               double      *advance)
{
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);
      g_autoptr(PangoFontDescription) font = NULL;

      if (run == NULL || index < run->item->offset || index >= run->item->offset + run->item->length)
        continue;
      for (int g = 0; g < run->glyphs->num_glyphs; g++)
        if (run->item->offset + run->glyphs->log_clusters[g] == index)
          *advance = run->glyphs->glyphs[g].geometry.width / (double) PANGO_SCALE;
      font = pango_font_describe (run->item->analysis.font);
      return g_strdup (pango_font_description_get_family (font));
    }
  while (pango_layout_iter_next_run (iter));
  g_assert_not_reached ();
}

/* Quotes and apostrophes beside Latin letters are set in a Latin font,
 * as narrow as a Latin apostrophe is, not the print font's full-width ones
 * ("grid’ s"); beside Chinese they stay full width, in the Chinese font,
 * and Chinese letters keep their font. Sizes in points at 20 pt. */
static void
test_latin_punctuation (void)
{
  static const struct { const char *text, *mark, *family; double min, max; } cases[] = {
    { "Grid workers (QR codes on each grid’s poster and cards)", "’", "DejaVu Sans", 3, 8 },
    { "Grid workers (QR codes on each grid’s poster and cards)", "G", "WenQuanYi Micro Hei", 8, 20 },
    { "the “第1网格” poster", "“", "DejaVu Sans", 3, 12 },
    { "网格员（见“第1网格”公示图）", "“", "WenQuanYi Micro Hei", 18, 22 },
    { "网格员（见“第1网格”公示图）", "网", "WenQuanYi Micro Hei", 18, 22 },
    { "第1网格 grid’s", "网", "WenQuanYi Micro Hei", 18, 22 },
    { "Улица Ленина’", "’", "DejaVu Sans", 3, 8 },
  };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  GmPage page = { .cr = cairo_create (surface) };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(PangoLayout) layout = gm_page_layout (&page, cases[i].text, 20, GM_TEXT_REGULAR, -1);
      int index = strstr (cases[i].text, cases[i].mark) - cases[i].text;
      double advance = 0;
      g_autofree char *family = dup_family_at (layout, index, &advance);

      g_test_message ("%s: %s in %s, %.1f pt", cases[i].text, cases[i].mark, family, advance);
      g_assert_cmpstr (family, ==, cases[i].family);
      g_assert_cmpfloat (advance, >=, cases[i].min);
      g_assert_cmpfloat (advance, <=, cases[i].max);
    }
  cairo_destroy (page.cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  demo_dir = gm_test_mkdtemp ();
  demo_path = g_build_filename (demo_dir, "demo.gridmap", NULL);
  g_assert_true (gm_demo_build (demo_path, NULL, GM_DEMO_SEED, NULL, NULL, NULL, &error));

  g_test_add_func ("/core/poster/paper", test_paper);
  g_test_add_func ("/core/poster/format-phone", test_format_phone);
  g_test_add_func ("/core/poster/latin-punctuation", test_latin_punctuation);
  g_test_add_func ("/core/poster/qr", test_qr);
  g_test_add_func ("/core/poster/label-boxes", test_label_boxes);
  g_test_add_func ("/core/poster/layout-follows-shape", test_layout_follows_shape);
  g_test_add_func ("/core/poster/layout-cells", test_layout_cells);
  g_test_add_func ("/core/poster/pages", test_pages);
  g_test_add_func ("/core/poster/bad-options", test_bad_options);
  g_test_add_func ("/core/poster/size-check", test_size_check);
  g_test_add_func ("/core/poster/export-whole-or-nothing", test_export_whole_or_nothing);
  g_test_add_func ("/core/poster/settings", test_settings);
  status = g_test_run ();

  gm_test_rmdir (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  return status;
}
