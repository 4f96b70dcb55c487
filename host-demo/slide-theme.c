/* slide-theme.c: colours, fonts and sizes of the slides
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A dark theme: deep blue-black backgrounds, near-white text in Cantarell,
 * one cool accent (with a violet partner for gradients), code on a lightly
 * tinted panel in DejaVu Sans Mono.
 */
#include "config.h"

#include "slide-theme.h"

#define RGB(hex, a)                                                                                          \
  {                                                                                                          \
    ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) &0xff) / 255.0, (a)                    \
  }

static const SlideTheme dark_theme = {
  .sans = "Cantarell",
  .mono = "DejaVu Sans Mono",

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
  .media_panel = RGB (0x05060a, 1.0),
  .problem = RGB (0xff9b85, 1.0),

  .margin = 128,
  .top = 96,
  .footer = 72,
  .title_size = 118,
  .heading_size = 70,
  .subheading_size = 46,
  .body_size = 44,
  .code_size = 31,
  .footer_size = 22,
  .block_gap = 34,
  .line_spacing = 1.18,
  .corner = 18,
};

/**
 * slide_theme_get_default:
 *
 * Returns: (transfer none): the theme slides are drawn with
 */
const SlideTheme *
slide_theme_get_default (void)
{
  return &dark_theme;
}
