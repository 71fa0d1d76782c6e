/* gm-synth.c — the layout of a synthetic city, written as shapefiles.
 *
 * The city is a raster of communities, each 4×4 blocks, between straight
 * streets: an arterial every eighth street line (about 1.2 km apart, as
 * trunk roads are in Shenzhen), a secondary street round every community,
 * local streets between. Every 5×5 communities form a street office
 * (街道). Each community has a style — urban village, estate, old low-rise
 * housing, industry or commerce — that decides its buildings; some blocks are
 * parks. Buildings stand in rows inside their blocks.
 *
 * Grids follow the blocks, so their boundaries lie on street centre lines:
 * light blocks are grouped west to east within a block row until a group
 * holds ~400 households; a heavy block (village, estate) is cut into bands
 * between its rows of buildings. Grid polygons are unions of block cells
 * (a block and half of the streets around it), so the grids of a community
 * tile it exactly.
 *
 * Coordinates are laid out in metres and taken to lon/lat by the inverse of
 * a Lambert azimuthal equal-area projection centred in the sea south of the
 * Pearl River estuary, where no real city is.
 */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gm-autocleanups.h"
#include "gm-demo-private.h"
#include "gm-geo.h"
#include "gm-synth-private.h"

#define BLOCKS 4                   /* per community side */
#define COMMUNITIES_PER_STREET 5   /* per street office side */
#define TARGET_HOUSEHOLDS 400.0

/* ---- names --------------------------------------------------------------- */

static const char * const words[] = {
  "创业", "新安", "建安", "前进", "裕安", "海秀", "兴华", "龙井", "洪浪", "宝民",
  "翻身", "公园", "新湖", "甲岸", "留芳", "上川", "灵芝", "德政", "罗田", "松岗",
  "凤凰", "福永", "怀德", "塘尾", "桥头", "白石", "沙井", "新桥", "万丰", "后亭",
  "蚝乡", "衙边", "步涌", "共和", "黄埔", "西乡", "鹤洲", "固戍", "南昌", "航城",
  "臣田", "河东", "三围", "九围", "铁岗", "黄田", "钟屋", "草围", "茶树", "料坑",
  "长丰", "新城", "文汇", "明德", "安乐", "和平", "振兴", "富华", "锦绣", "星海",
};
static const char * const ordinals[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };

/* "创业一路", "新安三街": street line @i of an axis; the same line keeps its
 * name over its whole length. */
static char *
gm_synth_street_name (guint       i,
                      gboolean    vertical,
                      GmSynthRoad kind)
{
  const char *word = words[i % G_N_ELEMENTS (words)];
  guint n = i / G_N_ELEMENTS (words) % G_N_ELEMENTS (ordinals);
  const char *suffix = kind == GM_SYNTH_ARTERIAL ? "大道" : vertical ? "路" : "街";

  return g_strconcat (word, ordinals[n], suffix, NULL);
}

/* ---- the layout ------------------------------------------------------------ */

static GmSynthRoad
gm_synth_line_kind (guint i)
{
  return i % (2 * BLOCKS) == 0 ? GM_SYNTH_ARTERIAL : i % BLOCKS == 0 ? GM_SYNTH_SECONDARY : GM_SYNTH_LOCAL;
}

/* Half the width of street reserve @i: where blocks start. */
static double
gm_synth_half_width (guint i)
{
  static const double half[] = { [GM_SYNTH_ARTERIAL] = 20.0, [GM_SYNTH_SECONDARY] = 12.0,
                                 [GM_SYNTH_LOCAL] = 7.0 };

  return half[gm_synth_line_kind (i)];
}

/* Street centre lines of @n blocks from @origin: @n + 1 positions. */
static double *
gm_synth_lines (GRand  *rand,
                guint   n,
                double  origin,
                double  min_block,
                double  max_block)
{
  double *at = g_new (double, n + 1);

  at[0] = origin;
  for (guint i = 0; i < n; i++)
    at[i + 1] = at[i] + gm_synth_half_width (i) + g_rand_double_range (rand, min_block, max_block)
                + gm_synth_half_width (i + 1);
  return at;
}

void
gm_synth_options_init (GmSynthOptions *options)
{
  g_return_if_fail (options != NULL);

  options->buildings = 10000;
  options->seed = 20261204;
  options->resident_share = 1.0;
  options->hazards = TRUE;
}

GmSynthCity *
gm_synth_city_new (const GmSynthOptions *options)
{
  GmSynthCity *city = g_new0 (GmSynthCity, 1);

  city->options = *options;
  city->rand = g_rand_new_with_seed (options->seed);
  /* About 420 buildings a community: a square city of that many. */
  city->columns = MAX (1, (guint) lround (sqrt (options->buildings / 420.0)));
  city->x = gm_synth_lines (city->rand, city->columns * BLOCKS, 0.0, 90.0, 160.0);
  return city;
}

void
gm_synth_city_free (GmSynthCity *city)
{
  if (city == NULL)
    return;
  g_rand_free (city->rand);
  g_free (city->x);
  g_free (city->y);
  g_free (city);
}

/* Street lines of block rows up to community row @row. */
static void
gm_synth_city_grow (GmSynthCity *city,
                    guint        row)
{
  guint have = city->rows;

  if (row < have)
    return;
  city->rows = row + 1;
  city->y = g_renew (double, city->y, city->rows * BLOCKS + 1);
  if (have == 0)
    city->y[0] = 0.0;
  for (guint i = have * BLOCKS; i < city->rows * BLOCKS; i++)
    city->y[i + 1] = city->y[i] + gm_synth_half_width (i)
                     + g_rand_double_range (city->rand, 80.0, 140.0) + gm_synth_half_width (i + 1);
}

/* ---- buildings of a block ---------------------------------------------------- */

typedef struct
{
  double w_min, w_max;     /* along the street */
  double d_min, d_max;     /* depth */
  double gap_x, gap_y;
  double setback;
  int    floors_min, floors_max;
  int    per_floor_min, per_floor_max;
} GmSynthShape;

static const GmSynthShape shapes[GM_SYNTH_N_STYLES] = {
  [GM_SYNTH_VILLAGE] = { 9, 14, 9, 14, 2.5, 3.0, 3, 4, 8, 1, 3 },
  [GM_SYNTH_ESTATE] = { 25, 55, 12, 18, 15, 30, 10, 11, 33, 4, 8 },
  [GM_SYNTH_OLD] = { 30, 60, 10, 13, 8, 14, 6, 5, 7, 2, 4 },
  [GM_SYNTH_INDUSTRY] = { 40, 90, 25, 50, 15, 18, 10, 1, 5, 0, 0 },
  [GM_SYNTH_COMMERCE] = { 20, 45, 20, 40, 10, 12, 6, 3, 25, 0, 0 },
  [GM_SYNTH_PARK] = { 0 },
};

static const char *
gm_synth_use (GmSynthCity *city,
              GmSynthStyle style,
              int         *households,
              int          floors)
{
  GRand *r = city->rand;

  switch (style)
    {
    case GM_SYNTH_VILLAGE:
      return gm_demo_chance (r, 0.7) ? "rental" : "mixed";
    case GM_SYNTH_ESTATE:
    case GM_SYNTH_OLD:
      return "residential";
    case GM_SYNTH_INDUSTRY:
      /* One factory building in seven is a dormitory. */
      if (gm_demo_chance (r, 0.15))
        {
          *households = floors * g_rand_int_range (r, 6, 16);
          return "residential";
        }
      return "industrial";
    case GM_SYNTH_COMMERCE:
    case GM_SYNTH_PARK:
    case GM_SYNTH_N_STYLES:
    default:
      return "commercial";
    }
}

/* Lays the buildings of one block out in rows; stops when the city has as
 * many as it should. */
static void
gm_synth_fill_block (GmSynthCity            *city,
                     const GmSynthCommunity *c,
                     GmSynthBlock           *block,
                     GmSynthSink            *sink)
{
  const GmSynthShape *s = &shapes[block->style];
  GRand *r = city->rand;
  double y = block->y0 + s->setback;

  if (block->style == GM_SYNTH_PARK)
    return;
  while (city->made < city->options.buildings)
    {
      double depth = g_rand_double_range (r, s->d_min, s->d_max);
      double x = block->x0 + s->setback;
      gboolean any = FALSE;

      if (y + depth > block->y1 - s->setback)
        break;
      while (city->made < city->options.buildings)
        {
          double width = g_rand_double_range (r, s->w_min, s->w_max);
          GmSynthBuilding b = { 0 };

          if (x + width > block->x1 - s->setback)
            break;
          b.x0 = x;
          b.y0 = y;
          b.x1 = x + width;
          b.y1 = y + depth;
          b.row = block->rows;
          b.floors = g_rand_int_range (r, s->floors_min, s->floors_max + 1);
          b.households = b.floors * g_rand_int_range (r, s->per_floor_min, s->per_floor_max + 1);
          b.use = gm_synth_use (city, block->style, &b.households, b.floors);
          block->households += b.households;
          block->row_households[block->rows] += b.households;
          city->made++;
          any = TRUE;
          sink->building (sink, c, block, &b);
          x += width + s->gap_x * g_rand_double_range (r, 0.8, 1.3);
        }
      if (any)
        {
          block->row_bottom[block->rows] = y;
          block->row_top[block->rows++] = y + depth;
        }
      if (block->rows == G_N_ELEMENTS (block->row_top))
        break;
      y += depth + s->gap_y * g_rand_double_range (r, 0.8, 1.3);
    }
}

static GmSynthStyle
gm_synth_community_style (GRand *r)
{
  double u = g_rand_double (r);

  return u < 0.35 ? GM_SYNTH_VILLAGE : u < 0.60 ? GM_SYNTH_ESTATE : u < 0.80 ? GM_SYNTH_OLD
         : u < 0.92 ? GM_SYNTH_INDUSTRY : GM_SYNTH_COMMERCE;
}

/* ---- grids of a community -------------------------------------------------------- */

static void
gm_synth_add_cell (GmSynthGrid *grid,
                   double       x0,
                   double       y0,
                   double       x1,
                   double       y1,
                   double       households)
{
  GmSynthCell cell = { x0, y0, x1, y1 };

  g_array_append_val (grid->cells, cell);
  grid->households += households;
}

static GmSynthGrid *
gm_synth_new_grid (GPtrArray *grids,
                   guint      row)
{
  GmSynthGrid *grid = g_new0 (GmSynthGrid, 1);

  grid->cells = g_array_new (FALSE, FALSE, sizeof (GmSynthCell));
  grid->row = row;
  g_ptr_array_add (grids, grid);
  return grid;
}

void
gm_synth_grid_free (gpointer data)
{
  GmSynthGrid *grid = data;

  g_array_unref (grid->cells);
  g_free (grid);
}

/* Cuts a heavy block into bands between its rows of buildings, each of
 * about the target households; a cut runs halfway across the gap between
 * two rows. */
static void
gm_synth_band_block (GPtrArray          *grids,
                     guint               row,
                     const GmSynthBlock *b,
                     double              cx0,
                     double              cx1,
                     double              cy0,
                     double              cy1)
{
  guint bands = CLAMP ((guint) lround (b->households / TARGET_HOUSEHOLDS), 1, b->rows);
  double bottom = cy0;
  guint from = 0;

  for (guint k = 1; k <= bands; k++)
    {
      guint to = k == bands ? b->rows : MAX (from + 1, (guint) lround ((double) b->rows * k / bands));
      double top = to >= b->rows ? cy1 : (b->row_top[to - 1] + b->row_bottom[to]) / 2.0;
      double households = 0;

      for (guint i = from; i < to; i++)
        households += b->row_households[i];
      gm_synth_add_cell (gm_synth_new_grid (grids, row), cx0, bottom, cx1, top, households);
      bottom = top;
      from = to;
    }
}

/* Groups the blocks of one block row of a community into grids. */
static void
gm_synth_group_row (GmSynthCity   *city,
                    GPtrArray     *grids,
                    guint          row,
                    GmSynthBlock  *blocks,
                    guint          bx,
                    guint          by)
{
  GmSynthGrid *open = NULL;
  double cy0 = city->y[by + row];
  double cy1 = city->y[by + row + 1];

  for (guint c = 0; c < BLOCKS; c++)
    {
      const GmSynthBlock *b = &blocks[row * BLOCKS + c];
      double cx0 = city->x[bx + c];
      double cx1 = city->x[bx + c + 1];

      if (b->households >= 1.5 * TARGET_HOUSEHOLDS && b->rows >= 2)
        {
          guint first = grids->len;

          gm_synth_band_block (grids, row, b, cx0, cx1, cy0, cy1);
          /* A light group to the west joins the first band: it touches every band. */
          if (open != NULL && open->households < TARGET_HOUSEHOLDS / 2)
            {
              GmSynthGrid *band = g_ptr_array_index (grids, first);

              g_array_append_vals (band->cells, open->cells->data, open->cells->len);
              band->households += open->households;
              g_ptr_array_remove_fast (grids, open);
            }
          open = NULL;
          continue;
        }
      if (open == NULL)
        open = gm_synth_new_grid (grids, row);
      gm_synth_add_cell (open, cx0, cy0, cx1, cy1, b->households);
      if (open->households >= TARGET_HOUSEHOLDS)
        open = NULL;
    }
  /* A light group left at the east end joins its western neighbour, which
   * touches it whether it is a band or a group of whole blocks. */
  if (open != NULL && open->households < TARGET_HOUSEHOLDS / 2 && grids->len >= 2)
    {
      GmSynthGrid *prev = g_ptr_array_index (grids, grids->len - 2);

      if (prev->row == row)
        {
          g_array_append_vals (prev->cells, open->cells->data, open->cells->len);
          prev->households += open->households;
          g_ptr_array_remove_index (grids, grids->len - 1);
        }
    }
}

static int
gm_synth_grid_order (gconstpointer a,
                     gconstpointer b)
{
  const GmSynthGrid *ga = *(GmSynthGrid **) a;
  const GmSynthGrid *gb = *(GmSynthGrid **) b;
  const GmSynthCell *ca = &g_array_index (ga->cells, GmSynthCell, 0);
  const GmSynthCell *cb = &g_array_index (gb->cells, GmSynthCell, 0);

  /* Standard codes: north to south, then west to east. */
  if (ga->row != gb->row)
    return ga->row > gb->row ? -1 : 1;
  if (ca->y1 != cb->y1 && ca->x0 == cb->x0)
    return ca->y1 > cb->y1 ? -1 : 1;
  return ca->x0 < cb->x0 ? -1 : ca->x0 > cb->x0 ? 1 : 0;
}

/* Moves the grids from @from on into the first grid before @from that has
 * a cell on the street line @line from the side @below: the moved row of
 * cells spans the community's width, so it touches that cell. */
static void
gm_synth_join_row (GPtrArray *grids,
                   guint      from,
                   guint      to,
                   guint      into_from,
                   guint      into_to,
                   double     line,
                   gboolean   below)
{
  GmSynthGrid *into = NULL;

  for (guint i = into_from; i < into_to && into == NULL; i++)
    {
      GmSynthGrid *g = g_ptr_array_index (grids, i);

      for (guint k = 0; k < g->cells->len && into == NULL; k++)
        {
          const GmSynthCell *cell = &g_array_index (g->cells, GmSynthCell, k);

          if ((below && cell->y1 == line) || (!below && cell->y0 == line))
            into = g;
        }
    }
  if (into == NULL)
    return;
  for (guint i = from; i < to; i++)
    {
      GmSynthGrid *g = g_ptr_array_index (grids, i);

      g_array_append_vals (into->cells, g->cells->data, g->cells->len);
      into->households += g->households;
    }
  g_ptr_array_remove_range (grids, from, to - from);
}

/* The grids of a community, in code order. A block row with no households
 * at all (parks, warehouses, or blocks the city ran out of buildings for)
 * joins the row south of it; a southern row with none joins the row north. */
GPtrArray *
gm_synth_community_grids (GmSynthCity  *city,
                          GmSynthBlock *blocks,
                          guint         bx,
                          guint         by)
{
  GPtrArray *grids = g_ptr_array_new_with_free_func (gm_synth_grid_free);
  guint first_row_end = 0;
  gboolean first_row_empty = FALSE;

  for (guint row = 0; row < BLOCKS; row++)
    {
      guint before = grids->len;
      double households = 0;

      gm_synth_group_row (city, grids, row, blocks, bx, by);
      for (guint i = before; i < grids->len; i++)
        households += ((GmSynthGrid *) g_ptr_array_index (grids, i))->households;
      if (row == 0)
        {
          first_row_end = grids->len;
          first_row_empty = households == 0;
        }
      else if (households == 0)
        gm_synth_join_row (grids, before, grids->len, 0, before, city->y[by + row], TRUE);
    }
  if (first_row_empty && grids->len > first_row_end)
    gm_synth_join_row (grids, 0, first_row_end, first_row_end, grids->len, city->y[by + 1], FALSE);
  g_ptr_array_sort (grids, gm_synth_grid_order);
  return grids;
}

/* ---- the whole city ------------------------------------------------------------- */

void
gm_synth_city_run (GmSynthCity *city,
                   GmSynthSink *sink)
{
  for (guint i = 0; city->made < city->options.buildings; i++)
    {
      GmSynthCommunity c = { 0 };
      GmSynthBlock blocks[BLOCKS * BLOCKS] = { 0 };
      guint cc = i % city->columns;
      guint cr = i / city->columns;
      guint streets_per_row = (city->columns + COMMUNITIES_PER_STREET - 1) / COMMUNITIES_PER_STREET;
      GmSynthStyle style = gm_synth_community_style (city->rand);

      gm_synth_city_grow (city, cr);
      c.column = cc;
      c.row = cr;
      c.bx = cc * BLOCKS;
      c.by = cr * BLOCKS;
      c.street = (cr / COMMUNITIES_PER_STREET) * streets_per_row + cc / COMMUNITIES_PER_STREET + 1;
      c.index = (cr % COMMUNITIES_PER_STREET) * COMMUNITIES_PER_STREET + cc % COMMUNITIES_PER_STREET + 1;
      c.name = g_strconcat (words[(i * 7 + 3) % G_N_ELEMENTS (words)],
                            ordinals[i / G_N_ELEMENTS (words) % G_N_ELEMENTS (ordinals)], "社区", NULL);
      c.code = g_strdup_printf ("990201%03u%03u", c.street, c.index);

      for (guint b = 0; b < BLOCKS * BLOCKS; b++)
        {
          GmSynthBlock *block = &blocks[b];
          guint bx = c.bx + b % BLOCKS;
          guint by = c.by + b / BLOCKS;

          block->column = bx;
          block->row = by;
          block->x0 = city->x[bx] + gm_synth_half_width (bx);
          block->x1 = city->x[bx + 1] - gm_synth_half_width (bx + 1);
          block->y0 = city->y[by] + gm_synth_half_width (by);
          block->y1 = city->y[by + 1] - gm_synth_half_width (by + 1);
          block->style = gm_demo_chance (city->rand, 0.06) ? GM_SYNTH_PARK
                         : gm_demo_chance (city->rand, 0.08) ? GM_SYNTH_COMMERCE : style;
          block->street = gm_synth_street_name (by, FALSE, gm_synth_line_kind (by));
          gm_synth_fill_block (city, &c, block, sink);
          sink->block (sink, &c, block);
        }
      sink->community (sink, &c, blocks);
      for (guint b = 0; b < BLOCKS * BLOCKS; b++)
        g_free (blocks[b].street);
      g_free (c.name);
      g_free (c.code);
    }
}

/* The street segments a community writes: its interior lines and its east
 * and north edges, plus the west and south edges of the city. Each segment
 * of the network is then written exactly once. */
void
gm_synth_community_streets (GmSynthCity            *city,
                            const GmSynthCommunity *c,
                            GmSynthStreetFunc       func,
                            gpointer                data)
{
  for (guint axis = 0; axis < 2; axis++)
    {
      gboolean vertical = axis == 0;
      guint first = vertical ? c->bx : c->by;
      guint other = vertical ? c->by : c->bx;
      const double *along = vertical ? city->y : city->x;
      const double *across = vertical ? city->x : city->y;

      for (guint line = first; line <= first + BLOCKS; line++)
        {
          g_autofree char *name = NULL;

          if (line == first && first != 0)
            continue;
          name = gm_synth_street_name (line, vertical, gm_synth_line_kind (line));
          for (guint seg = other; seg < other + BLOCKS; seg++)
            {
              double a = across[line];

              if (vertical)
                func (a, along[seg], a, along[seg + 1], name, gm_synth_line_kind (line), data);
              else
                func (along[seg], a, along[seg + 1], a, name, gm_synth_line_kind (line), data);
            }
        }
    }
}
