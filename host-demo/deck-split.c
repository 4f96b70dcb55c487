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
 *
 * The same pass takes out the speaker notes written as lines: Deckset's
 * "^ note" lines, and everything from a "Note:" (or "Notes:") line to the
 * end of the slide, as reveal.js reads them. Their lines stay in the
 * slide's text as blank lines, so that cmark's line numbers still match
 * the file. Marp's notes, HTML comments, are cmark's to find (deck-notes.c).
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

/* Deckset: a caret at the start of a line, then a space or nothing. */
static char *
deckset_note (char *line)
{
  char *p = line + leading_spaces (line);

  if (p - line > 3 || p[0] != '^' || (p[1] != ' ' && p[1] != '\t' && p[1] != '\0'))
    return NULL;
  return p + 1;
}

/* reveal.js: "Note:" or "Notes:", any case, starts the notes. */
static char *
notes_start (char *line)
{
  char *p = line + leading_spaces (line);

  if (p - line > 3)
    return NULL;
  if (g_ascii_strncasecmp (p, "note:", 5) == 0)
    return p + 5;
  if (g_ascii_strncasecmp (p, "notes:", 6) == 0)
    return p + 6;
  return NULL;
}

static void
add_note_line (DeckChunk *chunk, const char *text)
{
  if (chunk->notes == NULL)
    chunk->notes = g_string_new (NULL);
  g_string_append (chunk->notes, text);
  g_string_append_c (chunk->notes, '\n');
}

static void
chunk_free (gpointer data)
{
  DeckChunk *chunk = data;

  g_string_free (chunk->text, TRUE);
  if (chunk->notes != NULL)
    g_string_free (chunk->notes, TRUE);
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
 * slide. Note lines are taken out into each chunk's notes.
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
  gboolean in_notes = FALSE;
  guint i;

  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *note;
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
          in_notes = FALSE;
          continue;
        }
      else if (!in_notes && (note = deckset_note (line)) != NULL)
        {
          add_note_line (current, g_strstrip (note));
          g_string_append_c (current->text, '\n');
          continue;
        }
      else if (!in_notes && (note = notes_start (line)) != NULL)
        {
          in_notes = TRUE;
          line = g_strstrip (note);
        }
      else
        opens_fence (line, &fence_char, &fence_len);

      if (in_notes)
        {
          add_note_line (current, line);
          g_string_append_c (current->text, '\n');
          continue;
        }
      g_string_append (current->text, line);
      g_string_append_c (current->text, '\n');
    }

  while (chunks->len > 0 && is_blank (((DeckChunk *) chunks->pdata[chunks->len - 1])->text->str))
    g_ptr_array_remove_index (chunks, chunks->len - 1);
  while (chunks->len > 0 && is_blank (((DeckChunk *) chunks->pdata[0])->text->str))
    g_ptr_array_remove_index (chunks, 0);

  return chunks;
}
