/* gm-privacy.h — masking of residents' sensitive fields.
 *
 * ID numbers and phones are shown masked in the UI by default and never
 * printed in public outputs. Masking keeps the first and last digits so staff
 * can still tell records apart: 4403**********1234, 138****5678.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *gm_mask_id_number      (const char *id_number);
char       *gm_mask_phone          (const char *phone);

/* The check character of a resident ID number (GB 11643-1999, ISO 7064
 * MOD 11-2) from its first 17 digits: '0'–'9' or 'X'; 0 when they are not
 * 17 digits. */
char        gm_id_number_check_char (const char *first17);
/* 18 characters, 17 digits and the right check character. */
gboolean    gm_id_number_is_valid   (const char *id_number);

/* Resident tags are stored as comma-separated keys (key_person, difficulty,
 * elderly_alone, disabled, subsistence); this returns the translated label. */
const char *gm_resident_tag_label  (const char *tag);
/* "elderly_alone,disabled" → "Elderly living alone, Disabled" (translated). */
char       *gm_resident_tags_label (const char *tags);

G_END_DECLS
