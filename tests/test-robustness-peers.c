/* test-robustness-peers.c: peers of a listening plugin that misbehave
 *
 * The parts of docs/ROBUSTNESS.md's catalogue about a plugin listening on
 * its runtime socket: peers that dribble bytes (slowloris) or run as
 * another user, and runtime folders that cannot be used. The listening
 * plugin is tests/robust-plugin.c; the plugins that fail are in
 * test-robustness.c.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "robust-util.h"
#include "bridge-message-private.h"
#include "bridge-runtime-dir-private.h"

#define OTHER_USER "libbridge-test"

/* --- peers of a listening plugin ------------------------------------------------ */

static GSocket *
raw_connect (const char *path)
{
  g_autoptr (GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr (GError) error = NULL;
  GSocket *socket
      = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);

  ck_assert (socket != NULL);
  ck_assert_msg (g_socket_connect (socket, address, NULL, &error), "connect %s: %s", path,
                 error ? error->message : "?");
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

/* One framed message: header and body bytes, as a raw peer writes it. */
static GBytes *
frame (guint8 type, guint32 serial, guint32 reply_serial, GVariant *body)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (body);
  BridgeHeader h = { BRIDGE_PROTOCOL_VERSION, type, 0, serial, reply_serial, g_variant_get_size (owned), 0 };
  GByteArray *bytes = g_byte_array_sized_new (BRIDGE_HEADER_SIZE + h.body_size);

  g_byte_array_set_size (bytes, BRIDGE_HEADER_SIZE);
  bridge_header_encode (&h, bytes->data);
  g_byte_array_append (bytes, g_variant_get_data (owned), h.body_size);
  return g_byte_array_free_to_bytes (bytes);
}

static GBytes *
hello_frame (void)
{
  const char *none[] = { NULL };

  return frame (BRIDGE_MESSAGE_HELLO, 1, 0,
                g_variant_new ("(uus^as@a{sv})", 1, 1, "raw", none,
                               g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)));
}

/* What a raw peer read, cut into messages (headers and bodies). */
typedef struct
{
  BridgeHeader header;
  GVariant *body;
} Message;

static void
message_clear (gpointer data)
{
  g_clear_pointer (&((Message *) data)->body, g_variant_unref);
}

/* Complete messages at the start of @data, without looking inside. */
static guint
count_messages (const guint8 *data, gsize len)
{
  gsize off = 0;
  guint n = 0;

  while (off + BRIDGE_HEADER_SIZE <= len)
    {
      const guint8 *size = data + off + 16;
      gsize body = size[0] | (size[1] << 8) | (size[2] << 16) | ((gsize) size[3] << 24);

      if (off + BRIDGE_HEADER_SIZE + body > len)
        break;
      off += BRIDGE_HEADER_SIZE + body;
      n++;
    }
  return n;
}

static GArray *
parse_messages (const guint8 *data, gsize len)
{
  GArray *messages = g_array_new (FALSE, TRUE, sizeof (Message));
  gsize off = 0;

  g_array_set_clear_func (messages, message_clear);
  while (off + BRIDGE_HEADER_SIZE <= len)
    {
      Message m = { 0 };
      BridgeCloseReason reason;
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) body = NULL;

      ck_assert_msg (bridge_header_decode (data + off, &m.header, &reason, &error),
                     "bad header from the plugin: %s", error->message);
      ck_assert_msg (off + BRIDGE_HEADER_SIZE + m.header.body_size <= len, "a message cut short");
      body = g_bytes_new (data + off + BRIDGE_HEADER_SIZE, m.header.body_size);
      m.body = bridge_message_load_body (m.header.type, body, 64, &reason, &error);
      ck_assert_msg (m.body != NULL, "bad body from the plugin: %s", error ? error->message : "?");
      g_array_append_val (messages, m);
      off += BRIDGE_HEADER_SIZE + m.header.body_size;
    }
  ck_assert_msg (off == len, "%" G_GSIZE_FORMAT " stray bytes after the last message", len - off);
  return messages;
}

/* A peer that writes one byte at a time and reads whatever comes. */
typedef struct
{
  GSocket *socket;
  GSource *reader;
  guint writer;
  GBytes *out;
  gsize sent;
  GByteArray *in;
  gboolean eof;
} Dribbler;

static gboolean
dribble (gpointer data)
{
  Dribbler *d = data;
  g_autoptr (GError) error = NULL;

  if (!d->eof && d->sent < g_bytes_get_size (d->out)
      && g_socket_send (d->socket, (const char *) g_bytes_get_data (d->out, NULL) + d->sent, 1, NULL, &error)
             == 1)
    d->sent++;
  if (d->eof || d->sent == g_bytes_get_size (d->out) || error != NULL)
    {
      d->writer = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
dribbler_read (GSocket *socket, GIOCondition condition, gpointer data)
{
  Dribbler *d = data;
  char buf[4096];
  gssize n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL);

  if (n > 0)
    {
      g_byte_array_append (d->in, (guint8 *) buf, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && (condition & G_IO_IN) && !(condition & (G_IO_HUP | G_IO_ERR)))
    return G_SOURCE_CONTINUE; /* EAGAIN */
  d->eof = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sends the first @at_once bytes of @out at once, the rest a byte every
 * @interval_ms. */
static void
dribbler_start (Dribbler *d, const char *path, GBytes *out, gsize at_once, guint interval_ms)
{
  GSource *source;

  d->socket = raw_connect (path);
  d->out = out;
  d->in = g_byte_array_new ();
  g_socket_set_blocking (d->socket, TRUE);
  ck_assert (g_socket_send (d->socket, g_bytes_get_data (out, NULL), at_once, NULL, NULL)
             == (gssize) at_once);
  g_socket_set_blocking (d->socket, FALSE);
  d->sent = at_once;
  d->writer = g_timeout_add (interval_ms, dribble, d);
  source = g_socket_create_source (d->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (source, (GSourceFunc) (GCallback) dribbler_read, d, NULL);
  g_source_attach (source, NULL);
  d->reader = source;
}

static void
dribbler_clear (Dribbler *d)
{
  g_clear_handle_id (&d->writer, g_source_remove);
  if (d->reader != NULL)
    g_source_destroy (d->reader);
  g_clear_pointer (&d->reader, g_source_unref);
  g_clear_object (&d->socket);
  g_clear_pointer (&d->out, g_bytes_unref);
  g_clear_pointer (&d->in, g_byte_array_unref);
}

static gsize dribble_start_at;

static gboolean
dribbler_sent_some (gpointer data)
{
  return ((Dribbler *) data)->sent >= dribble_start_at + 2;
}

/* A peer sends its HELLO one byte a second: it does not hold up anyone
 * else, and the handshake timeout (5 s) ends it with a BYE that says so. */
START_TEST (test_slowloris_handshake)
{
  g_autofree char *program = bridge_test_build_path ("robust-plugin");
  g_autoptr (GSubprocess) listener = robust_start_listener (program, "slow");
  g_autofree char *path = bridge_runtime_socket_path ("slow");
  g_autofree char *exec = g_shell_quote (program);
  g_autoptr (BridgeRegistry) registry = robust_registry_with_manifest ("slow", exec, ROBUST_INTERFACE ";");
  g_autoptr (BridgeConnection) other = NULL;
  g_autoptr (GArray) got = NULL;
  g_autofree char *text = NULL;
  Dribbler d = { 0 };
  Message *bye;
  guint32 reason;
  const char *message;

  dribble_start_at = 0;
  dribbler_start (&d, path, hello_frame (), 0, 1000);
  ck_assert (bridge_test_wait_until (dribbler_sent_some, &d, ROBUST_WATCHDOG_MS));

  /* Meanwhile, another host is served as usual. */
  other = robust_connect (registry, "slow", BRIDGE_CONNECT_FLAGS_NO_START, NULL);
  text = robust_echo (other, "not held up");
  ck_assert_str_eq (text, "not held up");
  ck_assert_msg (!d.eof && d.sent < g_bytes_get_size (d.out), "the slow peer finished before the other host");

  ck_assert_msg (bridge_test_wait_for (&d.eof, ROBUST_WATCHDOG_MS), "the slow peer was never dropped");
  ck_assert_msg (d.sent < g_bytes_get_size (d.out),
                 "the slow peer sent its whole HELLO (%" G_GSIZE_FORMAT " bytes)", d.sent);
  got = parse_messages (d.in->data, d.in->len);
  ck_assert_msg (got->len == 2, "the slow peer got %u messages, expected HELLO and BYE", got->len);
  ck_assert_int_eq (g_array_index (got, Message, 0).header.type, BRIDGE_MESSAGE_HELLO);
  bye = &g_array_index (got, Message, 1);
  ck_assert_int_eq (bye->header.type, BRIDGE_MESSAGE_BYE);
  g_variant_get (bye->body, "(u&s)", &reason, &message);
  ck_assert_msg (reason == BRIDGE_CLOSE_REASON_HANDSHAKE_FAILED, "BYE reason %u (%s)", reason, message);
  ck_assert_msg (strstr (message, "no HELLO") != NULL, "BYE says: %s", message);

  g_free (text);
  text = robust_echo (other, "still served");
  ck_assert_str_eq (text, "still served");
  dribbler_clear (&d);
  g_subprocess_send_signal (listener, SIGTERM);
  robust_wait_for_exit (listener);
}
END_TEST

/* The plugin's HELLO and its answer to the dribbled call are in. */
static gboolean
dribbler_answered (gpointer data)
{
  Dribbler *d = data;

  return d->eof || count_messages (d->in->data, d->in->len) >= 2;
}

/* After the handshake no timeout applies: a call dribbled a byte at a
 * time is answered once complete, and nobody waits for it meanwhile. */
START_TEST (test_slowloris_call)
{
  g_autofree char *program = bridge_test_build_path ("robust-plugin");
  g_autoptr (GSubprocess) listener = robust_start_listener (program, "slowcall");
  g_autofree char *path = bridge_runtime_socket_path ("slowcall");
  g_autofree char *exec = g_shell_quote (program);
  g_autoptr (BridgeRegistry) registry
      = robust_registry_with_manifest ("slowcall", exec, ROBUST_INTERFACE ";");
  g_autoptr (BridgeConnection) other = NULL;
  g_autoptr (GBytes) hello = hello_frame ();
  g_autoptr (GBytes) call = frame (
      BRIDGE_MESSAGE_CALL, 2, 0,
      g_variant_new ("(ssv)", ROBUST_INTERFACE, "Echo", g_variant_new ("(s)", "one byte at a time")));
  g_autoptr (GByteArray) both = g_byte_array_new ();
  g_autoptr (GArray) got = NULL;
  g_autofree char *text = NULL;
  Dribbler d = { 0 };
  Message *reply = NULL;

  /* The HELLO whole, the CALL a byte every 20 ms. */
  g_byte_array_append (both, g_bytes_get_data (hello, NULL), g_bytes_get_size (hello));
  g_byte_array_append (both, g_bytes_get_data (call, NULL), g_bytes_get_size (call));
  dribble_start_at = g_bytes_get_size (hello);
  dribbler_start (&d, path, g_bytes_new (both->data, both->len), dribble_start_at, 20);

  ck_assert (bridge_test_wait_until (dribbler_sent_some, &d, ROBUST_WATCHDOG_MS));
  other = robust_connect (registry, "slowcall", BRIDGE_CONNECT_FLAGS_NO_START, NULL);
  text = robust_echo (other, "not held up");
  ck_assert_msg (d.sent < g_bytes_get_size (d.out), "the slow call was complete before the other host's");

  ck_assert_msg (bridge_test_wait_until (dribbler_answered, &d, ROBUST_WATCHDOG_MS),
                 "the slow call got no answer");
  ck_assert_msg (!d.eof, "the plugin hung up on the slow call");
  got = parse_messages (d.in->data, d.in->len);
  for (guint i = 0; i < got->len; i++)
    if (g_array_index (got, Message, i).header.type == BRIDGE_MESSAGE_REPLY)
      reply = &g_array_index (got, Message, i);
  ck_assert_msg (reply != NULL, "no REPLY among the %u messages", got->len);
  ck_assert_int_eq (reply->header.reply_serial, 2);
  {
    g_autoptr (GVariant) value = g_variant_get_child_value (reply->body, 0);
    g_autoptr (GVariant) tuple = g_variant_get_variant (value);
    const char *echoed;

    g_variant_get (tuple, "(&s)", &echoed);
    ck_assert_str_eq (echoed, "one byte at a time");
  }
  dribbler_clear (&d);
  g_subprocess_send_signal (listener, SIGTERM);
  robust_wait_for_exit (listener);
}
END_TEST

/* Connects to @path as @uid/@gid from a forked child; returns what the
 * child read until end of file, with the connect's errno in *out_errno. */
static GByteArray *
connect_as (uid_t uid, gid_t gid, const char *path, int *out_errno)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  GByteArray *got;
  int p[2], status, err = -1;
  char buf[4096];
  ssize_t n;
  pid_t pid;

  g_strlcpy (addr.sun_path, path, sizeof addr.sun_path);
  ck_assert_int_eq (pipe2 (p, O_CLOEXEC), 0);
  pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      /* Async-signal-safe calls only: the parent has threads. */
      struct timeval tv = { 10, 0 };
      int s;

      close (p[0]);
      if (setgroups (0, NULL) != 0 || setgid (gid) != 0 || setuid (uid) != 0)
        _exit (3);
      s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
      err = connect (s, (struct sockaddr *) &addr, sizeof addr) == 0 ? 0 : errno;
      if (write (p[1], &err, sizeof err) != sizeof err)
        _exit (4);
      setsockopt (s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      while (err == 0 && (n = read (s, buf, sizeof buf)) > 0)
        if (write (p[1], buf, n) != n)
          _exit (5);
      _exit (0);
    }
  close (p[1]);
  got = g_byte_array_new ();
  while ((n = read (p[0], buf, sizeof buf)) > 0)
    g_byte_array_append (got, (guint8 *) buf, n);
  close (p[0]);
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0, "the child as uid %u failed: 0x%x", uid,
                 status);
  ck_assert_uint_ge (got->len, sizeof (int));
  memcpy (out_errno, got->data, sizeof (int));
  g_byte_array_remove_range (got, 0, sizeof (int));
  return got;
}

/* A real other user, made once if need be (root only). */
static gboolean
other_user (uid_t *uid, gid_t *gid)
{
  struct passwd *pw = getpwnam (OTHER_USER);

  if (pw == NULL)
    {
      const char *argv[]
          = { "useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OTHER_USER, NULL };
      int status = -1;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                    NULL, NULL, &status, NULL);
      pw = getpwnam (OTHER_USER);
    }
  if (pw == NULL)
    return FALSE;
  *uid = pw->pw_uid;
  *gid = pw->pw_gid;
  return TRUE;
}

/* A process of another user reaches a plugin's listening socket: first the
 * folder modes keep it out; with them opened, the plugin refuses it by
 * its credentials (BYE permission-denied), and serves its own user on.
 * PROTOCOL.md §1: a peer of another uid is refused. */
START_TEST (test_other_uid_refused)
{
  g_autofree char *program = NULL;
  g_autoptr (GSubprocess) listener = NULL;
  g_autofree char *path = bridge_runtime_socket_path ("uid");
  g_autofree char *dir = bridge_runtime_dir ();
  g_autoptr (GByteArray) got = NULL;
  g_autoptr (GArray) messages = NULL;
  g_autoptr (BridgeRegistry) registry = NULL;
  g_autoptr (BridgeConnection) mine = NULL;
  g_autofree char *text = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *parent = NULL;
  uid_t uid;
  gid_t gid;
  int err = -1;
  guint32 reason;
  const char *message;

  if (getuid () != 0)
    BRIDGE_TEST_SKIP ("needs root, to run a process as another user");
  if (!other_user (&uid, &gid))
    BRIDGE_TEST_SKIP ("cannot create the user %s with useradd", OTHER_USER);

  program = bridge_test_build_path ("robust-plugin");
  listener = robust_start_listener (program, "uid");

  got = connect_as (uid, gid, path, &err);
  ck_assert_msg (err == EACCES, "another user's connect to %s: %s, expected EACCES", path, g_strerror (err));
  g_clear_pointer (&got, g_byte_array_unref);

  /* Open the way (search on the folders, write on the socket). The
   * hermetic runtime folder sits in a private folder of its own too. */
  parent = g_path_get_dirname (g_getenv ("XDG_RUNTIME_DIR"));
  ck_assert_int_eq (chmod (parent, 0711), 0);
  ck_assert_int_eq (chmod (g_getenv ("XDG_RUNTIME_DIR"), 0711), 0);
  ck_assert_int_eq (chmod (dir, 0711), 0);
  ck_assert_int_eq (chmod (path, 0666), 0);
  got = connect_as (uid, gid, path, &err);
  ck_assert_msg (err == 0, "another user's connect failed: %s", g_strerror (err));
  messages = parse_messages (got->data, got->len);
  ck_assert_msg (messages->len == 1, "another user got %u messages, expected only a BYE", messages->len);
  ck_assert_int_eq (g_array_index (messages, Message, 0).header.type, BRIDGE_MESSAGE_BYE);
  g_variant_get (g_array_index (messages, Message, 0).body, "(u&s)", &reason, &message);
  ck_assert_msg (reason == BRIDGE_CLOSE_REASON_PERMISSION_DENIED, "BYE reason %u: %s", reason, message);
  ck_assert_msg (strstr (message, "uid") != NULL, "BYE says: %s", message);
  ck_assert_int_eq (chmod (parent, 0700), 0);
  ck_assert_int_eq (chmod (g_getenv ("XDG_RUNTIME_DIR"), 0700), 0);
  ck_assert_int_eq (chmod (dir, 0700), 0);

  exec = g_shell_quote (program);
  registry = robust_registry_with_manifest ("uid", exec, ROBUST_INTERFACE ";");
  mine = robust_connect (registry, "uid", BRIDGE_CONNECT_FLAGS_NO_START, NULL);
  text = robust_echo (mine, "same user");
  ck_assert_str_eq (text, "same user");
  g_subprocess_send_signal (listener, SIGTERM);
  robust_wait_for_exit (listener);
}
END_TEST

/* Runs robust-plugin --listen with XDG_RUNTIME_DIR=@runtime_dir; it must
 * fail (status 1) saying @says. @drop_caps: without the capabilities that
 * let root write anywhere. */
static void assert_listener_fails (const char *runtime_dir, gboolean drop_caps, const char *says);

static void
drop_dac_caps (gpointer data)
{
  /* Gone from the bounding set, so gone after exec even for root. */
  prctl (PR_CAPBSET_DROP, 1 /* CAP_DAC_OVERRIDE */, 0, 0, 0);
  prctl (PR_CAPBSET_DROP, 2 /* CAP_DAC_READ_SEARCH */, 0, 0, 0);
}

static void
assert_listener_fails (const char *runtime_dir, gboolean drop_caps, const char *says)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *program = bridge_test_build_path ("robust-plugin");
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
  if (drop_caps)
    g_subprocess_launcher_set_child_setup (launcher, drop_dac_caps, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, program, "--name", "rt", "--listen", NULL);
  ck_assert_msg (proc != NULL, "%s", error ? error->message : "?");
  ck_assert (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  ck_assert_msg (g_subprocess_get_if_exited (proc) && g_subprocess_get_exit_status (proc) == 1,
                 "listening with runtime dir %s did not fail with status 1: %s", runtime_dir, err);
  ck_assert_msg (strstr (err, runtime_dir) != NULL && strstr (err, says) != NULL,
                 "the listener's message does not name %s and say '%s': %s", runtime_dir, says, err);
}

/* A runtime folder that cannot be used: a listener refuses to start and
 * says why; a host still starts plugins (a socketpair needs no folder). */
START_TEST (test_runtime_dir_unusable)
{
  g_autofree char *file = g_build_filename (g_get_home_dir (), "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "runtime", NULL);
  g_autofree char *read_only = g_build_filename (g_get_home_dir (), "read-only", NULL);
  g_autoptr (BridgeRegistry) registry = robust_registry (NULL);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  ck_assert (g_file_set_contents (file, "", 0, NULL));
  assert_listener_fails (under_file, FALSE, "Not a directory");
  ck_assert_int_eq (g_mkdir (read_only, 0500), 0);
  assert_listener_fails (read_only, TRUE, "Permission denied");

  g_setenv ("XDG_RUNTIME_DIR", under_file, TRUE);
  connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NO_START, &error);
  ck_assert_msg (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND), "expected NOT_FOUND, got %s",
                 error ? error->message : "a connection");
  connection = robust_connect (registry, "robust", BRIDGE_CONNECT_FLAGS_NONE, NULL);
  text = robust_echo (connection, "no runtime dir needed");
  ck_assert_str_eq (text, "no runtime dir needed");
}
END_TEST

/* $XDG_RUNTIME_DIR/libbridge is a symlink (to a folder of ours, even):
 * never followed; the listener refuses. */
START_TEST (test_runtime_dir_symlink)
{
  g_autofree char *runtime = g_build_filename (g_get_home_dir (), "runtime-with-symlink", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *elsewhere = g_build_filename (g_get_home_dir (), "elsewhere", NULL);

  /* A runtime folder of its own: the shared one has libbridge/ already. */
  ck_assert_int_eq (g_mkdir (runtime, 0700), 0);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  dir = bridge_runtime_dir ();
  ck_assert_int_eq (g_mkdir (elsewhere, 0700), 0);
  ck_assert_int_eq (symlink (elsewhere, dir), 0);
  assert_listener_fails (g_getenv ("XDG_RUNTIME_DIR"), FALSE, "is not a directory");
  ck_assert_msg (g_file_test (dir, G_FILE_TEST_IS_SYMLINK), "the symlink was replaced");
  ck_assert_int_eq (g_unlink (dir), 0);
}
END_TEST

static Suite *
robustness_peers_suite (void)
{
  Suite *s = suite_create ("robustness-peers");
  TCase *tc = tcase_create ("peers");

  tcase_add_test (tc, test_slowloris_handshake);
  tcase_add_test (tc, test_slowloris_call);
  tcase_add_test (tc, test_runtime_dir_unusable);
  tcase_add_test (tc, test_runtime_dir_symlink);
  suite_add_tcase (s, tc);

  /* Skips without root: the test robustness-other-uid. */
  tc = tcase_create ("other-uid");
  tcase_set_tags (tc, BRIDGE_TEST_OWN_RUN);
  tcase_add_test (tc, test_other_uid_refused);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (robustness_peers_suite)
