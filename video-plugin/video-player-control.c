/* video-player-control.c: transport and settings of the player
 *
 * Play, pause, stop, seek, and the settings that stay from one media to
 * the next: rate, looping, volume, sync and the output size and format.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-player-private.h"

#define MAX_RATE 16.0
#define MAX_VOLUME 10.0

/**
 * video_player_play:
 * @self: a #VideoPlayer
 * @error: return location for a %VIDEO_ERROR
 *
 * Starts playing; from the ended state, from the start again. While
 * opening, playback starts as soon as the media is ready.
 *
 * Returns: %TRUE if playback started
 */
gboolean
video_player_play (VideoPlayer *self, GError **error)
{
  gboolean restart;

  g_return_val_if_fail (VIDEO_IS_PLAYER (self), FALSE);
  if (self->state == VIDEO_PLAYER_STATE_OPENING)
    {
      /* Play as soon as the media is ready (video_player_finish_open()). */
      self->target_playing = TRUE;
      return TRUE;
    }
  if (!video_player_require_media (self, error))
    return FALSE;
  if (self->state == VIDEO_PLAYER_STATE_PLAYING)
    return TRUE;

  restart = self->state == VIDEO_PLAYER_STATE_ENDED;
  if (restart && !self->seekable)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_SEEKABLE, "%s ended and cannot seek back to its start",
                   self->uri);
      return FALSE;
    }
  /* A rate or looping chosen before playing takes effect with a seek. */
  if (restart || (self->seekable && !self->segment_applied && (self->rate != 1.0 || self->loop)))
    {
      if (!video_player_do_seek (self, restart ? 0 : video_player_get_position (self), TRUE, error))
        return FALSE;
    }

  self->target_playing = TRUE;
  if (!self->buffering
      && gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, "%s: the pipeline refused to play", self->uri);
      return FALSE;
    }
  video_player_change_state (self, VIDEO_PLAYER_STATE_PLAYING);
  return TRUE;
}

/* Pauses the pipeline; TRUE in @pending if a preroll is on its way. */
static gboolean
pause_pipeline (VideoPlayer *self, gboolean *pending, GError **error)
{
  GstStateChangeReturn ret;

  self->target_playing = FALSE;
  ret = gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_FAILED, "%s: the pipeline refused to pause", self->uri);
      return FALSE;
    }
  *pending = ret == GST_STATE_CHANGE_ASYNC;
  return TRUE;
}

/**
 * video_player_pause_async:
 * @self: a #VideoPlayer
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once paused, with the picture to show delivered
 * @user_data: data for @callback
 *
 * Pauses on the current picture. Pausing an ended player keeps it ended;
 * pausing while opening cancels a Play given meanwhile. GStreamer shows the next picture when it pauses (its
 * preroll); that picture is delivered before the pause completes, and none after.
 */
void
video_player_pause_async (VideoPlayer *self,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  gboolean pending = FALSE;

  g_return_if_fail (VIDEO_IS_PLAYER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, video_player_pause_async);
  if (self->state == VIDEO_PLAYER_STATE_OPENING)
    {
      /* Opening ends paused anyway; just forget an earlier Play. */
      self->target_playing = FALSE;
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!video_player_require_media (self, &error) || !pause_pipeline (self, &pending, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->state != VIDEO_PLAYER_STATE_ENDED)
    video_player_change_state (self, VIDEO_PLAYER_STATE_PAUSED);
  video_player_wait_for_preroll (self, g_steal_pointer (&task), pending);
}

/**
 * video_player_pause_finish:
 * @self: a #VideoPlayer
 * @result: the result given to the callback
 * @error: return location for a %VIDEO_ERROR
 *
 * Returns: %TRUE once paused
 */
gboolean
video_player_pause_finish (VideoPlayer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * video_player_stop_async:
 * @self: a #VideoPlayer
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once stopped, with the first picture delivered
 * @user_data: data for @callback
 *
 * Pauses and goes back to the first picture.
 */
void
video_player_stop_async (VideoPlayer *self,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;
  gboolean pending = FALSE;

  g_return_if_fail (VIDEO_IS_PLAYER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, video_player_stop_async);
  if (!video_player_require_media (self, &error) || !pause_pipeline (self, &pending, &error)
      || (self->seekable && !video_player_do_seek (self, 0, TRUE, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  video_player_change_state (self, VIDEO_PLAYER_STATE_STOPPED);
  video_player_wait_for_preroll (self, g_steal_pointer (&task), pending || self->seekable);
}

/**
 * video_player_stop_finish:
 * @self: a #VideoPlayer
 * @result: the result given to the callback
 * @error: return location for a %VIDEO_ERROR
 *
 * Returns: %TRUE once stopped
 */
gboolean
video_player_stop_finish (VideoPlayer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * video_player_seek_async:
 * @self: a #VideoPlayer
 * @position: where to go, in ns from the start
 * @accurate: %TRUE to land on the picture at @position, %FALSE for the
 *   key frame at or before it (faster)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the picture at the new position is ready
 * @user_data: data for @callback
 *
 * Seeks; a stopped or ended player becomes paused there.
 */
void
video_player_seek_async (VideoPlayer *self,
                         gint64 position,
                         gboolean accurate,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (VIDEO_IS_PLAYER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, video_player_seek_async);
  if (!video_player_require_media (self, &error))
    goto fail;
  if (!self->seekable)
    {
      g_set_error (&error, VIDEO_ERROR, VIDEO_ERROR_NOT_SEEKABLE, "%s cannot seek", self->uri);
      goto fail;
    }
  if (position < 0 || (self->duration >= 0 && position > self->duration))
    {
      g_set_error (&error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT,
                   "position %" G_GINT64_FORMAT " ns is outside the media (0 to %" G_GINT64_FORMAT " ns)",
                   position, self->duration);
      goto fail;
    }
  if (!video_player_do_seek (self, position, accurate, &error))
    goto fail;

  if (self->state == VIDEO_PLAYER_STATE_ENDED || self->state == VIDEO_PLAYER_STATE_STOPPED)
    video_player_change_state (self, VIDEO_PLAYER_STATE_PAUSED);
  video_player_wait_for_preroll (self, g_steal_pointer (&task), TRUE);
  return;

fail:
  g_task_return_error (task, error);
}

/**
 * video_player_seek_finish:
 * @self: a #VideoPlayer
 * @result: the result given to the callback
 * @error: return location for a %VIDEO_ERROR
 *
 * Returns: %TRUE if the seek landed
 */
gboolean
video_player_seek_finish (VideoPlayer *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * video_player_set_rate:
 * @self: a #VideoPlayer
 * @rate: playback speed, in (0, 16]; 1.0 is normal
 * @error: return location for a %VIDEO_ERROR
 *
 * Changes the speed (with a seek where the player is); it stays for the
 * next media too.
 *
 * Returns: %TRUE on success
 */
gboolean
video_player_set_rate (VideoPlayer *self, double rate, GError **error)
{
  g_return_val_if_fail (VIDEO_IS_PLAYER (self), FALSE);
  if (!(rate > 0.0 && rate <= MAX_RATE))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT, "rate %g is outside (0, %g]", rate,
                   MAX_RATE);
      return FALSE;
    }
  if (rate == self->rate)
    return TRUE;
  self->rate = rate;
  self->segment_applied = FALSE;
  if (self->state == VIDEO_PLAYER_STATE_PAUSED || self->state == VIDEO_PLAYER_STATE_PLAYING)
    video_player_reseek_here (self);
  return TRUE;
}

/**
 * video_player_set_loop:
 * @self: a #VideoPlayer
 * @loop: %TRUE to restart at the end, seamlessly
 *
 * Turns looping on or off; it stays for the next media too.
 */
void
video_player_set_loop (VideoPlayer *self, gboolean loop)
{
  g_return_if_fail (VIDEO_IS_PLAYER (self));
  loop = !!loop;
  if (loop == self->loop)
    return;
  self->loop = loop;
  /* Turning it off needs nothing: at SEGMENT_DONE the player ends. */
  if (loop)
    {
      self->segment_applied = FALSE;
      if (self->state == VIDEO_PLAYER_STATE_PAUSED || self->state == VIDEO_PLAYER_STATE_PLAYING)
        video_player_reseek_here (self);
    }
}

/**
 * video_player_set_volume:
 * @self: a #VideoPlayer
 * @volume: linear, 0.0 silent, 1.0 unchanged, at most 10.0
 * @error: return location for a %VIDEO_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
video_player_set_volume (VideoPlayer *self, double volume, GError **error)
{
  g_return_val_if_fail (VIDEO_IS_PLAYER (self), FALSE);
  if (!(volume >= 0.0 && volume <= MAX_VOLUME))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT, "volume %g is outside [0, %g]", volume,
                   MAX_VOLUME);
      return FALSE;
    }
  self->volume = volume;
  if (self->playbin != NULL)
    g_object_set (self->playbin, "volume", volume, NULL);
  return TRUE;
}

/**
 * video_player_set_mute:
 * @self: a #VideoPlayer
 * @mute: %TRUE to silence the audio
 */
void
video_player_set_mute (VideoPlayer *self, gboolean mute)
{
  g_return_if_fail (VIDEO_IS_PLAYER (self));
  self->mute = !!mute;
  if (self->playbin != NULL)
    g_object_set (self->playbin, "mute", self->mute, NULL);
}

/**
 * video_player_set_sync:
 * @self: a #VideoPlayer
 * @sync: %FALSE to decode as fast as possible, ignoring the clock
 *
 * With sync off, pictures go out as soon as they are decoded (for
 * benchmarks and tests); audio is not paced either.
 */
void
video_player_set_sync (VideoPlayer *self, gboolean sync)
{
  g_return_if_fail (VIDEO_IS_PLAYER (self));
  self->sync = !!sync;
  video_player_apply_sync (self);
}

/**
 * video_player_set_output:
 * @self: a #VideoPlayer
 * @max_width: widest picture wanted, 0 for the video's own
 * @max_height: tallest picture wanted, 0 for the video's own
 * @format: %GST_VIDEO_FORMAT_BGRA, _RGBA, _BGRx or _RGBx
 * @out_width: (out): the width pictures will have, 0 if not known yet
 * @out_height: (out): the height pictures will have, 0 if not known yet
 * @error: return location for a %VIDEO_ERROR
 *
 * Chooses the size and layout of delivered pictures: the video shrunk
 * (never grown) to fit @max_width x @max_height, keeping its display
 * aspect ratio, with square pixels. A paused or stopped player delivers
 * its current picture again, in the new size or the same one.
 *
 * Returns: %TRUE on success
 */
gboolean
video_player_set_output (VideoPlayer *self,
                         guint max_width,
                         guint max_height,
                         GstVideoFormat format,
                         guint *out_width,
                         guint *out_height,
                         GError **error)
{
  guint width, height, par_n, par_d;
  guint old_width = self->out_width, old_height = self->out_height;
  GstVideoFormat old_format = self->format;

  g_return_val_if_fail (VIDEO_IS_PLAYER (self), FALSE);
  if (format != GST_VIDEO_FORMAT_BGRA && format != GST_VIDEO_FORMAT_RGBA && format != GST_VIDEO_FORMAT_BGRx
      && format != GST_VIDEO_FORMAT_RGBx)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT,
                   "pixel format %s is not one of BGRA, RGBA, BGRx, RGBx",
                   gst_video_format_to_string (format));
      return FALSE;
    }
  self->max_width = max_width;
  self->max_height = max_height;
  self->format = format;

  if (video_player_has_media (self) && self->has_video
      && video_pipeline_get_video_size (self->playbin, &width, &height, &par_n, &par_d))
    {
      video_pipeline_fit (width, height, par_n, par_d, max_width, max_height, &self->out_width,
                          &self->out_height);
      if (self->out_width != old_width || self->out_height != old_height || format != old_format)
        video_player_apply_output_caps (self);
      /* Sent again whatever the size: the same size too, as for a box at
       * or beyond the native size (docs/VIDEO-INTERFACE.md, section 4). */
      if (self->state == VIDEO_PLAYER_STATE_PAUSED || self->state == VIDEO_PLAYER_STATE_STOPPED)
        video_player_reseek_here (self);
    }
  *out_width = self->out_width;
  *out_height = self->out_height;
  return TRUE;
}
