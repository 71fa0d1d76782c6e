/* gm-import-dialog-source.c — what the file to import is, shown before the
 * import: its layer, the encoding of its text with the text as it decodes
 * (and the other readings, to choose from when the guess is wrong), its
 * coordinate system or, when it has none or a wrong one, the candidates
 * its coordinates allow, the web-map conversion for longitude/latitude, and
 * what is worth a look about the file.
 */
#include "gm-config.h"

#include <glib/gi18n.h>

#include "gm-import-dialog-private.h"

/* Encodings offered besides the candidates the file's text was tried in. */
static const char * const more_encodings[] = {
  "UTF-8", "GB18030", "BIG5", "CP1252", "ISO-8859-1",
};

static void update_srs_landing (GmImportDialog *self);

gboolean
gm_import_dialog_layer_has_geometry (const GmSourceLayer *layer)
{
  return (layer->geometry_type != NULL && g_ascii_strcasecmp (layer->geometry_type, "None") != 0)
         || layer->sample_points->len > 0;
}

gboolean
gm_import_dialog_srs_needed (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;

  return gm_import_dialog_layer_has_geometry (layer)
         && ((layer->srs_code == NULL && layer->srs_name == NULL) || layer->srs_problem != NULL);
}

/* ---- the coordinate system ----------------------------------------------------------- */

/* The candidates are listed after a "Choose…" entry unless the first is
 * clearly right (longitude/latitude, or where the project's data is); the
 * last entry lets the user type any EPSG code. */
static gboolean
srs_first_is_clear (const GmSourceLayer *layer)
{
  GmSrsCandidate *best = layer->srs_candidates->len > 0 ? g_ptr_array_index (layer->srs_candidates, 0) : NULL;

  return best != NULL && (layer->srs_lonlat || (best->distance_km >= 0 && best->distance_km < 100));
}

static guint
srs_offset (const GmSourceLayer *layer)
{
  return srs_first_is_clear (layer) ? 0 : 1;
}

/* Where the file lands in a candidate, under the choice. */
static char *
srs_candidate_landing (const GmSrsCandidate *c)
{
  if (c->distance_km >= 0)
    /* Translators: where a file lands in a coordinate system, and how far from the project's data */
    return g_strdup_printf (_("At %.4f° E, %.4f° N, %.0f km from the project’s data"),
                            c->lon, c->lat, c->distance_km);
  /* Translators: where a file lands in a coordinate system */
  return g_strdup_printf (_("At %.4f° E, %.4f° N"), c->lon, c->lat);
}

static void
fill_srs_choices (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  gboolean shown = gm_import_dialog_srs_needed (self) && layer->srs_candidates != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->srs_choice_row), shown);
  if (!shown)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->epsg_row), gm_import_dialog_srs_needed (self));
      return;
    }
  if (srs_offset (layer) > 0)
    gtk_string_list_append (model, _("Choose…"));
  for (guint i = 0; i < layer->srs_candidates->len; i++)
    {
      GmSrsCandidate *c = g_ptr_array_index (layer->srs_candidates, i);
      g_autofree char *label = g_strdup_printf ("%s — %s", c->code, c->name);

      gtk_string_list_append (model, label);
    }
  gtk_string_list_append (model, _("Another: type its EPSG code"));
  adw_combo_row_set_model (self->srs_choice_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->srs_choice_row, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->epsg_row), FALSE);
  update_srs_landing (self);
}

static char *
dup_epsg_entry (GmImportDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->epsg_row))));
  const char *digits = text;

  if (g_ascii_strncasecmp (digits, "EPSG:", 5) == 0)
    digits += 5;
  if (*digits == '\0')
    return NULL;
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  return g_strconcat ("EPSG:", digits, NULL);
}

char *
gm_import_dialog_dup_srs_choice (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;
  guint selected, n;

  if (!gm_import_dialog_srs_needed (self))
    return NULL;
  if (layer->srs_candidates == NULL)
    return dup_epsg_entry (self);
  selected = adw_combo_row_get_selected (self->srs_choice_row);
  n = layer->srs_candidates->len;
  if (selected == srs_offset (layer) + n)
    return dup_epsg_entry (self);
  if (selected < srs_offset (layer) || selected >= srs_offset (layer) + n)
    return NULL;
  return g_strdup (((GmSrsCandidate *) g_ptr_array_index (layer->srs_candidates,
                                                          selected - srs_offset (layer)))->code);
}

/* The chosen candidate's name in full and where the file lands in it. */
static void
update_srs_landing (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;
  guint selected = adw_combo_row_get_selected (self->srs_choice_row);
  guint offset = srs_offset (layer);
  g_autofree char *text = NULL;

  if (layer->srs_candidates != NULL && selected >= offset && selected < offset + layer->srs_candidates->len)
    {
      GmSrsCandidate *c = g_ptr_array_index (layer->srs_candidates, selected - offset);
      g_autofree char *landing = srs_candidate_landing (c);

      text = g_strdup_printf ("%s\n%s", c->name, landing);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->srs_choice_row), text != NULL ? text : "");
}

static void
update_import_sensitivity (GmImportDialog *self)
{
  g_autofree char *chosen = gm_import_dialog_dup_srs_choice (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button),
                            !gm_import_dialog_srs_needed (self) || chosen != NULL);
}

static void
fill_srs (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;
  g_autofree char *text = NULL;
  gboolean trouble = gm_import_dialog_srs_needed (self);

  if (!gm_import_dialog_layer_has_geometry (layer))
    text = g_strdup (_("None needed: the layer has no geometry"));
  else if (layer->srs_problem != NULL)
    /* Translators: what is wrong with a file's coordinate system */
    text = g_strdup_printf (_("Wrong: %s — choose the right one below"), layer->srs_problem);
  else if (layer->srs_name != NULL && layer->srs_code != NULL)
    text = g_strdup_printf ("%s (%s)", layer->srs_name, layer->srs_code);
  else if (layer->srs_code != NULL || layer->srs_name != NULL)
    text = g_strdup (layer->srs_code != NULL ? layer->srs_code : layer->srs_name);
  else if (layer->srs_lonlat)
    text = g_strdup (_("Not declared; the coordinates are longitude and latitude"));
  else
    text = g_strdup (_("Not declared, and the coordinates are not longitude and latitude: choose below"));

  adw_action_row_set_subtitle (self->srs_row, text);
  adw_action_row_set_subtitle_lines (self->srs_row, 0);
  if (trouble && !layer->srs_lonlat)
    gtk_widget_add_css_class (GTK_WIDGET (self->srs_row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->srs_row), "warning");
  fill_srs_choices (self);
  if (adw_combo_row_get_model (self->shift_row) == NULL)
    {
      const char *shifts[] = { _("None: WGS 84 or CGCS2000"), _("GCJ-02: Amap, Tencent, Google China"),
                               _("BD-09: Baidu"), NULL };
      g_autoptr(GtkStringList) model = gtk_string_list_new (shifts);

      adw_combo_row_set_model (self->shift_row, G_LIST_MODEL (model));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->shift_row),
                          gm_import_dialog_layer_has_geometry (layer) && layer->srs_lonlat);
  update_import_sensitivity (self);
}

GmCoordShift
gm_import_dialog_get_shift (GmImportDialog *self)
{
  if (!gtk_widget_get_visible (GTK_WIDGET (self->shift_row)))
    return GM_SHIFT_NONE;
  switch (adw_combo_row_get_selected (self->shift_row))
    {
    case 1: return GM_SHIFT_GCJ02;
    case 2: return GM_SHIFT_BD09;
    default: return GM_SHIFT_NONE;
    }
}

/* ---- the text encoding --------------------------------------------------------------- */

/* "GB18030 — “简体国语”" for each candidate, then the other encodings. */
void
gm_import_dialog_fill_encodings (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) choices = g_strv_builder_new ();
  g_autofree char *first = g_strdup_printf ("%s (%s)", layer->encoding,
                                            gm_encoding_origin_get_label (layer->encoding_origin));
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean was_updating;

  gtk_string_list_append (model, first);
  for (guint i = 0; layer->encoding_candidates != NULL && i < layer->encoding_candidates->len; i++)
    {
      GmEncodingCandidate *c = g_ptr_array_index (layer->encoding_candidates, i);
      g_autofree char *label = g_strdup_printf ("%s — “%s”", c->encoding, c->sample);

      gtk_string_list_append (model, label);
      g_strv_builder_add (choices, c->encoding);
      g_hash_table_add (listed, c->encoding);
    }
  for (guint i = 0; i < G_N_ELEMENTS (more_encodings); i++)
    if (!g_hash_table_contains (listed, more_encodings[i]))
      {
        gtk_string_list_append (model, more_encodings[i]);
        g_strv_builder_add (choices, more_encodings[i]);
      }
  g_strfreev (self->encoding_choices);
  self->encoding_choices = g_strv_builder_end (choices);
  /* Only text a program passes through as bytes has an encoding to choose. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->encoding_row),
                            layer->encoding_origin != GM_ENCODING_FROM_FORMAT);
  was_updating = self->updating;
  self->updating = TRUE;
  adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (model));
  self->updating = was_updating;
}

const char *
gm_import_dialog_get_encoding_choice (GmImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->encoding_choices == NULL
      || selected > g_strv_length (self->encoding_choices))
    return NULL;
  return self->encoding_choices[selected - 1];
}

static void
fill_encoding_sample (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;
  GtkWidget *row = GTK_WIDGET (self->encoding_sample_row);

  gtk_widget_set_visible (row, layer->encoding_sample != NULL);
  if (layer->encoding_sample == NULL)
    return;
  adw_action_row_set_subtitle (self->encoding_sample_row, layer->encoding_sample);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 layer->encoding_uncertain
                                 ? _("Check the text: the encoding is a guess")
                                 : _("The text reads"));
  if (layer->encoding_uncertain)
    gtk_widget_add_css_class (row, "warning");
  else
    gtk_widget_remove_css_class (row, "warning");
}

/* ---- what is worth a look ------------------------------------------------------------ */

static void
fill_warnings (GmImportDialog *self)
{
  const GmSourceLayer *layer = self->layer;

  for (guint i = 0; i < self->warning_rows->len; i++)
    gtk_list_box_remove (self->warnings_list, g_ptr_array_index (self->warning_rows, i));
  g_ptr_array_set_size (self->warning_rows, 0);
  for (guint i = 0; layer->warnings != NULL && layer->warnings[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      const char *text = layer->warnings[i];
      /* The messages are clauses ("the .cpg file …"): a sentence here. */
      g_autofree char *first = g_utf8_strup (text, g_utf8_next_char (text) - text);
      g_autofree char *sentence = g_strconcat (first, g_utf8_next_char (text), NULL);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sentence);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_append (self->warnings_list, row);
      g_ptr_array_add (self->warning_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), self->warning_rows->len > 0);
}

/* ---- the layer ------------------------------------------------------------------------ */

static void
fill_source_description (GmImportDialog *self)
{
  g_autofree char *text = NULL;

  if (self->layer->feature_count >= 0)
    /* Translators: driver name, then number of features and geometry type */
    text = g_strdup_printf (ngettext ("%s, %lld feature (%s)",
                                      "%s, %lld features (%s)",
                                      self->layer->feature_count),
                            self->source->driver, (long long) self->layer->feature_count,
                            self->layer->geometry_label);
  else
    text = g_strdup_printf ("%s (%s)", self->source->driver, self->layer->geometry_label);
  adw_preferences_group_set_description (self->source_group, text);
}

void
gm_import_dialog_fill_layer (GmImportDialog *self)
{
  gboolean was_updating = self->updating;

  self->updating = TRUE;
  adw_combo_row_set_selected (self->kind_row, self->layer->guessed_kind);
  self->updating = was_updating;

  fill_source_description (self);
  fill_srs (self);
  fill_encoding_sample (self);
  fill_warnings (self);
  gm_import_dialog_fill_field_rows (self);
}

static void
fill_layers (GmImportDialog *self,
             const char     *keep_layer)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  gboolean was_updating;
  guint selected = 0;

  for (guint i = 0; i < self->source->layers->len; i++)
    {
      GmSourceLayer *layer = g_ptr_array_index (self->source->layers, i);

      gtk_string_list_append (model, layer->name);
      if (g_strcmp0 (layer->name, keep_layer) == 0)
        selected = i;
    }
  was_updating = self->updating;
  self->updating = TRUE;
  adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (model));
  adw_combo_row_set_selected (self->layer_row, selected);
  self->updating = was_updating;
  gtk_widget_set_visible (GTK_WIDGET (self->layer_row), self->source->layers->len > 1);
  self->layer = g_ptr_array_index (self->source->layers, selected);
}

/* The extent of the project's data, which orders the coordinate systems a
 * file without one could be in. */
void
gm_import_dialog_read_project (GmImportDialog *self)
{
  g_autoptr(GmStore) store = gm_store_open (self->project_path, GM_STORE_OPEN_READONLY, NULL);

  if (store == NULL || !gm_store_get_extent (store, &self->project_extent, NULL))
    self->project_extent = GM_EXTENT_EMPTY;
}

/* Reads the file again, with @encoding (NULL: as declared). */
gboolean
gm_import_dialog_probe (GmImportDialog *self,
                        const char     *encoding)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GmSource) source = NULL;
  g_autofree char *keep_layer = self->layer ? g_strdup (self->layer->name) : NULL;
  g_autofree char *name = gm_import_dialog_dup_file_name (self->path);

  source = gm_source_probe (self->path, encoding, &error);
  if (source != NULL && source->layers->len == 0)
    g_set_error (&error, GM_IMPORT_ERROR, GM_IMPORT_ERROR_LAYER, _("“%s” holds no layer of features"), name);
  if (error != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Cannot Read “%s”"), name);

      gm_import_dialog_show_error (self, title, error->message, self->source != NULL);
      return FALSE;
    }

  gm_source_rank_srs (source, &self->project_extent);
  g_clear_pointer (&self->source, gm_source_free);
  self->source = g_steal_pointer (&source);
  self->layer = NULL;
  fill_layers (self, keep_layer);
  return TRUE;
}

/* ---- signals --------------------------------------------------------------------------- */

static void
on_layer_changed (GmImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->layer_row);

  if (self->updating || self->source == NULL || selected >= self->source->layers->len)
    return;
  self->layer = g_ptr_array_index (self->source->layers, selected);
  gm_import_dialog_fill_layer (self);
}

static void
on_encoding_changed (GmImportDialog *self)
{
  GmImportKind kind = gm_import_dialog_get_kind (self);

  if (self->updating || self->source == NULL)
    return;
  /* New samples in the new encoding; keep what the user chose as the kind. */
  if (gm_import_dialog_probe (self, gm_import_dialog_get_encoding_choice (self)))
    {
      gm_import_dialog_fill_layer (self);
      gm_import_dialog_set_kind (self, kind);
    }
}

static void
on_srs_choice_changed (GmImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->srs_choice_row);
  gboolean other;

  if (self->layer == NULL || self->layer->srs_candidates == NULL)
    return;
  other = selected == srs_offset (self->layer) + self->layer->srs_candidates->len;
  gtk_widget_set_visible (GTK_WIDGET (self->epsg_row), other);
  update_srs_landing (self);
  update_import_sensitivity (self);
}

static void
on_epsg_changed (GmImportDialog *self)
{
  if (self->layer != NULL)
    update_import_sensitivity (self);
}

void
gm_import_dialog_bind_source (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, srs_choice_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, shift_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, encoding_sample_row);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, GmImportDialog, warnings_list);
  gtk_widget_class_bind_template_callback (widget_class, on_layer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_encoding_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_srs_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_epsg_changed);
}

/* ---- for tests ------------------------------------------------------------------------- */

const char *
gm_import_dialog_get_encoding_sample (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->encoding_sample_row)))
    return NULL;
  return adw_action_row_get_subtitle (self->encoding_sample_row);
}

guint
gm_import_dialog_get_srs_candidate_count (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), 0);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->srs_choice_row)))
    return 0;
  return self->layer->srs_candidates->len;
}

gboolean
gm_import_dialog_choose_srs (GmImportDialog *self,
                             const char     *code)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; i < gm_import_dialog_get_srs_candidate_count (self); i++)
    if (g_str_equal (((GmSrsCandidate *) g_ptr_array_index (self->layer->srs_candidates, i))->code, code))
      {
        adw_combo_row_set_selected (self->srs_choice_row, i + srs_offset (self->layer));
        return TRUE;
      }
  return FALSE;
}

void
gm_import_dialog_set_shift (GmImportDialog *self,
                            GmCoordShift    shift)
{
  g_return_if_fail (GM_IS_IMPORT_DIALOG (self));

  adw_combo_row_set_selected (self->shift_row, shift);
}

guint
gm_import_dialog_get_warning_count (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), 0);
  return self->warning_rows->len;
}

const char *
gm_import_dialog_get_warning (GmImportDialog *self,
                              guint           index)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->warning_rows->len, NULL);

  return adw_preferences_row_get_title (g_ptr_array_index (self->warning_rows, index));
}

gboolean
gm_import_dialog_can_import (GmImportDialog *self)
{
  g_return_val_if_fail (GM_IS_IMPORT_DIALOG (self), FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->import_button));
}
