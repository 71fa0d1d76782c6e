/* gm-cli-export.c — `gridmap-cli export`: the grids to a GIS file. */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-cli-private.h"
#include "gm-export.h"

#define COMMAND "export"

int
gm_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  g_autofree char *out = NULL;
  gint64 plan = 0, written;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "what", 0, 0, G_OPTION_ARG_STRING, &what, N_("What to write: grids (the default)"), N_("WHAT") },
    { "out", 0, 0, G_OPTION_ARG_FILENAME, &out,
      N_("The file to write: .gpkg, .shp or .geojson (required)"), N_("FILE") },
    { "plan", 0, 0, G_OPTION_ARG_INT64, &plan, N_("Write this plan’s grids instead of the current ones"), N_("ID") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };

  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Write the current grids (or a plan’s) with their codes, names, workers and "
                                   "totals to a GeoPackage, Shapefile or GeoJSON file, in EPSG:4326."),
                                entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv) || !gm_cli_check_positional (COMMAND, argc, 1))
    return GM_CLI_EXIT_USAGE;
  if (what != NULL && !g_str_equal (what, "grids"))
    return gm_cli_usage_error (COMMAND, _("--what can only be “grids”, not “%s”"), what);
  if (out == NULL)
    return gm_cli_usage_error (COMMAND, _("--out is required"));
  if (plan < 0)
    return gm_cli_usage_error (COMMAND, _("--plan needs a plan number"));
  if (!gm_export_check_path (out, &error))
    return gm_cli_usage_error (COMMAND, "%s", error->message);

  store = gm_store_open (argv[1], GM_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || (written = gm_export_grids (store, plan, out, force, &error)) < 0)
    {
      if (g_error_matches (error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_EXISTS))
        {
          g_clear_error (&error);
          g_set_error (&error, GM_EXPORT_ERROR, GM_EXPORT_ERROR_EXISTS,
                       _("“%s” already exists; choose another name, or add --force to replace it"), out);
        }
      return gm_cli_fail (error);
    }
  g_print (ngettext ("Wrote %lld grid to “%s”.\n", "Wrote %lld grids to “%s”.\n", written),
           (long long) written, out);
  return GM_CLI_EXIT_OK;
}
