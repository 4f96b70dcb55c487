/* fuzz-common.c: helpers shared by the fuzz targets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"

#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <sys/socket.h>

static GLogWriterOutput
quiet_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_standard_streams (level, fields, n_fields, user_data);
}

void
fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
      g_log_set_writer_func (quiet_writer, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}

guint
fuzz_count_fds (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n - 1; /* the GDir's own */
}

void
fuzz_assert_no_fd_leak (guint before, const char *where)
{
  guint after = fuzz_count_fds ();

  if (after > before)
    {
      g_autoptr (GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
      const char *name;

      fprintf (stderr, "fuzz: %s leaked %u fds (%u open before, %u after); open now:\n", where,
               after - before, before, after);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *link = g_strconcat ("/proc/self/fd/", name, NULL);
          g_autofree char *target = g_file_read_link (link, NULL);

          fprintf (stderr, "  %s -> %s\n", name, target ? target : "?");
        }
      abort ();
    }
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fuzz_wait_for (const gboolean *flag, guint timeout_ms, const char *what)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &expired);

  while (!*flag && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!*flag)
    {
      fprintf (stderr, "fuzz: %s did not happen within %u ms\n", what, timeout_ms);
      abort ();
    }
  g_source_remove (id);
}

void
fuzz_drain_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_handshake (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  if (!bridge_connection_handshake_finish (BRIDGE_CONNECTION (source), result, &error))
    {
      fprintf (stderr, "fuzz: warm-up handshake: %s\n", error->message);
      abort ();
    }
  (*(guint *) user_data)++;
}

void
fuzz_warm_up (void)
{
  static gboolean done_once = FALSE;
  g_autoptr (BridgeConnection) a = NULL;
  g_autoptr (BridgeConnection) b = NULL;
  g_autoptr (GError) error = NULL;
  guint done = 0;
  int sv[2];

  if (done_once)
    return;
  done_once = TRUE;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    abort ();
  a = bridge_connection_new_for_fd (sv[0], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  b = bridge_connection_new_for_fd (sv[1], BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (a == NULL || b == NULL)
    abort ();
  bridge_connection_handshake_async (a, NULL, on_handshake, &done);
  bridge_connection_handshake_async (b, NULL, on_handshake, &done);
  while (done < 2)
    g_main_context_iteration (NULL, TRUE);
  bridge_connection_close (a);
  while (!bridge_connection_is_closed (b))
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&a);
  g_clear_object (&b);
  fuzz_drain_context ();
}

/* --- the interface ------------------------------------------------------ */

static void
handle_echo (BridgeInvocation *invocation, gpointer user_data)
{
  const char *text;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &text);
  bridge_invocation_return_value (invocation, g_variant_new ("(s)", text));
}

/* Sends back the fds the arguments point at; a handle the message does
 * not carry is the caller's mistake, answered with an error. */
static void
handle_fds (BridgeInvocation *invocation, gpointer user_data)
{
  GUnixFDList *in = bridge_invocation_get_fds (invocation);
  g_autoptr (GVariant) handles = NULL;
  g_autoptr (GUnixFDList) out = g_unix_fd_list_new ();
  GVariantBuilder builder;
  gsize n;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(@ah)", &handles);
  n = g_variant_n_children (handles);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("ah"));
  for (gsize i = 0; i < n; i++)
    {
      gint32 handle;
      g_autoptr (GError) error = NULL;
      int fd;

      g_variant_get_child (handles, i, "h", &handle);
      if (in == NULL || handle < 0 || handle >= g_unix_fd_list_get_length (in))
        {
          g_variant_builder_clear (&builder);
          bridge_invocation_return_error (invocation, BRIDGE_ERROR, BRIDGE_ERROR_INVALID_ARGS,
                                          "no fd %d in this call", handle);
          return;
        }
      fd = g_unix_fd_list_get (in, handle, &error);
      if (fd < 0 || g_unix_fd_list_append (out, fd, &error) < 0)
        {
          if (fd >= 0)
            close (fd);
          g_variant_builder_clear (&builder);
          bridge_invocation_return_error (invocation, BRIDGE_ERROR, BRIDGE_ERROR_FAILED, "%s",
                                          error->message);
          return;
        }
      close (fd);
      g_variant_builder_add (&builder, "h", (gint32) i);
    }
  bridge_invocation_return_value_with_fds (invocation, g_variant_new ("(ah)", &builder), out);
}

static void
handle_fail (BridgeInvocation *invocation, gpointer user_data)
{
  bridge_invocation_return_error_literal (invocation, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                          "Fail always fails");
}

/* Returns without answering: the library answers NO_REPLY. */
static void
handle_drop (BridgeInvocation *invocation, gpointer user_data)
{
}

static gboolean
answer_later (gpointer data)
{
  bridge_invocation_return_value (data, NULL);
  return G_SOURCE_REMOVE;
}

static void
handle_later (BridgeInvocation *invocation, gpointer user_data)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, answer_later, g_object_ref (invocation), g_object_unref);
}

BridgeInterface *
fuzz_interface_new (void)
{
  BridgeInterface *iface = bridge_interface_new (FUZZ_INTERFACE);

  bridge_interface_add_method (iface, "Echo", "(s)", "(s)", handle_echo, NULL, NULL);
  bridge_interface_add_method (iface, "Fds", "(ah)", "(ah)", handle_fds, NULL, NULL);
  bridge_interface_add_method (iface, "Fail", "()", "()", handle_fail, NULL, NULL);
  bridge_interface_add_method (iface, "Drop", "()", "()", handle_drop, NULL, NULL);
  bridge_interface_add_method (iface, "Later", "()", "()", handle_later, NULL, NULL);
  bridge_interface_add_event (iface, "Tick", "(u)");
  return iface;
}
