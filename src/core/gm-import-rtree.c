/* gm-import-rtree.c — a spatial index written in one pass.
 *
 * SQLite's R*Tree inserts one box at a time, descending the tree and
 * splitting nodes as it goes: some fifteen microseconds a box, which for a
 * million buildings is more than the rest of the import together. When an
 * import fills an empty index, the tree is instead packed bottom-up with
 * the Sort-Tile-Recursive method (Leutenegger, Lopez and Edgington, 1997):
 * the boxes sorted into vertical slices by x, each slice by y, cut into
 * full leaves; the leaves likewise into their parents, up to the root. The
 * nodes are written into the R*Tree's own tables in the format SQLite's
 * rtree module reads (documented at the top of its rtree.c): node 1 is
 * the root and begins with the tree's depth; a node holds a count and
 * cells of a 64-bit id and four 32-bit floats, big-endian; _parent and
 * _rowid tables point from nodes and rows to the nodes that hold them.
 * The result passes SQLite's rtreecheck() and SpatiaLite's
 * CheckSpatialIndex() (see the tests), and later inserts and deletes go
 * through the rtree module as usual.
 */
#include "gm-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-autocleanups.h"
#include "gm-import-rtree.h"

#define CELL_BYTES 24   /* id (8) and xmin, xmax, ymin, ymax as floats (4 each) */

/* What SQLite stores for a box: floats rounded outwards, so that the
 * stored box contains the real one (as the rtree module rounds). */
void
gm_rtree_entry_set (GmRtreeEntry *entry,
                    gint64        id,
                    double        min_x,
                    double        min_y,
                    double        max_x,
                    double        max_y)
{
  entry->id = id;
  entry->box[0] = (float) min_x;
  entry->box[1] = (float) max_x;
  entry->box[2] = (float) min_y;
  entry->box[3] = (float) max_y;
  if (entry->box[0] > min_x)
    entry->box[0] = nextafterf (entry->box[0], -INFINITY);
  if (entry->box[2] > min_y)
    entry->box[2] = nextafterf (entry->box[2], -INFINITY);
  if (entry->box[1] < max_x)
    entry->box[1] = nextafterf (entry->box[1], INFINITY);
  if (entry->box[3] < max_y)
    entry->box[3] = nextafterf (entry->box[3], INFINITY);
}

typedef struct
{
  GmStore      *store;
  sqlite3_stmt *node;      /* INSERT OR REPLACE INTO _node */
  sqlite3_stmt *parent;    /* INSERT INTO _parent */
  int           node_size;
  guint         fill;      /* cells per packed node */
  gint64        next_node;
  GArray       *leaf_of;   /* GmRowLeaf of every row */
} GmPacker;

typedef struct
{
  gint64 row;
  gint64 leaf;
} GmRowLeaf;

/* ---- sorting ------------------------------------------------------------------------ */

static int
gm_by_centre_x (const void *a,
                const void *b)
{
  const GmRtreeEntry *ea = a, *eb = b;
  float xa = ea->box[0] + ea->box[1], xb = eb->box[0] + eb->box[1];

  return (xa > xb) - (xa < xb);
}

static int
gm_by_centre_y (const void *a,
                const void *b)
{
  const GmRtreeEntry *ea = a, *eb = b;
  float ya = ea->box[2] + ea->box[3], yb = eb->box[2] + eb->box[3];

  return (ya > yb) - (ya < yb);
}

/* Sort-Tile-Recursive order: vertical slices of whole nodes, by x, and
 * each slice by y; consecutive runs of @fill then make compact nodes. */
static void
gm_str_sort (GmRtreeEntry *cells,
             guint         n,
             guint         fill)
{
  guint nodes = (n + fill - 1) / fill;
  guint slices = (guint) ceil (sqrt ((double) nodes));
  guint per_slice = slices * fill;

  qsort (cells, n, sizeof *cells, gm_by_centre_x);
  for (guint start = 0; start < n; start += per_slice)
    qsort (cells + start, MIN (per_slice, n - start), sizeof *cells, gm_by_centre_y);
}

/* ---- writing nodes ---------------------------------------------------------------------- */

static void
gm_put_be64 (guint8 *p,
             gint64  v)
{
  guint64 be = GUINT64_TO_BE ((guint64) v);

  memcpy (p, &be, 8);
}

static void
gm_put_be_float (guint8 *p,
                 float   f)
{
  guint32 bits;

  memcpy (&bits, &f, 4);
  bits = GUINT32_TO_BE (bits);
  memcpy (p, &bits, 4);
}

/* Writes node @nodeno holding @cells (and, for the root, the @depth). */
static gboolean
gm_packer_write_node (GmPacker           *packer,
                      gint64              nodeno,
                      const GmRtreeEntry *cells,
                      guint               n,
                      int                 depth,
                      GError            **error)
{
  g_autofree guint8 *blob = g_malloc0 (packer->node_size);

  if (nodeno == 1)
    {
      blob[0] = (guint8) (depth >> 8);
      blob[1] = (guint8) depth;
    }
  blob[2] = (guint8) (n >> 8);
  blob[3] = (guint8) n;
  for (guint i = 0; i < n; i++)
    {
      guint8 *cell = blob + 4 + CELL_BYTES * i;

      gm_put_be64 (cell, cells[i].id);
      for (int c = 0; c < 4; c++)
        gm_put_be_float (cell + 8 + 4 * c, cells[i].box[c]);
    }
  sqlite3_bind_int64 (packer->node, 1, nodeno);
  sqlite3_bind_blob (packer->node, 2, blob, packer->node_size, SQLITE_STATIC);
  if (sqlite3_step (packer->node) != SQLITE_DONE)
    {
      gm_store_set_error (packer->store, error, _("Writing the spatial index"));
      return FALSE;
    }
  sqlite3_reset (packer->node);
  return TRUE;
}

static gboolean
gm_packer_write_parents (GmPacker           *packer,
                         gint64              parent,
                         const GmRtreeEntry *children,
                         guint               n,
                         GError            **error)
{
  for (guint i = 0; i < n; i++)
    {
      sqlite3_bind_int64 (packer->parent, 1, children[i].id);
      sqlite3_bind_int64 (packer->parent, 2, parent);
      if (sqlite3_step (packer->parent) != SQLITE_DONE)
        {
          gm_store_set_error (packer->store, error, _("Writing the spatial index"));
          return FALSE;
        }
      sqlite3_reset (packer->parent);
    }
  return TRUE;
}

static void
gm_cells_bounds (const GmRtreeEntry *cells,
                 guint               n,
                 GmRtreeEntry       *out)
{
  out->box[0] = out->box[2] = INFINITY;
  out->box[1] = out->box[3] = -INFINITY;
  for (guint i = 0; i < n; i++)
    {
      out->box[0] = MIN (out->box[0], cells[i].box[0]);
      out->box[1] = MAX (out->box[1], cells[i].box[1]);
      out->box[2] = MIN (out->box[2], cells[i].box[2]);
      out->box[3] = MAX (out->box[3], cells[i].box[3]);
    }
}

/* Packs one level: @cells into nodes, written; returns the level above
 * (a cell per node), or NULL on error. The root is the one node of the
 * last level and is node 1. */
static GArray *
gm_packer_level (GmPacker  *packer,
                 GArray    *cells,
                 int        level,
                 GError   **error)
{
  GmRtreeEntry *c = (GmRtreeEntry *) (void *) cells->data;
  guint n = cells->len;
  gboolean root = n <= packer->fill;
  g_autoptr(GArray) above = g_array_new (FALSE, FALSE, sizeof (GmRtreeEntry));

  gm_str_sort (c, n, packer->fill);
  for (guint start = 0; start < n; start += packer->fill)
    {
      guint count = MIN (packer->fill, n - start);
      GmRtreeEntry node;

      node.id = root ? 1 : packer->next_node++;
      gm_cells_bounds (c + start, count, &node);
      if (!gm_packer_write_node (packer, node.id, c + start, count, level, error))
        return NULL;
      if (level > 0 && !gm_packer_write_parents (packer, node.id, c + start, count, error))
        return NULL;
      for (guint i = 0; level == 0 && i < count; i++)
        {
          GmRowLeaf row = { c[start + i].id, node.id };

          g_array_append_val (packer->leaf_of, row);
        }
      g_array_append_val (above, node);
    }
  return g_steal_pointer (&above);
}

/* ---- the rows' leaves ---------------------------------------------------------------------- */

static int
gm_row_leaf_compare (const void *a,
                     const void *b)
{
  const GmRowLeaf *ra = a, *rb = b;

  return (ra->row > rb->row) - (ra->row < rb->row);
}

/* _rowid, in row order: appended to its b-tree rather than inserted all
 * over it. */
static gboolean
gm_packer_write_rowids (GmPacker   *packer,
                        const char *rtree,
                        GError    **error)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO \"%s_rowid\" (rowid, nodeno) VALUES (?, ?)", rtree);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (packer->store, sql, error);
  GmRowLeaf *rows = (GmRowLeaf *) (void *) packer->leaf_of->data;

  if (stmt == NULL)
    return FALSE;
  qsort (rows, packer->leaf_of->len, sizeof *rows, gm_row_leaf_compare);
  for (guint i = 0; i < packer->leaf_of->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, rows[i].row);
      sqlite3_bind_int64 (stmt, 2, rows[i].leaf);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          gm_store_set_error (packer->store, error, _("Writing the spatial index"));
          return FALSE;
        }
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
gm_packer_init (GmPacker    *packer,
                GmStore     *store,
                const char  *rtree,
                GError     **error)
{
  g_autofree char *size_sql = g_strdup_printf ("SELECT length(data) FROM \"%s_node\" WHERE nodeno = 1", rtree);
  g_autofree char *node_sql = g_strdup_printf ("INSERT OR REPLACE INTO \"%s_node\" (nodeno, data) VALUES (?, ?)", rtree);
  g_autofree char *parent_sql = g_strdup_printf ("INSERT INTO \"%s_parent\" (nodeno, parentnode) VALUES (?, ?)", rtree);
  guint max_cells;

  packer->store = store;
  packer->node_size = (int) gm_store_query_int (store, size_sql, error);
  if (packer->node_size < 4 + 2 * CELL_BYTES)
    {
      if (packer->node_size >= 0)
        g_set_error (error, GM_STORE_ERROR, GM_STORE_ERROR_QUERY,
                     _("The spatial index “%s” of project “%s” is damaged"), rtree, gm_store_get_path (store));
      return FALSE;
    }
  /* Nodes a little short of full, so that later single inserts rarely
   * split them at once. */
  max_cells = (packer->node_size - 4) / CELL_BYTES;
  packer->fill = MAX (2, max_cells * 7 / 8);
  packer->next_node = 2;
  packer->node = gm_store_prepare (store, node_sql, error);
  packer->parent = packer->node != NULL ? gm_store_prepare (store, parent_sql, error) : NULL;
  packer->leaf_of = g_array_new (FALSE, FALSE, sizeof (GmRowLeaf));
  return packer->parent != NULL;
}

static void
gm_packer_clear (GmPacker *packer)
{
  g_clear_pointer (&packer->node, sqlite3_finalize);
  g_clear_pointer (&packer->parent, sqlite3_finalize);
  g_clear_pointer (&packer->leaf_of, g_array_unref);
}

/**
 * gm_rtree_bulk_load:
 * @store: the project, in a transaction
 * @rtree: an empty R*Tree of two dimensions ("idx_building_footprint")
 * @entries: (transfer none): #GmRtreeEntry of the rows; reordered
 * @error: return location for a #GError
 *
 * Fills the empty R*Tree @rtree with @entries in one packed pass.
 *
 * Returns: %TRUE on success
 */
gboolean
gm_rtree_bulk_load (GmStore     *store,
                    const char  *rtree,
                    GArray      *entries,
                    GError     **error)
{
  GmPacker packer = { 0 };
  g_autoptr(GArray) level = NULL;
  gboolean ok;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);

  if (entries->len == 0)
    return TRUE;
  ok = gm_packer_init (&packer, store, rtree, error);
  if (ok)
    level = gm_packer_level (&packer, entries, 0, error);
  for (int depth = 1; level != NULL && level->len > 1; depth++)
    {
      GArray *above = gm_packer_level (&packer, level, depth, error);

      g_array_unref (level);
      level = above;
    }
  ok = ok && level != NULL && gm_packer_write_rowids (&packer, rtree, error);
  gm_packer_clear (&packer);
  return ok;
}
