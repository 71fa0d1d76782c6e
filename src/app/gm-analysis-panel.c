/* gm-analysis-panel.c — the hazard analysis beside the map: the filter
 * rows, the layers with their parameters and legends, and the analysis run
 * in a worker thread (gm_hotspot_compute_async()), cancelled and run again
 * a moment after each change.
 *
 * The grids' table is in gm-analysis-panel-table.c. */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-analysis-panel-private.h"
#include "gm-hazard-edit.h"
#include "gm-hotspot-style.h"

G_DEFINE_FINAL_TYPE (GmAnalysisPanel, gm_analysis_panel, GTK_TYPE_WIDGET)

enum {
  RESULT_CHANGED,
  GRID_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Changes come in bursts (a spin button's steps): compute once they stop. */
#define COMPUTE_DELAY_MS 150

static const char * const categories[] = { NULL, "fire", "security", "other" };

enum { STATUS_ANY, STATUS_OPEN, STATUS_OVERDUE, STATUS_FIRST_SINGLE };
enum { PERIOD_ALL, PERIOD_30_DAYS, PERIOD_3_MONTHS, PERIOD_12_MONTHS, PERIOD_THIS_YEAR, PERIOD_CUSTOM };

/* ---- the rows' choices ------------------------------------------------------ */

static void
set_choices (AdwComboRow        *row,
             const char * const *labels,
             guint               n)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (list, labels[i]);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

static void
fill_fixed_choices (GmAnalysisPanel *self)
{
  const char *category_labels[] = { _("All categories"), _("Fire"), _("Public security"), _("Other") };
  const char *status_labels[] = {
    _("Any status"), _("Open (not yet rectified)"), _("Overdue"),
    gm_hazard_status_label (GM_HAZARD_DISCOVERED), gm_hazard_status_label (GM_HAZARD_NOTIFIED),
    gm_hazard_status_label (GM_HAZARD_RECTIFIED), gm_hazard_status_label (GM_HAZARD_CLOSED),
  };
  const char *period_labels[] = {
    _("Any time"), _("In the last 30 days"), _("In the last 3 months"), _("In the last 12 months"),
    _("This year"), _("Between dates…"),
  };
  const char *weight_labels[] = { _("Every hazard counts 1"), _("Overdue 3, open 2, others 1") };
  const char *measures[GM_GRID_N_MEASURES];

  for (guint i = 0; i < GM_GRID_N_MEASURES; i++)
    measures[i] = gm_grid_measure_label (i);
  set_choices (self->category_row, category_labels, G_N_ELEMENTS (category_labels));
  set_choices (self->status_row, status_labels, G_N_ELEMENTS (status_labels));
  set_choices (self->period_row, period_labels, G_N_ELEMENTS (period_labels));
  set_choices (self->weight_row, weight_labels, G_N_ELEMENTS (weight_labels));
  set_choices (self->measure_row, measures, GM_GRID_N_MEASURES);
}

/* The kinds of the chosen category: the catalogue's and the project's. */
static void
fill_kinds (GmAnalysisPanel *self)
{
  const char *category = categories[adw_combo_row_get_selected (self->category_row)];
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GmStore) store = NULL;

  g_clear_pointer (&self->kinds, g_strfreev);
  if (self->path != NULL && (store = gm_store_open (self->path, GM_STORE_OPEN_READONLY, NULL)) != NULL)
    self->kinds = gm_hazard_dup_kinds (store, category, NULL);
  gtk_string_list_append (list, _("All kinds"));
  for (guint i = 0; self->kinds != NULL && self->kinds[i] != NULL; i++)
    gtk_string_list_append (list, gm_hazard_kind_label (self->kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (list));
}

/* ---- the filter --------------------------------------------------------------- */

static char *
days_ago (int days)
{
  g_autofree char *today = gm_today_iso ();

  return gm_iso_date_add_days (today, -days);
}

/* The custom dates; FALSE (and the row marked) when one is not a date. */
static gboolean
read_custom_dates (GmAnalysisPanel *self,
                   GmHazardFilter  *f)
{
  AdwEntryRow *rows[] = { self->from_row, self->to_row };
  char **dates[] = { &f->from, &f->to };
  gboolean ok = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (rows[i]))));
      gboolean valid = *text == '\0' || gm_iso_date_parse (text, NULL);

      if (valid && *text != '\0')
        *dates[i] = g_steal_pointer (&text);
      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (rows[i]), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (rows[i]), "error");
      ok = ok && valid;
    }
  return ok;
}

static gboolean
read_period (GmAnalysisPanel *self,
             GmHazardFilter  *f)
{
  g_autofree char *today = gm_today_iso ();

  switch (adw_combo_row_get_selected (self->period_row))
    {
    case PERIOD_30_DAYS:
      f->from = days_ago (30);
      return TRUE;
    case PERIOD_3_MONTHS:
      f->from = days_ago (91);
      return TRUE;
    case PERIOD_12_MONTHS:
      f->from = days_ago (365);
      return TRUE;
    case PERIOD_THIS_YEAR:
      f->from = g_strdup_printf ("%.4s-01-01", today);
      return TRUE;
    case PERIOD_CUSTOM:
      return read_custom_dates (self, f);
    default:
      return TRUE;
    }
}

static void
read_status (GmAnalysisPanel *self,
             GmHazardFilter  *f)
{
  guint status = adw_combo_row_get_selected (self->status_row);

  if (status == STATUS_OPEN)
    f->statuses = GM_STATUS_OPEN;
  else if (status == STATUS_OVERDUE)
    f->statuses = GM_STATUS_OVERDUE;
  else if (status >= STATUS_FIRST_SINGLE && status != GTK_INVALID_LIST_POSITION)
    f->statuses = 1u << (status - STATUS_FIRST_SINGLE);
}

/* The filter of the rows, or NULL while a date is not a date. */
static GmHazardFilter *
read_filter (GmAnalysisPanel *self)
{
  g_autoptr(GmHazardFilter) f = gm_hazard_filter_new ();
  guint category = adw_combo_row_get_selected (self->category_row);
  guint kind = adw_combo_row_get_selected (self->kind_row);

  if (category < G_N_ELEMENTS (categories))
    f->category = g_strdup (categories[category]);
  if (kind > 0 && kind != GTK_INVALID_LIST_POSITION && self->kinds != NULL
      && kind <= g_strv_length (self->kinds))
    f->kind = g_strdup (self->kinds[kind - 1]);
  read_status (self, f);
  if (!read_period (self, f))
    return NULL;
  return g_steal_pointer (&f);
}

GmHazardFilter *
gm_analysis_panel_dup_filter (GmAnalysisPanel *self)
{
  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), NULL);

  return read_filter (self);
}

GmLayers
gm_analysis_panel_get_layers (GmAnalysisPanel *self)
{
  const struct { AdwExpanderRow *row; GmLayers layer; } rows[] = {
    { self->grid_expander, GM_LAYER_GRID_RATES }, { self->heat_expander, GM_LAYER_HEAT },
    { self->gi_expander, GM_LAYER_HOTSPOTS }, { self->points_expander, GM_LAYER_FILTERED },
  };
  GmLayers layers = 0;

  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), 0);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (adw_expander_row_get_enable_expansion (rows[i].row))
      layers |= rows[i].layer;
  return layers;
}

static GmHotspotParams *
read_params (GmAnalysisPanel *self)
{
  g_autoptr(GmHotspotParams) params = gm_hotspot_params_new ();
  GmLayers layers = gm_analysis_panel_get_layers (self);

  if ((params->filter = read_filter (self)) == NULL)
    return NULL;
  /* The table always needs the grids' rates. */
  params->methods = GM_HOTSPOT_GRID
                    | ((layers & GM_LAYER_HEAT) ? GM_HOTSPOT_KDE : 0)
                    | ((layers & GM_LAYER_HOTSPOTS) ? GM_HOTSPOT_GI : 0);
  params->bandwidth_m = gtk_spin_button_get_value (self->bandwidth_spin);
  params->weight = adw_combo_row_get_selected (self->weight_row) == 1 ? GM_WEIGHT_STATUS : GM_WEIGHT_NONE;
  params->cell_size_m = gtk_spin_button_get_value (self->cell_spin);
  params->band_m = gtk_spin_button_get_value (self->band_spin);
  params->measure = MIN (adw_combo_row_get_selected (self->measure_row), GM_GRID_N_MEASURES - 1);
  return g_steal_pointer (&params);
}

/* ---- showing a result ------------------------------------------------------------ */

/* A layer that could not be made says why under its name. */
static void
show_refusals (GmAnalysisPanel *self)
{
  const GmHotspotResult *r = self->result;
  const GError *kde = r != NULL && r->points->len > 0 ? r->kde_error : NULL;
  const GError *gi = r != NULL ? r->gi_error : NULL;

  adw_expander_row_set_subtitle (self->heat_expander, kde != NULL ? kde->message : _("Quartic kernel density"));
  adw_expander_row_set_subtitle (self->gi_expander, gi != NULL ? gi->message
                                                   : _("Getis–Ord Gi* on hexagons, FDR-corrected"));
  if (gi != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->gi_expander), "gm-refused");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->gi_expander), "gm-refused");
}

static void
show_legends (GmAnalysisPanel *self)
{
  const struct { GmLegendView *view; GmLayers layer; } legends[] = {
    { self->grid_legend, GM_LAYER_GRID_RATES }, { self->heat_legend, GM_LAYER_HEAT },
    { self->gi_legend, GM_LAYER_HOTSPOTS }, { self->points_legend, GM_LAYER_FILTERED },
  };
  const GmHotspotResult *r = self->result;

  for (guint i = 0; i < G_N_ELEMENTS (legends); i++)
    {
      gboolean made = r != NULL && (legends[i].layer != GM_LAYER_HEAT || (r->methods & GM_HOTSPOT_KDE))
                      && (legends[i].layer != GM_LAYER_HOTSPOTS || (r->methods & GM_HOTSPOT_GI));
      g_autoptr(GmLegend) legend = made ? gm_hotspot_legend (r, legends[i].layer) : NULL;

      gm_legend_view_set_legend (legends[i].view, legend);
    }
}

/* What "Auto" chose, under each length's row. */
static void
show_lengths (GmAnalysisPanel *self)
{
  const GmHotspotResult *r = self->result;
  g_autofree char *bandwidth = NULL, *cell = NULL, *band = NULL;

  if (r != NULL && (r->methods & GM_HOTSPOT_KDE) && r->kde_error == NULL)
    bandwidth = g_strdup_printf (r->bandwidth_auto ? _("Auto: %.0f m by the spatial Silverman rule")
                                                   : _("%.0f m as set; 0 for the automatic one"), r->bandwidth_m);
  if (r != NULL && (r->methods & GM_HOTSPOT_GI) && r->cell_size_m > 0)
    {
      cell = g_strdup_printf (r->cell_size_auto ? _("Auto: %.0f m, two hazards a cell on average")
                                                : _("%.0f m as set; 0 for the automatic one"), r->cell_size_m);
      band = g_strdup_printf (_("%.0f m: cells this close count as neighbours"), r->band_m);
    }
  adw_action_row_set_subtitle (self->bandwidth_row, bandwidth != NULL ? bandwidth : _("Auto: spatial Silverman rule"));
  adw_action_row_set_subtitle (self->cell_row, cell != NULL ? cell : _("Auto: from the data"));
  adw_action_row_set_subtitle (self->band_row, band != NULL ? band : _("Auto: 3.5 cell sizes"));
}

static void
show_result (GmAnalysisPanel *self)
{
  g_autofree char *summary = NULL;
  const GmHotspotResult *r = self->result;

  /* Translators: how many hazards the filter takes, and the day overdue is judged on */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hazard · as of %s", "%u hazards · as of %s",
                                          r->points->len), r->points->len, r->as_of);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), r->description);
  show_legends (self);
  show_refusals (self);
  show_lengths (self);
  gm_analysis_panel_table_fill (self);
}

static void
set_busy (GmAnalysisPanel *self,
          gboolean         busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
}

static void
on_computed (GObject      *source,
             GAsyncResult *async,
             gpointer      user_data)
{
  g_autoptr(GmAnalysisPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  GmHotspotResult *result = gm_hotspot_compute_finish (async, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  g_clear_object (&self->cancellable);
  if (result == NULL)
    {
      gtk_label_set_text (self->summary_label, error->message);
      return;
    }
  g_clear_pointer (&self->result, gm_hotspot_result_unref);
  self->result = result;
  show_result (self);
  g_signal_emit (self, signals[RESULT_CHANGED], 0);
}

static gboolean
start_compute (gpointer data)
{
  GmAnalysisPanel *self = data;
  g_autoptr(GmHotspotParams) params = NULL;

  self->compute_id = 0;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->path == NULL || !self->active || (params = read_params (self)) == NULL)
    {
      set_busy (self, FALSE);
      return G_SOURCE_REMOVE;
    }
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gm_hotspot_compute_async (self->path, params, self->cancellable, on_computed, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_compute (GmAnalysisPanel *self)
{
  g_clear_handle_id (&self->compute_id, g_source_remove);
  if (self->path != NULL && self->active)
    {
      set_busy (self, TRUE);
      self->compute_id = g_timeout_add (COMPUTE_DELAY_MS, start_compute, self);
    }
}

/* ---- changes ----------------------------------------------------------------------- */

/* A length of 0 reads "Auto". */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  if (gtk_adjustment_get_value (gtk_spin_button_get_adjustment (spin)) > 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), _("Auto"));
  return TRUE;
}

static int
on_spin_input (GtkSpinButton *spin,
               double        *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;

  if (g_strcmp0 (text, _("Auto")) == 0 || *text == '\0')
    {
      *value = 0;
      return TRUE;
    }
  *value = g_ascii_strtod (text, &end);
  return end != NULL && *g_strstrip (end) == '\0' ? TRUE : GTK_INPUT_ERROR;
}

static void
on_filter_changed (GmAnalysisPanel *self)
{
  gboolean custom = adw_combo_row_get_selected (self->period_row) == PERIOD_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), custom);
  schedule_compute (self);
}

static void
on_category_changed (GmAnalysisPanel *self)
{
  /* Setting the kinds' model resets the kind: one computation for both. */
  g_signal_handlers_block_by_func (self->kind_row, on_filter_changed, self);
  fill_kinds (self);
  g_signal_handlers_unblock_by_func (self->kind_row, on_filter_changed, self);
  schedule_compute (self);
}

/* A layer switched: draw it, computing first what the result lacks. */
static void
on_layers_changed (GmAnalysisPanel *self)
{
  GmLayers layers = gm_analysis_panel_get_layers (self);
  const GmHotspotResult *r = self->result;

  if (r == NULL || ((layers & GM_LAYER_HEAT) && !(r->methods & GM_HOTSPOT_KDE))
      || ((layers & GM_LAYER_HOTSPOTS) && !(r->methods & GM_HOTSPOT_GI)))
    schedule_compute (self);
  else
    g_signal_emit (self, signals[RESULT_CHANGED], 0);
}

static void
connect_rows (GmAnalysisPanel *self)
{
  GObject *filters[] = { G_OBJECT (self->kind_row), G_OBJECT (self->status_row),
                         G_OBJECT (self->period_row), G_OBJECT (self->weight_row),
                         G_OBJECT (self->measure_row) };
  GObject *entries[] = { G_OBJECT (self->from_row), G_OBJECT (self->to_row),
                         G_OBJECT (self->bandwidth_spin), G_OBJECT (self->cell_spin),
                         G_OBJECT (self->band_spin) };
  GObject *expanders[] = { G_OBJECT (self->grid_expander), G_OBJECT (self->heat_expander),
                           G_OBJECT (self->gi_expander), G_OBJECT (self->points_expander) };

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    g_signal_connect_swapped (filters[i], "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (on_category_changed), self);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_signal_connect_swapped (entries[i], i < 2 ? "changed" : "value-changed",
                              G_CALLBACK (on_filter_changed), self);
  for (guint i = 0; i < G_N_ELEMENTS (expanders); i++)
    g_signal_connect_swapped (expanders[i], "notify::enable-expansion", G_CALLBACK (on_layers_changed), self);
  for (guint i = 2; i < G_N_ELEMENTS (entries); i++)
    {
      g_signal_connect (entries[i], "output", G_CALLBACK (on_spin_output), NULL);
      g_signal_connect (entries[i], "input", G_CALLBACK (on_spin_input), NULL);
      on_spin_output (GTK_SPIN_BUTTON (entries[i]));
    }
}

/* ---- public --------------------------------------------------------------------------- */

void
gm_analysis_panel_set_project (GmAnalysisPanel *self,
                               const char      *path)
{
  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));

  if (g_strcmp0 (self->path, path) == 0)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->result, gm_hotspot_result_unref);
  g_list_store_remove_all (self->rates);
  on_category_changed (self);
}

void
gm_analysis_panel_set_active (GmAnalysisPanel *self,
                              gboolean         active)
{
  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));

  self->active = active;
  if (active)
    schedule_compute (self);
}

void
gm_analysis_panel_refresh (GmAnalysisPanel *self)
{
  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));

  fill_kinds (self);
  schedule_compute (self);
}

GmHotspotResult *
gm_analysis_panel_get_result (GmAnalysisPanel *self)
{
  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), NULL);
  return self->result;
}

gboolean
gm_analysis_panel_get_busy (GmAnalysisPanel *self)
{
  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), FALSE);
  return self->compute_id != 0 || self->cancellable != NULL;
}

void
gm_analysis_panel_set_category (GmAnalysisPanel *self,
                                const char      *category)
{
  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (g_strcmp0 (categories[i], category) == 0)
      adw_combo_row_set_selected (self->category_row, i);
}

void
gm_analysis_panel_set_layer (GmAnalysisPanel *self,
                             GmLayers         layer,
                             gboolean         on)
{
  AdwExpanderRow *row = layer == GM_LAYER_GRID_RATES ? self->grid_expander
                        : layer == GM_LAYER_HEAT ? self->heat_expander
                        : layer == GM_LAYER_HOTSPOTS ? self->gi_expander : self->points_expander;

  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));
  adw_expander_row_set_enable_expansion (row, on);
}

void
gm_analysis_panel_set_measure (GmAnalysisPanel *self,
                               GmGridMeasure    measure)
{
  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));
  adw_combo_row_set_selected (self->measure_row, measure);
}

GStrv
gm_analysis_panel_dup_legend (GmAnalysisPanel *self,
                              GmLayers         layer)
{
  GmLegendView *view = layer == GM_LAYER_GRID_RATES ? self->grid_legend
                       : layer == GM_LAYER_HEAT ? self->heat_legend
                       : layer == GM_LAYER_HOTSPOTS ? self->gi_legend : self->points_legend;

  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), NULL);
  return gm_legend_view_dup_labels (view);
}

/* ---- class ------------------------------------------------------------------------------ */

static void
gm_analysis_panel_dispose (GObject *object)
{
  GmAnalysisPanel *self = GM_ANALYSIS_PANEL (object);
  GtkWidget *child;

  g_clear_handle_id (&self->compute_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), GM_TYPE_ANALYSIS_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->sorted);
  g_clear_object (&self->rates);

  G_OBJECT_CLASS (gm_analysis_panel_parent_class)->dispose (object);
}

static void
gm_analysis_panel_finalize (GObject *object)
{
  GmAnalysisPanel *self = GM_ANALYSIS_PANEL (object);

  g_free (self->path);
  g_strfreev (self->kinds);
  g_clear_pointer (&self->result, gm_hotspot_result_unref);

  G_OBJECT_CLASS (gm_analysis_panel_parent_class)->finalize (object);
}

static void
gm_analysis_panel_class_init (GmAnalysisPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_analysis_panel_dispose;
  object_class->finalize = gm_analysis_panel_finalize;

  /* A new result, or other layers to draw. */
  signals[RESULT_CHANGED] = g_signal_new ("result-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A grid of the table was clicked: its id. */
  signals[GRID_ACTIVATED] = g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (GM_TYPE_LEGEND_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-analysis-panel.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GmAnalysisPanel, name)
  BIND (summary_label);
  BIND (spinner);
  BIND (category_row);
  BIND (kind_row);
  BIND (status_row);
  BIND (period_row);
  BIND (from_row);
  BIND (to_row);
  BIND (grid_expander);
  BIND (heat_expander);
  BIND (gi_expander);
  BIND (points_expander);
  BIND (measure_row);
  BIND (weight_row);
  BIND (bandwidth_row);
  BIND (cell_row);
  BIND (band_row);
  BIND (bandwidth_spin);
  BIND (cell_spin);
  BIND (band_spin);
  BIND (grid_legend);
  BIND (heat_legend);
  BIND (gi_legend);
  BIND (points_legend);
  BIND (grid_view);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gm-analysis-panel");
}

static void
gm_analysis_panel_init (GmAnalysisPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  fill_fixed_choices (self);
  fill_kinds (self);
  gm_analysis_panel_table_init (self);
  set_busy (self, FALSE);
  gtk_label_set_text (self->summary_label, _("Open a project to analyse its hazards."));
  show_lengths (self);
  connect_rows (self);
}

GtkWidget *
gm_analysis_panel_new (void)
{
  return g_object_new (GM_TYPE_ANALYSIS_PANEL, NULL);
}

/* For gm-analysis-panel-table.c. */
void
gm_analysis_panel_emit_grid_activated (GmAnalysisPanel *self,
                                       gint64           grid_id)
{
  g_signal_emit (self, signals[GRID_ACTIVATED], 0, grid_id);
}
