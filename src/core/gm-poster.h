/* gm-poster.h — printed grid maps for public posting, atlases and contact
 * cards.
 *
 * A GmPoster is a print job of a project: its pages are laid out from the
 * options and drawn with cairo on any surface — a PDF, SVG or PNG file, the
 * app's preview, or a printer — with the map drawn by the map's own renderer
 * (gm-render.h), so what is printed is what is seen. Nothing of a resident
 * is read: pages carry grids, their workers' public contacts, the map, and
 * hazard counts only when asked for.
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "gm-import.h"
#include "gm-store.h"

G_BEGIN_DECLS

#define GM_POSTER_ERROR (gm_poster_error_quark ())

typedef enum
{
  GM_POSTER_ERROR_NOT_FOUND,   /* no such grid or community */
  GM_POSTER_ERROR_INVALID,     /* options that do not go together */
  GM_POSTER_ERROR_TOO_LARGE,   /* the output would be too large to make */
  GM_POSTER_ERROR_WRITE,       /* the file cannot be written */
  GM_POSTER_ERROR_IMAGE,       /* a worker's photo cannot be read */
} GmPosterError;

GQuark gm_poster_error_quark (void);

typedef enum
{
  GM_POSTER_GRID,        /* one grid: its map, worker and QR code */
  GM_POSTER_COMMUNITY,   /* a community with all its grids and workers */
  GM_POSTER_ATLAS,       /* a grid poster per grid of a community */
  GM_POSTER_CARDS,       /* sheets of contact cards, one per grid */
} GmPosterKind;

typedef enum
{
  GM_PAPER_A0,
  GM_PAPER_A1,
  GM_PAPER_A2,
  GM_PAPER_A3,
  GM_PAPER_A4,
} GmPaper;

typedef enum
{
  GM_POSTER_PDF,
  GM_POSTER_SVG,
  GM_POSTER_PNG,
} GmPosterFormat;

/* PNG resolutions accepted, in dots per inch. */
#define GM_POSTER_MIN_DPI 30
#define GM_POSTER_MAX_DPI 1200

typedef struct
{
  GmPosterKind  kind;
  const char   *grid_code;       /* GRID; CARDS for one grid */
  const char   *community_code;  /* COMMUNITY, ATLAS; CARDS for every grid of it */
  GmPaper       paper;
  gboolean      landscape;
  gboolean      hazard_counts;   /* print each grid's open and overdue hazard counts */
  const char   *notice;          /* NULL: the project's notice (gm_poster_dup_notice()) */
  const char   *date;            /* YYYY-MM-DD printed on the pages; NULL: today */
} GmPosterOptions;

/* Paper: "A0" … "A4", case-insensitive. */
gboolean    gm_paper_from_string     (const char     *text,
                                      GmPaper        *out);
const char *gm_paper_to_string       (GmPaper         paper);
void        gm_paper_get_size        (GmPaper         paper,
                                      gboolean        landscape,
                                      double         *width_pt,
                                      double         *height_pt);
/* The format a file name asks for by its suffix (.pdf, .svg, .png). */
gboolean    gm_poster_format_from_path (const char     *path,
                                        GmPosterFormat *out);

/* The office's notice text printed on posters, kept in the project so the
 * app and gridmap-cli share it; NULL or "" removes it. */
char       *gm_poster_dup_notice     (GmStore        *store);
gboolean    gm_poster_set_notice     (GmStore        *store,
                                      const char     *notice,
                                      GError        **error);
/* A grid worker's photo (PNG or JPEG, at most 2 MB), kept in the project;
 * @image_path NULL removes it. */
gboolean    gm_poster_set_worker_photo (GmStore      *store,
                                        const char   *grid_code,
                                        const char   *image_path,
                                        GError      **error);
gboolean    gm_poster_has_worker_photo (GmStore      *store,
                                        const char   *grid_code);

/* The current grids (code, name) or the communities of a project, by code,
 * to choose what to print: a GPtrArray of GmCommunityInfo. */
GPtrArray  *gm_poster_dup_grids      (GmStore        *store,
                                      GError        **error);
GPtrArray  *gm_poster_dup_communities (GmStore       *store,
                                       GError       **error);

/* What an export would make, checked before it starts. */
typedef struct
{
  guint    pages;
  guint    files;            /* PNG and SVG hold one page: one file per page */
  int      width_px;         /* PNG only */
  int      height_px;
  guint64  estimated_bytes;
  char    *warning;          /* large but possible: say so before starting */
} GmPosterCheck;

void        gm_poster_check_clear    (GmPosterCheck  *check);

#define GM_TYPE_POSTER (gm_poster_get_type ())
G_DECLARE_FINAL_TYPE (GmPoster, gm_poster, GM, POSTER, GObject)

GmPoster   *gm_poster_new            (const char             *project_path,
                                      const GmPosterOptions  *options,
                                      GError                **error);
guint       gm_poster_get_n_pages    (GmPoster       *self);
void        gm_poster_get_page_size  (GmPoster       *self,
                                      double         *width_pt,
                                      double         *height_pt);
/* What page @page shows, e.g. "第3网格 990101001001003". */
char       *gm_poster_dup_page_title (GmPoster       *self,
                                      guint           page);
/* Layout remarks, e.g. a notice shortened to fit; NULL when none. */
const char *gm_poster_get_warning    (GmPoster       *self);

/* Draws page @page (from 0) in points at the origin of @cr. Thread-safe:
 * any thread may draw any page, also several at once. */
gboolean    gm_poster_draw_page      (GmPoster       *self,
                                      cairo_t        *cr,
                                      guint           page,
                                      GCancellable   *cancellable,
                                      GError        **error);

/* Checks an export before it is made: FALSE with GM_POSTER_ERROR_TOO_LARGE
 * (and a way out in the message) when it cannot be made. */
gboolean    gm_poster_check          (GmPoster       *self,
                                      GmPosterFormat  format,
                                      double          dpi,
                                      GmPosterCheck  *out,
                                      GError        **error);
/* The file names an export to @path writes: @path itself, or for PNG and
 * SVG of several pages NAME-01.png, NAME-02.png, … */
GStrv       gm_poster_dup_file_names (GmPoster       *self,
                                      const char     *path,
                                      GmPosterFormat  format);

/* Writes the pages to @path; each file appears whole or not at all. */
gboolean    gm_poster_export         (GmPoster        *self,
                                      const char      *path,
                                      GmPosterFormat   format,
                                      double           dpi,
                                      GmProgressFunc   progress,
                                      gpointer         progress_data,
                                      GCancellable    *cancellable,
                                      GError         **error);
/* The same in a worker thread; progress is reported in the caller's main
 * context. */
void        gm_poster_export_async   (GmPoster            *self,
                                      const char          *path,
                                      GmPosterFormat       format,
                                      double               dpi,
                                      GmProgressFunc       progress,
                                      gpointer             progress_data,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean    gm_poster_export_finish  (GmPoster            *self,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
