/* gm-hazard.c — hazard categories, kinds, statuses and the workflow. */
#include "gm-config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-hazard.h"

/* The kinds grid workers report most (see the product design), under the
 * names they write them by; the label is what other languages show. */
static const GmHazardKindInfo kinds[] = {
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

  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const char *
gm_hazard_kind_label (const char *kind)
{
  if (kind == NULL || *kind == '\0')
    return _("Unspecified");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].kind, kind) == 0)
      return _(kinds[i].label);
  return kind;
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
