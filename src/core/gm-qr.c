/* gm-qr.c — QR codes with libqrencode, drawn with cairo. */
#include "gm-config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>

#include "gm-qr.h"

G_DEFINE_QUARK (gm-qr-error-quark, gm_qr_error)

/* ECI 26: the bytes are UTF-8, so a scanner does not guess Shift JIS for
 * Chinese names. */
#define GM_QR_ECI_UTF8 26

struct _GmQr
{
  QRcode *code;
};

GmQr *
gm_qr_new (const char  *text,
           GError     **error)
{
  QRinput *input;
  QRcode *code = NULL;
  GmQr *qr;

  g_return_val_if_fail (text != NULL && g_utf8_validate (text, -1, NULL), NULL);

  input = QRinput_new2 (0, QR_ECLEVEL_M);
  if (input != NULL
      && QRinput_appendECIheader (input, GM_QR_ECI_UTF8) == 0
      && QRinput_append (input, QR_MODE_8, (int) strlen (text), (const unsigned char *) text) == 0)
    code = QRcode_encodeInput (input);
  if (input != NULL)
    QRinput_free (input);
  if (code == NULL)
    {
      int saved = errno;

      g_set_error (error, GM_QR_ERROR, saved == ERANGE ? GM_QR_ERROR_TOO_LONG : GM_QR_ERROR_FAILED,
                   saved == ERANGE ? _("The text is too long for a QR code (%zu bytes)")
                                   : _("Cannot make a QR code (%zu bytes of text)"),
                   strlen (text));
      return NULL;
    }
  qr = g_new0 (GmQr, 1);
  qr->code = code;
  return qr;
}

void
gm_qr_free (GmQr *qr)
{
  if (qr == NULL)
    return;
  QRcode_free (qr->code);
  g_free (qr);
}

int
gm_qr_get_width (const GmQr *qr)
{
  g_return_val_if_fail (qr != NULL, 0);
  return qr->code->width;
}

gboolean
gm_qr_get_module (const GmQr *qr,
                  int         x,
                  int         y)
{
  int w;

  g_return_val_if_fail (qr != NULL, FALSE);
  w = qr->code->width;
  g_return_val_if_fail (x >= 0 && x < w && y >= 0 && y < w, FALSE);
  /* The least significant bit of each byte is the module's colour. */
  return (qr->code->data[y * w + x] & 1) != 0;
}

void
gm_qr_draw (const GmQr *qr,
            cairo_t    *cr,
            double      x,
            double      y,
            double      size)
{
  int w, total;
  double m;

  g_return_if_fail (qr != NULL && cr != NULL);

  w = qr->code->width;
  total = w + 2 * GM_QR_QUIET_ZONE;
  m = size / total;
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x, y, size, size);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  /* Runs of dark modules in a row as one rectangle: fewer, larger shapes
   * print and rasterise without hairline seams between modules. */
  for (int row = 0; row < w; row++)
    for (int col = 0; col < w; col++)
      {
        int run = 0;

        while (col + run < w && gm_qr_get_module (qr, col + run, row))
          run++;
        if (run == 0)
          continue;
        cairo_rectangle (cr, x + (GM_QR_QUIET_ZONE + col) * m, y + (GM_QR_QUIET_ZONE + row) * m,
                         run * m, m);
        col += run;
      }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
gm_qr_append_escaped (GString    *out,
                      const char *value)
{
  for (const char *p = value; p != NULL && *p != '\0'; p++)
    {
      if (strchr ("\\;,:\"", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

char *
gm_qr_mecard (const char *name,
              const char *phone,
              const char *note)
{
  GString *out = g_string_new ("MECARD:N:");

  gm_qr_append_escaped (out, name);
  g_string_append_c (out, ';');
  if (phone != NULL && *phone != '\0')
    {
      g_string_append (out, "TEL:");
      gm_qr_append_escaped (out, phone);
      g_string_append_c (out, ';');
    }
  if (note != NULL && *note != '\0')
    {
      g_string_append (out, "NOTE:");
      gm_qr_append_escaped (out, note);
      g_string_append_c (out, ';');
    }
  g_string_append_c (out, ';');
  return g_string_free (out, FALSE);
}
