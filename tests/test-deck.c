/* test-deck.c: parsing Markdown decks (host-demo/deck.c)
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bridge-test-util.h"
#include "deck.h"
#include "host-keys.h"

static Deck *
load_test_deck (const char *name)
{
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  Deck *deck;

  path = g_build_filename (g_getenv ("BRIDGE_TEST_SRCDIR"), "decks", name, NULL);
  deck = deck_new_from_file (path, &error);
  ck_assert_msg (deck != NULL, "loading %s failed: %s", path, error ? error->message : "?");
  return deck;
}

static DeckBlock *
block_at (Deck *deck, guint slide, guint index)
{
  DeckSlide *s;

  ck_assert_msg (slide < deck_get_n_slides (deck), "no slide %u, the deck has %u", slide + 1,
                 deck_get_n_slides (deck));
  s = deck_get_slide (deck, slide);
  ck_assert_msg (index < s->blocks->len, "slide %u has %u blocks, wanted block %u", slide + 1, s->blocks->len,
                 index);
  return s->blocks->pdata[index];
}

/* Whether text has a span with exactly style over the given words. */
static gboolean
has_span (DeckText *text, const char *words, DeckStyle style)
{
  const char *at = strstr (text->text, words);
  guint i;

  if (at == NULL)
    return FALSE;
  for (i = 0; i < text->spans->len; i++)
    {
      DeckSpan *span = &g_array_index (text->spans, DeckSpan, i);

      if (span->style == style && span->start == (guint) (at - text->text)
          && span->end == span->start + strlen (words))
        return TRUE;
    }
  return FALSE;
}

/* Writes files into a fresh folder: pairs of name, content, NULL. */
static char *
make_folder (const char *first_name, ...)
{
  char *dir = g_dir_make_tmp ("test-deck-XXXXXX", NULL);
  const char *name;
  va_list args;

  ck_assert (dir != NULL);
  va_start (args, first_name);
  for (name = first_name; name != NULL; name = va_arg (args, const char *))
    {
      const char *content = va_arg (args, const char *);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *parent = g_path_get_dirname (path);

      ck_assert_int_eq (g_mkdir_with_parents (parent, 0700), 0);
      ck_assert (g_file_set_contents (path, content, -1, NULL));
    }
  va_end (args);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

  ck_assert (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

/* ---- every element -------------------------------------------------- */

START_TEST (test_headings_and_inline_styles)
{
  g_autoptr (Deck) deck = load_test_deck ("elements.md");
  DeckBlock *block;

  ck_assert_uint_eq (deck_get_n_slides (deck), 4);
  ck_assert_str_eq (deck_get_title (deck), "Every element");

  block = block_at (deck, 0, 0);
  ck_assert_int_eq (block->kind, DECK_BLOCK_HEADING);
  ck_assert_uint_eq (block->level, 1);
  ck_assert_uint_eq (block->line, 1);
  ck_assert_str_eq (block->text->text, "Every element");

  block = block_at (deck, 0, 1);
  ck_assert_int_eq (block->kind, DECK_BLOCK_PARAGRAPH);
  ck_assert_uint_eq (block->line, 3);
  ck_assert_str_eq (block->text->text, "A paragraph with emphasis, strong words, code and a link.");
  ck_assert_msg (has_span (block->text, "emphasis", DECK_STYLE_EMPH), "no emphasis span");
  ck_assert_msg (has_span (block->text, "strong words", DECK_STYLE_STRONG), "no strong span");
  ck_assert_msg (has_span (block->text, "code", DECK_STYLE_CODE), "no code span");
  ck_assert_msg (has_span (block->text, "link", DECK_STYLE_LINK), "no link span");
  ck_assert_uint_eq (deck_get_n_problems (deck), 0);
}
END_TEST

START_TEST (test_lists)
{
  g_autoptr (Deck) deck = load_test_deck ("elements.md");
  DeckBlock *bullets = block_at (deck, 1, 1);
  DeckBlock *numbers = block_at (deck, 1, 2);
  DeckListItem *item;

  ck_assert_int_eq (block_at (deck, 1, 0)->kind, DECK_BLOCK_HEADING);
  ck_assert_uint_eq (block_at (deck, 1, 0)->level, 2);

  ck_assert_int_eq (bullets->kind, DECK_BLOCK_LIST);
  ck_assert_uint_eq (bullets->items->len, 5);
  item = bullets->items->pdata[1];
  ck_assert_str_eq (item->text->text, "second with bold");
  ck_assert_msg (has_span (item->text, "bold", DECK_STYLE_STRONG), "no strong span in item");
  ck_assert (!item->ordered);
  ck_assert_uint_eq (item->depth, 0);
  item = bullets->items->pdata[2];
  ck_assert_str_eq (item->text->text, "nested one");
  ck_assert_uint_eq (item->depth, 1);
  item = bullets->items->pdata[4];
  ck_assert_str_eq (item->text->text, "third");
  ck_assert_uint_eq (item->depth, 0);

  ck_assert_int_eq (numbers->kind, DECK_BLOCK_LIST);
  ck_assert_uint_eq (numbers->items->len, 2);
  item = numbers->items->pdata[0];
  ck_assert (item->ordered);
  ck_assert_int_eq (item->number, 3);
  ck_assert_int_eq (((DeckListItem *) numbers->items->pdata[1])->number, 4);
}
END_TEST

START_TEST (test_code_quote_rule)
{
  g_autoptr (Deck) deck = load_test_deck ("elements.md");
  DeckBlock *code = block_at (deck, 2, 1);
  DeckBlock *quote = block_at (deck, 2, 2);
  DeckBlock *rule = block_at (deck, 2, 3);

  ck_assert_int_eq (code->kind, DECK_BLOCK_CODE);
  ck_assert_str_eq (code->language, "c");
  ck_assert_str_eq (code->code, "int main (void)\n{\n  return 0;\n}");
  ck_assert_uint_eq (code->line, 22);

  ck_assert_int_eq (quote->kind, DECK_BLOCK_QUOTE);
  ck_assert_str_eq (quote->text->text, "A quote on two lines");

  ck_assert_msg (rule->kind == DECK_BLOCK_RULE, "*** should be a rule inside the slide");
}
END_TEST

START_TEST (test_media_elements)
{
  g_autoptr (Deck) deck = load_test_deck ("elements.md");
  g_autofree char *dir = g_path_get_dirname (deck_get_path (deck));
  g_autofree char *logo = g_build_filename (dir, "images", "logo.png", NULL);
  g_autofree char *intro = g_build_filename (dir, "clips", "intro.webm", NULL);
  DeckBlock *image = block_at (deck, 3, 1);
  DeckBlock *video = block_at (deck, 3, 2);

  ck_assert_int_eq (image->kind, DECK_BLOCK_IMAGE);
  ck_assert_str_eq (image->alt, "The logo");
  ck_assert_str_eq (image->source, "images/logo.png");
  ck_assert_str_eq (image->path, logo);
  ck_assert_ptr_null (image->problem);

  ck_assert_int_eq (video->kind, DECK_BLOCK_VIDEO);
  ck_assert_str_eq (video->path, intro);
  ck_assert_uint_eq (video->line, 40);
  ck_assert_uint_eq (video->video_flags, DECK_VIDEO_AUTOPLAY | DECK_VIDEO_LOOP | DECK_VIDEO_MUTE);
  ck_assert_ptr_null (video->problem);
  ck_assert_uint_eq (deck_slide_count_kind (deck_get_slide (deck, 3), DECK_BLOCK_VIDEO), 1);
}
END_TEST

/* Text around an image stays a paragraph; the image becomes its own block. */
START_TEST (test_media_lifted_out_of_text)
{
  g_autofree char *dir = make_folder ("deck.md", "Look: ![loop](a.webm) here\n", "a.webm", "", NULL);
  g_autofree char *path = g_build_filename (dir, "deck.md", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_file (path, &error);

  ck_assert_msg (deck != NULL, "%s", error ? error->message : "?");
  ck_assert_int_eq (block_at (deck, 0, 0)->kind, DECK_BLOCK_PARAGRAPH);
  ck_assert_str_eq (block_at (deck, 0, 0)->text->text, "Look:  here");
  ck_assert_int_eq (block_at (deck, 0, 1)->kind, DECK_BLOCK_VIDEO);
  ck_assert_uint_eq (block_at (deck, 0, 1)->column, 7);
  ck_assert_uint_eq (block_at (deck, 0, 1)->video_flags, DECK_VIDEO_LOOP);
  remove_tree (dir);
}
END_TEST

/* ---- separators ----------------------------------------------------- */

START_TEST (test_separators)
{
  g_autoptr (Deck) deck = load_test_deck ("separators.md");
  DeckBlock *block;

  /* The leading and trailing "---" make no slides; the empty slide between
   * two breaks stays. */
  ck_assert_msg (deck_get_n_slides (deck) == 5, "expected 5 slides, got %u", deck_get_n_slides (deck));

  /* "---" right under a paragraph cuts the slide; it is no setext heading. */
  ck_assert_uint_eq (deck_get_slide (deck, 0)->blocks->len, 2);
  block = block_at (deck, 0, 1);
  ck_assert_int_eq (block->kind, DECK_BLOCK_PARAGRAPH);
  ck_assert_str_eq (block->text->text, "Text right above a break");
  ck_assert_uint_eq (deck_get_slide (deck, 0)->line, 2);

  /* "---" inside ``` and ~~~ fences is code. */
  block = block_at (deck, 1, 1);
  ck_assert_int_eq (block->kind, DECK_BLOCK_CODE);
  ck_assert_str_eq (block->language, "markdown");
  ck_assert_str_eq (block->code, "---\nnot a break inside backticks\n---");
  block = block_at (deck, 1, 2);
  ck_assert_int_eq (block->kind, DECK_BLOCK_CODE);
  ck_assert_str_eq (block->code, "---");
  ck_assert_uint_eq (deck_get_slide (deck, 1)->blocks->len, 3);

  /* "===" setext headings still work; four spaces make "---" code. */
  block = block_at (deck, 2, 1);
  ck_assert_int_eq (block->kind, DECK_BLOCK_HEADING);
  ck_assert_uint_eq (block->level, 1);
  ck_assert_str_eq (block->text->text, "Setext heading");
  block = block_at (deck, 2, 2);
  ck_assert_int_eq (block->kind, DECK_BLOCK_CODE);
  ck_assert_str_eq (block->code, "---");
  block = block_at (deck, 2, 3);
  ck_assert_int_eq (block->kind, DECK_BLOCK_PARAGRAPH);

  /* "----------" is a break too, and a blank slide follows it. */
  ck_assert_uint_eq (deck_get_slide (deck, 3)->blocks->len, 0);
  block = block_at (deck, 4, 0);
  ck_assert_str_eq (block->text->text, "Five, after a blank slide");
  ck_assert_uint_eq (block->line, 27);
}
END_TEST

START_TEST (test_separators_crlf)
{
  const char *text = "# A\r\nline\r\n---\r\n```\r\n---\r\n```\r\n---\r\n# C\r\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_data (text, -1, "/tmp/crlf.md", &error);

  ck_assert_msg (deck != NULL, "%s", error ? error->message : "?");
  ck_assert_uint_eq (deck_get_n_slides (deck), 3);
  ck_assert_str_eq (block_at (deck, 1, 0)->code, "---");
  ck_assert_str_eq (block_at (deck, 2, 0)->text->text, "C");
  ck_assert_uint_eq (block_at (deck, 2, 0)->line, 8);
}
END_TEST

/* ---- options -------------------------------------------------------- */

START_TEST (test_video_options)
{
  g_autofree char *dir = make_folder ("v.webm", "", NULL);
  g_autofree char *text = g_strdup_printf ("![muted, autoplay start=2.5](%s/v.webm)\n\n"
                                           "![](%s/v.webm)\n",
                                           dir, dir);
  g_autofree char *path = g_build_filename (dir, "deck.md", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_data (text, -1, path, &error);
  DeckBlock *video;

  ck_assert_msg (deck != NULL, "%s", error ? error->message : "?");
  video = block_at (deck, 0, 0);
  ck_assert_uint_eq (video->video_flags, DECK_VIDEO_MUTE | DECK_VIDEO_AUTOPLAY);
  ck_assert (video->start == 2.5);
  ck_assert_ptr_null (video->problem);
  video = block_at (deck, 0, 1);
  ck_assert_uint_eq (video->video_flags, 0);
  ck_assert_uint_eq (deck_get_n_problems (deck), 0);
  remove_tree (dir);
}
END_TEST

START_TEST (test_unknown_option)
{
  g_autoptr (Deck) deck = load_test_deck ("bad-media.md");
  DeckBlock *video = block_at (deck, 1, 0);
  g_autofree char *message = NULL;
  const DeckProblem *problem;

  ck_assert_int_eq (video->kind, DECK_BLOCK_VIDEO);
  ck_assert_msg (video->problem != NULL && strstr (video->problem, "“sparkle”") != NULL,
                 "the unknown option is not named: %s", video->problem);
  ck_assert_uint_eq (video->video_flags, DECK_VIDEO_AUTOPLAY);

  problem = deck_get_problem (deck, 1);
  ck_assert_uint_eq (problem->line, 7);
  ck_assert_uint_eq (problem->column, 1);
  message = deck_format_problem (deck, problem);
  ck_assert_msg (strstr (message, "bad-media.md:7:1: unknown video option “sparkle”") != NULL,
                 "message does not name file, line and option: %s", message);

  video = block_at (deck, 2, 0);
  ck_assert_msg (video->problem != NULL && strstr (video->problem, "start=") != NULL,
                 "bad start= not reported: %s", video->problem);
}
END_TEST

/* ---- relative paths ------------------------------------------------- */

START_TEST (test_relative_paths)
{
  g_autofree char *dir = make_folder ("talk/deck.md",
                                      "![loop](clips/a.webm)\n\n"
                                      "![mute](../shared/b%20c.webm)\n\n"
                                      "![x](file:///nonexistent/x.png)\n",
                                      "talk/clips/a.webm", "", "shared/b c.webm", "", NULL);
  g_autofree char *path = g_build_filename (dir, "talk", "deck.md", NULL);
  g_autofree char *a = g_build_filename (dir, "talk", "clips", "a.webm", NULL);
  g_autofree char *b = g_build_filename (dir, "shared", "b c.webm", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = NULL;

  /* Paths resolve against the deck's folder, wherever we are. */
  ck_assert_int_eq (g_chdir ("/"), 0);
  deck = deck_new_from_file (path, &error);
  ck_assert_int_eq (g_chdir (cwd), 0);
  ck_assert_msg (deck != NULL, "%s", error ? error->message : "?");

  ck_assert_str_eq (block_at (deck, 0, 0)->path, a);
  ck_assert_ptr_null (block_at (deck, 0, 0)->problem);
  ck_assert_str_eq (block_at (deck, 0, 1)->path, b);
  ck_assert_ptr_null (block_at (deck, 0, 1)->problem);
  ck_assert_str_eq (block_at (deck, 0, 2)->path, "/nonexistent/x.png");
  ck_assert_msg (block_at (deck, 0, 2)->problem != NULL, "missing image not reported");
  remove_tree (dir);
}
END_TEST

/* ---- bad input ------------------------------------------------------ */

START_TEST (test_missing_deck)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_file ("/nonexistent/talk.md", &error);

  ck_assert_ptr_null (deck);
  ck_assert_msg (g_error_matches (error, DECK_ERROR, DECK_ERROR_NOT_FOUND), "wrong error: %s",
                 error ? error->message : "none");
  ck_assert_msg (strstr (error->message, "/nonexistent/talk.md") != NULL,
                 "the message does not name the file: %s", error->message);
}
END_TEST

START_TEST (test_unreadable_deck)
{
  g_autofree char *dir = make_folder ("x", "", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_file (dir, &error);

  ck_assert_ptr_null (deck);
  ck_assert_msg (g_error_matches (error, DECK_ERROR, DECK_ERROR_UNREADABLE), "wrong error: %s",
                 error ? error->message : "none");
  ck_assert_msg (strstr (error->message, dir) != NULL, "no file name in: %s", error->message);
  remove_tree (dir);
}
END_TEST

START_TEST (test_not_utf8)
{
  const char text[] = "# Fine\n\nstill fine\n\xff\xfe broken\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_data (text, sizeof text - 1, "latin1.md", &error);

  ck_assert_ptr_null (deck);
  ck_assert (g_error_matches (error, DECK_ERROR, DECK_ERROR_INVALID));
  ck_assert_msg (strstr (error->message, "latin1.md:4:") != NULL, "message does not name file and line: %s",
                 error->message);
}
END_TEST

START_TEST (test_nul_byte)
{
  const char text[] = "# Fine\n\0\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (Deck) deck = deck_new_from_data (text, sizeof text - 1, "nul.md", &error);

  ck_assert_ptr_null (deck);
  ck_assert_msg (strstr (error->message, "nul.md:2:") != NULL, "got: %s", error->message);
}
END_TEST

START_TEST (test_empty_decks)
{
  static const char *const texts[] = { "", "\n\n", "---\n", "---\n\n---\n   \n", NULL };
  guint i;

  for (i = 0; texts[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (Deck) deck = deck_new_from_data (texts[i], -1, "empty.md", &error);

      ck_assert_msg (deck == NULL, "text %u made a deck", i);
      ck_assert_msg (g_error_matches (error, DECK_ERROR, DECK_ERROR_INVALID)
                         && strstr (error->message, "empty.md") != NULL,
                     "text %u: wrong error: %s", i, error ? error->message : "none");
    }
}
END_TEST

START_TEST (test_broken_media)
{
  g_autoptr (Deck) deck = load_test_deck ("bad-media.md");
  DeckBlock *block;

  ck_assert_msg (deck_get_n_problems (deck) == 6, "expected 6 problems, got %u", deck_get_n_problems (deck));

  block = block_at (deck, 0, 1);
  ck_assert_int_eq (block->kind, DECK_BLOCK_VIDEO);
  ck_assert_msg (block->problem != NULL && strstr (block->problem, "clips/missing.webm")
                     && strstr (block->problem, "not found"),
                 "missing video not reported by name: %s", block->problem);
  ck_assert_uint_eq (deck_get_problem (deck, 0)->line, 3);

  block = block_at (deck, 2, 1);
  ck_assert_msg (block->problem != NULL && strstr (block->problem, "https:"), "remote video not refused: %s",
                 block->problem);
  ck_assert_uint_eq (deck_get_problem (deck, 3)->line, 13);

  block = block_at (deck, 2, 2);
  ck_assert_int_eq (block->kind, DECK_BLOCK_IMAGE);
  ck_assert_msg (block->problem != NULL && strstr (block->problem, "neither a video"),
                 "unknown media type not reported: %s", block->problem);
}
END_TEST

/* The sample deck's Keys slides list what every key does, as the key
 * table (host-keys.c) says it: a key added or renamed shows up there. */
START_TEST (test_sample_deck_lists_every_key)
{
  g_autofree char *path
      = g_build_filename (g_getenv ("BRIDGE_SOURCE_ROOT"), "host-demo", "sample", "deck.md", NULL);
  g_autofree char *text = NULL;
  const HostKey *keys;
  guint n;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL), "cannot read %s", path);
  keys = host_keys_get (&n);
  ck_assert_uint_gt (n, 0);
  for (guint i = 0; i < n; i++)
    if (keys[i].label != NULL)
      ck_assert_msg (strstr (text, keys[i].label) != NULL,
                     "the sample deck's Keys slides do not say \"%s\" (%s)", keys[i].label, keys[i].action);
}
END_TEST

static Suite *
deck_suite (void)
{
  Suite *s = suite_create ("deck");
  TCase *tc;

  tc = tcase_create ("elements");
  tcase_add_test (tc, test_headings_and_inline_styles);
  tcase_add_test (tc, test_lists);
  tcase_add_test (tc, test_code_quote_rule);
  tcase_add_test (tc, test_media_elements);
  tcase_add_test (tc, test_media_lifted_out_of_text);
  suite_add_tcase (s, tc);

  tc = tcase_create ("separators");
  tcase_add_test (tc, test_separators);
  tcase_add_test (tc, test_separators_crlf);
  suite_add_tcase (s, tc);

  tc = tcase_create ("options");
  tcase_add_test (tc, test_video_options);
  tcase_add_test (tc, test_unknown_option);
  tcase_add_test (tc, test_relative_paths);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad-input");
  tcase_add_test (tc, test_missing_deck);
  tcase_add_test (tc, test_unreadable_deck);
  tcase_add_test (tc, test_not_utf8);
  tcase_add_test (tc, test_nul_byte);
  tcase_add_test (tc, test_empty_decks);
  tcase_add_test (tc, test_broken_media);
  suite_add_tcase (s, tc);

  tc = tcase_create ("sample");
  tcase_add_test (tc, test_sample_deck_lists_every_key);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (deck_suite)
