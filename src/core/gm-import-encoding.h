/* gm-import-encoding.h — which text encoding a source's bytes are in
 * (private to core).
 *
 * Shapefiles (their .dbf) and CSV files carry text as bytes in whatever
 * encoding the program that wrote them used. What the file declares (a .cpg
 * beside the .dbf, the DBF's language byte) is read here, checked against
 * the bytes, and when it is missing, junk or contradicted, the encoding is
 * chosen among UTF-8, GB18030, Big5 and Latin-1 by whether the bytes decode
 * and whether the result reads like text. Values are then decoded here too,
 * so that an undecodable byte is reported with its feature and field.
 */
#pragma once

#include <glib.h>

#include "gm-import.h"

G_BEGIN_DECLS

/* What a shapefile's sidecars declare. */
typedef struct
{
  char    *cpg;            /* the encoding the .cpg names, as iconv knows it; NULL */
  char    *cpg_text;       /* the .cpg's first line when it names nothing Gridmap knows */
  char    *ldid;           /* the encoding of the DBF language byte; NULL when 0 or unknown */
  int      ldid_byte;      /* -1 when there is no .dbf */
} GmDeclaredEncoding;

void         gm_declared_encoding_clear (GmDeclaredEncoding *declared);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmDeclaredEncoding, gm_declared_encoding_clear)

/* Reads the .cpg and the language byte of the shapefile or .dbf at
 * @gdal_path (a GDAL path: /vsizip/ works). */
void         gm_declared_encoding_read  (const char         *gdal_path,
                                         GmDeclaredEncoding *out);
/* The iconv name for what a .cpg or a user says ("936", "ANSI 1250",
 * "utf8", "GBK" …), or NULL when it names no encoding iconv has. */
char        *gm_encoding_normalize      (const char         *text);
const char  *gm_encoding_for_ldid       (int                 ldid);

/* The decision for one layer. */
typedef struct
{
  char             *encoding;      /* iconv name; "UTF-8" when nothing else is known */
  GmEncodingOrigin  origin;
  gboolean          uncertain;
  char             *sample;        /* decoded values with non-ASCII text, NULL when none */
  GPtrArray        *candidates;    /* of GmEncodingCandidate, best first; NULL when not detected */
  GPtrArray        *warnings;      /* of char *, about the declaration */
} GmEncodingChoice;

void         gm_encoding_choice_free    (GmEncodingChoice   *choice);
void         gm_encoding_candidate_free (GmEncodingCandidate *candidate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmEncodingCandidate, gm_encoding_candidate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmEncodingChoice, gm_encoding_choice_free)

/* Chooses how to decode @raw (raw text values, NUL-terminated strings).
 * @user: what the user chose (wins), @declared: what the file says (may be
 * NULL for CSV files, which declare nothing). */
GmEncodingChoice *gm_encoding_choose    (const char               *user,
                                         const GmDeclaredEncoding *declared,
                                         GPtrArray                *raw);

/* How plausible @text (UTF-8) is as text in @encoding, about -2 … 1. */
double       gm_encoding_plausibility   (const char         *text,
                                         const char         *encoding);

/* Decodes text values; not thread-safe, one per thread. */
typedef struct _GmDecoder GmDecoder;

GmDecoder   *gm_decoder_new             (const char         *encoding);
void         gm_decoder_free            (GmDecoder          *decoder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmDecoder, gm_decoder_free)
/* @raw as UTF-8; bytes that do not decode become U+FFFD and are counted in
 * @n_bad. */
char        *gm_decoder_decode          (GmDecoder          *decoder,
                                         const char         *raw,
                                         guint              *n_bad);

G_END_DECLS
