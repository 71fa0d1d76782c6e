/* gm-cli-poster.c — `gridmap-cli poster`: grid posters, a community's
 * poster, atlases and contact cards as PDF, SVG or PNG; and the poster
 * settings kept in the project (the office's notice, workers' photos).
 */
#include "gm-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gm-cli-private.h"
#include "gm-poster.h"

#define COMMAND "poster"

typedef struct
{
  char     *grid;
  char     *community;
  gboolean  atlas;
  gboolean  cards;
  char     *paper;
  gboolean  landscape;
  char     *out;
  char     *dpi;
  gboolean  hazards;
  char     *notice;
  char     *date;
  gboolean  json;
  char     *save_notice;
  char     *save_photo;
  char     *remove_photo;
} GmCliPosterArgs;

static void
gm_cli_poster_args_clear (GmCliPosterArgs *args)
{
  g_free (args->grid);
  g_free (args->community);
  g_free (args->paper);
  g_free (args->out);
  g_free (args->dpi);
  g_free (args->notice);
  g_free (args->date);
  g_free (args->save_notice);
  g_free (args->save_photo);
  g_free (args->remove_photo);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GmCliPosterArgs, gm_cli_poster_args_clear)

typedef struct
{
  GmPoster       *poster;
  const char     *path;
  GmPosterFormat  format;
  double          dpi;
} GmCliPosterJob;

static gboolean
gm_cli_poster_job (gpointer        data,
                   GmProgressFunc  progress,
                   gpointer        progress_data,
                   GCancellable   *cancellable,
                   GError        **error)
{
  GmCliPosterJob *job = data;

  return gm_poster_export (job->poster, job->path, job->format, job->dpi, progress, progress_data,
                           cancellable, error);
}

/* ---- settings ---------------------------------------------------------------- */

static int
gm_cli_poster_settings (const char      *project,
                        GmCliPosterArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmStore) store = gm_store_open (project, GM_STORE_OPEN_DEFAULT, &error);
  g_autofree char *code = NULL;
  const char *file = NULL;
  gboolean had_photo = TRUE;

  if (store == NULL)
    return gm_cli_fail (error);
  if (args->save_notice != NULL && !gm_poster_set_notice (store, args->save_notice, &error))
    return gm_cli_fail (error);
  if (args->save_photo != NULL)
    {
      const char *eq = strchr (args->save_photo, '=');

      code = g_strndup (args->save_photo, eq - args->save_photo);
      file = eq + 1;
    }
  else if (args->remove_photo != NULL)
    {
      had_photo = gm_poster_has_worker_photo (store, args->remove_photo);
      code = g_strdup (args->remove_photo);
    }
  if (code != NULL && !gm_poster_set_worker_photo (store, code, file, &error))
    return gm_cli_fail (error);
  if (args->save_notice != NULL)
    g_print (*args->save_notice != '\0' ? _("Saved the notice in “%s”.\n") : _("Removed the notice from “%s”.\n"),
             project);
  if (code != NULL && file == NULL && !had_photo)
    g_print (_("Grid %s’s worker had no photo; nothing was removed.\n"), code);
  else if (code != NULL)
    g_print (file != NULL ? _("Saved the photo of grid %s’s worker.\n") : _("Removed the photo of grid %s’s worker.\n"),
             code);
  return GM_CLI_EXIT_OK;
}

/* ---- options -------------------------------------------------------------------- */

static gboolean
gm_cli_poster_check_settings (GmCliPosterArgs *args)
{
  if (args->save_photo != NULL && (strchr (args->save_photo, '=') == NULL || args->save_photo[0] == '='))
    {
      gm_cli_usage_error (COMMAND, _("--save-photo needs CODE=FILE"));
      return FALSE;
    }
  if (args->grid != NULL || args->community != NULL || args->out != NULL)
    {
      gm_cli_usage_error (COMMAND, _("--save-notice, --save-photo and --remove-photo change the project "
                                     "and print nothing; run them on their own"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
gm_cli_poster_parse_kind (GmCliPosterArgs *args,
                          GmPosterOptions *options)
{
  if ((args->grid == NULL) == (args->community == NULL))
    {
      gm_cli_usage_error (COMMAND, _("give either --grid CODE or --community CODE"));
      return FALSE;
    }
  if (args->atlas && args->cards)
    {
      gm_cli_usage_error (COMMAND, _("--atlas and --cards cannot go together"));
      return FALSE;
    }
  if (args->atlas && args->grid != NULL)
    {
      gm_cli_usage_error (COMMAND, _("an atlas is of a community: use --community with --atlas"));
      return FALSE;
    }
  options->grid_code = args->grid;
  options->community_code = args->community;
  if (args->cards)
    options->kind = GM_POSTER_CARDS;
  else if (args->atlas)
    options->kind = GM_POSTER_ATLAS;
  else
    options->kind = args->grid != NULL ? GM_POSTER_GRID : GM_POSTER_COMMUNITY;
  return TRUE;
}

static gboolean
gm_cli_poster_parse_dpi (const char *text,
                         double     *dpi)
{
  char *end = NULL;

  if (text == NULL)
    return TRUE;
  errno = 0;
  *dpi = g_ascii_strtod (text, &end);
  if (errno != 0 || end == text || *end != '\0'
      || !(*dpi >= GM_POSTER_MIN_DPI && *dpi <= GM_POSTER_MAX_DPI))
    {
      gm_cli_usage_error (COMMAND, _("--dpi must be a number from %d to %d, not “%s”"),
                          GM_POSTER_MIN_DPI, GM_POSTER_MAX_DPI, text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
gm_cli_poster_parse (GmCliPosterArgs *args,
                     GmPosterOptions *options,
                     GmCliPosterJob  *job)
{
  if (!gm_cli_poster_parse_kind (args, options))
    return FALSE;
  if (args->paper != NULL && !gm_paper_from_string (args->paper, &options->paper))
    {
      gm_cli_usage_error (COMMAND, _("--paper must be A0, A1, A2, A3 or A4, not “%s”"), args->paper);
      return FALSE;
    }
  if (args->out == NULL)
    {
      gm_cli_usage_error (COMMAND, _("--out FILE is needed"));
      return FALSE;
    }
  if (!gm_poster_format_from_path (args->out, &job->format))
    {
      gm_cli_usage_error (COMMAND, _("--out must end in .pdf, .svg or .png: “%s”"), args->out);
      return FALSE;
    }
  if (args->date != NULL && !gm_cli_parse_date (args->date))
    {
      gm_cli_usage_error (COMMAND, _("--date must be a date written YYYY-MM-DD, not “%s”"), args->date);
      return FALSE;
    }
  if (args->dpi != NULL && job->format != GM_POSTER_PNG)
    {
      gm_cli_usage_error (COMMAND, _("--dpi is for PNG files only"));
      return FALSE;
    }
  if (!gm_cli_poster_parse_dpi (args->dpi, &job->dpi))
    return FALSE;
  options->landscape = args->landscape;
  options->hazard_counts = args->hazards;
  options->notice = args->notice;
  options->date = args->date;
  job->path = args->out;
  return TRUE;
}

/* ---- output ------------------------------------------------------------------------ */

static guint64
gm_cli_file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

static void
gm_cli_poster_report (GmCliPosterJob        *job,
                      const GmPosterOptions *options,
                      gboolean               json)
{
  g_auto(GStrv) names = gm_poster_dup_file_names (job->poster, job->path, job->format);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint pages = gm_poster_get_n_pages (job->poster);
  guint64 bytes = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      json_builder_add_string_value (builder, names[i]);
      bytes += gm_cli_file_size (names[i]);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, pages);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, (gint64) bytes);
  json_builder_end_object (builder);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      gm_cli_print_json (root);
      return;
    }
  /* Translators: e.g. "Wrote poster.pdf: 20 pages, A0 portrait, 4.2 MB." */
  g_print (ngettext ("Wrote %s: %u page, %s %s, %.1f MB.\n", "Wrote %s: %u pages, %s %s, %.1f MB.\n", pages),
           g_strv_length (names) == 1 ? names[0] : job->path, pages, gm_paper_to_string (options->paper),
           options->landscape ? _("landscape") : _("portrait"), bytes / 1048576.0);
}

static int
gm_cli_poster_run (const char      *project,
                   GmCliPosterArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmPoster) poster = NULL;
  GmPosterOptions options = { .paper = GM_PAPER_A4 };
  GmCliPosterJob job = { .dpi = 150 };
  GmPosterCheck check;

  if (!gm_cli_poster_parse (args, &options, &job))
    return GM_CLI_EXIT_USAGE;
  poster = gm_poster_new (project, &options, &error);
  if (poster == NULL)
    return gm_cli_fail (error);
  if (!gm_poster_check (poster, job.format, job.dpi, &check, &error))
    return gm_cli_fail (error);
  if (check.warning != NULL)
    g_printerr (_("%s: warning: %s\n"), GM_CLI_NAME, check.warning);
  gm_poster_check_clear (&check);
  job.poster = poster;
  if (!gm_cli_run_job (gm_cli_poster_job, &job, &error))
    return gm_cli_fail (error);
  if (gm_poster_get_warning (poster) != NULL)
    g_printerr (_("%s: warning: %s\n"), GM_CLI_NAME, gm_poster_get_warning (poster));
  gm_cli_poster_report (&job, &options, args->json);
  return GM_CLI_EXIT_OK;
}

int
gm_cli_poster (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GmCliPosterArgs) a = { 0 };
  const GOptionEntry entries[] = {
    { "grid", 0, 0, G_OPTION_ARG_STRING, &a.grid, N_("The grid to print (its code)"), N_("CODE") },
    { "community", 0, 0, G_OPTION_ARG_STRING, &a.community, N_("The community to print (its code)"), N_("CODE") },
    { "atlas", 0, 0, G_OPTION_ARG_NONE, &a.atlas, N_("A page per grid of the community, in one PDF"), NULL },
    { "cards", 0, 0, G_OPTION_ARG_NONE, &a.cards, N_("Sheets of contact cards (a sheet per grid)"), NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &a.paper, N_("Paper size: A0, A1, A2, A3 or A4 (default A4)"), N_("SIZE") },
    { "landscape", 0, 0, G_OPTION_ARG_NONE, &a.landscape, N_("Landscape instead of portrait"), NULL },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &a.out, N_("The file to write: .pdf, .svg or .png"), N_("FILE") },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &a.dpi, N_("Resolution of a PNG (default 150)"), N_("N") },
    { "hazards", 0, 0, G_OPTION_ARG_NONE, &a.hazards, N_("Print each grid’s open and overdue hazard counts"), NULL },
    { "notice", 0, 0, G_OPTION_ARG_STRING, &a.notice, N_("Notice text for this print (default: the project’s)"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &a.date, N_("Date printed on the pages (default: today)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &a.json, N_("Print the files written as JSON"), NULL },
    { "save-notice", 0, 0, G_OPTION_ARG_STRING, &a.save_notice, N_("Keep TEXT in the project as the office’s notice (\"\" removes it)"), N_("TEXT") },
    { "save-photo", 0, 0, G_OPTION_ARG_STRING, &a.save_photo, N_("Keep a PNG or JPEG photo of a grid’s worker in the project"), N_("CODE=FILE") },
    { "remove-photo", 0, 0, G_OPTION_ARG_STRING, &a.remove_photo, N_("Remove the photo of a grid’s worker"), N_("CODE") },
    { NULL }
  };

  context = gm_cli_context_new (COMMAND, N_("PROJECT"),
                                N_("Print grid maps for public posting, atlases and contact cards; never with "
                                   "residents’ personal data."),
                                entries);
  if (!gm_cli_parse (context, COMMAND, &argc, &argv) || !gm_cli_check_positional (COMMAND, argc, 1))
    return GM_CLI_EXIT_USAGE;
  if (a.save_notice != NULL || a.save_photo != NULL || a.remove_photo != NULL)
    return gm_cli_poster_check_settings (&a) ? gm_cli_poster_settings (argv[1], &a) : GM_CLI_EXIT_USAGE;
  return gm_cli_poster_run (argv[1], &a);
}
