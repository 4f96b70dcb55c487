/* slide-code.c: syntax highlighting of fenced code
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GtkSourceView 5 knows the languages (its .lang definitions, the ones
 * GNOME's editors use) and the colour schemes. A GtkSourceBuffer is a
 * plain object and needs no display, so the headless export highlights
 * the same way as the window: the code goes into a buffer with its
 * language and the theme's scheme, the buffer is highlighted at once, and
 * its tags become Pango attributes of the code's layout.
 */
#include "config.h"

#include "slide-code.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

/* Names people write after ``` that GtkSourceView spells otherwise. */
static const struct
{
  const char *written;
  const char *id;
} aliases[] = {
  { "bash", "sh" },       { "shell", "sh" },       { "zsh", "sh" },      { "console", "sh" },
  { "py", "python3" },    { "python", "python3" }, { "js", "js" },       { "javascript", "js" },
  { "ts", "typescript" }, { "yml", "yaml" },       { "md", "markdown" }, { "c++", "cpp" },
  { "rs", "rust" },       { "golang", "go" },      { "h", "c" },         { "rb", "ruby" },
  { "html", "html" },     { "xml", "xml" },        { "meson", "meson" }, { "diff", "diff" },
};

static GtkSourceLanguage *
find_language (const char *language)
{
  GtkSourceLanguageManager *manager;
  g_autofree char *lower = NULL;
  g_autofree char *file = NULL;
  GtkSourceLanguage *found;
  guint i;

  if (language == NULL || language[0] == '\0')
    return NULL;
  gtk_source_init ();
  manager = gtk_source_language_manager_get_default ();
  lower = g_ascii_strdown (language, -1);
  for (i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (lower, aliases[i].written))
      return gtk_source_language_manager_get_language (manager, aliases[i].id);
  found = gtk_source_language_manager_get_language (manager, lower);
  if (found != NULL)
    return found;
  /* "Makefile", "CMakeLists.txt", or an extension like "c" and "go". */
  file = strchr (lower, '.') != NULL || g_ascii_isupper (language[0]) ? g_strdup (language)
                                                                      : g_strconcat ("code.", lower, NULL);
  return gtk_source_language_manager_guess_language (manager, file, NULL);
}

/**
 * slide_code_knows_language:
 * @language: (nullable): a fenced code block's language, as written
 *
 * Returns: whether slide_code_highlight() can colour code in @language
 */
gboolean
slide_code_knows_language (const char *language)
{
  return find_language (language) != NULL;
}

static guint16
channel (double value)
{
  return (guint16) CLAMP (value * 65535.0 + 0.5, 0, 65535);
}

/* The attributes a style scheme's tag sets, from start to end. */
static void
add_tag_attributes (PangoAttrList *attrs, GtkTextTag *tag, guint start, guint end)
{
  g_autoptr (GSList) list = NULL;
  gboolean foreground_set = FALSE, weight_set = FALSE, style_set = FALSE, underline_set = FALSE;
  GdkRGBA *foreground = NULL;
  int weight = 0;
  PangoStyle style = PANGO_STYLE_NORMAL;
  PangoUnderline underline = PANGO_UNDERLINE_NONE;
  GSList *l;

  g_object_get (tag, "foreground-set", &foreground_set, "foreground-rgba", &foreground, "weight-set",
                &weight_set, "weight", &weight, "style-set", &style_set, "style", &style, "underline-set",
                &underline_set, "underline", &underline, NULL);
  if (foreground_set && foreground != NULL)
    list = g_slist_prepend (list,
                            pango_attr_foreground_new (channel (foreground->red), channel (foreground->green),
                                                       channel (foreground->blue)));
  if (weight_set)
    list = g_slist_prepend (list, pango_attr_weight_new (weight));
  if (style_set)
    list = g_slist_prepend (list, pango_attr_style_new (style));
  if (underline_set)
    list = g_slist_prepend (list, pango_attr_underline_new (underline));
  g_clear_pointer (&foreground, gdk_rgba_free);

  for (l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      attr->start_index = start;
      attr->end_index = end;
      pango_attr_list_insert (attrs, attr);
    }
}

/**
 * slide_code_highlight:
 * @code: the code, UTF-8
 * @language: (nullable): its language as written after the fence
 *   (`c`, `python`, `sh` …)
 * @scheme: a GtkSourceView style scheme id (`Adwaita-dark`, `Adwaita` …)
 *
 * Colours @code as GtkSourceView would in an editor with @scheme.
 *
 * Returns: (transfer full) (nullable): attributes for a layout of
 *   @code, or %NULL when the language or the scheme is unknown
 */
PangoAttrList *
slide_code_highlight (const char *code, const char *language, const char *scheme)
{
  GtkSourceLanguage *lang = find_language (language);
  GtkSourceStyleScheme *style_scheme;
  g_autoptr (GtkSourceBuffer) buffer = NULL;
  PangoAttrList *attrs;
  GtkTextIter start, end, iter;

  if (lang == NULL)
    return NULL;
  style_scheme
      = gtk_source_style_scheme_manager_get_scheme (gtk_source_style_scheme_manager_get_default (), scheme);
  if (style_scheme == NULL)
    {
      g_debug ("no style scheme “%s”: code stays plain", scheme);
      return NULL;
    }

  buffer = gtk_source_buffer_new_with_language (lang);
  gtk_source_buffer_set_style_scheme (buffer, style_scheme);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), code, -1);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);

  /* Each tag from where it is switched on to where it goes off; the
   * buffer counts characters, Pango bytes. */
  attrs = pango_attr_list_new ();
  iter = start;
  do
    {
      g_autoptr (GSList) tags = gtk_text_iter_get_toggled_tags (&iter, TRUE);
      GSList *l;

      for (l = tags; l != NULL; l = l->next)
        {
          GtkTextIter tag_end = iter;
          guint from = g_utf8_offset_to_pointer (code, gtk_text_iter_get_offset (&iter)) - code;
          guint to;

          gtk_text_iter_forward_to_tag_toggle (&tag_end, l->data);
          to = g_utf8_offset_to_pointer (code, gtk_text_iter_get_offset (&tag_end)) - code;
          add_tag_attributes (attrs, l->data, from, to);
        }
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, NULL));
  return attrs;
}
