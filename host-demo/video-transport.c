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
  Call *c = g_new0 (Call, 1);

  c->self = g_object_ref (self);
  c->connection = g_object_ref (self->connection);
  c->func = func;
  c->method = g_strdup (method);
  bridge_connection_call_async (self->connection, VIDEO_INTERFACE_NAME, method, args, NULL, timeout_ms,
                                self->cancellable, on_call_done, c);
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
    video_element_call (self, "Seek", g_variant_new ("(xb)", (gint64) 0, TRUE), VIDEO_CALL_TIMEOUT_MS,
                        video_element_resume);
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
