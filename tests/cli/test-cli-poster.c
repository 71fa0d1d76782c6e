/* test-cli-poster.c — `gridmap-cli poster` on the demo project, its files
 * checked by poppler's own tools as a print shop would: pdfinfo for the page
 * size and count, pdffonts for embedded fonts, pdftotext for what is printed
 * (the grid, its worker and phone) and what never is (any resident's name,
 * ID number or phone), pdftoppm for a page compared with a reference image a
 * person looked at, and zbarimg for the QR code.
 */
#include "gm-config.h"

#include <string.h>
#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "gm-autocleanups.h"
#include "gm-store.h"

#define GRID3 "990101001001003"
#define COMMUNITY "990101001001"

static char *tmp_dir;
static char *demo;

/* ---- running programs ------------------------------------------------------- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs @argv (the program first) with @language as LANGUAGE (NULL: the
 * test's); it must exit, not crash. */
static void
run_in (Run                *run,
        const char         *language,
        const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  run_clear (run);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  if (g_test_verbose ())
    g_test_message ("%s %s → %d: %s", argv[0], argv[1] != NULL ? argv[1] : "", run->status, run->err);
}

#define RUN(run, ...) run_in ((run), NULL, (const char *[]) { __VA_ARGS__, NULL })
#define POSTER(run, ...) \
  run_in ((run), NULL, (const char *[]) { g_getenv ("GRIDMAP_CLI"), "poster", demo, __VA_ARGS__, NULL })

static char *
tmp_file (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Output of a poppler tool, which must succeed. */
static char *
tool_output (const char * const *argv)
{
  g_auto(Run) run = { 0 };

  run_in (&run, NULL, argv);
  g_assert_cmpint (run.status, ==, 0);
  return g_steal_pointer (&run.out);
}

#define TOOL(...) tool_output ((const char *[]) { __VA_ARGS__, NULL })

/* The text of a PDF with every space and line break taken out, so that
 * "199 0000 4400" and a name broken over two lines are found too. */
static char *
pdf_text_squeezed (const char *pdf,
                   int         page)
{
  g_autofree char *first = g_strdup_printf ("%d", page > 0 ? page : 1);
  g_autofree char *last = g_strdup_printf ("%d", page > 0 ? page : 9999);
  g_autofree char *text = TOOL ("pdftotext", "-f", first, "-l", last, pdf, "-");
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static char *
query_text (GmStore    *store,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

static GmStore *
open_demo (void)
{
  g_autoptr(GError) error = NULL;
  GmStore *store = gm_store_open (demo, GM_STORE_OPEN_READONLY, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_pdf_info (const char *pdf,
                 const char *pages,
                 const char *size)
{
  g_autofree char *info = TOOL ("pdfinfo", pdf);
  g_autofree char *pages_line = g_strdup_printf ("Pages:           %s\n", pages);

  g_assert_nonnull (strstr (info, pages_line));
  g_assert_nonnull (strstr (info, size));
}

/* Every font of @pdf is embedded, and the Chinese one is among them. */
static void
assert_fonts_embedded (const char *pdf)
{
  g_autofree char *fonts = TOOL ("pdffonts", pdf);
  g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
  gsize emb = 0;
  guint n = 0;
  gboolean cjk = FALSE;

  g_assert_cmpuint (g_strv_length (lines), >, 2);
  /* The "emb" column starts after the first three columns of dashes. */
  for (guint col = 0, i = 0; lines[1][i] != '\0' && col < 3; i++)
    if (lines[1][i] == ' ')
      emb = i + 1, col++;
  for (guint i = 2; lines[i] != NULL && lines[i][0] != '\0'; i++, n++)
    {
      g_assert_cmpuint (strlen (lines[i]), >, emb + 3);
      g_assert_true (strncmp (lines[i] + emb, "yes", 3) == 0);
      cjk |= strstr (lines[i], "WenQuanYiMicroHei") != NULL;
    }
  g_assert_cmpuint (n, >=, 2);
  g_assert_true (cjk);
}

/* ---- a grid's poster ---------------------------------------------------------- */

/* What a person checked on the page: the grid's code in the title, its
 * worker 曹慧 and phone 199 0000 4400 (from the demo's fixed seed), A4
 * portrait, one page, every font embedded. */
static void
test_grid_pdf (void)
{
  g_autofree char *pdf = tmp_file ("grid.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GmStore) store = open_demo ();
  g_autofree char *name = query_text (store, "SELECT worker_name FROM grid WHERE code = '" GRID3 "'");
  g_autofree char *phone = query_text (store, "SELECT worker_phone FROM grid WHERE code = '" GRID3 "'");
  g_auto(Run) run = { 0 };

  POSTER (&run, "--grid", GRID3, "--paper", "A4", "--date", "2026-12-04", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "1 page, A4 portrait"));
  assert_pdf_info (pdf, "1", "595 x 842 pts (A4)");
  assert_fonts_embedded (pdf);
  text = pdf_text_squeezed (pdf, 0);
  g_assert_cmpstr (name, ==, "曹慧");
  g_assert_cmpstr (phone, ==, "19900004400");
  g_assert_nonnull (strstr (text, GRID3));
  g_assert_nonnull (strstr (text, "林城社区第3网格"));
  g_assert_nonnull (strstr (text, name));
  g_assert_nonnull (strstr (text, phone));
  /* The map's labels are text too: a landmark east of the grid. */
  g_assert_nonnull (strstr (text, "Лукоморье"));
  /* Hazards only when asked for. */
  g_assert_null (strstr (text, "hazard"));
}

/* ---- privacy ----------------------------------------------------------------- */

/* @text with every worker's name and phone blotted out: what is left must
 * hold no resident's name, ID number or phone. (The demo's names are common
 * ones and its phones come from 10,000 numbers: a resident may share a
 * worker's name or number, and 金凤 is part of 吴金凤.) */
static char *
blot_workers (GmStore    *store,
              const char *text)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) blotted = g_string_new (text);

  stmt = gm_store_prepare (store, "SELECT worker_name FROM grid UNION SELECT worker_phone FROM grid", NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_replace (blotted, (const char *) sqlite3_column_text (stmt, 0), "#", 0);
  return g_string_free (g_steal_pointer (&blotted), FALSE);
}

/* Every resident's name, ID number and phone, to be looked up. */
static GHashTable *
resident_values (GmStore *store)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, "SELECT name, id_number, phone FROM resident", NULL);
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < 3; c++)
        if (sqlite3_column_text (stmt, c) != NULL)
          g_hash_table_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, c)));
      n++;
    }
  /* The demo's ~27,000 residents are all looked for. */
  g_assert_cmpuint (n, >, 25000);
  return values;
}

/* No resident's name, ID number or phone is on any page: every run of 2 to
 * 4 characters (a name) and of 11 or 18 (a phone, an ID number) in what is
 * left of the text is looked up among the residents'. */
static void
assert_no_resident_data (const char *text)
{
  static const int lengths[] = { 2, 3, 4, 11, 18 };
  g_autoptr(GmStore) store = open_demo ();
  g_autoptr(GHashTable) values = resident_values (store);
  g_autofree char *rest = blot_workers (store, text);

  for (const char *p = rest; *p != '\0'; p = g_utf8_next_char (p))
    for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
      {
        const char *end = p;
        g_autofree char *run = NULL;
        int k;

        for (k = 0; k < lengths[i] && *end != '\0'; k++)
          end = g_utf8_next_char (end);
        if (k < lengths[i])
          break;
        run = g_strndup (p, end - p);
        if (g_hash_table_contains (values, run))
          g_error ("a resident's name, ID number or phone is printed: %s", run);
      }
}

static void
test_privacy (void)
{
  /* The atlas and the cards are checked where they are made. */
  const char *args[][3] = {
    { "--community", COMMUNITY, "--hazards" },
    { "--grid", GRID3, "--hazards" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (args); i++)
    {
      g_autofree char *pdf = tmp_file ("privacy.pdf");
      g_autofree char *text = NULL;
      g_auto(Run) run = { 0 };

      POSTER (&run, args[i][0], args[i][1], args[i][2], "--out", pdf);
      g_assert_cmpint (run.status, ==, 0);
      text = pdf_text_squeezed (pdf, 0);
      g_assert_cmpuint (strlen (text), >, 200);
      assert_no_resident_data (text);
      g_unlink (pdf);
    }
}

/* ---- a community, an atlas, cards ----------------------------------------------- */

/* A0 is 841 × 1189 mm = 2384 × 3370 pt; every worker's phone is on it. */
static void
test_community_a0 (void)
{
  g_autofree char *pdf = tmp_file ("community.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GmStore) store = open_demo ();
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, "SELECT worker_phone FROM grid", NULL);
  g_auto(Run) run = { 0 };
  guint phones = 0;

  POSTER (&run, "--community", COMMUNITY, "--paper", "A0", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  assert_pdf_info (pdf, "1", "2384 x 3370 pts (A0)");
  text = pdf_text_squeezed (pdf, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_assert_nonnull (strstr (text, (const char *) sqlite3_column_text (stmt, 0)));
      phones++;
    }
  g_assert_cmpuint (phones, ==, 20);
}

/* One A3 page per grid, each titled with its own grid's code. */
static void
test_atlas (void)
{
  g_autofree char *pdf = tmp_file ("atlas.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };

  POSTER (&run, "--community", COMMUNITY, "--atlas", "--paper", "A3", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  assert_pdf_info (pdf, "20", "842 x 1191 pts (A3)");
  text = pdf_text_squeezed (pdf, 0);
  assert_no_resident_data (text);
  for (int page = 1; page <= 20; page += 19)
    {
      g_autofree char *page_text = pdf_text_squeezed (pdf, page);
      g_autofree char *code = g_strdup_printf ("Gridcode%s%03d", COMMUNITY, page);

      g_assert_nonnull (strstr (page_text, code));
    }
}

/* Ten cards of 85 × 54 mm on an A4 sheet, each with the worker's name. */
static void
test_cards (void)
{
  g_autofree char *pdf = tmp_file ("cards.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };
  guint n = 0;

  POSTER (&run, "--grid", GRID3, "--cards", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  assert_pdf_info (pdf, "1", "595 x 842 pts (A4)");
  text = pdf_text_squeezed (pdf, 0);
  for (const char *p = text; (p = strstr (p, "曹慧")) != NULL; p++)
    n++;
  g_assert_cmpuint (n, ==, 10);
  g_unlink (pdf);
  POSTER (&run, "--community", COMMUNITY, "--cards", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  assert_pdf_info (pdf, "20", "595 x 842 pts (A4)");
  g_free (text);
  text = pdf_text_squeezed (pdf, 0);
  assert_no_resident_data (text);
}

/* ---- the QR code ------------------------------------------------------------------ */

/* zbarimg reads the code on the printed page (rendered at 150 dpi) as the
 * MECARD a phone saves: the worker's name with the grid, the phone, and a
 * note with the community and the grid's code. */
static void
test_qr_decodes (void)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *pdf = tmp_file ("qr.pdf");
  g_autofree char *png_stem = tmp_file ("qr");
  g_autofree char *png = tmp_file ("qr.png");
  g_autofree char *decoded = NULL;
  g_auto(Run) run = { 0 };

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg (Debian package zbar-tools) is not installed");
      return;
    }
  POSTER (&run, "--grid", GRID3, "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  g_free (TOOL ("pdftoppm", "-r", "150", "-png", "-singlefile", pdf, png_stem));
  decoded = TOOL (zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png);
  g_assert_cmpstr (decoded, ==, "MECARD:N:曹慧 (grid worker\\, 第3网格);TEL:19900004400;"
                                "NOTE:林城社区 第3网格\\, grid code 990101001001003;;\n");
}

/* ---- the page as it looks ------------------------------------------------------------ */

/* Mean grey level of each 8 × 8 block: text drawn with other hinting
 * moves pixels within a block, not the block's mean. */
static GArray *
block_means (cairo_surface_t *image)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  GArray *means = g_array_new (FALSE, TRUE, sizeof (double));

  for (int by = 0; by + 8 <= h; by += 8)
    for (int bx = 0; bx + 8 <= w; bx += 8)
      {
        double sum = 0;

        for (int y = by; y < by + 8; y++)
          for (int x = bx; x < bx + 8; x++)
            {
              guint32 p = ((const guint32 *) (data + y * stride))[x];

              sum += ((p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff)) / 3.0;
            }
        sum /= 64;
        g_array_append_val (means, sum);
      }
  return means;
}

static void
assert_looks_like (const char *png,
                   const char *reference)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (png);
  cairo_surface_t *b = cairo_image_surface_create_from_png (reference);
  g_autoptr(GArray) ma = NULL;
  g_autoptr(GArray) mb = NULL;
  double total = 0;
  guint off = 0;

  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (cairo_image_surface_get_height (a), ==, cairo_image_surface_get_height (b));
  ma = block_means (a);
  mb = block_means (b);
  for (guint i = 0; i < ma->len; i++)
    {
      double d = ABS (g_array_index (ma, double, i) - g_array_index (mb, double, i));

      total += d;
      off += d > 24;
    }
  g_test_message ("mean block difference %.2f, %u of %u blocks off by more than 24",
                  total / ma->len, off, ma->len);
  /* A moved label or a missing street shows in several blocks at once. */
  g_assert_cmpfloat (total / ma->len, <, 2.0);
  g_assert_cmpuint (off, <=, ma->len / 100);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* The A4 poster of grid 3 at 40 dpi against tests/data/poster/grid-003-a4.png,
 * which a person looked at (GRIDMAP_UPDATE_REFERENCE=1 writes it anew). */
static void
test_reference_image (void)
{
  g_autofree char *pdf = tmp_file ("reference.pdf");
  g_autofree char *stem = tmp_file ("page");
  g_autofree char *png = tmp_file ("page.png");
  g_autofree char *reference = g_build_filename (g_getenv ("GRIDMAP_TEST_DATA"), "poster", "grid-003-a4.png", NULL);
  g_auto(Run) run = { 0 };

  POSTER (&run, "--grid", GRID3, "--date", "2026-12-04", "--notice",
          "如遇紧急情况请拨打 110、119、120。网格员工作时间：周一至周五 8:30–17:30。", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  g_free (TOOL ("pdftoppm", "-r", "40", "-png", "-singlefile", pdf, stem));
  if (g_getenv ("GRIDMAP_UPDATE_REFERENCE") != NULL)
    {
      g_autoptr(GFile) from = g_file_new_for_path (png);
      g_autoptr(GFile) to = g_file_new_for_path (reference);

      g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      g_test_skip ("wrote the reference image anew: look at it before committing it");
      return;
    }
  assert_looks_like (png, reference);
}

/* ---- Chinese ----------------------------------------------------------------------- */

/* In the Chinese locale the page speaks Chinese: 您的网格员, 比例尺, 图例. */
static void
test_chinese (void)
{
  g_autofree char *pdf = tmp_file ("zh.pdf");
  g_autofree char *text = NULL;
  g_auto(Run) run = { 0 };

  run_in (&run, "zh_CN", (const char *[]) { g_getenv ("GRIDMAP_CLI"), "poster", demo, "--grid", GRID3,
                                            "--out", pdf, NULL });
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "已写入"));
  text = pdf_text_squeezed (pdf, 0);
  g_assert_nonnull (strstr (text, "您的网格员"));
  g_assert_nonnull (strstr (text, "比例尺1:"));
  g_assert_nonnull (strstr (text, "图例"));
  g_assert_nonnull (strstr (text, "本图不含居民个人信息"));
  g_assert_nonnull (strstr (text, "网格编码" GRID3));
}

/* ---- PNG and SVG ----------------------------------------------------------------------- */

static void
png_size (const char *path,
          int        *w,
          int        *h)
{
  cairo_surface_t *image = cairo_image_surface_create_from_png (path);

  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  *w = cairo_image_surface_get_width (image);
  *h = cairo_image_surface_get_height (image);
  cairo_surface_destroy (image);
}

/* A4 (595 × 842 pt) at 72 dpi is 595 × 842 pixels, at 144 dpi twice that;
 * a landscape A4 SVG is 842 × 595 pt. */
static void
test_png_svg (void)
{
  g_autofree char *png = tmp_file ("grid.png");
  g_autofree char *svg = tmp_file ("grid.svg");
  g_autofree char *contents = NULL;
  g_auto(Run) run = { 0 };
  int w, h;

  POSTER (&run, "--grid", GRID3, "--out", png, "--dpi", "72");
  g_assert_cmpint (run.status, ==, 0);
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 595);
  g_assert_cmpint (h, ==, 842);
  POSTER (&run, "--grid", GRID3, "--out", png, "--dpi", "144");
  png_size (png, &w, &h);
  g_assert_cmpint (w, ==, 1190);
  g_assert_cmpint (h, ==, 1684);
  POSTER (&run, "--grid", GRID3, "--landscape", "--out", svg);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "width=\"842pt\" height=\"595pt\""));
}

/* ---- bad input ---------------------------------------------------------------------------- */

static void
assert_failed (const Run  *run,
               int         status,
               const char *needle)
{
  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "gridmap-cli: "));
  g_assert_nonnull (strstr (run->err, needle));
}

/* Clear errors, no crash and no file: an unknown grid or community, a
 * folder that does not exist, an absurd resolution, A0 at 1200 dpi (39,733
 * × 56,167 pixels; 359 dpi is the most that fits 200 megapixels), options
 * that do not go together. */
static void
test_errors (void)
{
  g_autofree char *pdf = tmp_file ("never.pdf");
  g_autofree char *png = tmp_file ("never.png");
  g_auto(Run) run = { 0 };

  POSTER (&run, "--grid", "990101001001999", "--out", pdf);
  assert_failed (&run, 1, "“990101001001999”");
  POSTER (&run, "--community", "42", "--out", pdf);
  assert_failed (&run, 1, "“42”");
  POSTER (&run, "--grid", GRID3, "--out", "/nonexistent-folder/x.pdf");
  assert_failed (&run, 1, "/nonexistent-folder/x.pdf");
  POSTER (&run, "--grid", GRID3, "--out", png, "--dpi", "5000");
  assert_failed (&run, 2, "--dpi");
  POSTER (&run, "--grid", GRID3, "--out", png, "--dpi", "lots");
  assert_failed (&run, 2, "--dpi");
  POSTER (&run, "--grid", GRID3, "--paper", "A0", "--out", png, "--dpi", "1200");
  assert_failed (&run, 1, "359 dpi");
  POSTER (&run, "--grid", GRID3, "--community", COMMUNITY, "--out", pdf);
  assert_failed (&run, 2, "--grid");
  POSTER (&run, "--grid", GRID3, "--atlas", "--out", pdf);
  assert_failed (&run, 2, "--atlas");
  POSTER (&run, "--grid", GRID3);
  assert_failed (&run, 2, "--out");
  POSTER (&run, "--grid", GRID3, "--out", "x.doc");
  assert_failed (&run, 2, "x.doc");
  POSTER (&run, "--grid", GRID3, "--paper", "B5", "--out", pdf);
  assert_failed (&run, 2, "B5");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

/* ---- what the office keeps in the project -------------------------------------------------- */

static void
write_test_photo (const char *path)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 120, 160);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_rgb (cr, 0.55, 0.70, 0.85);
  cairo_paint (cr);
  cairo_arc (cr, 60, 60, 30, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.95, 0.82, 0.70);
  cairo_fill (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (image, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (image);
}

static guint
count_images (const char *pdf)
{
  g_autofree char *list = TOOL ("pdfimages", "-list", pdf);
  g_auto(GStrv) lines = g_strsplit (list, "\n", -1);
  guint n = 0;

  /* Two header lines, then a line per image. */
  for (guint i = 2; lines[i] != NULL; i++)
    n += lines[i][0] != '\0';
  return n;
}

/* The notice and a worker's photo are kept in the project (where the app
 * finds them too) and printed; a file that is no picture is refused. */
static void
test_settings (void)
{
  g_autofree char *project = tmp_file ("settings.gridmap");
  g_autofree char *photo = tmp_file ("worker.png");
  g_autofree char *pdf = tmp_file ("settings.pdf");
  g_autofree char *text = NULL;
  g_autofree char *code_photo = g_strdup_printf ("%s=%s", GRID3, photo);
  const char *cli = g_getenv ("GRIDMAP_CLI");
  g_auto(Run) run = { 0 };

  RUN (&run, "cp", demo, project);
  write_test_photo (photo);
  RUN (&run, cli, "poster", project, "--save-notice", "网格员每周二上午在社区服务站值班。");
  g_assert_cmpint (run.status, ==, 0);
  RUN (&run, cli, "poster", project, "--save-photo", code_photo);
  g_assert_cmpint (run.status, ==, 0);
  RUN (&run, cli, "poster", project, "--grid", GRID3, "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text_squeezed (pdf, 0);
  g_assert_nonnull (strstr (text, "网格员每周二上午在社区服务站值班。"));
  g_assert_cmpuint (count_images (pdf), ==, 1);

  RUN (&run, cli, "poster", project, "--remove-photo", GRID3);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Removed the photo"));
  RUN (&run, cli, "poster", project, "--grid", GRID3, "--out", pdf);
  g_assert_cmpuint (count_images (pdf), ==, 0);
  /* Removing it again says there was none. */
  RUN (&run, cli, "poster", project, "--remove-photo", GRID3);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "had no photo"));
  g_file_set_contents (photo, "not a picture", -1, NULL);
  RUN (&run, cli, "poster", project, "--save-photo", code_photo);
  assert_failed (&run, 1, "neither a PNG nor a JPEG");
}

/* Grid 3 has 10 open hazards, 5 of them past their deadline on 2026-12-04
 * (counted with sqlite3 by the hazards' buildings); printed as counts. */
static void
test_hazard_counts (void)
{
  g_autofree char *pdf = tmp_file ("hazards.pdf");
  g_autofree char *text = NULL;
  g_autoptr(GmStore) store = open_demo ();
  g_autofree char *open = query_text (store, "SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id"
                                      " JOIN grid g ON g.id = b.grid_id WHERE g.code = '" GRID3 "'"
                                      " AND h.status IN ('discovered', 'notified')");
  g_autofree char *overdue = query_text (store, "SELECT count(*) FROM hazard h JOIN building b ON b.id = h.building_id"
                                         " JOIN grid g ON g.id = b.grid_id WHERE g.code = '" GRID3 "'"
                                         " AND h.status IN ('discovered', 'notified') AND h.deadline < '2026-12-04'");
  g_autofree char *line = g_strdup_printf ("Openhazards:%s,ofwhichoverdue:%s", open, overdue);
  g_auto(Run) run = { 0 };

  g_assert_cmpstr (open, ==, "10");
  g_assert_cmpstr (overdue, ==, "5");
  POSTER (&run, "--grid", GRID3, "--hazards", "--date", "2026-12-04", "--out", pdf);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text_squeezed (pdf, 0);
  g_assert_nonnull (strstr (text, line));
}

/* ---- main ------------------------------------------------------------------------------------ */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("gridmap-poster-XXXXXX", &error);
  g_assert_no_error (error);
  demo = g_build_filename (tmp_dir, "demo.gridmap", NULL);
  RUN (&run, g_getenv ("GRIDMAP_CLI"), "demo", demo);
  g_assert_cmpint (run.status, ==, 0);

  g_test_add_func ("/cli/poster/grid-pdf", test_grid_pdf);
  g_test_add_func ("/cli/poster/privacy", test_privacy);
  g_test_add_func ("/cli/poster/community-a0", test_community_a0);
  g_test_add_func ("/cli/poster/atlas", test_atlas);
  g_test_add_func ("/cli/poster/cards", test_cards);
  g_test_add_func ("/cli/poster/qr-decodes", test_qr_decodes);
  g_test_add_func ("/cli/poster/reference-image", test_reference_image);
  g_test_add_func ("/cli/poster/chinese", test_chinese);
  g_test_add_func ("/cli/poster/png-svg", test_png_svg);
  g_test_add_func ("/cli/poster/errors", test_errors);
  g_test_add_func ("/cli/poster/settings", test_settings);
  g_test_add_func ("/cli/poster/hazard-counts", test_hazard_counts);
  status = g_test_run ();

  RUN (&run, "rm", "-rf", tmp_dir);
  g_free (demo);
  g_free (tmp_dir);
  return status;
}
