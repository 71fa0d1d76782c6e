/* gm-grid-edit-check.c — what is wrong with a division: grids in pieces,
 * gaps, overlaps, grids reaching outside the community, and buildings in
 * no grid or in two.
 *
 * Areas below GM_GRID_EDIT_MIN_ISSUE_AREA are rounding between imported
 * polygons, not planning errors, and are not reported.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>

#include "gm-grid-edit-private.h"

static GmGridIssue *
gm_grid_edit_issue_at (GmGridEdit         *self,
                       GmGridIssueKind     kind,
                       const GEOSGeometry *where,
                       char               *message)
{
  GmGridIssue *issue = g_new0 (GmGridIssue, 1);
  g_auto(GmGeos) pt = { self->ctx, NULL };
  double x = 0, y = 0;

  issue->kind = kind;
  issue->grid = issue->other_grid = -1;
  issue->message = message;
  if (where != NULL && (pt.geom = GEOSPointOnSurface_r (self->ctx, where)) != NULL
      && GEOSisEmpty_r (self->ctx, pt.geom) != 1)
    {
      GEOSGeomGetX_r (self->ctx, pt.geom, &x);
      GEOSGeomGetY_r (self->ctx, pt.geom, &y);
      gm_grid_edit_to_lonlat (self, x, y, &issue->lon, &issue->lat);
    }
  return issue;
}

/* Grids in more than one piece (pieces of slivers do not count). */
static void
gm_grid_edit_check_contiguous (GmGridEdit *self,
                               GPtrArray  *issues)
{
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);
      const GEOSGeometry *smallest = NULL;
      double smallest_area = G_MAXDOUBLE;
      int pieces = 0;
      GmGridIssue *issue;

      if (g->geom == NULL)
        continue;
      for (int p = 0; p < GEOSGetNumGeometries_r (self->ctx, g->geom); p++)
        {
          const GEOSGeometry *part = GEOSGetGeometryN_r (self->ctx, g->geom, p);
          double area = gm_grid_edit_area (self, part);

          if (area < GM_EDIT_SLIVER_AREA)
            continue;
          pieces++;
          if (area < smallest_area)
            {
              smallest_area = area;
              smallest = part;
            }
        }
      if (pieces <= 1)
        continue;
      issue = gm_grid_edit_issue_at (self, GM_GRID_ISSUE_NOT_CONTIGUOUS, smallest,
                                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                   "Grid “%s” is in %d separate part",
                                                                   "Grid “%s” is in %d separate parts", pieces),
                                                      gm_grid_edit_grid_label (self, i), pieces));
      issue->grid = (int) i;
      g_ptr_array_add (issues, issue);
    }
}

static GEOSGeometry *
gm_grid_edit_union_alive (GmGridEdit *self)
{
  g_autofree GEOSGeometry **geoms = g_new0 (GEOSGeometry *, MAX (self->grids->len, 1));

  for (guint i = 0; i < self->grids->len; i++)
    geoms[i] = gm_grid_edit_grid (self, i)->geom;
  return gm_grid_edit_union_of (self, geoms, self->grids->len);
}

/* Places in the community that no grid covers. */
static void
gm_grid_edit_check_gaps (GmGridEdit *self,
                         GPtrArray  *issues)
{
  g_auto(GmGeos) covered = { self->ctx, gm_grid_edit_union_alive (self) };
  g_auto(GmGeos) gaps = { self->ctx, NULL };

  if (covered.geom == NULL)
    return;
  gaps.geom = GEOSDifference_r (self->ctx, self->community, covered.geom);
  for (int p = 0; gaps.geom != NULL && p < GEOSGetNumGeometries_r (self->ctx, gaps.geom); p++)
    {
      const GEOSGeometry *gap = GEOSGetGeometryN_r (self->ctx, gaps.geom, p);
      double area = gm_grid_edit_area (self, gap);
      GmGridIssue *issue;

      if (area < GM_GRID_EDIT_MIN_ISSUE_AREA)
        continue;
      issue = gm_grid_edit_issue_at (self, GM_GRID_ISSUE_GAP, gap,
                                     g_strdup_printf (_("%.0f m² of the community are in no grid"), area));
      issue->area_m2 = area;
      g_ptr_array_add (issues, issue);
    }
}

/* Grids reaching outside the community. */
static void
gm_grid_edit_check_outside (GmGridEdit *self,
                            GPtrArray  *issues)
{
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);
      g_auto(GmGeos) outside = { self->ctx, NULL };
      double area;
      GmGridIssue *issue;

      if (g->geom == NULL || GEOSPreparedCovers_r (self->ctx, self->community_prepared, g->geom) == 1)
        continue;
      outside.geom = GEOSDifference_r (self->ctx, g->geom, self->community);
      if ((area = gm_grid_edit_area (self, outside.geom)) < GM_GRID_EDIT_MIN_ISSUE_AREA)
        continue;
      issue = gm_grid_edit_issue_at (self, GM_GRID_ISSUE_OUTSIDE_COMMUNITY, outside.geom,
                                     g_strdup_printf (_("Grid “%s” reaches %.0f m² outside the community boundary"),
                                                      gm_grid_edit_grid_label (self, i), area));
      issue->grid = (int) i;
      issue->area_m2 = area;
      g_ptr_array_add (issues, issue);
    }
}

typedef struct
{
  GmGridEdit *self;
  guint       grid;
  GPtrArray  *issues;
} GmOverlapCheck;

static void
gm_overlap_check_one (void *item,
                      void *user_data)
{
  GmOverlapCheck *c = user_data;
  guint other = GPOINTER_TO_UINT (item) - 1;
  GmEditGrid *a = gm_grid_edit_grid (c->self, c->grid), *b = gm_grid_edit_grid (c->self, other);
  g_auto(GmGeos) common = { c->self->ctx, NULL };
  double area;
  GmGridIssue *issue;

  if (other <= c->grid || b->geom == NULL || GEOSIntersects_r (c->self->ctx, a->geom, b->geom) != 1)
    return;
  common.geom = GEOSIntersection_r (c->self->ctx, a->geom, b->geom);
  if ((area = gm_grid_edit_area (c->self, common.geom)) < GM_GRID_EDIT_MIN_ISSUE_AREA)
    return;
  issue = gm_grid_edit_issue_at (c->self, GM_GRID_ISSUE_OVERLAP, common.geom,
                                 g_strdup_printf (_("Grids “%s” and “%s” overlap by %.0f m²"),
                                                  gm_grid_edit_grid_label (c->self, c->grid),
                                                  gm_grid_edit_grid_label (c->self, other), area));
  issue->grid = (int) c->grid;
  issue->other_grid = (int) other;
  issue->area_m2 = area;
  g_ptr_array_add (c->issues, issue);
}

static void
gm_grid_edit_check_overlaps (GmGridEdit *self,
                             GPtrArray  *issues)
{
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmOverlapCheck c = { self, i, issues };
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      if (g->geom != NULL)
        GEOSSTRtree_query_r (self->ctx, self->grid_tree, g->geom, gm_overlap_check_one, &c);
    }
}

typedef struct
{
  GmGridEdit         *self;
  const GEOSGeometry *pt;
  int                 count;
  int                 first;
} GmContainCount;

static void
gm_contain_count_one (void *item,
                      void *user_data)
{
  GmContainCount *c = user_data;
  int slot = GPOINTER_TO_INT (item) - 1;
  GmEditGrid *g = gm_grid_edit_grid (c->self, (guint) slot);

  if (g->geom != NULL
      && GEOSPreparedContains_r (c->self->ctx, gm_grid_edit_grid_prepared (c->self, g), c->pt) == 1)
    {
      c->count++;
      c->first = c->first < 0 ? slot : MIN (c->first, slot);
    }
}

static char *
gm_building_name (const GmEditBuilding *b)
{
  if (b->label != NULL)
    return g_strdup (b->label);
  /* Translators: a building without address, name or code, by its number */
  return g_strdup_printf (_("building %lld"), (long long) b->id);
}

/* Buildings whose anchor is in no grid, or in more than one. */
static void
gm_grid_edit_check_buildings (GmGridEdit *self,
                              GPtrArray  *issues)
{
  for (guint i = 0; i < self->buildings->len; i++)
    {
      GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, i);
      GmContainCount c = { self, self->building_points->pdata[i], 0, -1 };
      g_autofree char *name = NULL;
      GmGridIssue *issue;

      GEOSSTRtree_query_r (self->ctx, self->grid_tree, c.pt, gm_contain_count_one, &c);
      if (c.count == 1)
        continue;
      name = gm_building_name (b);
      issue = gm_grid_edit_issue_at (self, c.count == 0 ? GM_GRID_ISSUE_BUILDING_IN_NO_GRID
                                                        : GM_GRID_ISSUE_BUILDING_IN_TWO_GRIDS, c.pt,
                                     c.count == 0 ? g_strdup_printf (_("“%s” is in no grid"), name)
                                                  : g_strdup_printf (_("“%s” is in %d grids at once"), name, c.count));
      issue->building_id = b->id;
      issue->grid = c.first;
      g_ptr_array_add (issues, issue);
    }
}

/**
 * gm_grid_edit_check:
 * @self: a #GmGridEdit
 *
 * Returns: (transfer full) (element-type GmGridIssue): what is wrong with
 *   the division as edited, grids first, then gaps, overlaps, parts outside
 *   the community and buildings; empty when nothing is
 */
GPtrArray *
gm_grid_edit_check (GmGridEdit *self)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) gm_grid_issue_free);

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), issues);

  gm_grid_edit_check_contiguous (self, issues);
  gm_grid_edit_check_gaps (self, issues);
  gm_grid_edit_check_overlaps (self, issues);
  gm_grid_edit_check_outside (self, issues);
  gm_grid_edit_check_buildings (self, issues);
  return issues;
}
