#!/bin/sh
# Cuts the demo neighbourhood out of the OpenStreetMap extract of west Moscow
# (ocelot335/Urban-Modelling, data/*.shp; © OpenStreetMap contributors, ODbL
# 1.0). Run once by a developer; its output is committed next to this script.
#
#   data/demo/make-sources.sh PATH/TO/moscow-west_osm
#
# The neighbourhood is Lesnoy Gorodok / VNIISSOK / Dubki (Odintsovo district):
# apartment blocks, detached houses and dachas, ~2,000 buildings on ~10 km².
set -eu

src=${1:?usage: make-sources.sh PATH/TO/moscow-west_osm}
out=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Buildings whose outline lies inside this box; roads and land use a little
# beyond it, so the map does not stop at the community's edge.
bbox="37.18 55.645 37.235 55.672"
context="37.172 55.641 37.243 55.676"
geojson="-f GeoJSON -lco RFC7946=YES -lco COORDINATE_PRECISION=7"

rm -f "$out/buildings.geojson" "$out/roads.geojson" "$out/landuse.geojson" "$out/community.geojson"

ogr2ogr $geojson "$out/buildings.geojson" "$src/buildings.shp" -nln buildings \
  -dialect sqlite \
  -sql "SELECT osm_id, name, type, geometry FROM buildings
        WHERE MbrWithin(geometry, BuildMbr($(echo $bbox | tr ' ' ',')))"

ogr2ogr $geojson "$out/roads.geojson" "$src/roads.shp" -nln roads \
  -spat $context -clipsrc spat_extent -select osm_id,name,ref,type,oneway,bridge,maxspeed

ogr2ogr $geojson "$out/landuse.geojson" "$src/landuse.shp" -nln landuse \
  -spat $context -clipsrc spat_extent -select osm_id,name,type -makevalid

# The community boundary: the concave hull of the buildings, closed over gaps of up to 800 m (buffer 400 m, then -360 m)
# (in UTM zone 37N) so every building lies well inside it; holes are filled,
# as a community has none.
ogr2ogr -f SQLite -dsco SPATIALITE=YES "$tmp/b.sqlite" "$out/buildings.geojson" -nln b
ogr2ogr $geojson "$out/community.geojson" "$tmp/b.sqlite" -nln community -dialect sqlite \
  -sql "SELECT '990101001001' AS code, '林城社区' AS name,
               ST_Transform(ST_MakePolygon(ST_ExteriorRing(ST_SimplifyPreserveTopology(ST_Buffer(ST_Buffer(ST_ConcaveHull(ST_Transform(ST_Collect(geometry), 32637)), 400), -360), 4))), 4326)
                 AS geometry
        FROM b WHERE ST_IsValid(geometry)"

ls -l "$out"/*.geojson
