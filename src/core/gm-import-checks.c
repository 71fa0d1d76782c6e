/* gm-import-checks.c — checking what people typed into rosters: resident
 * ID numbers and phone numbers.
 *
 * Rosters are typed by hand and pass through Excel, which turns an
 * 18-digit ID number into 1.10105E+17 and drops a phone number's spaces or
 * adds "+86". Each value is normalised (full-width digits, spaces, a small
 * x), then checked: an ID number by GB 11643-1999 (17 digits of region,
 * birth date and sequence, then a check character by ISO 7064 MOD 11-2),
 * a phone number as a Chinese mobile (11 digits from 13 to 19) or a
 * landline (an area code from 0 and 7–8 digits), or a service number.
 */
#include "gm-config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-import-private.h"
#include "gm-privacy.h"

/* Digits and letters as ASCII, without spaces and separators @drop. */
static char *
gm_plain_text (const char *raw,
               const char *drop)
{
  GString *out = g_string_new (NULL);

  for (const char *p = raw; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)   /* full-width ASCII, as Chinese input writes it */
        c -= 0xFEE0;
      if (g_unichar_isspace (c) || c == 0x3000 || (c < 0x80 && strchr (drop, (int) c) != NULL))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Sets @problem, when asked for, and returns NULL. */
static char * G_GNUC_PRINTF (2, 3)
gm_fail (char       **problem,
         const char  *format,
         ...)
{
  va_list args;

  if (problem == NULL)
    return NULL;
  va_start (args, format);
  *problem = g_strdup_vprintf (format, args);
  va_end (args);
  return NULL;
}

/* The first @n characters of @text are digits. */
static gboolean
gm_all_digits (const char *text,
               gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
gm_birth_date_valid (const char *yyyymmdd)
{
  int y = (yyyymmdd[0] - '0') * 1000 + (yyyymmdd[1] - '0') * 100 + (yyyymmdd[2] - '0') * 10 + (yyyymmdd[3] - '0');
  int m = (yyyymmdd[4] - '0') * 10 + (yyyymmdd[5] - '0');
  int d = (yyyymmdd[6] - '0') * 10 + (yyyymmdd[7] - '0');

  return y >= 1880 && y <= 2100 && m >= 1 && m <= 12 && d >= 1
         && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/**
 * gm_check_id_number:
 * @raw: an ID number as typed
 * @problem: (out) (optional): why it is not valid, for people
 *
 * Returns: (nullable): the ID number in its standard form (18 characters,
 *   a capital X), or %NULL when it is not a valid one
 */
char *
gm_check_id_number (const char  *raw,
                    char       **problem)
{
  g_autofree char *id = gm_plain_text (raw, "-'\"");
  g_autofree char *masked = NULL;
  char check;

  if (id[0] != '\0' && strlen (id) == 18)
    id[17] = g_ascii_toupper (id[17]);
  masked = gm_mask_id_number (id);
  if (strpbrk (id, "Ee") != NULL && strchr (id, '.') != NULL)
    return gm_fail (problem, _("the ID number “%s” was turned into a number by Excel and lost its last digits — format the column as text in Excel and export again"), id);
  if (strlen (id) == 15 && gm_all_digits (id, 15))
    return gm_fail (problem, _("the ID number “%s” has the old 15 digits; the 18-digit number is needed"), masked);
  if (strlen (id) != 18 || !gm_all_digits (id, 17) || (!g_ascii_isdigit (id[17]) && id[17] != 'X'))
    return gm_fail (problem, _("“%s” is not an ID number (18 characters: 17 digits, then a digit or X)"), masked);
  if (!gm_birth_date_valid (id + 6))
    return gm_fail (problem, _("the ID number “%s” holds no valid birth date"), masked);
  check = gm_id_number_check_char (id);
  if (check != id[17])
    return gm_fail (problem, _("the ID number “%s” fails its check: the last character should be %c — a digit was probably mistyped"), masked, check);
  return g_steal_pointer (&id);
}

/**
 * gm_check_phone:
 * @raw: a phone number as typed
 * @problem: (out) (optional): why it does not look like a phone number
 *
 * Returns: (nullable): the number normalised ("13812345678",
 *   "010-62345678"), or %NULL when it is not a Chinese phone number
 */
char *
gm_check_phone (const char  *raw,
                char       **problem)
{
  g_autofree char *digits = gm_plain_text (raw, "-()+（）");
  const char *n = digits;
  gsize len;

  if (g_str_has_prefix (n, "0086"))
    n += 4;
  else if (g_str_has_prefix (n, "86") && strlen (n) == 13)
    n += 2;
  len = strlen (n);
  if (len == 11 && n[0] == '1' && n[1] >= '3' && n[1] <= '9' && gm_all_digits (n, len))
    return g_strdup (n);
  if (n[0] == '0' && len >= 10 && len <= 12 && gm_all_digits (n, len))
    {
      /* Beijing, Shanghai, Tianjin, Chongqing and the big cities have
       * two-digit area codes (010, 020–029); the rest three. */
      int area = n[1] == '1' || n[1] == '2' ? 3 : 4;

      return g_strdup_printf ("%.*s-%s", area, n, n + area);
    }
  if ((len == 10 && (g_str_has_prefix (n, "400") || g_str_has_prefix (n, "800")) && gm_all_digits (n, 10))
      || (len >= 5 && len <= 8 && n[0] == '9' && n[1] == '5' && gm_all_digits (n, len))
      || (len == 5 && g_str_has_prefix (n, "12") && gm_all_digits (n, 5)))
    return g_strdup (n);
  {
    g_autofree char *masked = gm_mask_phone (raw);

    return gm_fail (problem, _("“%s” is not a phone number (a mobile has 11 digits from 13 to 19; a landline an area code from 0 and 7–8 digits)"),
                    masked);
  }
}
