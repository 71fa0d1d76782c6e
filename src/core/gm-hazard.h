/* gm-hazard.h — what a hazard is: categories, kinds, statuses and the
 * workflow between them.
 *
 * A hazard's category is one of "fire", "security" and "other". Its kind is
 * free text, as street offices write it; the common kinds of each category
 * are listed here under the names grid workers use (消防通道堵塞, …), which
 * is what the project stores, with a translatable label for each.
 *
 * The workflow is discovered → notified (a rectification notice with a
 * deadline) → rectified → closed (verified). A verification that fails sends
 * a rectified hazard back to notified. Nothing else moves.
 */
#pragma once

#include <glib.h>

#include "gm-types.h"

G_BEGIN_DECLS

typedef struct
{
  const char *category;   /* fire, security, other */
  const char *kind;       /* as stored in the project */
  const char *label;      /* untranslated English label; show with gm_hazard_kind_label() */
} GmHazardKindInfo;

/* The catalogue of common kinds, grouped by category. */
const GmHazardKindInfo *gm_hazard_kinds             (guint          *n_kinds);
/* The translated label of a stored kind; unknown kinds are shown as stored. */
const char             *gm_hazard_kind_label        (const char     *kind);
/* The kind of @kinds (stored names, as gm_hazard_dup_kinds() gives them)
 * that @typed names: its stored name, or its label in English or
 * translated, in any case ("old electrical wiring" → 电气线路老化). NULL
 * when none does. */
const char             *gm_hazard_kind_match        (const char * const *kinds,
                                                     const char     *typed);

/* "fire", "security", "other"; NULL-terminated, in the order shown. */
const char * const     *gm_hazard_categories        (void);
gboolean                gm_hazard_category_is_valid (const char     *category);
const char             *gm_hazard_category_label    (const char     *category);
const char             *gm_hazard_status_label      (GmHazardStatus  status);

/* Whether the workflow lets a hazard move from @from to @to. */
gboolean                gm_hazard_status_can_move   (GmHazardStatus  from,
                                                     GmHazardStatus  to);

/* Days a rectification notice gives by default. */
#define GM_HAZARD_DEFAULT_NOTICE_DAYS 15

G_END_DECLS
