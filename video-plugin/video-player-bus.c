/* video-player-bus.c: the player's reaction to its pipeline's messages
 *
 * Runs in the player's main context: preroll ends an open, errors end the
 * media, EOS and SEGMENT_DONE end or restart playback.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-player-private.h"

#include <gst/pbutils/pbutils.h>

/* An end of stream this far before the announced duration means the file
 * is cut short or damaged (docs/VIDEO-INTERFACE.md, section 9). */
#define EARLY_END_TOLERANCE (500 * GST_MSECOND)

static char *
stream_codec (GstElement *playbin, const char *signal, const char *tag)
{
  g_autoptr (GstTagList) tags = NULL;
  char *codec = NULL;

  g_signal_emit_by_name (playbin, signal, 0, &tags);
  if (tags == NULL || !gst_tag_list_get_string (tags, tag, &codec))
    return g_strdup ("");
  return codec;
}

static GVariant *
build_media_info (VideoPlayer *self, guint width, guint height, const GstVideoInfo *info)
{
  GVariantBuilder b;
  g_autofree char *video_codec = stream_codec (self->playbin, "get-video-tags", GST_TAG_VIDEO_CODEC);
  g_autofree char *audio_codec = stream_codec (self->playbin, "get-audio-tags", GST_TAG_AUDIO_CODEC);
  int fps_n = info ? GST_VIDEO_INFO_FPS_N (info) : 0;
  int fps_d = info ? MAX (GST_VIDEO_INFO_FPS_D (info), 1) : 1;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "uri", g_variant_new_string (self->uri));
  g_variant_builder_add (&b, "{sv}", "duration", g_variant_new_int64 (self->duration));
  g_variant_builder_add (&b, "{sv}", "seekable", g_variant_new_boolean (self->seekable));
  g_variant_builder_add (&b, "{sv}", "has-video", g_variant_new_boolean (self->has_video));
  g_variant_builder_add (&b, "{sv}", "has-audio", g_variant_new_boolean (self->has_audio));
  g_variant_builder_add (&b, "{sv}", "width", g_variant_new_uint32 (width));
  g_variant_builder_add (&b, "{sv}", "height", g_variant_new_uint32 (height));
  g_variant_builder_add (
      &b, "{sv}", "pixel-aspect-ratio",
      g_variant_new ("(ii)", info ? GST_VIDEO_INFO_PAR_N (info) : 1, info ? GST_VIDEO_INFO_PAR_D (info) : 1));
  g_variant_builder_add (&b, "{sv}", "framerate", g_variant_new_double ((double) fps_n / fps_d));
  g_variant_builder_add (&b, "{sv}", "framerate-fraction", g_variant_new ("(ii)", fps_n, fps_d));
  g_variant_builder_add (&b, "{sv}", "output-width", g_variant_new_uint32 (self->out_width));
  g_variant_builder_add (&b, "{sv}", "output-height", g_variant_new_uint32 (self->out_height));
  g_variant_builder_add (&b, "{sv}", "video-codec", g_variant_new_string (video_codec));
  g_variant_builder_add (&b, "{sv}", "audio-codec", g_variant_new_string (audio_codec));
  g_variant_builder_add (&b, "{sv}", "tags", video_pipeline_tags_to_variant (self->tags));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static void
refresh_facts (VideoPlayer *self)
{
  g_autoptr (GstQuery) query = gst_query_new_seeking (GST_FORMAT_TIME);
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GstCaps) caps = NULL;
  GstVideoInfo info;
  gboolean have_info = FALSE;
  gint64 duration = -1;
  int n_video = 0, n_audio = 0;
  guint width = 0, height = 0;

  g_object_get (self->playbin, "n-video", &n_video, "n-audio", &n_audio, NULL);
  self->has_video = n_video > 0;
  self->has_audio = n_audio > 0;
  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration))
    self->duration = duration;
  if (gst_element_query (self->playbin, query))
    gst_query_parse_seeking (query, NULL, &self->seekable, NULL, NULL);

  g_signal_emit_by_name (self->playbin, "get-video-pad", 0, &pad);
  if (pad != NULL && (caps = gst_pad_get_current_caps (pad)) != NULL)
    have_info = gst_video_info_from_caps (&info, caps);
  if (have_info)
    {
      width = GST_VIDEO_INFO_WIDTH (&info);
      height = GST_VIDEO_INFO_HEIGHT (&info);
      video_pipeline_fit (width, height, MAX (GST_VIDEO_INFO_PAR_N (&info), 1),
                          MAX (GST_VIDEO_INFO_PAR_D (&info), 1), self->max_width, self->max_height,
                          &self->out_width, &self->out_height);
    }

  g_clear_pointer (&self->media_info, g_variant_unref);
  self->media_info = build_media_info (self, width, height, have_info ? &info : NULL);
}

/* The size the appsink negotiated, to tell whether the exact output caps
 * set after preroll need a fresh picture. */
static gboolean
negotiated_size_is (VideoPlayer *self, guint width, guint height)
{
  g_autoptr (GstPad) pad = gst_element_get_static_pad (GST_ELEMENT (self->appsink), "sink");
  g_autoptr (GstCaps) caps = gst_pad_get_current_caps (pad);
  GstVideoInfo info;

  return caps != NULL && gst_video_info_from_caps (&info, caps) && GST_VIDEO_INFO_WIDTH (&info) == (int) width
         && GST_VIDEO_INFO_HEIGHT (&info) == (int) height && GST_VIDEO_INFO_FORMAT (&info) == self->format;
}

static void
fail_open (VideoPlayer *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->open_task);

  g_debug ("open failed: %s", error->message);
  video_player_teardown (self);
  video_player_change_state (self, VIDEO_PLAYER_STATE_IDLE);
  g_task_return_error (task, error);
}

void
video_player_finish_open (VideoPlayer *self)
{
  g_autoptr (GTask) task = NULL;

  refresh_facts (self);
  if (self->missing_video_codec != NULL)
    {
      fail_open (self,
                 g_error_new (VIDEO_ERROR, VIDEO_ERROR_UNSUPPORTED_CODEC, "%s: no decoder for its video (%s)",
                              self->uri, self->missing_video_codec));
      return;
    }
  video_player_destroy_source (&self->timeout_source);
  if (self->has_video)
    {
      video_player_apply_output_caps (self);
      if (!negotiated_size_is (self, self->out_width, self->out_height))
        video_player_reseek_here (self);
    }

  task = g_steal_pointer (&self->open_task);
  video_player_change_state (self, VIDEO_PLAYER_STATE_PAUSED);
  g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_MEDIA_INFO], 0, self->media_info);
  g_task_return_pointer (task, g_variant_ref (self->media_info), (GDestroyNotify) g_variant_unref);

  /* Play was called while opening. */
  if (self->target_playing)
    {
      g_autoptr (GError) error = NULL;

      if (!video_player_play (self, &error))
        g_debug ("%s: cannot start playing: %s", self->uri, error->message);
    }
}

/* GStreamer's demuxers stop quietly where a file is cut or garbled.
 * Where playback got to (the last picture's end, or the position for
 * audio) tells: a legitimate file plays to the duration it announces,
 * also when its video is shorter than its audio. */
static void
check_early_end (VideoPlayer *self)
{
  gint64 end, position = -1;

  if (self->rate <= 0 || self->duration <= 0 || self->damage_reported)
    return;
  g_mutex_lock (&self->lock);
  end = self->last_frame_end;
  g_mutex_unlock (&self->lock);
  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position))
    end = MAX (end, position);
  if (end >= 0 && end + (gint64) EARLY_END_TOLERANCE < self->duration)
    {
      g_autoptr (GError) error = g_error_new (VIDEO_ERROR, VIDEO_ERROR_DAMAGED,
                                              "%s: playback ends at %.2f s but the file says it "
                                              "lasts %.2f s: it is truncated or damaged",
                                              self->uri, end / 1e9, self->duration / 1e9);

      self->damage_reported = TRUE;
      g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_ERROR], 0, error);
    }
}

static void
end_of_stream (VideoPlayer *self)
{
  check_early_end (self);
  if (self->loop && self->seekable)
    {
      g_autoptr (GError) error = NULL;

      if (video_player_do_seek (self, 0, TRUE, &error))
        return;
      g_debug ("%s", error->message);
    }
  self->target_playing = FALSE;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  video_player_change_state (self, VIDEO_PLAYER_STATE_ENDED);
  g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_END_OF_STREAM], 0);
}

static void
on_error_message (VideoPlayer *self, GstMessage *message)
{
  g_autoptr (GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autoptr (GError) error = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("%s: error from %s: %s (%s)", self->uri, GST_MESSAGE_SRC_NAME (message), gst_error->message,
           debug ? debug : "");
  if (self->missing_video_codec != NULL)
    error = g_error_new (VIDEO_ERROR, VIDEO_ERROR_UNSUPPORTED_CODEC, "%s: no decoder for its video (%s)",
                         self->uri, self->missing_video_codec);
  else
    error = video_pipeline_error_from_gst (gst_error, self->uri, GST_MESSAGE_SRC (message));

  if (self->open_task != NULL)
    {
      fail_open (self, g_steal_pointer (&error));
      return;
    }
  video_player_complete_waiters (self, error);
  video_player_teardown (self);
  video_player_change_state (self, VIDEO_PLAYER_STATE_ERROR);
  g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_ERROR], 0, error);
}

static void
on_missing_plugin (VideoPlayer *self, GstMessage *message)
{
  const GstStructure *s = gst_message_get_structure (message);
  const GValue *detail = gst_structure_get_value (s, "detail");
  g_autofree char *description = gst_missing_plugin_message_get_description (message);

  g_debug ("%s: missing plugin: %s", self->uri, description);
  if (detail != NULL && GST_VALUE_HOLDS_CAPS (detail))
    {
      const GstCaps *caps = gst_value_get_caps (detail);

      if (!gst_caps_is_empty (caps)
          && g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "video/")
          && self->missing_video_codec == NULL)
        {
          g_autofree char *text = gst_caps_to_string (caps);

          self->missing_video_codec = g_strdup_printf ("%s: %s", description, text);
        }
    }
}

static void
on_buffering (VideoPlayer *self, GstMessage *message)
{
  int percent = 100;

  gst_message_parse_buffering (message, &percent);
  g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_BUFFERING], 0, percent);
  if (percent < 100 && !self->buffering && self->target_playing)
    {
      self->buffering = TRUE;
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
    }
  else if (percent >= 100 && self->buffering)
    {
      self->buffering = FALSE;
      if (self->target_playing)
        gst_element_set_state (self->playbin, GST_STATE_PLAYING);
    }
}

/* A preroll (a pause, a flushing seek while paused) is still on its way.
 * An ASYNC_DONE seen then is an earlier one's, dispatched late: a Pause
 * right after Play's seek, or a Stop right after that Pause, must wait
 * for its own picture, not reply before it is sent
 * (docs/VIDEO-INTERFACE.md, section 6). After a seek while playing the
 * pipeline goes on to PLAYING: that is not a preroll. */
static gboolean
prerolling (VideoPlayer *self)
{
  GstState pending = GST_STATE_VOID_PENDING;

  return gst_element_get_state (self->playbin, NULL, &pending, 0) == GST_STATE_CHANGE_ASYNC
         && pending == GST_STATE_PAUSED;
}

gboolean
video_player_on_bus_message (GstBus *bus, GstMessage *message, gpointer user_data)
{
  VideoPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
      case GST_MESSAGE_ERROR:
        /* Tears the pipeline and this watch down. */
        on_error_message (self, message);
        return G_SOURCE_REMOVE;
      case GST_MESSAGE_WARNING:
        {
          g_autoptr (GError) warning = NULL;

          gst_message_parse_warning (message, &warning, NULL);
          g_debug ("%s: warning from %s: %s", self->uri, GST_MESSAGE_SRC_NAME (message), warning->message);
          break;
        }
      case GST_MESSAGE_ELEMENT:
        if (gst_is_missing_plugin_message (message))
          on_missing_plugin (self, message);
        break;
      case GST_MESSAGE_TAG:
        {
          g_autoptr (GstTagList) tags = NULL;

          gst_message_parse_tag (message, &tags);
          if (self->tags == NULL)
            self->tags = gst_tag_list_new_empty ();
          gst_tag_list_insert (self->tags, tags, GST_TAG_MERGE_KEEP);
          break;
        }
      case GST_MESSAGE_ASYNC_DONE:
        if (self->open_task != NULL)
          video_player_finish_open (self);
        else if (!prerolling (self))
          video_player_complete_waiters (self, NULL);
        else
          g_debug ("%s: an earlier ASYNC_DONE; waiting for the preroll", self->uri);
        break;
      case GST_MESSAGE_EOS:
        video_player_complete_waiters (self, NULL);
        end_of_stream (self);
        break;
      case GST_MESSAGE_SEGMENT_DONE:
        if (self->loop)
          {
            /* Not flushing: the new segment queues up behind the old one. */
            if (!gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME, GST_SEEK_FLAG_SEGMENT,
                                   GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
              g_debug ("%s: the loop seek was refused", self->uri);
          }
        else if (self->duration <= 0
                 || !gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME, GST_SEEK_FLAG_NONE,
                                       GST_SEEK_TYPE_SET, self->duration, GST_SEEK_TYPE_NONE,
                                       GST_CLOCK_TIME_NONE))
          {
            end_of_stream (self);
          }
        /* Otherwise, with looping turned off meanwhile, the empty segment at
         * the very end queues an EOS behind the pictures still on their way. */
        break;
      case GST_MESSAGE_BUFFERING:
        on_buffering (self, message);
        break;
      case GST_MESSAGE_DURATION_CHANGED:
        if (video_player_has_media (self))
          {
            gint64 old = self->duration;

            refresh_facts (self);
            if (old != self->duration)
              g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_MEDIA_INFO], 0, self->media_info);
          }
        break;
      case GST_MESSAGE_CLOCK_LOST:
        if (self->state == VIDEO_PLAYER_STATE_PLAYING && !self->buffering)
          {
            gst_element_set_state (self->playbin, GST_STATE_PAUSED);
            gst_element_set_state (self->playbin, GST_STATE_PLAYING);
          }
        break;
      default:
        break;
    }
  return G_SOURCE_CONTINUE;
}

gboolean
video_player_on_open_timeout (gpointer user_data)
{
  VideoPlayer *self = user_data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  fail_open (self, g_error_new (VIDEO_ERROR, VIDEO_ERROR_TIMED_OUT, "%s: not ready after %u ms", self->uri,
                                self->open_timeout_ms));
  return G_SOURCE_REMOVE;
}
