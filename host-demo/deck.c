/* deck.c: a presentation parsed from a Markdown file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A deck is GitHub Flavored Markdown cut into slides at lines of dashes
 * (deck-split.c says why that happens before cmark sees the text), after
 * its front matter is read (deck-front-matter.c). Each slide is parsed by
 * libcmark-gfm on its own, its speaker notes taken out (deck-notes.c) and
 * its tree turned into DeckBlocks (deck-blocks.c, deck-media.c).
 */
#include "config.h"

#include "deck.h"
#include "deck-private.h"
#include "deck-split.h"

#include <cmark-gfm-core-extensions.h>

#include <string.h>

G_DEFINE_FINAL_TYPE (Deck, deck, G_TYPE_OBJECT)
/* The quark name is a string, not a subtraction. */
/* clang-format off */
G_DEFINE_QUARK (deck-error-quark, deck_error)
/* clang-format on */

static void
slide_free (gpointer data)
{
  DeckSlide *slide = data;

  g_ptr_array_unref (slide->blocks);
  g_clear_pointer (&slide->background, deck_block_free);
  g_free (slide->notes);
  g_free (slide);
}

static void
problem_free (gpointer data)
{
  DeckProblem *problem = data;

  g_free (problem->message);
  g_free (problem);
}

static void
deck_finalize (GObject *object)
{
  Deck *self = HOST_DECK (object);

  g_free (self->path);
  g_free (self->display_path);
  g_free (self->dir);
  g_free (self->title);
  g_free (self->theme);
  g_free (self->checksum);
  g_clear_error (&self->reload_error);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_ptr_array_unref (self->slides);
  g_ptr_array_unref (self->problems);
  G_OBJECT_CLASS (deck_parent_class)->finalize (object);
}

static guint changed_signal;

static void
deck_class_init (DeckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = deck_finalize;

  /**
   * Deck::changed:
   * @self: the deck
   *
   * A deck_reload() ended: the slides were replaced with the file's new
   * text, or deck_get_reload_error() says why they were not (the last
   * good slides stay). Slides, blocks and problems got before are gone,
   * but for the video blocks that did not change: the new deck holds the
   * same DeckBlock, so a player of one can go on.
   */
  changed_signal = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
}

/* Emits Deck::changed (deck-watcher.c reloads). */
void
deck_emit_changed (Deck *self)
{
  g_signal_emit (self, changed_signal, 0);
}

static void
deck_init (Deck *self)
{
  self->slides = g_ptr_array_new_with_free_func (slide_free);
  self->problems = g_ptr_array_new_with_free_func (problem_free);
  self->paginate = TRUE;
}

/* ---- problems --------------------------------------------------------- */

/* Records trouble with one element; the first problem of a block also
 * becomes the block's placeholder text. */
void
deck_add_problem (Deck *self, DeckBlock *block, guint line, guint column, const char *format, ...)
{
  DeckProblem *problem = g_new0 (DeckProblem, 1);
  va_list args;

  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);
  problem->line = line;
  problem->column = column;
  g_ptr_array_add (self->problems, problem);
  g_debug ("%s:%u:%u: %s", self->display_path, line, column, problem->message);

  if (block != NULL && block->problem == NULL)
    block->problem = g_strdup (problem->message);
}

static int
compare_problems (gconstpointer a, gconstpointer b)
{
  const DeckProblem *p = *(DeckProblem *const *) a, *q = *(DeckProblem *const *) b;

  if (p->line != q->line)
    return p->line < q->line ? -1 : 1;
  return p->column < q->column ? -1 : p->column > q->column;
}

/* Marp's background picture leaves the blocks: it is drawn under the
 * slide. The first one counts; Marp's split backgrounds are not drawn. */
static void
take_background (DeckSlide *slide)
{
  guint i = 0;

  while (i < slide->blocks->len)
    {
      DeckBlock *block = slide->blocks->pdata[i];

      if (block->kind != DECK_BLOCK_IMAGE || !block->background)
        {
          i++;
          continue;
        }
      g_ptr_array_steal_index (slide->blocks, i);
      if (slide->background == NULL)
        slide->background = block;
      else
        deck_block_free (block);
    }
}

/* GitHub Flavored Markdown: CommonMark with tables and strikethrough. */
static cmark_node *
parse_markdown (const GString *text)
{
  static const char *const extensions[] = { "table", "strikethrough", NULL };
  cmark_parser *parser = cmark_parser_new (CMARK_OPT_SOURCEPOS);
  cmark_node *document;
  guint i;

  cmark_gfm_core_extensions_ensure_registered ();
  for (i = 0; extensions[i] != NULL; i++)
    cmark_parser_attach_syntax_extension (parser, cmark_find_syntax_extension (extensions[i]));

  cmark_parser_feed (parser, text->str, text->len);
  document = cmark_parser_finish (parser);
  cmark_parser_free (parser);
  return document;
}

static gboolean
parse_deck (Deck *self, char *data, GError **error)
{
  g_autoptr (GPtrArray) chunks = NULL;
  guint i;

  deck_read_front_matter (self, data);
  chunks = deck_split_slides (data);

  if (chunks->len == 0)
    {
      g_set_error (error, DECK_ERROR, DECK_ERROR_INVALID, "%s: the deck has no slides", self->display_path);
      return FALSE;
    }

  for (i = 0; i < chunks->len; i++)
    {
      DeckChunk *chunk = chunks->pdata[i];
      cmark_node *document = parse_markdown (chunk->text);
      DeckSlide *slide = g_new0 (DeckSlide, 1);

      slide->line = chunk->first_line;
      slide->blocks = g_ptr_array_new_with_free_func (deck_block_free);
      slide->paginate = self->paginate;
      deck_take_notes (self, slide, document, chunk->first_line - 1);
      if (chunk->notes != NULL)
        deck_slide_add_note (slide, chunk->notes->str);
      deck_add_blocks (self, slide, document, chunk->first_line - 1);
      take_background (slide);
      g_ptr_array_add (self->slides, slide);
      cmark_node_free (document);

      if (self->title == NULL)
        {
          guint j;

          for (j = 0; j < slide->blocks->len; j++)
            {
              DeckBlock *block = slide->blocks->pdata[j];

              if (block->kind == DECK_BLOCK_HEADING && block->text->text[0] != '\0')
                {
                  self->title = g_strdup (block->text->text);
                  break;
                }
            }
        }
    }

  g_ptr_array_sort (self->problems, compare_problems);
  return TRUE;
}

/* ---- public API ------------------------------------------------------- */

/**
 * deck_new_from_data:
 * @data: the Markdown text
 * @length: length of @data in bytes, or -1 if it is nul-terminated
 * @path: the file the text came from; relative media paths resolve against
 *   its folder, and messages name it
 * @error: return location for a #DECK_ERROR
 *
 * Parses a deck. Only text that is not UTF-8 or holds no slide fails;
 * trouble with single elements is listed by deck_get_problem() and marks
 * the element with a placeholder text.
 *
 * Returns: (transfer full): the deck, or %NULL with @error set
 */
Deck *
deck_new_from_data (const char *data, gssize length, const char *path, GError **error)
{
  g_autoptr (Deck) self = g_object_new (HOST_TYPE_DECK, NULL);
  g_autofree char *text = NULL;
  const char *invalid = NULL;
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  self->path = g_canonicalize_filename (path, NULL);
  self->display_path = g_strdup (path);
  self->dir = g_path_get_dirname (self->path);

  if (!g_utf8_validate_len (data, len, &invalid))
    {
      guint line = 1;
      const char *p;

      for (p = data; p < invalid; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, DECK_ERROR, DECK_ERROR_INVALID,
                   "%s:%u: the deck is not UTF-8 text (bad byte 0x%02x)", self->display_path, line,
                   (guint) (guchar) *invalid);
      return NULL;
    }

  /* cmark wants no nul bytes and no byte order mark. */
  self->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  text = g_strndup (data, len);
  if (!parse_deck (self, g_str_has_prefix (text, "\xef\xbb\xbf") ? text + 3 : text, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * deck_new_from_file:
 * @path: a Markdown file
 * @error: return location for a #DECK_ERROR
 *
 * Reads and parses a deck; see deck_new_from_data().
 *
 * Returns: (transfer full): the deck, or %NULL with @error set
 */
Deck *
deck_new_from_file (const char *path, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, DECK_ERROR, DECK_ERROR_UNREADABLE, "%s: is a folder, not a deck file", path);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      gboolean missing = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

      g_set_error (error, DECK_ERROR, missing ? DECK_ERROR_NOT_FOUND : DECK_ERROR_UNREADABLE, "%s: %s", path,
                   missing ? "no such deck file" : "cannot read the deck");
      g_debug ("%s", local_error->message);
      return NULL;
    }

  return deck_new_from_data (data, length, path, error);
}

/**
 * deck_get_path:
 * @self: a #Deck
 *
 * Returns: (transfer none): the absolute path of the deck file
 */
const char *
deck_get_path (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  return self->path;
}

/**
 * deck_get_display_path:
 * @self: a #Deck
 *
 * Returns: (transfer none): the deck's path as it was given, for messages
 */
const char *
deck_get_display_path (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  return self->display_path;
}

/**
 * deck_get_title:
 * @self: a #Deck
 *
 * Returns: (transfer none): the text of the first heading, or the file's
 *   base name when there is no heading
 */
const char *
deck_get_title (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  if (self->title == NULL)
    self->title = g_path_get_basename (self->path);
  return self->title;
}

/**
 * deck_get_n_slides:
 * @self: a #Deck
 *
 * Returns: the number of slides, at least one
 */
guint
deck_get_n_slides (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), 0);
  return self->slides->len;
}

/**
 * deck_get_slide:
 * @self: a #Deck
 * @index: a slide index, from 0
 *
 * Returns: (transfer none): the slide, valid as long as @self
 */
DeckSlide *
deck_get_slide (Deck *self, guint index)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  g_return_val_if_fail (index < self->slides->len, NULL);
  return self->slides->pdata[index];
}

/**
 * deck_get_n_problems:
 * @self: a #Deck
 *
 * Returns: how many elements of the deck are broken
 */
guint
deck_get_n_problems (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), 0);
  return self->problems->len;
}

/**
 * deck_get_problem:
 * @self: a #Deck
 * @index: from 0 to deck_get_n_problems() - 1
 *
 * Returns: (transfer none): the problem, in document order
 */
const DeckProblem *
deck_get_problem (Deck *self, guint index)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  g_return_val_if_fail (index < self->problems->len, NULL);
  return self->problems->pdata[index];
}

/**
 * deck_format_problem:
 * @self: a #Deck
 * @problem: one of its problems
 *
 * Returns: (transfer full): "FILE:LINE:COLUMN: message", the way compilers
 *   report, so editors can jump to it
 */
char *
deck_format_problem (Deck *self, const DeckProblem *problem)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  return g_strdup_printf ("%s:%u:%u: %s", self->display_path, problem->line, problem->column,
                          problem->message);
}

/**
 * deck_slide_count_kind:
 * @slide: a slide
 * @kind: a block kind
 *
 * Returns: how many blocks of @kind the slide has
 */
guint
deck_slide_count_kind (DeckSlide *slide, DeckBlockKind kind)
{
  guint i, n = 0;

  for (i = 0; i < slide->blocks->len; i++)
    if (((DeckBlock *) slide->blocks->pdata[i])->kind == kind)
      n++;
  return n;
}

/**
 * deck_slide_get_notes:
 * @slide: a slide
 *
 * The speaker notes of a slide: Marp's HTML comments that are not
 * directives, Deckset's "^ " lines and what follows a "Note:" line, in
 * that order, as paragraphs separated by blank lines. They are never drawn
 * on the slide; the presenter console and the handout show them.
 *
 * Returns: (transfer none) (nullable): the notes, or %NULL when the slide
 *   has none
 */
const char *
deck_slide_get_notes (DeckSlide *slide)
{
  g_return_val_if_fail (slide != NULL, NULL);
  return slide->notes;
}

/**
 * deck_has_front_matter:
 * @self: a #Deck
 *
 * Returns: whether the deck starts with YAML front matter (which is not a
 *   slide)
 */
gboolean
deck_has_front_matter (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), FALSE);
  return self->has_front_matter;
}

/**
 * deck_needs_sound:
 * @self: a #Deck
 *
 * Returns: whether a video of the deck plays with sound (one without the
 *   `mute` option)
 */
gboolean
deck_needs_sound (Deck *self)
{
  guint i, j;

  g_return_val_if_fail (HOST_IS_DECK (self), FALSE);
  for (i = 0; i < self->slides->len; i++)
    {
      DeckSlide *slide = self->slides->pdata[i];

      for (j = 0; j < slide->blocks->len; j++)
        {
          DeckBlock *block = slide->blocks->pdata[j];

          if (block->kind == DECK_BLOCK_VIDEO && !(block->video_flags & DECK_VIDEO_MUTE))
            return TRUE;
        }
    }
  return FALSE;
}

/**
 * deck_get_theme:
 * @self: a #Deck
 *
 * Returns: (transfer none) (nullable): the `theme:` of the front matter
 *   or of a directive, as written, or %NULL
 */
const char *
deck_get_theme (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), NULL);
  return self->theme;
}

/**
 * deck_get_aspect:
 * @self: a #Deck
 *
 * Returns: the slide aspect (width / height) the deck's `size:` asks for,
 *   or 0 when it names none
 */
double
deck_get_aspect (Deck *self)
{
  g_return_val_if_fail (HOST_IS_DECK (self), 0);
  return self->aspect;
}

/**
 * deck_get_size:
 * @self: a #Deck
 * @width: (out) (optional): the width in pixels
 * @height: (out) (optional): the height in pixels
 *
 * The slide size in pixels when the deck's `size:` gives one (`1920x1080`);
 * an aspect alone (`4:3`) is deck_get_aspect().
 *
 * Returns: whether the deck gives a size in pixels
 */
gboolean
deck_get_size (Deck *self, int *width, int *height)
{
  g_return_val_if_fail (HOST_IS_DECK (self), FALSE);
  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
  return self->width > 0;
}
