/* deck-front-matter.c: a deck's settings, from YAML front matter and
 * Marp's directives
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A deck may start with a block between two "---" lines holding settings
 * as YAML (Marp, Deckset and most static site generators write it so):
 *
 *   ---
 *   marp: true
 *   theme: light
 *   paginate: true
 *   size: 4:3
 *   ---
 *
 * Only the flat "key: value" subset is read, which is what these tools
 * write; a nested or multi-line value (Marp's `style: |`) is skipped as a
 * whole. Marp's directives may also stand in an HTML comment on a slide:
 * `<!-- paginate: false -->` from this slide on, `<!-- _paginate: false -->`
 * for this slide only.
 *
 * To tell front matter from a first slide that happens to follow a "---",
 * the block counts as front matter only when every line is a key, a
 * comment or an indented continuation, and at least one key is known.
 */
#include "config.h"

#include "deck-private.h"

#include <string.h>

/* Keys that Marp, Deckset or site generators write and that a deck may
 * hold without a problem being reported; the first ones are used. */
static const char *const known_keys[] = { "marp",
                                          "theme",
                                          "paginate",
                                          "size",
                                          "title",
                                          "author",
                                          "date",
                                          "lang",
                                          "description",
                                          "keywords",
                                          "url",
                                          "image",
                                          "class",
                                          "header",
                                          "footer",
                                          "style",
                                          "headingDivider",
                                          "math",
                                          "color",
                                          "backgroundColor",
                                          "backgroundImage",
                                          "backgroundPosition",
                                          "backgroundRepeat",
                                          "backgroundSize",
                                          "transition",
                                          "slideNumbers",
                                          "autoscale",
                                          "slidenumbers",
                                          "footnote-separator",
                                          "presenter-notes",
                                          "build-lists",
                                          "fit-header",
                                          NULL };

/* Directives that only make sense for the whole deck. */
static const char *const global_directives[] = { "theme", "size", "marp", NULL };

/* Splits "key: value" (a YAML mapping line); returns FALSE for anything
 * else. Strips quotes and an unquoted value's trailing "# comment". */
static gboolean
split_key_value (const char *line, char **key, char **value)
{
  const char *p = line;
  const char *colon;
  g_autofree char *v = NULL;
  gsize len;

  if (!(g_ascii_isalpha (*p) || *p == '_' || *p == '$'))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '$')
    p++;
  colon = p;
  if (*colon != ':' || (colon[1] != '\0' && colon[1] != ' ' && colon[1] != '\t'))
    return FALSE;

  v = g_strstrip (g_strdup (colon + 1));
  len = strlen (v);
  if (len >= 2 && (v[0] == '"' || v[0] == '\'') && v[len - 1] == v[0])
    {
      v[len - 1] = '\0';
      memmove (v, v + 1, len - 1);
    }
  else
    {
      char *hash = strstr (v, " #");

      if (hash != NULL)
        *hash = '\0';
      g_strstrip (v);
    }
  *key = g_strndup (line, colon - line);
  *value = g_steal_pointer (&v);
  return TRUE;
}

/**
 * deck_parse_bool:
 * @value: a YAML scalar
 * @out: (out): the truth value
 *
 * Returns: whether @value is one of YAML's ways to write a boolean
 */
gboolean
deck_parse_bool (const char *value, gboolean *out)
{
  static const char *const yes[] = { "true", "yes", "on", NULL };
  static const char *const no[] = { "false", "no", "off", NULL };
  g_autofree char *lower = g_ascii_strdown (value, -1);

  if (g_strv_contains (yes, lower))
    *out = TRUE;
  else if (g_strv_contains (no, lower))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* size: Marp's presets "16:9" and "4:3", or any W:H, or pixels WxH. */
static gboolean
parse_size (Deck *self, const char *value)
{
  g_auto (GStrv) parts = NULL;
  guint64 a, b;
  gboolean pixels = strchr (value, 'x') != NULL;

  parts = g_strsplit (value, pixels ? "x" : ":", -1);
  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (g_strstrip (parts[0]), 10, 1, 16384, &a, NULL)
      || !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 1, 16384, &b, NULL) || (double) a / b < 0.25
      || (double) a / b > 4)
    return FALSE;
  self->aspect = (double) a / b;
  if (pixels)
    {
      self->width = a;
      self->height = b;
    }
  return TRUE;
}

/* Applies one setting; key without Marp's "_" prefix. Returns FALSE with
 * a problem recorded when the value is wrong. */
static void
apply_setting (Deck *self,
               DeckSlide *slide,
               gboolean this_slide_only,
               const char *key,
               const char *value,
               guint line,
               guint column)
{
  if (g_str_equal (key, "marp"))
    {
      if (!deck_parse_bool (value, &self->marp))
        deck_add_problem (self, NULL, line, column, "marp: wants true or false, not “%s”", value);
    }
  else if (g_str_equal (key, "theme"))
    {
      /* The built-in names of slide-theme.c, else a theme file. */
      static const char *const builtin[] = { "dark", "light", "default", "gaia", "uncover", NULL };
      g_autofree char *path = g_canonicalize_filename (value, self->dir);

      g_free (self->theme);
      self->theme = g_strdup (value);
      self->theme_line = line;
      if (!g_strv_contains (builtin, value) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        deck_add_problem (self, NULL, line, column,
                          "theme: “%s” is neither dark, light nor a theme file (looked for %s)", value, path);
    }
  else if (g_str_equal (key, "paginate"))
    {
      gboolean on;

      if (!deck_parse_bool (value, &on))
        deck_add_problem (self, NULL, line, column, "paginate: wants true or false, not “%s”", value);
      else if (slide == NULL)
        self->paginate = on;
      else
        {
          slide->paginate = on;
          if (!this_slide_only)
            self->paginate = on;
        }
    }
  else if (g_str_equal (key, "size"))
    {
      if (!parse_size (self, value))
        deck_add_problem (self, NULL, line, column,
                          "size: wants an aspect like 16:9 or 4:3, or pixels like 1920x1080, not “%s”",
                          value);
    }
  else if (g_str_equal (key, "title"))
    {
      if (value[0] != '\0')
        {
          g_free (self->title);
          self->title = g_strdup (value);
        }
    }
  else
    g_debug ("%s:%u: “%s” is not used by host-demo", self->display_path, line, key);
}

/* Blanks the line at p (up to its newline), keeping the newline. */
static void
blank_line (char *p)
{
  for (; *p != '\0' && *p != '\n'; p++)
    *p = ' ';
}

static gboolean
is_fence_line (const char *line, const char *fence)
{
  gsize n = strlen (fence);

  if (strncmp (line, fence, n) != 0)
    return FALSE;
  for (line += n; *line != '\0'; line++)
    if (*line != ' ' && *line != '\t' && *line != '\r')
      return FALSE;
  return TRUE;
}

/**
 * deck_read_front_matter:
 * @self: the deck being parsed
 * @text: (inout): the whole deck, nul-terminated; the front matter is
 *   overwritten with spaces so that line numbers stay right
 *
 * Reads the front matter at the top of @text, if there is one.
 *
 * Returns: the number of lines it took, 0 when there is none
 */
guint
deck_read_front_matter (Deck *self, char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint end = 0, i, n_keys_known = 0;
  char *p;

  if (lines[0] == NULL || !is_fence_line (lines[0], "---"))
    return 0;
  for (i = 1; lines[i] != NULL; i++)
    {
      g_autofree char *key = NULL, *value = NULL;
      char *line = lines[i];

      g_strchomp (line);
      if (is_fence_line (line, "---") || is_fence_line (line, "..."))
        {
          end = i;
          break;
        }
      if (line[0] == '\0' || line[0] == ' ' || line[0] == '\t' || line[0] == '#')
        continue;
      if (!split_key_value (line, &key, &value))
        return 0;
      if (g_strv_contains (known_keys, key))
        n_keys_known++;
    }
  if (end == 0 || n_keys_known == 0)
    return 0;

  self->has_front_matter = TRUE;
  /* Marp numbers no page unless told to; a plain deck keeps its numbers. */
  self->paginate = TRUE;
  for (i = 1; i < end; i++)
    {
      g_autofree char *key = NULL, *value = NULL;

      if (!split_key_value (lines[i], &key, &value))
        continue;
      if (g_str_equal (key, "marp") && deck_parse_bool (value, &self->marp) && self->marp)
        self->paginate = FALSE;
    }
  for (i = 1; i < end; i++)
    {
      g_autofree char *key = NULL, *value = NULL;

      if (!split_key_value (lines[i], &key, &value))
        continue;
      if (!g_strv_contains (known_keys, key))
        deck_add_problem (
            self, NULL, i + 1, 1,
            "front matter: unknown key “%s” (host-demo reads marp, theme, paginate, size, title)", key);
      else if (!g_str_equal (key, "marp"))
        apply_setting (self, NULL, FALSE, key, value, i + 1, 1);
    }

  p = text;
  for (i = 0; i <= end; i++)
    {
      blank_line (p);
      p = strchr (p, '\n');
      if (p == NULL)
        break;
      p++;
    }
  return end + 1;
}

/**
 * deck_apply_directive:
 * @self: the deck being parsed
 * @slide: the slide the comment is on
 * @comment: the text of an HTML comment, without `<!--` and `-->`
 * @line: where the comment starts, for problems
 * @column: likewise
 *
 * A Marp directive is a comment holding only "key: value" lines with
 * known keys. Applies it; "_key" applies to @slide alone.
 *
 * Returns: whether @comment was a directive (else it is a note)
 */
gboolean
deck_apply_directive (Deck *self, DeckSlide *slide, const char *comment, guint line, guint column)
{
  g_auto (GStrv) lines = g_strsplit (comment, "\n", -1);
  guint i, n = 0;

  for (i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *key = NULL, *value = NULL;
      char *text = g_strstrip (lines[i]);
      const char *name;

      if (text[0] == '\0')
        continue;
      if (!split_key_value (text, &key, &value))
        return FALSE;
      name = key[0] == '_' ? key + 1 : key;
      if (!g_strv_contains (known_keys, name))
        return FALSE;
      n++;
    }
  if (n == 0)
    return FALSE;

  for (i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *key = NULL, *value = NULL;
      const char *name;
      gboolean local;

      if (!split_key_value (lines[i], &key, &value))
        continue;
      local = key[0] == '_';
      name = local ? key + 1 : key;
      if (g_strv_contains (global_directives, name) && local)
        deck_add_problem (self, NULL, line + i, column,
                          "“%s” is for the whole deck; write “%s:” without the _", key, name);
      else
        apply_setting (self, slide, local, name, value, line + i, column);
    }
  return TRUE;
}
