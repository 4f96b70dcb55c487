/* test-deck-marp.c: Marp, Deckset and GFM decks (host-demo/deck-*.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Speaker notes, front matter and directives, as host-demo/README.md
 * ("Decks from Marp, Deckset and reveal.js") describes them.
 */
#include "config.h"

#include <string.h>

#include "bridge-test-util.h"
#include "deck.h"

static Deck *
parse (const char *text)
{
  g_autoptr (GError) error = NULL;
  Deck *deck = deck_new_from_data (text, -1, "/nonexistent/talk.md", &error);

  ck_assert_msg (deck != NULL, "parsing failed: %s", error ? error->message : "?");
  return deck;
}

/* Whether any block of the slide shows needle, in any of its texts. */
static gboolean
slide_shows (DeckSlide *slide, const char *needle)
{
  guint i, j;

  for (i = 0; i < slide->blocks->len; i++)
    {
      DeckBlock *block = slide->blocks->pdata[i];

      if (block->text != NULL && strstr (block->text->text, needle) != NULL)
        return TRUE;
      if (block->code != NULL && strstr (block->code, needle) != NULL)
        return TRUE;
      if (block->alt != NULL && strstr (block->alt, needle) != NULL)
        return TRUE;
      for (j = 0; block->items != NULL && j < block->items->len; j++)
        if (strstr (((DeckListItem *) block->items->pdata[j])->text->text, needle) != NULL)
          return TRUE;
    }
  return FALSE;
}

/* ---- speaker notes ----------------------------------------------------- */

START_TEST (test_marp_comment_notes)
{
  g_autoptr (Deck) deck = parse ("# Title\n"
                                 "\n"
                                 "<!-- Greet the room. -->\n"
                                 "\n"
                                 "Some text <!-- an inline note --> here.\n"
                                 "\n"
                                 "<!--\n"
                                 "A note over\n"
                                 "two lines\n"
                                 "-->\n"
                                 "---\n"
                                 "# No notes\n");
  DeckSlide *slide = deck_get_slide (deck, 0);
  const char *notes = deck_slide_get_notes (slide);

  ck_assert_uint_eq (deck_get_n_slides (deck), 2);
  ck_assert_msg (notes != NULL, "no notes on slide 1");
  ck_assert_str_eq (notes, "Greet the room.\n\nan inline note\n\nA note over\ntwo lines");
  ck_assert_msg (!slide_shows (slide, "Greet") && !slide_shows (slide, "inline note")
                     && !slide_shows (slide, "two lines") && !slide_shows (slide, "<!--"),
                 "a comment is drawn on the slide");
  ck_assert_uint_eq (slide->blocks->len, 2);
  ck_assert_str_eq (((DeckBlock *) slide->blocks->pdata[1])->text->text, "Some text  here.");
  ck_assert_ptr_null (deck_slide_get_notes (deck_get_slide (deck, 1)));
  ck_assert_uint_eq (deck_get_n_problems (deck), 0);
}
END_TEST

/* Marp's fitting keyword in a heading is neither drawn nor a note. */
START_TEST (test_marp_fit_heading)
{
  g_autoptr (Deck) deck = parse ("# <!-- fit --> A long title\n");
  DeckBlock *heading = deck_get_slide (deck, 0)->blocks->pdata[0];

  ck_assert_str_eq (heading->text->text, "A long title");
  ck_assert_ptr_null (deck_slide_get_notes (deck_get_slide (deck, 0)));
}
END_TEST

START_TEST (test_deckset_and_reveal_notes)
{
  g_autoptr (Deck) deck = parse ("# Deckset\n"
                                 "^ first note\n"
                                 "\n"
                                 "Shown text\n"
                                 "^ second note\n"
                                 "\n"
                                 "```\n"
                                 "^ code, not a note\n"
                                 "Note: code too\n"
                                 "```\n"
                                 "---\n"
                                 "# reveal.js\n"
                                 "\n"
                                 "Shown\n"
                                 "\n"
                                 "Note: everything from here\n"
                                 "- to the end of the slide\n"
                                 "---\n"
                                 "# Third\n");
  DeckSlide *slide = deck_get_slide (deck, 0);

  ck_assert_uint_eq (deck_get_n_slides (deck), 3);
  ck_assert_str_eq (deck_slide_get_notes (slide), "first note\nsecond note");
  ck_assert (slide_shows (slide, "Shown text"));
  ck_assert (slide_shows (slide, "^ code, not a note"));
  ck_assert (slide_shows (slide, "Note: code too"));
  ck_assert (!slide_shows (slide, "first note") && !slide_shows (slide, "second note"));

  slide = deck_get_slide (deck, 1);
  ck_assert_str_eq (deck_slide_get_notes (slide), "everything from here\n- to the end of the slide");
  ck_assert (slide_shows (slide, "Shown"));
  ck_assert (!slide_shows (slide, "everything") && !slide_shows (slide, "end of the slide"));
  ck_assert_ptr_null (deck_slide_get_notes (deck_get_slide (deck, 2)));
  /* The blank lines left behind keep the line numbers of the file. */
  ck_assert_uint_eq (((DeckBlock *) deck_get_slide (deck, 0)->blocks->pdata[2])->line, 7);
}
END_TEST

/* ---- front matter and directives ----------------------------------------- */

START_TEST (test_front_matter)
{
  g_autoptr (Deck) deck = parse ("---\n"
                                 "marp: true\n"
                                 "theme: light   # a comment\n"
                                 "paginate: true\n"
                                 "size: 4:3\n"
                                 "title: \"A talk\"\n"
                                 "style: |\n"
                                 "  section { color: red; }\n"
                                 "---\n"
                                 "\n"
                                 "# First slide\n"
                                 "---\n"
                                 "<!-- _paginate: false -->\n"
                                 "# Second, unnumbered\n"
                                 "---\n"
                                 "# Third, numbered\n"
                                 "<!-- paginate: false -->\n"
                                 "---\n"
                                 "# Fourth, unnumbered from the third on\n");

  ck_assert (deck_has_front_matter (deck));
  ck_assert_uint_eq (deck_get_n_slides (deck), 4);
  ck_assert_str_eq (((DeckBlock *) deck_get_slide (deck, 0)->blocks->pdata[0])->text->text, "First slide");
  ck_assert_uint_eq (((DeckBlock *) deck_get_slide (deck, 0)->blocks->pdata[0])->line, 11);
  ck_assert_str_eq (deck_get_theme (deck), "light");
  ck_assert_str_eq (deck_get_title (deck), "A talk");
  ck_assert_double_eq_tol (deck_get_aspect (deck), 4.0 / 3.0, 1e-9);
  ck_assert (!deck_get_size (deck, NULL, NULL));
  ck_assert (deck_get_slide (deck, 0)->paginate);
  ck_assert (!deck_get_slide (deck, 1)->paginate);
  ck_assert (!deck_get_slide (deck, 2)->paginate);
  ck_assert (!deck_get_slide (deck, 3)->paginate);
  /* Directives are no notes. */
  ck_assert_ptr_null (deck_slide_get_notes (deck_get_slide (deck, 1)));
  ck_assert_uint_eq (deck_get_n_problems (deck), 0);
}
END_TEST

START_TEST (test_marp_pages_unnumbered_by_default)
{
  g_autoptr (Deck) marp = parse ("---\nmarp: true\nsize: 1280x960\n---\n# One\n");
  g_autoptr (Deck) plain = parse ("# One\n");
  int width = 0, height = 0;

  ck_assert (!deck_get_slide (marp, 0)->paginate);
  ck_assert (deck_get_size (marp, &width, &height));
  ck_assert_int_eq (width, 1280);
  ck_assert_int_eq (height, 960);
  ck_assert (deck_get_slide (plain, 0)->paginate);
  ck_assert (!deck_has_front_matter (plain));
  ck_assert_ptr_null (deck_get_theme (plain));
  ck_assert_double_eq (deck_get_aspect (plain), 0);
}
END_TEST

/* A "---" first line followed by a slide is a slide break, not front
 * matter: only a block of known keys is front matter. */
START_TEST (test_not_front_matter)
{
  g_autoptr (Deck) deck = parse ("---\n# Heading\nSpeaker: Alice\n---\n# Two\n");

  ck_assert (!deck_has_front_matter (deck));
  ck_assert_uint_eq (deck_get_n_slides (deck), 2);
  ck_assert (slide_shows (deck_get_slide (deck, 0), "Speaker: Alice"));
}
END_TEST

START_TEST (test_front_matter_problems_in_line_order)
{
  g_autoptr (Deck) deck = parse ("---\n"
                                 "theme: dark\n"
                                 "paginate: sometimes\n"
                                 "colour: red\n"
                                 "size: wide\n"
                                 "---\n"
                                 "# One\n"
                                 "![](missing.png)\n"
                                 "<!-- _theme: light -->\n");
  g_autofree char *first = NULL;

  ck_assert_uint_eq (deck_get_n_problems (deck), 5);
  ck_assert_uint_eq (deck_get_problem (deck, 0)->line, 3);
  ck_assert_msg (strstr (deck_get_problem (deck, 0)->message, "sometimes") != NULL, "%s",
                 deck_get_problem (deck, 0)->message);
  ck_assert_uint_eq (deck_get_problem (deck, 1)->line, 4);
  ck_assert_msg (strstr (deck_get_problem (deck, 1)->message, "colour") != NULL, "%s",
                 deck_get_problem (deck, 1)->message);
  ck_assert_uint_eq (deck_get_problem (deck, 2)->line, 5);
  ck_assert_uint_eq (deck_get_problem (deck, 3)->line, 8);
  ck_assert_uint_eq (deck_get_problem (deck, 4)->line, 9);
  first = deck_format_problem (deck, deck_get_problem (deck, 0));
  ck_assert_str_eq (first, "/nonexistent/talk.md:3:1: paginate: wants true or false, not “sometimes”");
  /* The slides still load, with the settings that were right. */
  ck_assert_str_eq (deck_get_theme (deck), "dark");
  ck_assert_uint_eq (deck_get_n_slides (deck), 1);
}
END_TEST

/* ---- GitHub Flavored Markdown ------------------------------------------- */

START_TEST (test_gfm_table)
{
  g_autoptr (Deck) deck = parse ("## A table\n"
                                 "\n"
                                 "| Name | Kind | Count |\n"
                                 "| :--- | :---: | ---: |\n"
                                 "| **bold** | `code` | 1 |\n"
                                 "| short |\n");
  DeckBlock *table = deck_get_slide (deck, 0)->blocks->pdata[1];
  DeckTableRow *row;

  ck_assert_int_eq (table->kind, DECK_BLOCK_TABLE);
  ck_assert_uint_eq (table->line, 3);
  ck_assert_uint_eq (table->n_columns, 3);
  ck_assert_int_eq (table->aligns[0], DECK_ALIGN_LEFT);
  ck_assert_int_eq (table->aligns[1], DECK_ALIGN_CENTER);
  ck_assert_int_eq (table->aligns[2], DECK_ALIGN_RIGHT);
  ck_assert_uint_eq (table->rows->len, 3);
  row = table->rows->pdata[0];
  ck_assert (row->header);
  ck_assert_str_eq (((DeckText *) row->cells->pdata[1])->text, "Kind");
  row = table->rows->pdata[1];
  ck_assert (!row->header);
  ck_assert_str_eq (((DeckText *) row->cells->pdata[0])->text, "bold");
  ck_assert_uint_eq (((DeckText *) row->cells->pdata[0])->spans->len, 1);
  ck_assert_int_eq (g_array_index (((DeckText *) row->cells->pdata[0])->spans, DeckSpan, 0).style,
                    DECK_STYLE_STRONG);
  /* A short row gets empty cells up to the header's width. */
  row = table->rows->pdata[2];
  ck_assert_uint_eq (row->cells->len, 3);
  ck_assert_str_eq (((DeckText *) row->cells->pdata[2])->text, "");
}
END_TEST

START_TEST (test_gfm_strikethrough)
{
  g_autoptr (Deck) deck = parse ("Old ~~wrong~~ right, ~one~ too\n");
  DeckText *text = ((DeckBlock *) deck_get_slide (deck, 0)->blocks->pdata[0])->text;
  guint i, n = 0;

  ck_assert_str_eq (text->text, "Old wrong right, one too");
  for (i = 0; i < text->spans->len; i++)
    {
      DeckSpan *span = &g_array_index (text->spans, DeckSpan, i);

      if (span->style == DECK_STYLE_STRIKE)
        n++;
      if (span->style == DECK_STYLE_STRIKE && n == 1)
        {
          ck_assert_uint_eq (span->start, 4);
          ck_assert_uint_eq (span->end, 9);
        }
    }
  ck_assert_uint_eq (n, 2);
}
END_TEST

/* ---- Marp's image sizes ------------------------------------------------- */

START_TEST (test_image_size_keywords)
{
  g_autoptr (Deck) deck = parse ("![w:360 A cat](cat.png)\n"
                                 "\n"
                                 "![height:180px](cat.png)\n"
                                 "\n"
                                 "![w:50%](cat.png)\n"
                                 "\n"
                                 "![autoplay w:640](clip.webm)\n");
  g_autoptr (Deck) big = parse ("---\nsize: 1920x1080\n---\n![w:540](cat.png)\n");
  DeckSlide *slide = deck_get_slide (deck, 0);
  DeckBlock *block;

  block = slide->blocks->pdata[0];
  ck_assert_double_eq_tol (block->width, 0.5, 1e-9);
  ck_assert_double_eq (block->height, 0);
  ck_assert_str_eq (block->alt, "A cat");
  block = slide->blocks->pdata[1];
  ck_assert_double_eq_tol (block->height, 0.25, 1e-9);
  block = slide->blocks->pdata[3];
  ck_assert_int_eq (block->kind, DECK_BLOCK_VIDEO);
  ck_assert_double_eq_tol (block->width, 640.0 / 720, 1e-9);
  ck_assert (block->video_flags & DECK_VIDEO_AUTOPLAY);
  /* w:50% is a problem (at its line), besides the two missing files. */
  block = slide->blocks->pdata[2];
  ck_assert_double_eq (block->width, 0);
  ck_assert_msg (block->problem != NULL && strstr (block->problem, "w:50%"), "got %s", block->problem);
  ck_assert_uint_eq (deck_get_n_problems (deck), 5);
  ck_assert_uint_eq (deck_get_problem (deck, 2)->line, 5);
  ck_assert_msg (strstr (deck_get_problem (deck, 2)->message, "w:50%"), "%s",
                 deck_get_problem (deck, 2)->message);
  /* On a 1080-pixel deck, w:540 is half its height. */
  ck_assert_double_eq_tol (((DeckBlock *) deck_get_slide (big, 0)->blocks->pdata[0])->width, 0.5, 1e-9);
}
END_TEST

/* A deck whose videos are all muted needs no sound, so the plugin is
 * started without an audio device (host-demo/README.md, "Export"). */
START_TEST (test_needs_sound)
{
  g_autoptr (Deck) muted = parse ("![mute](a.webm)\n\n---\n![muted loop](b.webm)\n\n![](c.png)\n");
  g_autoptr (Deck) loud = parse ("![mute](a.webm)\n\n---\n![loop](b.webm)\n");
  g_autoptr (Deck) none = parse ("# No videos\n");

  ck_assert (!deck_needs_sound (muted));
  ck_assert (deck_needs_sound (loud));
  ck_assert (!deck_needs_sound (none));
}
END_TEST

/* The sample deck shows every feature (issue: notes, a table,
 * highlighted code, a video with transport, two videos, front matter). */
START_TEST (test_sample_deck_shows_every_feature)
{
  g_autofree char *path
      = g_build_filename (g_getenv ("BRIDGE_TEST_BUILDDIR"), "..", "host-demo", "sample", "deck.md", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_file (path, &error);
  guint i, j, notes = 0, tables = 0, code = 0, one_video = 0, two_videos = 0;

  ck_assert_msg (deck != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (deck_get_n_problems (deck), 0);
  ck_assert (deck_has_front_matter (deck));
  ck_assert_str_eq (deck_get_title (deck), "libbridge");
  for (i = 0; i < deck_get_n_slides (deck); i++)
    {
      DeckSlide *slide = deck_get_slide (deck, i);
      guint videos = deck_slide_count_kind (slide, DECK_BLOCK_VIDEO);

      notes += deck_slide_get_notes (slide) != NULL;
      tables += deck_slide_count_kind (slide, DECK_BLOCK_TABLE);
      for (j = 0; j < slide->blocks->len; j++)
        {
          DeckBlock *block = slide->blocks->pdata[j];

          code += block->kind == DECK_BLOCK_CODE && g_strcmp0 (block->language, "c") == 0;
        }
      one_video += videos == 1;
      two_videos += videos == 2;
    }
  ck_assert_uint_ge (notes, 3);
  ck_assert_uint_ge (tables, 1);
  ck_assert_uint_ge (code, 1);
  ck_assert_uint_ge (one_video, 1);
  ck_assert_uint_ge (two_videos, 1);
}
END_TEST

static Suite *
deck_marp_suite (void)
{
  Suite *s = suite_create ("deck-marp");
  TCase *tc;

  tc = tcase_create ("notes");
  tcase_add_test (tc, test_marp_comment_notes);
  tcase_add_test (tc, test_deckset_and_reveal_notes);
  tcase_add_test (tc, test_marp_fit_heading);
  suite_add_tcase (s, tc);

  tc = tcase_create ("front-matter");
  tcase_add_test (tc, test_front_matter);
  tcase_add_test (tc, test_marp_pages_unnumbered_by_default);
  tcase_add_test (tc, test_not_front_matter);
  tcase_add_test (tc, test_front_matter_problems_in_line_order);
  suite_add_tcase (s, tc);

  tc = tcase_create ("gfm");
  tcase_add_test (tc, test_gfm_table);
  tcase_add_test (tc, test_gfm_strikethrough);
  tcase_add_test (tc, test_image_size_keywords);
  tcase_add_test (tc, test_needs_sound);
  tcase_add_test (tc, test_sample_deck_shows_every_feature);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (deck_marp_suite)
