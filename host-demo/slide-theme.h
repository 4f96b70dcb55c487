/* slide-theme.h: colours, fonts and sizes of the slides
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} SlideColor;

/* Sizes are in slide units: a slide is SLIDE_HEIGHT units high whatever
 * its aspect, and is scaled to the window or the exported image. */
#define SLIDE_HEIGHT 1080.0

typedef struct
{
  const char *name;        /* "dark", "light", or the theme file's path */
  const char *sans;        /* body and titles */
  const char *mono;        /* code */
  const char *code_scheme; /* GtkSourceView style scheme of code blocks */

  SlideColor background_top;
  SlideColor background_bottom;
  SlideColor glow; /* a soft light behind title slides */
  SlideColor text;
  SlideColor muted;      /* subtitles, footer, quotes */
  SlideColor accent;     /* bullets, rules, links, progress */
  SlideColor accent_alt; /* second accent for gradients */
  SlideColor code_text;
  SlideColor code_panel;
  SlideColor inline_code_text;
  SlideColor inline_code_panel;
  SlideColor line;        /* faint lines: panel edges, table rules, tracks */
  SlideColor media_panel; /* behind videos before their first frame */
  SlideColor problem;     /* placeholder text for broken elements */

  double margin;       /* left and right */
  double top;          /* top of the title on content slides */
  double footer;       /* height of the footer band */
  double title_size;   /* the title of a title slide */
  double heading_size; /* the title of a content slide */
  double subheading_size;
  double body_size;
  double code_size;
  double footer_size;
  double block_gap;    /* between blocks */
  double line_spacing; /* factor */
  double corner;       /* corner radius of panels and media */
} SlideTheme;

/**
 * SLIDE_THEME_ERROR:
 *
 * Error domain for theme files; codes from #GKeyFileError and
 * #GFileError, or %SLIDE_THEME_ERROR_INVALID.
 */
#define SLIDE_THEME_ERROR (slide_theme_error_quark ())

/**
 * SlideThemeError:
 * @SLIDE_THEME_ERROR_INVALID: a value in the theme file is wrong
 *
 * What is wrong with a theme file beyond its syntax.
 */
typedef enum
{
  SLIDE_THEME_ERROR_INVALID,
} SlideThemeError;

GQuark slide_theme_error_quark (void);

const SlideTheme *slide_theme_get_default (void);
const SlideTheme *slide_theme_get_builtin (const char *name);
SlideTheme *slide_theme_new_from_file (const char *path, GError **error);
SlideTheme *slide_theme_resolve (const char *name, const char *base_dir, GError **error);

G_END_DECLS
