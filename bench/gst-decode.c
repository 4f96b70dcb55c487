/* gst-decode.c: the video baseline, GStreamer alone
 *
 * Decodes a file as fast as it can with the same chain the video plugin
 * builds (playbin with software decoders, its video into videoconvert to
 * BGRA and an appsink that does not sync), and reads every byte of every
 * picture in another thread, as the host reads the plugin's frames. No
 * libbridge, no second process: what is left when the bridge is taken
 * away. A program of its own, so bench-video never loads GStreamer.
 *
 * Usage: bench-gst-decode FILE
 * Prints `frames=N first_to_last_ns=T` (pictures read, and the time from
 * the first to the last).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <gst/app/gstappsink.h>
#include <gst/gst.h>

#include "bench-util.h"

#include <stdio.h>

/* As video-plugin/video-pipeline.c, without audio: the bench's sample
 * has none. */
#define PLAYBIN_FLAGS "video+native-video+force-sw-decoders"

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GstElement) playbin = NULL;
  g_autoptr (GstElement) video_sink = NULL;
  g_autoptr (GstElement) appsink = NULL;
  g_autoptr (GstBus) bus = NULL;
  g_autoptr (GstMessage) message = NULL;
  g_autofree char *uri = NULL;
  gint64 first = 0, last = 0;
  guint frames = 0;

  gst_init (&argc, &argv);
  if (argc != 2)
    {
      g_printerr ("usage: bench-gst-decode FILE\n");
      return 2;
    }
  uri = gst_filename_to_uri (argv[1], &error);
  video_sink = gst_parse_bin_from_description ("videoconvert ! video/x-raw,format=BGRA ! "
                                               "appsink name=sink sync=false max-buffers=4",
                                               TRUE, &error);
  playbin = gst_element_factory_make ("playbin", NULL);
  if (uri == NULL || video_sink == NULL || playbin == NULL)
    {
      g_printerr ("bench-gst-decode: %s\n", error != NULL ? error->message : "no playbin");
      return 1;
    }
  gst_object_ref_sink (video_sink);
  gst_util_set_object_arg (G_OBJECT (playbin), "flags", PLAYBIN_FLAGS);
  g_object_set (playbin, "uri", uri, "video-sink", video_sink, NULL);
  appsink = gst_bin_get_by_name (GST_BIN (video_sink), "sink");

  if (gst_element_set_state (playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_printerr ("bench-gst-decode: %s does not play\n", argv[1]);
      return 1;
    }
  for (;;)
    {
      g_autoptr (GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (appsink), 30 * GST_SECOND);
      GstBuffer *buffer;
      GstMapInfo map;

      if (sample == NULL)
        break; /* end of stream, an error (seen on the bus below) or stuck */
      buffer = gst_sample_get_buffer (sample);
      if (gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          bench_read_frame (map.data, map.size);
          gst_buffer_unmap (buffer, &map);
        }
      last = bench_now_ns ();
      if (frames++ == 0)
        first = last;
    }

  bus = gst_element_get_bus (playbin);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  if (message != NULL)
    {
      g_autoptr (GError) gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_printerr ("bench-gst-decode: %s\n", gst_error->message);
    }
  gst_element_set_state (playbin, GST_STATE_NULL);
  printf ("frames=%u first_to_last_ns=%" G_GINT64_FORMAT "\n", frames, last - first);
  return message != NULL || frames < 2;
}
