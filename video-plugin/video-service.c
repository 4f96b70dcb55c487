/* video-service.c: org.libbridge.Video1 served over libbridge
 *
 * Binds a VideoPlayer to a BridgeService: methods become player calls,
 * player signals become events for every connected host, and pictures go
 * into a BridgeFrameProducer straight from the streaming thread. The
 * interface is specified in docs/VIDEO-INTERFACE.md.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-service.h"

#include <gio/gunixfdlist.h>

#include "video-sandbox.h"
#include "video-selftest.h"

/* A GetStill reply carries the pixels inline; keep it well inside the
 * default 16 MiB message limit (docs/VIDEO-INTERFACE.md, section 6.13). */
#define STILL_MAX_BYTES (12 * 1024 * 1024)
#define STILL_MARGIN 4096
#define RING_SLOTS 4

struct _VideoService
{
  GObject parent_instance;

  BridgeService *service;
  VideoPlayer *player;
  BridgeFrameFormat format;

  /* Shared with the streaming thread. */
  GMutex lock;
  BridgeFrameProducer *producer;
  BridgeConnection *producer_connection; /* unowned; the producer holds it */
};

G_DEFINE_FINAL_TYPE (VideoService, video_service, G_TYPE_OBJECT)

static const struct
{
  BridgeFrameFormat bridge;
  GstVideoFormat gst;
} formats[] = {
  { BRIDGE_FRAME_FORMAT_BGRA, GST_VIDEO_FORMAT_BGRA },
  { BRIDGE_FRAME_FORMAT_RGBA, GST_VIDEO_FORMAT_RGBA },
  { BRIDGE_FRAME_FORMAT_BGRX, GST_VIDEO_FORMAT_BGRx },
  { BRIDGE_FRAME_FORMAT_RGBX, GST_VIDEO_FORMAT_RGBx },
};

static GstVideoFormat
format_to_gst (BridgeFrameFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].bridge == format)
      return formats[i].gst;
  return GST_VIDEO_FORMAT_UNKNOWN;
}

static BridgeFrameFormat
format_from_gst (GstVideoFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].gst == format)
      return formats[i].bridge;
  return BRIDGE_FRAME_FORMAT_INVALID;
}

/* From a streaming thread; the producer never blocks it. */
static void
on_frame (const VideoFrame *frame, gpointer user_data)
{
  VideoService *self = user_data;
  g_autoptr (BridgeFrameProducer) producer = NULL;
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&self->lock);
  if (self->producer != NULL)
    producer = g_object_ref (self->producer);
  g_mutex_unlock (&self->lock);
  if (producer == NULL)
    return;

  /* Configuring to the current size and format costs nothing. */
  if (!bridge_frame_producer_configure (producer, format_from_gst (frame->format), frame->width,
                                        frame->height, &error)
      || !bridge_frame_producer_push (producer, frame->data, frame->stride, frame->pts, frame->duration,
                                      &error))
    g_debug ("frame at %" G_GINT64_FORMAT " ns not sent: %s", frame->pts, error->message);
}

static void
set_producer (VideoService *self, BridgeFrameProducer *producer, BridgeConnection *connection)
{
  g_autoptr (BridgeFrameProducer) old = NULL;

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->producer);
  self->producer = producer;
  self->producer_connection = connection;
  g_mutex_unlock (&self->lock);
}

static void
on_connection_removed (BridgeService *service, BridgeConnection *connection, gpointer user_data)
{
  VideoService *self = user_data;

  if (connection == self->producer_connection)
    set_producer (self, NULL, NULL);
}

/* --- events ------------------------------------------------------------ */

static void
emit (VideoService *self, const char *event, GVariant *args)
{
  bridge_service_emit (self->service, VIDEO_INTERFACE_NAME, event, args);
}

static void
on_state_changed (VideoPlayer *player, const char *state, gpointer user_data)
{
  emit (user_data, "StateChanged", g_variant_new ("(s)", state));
}

static void
on_position (VideoPlayer *player, gint64 position, gint64 duration, gpointer user_data)
{
  emit (user_data, "Position", g_variant_new ("(xx)", position, duration));
}

static void
on_end_of_stream (VideoPlayer *player, gpointer user_data)
{
  emit (user_data, "EndOfStream", g_variant_new ("()"));
}

static void
on_error (VideoPlayer *player, GError *error, gpointer user_data)
{
  emit (user_data, "Error",
        g_variant_new ("(sis)", g_quark_to_string (error->domain), error->code, error->message));
}

static void
on_buffering (VideoPlayer *player, int percent, gpointer user_data)
{
  emit (user_data, "Buffering", g_variant_new ("(i)", percent));
}

static void
on_media_info (VideoPlayer *player, GVariant *info, gpointer user_data)
{
  emit (user_data, "MediaInfo", g_variant_new ("(@a{sv})", info));
}

/* --- methods ----------------------------------------------------------- */

/* An empty reply, or @error if the call failed: the player's functions
 * set an error exactly when they fail. */
static void
reply (BridgeInvocation *invocation, const GError *error)
{
  if (error == NULL)
    bridge_invocation_return_value (invocation, g_variant_new ("()"));
  else
    bridge_invocation_return_gerror (invocation, error);
}

static void
on_open_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BridgeInvocation) invocation = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) info = video_player_open_finish (VIDEO_PLAYER (source), result, &error);

  if (info == NULL)
    bridge_invocation_return_gerror (invocation, error);
  else
    bridge_invocation_return_value (invocation, g_variant_new ("(@a{sv})", info));
}

static void
handle_open (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  g_autoptr (GError) error = NULL;
  const char *location;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &location);
  if (!video_sandbox_allow_media (location, &error))
    {
      bridge_invocation_return_gerror (invocation, error);
      return;
    }
  video_player_open_async (self->player, location, NULL, on_open_done, g_object_ref (invocation));
}

/* docs/VIDEO-INTERFACE.md §6.14: local media the host opened. */
static void
handle_open_fd (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  GUnixFDList *fds = bridge_invocation_get_fds (invocation);
  g_autoptr (GError) error = NULL;
  gint32 index;
  int fd;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(h)", &index);
  if (fds == NULL || index < 0 || index >= g_unix_fd_list_get_length (fds))
    {
      bridge_invocation_return_error (invocation, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT,
                                      "OpenFd: fd index %d, but the call carries %d fds", index,
                                      fds != NULL ? g_unix_fd_list_get_length (fds) : 0);
      return;
    }
  if (!video_sandbox_allow_media (NULL, &error)
      || (fd = g_unix_fd_list_get (fds, index, &error)) < 0) /* a dup: ours to keep */
    {
      bridge_invocation_return_gerror (invocation, error);
      return;
    }
  video_player_open_fd_async (self->player, fd, NULL, on_open_done, g_object_ref (invocation));
}

/* Test-only (video-selftest.c): exported with LIBBRIDGE_VIDEO_SELFTEST=1. */
static void
handle_self_test (BridgeInvocation *invocation, gpointer user_data)
{
  const char *action;
  g_autofree char *result = NULL;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(&s)", &action);
  result = video_selftest_run (action);
  if (result == NULL)
    bridge_invocation_return_error (invocation, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT,
                                    "SelfTest: no action '%s'", action);
  else
    bridge_invocation_return_value (invocation, g_variant_new ("(s)", result));
}

static void
handle_close (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;

  video_player_close (self->player);
  reply (invocation, NULL);
}

static void
handle_play (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  g_autoptr (GError) error = NULL;

  video_player_play (self->player, &error);
  reply (invocation, error);
}

static void
on_pause_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BridgeInvocation) invocation = user_data;
  g_autoptr (GError) error = NULL;

  video_player_pause_finish (VIDEO_PLAYER (source), result, &error);
  reply (invocation, error);
}

static void
handle_pause (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;

  video_player_pause_async (self->player, NULL, on_pause_done, g_object_ref (invocation));
}

static void
on_stop_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BridgeInvocation) invocation = user_data;
  g_autoptr (GError) error = NULL;

  video_player_stop_finish (VIDEO_PLAYER (source), result, &error);
  reply (invocation, error);
}

static void
handle_stop (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;

  video_player_stop_async (self->player, NULL, on_stop_done, g_object_ref (invocation));
}

static void
on_seek_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BridgeInvocation) invocation = user_data;
  g_autoptr (GError) error = NULL;

  video_player_seek_finish (VIDEO_PLAYER (source), result, &error);
  reply (invocation, error);
}

static void
handle_seek (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  gint64 position;
  gboolean accurate;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(xb)", &position, &accurate);
  video_player_seek_async (self->player, position, accurate, NULL, on_seek_done, g_object_ref (invocation));
}

static void
handle_get_state (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  g_autoptr (GVariant) player_state = g_variant_ref_sink (video_player_describe_state (self->player));
  g_autoptr (BridgeFrameProducer) producer = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  g_mutex_lock (&self->lock);
  if (self->producer != NULL)
    producer = g_object_ref (self->producer);
  g_mutex_unlock (&self->lock);

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, player_state);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  g_variant_builder_add (&b, "{sv}", "interface-minor", g_variant_new_uint32 (VIDEO_INTERFACE_MINOR));
  g_variant_builder_add (&b, "{sv}", "output-format", g_variant_new_uint32 (self->format));
  g_variant_builder_add (&b, "{sv}", "frames-pushed",
                         g_variant_new_uint64 (producer ? bridge_frame_producer_get_pushed (producer) : 0));
  g_variant_builder_add (&b, "{sv}", "frames-dropped",
                         g_variant_new_uint64 (producer ? bridge_frame_producer_get_dropped (producer) : 0));
  bridge_invocation_return_value (invocation, g_variant_new ("(a{sv})", &b));
}

static void
handle_set_rate (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  g_autoptr (GError) error = NULL;
  double rate;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(d)", &rate);
  video_player_set_rate (self->player, rate, &error);
  reply (invocation, error);
}

static void
handle_set_loop (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  gboolean loop;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(b)", &loop);
  video_player_set_loop (self->player, loop);
  reply (invocation, NULL);
}

static void
handle_set_volume (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  g_autoptr (GError) error = NULL;
  double volume;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(d)", &volume);
  video_player_set_volume (self->player, volume, &error);
  reply (invocation, error);
}

static void
handle_set_mute (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  gboolean mute;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(b)", &mute);
  video_player_set_mute (self->player, mute);
  reply (invocation, NULL);
}

static void
handle_set_sync (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  gboolean sync;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(b)", &sync);
  video_player_set_sync (self->player, sync);
  reply (invocation, NULL);
}

static void
handle_set_output (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  BridgeConnection *connection = bridge_invocation_get_connection (invocation);
  g_autoptr (GError) error = NULL;
  guint32 max_width, max_height, format;
  guint width = 0, height = 0;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(uuu)", &max_width, &max_height, &format);
  if (format_to_gst (format) == GST_VIDEO_FORMAT_UNKNOWN)
    {
      bridge_invocation_return_error (invocation, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT,
                                      "frame format %u is not one of BGRA (1), RGBA (2), BGRX (3), "
                                      "RGBX (4)",
                                      format);
      return;
    }

  /* Frames go to whoever asked for them last. */
  if (connection != self->producer_connection)
    set_producer (self, bridge_frame_producer_new (connection, VIDEO_FRAME_STREAM_ID, RING_SLOTS),
                  connection);
  self->format = format;
  if (!video_player_set_output (self->player, max_width, max_height, format_to_gst (format), &width, &height,
                                &error))
    {
      bridge_invocation_return_gerror (invocation, error);
      return;
    }
  bridge_invocation_return_value (invocation, g_variant_new ("(uu)", width, height));
}

static void
on_still_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (BridgeInvocation) invocation = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) pixels = NULL;
  VideoFrame frame;

  pixels = video_player_get_still_finish (VIDEO_PLAYER (source), result, &frame, &error);
  if (pixels == NULL)
    {
      bridge_invocation_return_gerror (invocation, error);
      return;
    }
  bridge_invocation_return_value (
      invocation, g_variant_new ("(uuuu@ay)", frame.width, frame.height, frame.stride,
                                 (guint32) format_from_gst (frame.format),
                                 g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, pixels, TRUE)));
}

static void
handle_get_still (BridgeInvocation *invocation, gpointer user_data)
{
  VideoService *self = user_data;
  BridgeConnection *connection = bridge_invocation_get_connection (invocation);
  guint64 limit = bridge_connection_get_limit (connection, BRIDGE_LIMIT_MESSAGE_SIZE);
  gint64 position;
  guint32 max_width, max_height;

  g_variant_get (bridge_invocation_get_parameters (invocation), "(xuu)", &position, &max_width, &max_height);
  video_player_get_still_async (self->player, position, max_width, max_height,
                                MIN (STILL_MAX_BYTES, limit > STILL_MARGIN ? limit - STILL_MARGIN : 0), NULL,
                                on_still_done, g_object_ref (invocation));
}

static BridgeInterface *
make_interface (VideoService *self)
{
  BridgeInterface *iface = bridge_interface_new (VIDEO_INTERFACE_NAME);
  static const struct
  {
    const char *name, *in, *out;
    BridgeMethodFunc func;
  } methods[] = {
    { "Open", "(s)", "(a{sv})", handle_open },
    { "OpenFd", "(h)", "(a{sv})", handle_open_fd },
    { "Close", "()", "()", handle_close },
    { "Play", "()", "()", handle_play },
    { "Pause", "()", "()", handle_pause },
    { "Stop", "()", "()", handle_stop },
    { "Seek", "(xb)", "()", handle_seek },
    { "GetState", "()", "(a{sv})", handle_get_state },
    { "SetRate", "(d)", "()", handle_set_rate },
    { "SetLoop", "(b)", "()", handle_set_loop },
    { "SetVolume", "(d)", "()", handle_set_volume },
    { "SetMute", "(b)", "()", handle_set_mute },
    { "SetSync", "(b)", "()", handle_set_sync },
    { "SetOutput", "(uuu)", "(uu)", handle_set_output },
    { "GetStill", "(xuu)", "(uuuuay)", handle_get_still },
  };
  static const struct
  {
    const char *name, *type;
  } events[] = {
    { "StateChanged", "(s)" }, { "Position", "(xx)" }, { "EndOfStream", "()" },
    { "Error", "(sis)" },      { "Buffering", "(i)" }, { "MediaInfo", "(a{sv})" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    bridge_interface_add_method (iface, methods[i].name, methods[i].in, methods[i].out, methods[i].func, self,
                                 NULL);
  if (video_selftest_enabled ())
    bridge_interface_add_method (iface, "SelfTest", "(s)", "(s)", handle_self_test, self, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    bridge_interface_add_event (iface, events[i].name, events[i].type);
  return iface;
}

/* --- GObject ------------------------------------------------------------ */

static void
video_service_dispose (GObject *object)
{
  VideoService *self = VIDEO_SERVICE (object);

  if (self->player != NULL)
    {
      /* Closing joins the streaming threads: no frame arrives after it. */
      video_player_close (self->player);
      g_signal_handlers_disconnect_by_data (self->player, self);
      video_player_set_frame_func (self->player, NULL, NULL, NULL);
      g_clear_object (&self->player);
    }
  if (self->service != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->service, self);
      g_clear_object (&self->service);
    }
  set_producer (self, NULL, NULL);
  G_OBJECT_CLASS (video_service_parent_class)->dispose (object);
}

static void
video_service_finalize (GObject *object)
{
  VideoService *self = VIDEO_SERVICE (object);

  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (video_service_parent_class)->finalize (object);
}

static void
video_service_class_init (VideoServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = video_service_dispose;
  object_class->finalize = video_service_finalize;
}

static void
video_service_init (VideoService *self)
{
  g_mutex_init (&self->lock);
  self->format = BRIDGE_FRAME_FORMAT_BGRA;
}

/**
 * video_service_new:
 * @service: the plugin's #BridgeService, not running yet
 * @player: the player to serve
 *
 * Exports %VIDEO_INTERFACE_NAME on @service and drives @player from it.
 * Dispose the returned object after bridge_service_run() returns: that
 * stops playback before the connections go.
 *
 * Returns: (transfer full): a new #VideoService
 */
VideoService *
video_service_new (BridgeService *service, VideoPlayer *player)
{
  VideoService *self;
  g_autoptr (BridgeInterface) iface = NULL;

  g_return_val_if_fail (BRIDGE_IS_SERVICE (service), NULL);
  g_return_val_if_fail (VIDEO_IS_PLAYER (player), NULL);

  self = g_object_new (VIDEO_TYPE_SERVICE, NULL);
  self->service = g_object_ref (service);
  self->player = g_object_ref (player);

  video_player_set_frame_func (player, on_frame, self, NULL);
  g_signal_connect (player, "state-changed", G_CALLBACK (on_state_changed), self);
  g_signal_connect (player, "position", G_CALLBACK (on_position), self);
  g_signal_connect (player, "end-of-stream", G_CALLBACK (on_end_of_stream), self);
  g_signal_connect (player, "error", G_CALLBACK (on_error), self);
  g_signal_connect (player, "buffering", G_CALLBACK (on_buffering), self);
  g_signal_connect (player, "media-info", G_CALLBACK (on_media_info), self);
  g_signal_connect (service, "connection-removed", G_CALLBACK (on_connection_removed), self);

  iface = make_interface (self);
  bridge_service_export (service, iface);
  return self;
}
