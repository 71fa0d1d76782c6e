/* gm-import-pipe.c — features read, prepared and written at once.
 *
 * One thread reads features with GDAL; worker threads prepare them (decode
 * the text; GEOS, PROJ and the geometry's blob), each with its own GEOS
 * context, coordinate transformation and decoder; the calling thread
 * writes them with SQLite, in the order they were read, so that rows and
 * the report follow the file. Features travel in numbered batches; a fixed
 * number of batch credits bounds the memory in flight, so a file of a
 * million features streams through. When the import stops (an error, a
 * cancel), the reader stops reading and what is in flight is drained.
 */
#include "gm-config.h"

#include <stdlib.h>

#include "gm-import-job.h"

#define GM_PIPE_BATCH 256

typedef struct
{
  guint64    seq;
  GPtrArray *items;    /* OGRFeatureH as read; GmFeatureItem once prepared */
} GmBatch;

typedef struct
{
  GmImportJob  *job;
  OGRLayerH     layer;
  GAsyncQueue  *raw;        /* GmBatch to prepare; seq G_MAXUINT64 ends a worker */
  GAsyncQueue  *credits;
  GMutex        lock;
  GCond         ready;
  GHashTable   *done;       /* seq → prepared GmBatch */
  guint64       batches;    /* how many the reader made; G_MAXUINT64 while reading */
  gint          stop;
} GmPipe;

static void
gm_batch_free (GmBatch *batch)
{
  g_ptr_array_unref (batch->items);
  g_free (batch);
}

/* ---- a worker's own tools ---------------------------------------------------------------- */

GmReader *
gm_reader_new (GmImportJob *job)
{
  GmReader *r = g_new0 (GmReader, 1);

  r->job = job;
  r->geos = GEOS_init_r ();
  r->to_wgs84 = job->to_wgs84 != NULL ? OCTClone (job->to_wgs84) : NULL;
  r->decoder = gm_decoder_new (job->decode_from);
  return r;
}

void
gm_reader_free (GmReader *r)
{
  if (r == NULL)
    return;
  GEOS_finish_r (r->geos);
  g_clear_pointer (&r->to_wgs84, OCTDestroyCoordinateTransformation);
  gm_decoder_free (r->decoder);
  g_free (r);
}

/* ---- the threads ---------------------------------------------------------------------- */

static gpointer
gm_pipe_read (gpointer data)
{
  GmPipe *pipe = data;
  GmBatch *batch = NULL;
  guint64 seq = 0;
  OGRFeatureH feature;
  GmGdalTrap trap;

  /* GDAL's messages about features are ours to report, not stderr's. */
  gm_gdal_trap_push (&trap);
  OGR_L_ResetReading (pipe->layer);
  while (!g_atomic_int_get (&pipe->stop) && (feature = OGR_L_GetNextFeature (pipe->layer)) != NULL)
    {
      if (batch == NULL)
        {
          g_async_queue_pop (pipe->credits);
          batch = g_new0 (GmBatch, 1);
          batch->seq = seq++;
          batch->items = g_ptr_array_sized_new (GM_PIPE_BATCH);
        }
      g_ptr_array_add (batch->items, feature);
      if (batch->items->len == GM_PIPE_BATCH)
        g_async_queue_push (pipe->raw, g_steal_pointer (&batch));
    }
  gm_gdal_trap_pop (&trap);
  if (batch != NULL)
    g_async_queue_push (pipe->raw, batch);

  g_mutex_lock (&pipe->lock);
  pipe->batches = seq;
  g_cond_broadcast (&pipe->ready);
  g_mutex_unlock (&pipe->lock);
  return NULL;
}

static gpointer
gm_pipe_work (gpointer data)
{
  GmPipe *pipe = data;
  GmReader *reader = gm_reader_new (pipe->job);
  GmGdalTrap trap;
  GmBatch *batch;

  gm_gdal_trap_push (&trap);
  while ((batch = g_async_queue_pop (pipe->raw))->seq != G_MAXUINT64)
    {
      GPtrArray *items = g_ptr_array_new_full (batch->items->len, (GDestroyNotify) gm_feature_item_free);

      for (guint i = 0; i < batch->items->len; i++)
        g_ptr_array_add (items, gm_import_job_read_feature (reader, g_ptr_array_index (batch->items, i)));
      g_ptr_array_unref (batch->items);
      batch->items = items;
      g_mutex_lock (&pipe->lock);
      g_hash_table_insert (pipe->done, &batch->seq, batch);
      g_cond_broadcast (&pipe->ready);
      g_mutex_unlock (&pipe->lock);
    }
  g_free (batch);
  gm_gdal_trap_pop (&trap);
  gm_reader_free (reader);
  return NULL;
}

/* The prepared batch @seq, waiting for it; NULL when there are no more. */
static GmBatch *
gm_pipe_next (GmPipe  *pipe,
              guint64  seq)
{
  GmBatch *batch = NULL;

  g_mutex_lock (&pipe->lock);
  while (seq < pipe->batches && (batch = g_hash_table_lookup (pipe->done, &seq)) == NULL)
    g_cond_wait (&pipe->ready, &pipe->lock);
  if (batch != NULL)
    g_hash_table_remove (pipe->done, &seq);
  g_mutex_unlock (&pipe->lock);
  return batch;
}

/* ---- the writer --------------------------------------------------------------------- */

static gboolean
gm_import_job_write_item (GmImportJob    *job,
                          GmFeatureItem  *item,
                          GError        **error)
{
  if (item->header)
    return TRUE;
  job->report->read++;
  if (item->wrong_geometry && job->wrong_geometry++ == 0 && item->issues != NULL && item->issues->len > 0)
    {
      GmImportIssue *last = g_ptr_array_index (item->issues, item->issues->len - 1);

      job->first_wrong = item->fid;
      job->first_wrong_why = g_strdup (last->reason);
    }
  for (guint i = 0; item->issues != NULL && i < item->issues->len; i++)
    gm_import_job_take_issue (job, g_ptr_array_steal_index (item->issues, i--));
  if (item->skipped || (item->geom == NULL && !job->writer->geometry_optional))
    return TRUE;
  job->values = item->values;
  if (item->geom != NULL)
    gm_import_job_place_note (job, item->fid, item->geom);
  return job->writer->write (job, item->fid, item->geom, error);
}

static guint
gm_pipe_workers (void)
{
  const char *env = g_getenv ("GRIDMAP_IMPORT_THREADS");

  if (env != NULL && atoi (env) > 0)
    return (guint) atoi (env);
  /* The reading and the writing thread take a core between them. */
  return CLAMP (g_get_num_processors () - 1, 1, 4);
}

/* Writes every batch in order; once @ok is FALSE the rest are drained. */
static gboolean
gm_pipe_write_all (GmPipe          *pipe,
                   GmProgressFunc   progress,
                   gpointer         progress_data,
                   GCancellable    *cancellable,
                   GError         **error)
{
  GmImportJob *job = pipe->job;
  /* Only a count the driver knows cheaply: forcing it would read a large
   * CSV or GeoJSON twice. */
  gint64 total = OGR_L_GetFeatureCount (pipe->layer, FALSE);
  gboolean ok = TRUE;
  GmBatch *batch;

  for (guint64 seq = 0; (batch = gm_pipe_next (pipe, seq)) != NULL; seq++)
    {
      for (guint i = 0; ok && i < batch->items->len; i++)
        ok = gm_import_job_write_item (job, g_ptr_array_index (batch->items, i), error);
      ok = ok && !g_cancellable_set_error_if_cancelled (cancellable, error);
      if (!ok)
        g_atomic_int_set (&pipe->stop, 1);
      gm_batch_free (batch);
      /* Return the credit even when stopping, so the reader never waits. */
      g_async_queue_push (pipe->credits, GINT_TO_POINTER (1));
      if (ok && progress != NULL && total > 0)
        progress ((double) job->report->read / total, NULL, progress_data);
    }
  return ok;
}

/**
 * gm_import_job_read_all:
 * @job: an import with its writer and transaction started
 * @layer: the layer to read
 *
 * Reads, prepares and writes every feature of @layer.
 *
 * Returns: %FALSE with @error set when the import must stop
 */
gboolean
gm_import_job_read_all (GmImportJob    *job,
                        OGRLayerH       layer,
                        GmProgressFunc  progress,
                        gpointer        progress_data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  guint n_workers = gm_pipe_workers ();
  GmPipe pipe = { job, layer, g_async_queue_new (), g_async_queue_new () };
  g_autoptr(GPtrArray) workers = g_ptr_array_new ();
  GmBatch end = { G_MAXUINT64, NULL };
  GThread *reader;
  gboolean ok;

  g_mutex_init (&pipe.lock);
  g_cond_init (&pipe.ready);
  pipe.done = g_hash_table_new (g_int64_hash, g_int64_equal);
  pipe.batches = G_MAXUINT64;
  for (guint i = 0; i < 4 + 2 * n_workers; i++)
    g_async_queue_push (pipe.credits, GINT_TO_POINTER (1));
  reader = g_thread_new ("gm-import-read", gm_pipe_read, &pipe);
  for (guint i = 0; i < n_workers; i++)
    g_ptr_array_add (workers, g_thread_new ("gm-import-prepare", gm_pipe_work, &pipe));

  ok = gm_pipe_write_all (&pipe, progress, progress_data, cancellable, error);

  g_thread_join (reader);
  for (guint i = 0; i < n_workers; i++)
    g_async_queue_push (pipe.raw, g_memdup2 (&end, sizeof end));
  for (guint i = 0; i < n_workers; i++)
    g_thread_join (g_ptr_array_index (workers, i));
  job->values = NULL;
  g_hash_table_unref (pipe.done);
  g_async_queue_unref (pipe.raw);
  g_async_queue_unref (pipe.credits);
  g_mutex_clear (&pipe.lock);
  g_cond_clear (&pipe.ready);
  return ok;
}
