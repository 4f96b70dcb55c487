/* deck.c: a presentation parsed from a Markdown file
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A deck is CommonMark cut into slides at lines of dashes (deck-split.c
 * says why that happens before cmark sees the text). Each slide is parsed
 * by libcmark on its own and its tree turned into DeckBlocks; images and
 * videos are lifted out of paragraphs into blocks of their own.
 */
#include "config.h"

#include "deck.h"
#include "deck-split.h"

#include <cmark.h>
#include <string.h>
#include <unistd.h>

struct _Deck
{
  GObject parent_instance;

  char *path;         /* absolute */
  char *display_path; /* as given, for messages */
  char *dir;          /* what relative media paths resolve against */
  char *title;
  GPtrArray *slides;   /* of DeckSlide */
  GPtrArray *problems; /* of DeckProblem */
};

G_DEFINE_FINAL_TYPE (Deck, deck, G_TYPE_OBJECT)
/* The quark name is a string, not a subtraction. */
/* clang-format off */
G_DEFINE_QUARK (deck-error-quark, deck_error)
/* clang-format on */

static const char *const video_extensions[]
    = { "webm", "mkv", "mp4", "m4v", "mov", "ogv", "ogg", "avi", "mpg", "mpeg", "ts", NULL };
static const char *const image_extensions[] = { "png", "jpg", "jpeg", "gif", "bmp", "webp", "svg", NULL };

/* ---- freeing ---------------------------------------------------------- */

static void
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

static void
block_free (gpointer data)
{
  DeckBlock *block = data;

  deck_text_free (block->text);
  g_clear_pointer (&block->items, g_ptr_array_unref);
  g_free (block->code);
  g_free (block->language);
  g_free (block->source);
  g_free (block->path);
  g_free (block->alt);
  g_free (block->problem);
  g_free (block);
}

static void
slide_free (gpointer data)
{
  DeckSlide *slide = data;

  g_ptr_array_unref (slide->blocks);
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
  g_ptr_array_unref (self->slides);
  g_ptr_array_unref (self->problems);
  G_OBJECT_CLASS (deck_parent_class)->finalize (object);
}

static void
deck_class_init (DeckClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = deck_finalize;
}

static void
deck_init (Deck *self)
{
  self->slides = g_ptr_array_new_with_free_func (slide_free);
  self->problems = g_ptr_array_new_with_free_func (problem_free);
}

/* ---- problems --------------------------------------------------------- */

static void add_problem (Deck *self, DeckBlock *block, guint line, guint column, const char *format, ...)
    G_GNUC_PRINTF (5, 6);

/* Records trouble with one element; the first problem of a block also
 * becomes the block's placeholder text. */
static void
add_problem (Deck *self, DeckBlock *block, guint line, guint column, const char *format, ...)
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

/* ---- inline text ------------------------------------------------------ */

static DeckText *
deck_text_new (void)
{
  DeckText *text = g_new0 (DeckText, 1);

  text->spans = g_array_new (FALSE, FALSE, sizeof (DeckSpan));
  return text;
}

static DeckStyle
style_of (cmark_node_type type)
{
  switch (type)
    {
      case CMARK_NODE_EMPH:
        return DECK_STYLE_EMPH;
      case CMARK_NODE_STRONG:
        return DECK_STYLE_STRONG;
      case CMARK_NODE_LINK:
        return DECK_STYLE_LINK;
      default:
        return 0;
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
      guint start = buf->len;

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
          case CMARK_NODE_EMPH:
          case CMARK_NODE_STRONG:
          case CMARK_NODE_LINK:
            {
              DeckSpan span = { start, 0, style_of (type) };
              guint index = spans->len;

              /* The outer span goes first so that inner ones override it. */
              g_array_append_val (spans, span);
              collect_inlines (child, buf, spans, skip_images);
              g_array_index (spans, DeckSpan, index).end = buf->len;
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

static char *
plain_text_of (cmark_node *node)
{
  DeckText *text = text_from_inlines (node, FALSE);
  char *plain = g_steal_pointer (&text->text);

  deck_text_free (text);
  return plain;
}

/* ---- media -------------------------------------------------------------- */

static gboolean
has_extension (const char *path, const char *const *extensions)
{
  const char *base = strrchr (path, '/');
  const char *dot = strrchr (base != NULL ? base : path, '.');
  g_autofree char *ext = NULL;

  if (dot == NULL)
    return FALSE;
  ext = g_ascii_strdown (dot + 1, -1);
  return g_strv_contains (extensions, ext);
}

/* Reads the options of a video element from its alt text: words separated
 * by spaces or commas. */
static void
parse_video_options (Deck *self, DeckBlock *block)
{
  g_auto (GStrv) words = g_strsplit_set (block->alt, " \t\n,", -1);
  guint i;

  for (i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (word[0] == '\0')
        continue;
      if (g_str_equal (word, "autoplay"))
        block->video_flags |= DECK_VIDEO_AUTOPLAY;
      else if (g_str_equal (word, "loop"))
        block->video_flags |= DECK_VIDEO_LOOP;
      else if (g_str_equal (word, "mute") || g_str_equal (word, "muted"))
        block->video_flags |= DECK_VIDEO_MUTE;
      else if (g_str_has_prefix (word, "start="))
        {
          char *end = NULL;
          double value = g_ascii_strtod (word + 6, &end);

          if (end == word + 6 || *end != '\0' || !(value >= 0 && value < 1e7))
            add_problem (self, block, block->line, block->column,
                         "video option “%s”: start= takes a number of seconds, "
                         "like start=2.5",
                         word);
          else
            block->start = value;
        }
      else
        add_problem (self, block, block->line, block->column,
                     "unknown video option “%s” (known: autoplay, loop, mute, start=SECONDS)", word);
    }
}

static char *
resolve_media_path (Deck *self, DeckBlock *block)
{
  const char *url = block->source;
  g_autofree char *unescaped = NULL;
  g_autofree char *scheme = NULL;

  if (url[0] == '\0')
    {
      add_problem (self, block, block->line, block->column, "media path is empty");
      return NULL;
    }

  scheme = g_uri_parse_scheme (url);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    {
      char *path = g_filename_from_uri (url, NULL, NULL);

      if (path == NULL)
        add_problem (self, block, block->line, block->column, "“%s” is not a valid file URI", url);
      return path;
    }
  if (scheme != NULL)
    {
      add_problem (self, block, block->line, block->column,
                   "“%s”: only local files can be shown, not %s: addresses", url, scheme);
      return NULL;
    }

  /* Markdown paths may be %-escaped (spaces as %20). */
  unescaped = g_uri_unescape_string (url, NULL);
  return g_canonicalize_filename (unescaped != NULL ? unescaped : url, self->dir);
}

static DeckBlock *
media_block_new (Deck *self, cmark_node *image, guint line_offset)
{
  DeckBlock *block = g_new0 (DeckBlock, 1);
  const char *what;

  block->line = cmark_node_get_start_line (image) + line_offset;
  block->column = cmark_node_get_start_column (image);
  block->source = g_strdup (cmark_node_get_url (image));
  block->alt = plain_text_of (image);
  block->kind = has_extension (block->source, video_extensions) ? DECK_BLOCK_VIDEO : DECK_BLOCK_IMAGE;
  what = block->kind == DECK_BLOCK_VIDEO ? "video" : "image";

  if (block->kind == DECK_BLOCK_VIDEO)
    parse_video_options (self, block);
  else if (block->source[0] != '\0' && !has_extension (block->source, image_extensions))
    add_problem (self, block, block->line, block->column,
                 "“%s” is neither a video (webm, mp4, mkv, ogv, mov …) nor an image "
                 "(png, jpg, gif, svg …)",
                 block->source);

  block->path = resolve_media_path (self, block);
  if (block->path != NULL)
    {
      if (!g_file_test (block->path, G_FILE_TEST_EXISTS))
        {
          /* %-escapes may make any bytes of the path; messages stay UTF-8. */
          g_autofree char *shown = g_filename_display_name (block->path);

          add_problem (self, block, block->line, block->column, "%s file “%s” not found (looked for %s)",
                       what, block->source, shown);
        }
      else if (!g_file_test (block->path, G_FILE_TEST_IS_REGULAR) || access (block->path, R_OK) != 0)
        add_problem (self, block, block->line, block->column, "%s file “%s” cannot be read", what,
                     block->source);
    }

  return block;
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
      g_ptr_array_add (slide->blocks, media_block_new (self, child, line_offset));
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
add_blocks (Deck *self, DeckSlide *slide, cmark_node *document, guint line_offset)
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
            break;
        }

      if (block != NULL)
        g_ptr_array_add (slide->blocks, block);
    }
}

static gboolean
parse_deck (Deck *self, const char *data, GError **error)
{
  g_autoptr (GPtrArray) chunks = deck_split_slides (data);
  guint i;

  if (chunks->len == 0)
    {
      g_set_error (error, DECK_ERROR, DECK_ERROR_INVALID, "%s: the deck has no slides", self->display_path);
      return FALSE;
    }

  for (i = 0; i < chunks->len; i++)
    {
      DeckChunk *chunk = chunks->pdata[i];
      cmark_node *document = cmark_parse_document (chunk->text->str, chunk->text->len, CMARK_OPT_SOURCEPOS);
      DeckSlide *slide = g_new0 (DeckSlide, 1);

      slide->line = chunk->first_line;
      slide->blocks = g_ptr_array_new_with_free_func (block_free);
      add_blocks (self, slide, document, chunk->first_line - 1);
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
