/* video-transport.c: the calls a video element makes, and what the
 * presenter does with a video (play, pause)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every call goes through video_element_call(): a reply from an instance
 * already let go is dropped, a timeout means the plugin hangs, and a
 * failure reaches the caller's reply function as the GError the plugin
 * sent (domain and code from docs/VIDEO-INTERFACE.md). What the audience
 * reads is a plain sentence chosen by that code; the plugin's technical
 * text goes to the terminal.
 */
#include "config.h"

#include "video-element-private.h"

#include "media-error.h"
#include "bridge-video-interface.h"

typedef struct
{
  VideoElement *self;
  BridgeConnection *connection;
  VideoReplyFunc func;
  char *method; /* for the log only */
} Call;

static void
call_free (Call *call)
{
  g_object_unref (call->connection);
  g_object_unref (call->self);
  g_free (call->method);
  g_free (call);
}

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Call *call = data;
  VideoElement *self = call->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &error);

  /* Replies from an instance already dropped do not matter, nor does a
   * call the closing connection ended: "closed" tells. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || call->connection != self->connection
      || g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED))
    ;
  else if (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT))
    {
      g_autofree char *why = g_strdup_printf ("no answer to %s", call->method);

      video_element_lose_plugin (self, why);
    }
  else if (error != NULL && call->func == NULL)
    g_debug ("%s: %s failed: %s", self->block->path, call->method, error->message);
  else if (call->func != NULL)
    call->func (self, reply, error);
  call_free (call);
}

/**
 * video_element_call:
 * @self: a #VideoElement
 * @method: a method of %VIDEO_INTERFACE_NAME
 * @args: (transfer floating): its arguments
 * @timeout_ms: how long before the plugin is thought hung
 * @func: (nullable): gets the reply or the plugin's error; without one,
 *   a failure is only logged
 *
 * Calls the current instance.
 */
void
video_element_call (
    VideoElement *self, const char *method, GVariant *args, int timeout_ms, VideoReplyFunc func)
{
  video_element_call_with_fds (self, method, args, NULL, timeout_ms, func);
}

/**
 * video_element_call_with_fds:
 * @self: a #VideoElement
 * @method: a method of %VIDEO_INTERFACE_NAME
 * @args: (transfer floating): its arguments
 * @fds: (nullable): fds the arguments refer to
 * @timeout_ms: how long before the plugin is thought hung
 * @func: (nullable): as for video_element_call()
 *
 * video_element_call() with fds (OpenFd's).
 */
void
video_element_call_with_fds (VideoElement *self,
                             const char *method,
                             GVariant *args,
                             GUnixFDList *fds,
                             int timeout_ms,
                             VideoReplyFunc func)
{
  Call *c = g_new0 (Call, 1);

  c->self = g_object_ref (self);
  c->connection = g_object_ref (self->connection);
  c->func = func;
  c->method = g_strdup (method);
  bridge_connection_call_async (self->connection, VIDEO_INTERFACE_NAME, method, args, fds, timeout_ms,
                                self->cancellable, on_call_done, c);
}

/* ---- seeking ------------------------------------------------------------ */

static void send_seek (VideoElement *self, double seconds, gboolean accurate);

static void
on_seek_done (VideoElement *self, GVariant *reply, const GError *error)
{
  if (error != NULL)
    g_debug ("%s: Seek failed: %s", self->block->path, error->message);
  if (self->seeks > 0)
    self->seeks--;
  /* While a drag goes on, only the last place asked for meanwhile. */
  if (self->seeks == 0 && self->pending_seek >= 0)
    {
      double target = self->pending_seek;

      self->pending_seek = -1;
      send_seek (self, target, self->pending_accurate);
    }
}

static void
send_seek (VideoElement *self, double seconds, gboolean accurate)
{
  self->seeks++;
  video_element_call (self, "Seek", g_variant_new ("(xb)", (gint64) (seconds * 1e9), accurate),
                      VIDEO_CALL_TIMEOUT_MS, on_seek_done);
}

/**
 * video_element_seek_to:
 * @self: a #VideoElement
 * @seconds: where to go; clamped to the video
 * @accurate: to that very picture (slower), or the key frame before it
 *
 * Goes there; the picture there follows, playing or paused as before
 * (from the end, paused). Seeks asked for while one is under way are
 * folded into one, the last.
 */
void
video_element_seek_to (VideoElement *self, double seconds, gboolean accurate)
{
  if (!video_element_is_ready (self))
    return;
  /* Forward stops on the last picture, not past the end. */
  if (self->duration > 0)
    seconds = MIN (seconds, MAX (0, self->duration - (self->framerate > 0 ? 1 / self->framerate : 0.04)));
  seconds = MAX (seconds, 0);
  self->position = seconds;
  video_element_status (self, "seek %.3f", seconds);
  if (self->seeks > 0)
    {
      self->pending_seek = seconds;
      self->pending_accurate = accurate;
    }
  else
    send_seek (self, seconds, accurate);
  video_element_changed (self);
}

/**
 * video_element_seek_by:
 * @self: a #VideoElement
 * @seconds: how far, back when negative
 *
 * Goes forward or back from where the video is.
 */
void
video_element_seek_by (VideoElement *self, double seconds)
{
  double from = self->pending_seek >= 0 ? self->pending_seek : self->position;

  video_element_seek_to (self, from + seconds, TRUE);
}

/**
 * video_element_step_frame:
 * @self: a #VideoElement
 * @frames: how many pictures on (back when negative)
 *
 * While paused, shows the next or previous picture.
 *
 * Returns: whether the video was paused and could step
 */
gboolean
video_element_step_frame (VideoElement *self, int frames)
{
  /* Without a frame rate (variable), a 25th of a second is a frame. */
  double frame = self->framerate > 0 ? 1 / self->framerate : 0.04;

  if (self->state != VIDEO_ELEMENT_PAUSED && self->state != VIDEO_ELEMENT_ENDED)
    return FALSE;
  video_element_status (self, "step %d", frames);
  /* A hair past the picture's start, so rounding cannot land on the one
   * before. */
  video_element_seek_by (self, frames * frame + (frames > 0 ? frame * 0.01 : 0));
  return TRUE;
}

/* ---- sound -------------------------------------------------------------- */

/**
 * video_element_set_volume:
 * @self: a #VideoElement
 * @volume: from 0 (silent) to 1 (as recorded)
 */
void
video_element_set_volume (VideoElement *self, double volume)
{
  self->volume = CLAMP (volume, 0, 1);
  video_element_status (self, "volume %.2f", self->volume);
  if (self->connection != NULL)
    video_element_call (self, "SetVolume", g_variant_new ("(d)", self->volume), VIDEO_CALL_TIMEOUT_MS, NULL);
  if (self->muted && self->volume > 0)
    video_element_toggle_mute (self);
  video_element_changed (self);
}

/**
 * video_element_get_volume:
 * @self: a #VideoElement
 *
 * Returns: the volume, from 0 to 1
 */
double
video_element_get_volume (VideoElement *self)
{
  return self->volume;
}

/**
 * video_element_toggle_mute:
 * @self: a #VideoElement
 *
 * Silences the video, or gives it its sound back.
 */
void
video_element_toggle_mute (VideoElement *self)
{
  self->muted = !self->muted;
  video_element_status (self, "mute %d", self->muted);
  if (self->connection != NULL)
    video_element_call (self, "SetMute", g_variant_new ("(b)", self->muted), VIDEO_CALL_TIMEOUT_MS, NULL);
  video_element_changed (self);
}

/**
 * video_element_is_muted:
 * @self: a #VideoElement
 *
 * Returns: whether the video is silent
 */
gboolean
video_element_is_muted (VideoElement *self)
{
  return self->muted;
}

/**
 * video_element_show_error:
 * @self: a #VideoElement
 * @error: what the plugin (or a check on what it sent) said
 *
 * Says on the slide, in plain words, that the video cannot be played;
 * the technical text goes to the terminal.
 */
void
video_element_show_error (VideoElement *self, const GError *error)
{
  g_message ("%s: %s", self->block->path, error->message);
  video_element_set_message (self, VIDEO_MESSAGE_ERROR, MEDIA_ERROR_VIDEO_HEADLINE,
                             media_error_plain_reason (error));
  video_element_status (self, "error %s", error->message);
}

/**
 * video_element_resume:
 * @self: a #VideoElement
 * @reply: (nullable): the Seek's reply, unused
 * @error: (nullable): why the Seek failed
 *
 * Set up (and back where the lost instance was, if it could): plays, or
 * shows the still.
 */
void
video_element_resume (VideoElement *self, GVariant *reply, const GError *error)
{
  /* Could not go back to where it was (not seekable, say): carry on from
   * where it is. */
  if (error != NULL)
    g_debug ("%s: cannot go back to %.3f s: %s", self->block->path, self->position, error->message);
  video_element_set_state (self, VIDEO_ELEMENT_PAUSED);
  if (self->want_playing)
    video_element_call (self, "Play", g_variant_new ("()"), VIDEO_CALL_TIMEOUT_MS, NULL);
  else
    video_element_show_still (self);
}

static void
on_restarted (VideoElement *self, GVariant *reply, const GError *error)
{
  self->seeks--;
  video_element_resume (self, reply, error);
}

static void
on_play_failed (VideoElement *self, GVariant *reply, const GError *error)
{
  if (error != NULL)
    video_element_show_error (self, error);
}

/**
 * video_element_toggle_play:
 * @self: a #VideoElement
 *
 * Pauses a playing video, plays a paused one (from the start when it had
 * ended). Before the plugin is ready, this only changes what happens
 * once it is.
 */
void
video_element_toggle_play (VideoElement *self)
{
  if (self->state == VIDEO_ELEMENT_STOPPED || self->state == VIDEO_ELEMENT_FAILED)
    return;
  self->want_playing = !self->want_playing;
  video_element_status (self, "%s", self->want_playing ? "play-requested" : "pause-requested");
  if (!video_element_is_ready (self))
    {
      video_element_changed (self);
      return;
    }
  if (!self->want_playing)
    video_element_call (self, "Pause", g_variant_new ("()"), VIDEO_CALL_TIMEOUT_MS, NULL);
  else if (self->state == VIDEO_ELEMENT_ENDED)
    {
      self->seeks++;
      video_element_call (self, "Seek", g_variant_new ("(xb)", (gint64) 0, TRUE), VIDEO_CALL_TIMEOUT_MS,
                          on_restarted);
    }
  else
    video_element_call (self, "Play", g_variant_new ("()"), VIDEO_CALL_TIMEOUT_MS, on_play_failed);
  video_element_changed (self);
}

/**
 * video_element_is_playing:
 * @self: a #VideoElement
 *
 * Returns: whether the video plays or is about to
 */
gboolean
video_element_is_playing (VideoElement *self)
{
  return self->want_playing;
}
