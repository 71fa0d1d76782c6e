/* gm-spatialite.h — SpatiaLite's geometry API, which needs sqlite3.h first. */
#pragma once

#include <sqlite3.h>
#include <spatialite/gaiageo.h>
