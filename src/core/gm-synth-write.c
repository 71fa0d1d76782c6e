/* gm-synth-write.c — the synthetic city as shapefiles, and as a project.
 *
 * The layout of gm-synth.c goes into ordinary shapefiles (UTF-8, EPSG:4326)
 * through OGR, so any GIS reads them and the project is built by the
 * ordinary importer, as a street office's own files would be. Residents and
 * hazards are then generated into the project in one transaction.
 */
#include "gm-config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "gm-autocleanups.h"
#include "gm-demo-private.h"
#include "gm-geo.h"
#include "gm-store-private.h"
#include "gm-synth-private.h"

typedef enum
{
  LAYER_BUILDINGS,
  LAYER_ROADS,
  LAYER_LANDUSE,
  LAYER_COMMUNITY,
  LAYER_GRIDS,
  N_LAYERS,
} GmSynthLayer;

static const struct
{
  const char *name;
  OGRwkbGeometryType type;
  const char *fields;       /* name:width, "#" for integers */
} layers[N_LAYERS] = {
  [LAYER_BUILDINGS] = { "buildings", wkbPolygon, "code:20 name:48 address:48 floors:# households:# use:12" },
  [LAYER_ROADS] = { "roads", wkbLineString, "name:36 kind:12" },
  [LAYER_LANDUSE] = { "landuse", wkbPolygon, "kind:12 name:36" },
  [LAYER_COMMUNITY] = { "community", wkbPolygon, "code:12 name:36" },
  [LAYER_GRIDS] = { "grids", wkbPolygon, "code:15 name:24 community:12 worker:24 phone:11" },
};

typedef struct
{
  GmSynthSink        sink;
  GmSynthCity       *city;
  GmLocalProjection *projection;
  GEOSContextHandle_t geos;
  GDALDatasetH       ds[N_LAYERS];
  OGRLayerH          layer[N_LAYERS];
  guint              in_community;   /* buildings so far in the current community */
  GmProgressFunc     progress;
  gpointer           progress_data;
  GCancellable      *cancellable;
  gboolean           failed;
  char              *error;
} GmSynthWriter;

/* ---- OGR ----------------------------------------------------------------------- */

static gboolean
gm_synth_open_layer (GmSynthWriter  *w,
                     const char     *dir,
                     GmSynthLayer    which,
                     GError        **error)
{
  GDALDriverH driver = GDALGetDriverByName ("ESRI Shapefile");
  g_autofree char *file = g_strconcat (layers[which].name, ".shp", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_auto(GStrv) fields = g_strsplit (layers[which].fields, " ", -1);
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);
  const char *options[] = { "ENCODING=UTF-8", NULL };

  OSRImportFromEPSG (srs, 4326);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  w->ds[which] = driver != NULL ? GDALCreate (driver, path, 0, 0, 0, GDT_Unknown, NULL) : NULL;
  if (w->ds[which] != NULL)
    w->layer[which] = GDALDatasetCreateLayer (w->ds[which], layers[which].name, srs,
                                              layers[which].type, (char **) options);
  OSRRelease (srs);
  if (w->layer[which] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write “%s”: %s"),
                   path, CPLGetLastErrorMsg ());
      return FALSE;
    }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (fields[i], ":", 2);
      OGRFieldDefnH defn = OGR_Fld_Create (f[0], g_str_equal (f[1], "#") ? OFTInteger : OFTString);

      if (!g_str_equal (f[1], "#"))
        OGR_Fld_SetWidth (defn, atoi (f[1]));
      OGR_L_CreateField (w->layer[which], defn, TRUE);
      OGR_Fld_Destroy (defn);
    }
  return TRUE;
}

static void
gm_synth_fail (GmSynthWriter *w)
{
  if (!w->failed)
    w->error = g_strdup (CPLGetLastErrorMsg ());
  w->failed = TRUE;
}

static void
gm_synth_write (GmSynthWriter *w,
                GmSynthLayer   which,
                OGRGeometryH   geometry,
                const char    *first,
                ...)
{
  OGRFeatureH f;
  va_list args;

  if (w->failed)
    {
      OGR_G_DestroyGeometry (geometry);
      return;
    }
  f = OGR_F_Create (OGR_L_GetLayerDefn (w->layer[which]));
  va_start (args, first);
  for (const char *field = first; field != NULL; field = va_arg (args, const char *))
    {
      int index = OGR_F_GetFieldIndex (f, field);

      g_assert (index >= 0);
      if (OGR_Fld_GetType (OGR_F_GetFieldDefnRef (f, index)) == OFTInteger)
        OGR_F_SetFieldInteger (f, index, va_arg (args, int));
      else
        {
          const char *value = va_arg (args, const char *);

          if (value != NULL)
            OGR_F_SetFieldString (f, index, value);
        }
    }
  va_end (args);
  OGR_F_SetGeometryDirectly (f, geometry);
  if (OGR_L_CreateFeature (w->layer[which], f) != OGRERR_NONE)
    gm_synth_fail (w);
  OGR_F_Destroy (f);
}

/* A rectangle in metres as a lon/lat polygon. */
static OGRGeometryH
gm_synth_rectangle (GmSynthWriter *w,
                    double         x0,
                    double         y0,
                    double         x1,
                    double         y1)
{
  double x[5] = { x0, x1, x1, x0, x0 };
  double y[5] = { y0, y0, y1, y1, y0 };
  OGRGeometryH polygon = OGR_G_CreateGeometry (wkbPolygon);
  OGRGeometryH ring = OGR_G_CreateGeometry (wkbLinearRing);

  gm_local_projection_points (w->projection, x, y, 5, TRUE);
  for (int i = 0; i < 5; i++)
    OGR_G_AddPoint_2D (ring, x[i], y[i]);
  OGR_G_AddGeometryDirectly (polygon, ring);
  return polygon;
}

/* ---- the sink -------------------------------------------------------------------- */

static void
gm_synth_on_building (GmSynthSink            *sink,
                      const GmSynthCommunity *c,
                      const GmSynthBlock     *block,
                      const GmSynthBuilding  *b)
{
  GmSynthWriter *w = (GmSynthWriter *) sink;
  guint seq = ++w->in_community;
  g_autofree char *code = g_strdup_printf ("%sB%04u", c->code, seq);
  g_autofree char *address = g_strdup_printf ("%s%u号", block->street, block->column * 60 + seq % 60 + 1);
  g_autofree char *name = NULL;

  /* Estate buildings are known by their estate and number. */
  if (block->style == GM_SYNTH_ESTATE)
    name = g_strdup_printf ("%.*s花园%u栋", (int) (strlen (c->name) - strlen ("社区")), c->name, seq);
  gm_synth_write (w, LAYER_BUILDINGS, gm_synth_rectangle (w, b->x0, b->y0, b->x1, b->y1),
                  "code", code, "name", name, "address", address, "floors", b->floors,
                  "households", b->households, "use", b->use, NULL);
  if (w->progress != NULL && w->city->made % 4096 == 0)
    w->progress (0.9 * w->city->made / w->city->options.buildings, NULL, w->progress_data);
}

static void
gm_synth_on_block (GmSynthSink            *sink,
                   const GmSynthCommunity *c,
                   const GmSynthBlock     *block)
{
  static const char * const kinds[GM_SYNTH_N_STYLES] = {
    [GM_SYNTH_VILLAGE] = "residential", [GM_SYNTH_ESTATE] = "residential",
    [GM_SYNTH_OLD] = "residential", [GM_SYNTH_INDUSTRY] = "industrial",
    [GM_SYNTH_COMMERCE] = "commercial", [GM_SYNTH_PARK] = "park",
  };
  GmSynthWriter *w = (GmSynthWriter *) sink;
  g_autofree char *name = NULL;

  if (block->style == GM_SYNTH_PARK)
    name = g_strdup_printf ("%.*s公园", (int) (strlen (c->name) - strlen ("社区")), c->name);
  gm_synth_write (w, LAYER_LANDUSE, gm_synth_rectangle (w, block->x0, block->y0, block->x1, block->y1),
                  "kind", kinds[block->style], "name", name, NULL);
}

static void
gm_synth_on_street (double       x0,
                    double       y0,
                    double       x1,
                    double       y1,
                    const char  *name,
                    GmSynthRoad  kind,
                    gpointer     data)
{
  static const char * const kinds[] = {
    [GM_SYNTH_ARTERIAL] = "primary", [GM_SYNTH_SECONDARY] = "secondary", [GM_SYNTH_LOCAL] = "residential",
  };
  GmSynthWriter *w = data;
  double x[2] = { x0, x1 };
  double y[2] = { y0, y1 };
  OGRGeometryH line = OGR_G_CreateGeometry (wkbLineString);

  gm_local_projection_points (w->projection, x, y, 2, TRUE);
  OGR_G_AddPoint_2D (line, x[0], y[0]);
  OGR_G_AddPoint_2D (line, x[1], y[1]);
  gm_synth_write (w, LAYER_ROADS, line, "name", name, "kind", kinds[kind], NULL);
}

/* The union of a grid's cells, in lon/lat, as OGR geometry. */
static OGRGeometryH
gm_synth_grid_geometry (GmSynthWriter     *w,
                        const GmSynthGrid *grid)
{
  GEOSContextHandle_t ctx = w->geos;
  g_autofree GEOSGeometry **cells = g_new (GEOSGeometry *, grid->cells->len);
  g_auto(GmGeos) all = { ctx, NULL };
  g_auto(GmGeos) merged = { ctx, NULL };
  g_auto(GmGeos) lonlat = { ctx, NULL };
  GEOSWKBWriter *writer;
  unsigned char *wkb;
  size_t size;
  OGRGeometryH geometry = NULL;

  for (guint i = 0; i < grid->cells->len; i++)
    {
      const GmSynthCell *c = &g_array_index (grid->cells, GmSynthCell, i);

      cells[i] = GEOSGeom_createRectangle_r (ctx, c->x0, c->y0, c->x1, c->y1);
    }
  all.geom = GEOSGeom_createCollection_r (ctx, GEOS_GEOMETRYCOLLECTION, cells, grid->cells->len);
  merged.geom = GEOSUnaryUnion_r (ctx, all.geom);
  if (merged.geom == NULL)
    return NULL;
  lonlat.geom = gm_local_projection_geos (w->projection, ctx, merged.geom, TRUE);
  writer = GEOSWKBWriter_create_r (ctx);
  wkb = GEOSWKBWriter_write_r (ctx, writer, lonlat.geom, &size);
  GEOSWKBWriter_destroy_r (ctx, writer);
  if (wkb != NULL)
    OGR_G_CreateFromWkb (wkb, NULL, &geometry, (int) size);
  GEOSFree_r (ctx, wkb);
  return geometry;
}

static void
gm_synth_on_community (GmSynthSink            *sink,
                       const GmSynthCommunity *c,
                       GmSynthBlock           *blocks)
{
  GmSynthWriter *w = (GmSynthWriter *) sink;
  GmSynthCity *city = w->city;
  g_autoptr(GPtrArray) grids = gm_synth_community_grids (city, blocks, c->bx, c->by);

  w->in_community = 0;
  gm_synth_write (w, LAYER_COMMUNITY,
                  gm_synth_rectangle (w, city->x[c->bx], city->y[c->by],
                                      city->x[c->bx + 4], city->y[c->by + 4]),
                  "code", c->code, "name", c->name, NULL);
  gm_synth_community_streets (city, c, gm_synth_on_street, w);
  for (guint i = 0; i < grids->len; i++)
    {
      g_autofree char *code = g_strdup_printf ("%s%03u", c->code, i + 1);
      /* Data, not interface: the city is Chinese whatever the user's language. */
      g_autofree char *name = g_strdup_printf ("第%u网格", i + 1);
      g_autofree char *worker = gm_demo_name (city->rand, gm_demo_chance (city->rand, 0.5));
      g_autofree char *phone = gm_demo_phone (city->rand);
      OGRGeometryH geometry = gm_synth_grid_geometry (w, g_ptr_array_index (grids, i));

      if (geometry == NULL)
        {
          gm_synth_fail (w);
          continue;
        }
      gm_synth_write (w, LAYER_GRIDS, geometry, "code", code, "name", name, "community", c->code,
                      "worker", worker, "phone", phone, NULL);
    }
  if (g_cancellable_is_cancelled (w->cancellable))
    {
      /* Stops the layout: the city is made as if it were full. */
      city->options.buildings = city->made;
      w->failed = TRUE;
    }
}

/**
 * gm_synth_write_sources:
 * @options: what to make
 * @dir: the folder to write into; made when missing
 * @progress: (nullable): progress, from 0 to 0.9
 * @progress_data: its data
 * @cancellable: (nullable): checked after each community
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
gm_synth_write_sources (const GmSynthOptions *options,
                        const char           *dir,
                        GmProgressFunc        progress,
                        gpointer              progress_data,
                        GCancellable         *cancellable,
                        GError              **error)
{
  g_autoptr(GmSynthCity) city = NULL;
  GmSynthWriter w = {
    { gm_synth_on_building, gm_synth_on_block, gm_synth_on_community },
  };
  gboolean ok = TRUE;

  g_return_val_if_fail (options != NULL && options->buildings > 0, FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot create the folder “%s”: %s"),
                   dir, g_strerror (errno));
      return FALSE;
    }
  GDALAllRegister ();
  city = gm_synth_city_new (options);
  w.city = city;
  w.progress = progress;
  w.progress_data = progress_data;
  w.cancellable = cancellable;
  w.projection = gm_local_projection_new (GM_SYNTH_LON0, GM_SYNTH_LAT0, error);
  if (w.projection == NULL)
    return FALSE;
  w.geos = GEOS_init_r ();
  for (guint i = 0; ok && i < N_LAYERS; i++)
    ok = gm_synth_open_layer (&w, dir, i, error);
  if (ok)
    gm_synth_city_run (city, &w.sink);
  for (guint i = 0; i < N_LAYERS; i++)
    if (w.ds[i] != NULL)
      GDALClose (w.ds[i]);
  GEOS_finish_r (w.geos);
  gm_local_projection_free (w.projection);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else if (ok && w.failed)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the synthetic city into “%s”: %s"),
                   dir, w.error != NULL ? w.error : "");
      ok = FALSE;
    }
  g_free (w.error);
  return ok;
}
