/* deck-split.c: cutting a Markdown deck into the text of its slides
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A line of three or more dashes separates slides. The cut happens on
 * lines, before cmark sees the text, because to CommonMark a "---" right
 * under a paragraph is a setext heading underline (which would swallow the
 * slide break), while a "---" inside a fenced code block is code (which
 * must not break the slide). So this tracks code fences (CommonMark 0.30,
 * section 4.5) and treats every other dash line as a break.
 */
#include "config.h"

#include "deck-split.h"

#include <string.h>

static guint
leading_spaces (const char *line)
{
  guint n = 0;

  while (line[n] == ' ')
    n++;
  return n;
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/* Whether line opens a code fence: up to three spaces, then three or more
 * backticks or tildes; an info string after backticks must not contain a
 * backtick. Sets fence_char and fence_len. A fence indented further (in a
 * nested list item) cannot hold a dash line at three spaces or less
 * without that line ending the list item, and the fence with it. */
static gboolean
opens_fence (const char *line, char *fence_char, guint *fence_len)
{
  guint indent = leading_spaces (line);
  const char *p = line + indent;
  guint n = 0;

  if (indent > 3 || (*p != '`' && *p != '~'))
    return FALSE;
  while (p[n] == *p)
    n++;
  if (n < 3)
    return FALSE;
  if (*p == '`' && strchr (p + n, '`') != NULL)
    return FALSE;
  *fence_char = *p;
  *fence_len = n;
  return TRUE;
}

/* The closing fence: the same character, at least as many of it, nothing
 * after but spaces. */
static gboolean
closes_fence (const char *line, char fence_char, guint fence_len)
{
  guint indent = leading_spaces (line);
  const char *p = line + indent;
  guint n = 0;

  if (indent > 3)
    return FALSE;
  while (p[n] == fence_char)
    n++;
  return n >= fence_len && is_blank (p + n);
}

/* A slide break: up to three spaces, three or more dashes, nothing but
 * whitespace after them. Four spaces make it indented code. */
static gboolean
is_separator (const char *line)
{
  guint indent = leading_spaces (line);
  const char *p = line + indent;
  guint n = 0;

  if (indent > 3)
    return FALSE;
  while (p[n] == '-')
    n++;
  return n >= 3 && is_blank (p + n);
}

static void
chunk_free (gpointer data)
{
  DeckChunk *chunk = data;

  g_string_free (chunk->text, TRUE);
  g_free (chunk);
}

static DeckChunk *
chunk_new (GPtrArray *chunks, guint first_line)
{
  DeckChunk *chunk = g_new0 (DeckChunk, 1);

  chunk->text = g_string_new (NULL);
  chunk->first_line = first_line;
  g_ptr_array_add (chunks, chunk);
  return chunk;
}

/**
 * deck_split_slides:
 * @data: a deck's Markdown text, nul-terminated
 *
 * Cuts @data at its slide breaks. Line ends may be "\n" or "\r\n" (the
 * chunks get "\n"). Breaks before the first slide or after the last one
 * make no slide; an empty slide between two breaks stays, as a blank
 * slide.
 *
 * Returns: (transfer full) (element-type DeckChunk): the slides' text, in
 *   order; possibly empty
 */
GPtrArray *
deck_split_slides (const char *data)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func (chunk_free);
  g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
  DeckChunk *current = chunk_new (chunks, 1);
  char fence_char = 0;
  guint fence_len = 0;
  guint i;

  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[len - 1] = '\0';
      /* What follows the last newline is no line of its own. */
      if (lines[i + 1] == NULL && line[0] == '\0')
        break;

      if (fence_char != 0)
        {
          if (closes_fence (line, fence_char, fence_len))
            fence_char = 0;
        }
      else if (is_separator (line))
        {
          current = chunk_new (chunks, i + 2);
          continue;
        }
      else
        opens_fence (line, &fence_char, &fence_len);

      g_string_append (current->text, line);
      g_string_append_c (current->text, '\n');
    }

  while (chunks->len > 0 && is_blank (((DeckChunk *) chunks->pdata[chunks->len - 1])->text->str))
    g_ptr_array_remove_index (chunks, chunks->len - 1);
  while (chunks->len > 0 && is_blank (((DeckChunk *) chunks->pdata[0])->text->str))
    g_ptr_array_remove_index (chunks, 0);

  return chunks;
}
