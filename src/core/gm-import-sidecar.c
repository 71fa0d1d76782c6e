/* gm-import-sidecar.c — a shapefile's companion files, checked before GDAL
 * opens it.
 *
 * A shapefile is several files, and the ones street offices receive are
 * often incomplete: no .shx (GDAL refuses to open the .shp), no .dbf (no
 * attributes), a .prj or .cpg that is a web page saved by mistake, bytes
 * after the end the header declares. Each is found here and reported; a
 * missing .shx is rebuilt by GDAL (SHAPE_RESTORE_SHX) in a temporary folder
 * of links to the user's files, so that nothing is ever written beside them.
 */
#define _GNU_SOURCE  /* struct stat64, which GDAL's VSIStatBufL is */
#include "gm-config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "gm-import-source.h"

static gboolean
gm_vsi_exists (const char *path)
{
  VSIStatBufL st;

  return VSIStatL (path, &st) == 0;
}

/* The companion of @shp with extension @ext (".shx"), in either case, or
 * NULL when there is none. */
char *
gm_sidecar_find (const char *shp,
                 const char *ext)
{
  g_autofree char *stem = g_strndup (shp, strlen (shp) - 4);

  for (int upper = 0; upper < 2; upper++)
    {
      g_autofree char *e = upper ? g_ascii_strup (ext, -1) : g_strdup (ext);
      char *path = g_strconcat (stem, e, NULL);

      if (gm_vsi_exists (path))
        return path;
      g_free (path);
    }
  return NULL;
}

void
gm_source_warn (GmOpenSource *src,
                char         *message)
{
  g_ptr_array_add (src->warnings, message);
}

/* The .shp header: its declared length against the file's, and its shape
 * type (31 is MultiPatch, a 3D surface). */
static void
gm_shp_read_header (GmOpenSource *src,
                    const char   *shp)
{
  guint8 header[100];
  VSIStatBufL st;
  VSILFILE *f = VSIFOpenL (shp, "rb");
  gsize got;
  guint64 declared;

  if (f == NULL)
    return;
  got = VSIFReadL (header, 1, sizeof header, f);
  VSIFCloseL (f);
  if (got < sizeof header || GUINT32_FROM_BE (*(guint32 *) (void *) header) != 9994
      || VSIStatL (shp, &st) != 0)
    return;

  src->shape_type = GINT32_FROM_LE (*(gint32 *) (void *) (header + 32));
  declared = (guint64) GUINT32_FROM_BE (*(guint32 *) (void *) (header + 24)) * 2;
  if ((guint64) st.st_size > declared)
    {
      unsigned long long extra = (guint64) st.st_size - declared;

      gm_source_warn (src, g_strdup_printf (ngettext ("the .shp file has %llu byte after the end that its header declares; it was ignored",
                                                      "the .shp file has %llu bytes after the end that its header declares; they were ignored",
                                                      (unsigned long) MIN (extra, G_MAXULONG)),
                                            extra));
    }
}

/* Links (or, inside an archive, copies) @from to @to. */
static gboolean
gm_place_file (const char *from,
               const char *to)
{
  VSILFILE *in, *out;
  char buffer[65536];
  gsize n;

  if (!g_str_has_prefix (from, "/vsi") && g_path_is_absolute (from))
    return symlink (from, to) == 0;

  in = VSIFOpenL (from, "rb");
  out = in != NULL ? VSIFOpenL (to, "wb") : NULL;
  if (out == NULL)
    {
      if (in != NULL)
        VSIFCloseL (in);
      return FALSE;
    }
  while ((n = VSIFReadL (buffer, 1, sizeof buffer, in)) > 0)
    VSIFWriteL (buffer, 1, n, out);
  VSIFCloseL (in);
  return VSIFCloseL (out) == 0;
}

/* A temporary folder holding the shapefile's files under one name, where
 * GDAL can write the .shx it rebuilds. */
static gboolean
gm_shx_make_copy (GmOpenSource *src,
                  const char   *shp,
                  GError      **error)
{
  static const char * const exts[] = { ".dbf", ".prj", ".cpg" };
  g_autofree char *abs = g_path_is_absolute (shp) || g_str_has_prefix (shp, "/vsi")
                         ? g_strdup (shp) : g_canonicalize_filename (shp, NULL);
  g_autofree char *name = g_path_get_basename (shp);
  g_autofree char *stem = NULL;
  g_autofree char *base = NULL;

  /* The same name, so that the layer keeps its name. */
  src->temp_dir = g_dir_make_tmp ("gridmap-import-XXXXXX", NULL);
  stem = g_build_filename (src->temp_dir != NULL ? src->temp_dir : "", name, NULL);
  stem[strlen (stem) - 4] = '\0';
  base = g_strconcat (stem, ".shp", NULL);
  if (src->temp_dir == NULL || !gm_place_file (abs, base))
    {
      g_set_error (error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_OPEN,
                   _("Cannot read “%s”: its index file (.shx) is missing and no temporary copy could be made to rebuild it"),
                   src->path);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *from = gm_sidecar_find (abs, exts[i]);
      g_autofree char *to_ext = g_strconcat (stem, exts[i], NULL);

      if (from != NULL)
        gm_place_file (from, to_ext);
    }
  g_free (src->gdal_path);
  src->gdal_path = g_steal_pointer (&base);
  src->restore_shx = TRUE;
  gm_source_warn (src, g_strdup (_("the index file (.shx) is missing; it was rebuilt from the .shp in a temporary copy (the file’s folder was not changed)")));
  return TRUE;
}

/**
 * gm_sidecars_check:
 * @src: a source about to be opened, whose gdal_path ends in .shp
 * @error: return location for a #GError
 *
 * Checks the shapefile's companions, arranges for a missing .shx to be
 * rebuilt, and notes what is missing or wrong in @src's warnings.
 *
 * Returns: %FALSE with @error set when the file cannot be read at all
 */
gboolean
gm_sidecars_check (GmOpenSource *src,
                   GError      **error)
{
  g_autofree char *shp = g_strdup (src->gdal_path);
  g_autofree char *shx = gm_sidecar_find (shp, ".shx");
  g_autofree char *dbf = gm_sidecar_find (shp, ".dbf");

  gm_shp_read_header (src, shp);
  if (dbf == NULL)
    gm_source_warn (src, g_strdup (_("there is no .dbf file beside it, so the features have no attributes: only their geometry is imported")));
  if (shx == NULL && !gm_shx_make_copy (src, shp, error))
    return FALSE;
  return TRUE;
}

/* What a .prj holds when GDAL found no coordinate system in it, or NULL
 * when the file has no .prj. */
char *
gm_sidecar_junk_prj (const GmOpenSource *src)
{
  g_autofree char *prj = NULL;
  char text[41] = { 0 };
  VSILFILE *f;

  if (!g_str_has_suffix (src->gdal_path, ".shp") || (prj = gm_sidecar_find (src->gdal_path, ".prj")) == NULL)
    return NULL;
  f = VSIFOpenL (prj, "rb");
  if (f == NULL)
    return NULL;
  VSIFReadL (text, 1, sizeof text - 1, f);
  VSIFCloseL (f);
  text[strcspn (text, "\r\n")] = '\0';
  return g_utf8_make_valid (text, -1);
}

/* Removes the temporary copy, if one was made. */
void
gm_sidecars_clean (GmOpenSource *src)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (src->temp_dir == NULL)
    return;
  dir = g_dir_open (src->temp_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (src->temp_dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (src->temp_dir);
  g_clear_pointer (&src->temp_dir, g_free);
}
