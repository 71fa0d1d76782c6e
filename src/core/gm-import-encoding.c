/* gm-import-encoding.c — which text encoding a source's bytes are in.
 *
 * A .cpg names an encoding in many spellings ("UTF-8", "936", "ANSI 1250",
 * "GBK"), or holds junk (a web page saved by mistake). The DBF language byte
 * names a code page by number. When both are missing, when they disagree, or
 * when the bytes do not decode in what is declared, the candidates (what is
 * declared, UTF-8, GB18030, Big5, Latin-1) are tried on a sample of the
 * text: an encoding in which some bytes do not decode is out, and among the
 * rest the one whose text reads most like text wins. "Reads like text" is
 * judged character by character: for Chinese, whether each character is
 * among the commonly used ones (the 3,755 of GB 2312 level 1 for the
 * simplified encodings, the 5,401 of Big5 level 1 for Big5), since text
 * decoded in the wrong Chinese encoding is a stream of rare characters; for
 * Latin letters, whether they sit in words that are mostly plain letters, as
 * "Weißensee" and "México" do and mojibake like "¼òÌå" does not.
 */
#include "gm-config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <cpl_vsi.h>

#include "gm-import-encoding.h"

const char *
gm_encoding_origin_get_label (GmEncodingOrigin origin)
{
  switch (origin)
    {
    case GM_ENCODING_FROM_FORMAT: return _("defined by the file format");
    case GM_ENCODING_FROM_CPG: return _("from the .cpg file");
    case GM_ENCODING_FROM_LANGUAGE_BYTE: return _("from the .dbf language byte");
    case GM_ENCODING_DETECTED: return _("detected from the text");
    case GM_ENCODING_CHOSEN: return _("chosen");
    case GM_ENCODING_ASCII: return _("plain ASCII text");
    default: g_return_val_if_reached (NULL);
    }
}

/* ---- names --------------------------------------------------------------------- */

static gboolean
gm_iconv_knows (const char *encoding)
{
  GIConv cd = g_iconv_open ("UTF-8", encoding);

  if (cd == (GIConv) -1)
    return FALSE;
  g_iconv_close (cd);
  return TRUE;
}

/* Windows code page numbers as .cpg files and people write them. */
static char *
gm_encoding_for_code_page (guint64 number)
{
  switch (number)
    {
    case 65001: return g_strdup ("UTF-8");
    case 936: return g_strdup ("CP936");
    case 54936: return g_strdup ("GB18030");
    case 950: return g_strdup ("CP950");
    case 28591: return g_strdup ("ISO-8859-1");
    case 20936: return g_strdup ("GB2312");
    default:
      if ((number >= 1250 && number <= 1258) || (number >= 437 && number <= 874) || number == 932
          || number == 949)
        return g_strdup_printf ("CP%" G_GUINT64_FORMAT, number);
      if (number >= 28592 && number <= 28605)
        return g_strdup_printf ("ISO-8859-%" G_GUINT64_FORMAT, number - 28590);
      return NULL;
    }
}

/**
 * gm_encoding_normalize:
 * @text: an encoding as a .cpg file or a person names it
 *
 * Returns: (nullable): the name iconv knows it by, or %NULL
 */
char *
gm_encoding_normalize (const char *text)
{
  static const char * const aliases[][2] = {
    { "utf8", "UTF-8" }, { "utf-8", "UTF-8" }, { "unicode", "UTF-8" },
    { "gbk", "CP936" }, { "cp936", "CP936" }, { "gb2312", "GB2312" }, { "gb18030", "GB18030" },
    { "big5", "BIG5" }, { "cp950", "CP950" }, { "latin1", "ISO-8859-1" }, { "latin-1", "ISO-8859-1" },
    { "iso88591", "ISO-8859-1" }, { "88591", "ISO-8859-1" }, { "ansi", "CP1252" },
  };
  g_autofree char *lower = NULL;
  g_autofree char *bare = NULL;
  const char *digits;
  char *end = NULL;
  guint64 number;

  if (text == NULL)
    return NULL;
  lower = g_ascii_strdown (g_strstrip (g_strdup (text)), -1);
  if (*lower == '\0' || strlen (lower) > 40)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (strcmp (lower, aliases[i][0]) == 0)
      return g_strdup (aliases[i][1]);

  /* "936", "CP 1250", "ANSI 1250", "windows-1252", "8859-1". */
  digits = lower + strcspn (lower, "0123456789");
  if (g_str_has_prefix (lower, "8859") || strstr (lower, "iso") != NULL)
    {
      if (sscanf (lower + strcspn (lower, "8"), "8859-%" G_GUINT64_FORMAT, &number) == 1
          || sscanf (lower + strcspn (lower, "8"), "8859%" G_GUINT64_FORMAT, &number) == 1)
        return number >= 1 && number <= 16 ? g_strdup_printf ("ISO-8859-%" G_GUINT64_FORMAT, number) : NULL;
    }
  else if (*digits != '\0')
    {
      number = g_ascii_strtoull (digits, &end, 10);
      if (end != NULL && *end == '\0')
        return gm_encoding_for_code_page (number);
    }

  /* Anything else iconv knows, as it is spelt. */
  bare = g_ascii_strup (lower, -1);
  for (const char *p = bare; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return NULL;
  return gm_iconv_knows (bare) ? g_steal_pointer (&bare) : NULL;
}

/* The DBF language driver ids and their code pages, as ESRI and GDAL read
 * them (0x57 means "the ANSI code page", which GDAL takes as Latin-1). */
const char *
gm_encoding_for_ldid (int ldid)
{
  static const struct { guint8 ldid; const char *encoding; } table[] = {
    { 0x01, "CP437" }, { 0x02, "CP850" }, { 0x03, "CP1252" }, { 0x08, "CP865" },
    { 0x09, "CP437" }, { 0x0A, "CP850" }, { 0x0B, "CP437" }, { 0x0D, "CP437" },
    { 0x0E, "CP850" }, { 0x0F, "CP437" }, { 0x10, "CP850" }, { 0x11, "CP437" },
    { 0x12, "CP850" }, { 0x13, "CP932" }, { 0x14, "CP850" }, { 0x15, "CP437" },
    { 0x16, "CP850" }, { 0x17, "CP865" }, { 0x18, "CP437" }, { 0x19, "CP437" },
    { 0x1A, "CP850" }, { 0x1B, "CP437" }, { 0x1C, "CP863" }, { 0x1D, "CP850" },
    { 0x1F, "CP852" }, { 0x22, "CP852" }, { 0x23, "CP852" }, { 0x24, "CP860" },
    { 0x25, "CP850" }, { 0x26, "CP866" }, { 0x37, "CP850" }, { 0x40, "CP852" },
    { 0x4D, "CP936" }, { 0x4E, "CP949" }, { 0x4F, "CP950" }, { 0x50, "CP874" },
    { 0x57, "ISO-8859-1" }, { 0x58, "CP1252" }, { 0x59, "CP1252" }, { 0x64, "CP852" },
    { 0x65, "CP866" }, { 0x66, "CP865" }, { 0x67, "CP861" }, { 0x6A, "CP737" },
    { 0x6B, "CP857" }, { 0x6C, "CP863" }, { 0x78, "CP950" }, { 0x79, "CP949" },
    { 0x7A, "CP936" }, { 0x7B, "CP932" }, { 0x7C, "CP874" }, { 0x86, "CP737" },
    { 0x87, "CP852" }, { 0x88, "CP857" }, { 0xC8, "CP1250" }, { 0xC9, "CP1251" },
    { 0xCA, "CP1254" }, { 0xCB, "CP1253" }, { 0xCC, "CP1257" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    if (table[i].ldid == ldid)
      return table[i].encoding;
  return NULL;
}

/* ---- what the file declares ---------------------------------------------------- */

void
gm_declared_encoding_clear (GmDeclaredEncoding *declared)
{
  g_clear_pointer (&declared->cpg, g_free);
  g_clear_pointer (&declared->cpg_text, g_free);
  g_clear_pointer (&declared->ldid, g_free);
}

/* The file beside @gdal_path with extension @ext in either case, read
 * whole when it is smaller than @max bytes. */
static char *
gm_read_sidecar (const char *gdal_path,
                 const char *ext,
                 gsize       max,
                 gsize      *length)
{
  g_autofree char *stem = g_strndup (gdal_path, strlen (gdal_path) - 4);

  for (int upper = 0; upper < 2; upper++)
    {
      g_autofree char *e = upper ? g_ascii_strup (ext, -1) : g_strdup (ext);
      g_autofree char *path = g_strconcat (stem, e, NULL);
      VSILFILE *f = VSIFOpenL (path, "rb");
      char *data;

      if (f == NULL)
        continue;
      data = g_malloc0 (max + 1);
      *length = VSIFReadL (data, 1, max, f);
      VSIFCloseL (f);
      return data;
    }
  return NULL;
}

void
gm_declared_encoding_read (const char         *gdal_path,
                           GmDeclaredEncoding *out)
{
  g_autofree char *cpg = NULL;
  g_autofree char *header = NULL;
  gsize length = 0;

  memset (out, 0, sizeof *out);
  out->ldid_byte = -1;
  if (strlen (gdal_path) < 5)
    return;

  cpg = gm_read_sidecar (gdal_path, ".cpg", 4096, &length);
  if (cpg != NULL && length > 0)
    {
      char *line_end = cpg + strcspn (cpg, "\r\n");

      *line_end = '\0';
      out->cpg = gm_encoding_normalize (cpg);
      if (out->cpg == NULL)
        out->cpg_text = g_utf8_make_valid (cpg, MIN (strlen (cpg), 40));
    }

  header = gm_read_sidecar (gdal_path, ".dbf", 32, &length);
  if (header != NULL && length >= 30)
    {
      out->ldid_byte = (guint8) header[29];
      out->ldid = g_strdup (gm_encoding_for_ldid (out->ldid_byte));
    }
}

/* ---- how text reads -------------------------------------------------------------- */

#define CJK_FIRST 0x4E00
#define CJK_LAST  0x9FFF

/* Bitmaps of the CJK Unified Ideographs that GB 2312 level 1 and Big5
 * level 1 hold: the commonly used characters of simplified and traditional
 * Chinese, taken from the two standards through iconv. */
static guint8 common_simplified[(CJK_LAST - CJK_FIRST + 8) / 8];
static guint8 common_traditional[(CJK_LAST - CJK_FIRST + 8) / 8];

static void
gm_mark_common (guint8     *bits,
                const char *encoding,
                guint8      lead_first,
                guint8      lead_last,
                const guint8 (*trails)[2],
                guint       n_trails)
{
  GIConv cd = g_iconv_open ("UTF-8", encoding);

  g_assert (cd != (GIConv) -1);
  for (guint lead = lead_first; lead <= lead_last; lead++)
    for (guint r = 0; r < n_trails; r++)
      for (guint trail = trails[r][0]; trail <= trails[r][1]; trail++)
        {
          char in[2] = { (char) lead, (char) trail };
          char out[8] = { 0 };
          gchar *inp = in, *outp = out;
          gsize inleft = 2, outleft = sizeof out - 1;
          gunichar c;

          if (g_iconv (cd, &inp, &inleft, &outp, &outleft) == (gsize) -1)
            {
              g_iconv (cd, NULL, NULL, NULL, NULL);
              continue;
            }
          c = g_utf8_get_char_validated (out, -1);
          if (c >= CJK_FIRST && c <= CJK_LAST)
            bits[(c - CJK_FIRST) / 8] |= 1 << ((c - CJK_FIRST) % 8);
        }
  g_iconv_close (cd);
}

static void
gm_common_init (void)
{
  static gsize done = 0;
  static const guint8 gb_trails[][2] = { { 0xA1, 0xFE } };
  static const guint8 big5_trails[][2] = { { 0x40, 0x7E }, { 0xA1, 0xFE } };

  if (g_once_init_enter (&done))
    {
      gm_mark_common (common_simplified, "GB2312", 0xB0, 0xD7, gb_trails, 1);
      gm_mark_common (common_traditional, "BIG5", 0xA4, 0xC6, big5_trails, 2);
      g_once_init_leave (&done, 1);
    }
}

static gboolean
gm_is_common (const guint8 *bits,
              gunichar      c)
{
  return (bits[(c - CJK_FIRST) / 8] >> ((c - CJK_FIRST) % 8)) & 1;
}

/* How a CJK ideograph reads in text decoded from @encoding: text decoded in
 * the encoding it was written in is almost all common characters. */
static double
gm_cjk_weight (gunichar    c,
               const char *encoding)
{
  gboolean simplified = gm_is_common (common_simplified, c);
  gboolean traditional = gm_is_common (common_traditional, c);

  if (g_str_has_prefix (encoding, "GB") || g_strcmp0 (encoding, "CP936") == 0)
    return simplified ? 1.0 : -0.3;
  if (g_str_has_prefix (encoding, "BIG5") || g_strcmp0 (encoding, "CP950") == 0)
    return traditional ? 1.0 : -0.3;
  return simplified || traditional ? 1.0 : -0.3;
}

/* A letter outside ASCII reads well in a word: for Latin letters, a word
 * that is mostly plain letters ("Weißensee", not "òÌå"); for other
 * alphabets (Cyrillic, Greek…), a word of two letters or more of one
 * script. */
static double
gm_letter_weight (const gunichar *word,
                  guint           length,
                  gunichar        c)
{
  guint ascii = 0, same_script = 0;
  GUnicodeScript script = g_unichar_get_script (c);

  for (guint i = 0; i < length; i++)
    {
      ascii += word[i] < 0x80;
      same_script += g_unichar_get_script (word[i]) == script;
    }
  if (script == G_UNICODE_SCRIPT_LATIN)
    return 2 * ascii >= length ? 1.0 : 0.0;
  /* Japanese kana: Chinese text has none, but they are not garbage. */
  if (script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA)
    return 0.0;
  return length >= 2 && same_script == length ? 1.0 : 0.0;
}

static double
gm_other_weight (gunichar c)
{
  if (c == 0xFFFD || (c >= 0x80 && c < 0xA0) || (c >= 0xE000 && c <= 0xF8FF))
    return -2.0;   /* undecodable, C1 controls, private use: never text */
  if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF))
    return 0.3;    /* CJK and full-width punctuation */
  if ((c >= 0x3400 && c <= 0x4DBF) || c >= 0x20000)
    return -1.0;   /* the rarest ideographs */
  switch (g_unichar_type (c))
    {
    case G_UNICODE_DASH_PUNCTUATION:
    case G_UNICODE_INITIAL_PUNCTUATION:
    case G_UNICODE_FINAL_PUNCTUATION:
    case G_UNICODE_OPEN_PUNCTUATION:
    case G_UNICODE_CLOSE_PUNCTUATION:
    case G_UNICODE_SPACE_SEPARATOR:
      return 0.2;
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_OTHER_PUNCTUATION:
      return 0.0;
    default:
      return -0.5;  /* symbols, box drawing, fractions, lone marks */
    }
}

/**
 * gm_encoding_plausibility:
 * @text: UTF-8 text, as decoded from @encoding
 * @encoding: the encoding it was decoded from
 *
 * Returns: the mean plausibility of the characters outside ASCII: 1 for
 *   text that reads like text, below 0.5 for mojibake; 1 when @text is ASCII
 */
double
gm_encoding_plausibility (const char *text,
                          const char *encoding)
{
  g_autofree gunichar *chars = g_utf8_to_ucs4 (text, -1, NULL, NULL, NULL);
  double total = 0.0;
  guint counted = 0;
  guint word_start = 0;

  if (chars == NULL)
    return -2.0;
  gm_common_init ();
  for (guint i = 0; chars[i] != 0 || i == 0; i++)
    {
      gunichar c = chars[i];

      if (c == 0)
        break;
      if (!g_unichar_isalpha (c) || (c >= CJK_FIRST && c <= CJK_LAST))
        word_start = i + 1;
      if (c < 0x80)
        continue;
      counted++;
      if (c >= CJK_FIRST && c <= CJK_LAST)
        total += gm_cjk_weight (c, encoding);
      else if (g_unichar_isalpha (c))
        {
          guint end = i;

          while (chars[end] != 0 && g_unichar_isalpha (chars[end])
                 && !(chars[end] >= CJK_FIRST && chars[end] <= CJK_LAST))
            end++;
          total += gm_letter_weight (chars + word_start, end - word_start, c);
        }
      else
        total += gm_other_weight (c);
    }
  return counted > 0 ? total / counted : 1.0;
}

/* ---- decoding -------------------------------------------------------------------- */

struct _GmDecoder
{
  GIConv   cd;          /* (GIConv) -1 for UTF-8: validated, not converted */
};

GmDecoder *
gm_decoder_new (const char *encoding)
{
  GmDecoder *decoder = g_new0 (GmDecoder, 1);

  decoder->cd = (GIConv) -1;
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    decoder->cd = g_iconv_open ("UTF-8", encoding);
  return decoder;
}

void
gm_decoder_free (GmDecoder *decoder)
{
  if (decoder == NULL)
    return;
  if (decoder->cd != (GIConv) -1)
    g_iconv_close (decoder->cd);
  g_free (decoder);
}

static gboolean
gm_is_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/* Valid UTF-8 with each invalid byte replaced by U+FFFD. */
static char *
gm_utf8_repair (const char *raw,
                guint      *n_bad)
{
  GString *out = g_string_new (NULL);
  const char *p = raw;
  const char *end = raw + strlen (raw);

  while (p < end)
    {
      const char *bad = NULL;

      if (g_utf8_validate (p, end - p, &bad))
        {
          g_string_append_len (out, p, end - p);
          break;
        }
      g_string_append_len (out, p, bad - p);
      g_string_append_unichar (out, 0xFFFD);
      (*n_bad)++;
      p = bad + 1;
    }
  return g_string_free (out, FALSE);
}

char *
gm_decoder_decode (GmDecoder  *decoder,
                   const char *raw,
                   guint      *n_bad)
{
  gsize inleft = strlen (raw);
  gsize size = inleft * 3 + 8;
  char *out, *outp;
  gchar *inp = (gchar *) raw;
  gsize outleft;

  *n_bad = 0;
  if (gm_is_ascii (raw))
    return g_strdup (raw);
  if (decoder->cd == (GIConv) -1)
    return gm_utf8_repair (raw, n_bad);

  out = outp = g_malloc (size + 4);
  outleft = size;
  while (inleft > 0)
    {
      if (g_iconv (decoder->cd, &inp, &inleft, &outp, &outleft) != (gsize) -1)
        break;
      if (errno == E2BIG)
        break;   /* cannot happen: three bytes out per byte in is enough */
      /* An invalid or cut-off sequence: one byte becomes U+FFFD. */
      (*n_bad)++;
      inp++;
      inleft--;
      outp += g_unichar_to_utf8 (0xFFFD, outp);
      outleft -= 3;
      g_iconv (decoder->cd, NULL, NULL, NULL, NULL);
    }
  g_iconv (decoder->cd, NULL, NULL, &outp, &outleft);
  *outp = '\0';
  return out;
}

/* ---- choosing -------------------------------------------------------------------- */

#define GM_SAMPLE_VALUES 3
#define GM_PLAUSIBLE 0.5

void
gm_encoding_choice_free (GmEncodingChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->encoding);
  g_free (choice->sample);
  g_clear_pointer (&choice->candidates, g_ptr_array_unref);
  g_clear_pointer (&choice->warnings, g_ptr_array_unref);
  g_free (choice);
}

void
gm_encoding_candidate_free (GmEncodingCandidate *candidate)
{
  if (candidate == NULL)
    return;
  g_free (candidate->encoding);
  g_free (candidate->sample);
  g_free (candidate);
}

/* The raw values that hold bytes outside ASCII: the ones an encoding
 * changes. */
static GPtrArray *
gm_high_values (GPtrArray *raw)
{
  GPtrArray *high = g_ptr_array_new ();

  for (guint i = 0; raw != NULL && i < raw->len; i++)
    if (!gm_is_ascii (g_ptr_array_index (raw, i)))
      g_ptr_array_add (high, g_ptr_array_index (raw, i));
  return high;
}

/* A few distinct values for people to read, "简体 · 国语". */
static char *
gm_sample_text (GPtrArray *decoded)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();

  for (guint i = 0; i < decoded->len && shown->len < GM_SAMPLE_VALUES; i++)
    {
      const char *value = g_ptr_array_index (decoded, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < shown->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (shown, j), value) == 0;
      if (!seen)
        g_ptr_array_add (shown, (gpointer) value);
    }
  g_ptr_array_add (shown, NULL);
  return g_strjoinv (" · ", (char **) shown->pdata);
}

/* Decodes @high in @encoding and judges the result. */
static GmEncodingCandidate *
gm_encoding_try (const char *encoding,
                 GPtrArray  *high)
{
  g_autoptr(GmDecoder) decoder = gm_decoder_new (encoding);
  g_autoptr(GPtrArray) decoded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) all = g_string_new (NULL);
  GmEncodingCandidate *candidate = g_new0 (GmEncodingCandidate, 1);
  guint bad_total = 0;

  for (guint i = 0; i < high->len; i++)
    {
      guint bad = 0;
      char *text = gm_decoder_decode (decoder, g_ptr_array_index (high, i), &bad);

      bad_total += bad;
      g_strstrip (text);
      g_string_append (all, text);
      g_string_append_c (all, '\n');
      g_ptr_array_add (decoded, g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 40)));
      g_free (text);
    }
  candidate->encoding = g_strdup (encoding);
  candidate->valid = bad_total == 0;
  candidate->score = gm_encoding_plausibility (all->str, encoding);
  candidate->sample = gm_sample_text (decoded);
  return candidate;
}

static int
gm_candidate_compare (gconstpointer a,
                      gconstpointer b)
{
  const GmEncodingCandidate *ca = *(GmEncodingCandidate **) a;
  const GmEncodingCandidate *cb = *(GmEncodingCandidate **) b;

  /* Valid first, then by score; g_ptr_array_sort is stable, so equal
   * scores keep the order of preference they were tried in. */
  if (ca->valid != cb->valid)
    return ca->valid ? -1 : 1;
  if (ca->score > cb->score + 0.02)
    return -1;
  if (cb->score > ca->score + 0.02)
    return 1;
  return 0;
}

static GPtrArray *
gm_encoding_candidates (const GmDeclaredEncoding *declared,
                        GPtrArray                *high)
{
  const char *order[] = {
    declared != NULL ? declared->cpg : NULL, declared != NULL ? declared->ldid : NULL,
    "UTF-8", "GB18030", "BIG5", "CP1252",
  };
  GPtrArray *candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_encoding_candidate_free);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      gboolean seen = order[i] == NULL;

      for (guint j = 0; j < candidates->len && !seen; j++)
        seen = g_ascii_strcasecmp (((GmEncodingCandidate *) g_ptr_array_index (candidates, j))->encoding,
                                   order[i]) == 0;
      if (!seen)
        g_ptr_array_add (candidates, gm_encoding_try (order[i], high));
    }
  g_ptr_array_sort (candidates, gm_candidate_compare);
  return candidates;
}

static GmEncodingCandidate *
gm_find_candidate (GPtrArray  *candidates,
                   const char *encoding)
{
  for (guint i = 0; encoding != NULL && i < candidates->len; i++)
    {
      GmEncodingCandidate *c = g_ptr_array_index (candidates, i);

      if (g_ascii_strcasecmp (c->encoding, encoding) == 0)
        return c;
    }
  return NULL;
}

static void
gm_choice_warn (GmEncodingChoice *choice,
                char             *message)
{
  if (choice->warnings == NULL)
    choice->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (choice->warnings, message);
}

/* Says why what the file declares was not used. */
static void
gm_choice_explain (GmEncodingChoice         *choice,
                   const GmDeclaredEncoding *declared,
                   const GmEncodingCandidate *said)
{
  if (declared->cpg != NULL && declared->ldid != NULL
      && g_ascii_strcasecmp (declared->cpg, declared->ldid) != 0)
    gm_choice_warn (choice, g_strdup_printf (_("the .cpg file says %s and the .dbf language byte says %s; the text reads correctly as %s"),
                                             declared->cpg, declared->ldid, choice->encoding));
  else if (said != NULL && g_ascii_strcasecmp (said->encoding, choice->encoding) != 0)
    gm_choice_warn (choice, g_strdup_printf (said->valid
                                             ? _("the file says its text is %s, but it does not read as %s (“%s”); it reads as %s")
                                             : _("the file says its text is %s, but it is not valid %s (“%s”); it reads as %s"),
                                             said->encoding, said->encoding, said->sample, choice->encoding));
}

static void
gm_choice_decide (GmEncodingChoice         *choice,
                  const GmDeclaredEncoding *declared,
                  GPtrArray                *high)
{
  const char *said = declared != NULL ? (declared->cpg != NULL ? declared->cpg : declared->ldid) : NULL;
  gboolean disagree = said != NULL && declared->cpg != NULL && declared->ldid != NULL
                      && g_ascii_strcasecmp (declared->cpg, declared->ldid) != 0;
  GPtrArray *candidates = gm_encoding_candidates (declared, high);
  GmEncodingCandidate *declared_candidate = gm_find_candidate (candidates, said);
  GmEncodingCandidate *best = g_ptr_array_index (candidates, 0);
  GmEncodingCandidate *second = candidates->len > 1 ? g_ptr_array_index (candidates, 1) : NULL;

  choice->candidates = candidates;
  if (!disagree && declared_candidate != NULL && declared_candidate->valid
      && declared_candidate->score >= GM_PLAUSIBLE)
    best = declared_candidate;
  choice->encoding = g_strdup (best->encoding);
  choice->sample = g_strdup (best->sample);
  if (said != NULL && g_ascii_strcasecmp (best->encoding, said) == 0)
    choice->origin = declared->cpg != NULL ? GM_ENCODING_FROM_CPG : GM_ENCODING_FROM_LANGUAGE_BYTE;
  else
    choice->origin = GM_ENCODING_DETECTED;
  choice->uncertain = choice->origin == GM_ENCODING_DETECTED
                      && (!best->valid || best->score < GM_PLAUSIBLE
                          || (second != NULL && second->valid && second->score > best->score - 0.15
                              && g_strcmp0 (second->sample, best->sample) != 0));
  if (declared != NULL)
    gm_choice_explain (choice, declared, declared_candidate);
}

/**
 * gm_encoding_choose:
 * @user: (nullable): the encoding the user chose
 * @declared: (nullable): what the file declares
 * @raw: text values as the file holds them
 *
 * Returns: (transfer full): how to decode the layer's text
 */
GmEncodingChoice *
gm_encoding_choose (const char               *user,
                    const GmDeclaredEncoding *declared,
                    GPtrArray                *raw)
{
  GmEncodingChoice *choice = g_new0 (GmEncodingChoice, 1);
  g_autoptr(GPtrArray) high = gm_high_values (raw);

  if (declared != NULL && declared->cpg_text != NULL)
    gm_choice_warn (choice, g_strdup_printf (_("the .cpg file does not name a text encoding (it says “%s”); it was ignored"),
                                             declared->cpg_text));
  if (user != NULL)
    {
      g_autoptr(GmEncodingCandidate) tried = gm_encoding_try (user, high);

      choice->encoding = g_strdup (user);
      choice->origin = GM_ENCODING_CHOSEN;
      choice->sample = high->len > 0 ? g_strdup (tried->sample) : NULL;
      if (!tried->valid)
        gm_choice_warn (choice, g_strdup_printf (_("some text is not valid %s: check the sample (“%s”)"),
                                                 user, tried->sample));
      return choice;
    }
  if (high->len == 0)
    {
      const char *said = declared != NULL ? (declared->cpg != NULL ? declared->cpg : declared->ldid) : NULL;

      choice->encoding = g_strdup (said != NULL ? said : "UTF-8");
      choice->origin = said == NULL ? GM_ENCODING_ASCII
                       : declared->cpg != NULL ? GM_ENCODING_FROM_CPG : GM_ENCODING_FROM_LANGUAGE_BYTE;
      return choice;
    }
  gm_choice_decide (choice, declared, high);
  return choice;
}

/**
 * gm_import_check_encoding:
 * @encoding: a text encoding as a user typed it
 * @error: return location for a #GError
 *
 * Returns: %TRUE when Gridmap knows @encoding
 */
gboolean
gm_import_check_encoding (const char  *encoding,
                          GError     **error)
{
  g_autofree char *known = NULL;

  g_return_val_if_fail (encoding != NULL, FALSE);

  known = gm_encoding_normalize (encoding);
  if (known != NULL)
    return TRUE;
  g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_ENCODING,
               _("“%s” is not a text encoding Gridmap knows (try UTF-8, GB18030, BIG5 or CP1252)"),
               encoding);
  return FALSE;
}
