/* gm-types.c — constructors and destructors of core's plain records. */
#include "gm-config.h"

#include <string.h>

#include "gm-types.h"

gboolean
gm_extent_is_empty (const GmExtent *extent)
{
  g_return_val_if_fail (extent != NULL, TRUE);
  return extent->min_lon > extent->max_lon || extent->min_lat > extent->max_lat;
}

void
gm_extent_union (const GmExtent *a,
                 const GmExtent *b,
                 GmExtent       *out)
{
  g_return_if_fail (a != NULL && b != NULL && out != NULL);

  out->min_lon = MIN (a->min_lon, b->min_lon);
  out->min_lat = MIN (a->min_lat, b->min_lat);
  out->max_lon = MAX (a->max_lon, b->max_lon);
  out->max_lat = MAX (a->max_lat, b->max_lat);
}

void
gm_building_free (GmBuilding *building)
{
  if (building == NULL)
    return;
  g_free (building->code);
  g_free (building->name);
  g_free (building->address);
  g_free (building->use);
  g_free (building->leader_name);
  g_free (building->leader_phone);
  g_free (building->grid_code);
  g_free (building->grid_name);
  g_free (building->source_id);
  g_free (building);
}

void
gm_resident_free (GmResident *resident)
{
  if (resident == NULL)
    return;
  g_free (resident->room);
  g_free (resident->name);
  g_free (resident->id_number);
  g_free (resident->phone);
  g_free (resident->tags);
  g_free (resident->moved_in);
  g_free (resident->moved_out);
  g_free (resident);
}

void
gm_hazard_free (GmHazard *hazard)
{
  if (hazard == NULL)
    return;
  g_free (hazard->category);
  g_free (hazard->kind);
  g_free (hazard->description);
  g_free (hazard->found_on);
  g_free (hazard->notice_on);
  g_free (hazard->deadline);
  g_free (hazard->rectified_on);
  g_free (hazard->verified_on);
  g_free (hazard->department);
  g_free (hazard);
}

static const char * const hazard_status_names[] = {
  [GM_HAZARD_DISCOVERED] = "discovered",
  [GM_HAZARD_NOTIFIED] = "notified",
  [GM_HAZARD_RECTIFIED] = "rectified",
  [GM_HAZARD_CLOSED] = "closed",
};

const char *
gm_hazard_status_to_string (GmHazardStatus status)
{
  g_return_val_if_fail (status <= GM_HAZARD_CLOSED, NULL);
  return hazard_status_names[status];
}

gboolean
gm_hazard_status_from_string (const char     *text,
                              GmHazardStatus *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (hazard_status_names); i++)
    {
      if (strcmp (text, hazard_status_names[i]) == 0)
        {
          *out = (GmHazardStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
gm_hazard_status_is_open (GmHazardStatus status)
{
  return status == GM_HAZARD_DISCOVERED || status == GM_HAZARD_NOTIFIED;
}

void
gm_grid_summary_free (GmGridSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->code);
  g_free (summary->name);
  g_free (summary->community_code);
  g_free (summary->community_name);
  g_free (summary->worker_name);
  g_free (summary->worker_phone);
  g_free (summary->kind);
  g_free (summary);
}

void
gm_community_info_free (GmCommunityInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->code);
  g_free (info->name);
  g_free (info);
}

void
gm_stats_free (GmStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->communities_detail, g_ptr_array_unref);
  g_clear_pointer (&stats->grids_detail, g_ptr_array_unref);
  g_free (stats);
}
