/* gm-grid-edit-check.c — what is wrong with a division: grids in pieces,
 * gaps, overlaps, grids reaching outside the community, and buildings in
 * no grid or in two.
 *
 * Areas below GM_GRID_EDIT_MIN_ISSUE_AREA are rounding between imported
 * polygons, not planning errors, and are not reported. Many buildings in
 * no grid are one issue (GM_GRID_EDIT_MAX_BUILDING_ISSUES).
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

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

char *
gm_grid_edit_format_area (double area_m2)
{
  const char *sep = localeconv ()->thousands_sep;
  g_autofree char *digits = NULL;
  g_autofree char *number = NULL;
  GString *grouped;
  gsize n;

  if (area_m2 >= 1e6)
    /* Translators: an area in square kilometres */
    return g_strdup_printf (_("%.2f km²"), area_m2 / 1e6);
  /* The C locale has no separator; a planner still reads 12,500 better
   * than 12500. */
  if (sep == NULL || *sep == '\0')
    sep = ",";
  digits = g_strdup_printf ("%.0f", area_m2);
  n = strlen (digits);
  grouped = g_string_new (NULL);
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (grouped, sep);
      g_string_append_c (grouped, digits[i]);
    }
  number = g_string_free (grouped, FALSE);
  /* Translators: an area in square metres, its digits grouped */
  return g_strdup_printf (_("%s m²"), number);
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
      g_autofree char *size = NULL;

      if (area < GM_GRID_EDIT_MIN_ISSUE_AREA)
        continue;
      size = gm_grid_edit_format_area (area);
      /* Translators: %s is an area, "12,500 m²" or "7.71 km²" */
      issue = gm_grid_edit_issue_at (self, GM_GRID_ISSUE_GAP, gap,
                                     g_strdup_printf (_("%s of the community are in no grid"), size));
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
      g_autofree char *size = NULL;
      GmGridIssue *issue;

      if (g->geom == NULL || GEOSPreparedCovers_r (self->ctx, self->community_prepared, g->geom) == 1)
        continue;
      outside.geom = GEOSDifference_r (self->ctx, g->geom, self->community);
      if ((area = gm_grid_edit_area (self, outside.geom)) < GM_GRID_EDIT_MIN_ISSUE_AREA)
        continue;
      size = gm_grid_edit_format_area (area);
      /* Translators: a grid's name, and an area, "12,500 m²" or "7.71 km²" */
      issue = gm_grid_edit_issue_at (self, GM_GRID_ISSUE_OUTSIDE_COMMUNITY, outside.geom,
                                     g_strdup_printf (_("Grid “%s” reaches %s outside the community boundary"),
                                                      gm_grid_edit_grid_label (self, i), size));
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
  g_autofree char *size = NULL;
  GmGridIssue *issue;

  if (other <= c->grid || b->geom == NULL || GEOSIntersects_r (c->self->ctx, a->geom, b->geom) != 1)
    return;
  common.geom = GEOSIntersection_r (c->self->ctx, a->geom, b->geom);
  if ((area = gm_grid_edit_area (c->self, common.geom)) < GM_GRID_EDIT_MIN_ISSUE_AREA)
    return;
  size = gm_grid_edit_format_area (area);
  /* Translators: two grids' names, and an area, "12,500 m²" or "7.71 km²" */
  issue = gm_grid_edit_issue_at (c->self, GM_GRID_ISSUE_OVERLAP, common.geom,
                                 g_strdup_printf (_("Grids “%s” and “%s” overlap by %s"),
                                                  gm_grid_edit_grid_label (c->self, c->grid),
                                                  gm_grid_edit_grid_label (c->self, other), size));
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

typedef struct
{
  guint building;       /* index into self->buildings */
  int   count;          /* grids its anchor is in */
  int   first;          /* the first of them, or -1 */
} GmStray;

static GmGridIssue *
gm_grid_edit_stray_issue (GmGridEdit    *self,
                          const GmStray *stray,
                          char          *message)
{
  const GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, stray->building);
  GmGridIssue *issue = gm_grid_edit_issue_at (self, stray->count == 0 ? GM_GRID_ISSUE_BUILDING_IN_NO_GRID
                                                                      : GM_GRID_ISSUE_BUILDING_IN_TWO_GRIDS,
                                              self->building_points->pdata[stray->building], message);

  issue->building_id = b->id;
  issue->grid = stray->first;
  return issue;
}

/* An issue for each building of @strays (all in no grid, or all in two),
 * or, when there are more than a few, one for them all that names the first
 * three: a community imported without grids has thousands, and a list of
 * thousands tells a planner less than their number. */
static void
gm_grid_edit_add_strays (GmGridEdit *self,
                         GArray     *strays,
                         GPtrArray  *issues)
{
  const GmStray *first = &g_array_index (strays, GmStray, 0);
  g_autofree char *names[3] = { NULL, };
  GmGridIssue *issue;
  guint n = strays->len;

  if (n == 0)
    return;
  if (n <= GM_GRID_EDIT_MAX_BUILDING_ISSUES)
    {
      for (guint i = 0; i < n; i++)
        {
          const GmStray *st = &g_array_index (strays, GmStray, i);
          g_autofree char *name = gm_building_name (&g_array_index (self->buildings, GmEditBuilding, st->building));

          issue = gm_grid_edit_stray_issue (self, st, st->count == 0
                                            ? g_strdup_printf (_("“%s” is in no grid"), name)
                                            : g_strdup_printf (_("“%s” is in %d grids at once"), name, st->count));
          issue->n_buildings = 1;
          issue->building_ids = g_memdup2 (&issue->building_id, sizeof (gint64));
          g_ptr_array_add (issues, issue);
        }
      return;
    }
  for (guint i = 0; i < 3; i++)
    names[i] = gm_building_name (&g_array_index (self->buildings, GmEditBuilding,
                                                 g_array_index (strays, GmStray, i).building));
  if (first->count == 0)
    /* Translators: the number of buildings in no grid, the first three of
     * them and the number of the others */
    issue = gm_grid_edit_stray_issue (self, first, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
        "%u building is in no grid: “%s”, “%s”, “%s” and %u more",
        "%u buildings are in no grid: “%s”, “%s”, “%s” and %u more", n),
        n, names[0], names[1], names[2], n - 3));
  else
    /* Translators: the number of buildings in two or more grids, the first
     * three of them and the number of the others */
    issue = gm_grid_edit_stray_issue (self, first, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
        "%u building is in more than one grid at once: “%s”, “%s”, “%s” and %u more",
        "%u buildings are in more than one grid at once: “%s”, “%s”, “%s” and %u more", n),
        n, names[0], names[1], names[2], n - 3));
  issue->n_buildings = n;
  issue->building_ids = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    issue->building_ids[i] = g_array_index (self->buildings, GmEditBuilding,
                                            g_array_index (strays, GmStray, i).building).id;
  g_ptr_array_add (issues, issue);
}

/* Buildings whose anchor is in no grid, then those in more than one. */
static void
gm_grid_edit_check_buildings (GmGridEdit *self,
                              GPtrArray  *issues)
{
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (GmStray));
  g_autoptr(GArray) several = g_array_new (FALSE, FALSE, sizeof (GmStray));

  for (guint i = 0; i < self->buildings->len; i++)
    {
      GmContainCount c = { self, self->building_points->pdata[i], 0, -1 };
      GmStray stray;

      GEOSSTRtree_query_r (self->ctx, self->grid_tree, c.pt, gm_contain_count_one, &c);
      if (c.count == 1)
        continue;
      stray = (GmStray) { i, c.count, c.first };
      g_array_append_val (c.count == 0 ? none : several, stray);
    }
  gm_grid_edit_add_strays (self, none, issues);
  gm_grid_edit_add_strays (self, several, issues);
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
