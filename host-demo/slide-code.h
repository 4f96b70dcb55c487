/* slide-code.h: syntax highlighting of fenced code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

PangoAttrList *slide_code_highlight (const char *code, const char *language, const char *scheme);
gboolean slide_code_knows_language (const char *language);

G_END_DECLS
