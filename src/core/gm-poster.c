/* gm-poster.c — GmPoster: a print job's options, its pages, paper sizes and
 * the poster settings kept in the project.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-poster-private.h"

G_DEFINE_QUARK (gm-poster-error-quark, gm_poster_error)

struct _GmPoster
{
  GObject          parent_instance;
  GmPosterOptions  options;     /* strings owned below */
  char            *grid_code;
  char            *community_code;
  char            *notice;
  char            *date;
  GmPosterData    *data;
  GmRenderer      *renderer;
  GPtrArray       *pages;       /* of GmPosterGrid (borrowed from data), NULL for the community page */
  gint             notice_cut;  /* set by any drawing thread */
};

G_DEFINE_FINAL_TYPE (GmPoster, gm_poster, G_TYPE_OBJECT)

/* ---- paper ------------------------------------------------------------------ */

/* ISO 216, in millimetres. */
static const struct { const char *name; double w, h; } papers[] = {
  [GM_PAPER_A0] = { "A0", 841, 1189 },
  [GM_PAPER_A1] = { "A1", 594, 841 },
  [GM_PAPER_A2] = { "A2", 420, 594 },
  [GM_PAPER_A3] = { "A3", 297, 420 },
  [GM_PAPER_A4] = { "A4", 210, 297 },
};

gboolean
gm_paper_from_string (const char *text,
                      GmPaper    *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (papers); i++)
    if (g_ascii_strcasecmp (text, papers[i].name) == 0)
      {
        *out = (GmPaper) i;
        return TRUE;
      }
  return FALSE;
}

const char *
gm_paper_to_string (GmPaper paper)
{
  g_return_val_if_fail (paper <= GM_PAPER_A4, NULL);
  return papers[paper].name;
}

void
gm_paper_get_size (GmPaper   paper,
                   gboolean  landscape,
                   double   *width_pt,
                   double   *height_pt)
{
  double w, h;

  g_return_if_fail (paper <= GM_PAPER_A4);

  /* Whole points: a PDF's page box and a frame's pixels then agree. */
  w = round (papers[paper].w / 25.4 * 72);
  h = round (papers[paper].h / 25.4 * 72);
  *width_pt = landscape ? h : w;
  *height_pt = landscape ? w : h;
}

gboolean
gm_poster_format_from_path (const char     *path,
                            GmPosterFormat *out)
{
  static const char * const suffixes[] = { ".pdf", ".svg", ".png" };
  g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

  for (guint i = 0; lower != NULL && i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      {
        *out = (GmPosterFormat) i;
        return TRUE;
      }
  return FALSE;
}

/* ---- settings in the project ---------------------------------------------------- */

char *
gm_poster_dup_notice (GmStore *store)
{
  g_autofree char *notice = NULL;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  notice = gm_store_dup_meta (store, GM_POSTER_META_NOTICE);
  return notice != NULL && *notice != '\0' ? g_steal_pointer (&notice) : NULL;
}

gboolean
gm_poster_set_notice (GmStore     *store,
                      const char  *notice,
                      GError     **error)
{
  g_return_val_if_fail (GM_IS_STORE (store), FALSE);
  g_return_val_if_fail (notice == NULL || g_utf8_validate (notice, -1, NULL), FALSE);

  return gm_store_set_meta (store, GM_POSTER_META_NOTICE, notice != NULL && *notice != '\0' ? notice : NULL,
                            error);
}

void
gm_poster_check_clear (GmPosterCheck *check)
{
  g_clear_pointer (&check->warning, g_free);
}

/* ---- the object ------------------------------------------------------------------ */

static void
gm_poster_finalize (GObject *object)
{
  GmPoster *self = GM_POSTER (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->data, gm_poster_data_free);
  g_clear_object (&self->renderer);
  g_free (self->grid_code);
  g_free (self->community_code);
  g_free (self->notice);
  g_free (self->date);

  G_OBJECT_CLASS (gm_poster_parent_class)->finalize (object);
}

static void
gm_poster_class_init (GmPosterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gm_poster_finalize;
}

static void
gm_poster_init (GmPoster *self)
{
  self->pages = g_ptr_array_new ();
}

static gboolean
gm_poster_date_valid (const char *date)
{
  g_autofree char *iso = g_strconcat (date, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  return dt != NULL && strlen (date) == 10;
}

static gboolean
gm_poster_check_options (const GmPosterOptions  *options,
                         GError                **error)
{
  const char *problem = NULL;

  if (options->kind == GM_POSTER_GRID && options->grid_code == NULL)
    problem = _("A grid poster needs a grid code");
  else if ((options->kind == GM_POSTER_COMMUNITY || options->kind == GM_POSTER_ATLAS)
           && options->community_code == NULL)
    problem = _("A community poster or an atlas needs a community code");
  else if (options->kind == GM_POSTER_CARDS && options->grid_code == NULL && options->community_code == NULL)
    problem = _("Contact cards need a grid or a community code");
  else if (options->paper > GM_PAPER_A4)
    problem = _("Paper must be A0, A1, A2, A3 or A4");
  else if (options->date != NULL && !gm_poster_date_valid (options->date))
    problem = _("The date must be written YYYY-MM-DD");
  if (problem != NULL)
    g_set_error_literal (error, GM_POSTER_ERROR, GM_POSTER_ERROR_INVALID, problem);
  return problem == NULL;
}

static void
gm_poster_copy_options (GmPoster              *self,
                        const GmPosterOptions *options)
{
  self->options = *options;
  self->grid_code = g_strdup (options->grid_code);
  self->community_code = g_strdup (options->community_code);
  self->notice = g_strdup (options->notice);
  self->date = g_strdup (options->date);
  self->options.grid_code = self->grid_code;
  self->options.community_code = self->community_code;
  self->options.notice = self->notice;
  self->options.date = self->date;
}

/* One page per grid for an atlas and for the cards of a community; one
 * page for the rest. */
static void
gm_poster_plan_pages (GmPoster *self)
{
  const GmPosterGrid *grid = gm_poster_data_find_grid (self->data, self->grid_code);
  gboolean per_grid = self->options.kind == GM_POSTER_ATLAS
                      || (self->options.kind == GM_POSTER_CARDS && grid == NULL);

  if (per_grid)
    for (guint i = 0; i < self->data->grids->len; i++)
      g_ptr_array_add (self->pages, g_ptr_array_index (self->data->grids, i));
  else
    g_ptr_array_add (self->pages, (gpointer) (self->options.kind == GM_POSTER_COMMUNITY ? NULL : grid));
}

/**
 * gm_poster_new:
 * @project_path: the project
 * @options: what to print on which paper
 * @error: return location for a #GError
 *
 * Reads what the pages show; no page is drawn yet.
 *
 * Returns: (transfer full): the poster, or %NULL with @error set (an
 *   unknown grid or community, options that do not go together)
 */
GmPoster *
gm_poster_new (const char             *project_path,
               const GmPosterOptions  *options,
               GError                **error)
{
  g_autoptr(GmPoster) self = NULL;
  g_autoptr(GmStore) store = NULL;

  g_return_val_if_fail (project_path != NULL && options != NULL, NULL);

  if (!gm_poster_check_options (options, error))
    return NULL;
  self = g_object_new (GM_TYPE_POSTER, NULL);
  gm_poster_copy_options (self, options);
  store = gm_store_open (project_path, GM_STORE_OPEN_READONLY, error);
  if (store == NULL)
    return NULL;
  self->data = gm_poster_data_load (store, &self->options, error);
  if (self->data == NULL)
    return NULL;
  self->renderer = gm_renderer_new (project_path, error);
  if (self->renderer == NULL)
    return NULL;
  gm_poster_plan_pages (self);
  return g_steal_pointer (&self);
}

guint
gm_poster_get_n_pages (GmPoster *self)
{
  g_return_val_if_fail (GM_IS_POSTER (self), 0);
  return self->pages->len;
}

void
gm_poster_get_page_size (GmPoster *self,
                         double   *width_pt,
                         double   *height_pt)
{
  g_return_if_fail (GM_IS_POSTER (self));
  gm_paper_get_size (self->options.paper, self->options.landscape, width_pt, height_pt);
}

char *
gm_poster_dup_page_title (GmPoster *self,
                          guint     page)
{
  const GmPosterGrid *grid;

  g_return_val_if_fail (GM_IS_POSTER (self), NULL);
  g_return_val_if_fail (page < self->pages->len, NULL);

  grid = g_ptr_array_index (self->pages, page);
  if (grid == NULL)
    return g_strdup_printf ("%s %s", self->data->community_name != NULL ? self->data->community_name : "",
                            self->data->community_code != NULL ? self->data->community_code : "");
  return g_strdup_printf ("%s %s", grid->name != NULL ? grid->name : "", grid->code);
}

const char *
gm_poster_get_warning (GmPoster *self)
{
  g_return_val_if_fail (GM_IS_POSTER (self), NULL);

  if (g_atomic_int_get (&self->notice_cut))
    return _("The notice is too long for its space on the page and was shortened: shorten it, or choose larger paper");
  return NULL;
}

/* The size of the page's furniture: 1 on A4, 4 on A0, by the short side. */
static double
gm_poster_unit (double width,
                double height)
{
  return MIN (width, height) / 595.0;
}

gboolean
gm_poster_draw_page (GmPoster      *self,
                     cairo_t       *cr,
                     guint          page,
                     GCancellable  *cancellable,
                     GError       **error)
{
  GmPage p = { cr, self->renderer, self->data, &self->options };
  const GmPosterGrid *grid;
  gboolean ok;

  g_return_val_if_fail (GM_IS_POSTER (self), FALSE);
  g_return_val_if_fail (cr != NULL && page < self->pages->len, FALSE);

  gm_poster_get_page_size (self, &p.width, &p.height);
  p.u = gm_poster_unit (p.width, p.height);
  p.cancellable = cancellable;
  p.notice_cut = &self->notice_cut;
  grid = g_ptr_array_index (self->pages, page);
  cairo_save (cr);
  if (self->options.kind == GM_POSTER_CARDS)
    ok = gm_page_draw_cards (&p, grid, error);
  else if (grid == NULL)
    ok = gm_page_draw_community_poster (&p, error);
  else
    ok = gm_page_draw_grid_poster (&p, grid, error);
  cairo_restore (cr);
  return ok;
}

const GmPosterData *
gm_poster_get_data (GmPoster *self)
{
  return self->data;
}

static double
gm_extent_area (const GmExtent *e)
{
  return gm_extent_is_empty (e) ? 0 : (e->max_lon - e->min_lon) * (e->max_lat - e->min_lat);
}

guint64
gm_poster_get_page_features (GmPoster *self,
                             guint     page)
{
  const GmPosterGrid *grid = g_ptr_array_index (self->pages, page);
  double whole = gm_extent_area (&self->data->extent);

  if (grid == NULL || whole <= 0)
    return self->data->features;
  /* A grid's frame shows its neighbourhood too: about four times its box. */
  return (guint64) (self->data->features * MIN (1.0, 4 * gm_extent_area (&grid->extent) / whole));
}
