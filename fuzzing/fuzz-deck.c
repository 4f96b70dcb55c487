/* fuzz-deck.c: the host's Markdown deck parser (host-demo/deck.c)
 *
 * Input: the text of a deck. Whatever it holds, the deck either fails
 * with a DECK_ERROR or comes out well formed: at least one slide, every
 * styled span inside its text, every problem printable.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "deck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...) (fprintf (stderr, "fuzz-deck: " __VA_ARGS__), fputc ('\n', stderr), abort ())

static void
check_text (const DeckText *text)
{
  gsize len;

  if (text == NULL)
    FAIL ("a block that needs text has none");
  if (!g_utf8_validate (text->text, -1, NULL))
    FAIL ("a text is not UTF-8");
  len = strlen (text->text);
  for (guint i = 0; text->spans != NULL && i < text->spans->len; i++)
    {
      const DeckSpan *span = &g_array_index (text->spans, DeckSpan, i);

      if (span->start > span->end || span->end > len)
        FAIL ("span [%u, %u) is outside its text of %" G_GSIZE_FORMAT " bytes", span->start, span->end, len);
    }
}

static void
check_block (const DeckBlock *block)
{
  switch (block->kind)
    {
      case DECK_BLOCK_HEADING:
        if (block->level < 1 || block->level > 6)
          FAIL ("heading of level %u", block->level);
        check_text (block->text);
        break;
      case DECK_BLOCK_PARAGRAPH:
      case DECK_BLOCK_QUOTE:
        check_text (block->text);
        break;
      case DECK_BLOCK_LIST:
        for (guint i = 0; i < block->items->len; i++)
          check_text (((DeckListItem *) block->items->pdata[i])->text);
        break;
      case DECK_BLOCK_CODE:
        if (block->code == NULL)
          FAIL ("a code block without code");
        break;
      case DECK_BLOCK_IMAGE:
      case DECK_BLOCK_VIDEO:
        if (block->source == NULL)
          FAIL ("a media block without a source");
        break;
      case DECK_BLOCK_RULE:
        break;
      case DECK_BLOCK_TABLE:
        if (block->rows == NULL || block->rows->len == 0 || block->aligns == NULL)
          FAIL ("a table without rows");
        for (guint i = 0; i < block->rows->len; i++)
          {
            const DeckTableRow *row = block->rows->pdata[i];

            if (row->cells->len != block->n_columns)
              FAIL ("row %u has %u cells, the table %u columns", i, row->cells->len, block->n_columns);
            for (guint j = 0; j < row->cells->len; j++)
              check_text (row->cells->pdata[j]);
          }
        break;
      default:
        FAIL ("a block of kind %d", block->kind);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (Deck) deck = NULL;
  g_autoptr (GError) error = NULL;
  guint n;

  fuzz_init ();
  deck = deck_new_from_data ((const char *) data, (gssize) size, "/nonexistent/fuzz/deck.md", &error);
  if (deck == NULL)
    {
      if (error == NULL || error->domain != DECK_ERROR)
        FAIL ("a deck failed without a DECK_ERROR");
      return 0;
    }

  n = deck_get_n_slides (deck);
  if (n == 0)
    FAIL ("a deck loaded with no slide");
  (void) deck_get_title (deck);
  for (guint i = 0; i < n; i++)
    {
      DeckSlide *slide = deck_get_slide (deck, i);

      const char *notes = deck_slide_get_notes (slide);

      for (guint j = 0; j < slide->blocks->len; j++)
        check_block (slide->blocks->pdata[j]);
      if (slide->background != NULL
          && (slide->background->kind != DECK_BLOCK_IMAGE || !slide->background->background))
        FAIL ("slide %u has a background that is no background picture", i);
      if (notes != NULL && (notes[0] == '\0' || !g_utf8_validate (notes, -1, NULL)))
        FAIL ("slide %u has empty or broken notes", i);
    }
  (void) deck_get_theme (deck);
  (void) deck_needs_sound (deck);
  for (guint i = 0; i < deck_get_n_problems (deck); i++)
    {
      g_autofree char *text = deck_format_problem (deck, deck_get_problem (deck, i));

      if (text == NULL || !g_utf8_validate (text, -1, NULL))
        FAIL ("problem %u does not print", i);
      if (i > 0 && deck_get_problem (deck, i - 1)->line > deck_get_problem (deck, i)->line)
        FAIL ("problem %u is out of line order", i);
    }
  return 0;
}
