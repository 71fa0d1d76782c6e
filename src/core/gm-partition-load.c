/* gm-partition-load.c — what a partition reads from the project: the
 * community, its buildings with their workload and current grid, and the
 * streets and paths around it, in metres.
 */
#include "gm-config.h"

#include <stdarg.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-geo.h"
#include "gm-partition-private.h"
#include "gm-store-private.h"

/* Ways a grid boundary cannot follow: they are not there (yet). */
static const char * const not_roads[] = {
  "proposed", "construction", "abandoned", "disused", "razed", "platform", NULL,
};
/* Ways people walk but that do not part blocks the way a street does. */
static const char * const paths[] = {
  "footway", "path", "cycleway", "steps", "bridleway", "corridor", "track", NULL,
};

static void
gm_current_grid_clear (gpointer data)
{
  GmCurrentGrid *grid = data;

  g_free (grid->code);
  g_free (grid->name);
  g_free (grid->worker_name);
  g_free (grid->worker_phone);
}

static void
gm_buildings_clear (GmBuildings *b)
{
  g_free (b->id);
  g_free (b->x);
  g_free (b->y);
  g_free (b->households);
  g_free (b->hazards);
  g_free (b->keys);
  g_free (b->workload);
  g_free (b->current);
  g_free (b->unit);
  g_free (b->block);
}

void
gm_partition_graph_free (GmPartitionGraph *graph)
{
  if (graph == NULL)
    return;
  if (graph->cells != NULL)
    gm_division_free_geometries (graph->division, graph->cells, graph->division->n);
  if (graph->street_lines != NULL)
    GEOSGeom_destroy_r (graph->division->geos, graph->street_lines);
  g_clear_pointer (&graph->streets, gm_line_index_free);
  g_clear_pointer (&graph->paths, gm_line_index_free);
  gm_buildings_clear (&graph->buildings);
  for (guint k = 0; graph->block_polygons != NULL && k < graph->block_polygons->len; k++)
    GEOSGeom_destroy_r (graph->division->geos, g_ptr_array_index (graph->block_polygons, k));
  g_clear_pointer (&graph->block_polygons, g_ptr_array_unref);
  g_clear_pointer (&graph->division, gm_division_free);
  g_free (graph->workload);
  g_free (graph->households);
  g_free (graph->current);
  g_free (graph->member_start);
  g_free (graph->members);
  g_free (graph->block);
  g_free (graph->cut);
  g_clear_pointer (&graph->current_grids, g_array_unref);
  g_clear_pointer (&graph->links, g_array_unref);
  g_free (graph->xadj);
  g_free (graph->adj);
  g_free (graph->adj_link);
  g_clear_pointer (&graph->warnings, g_ptr_array_unref);
  g_free (graph);
}

void
gm_partition_graph_warn (GmPartitionGraph *graph,
                         const char       *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (graph->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ---- buildings ------------------------------------------------------------------------ */

typedef struct
{
  GArray *ids, *xs, *ys, *households, *hazards, *keys, *grids;
} GmBuildingRows;

static int
gm_current_index (GmPartitionGraph *g,
                  GHashTable       *index_of,
                  gint64            grid_id)
{
  gpointer found;
  GmCurrentGrid grid = { grid_id, NULL, NULL, NULL, NULL };

  if (grid_id <= 0)
    return -1;
  if (g_hash_table_lookup_extended (index_of, &grid_id, NULL, &found))
    return GPOINTER_TO_INT (found);
  g_array_append_val (g->current_grids, grid);
  g_hash_table_insert (index_of, g_memdup2 (&grid_id, sizeof grid_id),
                       GINT_TO_POINTER (g->current_grids->len - 1));
  return (int) g->current_grids->len - 1;
}

static gboolean
gm_partition_read_buildings (GmPartitionGraph  *g,
                             GmStore           *store,
                             GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) index_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) current = g_array_new (FALSE, FALSE, sizeof (int));
  GEOSContextHandle_t ctx = g->division->geos;
  GmBuildings *b = &g->buildings;
  const GEOSPreparedGeometry *community;
  int rc;

  /* Hazards and key persons are only counted when they weigh something:
   * on a city of residents that is most of the reading time. */
  stmt = gm_store_prepare (store,
                           "SELECT b.id, X(b.anchor), Y(b.anchor), max(b.households, 0),"
                           "  (SELECT g.id FROM grid g WHERE g.id = b.grid_id AND g.valid_to IS NULL),"
                           "  CASE WHEN ?2 THEN (SELECT count(*) FROM hazard h WHERE h.building_id = b.id"
                           "    AND h.status IN ('discovered', 'notified')) ELSE 0 END,"
                           "  CASE WHEN ?3 THEN (SELECT count(*) FROM resident r WHERE r.building_id = b.id"
                           "    AND r.moved_out IS NULL AND instr(',' || r.tags || ',', ',key_person,') > 0)"
                           "    ELSE 0 END"
                           " FROM building b, community c"
                           " WHERE c.id = ?1 AND b.id IN (SELECT pkid FROM idx_building_footprint"
                           "   WHERE xmin <= MbrMaxX(c.boundary) AND xmax >= MbrMinX(c.boundary)"
                           "     AND ymin <= MbrMaxY(c.boundary) AND ymax >= MbrMinY(c.boundary))"
                           " ORDER BY b.id", error);
  if (stmt == NULL)
    return FALSE;
  /* Inside or not is asked of GEOS here, in degrees as ST_Intersects would,
   * rather than of SpatiaLite in the query, which would read the
   * community's boundary once per building. An anchor on the boundary
   * counts: the grids will cover it. */
  community = GEOSPrepare_r (ctx, g->division->boundary_lonlat);
  sqlite3_bind_int64 (stmt, 1, g->division->community_id);
  sqlite3_bind_int (stmt, 2, g->options->hazard_weight != 0.0);
  sqlite3_bind_int (stmt, 3, g->options->key_weight != 0.0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      double x = sqlite3_column_double (stmt, 1), y = sqlite3_column_double (stmt, 2);
      guint c[3] = { sqlite3_column_int (stmt, 3), sqlite3_column_int (stmt, 5), sqlite3_column_int (stmt, 6) };
      g_auto(GmGeos) anchor = { ctx, NULL };
      int grid;

      anchor.geom = GEOSGeom_createPointFromXY_r (ctx, x, y);
      if (GEOSPreparedIntersects_r (ctx, community, anchor.geom) != 1)
        continue;
      gm_local_projection_points (g->division->projection, &x, &y, 1, FALSE);
      grid = gm_current_index (g, index_of, sqlite3_column_int64 (stmt, 4));

      g_array_append_val (ids, id);
      g_array_append_val (xs, x);
      g_array_append_val (ys, y);
      g_array_append_vals (counts, c, 3);
      g_array_append_val (current, grid);
    }
  GEOSPreparedGeom_destroy_r (ctx, community);
  if (rc != SQLITE_DONE)
    {
      gm_store_set_error (store, error, _("Reading the buildings"));
      return FALSE;
    }

  b->n = ids->len;
  b->id = (gint64 *) g_array_free (g_steal_pointer (&ids), FALSE);
  b->x = (double *) g_array_free (g_steal_pointer (&xs), FALSE);
  b->y = (double *) g_array_free (g_steal_pointer (&ys), FALSE);
  b->current = (int *) g_array_free (g_steal_pointer (&current), FALSE);
  b->households = g_new (guint, MAX (b->n, 1));
  b->hazards = g_new (guint, MAX (b->n, 1));
  b->keys = g_new (guint, MAX (b->n, 1));
  for (guint i = 0; i < b->n; i++)
    {
      b->households[i] = g_array_index (counts, guint, 3 * i);
      b->hazards[i] = g_array_index (counts, guint, 3 * i + 1);
      b->keys[i] = g_array_index (counts, guint, 3 * i + 2);
    }
  /* Voronoi diagrams merge sites on the same spot. */
  gm_division_separate_points (b->x, b->y, b->n);
  return TRUE;
}

static void
gm_partition_set_workload (GmPartitionGraph *g)
{
  GmBuildings *b = &g->buildings;

  b->workload = g_new (double, MAX (b->n, 1));
  b->unit = g_new0 (guint, MAX (b->n, 1));
  for (guint i = 0; i < b->n; i++)
    b->workload[i] = b->households[i] + g->options->hazard_weight * b->hazards[i]
                     + g->options->key_weight * b->keys[i];
}

static gboolean
gm_partition_read_current_grids (GmPartitionGraph  *g,
                                 GmStore           *store,
                                 GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store,
                                                   "SELECT code, name, worker_name, worker_phone"
                                                   " FROM grid WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  for (guint k = 0; k < g->current_grids->len; k++)
    {
      GmCurrentGrid *grid = &g_array_index (g->current_grids, GmCurrentGrid, k);

      sqlite3_bind_int64 (stmt, 1, grid->id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          grid->code = gm_column_dup (stmt, 0);
          grid->name = gm_column_dup (stmt, 1);
          grid->worker_name = gm_column_dup (stmt, 2);
          grid->worker_phone = gm_column_dup (stmt, 3);
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* ---- streets and paths ------------------------------------------------------------------ */

static gboolean
gm_kind_in (const char         *kind,
            const char * const *list)
{
  return kind != NULL && g_strv_contains (list, kind);
}

/* A collection of clones of @geoms. */
static GEOSGeometry *
gm_partition_collect (GEOSContextHandle_t  ctx,
                      GPtrArray           *geoms)
{
  g_autofree GEOSGeometry **clones = g_new (GEOSGeometry *, MAX (geoms->len, 1));

  for (guint k = 0; k < geoms->len; k++)
    clones[k] = GEOSGeom_clone_r (ctx, g_ptr_array_index (geoms, k));
  return GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, clones, geoms->len);
}

static gboolean
gm_partition_read_roads (GmPartitionGraph  *g,
                         GmStore           *store,
                         GError           **error)
{
  GEOSContextHandle_t ctx = g->division->geos;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) street_lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) path_lines = g_ptr_array_new ();
  gboolean ok;
  int rc;

  /* A margin of about 100 m: a street along the boundary still counts. */
  stmt = gm_store_prepare (store,
                           "SELECT r.geom, r.kind FROM road r, community c"
                           " WHERE c.id = ?1 AND r.id IN (SELECT pkid FROM idx_road_geom"
                           "   WHERE xmin <= MbrMaxX(c.boundary) + 0.001 AND xmax >= MbrMinX(c.boundary) - 0.001"
                           "     AND ymin <= MbrMaxY(c.boundary) + 0.001 AND ymax >= MbrMinY(c.boundary) - 0.001)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g->division->community_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 1);
      g_auto(GmGeos) lonlat = { ctx, NULL };
      g_auto(GmGeos) metres = { ctx, NULL };

      if (gm_kind_in (kind, not_roads) || (lonlat.geom = gm_geos_from_column (stmt, 0, ctx)) == NULL)
        continue;
      metres.geom = gm_local_projection_geos (g->division->projection, ctx, lonlat.geom, FALSE);
      if (metres.geom != NULL)
        g_ptr_array_add (gm_kind_in (kind, paths) ? path_lines : street_lines, g_steal_pointer (&metres.geom));
    }
  ok = rc == SQLITE_DONE;
  if (!ok)
    gm_store_set_error (store, error, _("Reading the roads"));
  if (street_lines->len > 0)
    g->street_lines = gm_partition_collect (ctx, street_lines);
  /* The indexes take the lines (and free them when there are none). */
  g->streets = gm_line_index_new (ctx, street_lines);
  g->paths = gm_line_index_new (ctx, path_lines);
  for (guint k = 0; k < street_lines->len; k++)
    GEOSGeom_destroy_r (ctx, g_ptr_array_index (street_lines, k));
  for (guint k = 0; k < path_lines->len; k++)
    GEOSGeom_destroy_r (ctx, g_ptr_array_index (path_lines, k));
  return ok;
}

/**
 * gm_partition_graph_load:
 * @store: the project
 * @options: what to divide and how to weigh it
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the community's buildings (without units and
 *   links yet), or %NULL with @error set
 */
GmPartitionGraph *
gm_partition_graph_load (GmStore                   *store,
                         const GmPartitionOptions  *options,
                         GError                   **error)
{
  g_autoptr(GmPartitionGraph) g = g_new0 (GmPartitionGraph, 1);

  g->options = options;
  g->warnings = g_ptr_array_new_with_free_func (g_free);
  g->current_grids = g_array_new (FALSE, FALSE, sizeof (GmCurrentGrid));
  g_array_set_clear_func (g->current_grids, gm_current_grid_clear);
  g->division = gm_division_new (store, options->community_code, error);
  if (g->division == NULL
      || !gm_partition_read_buildings (g, store, error)
      || !gm_partition_read_current_grids (g, store, error)
      || !gm_partition_read_roads (g, store, error))
    return NULL;
  gm_partition_set_workload (g);
  return g_steal_pointer (&g);
}

/* "“Turmstraße 5”", or where it stands when it has no address, name or
 * code: "the building at 13.35263, 52.51912". */
char *
gm_partition_graph_dup_label (GmPartitionGraph *graph,
                              GmStore          *store,
                              guint             building)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *text = NULL;

  stmt = gm_store_prepare (store,
                           "SELECT coalesce(nullif(address, ''), nullif(name, ''), nullif(code, '')),"
                           " X(anchor), Y(anchor) FROM building WHERE id = ?", NULL);
  if (stmt == NULL)
    return g_strdup ("?");
  sqlite3_bind_int64 (stmt, 1, graph->buildings.id[building]);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("?");
  text = (const char *) sqlite3_column_text (stmt, 0);
  if (text != NULL)
    return g_strdup_printf ("“%s”", text);
  /* Translators: a building with no address, name or code, by its longitude and latitude */
  return g_strdup_printf (_("the building at %.5f, %.5f"),
                          sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 2));
}
