/* gm-poster-private.h — what the files of the poster module share.
 *
 * gm-poster.c        the GmPoster object: options, pages, paper, settings
 * gm-poster-data.c   what is printed, read from the project (no resident)
 * gm-poster-photo.c  workers' photos: checked, stored, decoded
 * gm-poster-layout.c where things go on a page, from its size and the map's shape
 * gm-poster-text.c   text with pango
 * gm-poster-map.c    map frames by the renderer, scale bar, north arrow
 * gm-poster-panel.c  title, contacts, legend, notice and footer
 * gm-poster-cards.c  sheets of contact cards
 * gm-poster-export.c files, size checks, threads
 */
#pragma once

#include <pango/pangocairo.h>

#include "gm-poster.h"
#include "gm-render.h"

G_BEGIN_DECLS

/* ---- data ------------------------------------------------------------------ */

typedef struct
{
  gint64    id;
  char     *code;
  char     *name;
  char     *worker_name;
  char     *worker_phone;
  int       color;
  GmExtent  extent;
  int       households;
  int       open_hazards;
  int       overdue_hazards;
  GBytes   *photo;          /* the image file's bytes; NULL when none */
} GmPosterGrid;

typedef struct
{
  char      *community_code;
  char      *community_name;
  GmExtent   extent;        /* the community's, or its grids' */
  GPtrArray *grids;         /* of GmPosterGrid, by code */
  char      *notice;
  char      *attribution;
  char      *date;
  guint64    features;      /* buildings and streets in the extent */
} GmPosterData;

GmPosterData *gm_poster_data_load (GmStore                *store,
                                   const GmPosterOptions  *options,
                                   GError                **error);
void          gm_poster_data_free (GmPosterData           *data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GmPosterData, gm_poster_data_free)

const GmPosterGrid *gm_poster_data_find_grid (const GmPosterData *data,
                                              const char         *code);

#define GM_POSTER_PHOTO_MAX_BYTES (2 * 1024 * 1024)
#define GM_POSTER_META_NOTICE "poster.notice"
#define GM_POSTER_META_PHOTO  "poster.photo."

/* The photo as an image for cairo (with its JPEG data attached, so PDFs
 * embed the file as it is); NULL with @error when it cannot be read. */
cairo_surface_t *gm_poster_photo_decode (GBytes  *bytes,
                                         GError **error);
GBytes          *gm_poster_photo_load   (GmStore    *store,
                                         const char *grid_code);

const GmPosterData *gm_poster_get_data          (GmPoster *self);
/* About how many features page @page draws, for size estimates. */
guint64             gm_poster_get_page_features (GmPoster *self,
                                                 guint     page);

/* ---- a page being drawn --------------------------------------------------------- */

typedef struct
{
  cairo_t               *cr;
  GmRenderer            *renderer;
  const GmPosterData    *data;
  const GmPosterOptions *options;
  double                 width;     /* of the page, in points */
  double                 height;
  double                 u;         /* size of the furniture: 1 on A4, 4 on A0 */
  GCancellable          *cancellable;
  gint                  *notice_cut;  /* set when the notice had to be shortened */
} GmPage;

typedef struct
{
  double x, y, w, h;
} GmBox;

/* ---- layout ------------------------------------------------------------------- */

/* A grid or community poster: header, map, side or bottom panel, footer. */
typedef struct
{
  GmBox    header;
  GmBox    map;
  GmBox    panel;
  GmBox    footer;
  gboolean panel_beside;    /* TRUE: the panel is right of the map */
  double   zoom;            /* at which the extent fits the map frame */
} GmPosterLayout;

/* The map's print resolution: points per pixel of the map's style. */
double   gm_poster_map_px          (double                 u);
void     gm_poster_layout_compute  (double                 width,
                                    double                 height,
                                    double                 u,
                                    const GmExtent        *extent,
                                    double                 panel_share,
                                    GmPosterLayout        *out);
/* Splits @box into @n cells in the columns and rows that give cells the
 * nearest to @aspect (width / height). */
void     gm_poster_layout_cells    (const GmBox           *box,
                                    guint                  n,
                                    double                 aspect,
                                    guint                 *columns,
                                    guint                 *rows);

/* ---- text ---------------------------------------------------------------------- */

typedef enum
{
  GM_TEXT_REGULAR = 0,
  GM_TEXT_BOLD    = 1 << 0,
  GM_TEXT_CENTER  = 1 << 1,
  GM_TEXT_RIGHT   = 1 << 2,
} GmTextStyle;

/* A layout of @text (markup when @markup) at @size points, wrapped to
 * @width (≤ 0: not wrapped). */
PangoLayout *gm_page_layout   (GmPage      *page,
                               const char  *text,
                               double       size,
                               GmTextStyle  style,
                               double       width);
/* Draws @text at (x, y), wrapped to @width; returns its height. */
double       gm_page_text     (GmPage      *page,
                               double       x,
                               double       y,
                               double       width,
                               double       size,
                               GmTextStyle  style,
                               guint32      rgb,
                               const char  *text);
/* Draws @text on one line, smaller than @size when it would be wider than
 * @width; returns its height. */
double       gm_page_text_line (GmPage      *page,
                                double       x,
                                double       y,
                                double       width,
                                double       size,
                                GmTextStyle  style,
                                guint32      rgb,
                                const char  *text);
/* Draws @text in @box at the largest size from @size down to @min_size at
 * which it fits; FALSE when even @min_size does not (it is then cut off at
 * the box's end with an ellipsis). */
gboolean     gm_page_text_fit (GmPage      *page,
                               const GmBox *box,
                               double       size,
                               double       min_size,
                               GmTextStyle  style,
                               guint32      rgb,
                               const char  *text);
void         gm_page_set_rgb  (GmPage      *page,
                               guint32      rgb);
/* "199 0000 7838": a mobile number as people read it aloud. */
char        *gm_poster_format_phone (const char *phone);

/* ---- maps ----------------------------------------------------------------------- */

typedef struct
{
  GmBox     box;
  GmExtent  extent;      /* what must show */
  gint64    focus_grid;
  GmLayers  layers;
  double    px;          /* points per map pixel */
  gboolean  furniture;   /* scale bar and north arrow */
  gboolean  nice_scale;  /* round the scale to 1:2 500 and the like */
} GmPageMap;

gboolean gm_page_draw_map      (GmPage           *page,
                                const GmPageMap  *map,
                                GError          **error);

/* ---- panels (gm-poster-panel.c) ---------------------------------------------------- */

/* The colour of titles and rules: a deep blue, as street-office notices. */
#define GM_POSTER_ACCENT 0x1f4e8c

void     gm_panel_grid_header      (GmPage              *page,
                                    const GmBox         *box,
                                    const GmPosterGrid  *grid);
void     gm_panel_community_header (GmPage              *page,
                                    const GmBox         *box);
void     gm_panel_footer           (GmPage              *page,
                                    const GmBox         *box);
double   gm_panel_section_title    (GmPage              *page,
                                    const GmBox         *box,
                                    const char          *title);
char    *gm_panel_grid_title       (const GmPosterData  *data,
                                    const GmPosterGrid  *grid);
gboolean gm_panel_qr               (GmPage              *page,
                                    const GmPosterGrid  *grid,
                                    const GmBox         *box,
                                    GError             **error);
/* Returns the height used, or -1 with @error set. */
double   gm_panel_contact          (GmPage              *page,
                                    const GmPosterGrid  *grid,
                                    const GmBox         *box,
                                    GError             **error);
double   gm_panel_facts            (GmPage              *page,
                                    const GmPosterGrid  *grid,
                                    const GmBox         *box);
double   gm_panel_legend_height    (GmPage              *page,
                                    double               width,
                                    gboolean             focus,
                                    guint                columns);
double   gm_panel_legend           (GmPage              *page,
                                    const GmBox         *box,
                                    gboolean             focus,
                                    guint                columns);
gboolean gm_panel_notice           (GmPage              *page,
                                    const GmBox         *box);

/* ---- pages (gm-poster-pages.c, gm-poster-cards.c) ------------------------------------- */

gboolean gm_page_draw_grid_poster      (GmPage              *page,
                                        const GmPosterGrid  *grid,
                                        GError             **error);
gboolean gm_page_draw_community_poster (GmPage              *page,
                                        GError             **error);
gboolean gm_page_draw_cards            (GmPage              *page,
                                        const GmPosterGrid  *grid,
                                        GError             **error);

/* ---- QR codes ---------------------------------------------------------------------- */

/* The contact a grid's QR code holds: a MECARD (name, phone, note). */
char    *gm_poster_contact_payload (const GmPosterData *data,
                                    const GmPosterGrid *grid);

G_END_DECLS
