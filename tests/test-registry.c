/* test-registry.c: manifests and where the registry looks for them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bridge-test-util.h"
#include "bridge-plugin-info-private.h"
#include "bridge-runtime-dir-private.h"

/* A safety net for what should take well under a second. */
#define WATCHDOG_MS 10000

/* Broken manifests are user input: they must never reach g_warning. */
static guint n_loud_messages;

static void
count_loud_messages (const char *domain, GLogLevelFlags level, const char *message, gpointer data)
{
  n_loud_messages++;
  g_printerr ("unexpected %s message: %s\n", domain ? domain : "(null)", message);
}

static void
setup (void)
{
  n_loud_messages = 0;
  g_log_set_handler ("libbridge", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL,
                     count_loud_messages, NULL);
}

static void
teardown (void)
{
  ck_assert_msg (n_loud_messages == 0, "libbridge logged %u warnings or criticals", n_loud_messages);
}

static char *
manifest_path (const char *dir, const char *file)
{
  g_autofree char *manifests = bridge_test_src_path ("manifests");

  return g_build_filename (manifests, dir, file, NULL);
}

static void
write_manifest (const char *dir, const char *file, const char *name, const char *description)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = g_strdup_printf ("[Plugin]\nName=%s\nDescription=%s\nExec=true\n"
                                           "Interfaces=org.example.Same1;\n",
                                           name, description);
  g_autoptr (GError) error = NULL;

  ck_assert_int_eq (g_mkdir_with_parents (dir, 0700), 0);
  ck_assert_msg (g_file_set_contents (path, text, -1, &error), "writing %s: %s", path,
                 error ? error->message : "?");
}

static void
on_notify_set_flag (GObject *object, GParamSpec *pspec, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
name_is_gone (gpointer data)
{
  return bridge_registry_find_by_name (data, "same") == NULL;
}

/* Parsing one manifest --------------------------------------------------- */

START_TEST (test_parse_complete)
{
  g_autofree char *path = manifest_path ("good", "echo.plugin");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *program = NULL;
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;
  const char *const *interfaces;
  const char *const *argv;

  info = bridge_plugin_info_new_from_file (path, &error);
  ck_assert_msg (info != NULL, "parsing %s: %s", path, error ? error->message : "?");
  ck_assert_str_eq (bridge_plugin_info_get_name (info), "echo");
  ck_assert_str_eq (bridge_plugin_info_get_description (info), "Says back what it hears");
  ck_assert_str_eq (bridge_plugin_info_get_version (info), "1.2.3");
  ck_assert_str_eq (bridge_plugin_info_get_exec (info), "./bin/echo-plugin --verbose \"two words\"");
  ck_assert_str_eq (bridge_plugin_info_get_path (info), path);

  interfaces = bridge_plugin_info_get_interfaces (info);
  ck_assert_uint_eq (g_strv_length ((char **) interfaces), 2);
  ck_assert_str_eq (interfaces[0], "org.example.Echo1");
  ck_assert_str_eq (interfaces[1], "org.example.Extra1");
  ck_assert (bridge_plugin_info_implements (info, "org.example.Extra1"));
  ck_assert (!bridge_plugin_info_implements (info, "org.example.Echo2"));

  /* The relative program is anchored at the manifest's directory; the
   * arguments are split like a shell would. */
  argv = bridge_plugin_info_get_argv (info);
  program = g_build_filename (dir, "bin", "echo-plugin", NULL);
  ck_assert_uint_eq (g_strv_length ((char **) argv), 3);
  ck_assert_str_eq (argv[0], program);
  ck_assert_str_eq (argv[1], "--verbose");
  ck_assert_str_eq (argv[2], "two words");
}
END_TEST

START_TEST (test_parse_minimal)
{
  g_autofree char *path = manifest_path ("good", "bare.plugin");
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  info = bridge_plugin_info_new_from_file (path, &error);
  ck_assert_msg (info != NULL, "parsing %s: %s", path, error ? error->message : "?");
  ck_assert_str_eq (bridge_plugin_info_get_name (info), "bare");
  ck_assert_ptr_null (bridge_plugin_info_get_description (info));
  ck_assert_ptr_null (bridge_plugin_info_get_version (info));
  /* A bare program name is left for PATH. */
  ck_assert_str_eq (bridge_plugin_info_get_argv (info)[0], "true");
  ck_assert_str_eq (bridge_plugin_info_get_interfaces (info)[0], "org.example.Bare1");
}
END_TEST

START_TEST (test_parse_from_data)
{
  const char *data = "[Plugin]\nName=inline\nExec=sub/prog\nInterfaces=a.b.C1;\n";
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *expected = g_build_filename (cwd, "sub", "prog", NULL);
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  info = bridge_plugin_info_new_from_data (data, -1, NULL, &error);
  ck_assert_msg (info != NULL, "parsing inline manifest: %s", error ? error->message : "?");
  ck_assert_ptr_null (bridge_plugin_info_get_path (info));
  ck_assert_str_eq (bridge_plugin_info_get_argv (info)[0], expected);

  /* Without a path, errors still say what they are about. */
  g_clear_object (&info);
  info = bridge_plugin_info_new_from_data ("[Plugin]\nName=x\n", -1, NULL, &error);
  ck_assert_ptr_null (info);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST),
                 "expected BAD_MANIFEST, got %s", error->message);
  ck_assert_msg (strstr (error->message, "no Exec key") != NULL, "message: %s", error->message);
}
END_TEST

START_TEST (test_parse_missing_file)
{
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  info = bridge_plugin_info_new_from_file ("/nonexistent/ghost.plugin", &error);
  ck_assert_ptr_null (info);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND), "expected NOT_FOUND, got %s",
                 error ? error->message : "success");
  ck_assert_msg (strstr (error->message, "/nonexistent/ghost.plugin") != NULL,
                 "message does not name the file: %s", error->message);
}
END_TEST

START_TEST (test_parse_too_big)
{
  gsize size = 100 * 1024;
  g_autofree char *data = g_malloc (size);
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  memset (data, '#', size);
  info = bridge_plugin_info_new_from_data (data, size, "huge.plugin", &error);
  ck_assert_ptr_null (info);
  ck_assert (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST));
  ck_assert_msg (strstr (error->message, "too big") != NULL, "message: %s", error->message);
}
END_TEST

/* Every file under tests/manifests/broken, and what its error must say. A
 * line number is given wherever the problem sits on a line. */
static const struct
{
  const char *file;
  const char *expect;
} broken[] = {
  { "no-group.plugin", ": no [Plugin] group" },
  { "no-name.plugin", ": [Plugin] has no Name key" },
  { "no-exec.plugin", ": [Plugin] has no Exec key" },
  { "no-interfaces.plugin", ": [Plugin] has no Interfaces key" },
  { "empty-interfaces.plugin", " line 4: Interfaces lists no interface" },
  { "bad-interface.plugin", " line 4: Interfaces entry 'org/example/Bad1'" },
  { "bad-name.plugin", " line 3: Name '../../etc/evil'" },
  { "bad-exec.plugin", " line 5: Exec 'thing \"unterminated' is not a valid command line" },
  { "empty-exec.plugin", " line 3: Exec '' is not a valid command line" },
  { "syntax.plugin", " line 4: Key file contains line" },
  { "bad-utf8.plugin", " line 3: Exec is not valid UTF-8" },
  { "bad-escape-interfaces.plugin", " line 5: Interfaces has an invalid escape sequence" },
  { "bad-escape-name.plugin", " line 3: Name has an invalid escape sequence" },
};

START_TEST (test_parse_broken)
{
  g_autofree char *path = manifest_path ("broken", broken[_i].file);
  g_autoptr (BridgePluginInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  info = bridge_plugin_info_new_from_file (path, &error);
  ck_assert_msg (info == NULL, "%s parsed, but is broken", broken[_i].file);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST),
                 "%s: expected BAD_MANIFEST, got %s", broken[_i].file, error->message);
  ck_assert_msg (g_str_has_prefix (error->message, path), "%s: the message does not start with the file: %s",
                 broken[_i].file, error->message);
  ck_assert_msg (strstr (error->message, broken[_i].expect) != NULL, "%s: expected \"%s\" in: %s",
                 broken[_i].file, broken[_i].expect, error->message);
}
END_TEST

/* Scanning directories --------------------------------------------------- */

START_TEST (test_scan_skips_broken)
{
  g_autofree char *broken_dir = manifest_path ("broken", NULL);
  g_autofree char *good_dir = manifest_path ("good", NULL);
  const char *dirs[] = { broken_dir, good_dir, "/nonexistent/plugins", NULL };
  g_autoptr (BridgeRegistry) registry = bridge_registry_new_for_path (dirs);
  GListModel *plugins = G_LIST_MODEL (registry);
  const char *const *warnings = bridge_registry_get_warnings (registry);
  g_autoptr (BridgePluginInfo) bare = NULL;
  g_autoptr (BridgePluginInfo) echo = NULL;

  /* A list of plugins, sorted by name. */
  ck_assert (g_list_model_get_item_type (plugins) == BRIDGE_TYPE_PLUGIN_INFO);
  ck_assert_uint_eq (g_list_model_get_n_items (plugins), 2);
  bare = g_list_model_get_item (plugins, 0);
  echo = g_list_model_get_item (plugins, 1);
  ck_assert_ptr_null (g_list_model_get_item (plugins, 2));
  ck_assert_str_eq (bridge_plugin_info_get_name (bare), "bare");
  ck_assert_str_eq (bridge_plugin_info_get_name (echo), "echo");

  ck_assert_uint_eq (g_strv_length ((char **) warnings), G_N_ELEMENTS (broken));
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      gboolean named = FALSE;

      for (guint j = 0; warnings[j] != NULL; j++)
        named |= strstr (warnings[j], broken[i].file) != NULL;
      ck_assert_msg (named, "no warning names %s", broken[i].file);
    }

  ck_assert_ptr_eq (bridge_registry_find_by_name (registry, "echo"), echo);
  ck_assert_ptr_null (bridge_registry_find_by_name (registry, "no-exec"));
  ck_assert_ptr_eq (bridge_registry_find_by_interface (registry, "org.example.Extra1"), echo);
  ck_assert_ptr_null (bridge_registry_find_by_interface (registry, "org.example.Nobody1"));
}
END_TEST

START_TEST (test_scan_empty)
{
  const char *dirs[] = { NULL };
  g_autoptr (BridgeRegistry) registry = bridge_registry_new_for_path (dirs);

  ck_assert_uint_eq (g_list_model_get_n_items (G_LIST_MODEL (registry)), 0);
  ck_assert_ptr_nonnull (bridge_registry_get_warnings (registry));
  ck_assert_ptr_null (bridge_registry_get_warnings (registry)[0]);
  ck_assert_ptr_null (bridge_registry_find_by_name (registry, "echo"));
}
END_TEST

/* LIBBRIDGE_PLUGIN_PATH, then XDG_DATA_HOME, then XDG_DATA_DIRS, then the
 * install prefix; the first manifest of a name wins. */
START_TEST (test_search_order)
{
  const char *home = g_get_home_dir ();
  g_autofree char *env1 = g_build_filename (home, "env1", NULL);
  g_autofree char *env2 = g_build_filename (home, "env2", NULL);
  g_autofree char *data_home = g_build_filename (home, "data-home", NULL);
  g_autofree char *dirs_a = g_build_filename (home, "data-a", NULL);
  g_autofree char *dirs_b = g_build_filename (home, "data-b", NULL);
  g_autofree char *plugin_path = g_strjoin (":", env1, env2, NULL);
  g_autofree char *data_dirs = g_strjoin (":", dirs_a, "relative/ignored", dirs_b, NULL);
  const char *labels[] = { "env1", "env2", "data-home", "data-a", "data-b" };
  g_auto (GStrv) expected = g_new0 (char *, 7);
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (BridgePluginInfo) same = NULL;
  const char *const *search_path;
  gboolean moved = FALSE;

  expected[0] = g_strdup (env1);
  expected[1] = g_strdup (env2);
  expected[2] = g_build_filename (data_home, "libbridge", "plugins", NULL);
  expected[3] = g_build_filename (dirs_a, "libbridge", "plugins", NULL);
  expected[4] = g_build_filename (dirs_b, "libbridge", "plugins", NULL);
  expected[5] = g_strdup (BRIDGE_PLUGIN_DIR);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *own = g_strdup_printf ("only-%s", labels[i]);

      write_manifest (expected[i], "same.plugin", "same", labels[i]);
      write_manifest (expected[i], "own.plugin", own, labels[i]);
    }

  g_setenv ("LIBBRIDGE_PLUGIN_PATH", plugin_path, TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  registry = bridge_registry_new ();

  search_path = bridge_registry_get_search_path (registry);
  ck_assert_uint_eq (g_strv_length ((char **) search_path), 6);
  for (guint i = 0; i < 6; i++)
    ck_assert_msg (g_strcmp0 (search_path[i], expected[i]) == 0, "search path entry %u is %s, expected %s", i,
                   search_path[i], expected[i]);

  /* Every directory is read... */
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *own = g_strdup_printf ("only-%s", labels[i]);
      ck_assert_msg (bridge_registry_find_by_name (registry, own) != NULL, "%s not found", own);
    }

  /* ...and for a shared name, the earliest wins; take each winner away in
   * turn and the next one takes over, in the same object. */
  same = g_object_ref (bridge_registry_find_by_name (registry, "same"));
  g_signal_connect (same, "notify::manifest-path", G_CALLBACK (on_notify_set_flag), &moved);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *winner = g_build_filename (expected[i], "same.plugin", NULL);

      ck_assert_msg (bridge_registry_find_by_name (registry, "same") == same,
                     "'same' is another object with %s first", labels[i]);
      ck_assert_msg (g_strcmp0 (bridge_plugin_info_get_description (same), labels[i]) == 0,
                     "'same' came from %s, expected %s", bridge_plugin_info_get_description (same),
                     labels[i]);
      ck_assert_str_eq (bridge_plugin_info_get_path (same), winner);
      ck_assert_int_eq (g_unlink (winner), 0);
      moved = FALSE;
      if (i + 1 < G_N_ELEMENTS (labels))
        ck_assert_msg (bridge_test_wait_for (&moved, WATCHDOG_MS), "'same' did not move on from %s",
                       labels[i]);
    }
  ck_assert_msg (bridge_test_wait_until (name_is_gone, registry, WATCHDOG_MS),
                 "'same' is still listed with every manifest of it gone");
  g_signal_handlers_disconnect_by_data (same, &moved);
}
END_TEST

START_TEST (test_search_defaults)
{
  g_autoptr (BridgeRegistry) registry = NULL;
  const char *const *search_path;
  g_autofree char *data_home
      = g_build_filename (g_get_home_dir (), ".local", "share", "libbridge", "plugins", NULL);
  guint n;

  g_unsetenv ("LIBBRIDGE_PLUGIN_PATH");
  g_unsetenv ("XDG_DATA_HOME");
  g_unsetenv ("XDG_DATA_DIRS");
  registry = bridge_registry_new ();
  search_path = bridge_registry_get_search_path (registry);
  n = g_strv_length ((char **) search_path);

  ck_assert_uint_eq (n, 4);
  ck_assert_str_eq (search_path[0], data_home);
  ck_assert_str_eq (search_path[1], "/usr/local/share/libbridge/plugins");
  ck_assert_str_eq (search_path[2], "/usr/share/libbridge/plugins");
  ck_assert_str_eq (search_path[n - 1], BRIDGE_PLUGIN_DIR);
}
END_TEST

/* Live-instance sockets -------------------------------------------------- */

START_TEST (test_socket_path)
{
  g_autofree char *good_dir = manifest_path ("good", NULL);
  const char *dirs[] = { good_dir, NULL };
  g_autoptr (BridgeRegistry) registry = bridge_registry_new_for_path (dirs);
  BridgePluginInfo *info = bridge_registry_find_by_name (registry, "echo");
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;

  ck_assert_ptr_nonnull (info);
  expected = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "libbridge", "echo.sock", NULL);
  path = bridge_registry_get_socket_path (registry, info);
  ck_assert_str_eq (path, expected);
  ck_assert (!bridge_registry_is_live (registry, info));

  /* Without XDG_RUNTIME_DIR, GLib's fallback. */
  g_unsetenv ("XDG_RUNTIME_DIR");
  g_clear_pointer (&expected, g_free);
  g_clear_pointer (&path, g_free);
  expected = g_build_filename (g_get_user_runtime_dir (), "libbridge", "echo.sock", NULL);
  path = bridge_registry_get_socket_path (registry, info);
  ck_assert_str_eq (path, expected);
}
END_TEST

START_TEST (test_runtime_dir_private)
{
  g_autofree char *dir = bridge_runtime_dir ();
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  /* Created 0700, and tightened if someone loosened it. */
  ck_assert_msg (bridge_runtime_dir_ensure (&error), "%s", error ? error->message : "?");
  ck_assert_int_eq (g_stat (dir, &st), 0);
  ck_assert_msg ((st.st_mode & 0777) == 0700, "%s has mode 0%o", dir, st.st_mode & 0777);
  ck_assert_int_eq (g_chmod (dir, 0755), 0);
  ck_assert (bridge_runtime_dir_ensure (&error));
  ck_assert_int_eq (g_stat (dir, &st), 0);
  ck_assert_msg ((st.st_mode & 0777) == 0700, "%s has mode 0%o", dir, st.st_mode & 0777);

  /* A symlink in its place is refused, not followed. */
  ck_assert_int_eq (g_rmdir (dir), 0);
  ck_assert_int_eq (symlink ("/tmp", dir), 0);
  ck_assert (!bridge_runtime_dir_ensure (&error));
  ck_assert_msg (strstr (error->message, "not a directory") != NULL, "message: %s", error->message);
}
END_TEST

static Suite *
registry_suite (void)
{
  Suite *s = suite_create ("registry");
  TCase *tc;

  tc = tcase_create ("manifest");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_parse_complete);
  tcase_add_test (tc, test_parse_minimal);
  tcase_add_test (tc, test_parse_from_data);
  tcase_add_test (tc, test_parse_missing_file);
  tcase_add_test (tc, test_parse_too_big);
  tcase_add_loop_test (tc, test_parse_broken, 0, G_N_ELEMENTS (broken));
  suite_add_tcase (s, tc);

  tc = tcase_create ("search");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_scan_skips_broken);
  tcase_add_test (tc, test_scan_empty);
  tcase_add_test (tc, test_search_order);
  tcase_add_test (tc, test_search_defaults);
  suite_add_tcase (s, tc);

  tc = tcase_create ("runtime");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_socket_path);
  tcase_add_test (tc, test_runtime_dir_private);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (registry_suite)
