/* bridge-activation-shared.c: starting a plugin that other hosts can join
 *
 * %BRIDGE_CONNECT_FLAGS_SHARED: with no live instance, the registry starts
 * the plugin listening on its runtime socket for any number of hosts
 * (`--listen --exit-when-idle`) instead of over a socketpair of its own,
 * waits until it says it listens (READY=1 on a notify socket, the
 * sd_notify(3) protocol that bridge_service_run() speaks), and then
 * connects to it like to any live instance. The instance belongs to no
 * host: it does not die with its starter, and ends by itself once no host
 * has been connected for a while. Two hosts starting one at once both get
 * the one that won the socket: the other plugin exits at once ("another
 * instance already listens") and its starter connects to the winner.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-activation-private.h"
#include "bridge-error.h"
#include "bridge-peer-exit-private.h"
#include "bridge-plugin-info-private.h"
#include "bridge-plugin-log-private.h"
#include "bridge-service.h"

#include <glib/gstdio.h>
#include <gio/gunixsocketaddress.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* How long a shared instance has to say it listens. */
#define SHARED_READY_TIMEOUT_MS 10000

typedef struct
{
  char *name;
  char *dir;         /* private folder of the notify socket */
  char *notify_path; /* its path */
  GSocket *notify;
  GSubprocess *proc;
  GSource *notify_source;
  GSource *timeout_source;
  GSource *cancel_source; /* the caller's cancellable */
  GCancellable *wait_cancellable;
  gboolean done;
} Shared;

static void
shared_free (gpointer data)
{
  Shared *sh = data;

  bridge_clear_source (&sh->notify_source);
  bridge_clear_source (&sh->timeout_source);
  bridge_clear_source (&sh->cancel_source);
  if (sh->wait_cancellable != NULL)
    g_cancellable_cancel (sh->wait_cancellable);
  g_clear_object (&sh->wait_cancellable);
  g_clear_object (&sh->notify);
  if (sh->notify_path != NULL)
    g_unlink (sh->notify_path);
  if (sh->dir != NULL)
    g_rmdir (sh->dir);
  g_free (sh->notify_path);
  g_free (sh->dir);
  g_free (sh->name);
  g_clear_object (&sh->proc);
  g_free (sh);
}

/* Returns @task once: with TRUE, or with @error (taken). */
static void
finish (GTask *task, GError *error)
{
  Shared *sh = g_task_get_task_data (task);

  if (sh->done)
    {
      g_clear_error (&error);
      return;
    }
  sh->done = TRUE;
  bridge_clear_source (&sh->notify_source);
  bridge_clear_source (&sh->timeout_source);
  bridge_clear_source (&sh->cancel_source);
  g_cancellable_cancel (sh->wait_cancellable);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_notify (GSocket *socket, GIOCondition condition, gpointer user_data)
{
  GTask *task = user_data;
  char buffer[1024];
  gssize n = g_socket_receive (socket, buffer, sizeof buffer - 1, NULL, NULL);

  if (n < 0)
    return G_SOURCE_CONTINUE;
  buffer[n] = '\0';
  if (!g_str_has_prefix (buffer, "READY=1") && strstr (buffer, "\nREADY=1") == NULL)
    return G_SOURCE_CONTINUE;
  finish (task, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Shared *sh = g_task_get_task_data (task);

  g_subprocess_force_exit (sh->proc);
  finish (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                             "plugin %s, started to be shared, did not listen within %d ms; killed it",
                             sh->name, SHARED_READY_TIMEOUT_MS));
  return G_SOURCE_REMOVE;
}

/* The caller gave up; the instance, if it comes up, serves others and
 * goes once idle. */
static gboolean
on_cancelled (GCancellable *cancellable, gpointer user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  finish (task, error);
  return G_SOURCE_REMOVE;
}

/* It ended before it said it listens: most often because another one got
 * the socket first, which the caller finds out by trying the socket. */
static void
on_exited (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Shared *sh = g_task_get_task_data (task);
  g_autofree char *how = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
    return; /* cancelled: it said READY=1, or we gave up */
  how = bridge_describe_exit (sh->proc);
  finish (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                             "plugin %s, started to be shared, %s before it listened", sh->name, how));
}

static void
child_setup (gpointer user_data)
{
  /* No death signal, and a session of its own: the instance is not its
   * starter's alone, and a Ctrl-C in the starter's terminal is not for it. */
  setsid ();
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}

void
bridge_activation_start_shared (BridgePluginInfo *info,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  Shared *sh = g_new0 (Shared, 1);
  const char *const *exec = bridge_plugin_info_get_argv (info);
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_auto (GStrv) args = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GError) error = NULL;

  g_task_set_source_tag (task, bridge_activation_start_shared);
  g_task_set_task_data (task, sh, shared_free);
  sh->name = g_strdup (bridge_plugin_info_get_name (info));
  sh->wait_cancellable = g_cancellable_new ();

  sh->dir = g_dir_make_tmp ("libbridge-shared-XXXXXX", &error);
  if (sh->dir != NULL)
    {
      sh->notify_path = g_build_filename (sh->dir, "notify", NULL);
      sh->notify
          = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
      address = g_unix_socket_address_new (sh->notify_path);
    }
  if (sh->notify == NULL || !g_socket_bind (sh->notify, address, FALSE, &error))
    {
      finish (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED,
                                 "cannot start plugin %s to be shared: a socket to hear it is ready: %s",
                                 sh->name, error->message));
      return;
    }
  g_socket_set_blocking (sh->notify, FALSE);

  g_strv_builder_addv (argv, (const char **) exec);
  g_strv_builder_add (argv, "--listen");
  g_strv_builder_add (argv, "--exit-when-idle");
  args = g_strv_builder_end (argv);
  /* Not its starter's: it must not hold the starter's stdout open either
   * (a script reading it would wait for the instance to end). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_unsetenv (launcher, BRIDGE_FD_ENV);
  g_subprocess_launcher_setenv (launcher, "NOTIFY_SOCKET", sh->notify_path, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  sh->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) args, &error);
  if (sh->proc == NULL)
    {
      finish (task, g_error_new (BRIDGE_ERROR, BRIDGE_ERROR_SPAWN_FAILED, "cannot start plugin %s (%s): %s",
                                 sh->name, exec[0], error->message));
      return;
    }
  g_debug ("activation: started plugin %s to be shared, pid %s", sh->name,
           g_subprocess_get_identifier (sh->proc));
  bridge_plugin_log_follow (g_subprocess_get_stderr_pipe (sh->proc), sh->name,
                            g_subprocess_get_identifier (sh->proc));

  sh->notify_source = g_socket_create_source (sh->notify, G_IO_IN, NULL);
  g_source_set_callback (sh->notify_source, G_SOURCE_FUNC (on_notify), task, NULL);
  g_source_attach (sh->notify_source, g_task_get_context (task));
  sh->timeout_source = g_timeout_source_new (SHARED_READY_TIMEOUT_MS);
  g_source_set_callback (sh->timeout_source, on_timeout, task, NULL);
  g_source_attach (sh->timeout_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      sh->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (sh->cancel_source, G_SOURCE_FUNC (on_cancelled), task, NULL);
      g_source_attach (sh->cancel_source, g_task_get_context (task));
    }
  g_subprocess_wait_async (sh->proc, sh->wait_cancellable, on_exited, g_object_ref (task));
}

gboolean
bridge_activation_start_shared_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
