/* gm-grid-edit-ops.c — the hand-editing operations: draw a grid, split a
 * grid, merge two, and reassign buildings. Each builds new polygons for the
 * grids it touches (gm_grid_edit_rebuild), has them checked
 * (gm_grid_edit_validate) and commits them as one undo step. Moving
 * boundary vertices and edges is in gm-grid-edit-move.c.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "gm-grid-edit-private.h"

/* ---- new grids -------------------------------------------------------------- */

static guint
gm_grid_edit_next_seq (GmGridEdit *self)
{
  guint seq = self->max_code_seq;
  gsize n = strlen (self->community_code);

  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);
      guint64 s;
      char *end = NULL;

      if (g->geom == NULL || !g_str_has_prefix (g->code, self->community_code))
        continue;
      s = g_ascii_strtoull (g->code + n, &end, 10);
      if (end != g->code + n && *end == '\0' && s < G_MAXUINT)
        seq = MAX (seq, (guint) s);
    }
  return seq + 1;
}

/* A grid for this session with the next free standard code: the community
 * code and a three-digit sequence. It has no polygon until committed. */
static guint
gm_grid_edit_new_grid (GmGridEdit *self)
{
  guint seq = gm_grid_edit_next_seq (self);
  guint index;
  GmEditGrid *g = gm_grid_edit_add_grid (self, &index);

  g->code = g_strdup_printf ("%s%03u", self->community_code, seq);
  /* Translators: the default name of a grid, by its sequence number */
  g->name = g_strdup_printf (_("Grid %u"), seq);
  g->kind = g_strdup ("basic");
  g->color = (int) (seq % 8);
  return index;
}

/* Takes back a grid made by gm_grid_edit_new_grid() that was not used. */
static void
gm_grid_edit_drop_new_grid (GmGridEdit *self,
                            guint       index)
{
  GmEditGrid *g = gm_grid_edit_grid (self, index);

  g_assert (index == self->grids->len - 1 && g->geom == NULL && g->id == 0);
  g_ptr_array_remove_index (self->grids, index);
  g_free (g->code);
  g_free (g->name);
  g_free (g->kind);
  g_free (g);
}

static GArray *
gm_slots (guint n,
          ...)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (guint));
  va_list args;

  va_start (args, n);
  for (guint i = 0; i < n; i++)
    {
      guint slot = va_arg (args, guint);
      g_array_append_val (slots, slot);
    }
  va_end (args);
  return slots;
}

/* Validates and commits @geoms for @grids; frees @geoms either way. */
static gboolean
gm_grid_edit_finish (GmGridEdit    *self,
                     const char    *label,
                     GArray        *grids,
                     GEOSGeometry **geoms,
                     GError       **error)
{
  if (!gm_grid_edit_validate (self, grids, geoms, error))
    {
      gm_grid_edit_free_geoms (self, geoms, grids->len);
      return FALSE;
    }
  gm_grid_edit_commit (self, label, grids, geoms);
  g_free (geoms);
  return TRUE;
}

/* A polygon or line drawn by hand, with its vertices snapped onto grid
 * and community vertices it was meant to hit, so that edges drawn along a
 * boundary follow it exactly. */
static GEOSGeometry *
gm_grid_edit_snap_drawn (GmGridEdit         *self,
                         const GEOSGeometry *drawn)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autoptr(GArray) near = gm_grid_edit_grids_near (self, drawn, GM_EDIT_SNAP_EPS);
  g_auto(GmGeos) reference = { self->ctx, NULL };
  GEOSGeometry *snapped;

  for (guint i = 0; i < near->len; i++)
    g_ptr_array_add (parts, GEOSBoundary_r (self->ctx, gm_grid_edit_grid (self, g_array_index (near, guint, i))->geom));
  g_ptr_array_add (parts, GEOSGeom_clone_r (self->ctx, self->community_outline));
  reference.geom = gm_grid_edit_collect (self, parts);
  if (reference.geom == NULL)
    return GEOSGeom_clone_r (self->ctx, drawn);
  snapped = GEOSSnap_r (self->ctx, drawn, reference.geom, GM_EDIT_SNAP_EPS);
  return snapped != NULL ? snapped : GEOSGeom_clone_r (self->ctx, drawn);
}

static gboolean
gm_refuse (GError     **error,
           const char  *message)
{
  g_set_error_literal (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED, message);
  return FALSE;
}

/* ---- draw ------------------------------------------------------------------------ */

typedef struct
{
  const GEOSPreparedGeometry *area;
  guint                       grid;
} GmDrawLabel;

static int
gm_draw_label (GmGridEdit         *self,
               const GEOSGeometry *face,
               double              px,
               double              py,
               int                 old,
               gpointer            user_data)
{
  GmDrawLabel *d = user_data;
  g_auto(GmGeos) pt = { self->ctx, GEOSGeom_createPointFromXY_r (self->ctx, px, py) };

  if (GEOSPreparedContains_r (self->ctx, d->area, pt.geom) != 1)
    return old;
  if (old >= 0 || GEOSPreparedContains_r (self->ctx, self->community_prepared, pt.geom) == 1)
    return (int) d->grid;
  return -1;
}

/* The grids the drawn area covers more than a sliver of, then the new one. */
static GArray *
gm_grid_edit_grids_under (GmGridEdit         *self,
                          const GEOSGeometry *area,
                          guint               new_grid)
{
  g_autoptr(GArray) near = gm_grid_edit_grids_near (self, area, 0);
  GArray *under = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < near->len; i++)
    {
      guint slot = g_array_index (near, guint, i);

      if (slot != new_grid
          && gm_grid_edit_overlap (self, area, gm_grid_edit_grid (self, slot)->geom) >= GM_EDIT_SLIVER_AREA)
        g_array_append_val (under, slot);
    }
  g_array_append_val (under, new_grid);
  return under;
}

/* The lines to polygonize a drawn area with: its outline, and the community
 * boundary when it reaches into a place no grid covers yet. */
static GEOSGeometry *
gm_grid_edit_draw_lines (GmGridEdit         *self,
                         const GEOSGeometry *area,
                         GArray             *under)
{
  g_autofree GEOSGeometry **geoms = g_new0 (GEOSGeometry *, MAX (under->len, 1));
  g_auto(GmGeos) covered = { self->ctx, NULL };
  g_auto(GmGeos) inside = { self->ctx, GEOSIntersection_r (self->ctx, area, self->community) };
  g_auto(GmGeos) uncovered = { self->ctx, NULL };
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  for (guint i = 0; i < under->len; i++)
    geoms[i] = gm_grid_edit_grid (self, g_array_index (under, guint, i))->geom;
  covered.geom = gm_grid_edit_union_of (self, geoms, under->len);
  if (inside.geom != NULL && covered.geom != NULL)
    uncovered.geom = GEOSDifference_r (self->ctx, inside.geom, covered.geom);

  g_ptr_array_add (parts, GEOSBoundary_r (self->ctx, area));
  if (gm_grid_edit_area (self, uncovered.geom) > GM_EDIT_AREA_EPS)
    g_ptr_array_add (parts, gm_grid_edit_community_lines_near (self, area));
  for (guint i = 0; i < parts->len; i++)
    if (parts->pdata[i] == NULL)
      g_ptr_array_remove_index (parts, i--);
  return gm_grid_edit_collect (self, parts);
}

/* The drawn polygon, snapped and made valid; NULL with @error set. */
static GEOSGeometry *
gm_grid_edit_drawn_area (GmGridEdit    *self,
                         const double  *lonlat,
                         guint          n_points,
                         GError       **error)
{
  g_auto(GmGeos) drawn = { self->ctx, gm_grid_edit_points_geom (self, lonlat, n_points, TRUE, error) };
  g_auto(GmGeos) snapped = { self->ctx, NULL };
  g_auto(GmGeos) inside = { self->ctx, NULL };
  GEOSGeometry *area;

  if (drawn.geom == NULL)
    return NULL;
  snapped.geom = gm_grid_edit_snap_drawn (self, drawn.geom);
  /* A polygon drawn crossing itself still means the area it encloses. */
  area = GEOSMakeValid_r (self->ctx, snapped.geom);
  if (area != NULL)
    inside.geom = GEOSIntersection_r (self->ctx, area, self->community);
  if (gm_grid_edit_area (self, inside.geom) < 1.0)
    {
      if (area != NULL)
        GEOSGeom_destroy_r (self->ctx, area);
      gm_refuse (error, _("Draw the new grid inside the community boundary"));
      return NULL;
    }
  return area;
}

/* A grid left with nothing would vanish; that is what merging is for. */
static gboolean
gm_grid_edit_check_swallowed (GmGridEdit    *self,
                              GArray        *grids,
                              GEOSGeometry **geoms,
                              guint          new_grid,
                              GError       **error)
{
  for (guint i = 0; i < grids->len; i++)
    {
      guint slot = g_array_index (grids, guint, i);

      if (slot == new_grid && geoms[i] == NULL)
        return gm_refuse (error, _("The new grid would cover no place that is not already its own"));
      if (slot != new_grid && geoms[i] == NULL)
        {
          g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                       _("The new grid would swallow grid “%s” whole; merge the two grids instead"),
                       gm_grid_edit_grid_label (self, slot));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
gm_grid_edit_draw_grid (GmGridEdit    *self,
                        const double  *lonlat,
                        guint          n_points,
                        int           *new_grid,
                        GError       **error)
{
  g_auto(GmGeos) area = { NULL, NULL };
  g_auto(GmGeos) lines = { NULL, NULL };
  g_autoptr(GArray) under = NULL;
  g_autofree char *label = NULL;
  GmDrawLabel d;
  GEOSGeometry **geoms = NULL;
  guint index;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  g_return_val_if_fail (lonlat != NULL || n_points == 0, FALSE);

  area.ctx = lines.ctx = self->ctx;
  if ((area.geom = gm_grid_edit_drawn_area (self, lonlat, n_points, error)) == NULL)
    return FALSE;

  index = gm_grid_edit_new_grid (self);
  under = gm_grid_edit_grids_under (self, area.geom, index);
  lines.geom = gm_grid_edit_draw_lines (self, area.geom, under);
  d.area = GEOSPrepare_r (self->ctx, area.geom);
  d.grid = index;
  if (lines.geom != NULL)
    geoms = gm_grid_edit_rebuild (self, under, lines.geom, gm_draw_label, &d, error);
  GEOSPreparedGeom_destroy_r (self->ctx, d.area);
  if (geoms == NULL || !gm_grid_edit_check_swallowed (self, under, geoms, index, error))
    {
      if (geoms != NULL)
        gm_grid_edit_free_geoms (self, geoms, under->len);
      gm_grid_edit_drop_new_grid (self, index);
      return FALSE;
    }
  label = g_strdup_printf (_("Draw grid “%s”"), gm_grid_edit_grid_label (self, index));
  if (!gm_grid_edit_finish (self, label, under, geoms, error))
    {
      gm_grid_edit_drop_new_grid (self, index);
      return FALSE;
    }
  if (new_grid != NULL)
    *new_grid = (int) index;
  return TRUE;
}

/* ---- split --------------------------------------------------------------------------- */

typedef struct
{
  const GEOSGeometry *line;
  guint               grid;
  guint               new_grid;
  guint               touched;
} GmSplitLabel;

/* The first face along the line stays, the second goes to the new grid;
 * faces away from the line (other parts of the grid) stay. */
static int
gm_split_label (GmGridEdit         *self,
                const GEOSGeometry *face,
                double              px,
                double              py,
                int                 old,
                gpointer            user_data)
{
  GmSplitLabel *s = user_data;
  double d = G_MAXDOUBLE;

  if (old != (int) s->grid)
    return old;
  if (GEOSDistance_r (self->ctx, face, s->line, &d) == 0 || d > GM_EDIT_VERTEX_EPS)
    return old;
  s->touched++;
  return s->touched == 2 ? (int) s->new_grid : old;
}

typedef struct
{
  GmGridEdit         *self;
  const GEOSGeometry *line;
  double              best;
  int                 grid;
} GmLongest;

static void
gm_longest_one (void *item,
                void *user_data)
{
  GmLongest *q = user_data;
  int slot = GPOINTER_TO_INT (item) - 1;
  GmEditGrid *g = gm_grid_edit_grid (q->self, (guint) slot);
  g_auto(GmGeos) inside = { q->self->ctx, NULL };
  double length = 0;

  if (g->geom == NULL || GEOSIntersects_r (q->self->ctx, g->geom, q->line) != 1)
    return;
  inside.geom = GEOSIntersection_r (q->self->ctx, g->geom, q->line);
  if (inside.geom != NULL && GEOSLength_r (q->self->ctx, inside.geom, &length) == 1
      && (length > q->best || (length == q->best && slot < q->grid)))
    {
      q->best = length;
      q->grid = slot;
    }
}

/* The line with both ends drawn out a little, so that an end snapped onto a
 * boundary crosses it rather than stopping a rounding error short. */
static GEOSGeometry *
gm_grid_edit_extend_line (GmGridEdit         *self,
                          const GEOSGeometry *line)
{
  unsigned int n = 0;
  g_autofree double *xy = gm_grid_edit_coords (self, line, 2, &n);
  GEOSCoordSequence *out;
  double reach = 5 * GM_EDIT_SNAP_EPS;

  if (xy == NULL)
    return NULL;
  for (guint end = 0; end < 2; end++)
    {
      double *p = end == 0 ? xy : xy + 2 * (n - 1);
      const double *q = end == 0 ? xy + 2 : xy + 2 * (n - 2);
      double dx = p[0] - q[0], dy = p[1] - q[1], len = hypot (dx, dy);

      if (len > 0)
        {
          p[0] += dx / len * reach;
          p[1] += dy / len * reach;
        }
    }
  out = GEOSCoordSeq_copyFromBuffer_r (self->ctx, xy, n, FALSE, FALSE);
  return GEOSGeom_createLineString_r (self->ctx, out);
}

/* Which part keeps the grid's code: the one with more households, so the
 * grid worker keeps most of the people they know. */
static int
gm_grid_edit_households_in (GmGridEdit         *self,
                            const GEOSGeometry *geom,
                            guint               grid)
{
  const GEOSPreparedGeometry *prepared;
  int households = 0;

  if (geom == NULL)
    return 0;
  prepared = GEOSPrepare_r (self->ctx, geom);
  for (guint i = 0; i < self->buildings->len; i++)
    {
      GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, i);

      if (b->grid == (int) grid
          && GEOSPreparedContains_r (self->ctx, prepared, self->building_points->pdata[i]) == 1)
        households += b->households;
    }
  GEOSPreparedGeom_destroy_r (self->ctx, prepared);
  return households;
}

static gboolean
gm_grid_edit_split_line (GmGridEdit    *self,
                         const double  *lonlat,
                         guint          n_points,
                         GEOSGeometry **line,
                         int           *grid,
                         GError       **error)
{
  g_auto(GmGeos) drawn = { self->ctx, gm_grid_edit_points_geom (self, lonlat, n_points, FALSE, error) };
  g_auto(GmGeos) longer = { self->ctx, NULL };
  GmLongest q = { self, NULL, GM_EDIT_SNAP_EPS, -1 };

  if (drawn.geom == NULL)
    return FALSE;
  longer.geom = gm_grid_edit_extend_line (self, drawn.geom);
  if (longer.geom == NULL)
    return gm_refuse (error, _("A line needs at least two points"));
  *line = gm_grid_edit_snap_drawn (self, longer.geom);
  q.line = *line;
  GEOSSTRtree_query_r (self->ctx, self->grid_tree, *line, gm_longest_one, &q);
  if (q.grid < 0)
    {
      GEOSGeom_destroy_r (self->ctx, *line);
      *line = NULL;
      return gm_refuse (error, _("The line does not cross any grid"));
    }
  *grid = q.grid;
  return TRUE;
}

gboolean
gm_grid_edit_split_grid (GmGridEdit    *self,
                         const double  *lonlat,
                         guint          n_points,
                         int           *new_grid,
                         GError       **error)
{
  g_auto(GmGeos) line = { NULL, NULL };
  g_autoptr(GArray) grids = NULL;
  g_autofree char *label = NULL;
  GmSplitLabel s = { NULL, 0, 0, 0 };
  GEOSGeometry **geoms;
  int grid = -1;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  g_return_val_if_fail (lonlat != NULL || n_points == 0, FALSE);

  line.ctx = self->ctx;
  if (!gm_grid_edit_split_line (self, lonlat, n_points, &line.geom, &grid, error))
    return FALSE;

  s.line = line.geom;
  s.grid = (guint) grid;
  s.new_grid = gm_grid_edit_new_grid (self);
  grids = gm_slots (2, s.grid, s.new_grid);
  geoms = gm_grid_edit_rebuild (self, grids, line.geom, gm_split_label, &s, error);
  if (geoms != NULL && (s.touched != 2 || geoms[0] == NULL || geoms[1] == NULL))
    {
      gm_grid_edit_free_geoms (self, geoms, grids->len);
      geoms = NULL;
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                   _("Draw the line across grid “%s” from one edge to another, crossing it once"),
                   gm_grid_edit_grid_label (self, s.grid));
    }
  if (geoms == NULL)
    {
      gm_grid_edit_drop_new_grid (self, s.new_grid);
      return FALSE;
    }
  if (gm_grid_edit_households_in (self, geoms[1], s.grid) > gm_grid_edit_households_in (self, geoms[0], s.grid))
    {
      GEOSGeometry *swap = geoms[0];
      geoms[0] = geoms[1];
      geoms[1] = swap;
    }
  label = g_strdup_printf (_("Split grid “%s”"), gm_grid_edit_grid_label (self, s.grid));
  if (!gm_grid_edit_finish (self, label, grids, geoms, error))
    {
      gm_grid_edit_drop_new_grid (self, s.new_grid);
      return FALSE;
    }
  if (new_grid != NULL)
    *new_grid = (int) s.new_grid;
  return TRUE;
}

/* ---- merge ------------------------------------------------------------------------------ */

static int
gm_merge_label (GmGridEdit         *self,
                const GEOSGeometry *face,
                double              px,
                double              py,
                int                 old,
                gpointer            user_data)
{
  return old >= 0 ? GPOINTER_TO_INT (user_data) : -1;
}

static double
gm_grid_edit_shared_length (GmGridEdit *self,
                            guint       a,
                            guint       b)
{
  GmEditGrid *ga = gm_grid_edit_grid (self, a), *gb = gm_grid_edit_grid (self, b);
  g_auto(GmGeos) shared = { self->ctx, NULL };
  double length = 0;

  if (GEOSIntersects_r (self->ctx, ga->geom, gb->geom) != 1)
    return 0;
  shared.geom = GEOSIntersection_r (self->ctx, gm_grid_edit_grid_outline (self, ga),
                                    gm_grid_edit_grid_outline (self, gb));
  if (shared.geom == NULL || GEOSLength_r (self->ctx, shared.geom, &length) == 0)
    return 0;
  return length;
}

gboolean
gm_grid_edit_merge_grids (GmGridEdit  *self,
                          guint        a,
                          guint        b,
                          int         *kept,
                          GError     **error)
{
  g_autoptr(GArray) grids = NULL;
  g_autofree char *label = NULL;
  GEOSGeometry **geoms;
  guint keep, gone;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  if (!gm_grid_edit_grid_is_alive (self, a) || !gm_grid_edit_grid_is_alive (self, b) || a == b)
    return gm_refuse (error, _("Choose two different grids to merge"));
  if (gm_grid_edit_shared_length (self, a, b) < GM_EDIT_SNAP_EPS)
    {
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                   _("Grids “%s” and “%s” do not share a boundary; only neighbouring grids can be merged"),
                   gm_grid_edit_grid_label (self, a), gm_grid_edit_grid_label (self, b));
      return FALSE;
    }

  keep = gm_grid_edit_grid (self, b)->totals.households > gm_grid_edit_grid (self, a)->totals.households ? b : a;
  gone = keep == a ? b : a;
  grids = gm_slots (2, keep, gone);
  geoms = gm_grid_edit_rebuild (self, grids, NULL, gm_merge_label, GINT_TO_POINTER (keep), error);
  if (geoms == NULL)
    return FALSE;
  label = g_strdup_printf (_("Merge grids “%s” and “%s”"),
                           gm_grid_edit_grid_label (self, keep), gm_grid_edit_grid_label (self, gone));
  if (!gm_grid_edit_finish (self, label, grids, geoms, error))
    return FALSE;
  if (kept != NULL)
    *kept = (int) keep;
  return TRUE;
}

/* ---- reassigning buildings ------------------------------------------------------------- */

typedef struct
{
  const GEOSPreparedGeometry *region;
  guint                       to;
} GmReassignLabel;

static int
gm_reassign_label (GmGridEdit         *self,
                   const GEOSGeometry *face,
                   double              px,
                   double              py,
                   int                 old,
                   gpointer            user_data)
{
  GmReassignLabel *r = user_data;
  g_auto(GmGeos) pt = { self->ctx, GEOSGeom_createPointFromXY_r (self->ctx, px, py) };

  if (old >= 0 && GEOSPreparedContains_r (self->ctx, r->region, pt.geom) == 1)
    return (int) r->to;
  return old;
}

/* The Voronoi cells, among the buildings of grid @from, of those of its
 * buildings that are in @chosen: the area around them that goes along. */
static gboolean
gm_grid_edit_cells_of (GmGridEdit   *self,
                       guint         from,
                       GHashTable   *chosen,
                       GPtrArray    *cells_out,
                       GError      **error)
{
  g_autoptr(GPtrArray) sites = g_ptr_array_new ();
  g_autoptr(GPtrArray) picked = g_ptr_array_new ();
  g_auto(GmGeos) multipoint = { self->ctx, NULL };
  g_auto(GmGeos) cells = { self->ctx, NULL };

  for (guint i = 0; i < self->buildings->len; i++)
    {
      GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, i);

      if (b->grid != (int) from)
        continue;
      g_ptr_array_add (sites, GEOSGeom_clone_r (self->ctx, self->building_points->pdata[i]));
      if (g_hash_table_contains (chosen, &b->id))
        g_ptr_array_add (picked, self->building_points->pdata[i]);
    }
  if (picked->len == sites->len)
    {
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                   _("Grid “%s” would have no building left; merge the grids instead"),
                   gm_grid_edit_grid_label (self, from));
      for (guint i = 0; i < sites->len; i++)
        GEOSGeom_destroy_r (self->ctx, sites->pdata[i]);
      return FALSE;
    }
  multipoint.geom = GEOSGeom_createCollection_r (self->ctx, GEOS_MULTIPOINT,
                                                 (GEOSGeometry **) sites->pdata, sites->len);
  cells.geom = GEOSVoronoiDiagram_r (self->ctx, multipoint.geom,
                                     gm_grid_edit_grid (self, from)->geom, 0.0, 0);
  if (cells.geom == NULL)
    {
      gm_grid_edit_set_error_geos (self, error, _("Finding the area around the buildings"));
      return FALSE;
    }
  for (int c = 0; c < GEOSGetNumGeometries_r (self->ctx, cells.geom); c++)
    {
      const GEOSGeometry *cell = GEOSGetGeometryN_r (self->ctx, cells.geom, c);

      for (guint k = 0; k < picked->len; k++)
        if (GEOSContains_r (self->ctx, cell, picked->pdata[k]) == 1)
          {
            g_ptr_array_add (cells_out, GEOSGeom_clone_r (self->ctx, cell));
            break;
          }
    }
  return TRUE;
}

static int
gm_compare_guint (gconstpointer a,
                  gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* The grids the chosen buildings are in now, other than @to. */
static GArray *
gm_grid_edit_sources (GmGridEdit *self,
                      GHashTable *chosen,
                      guint       to)
{
  GArray *sources = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, chosen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int grid = gm_grid_edit_get_building_grid (self, *(gint64 *) key);
      gboolean seen = FALSE;

      if (grid < 0 || grid == (int) to)
        continue;
      for (guint i = 0; i < sources->len && !seen; i++)
        seen = g_array_index (sources, guint, i) == (guint) grid;
      if (!seen)
        g_array_append_val (sources, grid);
    }
  g_array_sort (sources, (GCompareFunc) gm_compare_guint);
  return sources;
}

static gboolean
gm_grid_edit_all_moved (GmGridEdit    *self,
                        GHashTable    *chosen,
                        const GEOSGeometry *to_geom,
                        GError       **error)
{
  const GEOSPreparedGeometry *prepared = GEOSPrepare_r (self->ctx, to_geom);
  GHashTableIter iter;
  gpointer key;
  gboolean ok = TRUE;

  g_hash_table_iter_init (&iter, chosen);
  while (ok && g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->building_index, key));

      if (index > 0 && g_array_index (self->buildings, GmEditBuilding, index - 1).grid >= 0)
        ok = GEOSPreparedContains_r (self->ctx, prepared, self->building_points->pdata[index - 1]) == 1;
    }
  GEOSPreparedGeom_destroy_r (self->ctx, prepared);
  if (!ok)
    gm_refuse (error, _("Some of the buildings are too close to others to be moved on their own"));
  return ok;
}

/* The area the chosen buildings take along: the union of their cells in
 * each of their grids. */
static GEOSGeometry *
gm_grid_edit_region_of (GmGridEdit  *self,
                        GArray      *sources,
                        GHashTable  *chosen,
                        GError     **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();
  GEOSGeometry *region = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < sources->len && ok; i++)
    ok = gm_grid_edit_cells_of (self, g_array_index (sources, guint, i), chosen, cells, error);
  if (ok)
    region = gm_grid_edit_union_of (self, (GEOSGeometry * const *) cells->pdata, cells->len);
  for (guint i = 0; i < cells->len; i++)
    GEOSGeom_destroy_r (self->ctx, cells->pdata[i]);
  if (ok && region == NULL)
    gm_grid_edit_set_error_geos (self, error, _("Finding the area around the buildings"));
  return region;
}

gboolean
gm_grid_edit_reassign_buildings (GmGridEdit    *self,
                                 const gint64  *ids,
                                 guint          n_ids,
                                 guint          to,
                                 GError       **error)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) grids = NULL;
  g_auto(GmGeos) region = { NULL, NULL };
  g_auto(GmGeos) lines = { NULL, NULL };
  g_autofree char *label = NULL;
  GmReassignLabel r = { NULL, to };
  GEOSGeometry **geoms = NULL;
  guint moved = 0;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  g_return_val_if_fail (ids != NULL || n_ids == 0, FALSE);

  if (!gm_grid_edit_grid_is_alive (self, to))
    return gm_refuse (error, _("Choose the grid the buildings should go to"));
  for (guint i = 0; i < n_ids; i++)
    if (gm_grid_edit_get_building_grid (self, ids[i]) >= 0 && g_hash_table_add (chosen, (gpointer) &ids[i]))
      moved += gm_grid_edit_get_building_grid (self, ids[i]) != (int) to;
  if (g_hash_table_size (chosen) == 0)
    return gm_refuse (error, _("Choose one or more buildings in a grid first"));
  grids = gm_grid_edit_sources (self, chosen, to);
  if (grids->len == 0)
    {
      g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_REFUSED,
                   _("The chosen buildings are already in grid “%s”"), gm_grid_edit_grid_label (self, to));
      return FALSE;
    }
  region.ctx = lines.ctx = self->ctx;
  if ((region.geom = gm_grid_edit_region_of (self, grids, chosen, error)) == NULL)
    return FALSE;
  if ((lines.geom = GEOSBoundary_r (self->ctx, region.geom)) == NULL)
    {
      gm_grid_edit_set_error_geos (self, error, _("Finding the area around the buildings"));
      return FALSE;
    }
  g_array_append_val (grids, to);
  r.region = GEOSPrepare_r (self->ctx, region.geom);
  geoms = gm_grid_edit_rebuild (self, grids, lines.geom, gm_reassign_label, &r, error);
  GEOSPreparedGeom_destroy_r (self->ctx, r.region);
  if (geoms == NULL)
    return FALSE;
  if (geoms[grids->len - 1] == NULL || !gm_grid_edit_all_moved (self, chosen, geoms[grids->len - 1], error))
    {
      gm_grid_edit_free_geoms (self, geoms, grids->len);
      return FALSE;
    }
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move %u building to grid “%s”",
                                        "Move %u buildings to grid “%s”", moved),
                           moved, gm_grid_edit_grid_label (self, to));
  return gm_grid_edit_finish (self, label, grids, geoms, error);
}
