/* gm-hotspot-style.c — colours, class breaks and legends of the hot-spot
 * layers (palettes: see gm-hotspot-style.h). */
#include "gm-config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "gm-hazard.h"
#include "gm-hotspot-style.h"

/* ColorBrewer YlOrRd, with an opacity that rises with the density so that
 * the map shows through where there is little. */
static const struct { double t; guint32 rgb; double alpha; } heat_stops[] = {
  { 0.00, 0xffffb2, 0.00 },
  { 0.10, 0xfed976, 0.40 },
  { 0.30, 0xfeb24c, 0.55 },
  { 0.50, 0xfd8d3c, 0.65 },
  { 0.70, 0xf03b20, 0.75 },
  { 1.00, 0xbd0026, 0.85 },
};

/* ColorBrewer RdBu (7), cold 99 % … hot 99 %. */
static const guint32 gi_rgb[7] = {
  0x2166ac, 0x67a9cf, 0xd1e5f0, 0xbdbdbd, 0xfddbc7, 0xef8a62, 0xb2182b,
};

/* ColorBrewer YlOrBr (5) and PuOr (5, purple = fewer). */
static const guint32 rate_rgb[5] = { 0xffffd4, 0xfed98e, 0xfe9929, 0xd95f0e, 0x993404 };
static const guint32 change_rgb[5] = { 0x5e3c99, 0xb2abd2, 0xf7f7f7, 0xfdb863, 0xe66101 };

static const guint32 status_rgb[] = {
  [GM_HAZARD_DISCOVERED] = 0xD55E00,
  [GM_HAZARD_NOTIFIED] = 0xE69F00,
  [GM_HAZARD_RECTIFIED] = 0x0072B2,
  [GM_HAZARD_CLOSED] = 0x8c8c8c,
};

#define NO_DATA_RGB 0xd9d9d9

void
gm_heat_color (double t,
               double rgba[4])
{
  guint k = 1;
  double f;

  t = CLAMP (t, 0.0, 1.0);
  if (t < 0.02)
    {
      rgba[0] = rgba[1] = rgba[2] = rgba[3] = 0.0;
      return;
    }
  while (k < G_N_ELEMENTS (heat_stops) - 1 && t > heat_stops[k].t)
    k++;
  f = (t - heat_stops[k - 1].t) / (heat_stops[k].t - heat_stops[k - 1].t);
  for (int c = 0; c < 3; c++)
    {
      int shift = 16 - 8 * c;
      double a = (heat_stops[k - 1].rgb >> shift & 0xff) / 255.0;
      double b = (heat_stops[k].rgb >> shift & 0xff) / 255.0;

      rgba[c] = a + (b - a) * f;
    }
  rgba[3] = heat_stops[k - 1].alpha + (heat_stops[k].alpha - heat_stops[k - 1].alpha) * f;
}

guint32
gm_gi_class_rgb (GmGiClass klass)
{
  return gi_rgb[CLAMP ((int) klass, -3, 3) + 3];
}

guint32
gm_status_rgb (GmHazardStatus status)
{
  return status_rgb[MIN (status, GM_HAZARD_CLOSED)];
}

guint32
gm_grid_class_rgb (GmGridMeasure measure,
                   int           klass)
{
  if (klass < 0 || klass > 4)
    return NO_DATA_RGB;
  return measure == GM_GRID_CHANGE ? change_rgb[klass] : rate_rgb[klass];
}

/* ---- breaks ------------------------------------------------------------------ */

/* The smallest 1, 2, 2.5 or 5 × 10^k at or above @value. */
static double
nice_ceiling (double value)
{
  static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  double magnitude;

  if (value <= 0)
    return 1.0;
  magnitude = pow (10.0, floor (log10 (value)));
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * magnitude >= value * (1 - 1e-12))
      return steps[i] * magnitude;
  return 10.0 * magnitude;
}

static double
measure_max (const GmHotspotResult *result,
             gboolean               absolute)
{
  double max = 0.0;

  for (guint i = 0; result->grids != NULL && i < result->grids->len; i++)
    {
      double v = gm_grid_rate_value (g_ptr_array_index (result->grids, i), result->measure);

      if (!isnan (v))
        max = MAX (max, absolute ? fabs (v) : v);
    }
  return max;
}

/* The upper limits of classes 0–3; class 4 is above. Rectification is
 * reversed (class 4, dark, is the lowest rate) by gm_grid_class(). */
static void
grid_breaks (const GmHotspotResult *result,
             double                 b[4])
{
  static const double rebound[4] = { 0.02, 0.05, 0.10, 0.20 };
  static const double rectification[4] = { 0.5, 0.7, 0.8, 0.9 };
  double step;

  switch (result->measure)
    {
    case GM_GRID_OPEN_PER_100:
      step = nice_ceiling (measure_max (result, FALSE)) / 5.0;
      break;
    case GM_GRID_OVERDUE:
      step = MAX (1.0, ceil (measure_max (result, FALSE) / 5.0));
      break;
    case GM_GRID_REBOUND:
      memcpy (b, rebound, sizeof rebound);
      return;
    case GM_GRID_RECTIFICATION:
      memcpy (b, rectification, sizeof rectification);
      return;
    case GM_GRID_CHANGE:
    case GM_GRID_N_MEASURES:
    default:
      /* Change: −a, −1, 0, +a around "no change". */
      step = MAX (2.0, ceil (measure_max (result, TRUE) / 2.0));
      b[0] = -step - 0.5;
      b[1] = -0.5;
      b[2] = 0.5;
      b[3] = step + 0.5;
      return;
    }
  for (int k = 0; k < 4; k++)
    b[k] = step * (k + 1);
}

int
gm_grid_class (const GmHotspotResult *result,
               const GmGridRate      *rate)
{
  double v = gm_grid_rate_value (rate, result->measure);
  double b[4];
  int k = 0;

  if (isnan (v))
    return -1;
  grid_breaks (result, b);
  if (result->measure == GM_GRID_RECTIFICATION)
    {
      while (k < 4 && v >= b[k])
        k++;
      return 4 - k;
    }
  if (result->measure == GM_GRID_REBOUND || result->measure == GM_GRID_CHANGE)
    while (k < 4 && v >= b[k])
      k++;
  else
    while (k < 4 && v > b[k] + 1e-9)
      k++;
  return k;
}

/* ---- legends -------------------------------------------------------------------- */

void
gm_legend_free (GmLegend *legend)
{
  if (legend == NULL)
    return;
  g_free (legend->title);
  g_free (legend->note);
  g_clear_pointer (&legend->entries, g_ptr_array_unref);
  g_free (legend);
}

void
gm_legend_entry_paint (const GmLegendEntry *e,
                       cairo_t             *cr,
                       double               x,
                       double               y,
                       double               width,
                       double               height)
{
  double r = (e->rgb >> 16 & 0xff) / 255.0, g = (e->rgb >> 8 & 0xff) / 255.0, b = (e->rgb & 0xff) / 255.0;

  g_return_if_fail (e != NULL && cr != NULL);

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  if (e->outline)
    {
      cairo_set_source_rgb (cr, r, g, b);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  else
    {
      cairo_set_source_rgb (cr, 0.95, 0.94, 0.91);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, r, g, b, e->alpha);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
      cairo_set_line_width (cr, 0.6);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
entry_free (gpointer data)
{
  GmLegendEntry *entry = data;

  g_free (entry->label);
  g_free (entry);
}

static void
add_entry (GmLegend *legend,
           guint32   rgb,
           double    alpha,
           gboolean  outline,
           char     *label)
{
  GmLegendEntry *entry = g_new0 (GmLegendEntry, 1);

  entry->rgb = rgb;
  entry->alpha = alpha;
  entry->outline = outline;
  entry->label = label;
  g_ptr_array_add (legend->entries, entry);
}

static GmLegend *
legend_new (const char *title)
{
  GmLegend *legend = g_new0 (GmLegend, 1);

  legend->title = g_strdup (title);
  legend->entries = g_ptr_array_new_with_free_func (entry_free);
  return legend;
}

/* A density for people: 3.2, 48, 1,250. */
static char *
format_density (double value)
{
  return g_strdup_printf (value < 10 ? "%.1f" : "%.0f", value);
}

static void
heat_legend (const GmHotspotResult *r,
             GmLegend              *legend)
{
  static const double bounds[] = { 0.02, 0.2, 0.4, 0.6, 0.8, 1.0 };

  legend->note = r->kde_error != NULL
    ? g_strdup (r->kde_error->message)
    : g_strdup_printf (r->bandwidth_auto ? _("%s per km²; bandwidth %.0f m (spatial Silverman rule)")
                                         : _("%s per km²; bandwidth %.0f m"),
                       r->weight == GM_WEIGHT_STATUS ? _("Weighted hazards") : _("Hazards"),
                       r->bandwidth_m);
  for (guint k = 0; r->kde_error == NULL && k + 1 < G_N_ELEMENTS (bounds); k++)
    {
      double rgba[4];
      g_autofree char *low = format_density (bounds[k] * r->max_density);
      g_autofree char *high = format_density (bounds[k + 1] * r->max_density);

      gm_heat_color ((bounds[k] + bounds[k + 1]) / 2, rgba);
      add_entry (legend, (guint32) (rgba[0] * 255 + 0.5) << 16 | (guint32) (rgba[1] * 255 + 0.5) << 8
                 | (guint32) (rgba[2] * 255 + 0.5), rgba[3], FALSE,
                 /* Translators: a range of densities, e.g. "12–24" */
                 g_strdup_printf (_("%s–%s"), low, high));
    }
}

static void
gi_legend (const GmHotspotResult *r,
           GmLegend              *legend)
{
  /* The labels hold a percent sign, not a printf format. */
  static const struct { GmGiClass klass; const char *label; } classes[] = {
    /* xgettext:no-c-format */
    { GM_GI_HOT_99, N_("Hot spot, 99 % confidence") },
    /* xgettext:no-c-format */
    { GM_GI_HOT_95, N_("Hot spot, 95 % confidence") },
    /* xgettext:no-c-format */
    { GM_GI_HOT_90, N_("Hot spot, 90 % confidence") },
    { GM_GI_NOT_SIGNIFICANT, N_("Not significant") },
    /* xgettext:no-c-format */
    { GM_GI_COLD_90, N_("Cold spot, 90 % confidence") },
    /* xgettext:no-c-format */
    { GM_GI_COLD_95, N_("Cold spot, 95 % confidence") },
    /* xgettext:no-c-format */
    { GM_GI_COLD_99, N_("Cold spot, 99 % confidence") },
  };

  if (r->gi_error != NULL)
    {
      legend->note = g_strdup (r->gi_error->message);
      return;
    }
  legend->note = g_strdup_printf (_("Hexagons of %.0f m, distance band %.0f m, "
                                    "false discovery rate corrected"), r->cell_size_m, r->band_m);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      guint n = r->class_counts[classes[i].klass + 3];

      add_entry (legend, gm_gi_class_rgb (classes[i].klass), GM_HOTSPOT_ALPHA,
                 classes[i].klass == GM_GI_NOT_SIGNIFICANT,
                 /* Translators: a class of cells and how many cells are in it */
                 g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u cell)", "%s (%u cells)", n),
                                  _(classes[i].label), n));
    }
}

/* A range "low–high" of two numbers, whole or as short as they go. */
static char *
range_label (gboolean whole,
             double   low,
             double   high)
{
  g_autofree char *a = whole ? g_strdup_printf ("%.0f", low) : g_strdup_printf ("%g", low);
  g_autofree char *b = whole ? g_strdup_printf ("%.0f", high) : g_strdup_printf ("%g", high);

  /* Translators: a range of values, e.g. "2–4" */
  return g_strdup_printf (_("%s–%s"), a, b);
}

static char *
change_label (int a,
              int k)
{
  switch (k)
    {
    case 0:
      /* Translators: hazards found this month against last month */
      return g_strdup_printf (_("%d or more fewer"), a + 1);
    case 1:
      return g_strdup_printf (_("1–%d fewer"), a);
    case 2:
      return g_strdup (_("no change"));
    case 3:
      return g_strdup_printf (_("1–%d more"), a);
    default:
      return g_strdup_printf (_("%d or more more"), a + 1);
    }
}

/* The label of class @k (0 light – 4 dark) of the result's measure. */
static char *
grid_class_label (const GmHotspotResult *r,
                  const double           b[4],
                  int                    k)
{
  static const char * const rebound[] = {
    N_("under 2 %"), N_("2–5 %"), N_("5–10 %"), N_("10–20 %"),
    /* xgettext:no-c-format */
    N_("20 % or more"),
  };
  static const char * const rectification[] = {
    /* xgettext:no-c-format */
    N_("90 % or more"),
    N_("80–90 %"), N_("70–80 %"), N_("50–70 %"), N_("under 50 %"),
  };

  switch (r->measure)
    {
    case GM_GRID_REBOUND:
      return g_strdup (_(rebound[k]));
    case GM_GRID_RECTIFICATION:
      return g_strdup (_(rectification[k]));
    case GM_GRID_CHANGE:
      return change_label ((int) (b[3] - 0.5), k);
    case GM_GRID_OVERDUE:
      if (k == 4)
        return g_strdup_printf (_("more than %.0f"), b[3]);
      return range_label (TRUE, k == 0 ? 0 : b[k - 1] + 1, b[k]);
    case GM_GRID_OPEN_PER_100:
    case GM_GRID_N_MEASURES:
    default:
      if (k == 4)
        return g_strdup_printf (_("more than %g"), b[3]);
      return range_label (FALSE, k == 0 ? 0 : b[k - 1], b[k]);
    }
}

static void
grid_legend (const GmHotspotResult *r,
             GmLegend              *legend)
{
  double b[4];

  g_free (legend->title);
  legend->title = g_strdup (gm_grid_measure_label (r->measure));
  if (r->grid_error != NULL)
    {
      legend->note = g_strdup (r->grid_error->message);
      return;
    }
  if (r->measure == GM_GRID_CHANGE)
    /* Translators: months compared, e.g. "Found in 2026-11 against 2026-10" */
    legend->note = g_strdup_printf (_("Found in %s against %s"), r->this_month, r->last_month);
  else
    legend->note = g_strdup (r->description);
  grid_breaks (r, b);
  for (int k = 0; k < 5; k++)
    add_entry (legend, gm_grid_class_rgb (r->measure, k), GM_GRID_RATE_ALPHA, FALSE,
               grid_class_label (r, b, k));
  add_entry (legend, gm_grid_class_rgb (r->measure, -1), GM_GRID_RATE_ALPHA, FALSE,
             g_strdup (r->measure == GM_GRID_OPEN_PER_100 ? _("no households") : _("no hazards")));
}

static void
points_legend (const GmHotspotResult *r,
               GmLegend              *legend)
{
  guint counts[GM_HAZARD_CLOSED + 1] = { 0 }, overdue = 0;

  for (guint i = 0; i < r->points->len; i++)
    {
      const GmHotspotPoint *p = &g_array_index (r->points, GmHotspotPoint, i);

      counts[MIN (p->status, GM_HAZARD_CLOSED)]++;
      overdue += p->overdue ? 1 : 0;
    }
  legend->note = g_strdup (r->description);
  for (GmHazardStatus s = GM_HAZARD_DISCOVERED; s <= GM_HAZARD_CLOSED; s++)
    add_entry (legend, gm_status_rgb (s), 1.0, FALSE,
               g_strdup_printf ("%s (%u)", gm_hazard_status_label (s), counts[s]));
  add_entry (legend, 0x730000, 1.0, TRUE,
             /* Translators: the dark ring drawn around overdue hazards */
             g_strdup_printf (_("Overdue, dark ring (%u)"), overdue));
}

GmLegend *
gm_hotspot_legend (const GmHotspotResult *result,
                   GmLayers               layer)
{
  GmLegend *legend;

  g_return_val_if_fail (result != NULL, NULL);

  switch (layer)
    {
    case GM_LAYER_HEAT:
      legend = legend_new (_("Hazard density"));
      heat_legend (result, legend);
      break;
    case GM_LAYER_HOTSPOTS:
      legend = legend_new (_("Hot spots (Getis–Ord Gi*)"));
      gi_legend (result, legend);
      break;
    case GM_LAYER_GRID_RATES:
      legend = legend_new (NULL);
      grid_legend (result, legend);
      break;
    case GM_LAYER_FILTERED:
      legend = legend_new (_("Hazards"));
      points_legend (result, legend);
      break;
    default:
      g_return_val_if_reached (NULL);
    }
  return legend;
}
