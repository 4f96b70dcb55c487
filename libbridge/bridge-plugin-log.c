/* bridge-plugin-log.c: a started plugin's stderr, in the host's log
 *
 * What a plugin started by the registry writes to stderr (its warnings,
 * GStreamer's, a crash report) reaches the host's log line by line with
 * the plugin's name in front, at level MESSAGE in the log domain
 * "libbridge-plugin", rather than mixed raw into the host's stderr: with
 * several videos playing, each line says whose it is, and a host with its
 * own log handler gets them there (docs/ROBUSTNESS.md, "What a started
 * plugin keeps").
 *
 * The pipes are read on a thread of our own, with its own main context,
 * like GLib's worker: a host that does not iterate its main context for a
 * while (a blocking call, a busy frame) never leaves a plugin stuck on a
 * full pipe. The thread is started with the first plugin and kept.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-plugin-log-private.h"

#define PLUGIN_LOG_DOMAIN "libbridge-plugin"

typedef struct
{
  GDataInputStream *lines;
  char *prefix; /* "plugin NAME[PID]" */
} Follower;

static void
follower_free (Follower *follower)
{
  g_object_unref (follower->lines);
  g_free (follower->prefix);
  g_free (follower);
}

static gpointer
run_log_thread (gpointer loop)
{
  /* The reads started here complete here. */
  g_main_context_push_thread_default (g_main_loop_get_context (loop));
  g_main_loop_run (loop);
  return NULL;
}

static GMainContext *
log_context (void)
{
  static gsize context;

  if (g_once_init_enter (&context))
    {
      GMainContext *own = g_main_context_new ();
      GMainLoop *loop = g_main_loop_new (own, FALSE);

      /* The loop lives as long as the process, as GLib's worker does. */
      g_thread_unref (g_thread_new ("libbridge-plugin-log", run_log_thread, loop));
      g_once_init_leave (&context, (gsize) own);
    }
  return (GMainContext *) context;
}

static void read_next (Follower *follower);

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Follower *follower = user_data;
  g_autoptr (GError) error = NULL;
  gsize length;
  g_autofree char *line
      = g_data_input_stream_read_line_finish_utf8 (follower->lines, result, &length, &error);

  if (line == NULL && error != NULL
      && g_error_matches (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE))
    {
      /* Not UTF-8: say so, and go on with the next line. */
      g_log (PLUGIN_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "%s: (a line that is not UTF-8)", follower->prefix);
      read_next (follower);
      return;
    }
  if (line == NULL)
    {
      /* The end: the plugin has exited, or closed its stderr. */
      follower_free (follower);
      return;
    }
  g_log (PLUGIN_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "%s: %s", follower->prefix, line);
  read_next (follower);
}

static void
read_next (Follower *follower)
{
  g_data_input_stream_read_line_async (follower->lines, G_PRIORITY_DEFAULT, NULL, on_line, follower);
}

static gboolean
start_reading (gpointer user_data)
{
  read_next (user_data);
  return G_SOURCE_REMOVE;
}

void
bridge_plugin_log_follow (GInputStream *stderr_pipe, const char *name, const char *pid)
{
  Follower *follower = g_new0 (Follower, 1);

  follower->lines = g_data_input_stream_new (stderr_pipe);
  g_data_input_stream_set_newline_type (follower->lines, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  follower->prefix = g_strdup_printf ("plugin %s[%s]", name, pid != NULL ? pid : "?");
  /* Started in the log thread, so that the reads complete there. */
  g_main_context_invoke (log_context (), start_reading, follower);
}
