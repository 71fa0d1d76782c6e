/* gm-hazard-dialog.c — adding and editing a hazard, moving it along its
 * workflow, and its history.
 *
 * The rows hold the descriptive fields; core checks them and writes them
 * with their audit row. A step button first saves the rows, then moves the
 * hazard, and the dialog shows the new state; Save saves and closes. */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-hazard-dialog.h"
#include "gm-hazard-history.h"

struct _GmHazardDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwActionRow   *place_row;
  AdwComboRow    *category_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *other_kind_row;
  AdwEntryRow    *description_row;
  AdwEntryRow    *found_row;
  AdwEntryRow    *department_row;
  AdwEntryRow    *reporter_row;
  AdwPreferencesGroup *workflow_group;
  AdwPreferencesGroup *history_group;
  AdwActionRow   *status_row;
  AdwEntryRow    *deadline_row;
  AdwEntryRow    *step_date_row;
  GtkWidget      *step_box;
  GtkWidget      *notice_button;
  GtkWidget      *rectified_button;
  GtkWidget      *close_button;
  GtkWidget      *reopen_button;
  GtkListBox     *history_list;

  GmStore        *store;
  GmHazardRecord *record;        /* as stored, or the draft of a new one */
  GStrv           kinds;         /* of the kind row; "Other…" after them */
  guint           n_history;
};

G_DEFINE_FINAL_TYPE (GmHazardDialog, gm_hazard_dialog, ADW_TYPE_WINDOW)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- rows ----------------------------------------------------------------- */

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

static char *
dup_text (AdwEntryRow *row)
{
  char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static const char *
selected_category (GmHazardDialog *self)
{
  const char * const *categories = gm_hazard_categories ();
  guint i = adw_combo_row_get_selected (self->category_row);

  return i < g_strv_length ((char **) categories) ? categories[i] : "other";
}

/* The kinds of the category, "Other…" last; @kind is selected, or typed
 * in under "Other…" when the list does not have it. */
static void
fill_kinds (GmHazardDialog *self,
            const char     *kind)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint selected;

  g_strfreev (self->kinds);
  self->kinds = gm_hazard_dup_kinds (self->store, selected_category (self), NULL);
  for (guint i = 0; self->kinds != NULL && self->kinds[i] != NULL; i++)
    gtk_string_list_append (list, gm_hazard_kind_label (self->kinds[i]));
  gtk_string_list_append (list, _("Other…"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (list));
  /* No kind yet: the category's first; one the list lacks: "Other…". */
  selected = kind == NULL ? 0 : self->kinds != NULL ? g_strv_length (self->kinds) : 0;
  for (guint i = 0; kind != NULL && self->kinds != NULL && self->kinds[i] != NULL; i++)
    if (g_str_equal (self->kinds[i], kind))
      selected = i;
  adw_combo_row_set_selected (self->kind_row, selected);
  set_text (self->other_kind_row, self->kinds == NULL || selected == g_strv_length (self->kinds) ? kind : NULL);
}

static void
on_kind_changed (GmHazardDialog *self)
{
  guint n = self->kinds != NULL ? g_strv_length (self->kinds) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->other_kind_row), adw_combo_row_get_selected (self->kind_row) >= n);
}

static void
on_category_changed (GmHazardDialog *self)
{
  fill_kinds (self, NULL);
}

void
gm_hazard_dialog_fill (GmHazardDialog       *self,
                       const GmHazardRecord *r)
{
  const char * const *categories = gm_hazard_categories ();

  g_return_if_fail (GM_IS_HAZARD_DIALOG (self));
  g_return_if_fail (r != NULL);

  g_signal_handlers_block_by_func (self->category_row, on_category_changed, self);
  for (guint i = 0; categories[i] != NULL; i++)
    if (g_strcmp0 (categories[i], r->category) == 0)
      adw_combo_row_set_selected (self->category_row, i);
  g_signal_handlers_unblock_by_func (self->category_row, on_category_changed, self);
  fill_kinds (self, r->kind);
  set_text (self->description_row, r->description);
  set_text (self->found_row, r->found_on);
  set_text (self->department_row, r->department);
  set_text (self->reporter_row, r->reporter);
  set_text (self->deadline_row, r->deadline);
}

/* The stored record with the rows' fields over it. */
static GmHazardRecord *
read_rows (GmHazardDialog *self)
{
  GmHazardRecord *r = gm_hazard_record_copy (self->record);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint n = self->kinds != NULL ? g_strv_length (self->kinds) : 0;

#define TAKE(field, value) g_free (r->field), r->field = (value)
  TAKE (category, g_strdup (selected_category (self)));
  TAKE (kind, kind < n ? g_strdup (self->kinds[kind]) : dup_text (self->other_kind_row));
  TAKE (description, dup_text (self->description_row));
  TAKE (found_on, dup_text (self->found_row));
  TAKE (department, dup_text (self->department_row));
  TAKE (reporter, dup_text (self->reporter_row));
  if (r->status == GM_HAZARD_NOTIFIED)
    TAKE (deadline, dup_text (self->deadline_row));
#undef TAKE
  return r;
}

/* ---- state ------------------------------------------------------------------- */

static void
show_error (GmHazardDialog *self,
            const GError   *error)
{
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
}

static char *
status_text (const GmHazardRecord *r)
{
  GString *text = g_string_new (NULL);
  const struct { const char *label; const char *date; } dates[] = {
    { _("Found"), r->found_on }, { _("Notice"), r->notice_on }, { _("Deadline"), r->deadline },
    { _("Rectified"), r->rectified_on }, { _("Verified"), r->verified_on },
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    if (dates[i].date != NULL)
      g_string_append_printf (text, "%s%s %s", text->len > 0 ? " · " : "", dates[i].label, dates[i].date);
  return g_string_free (text, FALSE);
}

static void
show_workflow (GmHazardDialog *self)
{
  const GmHazardRecord *r = self->record;
  g_autofree char *dates = status_text (r);
  g_autofree char *today = gm_today_iso ();
  g_autofree char *deadline = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->workflow_group), r->id > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), r->id > 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), gm_hazard_status_label (r->status));
  adw_action_row_set_subtitle (self->status_row, dates);
  /* Discovered: the deadline the notice will give; notified: the one it
   * gave, which may move; later: done with. */
  gtk_widget_set_visible (GTK_WIDGET (self->deadline_row), r->status <= GM_HAZARD_NOTIFIED);
  if (r->status == GM_HAZARD_DISCOVERED)
    set_text (self->deadline_row, deadline = gm_iso_date_add_days (today, GM_HAZARD_DEFAULT_NOTICE_DAYS));
  set_text (self->step_date_row, today);
  gtk_widget_set_visible (GTK_WIDGET (self->step_date_row), r->status != GM_HAZARD_CLOSED);
  gtk_widget_set_visible (self->notice_button, gm_hazard_status_can_move (r->status, GM_HAZARD_NOTIFIED)
                                               && r->status == GM_HAZARD_DISCOVERED);
  gtk_widget_set_visible (self->rectified_button, gm_hazard_status_can_move (r->status, GM_HAZARD_RECTIFIED));
  gtk_widget_set_visible (self->close_button, gm_hazard_status_can_move (r->status, GM_HAZARD_CLOSED));
  gtk_widget_set_visible (self->reopen_button, r->status == GM_HAZARD_RECTIFIED);
  gtk_widget_set_visible (self->step_box, r->status != GM_HAZARD_CLOSED);
}

static const char *
action_label (const char *action)
{
  if (g_strcmp0 (action, "hazard-add") == 0)
    return _("Reported");
  if (g_strcmp0 (action, "hazard-status") == 0)
    return _("Workflow step");
  return _("Edited");
}

static void
show_history (GmHazardDialog *self)
{
  g_autoptr(GPtrArray) changes = NULL;
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (self->history_list, 0)) != NULL)
    gtk_list_box_remove (self->history_list, GTK_WIDGET (row));
  self->n_history = 0;
  if (self->record->id <= 0 || (changes = gm_hazard_dup_history (self->store, self->record->id, NULL)) == NULL)
    return;
  for (guint i = 0; i < changes->len; i++)
    {
      const GmHazardChange *c = g_ptr_array_index (changes, i);
      GtkWidget *history_row = adw_action_row_new ();
      /* Translators: a history line: what happened, when, by whom */
      g_autofree char *title = g_strdup_printf (_("%s · %s · %s"), action_label (c->action), c->when, c->who);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (history_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (history_row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (history_row), c->summary);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (history_row), 0);
      gtk_list_box_append (self->history_list, history_row);
      self->n_history++;
    }
}

static void
show_place (GmHazardDialog *self)
{
  g_autoptr(GmBuilding) b = NULL;
  g_autofree char *text = NULL;

  if (self->record->building_id > 0)
    b = gm_store_dup_building (self->store, self->record->building_id, NULL);
  if (b != NULL)
    text = g_strdup_printf ("%s%s%s", b->name != NULL ? b->name : (b->code != NULL ? b->code : ""),
                            b->address != NULL ? " · " : "", b->address != NULL ? b->address : "");
  else
    /* Translators: a hazard not at a building, and where it is */
    text = g_strdup_printf (_("Not at a building (%.5f, %.5f)"), self->record->lon, self->record->lat);
  adw_action_row_set_subtitle (self->place_row, text);
}

static void
show_record (GmHazardDialog *self)
{
  adw_window_title_set_title (self->window_title, self->record->id > 0 ? _("Hazard") : _("New Hazard"));
  adw_window_title_set_subtitle (self->window_title, self->record->id > 0
                                 ? gm_hazard_kind_label (self->record->kind) : NULL);
  show_place (self);
  gm_hazard_dialog_fill (self, self->record);
  show_workflow (self);
  show_history (self);
}

static gboolean
reload (GmHazardDialog  *self,
        gint64           id,
        GError         **error)
{
  GmHazardRecord *r = gm_hazard_record_load (self->store, id, error);

  if (r == NULL)
    return FALSE;
  gm_hazard_record_free (self->record);
  self->record = r;
  show_record (self);
  return TRUE;
}

/* ---- writing ---------------------------------------------------------------------- */

gboolean
gm_hazard_dialog_save (GmHazardDialog  *self,
                       GError         **error)
{
  g_autoptr(GmHazardRecord) r = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (GM_IS_HAZARD_DIALOG (self), FALSE);

  r = read_rows (self);
  ok = r->id > 0 ? gm_hazard_update (self->store, r, &local) : gm_hazard_add (self->store, r, &local);
  show_error (self, local);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  ok = reload (self, r->id, error);
  g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

gboolean
gm_hazard_dialog_move (GmHazardDialog  *self,
                       GmHazardStatus   to,
                       GError         **error)
{
  g_autofree char *date = NULL, *deadline = NULL;
  g_autoptr(GError) local = NULL;
  gboolean ok;

  g_return_val_if_fail (GM_IS_HAZARD_DIALOG (self), FALSE);
  g_return_val_if_fail (self->record->id > 0, FALSE);

  if (!gm_hazard_dialog_save (self, error))
    return FALSE;
  date = dup_text (self->step_date_row);
  deadline = to == GM_HAZARD_NOTIFIED ? dup_text (self->deadline_row) : NULL;
  ok = gm_hazard_move (self->store, self->record->id, to, date, deadline, &local);
  show_error (self, local);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  ok = reload (self, self->record->id, error);
  g_signal_emit (self, signals[CHANGED], 0);
  return ok;
}

static void
on_save_clicked (GmHazardDialog *self)
{
  if (gm_hazard_dialog_save (self, NULL))
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_step_clicked (GmHazardDialog *self,
                 GtkButton      *button)
{
  GmHazardStatus to = GM_HAZARD_NOTIFIED;

  if (GTK_WIDGET (button) == self->rectified_button)
    to = GM_HAZARD_RECTIFIED;
  else if (GTK_WIDGET (button) == self->close_button)
    to = GM_HAZARD_CLOSED;
  gm_hazard_dialog_move (self, to, NULL);
}

gint64
gm_hazard_dialog_get_id (GmHazardDialog *self)
{
  g_return_val_if_fail (GM_IS_HAZARD_DIALOG (self), 0);
  return self->record->id;
}

guint
gm_hazard_dialog_get_n_history (GmHazardDialog *self)
{
  g_return_val_if_fail (GM_IS_HAZARD_DIALOG (self), 0);
  return self->n_history;
}

/* ---- class ------------------------------------------------------------------------ */

static void
gm_hazard_dialog_finalize (GObject *object)
{
  GmHazardDialog *self = GM_HAZARD_DIALOG (object);

  g_clear_object (&self->store);
  gm_hazard_record_free (self->record);
  g_strfreev (self->kinds);

  G_OBJECT_CLASS (gm_hazard_dialog_parent_class)->finalize (object);
}

static void
gm_hazard_dialog_class_init (GmHazardDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gm_hazard_dialog_finalize;
  /* After each write: an addition, a save, a workflow step. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridmap/Gridmap/gm-hazard-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GmHazardDialog, name)
  BIND (window_title);
  BIND (error_revealer);
  BIND (error_label);
  BIND (place_row);
  BIND (category_row);
  BIND (kind_row);
  BIND (other_kind_row);
  BIND (description_row);
  BIND (found_row);
  BIND (department_row);
  BIND (reporter_row);
  BIND (workflow_group);
  BIND (history_group);
  BIND (status_row);
  BIND (deadline_row);
  BIND (step_date_row);
  BIND (step_box);
  BIND (notice_button);
  BIND (rectified_button);
  BIND (close_button);
  BIND (reopen_button);
  BIND (history_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_step_clicked);
  /* Escape closes it, as the close button does (and asks the same). */
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gm_hazard_dialog_init (GmHazardDialog *self)
{
  const char * const *categories = gm_hazard_categories ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; categories[i] != NULL; i++)
    gtk_string_list_append (list, gm_hazard_category_label (categories[i]));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (list));
  g_signal_connect_swapped (self->category_row, "notify::selected", G_CALLBACK (on_category_changed), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_changed), self);
}

static GmHazardDialog *
dialog_new (GtkWindow *parent,
            GmStore   *store)
{
  GmHazardDialog *self = g_object_new (GM_TYPE_HAZARD_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  return self;
}

GmHazardDialog *
gm_hazard_dialog_new_add (GtkWindow *parent,
                          GmStore   *store,
                          gint64     building_id,
                          double     lon,
                          double     lat)
{
  GmHazardDialog *self;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  self = dialog_new (parent, store);
  self->record = gm_hazard_record_new ();
  self->record->building_id = building_id;
  self->record->lon = lon;
  self->record->lat = lat;
  self->record->category = g_strdup ("fire");
  self->record->found_on = gm_today_iso ();
  if (g_strcmp0 (g_get_real_name (), "Unknown") != 0)
    self->record->reporter = g_strdup (g_get_real_name ());
  show_record (self);
  return self;
}

GmHazardDialog *
gm_hazard_dialog_new_edit (GtkWindow  *parent,
                           GmStore    *store,
                           gint64      id,
                           GError    **error)
{
  GmHazardDialog *self;

  g_return_val_if_fail (GM_IS_STORE (store), NULL);

  /* Like every window, owned by GTK until it is destroyed. */
  self = dialog_new (parent, store);
  self->record = gm_hazard_record_new ();
  if (!reload (self, id, error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  return self;
}
