/* gm-line-index.c — runs of lines in a GEOS STRtree. */
#include "gm-config.h"

#include <string.h>

#include "gm-autocleanups.h"
#include "gm-line-index.h"

/* Vertices per run: short runs have tight boxes, so a query meets few. */
#define RUN 9

struct _GmLineIndex
{
  GEOSContextHandle_t  ctx;
  GEOSSTRtree         *tree;
  GPtrArray           *runs;    /* of GmRun, owned */
};

typedef struct
{
  GEOSGeometry *geom;
  guint         n;
  double        xy[];           /* n vertices */
} GmRun;

typedef struct
{
  GmLineIndex        *index;
  const GEOSGeometry *query;
  const double       *segment;   /* x0, y0, x1, y1 when asking for a crossing */
  double              distance;
  gboolean            found;
} GmLineQuery;

static void
gm_line_index_add (GmLineIndex        *index,
                   const GEOSGeometry *line)
{
  const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r (index->ctx, line);
  unsigned int n = 0;
  g_autofree double *xy = NULL;

  if (seq == NULL || !GEOSCoordSeq_getSize_r (index->ctx, seq, &n) || n < 2)
    return;
  xy = g_new (double, 2 * n);
  GEOSCoordSeq_copyToBuffer_r (index->ctx, seq, xy, FALSE, FALSE);
  /* Runs share their end vertex, so no segment is lost. */
  for (unsigned int start = 0; start + 1 < n; start += RUN - 1)
    {
      unsigned int count = MIN (RUN, n - start);
      GmRun *run = g_malloc (sizeof (GmRun) + 2 * count * sizeof (double));

      run->n = count;
      memcpy (run->xy, xy + 2 * start, 2 * count * sizeof (double));
      run->geom = GEOSGeom_createLineString_r (index->ctx,
                                               GEOSCoordSeq_copyFromBuffer_r (index->ctx, run->xy, count,
                                                                              FALSE, FALSE));
      g_ptr_array_add (index->runs, run);
      GEOSSTRtree_insert_r (index->ctx, index->tree, run->geom, run);
    }
}

GmLineIndex *
gm_line_index_new (GEOSContextHandle_t  ctx,
                   GPtrArray           *lines)
{
  GmLineIndex *index;

  if (lines == NULL || lines->len == 0)
    return NULL;
  index = g_new0 (GmLineIndex, 1);
  index->ctx = ctx;
  index->tree = GEOSSTRtree_create_r (ctx, 10);
  index->runs = g_ptr_array_new ();
  for (guint k = 0; k < lines->len; k++)
    {
      const GEOSGeometry *geom = g_ptr_array_index (lines, k);

      for (int p = 0; p < GEOSGetNumGeometries_r (ctx, geom); p++)
        if (GEOSGeomTypeId_r (ctx, GEOSGetGeometryN_r (ctx, geom, p)) == GEOS_LINESTRING)
          gm_line_index_add (index, GEOSGetGeometryN_r (ctx, geom, p));
      GEOSGeom_destroy_r (ctx, g_ptr_array_index (lines, k));
    }
  g_ptr_array_set_size (lines, 0);
  return index;
}

void
gm_line_index_free (GmLineIndex *index)
{
  if (index == NULL)
    return;
  GEOSSTRtree_destroy_r (index->ctx, index->tree);
  for (guint k = 0; k < index->runs->len; k++)
    {
      GmRun *run = g_ptr_array_index (index->runs, k);

      GEOSGeom_destroy_r (index->ctx, run->geom);
      g_free (run);
    }
  g_ptr_array_unref (index->runs);
  g_free (index);
}

static void
gm_line_index_test (void *item,
                    void *user_data)
{
  GmLineQuery *q = user_data;
  const GmRun *run = item;
  const double *s = q->segment;
  double d = 0.0, cx, cy;

  if (q->found)
    return;
  if (s == NULL)
    {
      q->found = GEOSDistance_r (q->index->ctx, run->geom, q->query, &d) == 1 && d <= q->distance;
      return;
    }
  for (guint k = 0; k + 1 < run->n && !q->found; k++)
    q->found = GEOSSegmentIntersection_r (q->index->ctx, s[0], s[1], s[2], s[3], run->xy[2 * k], run->xy[2 * k + 1],
                                          run->xy[2 * k + 2], run->xy[2 * k + 3], &cx, &cy) == 1;
}

gboolean
gm_line_index_crosses (GmLineIndex *index,
                       double       x0,
                       double       y0,
                       double       x1,
                       double       y1)
{
  double xy[4] = { x0, y0, x1, y1 };
  g_auto(GmGeos) segment = { NULL, NULL };
  GmLineQuery q = { index, NULL, xy, 0.0, FALSE };

  if (index == NULL)
    return FALSE;
  segment.ctx = index->ctx;
  segment.geom = GEOSGeom_createLineString_r (index->ctx, GEOSCoordSeq_copyFromBuffer_r (index->ctx, xy, 2, FALSE, FALSE));
  q.query = segment.geom;
  GEOSSTRtree_query_r (index->ctx, index->tree, segment.geom, gm_line_index_test, &q);
  return q.found;
}

gboolean
gm_line_index_near (GmLineIndex *index,
                    double       x,
                    double       y,
                    double       distance)
{
  g_auto(GmGeos) point = { NULL, NULL };
  g_auto(GmGeos) box = { NULL, NULL };
  GmLineQuery q = { index, NULL, NULL, distance, FALSE };

  if (index == NULL)
    return FALSE;
  point.ctx = box.ctx = index->ctx;
  point.geom = GEOSGeom_createPointFromXY_r (index->ctx, x, y);
  box.geom = GEOSGeom_createRectangle_r (index->ctx, x - distance, y - distance, x + distance, y + distance);
  q.query = point.geom;
  GEOSSTRtree_query_r (index->ctx, index->tree, box.geom, gm_line_index_test, &q);
  return q.found;
}
