/* test-export.c: host-demo --export, a real process, checked pixel by pixel
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The exported images come from a real host-demo process with the real
 * video plugin. Where text and videos should be is asked of the same
 * slide layout code (host-demo-core), so the checks follow the theme.
 *
 * The sample videos (video-plugin/media/meson.build) show an 80x60 box at
 * x=16, y=16 of their 320x180 picture: red in second 0-1, green in 1-2,
 * blue in 2-3, over black.
 */
#include "config.h"

#include <cairo.h>
#include <string.h>

#include "bridge-test-util.h"
#include "host-demo-run.h"
#include "deck.h"
#include "slide-renderer.h"

#define WIDTH 1280
#define HEIGHT 720

static cairo_surface_t *
load_png (const char *dir, guint slide)
{
  g_autofree char *name = g_strdup_printf ("slide-%02u.png", slide);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  ck_assert_msg (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS, "%s: %s", path,
                 cairo_status_to_string (cairo_surface_status (surface)));
  ck_assert_int_eq (cairo_image_surface_get_width (surface), WIDTH);
  ck_assert_int_eq (cairo_image_surface_get_height (surface), HEIGHT);
  return surface;
}

static void
pixel (cairo_surface_t *surface, double x, double y, guint *r, guint *g, guint *b)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int px = CLAMP ((int) x, 0, cairo_image_surface_get_width (surface) - 1);
  int py = CLAMP ((int) y, 0, cairo_image_surface_get_height (surface) - 1);
  guint32 word = *(const guint32 *) (data + py * stride + px * 4);

  *r = word >> 16 & 0xff;
  *g = word >> 8 & 0xff;
  *b = word & 0xff;
}

/* Pixels near white (text) in a rectangle of the image. */
static guint
count_bright (cairo_surface_t *surface, double x, double y, double w, double h)
{
  guint n = 0;
  int i, j;

  for (j = (int) y; j < (int) (y + h); j++)
    for (i = (int) x; i < (int) (x + w); i++)
      {
        guint r, g, b;

        pixel (surface, i, j, &r, &g, &b);
        if (r > 200 && g > 200 && b > 200)
          n++;
      }
  return n;
}

typedef struct
{
  Deck *deck;
  SlideRenderer *renderer;
  double scale, x, y; /* where slides go in a WIDTH x HEIGHT image */
} Layout;

static void
layout_init (Layout *l)
{
  g_autofree char *path = sample_deck_path ();
  g_autoptr (GError) error = NULL;

  l->deck = deck_new_from_file (path, &error);
  ck_assert_msg (l->deck != NULL, "%s", error ? error->message : "?");
  l->renderer = slide_renderer_new (l->deck, 16.0 / 9.0);
  slide_renderer_get_placement (l->renderer, WIDTH, HEIGHT, &l->scale, &l->x, &l->y);
}

static void
layout_clear (Layout *l)
{
  g_clear_object (&l->renderer);
  g_clear_object (&l->deck);
}

/* The colour of the sample's box in video `video` of slide `slide`
 * (from 1): r, g, b from the middle of the box. */
static void
box_colour (Layout *l, cairo_surface_t *surface, guint slide, guint video, guint *r, guint *g, guint *b)
{
  SlideRect rect;
  double vx, vy;

  slide_renderer_get_video_rect (l->renderer, slide - 1, video, 320.0 / 180.0, &rect);
  vx = rect.x + (16 + 40) / 320.0 * rect.width;
  vy = rect.y + (16 + 30) / 180.0 * rect.height;
  pixel (surface, l->x + vx * l->scale, l->y + vy * l->scale, r, g, b);
}

static void
assert_box (Layout *l, cairo_surface_t *surface, guint slide, guint video, const char *colour)
{
  guint r, g, b;
  gboolean ok;

  box_colour (l, surface, slide, video, &r, &g, &b);
  if (g_str_equal (colour, "red"))
    ok = r > 180 && g < 80 && b < 80;
  else if (g_str_equal (colour, "green"))
    ok = g > 180 && r < 80 && b < 80;
  else
    ok = b > 180 && r < 80 && g < 80;
  ck_assert_msg (ok, "slide %u video %u: the box should be %s, is (%u, %u, %u)", slide, video, colour, r, g,
                 b);
}

static char *
make_out_dir (void)
{
  char *dir = g_dir_make_tmp ("test-export-XXXXXX", NULL);

  ck_assert (dir != NULL);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autofree char *quoted = g_shell_quote (path);
  g_autofree char *command = g_strdup_printf ("rm -rf %s", quoted);

  ck_assert (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

/* ---- the sample deck ------------------------------------------------ */

START_TEST (test_export_sample_deck)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *deck = sample_deck_path ();
  g_autofree char *one_too_many = NULL;
  Layout l = { 0 };
  Run run = { 0 };
  cairo_surface_t *surface;
  SlideItem *title;
  guint i, n;

  layout_init (&l);
  run_host_demo (&run, NULL, "--export", dir, "--size", "1280x720", "--at", "1.5", deck, NULL);
  ck_assert_msg (run.status == 0, "export failed (%d): %s", run.status, run.err);
  for (i = 1; i <= deck_get_n_slides (l.deck); i++)
    cairo_surface_destroy (load_png (dir, i));
  one_too_many = g_strdup_printf ("%s/slide-%02u.png", dir, deck_get_n_slides (l.deck) + 1);
  ck_assert_msg (!g_file_test (one_too_many, G_FILE_TEST_EXISTS), "one slide too many");

  /* The title of slide 1 is drawn where the layout puts it, and nothing
   * bright is above it. */
  surface = load_png (dir, 1);
  title = slide_renderer_get_layout (l.renderer, 0)->items->pdata[0];
  n = count_bright (surface, l.x + title->rect.x * l.scale, l.y + title->rect.y * l.scale,
                    title->rect.width * l.scale, title->rect.height * l.scale);
  ck_assert_msg (n > 1000, "the title has only %u bright pixels", n);
  n = count_bright (surface, 0, 0, WIDTH, l.y + title->rect.y * l.scale - 4);
  ck_assert_msg (n == 0, "%u bright pixels above the title", n);
  cairo_surface_destroy (surface);

  /* Slide 2: the heading at the top left. */
  surface = load_png (dir, 2);
  title = slide_renderer_get_layout (l.renderer, 1)->items->pdata[0];
  n = count_bright (surface, l.x + title->rect.x * l.scale, l.y + title->rect.y * l.scale, 300,
                    title->rect.height * l.scale);
  ck_assert_msg (n > 300, "the heading of slide 2 has only %u bright pixels", n);
  cairo_surface_destroy (surface);

  /* At 1.5 s the box of every video is green: slide 4 has one video,
   * slide 5 two (one WebM, one Ogg Theora). */
  surface = load_png (dir, 4);
  assert_box (&l, surface, 4, 0, "green");
  cairo_surface_destroy (surface);
  surface = load_png (dir, 5);
  assert_box (&l, surface, 5, 0, "green");
  assert_box (&l, surface, 5, 1, "green");
  cairo_surface_destroy (surface);

  layout_clear (&l);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* The video plugin as a user's host-demo starts it, confined by default
 * (docs/ROBUSTNESS.md, "Confinement"): it may not read the deck's videos
 * in the build tree, so the stills come only if host-demo hands them over
 * as fds (docs/VIDEO-INTERFACE.md §6.14). */
START_TEST (test_export_confined_plugin)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *deck = sample_deck_path ();
  Layout l = { 0 };
  Run run = { 0 };
  cairo_surface_t *surface;

  g_unsetenv ("LIBBRIDGE_VIDEO_SANDBOX"); /* check forked this test: no other sees it */
  layout_init (&l);
  run_host_demo (&run, NULL, "--export", dir, "--size", "1280x720", "--at", "1.5", deck, NULL);
  ck_assert_msg (run.status == 0, "export failed (%d): %s", run.status, run.err);
  surface = load_png (dir, 5);
  assert_box (&l, surface, 5, 0, "green");
  assert_box (&l, surface, 5, 1, "green");
  cairo_surface_destroy (surface);
  layout_clear (&l);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

START_TEST (test_export_times)
{
  static const struct
  {
    const char *at;
    const char *colour;
  } times[] = { { NULL, "red" }, { "2.5", "blue" }, { "60", "blue" } };
  g_autofree char *deck = sample_deck_path ();
  Layout l = { 0 };
  guint i;

  layout_init (&l);
  for (i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *dir = make_out_dir ();
      cairo_surface_t *surface;
      Run run = { 0 };

      /* No --at: the poster frame, the first picture. Past the end: the
       * last picture. */
      if (times[i].at != NULL)
        run_host_demo (&run, NULL, "--export", dir, "--size", "1280x720", "--at", times[i].at, deck, NULL);
      else
        run_host_demo (&run, NULL, "--export", dir, "--size", "1280x720", deck, NULL);
      ck_assert_msg (run.status == 0, "export at %s failed: %s", times[i].at, run.err);
      surface = load_png (dir, 4);
      assert_box (&l, surface, 4, 0, times[i].colour);
      cairo_surface_destroy (surface);
      run_clear (&run);
      remove_tree (dir);
    }
  layout_clear (&l);
}
END_TEST

START_TEST (test_export_pdf)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *pdf = g_build_filename (dir, "deck.pdf", NULL);
  g_autofree char *deck = sample_deck_path ();
  g_autofree char *data = NULL;
  gsize length = 0;
  Run run = { 0 };

  run_host_demo (&run, NULL, "--export-pdf", pdf, deck, NULL);
  ck_assert_msg (run.status == 0, "PDF export failed: %s", run.err);
  ck_assert (g_file_get_contents (pdf, &data, &length, NULL));
  ck_assert_msg (length > 1000 && g_str_has_prefix (data, "%PDF-"), "not a PDF (%zu bytes)", length);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* ---- export as documented (host-demo/README.md) ------------------------ */

/* Runs a tool of poppler-utils (.ci/deps.txt) and returns its stdout. */
static char *
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = 0;

  ck_assert_msg (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error),
                 "%s: %s", argv[0], error ? error->message : "?");
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "%s failed", argv[0]);
  return out;
}

static void
png_size (const char *path, int *width, int *height)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (path);

  ck_assert_msg (cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS, "%s", path);
  *width = cairo_image_surface_get_width (surface);
  *height = cairo_image_surface_get_height (surface);
  cairo_surface_destroy (surface);
}

/* --aspect 4:3 without --size: 1440x1080, slides edge to edge (the
 * corners are the slide's background, not black bars); the front
 * matter's size: does the same. */
START_TEST (test_export_aspect_picks_size)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *deck = sample_deck_path ();
  g_autofree char *first = g_build_filename (dir, "slide-01.png", NULL);
  g_autofree char *marp = g_build_filename (dir, "marp.md", NULL);
  cairo_surface_t *surface;
  Run run = { 0 };
  int width, height;
  guint r, g, b;

  run_host_demo (&run, NULL, "--export", dir, "--aspect", "4:3", deck, NULL);
  ck_assert_msg (run.status == 0, "export failed: %s", run.err);
  png_size (first, &width, &height);
  ck_assert_int_eq (width, 1440);
  ck_assert_int_eq (height, 1080);
  surface = cairo_image_surface_create_from_png (first);
  pixel (surface, 2, 2, &r, &g, &b);
  ck_assert_msg (r + g + b > 30, "a black bar at the top left: (%u, %u, %u)", r, g, b);
  pixel (surface, 1437, 1077, &r, &g, &b);
  ck_assert_msg (r + g + b > 15, "a black bar at the bottom right: (%u, %u, %u)", r, g, b);
  cairo_surface_destroy (surface);
  run_clear (&run);

  ck_assert (g_file_set_contents (marp, "---\nsize: 4:3\n---\n# Four by three\n", -1, NULL));
  run_host_demo (&run, NULL, "--export", dir, marp, NULL);
  ck_assert_msg (run.status == 0, "export failed: %s", run.err);
  png_size (first, &width, &height);
  ck_assert_int_eq (width, 1440);
  ck_assert_int_eq (height, 1080);
  run_clear (&run);

  /* --size still wins. */
  run_host_demo (&run, NULL, "--export", dir, "--size", "800x600", marp, NULL);
  png_size (first, &width, &height);
  ck_assert_int_eq (width, 800);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* PDF pages 10 inches (720 pt) wide at the slides' aspect; drawn at 192
 * pixels per inch (1920 pixels on 10 inches), the page is the PNG's
 * picture: the video's box has the colour of --at. */
START_TEST (test_export_pdf_pages)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *pdf = g_build_filename (dir, "deck.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *page4 = NULL;
  g_autofree char *deck = sample_deck_path ();
  g_autofree char *info = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *ignored = NULL;
  const char *info_argv[] = { "pdfinfo", pdf, NULL };
  const char *ppm_argv[] = { "pdftoppm", "-r", "192", "-f", "4", "-l", "4", "-png", pdf, prefix, NULL };
  Layout l = { 0 };
  Run run = { 0 };
  cairo_surface_t *surface;
  SlideRect rect;
  guint r, g, b;
  int width, height;

  layout_init (&l);
  run_host_demo (&run, NULL, "--export-pdf", pdf, "--at", "1.5", deck, NULL);
  ck_assert_msg (run.status == 0, "PDF export failed: %s", run.err);
  info = run_tool (info_argv);
  pages = g_strdup_printf ("Pages:           %u\n", deck_get_n_slides (l.deck));
  ck_assert_msg (strstr (info, pages) != NULL, "pdfinfo: %s", info);
  ck_assert_msg (strstr (info, "Page size:       720 x 405 pts") != NULL, "pdfinfo: %s", info);

  ignored = run_tool (ppm_argv);
  /* pdftoppm pads the page number to as many digits as the last one has. */
  page4 = g_strdup_printf ("%s-%0*d.png", prefix, deck_get_n_slides (l.deck) >= 10 ? 2 : 1, 4);
  png_size (page4, &width, &height);
  ck_assert_int_eq (width, 1920);
  ck_assert_int_eq (height, 1080);
  surface = cairo_image_surface_create_from_png (page4);
  slide_renderer_get_video_rect (l.renderer, 3, 0, 320.0 / 180.0, &rect);
  pixel (surface, rect.x + 56 / 320.0 * rect.width, rect.y + 46 / 180.0 * rect.height, &r, &g, &b);
  ck_assert_msg (g > 180 && r < 80 && b < 80, "the box on page 4 is (%u, %u, %u), not green", r, g, b);
  cairo_surface_destroy (surface);

  layout_clear (&l);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* --notes: an A4 handout page per slide, with its notes as text; the
 * slides themselves never show the notes. */
START_TEST (test_export_handout)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *md = g_build_filename (dir, "talk.md", NULL);
  g_autofree char *handout = g_build_filename (dir, "handout.pdf", NULL);
  g_autofree char *slides = g_build_filename (dir, "slides.pdf", NULL);
  g_autofree char *info = NULL, *handout_text = NULL, *slides_text = NULL;
  const char *info_argv[] = { "pdfinfo", handout, NULL };
  const char *text_argv[] = { "pdftotext", handout, "-", NULL };
  const char *slides_argv[] = { "pdftotext", slides, "-", NULL };
  Run run = { 0 };

  ck_assert (g_file_set_contents (md,
                                  "# Talk\n\n<!-- Greet the room warmly -->\n---\n## Two\n\n- point\n"
                                  "^ Mention the benchmark\n---\n## Three, without notes\n\n- point\n",
                                  -1, NULL));
  run_host_demo (&run, NULL, "--export-pdf", handout, "--notes", md, NULL);
  ck_assert_msg (run.status == 0, "handout export failed: %s", run.err);
  run_clear (&run);
  run_host_demo (&run, NULL, "--export-pdf", slides, md, NULL);
  ck_assert_msg (run.status == 0, "PDF export failed: %s", run.err);
  run_clear (&run);

  info = run_tool (info_argv);
  ck_assert_msg (strstr (info, "Pages:           3\n") != NULL, "pdfinfo: %s", info);
  ck_assert_msg (strstr (info, "Page size:       595.28 x 841.89 pts (A4)") != NULL, "pdfinfo: %s", info);
  handout_text = run_tool (text_argv);
  ck_assert_msg (strstr (handout_text, "Greet the room warmly")
                     && strstr (handout_text, "Mention the benchmark")
                     && strstr (handout_text, "No notes for this slide."),
                 "the handout lacks the notes: %s", handout_text);
  /* Page 2's notes are on page 2, after the slide's own text. */
  ck_assert_msg (strstr (handout_text, "Mention the benchmark") > strstr (handout_text, "Two"), "%s",
                 handout_text);
  slides_text = run_tool (slides_argv);
  ck_assert_msg (strstr (slides_text, "Two") && !strstr (slides_text, "Greet")
                     && !strstr (slides_text, "benchmark"),
                 "the slides show notes: %s", slides_text);

  run_host_demo (&run, NULL, "--export", dir, "--notes", md, NULL);
  ck_assert_int_eq (run.status, 2);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* An export needs no sound: with the sound system as it is (here: no
 * device at all, which makes ALSA and OpenAL talk), nothing is printed. */
START_TEST (test_export_is_quiet)
{
  const char *env[] = { "BRIDGE_VIDEO_AUDIO", NULL };
  g_autofree char *dir = make_out_dir ();
  g_autofree char *deck = sample_deck_path ();
  Run run = { 0 };

  run_host_demo (&run, env, "--export", dir, "--size", "640x360", "--at", "1", deck, NULL);
  ck_assert_msg (run.status == 0, "export failed: %s", run.err);
  ck_assert_msg (run.err[0] == '\0', "the export printed: %s", run.err);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* --at past the end of a video whose pictures stop before its announced
 * duration (a file cut short): its last picture, not a failure. */
START_TEST (test_export_at_past_a_short_end)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *md = g_build_filename (dir, "short.md", NULL);
  g_autofree char *clip = g_build_filename (g_getenv ("BRIDGE_TEST_MEDIA"), "sample-truncated.webm", NULL);
  g_autofree char *text = g_strdup_printf ("## Short\n\n![](%s)\n", clip);
  g_autoptr (Deck) deck = NULL;
  g_autoptr (SlideRenderer) renderer = NULL;
  cairo_surface_t *surface;
  double scale, x, y;
  SlideRect rect;
  guint r, g, b;
  Run run = { 0 };

  ck_assert (g_file_set_contents (md, text, -1, NULL));
  deck = deck_new_from_file (md, NULL);
  renderer = slide_renderer_new (deck, 16.0 / 9.0);
  slide_renderer_get_placement (renderer, WIDTH, HEIGHT, &scale, &x, &y);
  run_host_demo (&run, NULL, "--export", dir, "--size", "1280x720", "--at", "60", md, NULL);
  ck_assert_msg (run.status == 0, "export failed (%d): %s", run.status, run.err);
  surface = load_png (dir, 1);
  slide_renderer_get_video_rect (renderer, 0, 0, 320.0 / 180.0, &rect);
  pixel (surface, x + (rect.x + 56 / 320.0 * rect.width) * scale,
         y + (rect.y + 46 / 180.0 * rect.height) * scale, &r, &g, &b);
  ck_assert_msg (MAX (r, MAX (g, b)) > 180 && MIN (r, MIN (g, b)) < 80,
                 "no picture of the short video: (%u, %u, %u)", r, g, b);
  cairo_surface_destroy (surface);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

/* ---- trouble ---------------------------------------------------------- */

START_TEST (test_export_without_plugin)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *empty = make_out_dir ();
  g_autofree char *path_env = g_strdup_printf ("LIBBRIDGE_PLUGIN_PATH=%s", empty);
  const char *env[] = { path_env, "LIBBRIDGE_PLUGIN_SYSTEM_PATH=", NULL };
  g_autofree char *deck = sample_deck_path ();
  Layout l = { 0 };
  Run run = { 0 };
  cairo_surface_t *surface;
  guint r, g, b;

  layout_init (&l);
  run_host_demo (&run, env, "--export", dir, "--size", "1280x720", deck, NULL);
  ck_assert_msg (run.status == 1, "expected exit 1 without a plugin, got %d", run.status);
  ck_assert_msg (strstr (run.err, "deck.md:54:1: video “sample-vp8.webm”: no video plugin found"),
                 "stderr does not say which video lacks a plugin: %s", run.err);

  /* The slides are there anyway, with a placeholder instead of the box. */
  surface = load_png (dir, 4);
  box_colour (&l, surface, 4, 0, &r, &g, &b);
  ck_assert_msg (r < 60 && g < 60 && b < 60, "no placeholder: (%u, %u, %u)", r, g, b);
  cairo_surface_destroy (surface);

  layout_clear (&l);
  run_clear (&run);
  remove_tree (dir);
  remove_tree (empty);
}
END_TEST

START_TEST (test_bad_decks)
{
  g_autofree char *dir = make_out_dir ();
  g_autofree char *bad = bridge_test_src_path ("decks/bad-media.md");
  Run run = { 0 };

  run_host_demo (&run, NULL, "--export", dir, "/nonexistent/talk.md", NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (strstr (run.err, "/nonexistent/talk.md: no such deck file"), "got: %s", run.err);
  run_clear (&run);

  run_host_demo (&run, NULL, "--export", dir, bad, NULL);
  ck_assert_int_eq (run.status, 1);
  ck_assert_msg (strstr (run.err, "bad-media.md:7:1: unknown video option “sparkle”"),
                 "the unknown option is not reported by file and line: %s", run.err);
  ck_assert_msg (strstr (run.err, "bad-media.md:3:1: video file “clips/missing.webm” not found"),
                 "the missing video is not reported by file and line: %s", run.err);
  run_clear (&run);
  remove_tree (dir);
}
END_TEST

START_TEST (test_bad_command_lines)
{
  static const char *const cases[][4] = {
    { NULL },
    { "a.md", "b.md", NULL },
    { "--size", "huge", "a.md", NULL },
    { "--aspect", "16-9", "a.md", NULL },
    { "--at", "2", "a.md", NULL },
    { "--frobnicate", "a.md", NULL },
    { "--theme", "nonexistent.theme", "a.md", NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Run run = { 0 };

      run_host_demo_argv (&run, NULL, cases[i]);
      ck_assert_msg (run.status == 2, "case %u: expected exit 2, got %d", i, run.status);
      ck_assert_msg (g_str_has_prefix (run.err, "host-demo: "), "case %u: no message: %s", i, run.err);
      run_clear (&run);
    }
}
END_TEST

START_TEST (test_no_display)
{
  const char *env[] = { "DISPLAY", "WAYLAND_DISPLAY", NULL };
  g_autofree char *deck = sample_deck_path ();
  Run run = { 0 };

  run_host_demo (&run, env, deck, NULL);
  ck_assert_msg (run.status == 1, "expected exit 1 without a display, got %d", run.status);
  ck_assert_msg (strstr (run.err, "no display") && strstr (run.err, "--export"),
                 "the message does not say there is no display and how to export: %s", run.err);
  run_clear (&run);
}
END_TEST

static Suite *
export_suite (void)
{
  Suite *s = suite_create ("export");
  TCase *tc;

  tc = tcase_create ("sample");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_export_sample_deck);
  tcase_add_test (tc, test_export_confined_plugin);
  tcase_add_test (tc, test_export_times);
  tcase_add_test (tc, test_export_pdf);
  suite_add_tcase (s, tc);

  tc = tcase_create ("documented");
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_export_aspect_picks_size);
  tcase_add_test (tc, test_export_pdf_pages);
  tcase_add_test (tc, test_export_handout);
  tcase_add_test (tc, test_export_is_quiet);
  tcase_add_test (tc, test_export_at_past_a_short_end);
  suite_add_tcase (s, tc);

  tc = tcase_create ("trouble");
  tcase_add_test (tc, test_export_without_plugin);
  tcase_add_test (tc, test_bad_decks);
  tcase_add_test (tc, test_bad_command_lines);
  tcase_add_test (tc, test_no_display);
  suite_add_tcase (s, tc);

  return s;
}

BRIDGE_TEST_MAIN (export_suite)
