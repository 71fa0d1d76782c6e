/* gm-analysis-panel-table.c — the grids' table of the analysis panel: one
 * row per grid, a column per measure, sorted by a click on a column's
 * header, and a click on a row to list the grid's hazards. */
#include "gm-config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "gm-analysis-panel-private.h"
#include "gm-grid-rate-item.h"

#define GRID_COLUMN (-1)

static const struct
{
  int         measure;     /* GmGridMeasure, or GRID_COLUMN */
  const char *title;
} columns[] = {
  { GRID_COLUMN, N_("Grid") },
  /* Translators: open hazards per 100 households, as a short column title */
  { GM_GRID_OPEN_PER_100, N_("Open/100") },
  { GM_GRID_OVERDUE, N_("Overdue") },
  { GM_GRID_RECTIFICATION, N_("Rectified") },
  { GM_GRID_REBOUND, N_("Rebound") },
  { GM_GRID_CHANGE, N_("Change") },
};

/* A cell's text: the grid's sequence and name, or a measure's value. */
static char *
cell_text (GmGridRateItem *item,
           int             measure)
{
  const GmGridRate *g = gm_grid_rate_item_get_rate (item);
  double v;

  if (measure == GRID_COLUMN)
    return g_strdup_printf ("%s %s", gm_grid_short_code (g->code, NULL), g->name != NULL ? g->name : "");
  v = gm_grid_rate_item_get_value (item, measure);
  if (isnan (v))
    return g_strdup ("—");
  switch (measure)
    {
    case GM_GRID_RECTIFICATION:
    case GM_GRID_REBOUND:
      return g_strdup_printf ("%.0f %%", 100 * v);
    case GM_GRID_CHANGE:
      return v == 0 ? g_strdup ("0") : g_strdup_printf ("%+.0f", v);
    case GM_GRID_OVERDUE:
      return g_strdup_printf ("%.0f", v);
    default:
      return g_strdup_printf ("%.2f", v);
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  data)
{
  int measure = GPOINTER_TO_INT (data) - 1;
  GtkWidget *label = gtk_label_new (NULL);

  /* Not ellipsized: a grid's name and every value read whole. */
  gtk_label_set_xalign (GTK_LABEL (label), measure == GRID_COLUMN ? 0.0 : 1.0);
  if (measure != GRID_COLUMN)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  data)
{
  GmGridRateItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = cell_text (item, GPOINTER_TO_INT (data) - 1);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const GmGridRate *g = gm_grid_rate_item_get_rate (item);
  g_autofree char *tip = g_strdup_printf ("%s %s", g->code != NULL ? g->code : "", g->name != NULL ? g->name : "");

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, tip);
}

/* By code for the grid column; by value for the others, grids without
 * one last. */
static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  int measure = GPOINTER_TO_INT (data) - 1;
  double x, y;

  if (measure == GRID_COLUMN)
    return g_strcmp0 (gm_grid_rate_item_get_rate ((GmGridRateItem *) a)->code,
                      gm_grid_rate_item_get_rate ((GmGridRateItem *) b)->code);
  x = gm_grid_rate_item_get_value ((GmGridRateItem *) a, measure);
  y = gm_grid_rate_item_get_value ((GmGridRateItem *) b, measure);
  if (isnan (x) || isnan (y))
    return isnan (x) - isnan (y);
  return (x > y) - (x < y);
}

static void
on_row_activated (GmAnalysisPanel *self,
                  guint            position)
{
  g_autoptr(GmGridRateItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);

  if (item != NULL)
    gm_analysis_panel_emit_grid_activated (self, gm_grid_rate_item_get_rate (item)->grid_id);
}

void
gm_analysis_panel_table_init (GmAnalysisPanel *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->rates = g_list_store_new (GM_TYPE_GRID_RATE_ITEM);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->rates)), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      gpointer data = GINT_TO_POINTER (columns[i].measure + 1);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = gtk_column_view_column_new (_(columns[i].title), factory);
      g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare_rows, data, NULL);

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), data);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      /* Each column as wide as its title or widest value, so both read
       * whole; the table scrolls sideways in a narrow panel. */
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_append_column (self->grid_view, column);
    }
  gtk_sort_list_model_set_sorter (self->sorted, gtk_column_view_get_sorter (self->grid_view));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_column_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  g_signal_connect_swapped (self->grid_view, "activate", G_CALLBACK (on_row_activated), self);
}

void
gm_analysis_panel_table_fill (GmAnalysisPanel *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const GmHotspotResult *r = self->result;

  for (guint i = 0; r != NULL && r->grids != NULL && i < r->grids->len; i++)
    g_ptr_array_add (items, gm_grid_rate_item_new (self->result, i));
  g_list_store_splice (self->rates, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rates)),
                       items->pdata, items->len);
}

void
gm_analysis_panel_sort_by (GmAnalysisPanel *self,
                           guint            column,
                           GtkSortType      order)
{
  GListModel *all = gtk_column_view_get_columns (self->grid_view);
  g_autoptr(GtkColumnViewColumn) c = g_list_model_get_item (all, column);

  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));
  gtk_column_view_sort_by_column (self->grid_view, c, order);
}

guint
gm_analysis_panel_get_n_rows (GmAnalysisPanel *self)
{
  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
}

const char *
gm_analysis_panel_get_row_code (GmAnalysisPanel *self,
                                guint            row)
{
  g_autoptr(GmGridRateItem) item = NULL;

  g_return_val_if_fail (GM_IS_ANALYSIS_PANEL (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->sorted), row);
  /* The item lives on in the store after this reference goes. */
  return item != NULL ? gm_grid_rate_item_get_rate (item)->code : NULL;
}

void
gm_analysis_panel_activate_row (GmAnalysisPanel *self,
                                guint            row)
{
  g_return_if_fail (GM_IS_ANALYSIS_PANEL (self));
  on_row_activated (self, row);
}
