/* deck-notes.c: speaker notes, which the audience never sees
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Marp writes notes as HTML comments, anywhere on the slide: a comment
 * that is a directive (`<!-- paginate: false -->`, deck-front-matter.c)
 * sets something, every other comment is a note. Deckset's "^" lines and
 * reveal.js's "Note:" are line syntax and come from deck-split.c. Either
 * way they end up in DeckSlide.notes and never in a block.
 */
#include "config.h"

#include "deck-private.h"

#include <string.h>

/**
 * deck_slide_add_note:
 * @slide: a slide being parsed
 * @text: a note; blank ones are dropped
 *
 * Appends a paragraph to the slide's notes.
 */
void
deck_slide_add_note (DeckSlide *slide, const char *text)
{
  g_autofree char *note = g_strstrip (g_strdup (text));
  char *joined;

  if (note[0] == '\0')
    return;
  if (slide->notes == NULL)
    {
      slide->notes = g_steal_pointer (&note);
      return;
    }
  joined = g_strconcat (slide->notes, "\n\n", note, NULL);
  g_free (slide->notes);
  slide->notes = joined;
}

/* Takes the comments out of an HTML literal: directives are applied, the
 * others become notes. Returns what is left besides the comments. */
static char *
take_comments (Deck *self, DeckSlide *slide, const char *literal, guint line, guint column)
{
  GString *rest = g_string_new (NULL);
  const char *p = literal;
  const char *open;

  while ((open = strstr (p, "<!--")) != NULL)
    {
      const char *body = open + 4;
      const char *close = strstr (body, "-->");
      g_autofree char *comment = g_strndup (body, close != NULL ? (gsize) (close - body) : strlen (body));
      const char *q;

      g_string_append_len (rest, p, open - p);
      for (q = literal; q < open; q++)
        if (*q == '\n')
          line++;
      /* Marp's "# <!-- fit --> Title" asks to fit a heading to the width:
       * a keyword, not a note (headings here shrink to fit anyway). */
      if (g_strcmp0 (g_strstrip (comment), "fit") != 0
          && !deck_apply_directive (self, slide, comment, line, column))
        deck_slide_add_note (slide, comment);
      if (close == NULL)
        {
          p = body + strlen (body);
          break;
        }
      p = close + 3;
    }
  g_string_append (rest, p);
  return g_string_free (rest, FALSE);
}

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

/**
 * deck_take_notes:
 * @self: the deck being parsed
 * @slide: the slide @document is
 * @document: the slide's cmark tree
 * @line_offset: what to add to cmark's line numbers for the file's
 *
 * Takes every HTML comment out of @document, in document order: a
 * directive is applied, any other comment becomes a note of @slide. HTML
 * nodes that held nothing but comments are removed from the tree, so that
 * no comment is ever drawn.
 */
void
deck_take_notes (Deck *self, DeckSlide *slide, cmark_node *document, guint line_offset)
{
  g_autoptr (GPtrArray) emptied = g_ptr_array_new ();
  cmark_iter *iter = cmark_iter_new (document);
  cmark_event_type event;
  guint i;

  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);
      cmark_node_type type = cmark_node_get_type (node);
      const char *literal;
      g_autofree char *rest = NULL;

      if (event != CMARK_EVENT_ENTER || (type != CMARK_NODE_HTML_BLOCK && type != CMARK_NODE_HTML_INLINE))
        continue;
      literal = cmark_node_get_literal (node);
      if (literal == NULL || strstr (literal, "<!--") == NULL)
        continue;
      rest = take_comments (self, slide, literal, cmark_node_get_start_line (node) + line_offset,
                            cmark_node_get_start_column (node));
      if (is_blank (rest))
        g_ptr_array_add (emptied, node);
      else
        cmark_node_set_literal (node, rest);
    }
  cmark_iter_free (iter);

  for (i = 0; i < emptied->len; i++)
    cmark_node_free (emptied->pdata[i]);
}
