/* gm-qr.h — QR codes: encoded by libqrencode, drawn by cairo as squares, so
 * they stay sharp on a PDF at any size.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

#define GM_QR_ERROR (gm_qr_error_quark ())

typedef enum
{
  GM_QR_ERROR_TOO_LONG,   /* more than a QR code holds */
  GM_QR_ERROR_FAILED,
} GmQrError;

GQuark gm_qr_error_quark (void);

/* The quiet zone the standard asks around a code, in modules. */
#define GM_QR_QUIET_ZONE 4

typedef struct _GmQr GmQr;

/* Encodes @text (UTF-8, marked as such by an ECI header) with error
 * correction level M, which survives 15 % of the code soiled or torn. */
GmQr   *gm_qr_new         (const char  *text,
                           GError     **error);
void    gm_qr_free        (GmQr        *qr);
/* Modules across the code, without the quiet zone. */
int     gm_qr_get_width   (const GmQr  *qr);
gboolean gm_qr_get_module (const GmQr  *qr,
                           int          x,
                           int          y);
/* Draws the code with its quiet zone (white) in the square at (x, y) of
 * side @size, in user units, dark modules as one path. */
void    gm_qr_draw        (const GmQr  *qr,
                           cairo_t     *cr,
                           double       x,
                           double       y,
                           double       size);

/* A MECARD: the contact format phone scanners save to the address book
 * (name, phone, note); fields are escaped as the format asks. */
char   *gm_qr_mecard      (const char  *name,
                           const char  *phone,
                           const char  *note);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmQr, gm_qr_free)

G_END_DECLS
