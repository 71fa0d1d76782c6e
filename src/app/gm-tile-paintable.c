/* gm-tile-paintable.c — a drawn map tile as a GdkPaintable (see the header). */
#include "gm-config.h"

#include "gm-tile-paintable.h"

#define GM_TILE_OVERLAP 1.0

struct _GmTilePaintable
{
  GObject          parent_instance;
  cairo_surface_t *image;
};

static void gm_tile_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GmTilePaintable, gm_tile_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, gm_tile_paintable_iface_init))

static void
gm_tile_paintable_snapshot (GdkPaintable *paintable,
                            GdkSnapshot  *snapshot,
                            double        width,
                            double        height)
{
  GmTilePaintable *self = GM_TILE_PAINTABLE (paintable);
  int w = cairo_image_surface_get_width (self->image);
  int h = cairo_image_surface_get_height (self->image);
  /* The map places tiles at fractional pixels, and each tile's node is
   * drawn on its own: two antialiased half pixels at a seam let the
   * background show through as a light line. Each tile overlaps its
   * neighbours by a pixel, its edge pixels stretched (EXTEND_PAD). */
  cairo_t *cr = gtk_snapshot_append_cairo (GTK_SNAPSHOT (snapshot),
                                           &GRAPHENE_RECT_INIT (-GM_TILE_OVERLAP, -GM_TILE_OVERLAP,
                                                                width + 2 * GM_TILE_OVERLAP,
                                                                height + 2 * GM_TILE_OVERLAP));

  cairo_scale (cr, width / w, height / h);
  cairo_set_source_surface (cr, self->image, 0, 0);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_destroy (cr);
}

static int
gm_tile_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return cairo_image_surface_get_width (GM_TILE_PAINTABLE (paintable)->image);
}

static int
gm_tile_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return cairo_image_surface_get_height (GM_TILE_PAINTABLE (paintable)->image);
}

/* The image never changes: GTK may keep what it drew. */
static GdkPaintableFlags
gm_tile_paintable_get_flags (GdkPaintable *paintable)
{
  return GDK_PAINTABLE_STATIC_SIZE | GDK_PAINTABLE_STATIC_CONTENTS;
}

static void
gm_tile_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = gm_tile_paintable_snapshot;
  iface->get_intrinsic_width = gm_tile_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = gm_tile_paintable_get_intrinsic_height;
  iface->get_flags = gm_tile_paintable_get_flags;
}

static void
gm_tile_paintable_finalize (GObject *object)
{
  GmTilePaintable *self = GM_TILE_PAINTABLE (object);

  g_clear_pointer (&self->image, cairo_surface_destroy);

  G_OBJECT_CLASS (gm_tile_paintable_parent_class)->finalize (object);
}

static void
gm_tile_paintable_class_init (GmTilePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gm_tile_paintable_finalize;
}

static void
gm_tile_paintable_init (GmTilePaintable *self)
{
}

GdkPaintable *
gm_tile_paintable_new (cairo_surface_t *image)
{
  GmTilePaintable *self;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE, NULL);

  self = g_object_new (GM_TYPE_TILE_PAINTABLE, NULL);
  self->image = cairo_surface_reference (image);
  return GDK_PAINTABLE (self);
}
