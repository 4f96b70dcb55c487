/* slide-theme.c: colours, fonts and sizes of the slides
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Two built-in themes: dark (deep blue-black backgrounds, near-white text
 * in Cantarell, one cool accent with a violet partner for gradients, code
 * on a lightly tinted panel in DejaVu Sans Mono) and light (the same
 * shapes on near-white paper with ink-dark text). A theme file, a
 * GKeyFile described in host-demo/README.md, starts from one of them and
 * changes colours, fonts and the code colour scheme.
 */
#include "config.h"

#include "slide-theme.h"

#include <pango/pango.h>

/* clang-format off */
G_DEFINE_QUARK (slide-theme-error-quark, slide_theme_error)
/* clang-format on */

#define RGB(hex, a)                                                                                          \
  {                                                                                                          \
    ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) &0xff) / 255.0, (a)                    \
  }

#define SIZES                                                                                                \
  .margin = 128, .top = 96, .footer = 72, .title_size = 118, .heading_size = 70, .subheading_size = 46,      \
  .body_size = 44, .code_size = 31, .footer_size = 22, .block_gap = 34, .line_spacing = 1.18, .corner = 18

static const SlideTheme dark_theme = {
  .name = "dark",
  .sans = "Cantarell",
  .mono = "DejaVu Sans Mono",
  .code_scheme = "Adwaita-dark",

  .background_top = RGB (0x161a26, 1.0),
  .background_bottom = RGB (0x0b0d13, 1.0),
  .glow = RGB (0x3b5bdb, 0.22),
  .text = RGB (0xf1f3f8, 1.0),
  .muted = RGB (0x9aa4b8, 1.0),
  .accent = RGB (0x6ea8ff, 1.0),
  .accent_alt = RGB (0xb48cff, 1.0),
  .code_text = RGB (0xdfe6f3, 1.0),
  .code_panel = RGB (0xffffff, 0.06),
  .inline_code_text = RGB (0xffcf8a, 1.0),
  .inline_code_panel = RGB (0xffffff, 0.09),
  .line = RGB (0xffffff, 0.08),
  .media_panel = RGB (0x05060a, 1.0),
  .problem = RGB (0xff9b85, 1.0),
  SIZES,
};

static const SlideTheme light_theme = {
  .name = "light",
  .sans = "Cantarell",
  .mono = "DejaVu Sans Mono",
  .code_scheme = "Adwaita",

  .background_top = RGB (0xfdfdfe, 1.0),
  .background_bottom = RGB (0xeceff5, 1.0),
  .glow = RGB (0x6ea8ff, 0.14),
  .text = RGB (0x1b2030, 1.0),
  .muted = RGB (0x5a6478, 1.0),
  .accent = RGB (0x1f63d6, 1.0),
  .accent_alt = RGB (0x8250df, 1.0),
  .code_text = RGB (0x24292f, 1.0),
  .code_panel = RGB (0x1b2030, 0.05),
  .inline_code_text = RGB (0xa4460b, 1.0),
  .inline_code_panel = RGB (0x1b2030, 0.07),
  .line = RGB (0x1b2030, 0.14),
  .media_panel = RGB (0x1b1e26, 1.0),
  .problem = RGB (0xc4321b, 1.0),
  SIZES,
};

/**
 * slide_theme_get_default:
 *
 * Returns: (transfer none): the dark theme, which slides are drawn with
 *   unless told otherwise
 */
const SlideTheme *
slide_theme_get_default (void)
{
  return &dark_theme;
}

/**
 * slide_theme_get_builtin:
 * @name: "dark" or "light" (Marp's "default" and "gaia" are light,
 *   "uncover" too)
 *
 * Returns: (transfer none) (nullable): the built-in theme, or %NULL
 */
const SlideTheme *
slide_theme_get_builtin (const char *name)
{
  static const char *const light_names[] = { "light", "default", "gaia", "uncover", NULL };

  if (g_strcmp0 (name, "dark") == 0)
    return &dark_theme;
  if (name != NULL && g_strv_contains (light_names, name))
    return &light_theme;
  return NULL;
}

/* The [Colors] keys and where each goes. */
static const struct
{
  const char *key;
  gsize offset;
} color_keys[] = {
  { "background-top", G_STRUCT_OFFSET (SlideTheme, background_top) },
  { "background-bottom", G_STRUCT_OFFSET (SlideTheme, background_bottom) },
  { "glow", G_STRUCT_OFFSET (SlideTheme, glow) },
  { "text", G_STRUCT_OFFSET (SlideTheme, text) },
  { "muted", G_STRUCT_OFFSET (SlideTheme, muted) },
  { "accent", G_STRUCT_OFFSET (SlideTheme, accent) },
  { "accent-alt", G_STRUCT_OFFSET (SlideTheme, accent_alt) },
  { "code-text", G_STRUCT_OFFSET (SlideTheme, code_text) },
  { "code-panel", G_STRUCT_OFFSET (SlideTheme, code_panel) },
  { "inline-code-text", G_STRUCT_OFFSET (SlideTheme, inline_code_text) },
  { "inline-code-panel", G_STRUCT_OFFSET (SlideTheme, inline_code_panel) },
  { "line", G_STRUCT_OFFSET (SlideTheme, line) },
  { "media-panel", G_STRUCT_OFFSET (SlideTheme, media_panel) },
  { "problem", G_STRUCT_OFFSET (SlideTheme, problem) },
};

static gboolean
parse_color (const char *text, SlideColor *out)
{
  PangoColor color;
  guint16 alpha = 0xffff;

  if (!pango_color_parse_with_alpha (&color, &alpha, text))
    return FALSE;
  *out = (SlideColor){ color.red / 65535.0, color.green / 65535.0, color.blue / 65535.0, alpha / 65535.0 };
  return TRUE;
}

/* A string the theme may point at for the life of the process. */
static const char *
theme_string (GKeyFile *file, const char *group, const char *key, const char *fallback)
{
  g_autofree char *value = g_key_file_get_string (file, group, key, NULL);

  if (value == NULL)
    return fallback;
  g_strstrip (value);
  return value[0] != '\0' ? g_intern_string (value) : fallback;
}

/**
 * slide_theme_new_from_file:
 * @path: a theme file
 * @error: return location for a #GKeyFileError, #GFileError or
 *   #SLIDE_THEME_ERROR
 *
 * Reads a theme file: `[Theme]` with `base` (dark or light), `sans`,
 * `mono` and `code-scheme`; `[Colors]` with any of the colours
 * (`text=#1b2030`, `accent=#1f63d6`, `code-panel=#00000010` …). What it
 * does not set comes from its base.
 *
 * Returns: (transfer full): the theme, freed with g_free(), or %NULL
 */
SlideTheme *
slide_theme_new_from_file (const char *path, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree SlideTheme *theme = NULL;
  g_autofree char *base = NULL;
  g_autofree char *background = NULL;
  const SlideTheme *from;
  guint i;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  base = g_key_file_get_string (file, "Theme", "base", NULL);
  from = base != NULL ? slide_theme_get_builtin (g_strstrip (base)) : &dark_theme;
  if (from == NULL)
    {
      g_set_error (error, SLIDE_THEME_ERROR, SLIDE_THEME_ERROR_INVALID,
                   "%s: [Theme] base=%s: the base is dark or light", path, base);
      return NULL;
    }
  theme = g_memdup2 (from, sizeof *theme);
  theme->name = g_intern_string (path);
  theme->sans = theme_string (file, "Theme", "sans", from->sans);
  theme->mono = theme_string (file, "Theme", "mono", from->mono);
  theme->code_scheme = theme_string (file, "Theme", "code-scheme", from->code_scheme);

  for (i = 0; i < G_N_ELEMENTS (color_keys); i++)
    {
      g_autofree char *value = g_key_file_get_string (file, "Colors", color_keys[i].key, NULL);
      SlideColor *color = G_STRUCT_MEMBER_P (theme, color_keys[i].offset);

      if (value != NULL && !parse_color (g_strstrip (value), color))
        {
          g_set_error (error, SLIDE_THEME_ERROR, SLIDE_THEME_ERROR_INVALID,
                       "%s: [Colors] %s=%s: a colour is #rrggbb, #rrggbbaa or a name like “navy”", path,
                       color_keys[i].key, value);
          return NULL;
        }
    }
  /* "background" sets both ends of the gradient. */
  background = g_key_file_get_string (file, "Colors", "background", NULL);
  if (background != NULL)
    {
      if (!parse_color (g_strstrip (background), &theme->background_top))
        {
          g_set_error (error, SLIDE_THEME_ERROR, SLIDE_THEME_ERROR_INVALID,
                       "%s: [Colors] background=%s: a colour is #rrggbb, #rrggbbaa or a name", path,
                       background);
          return NULL;
        }
      theme->background_bottom = theme->background_top;
    }
  return g_steal_pointer (&theme);
}

/**
 * slide_theme_resolve:
 * @name: "dark", "light" or the path of a theme file
 * @base_dir: (nullable): what a relative path is relative to (the deck's
 *   folder for its front matter's `theme:`); %NULL for the current folder
 * @error: return location for an error of slide_theme_new_from_file()
 *
 * Returns: (transfer full): a copy of the theme, freed with g_free(), or
 *   %NULL
 */
SlideTheme *
slide_theme_resolve (const char *name, const char *base_dir, GError **error)
{
  const SlideTheme *builtin = slide_theme_get_builtin (name);
  g_autofree char *path = NULL;

  if (builtin != NULL)
    return g_memdup2 (builtin, sizeof *builtin);
  path = g_canonicalize_filename (name, base_dir);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "theme “%s”: neither dark, light nor a theme file (looked for %s)", name, path);
      return NULL;
    }
  return slide_theme_new_from_file (path, error);
}
