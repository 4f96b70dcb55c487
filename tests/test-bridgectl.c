/* test-bridgectl.c: the command-line client against the real clock plugin
 *
 * Runs tools/bridgectl from the build tree as a user would, and checks
 * what it prints and how it exits. The clock plugin
 * (examples/clock-plugin.c) is found through LIBBRIDGE_PLUGIN_PATH.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "bridge-test-util.h"

#define CLOCK "org.libbridge.example.Clock1"
#define WATCHDOG_MS 20000

typedef struct
{
  int status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static char *
bridgectl_path (void)
{
  return g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "tools", "bridgectl", NULL);
}

static GSubprocess *
spawn (GSubprocessFlags flags, const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;

  g_ptr_array_add (argv, bridgectl_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata, flags, &error);
  ck_assert_msg (proc != NULL, "cannot run bridgectl: %s", error ? error->message : "?");
  return proc;
}

/* Runs bridgectl with @args (NULL-terminated) to the end. */
static Result
run_argv (const char *const *args)
{
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  Result result = { 0 };

  proc = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
  ck_assert_msg (g_subprocess_communicate_utf8 (proc, NULL, NULL, &result.out, &result.err, &error),
                 "bridgectl %s: %s", args[0], error ? error->message : "?");
  ck_assert_msg (g_subprocess_get_if_exited (proc), "bridgectl %s did not exit normally", args[0]);
  result.status = g_subprocess_get_exit_status (proc);
  return result;
}

#define run(...) run_argv ((const char *const[]){ __VA_ARGS__, NULL })

static void
assert_success (const Result *r, const char *what)
{
  ck_assert_msg (r->status == 0, "%s exited with %d; stderr: %s", what, r->status, r->err);
}

static void
assert_contains (const char *haystack, const char *needle, const char *what)
{
  ck_assert_msg (haystack != NULL && strstr (haystack, needle) != NULL, "%s: expected to find \"%s\" in:\n%s",
                 what, needle, haystack);
}

/* bridgectl start, running in the background until stopped ------------- */

typedef struct
{
  GSubprocess *proc;
  GDataInputStream *out;
  char *first_line;
  gboolean line_done;
  gboolean exited;
} Started;

static void
on_first_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Started *started = user_data;

  started->first_line
      = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  started->line_done = TRUE;
}

static void
on_started_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Started *started = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  started->exited = TRUE;
}

/* Runs "bridgectl start clock" and waits for it to say it listens. */
static Started *
start_clock (void)
{
  Started *started = g_new0 (Started, 1);

  started->proc = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, (const char *const[]){ "start", "clock", NULL });
  started->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (started->proc));
  g_data_input_stream_read_line_async (started->out, G_PRIORITY_DEFAULT, NULL, on_first_line, started);
  g_subprocess_wait_async (started->proc, NULL, on_started_exited, started);
  ck_assert_msg (bridge_test_wait_for (&started->line_done, WATCHDOG_MS),
                 "bridgectl start clock said nothing within %d ms", WATCHDOG_MS);
  ck_assert_msg (started->first_line != NULL, "bridgectl start clock exited without a word");
  assert_contains (started->first_line, "clock listening on ", "bridgectl start");
  return started;
}

/* Stops it as Ctrl-C would and returns its exit status. */
static int
stop_clock (Started *started)
{
  int status;

  g_subprocess_send_signal (started->proc, SIGINT);
  ck_assert_msg (bridge_test_wait_for (&started->exited, WATCHDOG_MS),
                 "bridgectl start did not exit within %d ms of SIGINT", WATCHDOG_MS);
  ck_assert_msg (g_subprocess_get_if_exited (started->proc), "bridgectl start was killed");
  status = g_subprocess_get_exit_status (started->proc);
  g_object_unref (started->out);
  g_object_unref (started->proc);
  g_free (started->first_line);
  g_free (started);
  return status;
}

/* list ---------------------------------------------------------------- */

START_TEST (test_list)
{
  g_auto (Result) r = run ("list");
  g_autofree char *manifest = NULL;

  assert_success (&r, "list");
  assert_contains (r.out, "NAME", "list header");
  assert_contains (r.out, CLOCK, "list");
  manifest = g_build_filename ("examples", "clock.plugin", NULL);
  assert_contains (r.out, manifest, "list names the manifest");
  ck_assert_msg (g_regex_match_simple ("^clock +no +", r.out, G_REGEX_MULTILINE, 0),
                 "list shows clock as not running:\n%s", r.out);
}
END_TEST

START_TEST (test_list_names)
{
  g_auto (Result) r = run ("list", "--names");

  assert_success (&r, "list --names");
  ck_assert_msg (g_regex_match_simple ("^clock$", r.out, G_REGEX_MULTILINE, 0),
                 "list --names prints clock alone on a line:\n%s", r.out);
  ck_assert_msg (strstr (r.out, "NAME") == NULL, "list --names prints no header:\n%s", r.out);
}
END_TEST

START_TEST (test_list_reports_broken_manifests)
{
  g_autofree char *broken = bridge_test_src_path ("manifests/broken");
  g_auto (Result) r = { 0 };

  g_setenv ("LIBBRIDGE_PLUGIN_PATH", broken, TRUE);
  r = run ("list");
  ck_assert_msg (r.status == 0, "broken manifests are not a failure of list; got %d", r.status);
  assert_contains (r.err, "skipped", "list names skipped manifests");
  assert_contains (r.err, "no-exec.plugin", "list names the broken file");
}
END_TEST

/* introspect ---------------------------------------------------------- */

START_TEST (test_introspect)
{
  g_auto (Result) r = run ("introspect", "clock");

  assert_success (&r, "introspect clock");
  assert_contains (r.out, "interface " CLOCK "\n", "introspect");
  assert_contains (r.out, "  method Add (ii) -> (i)\n", "introspect");
  assert_contains (r.out, "  method SetTickInterval (u) -> ()\n", "introspect");
  assert_contains (r.out, "  event  Tick (x)\n", "introspect");
  assert_contains (r.out, "interface org.libbridge.Peer1 (built in)\n", "introspect");
}
END_TEST

START_TEST (test_introspect_by_interface)
{
  g_auto (Result) r = run ("introspect", "--methods", CLOCK);

  assert_success (&r, "introspect --methods " CLOCK);
  assert_contains (r.out, CLOCK ".Echo\n", "introspect --methods");
  assert_contains (r.out, "org.libbridge.Peer1.Ping\n", "introspect --methods");
}
END_TEST

/* call ---------------------------------------------------------------- */

START_TEST (test_call_tuple)
{
  g_auto (Result) r = run ("call", "clock", CLOCK ".Add", "(2, 40)");

  assert_success (&r, "call Add (2, 40)");
  ck_assert_msg (g_strcmp0 (r.out, "(42,)\n") == 0, "expected (42,), got %s", r.out);
}
END_TEST

START_TEST (test_call_per_member)
{
  g_auto (Result) add = run ("call", "clock", CLOCK ".Add", "2", "40");
  g_auto (Result) echo = run ("call", "clock", CLOCK ".Echo", "hello world");
  g_auto (Result) quoted = run ("call", "clock", CLOCK ".Echo", "'quoted'");
  g_auto (Result) now = run ("call", "clock", CLOCK ".Now");
  g_auto (Result) ping = run ("call", "clock", "org.libbridge.Peer1.Ping");

  assert_success (&add, "call Add 2 40");
  ck_assert_msg (g_strcmp0 (add.out, "(42,)\n") == 0, "expected (42,), got %s", add.out);
  assert_success (&echo, "call Echo hello world");
  ck_assert_msg (g_strcmp0 (echo.out, "('hello world',)\n") == 0, "got %s", echo.out);
  ck_assert_msg (g_strcmp0 (quoted.out, "('quoted',)\n") == 0, "got %s", quoted.out);
  assert_success (&now, "call Now");
  ck_assert_msg (g_str_has_prefix (now.out, "(int64 "), "Now prints an int64: %s", now.out);
  assert_success (&ping, "call Ping");
  ck_assert_msg (g_strcmp0 (ping.out, "()\n") == 0, "Ping replies (): %s", ping.out);
}
END_TEST

/* --json: list, introspect and call print JSON a script can read. */
static JsonNode *
parse_json (const Result *r, const char *what)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  assert_success (r, what);
  ck_assert_msg (json_parser_load_from_data (parser, r->out, -1, &error), "%s printed no JSON (%s): %s", what,
                 error ? error->message : "", r->out);
  ck_assert_msg (g_str_has_suffix (r->out, "}\n") || g_str_has_suffix (r->out, "]\n"), "%s: one line: %s",
                 what, r->out);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
find_named (JsonArray *array, const char *name)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      if (g_strcmp0 (json_object_get_string_member (object, "name"), name) == 0)
        return object;
    }
  return NULL;
}

START_TEST (test_json)
{
  g_auto (Result) list = run ("list", "--json");
  g_auto (Result) introspect = run ("introspect", "--json", "clock");
  g_auto (Result) call = run ("call", "--json", "clock", CLOCK ".Add", "2", "40");
  g_autoptr (JsonNode) plugins = parse_json (&list, "list --json");
  g_autoptr (JsonNode) described = parse_json (&introspect, "introspect --json");
  g_autoptr (JsonNode) reply = parse_json (&call, "call --json");
  JsonObject *clock, *iface, *add;

  clock = find_named (json_node_get_array (plugins), "clock");
  ck_assert_msg (clock != NULL, "list --json has no clock: %s", list.out);
  ck_assert (!json_object_get_boolean_member (clock, "live"));
  ck_assert_str_eq (json_array_get_string_element (json_object_get_array_member (clock, "interfaces"), 0),
                    CLOCK);
  ck_assert (g_str_has_suffix (json_object_get_string_member (clock, "manifest"), "clock.plugin"));

  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (described), "name"), "clock");
  ck_assert_int_gt (json_object_get_int_member (json_node_get_object (described), "pid"), 0);
  iface = find_named (json_object_get_array_member (json_node_get_object (described), "interfaces"), CLOCK);
  ck_assert_msg (iface != NULL, "introspect --json has no %s: %s", CLOCK, introspect.out);
  add = find_named (json_object_get_array_member (iface, "methods"), "Add");
  ck_assert_msg (add != NULL, "no Add: %s", introspect.out);
  ck_assert_str_eq (json_object_get_string_member (add, "in"), "(ii)");
  ck_assert_str_eq (json_object_get_string_member (add, "out"), "(i)");
  ck_assert_msg (find_named (json_object_get_array_member (iface, "events"), "Tick") != NULL, "no Tick: %s",
                 introspect.out);

  ck_assert_str_eq (json_object_get_string_member (json_node_get_object (reply), "type"), "(i)");
  ck_assert_int_eq (
      json_array_get_int_element (json_object_get_array_member (json_node_get_object (reply), "value"), 0),
      42);
}
END_TEST

/* -t 0 is no limit (a call still answers); a negative one is refused, not
 * the default; every --help gives the exit statuses. */
START_TEST (test_timeout_and_help)
{
  g_auto (Result) unlimited = run ("call", "-t", "0", "clock", CLOCK ".Add", "2", "40");
  g_auto (Result) negative = run ("call", "-t", "-1", "clock", CLOCK ".Add", "2", "40");
  g_auto (Result) help = run ("--help");
  g_auto (Result) call_help = run ("call", "--help");

  assert_success (&unlimited, "call -t 0");
  ck_assert_msg (g_strcmp0 (unlimited.out, "(42,)\n") == 0, "got %s", unlimited.out);
  ck_assert_int_eq (negative.status, 2);
  assert_contains (negative.err, "--timeout must be 0 (no limit) or a number of seconds", "call -t -1");
  assert_contains (help.out, "Exit status: 0 on success, 1 when", "bridgectl --help");
  assert_contains (call_help.out, "Exit status: 0 on success, 1 when", "bridgectl call --help");
  assert_contains (call_help.out, "0: no limit", "bridgectl call --help");
}
END_TEST

/* --shared: the instance a call starts stays for the next command, and
 * goes by itself once idle. */
START_TEST (test_call_shared)
{
  g_auto (Result) first = run ("call", "--shared", "clock", CLOCK ".Add", "2", "40");
  g_auto (Result) again = run ("call", "--no-start", "clock", CLOCK ".Echo", "joined");

  assert_success (&first, "call --shared");
  ck_assert_msg (g_strcmp0 (first.out, "(42,)\n") == 0, "got %s", first.out);
  assert_success (&again, "call --no-start on the shared instance");
  ck_assert_msg (g_strcmp0 (again.out, "('joined',)\n") == 0, "got %s", again.out);

  /* Idle, it goes by itself (and leaves the socket to the next tests). */
  for (guint i = 0; i < 100; i++)
    {
      g_auto (Result) list = run ("list");

      if (g_regex_match_simple ("^clock +no +", list.out, G_REGEX_MULTILINE, 0))
        return;
      g_usleep (100 * 1000);
    }
  ck_abort_msg ("the shared clock instance did not exit once idle");
}
END_TEST

/* Every mistake: its exit status and a word of what went wrong. */
static const struct
{
  const char *args[6];
  int status;
  const char *says;
} mistakes[] = {
  { { "call", "nope", CLOCK ".Add", "(1, 2)" }, 1, "no plugin called or implementing 'nope'" },
  { { "call", "clock", CLOCK ".Nope" }, 1, "has no method Nope (its methods: Add, Echo" },
  { { "call", "clock", "org.example.Gone1.Add" }, 1, "exports no interface org.example.Gone1" },
  { { "call", "clock", CLOCK ".Add", "(2, 'x')" }, 2, "is not GVariant text of type (ii)" },
  { { "call", "clock", CLOCK ".Add", "1" }, 2, "takes 2 arguments (ii), not 1" },
  { { "call", "clock", CLOCK ".Add" }, 2, "takes arguments of type (ii)" },
  { { "call", "clock", CLOCK ".Add", "1", "x" }, 2, "argument 2 of " CLOCK ".Add" },
  { { "call", "clock", CLOCK ".Add", "2147483647", "1" }, 1, "does not fit in 32 bits" },
  { { "call", "clock", "Add" }, 2, "is not INTERFACE.METHOD" },
  { { "call", "clock", "org/x.Add" }, 2, "is not a valid INTERFACE.METHOD" },
  { { "call", "clock" }, 2, "expected PLUGIN INTERFACE.METHOD" },
  { { "call", "--no-start", "clock", "org.libbridge.Peer1.Ping" }, 1, "clock is not running" },
  { { "introspect" }, 2, "expected PLUGIN" },
  { { "introspect", "clock", "extra" }, 2, "unexpected argument 'extra'" },
  { { "list", "--bogus" }, 2, "Unknown option --bogus" },
  { { "monitor", "clock", "--interface", "org.example.Gone1" }, 1, "exports no interface" },
  { { "monitor", "clock", "--count", "-1" }, 2, "--count must be positive" },
  { { "monitor", "--plugins", "clock" }, 2, "unexpected argument 'clock'" },
  { { "monitor", "--plugins", "--interface", CLOCK }, 2, "do not go together" },
  { { "frobnicate" }, 2, "unknown command 'frobnicate'" },
};

START_TEST (test_mistakes)
{
  g_auto (Result) r = run_argv (mistakes[_i].args);
  g_autofree char *line = g_strjoinv (" ", (char **) mistakes[_i].args);

  ck_assert_msg (r.status == mistakes[_i].status, "bridgectl %s: expected exit %d, got %d (%s)", line,
                 mistakes[_i].status, r.status, r.err);
  assert_contains (r.err, mistakes[_i].says, line);
  ck_assert_msg (g_str_has_prefix (r.err, "bridgectl: "), "errors start with the program name: %s", r.err);
  ck_assert_msg (strstr (r.err, "CRITICAL") == NULL && strstr (r.err, "WARNING") == NULL,
                 "bridgectl %s logged a warning: %s", line, r.err);
}
END_TEST

/* monitor ------------------------------------------------------------- */

START_TEST (test_monitor_count)
{
  g_auto (Result) r = run ("monitor", "clock", "--interface", CLOCK, "--count", "2");
  g_auto (GStrv) lines = NULL;

  assert_success (&r, "monitor --count 2");
  lines = g_strsplit (r.out, "\n", -1);
  ck_assert_msg (g_strv_length (lines) == 3 && lines[2][0] == '\0', "expected exactly two events, got:\n%s",
                 r.out);
  for (guint i = 0; i < 2; i++)
    ck_assert_msg (g_str_has_prefix (lines[i], CLOCK ".Tick (int64 "), "not a Tick: %s", lines[i]);
}
END_TEST

/* --json: one object a line with the time; -T: the time first. */
START_TEST (test_monitor_json_and_timestamps)
{
  g_auto (Result) json = run ("monitor", "--json", "--count", "2", "clock");
  g_auto (Result) stamped = run ("monitor", "-T", "--count", "1", "clock");
  g_auto (GStrv) lines = NULL;

  assert_success (&json, "monitor --json");
  lines = g_strsplit (json.out, "\n", -1);
  ck_assert_msg (g_strv_length (lines) == 3, "expected two lines:\n%s", json.out);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      JsonObject *event;

      ck_assert_msg (json_parser_load_from_data (parser, lines[i], -1, NULL), "not JSON: %s", lines[i]);
      event = json_node_get_object (json_parser_get_root (parser));
      ck_assert_str_eq (json_object_get_string_member (event, "interface"), CLOCK);
      ck_assert_str_eq (json_object_get_string_member (event, "event"), "Tick");
      ck_assert_int_gt (json_array_get_int_element (json_object_get_array_member (event, "args"), 0), 0);
      ck_assert_msg (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z$",
                                           json_object_get_string_member (event, "time"), 0, 0),
                     "time is %s", json_object_get_string_member (event, "time"));
    }
  assert_success (&stamped, "monitor -T");
  ck_assert_msg (
      g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z " CLOCK "\\.Tick \\(int64 ", stamped.out, 0, 0),
      "monitor -T printed %s", stamped.out);
}
END_TEST

/* wait returns once the plugin is live, not before; and gives up. */
START_TEST (test_wait)
{
  g_autoptr (GSubprocess) waiter
      = spawn (G_SUBPROCESS_FLAGS_NONE, (const char *const[]){ "wait", "--timeout", "20", "clock", NULL });
  g_auto (Result) nope = run ("wait", "--timeout", "1", "nope");
  Started *started = NULL;

  ck_assert_int_eq (nope.status, 1);
  assert_contains (nope.err, "nope was not live within 1 s", "wait --timeout 1 nope");
  /* Not live yet: still waiting after that second. */
  ck_assert_msg (g_subprocess_get_identifier (waiter) != NULL, "wait clock ended before clock was started");
  started = start_clock ();
  ck_assert_msg (g_subprocess_wait (waiter, NULL, NULL), "wait did not end");
  ck_assert_msg (g_subprocess_get_if_exited (waiter) && g_subprocess_get_exit_status (waiter) == 0,
                 "wait clock did not exit 0 once clock listened");
  ck_assert_msg (stop_clock (started) == 0, "start exits 0 after Ctrl-C");
}
END_TEST

START_TEST (test_monitor_sees_plugin_go)
{
  Started *started = start_clock ();
  g_autoptr (GSubprocess) monitor = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  gboolean line_done = FALSE;
  g_autofree char *line = NULL;
  Started waiter = { 0 };

  monitor = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                   (const char *const[]){ "monitor", "--no-start", "clock", NULL });
  /* The first event proves the monitor is attached to the live instance. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (monitor));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_first_line, &waiter);
  line_done = bridge_test_wait_for (&waiter.line_done, WATCHDOG_MS);
  ck_assert_msg (line_done && waiter.first_line != NULL, "monitor printed no event");
  line = g_steal_pointer (&waiter.first_line);
  ck_assert_msg (g_str_has_prefix (line, CLOCK ".Tick "), "not a Tick: %s", line);

  ck_assert_int_eq (stop_clock (started), 0);
  ck_assert_msg (g_subprocess_communicate_utf8 (monitor, NULL, NULL, NULL, &err, &error), "monitor: %s",
                 error ? error->message : "?");
  ck_assert_msg (g_subprocess_get_if_exited (monitor) && g_subprocess_get_exit_status (monitor) == 1,
                 "monitor exits 1 when the plugin goes away");
  assert_contains (err, "closed the connection", "monitor says why it stopped");
}
END_TEST

typedef struct
{
  GDataInputStream *out;
  char *line;
  gboolean done;
} LineWait;

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  LineWait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  wait->done = TRUE;
}

/* Reads lines until one is @expected, skipping the others (the plugins
 * of the build tree, which bridgectl adds). */
static void
expect_line (GDataInputStream *out, const char *expected)
{
  for (;;)
    {
      LineWait wait = { out };
      g_autofree char *line = NULL;

      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line, &wait);
      ck_assert_msg (bridge_test_wait_for (&wait.done, WATCHDOG_MS), "monitor --plugins printed no \"%s\"",
                     expected);
      line = g_steal_pointer (&wait.line);
      ck_assert_msg (line != NULL, "monitor --plugins ended before \"%s\"", expected);
      if (strcmp (line, expected) == 0)
        return;
    }
}

static void
write_plugin (const char *dir, const char *name, const char *description)
{
  g_autofree char *file = g_strconcat (name, ".plugin", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *text = g_strdup_printf ("[Plugin]\nName=%s\nDescription=%s\nExec=true\n"
                                           "Interfaces=org.example.Watched1;\n",
                                           name, description);

  ck_assert (g_file_set_contents (path, text, -1, NULL));
}

/* Plugins seen as they come, change, go, start and stop. */
START_TEST (test_monitor_plugins)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "watched-XXXXXX", NULL);
  g_autofree char *late = NULL;
  g_autoptr (GSubprocess) monitor = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  Started *started;

  ck_assert_ptr_nonnull (g_mkdtemp (dir));
  late = g_build_filename (dir, "late.plugin", NULL);
  write_plugin (dir, "early", "there first");
  g_setenv ("LIBBRIDGE_PLUGIN_PATH", dir, TRUE);
  monitor = spawn (G_SUBPROCESS_FLAGS_STDOUT_PIPE, (const char *const[]){ "monitor", "--plugins", NULL });
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (monitor));
  /* What is there comes first: the monitor is running now. */
  expect_line (out, "added early");

  write_plugin (dir, "late", "dropped in");
  expect_line (out, "added late");
  write_plugin (dir, "late", "rewritten");
  expect_line (out, "changed late description");
  ck_assert_int_eq (g_unlink (late), 0);
  expect_line (out, "removed late");

  started = start_clock ();
  expect_line (out, "live clock");
  ck_assert_int_eq (stop_clock (started), 0);
  expect_line (out, "not-live clock");

  g_subprocess_send_signal (monitor, SIGINT);
  ck_assert_msg (g_subprocess_wait (monitor, NULL, &error), "%s", error ? error->message : "?");
  ck_assert_msg (g_subprocess_get_if_exited (monitor) && g_subprocess_get_exit_status (monitor) == 0,
                 "monitor --plugins exits 0 on SIGINT");
}
END_TEST

/* start --------------------------------------------------------------- */

START_TEST (test_start_serves_others)
{
  Started *started = start_clock ();
  g_autofree char *socket_path
      = g_build_filename (g_getenv ("XDG_RUNTIME_DIR"), "libbridge", "clock.sock", NULL);
  g_auto (Result) list = run ("list");
  g_auto (Result) call = run ("call", "--no-start", "clock", CLOCK ".Echo", "live");
  g_auto (Result) again = run ("start", "clock");
  g_auto (Result) after = { 0 };

  assert_contains (started->first_line, socket_path, "start names the socket");
  ck_assert_msg (g_regex_match_simple ("^clock +yes +", list.out, G_REGEX_MULTILINE, 0),
                 "list shows clock running:\n%s", list.out);
  assert_success (&call, "call --no-start on the live instance");
  ck_assert_msg (g_strcmp0 (call.out, "('live',)\n") == 0, "got %s", call.out);
  ck_assert_msg (again.status == 1, "a second start fails, got %d", again.status);
  assert_contains (again.err, "clock is already running", "second start");

  ck_assert_msg (stop_clock (started) == 0, "start exits 0 after Ctrl-C");
  ck_assert_msg (!g_file_test (socket_path, G_FILE_TEST_EXISTS), "%s is left behind", socket_path);
  after = run ("list");
  ck_assert_msg (g_regex_match_simple ("^clock +no +", after.out, G_REGEX_MULTILINE, 0),
                 "list shows clock stopped:\n%s", after.out);
}
END_TEST

START_TEST (test_start_failing_plugin)
{
  g_autofree char *dir = g_dir_make_tmp ("bridgectl-XXXXXX", NULL);
  g_autofree char *manifest = g_build_filename (dir, "fails.plugin", NULL);
  g_auto (Result) r = { 0 };

  ck_assert (g_file_set_contents (manifest,
                                  "[Plugin]\nName=fails\nExec=/bin/false\n"
                                  "Interfaces=org.example.Fails1;\n",
                                  -1, NULL));
  g_setenv ("LIBBRIDGE_PLUGIN_PATH", dir, TRUE);
  r = run ("start", "fails");
  ck_assert_msg (r.status == 1, "start of a plugin that exits fails, got %d", r.status);
  assert_contains (r.err, "fails exited with status 1 before it listened", "start");
  g_unlink (manifest);
  g_rmdir (dir);
}
END_TEST

/* Running, sleeping or stopped, not gone and not a zombie. */
static gboolean
process_lives (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *end;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (end = strrchr (stat, ')')) == NULL)
    return FALSE;
  return end[1] != '\0' && end[2] != 'Z' && end[2] != 'X';
}

/* PROTOCOL.md section 10.4: a plugin that will not exit (it ignores
 * SIGTERM and stays after its host) gets 2 s, then bridgectl's library
 * kills it; bridgectl waits for that before it exits. */
START_TEST (test_plugin_that_will_not_exit_is_killed)
{
  g_autofree char *dir = g_dir_make_tmp ("bridgectl-XXXXXX", NULL);
  g_autofree char *manifest = g_build_filename (dir, "linger.plugin", NULL);
  g_autofree char *exec = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "robust-plugin", NULL);
  g_autofree char *contents = g_strdup_printf ("[Plugin]\nName=linger\nExec=%s --linger --name linger\n"
                                               "Interfaces=org.libbridge.test.Robust1;\n",
                                               exec);
  g_auto (Result) r = { 0 };
  const char *pid_text;
  int pid;

  ck_assert (g_file_set_contents (manifest, contents, -1, NULL));
  g_setenv ("LIBBRIDGE_PLUGIN_PATH", dir, TRUE);
  r = run ("call", "--new-instance", "linger", "org.libbridge.test.Robust1.Status");
  assert_success (&r, "call Status of a plugin that lingers");
  pid_text = strstr (r.out, "'pid': <");
  ck_assert_msg (pid_text != NULL, "no pid in %s", r.out);
  pid = atoi (pid_text + strlen ("'pid': <"));
  ck_assert_int_gt (pid, 0);
  ck_assert_msg (!process_lives (pid), "plugin %d still runs after bridgectl exited", pid);
  ck_assert_msg (strstr (r.err, "did not end") == NULL, "%s", r.err);
  g_unlink (manifest);
  g_rmdir (dir);
}
END_TEST

static Suite *
bridgectl_suite (void)
{
  Suite *s = suite_create ("bridgectl");
  TCase *tc;

  tc = tcase_create ("list");
  tcase_add_test (tc, test_list);
  tcase_add_test (tc, test_list_names);
  tcase_add_test (tc, test_list_reports_broken_manifests);
  suite_add_tcase (s, tc);

  tc = tcase_create ("introspect");
  tcase_add_test (tc, test_introspect);
  tcase_add_test (tc, test_introspect_by_interface);
  suite_add_tcase (s, tc);

  tc = tcase_create ("call");
  tcase_add_test (tc, test_call_tuple);
  tcase_add_test (tc, test_call_per_member);
  tcase_add_loop_test (tc, test_mistakes, 0, G_N_ELEMENTS (mistakes));
  tcase_add_test (tc, test_json);
  tcase_add_test (tc, test_call_shared);
  tcase_add_test (tc, test_timeout_and_help);
  suite_add_tcase (s, tc);

  tc = tcase_create ("monitor");
  tcase_add_test (tc, test_monitor_count);
  tcase_add_test (tc, test_monitor_json_and_timestamps);
  tcase_add_test (tc, test_monitor_sees_plugin_go);
  tcase_add_test (tc, test_monitor_plugins);
  suite_add_tcase (s, tc);

  tc = tcase_create ("start");
  tcase_add_test (tc, test_start_serves_others);
  tcase_add_test (tc, test_wait);
  tcase_add_test (tc, test_start_failing_plugin);
  tcase_add_test (tc, test_plugin_that_will_not_exit_is_killed);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (bridgectl_suite)
