/* video-still.c: the picture at a given time, without disturbing playback
 *
 * A still comes from a pipeline of its own (playbin, video only, the same
 * sink bin as playback, so the pixels match), run in a worker thread:
 * preroll, an accurate flushing seek, then the preroll sample.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-player-private.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <unistd.h>

#include "video-fd-src.h"

/* Waits for the preroll that follows a state change or a flushing seek. */
static gboolean
wait_for_preroll (GstElement *pipeline,
                  const char *uri,
                  gint64 deadline,
                  guint timeout_ms,
                  GCancellable *cancellable,
                  GError **error)
{
  g_autoptr (GstBus) bus = gst_element_get_bus (pipeline);

  for (;;)
    {
      g_autoptr (GstMessage) message = NULL;
      gint64 left = deadline - g_get_monotonic_time ();

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (left <= 0)
        {
          g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_TIMED_OUT, "%s: no still picture after %u ms", uri,
                       timeout_ms);
          return FALSE;
        }
      /* Wake up now and then to notice cancellation. */
      message = gst_bus_timed_pop_filtered (bus, MIN (left, G_USEC_PER_SEC / 10) * GST_USECOND,
                                            GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
      if (message == NULL)
        continue;
      if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        {
          g_autoptr (GError) gst_error = NULL;

          gst_message_parse_error (message, &gst_error, NULL);
          g_propagate_error (error,
                             video_pipeline_error_from_gst (gst_error, uri, GST_MESSAGE_SRC (message)));
          return FALSE;
        }
      return TRUE;
    }
}

static GBytes *
pack_sample (GstSample *sample, VideoFrame *out_frame)
{
  GstVideoFrame vframe;
  VideoFrame frame;
  guint8 *pixels;
  gsize row;

  if (!video_pipeline_map_sample (sample, &vframe, &frame))
    return NULL;
  row = (gsize) frame.width * 4;
  pixels = g_malloc (row * frame.height);
  for (guint y = 0; y < frame.height; y++)
    memcpy (pixels + y * row, frame.data + (gsize) y * frame.stride, row);
  gst_video_frame_unmap (&vframe);

  *out_frame = frame;
  out_frame->stride = row;
  out_frame->size = row * frame.height;
  out_frame->data = NULL;
  return g_bytes_new_take (pixels, row * frame.height);
}

static GBytes *
grab (GstElement *playbin,
      GstElement *capsfilter,
      GstAppSink *appsink,
      const char *uri,
      gint64 position,
      guint max_width,
      guint max_height,
      gsize max_bytes,
      GstVideoFormat format,
      guint timeout_ms,
      VideoFrame *out_frame,
      GCancellable *cancellable,
      GError **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autoptr (GstCaps) caps = NULL;
  g_autoptr (GstSample) sample = NULL;
  guint width, height, par_n, par_d, out_width, out_height;
  int n_video = 0;
  GBytes *pixels;

  caps = video_pipeline_output_caps (format, max_width, max_height, FALSE);
  g_object_set (capsfilter, "caps", caps, NULL);
  gst_element_set_state (playbin, GST_STATE_PAUSED);
  if (!wait_for_preroll (playbin, uri, deadline, timeout_ms, cancellable, error))
    return NULL;

  g_object_get (playbin, "n-video", &n_video, NULL);
  if (n_video == 0 || !video_pipeline_get_video_size (playbin, &width, &height, &par_n, &par_d))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NO_VIDEO, "%s has no video", uri);
      return NULL;
    }
  video_pipeline_fit (width, height, par_n, par_d, max_width, max_height, &out_width, &out_height);
  if ((gsize) out_width * out_height * 4 > max_bytes)
    {
      double shrink = sqrt ((double) max_bytes / ((double) out_width * out_height * 4));

      out_width = MAX ((guint) (out_width * shrink), 1);
      out_height = MAX ((guint) (out_height * shrink), 1);
    }

  /* The exact size takes effect with the seek's new preroll. */
  gst_clear_caps (&caps);
  caps = video_pipeline_output_caps (format, out_width, out_height, TRUE);
  g_object_set (capsfilter, "caps", caps, NULL);
  if (!gst_element_seek_simple (playbin, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                position))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_SEEKABLE, "%s: cannot seek to %" GST_TIME_FORMAT, uri,
                   GST_TIME_ARGS (position));
      return NULL;
    }
  if (!wait_for_preroll (playbin, uri, deadline, timeout_ms, cancellable, error))
    return NULL;

  sample = gst_app_sink_try_pull_preroll (appsink, 0);
  if (sample == NULL || (pixels = pack_sample (sample, out_frame)) == NULL)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_DAMAGED, "%s: no picture decoded at %" GST_TIME_FORMAT,
                   uri, GST_TIME_ARGS (position));
      return NULL;
    }
  return pixels;
}

static GBytes *
video_still_grab (const char *uri,
                  gint64 position,
                  guint max_width,
                  guint max_height,
                  gsize max_bytes,
                  GstVideoFormat format,
                  guint timeout_ms,
                  VideoFrame *out_frame,
                  GCancellable *cancellable,
                  GError **error)
{
  GstElement *capsfilter = NULL;
  GstAppSink *appsink = NULL;
  GstElement *sink_bin = video_pipeline_new_video_sink (&capsfilter, &appsink);
  g_autoptr (GstElement) playbin = NULL;
  GBytes *pixels;

  if (sink_bin != NULL)
    playbin = video_pipeline_new_playbin (uri, FALSE, sink_bin, NULL);
  if (playbin == NULL)
    {
      g_clear_pointer (&sink_bin, gst_object_unref);
      g_set_error_literal (error, VIDEO_ERROR, VIDEO_ERROR_FAILED,
                           "GStreamer elements are missing (playbin, appsink, videoscale, "
                           "videoconvert): install gstreamer1.0-plugins-base");
      return NULL;
    }
  gst_object_ref_sink (playbin);
  g_object_set (appsink, "sync", FALSE, NULL);

  pixels = grab (playbin, capsfilter, appsink, uri, position, max_width, max_height, max_bytes, format,
                 timeout_ms, out_frame, cancellable, error);
  gst_element_set_state (playbin, GST_STATE_NULL);
  return pixels;
}

typedef struct
{
  char *uri;
  int fd; /* OpenFd's media: our own dup, which the uri names; or -1 */
  gint64 position;
  guint max_width;
  guint max_height;
  gsize max_bytes;
  GstVideoFormat format;
  guint timeout_ms;
  VideoFrame frame;
} StillRequest;

static void
still_request_free (gpointer data)
{
  StillRequest *request = data;

  g_free (request->uri);
  if (request->fd >= 0)
    close (request->fd);
  g_free (request);
}

static void
still_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  StillRequest *r = task_data;
  GError *error = NULL;
  GBytes *pixels;

  pixels = video_still_grab (r->uri, r->position, r->max_width, r->max_height, r->max_bytes, r->format,
                             r->timeout_ms, &r->frame, cancellable, &error);
  if (pixels == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pixels, (GDestroyNotify) g_bytes_unref);
}

/**
 * video_player_get_still_async:
 * @self: a #VideoPlayer
 * @position: the time of the picture, in ns
 * @max_width: widest picture wanted, 0 for the video's own
 * @max_height: tallest picture wanted, 0 for the video's own
 * @max_bytes: the picture is shrunk further until it fits in this many
 *   bytes
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the picture
 * @user_data: data for @callback
 *
 * Decodes the picture at @position of the open media in a pipeline of its
 * own, in a worker thread: playback is not disturbed. The picture is in
 * the current output format, fitted as in video_player_set_output().
 */
void
video_player_get_still_async (VideoPlayer *self,
                              gint64 position,
                              guint max_width,
                              guint max_height,
                              gsize max_bytes,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  StillRequest *request;

  g_return_if_fail (VIDEO_IS_PLAYER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, video_player_get_still_async);
  if (!video_player_require_media (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!self->has_video)
    {
      g_task_return_new_error (task, VIDEO_ERROR, VIDEO_ERROR_NO_VIDEO, "%s has no video", self->uri);
      return;
    }
  if (position < 0 || (self->duration >= 0 && position >= self->duration))
    {
      g_task_return_new_error (task, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT,
                               "position %" G_GINT64_FORMAT " ns is outside the media (0 to %" G_GINT64_FORMAT
                               " ns)",
                               position, self->duration);
      return;
    }

  request = g_new0 (StillRequest, 1);
  request->fd = -1;
  /* The media's fd may close (Close, the next Open) while the still is
   * decoded: the still reads a dup of its own. */
  if (self->media_fd >= 0 && (request->fd = fcntl (self->media_fd, F_DUPFD_CLOEXEC, 3)) < 0)
    {
      g_task_return_new_error (task, VIDEO_ERROR, VIDEO_ERROR_FAILED, "%s: cannot dup the media's fd: %s",
                               self->uri, g_strerror (errno));
      still_request_free (request);
      return;
    }
  request->uri = request->fd >= 0 ? video_fd_src_make_uri (request->fd) : g_strdup (self->uri);
  request->position = position;
  request->max_width = max_width;
  request->max_height = max_height;
  request->max_bytes = max_bytes;
  request->format = self->format;
  request->timeout_ms = self->open_timeout_ms;
  g_task_set_task_data (task, request, still_request_free);
  g_task_run_in_thread (task, still_thread);
}

/**
 * video_player_get_still_finish:
 * @self: a #VideoPlayer
 * @result: the result given to the callback
 * @out_frame: (out) (optional): the picture's size, stride, format and pts;
 *   its data points into the returned bytes
 * @error: return location for a %VIDEO_ERROR
 *
 * Returns: (transfer full): the pixels, rows packed (stride = width * 4),
 *   or %NULL on error
 */
GBytes *
video_player_get_still_finish (VideoPlayer *self, GAsyncResult *result, VideoFrame *out_frame, GError **error)
{
  GBytes *pixels;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  pixels = g_task_propagate_pointer (G_TASK (result), error);
  if (pixels != NULL && out_frame != NULL)
    {
      StillRequest *request = g_task_get_task_data (G_TASK (result));

      *out_frame = request->frame;
      out_frame->data = g_bytes_get_data (pixels, &out_frame->size);
    }
  return pixels;
}
