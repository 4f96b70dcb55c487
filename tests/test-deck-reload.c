/* test-deck-reload.c: a deck that reloads when its file is saved
 * (host-demo/deck-watcher.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * host-demo/README.md, "Before and during the talk": the deck reloads
 * when its file is saved, keeping the slide and the videos that did not
 * change; a deck that no longer parses keeps its last good slides and a
 * banner says why.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "bridge-test-util.h"
#include "deck-watcher.h"
#include "deck.h"
#include "slide-renderer.h"
#include "slide-theme.h"

typedef struct
{
  char *dir;
  char *path;
  Deck *deck;
  guint changed;
} Fixture;

static void
on_changed (Deck *deck, Fixture *f)
{
  f->changed++;
}

static void
write_deck (Fixture *f, const char *text)
{
  ck_assert (g_file_set_contents (f->path, text, -1, NULL));
}

/* Rewrites the file in place, as editors that keep the inode do. */
static void
write_in_place (Fixture *f, const char *text)
{
  FILE *file = fopen (f->path, "w");

  ck_assert (file != NULL);
  ck_assert_int_eq (fputs (text, file) >= 0, TRUE);
  ck_assert_int_eq (fclose (file), 0);
}

static void
fixture_init (Fixture *f, const char *text)
{
  g_autofree char *clip = NULL;
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("test-deck-reload-XXXXXX", NULL);
  ck_assert (f->dir != NULL);
  clip = g_build_filename (f->dir, "clip.webm", NULL);
  ck_assert (g_file_set_contents (clip, "not really a video", -1, NULL));
  f->path = g_build_filename (f->dir, "talk.md", NULL);
  write_deck (f, text);
  f->deck = deck_new_from_file (f->path, &error);
  ck_assert_msg (f->deck != NULL, "%s", error ? error->message : "?");
  g_signal_connect (f->deck, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_clear (Fixture *f)
{
  g_autofree char *clip = g_build_filename (f->dir, "clip.webm", NULL);

  g_clear_object (&f->deck);
  g_unlink (clip);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static DeckBlock *
block_at (Deck *deck, guint slide, guint index)
{
  DeckSlide *s = deck_get_slide (deck, slide);

  ck_assert_uint_lt (index, s->blocks->len);
  return s->blocks->pdata[index];
}

/* ---- deck_reload ------------------------------------------------------ */

START_TEST (test_reload_keeps_unchanged_videos)
{
  Fixture f = { 0 };
  DeckBlock *video, *other;

  fixture_init (&f, "# One\n---\n## Two\n\n![loop mute](clip.webm)\n\n![autoplay](clip.webm)\n");
  video = block_at (f.deck, 1, 1);
  other = block_at (f.deck, 1, 2);
  ck_assert_int_eq (video->kind, DECK_BLOCK_VIDEO);

  /* New text above; the first video the same, the second changed. */
  write_deck (&f,
              "# One, renamed\n\nA new line\n---\n## Two\n\n![loop mute](clip.webm)\n\n![loop](clip.webm)\n");
  ck_assert (deck_reload (f.deck, NULL));
  ck_assert_uint_eq (f.changed, 1);
  ck_assert_ptr_null (deck_get_reload_error (f.deck));
  ck_assert_str_eq (block_at (f.deck, 0, 0)->text->text, "One, renamed");
  ck_assert_ptr_eq (block_at (f.deck, 1, 1), video);
  ck_assert_uint_eq (video->line, 7);
  ck_assert_ptr_ne (block_at (f.deck, 1, 2), other);
  ck_assert_int_eq (block_at (f.deck, 1, 2)->video_flags, DECK_VIDEO_LOOP);

  /* Saved again unchanged: nothing happens. */
  write_deck (&f,
              "# One, renamed\n\nA new line\n---\n## Two\n\n![loop mute](clip.webm)\n\n![loop](clip.webm)\n");
  ck_assert (deck_reload (f.deck, NULL));
  ck_assert_uint_eq (f.changed, 1);
  fixture_clear (&f);
}
END_TEST

START_TEST (test_reload_error_keeps_last_good_deck)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;

  fixture_init (&f, "# Good\n---\n## Also good\n");
  write_deck (&f, "# Bad \xff byte\n");
  ck_assert (!deck_reload (f.deck, &error));
  ck_assert_msg (g_error_matches (error, DECK_ERROR, DECK_ERROR_INVALID)
                     && strstr (error->message, "talk.md:1:"),
                 "got %s", error ? error->message : "none");
  ck_assert_uint_eq (f.changed, 1);
  ck_assert (g_error_matches (deck_get_reload_error (f.deck), DECK_ERROR, DECK_ERROR_INVALID));
  ck_assert_uint_eq (deck_get_n_slides (f.deck), 2);
  ck_assert_str_eq (block_at (f.deck, 0, 0)->text->text, "Good");

  /* Fixed: the new slides, and no error. */
  write_deck (&f, "# Fixed\n");
  ck_assert (deck_reload (f.deck, NULL));
  ck_assert_uint_eq (f.changed, 2);
  ck_assert_ptr_null (deck_get_reload_error (f.deck));
  ck_assert_uint_eq (deck_get_n_slides (f.deck), 1);
  ck_assert_str_eq (block_at (f.deck, 0, 0)->text->text, "Fixed");
  fixture_clear (&f);
}
END_TEST

/* The renderer lays the new slides out, and over the last good slides
 * draws a banner saying why the new ones are not there. */
START_TEST (test_reload_banner)
{
  Fixture f = { 0 };
  g_autoptr (SlideRenderer) renderer = NULL;
  cairo_surface_t *good, *bad, *fixed;
  cairo_t *cr;
  int stride;
  guint y, differing_top = 0, differing_below = 0;

  fixture_init (&f, "# Title\n\nsubtitle\n");
  renderer = slide_renderer_new (f.deck, 16.0 / 9.0);
  good = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 360);
  bad = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 360);
  fixed = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 640, 360);
  cr = cairo_create (good);
  slide_renderer_render (renderer, cr, 0, 640, 360, NULL, 0);
  cairo_destroy (cr);

  write_deck (&f, "\xfe\n");
  ck_assert (!deck_reload (f.deck, NULL));
  /* The audience reads it too: plain words, no file, line or byte. */
  ck_assert_str_eq (slide_renderer_get_banner (renderer),
                    "The deck was changed but cannot be shown as it is now: "
                    "it is not text, or it has no slide. These are its "
                    "slides from before.");
  cr = cairo_create (bad);
  slide_renderer_render (renderer, cr, 0, 640, 360, NULL, 0);
  cairo_destroy (cr);
  cairo_surface_flush (good);
  cairo_surface_flush (bad);
  stride = cairo_image_surface_get_stride (good);
  for (y = 0; y < 360; y++)
    {
      gboolean differs = memcmp (cairo_image_surface_get_data (good) + y * stride,
                                 cairo_image_surface_get_data (bad) + y * stride, stride)
                         != 0;

      if (differs && y < 80)
        differing_top++;
      else if (differs)
        differing_below++;
    }
  ck_assert_msg (differing_top > 20, "no banner at the top (%u rows differ)", differing_top);
  ck_assert_msg (differing_below == 0, "the slide under the banner changed (%u rows)", differing_below);

  /* Fixed, with the same text: the same picture as before, no banner. */
  write_deck (&f, "# Title\n\nsubtitle\n\n");
  ck_assert (deck_reload (f.deck, NULL));
  ck_assert_ptr_null (slide_renderer_get_banner (renderer));
  cr = cairo_create (fixed);
  slide_renderer_render (renderer, cr, 0, 640, 360, NULL, 0);
  cairo_destroy (cr);
  cairo_surface_flush (fixed);
  ck_assert (memcmp (cairo_image_surface_get_data (good), cairo_image_surface_get_data (fixed), stride * 360)
             == 0);
  cairo_surface_destroy (good);
  cairo_surface_destroy (bad);
  cairo_surface_destroy (fixed);
  fixture_clear (&f);
}
END_TEST

/* Without an explicit theme the renderer draws in the deck's theme: and
 * follows it when the deck reloads; an explicit one stays. */
START_TEST (test_reload_follows_the_deck_theme)
{
  Fixture f = { 0 };
  g_autoptr (SlideRenderer) renderer = NULL;
  g_autoptr (SlideRenderer) pinned = NULL;

  fixture_init (&f, "---\ntheme: light\n---\n# Themed\n");
  renderer = slide_renderer_new (f.deck, 16.0 / 9.0);
  pinned = slide_renderer_new (f.deck, 16.0 / 9.0);
  slide_renderer_set_theme (pinned, slide_theme_get_builtin ("light"));
  ck_assert_str_eq (slide_renderer_get_theme (renderer)->name, "light");

  write_deck (&f, "---\ntheme: dark\n---\n# Themed\n");
  ck_assert (deck_reload (f.deck, NULL));
  ck_assert_str_eq (slide_renderer_get_theme (renderer)->name, "dark");
  ck_assert_str_eq (slide_renderer_get_theme (pinned)->name, "light");

  write_deck (&f, "# No theme\n");
  ck_assert (deck_reload (f.deck, NULL));
  ck_assert_str_eq (slide_renderer_get_theme (renderer)->name, "dark");
  fixture_clear (&f);
}
END_TEST

/* ---- DeckWatcher ------------------------------------------------------- */

static gboolean
changed_twice (gpointer data)
{
  return ((Fixture *) data)->changed >= 2;
}

START_TEST (test_watcher_reloads_on_save)
{
  Fixture f = { 0 };
  g_autoptr (DeckWatcher) watcher = NULL;
  g_autoptr (GError) error = NULL;

  fixture_init (&f, "# First\n");
  watcher = deck_watcher_new (f.deck, &error);
  ck_assert_msg (watcher != NULL, "%s", error ? error->message : "?");

  /* Saved by writing a new file and renaming it over the old one. */
  write_deck (&f, "# Second\n");
  ck_assert_msg (bridge_test_wait_for ((const gboolean *) &f.changed, 5000), "no reload after a save");
  ck_assert_str_eq (block_at (f.deck, 0, 0)->text->text, "Second");

  /* Saved in place. */
  write_in_place (&f, "# Third\n---\n# Fourth\n");
  ck_assert_msg (bridge_test_wait_until (changed_twice, &f, 5000), "no reload after a save in place");
  ck_assert_uint_eq (deck_get_n_slides (f.deck), 2);
  ck_assert_str_eq (block_at (f.deck, 0, 0)->text->text, "Third");
  g_clear_object (&watcher);
  fixture_clear (&f);
}
END_TEST

static Suite *
deck_reload_suite (void)
{
  Suite *s = suite_create ("deck-reload");
  TCase *tc;

  tc = tcase_create ("reload");
  tcase_add_test (tc, test_reload_keeps_unchanged_videos);
  tcase_add_test (tc, test_reload_error_keeps_last_good_deck);
  tcase_add_test (tc, test_reload_banner);
  tcase_add_test (tc, test_reload_follows_the_deck_theme);
  suite_add_tcase (s, tc);

  tc = tcase_create ("watcher");
  tcase_add_test (tc, test_watcher_reloads_on_save);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (deck_reload_suite)
