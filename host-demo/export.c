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
#include <pango/pangocairo.h>

#include "media-error.h"
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
      /* The slide says it plainly; the technical text went to problems. */
      videos->messages[2 * (v - 1)] = g_strdup (MEDIA_ERROR_VIDEO_HEADLINE);
      videos->messages[2 * (v - 1) + 1] = g_strdup (media_error_plain_reason (error));
      state->message = videos->messages[2 * (v - 1)];
      state->detail = videos->messages[2 * (v - 1) + 1];
    }
}

/* Where the pages go: PNG files in a folder, or the pages of a PDF. */
typedef struct
{
  Deck *deck;
  const ExportOptions *options;
  SlideRenderer *renderer;
  cairo_surface_t *pdf; /* NULL for PNG */
  const char *path;     /* the folder, or the PDF file */
} Export;

#define HANDOUT_WIDTH 595.28 /* A4, in points */
#define HANDOUT_HEIGHT 841.89
#define HANDOUT_MARGIN 48.0

static gboolean
write_png (Export *e, cairo_surface_t *surface, guint index, GError **error)
{
  g_autofree char *name = g_strdup_printf ("slide-%02u.png", index + 1);
  g_autofree char *path = g_build_filename (e->path, name, NULL);
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

static PangoLayout *
handout_text (cairo_t *cr, const char *text, const char *family, double size, double width)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family (font, family);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, width * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  return layout;
}

/* A handout page: the slide at the top, its number and the deck's title
 * above it, its speaker notes below, shrunk to fit the page. */
static void
draw_handout (Export *e, cairo_t *cr, guint index, const SlideVideos *videos)
{
  const ExportOptions *o = e->options;
  DeckSlide *slide = deck_get_slide (e->deck, index);
  const char *notes = deck_slide_get_notes (slide);
  double width = HANDOUT_WIDTH - 2 * HANDOUT_MARGIN;
  double slide_height = width * o->height / o->width;
  double top = HANDOUT_MARGIN + 24, notes_top = top + slide_height + 24, size;
  g_autofree char *heading
      = g_strdup_printf ("%u / %u · %s", index + 1, deck_get_n_slides (e->deck), deck_get_title (e->deck));
  g_autoptr (PangoLayout) head = handout_text (cr, heading, "Cantarell", 10, width);
  g_autoptr (PangoLayout) body = NULL;
  int h;

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.35, 0.38, 0.45);
  cairo_move_to (cr, HANDOUT_MARGIN, HANDOUT_MARGIN);
  pango_cairo_show_layout (cr, head);

  cairo_save (cr);
  cairo_translate (cr, HANDOUT_MARGIN, top);
  cairo_scale (cr, width / o->width, width / o->width);
  cairo_rectangle (cr, 0, 0, o->width, o->height);
  cairo_clip (cr);
  slide_renderer_render (e->renderer, cr, index, o->width, o->height, videos->states, videos->n);
  cairo_restore (cr);

  for (size = 12;; size -= 0.5)
    {
      g_clear_object (&body);
      body = handout_text (cr, notes != NULL ? notes : "No notes for this slide.", "Cantarell", size, width);
      pango_layout_get_size (body, NULL, &h);
      if (notes_top + (double) h / PANGO_SCALE <= HANDOUT_HEIGHT - HANDOUT_MARGIN || size <= 6)
        break;
    }
  pango_layout_set_height (body, (HANDOUT_HEIGHT - HANDOUT_MARGIN - notes_top) * PANGO_SCALE);
  pango_layout_set_ellipsize (body, PANGO_ELLIPSIZE_END);
  if (notes != NULL)
    cairo_set_source_rgb (cr, 0.1, 0.12, 0.18);
  else
    cairo_set_source_rgb (cr, 0.55, 0.58, 0.64);
  cairo_move_to (cr, HANDOUT_MARGIN, notes_top);
  pango_cairo_show_layout (cr, body);
}

/* One page: the slide in pixels for PNG; for PDF the slide's pixels
 * scaled onto a page 10 inches wide, or a handout page. */
static gboolean
write_page (Export *e, guint index, const SlideVideos *videos, GError **error)
{
  const ExportOptions *o = e->options;
  cairo_surface_t *surface;
  cairo_status_t status;
  gboolean ok = TRUE;
  cairo_t *cr;

  if (e->pdf == NULL)
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, o->width, o->height);
  else
    surface = cairo_surface_reference (e->pdf);
  cr = cairo_create (surface);
  if (e->pdf != NULL && o->notes)
    draw_handout (e, cr, index, videos);
  else
    {
      if (e->pdf != NULL)
        cairo_scale (cr, EXPORT_PDF_WIDTH / o->width, EXPORT_PDF_WIDTH / o->width);
      slide_renderer_render (e->renderer, cr, index, o->width, o->height, videos->states, videos->n);
    }

  if (e->pdf == NULL)
    ok = write_png (e, surface, index, error);
  else
    {
      cairo_show_page (cr);
      status = cairo_surface_status (surface);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot write: %s", e->path,
                       cairo_status_to_string (status));
          ok = FALSE;
        }
    }
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return ok;
}

static gboolean
render_all (Export *e, GPtrArray *problems, GError **error)
{
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (e->deck, e->options->aspect);
  g_autoptr (VideoStills) stills = video_stills_new (e->options->registry);
  guint i;

  if (e->options->theme != NULL)
    slide_renderer_set_theme (renderer, e->options->theme);
  e->renderer = renderer;
  for (i = 0; i < deck_get_n_slides (e->deck); i++)
    {
      SlideVideos videos = { 0 };
      gboolean ok;

      fetch_stills (e->deck, i, stills, e->options, problems, &videos);
      ok = write_page (e, i, &videos, error);
      slide_videos_clear (&videos);
      if (!ok)
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
  {
    Export e = { deck, options, NULL, NULL, dir };

    return render_all (&e, problems, error);
  }
}

/**
 * export_deck_pdf:
 * @deck: the deck
 * @path: the PDF file to write
 * @options: size (in pixels), video time, plugin registry, notes
 * @problems: (element-type utf8): gets one line per video without a picture
 * @error: return location for a #GError
 *
 * Writes the deck as a PDF, one slide a page. A page is %EXPORT_PDF_WIDTH
 * points (10 inches) wide and as high as the slides' aspect makes it; the
 * slide's @options size in pixels is scaled onto it, so pictures keep
 * that many pixels per point (1920 pixels on 720 points: 192 per inch).
 * With @options->notes, each slide gets an A4 handout page instead: the
 * slide at the top and its speaker notes below.
 *
 * Returns: %FALSE with @error set when the file cannot be written
 */
gboolean
export_deck_pdf (
    Deck *deck, const char *path, const ExportOptions *options, GPtrArray *problems, GError **error)
{
  double ppi = options->width / (EXPORT_PDF_WIDTH / 72.0);
  cairo_surface_t *surface
      = options->notes ? cairo_pdf_surface_create (path, HANDOUT_WIDTH, HANDOUT_HEIGHT)
                       : cairo_pdf_surface_create (path, EXPORT_PDF_WIDTH,
                                                   EXPORT_PDF_WIDTH * options->height / options->width);
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
  /* Whatever cairo must rasterise gets the pixels of the PNG export. */
  cairo_surface_set_fallback_resolution (surface, ppi, ppi);
  {
    Export e = { deck, options, NULL, surface, path };

    ok = render_all (&e, problems, error);
  }
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
