/* gm-grid-edit.c — an edit session over one community's grids: the grids,
 * their totals and workload, and undo/redo.
 *
 * Totals are kept by moving whole buildings between grids, never by
 * recounting, so undoing a step moves the same buildings back and restores
 * every total exactly. Each step keeps the polygons before and after it;
 * undo puts a clone of the "before" polygon back, byte for byte.
 */
#include "gm-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gm-grid-edit-private.h"

G_DEFINE_FINAL_TYPE (GmGridEdit, gm_grid_edit, G_TYPE_OBJECT)
G_DEFINE_QUARK (gm-grid-edit-error-quark, gm_grid_edit_error)

void
gm_grid_issue_free (GmGridIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->message);
  g_free (issue->building_ids);
  g_free (issue);
}

/* ---- grids ------------------------------------------------------------------ */

static void
gm_edit_grid_clear_cache (GmGridEdit *self,
                          GmEditGrid *g)
{
  if (g->prepared != NULL)
    GEOSPreparedGeom_destroy_r (self->ctx, g->prepared);
  g->prepared = NULL;
  if (g->outline != NULL)
    GEOSGeom_destroy_r (self->ctx, g->outline);
  g->outline = NULL;
  g_clear_pointer (&g->wkb_lonlat, g_bytes_unref);
}

static void
gm_edit_grid_free (GmGridEdit *self,
                   GmEditGrid *g)
{
  gm_edit_grid_clear_cache (self, g);
  if (g->geom != NULL)
    GEOSGeom_destroy_r (self->ctx, g->geom);
  if (g->loaded != NULL)
    GEOSGeom_destroy_r (self->ctx, g->loaded);
  g_free (g->code);
  g_free (g->name);
  g_free (g->worker_name);
  g_free (g->worker_phone);
  g_free (g->kind);
  g_free (g);
}

GmEditGrid *
gm_grid_edit_grid (GmGridEdit *self,
                   guint       grid)
{
  g_assert (grid < self->grids->len);
  return g_ptr_array_index (self->grids, grid);
}

/* Call after changing a grid's polygon. */
void
gm_grid_edit_grid_touch (GmGridEdit *self,
                         GmEditGrid *g)
{
  gm_edit_grid_clear_cache (self, g);
}

const GEOSPreparedGeometry *
gm_grid_edit_grid_prepared (GmGridEdit *self,
                            GmEditGrid *g)
{
  if (g->prepared == NULL && g->geom != NULL)
    g->prepared = GEOSPrepare_r (self->ctx, g->geom);
  return g->prepared;
}

const GEOSGeometry *
gm_grid_edit_grid_outline (GmGridEdit *self,
                           GmEditGrid *g)
{
  if (g->outline == NULL && g->geom != NULL)
    g->outline = GEOSBoundary_r (self->ctx, g->geom);
  return g->outline;
}

GmEditGrid *
gm_grid_edit_add_grid (GmGridEdit *self,
                       guint      *index)
{
  GmEditGrid *g = g_new0 (GmEditGrid, 1);

  *index = self->grids->len;
  g_ptr_array_add (self->grids, g);
  return g;
}

/* "第5网格" or, for a grid without a name, its code. */
const char *
gm_grid_edit_grid_label (GmGridEdit *self,
                         guint       grid)
{
  GmEditGrid *g = gm_grid_edit_grid (self, grid);

  return g->name != NULL && *g->name != '\0' ? g->name : g->code;
}

void
gm_grid_edit_set_error_geos (GmGridEdit  *self,
                             GError     **error,
                             const char  *what)
{
  g_set_error (error, GM_GRID_EDIT_ERROR, GM_GRID_EDIT_ERROR_FAILED,
               /* Translators: "%s" is what was being done, then the geometry library's message */
               _("%s failed: %s"), what,
               self->last_geos_error != NULL ? self->last_geos_error : _("unknown geometry error"));
}

/* ---- totals -------------------------------------------------------------------- */

static void
gm_totals_add (GmGridTotals         *t,
               const GmEditBuilding *b,
               int                   sign)
{
  t->buildings += sign;
  t->households += sign * b->households;
  t->residents += sign * b->residents;
  t->open_hazards += sign * b->open_hazards;
}

static void
gm_grid_edit_move_building (GmGridEdit *self,
                            guint       index,
                            int         to)
{
  GmEditBuilding *b = &g_array_index (self->buildings, GmEditBuilding, index);

  if (b->grid >= 0)
    gm_totals_add (&gm_grid_edit_grid (self, b->grid)->totals, b, -1);
  b->grid = to;
  if (to >= 0)
    gm_totals_add (&gm_grid_edit_grid (self, to)->totals, b, +1);
}

static void
gm_grid_edit_move_hazard (GmGridEdit *self,
                          guint       index,
                          int         to)
{
  GmEditHazard *h = &g_array_index (self->hazards, GmEditHazard, index);

  if (h->grid >= 0)
    gm_grid_edit_grid (self, h->grid)->totals.open_hazards--;
  h->grid = to;
  if (to >= 0)
    gm_grid_edit_grid (self, to)->totals.open_hazards++;
}

typedef struct
{
  GmGridEdit *self;
  GArray     *grids;      /* the changed grids */
  GPtrArray  *points;     /* building or hazard points */
  GArray     *moves;      /* of GmEditMove */
  gboolean    hazards;
} GmAssign;

static gboolean
gm_assign_is_candidate (GmAssign *a,
                        int       current)
{
  if (current < 0)
    return TRUE;
  for (guint i = 0; i < a->grids->len; i++)
    if (g_array_index (a->grids, guint, i) == (guint) current)
      return TRUE;
  return FALSE;
}

static void
gm_assign_one (void *item,
               void *user_data)
{
  GmAssign *a = user_data;
  guint index = GPOINTER_TO_UINT (item) - 1;
  int current = a->hazards ? g_array_index (a->self->hazards, GmEditHazard, index).grid
                           : g_array_index (a->self->buildings, GmEditBuilding, index).grid;
  const GEOSGeometry *pt = g_ptr_array_index (a->points, index);
  int found = -1;

  if (!gm_assign_is_candidate (a, current))
    return;
  for (guint i = 0; i < a->grids->len && found < 0; i++)
    {
      guint slot = g_array_index (a->grids, guint, i);
      GmEditGrid *g = gm_grid_edit_grid (a->self, slot);

      if (g->geom != NULL
          && GEOSPreparedContains_r (a->self->ctx, gm_grid_edit_grid_prepared (a->self, g), pt) == 1)
        found = (int) slot;
    }
  if (found != current)
    {
      GmEditMove m = { index, current, found };

      g_array_append_val (a->moves, m);
    }
}

/* The box around the changed grids before and after, as a geometry. */
static GEOSGeometry *
gm_grid_edit_changed_box (GmGridEdit    *self,
                          GArray        *grids,
                          GEOSGeometry **before)
{
  double xmin = G_MAXDOUBLE, ymin = G_MAXDOUBLE, xmax = -G_MAXDOUBLE, ymax = -G_MAXDOUBLE;

  for (guint i = 0; i < grids->len; i++)
    {
      const GEOSGeometry *geoms[2] = { before[i], gm_grid_edit_grid (self, g_array_index (grids, guint, i))->geom };

      for (guint k = 0; k < 2; k++)
        {
          double x0, y0, x1, y1;

          if (geoms[k] == NULL || GEOSGeom_getExtent_r (self->ctx, geoms[k], &x0, &y0, &x1, &y1) == 0)
            continue;
          xmin = MIN (xmin, x0);
          ymin = MIN (ymin, y0);
          xmax = MAX (xmax, x1);
          ymax = MAX (ymax, y1);
        }
    }
  if (xmin > xmax)
    return NULL;
  return GEOSGeom_createRectangle_r (self->ctx, xmin - 1, ymin - 1, xmax + 1, ymax + 1);
}

static int
gm_edit_move_compare (gconstpointer a,
                      gconstpointer b)
{
  const GmEditMove *ma = a, *mb = b;

  return (ma->index > mb->index) - (ma->index < mb->index);
}

/* Moves buildings and hazards in and out of the changed grids to where
 * their anchors now are; records the moves in @step. */
static void
gm_grid_edit_assign (GmGridEdit    *self,
                     GArray        *grids,
                     GEOSGeometry **before,
                     GmEditStep    *step)
{
  g_auto(GmGeos) box = { self->ctx, gm_grid_edit_changed_box (self, grids, before) };
  GmAssign a = { self, grids, self->building_points, step->buildings, FALSE };

  if (box.geom == NULL)
    return;
  GEOSSTRtree_query_r (self->ctx, self->building_tree, box.geom, gm_assign_one, &a);
  /* In building order, so a step reads the same whatever order the tree
   * answered in. */
  g_array_sort (step->buildings, gm_edit_move_compare);
  for (guint i = 0; i < step->buildings->len; i++)
    {
      GmEditMove *m = &g_array_index (step->buildings, GmEditMove, i);
      gm_grid_edit_move_building (self, m->index, m->after);
    }

  a.points = self->hazard_points;
  a.moves = step->hazards;
  a.hazards = TRUE;
  GEOSSTRtree_query_r (self->ctx, self->hazard_tree, box.geom, gm_assign_one, &a);
  g_array_sort (step->hazards, gm_edit_move_compare);
  for (guint i = 0; i < step->hazards->len; i++)
    {
      GmEditMove *m = &g_array_index (step->hazards, GmEditMove, i);
      gm_grid_edit_move_hazard (self, m->index, m->after);
    }
}

/* Puts every building and hazard in the grid that contains it. */
static void
gm_grid_edit_assign_all (GmGridEdit *self)
{
  for (guint i = 0; i < self->buildings->len; i++)
    gm_grid_edit_move_building (self, i, gm_grid_edit_grid_at_point (self, self->building_points->pdata[i]));
  for (guint i = 0; i < self->hazards->len; i++)
    gm_grid_edit_move_hazard (self, i, gm_grid_edit_grid_at_point (self, self->hazard_points->pdata[i]));
}

/* ---- steps --------------------------------------------------------------------- */

static void
gm_edit_step_free (gpointer data,
                   gpointer user_data)
{
  GmEditStep *step = data;
  GmGridEdit *self = user_data;

  for (guint i = 0; i < step->grids->len; i++)
    {
      GmEditGridChange *c = &g_array_index (step->grids, GmEditGridChange, i);

      if (c->before != NULL)
        GEOSGeom_destroy_r (self->ctx, c->before);
      if (c->after != NULL)
        GEOSGeom_destroy_r (self->ctx, c->after);
    }
  g_array_unref (step->grids);
  g_array_unref (step->buildings);
  g_array_unref (step->hazards);
  g_free (step->label);
  g_free (step);
}

static void
gm_grid_edit_clear_steps (GmGridEdit *self,
                          GPtrArray  *steps)
{
  g_ptr_array_foreach (steps, gm_edit_step_free, self);
  g_ptr_array_set_size (steps, 0);
}

static GmEditStep *
gm_edit_step_new (const char *label)
{
  GmEditStep *step = g_new0 (GmEditStep, 1);

  step->label = g_strdup (label);
  step->grids = g_array_new (FALSE, FALSE, sizeof (GmEditGridChange));
  step->buildings = g_array_new (FALSE, FALSE, sizeof (GmEditMove));
  step->hazards = g_array_new (FALSE, FALSE, sizeof (GmEditMove));
  return step;
}

void
gm_grid_edit_commit (GmGridEdit    *self,
                     const char    *label,
                     GArray        *grids,
                     GEOSGeometry **geoms)
{
  GmEditStep *step = gm_edit_step_new (label);
  g_autofree GEOSGeometry **before = g_new0 (GEOSGeometry *, MAX (grids->len, 1));

  for (guint i = 0; i < grids->len; i++)
    {
      guint slot = g_array_index (grids, guint, i);
      GmEditGrid *g = gm_grid_edit_grid (self, slot);
      GmEditGridChange c = { slot, g->geom, NULL };

      if (geoms[i] != NULL)
        c.after = GEOSGeom_clone_r (self->ctx, geoms[i]);
      before[i] = g->geom;
      g->geom = geoms[i];
      geoms[i] = NULL;
      gm_grid_edit_grid_touch (self, g);
      g_array_append_val (step->grids, c);
    }
  gm_grid_edit_assign (self, grids, before, step);

  gm_grid_edit_clear_steps (self, self->redo);
  g_ptr_array_add (self->undo, step);
  self->serial++;
  gm_grid_edit_find_rebuild (self);
}

/* Puts the polygons of @step back as they were before (@undo) or after it. */
static void
gm_grid_edit_apply_step (GmGridEdit *self,
                         GmEditStep *step,
                         gboolean    undo)
{
  for (guint i = 0; i < step->grids->len; i++)
    {
      GmEditGridChange *c = &g_array_index (step->grids, GmEditGridChange, i);
      GmEditGrid *g = gm_grid_edit_grid (self, c->grid);
      const GEOSGeometry *to = undo ? c->before : c->after;

      if (g->geom != NULL)
        GEOSGeom_destroy_r (self->ctx, g->geom);
      g->geom = to != NULL ? GEOSGeom_clone_r (self->ctx, to) : NULL;
      gm_grid_edit_grid_touch (self, g);
    }
  for (guint k = 0; k < step->buildings->len; k++)
    {
      guint i = undo ? step->buildings->len - 1 - k : k;
      GmEditMove *m = &g_array_index (step->buildings, GmEditMove, i);
      gm_grid_edit_move_building (self, m->index, undo ? m->before : m->after);
    }
  for (guint k = 0; k < step->hazards->len; k++)
    {
      guint i = undo ? step->hazards->len - 1 - k : k;
      GmEditMove *m = &g_array_index (step->hazards, GmEditMove, i);
      gm_grid_edit_move_hazard (self, m->index, undo ? m->before : m->after);
    }
  self->serial++;
  gm_grid_edit_find_rebuild (self);
}

gboolean
gm_grid_edit_can_undo (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  return !self->saved && self->undo->len > 0;
}

gboolean
gm_grid_edit_can_redo (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  return !self->saved && self->redo->len > 0;
}

const char *
gm_grid_edit_get_undo_label (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  if (!gm_grid_edit_can_undo (self))
    return NULL;
  return ((GmEditStep *) g_ptr_array_index (self->undo, self->undo->len - 1))->label;
}

const char *
gm_grid_edit_get_redo_label (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  if (!gm_grid_edit_can_redo (self))
    return NULL;
  return ((GmEditStep *) g_ptr_array_index (self->redo, self->redo->len - 1))->label;
}

gboolean
gm_grid_edit_undo (GmGridEdit *self)
{
  GmEditStep *step;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  if (!gm_grid_edit_can_undo (self))
    return FALSE;
  step = g_ptr_array_steal_index (self->undo, self->undo->len - 1);
  gm_grid_edit_apply_step (self, step, TRUE);
  g_ptr_array_add (self->redo, step);
  return TRUE;
}

gboolean
gm_grid_edit_redo (GmGridEdit *self)
{
  GmEditStep *step;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  if (!gm_grid_edit_can_redo (self))
    return FALSE;
  step = g_ptr_array_steal_index (self->redo, self->redo->len - 1);
  gm_grid_edit_apply_step (self, step, FALSE);
  g_ptr_array_add (self->undo, step);
  return TRUE;
}

guint
gm_grid_edit_get_serial (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  return self->serial;
}

/* ---- object --------------------------------------------------------------------- */

static void
gm_grid_edit_destroy_points (GmGridEdit *self,
                             GPtrArray  *points)
{
  if (points == NULL)
    return;
  for (guint i = 0; i < points->len; i++)
    GEOSGeom_destroy_r (self->ctx, g_ptr_array_index (points, i));
  g_ptr_array_unref (points);
}

static void
gm_grid_edit_finalize (GObject *object)
{
  GmGridEdit *self = GM_GRID_EDIT (object);

  gm_grid_edit_clear_steps (self, self->undo);
  gm_grid_edit_clear_steps (self, self->redo);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  for (guint i = 0; i < self->grids->len; i++)
    gm_edit_grid_free (self, g_ptr_array_index (self->grids, i));
  g_ptr_array_unref (self->grids);
  if (self->building_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->building_tree);
  if (self->hazard_tree != NULL)
    GEOSSTRtree_destroy_r (self->ctx, self->hazard_tree);
  gm_grid_edit_find_clear (self);
  gm_grid_edit_destroy_points (self, self->building_points);
  gm_grid_edit_destroy_points (self, self->hazard_points);
  gm_grid_edit_destroy_points (self, self->roads);
  if (self->community_prepared != NULL)
    GEOSPreparedGeom_destroy_r (self->ctx, self->community_prepared);
  if (self->community_outline != NULL)
    GEOSGeom_destroy_r (self->ctx, self->community_outline);
  if (self->community_band != NULL)
    GEOSGeom_destroy_r (self->ctx, self->community_band);
  if (self->community_corners != NULL)
    GEOSGeom_destroy_r (self->ctx, self->community_corners);
  if (self->community != NULL)
    GEOSGeom_destroy_r (self->ctx, self->community);
  for (guint i = 0; i < self->buildings->len; i++)
    g_free (g_array_index (self->buildings, GmEditBuilding, i).label);
  g_array_unref (self->buildings);
  g_array_unref (self->hazards);
  g_hash_table_unref (self->building_index);
  g_hash_table_unref (self->lonlat_of);
  g_free (self->community_code);
  g_free (self->community_name);
  g_free (self->last_geos_error);
  GEOS_finish_r (self->ctx);

  G_OBJECT_CLASS (gm_grid_edit_parent_class)->finalize (object);
}

static void
gm_grid_edit_class_init (GmGridEditClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gm_grid_edit_finalize;
}

/* GEOS reports errors through a handler; keep the last message for the
 * GError of the operation that failed. */
static void
gm_grid_edit_geos_error (const char *message,
                         void       *user_data)
{
  GmGridEdit *self = user_data;

  g_free (self->last_geos_error);
  self->last_geos_error = g_strdup (message);
}

static void
gm_grid_edit_init (GmGridEdit *self)
{
  self->ctx = GEOS_init_r ();
  GEOSContext_setErrorMessageHandler_r (self->ctx, gm_grid_edit_geos_error, self);
  self->grids = g_ptr_array_new ();
  self->buildings = g_array_new (FALSE, TRUE, sizeof (GmEditBuilding));
  self->hazards = g_array_new (FALSE, TRUE, sizeof (GmEditHazard));
  self->building_index = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->lonlat_of = g_hash_table_new_full (gm_xy_hash, gm_xy_equal, g_free, g_free);
  self->undo = g_ptr_array_new ();
  self->redo = g_ptr_array_new ();
  self->tolerance = 0.10;
}

/**
 * gm_grid_edit_new:
 * @store: the project
 * @community_code: the community whose grids to edit
 * @error: return location for a #GError
 *
 * Reads the community, its current grids, its buildings with their
 * households, residents and open hazards, and the roads around it.
 *
 * Returns: (transfer full): the session, or %NULL with @error set
 */
GmGridEdit *
gm_grid_edit_new (GmStore     *store,
                  const char  *community_code,
                  GError     **error)
{
  g_autoptr(GmGridEdit) self = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);
  g_return_val_if_fail (community_code != NULL, NULL);

  self = g_object_new (GM_TYPE_GRID_EDIT, NULL);
  if (!gm_grid_edit_load (self, store, community_code, error))
    return NULL;
  gm_grid_edit_find_rebuild (self);
  gm_grid_edit_assign_all (self);
  return g_steal_pointer (&self);
}

/* ---- accessors ------------------------------------------------------------------- */

const char *
gm_grid_edit_get_community_code (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  return self->community_code;
}

const char *
gm_grid_edit_get_community_name (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  return self->community_name;
}

void
gm_grid_edit_get_extent (GmGridEdit *self,
                         GmExtent   *out)
{
  g_return_if_fail (GM_IS_GRID_EDIT (self));
  *out = self->extent;
}

GBytes *
gm_grid_edit_dup_community_wkb (GmGridEdit *self)
{
  g_auto(GmGeos) lonlat = { NULL, NULL };

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  lonlat.ctx = self->ctx;
  lonlat.geom = gm_grid_edit_geom_to_lonlat (self, self->community);
  return lonlat.geom != NULL ? gm_grid_edit_wkb (self, lonlat.geom) : NULL;
}

guint
gm_grid_edit_get_n_grids (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  return self->grids->len;
}

gboolean
gm_grid_edit_grid_is_alive (GmGridEdit *self,
                            guint       grid)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);
  return grid < self->grids->len && gm_grid_edit_grid (self, grid)->geom != NULL;
}

gint64
gm_grid_edit_get_grid_id (GmGridEdit *self,
                          guint       grid)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  g_return_val_if_fail (grid < self->grids->len, 0);
  return gm_grid_edit_grid (self, grid)->id;
}

const char *
gm_grid_edit_get_grid_code (GmGridEdit *self,
                            guint       grid)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  g_return_val_if_fail (grid < self->grids->len, NULL);
  return gm_grid_edit_grid (self, grid)->code;
}

const char *
gm_grid_edit_get_grid_name (GmGridEdit *self,
                            guint       grid)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  g_return_val_if_fail (grid < self->grids->len, NULL);
  return gm_grid_edit_grid (self, grid)->name;
}

int
gm_grid_edit_get_grid_color (GmGridEdit *self,
                             guint       grid)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  g_return_val_if_fail (grid < self->grids->len, 0);
  return gm_grid_edit_grid (self, grid)->color;
}

GBytes *
gm_grid_edit_dup_grid_wkb (GmGridEdit *self,
                           guint       grid)
{
  GmEditGrid *g;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  g_return_val_if_fail (grid < self->grids->len, NULL);

  g = gm_grid_edit_grid (self, grid);
  if (g->geom == NULL)
    return NULL;
  if (g->wkb_lonlat == NULL)
    {
      g_auto(GmGeos) lonlat = { self->ctx, gm_grid_edit_geom_to_lonlat (self, g->geom) };

      if (lonlat.geom == NULL)
        return NULL;
      g->wkb_lonlat = gm_grid_edit_wkb (self, lonlat.geom);
    }
  return g->wkb_lonlat != NULL ? g_bytes_ref (g->wkb_lonlat) : NULL;
}

GBytes *
gm_grid_edit_dup_grid_wkb_m (GmGridEdit *self,
                             guint       grid)
{
  GmEditGrid *g;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), NULL);
  g_return_val_if_fail (grid < self->grids->len, NULL);

  g = gm_grid_edit_grid (self, grid);
  return g->geom != NULL ? gm_grid_edit_wkb (self, g->geom) : NULL;
}

double
gm_grid_edit_get_grid_area (GmGridEdit *self,
                            guint       grid)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  g_return_val_if_fail (grid < self->grids->len, 0);
  return gm_grid_edit_area (self, gm_grid_edit_grid (self, grid)->geom);
}

void
gm_grid_edit_get_totals (GmGridEdit   *self,
                         guint         grid,
                         GmGridTotals *out)
{
  g_return_if_fail (GM_IS_GRID_EDIT (self));
  g_return_if_fail (grid < self->grids->len);
  g_return_if_fail (out != NULL);
  *out = gm_grid_edit_grid (self, grid)->totals;
}

int
gm_grid_edit_get_building_grid (GmGridEdit *self,
                                gint64      building_id)
{
  guint index;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), -1);
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->building_index, &building_id));
  if (index == 0)
    return -1;
  return g_array_index (self->buildings, GmEditBuilding, index - 1).grid;
}

guint
gm_grid_edit_get_n_buildings (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  return self->buildings->len;
}

gboolean
gm_grid_edit_has_changes (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), FALSE);

  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      if (g->loaded == NULL ? g->geom != NULL
          : g->geom == NULL || GEOSEqualsExact_r (self->ctx, g->loaded, g->geom, 0) != 1)
        return TRUE;
    }
  return FALSE;
}

/* ---- workload ---------------------------------------------------------------------- */

void
gm_grid_edit_set_target (GmGridEdit *self,
                         double      households)
{
  g_return_if_fail (GM_IS_GRID_EDIT (self));
  self->target = MAX (households, 0);
}

double
gm_grid_edit_get_target (GmGridEdit *self)
{
  double total = 0;
  guint alive = 0;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);

  if (self->target > 0)
    return self->target;
  for (guint i = 0; i < self->grids->len; i++)
    {
      GmEditGrid *g = gm_grid_edit_grid (self, i);

      if (g->geom == NULL)
        continue;
      total += g->totals.households;
      alive++;
    }
  return alive > 0 ? total / alive : 0;
}

void
gm_grid_edit_set_tolerance (GmGridEdit *self,
                            double      fraction)
{
  g_return_if_fail (GM_IS_GRID_EDIT (self));
  self->tolerance = CLAMP (fraction, 0, 10);
}

double
gm_grid_edit_get_tolerance (GmGridEdit *self)
{
  g_return_val_if_fail (GM_IS_GRID_EDIT (self), 0);
  return self->tolerance;
}

GmWorkloadStatus
gm_grid_edit_get_workload_status (GmGridEdit *self,
                                  guint       grid)
{
  double target, households;

  g_return_val_if_fail (GM_IS_GRID_EDIT (self), GM_WORKLOAD_WITHIN);
  g_return_val_if_fail (grid < self->grids->len, GM_WORKLOAD_WITHIN);

  target = gm_grid_edit_get_target (self);
  households = gm_grid_edit_grid (self, grid)->totals.households;
  /* A little slack, so that exactly 10 % off counts as within 10 %. */
  if (households < target * (1 - self->tolerance) - 1e-9)
    return GM_WORKLOAD_UNDER;
  if (households > target * (1 + self->tolerance) + 1e-9)
    return GM_WORKLOAD_OVER;
  return GM_WORKLOAD_WITHIN;
}
