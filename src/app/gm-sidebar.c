/* gm-sidebar.c — details of the selected building or grid.
 *
 * The sidebar shows records it is given; it never queries the project. ID
 * numbers and phones of residents are always shown masked.
 */
#include "gm-config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gm-hazard.h"
#include "gm-privacy.h"
#include "gm-sidebar.h"

struct _GmSidebar
{
  GtkWidget parent_instance;

  GtkLabel   *title_label;
  GtkLabel   *subtitle_label;
  GtkStack   *stack;
  GtkListBox *building_list;
  GtkListBox *residents_list;
  GtkListBox *hazards_list;
  GtkListBox *grid_list;
  GtkListBox *totals_list;
  AdwPreferencesGroup *residents_group;
  AdwPreferencesGroup *hazards_group;
  AdwPreferencesGroup *grid_hazards_group;
  GtkListBox *grid_hazards_list;

  gint64     building_id;
  gint64     grid_id;
  GPtrArray *resident_lines;   /* of char*, as shown */
  GPtrArray *resident_names;   /* of char*, the rows' titles */
  guint      residents_shown;  /* rows made so far */
  guint      more_residents_id;
  guint      n_hazards;
};

/* Rows of residents made at once, and then per idle turn: a tower of 500
 * households would otherwise hold the sidebar (and the map) for a fifth of
 * a second; a screenful shows at once and the rest follows within frames. */
#define GM_SIDEBAR_RESIDENT_ROWS 24

G_DEFINE_FINAL_TYPE (GmSidebar, gm_sidebar, GTK_TYPE_WIDGET)

/* ---- labels for stored keys ------------------------------------------- */

static const char *
use_label (const char *use)
{
  static const struct { const char *key; const char *label; } uses[] = {
    { "residential", N_("Residential") },
    { "rental", N_("Rental housing") },
    { "mixed", N_("Mixed use (shop, storage and housing)") },
    { "commercial", N_("Commercial") },
    { "public", N_("Public") },
    { "industrial", N_("Industrial") },
    { "ancillary", N_("Ancillary (garage, shed)") },
    { "other", N_("Other") },
  };

  if (use == NULL || *use == '\0')
    return _("Unknown");
  for (guint i = 0; i < G_N_ELEMENTS (uses); i++)
    if (g_str_equal (uses[i].key, use))
      return _(uses[i].label);
  return use;
}

/* ---- rows -------------------------------------------------------------- */

static void
clear_list (GtkListBox *list)
{
  GtkListBoxRow *row;

  /* Row by row, so the placeholder stays. */
  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* How many columns @text takes: Chinese characters take two. */
static int
text_columns (const char *text)
{
  int columns = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return columns;
}

/* A "label: value" row; an empty value shows as a dash. */
static void
add_property (GtkListBox *list,
              const char *label,
              const char *value)
{
  GtkWidget *row = new_row (label, NULL);
  GtkWidget *value_label;

  if (value == NULL || *value == '\0')
    value = "—";
  value_label = g_object_new (GTK_TYPE_LABEL,
                              "label", value,
                              "xalign", 1.0f,
                              "wrap", TRUE,
                              "wrap-mode", PANGO_WRAP_WORD_CHAR,
                              "selectable", TRUE,
                              "max-width-chars", 24,
                              /* Short values stay on one line: a wrapping
                               * label would otherwise shrink to a sliver
                               * beside the row's title; codes of up to 20
                               * characters (990101001001B1927) are one. */
                              "width-chars", MIN (text_columns (value), 20),
                              NULL);
  gtk_widget_add_css_class (value_label, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label);
  g_object_set_data_full (G_OBJECT (row), "gm-value", g_strdup (value), g_free);
  gtk_list_box_append (list, row);
}

static void
add_property_int (GtkListBox *list,
                  const char *label,
                  int         value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  add_property (list, label, text);
}

static void
add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_set_placeholder (list, label);
}

static void
set_header (GmSidebar  *self,
            const char *title,
            const char *subtitle)
{
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label),
                          subtitle != NULL && *subtitle != '\0');
}

static void
reset (GmSidebar *self)
{
  clear_list (self->building_list);
  clear_list (self->residents_list);
  clear_list (self->hazards_list);
  clear_list (self->grid_list);
  clear_list (self->totals_list);
  clear_list (self->grid_hazards_list);
  g_ptr_array_set_size (self->resident_lines, 0);
  g_ptr_array_set_size (self->resident_names, 0);
  self->residents_shown = 0;
  g_clear_handle_id (&self->more_residents_id, g_source_remove);
  self->n_hazards = 0;
  self->building_id = 0;
  self->grid_id = 0;
}

/* ---- building ------------------------------------------------------------ */

static void
fill_building_properties (GmSidebar        *self,
                          const GmBuilding *b)
{
  g_autofree char *households = NULL;
  g_autofree char *grid = NULL;
  g_autofree char *leader = NULL;
  g_autofree char *phone = gm_mask_phone (b->leader_phone);

  if (b->households_estimated)
    /* Translators: a number of households that was estimated, not counted */
    households = g_strdup_printf (_("%d (estimated)"), b->households);
  else
    households = g_strdup_printf ("%d", b->households);
  if (b->grid_id > 0)
    grid = g_strdup_printf ("%s %s", b->grid_code ? b->grid_code : "", b->grid_name ? b->grid_name : "");
  if (b->leader_name != NULL && *b->leader_name != '\0')
    leader = (phone != NULL && *phone != '\0')
      ? g_strdup_printf ("%s · %s", b->leader_name, phone)
      : g_strdup (b->leader_name);

  add_property (self->building_list, _("Code"), b->code);
  if (b->floors > 0)
    add_property_int (self->building_list, _("Floors"), b->floors);
  else
    add_property (self->building_list, _("Floors"), _("Unknown"));
  add_property (self->building_list, _("Households"), households);
  add_property (self->building_list, _("Use"), use_label (b->use));
  add_property (self->building_list, _("Grid"), grid != NULL ? g_strstrip (grid) : _("In no grid"));
  add_property (self->building_list, _("Building leader"), leader);
}

static char *
resident_line (const GmResident *r)
{
  g_autofree char *id = gm_mask_id_number (r->id_number);
  g_autofree char *phone = gm_mask_phone (r->phone);
  g_autofree char *tags = gm_resident_tags_label (r->tags);
  GString *line = g_string_new (NULL);

  if (r->room != NULL && *r->room != '\0')
    /* Translators: %s is a room number such as 301 */
    g_string_append_printf (line, _("Room %s"), r->room);
  g_string_append_printf (line, "%s%s", line->len > 0 ? " · " : "",
                          r->floating ? _("Floating") : _("Registered"));
  if (id != NULL && *id != '\0')
    g_string_append_printf (line, "\n%s", id);
  if (phone != NULL && *phone != '\0')
    g_string_append_printf (line, "%s%s", id != NULL && *id != '\0' ? " · " : "\n", phone);
  if (tags != NULL && *tags != '\0')
    g_string_append_printf (line, "\n%s", tags);
  return g_string_free (line, FALSE);
}

/* Makes the next rows of residents; FALSE once all are made. */
static gboolean
add_resident_rows (gpointer data)
{
  GmSidebar *self = data;
  guint end = MIN (self->residents_shown + GM_SIDEBAR_RESIDENT_ROWS, self->resident_lines->len);

  for (; self->residents_shown < end; self->residents_shown++)
    gtk_list_box_append (self->residents_list,
                         new_row (g_ptr_array_index (self->resident_names, self->residents_shown),
                                  g_ptr_array_index (self->resident_lines, self->residents_shown)));
  if (self->residents_shown < self->resident_lines->len)
    return G_SOURCE_CONTINUE;
  self->more_residents_id = 0;
  return G_SOURCE_REMOVE;
}

static void
fill_residents (GmSidebar *self,
                GPtrArray *residents)
{
  for (guint i = 0; residents != NULL && i < residents->len; i++)
    {
      const GmResident *r = g_ptr_array_index (residents, i);

      g_ptr_array_add (self->resident_lines, resident_line (r));
      g_ptr_array_add (self->resident_names, g_strdup (r->name));
    }
  if (add_resident_rows (self))
    self->more_residents_id = g_idle_add (add_resident_rows, self);
  if (self->resident_lines->len > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Residents (%u)"), self->resident_lines->len);
      adw_preferences_group_set_title (self->residents_group, title);
    }
  else
    adw_preferences_group_set_title (self->residents_group, _("Residents"));
}

static GtkWidget *
hazard_row (const GmHazard *h)
{
  GString *line = g_string_new (NULL);
  g_autofree char *text = NULL;
  GtkWidget *row;

  g_string_append_printf (line, "%s · %s", gm_hazard_category_label (h->category), gm_hazard_status_label (h->status));
  if (h->found_on != NULL)
    g_string_append_printf (line, "\n%s %s", _("Found"), h->found_on);
  if (h->deadline != NULL)
    g_string_append_printf (line, " · %s %s", _("Deadline"), h->deadline);
  text = g_string_free (line, FALSE);

  row = new_row (h->kind != NULL && *h->kind != '\0' ? gm_hazard_kind_label (h->kind)
                                                   : gm_hazard_category_label (h->category), text);
  if (h->description != NULL && *h->description != '\0')
    gtk_widget_set_tooltip_text (row, h->description);
  /* A click opens the hazard to edit it or move it along its workflow. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.edit-hazard");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (h->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  if (h->overdue)
    {
      GtkWidget *badge = gtk_label_new (_("Overdue"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "gm-overdue-badge");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_widget_add_css_class (row, "gm-overdue");
    }
  return row;
}

static void
fill_hazards (GmSidebar *self,
              GPtrArray *hazards)
{
  for (guint i = 0; hazards != NULL && i < hazards->len; i++)
    gtk_list_box_append (self->hazards_list, hazard_row (g_ptr_array_index (hazards, i)));
  self->n_hazards = hazards != NULL ? hazards->len : 0;
  if (self->n_hazards > 0)
    {
      g_autofree char *title = g_strdup_printf (_("Hazards (%u)"), self->n_hazards);
      adw_preferences_group_set_title (self->hazards_group, title);
    }
  else
    adw_preferences_group_set_title (self->hazards_group, _("Hazards"));
}

void
gm_sidebar_show_building (GmSidebar        *self,
                          const GmBuilding *building,
                          GPtrArray        *residents,
                          GPtrArray        *hazards)
{
  const char *title;

  g_return_if_fail (GM_IS_SIDEBAR (self));
  g_return_if_fail (building != NULL);

  reset (self);
  self->building_id = building->id;

  title = building->name;
  if (title == NULL || *title == '\0')
    title = building->address;
  if (title == NULL || *title == '\0')
    title = _("Unnamed building");
  set_header (self, title, title == building->address ? NULL : building->address);

  fill_building_properties (self, building);
  fill_residents (self, residents);
  fill_hazards (self, hazards);
  gtk_stack_set_visible_child_name (self->stack, "building");
}

/* ---- grid ---------------------------------------------------------------- */

void
gm_sidebar_show_grid (GmSidebar           *self,
                      const GmGridSummary *grid)
{
  g_autofree char *community = NULL;
  g_autofree char *residents = NULL;

  g_return_if_fail (GM_IS_SIDEBAR (self));
  g_return_if_fail (grid != NULL);

  reset (self);
  self->grid_id = grid->id;
  set_header (self, grid->name != NULL && *grid->name ? grid->name : _("Unnamed grid"), grid->code);

  community = g_strdup_printf ("%s %s", grid->community_name ? grid->community_name : "",
                               grid->community_code ? grid->community_code : "");
  /* Translators: residents: total, registered and floating */
  residents = g_strdup_printf (_("%d (%d registered, %d floating)"),
                               grid->residents, grid->registered, grid->floating);

  add_property (self->grid_list, _("Grid code"), grid->code);
  add_property (self->grid_list, _("Community"), g_strstrip (community));
  add_property (self->grid_list, _("Grid worker"), grid->worker_name);
  add_property (self->grid_list, _("Worker phone"), grid->worker_phone);

  add_property_int (self->totals_list, _("Buildings"), grid->buildings);
  add_property_int (self->totals_list, _("Households"), grid->households);
  add_property (self->totals_list, _("Residents"), residents);
  add_property_int (self->totals_list, _("Open hazards"), grid->open_hazards);
  add_property_int (self->totals_list, _("Overdue hazards"), grid->overdue_hazards);

  gtk_stack_set_visible_child_name (self->stack, "grid");
}

void
gm_sidebar_show_grid_hazards (GmSidebar  *self,
                              GPtrArray  *hazards,
                              const char *note)
{
  g_autofree char *title = NULL;

  g_return_if_fail (GM_IS_SIDEBAR (self));

  clear_list (self->grid_hazards_list);
  for (guint i = 0; hazards != NULL && i < hazards->len; i++)
    gtk_list_box_append (self->grid_hazards_list, hazard_row (g_ptr_array_index (hazards, i)));
  self->n_hazards = hazards != NULL ? hazards->len : 0;
  title = g_strdup_printf (_("Hazards (%u)"), self->n_hazards);
  adw_preferences_group_set_title (self->grid_hazards_group, title);
  adw_preferences_group_set_description (self->grid_hazards_group, note);
}

void
gm_sidebar_clear (GmSidebar *self)
{
  g_return_if_fail (GM_IS_SIDEBAR (self));

  reset (self);
  set_header (self, _("Details"), NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* ---- getters ------------------------------------------------------------- */

gint64
gm_sidebar_get_building_id (GmSidebar *self)
{
  g_return_val_if_fail (GM_IS_SIDEBAR (self), 0);
  return self->building_id;
}

gint64
gm_sidebar_get_grid_id (GmSidebar *self)
{
  g_return_val_if_fail (GM_IS_SIDEBAR (self), 0);
  return self->grid_id;
}

const char *
gm_sidebar_get_title (GmSidebar *self)
{
  g_return_val_if_fail (GM_IS_SIDEBAR (self), NULL);
  return gtk_label_get_text (self->title_label);
}

guint
gm_sidebar_get_n_residents (GmSidebar *self)
{
  g_return_val_if_fail (GM_IS_SIDEBAR (self), 0);
  return self->resident_lines->len;
}

guint
gm_sidebar_get_n_hazards (GmSidebar *self)
{
  g_return_val_if_fail (GM_IS_SIDEBAR (self), 0);
  return self->n_hazards;
}

GStrv
gm_sidebar_dup_resident_lines (GmSidebar *self)
{
  GStrvBuilder *builder;
  GStrv lines;

  g_return_val_if_fail (GM_IS_SIDEBAR (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->resident_lines->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->resident_lines, i));
  lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return lines;
}

static const char *
find_property (GtkListBox *list,
               const char *label)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), label) == 0)
      return g_object_get_data (G_OBJECT (row), "gm-value");
  return NULL;
}

const char *
gm_sidebar_get_property_value (GmSidebar  *self,
                               const char *label)
{
  GtkListBox *lists[] = { self->building_list, self->grid_list, self->totals_list };

  g_return_val_if_fail (GM_IS_SIDEBAR (self), NULL);
  g_return_val_if_fail (label != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      const char *value = find_property (lists[i], label);

      if (value != NULL)
        return value;
    }
  return NULL;
}

/* ---- class ------------------------------------------------------------- */

static void
gm_sidebar_dispose (GObject *object)
{
  GtkWidget *child;

  g_clear_handle_id (&GM_SIDEBAR (object)->more_residents_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (object), GM_TYPE_SIDEBAR);
  /* The template's unnamed top box is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gm_sidebar_parent_class)->dispose (object);
}

static void
gm_sidebar_finalize (GObject *object)
{
  GmSidebar *self = GM_SIDEBAR (object);

  g_clear_pointer (&self->resident_lines, g_ptr_array_unref);
  g_clear_pointer (&self->resident_names, g_ptr_array_unref);

  G_OBJECT_CLASS (gm_sidebar_parent_class)->finalize (object);
}

static void
gm_sidebar_class_init (GmSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gm_sidebar_dispose;
  object_class->finalize = gm_sidebar_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, title_label);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, building_list);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, residents_list);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, hazards_list);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, grid_list);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, totals_list);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, residents_group);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, hazards_group);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, grid_hazards_group);
  gtk_widget_class_bind_template_child (widget_class, GmSidebar, grid_hazards_list);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gm-sidebar");
}

static void
gm_sidebar_init (GmSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->resident_lines = g_ptr_array_new_with_free_func (g_free);
  self->resident_names = g_ptr_array_new_with_free_func (g_free);
  add_placeholder (self->residents_list, _("No residents recorded"));
  add_placeholder (self->hazards_list, _("No hazards recorded"));
  add_placeholder (self->grid_hazards_list, _("No hazards recorded"));
  gm_sidebar_clear (self);
}

GtkWidget *
gm_sidebar_new (void)
{
  return g_object_new (GM_TYPE_SIDEBAR, NULL);
}
