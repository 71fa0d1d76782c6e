/* gm-wkb.c — the outlines in a WKB geometry, for overlays. */
#include "gm-config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gm-wkb.h"

G_DEFINE_QUARK (gm-wkb-error-quark, gm_wkb_error)

typedef struct
{
  const guint8 *data;
  gsize size;
  gsize pos;
  gboolean little;
} Reader;

#define MAX_DEPTH 8

static gboolean
read_bytes (Reader *r,
            void   *out,
            gsize   n)
{
  if (r->size - r->pos < n)
    return FALSE;
  memcpy (out, r->data + r->pos, n);
  r->pos += n;
  return TRUE;
}

static gboolean
read_u32 (Reader  *r,
          guint32 *out)
{
  guint32 v;

  if (!read_bytes (r, &v, sizeof v))
    return FALSE;
  *out = r->little ? GUINT32_FROM_LE (v) : GUINT32_FROM_BE (v);
  return TRUE;
}

static gboolean
read_double (Reader *r,
             double *out)
{
  guint64 v;

  if (!read_bytes (r, &v, sizeof v))
    return FALSE;
  v = r->little ? GUINT64_FROM_LE (v) : GUINT64_FROM_BE (v);
  memcpy (out, &v, sizeof v);
  return TRUE;
}

/* Reads @n points of @dims coordinates into a new path. */
static gboolean
read_path (Reader    *r,
           guint32    n,
           guint      dims,
           GPtrArray *paths)
{
  GArray *path;

  /* Each point is at least 16 bytes; refuse counts the data cannot hold. */
  if (n > (r->size - r->pos) / (8 * dims))
    return FALSE;

  path = g_array_sized_new (FALSE, FALSE, sizeof (GmLonLat), n);
  g_ptr_array_add (paths, path);
  for (guint32 i = 0; i < n; i++)
    {
      GmLonLat p;
      double skip;

      if (!read_double (r, &p.lon) || !read_double (r, &p.lat))
        return FALSE;
      for (guint d = 2; d < dims; d++)
        if (!read_double (r, &skip))
          return FALSE;
      g_array_append_val (path, p);
    }
  return TRUE;
}

static gboolean read_geometry (Reader *r, GPtrArray *paths, guint depth);

/* Splits a WKB type word into the base type and the number of dimensions. */
static guint32
decode_type (guint32  type,
             guint   *dims)
{
  guint32 iso = type & 0x0fffffff;

  *dims = 2;
  if (type & 0x80000000)
    (*dims)++;
  if (type & 0x40000000)
    (*dims)++;
  if (iso >= 3000 && iso < 4000)
    *dims = 4;
  else if (iso >= 1000 && iso < 3000)
    *dims = 3;
  return iso % 1000;
}

static gboolean
read_geometry (Reader    *r,
               GPtrArray *paths,
               guint      depth)
{
  guint8 order;
  guint32 type, count, n;
  guint dims;

  if (depth > MAX_DEPTH || !read_bytes (r, &order, 1) || order > 1)
    return FALSE;
  r->little = (order == 1);
  if (!read_u32 (r, &type))
    return FALSE;
  if (type & 0x20000000)   /* EWKB SRID */
    if (!read_u32 (r, &n))
      return FALSE;

  switch (decode_type (type, &dims))
    {
    case 1:   /* Point */
      return read_path (r, 1, dims, paths);
    case 2:   /* LineString */
      return read_u32 (r, &n) && read_path (r, n, dims, paths);
    case 3:   /* Polygon */
      if (!read_u32 (r, &count))
        return FALSE;
      for (guint32 i = 0; i < count; i++)
        if (!read_u32 (r, &n) || !read_path (r, n, dims, paths))
          return FALSE;
      return TRUE;
    case 4: case 5: case 6: case 7:   /* Multi* and collections */
      if (!read_u32 (r, &count))
        return FALSE;
      for (guint32 i = 0; i < count; i++)
        if (!read_geometry (r, paths, depth + 1))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

GPtrArray *
gm_wkb_dup_paths (GBytes  *wkb,
                  GError **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  Reader r = { 0, };

  g_return_val_if_fail (wkb != NULL, NULL);

  r.data = g_bytes_get_data (wkb, &r.size);
  paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  if (r.data == NULL || !read_geometry (&r, paths, 0))
    {
      g_set_error (error, GM_WKB_ERROR, GM_WKB_ERROR_INVALID,
                   _("The outline is not a valid geometry"));
      return NULL;
    }
  return g_steal_pointer (&paths);
}
