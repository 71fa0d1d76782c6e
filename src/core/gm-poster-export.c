/* gm-poster-export.c — poster files: PDF (all pages in one file), SVG and
 * PNG (a file per page), checked for size before they are made.
 *
 * Each file is written under a temporary name beside its target and renamed
 * into place when complete, so a failed or cancelled export leaves nothing
 * half-written and an older file whole.
 */
#include "gm-config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gm-poster-private.h"

/* cairo's image surfaces stop at 32,767 pixels a side; past 200
 * megapixels (800 MB while drawing) a PNG is refused, past 60 it is
 * warned about. */
#define GM_PNG_MAX_SIDE 32767
#define GM_PNG_MAX_MEGAPIXELS 200.0
#define GM_PNG_WARN_MEGAPIXELS 60.0
#define GM_VECTOR_WARN_BYTES (100 * 1024 * 1024)

/* ---- file names ------------------------------------------------------------ */

GStrv
gm_poster_dup_file_names (GmPoster       *self,
                          const char     *path,
                          GmPosterFormat  format)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  guint n = gm_poster_get_n_pages (self);
  const char *dot;
  g_autofree char *stem = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (format == GM_POSTER_PDF || n == 1)
    {
      g_strv_builder_add (names, path);
      return g_strv_builder_end (names);
    }
  dot = strrchr (path, '.');
  stem = dot != NULL && strchr (dot, '/') == NULL ? g_strndup (path, dot - path) : g_strdup (path);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf (n < 100 ? "%s-%02u%s" : "%s-%03u%s", stem, i + 1,
                                               dot != NULL ? dot : "");

      g_strv_builder_add (names, name);
    }
  return g_strv_builder_end (names);
}

/* ---- size checks -------------------------------------------------------------- */

static gboolean
gm_poster_check_png (GmPoster       *self,
                     double          dpi,
                     GmPosterCheck  *out,
                     GError        **error)
{
  double w_pt, h_pt, w_in, h_in, megapixels, best;

  gm_poster_get_page_size (self, &w_pt, &h_pt);
  w_in = w_pt / 72.0;
  h_in = h_pt / 72.0;
  out->width_px = (int) MIN (ceil (w_in * dpi), G_MAXINT);
  out->height_px = (int) MIN (ceil (h_in * dpi), G_MAXINT);
  megapixels = w_in * dpi * h_in * dpi / 1e6;
  out->estimated_bytes = (guint64) (megapixels * 1e6 * 0.5) * out->pages;
  if (w_in * dpi <= GM_PNG_MAX_SIDE && h_in * dpi <= GM_PNG_MAX_SIDE && megapixels <= GM_PNG_MAX_MEGAPIXELS)
    {
      if (megapixels > GM_PNG_WARN_MEGAPIXELS)
        out->warning = g_strdup_printf (_("Each PNG page is %d × %d pixels (%.0f megapixels) and needs about "
                                          "%.0f MB of memory while it is drawn"),
                                        out->width_px, out->height_px, megapixels, megapixels * 4);
      return TRUE;
    }
  best = floor (MIN (MIN (GM_PNG_MAX_SIDE / w_in, GM_PNG_MAX_SIDE / h_in),
                     sqrt (GM_PNG_MAX_MEGAPIXELS * 1e6 / (w_in * h_in))));
  g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_TOO_LARGE,
               _("A PNG of this page at %.0f dpi would be %.0f × %.0f pixels (%.0f megapixels), more than can be "
                 "made (at most %d pixels a side and %.0f megapixels): choose %.0f dpi or less, or PDF"),
               dpi, w_in * dpi, h_in * dpi, megapixels, GM_PNG_MAX_SIDE, GM_PNG_MAX_MEGAPIXELS, best);
  return FALSE;
}

/* A vector page holds every building and street in its frame: about 150
 * bytes each, compressed; and the fonts, once. */
static guint64
gm_poster_estimate_vector (GmPoster *self)
{
  guint64 bytes = 400 * 1024;

  for (guint i = 0; i < gm_poster_get_n_pages (self); i++)
    bytes += 60 * 1024 + gm_poster_get_page_features (self, i) * 150;
  return bytes;
}

gboolean
gm_poster_check (GmPoster       *self,
                 GmPosterFormat  format,
                 double          dpi,
                 GmPosterCheck  *out,
                 GError        **error)
{
  g_return_val_if_fail (GM_IS_POSTER (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  out->pages = gm_poster_get_n_pages (self);
  out->files = format == GM_POSTER_PDF ? 1 : out->pages;
  if (format == GM_POSTER_PNG)
    {
      if (!(dpi >= GM_POSTER_MIN_DPI && dpi <= GM_POSTER_MAX_DPI))
        {
          g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_INVALID,
                       _("The resolution must be between %d and %d dpi, not %g"),
                       GM_POSTER_MIN_DPI, GM_POSTER_MAX_DPI, dpi);
          return FALSE;
        }
      return gm_poster_check_png (self, dpi, out, error);
    }
  out->estimated_bytes = gm_poster_estimate_vector (self);
  if (out->estimated_bytes > GM_VECTOR_WARN_BYTES)
    out->warning = g_strdup_printf (_("The file will be large, about %.0f MB: the maps hold every building "
                                      "and street"), out->estimated_bytes / 1048576.0);
  return TRUE;
}

/* ---- writing ---------------------------------------------------------------------- */

typedef struct
{
  FILE   *file;
  char   *tmp_path;
  int     saved_errno;
} GmSink;

static cairo_status_t
gm_sink_write (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  GmSink *sink = closure;

  if (length > 0 && fwrite (data, 1, length, sink->file) != length)
    {
      sink->saved_errno = errno;
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
gm_sink_open (GmSink      *sink,
              const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  int fd;

  memset (sink, 0, sizeof *sink);
  sink->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (sink->tmp_path, O_WRONLY, 0666);
  if (fd < 0 || (sink->file = fdopen (fd, "wb")) == NULL)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      g_clear_pointer (&sink->tmp_path, g_free);
      return FALSE;
    }
  return TRUE;
}

/* Closes the file and renames it into place when @ok, else removes it. */
static gboolean
gm_sink_close (GmSink      *sink,
               const char  *path,
               gboolean     ok,
               GError     **error)
{
  int saved = sink->saved_errno;

  if (fflush (sink->file) != 0 && saved == 0)
    saved = errno;
  if (fclose (sink->file) != 0 && saved == 0)
    saved = errno;
  if (ok && saved == 0 && g_rename (sink->tmp_path, path) != 0)
    saved = errno;
  if (!ok || saved != 0)
    g_unlink (sink->tmp_path);
  g_clear_pointer (&sink->tmp_path, g_free);
  if (ok && saved != 0)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_WRITE,
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return ok;
}

static gboolean
gm_surface_check (cairo_surface_t  *surface,
                  const char       *path,
                  GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_WRITE,
               _("Cannot write “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

/* Finishes a vector surface, which writes its last bytes, and frees it;
 * FALSE when the drawing (@ok) or the writing failed. */
static gboolean
gm_vector_close (cairo_surface_t  *surface,
                 gboolean          ok,
                 const char       *path,
                 GError          **error)
{
  cairo_surface_finish (surface);
  ok = ok && gm_surface_check (surface, path, error);
  cairo_surface_destroy (surface);
  return ok;
}

typedef struct
{
  GmPosterFormat  format;
  double          dpi;
  GmProgressFunc  progress;
  gpointer        progress_data;
  GCancellable   *cancellable;
  guint           done;
  guint           total;
} GmExport;

static void
gm_export_step (GmExport *job,
                GmPoster *self,
                guint     page)
{
  g_autofree char *title = gm_poster_dup_page_title (self, page);
  /* Translators: progress of an export: the page, the number of pages and
   * what the page shows */
  g_autofree char *message = g_strdup_printf (_("Page %u of %u: %s"), page + 1, job->total, title);

  if (job->progress != NULL)
    job->progress ((double) job->done / job->total, message, job->progress_data);
}

static gboolean
gm_export_page (GmPoster  *self,
                GmExport  *job,
                cairo_t   *cr,
                guint      page,
                GError   **error)
{
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return FALSE;
  gm_export_step (job, self, page);
  ok = gm_poster_draw_page (self, cr, page, job->cancellable, error);
  job->done++;
  return ok;
}

static gboolean
gm_export_pdf (GmPoster    *self,
               GmExport    *job,
               GmSink      *sink,
               const char  *path,
               GError     **error)
{
  double w, h;
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean ok = TRUE;
  g_autofree char *title = gm_poster_dup_page_title (self, 0);
  g_autofree char *date = g_strconcat (gm_poster_get_data (self)->date, "T00:00:00", NULL);

  gm_poster_get_page_size (self, &w, &h);
  surface = cairo_pdf_surface_create_for_stream (gm_sink_write, sink, w, h);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gridmap " GM_VERSION);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cr = cairo_create (surface);
  for (guint i = 0; ok && i < job->total; i++)
    {
      ok = gm_export_page (self, job, cr, i, error);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  return gm_vector_close (surface, ok, path, error);
}

/* Draws page @page on @surface at @scale device units per point; FALSE
 * when the drawing or the surface failed. */
static gboolean
gm_export_draw_on (GmPoster         *self,
                   GmExport         *job,
                   cairo_surface_t  *surface,
                   double            scale,
                   guint             page,
                   const char       *path,
                   GError          **error)
{
  cairo_t *cr;
  gboolean ok;

  if (!gm_surface_check (surface, path, error))
    return FALSE;
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  ok = gm_export_page (self, job, cr, page, error);
  cairo_destroy (cr);
  return ok && gm_surface_check (surface, path, error);
}

static gboolean
gm_export_svg_page (GmPoster    *self,
                    GmExport    *job,
                    GmSink      *sink,
                    guint        page,
                    const char  *path,
                    GError     **error)
{
  double w, h;
  cairo_surface_t *surface;
  gboolean ok;

  gm_poster_get_page_size (self, &w, &h);
  surface = cairo_svg_surface_create_for_stream (gm_sink_write, sink, w, h);
  cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
  ok = gm_export_draw_on (self, job, surface, 1.0, page, path, error);
  return gm_vector_close (surface, ok, path, error);
}

static gboolean
gm_export_png_page (GmPoster    *self,
                    GmExport    *job,
                    GmSink      *sink,
                    guint        page,
                    const char  *path,
                    GError     **error)
{
  double w, h;
  cairo_surface_t *surface;
  gboolean ok;

  gm_poster_get_page_size (self, &w, &h);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (w * job->dpi / 72),
                                        (int) ceil (h * job->dpi / 72));
  ok = gm_export_draw_on (self, job, surface, job->dpi / 72, page, path, error);
  if (ok && cairo_surface_write_to_png_stream (surface, gm_sink_write, sink) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_WRITE, _("Cannot write “%s”: %s"), path,
                   g_strerror (sink->saved_errno != 0 ? sink->saved_errno : EIO));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);
  return ok;
}

static gboolean
gm_export_file (GmPoster    *self,
                GmExport    *job,
                const char  *path,
                guint        page,
                GError     **error)
{
  GmSink sink;
  gboolean ok;

  if (!gm_sink_open (&sink, path, error))
    return FALSE;
  if (job->format == GM_POSTER_PDF)
    ok = gm_export_pdf (self, job, &sink, path, error);
  else if (job->format == GM_POSTER_SVG)
    ok = gm_export_svg_page (self, job, &sink, page, path, error);
  else
    ok = gm_export_png_page (self, job, &sink, page, path, error);
  return gm_sink_close (&sink, path, ok, error);
}

/**
 * gm_poster_export:
 * @self: a #GmPoster
 * @path: the file to write; for PNG and SVG of several pages, the pattern
 *   of the files (see gm_poster_dup_file_names())
 * @format: PDF, SVG or PNG
 * @dpi: the resolution of a PNG
 * @progress: (nullable): called before each page
 * @progress_data: for @progress
 * @cancellable: (nullable): checked between pages and between the map's layers
 * @error: return location for a #GError
 *
 * Checks the size (gm_poster_check()), then writes the pages.
 *
 * Returns: %TRUE when every file was written
 */
gboolean
gm_poster_export (GmPoster        *self,
                  const char      *path,
                  GmPosterFormat   format,
                  double           dpi,
                  GmProgressFunc   progress,
                  gpointer         progress_data,
                  GCancellable    *cancellable,
                  GError         **error)
{
  GmExport job = { format, dpi, progress, progress_data, cancellable, 0, 0 };
  g_auto(GStrv) names = NULL;
  GmPosterCheck check;
  gboolean ok;

  g_return_val_if_fail (GM_IS_POSTER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  ok = gm_poster_check (self, format, dpi, &check, error);
  gm_poster_check_clear (&check);
  if (!ok)
    return FALSE;
  job.total = gm_poster_get_n_pages (self);
  names = gm_poster_dup_file_names (self, path, format);
  for (guint i = 0; ok && names[i] != NULL; i++)
    ok = gm_export_file (self, &job, names[i], i, error);
  if (ok && progress != NULL)
    progress (1.0, NULL, progress_data);
  return ok;
}

/* ---- in a thread -------------------------------------------------------------------------- */

typedef struct
{
  char           *path;
  GmPosterFormat  format;
  double          dpi;
  GmProgressFunc  progress;
  gpointer        progress_data;
  GMainContext   *context;
} GmExportTask;

static void
gm_export_task_free (GmExportTask *task)
{
  g_free (task->path);
  g_main_context_unref (task->context);
  g_free (task);
}

typedef struct
{
  GmExportTask *task;
  double        fraction;
  char         *message;
} GmExportProgress;

static gboolean
gm_export_progress_idle (gpointer data)
{
  GmExportProgress *p = data;

  p->task->progress (p->fraction, p->message, p->task->progress_data);
  return G_SOURCE_REMOVE;
}

static void
gm_export_progress_free (gpointer data)
{
  GmExportProgress *p = data;

  g_free (p->message);
  g_free (p);
}

/* Hands progress to the caller's main context. */
static void
gm_export_progress_thread (double      fraction,
                           const char *message,
                           gpointer    data)
{
  GTask *task = data;
  GmExportProgress *p = g_new0 (GmExportProgress, 1);

  p->task = g_task_get_task_data (task);
  p->fraction = fraction;
  p->message = g_strdup (message);
  g_main_context_invoke_full (p->task->context, G_PRIORITY_DEFAULT, gm_export_progress_idle, p,
                              gm_export_progress_free);
}

static void
gm_export_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GmExportTask *t = task_data;
  GError *error = NULL;

  if (gm_poster_export (source_object, t->path, t->format, t->dpi,
                        t->progress != NULL ? gm_export_progress_thread : NULL, task, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gm_poster_export_async (GmPoster            *self,
                        const char          *path,
                        GmPosterFormat       format,
                        double               dpi,
                        GmProgressFunc       progress,
                        gpointer             progress_data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GmExportTask *t;

  g_return_if_fail (GM_IS_POSTER (self));
  g_return_if_fail (path != NULL);

  t = g_new0 (GmExportTask, 1);
  t->path = g_strdup (path);
  t->format = format;
  t->dpi = dpi;
  t->progress = progress;
  t->progress_data = progress_data;
  t->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gm_poster_export_async);
  g_task_set_task_data (task, t, (GDestroyNotify) gm_export_task_free);
  g_task_run_in_thread (task, gm_export_thread);
}

gboolean
gm_poster_export_finish (GmPoster      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
