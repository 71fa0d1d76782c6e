/* gm-edit-panel.c — the side panel while editing grids.
 *
 * The panel shows the session it is given and edits only the workload
 * target and tolerance; the operations are the window's. It says what the
 * user asked for through signals: "grid-activated" (a grid row),
 * "issue-activated" (a finding, with where to look), "move-requested" (the
 * Move button, with the target grid) and "workload-changed".
 */
#include "gm-config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gm-edit-panel.h"

/* The tile renderer's grid colours, as the edit layer uses them. */
static const guint32 palette[8] = {
  0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x999999,
};

static const char * const status_names[] = {
  [GM_WORKLOAD_WITHIN] = "within",
  [GM_WORKLOAD_UNDER] = "under",
  [GM_WORKLOAD_OVER] = "over",
};

struct _GmEditPanel
{
  GtkWidget parent_instance;

  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  AdwPreferencesGroup *reassign_group;
  AdwActionRow        *chosen_row;
  AdwComboRow         *target_row;
  GtkButton           *move_button;
  GtkStringList       *target_model;
  GtkSpinButton       *target_spin;
  GtkSpinButton       *tolerance_spin;
  AdwPreferencesGroup *grids_group;
  AdwPreferencesGroup *checks_group;
  GtkListBox          *grid_list;
  GtkListBox          *check_list;

  GmGridEdit *edit;
  GArray     *target_grids;   /* grid of each "To grid" entry */
  GPtrArray  *issues;         /* of GmGridIssue */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (GmEditPanel, gm_edit_panel, GTK_TYPE_WIDGET)

enum
{
  GRID_ACTIVATED,
  ISSUE_ACTIVATED,
  MOVE_REQUESTED,
  WORKLOAD_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A community with no grids yet has a finding for each building: the
 * first ones show, the rest are counted. */
#define MAX_ISSUE_ROWS 50

/* ---- rows -------------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  guint32 rgb = palette[GPOINTER_TO_UINT (data) % G_N_ELEMENTS (palette)];

  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, (rgb >> 16 & 0xff) / 255.0, (rgb >> 8 & 0xff) / 255.0, (rgb & 0xff) / 255.0);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static GtkWidget *
new_swatch (int color)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 14);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_swatch, GUINT_TO_POINTER ((guint) color), NULL);
  return area;
}

static char *
dup_grid_subtitle (const char         *code,
                   const GmGridTotals *t)
{
  gsize len = strlen (code);
  g_autofree char *buildings = g_strdup_printf (ngettext ("%d building", "%d buildings", t->buildings),
                                                t->buildings);
  g_autofree char *residents = g_strdup_printf (ngettext ("%d resident", "%d residents", t->residents),
                                                t->residents);
  g_autofree char *hazards = g_strdup_printf (ngettext ("%d open hazard", "%d open hazards", t->open_hazards),
                                              t->open_hazards);

  return g_strdup_printf ("%s · %s · %s · %s", len > 3 ? code + len - 3 : code, buildings, residents, hazards);
}

static const char *
status_tooltip (GmWorkloadStatus status)
{
  switch (status)
    {
    case GM_WORKLOAD_UNDER:
      return _("Households, fewer than the target allows");
    case GM_WORKLOAD_OVER:
      return _("Households, more than the target allows");
    default:
      return _("Households, within the target");
    }
}

static GtkWidget *
new_grid_row (GmEditPanel *self,
              guint        grid)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *households;
  GmGridTotals t;
  g_autofree char *subtitle = NULL;
  g_autofree char *count = NULL;
  GmWorkloadStatus status = gm_grid_edit_get_workload_status (self->edit, grid);

  gm_grid_edit_get_totals (self->edit, grid, &t);
  subtitle = dup_grid_subtitle (gm_grid_edit_get_grid_code (self->edit, grid), &t);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gm_grid_edit_get_grid_name (self->edit, grid));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), new_swatch (gm_grid_edit_get_grid_color (self->edit, grid)));
  count = g_strdup_printf ("%d", t.households);
  households = gtk_label_new (count);
  gtk_widget_set_tooltip_text (households, status_tooltip (status));
  gtk_widget_set_valign (households, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (households, "gm-workload");
  gtk_widget_add_css_class (households, status_names[status]);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), households);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "gm-grid", GUINT_TO_POINTER (grid + 1));
  g_object_set_data (G_OBJECT (row), "gm-households", households);
  return row;
}

static void
fill_grids (GmEditPanel *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  int target = gm_edit_panel_get_move_target (self);

  clear_list (self->grid_list);
  g_array_set_size (self->target_grids, 0);
  for (guint i = 0; i < gm_grid_edit_get_n_grids (self->edit); i++)
    {
      if (!gm_grid_edit_grid_is_alive (self->edit, i))
        continue;
      gtk_list_box_append (self->grid_list, new_grid_row (self, i));
      g_array_append_val (self->target_grids, i);
      g_ptr_array_add (names, g_strdup (gm_grid_edit_get_grid_name (self->edit, i)));
    }
  g_ptr_array_add (names, NULL);
  self->updating = TRUE;
  gtk_string_list_splice (self->target_model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->target_model)),
                          (const char * const *) names->pdata);
  self->updating = FALSE;
  gm_edit_panel_set_move_target (self, target);
}

static GtkWidget *
new_issue_row (const GmGridIssue *issue)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), issue->message);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (issue->lon != 0 || issue->lat != 0)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, _("Show on the map"));
    }
  return row;
}

static void
fill_checks (GmEditPanel *self)
{
  g_autofree char *description = NULL;

  clear_list (self->check_list);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  self->issues = gm_grid_edit_check (self->edit);
  for (guint i = 0; i < MIN (self->issues->len, MAX_ISSUE_ROWS); i++)
    {
      GtkWidget *row = new_issue_row (self->issues->pdata[i]);

      g_object_set_data (G_OBJECT (row), "gm-issue", GUINT_TO_POINTER (i + 1));
      gtk_list_box_append (self->check_list, row);
    }
  if (self->issues->len > MAX_ISSUE_ROWS)
    {
      guint more = self->issues->len - MAX_ISSUE_ROWS;
      g_autofree char *title = g_strdup_printf (ngettext ("… and %u more", "… and %u more", more), more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_list_box_append (self->check_list, row);
    }
  if (self->issues->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No gaps, overlaps or stray buildings; every grid is in one piece"));
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->check_list, row);
      return;
    }
  description = g_strdup_printf (ngettext ("%u thing to look at", "%u things to look at", self->issues->len),
                                 self->issues->len);
  adw_preferences_group_set_description (self->checks_group, description);
}

static void
update_header (GmEditPanel *self)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  guint alive = 0;

  for (guint i = 0; i < gm_grid_edit_get_n_grids (self->edit); i++)
    alive += gm_grid_edit_grid_is_alive (self->edit, i);
  /* Translators: the panel's title while editing, with the community's name */
  title = g_strdup_printf (_("Grids of %s"), gm_grid_edit_get_community_name (self->edit));
  subtitle = g_strdup_printf (ngettext ("%u grid · target %.0f households ± %.0f %%",
                                           "%u grids · target %.0f households ± %.0f %%", alive),
                              alive, gm_grid_edit_get_target (self->edit),
                              gm_grid_edit_get_tolerance (self->edit) * 100);
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle);
}

void
gm_edit_panel_refresh (GmEditPanel *self)
{
  g_return_if_fail (GM_IS_EDIT_PANEL (self));

  if (self->edit == NULL)
    return;
  adw_preferences_group_set_description (self->checks_group, NULL);
  update_header (self);
  fill_grids (self);
  fill_checks (self);
}

/* ---- callbacks ------------------------------------------------------------------ */

static void
on_grid_row_activated (GmEditPanel   *self,
                       GtkListBoxRow *row)
{
  guint grid = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "gm-grid"));

  if (grid > 0)
    g_signal_emit (self, signals[GRID_ACTIVATED], 0, (int) grid - 1);
}

static void
on_check_row_activated (GmEditPanel   *self,
                        GtkListBoxRow *row)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "gm-issue"));
  GmGridIssue *issue;

  if (index == 0 || self->issues == NULL || index > self->issues->len)
    return;
  issue = self->issues->pdata[index - 1];
  g_signal_emit (self, signals[ISSUE_ACTIVATED], 0, issue->lon, issue->lat);
}

static void
on_move_clicked (GmEditPanel *self)
{
  int grid = gm_edit_panel_get_move_target (self);

  if (grid >= 0)
    g_signal_emit (self, signals[MOVE_REQUESTED], 0, grid);
}

static void
on_workload_changed (GmEditPanel *self)
{
  if (self->updating || self->edit == NULL)
    return;
  gm_grid_edit_set_target (self->edit, gtk_spin_button_get_value (self->target_spin));
  gm_grid_edit_set_tolerance (self->edit, gtk_spin_button_get_value (self->tolerance_spin) / 100);
  update_header (self);
  fill_grids (self);
  g_signal_emit (self, signals[WORKLOAD_CHANGED], 0);
}

/* ---- public ---------------------------------------------------------------------- */

void
gm_edit_panel_set_edit (GmEditPanel *self,
                        GmGridEdit  *edit)
{
  g_return_if_fail (GM_IS_EDIT_PANEL (self));

  g_set_object (&self->edit, edit);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  clear_list (self->grid_list);
  clear_list (self->check_list);
  if (edit == NULL)
    return;
  self->updating = TRUE;
  gtk_spin_button_set_value (self->target_spin, 0);
  gtk_spin_button_set_value (self->tolerance_spin, gm_grid_edit_get_tolerance (edit) * 100);
  self->updating = FALSE;
  gm_edit_panel_set_chosen (self, FALSE, 0, 0);
  gm_edit_panel_refresh (self);
}

void
gm_edit_panel_set_selected (GmEditPanel *self,
                            int          grid)
{
  GtkListBoxRow *row;

  g_return_if_fail (GM_IS_EDIT_PANEL (self));

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->grid_list, i)) != NULL; i++)
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "gm-grid")) == grid + 1)
      {
        gtk_list_box_select_row (self->grid_list, row);
        return;
      }
  gtk_list_box_unselect_all (self->grid_list);
}

void
gm_edit_panel_set_chosen (GmEditPanel *self,
                          gboolean     shown,
                          guint        n,
                          int          households)
{
  g_autofree char *title = NULL;

  g_return_if_fail (GM_IS_EDIT_PANEL (self));

  gtk_widget_set_visible (GTK_WIDGET (self->reassign_group), shown);
  if (n == 0)
    title = g_strdup (_("No buildings chosen"));
  else
    title = g_strdup_printf (ngettext ("%u building chosen, %d households",
                                          "%u buildings chosen, %d households", n), n, households);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chosen_row), title);
  adw_action_row_set_subtitle (self->chosen_row,
                               _("Click buildings to choose them, or hold Shift and draw around them"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->move_button), n > 0);
}

int
gm_edit_panel_get_move_target (GmEditPanel *self)
{
  guint selected;

  g_return_val_if_fail (GM_IS_EDIT_PANEL (self), -1);

  selected = adw_combo_row_get_selected (self->target_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->target_grids->len)
    return -1;
  return (int) g_array_index (self->target_grids, guint, selected);
}

void
gm_edit_panel_set_move_target (GmEditPanel *self,
                               int          grid)
{
  g_return_if_fail (GM_IS_EDIT_PANEL (self));

  for (guint i = 0; i < self->target_grids->len; i++)
    if ((int) g_array_index (self->target_grids, guint, i) == grid)
      {
        adw_combo_row_set_selected (self->target_row, i);
        return;
      }
}

static GtkListBoxRow *
find_grid_row (GmEditPanel *self,
               guint        grid)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->grid_list, i)) != NULL; i++)
    if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "gm-grid")) == grid + 1)
      return row;
  return NULL;
}

char *
gm_edit_panel_dup_grid_text (GmEditPanel *self,
                             guint        grid)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (GM_IS_EDIT_PANEL (self), NULL);

  if ((row = find_grid_row (self, grid)) == NULL)
    return NULL;
  return g_strdup_printf ("%s | %s | %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                          gtk_label_get_text (g_object_get_data (G_OBJECT (row), "gm-households")));
}

const char *
gm_edit_panel_get_grid_status (GmEditPanel *self,
                               guint        grid)
{
  GtkListBoxRow *row;
  GtkWidget *label;

  g_return_val_if_fail (GM_IS_EDIT_PANEL (self), NULL);

  if ((row = find_grid_row (self, grid)) == NULL)
    return NULL;
  label = g_object_get_data (G_OBJECT (row), "gm-households");
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (gtk_widget_has_css_class (label, status_names[i]))
      return status_names[i];
  return NULL;
}

guint
gm_edit_panel_get_n_issues (GmEditPanel *self)
{
  g_return_val_if_fail (GM_IS_EDIT_PANEL (self), 0);
  return self->issues != NULL ? self->issues->len : 0;
}

char *
gm_edit_panel_dup_checks_text (GmEditPanel *self)
{
  GString *text;

  g_return_val_if_fail (GM_IS_EDIT_PANEL (self), NULL);

  text = g_string_new (adw_preferences_group_get_description (self->checks_group));
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->check_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row))
      g_string_append_printf (text, " | %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_string_free (text, FALSE);
}

/* ---- object ---------------------------------------------------------------------- */

static void
gm_edit_panel_dispose (GObject *object)
{
  GmEditPanel *self = GM_EDIT_PANEL (object);
  GtkWidget *child;

  g_clear_object (&self->edit);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), GM_TYPE_EDIT_PANEL);
  /* The template's unnamed top box is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gm_edit_panel_parent_class)->dispose (object);
}

static void
gm_edit_panel_finalize (GObject *object)
{
  GmEditPanel *self = GM_EDIT_PANEL (object);

  g_array_unref (self->target_grids);

  G_OBJECT_CLASS (gm_edit_panel_parent_class)->finalize (object);
}

static void
gm_edit_panel_class_init (GmEditPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_edit_panel_dispose;
  object_class->finalize = gm_edit_panel_finalize;

  signals[GRID_ACTIVATED] = g_signal_new ("grid-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[ISSUE_ACTIVATED] = g_signal_new ("issue-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[MOVE_REQUESTED] = g_signal_new ("move-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[WORKLOAD_CHANGED] = g_signal_new ("workload-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-edit-panel.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gm-edit-panel");
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, reassign_group);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, chosen_row);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, target_row);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, move_button);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, target_model);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, target_spin);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, tolerance_spin);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, grids_group);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, checks_group);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, grid_list);
  gtk_widget_class_bind_template_child (widget_class, GmEditPanel, check_list);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_check_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_move_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_workload_changed);
}

static void
gm_edit_panel_init (GmEditPanel *self)
{
  self->target_grids = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
gm_edit_panel_new (void)
{
  return g_object_new (GM_TYPE_EDIT_PANEL, NULL);
}
