/* export.c: every slide to an image file, without a display
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The same SlideRenderer as the window draws each slide into a cairo image
 * surface (or a page of a PDF surface); each video shows the still the
 * video plugin decodes for the asked time, or a placeholder saying why
 * there is none.
 */
#include "config.h"

#include "export.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "slide-renderer.h"
#include "video-stills.h"

typedef struct
{
  SlideVideoState *states;
  char **messages; /* owned strings the states point to */
  guint n;
} SlideVideos;

static void
slide_videos_clear (SlideVideos *videos)
{
  guint i;

  for (i = 0; i < videos->n; i++)
    if (videos->states[i].frame != NULL)
      cairo_surface_destroy (videos->states[i].frame);
  g_free (videos->states);
  g_strfreev (videos->messages);
}

/* Fetches a still for each video of a slide. Trouble goes into problems
 * as "FILE:LINE:COLUMN: message" and onto the slide as a placeholder. */
static void
fetch_stills (Deck *deck,
              guint index,
              VideoStills *stills,
              const ExportOptions *options,
              GPtrArray *problems,
              SlideVideos *videos)
{
  DeckSlide *slide = deck_get_slide (deck, index);
  guint i, n = deck_slide_count_kind (slide, DECK_BLOCK_VIDEO), v = 0;

  videos->n = n;
  videos->states = g_new0 (SlideVideoState, MAX (n, 1));
  videos->messages = g_new0 (char *, 2 * n + 1);

  for (i = 0; i < slide->blocks->len; i++)
    {
      DeckBlock *block = slide->blocks->pdata[i];
      SlideVideoState *state;
      g_autoptr (GError) error = NULL;

      if (block->kind != DECK_BLOCK_VIDEO)
        continue;
      state = &videos->states[v++];
      if (block->problem != NULL)
        continue; /* the deck reported it already; the renderer shows it */

      state->frame
          = video_stills_get (stills, block->path, options->at >= 0 ? options->at : block->start, &error);
      if (state->frame != NULL)
        {
          state->aspect = (double) cairo_image_surface_get_width (state->frame)
                          / cairo_image_surface_get_height (state->frame);
          state->show_play_hint = FALSE;
          continue;
        }

      g_ptr_array_add (problems, g_strdup_printf ("%s:%u:%u: video “%s”: %s", deck_get_display_path (deck),
                                                  block->line, block->column, block->source, error->message));
      videos->messages[2 * (v - 1)] = g_strdup (g_error_matches (error, BRIDGE_ERROR, BRIDGE_ERROR_NOT_FOUND)
                                                    ? "No video plugin found"
                                                    : "No picture of this video");
      videos->messages[2 * (v - 1) + 1] = g_strdup (error->message);
      state->message = videos->messages[2 * (v - 1)];
      state->detail = videos->messages[2 * (v - 1) + 1];
    }
}

static gboolean
render_all (
    Deck *deck,
    const ExportOptions *options,
    GPtrArray *problems,
    gboolean (*page) (cairo_surface_t *surface, cairo_t *cr, guint index, gpointer data, GError **error),
    cairo_surface_t *target,
    gpointer data,
    GError **error)
{
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, options->aspect);
  g_autoptr (VideoStills) stills = video_stills_new (options->registry);
  guint i;

  if (options->theme != NULL)
    slide_renderer_set_theme (renderer, options->theme);
  for (i = 0; i < deck_get_n_slides (deck); i++)
    {
      SlideVideos videos = { 0 };
      cairo_surface_t *surface = target;
      cairo_t *cr;
      gboolean ok;

      fetch_stills (deck, i, stills, options, problems, &videos);
      if (surface == NULL)
        surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, options->width, options->height);
      else
        cairo_surface_reference (surface);
      cr = cairo_create (surface);
      slide_renderer_render (renderer, cr, i, options->width, options->height, videos.states, videos.n);
      ok = page (surface, cr, i, data, error);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      slide_videos_clear (&videos);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_png (cairo_surface_t *surface, cairo_t *cr, guint index, gpointer data, GError **error)
{
  const char *dir = data;
  g_autofree char *name = g_strdup_printf ("slide-%02u.png", index + 1);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_status_t status;

  cairo_surface_flush (surface);
  status = cairo_surface_write_to_png (surface, path);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
next_page (cairo_surface_t *surface, cairo_t *cr, guint index, gpointer data, GError **error)
{
  const char *path = data;
  cairo_status_t status;

  cairo_show_page (cr);
  status = cairo_surface_status (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write: %s", path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

/**
 * export_deck_png:
 * @deck: the deck
 * @dir: the folder for the images; made if missing
 * @options: size, video time, plugin registry
 * @problems: (element-type utf8): gets one line per video without a picture
 * @error: return location for a #GError
 *
 * Writes every slide to @dir/slide-01.png, slide-02.png ... Videos that
 * cannot be shown get a placeholder and a line in @problems, but do not
 * stop the export.
 *
 * Returns: %FALSE with @error set when a file cannot be written
 */
gboolean
export_deck_png (
    Deck *deck, const char *dir, const ExportOptions *options, GPtrArray *problems, GError **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: cannot make the folder: %s",
                   dir, g_strerror (saved));
      return FALSE;
    }
  return render_all (deck, options, problems, write_png, NULL, (gpointer) dir, error);
}

/**
 * export_deck_pdf:
 * @deck: the deck
 * @path: the PDF file to write
 * @options: size (in points), video time, plugin registry
 * @problems: (element-type utf8): gets one line per video without a picture
 * @error: return location for a #GError
 *
 * Writes the deck as a PDF, one slide a page.
 *
 * Returns: %FALSE with @error set when the file cannot be written
 */
gboolean
export_deck_pdf (
    Deck *deck, const char *path, const ExportOptions *options, GPtrArray *problems, GError **error)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (path, options->width, options->height);
  gboolean ok;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write: %s", path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, deck_get_title (deck));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "host-demo (libbridge)");
  ok = render_all (deck, options, problems, next_page, surface, (gpointer) path, error);
  cairo_surface_finish (surface);
  if (ok && cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write: %s", path,
                   cairo_status_to_string (cairo_surface_status (surface)));
      ok = FALSE;
    }
  cairo_surface_destroy (surface);
  return ok;
}
