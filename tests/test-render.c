/* test-render.c: slides as the export draws them, checked pixel by pixel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The export and the window draw with the same SlideRenderer; these cases
 * render in this process, into the same kind of cairo image surface that
 * --export writes out, and look at the pixels: notes never drawn, GFM
 * tables and strikethrough, highlighted code, Marp's image sizes, the
 * light theme and theme files (host-demo/README.md, "Decks from Marp,
 * Deckset and reveal.js" and "Themes").
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "bridge-test-util.h"
#include "deck.h"
#include "slide-renderer.h"
#include "slide-theme.h"

#define WIDTH 1280
#define HEIGHT 720

typedef struct
{
  guint r, g, b;
} Pixel;

static Deck *
parse_in (const char *dir, const char *text)
{
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "/nonexistent", "talk.md", NULL);
  g_autoptr (GError) error = NULL;
  Deck *deck = deck_new_from_data (text, -1, path, &error);

  ck_assert_msg (deck != NULL, "parsing failed: %s", error ? error->message : "?");
  return deck;
}

/* Slide index of deck drawn at WIDTH x HEIGHT, as --export does. */
static cairo_surface_t *
render (SlideRenderer *renderer, guint index)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  slide_renderer_render (renderer, cr, index, WIDTH, HEIGHT, NULL, 0);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static cairo_surface_t *
render_text (const char *text, guint index)
{
  g_autoptr (Deck) deck = parse_in (NULL, text);
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);

  return render (renderer, index);
}

static Pixel
pixel_at (cairo_surface_t *surface, double x, double y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int px = CLAMP ((int) x, 0, cairo_image_surface_get_width (surface) - 1);
  int py = CLAMP ((int) y, 0, cairo_image_surface_get_height (surface) - 1);
  guint32 word = *(const guint32 *) (data + py * stride + px * 4);

  return (Pixel){ word >> 16 & 0xff, word >> 8 & 0xff, word & 0xff };
}

/* Pixels in a rectangle (in slide units of a 16:9 slide) that pass test. */
static guint
count_in (cairo_surface_t *surface, const SlideRect *r, gboolean (*test) (Pixel p))
{
  double scale = (double) HEIGHT / SLIDE_HEIGHT;
  guint n = 0;
  int i, j;

  for (j = (int) (r->y * scale); j < (int) ((r->y + r->height) * scale); j++)
    for (i = (int) (r->x * scale); i < (int) ((r->x + r->width) * scale); i++)
      if (test (pixel_at (surface, i, j)))
        n++;
  return n;
}

static gboolean
is_bright (Pixel p)
{
  return p.r > 200 && p.g > 200 && p.b > 200;
}

/* Saturated colour: what highlighting paints, and no grey text does. */
static gboolean
is_saturated (Pixel p)
{
  return MAX (p.r, MAX (p.g, p.b)) - MIN (p.r, MIN (p.g, p.b)) > 70;
}

/* The footer's muted text, well above the dark background. */
static gboolean
is_muted_text (Pixel p)
{
  return p.r > 100 && p.g > 100 && p.b > 120;
}

static gboolean
is_red (Pixel p)
{
  return p.r > 200 && p.g < 60 && p.b < 60;
}

static gboolean
same_pixels (cairo_surface_t *a, cairo_surface_t *b)
{
  int stride = cairo_image_surface_get_stride (a);

  return stride == cairo_image_surface_get_stride (b)
         && memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                    (gsize) stride * HEIGHT)
                == 0;
}

static SlideItem *
find_item (SlideLayout *layout, SlideItemKind kind, guint nth)
{
  guint i;

  for (i = 0; i < layout->items->len; i++)
    {
      SlideItem *item = layout->items->pdata[i];

      if (item->kind == kind && nth-- == 0)
        return item;
    }
  ck_abort_msg ("no item of kind %d", kind);
  return NULL;
}

/* ---- notes ------------------------------------------------------------- */

/* The same slide with and without notes, in every syntax, is the same
 * picture: no note is drawn. */
START_TEST (test_notes_never_drawn)
{
  cairo_surface_t *plain = render_text ("# Title\n\nSome text\n\n- a point\n", 0);
  cairo_surface_t *noted = render_text ("# Title\n\n<!-- A SECRET NOTE, NOT FOR THE ROOM -->\n\nSome text "
                                        "<!-- inline -->\n\n- a point\n^ a Deckset note\n\nNote: and "
                                        "reveal.js\nnotes\n",
                                        0);

  ck_assert_msg (same_pixels (plain, noted), "the notes changed the slide's pixels");
  cairo_surface_destroy (plain);
  cairo_surface_destroy (noted);
}
END_TEST

/* ---- GFM -------------------------------------------------------------- */

START_TEST (test_table_drawn)
{
  g_autoptr (Deck) deck = parse_in (NULL, "## A table\n\n"
                                          "| Name | Count |\n"
                                          "| :--- | ---: |\n"
                                          "| first | 1 |\n"
                                          "| second | 22222 |\n");
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
  SlideLayout *layout = slide_renderer_get_layout (renderer, 0);
  cairo_surface_t *surface = render (renderer, 0);
  SlideItem *table = find_item (layout, SLIDE_ITEM_TABLE, 0);
  /* Cells follow the table item, row by row. */
  SlideItem *header_left = find_item (layout, SLIDE_ITEM_TEXT, 1);
  SlideItem *last_right = find_item (layout, SLIDE_ITEM_TEXT, 6);
  SlideRect left_half, right_half;
  Pixel band, body;

  ck_assert_uint_eq (table->rules->len, 2);
  ck_assert_msg (table->text_y > table->rect.y && table->text_y < table->rect.y + table->rect.height / 2,
                 "the header ends at %g, in a table from %g high %g", table->text_y, table->rect.y,
                 table->rect.height);
  /* The header band is tinted with the accent, unlike the rows. */
  band = pixel_at (surface, (table->rect.x + 8) * HEIGHT / SLIDE_HEIGHT,
                   (table->rect.y + 6) * HEIGHT / SLIDE_HEIGHT);
  body = pixel_at (surface, (table->rect.x + 8) * HEIGHT / SLIDE_HEIGHT,
                   (table->rect.y + table->rect.height - 6) * HEIGHT / SLIDE_HEIGHT);
  ck_assert_msg (band.b > body.b + 10, "no header band: (%u, %u, %u) vs rows (%u, %u, %u)", band.r, band.g,
                 band.b, body.r, body.g, body.b);
  /* Text in the cells; the right-aligned column's text at its right. */
  ck_assert_uint_gt (count_in (surface, &header_left->rect, is_bright), 50);
  left_half = last_right->rect;
  left_half.width /= 3;
  right_half = left_half;
  right_half.x += last_right->rect.width * 2 / 3;
  ck_assert_uint_gt (count_in (surface, &right_half, is_bright), count_in (surface, &left_half, is_bright));
  cairo_surface_destroy (surface);
}
END_TEST

START_TEST (test_strikethrough_drawn)
{
  g_autoptr (Deck) deck = parse_in (NULL, "## Strike\n\nword ~~struck~~ word\n");
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
  SlideItem *text = find_item (slide_renderer_get_layout (renderer, 0), SLIDE_ITEM_TEXT, 1);
  PangoAttrIterator *iter = pango_attr_list_get_iterator (pango_layout_get_attributes (text->layout));
  gboolean struck = FALSE;
  cairo_surface_t *a = render (renderer, 0);
  cairo_surface_t *b = render_text ("## Strike\n\nword struck word\n", 0);

  do
    {
      int start, end;
      PangoAttribute *attr = pango_attr_iterator_get (iter, PANGO_ATTR_STRIKETHROUGH);

      pango_attr_iterator_range (iter, &start, &end);
      if (attr != NULL && ((PangoAttrInt *) attr)->value)
        {
          ck_assert_int_eq (start, 5);
          ck_assert_int_eq (end, 11);
          struck = TRUE;
        }
    }
  while (pango_attr_iterator_next (iter));
  pango_attr_iterator_destroy (iter);
  ck_assert_msg (struck, "no strikethrough over “struck”");
  ck_assert_msg (!same_pixels (a, b), "the strikethrough is not drawn");
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}
END_TEST

/* ---- code ----------------------------------------------------------------- */

START_TEST (test_code_highlighted)
{
  static const char *const code = "int main (void)\n{\n  /* a comment */\n  return \"text\" != 0;\n}\n```\n";
  g_autofree char *c_deck = g_strconcat ("## Code\n\n```c\n", code, NULL);
  g_autofree char *plain_deck = g_strconcat ("## Code\n\n```\n", code, NULL);
  g_autofree char *python_deck = g_strdup ("## Code\n\n```python\ndef f(x):\n    return 'a'  # c\n```\n");
  const char *const decks[] = { c_deck, python_deck, plain_deck };
  guint i, saturated[3];

  for (i = 0; i < G_N_ELEMENTS (decks); i++)
    {
      g_autoptr (Deck) deck = parse_in (NULL, decks[i]);
      g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
      SlideItem *item = find_item (slide_renderer_get_layout (renderer, 0), SLIDE_ITEM_CODE, 0);
      cairo_surface_t *surface = render (renderer, 0);
      /* Inside the panel, right of the accent edge, below the label. */
      SlideRect inside = { item->text_x, item->text_y, item->rect.width - 60, item->rect.height - 60 };

      saturated[i] = count_in (surface, &inside, is_saturated);
      cairo_surface_destroy (surface);
    }
  ck_assert_msg (saturated[0] > 200, "C code is not coloured (%u coloured pixels)", saturated[0]);
  ck_assert_msg (saturated[1] > 100, "Python code is not coloured (%u coloured pixels)", saturated[1]);
  ck_assert_msg (saturated[2] == 0, "code without a language is coloured (%u pixels)", saturated[2]);
}
END_TEST

/* ---- images ------------------------------------------------------------ */

static char *
make_red_png (int width, int height)
{
  char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "red.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  ck_assert_int_eq (cairo_surface_write_to_png (surface, path), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autofree char *png = g_build_filename (dir, "red.png", NULL);

  g_unlink (png);
  g_rmdir (dir);
}

/* Marp's w: is in pixels of a 1280x720 slide: w:320 is a quarter of the
 * slide's width, whatever size it is exported at. The picture is 4:1. */
START_TEST (test_image_sizes)
{
  static const struct
  {
    const char *alt;
    double width; /* of the picture, as a fraction of the slide's width */
  } cases[] = { { "w:320", 0.25 }, { "width:640px", 0.5 }, { "h:100", 400.0 / 1280 }, { "", 0 } };
  g_autofree char *dir = make_red_png (400, 100);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("![%s](red.png)\n", cases[i].alt);
      g_autoptr (Deck) deck = parse_in (dir, text);
      g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
      cairo_surface_t *surface = render (renderer, 0);
      int x, first = -1, last = -1;

      ck_assert_uint_eq (deck_get_n_problems (deck), 0);
      /* A row of red pixels across the middle of the media area (from the
       * top margin to above the footer: 96 to 952 slide units). */
      for (x = 0; x < WIDTH; x++)
        if (is_red (pixel_at (surface, x, (96 + 428) * HEIGHT / SLIDE_HEIGHT)))
          {
            if (first < 0)
              first = x;
            last = x;
          }
      ck_assert_msg (first >= 0, "case %u: no picture", i);
      if (cases[i].width > 0)
        ck_assert_msg (fabs ((last - first + 1) - cases[i].width * WIDTH) <= 3,
                       "case “%s”: the picture is %d pixels wide, not %g", cases[i].alt, last - first + 1,
                       cases[i].width * WIDTH);
      else
        ck_assert_msg (last - first + 1 > 0.3 * WIDTH, "without a size the picture is only %d wide",
                       last - first + 1);
      cairo_surface_destroy (surface);
    }
  remove_dir (dir);
}
END_TEST

/* Marp's ![bg](picture) covers the slide under the text, and is no
 * picture of the slide's own. */
START_TEST (test_background_picture)
{
  g_autofree char *dir = make_red_png (400, 100);
  g_autoptr (Deck) deck = parse_in (dir, "![bg](red.png)\n\n# On red\n");
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
  SlideLayout *layout = slide_renderer_get_layout (renderer, 0);
  cairo_surface_t *surface = render (renderer, 0);
  SlideItem *title = find_item (layout, SLIDE_ITEM_TEXT, 0);
  guint i;

  ck_assert_uint_eq (deck_get_n_problems (deck), 0);
  ck_assert_ptr_nonnull (deck_get_slide (deck, 0)->background);
  ck_assert_int_eq (layout->kind, SLIDE_LAYOUT_TITLE);
  for (i = 0; i < layout->items->len; i++)
    ck_assert_int_ne (((SlideItem *) layout->items->pdata[i])->kind, SLIDE_ITEM_IMAGE);
  ck_assert (is_red (pixel_at (surface, 2, 2)));
  ck_assert (is_red (pixel_at (surface, WIDTH - 3, HEIGHT - 3)));
  ck_assert_uint_gt (count_in (surface, &title->rect, is_bright), 500);
  cairo_surface_destroy (surface);
  remove_dir (dir);
}
END_TEST

/* ---- themes ---------------------------------------------------------------- */

START_TEST (test_light_theme)
{
  g_autoptr (Deck) deck = parse_in (NULL, "---\ntheme: light\n---\n## Light\n\nDark text on light paper\n");
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
  g_autoptr (GError) error = NULL;
  g_autofree SlideTheme *theme = slide_theme_resolve (deck_get_theme (deck), NULL, &error);
  cairo_surface_t *surface;
  SlideItem *text;
  Pixel p;

  ck_assert_msg (theme != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (theme->name, "light");
  slide_renderer_set_theme (renderer, theme);
  surface = render (renderer, 0);
  p = pixel_at (surface, WIDTH - 20, HEIGHT / 2.0);
  ck_assert_msg (p.r > 220 && p.g > 220 && p.b > 220, "the background is (%u, %u, %u)", p.r, p.g, p.b);
  text = find_item (slide_renderer_get_layout (renderer, 0), SLIDE_ITEM_TEXT, 1);
  {
    SlideRect r = text->rect;
    guint dark = 0;
    int i, j;

    for (j = r.y * HEIGHT / SLIDE_HEIGHT; j < (r.y + r.height) * HEIGHT / SLIDE_HEIGHT; j++)
      for (i = r.x * HEIGHT / SLIDE_HEIGHT; i < (r.x + r.width) * HEIGHT / SLIDE_HEIGHT; i++)
        {
          Pixel q = pixel_at (surface, i, j);

          if (q.r < 120 && q.g < 120 && q.b < 140)
            dark++;
        }
    ck_assert_msg (dark > 200, "no dark text on the light slide (%u dark pixels)", dark);
  }
  cairo_surface_destroy (surface);
}
END_TEST

START_TEST (test_theme_file)
{
  char *dir = g_dir_make_tmp ("test-render-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.theme", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree SlideTheme *theme = NULL;
  g_autoptr (Deck) deck = NULL;
  g_autoptr (SlideRenderer) renderer = NULL;
  cairo_surface_t *surface;
  Pixel p;

  ck_assert (g_file_set_contents (path,
                                  "[Theme]\nbase=light\nsans=DejaVu Sans\n\n"
                                  "[Colors]\nbackground=#ff0000\naccent=#00ff00\n",
                                  -1, NULL));
  deck = parse_in (dir, "---\ntheme: mine.theme\n---\n## Mine\n\nText\n");
  theme = slide_theme_resolve (deck_get_theme (deck), dir, &error);
  ck_assert_msg (theme != NULL, "%s", error ? error->message : "?");
  ck_assert_str_eq (theme->sans, "DejaVu Sans");
  ck_assert_str_eq (theme->code_scheme, "Adwaita");
  renderer = slide_renderer_new (deck, 16.0 / 9.0);
  slide_renderer_set_theme (renderer, theme);
  surface = render (renderer, 0);
  p = pixel_at (surface, WIDTH - 20, HEIGHT / 2.0);
  ck_assert_msg (p.r > 200 && p.g < 80 && p.b < 80, "the background is (%u, %u, %u), not red", p.r, p.g, p.b);
  {
    SlideItem *accent = find_item (slide_renderer_get_layout (renderer, 0), SLIDE_ITEM_ACCENT, 0);

    p = pixel_at (surface, (accent->rect.x + 4) * HEIGHT / SLIDE_HEIGHT,
                  (accent->rect.y + accent->rect.height / 2) * HEIGHT / SLIDE_HEIGHT);
    ck_assert_msg (p.g > 200 && p.r < 80, "the accent is (%u, %u, %u), not green", p.r, p.g, p.b);
  }
  cairo_surface_destroy (surface);

  /* A wrong colour is a clear error naming the file and the key. */
  g_clear_pointer (&theme, g_free);
  g_clear_error (&error);
  ck_assert (g_file_set_contents (path, "[Colors]\ntext=not-a-colour\n", -1, NULL));
  theme = slide_theme_resolve (path, NULL, &error);
  ck_assert_ptr_null (theme);
  ck_assert_msg (g_error_matches (error, SLIDE_THEME_ERROR, SLIDE_THEME_ERROR_INVALID)
                     && strstr (error->message, "mine.theme") && strstr (error->message, "text=not-a-colour"),
                 "got: %s", error ? error->message : "none");
  g_clear_error (&error);
  ck_assert_ptr_null (slide_theme_resolve ("nonexistent.theme", dir, &error));
  ck_assert_msg (strstr (error->message, "neither dark, light nor a theme file"), "got: %s", error->message);

  g_unlink (path);
  g_rmdir (dir);
  g_free (dir);
}
END_TEST

START_TEST (test_paginate_off_hides_the_number)
{
  cairo_surface_t *on = render_text ("## One\n\n- a point\n", 0);
  cairo_surface_t *off = render_text ("---\nmarp: true\n---\n## One\n\n- a point\n", 0);
  /* The slide number at the right end of the footer band. */
  SlideRect corner = { 1920 - 128 - 150, SLIDE_HEIGHT - 72, 150, 72 };

  ck_assert_uint_gt (count_in (on, &corner, is_muted_text), 20);
  ck_assert_uint_eq (count_in (off, &corner, is_muted_text), 0);
  cairo_surface_destroy (on);
  cairo_surface_destroy (off);
}
END_TEST

/* Glyphs the theme's fonts lack come from the fallbacks the dependency
 * list installs (fonts-noto-cjk, fonts-noto-color-emoji): an emoji is
 * drawn in colour, not as a box of hex digits. */
START_TEST (test_emoji_in_colour)
{
  g_autoptr (Deck) deck = parse_in (NULL, "## 日本語 😀🚀\n\n- text\n");
  g_autoptr (SlideRenderer) renderer = slide_renderer_new (deck, 16.0 / 9.0);
  SlideItem *title = find_item (slide_renderer_get_layout (renderer, 0), SLIDE_ITEM_TEXT, 0);
  cairo_surface_t *surface = render (renderer, 0);

  /* Every character has a glyph (none is a box of hex digits)... */
  ck_assert_int_eq (pango_layout_get_unknown_glyphs_count (title->layout), 0);
  /* ...and the emoji are in colour; the rest of the title is white. */
  ck_assert_uint_gt (count_in (surface, &title->rect, is_saturated), 200);
  cairo_surface_destroy (surface);
}
END_TEST

static Suite *
render_suite (void)
{
  Suite *s = suite_create ("render");
  TCase *tc;

  tc = tcase_create ("marp");
  tcase_add_test (tc, test_notes_never_drawn);
  tcase_add_test (tc, test_table_drawn);
  tcase_add_test (tc, test_strikethrough_drawn);
  tcase_add_test (tc, test_code_highlighted);
  tcase_add_test (tc, test_image_sizes);
  tcase_add_test (tc, test_background_picture);
  tcase_add_test (tc, test_paginate_off_hides_the_number);
  tcase_add_test (tc, test_emoji_in_colour);
  suite_add_tcase (s, tc);

  tc = tcase_create ("themes");
  tcase_add_test (tc, test_light_theme);
  tcase_add_test (tc, test_theme_file);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (render_suite)
