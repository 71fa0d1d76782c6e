/* gm-legend-view.c — a hot-spot layer's legend: note, swatches, labels.
 *
 * A leaf widget built in code: a vertical box of a dimmed note and one row
 * per class, its swatch painted by core as the exported maps paint it. */
#include "gm-config.h"

#include "gm-legend-view.h"

struct _GmLegendView
{
  GtkWidget  parent_instance;

  GtkWidget *box;
  GPtrArray *labels;   /* of char*, as shown */
};

G_DEFINE_FINAL_TYPE (GmLegendView, gm_legend_view, GTK_TYPE_WIDGET)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  gm_legend_entry_paint (data, cr, 1.5, 1.5, width - 3, height - 3);
}

static GtkWidget *
entry_row (const GmLegendEntry *entry)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *label = gtk_label_new (entry->label);
  /* The swatch keeps its colours; it needs no label. */
  GmLegendEntry *s = g_memdup2 (entry, sizeof *entry);

  s->label = NULL;
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 22);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, s, g_free);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), label);
  return row;
}

void
gm_legend_view_set_legend (GmLegendView   *self,
                           const GmLegend *legend)
{
  GtkWidget *child;

  g_return_if_fail (GM_IS_LEGEND_VIEW (self));

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->labels, 0);
  if (legend == NULL)
    return;
  if (legend->note != NULL && *legend->note != '\0')
    {
      GtkWidget *note = gtk_label_new (legend->note);

      gtk_label_set_xalign (GTK_LABEL (note), 0);
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_widget_add_css_class (note, "caption");
      gtk_box_append (GTK_BOX (self->box), note);
    }
  for (guint i = 0; i < legend->entries->len; i++)
    {
      const GmLegendEntry *entry = g_ptr_array_index (legend->entries, i);

      gtk_box_append (GTK_BOX (self->box), entry_row (entry));
      g_ptr_array_add (self->labels, g_strdup (entry->label));
    }
}

GStrv
gm_legend_view_dup_labels (GmLegendView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (GM_IS_LEGEND_VIEW (self), NULL);

  for (guint i = 0; i < self->labels->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->labels, i));
  return g_strv_builder_end (builder);
}

static void
gm_legend_view_dispose (GObject *object)
{
  GmLegendView *self = GM_LEGEND_VIEW (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (gm_legend_view_parent_class)->dispose (object);
}

static void
gm_legend_view_finalize (GObject *object)
{
  g_clear_pointer (&GM_LEGEND_VIEW (object)->labels, g_ptr_array_unref);
  G_OBJECT_CLASS (gm_legend_view_parent_class)->finalize (object);
}

static void
gm_legend_view_class_init (GmLegendViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gm_legend_view_dispose;
  object_class->finalize = gm_legend_view_finalize;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "gm-legend");
}

static void
gm_legend_view_init (GmLegendView *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 10);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
gm_legend_view_new (void)
{
  return g_object_new (GM_TYPE_LEGEND_VIEW, NULL);
}
