/* test-registry-watch.c: the registry follows its folders as they change
 *
 * Real files in a private search path under the test's HOME, and a real
 * plugin (the clock example) where one must be reached or seen live.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "bridge-test-util.h"
#include "bridge-plugin-info-private.h"
#include "bridge-runtime-dir-private.h"
#include "bridge-activation-private.h"

#define CLOCK "org.libbridge.example.Clock1"
/* A safety net: the registry sees a change in well under a second. */
#define WATCHDOG_MS 2000

static char *plugins_dir; /* under $HOME, the registry's search path */

typedef struct
{
  guint n_emissions;
  guint position, removed, added; /* of the last emission */
  guint total_added, total_removed;
} Changes;

static void
on_items_changed (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  Changes *changes = data;

  changes->n_emissions++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->total_added += added;
  changes->total_removed += removed;
}

static void
on_notify_set_flag (GObject *object, GParamSpec *pspec, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
on_notify_count (GObject *object, GParamSpec *pspec, gpointer data)
{
  (*(guint *) data)++;
}

static void
setup (void)
{
  /* HOME is shared by the tests of this binary: a folder of our own. */
  plugins_dir = g_build_filename (g_get_home_dir (), "plugins-XXXXXX", NULL);
  ck_assert_ptr_nonnull (g_mkdtemp (plugins_dir));
}

static void
teardown (void)
{
  g_clear_pointer (&plugins_dir, g_free);
}

static char *
manifest_text (const char *name, const char *description, const char *exec)
{
  return g_strdup_printf ("[Plugin]\nName=%s\nDescription=%s\nExec=%s\nInterfaces=%s;\n", name, description,
                          exec != NULL ? exec : "true", exec != NULL ? CLOCK : "org.example.Watched1");
}

/* Writes a manifest the safe way (g_file_set_contents: a temporary file,
 * then a rename). */
static void
write_manifest_in (const char *dir, const char *name, const char *description, const char *exec)
{
  g_autofree char *file = g_strconcat (name, ".plugin", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = manifest_text (name, description, exec);
  g_autoptr (GError) error = NULL;

  ck_assert_msg (g_file_set_contents (path, text, -1, &error), "writing %s: %s", path,
                 error ? error->message : "?");
}

static void
write_manifest (const char *name, const char *description)
{
  write_manifest_in (plugins_dir, name, description, NULL);
}

static BridgeRegistry *
watched_registry (const char *dir, Changes *changes)
{
  const char *dirs[] = { dir, NULL };
  BridgeRegistry *registry = bridge_registry_new_for_path (dirs);

  g_signal_connect (registry, "items-changed", G_CALLBACK (on_items_changed), changes);
  return registry;
}

typedef struct
{
  GListModel *model;
  guint n;
} Count;

static gboolean
has_n_items (gpointer data)
{
  Count *count = data;

  return g_list_model_get_n_items (count->model) == count->n;
}

static gboolean
wait_for_n_items (BridgeRegistry *registry, guint n)
{
  Count count = { G_LIST_MODEL (registry), n };

  return bridge_test_wait_until (has_n_items, &count, WATCHDOG_MS);
}

/* The clock example's program, found where the tests find plugins. */
static char *
clock_program (void)
{
  g_autoptr (BridgeRegistry) registry = bridge_registry_new ();
  BridgePluginInfo *info = bridge_registry_find_by_name (registry, "clock");

  ck_assert_msg (info != NULL, "the clock plugin is not on LIBBRIDGE_PLUGIN_PATH=%s",
                 g_getenv ("LIBBRIDGE_PLUGIN_PATH"));
  return g_strdup (bridge_plugin_info_get_argv (info)[0]);
}

static void
on_waited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static void
wait_for_exit (GSubprocess *proc)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (proc, NULL, on_waited, &done);
  ck_assert_msg (bridge_test_wait_for (&done, 20000), "plugin %s did not exit",
                 g_subprocess_get_identifier (proc));
}

/* A manifest dropped in while the registry runs: listed, and callable. */
START_TEST (test_manifest_added)
{
  g_autofree char *program = clock_program ();
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = watched_registry (plugins_dir, &changes);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  BridgePluginInfo *info;
  gint32 sum;

  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (registry)), 0);
  write_manifest ("zebra", "last by name");
  ck_assert_msg (wait_for_n_items (registry, 1), "zebra.plugin not seen");
  write_manifest_in (plugins_dir, "clock", "dropped in", program);
  ck_assert_msg (wait_for_n_items (registry, 2), "clock.plugin not seen");
  /* Sorted by name: clock goes before zebra, in one emission. */
  ck_assert_uint_eq (changes.n_emissions, 2);
  ck_assert_msg (changes.position == 0 && changes.removed == 0 && changes.added == 1,
                 "items-changed (%u, %u, %u), expected (0, 0, 1)", changes.position, changes.removed,
                 changes.added);

  info = bridge_registry_find_by_name (registry, "clock");
  ck_assert_ptr_nonnull (info);
  ck_assert_str_eq (bridge_plugin_info_get_description (info), "dropped in");
  connection = bridge_registry_connect_sync (registry, info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, NULL, &error);
  ck_assert_msg (connection != NULL, "connecting to the new plugin: %s", error ? error->message : "?");
  reply = bridge_connection_call_sync (connection, CLOCK, "Add", g_variant_new ("(ii)", 2, 40), NULL, NULL,
                                       10000, NULL, &error);
  ck_assert_msg (reply != NULL, "Add failed: %s", error ? error->message : "?");
  g_variant_get (reply, "(i)", &sum);
  ck_assert_int_eq (sum, 42);

  proc = g_object_ref (bridge_registry_get_subprocess (connection));
  g_clear_object (&connection);
  wait_for_exit (proc);
}
END_TEST

/* A manifest rewritten: the same object, updated and notified in place. */
START_TEST (test_manifest_changed)
{
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (BridgePluginInfo) info = NULL;
  gboolean described = FALSE, versioned = FALSE;

  write_manifest ("one", "first");
  registry = watched_registry (plugins_dir, &changes);
  info = g_list_model_get_item (G_LIST_MODEL (registry), 0);
  ck_assert_ptr_nonnull (info);
  ck_assert_str_eq (bridge_plugin_info_get_description (info), "first");
  g_signal_connect (info, "notify::description", G_CALLBACK (on_notify_set_flag), &described);
  g_signal_connect (info, "notify::version", G_CALLBACK (on_notify_set_flag), &versioned);

  write_manifest ("one", "second");
  ck_assert_msg (bridge_test_wait_for (&described, WATCHDOG_MS), "no notify::description");
  ck_assert_str_eq (bridge_plugin_info_get_description (info), "second");
  ck_assert_ptr_eq (bridge_registry_find_by_name (registry, "one"), info);
  ck_assert_msg (!versioned, "version did not change, yet was notified");
  ck_assert_msg (changes.n_emissions == 0, "an update in place emitted items-changed");
  g_signal_handlers_disconnect_by_data (info, &described);
  g_signal_handlers_disconnect_by_data (info, &versioned);
}
END_TEST

START_TEST (test_manifest_removed)
{
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autofree char *path = g_build_filename (plugins_dir, "b.plugin", NULL);

  write_manifest ("a", "stays");
  write_manifest ("b", "goes");
  write_manifest ("c", "stays too");
  registry = watched_registry (plugins_dir, &changes);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (registry)), 3);

  ck_assert_int_eq (g_unlink (path), 0);
  ck_assert_msg (wait_for_n_items (registry, 2), "b.plugin is still listed");
  ck_assert_uint_eq (changes.n_emissions, 1);
  ck_assert_msg (changes.position == 1 && changes.removed == 1 && changes.added == 0,
                 "items-changed (%u, %u, %u), expected (1, 1, 0)", changes.position, changes.removed,
                 changes.added);
  ck_assert_ptr_null (bridge_registry_find_by_name (registry, "b"));
}
END_TEST

/* A folder of the search path that only appears later, several levels
 * deep, is watched once it exists. */
START_TEST (test_folder_created_later)
{
  g_autofree char *top = g_build_filename (g_get_home_dir (), "later", NULL);
  g_autofree char *dir = g_build_filename (top, "deep", "plugins", NULL);
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = watched_registry (dir, &changes);

  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (registry)), 0);
  /* One level first, to see the watch move down; then the rest. */
  ck_assert_int_eq (g_mkdir (top, 0700), 0);
  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  write_manifest_in (dir, "late", "came with its folder", NULL);
  ck_assert_msg (wait_for_n_items (registry, 1), "a manifest in a folder made later was not seen");
  write_manifest_in (dir, "later", "came after its folder", NULL);
  ck_assert_msg (wait_for_n_items (registry, 2), "a manifest added to a folder made later was not seen");
  ck_assert_ptr_nonnull (bridge_registry_find_by_name (registry, "later"));
}
END_TEST

/* A watched folder removed takes its plugins along; made again, it is
 * watched again. */
START_TEST (test_folder_removed_and_made_again)
{
  g_autofree char *path = g_build_filename (plugins_dir, "phoenix.plugin", NULL);
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = NULL;

  write_manifest ("phoenix", "first life");
  registry = watched_registry (plugins_dir, &changes);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (registry)), 1);

  ck_assert_int_eq (g_unlink (path), 0);
  ck_assert_int_eq (g_rmdir (plugins_dir), 0);
  ck_assert_msg (wait_for_n_items (registry, 0), "the plugin of a removed folder is still listed");

  ck_assert_int_eq (g_mkdir (plugins_dir, 0700), 0);
  write_manifest ("phoenix", "second life");
  ck_assert_msg (wait_for_n_items (registry, 1), "a manifest in the folder made again was not seen");
  write_manifest ("ash", "and one more");
  ck_assert_msg (wait_for_n_items (registry, 2), "the folder made again is not watched");
}
END_TEST

/* A watched folder renamed away (no event for its files, only for the
 * folder): its plugins go; renamed back, they come again. */
START_TEST (test_folder_renamed_away)
{
  g_autofree char *away = g_strconcat (plugins_dir, ".old", NULL);
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = NULL;

  write_manifest ("nomad", "here");
  registry = watched_registry (plugins_dir, &changes);
  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (registry)), 1);

  ck_assert_int_eq (g_rename (plugins_dir, away), 0);
  ck_assert_msg (wait_for_n_items (registry, 0), "the plugin of a folder renamed away is still listed");
  ck_assert_int_eq (g_rename (away, plugins_dir), 0);
  ck_assert_msg (wait_for_n_items (registry, 1), "the folder renamed back is not seen");
}
END_TEST

/* Only *.plugin files are read: a manifest half-written under another
 * name is not looked at, and appears once renamed into place. */
START_TEST (test_temp_then_rename)
{
  g_autofree char *part = g_build_filename (plugins_dir, "half.plugin.part", NULL);
  g_autofree char *path = g_build_filename (plugins_dir, "half.plugin", NULL);
  g_autofree char *text = manifest_text ("half", "written in two steps", NULL);
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = watched_registry (plugins_dir, &changes);
  g_autoptr (GError) error = NULL;

  /* The first half of the file, which would not parse. */
  ck_assert (g_file_set_contents (part, text, 20, &error));
  /* Another manifest makes the registry scan the folder meanwhile. */
  write_manifest ("other", "a scan happens");
  ck_assert_msg (wait_for_n_items (registry, 1), "other.plugin not seen");
  ck_assert_ptr_null (bridge_registry_find_by_name (registry, "half"));
  ck_assert_msg (bridge_registry_get_warnings (registry)[0] == NULL, "a temporary file was read: %s",
                 bridge_registry_get_warnings (registry)[0]);

  ck_assert (g_file_set_contents (part, text, -1, &error));
  ck_assert_int_eq (g_rename (part, path), 0);
  ck_assert_msg (wait_for_n_items (registry, 2), "half.plugin not seen after the rename");
  ck_assert_str_eq (bridge_plugin_info_get_description (bridge_registry_find_by_name (registry, "half")),
                    "written in two steps");
}
END_TEST

/* A burst of manifests is one scan, not one per file. */
START_TEST (test_burst_coalesced)
{
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = watched_registry (plugins_dir, &changes);
  GListModel *model = G_LIST_MODEL (registry);

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("burst-%02u", 19 - i);

      write_manifest (name, "one of many");
    }
  ck_assert_msg (wait_for_n_items (registry, 20), "%u of 20 manifests seen",
                 g_list_model_get_n_items (model));
  ck_assert_uint_eq (changes.total_added, 20);
  ck_assert_uint_eq (changes.total_removed, 0);
  /* One scan about 150 ms after the first file; a slow machine (valgrind)
   * may split the burst, never per file. */
  ck_assert_msg (changes.n_emissions <= 4, "20 manifests took %u items-changed", changes.n_emissions);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr (BridgePluginInfo) info = g_list_model_get_item (model, i);
      g_autofree char *expected = g_strdup_printf ("burst-%02u", i);

      ck_assert_str_eq (bridge_plugin_info_get_name (info), expected);
    }
}
END_TEST

static gboolean
has_warnings (gpointer data)
{
  return bridge_registry_get_warnings (data)[0] != NULL;
}

/* A listed manifest that stops parsing (rewritten in place, or broken)
 * keeps its last good entry, with a warning, until it parses again. */
START_TEST (test_parse_failure_keeps_entry)
{
  g_autofree char *path = g_build_filename (plugins_dir, "flaky.plugin", NULL);
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = NULL;
  BridgePluginInfo *info;
  g_autoptr (GError) error = NULL;
  gboolean described = FALSE;

  write_manifest ("flaky", "good");
  registry = watched_registry (plugins_dir, &changes);
  info = bridge_registry_find_by_name (registry, "flaky");
  ck_assert_ptr_nonnull (info);
  g_signal_connect (info, "notify::description", G_CALLBACK (on_notify_set_flag), &described);

  ck_assert (g_file_set_contents (path, "[Plugin]\nName=flaky\nExec", -1, &error));
  ck_assert_msg (bridge_test_wait_until (has_warnings, registry, WATCHDOG_MS),
                 "the broken manifest not seen");
  ck_assert_msg (strstr (bridge_registry_get_warnings (registry)[0], "flaky.plugin") != NULL, "warning: %s",
                 bridge_registry_get_warnings (registry)[0]);
  ck_assert_ptr_eq (bridge_registry_find_by_name (registry, "flaky"), info);
  ck_assert_str_eq (bridge_plugin_info_get_description (info), "good");
  ck_assert_uint_eq (changes.n_emissions, 0);

  write_manifest ("flaky", "good again");
  ck_assert_msg (bridge_test_wait_for (&described, WATCHDOG_MS), "the fixed manifest not seen");
  ck_assert_str_eq (bridge_plugin_info_get_description (info), "good again");
  ck_assert_ptr_null (bridge_registry_get_warnings (registry)[0]);
  g_signal_handlers_disconnect_by_data (info, &described);
}
END_TEST

static gboolean
live_is (gpointer data)
{
  BridgePluginInfo **info = data;

  return bridge_plugin_info_get_live (info[0]) == GPOINTER_TO_INT (info[1]);
}

/* live follows a plugin started and stopped by someone else, through its
 * socket under $XDG_RUNTIME_DIR/libbridge (which does not exist yet). */
START_TEST (test_live_follows_socket)
{
  g_autofree char *program = clock_program ();
  g_autofree char *runtime_base = g_build_filename (g_get_home_dir (), "runtime-XXXXXX", NULL);
  g_autofree char *runtime_dir = NULL;
  Changes changes = { 0 };
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  BridgePluginInfo *info;
  gpointer want[2];
  guint n_notified = 0;

  /* A runtime folder of our own (check runs each test in a child). */
  ck_assert_ptr_nonnull (g_mkdtemp (runtime_base));
  g_setenv ("XDG_RUNTIME_DIR", runtime_base, TRUE);
  runtime_dir = bridge_runtime_dir ();
  ck_assert_msg (!g_file_test (runtime_dir, G_FILE_TEST_EXISTS), "%s exists already", runtime_dir);
  write_manifest_in (plugins_dir, "clock", "watched live", program);
  registry = watched_registry (plugins_dir, &changes);
  info = bridge_registry_find_by_name (registry, "clock");
  ck_assert_ptr_nonnull (info);
  ck_assert (!bridge_plugin_info_get_live (info));
  g_signal_connect (info, "notify::live", G_CALLBACK (on_notify_count), &n_notified);

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, program, "--listen", NULL);
  ck_assert_msg (proc != NULL, "starting %s --listen: %s", program, error ? error->message : "?");
  want[0] = info;
  want[1] = GINT_TO_POINTER (TRUE);
  ck_assert_msg (bridge_test_wait_until (live_is, want, 20000), "live never turned TRUE");
  ck_assert (bridge_registry_is_live (registry, info));

  g_subprocess_send_signal (proc, SIGTERM);
  want[1] = GINT_TO_POINTER (FALSE);
  ck_assert_msg (bridge_test_wait_until (live_is, want, 20000), "live never turned FALSE");
  wait_for_exit (proc);
  ck_assert_uint_eq (n_notified, 2);
  g_signal_handlers_disconnect_by_data (info, &n_notified);
}
END_TEST

/* Dropping the registry cancels its monitors and timer: a change then
 * reaches nobody. */
START_TEST (test_dispose_stops_watching)
{
  Changes changes = { 0 };
  BridgeRegistry *registry = watched_registry (plugins_dir, &changes);
  GWeakRef weak;
  gboolean done = FALSE;

  g_weak_ref_init (&weak, registry);
  write_manifest ("pending", "a rescan is due when the registry goes");
  /* Let the monitor see it, so that the rescan timer runs. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (registry);
  ck_assert_ptr_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
  /* Anything still attached would fire within this and touch freed memory
   * (valgrind and ASan would say so); nothing must. */
  g_timeout_add_once (500, set_flag, &done);
  ck_assert (bridge_test_wait_for (&done, WATCHDOG_MS));
  ck_assert_uint_eq (changes.n_emissions, 0);
}
END_TEST

static Suite *
registry_watch_suite (void)
{
  Suite *s = suite_create ("registry-watch");
  TCase *tc;

  tc = tcase_create ("watch");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_manifest_added);
  tcase_add_test (tc, test_manifest_changed);
  tcase_add_test (tc, test_manifest_removed);
  tcase_add_test (tc, test_folder_created_later);
  tcase_add_test (tc, test_folder_removed_and_made_again);
  tcase_add_test (tc, test_folder_renamed_away);
  tcase_add_test (tc, test_temp_then_rename);
  tcase_add_test (tc, test_burst_coalesced);
  tcase_add_test (tc, test_parse_failure_keeps_entry);
  tcase_add_test (tc, test_dispose_stops_watching);
  suite_add_tcase (s, tc);

  tc = tcase_create ("live");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_live_follows_socket);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (registry_watch_suite)
