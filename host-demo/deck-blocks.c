/* deck-blocks.c: a slide's cmark tree turned into DeckBlocks
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Inline text becomes plain text plus styled runs; lists are flattened
 * with a depth; images and videos are lifted out of paragraphs into blocks
 * of their own (deck-media.c).
 */
#include "config.h"

#include "deck-private.h"

#include <cmark-gfm-core-extensions.h>

#include <string.h>

/* ---- freeing ---------------------------------------------------------- */

void
deck_text_free (DeckText *text)
{
  if (text == NULL)
    return;
  g_free (text->text);
  g_array_unref (text->spans);
  g_free (text);
}

static void
list_item_free (gpointer data)
{
  DeckListItem *item = data;

  deck_text_free (item->text);
  g_free (item);
}

void
deck_block_free (gpointer data)
{
  DeckBlock *block = data;

  deck_text_free (block->text);
  g_clear_pointer (&block->items, g_ptr_array_unref);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_free (block->aligns);
  g_free (block->code);
  g_free (block->language);
  g_free (block->source);
  g_free (block->path);
  g_free (block->alt);
  g_free (block->problem);
  g_free (block->plain_problem);
  g_free (block);
}

/* The audience's words for a broken element; the first one stays, as
 * its first problem does. */
void
deck_block_set_plain_problem (DeckBlock *block, const char *plain)
{
  if (block->plain_problem == NULL)
    block->plain_problem = g_strdup (plain);
}

/* ---- inline text ------------------------------------------------------ */

static DeckText *
deck_text_new (void)
{
  DeckText *text = g_new0 (DeckText, 1);

  text->spans = g_array_new (FALSE, FALSE, sizeof (DeckSpan));
  return text;
}

/* GFM's strikethrough is an extension's node type, known by name. */
static DeckStyle
style_of (cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
      case CMARK_NODE_EMPH:
        return DECK_STYLE_EMPH;
      case CMARK_NODE_STRONG:
        return DECK_STYLE_STRONG;
      case CMARK_NODE_LINK:
        return DECK_STYLE_LINK;
      default:
        return g_strcmp0 (cmark_node_get_type_string (node), "strikethrough") == 0 ? DECK_STYLE_STRIKE : 0;
    }
}

/* Appends the text of node's inline children to buf, recording styled runs.
 * Images contribute their alt text: media is lifted out of paragraphs by
 * the caller, and elsewhere (a heading, a list item) only the words fit. */
static void
collect_inlines (cmark_node *node, GString *buf, GArray *spans, gboolean skip_images)
{
  cmark_node *child;

  for (child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);
      DeckStyle style = style_of (child);
      guint start = buf->len;

      if (style != 0)
        {
          DeckSpan span = { start, 0, style };
          guint index = spans->len;

          /* The outer span goes first so that inner ones override it. */
          g_array_append_val (spans, span);
          collect_inlines (child, buf, spans, skip_images);
          g_array_index (spans, DeckSpan, index).end = buf->len;
          continue;
        }

      switch (type)
        {
          case CMARK_NODE_TEXT:
          case CMARK_NODE_HTML_INLINE:
            g_string_append (buf, cmark_node_get_literal (child));
            break;
          case CMARK_NODE_SOFTBREAK:
            g_string_append_c (buf, ' ');
            break;
          case CMARK_NODE_LINEBREAK:
            g_string_append_c (buf, '\n');
            break;
          case CMARK_NODE_CODE:
            {
              DeckSpan span = { start, 0, DECK_STYLE_CODE };

              g_string_append (buf, cmark_node_get_literal (child));
              span.end = buf->len;
              g_array_append_val (spans, span);
            }
            break;
          case CMARK_NODE_IMAGE:
            if (!skip_images)
              collect_inlines (child, buf, spans, skip_images);
            break;
          default:
            break;
        }
    }
}

static DeckText *
text_from_inlines (cmark_node *node, gboolean skip_images)
{
  DeckText *text = deck_text_new ();
  GString *buf = g_string_new (NULL);
  guint i;

  collect_inlines (node, buf, text->spans, skip_images);

  /* Lifting images out can leave spaces at the ends; trim them and keep
   * the spans inside the text. */
  {
    gsize lead = 0, len = buf->len;

    while (lead < len && g_ascii_isspace (buf->str[lead]))
      lead++;
    while (len > lead && g_ascii_isspace (buf->str[len - 1]))
      len--;
    text->text = g_strndup (buf->str + lead, len - lead);
    for (i = 0; i < text->spans->len; i++)
      {
        DeckSpan *span = &g_array_index (text->spans, DeckSpan, i);

        span->start = CLAMP (span->start, lead, len) - lead;
        span->end = CLAMP (span->end, lead, len) - lead;
      }
  }
  g_string_free (buf, TRUE);
  return text;
}

char *
deck_plain_text_of (cmark_node *node)
{
  DeckText *text = text_from_inlines (node, FALSE);
  char *plain = g_steal_pointer (&text->text);

  deck_text_free (text);
  return plain;
}

/* ---- blocks ----------------------------------------------------------- */

static DeckBlock *
block_new (DeckBlockKind kind, cmark_node *node, guint line_offset)
{
  DeckBlock *block = g_new0 (DeckBlock, 1);

  block->kind = kind;
  block->line = cmark_node_get_start_line (node) + line_offset;
  block->column = cmark_node_get_start_column (node);
  return block;
}

static gboolean
is_media (cmark_node *node)
{
  return cmark_node_get_type (node) == CMARK_NODE_IMAGE;
}

/* A paragraph becomes its text (if there is any besides images) followed
 * by one block per image or video in it. */
static void
add_paragraph (Deck *self, DeckSlide *slide, cmark_node *node, guint line_offset)
{
  DeckText *text = text_from_inlines (node, TRUE);
  cmark_node *child;

  if (text->text[0] != '\0')
    {
      DeckBlock *block = block_new (DECK_BLOCK_PARAGRAPH, node, line_offset);

      block->text = text;
      g_ptr_array_add (slide->blocks, block);
    }
  else
    deck_text_free (text);

  for (child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    if (is_media (child))
      g_ptr_array_add (slide->blocks, deck_media_block_new (self, child, line_offset));
}

/* Text of all paragraphs (and headings) directly in node, one per line. */
static DeckText *
text_of_container (cmark_node *node)
{
  DeckText *text = deck_text_new ();
  GString *buf = g_string_new (NULL);
  cmark_node *child;

  for (child = cmark_node_first_child (node); child != NULL; child = cmark_node_next (child))
    {
      cmark_node_type type = cmark_node_get_type (child);

      if (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING)
        {
          if (buf->len > 0)
            g_string_append_c (buf, '\n');
          collect_inlines (child, buf, text->spans, FALSE);
        }
      else if (type == CMARK_NODE_CODE_BLOCK)
        {
          DeckSpan span = { buf->len, 0, DECK_STYLE_CODE };
          g_autofree char *code = g_strchomp (g_strdup (cmark_node_get_literal (child)));

          if (buf->len > 0)
            g_string_append_c (buf, '\n');
          span.start = buf->len;
          g_string_append (buf, code);
          span.end = buf->len;
          g_array_append_val (text->spans, span);
        }
    }
  text->text = g_string_free (buf, FALSE);
  return text;
}

static void
add_list_items (GPtrArray *items, cmark_node *list, guint depth)
{
  gboolean ordered = cmark_node_get_list_type (list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start (list);
  cmark_node *item;

  for (item = cmark_node_first_child (list); item != NULL; item = cmark_node_next (item))
    {
      DeckListItem *entry = g_new0 (DeckListItem, 1);
      cmark_node *child;

      entry->text = text_of_container (item);
      entry->depth = depth;
      entry->ordered = ordered;
      entry->number = number++;
      g_ptr_array_add (items, entry);

      for (child = cmark_node_first_child (item); child != NULL; child = cmark_node_next (child))
        if (cmark_node_get_type (child) == CMARK_NODE_LIST)
          add_list_items (items, child, depth + 1);
    }
}

static void
table_row_free (gpointer data)
{
  DeckTableRow *row = data;

  g_ptr_array_unref (row->cells);
  g_free (row);
}

/* A GFM table: rows of cells of inline text; cmark-gfm gives every row as
 * many cells as the header has. */
static DeckBlock *
table_block_new (cmark_node *table, guint line_offset)
{
  DeckBlock *block = block_new (DECK_BLOCK_TABLE, table, line_offset);
  const guint8 *aligns = cmark_gfm_extensions_get_table_alignments (table);
  cmark_node *row, *cell;
  guint i;

  block->n_columns = cmark_gfm_extensions_get_table_columns (table);
  block->aligns = g_new0 (DeckAlign, MAX (block->n_columns, 1));
  for (i = 0; aligns != NULL && i < block->n_columns; i++)
    block->aligns[i] = aligns[i] == 'l'   ? DECK_ALIGN_LEFT
                       : aligns[i] == 'c' ? DECK_ALIGN_CENTER
                       : aligns[i] == 'r' ? DECK_ALIGN_RIGHT
                                          : DECK_ALIGN_NONE;
  block->rows = g_ptr_array_new_with_free_func (table_row_free);
  for (row = cmark_node_first_child (table); row != NULL; row = cmark_node_next (row))
    {
      DeckTableRow *entry = g_new0 (DeckTableRow, 1);

      entry->header = cmark_gfm_extensions_get_table_row_is_header (row);
      entry->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) deck_text_free);
      for (cell = cmark_node_first_child (row); cell != NULL && entry->cells->len < block->n_columns;
           cell = cmark_node_next (cell))
        g_ptr_array_add (entry->cells, text_from_inlines (cell, FALSE));
      while (entry->cells->len < block->n_columns)
        {
          DeckText *empty = deck_text_new ();

          empty->text = g_strdup ("");
          g_ptr_array_add (entry->cells, empty);
        }
      g_ptr_array_add (block->rows, entry);
    }
  return block;
}

void
deck_add_blocks (Deck *self, DeckSlide *slide, cmark_node *document, guint line_offset)
{
  cmark_node *node;

  for (node = cmark_node_first_child (document); node != NULL; node = cmark_node_next (node))
    {
      DeckBlock *block = NULL;

      switch (cmark_node_get_type (node))
        {
          case CMARK_NODE_HEADING:
            block = block_new (DECK_BLOCK_HEADING, node, line_offset);
            block->level = cmark_node_get_heading_level (node);
            block->text = text_from_inlines (node, FALSE);
            break;
          case CMARK_NODE_PARAGRAPH:
            add_paragraph (self, slide, node, line_offset);
            break;
          case CMARK_NODE_LIST:
            block = block_new (DECK_BLOCK_LIST, node, line_offset);
            block->items = g_ptr_array_new_with_free_func (list_item_free);
            add_list_items (block->items, node, 0);
            break;
          case CMARK_NODE_CODE_BLOCK:
            {
              const char *info = cmark_node_get_fence_info (node);
              g_auto (GStrv) words = g_strsplit (info != NULL ? info : "", " ", 2);

              block = block_new (DECK_BLOCK_CODE, node, line_offset);
              block->code = g_strdup (cmark_node_get_literal (node));
              if (g_str_has_suffix (block->code, "\n"))
                block->code[strlen (block->code) - 1] = '\0';
              if (words[0] != NULL && words[0][0] != '\0')
                block->language = g_strdup (words[0]);
            }
            break;
          case CMARK_NODE_BLOCK_QUOTE:
            block = block_new (DECK_BLOCK_QUOTE, node, line_offset);
            block->text = text_of_container (node);
            break;
          case CMARK_NODE_THEMATIC_BREAK:
            /* "***" or "___": a rule inside the slide ("---" cuts slides). */
            block = block_new (DECK_BLOCK_RULE, node, line_offset);
            break;
          case CMARK_NODE_HTML_BLOCK:
            {
              DeckText *text = deck_text_new ();

              text->text = g_strchomp (g_strdup (cmark_node_get_literal (node)));
              block = block_new (DECK_BLOCK_PARAGRAPH, node, line_offset);
              block->text = text;
            }
            break;
          default:
            if (g_strcmp0 (cmark_node_get_type_string (node), "table") == 0)
              block = table_block_new (node, line_offset);
            break;
        }

      if (block != NULL)
        g_ptr_array_add (slide->blocks, block);
    }
}
