/* frame-producer-helper.c: the plugin end of the cross-process frame ring
 * tests in test-frame-ring.c
 *
 *   frame-producer-helper FD count N WIDTH HEIGHT
 *     pushes N frames (stream 7, the pattern of tests/frame-pattern.h, tag =
 *     sequence) from a worker thread as fast as it can, then stays until
 *     the peer closes; exits 0.
 *   frame-producer-helper FD until-closed 0 WIDTH HEIGHT
 *     pushes a frame about every millisecond (a video-like pace, not a
 *     wait for anything) until a push fails; exits 0 when it failed with
 *     BRIDGE_ERROR_CLOSED, 3 otherwise.
 *
 * The connection lives in the main thread, the pushes come from another:
 * the way a GStreamer streaming thread feeds a producer.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <bridge.h>
#include <stdlib.h>

#include "frame-pattern.h"

#define STREAM_ID 7

typedef struct
{
  BridgeFrameProducer *producer;
  gboolean until_closed;
  guint n;
  guint width;
  guint height;
  GError *error;
} Job;

static gpointer
push_frames (gpointer data)
{
  Job *job = data;
  guint stride = job->width * 4;

  for (guint64 tag = 1; job->until_closed || tag <= job->n; tag++)
    {
      g_autofree guint8 *pixels = frame_pattern_new (tag, job->width, job->height, stride);

      if (!bridge_frame_producer_push (job->producer, pixels, stride, FRAME_PATTERN_PTS (tag), 1000000,
                                       &job->error))
        break;
      if (job->until_closed)
        g_usleep (1000);
    }
  return NULL;
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, gpointer loop)
{
  g_main_loop_quit (loop);
}

int
main (int argc, char **argv)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (BridgeConnection) connection = NULL;
  g_autoptr (BridgeFrameProducer) producer = NULL;
  g_autoptr (GError) error = NULL;
  GThread *thread;
  Job job = { 0 };

  if (argc != 6)
    {
      g_printerr ("usage: %s FD count|until-closed N WIDTH HEIGHT\n", argv[0]);
      return 2;
    }
  job.until_closed = g_str_equal (argv[2], "until-closed");
  job.n = (guint) atoi (argv[3]);
  job.width = (guint) atoi (argv[4]);
  job.height = (guint) atoi (argv[5]);

  connection = bridge_connection_new_for_fd (atoi (argv[1]), BRIDGE_CONNECTION_FLAGS_NONE, &error);
  if (connection == NULL || !bridge_connection_handshake_sync (connection, NULL, &error))
    {
      g_printerr ("frame-producer-helper: %s\n", error->message);
      return 1;
    }
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), loop);

  producer = bridge_frame_producer_new (connection, STREAM_ID, 4);
  if (!bridge_frame_producer_configure (producer, BRIDGE_FRAME_FORMAT_BGRA, job.width, job.height, &error))
    {
      g_printerr ("frame-producer-helper: %s\n", error->message);
      return 1;
    }
  job.producer = producer;
  thread = g_thread_new ("push", push_frames, &job);
  g_main_loop_run (loop);
  g_thread_join (thread);

  if (job.until_closed)
    {
      if (!g_error_matches (job.error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED))
        {
          g_printerr ("frame-producer-helper: push failed with %s, not BRIDGE_ERROR_CLOSED\n",
                      job.error != NULL ? job.error->message : "no error");
          return 3;
        }
    }
  else if (job.error != NULL)
    {
      g_printerr ("frame-producer-helper: push failed: %s\n", job.error->message);
      return 1;
    }
  g_clear_error (&job.error);
  return 0;
}
