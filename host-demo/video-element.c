/* video-element.c: one video of a slide, played by the video plugin
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each video on the shown slide gets a plugin process of its own, found
 * in the registry by interface (org.libbridge.Video1, docs/VIDEO-INTERFACE.md)
 * and started fresh. Pictures arrive through the connection's frame ring;
 * each becomes a GdkMemoryTexture over the shared-memory slot itself
 * (bridge_frame_get_bytes() holds the slot while the texture lives), so
 * nothing is copied on this side.
 *
 * A plugin is watched: a closed connection (it crashed or exited) or a
 * call that times out (it hangs; GetState is polled for that) makes the
 * element drop it, say so on the slide, start a new one and carry on from
 * the last position, playing or not as before. A plugin that keeps
 * failing is given up on after a few tries.
 */
#include "config.h"

#include "video-element.h"

#include <signal.h>
#include <unistd.h>

#include "video-interface.h"

/* Timeouts are safety nets for a plugin that hangs, not measurements. */
#define CALL_TIMEOUT_MS 3000
#define OPEN_TIMEOUT_MS 10000
#define PING_INTERVAL_MS 300
#define PING_TIMEOUT_MS 700
/* Lets tests under valgrind, where everything is many times slower, wait
 * longer before calling a plugin hung. */
#define PING_TIMEOUT_ENV "HOST_DEMO_PING_TIMEOUT_MS"
#define MAX_RESTARTS 3
#define RESTART_WINDOW_US (20 * G_USEC_PER_SEC)
#define OUTPUT_MAX_WIDTH 1920
#define OUTPUT_MAX_HEIGHT 1080

struct _VideoElement
{
  GObject parent_instance;

  BridgeRegistry *registry;
  DeckBlock *block;

  /* One plugin instance; replaced when it fails. */
  BridgeConnection *connection;
  BridgeFrameConsumer *consumer;
  GCancellable *cancellable; /* of the current instance's calls */
  int pid;
  gboolean ready; /* opened, and set up */
  gboolean ping_pending;
  guint ping_id;
  guint restart_id;
  guint restarts; /* within the current window */
  gint64 restart_window_start;
  gboolean restarting;
  gboolean seeking; /* pictures from before the seek are stale */

  gboolean started;
  gboolean want_playing;
  gboolean playing;
  gboolean ended;
  double position; /* seconds */
  double duration;
  guint width, height;
  GdkTexture *texture;
  guint64 frames;
  char *message;
  char *detail;
};

G_DEFINE_FINAL_TYPE (VideoElement, video_element, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_STATUS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
static guint ping_timeout_ms = PING_TIMEOUT_MS;

static void connect_plugin (VideoElement *self);
static void lose_plugin (VideoElement *self, const char *why);
static void on_seeked (VideoElement *self, GVariant *reply);

/* ---- small things ------------------------------------------------------ */

static void status (VideoElement *self, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
status (VideoElement *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("video %s: %s", self->block->source, text);
  g_signal_emit (self, signals[SIGNAL_STATUS], 0, text);
}

static void
changed (VideoElement *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
set_message (VideoElement *self, const char *message, const char *detail)
{
  g_free (self->message);
  g_free (self->detail);
  self->message = g_strdup (message);
  self->detail = g_strdup (detail);
  changed (self);
}

static gboolean
is_cancelled (GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* A GdkMemoryTexture over pixels in a ring slot or a reply, no copy. */
static GdkTexture *
texture_for (guint width, guint height, guint stride, BridgeFrameFormat format, GBytes *bytes, GError **error)
{
  GdkMemoryFormat memory_format;

  switch (format)
    {
      case BRIDGE_FRAME_FORMAT_BGRA:
        memory_format = GDK_MEMORY_B8G8R8A8_PREMULTIPLIED;
        break;
      case BRIDGE_FRAME_FORMAT_RGBA:
        memory_format = GDK_MEMORY_R8G8B8A8_PREMULTIPLIED;
        break;
      default:
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                     "pictures in frame format %u cannot be shown", format);
        return NULL;
    }
  if (width == 0 || height == 0 || width > 16384 || height > 16384 || stride < width * 4
      || g_bytes_get_size (bytes) < (gsize) stride * (height - 1) + width * 4)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_FRAME,
                   "a %ux%u picture with stride %u does not fit in %zu bytes", width, height, stride,
                   g_bytes_get_size (bytes));
      return NULL;
    }
  return gdk_memory_texture_new (width, height, memory_format, bytes, stride);
}

static void
set_texture (VideoElement *self, GdkTexture *texture, guint width, guint height)
{
  g_set_object (&self->texture, texture);
  self->width = width;
  self->height = height;
  self->frames++;
}

/* ---- calls ------------------------------------------------------------- */

typedef void (*ReplyFunc) (VideoElement *self, GVariant *reply);

typedef struct
{
  VideoElement *self;
  BridgeConnection *connection;
  ReplyFunc func;
  char *method;
} Call;

static void
on_call_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Call *call = data;
  VideoElement *self = call->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = bridge_connection_call_finish (BRIDGE_CONNECTION (source), result, NULL, &error);

  /* Replies from an instance already dropped do not matter. */
  if (reply == NULL && is_cancelled (error))
    ;
  else if (call->connection != self->connection)
    ;
  else if (reply == NULL && g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_TIMED_OUT))
    {
      g_autofree char *why = g_strdup_printf ("no answer to %s", call->method);

      lose_plugin (self, why);
    }
  else if (reply == NULL && g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_CLOSED))
    ; /* "closed" tells */
  else if (reply == NULL)
    {
      g_autofree char *base = g_path_get_basename (self->block->path);
      g_autofree char *title = g_strdup_printf ("Cannot play %s", base);

      g_debug ("%s: %s failed: %s", self->block->path, call->method, error->message);
      /* Could not go back to where it was: carry on from where it is. */
      if (g_str_equal (call->method, "Seek"))
        on_seeked (self, NULL);
      /* A refused Seek or Pause is no reason to give up the picture. */
      if (g_str_equal (call->method, "Open") || g_str_equal (call->method, "GetStill")
          || g_str_equal (call->method, "Play"))
        {
          set_message (self, title, error->message);
          status (self, "error %s", error->message);
        }
    }
  else if (call->func != NULL)
    call->func (self, reply);

  g_object_unref (call->connection);
  g_object_unref (call->self);
  g_free (call->method);
  g_free (call);
}

static void
call (VideoElement *self, const char *method, GVariant *args, int timeout_ms, ReplyFunc func)
{
  Call *c = g_new0 (Call, 1);

  c->self = g_object_ref (self);
  c->connection = g_object_ref (self->connection);
  c->func = func;
  c->method = g_strdup (method);
  bridge_connection_call_async (self->connection, VIDEO_INTERFACE_NAME, method, args, NULL, timeout_ms,
                                self->cancellable, on_call_done, c);
}

/* ---- liveness ---------------------------------------------------------- */

static void
on_pong (VideoElement *self, GVariant *reply)
{
  self->ping_pending = FALSE;
}

static gboolean
ping (gpointer data)
{
  VideoElement *self = data;

  if (self->connection != NULL && !self->ping_pending)
    {
      self->ping_pending = TRUE;
      call (self, "GetState", g_variant_new ("()"), ping_timeout_ms, on_pong);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- events from the plugin -------------------------------------------- */

static void
on_frame (BridgeFrameConsumer *consumer, BridgeFrame *frame, VideoElement *self)
{
  g_autoptr (GBytes) bytes = bridge_frame_get_bytes (frame);
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  gint64 pts = bridge_frame_get_pts (frame);

  /* A new instance shows its first picture before it seeks to where the
   * old one was: keep the old picture up until then. */
  if (self->seeking)
    return;
  texture = texture_for (bridge_frame_get_width (frame), bridge_frame_get_height (frame),
                         bridge_frame_get_stride (frame), bridge_frame_get_format (frame), bytes, &error);
  if (texture == NULL)
    {
      g_debug ("%s: frame dropped: %s", self->block->path, error->message);
      return;
    }
  set_texture (self, texture, bridge_frame_get_width (frame), bridge_frame_get_height (frame));
  if (pts >= 0)
    self->position = pts / 1e9;
  if (self->restarting)
    {
      self->restarting = FALSE;
      g_clear_pointer (&self->message, g_free);
      g_clear_pointer (&self->detail, g_free);
    }
  changed (self);
}

static void
on_state_changed (BridgeConnection *connection,
                  const char *iface,
                  const char *event,
                  GVariant *args,
                  GUnixFDList *fds,
                  VideoElement *self)
{
  const char *state;

  g_variant_get (args, "(&s)", &state);
  self->playing = g_str_equal (state, "playing");
  self->ended = g_str_equal (state, "ended");
  /* At the end the picture stays, with the play button to start again. */
  if (self->ended)
    self->want_playing = FALSE;
  if (self->playing || g_str_equal (state, "paused") || self->ended)
    status (self, "%s", state);
  changed (self);
}

static void
on_position (BridgeConnection *connection,
             const char *iface,
             const char *event,
             GVariant *args,
             GUnixFDList *fds,
             VideoElement *self)
{
  gint64 position, duration;

  g_variant_get (args, "(xx)", &position, &duration);
  if (duration > 0)
    self->duration = duration / 1e9;
}

static void
on_error_event (BridgeConnection *connection,
                const char *iface,
                const char *event,
                GVariant *args,
                GUnixFDList *fds,
                VideoElement *self)
{
  g_autofree char *base = g_path_get_basename (self->block->path);
  g_autofree char *title = g_strdup_printf ("Cannot play %s", base);
  const char *domain, *message;
  int code;

  g_variant_get (args, "(&si&s)", &domain, &code, &message);
  self->playing = FALSE;
  set_message (self, title, message);
  status (self, "error %s", message);
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, VideoElement *self)
{
  g_autofree char *why = g_strdup_printf ("%s", message != NULL ? message : "connection closed");

  lose_plugin (self, why);
}

/* ---- setting an instance up -------------------------------------------- */

static void
on_still (VideoElement *self, GVariant *reply)
{
  g_autoptr (GVariant) pixels = g_variant_get_child_value (reply, 4);
  g_autoptr (GBytes) bytes = g_variant_get_data_as_bytes (pixels);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  guint32 width, height, stride, format;

  g_variant_get_child (reply, 0, "u", &width);
  g_variant_get_child (reply, 1, "u", &height);
  g_variant_get_child (reply, 2, "u", &stride);
  g_variant_get_child (reply, 3, "u", &format);
  texture = texture_for (width, height, stride, format, bytes, &error);
  if (texture == NULL)
    {
      set_message (self, "The video plugin sent a broken picture", error->message);
      return;
    }
  set_texture (self, texture, width, height);
  self->restarting = FALSE;
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->detail, g_free);
  status (self, "still");
  changed (self);
}

static void
show_still (VideoElement *self)
{
  gint64 at = (gint64) (self->position * 1e9);

  if (self->duration > 0 && at >= self->duration * 1e9)
    at = 0;
  call (self, "GetStill", g_variant_new ("(xuu)", at, OUTPUT_MAX_WIDTH, OUTPUT_MAX_HEIGHT), OPEN_TIMEOUT_MS,
        on_still);
}

static void
on_seeked (VideoElement *self, GVariant *reply)
{
  self->seeking = FALSE;
  if (self->want_playing)
    call (self, "Play", g_variant_new ("()"), CALL_TIMEOUT_MS, NULL);
  else
    show_still (self);
}

static void
on_opened (VideoElement *self, GVariant *reply)
{
  g_autoptr (GVariant) info = g_variant_get_child_value (reply, 0);
  guint32 width = 0, height = 0;
  gint64 duration = -1;

  g_variant_lookup (info, "width", "u", &width);
  g_variant_lookup (info, "height", "u", &height);
  g_variant_lookup (info, "duration", "x", &duration);
  if (duration > 0)
    self->duration = duration / 1e9;
  if (width > 0 && height > 0 && self->texture == NULL)
    {
      self->width = width;
      self->height = height;
    }
  self->ready = TRUE;
  status (self, "opened %u %u %.3f", width, height, self->duration);

  call (self, "SetLoop", g_variant_new ("(b)", (self->block->video_flags & DECK_VIDEO_LOOP) != 0),
        CALL_TIMEOUT_MS, NULL);
  call (self, "SetMute", g_variant_new ("(b)", (self->block->video_flags & DECK_VIDEO_MUTE) != 0),
        CALL_TIMEOUT_MS, NULL);
  if (self->seeking)
    call (self, "Seek", g_variant_new ("(xb)", (gint64) (self->position * 1e9), TRUE), CALL_TIMEOUT_MS,
          on_seeked);
  else
    on_seeked (self, NULL);
  changed (self);
}

static void
on_output_set (VideoElement *self, GVariant *reply)
{
  call (self, "Open", g_variant_new ("(s)", self->block->path), OPEN_TIMEOUT_MS, on_opened);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (VideoElement) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BridgeConnection) connection = NULL;

  connection = bridge_registry_connect_finish (BRIDGE_REGISTRY (source), result, &error);
  if (connection == NULL)
    {
      if (is_cancelled (error) || !self->started)
        return;
      g_debug ("%s: %s", self->block->path, error->message);
      lose_plugin (self, error->message);
      return;
    }
  if (!self->started)
    {
      bridge_connection_close (connection);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  self->pid = bridge_connection_get_peer_pid (self->connection);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (self->connection, "event::StateChanged", G_CALLBACK (on_state_changed), self);
  g_signal_connect (self->connection, "event::Position", G_CALLBACK (on_position), self);
  g_signal_connect (self->connection, "event::Error", G_CALLBACK (on_error_event), self);
  /* The consumer must listen before SetOutput makes the plugin send its
   * ring. */
  self->consumer = bridge_frame_consumer_new (self->connection, VIDEO_FRAME_STREAM_ID);
  g_signal_connect (self->consumer, "frame", G_CALLBACK (on_frame), self);
  status (self, "%s %d", self->restarting ? "plugin-restarted" : "plugin-started", self->pid);
  /* Pictures before the seek to the old position are stale. */
  self->seeking = self->position > 0;

  call (self, "SetOutput",
        g_variant_new ("(uuu)", OUTPUT_MAX_WIDTH, OUTPUT_MAX_HEIGHT, BRIDGE_FRAME_FORMAT_BGRA),
        CALL_TIMEOUT_MS, on_output_set);
  self->ping_id = g_timeout_add (PING_INTERVAL_MS, ping, self);
}

static void
connect_plugin (VideoElement *self)
{
  BridgePluginInfo *info = NULL; /* owned by the registry */

  if (self->registry != NULL)
    info = bridge_registry_find_by_interface (self->registry, VIDEO_INTERFACE_NAME);
  if (info == NULL)
    {
      set_message (self, "No video plugin found",
                   "nothing on the plugin path implements " VIDEO_INTERFACE_NAME);
      status (self, "no-plugin");
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  bridge_registry_connect_async (self->registry, info, BRIDGE_CONNECT_FLAGS_NEW_INSTANCE, self->cancellable,
                                 on_connected, g_object_ref (self));
}

/* ---- losing and restarting ---------------------------------------------- */

/* Lets the current instance go, killing it if it still runs. */
static void
drop_plugin (VideoElement *self, gboolean kill_it)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  self->ping_pending = FALSE;
  self->ready = FALSE;
  self->seeking = FALSE;
  if (self->consumer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->consumer, self);
      g_clear_object (&self->consumer);
    }
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      /* A hung plugin does not read its socket; it is ours to end. */
      if (kill_it && self->pid > 0 && self->pid != getpid ())
        kill (self->pid, SIGKILL);
      bridge_connection_close (self->connection);
      g_clear_object (&self->connection);
    }
  self->pid = 0;
}

static gboolean
restart (gpointer data)
{
  VideoElement *self = data;

  self->restart_id = 0;
  connect_plugin (self);
  return G_SOURCE_REMOVE;
}

static void
lose_plugin (VideoElement *self, const char *why)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->started)
    return;
  drop_plugin (self, TRUE);
  self->playing = FALSE;
  status (self, "plugin-lost %s", why);

  if (now - self->restart_window_start > RESTART_WINDOW_US)
    {
      self->restart_window_start = now;
      self->restarts = 0;
    }
  if (++self->restarts > MAX_RESTARTS)
    {
      set_message (self, "The video plugin keeps failing", why);
      status (self, "plugin-gave-up");
      return;
    }

  /* Carry on from where the picture was: the last frame stays up, dimmed,
   * with the reason over it, until the new instance sends one. */
  self->restarting = TRUE;
  set_message (self, "The video plugin stopped — restarting it", why);
  if (self->restart_id == 0)
    self->restart_id = g_idle_add (restart, self);
}

/* ---- object ------------------------------------------------------------ */

static void
video_element_dispose (GObject *object)
{
  VideoElement *self = HOST_VIDEO_ELEMENT (object);

  self->started = FALSE;
  drop_plugin (self, FALSE);
  g_clear_handle_id (&self->restart_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_object (&self->registry);
  G_OBJECT_CLASS (video_element_parent_class)->dispose (object);
}

static void
video_element_finalize (GObject *object)
{
  VideoElement *self = HOST_VIDEO_ELEMENT (object);

  g_free (self->message);
  g_free (self->detail);
  G_OBJECT_CLASS (video_element_parent_class)->finalize (object);
}

static void
video_element_class_init (VideoElementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = video_element_dispose;
  object_class->finalize = video_element_finalize;

  /**
   * VideoElement::changed:
   *
   * The picture or the state changed: time to draw again.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);

  /**
   * VideoElement::status:
   * @status: what happened to the plugin, a word and details
   *
   * For the test hook and debugging: "plugin-started PID", "opened W H
   * SECONDS", "playing", "paused", "ended", "still", "plugin-lost WHY",
   * "plugin-restarted PID", "plugin-gave-up", "no-plugin", "error MESSAGE".
   */
  signals[SIGNAL_STATUS] = g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  {
    const char *timeout = g_getenv (PING_TIMEOUT_ENV);
    guint64 value;

    if (timeout != NULL && g_ascii_string_to_unsigned (timeout, 10, 100, 600000, &value, NULL))
      ping_timeout_ms = value;
  }
}

static void
video_element_init (VideoElement *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * video_element_new:
 * @registry: (nullable): where to find the video plugin
 * @block: the deck's video block; must outlive the element
 *
 * Returns: (transfer full): an element, idle until video_element_start()
 */
VideoElement *
video_element_new (BridgeRegistry *registry, DeckBlock *block)
{
  VideoElement *self = g_object_new (HOST_TYPE_VIDEO_ELEMENT, NULL);

  self->registry = registry != NULL ? g_object_ref (registry) : NULL;
  self->block = block;
  self->position = block->start;
  return self;
}

/**
 * video_element_get_block:
 * @self: a #VideoElement
 *
 * Returns: (transfer none): the deck block the element plays
 */
DeckBlock *
video_element_get_block (VideoElement *self)
{
  return self->block;
}

/**
 * video_element_start:
 * @self: a #VideoElement
 *
 * The slide is shown: starts a plugin and plays if the video says
 * autoplay, or shows the still at its start otherwise.
 */
void
video_element_start (VideoElement *self)
{
  if (self->started || self->block->problem != NULL)
    return;
  self->started = TRUE;
  self->want_playing = (self->block->video_flags & DECK_VIDEO_AUTOPLAY) != 0;
  connect_plugin (self);
}

/**
 * video_element_stop:
 * @self: a #VideoElement
 *
 * The slide is left: the plugin goes.
 */
void
video_element_stop (VideoElement *self)
{
  self->started = FALSE;
  g_clear_handle_id (&self->restart_id, g_source_remove);
  drop_plugin (self, FALSE);
  self->playing = FALSE;
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
  if (!self->started)
    return;
  self->want_playing = !self->want_playing;
  status (self, "%s", self->want_playing ? "play-requested" : "pause-requested");
  if (self->connection == NULL || !self->ready)
    {
      changed (self);
      return;
    }
  if (!self->want_playing)
    call (self, "Pause", g_variant_new ("()"), CALL_TIMEOUT_MS, NULL);
  else if (self->ended)
    call (self, "Seek", g_variant_new ("(xb)", (gint64) 0, TRUE), CALL_TIMEOUT_MS, on_seeked);
  else
    call (self, "Play", g_variant_new ("()"), CALL_TIMEOUT_MS, NULL);
  changed (self);
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

/**
 * video_element_get_state:
 * @self: a #VideoElement
 * @state: (out caller-allocates): filled in; its strings belong to @self
 *   and stay valid until the next change
 */
void
video_element_get_state (VideoElement *self, SlideVideoState *state)
{
  *state = (SlideVideoState){ 0 };
  state->message = self->message;
  state->detail = self->detail;
  state->aspect = self->width > 0 && self->height > 0 ? (double) self->width / self->height : 0;
  state->playing = self->playing;
  state->show_play_hint = self->ready && !self->want_playing && self->texture != NULL;
  state->position = self->position;
  state->duration = self->duration;
}

/**
 * video_element_get_texture:
 * @self: a #VideoElement
 *
 * Returns: (transfer none) (nullable): the picture to show
 */
GdkTexture *
video_element_get_texture (VideoElement *self)
{
  return self->texture;
}

/**
 * video_element_get_frame_count:
 * @self: a #VideoElement
 *
 * Returns: how many pictures have arrived (frames and stills)
 */
guint64
video_element_get_frame_count (VideoElement *self)
{
  return self->frames;
}

/**
 * video_element_get_plugin_pid:
 * @self: a #VideoElement
 *
 * Returns: the process id of the current plugin instance, or 0
 */
int
video_element_get_plugin_pid (VideoElement *self)
{
  return self->pid;
}
