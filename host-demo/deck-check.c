/* deck-check.c: every problem of a deck, before the talk
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * host-demo --check DECK: what the deck parser found (unknown options,
 * missing files, bad front matter) and what only trying finds: every video
 * is opened through the video plugin and its poster decoded, as the slide
 * will do in front of the audience, and every picture is decoded. Each
 * problem is a line "FILE:LINE:COLUMN: message", in the order of the
 * file: the plain sentence the audience would read, then the technical
 * reason in brackets.
 */
#include "config.h"

#include "deck-check.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "deck-private.h"
#include "media-error.h"
#include "slide-theme.h"
#include "video-stills.h"

typedef struct
{
  guint line;
  guint column;
  char *text;
} Found;

static void
found_free (gpointer data)
{
  Found *found = data;

  g_free (found->text);
  g_free (found);
}

static void add (GPtrArray *found, guint line, guint column, const char *format, ...) G_GNUC_PRINTF (4, 5);

static void
add (GPtrArray *found, guint line, guint column, const char *format, ...)
{
  Found *f = g_new0 (Found, 1);
  va_list args;

  va_start (args, format);
  f->text = g_strdup_vprintf (format, args);
  va_end (args);
  f->line = line;
  f->column = column;
  g_ptr_array_add (found, f);
}

static int
compare_found (gconstpointer a, gconstpointer b)
{
  const Found *p = *(Found *const *) a, *q = *(Found *const *) b;

  if (p->line != q->line)
    return p->line < q->line ? -1 : 1;
  return p->column < q->column ? -1 : p->column > q->column;
}

static void
check_video (Deck *deck, DeckBlock *block, VideoStills *stills, GPtrArray *found)
{
  g_autoptr (GError) error = NULL;
  cairo_surface_t *still = video_stills_get (stills, block->path, block->start, &error);

  if (still != NULL)
    {
      cairo_surface_destroy (still);
      return;
    }
  add (found, block->line, block->column, "video “%s”: %s. %s [%s]", block->source,
       MEDIA_ERROR_VIDEO_HEADLINE, media_error_plain_reason (error), error->message);
}

static void
check_image (Deck *deck, DeckBlock *block, GPtrArray *found)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (block->path, &error);

  if (pixbuf == NULL)
    add (found, block->line, block->column,
         "image “%s”: This picture could not be shown. The file is damaged or not a picture. [%s]",
         block->source, error->message);
}

/**
 * check_deck:
 * @deck: the deck
 * @registry: (nullable): where the video plugin is found
 * @n_media: (out) (optional): how many videos and pictures were tried
 *
 * Tries every medium of @deck as the slides will.
 *
 * Returns: (transfer full) (element-type utf8): one "FILE:LINE:COLUMN:
 *   message" line per problem, in the order of the file; empty when the
 *   deck is fine
 */
GPtrArray *
check_deck (Deck *deck, BridgeRegistry *registry, guint *n_media)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (found_free);
  g_autoptr (VideoStills) stills = video_stills_new (registry);
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  guint i, j, media = 0;

  g_return_val_if_fail (HOST_IS_DECK (deck), NULL);

  for (i = 0; i < deck_get_n_problems (deck); i++)
    {
      const DeckProblem *problem = deck_get_problem (deck, i);

      add (found, problem->line, problem->column, "%s", problem->message);
    }
  /* A theme file that is there (a missing one is a problem of the deck
   * already) but does not read. */
  if (deck->theme != NULL && slide_theme_get_builtin (deck->theme) == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree SlideTheme *theme = slide_theme_resolve (deck->theme, deck->dir, &error);

      if (theme == NULL && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        add (found, deck->theme_line, 1, "theme: %s", error->message);
    }
  for (i = 0; i < deck_get_n_slides (deck); i++)
    {
      DeckSlide *slide = deck_get_slide (deck, i);

      for (j = 0; j < slide->blocks->len; j++)
        {
          DeckBlock *block = slide->blocks->pdata[j];

          /* Broken elements are among the deck's problems already. */
          if (block->problem != NULL)
            continue;
          if (block->kind == DECK_BLOCK_VIDEO)
            check_video (deck, block, stills, found);
          else if (block->kind == DECK_BLOCK_IMAGE)
            check_image (deck, block, found);
          else
            continue;
          media++;
        }
      if (slide->background != NULL && slide->background->problem == NULL)
        {
          check_image (deck, slide->background, found);
          media++;
        }
    }

  g_ptr_array_sort (found, compare_found);
  for (i = 0; i < found->len; i++)
    {
      Found *f = found->pdata[i];

      g_ptr_array_add (
          lines, g_strdup_printf ("%s:%u:%u: %s", deck_get_display_path (deck), f->line, f->column, f->text));
    }
  if (n_media != NULL)
    *n_media = media;
  return lines;
}
