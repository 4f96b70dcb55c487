/* test-control.c: a line protocol on stdin/stdout for automated tests
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * With HOST_DEMO_TEST_CONTROL=1 in the environment, host-demo reports what
 * happens, one line per event on stdout, and obeys commands read from
 * stdin, so a test can drive the real window and wait for events instead
 * of sleeping.
 *
 * Events:
 *   ready N PID           the window is on screen; the deck has N slides;
 *                         PID is host-demo's (its plugins are its children)
 *   slide N               slide N (from 1) is shown
 *   fullscreen-requested 0|1  a key asked to go full screen or back
 *   fullscreen 0|1        the window manager did it
 *   video I STATUS...     video I (from 0) of the slide: state NAME (each
 *                         transition), plugin-started PID,
 *                         opened W H SECONDS, playing, paused, still,
 *                         plugin-lost WHY, plugin-restarted PID,
 *                         no-plugin, plugin-installed, error MESSAGE
 *   video-drawn I COUNT SECONDS
 *                         a new picture of video I is on screen; COUNT
 *                         pictures of it have arrived so far; SECONDS is
 *                         its position
 *   deck-reloaded N ok|error
 *                         the deck's file was saved: it has N slides now,
 *                         or did not parse (the last good N are shown)
 *   overlay NAME 0|1      overview, help, black, white or goto (the typed
 *                         slide number, with the number: "overlay goto 1 12")
 *                         came up or went
 *   posters N             the posters of the deck's videos are fetched; N have one
 *   slide-pictures N/M    (right after "slide N") N of the slide's M videos
 *                         have a picture up as the slide appears
 *   pointer-hidden 0|1    the pointer was hidden (full screen, idle) or shown
 *   key-bound ACCEL       (after "list-keys") a key the application binds
 *   help-key ACCEL        (after "list-keys") a key the help overlay shows
 *   keys-listed           the end of those lists
 *   console-ready MONITOR N  (--presenter) the console is on screen, full
 *                         screen on monitor MONITOR of N (-1: a window)
 *   console-slide N NEXT  the console shows slide N (from 1) and NEXT as
 *                         the next one (0: the end)
 *   console-state RUNNING ELAPSED THUMBNAIL
 *                         (after "console-state") the timer runs (1) or
 *                         not, ELAPSED whole seconds; THUMBNAIL is "same"
 *                         when the video thumbnail is the texture the
 *                         audience window shows, else "none" or "other"
 *   screenshot FILE       the screenshot is written
 *   error MESSAGE         a command failed
 * Commands:
 *   key ACCEL             what the key does (e.g. "key Right", "key q")
 *   action NAME           activates an action (e.g. "action win.next")
 *   click-video I         a click in the middle of video I
 *   click FX FY [BUTTON]  a click on the slide view at fractions FX, FY of
 *                         its size (button 1 unless given), or on the
 *                         overview when it is up
 *   click-thumbnail N     a click on slide N's (from 1) thumbnail in the overview
 *   scroll DY             the wheel turned (down positive)
 *   motion                the pointer moved
 *   hover FX FY           the pointer is over the slide view at fractions
 *                         FX, FY of its size
 *   drag-bar I F0 F1      a drag along video I's seek bar from fraction F0
 *                         of it to F1 (F0 alone: a click there)
 *   list-keys             lists the bound keys and the help's keys
 *   resize W H            makes the window (and the console) W x H
 *   console-key ACCEL     what the key does in the presenter console
 *   console-state         reports the console's timer and thumbnail
 *   screenshot FILE       writes what the window shows to a PNG
 *   console-screenshot FILE  the same of the presenter console
 *   quit
 */
#include "config.h"

#include "test-control.h"

#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct
{
  HostWindow *window;
  PresenterConsole *console; /* NULL without --presenter */
  GDataInputStream *input;
  GCancellable *cancellable;
  GPtrArray *screenshots; /* paths waiting for the next paint */
} TestControl;

static void emit (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
emit (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stdout, format, args);
  va_end (args);
  fputc ('\n', stdout);
  fflush (stdout);
}

/**
 * test_control_enabled:
 *
 * Returns: whether %TEST_CONTROL_ENV asks for the test hook
 */
gboolean
test_control_enabled (void)
{
  const char *value = g_getenv (TEST_CONTROL_ENV);

  return value != NULL && g_str_equal (value, "1");
}

static void
activate_on (GtkWidget *widget, const char *detailed)
{
  g_autofree char *name = NULL;
  g_autoptr (GVariant) target = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_action_parse_detailed_name (detailed, &name, &target, &error))
    {
      emit ("error %s", error->message);
      return;
    }
  gtk_widget_activate_action_variant (widget, name, target);
}

static void
activate (TestControl *tc, const char *detailed)
{
  activate_on (GTK_WIDGET (tc->window), detailed);
}

static void
press_key_on (TestControl *tc, GtkWidget *widget, const char *accel)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (tc->window));
  g_auto (GStrv) actions = NULL;
  guint key = 0;
  GdkModifierType mods = 0;
  guint i;

  if (!gtk_accelerator_parse (accel, &key, &mods))
    {
      emit ("error no such key: %s", accel);
      return;
    }
  actions = gtk_application_get_actions_for_accel (app, accel);
  if (actions == NULL || actions[0] == NULL)
    {
      emit ("error key %s does nothing", accel);
      return;
    }
  for (i = 0; actions[i] != NULL; i++)
    activate_on (widget, actions[i]);
}

static void
press_key (TestControl *tc, const char *accel)
{
  press_key_on (tc, GTK_WIDGET (tc->window), accel);
}

/* The window's last drawing, written to path. Only right after a paint
 * is it sure to be there: a redraw queued meanwhile drops it. */
static void
write_screenshot (GtkWidget *widget, const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL || renderer == NULL)
    {
      emit ("error nothing to take a screenshot of");
      return;
    }
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    emit ("error cannot write %s", path);
  else
    emit ("screenshot %s", path);
}

/* Frame clock handlers get the window, so that they go with it. */
static void
on_paint_for_screenshot (GdkFrameClock *clock, HostWindow *window)
{
  TestControl *tc = g_object_get_data (G_OBJECT (window), "test-control");
  guint i;

  g_signal_handlers_disconnect_by_func (clock, on_paint_for_screenshot, window);
  for (i = 0; i < tc->screenshots->len; i++)
    write_screenshot (GTK_WIDGET (tc->window), tc->screenshots->pdata[i]);
  g_ptr_array_set_size (tc->screenshots, 0);
}

static void
on_console_paint_for_screenshot (GdkFrameClock *clock, PresenterConsole *console)
{
  char *path = g_object_steal_data (G_OBJECT (console), "screenshot");

  g_signal_handlers_disconnect_by_func (clock, on_console_paint_for_screenshot, console);
  if (path != NULL)
    write_screenshot (GTK_WIDGET (console), path);
  g_free (path);
}

static void
take_console_screenshot (TestControl *tc, const char *path)
{
  GdkFrameClock *clock;

  if (tc->console == NULL)
    {
      emit ("error no presenter console");
      return;
    }
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (tc->console));
  g_object_set_data_full (G_OBJECT (tc->console), "screenshot", g_strdup (path), g_free);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_console_paint_for_screenshot), tc->console,
                           0);
  gtk_widget_queue_draw (GTK_WIDGET (tc->console));
}

static void
console_state (TestControl *tc)
{
  SlideView *view = host_window_get_view (tc->window);
  VideoElement *active = slide_view_get_active_video (view);
  GdkPaintable *thumbnail;
  const char *which;

  if (tc->console == NULL)
    {
      emit ("error no presenter console");
      return;
    }
  thumbnail = presenter_console_get_video_thumbnail (tc->console);
  if (thumbnail == NULL)
    which = "none";
  else if (active != NULL && thumbnail == GDK_PAINTABLE (video_element_get_texture (active)))
    which = "same";
  else
    which = "other";
  emit ("console-state %d %" G_GINT64_FORMAT " %s", presenter_console_timer_is_running (tc->console),
        presenter_console_get_elapsed (tc->console) / G_USEC_PER_SEC, which);
}

static void
take_screenshot (TestControl *tc, const char *path)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (tc->window));

  if (tc->screenshots->len == 0)
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_paint_for_screenshot), tc->window, 0);
  g_ptr_array_add (tc->screenshots, g_strdup (path));
  gtk_widget_queue_draw (GTK_WIDGET (tc->window));
}

static void
click_video (TestControl *tc, const char *arg)
{
  SlideView *view = host_window_get_view (tc->window);
  guint64 index = 0;

  if (!g_ascii_string_to_unsigned (arg, 10, 0, G_MAXUINT, &index, NULL)
      || index >= slide_view_get_n_videos (view))
    {
      emit ("error no video %s on this slide", arg);
      return;
    }
  video_element_toggle_play (slide_view_get_video (view, index));
}

static void
click (TestControl *tc, const char *arg)
{
  g_auto (GStrv) words = g_strsplit (arg, " ", -1);
  SlideView *view = host_window_get_view (tc->window);
  SlideOverview *overview = host_window_get_overview (tc->window);
  guint button = GDK_BUTTON_PRIMARY;
  double fx, fy;

  if (g_strv_length (words) < 2)
    {
      emit ("error click wants FX FY [BUTTON]");
      return;
    }
  fx = g_ascii_strtod (words[0], NULL);
  fy = g_ascii_strtod (words[1], NULL);
  if (words[2] != NULL)
    button = atoi (words[2]);
  if (gtk_widget_get_visible (GTK_WIDGET (overview)))
    slide_overview_click (overview, fx * gtk_widget_get_width (GTK_WIDGET (overview)),
                          fy * gtk_widget_get_height (GTK_WIDGET (overview)));
  else
    slide_view_click (view, fx * gtk_widget_get_width (GTK_WIDGET (view)),
                      fy * gtk_widget_get_height (GTK_WIDGET (view)), button);
}

static void
click_thumbnail (TestControl *tc, const char *arg)
{
  SlideOverview *overview = host_window_get_overview (tc->window);
  guint64 number = 0;
  graphene_rect_t r;
  graphene_point_t centre;

  if (!g_ascii_string_to_unsigned (arg, 10, 1, G_MAXUINT, &number, NULL)
      || !gtk_widget_get_visible (GTK_WIDGET (overview))
      || !slide_overview_get_thumbnail_rect (overview, number - 1, &r))
    {
      emit ("error no thumbnail %s", arg);
      return;
    }
  graphene_rect_get_center (&r, &centre);
  slide_overview_click (overview, centre.x, centre.y);
}

/* The keys shown by the help: the accelerators of its shortcut labels. */
static char *
normal_accel (const char *accel)
{
  guint key = 0;
  GdkModifierType mods = 0;

  if (!gtk_accelerator_parse (accel, &key, &mods))
    return g_strdup (accel);
  return gtk_accelerator_name (key, mods);
}

static void
list_help_keys (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_SHORTCUT_LABEL (widget))
    {
      g_autofree char *accel
          = normal_accel (gtk_shortcut_label_get_accelerator (GTK_SHORTCUT_LABEL (widget)));

      emit ("help-key %s", accel);
    }
  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    list_help_keys (child);
}

static void
list_keys (TestControl *tc)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (tc->window));
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (app);
  guint i, j;

  for (i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);

      for (j = 0; accels[j] != NULL; j++)
        {
          g_autofree char *accel = normal_accel (accels[j]);

          emit ("key-bound %s", accel);
        }
    }
  list_help_keys (GTK_WIDGET (tc->window));
  emit ("keys-listed");
}

static void
drag_bar (TestControl *tc, const char *arg)
{
  g_auto (GStrv) words = g_strsplit (arg, " ", -1);
  SlideView *view = host_window_get_view (tc->window);
  guint64 index = 0;
  double px, py, to_x, to_y;

  if (g_strv_length (words) < 2 || !g_ascii_string_to_unsigned (words[0], 10, 0, G_MAXUINT, &index, NULL)
      || !slide_view_get_bar_point (view, index, g_ascii_strtod (words[1], NULL), &px, &py))
    {
      emit ("error drag-bar wants a video I of this slide and fractions F0 [F1]");
      return;
    }
  to_x = px;
  if (words[2] != NULL)
    slide_view_get_bar_point (view, index, g_ascii_strtod (words[2], NULL), &to_x, &to_y);
  if (!slide_view_bar_press (view, px, py))
    {
      emit ("error video %s has no seek bar there", words[0]);
      return;
    }
  slide_view_bar_move (view, (px + to_x) / 2);
  slide_view_bar_release (view, to_x);
}

static void
run_command (TestControl *tc, const char *line)
{
  g_auto (GStrv) words = g_strsplit (line, " ", 2);
  const char *arg = words[0] != NULL && words[1] != NULL ? words[1] : "";

  if (words[0] == NULL || words[0][0] == '\0')
    return;
  if (g_str_equal (words[0], "key"))
    press_key (tc, arg);
  else if (g_str_equal (words[0], "action"))
    activate (tc, arg);
  else if (g_str_equal (words[0], "click"))
    click (tc, arg);
  else if (g_str_equal (words[0], "click-thumbnail"))
    click_thumbnail (tc, arg);
  else if (g_str_equal (words[0], "scroll"))
    host_window_scroll (tc->window, g_ascii_strtod (arg, NULL));
  else if (g_str_equal (words[0], "drag-bar"))
    drag_bar (tc, arg);
  else if (g_str_equal (words[0], "hover"))
    {
      GtkWidget *view = GTK_WIDGET (host_window_get_view (tc->window));
      g_auto (GStrv) xy = g_strsplit (arg, " ", 2);

      if (xy[0] != NULL && xy[1] != NULL)
        slide_view_pointer_at (HOST_SLIDE_VIEW (view),
                               g_ascii_strtod (xy[0], NULL) * gtk_widget_get_width (view),
                               g_ascii_strtod (xy[1], NULL) * gtk_widget_get_height (view));
    }
  else if (g_str_equal (words[0], "motion"))
    host_window_pointer_moved (tc->window);
  else if (g_str_equal (words[0], "resize"))
    {
      int w = 0, h = 0;

      if (sscanf (arg, "%d %d", &w, &h) == 2 && w > 0 && h > 0)
        {
          gtk_window_set_default_size (GTK_WINDOW (tc->window), w, h);
          if (tc->console != NULL)
            gtk_window_set_default_size (GTK_WINDOW (tc->console), w, h);
        }
      else
        emit ("error resize wants W H");
    }
  else if (g_str_equal (words[0], "list-keys"))
    list_keys (tc);
  else if (g_str_equal (words[0], "click-video"))
    click_video (tc, arg);
  else if (g_str_equal (words[0], "screenshot"))
    take_screenshot (tc, arg);
  else if (g_str_equal (words[0], "console-screenshot"))
    take_console_screenshot (tc, arg);
  else if (g_str_equal (words[0], "console-key"))
    {
      if (tc->console != NULL)
        press_key_on (tc, GTK_WIDGET (tc->console), arg);
      else
        emit ("error no presenter console");
    }
  else if (g_str_equal (words[0], "console-state"))
    console_state (tc);
  else if (g_str_equal (words[0], "quit"))
    gtk_window_close (GTK_WINDOW (tc->window));
  else
    emit ("error unknown command: %s", words[0]);
}

static void read_next (TestControl *tc);

static void
on_line (GObject *source, GAsyncResult *result, gpointer data)
{
  TestControl *tc = data;
  g_autoptr (GCancellable) cancellable = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line
      = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      /* The test went away: so do we. */
      if (error != NULL)
        g_debug ("test control: %s", error->message);
      gtk_window_close (GTK_WINDOW (tc->window));
      return;
    }
  /* A command may close the window, and tc goes with it. */
  cancellable = g_object_ref (tc->cancellable);
  run_command (tc, g_strstrip (line));
  if (!g_cancellable_is_cancelled (cancellable))
    read_next (tc);
}

static void
read_next (TestControl *tc)
{
  g_data_input_stream_read_line_async (tc->input, G_PRIORITY_DEFAULT, tc->cancellable, on_line, tc);
}

static void
on_slide_changed (SlideView *view, guint index, TestControl *tc)
{
  guint i, n = slide_view_get_n_videos (view), pictures = 0;

  emit ("slide %u", index + 1);
  /* Before the videos start: what the audience sees first. */
  for (i = 0; i < n; i++)
    if (video_element_get_texture (slide_view_get_video (view, i)) != NULL)
      pictures++;
  if (n > 0)
    emit ("slide-pictures %u/%u", pictures, n);
}

static void
on_console_slide (SlideView *view, guint index, TestControl *tc)
{
  emit ("console-slide %u %d", index + 1, presenter_console_get_next_slide (tc->console) + 1);
}

static void
on_console_painted (GdkFrameClock *clock, PresenterConsole *console)
{
  TestControl *tc = g_object_get_data (G_OBJECT (presenter_console_get_audience (console)), "test-control");
  int n = 0, monitor;

  g_signal_handlers_disconnect_by_func (clock, on_console_painted, console);
  if (tc == NULL)
    return;
  monitor = presenter_console_get_monitor (console, &n);
  emit ("console-ready %d %d", monitor, n);
  on_console_slide (host_window_get_view (tc->window), host_window_get_slide (tc->window), tc);
}

static void
on_console_map (GtkWidget *console, TestControl *tc)
{
  g_signal_handlers_disconnect_by_func (console, on_console_map, tc);
  g_signal_connect_object (gtk_widget_get_frame_clock (console), "after-paint",
                           G_CALLBACK (on_console_painted), console, 0);
  gtk_widget_queue_draw (console);
}

static void
on_posters_ready (VideoPosters *posters, guint n, TestControl *tc)
{
  emit ("posters %u", n);
}

static void
on_video_status (SlideView *view, guint index, const char *status, TestControl *tc)
{
  emit ("video %u %s", index, status);
}

static void
on_video_drawn (SlideView *view, guint index, guint64 count, TestControl *tc)
{
  SlideVideoState state;

  video_element_get_state (slide_view_get_video (view, index), &state);
  emit ("video-drawn %u %" G_GUINT64_FORMAT " %.3f", index, count, state.position);
}

static void
on_fullscreened (GObject *window, GParamSpec *pspec, TestControl *tc)
{
  emit ("fullscreen %d", gtk_window_is_fullscreen (GTK_WINDOW (window)));
}

static void
on_fullscreen_requested (HostWindow *window, gboolean fullscreen, TestControl *tc)
{
  emit ("fullscreen-requested %d", fullscreen);
}

static void
on_deck_changed (Deck *deck, HostWindow *window)
{
  emit ("deck-reloaded %u %s", deck_get_n_slides (deck),
        deck_get_reload_error (deck) != NULL ? "error" : "ok");
}

static void
on_overlay_changed (HostWindow *window, const char *overlay, gboolean shown, TestControl *tc)
{
  if (g_str_equal (overlay, "goto") && shown)
    emit ("overlay goto 1 %s", host_window_get_typed (window));
  else
    emit ("overlay %s %d", overlay, shown);
}

static void
on_pointer_hidden (HostWindow *window, gboolean hidden, TestControl *tc)
{
  emit ("pointer-hidden %d", hidden);
}

/* After the first paint the window shows the first slide. */
static void
on_after_paint (GdkFrameClock *clock, HostWindow *window)
{
  TestControl *tc = g_object_get_data (G_OBJECT (window), "test-control");

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  emit ("ready %u %d", host_window_get_n_slides (tc->window), (int) getpid ());
  emit ("slide %u", host_window_get_slide (tc->window) + 1);
  /* Commands only from now on, so that "ready" always comes first. */
  read_next (tc);
}

static void
on_map (GtkWidget *view, TestControl *tc)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (view);

  g_signal_handlers_disconnect_by_func (view, on_map, tc);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_after_paint), tc->window, 0);
  gtk_widget_queue_draw (view);
}

static void
test_control_free (gpointer data)
{
  TestControl *tc = data;

  g_cancellable_cancel (tc->cancellable);
  g_object_unref (tc->cancellable);
  g_ptr_array_unref (tc->screenshots);
  g_object_unref (tc->input);
  g_free (tc);
}

/**
 * test_control_attach:
 * @window: the presentation window
 * @console: (nullable): the presenter console
 *
 * Starts reporting @window's (and @console's) events on stdout and
 * reading commands from stdin, until the window goes.
 */
void
test_control_attach (HostWindow *window, PresenterConsole *console)
{
  TestControl *tc = g_new0 (TestControl, 1);
  g_autoptr (GInputStream) in = g_unix_input_stream_new (0, FALSE);
  SlideView *view = host_window_get_view (window);

  tc->window = window;
  tc->console = console;
  tc->input = g_data_input_stream_new (in);
  tc->cancellable = g_cancellable_new ();
  tc->screenshots = g_ptr_array_new_with_free_func (g_free);
  g_object_set_data_full (G_OBJECT (window), "test-control", tc, test_control_free);

  g_signal_connect (view, "slide-changed", G_CALLBACK (on_slide_changed), tc);
  g_signal_connect (window, "notify::fullscreened", G_CALLBACK (on_fullscreened), tc);
  g_signal_connect (window, "fullscreen-requested", G_CALLBACK (on_fullscreen_requested), tc);
  g_signal_connect (window, "overlay-changed", G_CALLBACK (on_overlay_changed), tc);
  g_signal_connect (window, "pointer-hidden", G_CALLBACK (on_pointer_hidden), tc);
  g_signal_connect (view, "video-status", G_CALLBACK (on_video_status), tc);
  g_signal_connect (view, "video-drawn", G_CALLBACK (on_video_drawn), tc);
  g_signal_connect (view, "map", G_CALLBACK (on_map), tc);
  g_signal_connect_object (host_window_get_deck (window), "changed", G_CALLBACK (on_deck_changed), window, 0);
  g_signal_connect_object (host_window_get_posters (window), "ready", G_CALLBACK (on_posters_ready), window,
                           0);
  if (console != NULL)
    {
      /* The console goes with the window, and so does tc. */
      g_signal_connect (view, "slide-changed", G_CALLBACK (on_console_slide), tc);
      g_signal_connect (console, "map", G_CALLBACK (on_console_map), tc);
    }
}
