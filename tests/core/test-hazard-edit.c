/* test-hazard-edit.c — adding hazards at buildings, editing them, moving
 * them along the workflow, refusing what the workflow or the calendar does
 * not allow, and the audit row of every change. */
#include "gm-config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "gm-grid-rates.h"
#include "gm-hazard-edit.h"
#include "gm-hazard-history.h"
#include "gm-test-util.h"

static char *demo_dir;
static char *demo_path;

static GmStore *
open_copy (const char *name)
{
  g_autofree char *path = g_build_filename (demo_dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (demo_path);
  g_autoptr(GFile) to = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GmStore *store;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  store = gm_store_open (path, GM_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  return store;
}

/* The largest building: a click at its anchor is inside it. */
static void
big_building (GmStore *store,
              gint64  *id,
              double  *lon,
              double  *lat)
{
  *id = gm_test_count (store, "SELECT id FROM building ORDER BY households DESC, id LIMIT 1");
  *lon = gm_test_double (store, "SELECT X(anchor) FROM building ORDER BY households DESC, id LIMIT 1");
  *lat = gm_test_double (store, "SELECT Y(anchor) FROM building ORDER BY households DESC, id LIMIT 1");
}

static GmHazardRecord *
draft (void)
{
  GmHazardRecord *r = gm_hazard_record_new ();

  r->category = g_strdup ("fire");
  r->kind = g_strdup ("电动自行车楼道充电");
  r->description = g_strdup ("  三楼楼道有两辆电动车在充电  ");
  r->found_on = g_strdup ("2026-11-02");
  r->department = g_strdup ("消防救援站");
  r->reporter = g_strdup ("王网格员");
  return r;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  node = json_from_string (text, NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* The audit row of the last change: its action and its JSON values. */
static void
last_audit (GmStore     *store,
            const char  *action,
            gint64       hazard,
            JsonObject **old_value,
            JsonObject **new_value)
{
  g_autofree char *who = gm_test_text (store, "SELECT who FROM audit ORDER BY id DESC LIMIT 1");
  g_autofree char *what = gm_test_text (store, "SELECT action FROM audit ORDER BY id DESC LIMIT 1");
  g_autofree char *old_text = gm_test_text (store, "SELECT old_value FROM audit ORDER BY id DESC LIMIT 1");
  g_autofree char *new_text = gm_test_text (store, "SELECT new_value FROM audit ORDER BY id DESC LIMIT 1");

  g_assert_cmpstr (who, ==, g_get_user_name ());
  g_assert_cmpstr (what, ==, action);
  g_assert_cmpint (gm_test_count (store, "SELECT row_id FROM audit ORDER BY id DESC LIMIT 1"), ==, hazard);
  gm_assert_text (store, "SELECT table_name FROM audit ORDER BY id DESC LIMIT 1", "hazard");
  /* Written when it happened: today, in UTC. */
  g_assert_cmpint (gm_test_count (store, "SELECT julianday('now') - julianday(at) < 0.01"
                                  " FROM audit ORDER BY id DESC LIMIT 1"), ==, 1);
  *old_value = parse_object (old_text);
  *new_value = parse_object (new_text);
}

static void
test_add_at_building (void)
{
  g_autoptr(GmStore) store = open_copy ("add.gridmap");
  g_autoptr(GmHazardRecord) r = draft ();
  g_autoptr(GmHazardRecord) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) before = NULL, after = NULL;
  gint64 building, audits = gm_test_count (store, "SELECT count(*) FROM audit");
  double lon, lat;

  big_building (store, &building, &lon, &lat);
  /* A click a few metres off the anchor, inside the footprint, snaps to it. */
  g_assert_true (gm_hazard_snap (store, lon + 0.00002, lat, 3.0, &r->building_id, &r->lon, &r->lat, &error));
  g_assert_cmpint (r->building_id, ==, building);
  g_assert_cmpfloat (r->lon, ==, lon);
  g_assert_cmpfloat (r->lat, ==, lat);

  g_assert_true (gm_hazard_add (store, r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r->id, >, 0);
  saved = gm_hazard_record_load (store, r->id, &error);
  g_assert_cmpint (saved->status, ==, GM_HAZARD_DISCOVERED);
  g_assert_cmpint (saved->building_id, ==, building);
  /* Spaces around text are not kept. */
  g_assert_cmpstr (saved->description, ==, "三楼楼道有两辆电动车在充电");
  g_assert_null (saved->notice_on);

  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit"), ==, audits + 1);
  last_audit (store, "hazard-add", r->id, &before, &after);
  g_assert_null (before);
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "discovered");
  g_assert_cmpstr (json_object_get_string_member (after, "kind"), ==, "电动自行车楼道充电");
  g_assert_cmpstr (json_object_get_string_member (after, "found_on"), ==, "2026-11-02");
  g_assert_false (json_object_has_member (after, "deadline"));
}

/* Far from any building the hazard stays where it was marked. */
static void
test_add_in_the_open (void)
{
  g_autoptr(GmStore) store = open_copy ("open.gridmap");
  g_autoptr(GmHazardRecord) r = draft ();
  g_autoptr(GError) error = NULL;
  g_autofree char *today = gm_today_iso ();

  g_assert_true (gm_hazard_snap (store, 37.0, 55.0, 3.0, &r->building_id, &r->lon, &r->lat, &error));
  g_assert_cmpint (r->building_id, ==, 0);
  g_assert_cmpfloat (r->lon, ==, 37.0);
  g_clear_pointer (&r->found_on, g_free);
  g_assert_true (gm_hazard_add (store, r, &error));
  /* No date: found today. */
  gm_assert_text (store, "SELECT found_on FROM hazard ORDER BY id DESC LIMIT 1", today);
  g_assert_cmpint (gm_test_count (store, "SELECT building_id IS NULL FROM hazard ORDER BY id DESC LIMIT 1"), ==, 1);
  g_assert_cmpfloat (gm_test_double (store, "SELECT X(location) FROM hazard ORDER BY id DESC LIMIT 1"), ==, 37.0);
}

static void
test_bad_input (void)
{
  g_autoptr(GmStore) store = open_copy ("bad.gridmap");
  g_autoptr(GmHazardRecord) r = draft ();
  g_autoptr(GError) error = NULL;
  gint64 hazards = gm_test_count (store, "SELECT count(*) FROM hazard");
  gint64 audits = gm_test_count (store, "SELECT count(*) FROM audit");
  g_autofree char *tomorrow = NULL;
  g_autofree char *today = gm_today_iso ();

  g_free (r->category);
  r->category = g_strdup ("flood");
  g_assert_false (gm_hazard_add (store, r, &error));
  g_assert_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“flood” is not a hazard category: choose fire, public security or other");
  g_clear_error (&error);

  g_free (r->category);
  r->category = g_strdup ("fire");
  g_free (r->kind);
  r->kind = g_strdup ("   ");
  g_assert_false (gm_hazard_add (store, r, &error));
  g_assert_cmpstr (error->message, ==, "Say what kind of hazard this is");
  g_clear_error (&error);

  g_free (r->kind);
  r->kind = g_strdup ("违章搭建");
  g_free (r->found_on);
  r->found_on = g_strdup ("2026/11/02");
  g_assert_false (gm_hazard_add (store, r, &error));
  g_assert_cmpstr (error->message, ==, "The date found, “2026/11/02”, is not a date: write it as 2026-03-05");
  g_clear_error (&error);

  tomorrow = gm_iso_date_add_days (today, 1);
  g_free (r->found_on);
  r->found_on = g_strdup (tomorrow);
  g_assert_false (gm_hazard_add (store, r, &error));
  g_assert_nonnull (strstr (error->message, "is in the future"));
  g_clear_error (&error);

  /* Nothing was written, not even to the audit trail. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM hazard"), ==, hazards);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit"), ==, audits);
}

/* A project open read-only takes no hazard, and says why. */
static void
test_read_only (void)
{
  g_autoptr(GmStore) writable = open_copy ("read-only.gridmap");
  g_autoptr(GmStore) store = gm_store_open (gm_store_get_path (writable), GM_STORE_OPEN_READONLY, NULL);
  g_autoptr(GmHazardRecord) r = draft ();
  g_autoptr(GError) error = NULL;
  gint64 hazards = gm_test_count (store, "SELECT count(*) FROM hazard");

  g_assert_true (gm_store_is_read_only (store));
  g_assert_false (gm_hazard_add (store, r, &error));
  g_assert_error (error, GM_STORE_ERROR, GM_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM hazard"), ==, hazards);
}

static gint64
add_one (GmStore *store)
{
  g_autoptr(GmHazardRecord) r = draft ();
  double lon, lat;

  big_building (store, &r->building_id, &lon, &lat);
  r->lon = lon;
  r->lat = lat;
  g_assert_true (gm_hazard_add (store, r, NULL));
  return r->id;
}

static void
test_workflow (void)
{
  g_autoptr(GmStore) store = open_copy ("flow.gridmap");
  g_autoptr(GPtrArray) history = NULL;
  const GmHazardChange *first, *notice;
  g_autoptr(GError) error = NULL;
  g_autoptr(GmHazardRecord) r = NULL;
  g_autoptr(JsonObject) before = NULL, after = NULL;
  gint64 id = add_one (store);
  gint64 audits = gm_test_count (store, "SELECT count(*) FROM audit");

  /* Not from discovered straight to rectified. */
  g_assert_false (gm_hazard_move (store, id, GM_HAZARD_RECTIFIED, NULL, NULL, &error));
  g_assert_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_TRANSITION);
  g_assert_cmpstr (error->message, ==, "A hazard that is “Discovered” cannot become “Rectified”");
  g_clear_error (&error);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit"), ==, audits);

  /* A notice before the hazard was found is refused. */
  g_assert_false (gm_hazard_move (store, id, GM_HAZARD_NOTIFIED, "2026-11-01", NULL, &error));
  g_assert_cmpstr (error->message, ==, "The notice date (2026-11-01) is before the date found (2026-11-02)");
  g_clear_error (&error);

  /* The notice: its deadline 15 days on when none is given. */
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_NOTIFIED, "2026-11-03", NULL, &error));
  r = gm_hazard_record_load (store, id, NULL);
  g_assert_cmpint (r->status, ==, GM_HAZARD_NOTIFIED);
  g_assert_cmpstr (r->notice_on, ==, "2026-11-03");
  g_assert_cmpstr (r->deadline, ==, "2026-11-18");
  last_audit (store, "hazard-status", id, &before, &after);
  g_assert_cmpstr (json_object_get_string_member (before, "status"), ==, "discovered");
  g_assert_true (json_object_get_null_member (before, "deadline"));
  g_assert_cmpstr (json_object_get_string_member (after, "status"), ==, "notified");
  g_assert_cmpstr (json_object_get_string_member (after, "deadline"), ==, "2026-11-18");
  /* Only what changed is in the audit row. */
  g_assert_cmpuint (json_object_get_size (after), ==, 3);
  g_clear_pointer (&before, json_object_unref);
  g_clear_pointer (&after, json_object_unref);

  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_RECTIFIED, "2026-11-10", NULL, &error));
  /* The verification failed: back to the notice, rectified date gone. */
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_NOTIFIED, "2026-11-12", "2026-11-25", &error));
  g_clear_pointer (&r, gm_hazard_record_free);
  r = gm_hazard_record_load (store, id, NULL);
  g_assert_null (r->rectified_on);
  g_assert_cmpstr (r->notice_on, ==, "2026-11-03");
  g_assert_cmpstr (r->deadline, ==, "2026-11-25");
  /* A verification before the rectification is refused; then it closes
   * with today's date. */
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_RECTIFIED, "2026-11-20", NULL, &error));
  g_assert_false (gm_hazard_move (store, id, GM_HAZARD_CLOSED, "2026-11-19", NULL, &error));
  g_assert_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_CLOSED, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&r, gm_hazard_record_free);
  r = gm_hazard_record_load (store, id, NULL);
  g_assert_cmpint (r->status, ==, GM_HAZARD_CLOSED);
  g_assert_cmpstr (r->rectified_on, ==, "2026-11-20");
  /* A closed hazard moves no more. */
  g_assert_false (gm_hazard_move (store, id, GM_HAZARD_NOTIFIED, NULL, NULL, &error));
  g_assert_error (error, GM_HAZARD_ERROR, GM_HAZARD_ERROR_TRANSITION);
  g_clear_error (&error);
  /* Add, notice, rectify, reopen, rectify, close: five status rows. */
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit WHERE action = 'hazard-status'"), ==, 5);

  /* The history in words, oldest first. */
  history = gm_hazard_dup_history (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 6);
  first = g_ptr_array_index (history, 0);
  notice = g_ptr_array_index (history, 1);
  g_assert_cmpstr (first->action, ==, "hazard-add");
  g_assert_cmpstr (first->who, ==, g_get_user_name ());
  g_assert_nonnull (strstr (first->summary, "Kind: E-bike charging in a stairwell"));
  g_assert_cmpstr (notice->summary, ==, "Status: Discovered → Notice issued; "
                   "Notice issued on: — → 2026-11-03; Deadline: — → 2026-11-18");
  /* "2026-12-04 15:50": local time to the minute. */
  g_assert_cmpuint (strlen (notice->when), ==, 16);
}

static void
test_edit (void)
{
  g_autoptr(GmStore) store = open_copy ("edit.gridmap");
  g_autoptr(GError) error = NULL;
  g_autoptr(GmHazardRecord) r = NULL;
  g_autoptr(JsonObject) before = NULL, after = NULL;
  gint64 id = add_one (store);
  gint64 audits;

  r = gm_hazard_record_load (store, id, NULL);
  g_free (r->kind);
  r->kind = g_strdup ("电动自行车楼道停放");
  g_free (r->department);
  r->department = g_strdup ("街道安监办");
  /* The status is not the editor's to change. */
  r->status = GM_HAZARD_CLOSED;
  g_assert_true (gm_hazard_update (store, r, &error));
  g_assert_no_error (error);
  gm_assert_text (store, "SELECT status FROM hazard ORDER BY id DESC LIMIT 1", "discovered");
  last_audit (store, "hazard-edit", id, &before, &after);
  g_assert_cmpuint (json_object_get_size (before), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (before, "kind"), ==, "电动自行车楼道充电");
  g_assert_cmpstr (json_object_get_string_member (after, "kind"), ==, "电动自行车楼道停放");
  g_assert_cmpstr (json_object_get_string_member (after, "department"), ==, "街道安监办");

  /* Saving again without a change writes nothing. */
  audits = gm_test_count (store, "SELECT count(*) FROM audit");
  g_assert_true (gm_hazard_update (store, r, &error));
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit"), ==, audits);

  /* Once notified, the deadline can move, but not before the notice. */
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_NOTIFIED, "2026-11-05", "2026-11-20", NULL));
  g_clear_pointer (&r, gm_hazard_record_free);
  r = gm_hazard_record_load (store, id, NULL);
  g_free (r->deadline);
  r->deadline = g_strdup ("2026-11-04");
  g_assert_false (gm_hazard_update (store, r, &error));
  g_assert_cmpstr (error->message, ==, "The deadline (2026-11-04) is before the notice date (2026-11-05)");
  g_clear_error (&error);
  g_assert_cmpint (gm_test_count (store, "SELECT count(*) FROM audit"), ==, audits + 1);
}

/* The same kind found again at a building after it was closed is a
 * rebound in its grid's rates. */
static void
test_rebound (void)
{
  g_autoptr(GmStore) store = open_copy ("rebound.gridmap");
  g_autoptr(GmHazardRecord) again = draft ();
  g_autoptr(GPtrArray) before = NULL, after = NULL;
  gint64 id = add_one (store), grid;
  double lon, lat;
  int rebounded_before = -1, rebounded_after = -1;

  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_NOTIFIED, "2026-11-03", NULL, NULL));
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_RECTIFIED, "2026-11-04", NULL, NULL));
  g_assert_true (gm_hazard_move (store, id, GM_HAZARD_CLOSED, "2026-11-05", NULL, NULL));
  before = gm_grid_rates_compute (store, NULL, NULL, NULL, NULL);
  big_building (store, &again->building_id, &lon, &lat);
  again->lon = lon;
  again->lat = lat;
  g_free (again->found_on);
  again->found_on = g_strdup ("2026-11-06");
  g_assert_true (gm_hazard_add (store, again, NULL));
  after = gm_grid_rates_compute (store, NULL, NULL, NULL, NULL);

  grid = gm_test_count (store, "SELECT grid_id FROM building ORDER BY households DESC, id LIMIT 1");
  for (guint i = 0; i < after->len; i++)
    {
      const GmGridRate *a = g_ptr_array_index (after, i), *b = g_ptr_array_index (before, i);

      if (a->grid_id == grid)
        {
          rebounded_before = b->rebounded;
          rebounded_after = a->rebounded;
        }
    }
  g_assert_cmpint (rebounded_after, ==, rebounded_before + 1);
}

/* A kind is named by its stored name or its label, in any case; a kind
 * the catalogue does not know only by its stored name. */
static void
test_kind_match (void)
{
  const char * const kinds[] = { "消防通道堵塞", "电气线路老化", "楼道堆物", NULL };

  g_assert_cmpstr (gm_hazard_kind_match (kinds, "电气线路老化"), ==, "电气线路老化");
  g_assert_cmpstr (gm_hazard_kind_match (kinds, "Old electrical wiring"), ==, "电气线路老化");
  g_assert_cmpstr (gm_hazard_kind_match (kinds, " old ELECTRICAL wiring"), ==, "电气线路老化");
  g_assert_cmpstr (gm_hazard_kind_match (kinds, "blocked fire escape route"), ==, "消防通道堵塞");
  g_assert_cmpstr (gm_hazard_kind_match (kinds, "楼道堆物"), ==, "楼道堆物");
  g_assert_null (gm_hazard_kind_match (kinds, "wiring"));
  /* In the catalogue, but not among the kinds offered. */
  g_assert_null (gm_hazard_kind_match (kinds, "Illegal structure"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  demo_path = gm_test_build_demo (&demo_dir);

  g_test_add_func ("/core/hazard-edit/add-at-building", test_add_at_building);
  g_test_add_func ("/core/hazard-edit/add-in-the-open", test_add_in_the_open);
  g_test_add_func ("/core/hazard-edit/bad-input", test_bad_input);
  g_test_add_func ("/core/hazard-edit/read-only", test_read_only);
  g_test_add_func ("/core/hazard-edit/workflow", test_workflow);
  g_test_add_func ("/core/hazard-edit/edit", test_edit);
  g_test_add_func ("/core/hazard-edit/rebound", test_rebound);
  g_test_add_func ("/core/hazard-edit/kind-match", test_kind_match);
  status = g_test_run ();

  gm_test_rmdir (demo_dir);
  g_free (demo_dir);
  g_free (demo_path);
  return status;
}
