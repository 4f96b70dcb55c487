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
 * The element is always in one VideoElementState, changed only by
 * video_element_set_state(), which logs each transition:
 *
 *   STOPPED ─start─► CONNECTING ─► OPENING ─┬─────────────► PAUSED ◄─► PLAYING ─► ENDED
 *                        ▲                  └─► RESTORING ─┘
 *                        └──── RESTARTING ◄── lost (closed, or no answer in time)
 *   no plugin, an unplayable file, or too many restarts: FAILED
 *
 * A plugin is watched: a closed connection (it crashed or exited) or a
 * call that times out (it hangs; GetState is polled for that) makes the
 * element let the instance go (the library ends the process), say so on
 * the slide, start a new one and carry on from the last position,
 * playing or not as before. A plugin that keeps failing is given up on
 * after a few tries. The calls and what the presenter does with the
 * video are in video-transport.c.
 */
#include "config.h"

#include "video-element-private.h"

#include "bridge-video-interface.h"
#include "video-open.h"

#define PING_INTERVAL_MS 300
#define MAX_RESTARTS 3
#define RESTART_WINDOW_US (20 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (VideoElement, video_element, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  SIGNAL_STATUS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const state_names[] = {
  [VIDEO_ELEMENT_STOPPED] = "stopped", [VIDEO_ELEMENT_CONNECTING] = "connecting",
  [VIDEO_ELEMENT_OPENING] = "opening", [VIDEO_ELEMENT_RESTORING] = "restoring",
  [VIDEO_ELEMENT_PAUSED] = "paused",   [VIDEO_ELEMENT_PLAYING] = "playing",
  [VIDEO_ELEMENT_ENDED] = "ended",     [VIDEO_ELEMENT_RESTARTING] = "restarting",
  [VIDEO_ELEMENT_FAILED] = "failed",
};

/**
 * video_element_state_name:
 * @state: a state
 *
 * Returns: (transfer none): the state's name, for logs and the test hook
 */
const char *
video_element_state_name (VideoElementState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return "invalid";
  return state_names[state];
}

static void connect_plugin (VideoElement *self);

/* ---- small things ------------------------------------------------------ */

/**
 * video_element_set_state:
 * @self: a #VideoElement
 * @state: where it is now
 *
 * The one place the state changes; logs the transition and tells the
 * test hook ("state NAME").
 */
void
video_element_set_state (VideoElement *self, VideoElementState state)
{
  if (self->state == state)
    return;
  g_debug ("video %s: %s → %s", self->block->source, video_element_state_name (self->state),
           video_element_state_name (state));
  self->state = state;
  video_element_status (self, "state %s", video_element_state_name (state));
  video_element_changed (self);
}

/**
 * video_element_status:
 * @self: a #VideoElement
 * @format: printf-style, a word and details
 * @...: the arguments
 *
 * Tells the test hook (and the debug log) what happened.
 */
void
video_element_status (VideoElement *self, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("video %s: %s", self->block->source, text);
  g_signal_emit (self, signals[SIGNAL_STATUS], 0, text);
}

/**
 * video_element_changed:
 * @self: a #VideoElement
 *
 * Something to draw changed.
 */
void
video_element_changed (VideoElement *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/**
 * video_element_set_message:
 * @self: a #VideoElement
 * @kind: what clears it
 * @message: (nullable): the line shown over the picture, in plain words
 * @detail: (nullable): a smaller second line
 */
void
video_element_set_message (VideoElement *self, VideoMessageKind kind, const char *message, const char *detail)
{
  g_free (self->message);
  g_free (self->detail);
  self->message_kind = message != NULL ? kind : VIDEO_MESSAGE_NONE;
  self->message = g_strdup (message);
  self->detail = g_strdup (detail);
  video_element_changed (self);
}

/**
 * video_element_is_ready:
 * @self: a #VideoElement
 *
 * Returns: whether the plugin has the file open and takes transport calls
 */
gboolean
video_element_is_ready (VideoElement *self)
{
  return self->state == VIDEO_ELEMENT_PAUSED || self->state == VIDEO_ELEMENT_PLAYING
         || self->state == VIDEO_ELEMENT_ENDED;
}

/* ---- liveness ---------------------------------------------------------- */

static void
on_pong (VideoElement *self, GVariant *reply, const GError *error)
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
      video_element_call (self, "GetState", g_variant_new ("()"), self->hang_timeout_ms, on_pong);
    }
  return G_SOURCE_CONTINUE;
}

/* ---- events from the plugin -------------------------------------------- */

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
  /* Until set up, the plugin's preroll is none of the presenter's business. */
  if (!video_element_is_ready (self))
    return;
  /* Whoever made the change (this window, or another host of a shared
   * instance, such as bridgectl), the element follows the plugin. */
  if (g_str_equal (state, "playing"))
    {
      self->want_playing = TRUE;
      video_element_set_state (self, VIDEO_ELEMENT_PLAYING);
    }
  else if (g_str_equal (state, "paused") || g_str_equal (state, "stopped"))
    {
      /* A seek passes through "paused" on the way back to playing. */
      if (self->seeks == 0)
        self->want_playing = FALSE;
      video_element_set_state (self, VIDEO_ELEMENT_PAUSED);
    }
  else if (g_str_equal (state, "ended"))
    {
      /* At the end the picture stays, with the play button to start again. */
      self->want_playing = FALSE;
      video_element_set_state (self, VIDEO_ELEMENT_ENDED);
    }
  else
    return;
  video_element_status (self, "%s", state);
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
  if (position >= 0 && self->state != VIDEO_ELEMENT_RESTORING)
    self->position = position / 1e9;
  video_element_changed (self);
}

static void
on_error_event (BridgeConnection *connection,
                const char *iface,
                const char *event,
                GVariant *args,
                GUnixFDList *fds,
                VideoElement *self)
{
  g_autoptr (GError) error = NULL;
  const char *domain, *message;
  int code;

  g_variant_get (args, "(&si&s)", &domain, &code, &message);
  error = g_error_new_literal (g_quark_try_string (domain), code, message);
  video_element_show_error (self, error);
  video_element_set_state (self, VIDEO_ELEMENT_FAILED);
}

static void
on_closed (BridgeConnection *connection, BridgeCloseReason reason, const char *message, VideoElement *self)
{
  video_element_lose_plugin (self, message != NULL ? message : "connection closed");
}

/* ---- setting an instance up -------------------------------------------- */

static void
on_opened (VideoElement *self, GVariant *reply, const GError *error)
{
  g_autoptr (GVariant) info = NULL;
  guint32 width = 0, height = 0;
  gint64 duration = -1;

  if (error != NULL)
    {
      video_element_show_error (self, error);
      video_element_set_state (self, VIDEO_ELEMENT_FAILED);
      return;
    }
  info = g_variant_get_child_value (reply, 0);
  g_variant_lookup (info, "width", "u", &width);
  g_variant_lookup (info, "height", "u", &height);
  g_variant_lookup (info, "duration", "x", &duration);
  g_variant_lookup (info, "framerate", "d", &self->framerate);
  if (duration > 0)
    self->duration = duration / 1e9;
  if (width > 0 && height > 0 && self->texture == NULL)
    {
      self->width = width;
      self->height = height;
    }
  video_element_status (self, "opened %u %u %.3f", width, height, self->duration);

  video_element_call (self, "SetLoop",
                      g_variant_new ("(b)", (self->block->video_flags & DECK_VIDEO_LOOP) != 0),
                      VIDEO_CALL_TIMEOUT_MS, NULL);
  video_element_call (self, "SetMute", g_variant_new ("(b)", self->muted), VIDEO_CALL_TIMEOUT_MS, NULL);
  if (self->volume < 1.0)
    video_element_call (self, "SetVolume", g_variant_new ("(d)", self->volume), VIDEO_CALL_TIMEOUT_MS, NULL);
  if (self->state == VIDEO_ELEMENT_RESTORING)
    video_element_call (self, "Seek", g_variant_new ("(xb)", (gint64) (self->position * 1e9), TRUE),
                        VIDEO_CALL_TIMEOUT_MS, video_element_resume);
  else
    video_element_resume (self, NULL, NULL);
}

static void
on_output_set (VideoElement *self, GVariant *reply, const GError *error)
{
  g_autoptr (GUnixFDList) fds = NULL;
  g_autoptr (GError) open_error = NULL;
  GVariant *args;
  const char *method;

  if (error != NULL)
    {
      video_element_show_error (self, error);
      video_element_set_state (self, VIDEO_ELEMENT_FAILED);
      return;
    }
  /* The confined plugin cannot read the deck's files: it gets an fd
   * (video-open.c, docs/ROBUSTNESS.md "Confinement"). */
  method = video_open_prepare (self->block->path, &args, &fds, &open_error);
  if (method == NULL)
    {
      video_element_show_error (self, open_error);
      video_element_set_state (self, VIDEO_ELEMENT_FAILED);
      return;
    }
  video_element_call_with_fds (self, method, args, fds, VIDEO_OPEN_TIMEOUT_MS, on_opened);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (VideoElement) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (BridgeConnection) connection = NULL;
  gboolean restarted = self->restarts > 0;

  connection = bridge_registry_connect_finish (BRIDGE_REGISTRY (source), result, &error);
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || self->state != VIDEO_ELEMENT_CONNECTING)
        return;
      video_element_lose_plugin (self, error->message);
      return;
    }
  if (self->state != VIDEO_ELEMENT_CONNECTING)
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
  g_signal_connect (self->consumer, "frame", G_CALLBACK (video_element_on_frame), self);
  video_element_status (self, "%s %d", restarted ? "plugin-restarted" : "plugin-started", self->pid);
  /* Pictures before the seek to the old position are stale. */
  video_element_set_state (self,
                           restarted && self->position > 0 ? VIDEO_ELEMENT_RESTORING : VIDEO_ELEMENT_OPENING);

  video_element_call (
      self, "SetOutput",
      g_variant_new ("(uuu)", VIDEO_OUTPUT_MAX_WIDTH, VIDEO_OUTPUT_MAX_HEIGHT, BRIDGE_FRAME_FORMAT_BGRA),
      VIDEO_CALL_TIMEOUT_MS, on_output_set);
  self->ping_id = g_timeout_add (PING_INTERVAL_MS, ping, self);
}

static void connect_plugin (VideoElement *self);

static void
stop_waiting_for_plugin (VideoElement *self)
{
  if (self->plugins_changed_id != 0)
    g_clear_signal_handler (&self->plugins_changed_id, self->registry);
}

/* The registry is live (docs/ARCHITECTURE.md): a video plugin installed
 * while the slide shows "not installed" is used at once. */
static void
on_plugins_changed (GListModel *plugins, guint position, guint removed, guint added, gpointer user_data)
{
  VideoElement *self = user_data;

  if (added == 0 || bridge_registry_find_by_interface (self->registry, VIDEO_INTERFACE_NAME) == NULL)
    return;
  stop_waiting_for_plugin (self);
  video_element_set_message (self, VIDEO_MESSAGE_NONE, NULL, NULL);
  video_element_status (self, "plugin-installed");
  connect_plugin (self);
}

static void
connect_plugin (VideoElement *self)
{
  BridgePluginInfo *info = NULL; /* owned by the registry */

  if (self->registry != NULL)
    info = bridge_registry_find_by_interface (self->registry, VIDEO_INTERFACE_NAME);
  if (info == NULL)
    {
      g_message ("%s: nothing on the plugin path implements " VIDEO_INTERFACE_NAME, self->block->path);
      video_element_set_message (self, VIDEO_MESSAGE_ERROR, "Videos cannot be played",
                                 "The video player is not installed.");
      video_element_status (self, "no-plugin");
      video_element_set_state (self, VIDEO_ELEMENT_FAILED);
      if (self->registry != NULL && self->plugins_changed_id == 0)
        self->plugins_changed_id
            = g_signal_connect (self->registry, "items-changed", G_CALLBACK (on_plugins_changed), self);
      return;
    }
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  video_element_set_state (self, VIDEO_ELEMENT_CONNECTING);
  bridge_registry_connect_async (self->registry, info,
                                 self->shared ? BRIDGE_CONNECT_FLAGS_NONE : BRIDGE_CONNECT_FLAGS_NEW_INSTANCE,
                                 self->cancellable, on_connected, g_object_ref (self));
}

/* ---- losing and restarting ---------------------------------------------- */

/* Lets the current instance go. Closing the connection is all it takes:
 * the library gives a plugin it started a moment to exit and then ends
 * it, hung or not. */
static void
drop_plugin (VideoElement *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->ping_id, g_source_remove);
  self->ping_pending = FALSE;
  if (self->consumer != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->consumer, self);
      g_clear_object (&self->consumer);
    }
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      bridge_connection_close (self->connection);
      g_clear_object (&self->connection);
    }
  self->pid = 0;
  self->seeks = 0;
  self->pending_seek = -1;
}

static gboolean
restart (gpointer data)
{
  VideoElement *self = data;

  self->restart_id = 0;
  connect_plugin (self);
  return G_SOURCE_REMOVE;
}

/**
 * video_element_lose_plugin:
 * @self: a #VideoElement
 * @why: what went wrong, for the terminal
 *
 * The instance closed or stopped answering: lets it go and starts a new
 * one, or gives up after too many.
 */
void
video_element_lose_plugin (VideoElement *self, const char *why)
{
  gint64 now = g_get_monotonic_time ();

  if (self->state == VIDEO_ELEMENT_STOPPED || self->state == VIDEO_ELEMENT_FAILED)
    return;
  drop_plugin (self);
  g_message ("%s: the video plugin was lost: %s", self->block->path, why);
  video_element_status (self, "plugin-lost %s", why);

  if (now - self->restart_window_start > RESTART_WINDOW_US)
    {
      self->restart_window_start = now;
      self->restarts = 0;
    }
  if (++self->restarts > MAX_RESTARTS)
    {
      video_element_set_message (self, VIDEO_MESSAGE_ERROR, "This video could not be played",
                                 "The video player keeps stopping.");
      video_element_status (self, "plugin-gave-up");
      video_element_set_state (self, VIDEO_ELEMENT_FAILED);
      return;
    }

  /* Carry on from where the picture was: the last frame stays up, dimmed,
   * with a word over it, until the new instance sends one. */
  video_element_set_message (self, VIDEO_MESSAGE_RESTARTING, "Restarting the video…", NULL);
  video_element_set_state (self, VIDEO_ELEMENT_RESTARTING);
  if (self->restart_id == 0)
    self->restart_id = g_idle_add (restart, self);
}

/* ---- object ------------------------------------------------------------ */

static void
video_element_dispose (GObject *object)
{
  VideoElement *self = HOST_VIDEO_ELEMENT (object);

  self->state = VIDEO_ELEMENT_STOPPED;
  if (self->registry != NULL)
    stop_waiting_for_plugin (self);
  drop_plugin (self);
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
   * For the test hook and debugging: "state NAME" (each transition),
   * "plugin-started PID", "opened W H SECONDS", "playing", "paused",
   * "ended", "still", "plugin-lost WHY", "plugin-restarted PID",
   * "plugin-gave-up", "no-plugin", "error MESSAGE", and from the
   * transport "play-requested", "pause-requested", "seek SECONDS",
   * "volume V", "mute 0|1", "step".
   */
  signals[SIGNAL_STATUS] = g_signal_new ("status", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
video_element_init (VideoElement *self)
{
  self->cancellable = g_cancellable_new ();
  self->hang_timeout_ms = VIDEO_ELEMENT_HANG_TIMEOUT_MS;
  self->volume = 1.0;
  self->pending_seek = -1;
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
  self->muted = (block->video_flags & DECK_VIDEO_MUTE) != 0;
  return self;
}

/**
 * video_element_set_hang_timeout:
 * @self: a #VideoElement
 * @timeout_ms: how long the plugin may take to answer the liveness check
 *
 * A slow machine (valgrind) needs longer than %VIDEO_ELEMENT_HANG_TIMEOUT_MS.
 */
void
video_element_set_hang_timeout (VideoElement *self, guint timeout_ms)
{
  self->hang_timeout_ms = timeout_ms > 0 ? timeout_ms : VIDEO_ELEMENT_HANG_TIMEOUT_MS;
}

/**
 * video_element_set_shared:
 * @self: a #VideoElement
 * @shared: whether to play in a plugin instance already running
 *   (`bridgectl start video`), where other hosts may see and steer it
 *
 * By default each video has a fresh instance of its own. Applies from
 * the next start.
 */
void
video_element_set_shared (VideoElement *self, gboolean shared)
{
  self->shared = shared;
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
 * video_element_get_element_state:
 * @self: a #VideoElement
 *
 * Returns: where the element is
 */
VideoElementState
video_element_get_element_state (VideoElement *self)
{
  return self->state;
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
  if (self->state != VIDEO_ELEMENT_STOPPED || self->block->problem != NULL)
    return;
  self->want_playing = (self->block->video_flags & DECK_VIDEO_AUTOPLAY) != 0;
  self->restarts = 0;
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
  g_clear_handle_id (&self->restart_id, g_source_remove);
  stop_waiting_for_plugin (self);
  drop_plugin (self);
  video_element_set_state (self, VIDEO_ELEMENT_STOPPED);
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
  state->playing = self->state == VIDEO_ELEMENT_PLAYING;
  state->show_play_hint = video_element_is_ready (self) && !self->want_playing && self->texture != NULL;
  state->position = self->position;
  state->duration = self->duration;
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

/**
 * video_element_get_position:
 * @self: a #VideoElement
 *
 * Returns: where the video is, in seconds, as the plugin last said
 */
double
video_element_get_position (VideoElement *self)
{
  return self->position;
}

/**
 * video_element_get_duration:
 * @self: a #VideoElement
 *
 * Returns: how long the video is, in seconds; 0 when unknown
 */
double
video_element_get_duration (VideoElement *self)
{
  return self->duration;
}
