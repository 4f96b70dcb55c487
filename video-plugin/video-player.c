/* video-player.c: a GStreamer player that hands out raw frames
 *
 * One playbin per open media; its video sink is our own bin ending in an
 * appsink whose callbacks hand every picture to a VideoFrameFunc from the
 * streaming thread. Everything else (bus messages, the signals, the
 * position ticks) happens in the main context the player was made in.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-player-private.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "video-fd-src.h"

#define DEFAULT_OPEN_TIMEOUT_MS 10000
#define POSITION_INTERVAL_MS 100

G_DEFINE_FINAL_TYPE (VideoPlayer, video_player, G_TYPE_OBJECT)

guint video_player_signals[VIDEO_PLAYER_N_SIGNALS];

static const char *const state_names[] = {
  "idle", "opening", "paused", "playing", "ended", "stopped", "error",
};

/**
 * video_player_state_to_string:
 * @state: a #VideoPlayerState
 *
 * Returns: (transfer none): the state's wire name ("idle", "playing" ...)
 */
const char *
video_player_state_to_string (VideoPlayerState state)
{
  g_return_val_if_fail (state <= VIDEO_PLAYER_STATE_ERROR, "idle");
  return state_names[state];
}

/* --- frames, from the streaming threads -------------------------------- */

static void
deliver (VideoPlayer *self, GstSample *sample)
{
  GstVideoFrame vframe;
  VideoFrame frame;

  if (!video_pipeline_map_sample (sample, &vframe, &frame))
    {
      g_debug ("%s: a picture could not be mapped; skipped", self->uri);
      return;
    }
  g_mutex_lock (&self->lock);
  if (frame.pts >= 0)
    self->last_frame_end = frame.pts + MAX (frame.duration, 0);
  g_mutex_unlock (&self->lock);
  if (self->frame_func != NULL)
    self->frame_func (&frame, self->frame_data);
  gst_video_frame_unmap (&vframe);
}

static GstFlowReturn
on_new_preroll (GstAppSink *sink, gpointer user_data)
{
  VideoPlayer *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_preroll (sink);

  if (sample == NULL)
    return GST_FLOW_OK;
  g_mutex_lock (&self->lock);
  gst_buffer_replace (&self->preroll_buffer, gst_sample_get_buffer (sample));
  g_mutex_unlock (&self->lock);
  deliver (self, sample);
  return GST_FLOW_OK;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink, gpointer user_data)
{
  VideoPlayer *self = user_data;
  g_autoptr (GstSample) sample = gst_app_sink_pull_sample (sink);
  gboolean seen;

  if (sample == NULL)
    return GST_FLOW_OK;
  /* Going from paused to playing, appsink renders the buffer it already
   * handed out as preroll: hand each picture out once. */
  g_mutex_lock (&self->lock);
  seen = gst_sample_get_buffer (sample) == self->preroll_buffer;
  gst_buffer_replace (&self->preroll_buffer, NULL);
  g_mutex_unlock (&self->lock);
  if (!seen)
    deliver (self, sample);
  return GST_FLOW_OK;
}

/* --- building and tearing down ----------------------------------------- */

static GstElement *
make_audio_sink (VideoPlayer *self)
{
  if (self->audio_device < 0)
    {
      self->audio_device
          = g_strcmp0 (g_getenv ("BRIDGE_VIDEO_AUDIO"), "none") != 0 && video_pipeline_audio_device_works ();
      g_debug ("audio output: %s", self->audio_device ? "device" : "none (silent sink)");
    }
  /* Without a device a synchronised fakesink keeps playback timing. */
  return gst_element_factory_make (self->audio_device ? "autoaudiosink" : "fakesink", NULL);
}

void
video_player_apply_sync (VideoPlayer *self)
{
  if (self->appsink != NULL)
    g_object_set (self->appsink, "sync", self->sync, "qos", self->sync, NULL);
  if (self->audio_sink != NULL)
    g_object_set (self->audio_sink, "sync", self->sync, NULL);
}

void
video_player_apply_output_caps (VideoPlayer *self)
{
  g_autoptr (GstCaps) caps = NULL;

  if (self->capsfilter == NULL)
    return;
  if (self->out_width > 0)
    caps = video_pipeline_output_caps (self->format, self->out_width, self->out_height, TRUE);
  else
    caps = video_pipeline_output_caps (self->format, self->max_width, self->max_height, FALSE);
  g_object_set (self->capsfilter, "caps", caps, NULL);
}

static gboolean
build (VideoPlayer *self, const char *uri, GError **error)
{
  GstElement *video_sink;
  GstAppSinkCallbacks callbacks = {
    .new_preroll = on_new_preroll,
    .new_sample = on_new_sample,
  };
  g_autoptr (GstBus) bus = NULL;

  video_sink = video_pipeline_new_video_sink (&self->capsfilter, &self->appsink);
  self->audio_sink = make_audio_sink (self);
  if (video_sink == NULL || self->audio_sink == NULL)
    goto missing;
  self->playbin = video_pipeline_new_playbin (uri, TRUE, video_sink, self->audio_sink);
  if (self->playbin == NULL)
    goto missing;
  gst_object_ref_sink (self->playbin);

  gst_app_sink_set_callbacks (self->appsink, &callbacks, self, NULL);
  g_object_set (self->playbin, "volume", self->volume, "mute", self->mute, NULL);
  video_player_apply_sync (self);
  video_player_apply_output_caps (self);

  bus = gst_element_get_bus (self->playbin);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (video_player_on_bus_message), self, NULL);
  g_source_attach (self->bus_source, self->context);
  return TRUE;

missing:
  g_clear_pointer (&video_sink, gst_object_unref);
  g_clear_pointer (&self->audio_sink, gst_object_unref);
  self->capsfilter = NULL;
  self->appsink = NULL;
  g_set_error_literal (error, VIDEO_ERROR, VIDEO_ERROR_FAILED,
                       "GStreamer elements are missing (playbin, appsink, videoscale, "
                       "videoconvert): install gstreamer1.0-plugins-base");
  return FALSE;
}

void
video_player_destroy_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

void
video_player_teardown (VideoPlayer *self)
{
  video_player_destroy_source (&self->timeout_source);
  video_player_destroy_source (&self->waiters_timeout);
  video_player_destroy_source (&self->bus_source);
  video_player_destroy_source (&self->position_source);
  if (self->playbin != NULL)
    {
      /* Joins the streaming threads: no frame is delivered after this. */
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      g_clear_object (&self->playbin);
    }
  self->capsfilter = NULL;
  self->appsink = NULL;
  self->audio_sink = NULL;
  g_mutex_lock (&self->lock);
  gst_buffer_replace (&self->preroll_buffer, NULL);
  self->last_frame_end = -1;
  g_mutex_unlock (&self->lock);

  g_clear_pointer (&self->uri, g_free);
  if (self->media_fd >= 0)
    close (self->media_fd);
  self->media_fd = -1;
  g_clear_pointer (&self->missing_video_codec, g_free);
  g_clear_pointer (&self->tags, gst_tag_list_unref);
  g_clear_pointer (&self->media_info, g_variant_unref);
  self->has_video = self->has_audio = self->seekable = FALSE;
  self->duration = -1;
  self->out_width = self->out_height = 0;
  self->target_playing = self->buffering = FALSE;
  self->segment_applied = self->damage_reported = FALSE;
}

/* Completes every call waiting for a preroll (seek, pause, stop). */
void
video_player_complete_waiters (VideoPlayer *self, const GError *error)
{
  GList *tasks = g_steal_pointer (&self->waiters);

  video_player_destroy_source (&self->waiters_timeout);

  for (GList *l = tasks; l != NULL; l = l->next)
    {
      if (error != NULL)
        g_task_return_error (l->data, g_error_copy (error));
      else
        g_task_return_boolean (l->data, TRUE);
    }
  g_list_free_full (tasks, g_object_unref);
}

static gboolean
on_waiters_timeout (gpointer user_data)
{
  VideoPlayer *self = user_data;
  g_autoptr (GError) error = g_error_new (VIDEO_ERROR, VIDEO_ERROR_TIMED_OUT, "%s: no picture after %u ms",
                                          self->uri, self->open_timeout_ms);

  g_clear_pointer (&self->waiters_timeout, g_source_unref);
  video_player_complete_waiters (self, error);
  return G_SOURCE_REMOVE;
}

/* Completes @task (owned) at the next ASYNC_DONE if @pending, else now.
 * Bounded: a source that stops delivering cannot leave a call hanging. */
void
video_player_wait_for_preroll (VideoPlayer *self, GTask *task, gboolean pending)
{
  if (!pending)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  self->waiters = g_list_append (self->waiters, task);
  if (self->waiters_timeout == NULL)
    {
      self->waiters_timeout = g_timeout_source_new (self->open_timeout_ms);
      g_source_set_callback (self->waiters_timeout, on_waiters_timeout, self, NULL);
      g_source_attach (self->waiters_timeout, self->context);
    }
}

static void
cancel_pending (VideoPlayer *self, const char *why)
{
  g_autoptr (GError) error = g_error_new (VIDEO_ERROR, VIDEO_ERROR_CANCELLED, "%s", why);

  if (self->open_task != NULL)
    {
      g_autoptr (GTask) task = g_steal_pointer (&self->open_task);

      g_task_return_error (task, g_error_copy (error));
    }
  video_player_complete_waiters (self, error);
}

/* --- state ------------------------------------------------------------ */

static gboolean
on_position_tick (gpointer user_data)
{
  VideoPlayer *self = user_data;

  g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_POSITION], 0,
                 video_player_get_position (self), video_player_get_duration (self));
  return G_SOURCE_CONTINUE;
}

void
video_player_change_state (VideoPlayer *self, VideoPlayerState state)
{
  if (state == VIDEO_PLAYER_STATE_PLAYING && self->position_source == NULL)
    {
      self->position_source = g_timeout_source_new (POSITION_INTERVAL_MS);
      g_source_set_callback (self->position_source, on_position_tick, self, NULL);
      g_source_attach (self->position_source, self->context);
    }
  else if (state != VIDEO_PLAYER_STATE_PLAYING)
    {
      video_player_destroy_source (&self->position_source);
    }

  if (self->state == state)
    return;
  g_debug ("state: %s -> %s", state_names[self->state], state_names[state]);
  self->state = state;
  g_signal_emit (self, video_player_signals[VIDEO_PLAYER_SIGNAL_STATE_CHANGED], 0, state_names[state]);
}

gboolean
video_player_has_media (VideoPlayer *self)
{
  switch (self->state)
    {
      case VIDEO_PLAYER_STATE_PAUSED:
      case VIDEO_PLAYER_STATE_PLAYING:
      case VIDEO_PLAYER_STATE_ENDED:
      case VIDEO_PLAYER_STATE_STOPPED:
        return TRUE;
      default:
        return FALSE;
    }
}

gboolean
video_player_require_media (VideoPlayer *self, GError **error)
{
  if (video_player_has_media (self))
    return TRUE;
  g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_OPEN, "no media is open (the player is %s)",
               state_names[self->state]);
  return FALSE;
}

/* --- seeking ------------------------------------------------------------ */

/* A flushing seek with the current rate; with looping on, a segment seek
 * so the end posts SEGMENT_DONE and the restart is seamless. */
gboolean
video_player_do_seek (VideoPlayer *self, gint64 position, gboolean accurate, GError **error)
{
  GstSeekFlags flags = GST_SEEK_FLAG_FLUSH;

  flags |= accurate ? GST_SEEK_FLAG_ACCURATE : GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_BEFORE;
  if (self->loop)
    flags |= GST_SEEK_FLAG_SEGMENT;
  if (!gst_element_seek (self->playbin, self->rate, GST_FORMAT_TIME, flags, GST_SEEK_TYPE_SET,
                         MAX (position, 0), GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED,
                   "%s: the pipeline refused a seek to %" GST_TIME_FORMAT " at rate %g", self->uri,
                   GST_TIME_ARGS (MAX (position, 0)), self->rate);
      return FALSE;
    }
  self->segment_applied = TRUE;
  return TRUE;
}

/* Re-seek where we are, so a new rate, looping or output size takes
 * effect (and a paused player shows the picture again). */
void
video_player_reseek_here (VideoPlayer *self)
{
  g_autoptr (GError) error = NULL;

  if (!self->seekable)
    return;
  if (!video_player_do_seek (self, video_player_get_position (self), TRUE, &error))
    g_debug ("%s", error->message);
}

/* --- bus ----------------------------------------------------------------- */

/* --- public API ------------------------------------------------------ */

/* --- public API ------------------------------------------------------ */

/**
 * video_player_new:
 *
 * Creates a player. Its signals are emitted in the thread-default main
 * context of the caller, where its methods must be called too.
 *
 * Returns: (transfer full): a new #VideoPlayer
 */
VideoPlayer *
video_player_new (void)
{
  return g_object_new (VIDEO_TYPE_PLAYER, NULL);
}

/**
 * video_player_set_frame_func:
 * @self: a #VideoPlayer
 * @func: (nullable): receives every decoded picture, from a streaming thread
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the player goes
 *
 * Sets where pictures go. Call it before the first open: the function is
 * read from streaming threads without a lock.
 */
void
video_player_set_frame_func (VideoPlayer *self,
                             VideoFrameFunc func,
                             gpointer user_data,
                             GDestroyNotify destroy)
{
  g_return_if_fail (VIDEO_IS_PLAYER (self));
  g_return_if_fail (self->playbin == NULL);

  if (self->frame_destroy != NULL)
    self->frame_destroy (self->frame_data);
  self->frame_func = func;
  self->frame_data = user_data;
  self->frame_destroy = destroy;
}

/**
 * video_player_set_open_timeout:
 * @self: a #VideoPlayer
 * @timeout_ms: how long an open (and a still frame) may take; default 10 s
 *
 * Bounds opening, so a source that never delivers cannot hang the player.
 */
void
video_player_set_open_timeout (VideoPlayer *self, guint timeout_ms)
{
  g_return_if_fail (VIDEO_IS_PLAYER (self));
  self->open_timeout_ms = MAX (timeout_ms, 1);
}

/* Opens @uri, after the caller tore down what was open. */
static void
start_open (VideoPlayer *self, GTask *task, char *uri, GError *error)
{
  GstStateChangeReturn ret;

  if (uri == NULL || !build (self, uri, &error))
    {
      g_debug ("open %s: %s", uri ? uri : "(null)", error->message);
      g_free (uri);
      video_player_teardown (self);
      video_player_change_state (self, VIDEO_PLAYER_STATE_IDLE);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  self->uri = uri;
  self->open_task = task;
  video_player_change_state (self, VIDEO_PLAYER_STATE_OPENING);
  self->timeout_source = g_timeout_source_new (self->open_timeout_ms);
  g_source_set_callback (self->timeout_source, video_player_on_open_timeout, self, NULL);
  g_source_attach (self->timeout_source, self->context);

  /* A failure also posts an ERROR message, which ends the open. */
  ret = gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  if (ret == GST_STATE_CHANGE_NO_PREROLL)
    video_player_finish_open (self); /* a live source: no preroll to wait for */
}

/**
 * video_player_open_async:
 * @self: a #VideoPlayer
 * @uri_or_path: an absolute URI, or a file path (relative to the current
 *   directory)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the media is prerolled or failed
 * @user_data: data for @callback
 *
 * Closes what was open and opens @uri_or_path, paused on its first
 * picture. A pending open or seek fails with %VIDEO_ERROR_CANCELLED.
 */
void
video_player_open_async (VideoPlayer *self,
                         const char *uri_or_path,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  GTask *task;
  GError *error = NULL;
  char *uri;

  g_return_if_fail (VIDEO_IS_PLAYER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, video_player_open_async);

  cancel_pending (self, "a newer Open replaced this call");
  video_player_teardown (self);
  uri = video_pipeline_resolve_uri (uri_or_path, &error);
  start_open (self, task, uri, error);
}

/**
 * video_player_open_fd_async:
 * @self: a #VideoPlayer
 * @fd: (transfer full): an fd of a regular file, read from its start
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the media is prerolled or failed
 * @user_data: data for @callback
 *
 * Like video_player_open_async(), for media the caller opened. The player
 * owns @fd from now on, and closes it when the media is closed.
 */
void
video_player_open_fd_async (
    VideoPlayer *self, int fd, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;
  GError *error = NULL;
  char *uri = NULL;
  struct stat st;

  g_return_if_fail (VIDEO_IS_PLAYER (self));
  g_return_if_fail (fd >= 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, video_player_open_async);

  cancel_pending (self, "a newer Open replaced this call");
  video_player_teardown (self);
  self->media_fd = fd;
  if (fstat (fd, &st) != 0)
    g_set_error (&error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT, "fd: %s", g_strerror (errno));
  else if (S_ISDIR (st.st_mode))
    g_set_error_literal (&error, VIDEO_ERROR, VIDEO_ERROR_NOT_MEDIA,
                         "the fd is a directory, not a media file");
  else if (!S_ISREG (st.st_mode))
    g_set_error_literal (&error, VIDEO_ERROR, VIDEO_ERROR_NOT_MEDIA,
                         "the fd is not a regular file (a pipe, socket or device)");
  else if ((fcntl (fd, F_GETFL) & O_ACCMODE) == O_WRONLY)
    g_set_error_literal (&error, VIDEO_ERROR, VIDEO_ERROR_NOT_FOUND, "the fd is open for writing only");
  else if (st.st_size == 0)
    g_set_error_literal (&error, VIDEO_ERROR, VIDEO_ERROR_NOT_MEDIA, "the file is empty");
  else
    uri = video_fd_src_make_uri (fd);
  start_open (self, task, uri, error);
}

/**
 * video_player_open_finish:
 * @self: a #VideoPlayer
 * @result: the result given to the callback
 * @error: return location for a %VIDEO_ERROR
 *
 * Returns: (transfer full): the media info (a{sv}), or %NULL on error
 */
GVariant *
video_player_open_finish (VideoPlayer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * video_player_close:
 * @self: a #VideoPlayer
 *
 * Closes the media (if any) and goes idle.
 */
void
video_player_close (VideoPlayer *self)
{
  g_return_if_fail (VIDEO_IS_PLAYER (self));
  cancel_pending (self, "Close replaced this call");
  video_player_teardown (self);
  video_player_change_state (self, VIDEO_PLAYER_STATE_IDLE);
}

/**
 * video_player_get_state:
 * @self: a #VideoPlayer
 *
 * Returns: the current state
 */
VideoPlayerState
video_player_get_state (VideoPlayer *self)
{
  g_return_val_if_fail (VIDEO_IS_PLAYER (self), VIDEO_PLAYER_STATE_IDLE);
  return self->state;
}

/**
 * video_player_get_position:
 * @self: a #VideoPlayer
 *
 * Returns: the position in ns, or -1 if not known
 */
gint64
video_player_get_position (VideoPlayer *self)
{
  gint64 position = -1;

  g_return_val_if_fail (VIDEO_IS_PLAYER (self), -1);
  if (!video_player_has_media (self))
    return -1;
  if (self->state == VIDEO_PLAYER_STATE_STOPPED)
    return 0;
  if (!gst_element_query_position (self->playbin, GST_FORMAT_TIME, &position))
    return -1;
  return position;
}

/**
 * video_player_get_duration:
 * @self: a #VideoPlayer
 *
 * Returns: the duration in ns, or -1 if not known
 */
gint64
video_player_get_duration (VideoPlayer *self)
{
  g_return_val_if_fail (VIDEO_IS_PLAYER (self), -1);
  return video_player_has_media (self) ? self->duration : -1;
}

/**
 * video_player_get_media_info:
 * @self: a #VideoPlayer
 *
 * Returns: (transfer full) (nullable): the media info (a{sv}) of the open
 *   media, or %NULL
 */
GVariant *
video_player_get_media_info (VideoPlayer *self)
{
  g_return_val_if_fail (VIDEO_IS_PLAYER (self), NULL);
  return self->media_info ? g_variant_ref (self->media_info) : NULL;
}

/**
 * video_player_describe_state:
 * @self: a #VideoPlayer
 *
 * Returns: (transfer full): a floating a{sv} with the state, position and
 *   settings (docs/VIDEO-INTERFACE.md, section 6.7)
 */
GVariant *
video_player_describe_state (VideoPlayer *self)
{
  GVariantBuilder b;
  const char *audio = self->audio_device < 0 ? "unknown" : self->audio_device ? "device" : "none";

  g_return_val_if_fail (VIDEO_IS_PLAYER (self), NULL);
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "state", g_variant_new_string (state_names[self->state]));
  g_variant_builder_add (&b, "{sv}", "uri", g_variant_new_string (self->uri ? self->uri : ""));
  g_variant_builder_add (&b, "{sv}", "position", g_variant_new_int64 (video_player_get_position (self)));
  g_variant_builder_add (&b, "{sv}", "duration", g_variant_new_int64 (video_player_get_duration (self)));
  g_variant_builder_add (&b, "{sv}", "rate", g_variant_new_double (self->rate));
  g_variant_builder_add (&b, "{sv}", "loop", g_variant_new_boolean (self->loop));
  g_variant_builder_add (&b, "{sv}", "volume", g_variant_new_double (self->volume));
  g_variant_builder_add (&b, "{sv}", "mute", g_variant_new_boolean (self->mute));
  g_variant_builder_add (&b, "{sv}", "sync", g_variant_new_boolean (self->sync));
  g_variant_builder_add (&b, "{sv}", "has-video", g_variant_new_boolean (self->has_video));
  g_variant_builder_add (&b, "{sv}", "has-audio", g_variant_new_boolean (self->has_audio));
  g_variant_builder_add (&b, "{sv}", "seekable", g_variant_new_boolean (self->seekable));
  g_variant_builder_add (&b, "{sv}", "audio-output", g_variant_new_string (audio));
  g_variant_builder_add (&b, "{sv}", "output-width", g_variant_new_uint32 (self->out_width));
  g_variant_builder_add (&b, "{sv}", "output-height", g_variant_new_uint32 (self->out_height));
  return g_variant_builder_end (&b);
}

/* --- GObject ------------------------------------------------------------ */

static void
video_player_dispose (GObject *object)
{
  VideoPlayer *self = VIDEO_PLAYER (object);

  cancel_pending (self, "the player is going away");
  video_player_teardown (self);
  if (self->frame_destroy != NULL)
    self->frame_destroy (self->frame_data);
  self->frame_func = NULL;
  self->frame_destroy = NULL;
  G_OBJECT_CLASS (video_player_parent_class)->dispose (object);
}

static void
video_player_finalize (GObject *object)
{
  VideoPlayer *self = VIDEO_PLAYER (object);

  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (video_player_parent_class)->finalize (object);
}

static void
video_player_class_init (VideoPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = video_player_dispose;
  object_class->finalize = video_player_finalize;
  video_fd_src_register ();

  /**
   * VideoPlayer::state-changed:
   * @state: the new state's wire name
   */
  video_player_signals[VIDEO_PLAYER_SIGNAL_STATE_CHANGED]
      = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * VideoPlayer::position:
   * @position: position in ns, or -1
   * @duration: duration in ns, or -1
   *
   * Every 100 ms while playing.
   */
  video_player_signals[VIDEO_PLAYER_SIGNAL_POSITION]
      = g_signal_new ("position", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /**
   * VideoPlayer::end-of-stream:
   *
   * The end was reached and looping is off.
   */
  video_player_signals[VIDEO_PLAYER_SIGNAL_END_OF_STREAM] = g_signal_new (
      "end-of-stream", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * VideoPlayer::error:
   * @error: what went wrong, in the %VIDEO_ERROR domain
   */
  video_player_signals[VIDEO_PLAYER_SIGNAL_ERROR]
      = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                      1, G_TYPE_ERROR);
  /**
   * VideoPlayer::buffering:
   * @percent: how full the network buffer is, 0-100
   */
  video_player_signals[VIDEO_PLAYER_SIGNAL_BUFFERING]
      = g_signal_new ("buffering", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * VideoPlayer::media-info:
   * @info: the media info dictionary (a{sv})
   */
  video_player_signals[VIDEO_PLAYER_SIGNAL_MEDIA_INFO]
      = g_signal_new ("media-info", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 1, G_TYPE_VARIANT);
}

static void
video_player_init (VideoPlayer *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->audio_device = -1;
  self->media_fd = -1;
  self->open_timeout_ms = DEFAULT_OPEN_TIMEOUT_MS;
  self->rate = 1.0;
  self->volume = 1.0;
  self->sync = TRUE;
  self->format = GST_VIDEO_FORMAT_BGRA;
  self->duration = -1;
  self->last_frame_end = -1;
}
