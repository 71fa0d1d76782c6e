/* gm-poster-photo.c — grid workers' photos for the contact panels.
 *
 * A photo is kept inside the project (the meta table, base64), so a poster
 * prints the same on every computer the project is copied to. It is read
 * with GDAL, which reads PNG and JPEG, and scaled down while reading: a
 * photo of a few centimetres on paper needs no camera's full resolution.
 */
#include "gm-config.h"

#include <string.h>
#include <gdal.h>
#include <cpl_vsi.h>
#include <glib/gi18n-lib.h>

#include "gm-poster-private.h"

/* Pixels on the long side: 40 mm at 500 dpi. */
#define GM_PHOTO_MAX_PIXELS 800

static char *
gm_photo_meta_key (const char *grid_code)
{
  return g_strconcat (GM_POSTER_META_PHOTO, grid_code, NULL);
}

static gboolean
gm_photo_is_jpeg (GBytes *bytes)
{
  gsize n = 0;
  const guint8 *data = g_bytes_get_data (bytes, &n);

  return n > 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff;
}

static gboolean
gm_photo_is_png (GBytes *bytes)
{
  gsize n = 0;
  const guint8 *data = g_bytes_get_data (bytes, &n);

  return n > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

/* Packs the bands GDAL read into cairo's native-endian ARGB. */
static void
gm_photo_pack (cairo_surface_t *surface,
               const guint8    *planes,
               int              bands)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data = cairo_image_surface_get_data (surface);
  gsize plane = (gsize) w * h;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        guint32 r = planes[i];
        guint32 g = bands >= 3 ? planes[plane + i] : r;
        guint32 b = bands >= 3 ? planes[2 * plane + i] : r;

        ((guint32 *) (data + y * stride))[x] = 0xff000000u | r << 16 | g << 8 | b;
      }
  cairo_surface_mark_dirty (surface);
}

static cairo_surface_t *
gm_photo_read (GDALDatasetH  ds,
               GError      **error)
{
  int w = GDALGetRasterXSize (ds), h = GDALGetRasterYSize (ds);
  int bands = MIN (GDALGetRasterCount (ds), 3);
  double shrink = MAX (1.0, MAX (w, h) / (double) GM_PHOTO_MAX_PIXELS);
  int ow = MAX (1, (int) (w / shrink)), oh = MAX (1, (int) (h / shrink));
  int band_map[3] = { 1, 2, 3 };
  g_autofree guint8 *planes = NULL;
  GDALRasterIOExtraArg extra;
  cairo_surface_t *surface;

  if (bands != 1 && bands != 3)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_IMAGE,
                   _("The photo has %d colour channels; a grey or colour picture is needed"), bands);
      return NULL;
    }
  INIT_RASTERIO_EXTRA_ARG (extra);
  extra.eResampleAlg = GRIORA_Average;
  planes = g_malloc ((gsize) ow * oh * bands);
  if (GDALDatasetRasterIOEx (ds, GF_Read, 0, 0, w, h, planes, ow, oh, GDT_Byte, bands, band_map,
                             0, 0, 0, &extra) != CE_None)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_IMAGE,
                   _("The photo cannot be read: %s"), CPLGetLastErrorMsg ());
      return NULL;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, ow, oh);
  gm_photo_pack (surface, planes, bands);
  return surface;
}

cairo_surface_t *
gm_poster_photo_decode (GBytes  *bytes,
                        GError **error)
{
  static gint counter;
  g_autofree char *name = g_strdup_printf ("/vsimem/gridmap-photo-%d", g_atomic_int_add (&counter, 1));
  const char *const drivers[] = { "PNG", "JPEG", NULL };
  gsize n = 0;
  const guint8 *data = g_bytes_get_data (bytes, &n);
  cairo_surface_t *surface = NULL;
  GDALDatasetH ds;

  if (!gm_photo_is_png (bytes) && !gm_photo_is_jpeg (bytes))
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_IMAGE,
                   _("The photo is neither a PNG nor a JPEG picture"));
      return NULL;
    }
  GDALAllRegister ();
  VSIFCloseL (VSIFileFromMemBuffer (name, (GByte *) data, (vsi_l_offset) n, FALSE));
  ds = GDALOpenEx (name, GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, NULL, NULL);
  if (ds == NULL)
    g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_IMAGE,
                 _("The photo cannot be read: %s"), CPLGetLastErrorMsg ());
  else
    {
      surface = gm_photo_read (ds, error);
      /* A JPEG read whole goes into a PDF as the file itself. */
      if (surface != NULL && gm_photo_is_jpeg (bytes)
          && cairo_image_surface_get_width (surface) == GDALGetRasterXSize (ds))
        cairo_surface_set_mime_data (surface, CAIRO_MIME_TYPE_JPEG, data, n,
                                     (cairo_destroy_func_t) g_bytes_unref, g_bytes_ref (bytes));
      GDALClose (ds);
    }
  VSIUnlink (name);
  return surface;
}

GBytes *
gm_poster_photo_load (GmStore    *store,
                      const char *grid_code)
{
  g_autofree char *key = gm_photo_meta_key (grid_code);
  g_autofree char *text = gm_store_dup_meta (store, key);
  gsize n = 0;
  guchar *data;

  if (text == NULL || *text == '\0')
    return NULL;
  data = g_base64_decode (text, &n);
  return g_bytes_new_take (data, n);
}

gboolean
gm_poster_has_worker_photo (GmStore    *store,
                            const char *grid_code)
{
  g_autoptr(GBytes) photo = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (grid_code != NULL, FALSE);

  photo = gm_poster_photo_load (store, grid_code);
  return photo != NULL;
}

static GBytes *
gm_photo_read_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  cairo_surface_t *surface;
  gsize n = 0;

  if (!g_file_get_contents (path, &contents, &n, error))
    return NULL;
  if (n > GM_POSTER_PHOTO_MAX_BYTES)
    {
      g_set_error (error, GM_POSTER_ERROR, GM_POSTER_ERROR_IMAGE,
                   _("The photo “%s” is %.1f MB; at most 2 MB can be kept in a project"),
                   path, n / 1048576.0);
      return NULL;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), n);
  surface = gm_poster_photo_decode (bytes, error);
  if (surface == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  cairo_surface_destroy (surface);
  return g_steal_pointer (&bytes);
}

gboolean
gm_poster_set_worker_photo (GmStore     *store,
                            const char  *grid_code,
                            const char  *image_path,
                            GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GmPosterData) data = NULL;
  GmPosterOptions options = { GM_POSTER_GRID, grid_code };

  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (grid_code != NULL, FALSE);

  /* The grid must exist, as for printing it. */
  data = gm_poster_data_load (store, &options, error);
  if (data == NULL)
    return FALSE;
  if (image_path != NULL)
    {
      g_autoptr(GBytes) bytes = gm_photo_read_file (image_path, error);

      if (bytes == NULL)
        return FALSE;
      text = g_base64_encode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    }
  key = gm_photo_meta_key (grid_code);
  return gm_store_set_meta (store, key, text, error);
}
