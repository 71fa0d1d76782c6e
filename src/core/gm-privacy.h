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

/* Resident tags are stored as comma-separated keys (key_person, difficulty,
 * elderly_alone, disabled, subsistence); this returns the translated label. */
const char *gm_resident_tag_label  (const char *tag);
/* "elderly_alone,disabled" → "Elderly living alone, Disabled" (translated). */
char       *gm_resident_tags_label (const char *tags);

G_END_DECLS
