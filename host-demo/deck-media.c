/* deck-media.c: images and videos of a deck
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A Markdown image is a video when its file has a video extension; its
 * alt text then holds the video's options. Either way the path is resolved
 * against the deck's folder and checked, so that a missing file is a
 * problem at load time, not a surprise in front of the audience.
 */
#include "config.h"

#include "deck-private.h"

#include <string.h>
#include <unistd.h>

static const char *const video_extensions[]
    = { "webm", "mkv", "mp4", "m4v", "mov", "ogv", "ogg", "avi", "mpg", "mpeg", "ts", NULL };
static const char *const image_extensions[] = { "png", "jpg", "jpeg", "gif", "bmp", "webp", "svg", NULL };

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

/* Marp's image sizes: w:400, h:300, width:400px, height:300px. Returns
 * FALSE when word is no size keyword; a keyword with a bad value is a
 * problem. Sizes are in pixels of the deck's size (720 high unless its
 * size: says otherwise) and kept as a fraction of the slide's height. */
static gboolean
parse_size_keyword (Deck *self, DeckBlock *block, const char *word)
{
  static const char *const prefixes[] = { "w:", "width:", "h:", "height:", NULL };
  double deck_height = self->height > 0 ? self->height : 720;
  const char *value = NULL;
  gboolean is_width = FALSE;
  char *end = NULL;
  double px;
  guint i;

  for (i = 0; prefixes[i] != NULL && value == NULL; i++)
    if (g_str_has_prefix (word, prefixes[i]))
      {
        value = word + strlen (prefixes[i]);
        is_width = i < 2;
      }
  if (value == NULL)
    return FALSE;

  px = g_ascii_strtod (value, &end);
  if (end == value || (*end != '\0' && !g_str_equal (end, "px")) || !(px > 0 && px <= 16384))
    {
      deck_add_problem (self, block, block->line, block->column,
                        "image size “%s”: give pixels, like w:400 or height:300px", word);
      deck_block_set_plain_problem (block, "The slide gives its size in a way that is not understood.");
      return TRUE;
    }
  if (is_width)
    block->width = px / deck_height;
  else
    block->height = px / deck_height;
  return TRUE;
}

/* Takes the size keywords and Marp's "bg" out of an image's alt text. */
static void
parse_image_alt (Deck *self, DeckBlock *block)
{
  g_auto (GStrv) words = g_strsplit_set (block->alt, " \t\n", -1);
  g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
  g_auto (GStrv) rest = NULL;
  guint i;

  for (i = 0; words[i] != NULL; i++)
    if (g_str_equal (words[i], "bg"))
      block->background = TRUE;
    else if (words[i][0] != '\0' && !parse_size_keyword (self, block, words[i]))
      g_strv_builder_add (kept, words[i]);
  rest = g_strv_builder_end (kept);
  g_free (block->alt);
  block->alt = g_strjoinv (" ", rest);
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
      else if (parse_size_keyword (self, block, word))
        continue;
      else if (g_str_has_prefix (word, "start="))
        {
          char *end = NULL;
          double value = g_ascii_strtod (word + 6, &end);

          if (end == word + 6 || *end != '\0' || !(value >= 0 && value < 1e7))
            {
              deck_add_problem (self, block, block->line, block->column,
                                "video option “%s”: start= takes a number of seconds, "
                                "like start=2.5",
                                word);
              deck_block_set_plain_problem (block, "The slide asks for it in a way that is not understood.");
            }
          else
            block->start = value;
        }
      else
        {
          deck_add_problem (
              self, block, block->line, block->column,
              "unknown video option “%s” (known: autoplay, loop, mute, start=SECONDS, w:PIXELS, "
              "h:PIXELS)",
              word);
          deck_block_set_plain_problem (block, "The slide asks for it in a way that is not understood.");
        }
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
      deck_add_problem (self, block, block->line, block->column, "media path is empty");
      deck_block_set_plain_problem (block, "No file is named.");
      return NULL;
    }

  scheme = g_uri_parse_scheme (url);
  if (scheme != NULL && g_ascii_strcasecmp (scheme, "file") == 0)
    {
      char *path = g_filename_from_uri (url, NULL, NULL);

      if (path == NULL)
        {
          deck_add_problem (self, block, block->line, block->column, "“%s” is not a valid file URI", url);
          deck_block_set_plain_problem (block, "The address of the file is not understood.");
        }
      return path;
    }
  if (scheme != NULL)
    {
      deck_add_problem (self, block, block->line, block->column,
                        "“%s”: only local files can be shown, not %s: addresses", url, scheme);
      deck_block_set_plain_problem (block, "Only files on this computer can be shown.");
      return NULL;
    }

  /* Markdown paths may be %-escaped (spaces as %20). */
  unescaped = g_uri_unescape_string (url, NULL);
  return g_canonicalize_filename (unescaped != NULL ? unescaped : url, self->dir);
}

/* A block for an image or a video: lifted out of its paragraph, its path
 * resolved and checked, a video's options read from its alt text. */
DeckBlock *
deck_media_block_new (Deck *self, cmark_node *image, guint line_offset)
{
  DeckBlock *block = g_new0 (DeckBlock, 1);
  const char *what;

  block->line = cmark_node_get_start_line (image) + line_offset;
  block->column = cmark_node_get_start_column (image);
  block->source = g_strdup (cmark_node_get_url (image));
  block->alt = deck_plain_text_of (image);
  block->kind = has_extension (block->source, video_extensions) ? DECK_BLOCK_VIDEO : DECK_BLOCK_IMAGE;
  what = block->kind == DECK_BLOCK_VIDEO ? "video" : "image";

  if (block->kind == DECK_BLOCK_VIDEO)
    parse_video_options (self, block);
  else
    parse_image_alt (self, block);
  if (block->kind == DECK_BLOCK_IMAGE && block->source[0] != '\0'
      && !has_extension (block->source, image_extensions))
    {
      deck_add_problem (self, block, block->line, block->column,
                        "“%s” is neither a video (webm, mp4, mkv, ogv, mov …) nor an image "
                        "(png, jpg, gif, svg …)",
                        block->source);
      deck_block_set_plain_problem (block, "The file is neither a video nor a picture.");
    }

  block->path = resolve_media_path (self, block);
  if (block->path != NULL)
    {
      if (!g_file_test (block->path, G_FILE_TEST_EXISTS))
        {
          /* %-escapes may make any bytes of the path; messages stay UTF-8. */
          g_autofree char *shown = g_filename_display_name (block->path);

          deck_add_problem (self, block, block->line, block->column, "%s file “%s” not found (looked for %s)",
                            what, block->source, shown);
          deck_block_set_plain_problem (block, "The file is missing.");
        }
      else if (!g_file_test (block->path, G_FILE_TEST_IS_REGULAR) || access (block->path, R_OK) != 0)
        {
          deck_add_problem (self, block, block->line, block->column, "%s file “%s” cannot be read", what,
                            block->source);
          deck_block_set_plain_problem (block, "The file cannot be read.");
        }
    }

  return block;
}
