/* robust-plugin.c: a plugin that misbehaves on request (test-robustness.c)
 *
 * Serves org.libbridge.test.Robust1 under the name given by --name
 * (default "robust"):
 *   Echo (s) -> (s)
 *   Crash () -> ()          aborts before it answers
 *   Hang () -> ()           never answers and never returns: the main loop
 *                           is stuck, as in a plugin caught in a loop
 *   StartupFds () -> (as)   the fds open when main() began, "N -> target"
 *   Status () -> (a{sv})    "pid", "uid", "no-new-privs", "seccomp" (from
 *                           /proc/self/status)
 *   Burst (u) -> ()         emits Seq (u) 1..n to every host, then answers
 *   Flood (u) -> ()         emits Blob (ay) events of that many bytes to
 *                           the caller until the connection gives up
 * The first argument may pick a misbehaviour at start (it is removed
 * before BridgeService sees the command line):
 *   --crash-at-start        abort() before serving
 *   --garbage               write junk instead of a HELLO, then wait for
 *                           the host to hang up
 *   --linger                ignore SIGTERM, and stay after the host has
 *                           gone: a plugin that will not exit
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <bridge.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROBUST_INTERFACE "org.libbridge.test.Robust1"

static GPtrArray *startup_fds;

/* Before GLib opens anything of its own. Under valgrind (the valgrind
 * test setup), the fds valgrind keeps for itself are left out: its log
 * file and the ones it reserves at the top of the table. */
static void
record_startup_fds (void)
{
  DIR *dir = opendir ("/proc/self/fd");
  struct dirent *entry;

  startup_fds = g_ptr_array_new_with_free_func (g_free);
  if (dir == NULL)
    return;
  while ((entry = readdir (dir)) != NULL)
    {
      g_autofree char *link = g_strconcat ("/proc/self/fd/", entry->d_name, NULL);
      g_autofree char *target = NULL;
      int fd = atoi (entry->d_name);

      if (entry->d_name[0] == '.' || fd == dirfd (dir) || fd >= 1024)
        continue;
      target = g_file_read_link (link, NULL);
      if (target != NULL && strstr (target, "valgrind") != NULL)
        continue;
      g_ptr_array_add (startup_fds, g_strdup_printf ("%d -> %s", fd, target ? target : "?"));
    }
  closedir (dir);
}

static void
handle_echo (BridgeInvocation *invocation, gpointer user_data)
{
  const char *text;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &text);
  bridge_invocation_return_value (invocation, g_variant_new ("(s)", text));
}

/* The call that crashes, unanswered; not static, so that the store to
 * it stays and valgrind sees the invocation reachable. */
BridgeInvocation *robust_crashing_call;

static gboolean
crash_now (gpointer data)
{
  abort ();
}

/* The crash comes right after the handler, the call still unanswered:
 * aborting inside it would leave the message being dispatched only in a
 * register, and valgrind's leak check (the tests run under it too) would
 * call it lost. */
static void
handle_crash (BridgeInvocation *invocation, gpointer user_data)
{
  robust_crashing_call = g_object_ref (invocation);
  g_idle_add (crash_now, NULL);
}

static gboolean
exit_now (gpointer data)
{
  _exit (GPOINTER_TO_INT (data));
}

/* Ends the process in the middle of the call, with the status asked for,
 * right after the handler for the same reason as Crash. */
static void
handle_exit (BridgeInvocation *invocation, gpointer user_data)
{
  int status;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(i)", &status);
  robust_crashing_call = g_object_ref (invocation);
  g_idle_add (exit_now, GINT_TO_POINTER (status));
}

/* Writes its argument to stderr, as a plugin's warning would go. */
static void
handle_complain (BridgeInvocation *invocation, gpointer user_data)
{
  const char *text;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &text);
  fprintf (stderr, "%s\n", text);
  fflush (stderr);
  bridge_invocation_return_value (invocation, NULL);
}

static void
handle_hang (BridgeInvocation *invocation, gpointer user_data)
{
  /* Stuck for good: even SIGTERM only reaches GLib's handler, which
   * waits for this loop to come back. */
  for (;;)
    pause ();
}

static void
handle_startup_fds (BridgeInvocation *invocation, gpointer user_data)
{
  g_ptr_array_add (startup_fds, NULL);
  bridge_invocation_return_value (invocation, g_variant_new ("(^as)", (char **) startup_fds->pdata));
  g_ptr_array_remove_index (startup_fds, startup_fds->len - 1);
}

static char *
status_field (const char *status, const char *key)
{
  g_autofree char *prefix = g_strconcat ("\n", key, ":", NULL);
  const char *p = strstr (status, prefix);
  const char *end;

  if (p == NULL)
    return g_strdup ("");
  p += strlen (prefix);
  end = strchr (p, '\n');
  return g_strstrip (g_strndup (p, end != NULL ? (gsize) (end - p) : strlen (p)));
}

static void
handle_status (BridgeInvocation *invocation, gpointer user_data)
{
  g_autofree char *status = NULL;
  g_autofree char *nnp = NULL;
  g_autofree char *seccomp = NULL;
  GVariantBuilder builder;

  g_file_get_contents ("/proc/self/status", &status, NULL, NULL);
  nnp = status_field (status ? status : "", "NoNewPrivs");
  seccomp = status_field (status ? status : "", "Seccomp");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&builder, "{sv}", "pid", g_variant_new_int32 (getpid ()));
  g_variant_builder_add (&builder, "{sv}", "uid", g_variant_new_uint32 (getuid ()));
  g_variant_builder_add (&builder, "{sv}", "no-new-privs", g_variant_new_string (nnp));
  g_variant_builder_add (&builder, "{sv}", "seccomp", g_variant_new_string (seccomp));
  bridge_invocation_return_value (invocation, g_variant_new ("(a{sv})", &builder));
}

static void
handle_burst (BridgeInvocation *invocation, gpointer user_data)
{
  BridgeService *service = user_data;
  guint32 n;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(u)", &n);
  for (guint32 i = 1; i <= n; i++)
    bridge_service_emit (service, ROBUST_INTERFACE, "Seq", g_variant_new ("(u)", i));
  bridge_invocation_return_value (invocation, NULL);
}

static void
handle_flood (BridgeInvocation *invocation, gpointer user_data)
{
  BridgeConnection *connection = bridge_invocation_get_connection (invocation);
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *blob = NULL;
  guint32 size;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(u)", &size);
  size = MIN (size, 1024 * 1024);
  blob = g_malloc0 (size);
  /* emit never blocks: once the host stops reading, the queue fills up to
   * its limit and the connection closes (peer-too-slow). */
  while (bridge_connection_emit (
      connection, ROBUST_INTERFACE, "Blob",
      g_variant_new ("(@ay)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, size, 1)), NULL, &error))
    ;
  g_debug ("flood ended: %s", error->message);
  bridge_invocation_return_value (invocation, NULL);
}

/* Junk on the socket instead of a HELLO; then wait for the host to hang
 * up (it must, and must not crash or hang itself). */
static int
garbage (void)
{
  static const char junk[] = "GET / HTTP/1.1\r\nHost: plugin\r\n\r\n";
  const char *fd_text = g_getenv (BRIDGE_FD_ENV);
  int fd = fd_text != NULL ? atoi (fd_text) : -1;
  char buf[256];

  if (fd < 0 || write (fd, junk, sizeof junk - 1) < 0)
    return 1;
  while (read (fd, buf, sizeof buf) > 0)
    ;
  return 0;
}

int
main (int argc, char **argv)
{
  g_autoptr (BridgeService) service = NULL;
  g_autoptr (BridgeInterface) iface = NULL;
  const char *name = "robust";
  gboolean linger = FALSE;
  int status;

  record_startup_fds ();
  if (argc > 1 && g_str_equal (argv[1], "--crash-at-start"))
    abort ();
  if (argc > 1 && g_str_equal (argv[1], "--garbage"))
    return garbage ();
  if (argc > 1 && g_str_equal (argv[1], "--linger"))
    {
      linger = TRUE;
      signal (SIGTERM, SIG_IGN);
      argv[1] = argv[0];
      argv++;
      argc--;
    }
  if (argc > 2 && g_str_equal (argv[1], "--name"))
    {
      name = argv[2];
      argv[2] = argv[0];
      argv += 2;
      argc -= 2;
    }

  service = bridge_service_new (name);
  iface = bridge_interface_new (ROBUST_INTERFACE);
  bridge_interface_add_method (iface, "Echo", "(s)", "(s)", handle_echo, NULL, NULL);
  bridge_interface_add_method (iface, "Crash", "()", "()", handle_crash, NULL, NULL);
  bridge_interface_add_method (iface, "Exit", "(i)", "()", handle_exit, NULL, NULL);
  bridge_interface_add_method (iface, "Complain", "(s)", "()", handle_complain, NULL, NULL);
  bridge_interface_add_method (iface, "Hang", "()", "()", handle_hang, NULL, NULL);
  bridge_interface_add_method (iface, "StartupFds", "()", "(as)", handle_startup_fds, NULL, NULL);
  bridge_interface_add_method (iface, "Status", "()", "(a{sv})", handle_status, NULL, NULL);
  bridge_interface_add_method (iface, "Burst", "(u)", "()", handle_burst, service, NULL);
  bridge_interface_add_method (iface, "Flood", "(u)", "()", handle_flood, NULL, NULL);
  bridge_interface_add_event (iface, "Seq", "(u)");
  bridge_interface_add_event (iface, "Blob", "(ay)");
  bridge_service_export (service, iface);

  status = bridge_service_run (service, argc, argv);
  g_ptr_array_unref (startup_fds);
  while (linger)
    pause ();
  return status;
}
