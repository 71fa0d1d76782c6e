/* gm-hazard.c — hazard categories, kinds, statuses and the workflow. */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-hazard.h"

/* The kinds grid workers report most (see the product design), under the
 * names they write them by; the label is what other languages show. */
static const GmHazardKindInfo kinds_catalogue[] = {
  { "fire", "消防通道堵塞", N_("Blocked fire escape route") },
  { "fire", "楼顶安全出口上锁", N_("Locked rooftop exit") },
  { "fire", "电动自行车楼道停放", N_("E-bike parked in a stairwell") },
  { "fire", "电动自行车楼道充电", N_("E-bike charging in a stairwell") },
  { "fire", "电气线路老化", N_("Old electrical wiring") },
  { "fire", "直排式燃气热水器", N_("Direct-vent gas water heater") },
  { "fire", "灭火器过期", N_("Expired fire extinguisher") },
  { "security", "单元门禁损坏", N_("Broken entrance door lock") },
  { "security", "楼道照明不足", N_("Poor stairwell lighting") },
  { "security", "群租房", N_("Overcrowded group rental") },
  { "security", "监控盲区", N_("CCTV blind spot") },
  { "other", "高空坠物隐患", N_("Risk of falling objects") },
  { "other", "违章搭建", N_("Illegal structure") },
};

const GmHazardKindInfo *
gm_hazard_kinds (guint *n_kinds)
{
  g_return_val_if_fail (n_kinds != NULL, NULL);

  *n_kinds = G_N_ELEMENTS (kinds_catalogue);
  return kinds_catalogue;
}

const char *
gm_hazard_kind_label (const char *kind)
{
  if (kind == NULL || *kind == '\0')
    return _("Unspecified");
  for (guint i = 0; i < G_N_ELEMENTS (kinds_catalogue); i++)
    if (strcmp (kinds_catalogue[i].kind, kind) == 0)
      return _(kinds_catalogue[i].label);
  return kind;
}

/* Whether @label, folded, is @folded. */
static gboolean
label_matches (const char *label,
               const char *folded)
{
  g_autofree char *label_folded = g_utf8_casefold (label, -1);

  return g_str_equal (label_folded, folded);
}

const char *
gm_hazard_kind_match (const char * const *kinds,
                      const char         *typed)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (typed != NULL, NULL);

  trimmed = g_strstrip (g_strdup (typed));
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], trimmed))
      return kinds[i];
  folded = g_utf8_casefold (trimmed, -1);
  for (guint i = 0; kinds != NULL && kinds[i] != NULL; i++)
    for (guint k = 0; k < G_N_ELEMENTS (kinds_catalogue); k++)
      if (g_str_equal (kinds_catalogue[k].kind, kinds[i])
          && (label_matches (kinds_catalogue[k].label, folded)
              || label_matches (_(kinds_catalogue[k].label), folded)))
        return kinds[i];
  return NULL;
}

const char * const *
gm_hazard_categories (void)
{
  static const char * const categories[] = { "fire", "security", "other", NULL };

  return categories;
}

gboolean
gm_hazard_category_is_valid (const char *category)
{
  return category != NULL && g_strv_contains (gm_hazard_categories (), category);
}

const char *
gm_hazard_category_label (const char *category)
{
  if (g_strcmp0 (category, "fire") == 0)
    return _("Fire");
  if (g_strcmp0 (category, "security") == 0)
    return _("Public security");
  if (g_strcmp0 (category, "other") == 0)
    return _("Other");
  return category != NULL ? category : _("Unknown");
}

const char *
gm_hazard_status_label (GmHazardStatus status)
{
  switch (status)
    {
    case GM_HAZARD_DISCOVERED:
      return _("Discovered");
    case GM_HAZARD_NOTIFIED:
      return _("Notice issued");
    case GM_HAZARD_RECTIFIED:
      return _("Rectified");
    case GM_HAZARD_CLOSED:
      return _("Verified and closed");
    default:
      return _("Unknown");
    }
}

gboolean
gm_hazard_status_can_move (GmHazardStatus from,
                           GmHazardStatus to)
{
  switch (from)
    {
    case GM_HAZARD_DISCOVERED:
      return to == GM_HAZARD_NOTIFIED;
    case GM_HAZARD_NOTIFIED:
      return to == GM_HAZARD_RECTIFIED;
    case GM_HAZARD_RECTIFIED:
      /* Verified, or the verification failed and the notice stands again. */
      return to == GM_HAZARD_CLOSED || to == GM_HAZARD_NOTIFIED;
    case GM_HAZARD_CLOSED:
    default:
      return FALSE;
    }
}
