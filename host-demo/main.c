/* main.c: host-demo, a presentation program that shows libbridge off
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Parses the command line, loads the deck, then either exports every
 * slide (no display needed) or opens the presentation window.
 */
#include "config.h"

#include <bridge.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>

#include "deck-check.h"
#include "deck.h"
#include "export.h"
#include "host-window.h"
#include "presenter-console.h"
#include "slide-renderer.h"
#include "slide-theme.h"
#include "test-control.h"

#define EXIT_USAGE 2

typedef struct
{
  char *export_dir;
  char *export_pdf;
  char *size;
  char *aspect;
  char *theme_name;
  double at;
  gboolean check;
  gboolean notes;
  gboolean fullscreen;
  int hang_timeout_ms;
  gboolean shared_video;
  gboolean presenter;
  char **args;

  int width, height;
  double slide_aspect;
  Deck *deck;
  SlideTheme *theme;
  BridgeRegistry *registry;
} Options;

/* Every way out of main() frees the options, usage errors included. */
static void
options_clear (Options *o)
{
  g_clear_object (&o->registry);
  g_clear_object (&o->deck);
  g_clear_pointer (&o->export_dir, g_free);
  g_clear_pointer (&o->export_pdf, g_free);
  g_clear_pointer (&o->size, g_free);
  g_clear_pointer (&o->aspect, g_free);
  g_clear_pointer (&o->theme_name, g_free);
  g_clear_pointer (&o->theme, g_free);
  g_clear_pointer (&o->args, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
parse_pair (const char *text, char separator, int *a, int *b)
{
  g_auto (GStrv) parts = NULL;
  guint64 x, y;
  char sep[2] = { separator, '\0' };

  parts = g_strsplit (text, sep, -1);
  if (g_strv_length (parts) != 2 || !g_ascii_string_to_unsigned (parts[0], 10, 1, 16384, &x, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 1, 16384, &y, NULL))
    return FALSE;
  *a = x;
  *b = y;
  return TRUE;
}

static int usage_error (GOptionContext *context, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (GOptionContext *context, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "host-demo: %s\nTry “host-demo --help” for the options.\n", message);
  return EXIT_USAGE;
}

/* Pango's font map (with cairo's font faces and fontconfig's patterns)
 * lives as long as the process; dropping it once the slides are done lets
 * leak checkers see only real leaks. */
static void
drop_font_caches (void)
{
  pango_cairo_font_map_set_default (NULL);
}

/* The slides' aspect: --aspect, else the deck's size:, else 16:9. The
 * export's size: --size, else the deck's size in pixels, else 1080
 * pixels high at that aspect, so that no black bars frame the slides. */
static void
choose_size (Options *o)
{
  int width, height;

  if (o->aspect == NULL && deck_get_aspect (o->deck) > 0)
    o->slide_aspect = deck_get_aspect (o->deck);
  if (o->size != NULL)
    return;
  if (o->aspect == NULL && deck_get_size (o->deck, &width, &height))
    {
      o->width = width;
      o->height = height;
      return;
    }
  o->height = 1080;
  o->width = 2 * (int) round (o->height * o->slide_aspect / 2);
}

static int
run_export (Options *o)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  ExportOptions export = { o->width, o->height, o->slide_aspect, o->at, o->registry, o->theme, o->notes };
  gboolean ok = TRUE;
  guint i;

  if (o->export_dir != NULL)
    ok = export_deck_png (o->deck, o->export_dir, &export, problems, &error);
  if (ok && o->export_pdf != NULL)
    ok = export_deck_pdf (o->deck, o->export_pdf, &export, problems, &error);
  drop_font_caches ();
  if (!ok)
    {
      fprintf (stderr, "host-demo: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (i = 0; i < problems->len; i++)
    fprintf (stderr, "%s\n", (char *) problems->pdata[i]);
  return problems->len == 0 && deck_get_n_problems (o->deck) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* --check: every problem up front, in the order of the file, on stderr;
 * exit status 1 when there is any. */
static int
run_check (Options *o)
{
  guint i, n_media = 0;
  g_autoptr (GPtrArray) lines = check_deck (o->deck, o->registry, &n_media);

  drop_font_caches ();
  for (i = 0; i < lines->len; i++)
    fprintf (stderr, "%s\n", (char *) lines->pdata[i]);
  if (lines->len > 0)
    {
      fprintf (stderr, "%s: %u problem%s\n", deck_get_display_path (o->deck), lines->len,
               lines->len == 1 ? "" : "s");
      return EXIT_FAILURE;
    }
  printf ("%s: %u slides, %u videos and pictures, no problems\n", deck_get_display_path (o->deck),
          deck_get_n_slides (o->deck), n_media);
  return EXIT_SUCCESS;
}

static void
on_activate (GtkApplication *app, Options *o)
{
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (o->deck, o->slide_aspect);
  SlideViewOptions view_options = { .hang_timeout_ms = o->hang_timeout_ms, .shared_video = o->shared_video };
  HostWindow *window;
  PresenterConsole *console = NULL;

  if (o->theme != NULL)
    slide_renderer_set_theme (renderer, o->theme);
  window = host_window_new (app, renderer, o->registry, &view_options);

  if (o->presenter)
    console = presenter_console_new (window);
  if (test_control_enabled ())
    test_control_attach (window, console);
  if (o->fullscreen)
    gtk_window_fullscreen (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  if (console != NULL)
    presenter_console_place (console);
}

static void
quit_activated (GSimpleAction *action, GVariant *parameter, gpointer app)
{
  GList *windows = gtk_application_get_windows (app);

  /* Closing the presentation window lets its plugins go first, and takes
   * the presenter console with it. */
  for (; windows != NULL; windows = windows->next)
    if (HOST_IS_WINDOW (windows->data))
      {
        gtk_window_close (windows->data);
        return;
      }
  g_application_quit (app);
}

static int
run_window (Options *o, const char *argv0)
{
  g_autoptr (GtkApplication) app = NULL;
  static const GActionEntry app_actions[] = { { .name = "quit", .activate = quit_activated } };
  char *argv[] = { (char *) argv0, NULL };

  if (!gtk_init_check ())
    {
      fprintf (stderr,
               "host-demo: there is no display to open a window on (neither WAYLAND_DISPLAY "
               "nor DISPLAY leads to one).\n"
               "To render the slides without a display, export them:\n"
               "  host-demo --export DIR [--size WxH] [--at SECONDS] %s\n",
               o->args[0]);
      return EXIT_FAILURE;
    }

  app = gtk_application_new ("org.libbridge.HostDemo", G_APPLICATION_NON_UNIQUE);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  host_window_set_accels (app);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), o);
  return g_application_run (G_APPLICATION (app), 1, argv);
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { .at = -1, .slide_aspect = 16.0 / 9.0, .width = 1920, .height = 1080 };
  const GOptionEntry entries[]
      = { { "export", 'e', 0, G_OPTION_ARG_FILENAME, &o.export_dir,
            "Render every slide to DIR/slide-01.png, slide-02.png … and exit", "DIR" },
          { "export-pdf", 0, 0, G_OPTION_ARG_FILENAME, &o.export_pdf,
            "Render the deck to a PDF file, one slide a page, and exit", "FILE" },
          { "check", 0, 0, G_OPTION_ARG_NONE, &o.check,
            "Open every video and picture and report every problem of the deck, then exit", NULL },
          { "notes", 0, 0, G_OPTION_ARG_NONE, &o.notes,
            "With --export-pdf: a handout, a page per slide with its speaker notes", NULL },
          { "size", 's', 0, G_OPTION_ARG_STRING, &o.size,
            "Size of exported slides in pixels (default 1080 high at the slides' aspect)", "WxH" },
          { "at", 0, 0, G_OPTION_ARG_DOUBLE, &o.at,
            "Show each exported video at this time (default: its poster frame)", "SECONDS" },
          { "aspect", 0, 0, G_OPTION_ARG_STRING, &o.aspect,
            "Slide aspect (default: the deck's size:, else 16:9)", "W:H" },
          { "theme", 0, 0, G_OPTION_ARG_FILENAME, &o.theme_name,
            "Colours and fonts: dark (default), light, or a theme file", "dark|light|FILE" },
          { "fullscreen", 'f', 0, G_OPTION_ARG_NONE, &o.fullscreen, "Start full screen", NULL },
          { "hang-timeout", 0, 0, G_OPTION_ARG_INT, &o.hang_timeout_ms,
            "How long a video plugin may take to answer before it is restarted (default 700)", "MS" },
          { "presenter", 'p', 0, G_OPTION_ARG_NONE, &o.presenter,
            "Open the presenter console too: notes, next slide, timer (on the second monitor if any)", NULL },
          { "shared-video", 0, 0, G_OPTION_ARG_NONE, &o.shared_video,
            "Play videos in the video plugin already running (bridgectl start video), if any", NULL },
          { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.args, NULL, "DECK.md" },
          { NULL } };
  g_autoptr (GOptionContext) context = g_option_context_new ("DECK.md — present a Markdown deck");
  g_autoptr (GError) error = NULL;
  int status;
  guint i;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (
      context, "Slides are separated by lines of “---”. A video is an image whose alt text holds\n"
               "its options: ![autoplay loop mute](clips/intro.webm). In the window, F5 starts the\n"
               "presentation, → and ← change slides, O shows them all and ? lists every key.");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, "%s", error->message);

  if (o.args == NULL || o.args[0] == NULL)
    return usage_error (context, "which deck? Give the Markdown file to present");
  if (o.args[1] != NULL)
    return usage_error (context, "one deck at a time (got “%s” and “%s”)", o.args[0], o.args[1]);
  if (o.size != NULL && !parse_pair (o.size, 'x', &o.width, &o.height))
    return usage_error (context, "--size wants WIDTHxHEIGHT in pixels, like 1920x1080, not “%s”", o.size);
  if (o.aspect != NULL)
    {
      int w, h;

      if (!parse_pair (o.aspect, ':', &w, &h) || (double) w / h < 0.25 || (double) w / h > 4)
        return usage_error (context, "--aspect wants W:H, like 16:9 or 4:3, not “%s”", o.aspect);
      o.slide_aspect = (double) w / h;
    }
  if (o.hang_timeout_ms < 0 || o.hang_timeout_ms > 600000)
    return usage_error (context, "--hang-timeout wants milliseconds, from 1 to 600000");
  if (o.at != -1 && !(o.at >= 0 && o.at < 1e7))
    return usage_error (context, "--at wants a number of seconds, 0 or more");
  if (o.at != -1 && o.export_dir == NULL && o.export_pdf == NULL)
    return usage_error (context, "--at only applies to --export and --export-pdf");
  if (o.notes && o.export_pdf == NULL)
    return usage_error (context, "--notes only applies to --export-pdf");
  if (o.check && (o.export_dir != NULL || o.export_pdf != NULL || o.fullscreen))
    return usage_error (context, "--check goes alone: it checks the deck and exits");

  if (o.theme_name != NULL)
    {
      o.theme = slide_theme_resolve (o.theme_name, NULL, &error);
      if (o.theme == NULL)
        return usage_error (context, "--theme: %s", error->message);
    }

  o.deck = deck_new_from_file (o.args[0], &error);
  if (o.deck == NULL)
    {
      fprintf (stderr, "host-demo: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (i = 0; !o.check && i < deck_get_n_problems (o.deck); i++)
    {
      g_autofree char *line = deck_format_problem (o.deck, deck_get_problem (o.deck, i));

      fprintf (stderr, "%s\n", line);
    }

  choose_size (&o);

  /* Without --theme the renderer draws in the deck's theme: (and
   * follows it on reloads); say here when that one does not load. */
  if (o.theme == NULL && deck_get_theme (o.deck) != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (deck_get_path (o.deck));
      g_autofree SlideTheme *deck_theme = slide_theme_resolve (deck_get_theme (o.deck), dir, &error);

      if (deck_theme == NULL && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        fprintf (stderr, "%s: %s; the slides are drawn dark\n", deck_get_display_path (o.deck),
                 error->message);
      g_clear_error (&error);
    }

  /* No sound needed (an export, a deck of muted videos): the video plugin
   * then opens no audio device, so the sound system stays quiet on the
   * terminal (BRIDGE_VIDEO_AUDIO, docs/VIDEO-INTERFACE.md). */
  if (o.check || o.export_dir != NULL || o.export_pdf != NULL || !deck_needs_sound (o.deck))
    g_setenv ("BRIDGE_VIDEO_AUDIO", "none", TRUE);

  o.registry = bridge_registry_new ();
  if (o.check)
    status = run_check (&o);
  else if (o.export_dir != NULL || o.export_pdf != NULL)
    status = run_export (&o);
  else
    {
      status = run_window (&o, argv[0]);
      drop_font_caches ();
    }
  return status;
}
