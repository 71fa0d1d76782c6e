/* gm-privacy.c — masking of ID numbers and phones; resident tag labels. */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-privacy.h"

/* Keeps @head leading and @tail trailing characters and stars the rest. When
 * the value is too short to hide anything, everything is starred. */
static char *
gm_mask_middle (const char *value,
                guint       head,
                guint       tail)
{
  glong len;
  GString *out;

  if (value == NULL || *value == '\0')
    return g_strdup ("");

  len = g_utf8_strlen (value, -1);
  out = g_string_new (NULL);
  if ((glong) (head + tail) >= len)
    {
      for (glong i = 0; i < len; i++)
        g_string_append_c (out, '*');
      return g_string_free (out, FALSE);
    }

  for (glong i = 0; i < len; i++)
    {
      const char *p = g_utf8_offset_to_pointer (value, i);

      if (i < (glong) head || i >= len - (glong) tail)
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (out, '*');
    }
  return g_string_free (out, FALSE);
}

/**
 * gm_mask_id_number:
 * @id_number: (nullable): a resident ID number
 *
 * Returns: (transfer full): "4403**********1234" for an 18-digit number
 */
char *
gm_mask_id_number (const char *id_number)
{
  return gm_mask_middle (id_number, 4, 4);
}

/**
 * gm_mask_phone:
 * @phone: (nullable): a phone number
 *
 * Returns: (transfer full): "138****5678" for an 11-digit mobile number
 */
char *
gm_mask_phone (const char *phone)
{
  return gm_mask_middle (phone, 3, 4);
}

char
gm_id_number_check_char (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char codes[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, 0);

  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return 0;
      sum += (first17[i] - '0') * weights[i];
    }
  return codes[sum % 11];
}

gboolean
gm_id_number_is_valid (const char *id_number)
{
  if (id_number == NULL || strlen (id_number) != 18)
    return FALSE;
  return gm_id_number_check_char (id_number) == g_ascii_toupper (id_number[17]);
}

const char *
gm_resident_tag_label (const char *tag)
{
  static const struct { const char *key; const char *label; } tags[] = {
    { "key_person", N_("Key person") },
    { "difficulty", N_("In difficulty") },
    { "elderly_alone", N_("Elderly living alone") },
    { "disabled", N_("Disabled") },
    { "subsistence", N_("Subsistence allowance") },
  };

  g_return_val_if_fail (tag != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    if (strcmp (tags[i].key, tag) == 0)
      return _(tags[i].label);
  return tag;
}

char *
gm_resident_tags_label (const char *tags)
{
  g_auto(GStrv) keys = NULL;
  GString *out = g_string_new (NULL);

  if (tags == NULL || *tags == '\0')
    return g_string_free (out, FALSE);

  keys = g_strsplit (tags, ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_strstrip (keys[i]);
      if (*keys[i] == '\0')
        continue;
      if (out->len > 0)
        /* Translators: separator between resident tags in a list */
        g_string_append (out, _(", "));
      g_string_append (out, gm_resident_tag_label (keys[i]));
    }
  return g_string_free (out, FALSE);
}
