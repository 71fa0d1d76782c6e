/* gm-cli-hotspots-out.c — what `gridmap-cli hotspots` writes: one JSON
 * object, GeoJSON features, CSV rows or a map.
 *
 * Every output holds cells, grids and counts; none holds a hazard's
 * reporter, description or anything about residents.
 */
#include "gm-config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "gm-autocleanups.h"
#include "gm-cli-hotspots.h"
#include "gm-hotspot-export.h"
#include "gm-store-private.h"

const char *
gm_cli_gi_class_name (GmGiClass klass)
{
  static const char * const names[] = {
    "cold_99", "cold_95", "cold_90", "not_significant", "hot_90", "hot_95", "hot_99",
  };

  return names[CLAMP ((int) klass, -3, 3) + 3];
}

static void
add_double (JsonBuilder *b,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (b, member);
  if (isnan (value))
    json_builder_add_null_value (b);
  else
    json_builder_add_double_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

/* ---- values of one cell or grid ---------------------------------------------------- */

static void
add_cell_values (JsonBuilder         *b,
                 const GmHotspotCell *c)
{
  add_double (b, "lon", c->lon);
  add_double (b, "lat", c->lat);
  add_double (b, "count", c->count);
  add_int (b, "neighbours", c->neighbours);
  add_double (b, "z", c->z);
  add_double (b, "p", c->p);
  add_double (b, "q", c->q);
  gm_cli_add_string (b, "class", gm_cli_gi_class_name (c->klass));
}

static void
add_sample_values (JsonBuilder           *b,
                   const GmHotspotSample *s)
{
  add_double (b, "lon", s->lon);
  add_double (b, "lat", s->lat);
  add_double (b, "density_per_km2", s->density);
}

static void
add_grid_values (JsonBuilder      *b,
                 const GmGridRate *g)
{
  gm_cli_add_string (b, "code", g->code);
  gm_cli_add_string (b, "name", g->name);
  add_int (b, "households", g->households);
  add_int (b, "hazards", g->hazards);
  add_int (b, "open", g->open);
  add_double (b, "open_per_100", gm_grid_rate_value (g, GM_GRID_OPEN_PER_100));
  add_int (b, "overdue", g->overdue);
  add_int (b, "rectified", g->rectified);
  add_double (b, "rectification_rate", gm_grid_rate_value (g, GM_GRID_RECTIFICATION));
  add_int (b, "rebounded", g->rebounded);
  add_double (b, "rebound_rate", gm_grid_rate_value (g, GM_GRID_REBOUND));
  add_int (b, "this_month", g->this_month);
  add_int (b, "last_month", g->last_month);
  add_int (b, "change", g->this_month - g->last_month);
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void
add_method_summary (JsonBuilder           *b,
                    GmCliMethod            method,
                    const GmHotspotResult *r)
{
  static const char * const methods[] = { "kde", "gi", "grid" };

  gm_cli_add_string (b, "method", methods[method]);
  gm_cli_add_string (b, "filter", r->description);
  gm_cli_add_string (b, "as_of", r->as_of);
  add_int (b, "hazards", r->points->len);
  if (method == GM_CLI_METHOD_KDE)
    {
      add_double (b, "bandwidth_m", r->bandwidth_m);
      json_builder_set_member_name (b, "bandwidth_auto");
      json_builder_add_boolean_value (b, r->bandwidth_auto);
      gm_cli_add_string (b, "weight", r->weight == GM_WEIGHT_STATUS ? "status" : "none");
      add_double (b, "max_density_per_km2", r->max_density);
    }
  else if (method == GM_CLI_METHOD_GI)
    {
      add_double (b, "cell_size_m", r->cell_size_m);
      add_double (b, "band_m", r->band_m);
      json_builder_set_member_name (b, "classes");
      json_builder_begin_object (b);
      for (int k = GM_GI_HOT_99; k >= GM_GI_COLD_99; k--)
        add_int (b, gm_cli_gi_class_name (k), r->class_counts[k + 3]);
      json_builder_end_object (b);
    }
  else
    {
      gm_cli_add_string (b, "this_month", r->this_month);
      gm_cli_add_string (b, "last_month", r->last_month);
    }
}

void
gm_cli_hotspots_print_json (GmCliMethod            method,
                            const GmHotspotResult *r,
                            GArray                *samples)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint n = method == GM_CLI_METHOD_KDE ? samples->len
            : method == GM_CLI_METHOD_GI ? r->cells->len : r->grids->len;

  json_builder_begin_object (b);
  add_method_summary (b, method, r);
  json_builder_set_member_name (b, method == GM_CLI_METHOD_GRID ? "grids" : "cells");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      if (method == GM_CLI_METHOD_KDE)
        add_sample_values (b, &g_array_index (samples, GmHotspotSample, i));
      else if (method == GM_CLI_METHOD_GI)
        add_cell_values (b, &g_array_index (r->cells, GmHotspotCell, i));
      else
        add_grid_values (b, g_ptr_array_index (r->grids, i));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  gm_cli_print_json (root);
}

/* ---- GeoJSON ------------------------------------------------------------------------------ */

static JsonNode *
ring_geometry (const double *lonlat,
               guint         n)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gm_cli_add_string (b, "type", "Polygon");
  json_builder_set_member_name (b, "coordinates");
  json_builder_begin_array (b);
  json_builder_begin_array (b);
  for (guint k = 0; k <= n; k++)
    {
      json_builder_begin_array (b);
      json_builder_add_double_value (b, lonlat[2 * (k % n)]);
      json_builder_add_double_value (b, lonlat[2 * (k % n) + 1]);
      json_builder_end_array (b);
    }
  json_builder_end_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Grid boundaries as GeoJSON geometries, by grid id. */
static GHashTable *
grid_geometries (GmStore  *store,
                 GError  **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                       (GDestroyNotify) json_node_unref);
  g_autoptr(sqlite3_stmt) stmt = gm_store_prepare (store, "SELECT id, AsGeoJSON(boundary, 7) FROM grid"
                                                   " WHERE valid_to IS NULL", error);

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonNode *node = json_from_string ((const char *) sqlite3_column_text (stmt, 1), NULL);

      if (node != NULL)
        g_hash_table_insert (by_id, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                             node);
    }
  return g_steal_pointer (&by_id);
}

/* Feature @i: a density sample, a Gi* cell or a grid, with its values. */
static void
add_feature (JsonBuilder           *b,
             GmCliMethod            method,
             const GmHotspotResult *r,
             GArray                *samples,
             GHashTable            *grids,
             guint                  i)
{
  JsonNode *geometry;

  json_builder_begin_object (b);
  gm_cli_add_string (b, "type", "Feature");
  json_builder_set_member_name (b, "properties");
  json_builder_begin_object (b);
  if (method == GM_CLI_METHOD_KDE)
    {
      const GmHotspotSample *s = &g_array_index (samples, GmHotspotSample, i);

      add_sample_values (b, s);
      geometry = ring_geometry (s->corners, 4);
    }
  else if (method == GM_CLI_METHOD_GI)
    {
      const GmHotspotCell *c = &g_array_index (r->cells, GmHotspotCell, i);

      add_cell_values (b, c);
      geometry = ring_geometry (c->corners, 6);
    }
  else
    {
      const GmGridRate *g = g_ptr_array_index (r->grids, i);

      add_grid_values (b, g);
      geometry = g_hash_table_lookup (grids, &g->grid_id);
      geometry = geometry != NULL ? json_node_ref (geometry) : json_node_new (JSON_NODE_NULL);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "geometry");
  json_builder_add_value (b, geometry);
  json_builder_end_object (b);
}

static JsonNode *
feature_collection (GmCliMethod            method,
                    GmStore               *store,
                    const GmHotspotResult *r,
                    GArray                *samples,
                    GError               **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) grids = NULL;
  guint n = method == GM_CLI_METHOD_KDE ? samples->len
            : method == GM_CLI_METHOD_GI ? r->cells->len : r->grids->len;

  if (method == GM_CLI_METHOD_GRID && (grids = grid_geometries (store, error)) == NULL)
    return NULL;
  json_builder_begin_object (b);
  gm_cli_add_string (b, "type", "FeatureCollection");
  json_builder_set_member_name (b, "features");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    add_feature (b, method, r, samples, grids, i);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
write_geojson (GmCliMethod            method,
               GmStore               *store,
               const GmHotspotResult *r,
               GArray                *samples,
               const char            *path,
               GError               **error)
{
  g_autoptr(JsonNode) root = feature_collection (method, store, r, samples, error);
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  if (root == NULL)
    return FALSE;
  json_generator_set_root (generator, root);
  return json_generator_to_file (generator, path, error);
}

/* ---- CSV ------------------------------------------------------------------------------------- */

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void
csv_text (GString    *out,
          const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  if (!isnan (value))
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.10g", value));
}

static void
csv_grid (GString          *out,
          const GmGridRate *g)
{
  csv_text (out, g->code);
  g_string_append_c (out, ',');
  csv_text (out, g->name);
  csv_number (out, g->households);
  csv_number (out, g->hazards);
  csv_number (out, g->open);
  csv_number (out, gm_grid_rate_value (g, GM_GRID_OPEN_PER_100));
  csv_number (out, g->overdue);
  csv_number (out, g->rectified);
  csv_number (out, gm_grid_rate_value (g, GM_GRID_RECTIFICATION));
  csv_number (out, g->rebounded);
  csv_number (out, gm_grid_rate_value (g, GM_GRID_REBOUND));
  csv_number (out, g->this_month);
  csv_number (out, g->last_month);
  csv_number (out, g->this_month - g->last_month);
}

static char *
csv_contents (GmCliMethod            method,
              const GmHotspotResult *r,
              GArray                *samples)
{
  static const char * const headers[] = {
    "lon,lat,density_per_km2",
    "lon,lat,count,neighbours,z,p,q,class",
    "code,name,households,hazards,open,open_per_100,overdue,rectified,rectification_rate,"
    "rebounded,rebound_rate,this_month,last_month,change",
  };
  GString *out = g_string_new (headers[method]);
  guint n = method == GM_CLI_METHOD_KDE ? samples->len
            : method == GM_CLI_METHOD_GI ? r->cells->len : r->grids->len;

  g_string_append (out, "\r\n");
  for (guint i = 0; i < n; i++)
    {
      if (method == GM_CLI_METHOD_KDE)
        {
          const GmHotspotSample *s = &g_array_index (samples, GmHotspotSample, i);

          g_string_append_printf (out, "%.7f,%.7f", s->lon, s->lat);
          csv_number (out, s->density);
        }
      else if (method == GM_CLI_METHOD_GI)
        {
          const GmHotspotCell *c = &g_array_index (r->cells, GmHotspotCell, i);

          g_string_append_printf (out, "%.7f,%.7f", c->lon, c->lat);
          csv_number (out, c->count);
          csv_number (out, c->neighbours);
          csv_number (out, c->z);
          csv_number (out, c->p);
          csv_number (out, c->q);
          g_string_append_printf (out, ",%s", gm_cli_gi_class_name (c->klass));
        }
      else
        csv_grid (out, g_ptr_array_index (r->grids, i));
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

/* ---- maps ------------------------------------------------------------------------------------ */

static gboolean
write_map (GmCliMethod            method,
           GmStore               *store,
           const GmHotspotResult *r,
           const char            *path,
           GError               **error)
{
  static const GmLayers layers[] = { GM_LAYER_HEAT, GM_LAYER_HOTSPOTS, GM_LAYER_GRID_RATES };
  static const char * const names[] = { N_("Hazard density"), N_("Hazard hot spots"), N_("Hazards per grid") };
  g_autoptr(GmRenderer) renderer = gm_renderer_new (gm_store_get_path (store), error);
  g_autofree char *project = gm_store_dup_meta (store, "title");
  g_autofree char *attribution = gm_store_dup_meta (store, "attribution");
  g_autofree char *title = NULL;
  GmExtent extent;
  GmView view;

  if (renderer == NULL)
    return FALSE;
  if (!gm_hotspot_map_extent (store, r, &extent))
    extent = (GmExtent) { r->center_lon - 0.01, r->center_lat - 0.01, r->center_lon + 0.01, r->center_lat + 0.01 };
  gm_view_init_extent (&view, &extent, 1400, 1000);
  /* The analysis labels the grids itself, over its own colours. */
  gm_renderer_set_layers (renderer, GM_LAYER_BASEMAP | GM_LAYER_GRIDS | GM_LAYER_BUILDINGS | layers[method]);
  gm_renderer_set_hotspots (renderer, (GmHotspotResult *) r);
  title = g_strdup_printf ("%s — %s", project != NULL ? project : "", _(names[method]));
  return gm_hotspot_export (renderer, &view, &(GmExportText) { title, attribution }, path, NULL, error);
}

gboolean
gm_cli_hotspots_write (GmCliMethod            method,
                       GmStore               *store,
                       const GmHotspotResult *r,
                       GArray                *samples,
                       const char            *path,
                       GError               **error)
{
  g_autofree char *csv = NULL;

  if (g_str_has_suffix (path, ".geojson"))
    return write_geojson (method, store, r, samples, path, error);
  if (g_str_has_suffix (path, ".csv"))
    {
      csv = csv_contents (method, r, samples);
      return g_file_set_contents (path, csv, -1, error);
    }
  return write_map (method, store, r, path, error);
}
