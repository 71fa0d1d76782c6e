/* gm-import-private.h — value normalisers shared by the importer and the demo. */
#pragma once

#include "gm-import.h"

G_BEGIN_DECLS

gboolean    gm_parse_int                  (const char  *text,
                                           int         *out);
/* residential, rental, mixed, commercial, industrial, public, ancillary,
 * other or unknown. */
const char *gm_normalize_use              (const char  *raw);
int         gm_default_floors             (const char  *use);
int         gm_estimate_households        (double       area_m2,
                                           int          floors,
                                           const char  *use);
const char *gm_normalize_hazard_category  (const char  *raw);
/* FALSE when the text is not a status Gridmap knows. */
gboolean    gm_normalize_hazard_status    (const char  *raw,
                                           const char **out);
/* An ISO date, or NULL when @raw is not a date. */
char       *gm_normalize_date             (const char  *raw);
const char *gm_normalize_registration     (const char  *raw);

gboolean    gm_import_field_known         (const char  *name);

/* gm-import-checks.c: the value in standard form, or NULL with why not. */
char       *gm_check_id_number            (const char  *raw,
                                           char       **problem);
char       *gm_check_phone                (const char  *raw,
                                           char       **problem);

GmImportOptions *gm_import_options_copy   (const GmImportOptions *options);
void             gm_import_issue_free     (GmImportIssue         *issue);

G_END_DECLS
