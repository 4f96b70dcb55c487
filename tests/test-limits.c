/* test-limits.c: the limits the code has are the limits PROTOCOL.md states
 *
 * libbridge names every limit once (bridge-limits-private.h); section 9 of
 * docs/PROTOCOL.md lists them in a table. Both directions are checked:
 * every row of the document is a limit of the code with the same value and
 * unit, every limit of the code is a row, and a new connection starts at
 * the defaults.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "bridge-limits-private.h"
#include "bridge-test-util.h"

typedef struct
{
  char *name;
  guint64 value;
  BridgeLimitUnit unit;
} Row;

static void
row_free (Row *row)
{
  g_free (row->name);
  g_free (row);
}

/* The rows of the table in PROTOCOL.md section 9: "| name | 16 MiB ... |". */
static GPtrArray *
document_rows (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("BRIDGE_SOURCE_ROOT"), "docs", "PROTOCOL.md", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GRegex) row
      = g_regex_new ("^\\| ([^|]+?) \\| (\\d+) ?(MiB|s|bytes)?\\b[^|]*\\|", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr (GMatchInfo) match = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  const char *start, *end;

  ck_assert_msg (g_file_get_contents (path, &text, NULL, &error), "%s", error ? error->message : "");
  start = strstr (text, "\n## 9. Limits\n");
  ck_assert_msg (start != NULL, "%s has no section 9. Limits", path);
  end = strstr (start + 1, "\n## ");
  g_autofree char *section = g_strndup (start, end != NULL ? (gsize) (end - start) : strlen (start));

  for (g_regex_match (row, section, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      Row *r = g_new0 (Row, 1);
      g_autofree char *number = g_match_info_fetch (match, 2);
      g_autofree char *unit = g_match_info_fetch (match, 3);

      r->name = g_match_info_fetch (match, 1);
      r->value = g_ascii_strtoull (number, NULL, 10);
      r->unit = BRIDGE_LIMIT_UNIT_COUNT;
      if (g_strcmp0 (unit, "MiB") == 0)
        r->value *= 1024 * 1024, r->unit = BRIDGE_LIMIT_UNIT_BYTES;
      else if (g_strcmp0 (unit, "bytes") == 0)
        r->unit = BRIDGE_LIMIT_UNIT_BYTES;
      else if (g_strcmp0 (unit, "s") == 0)
        r->value *= 1000, r->unit = BRIDGE_LIMIT_UNIT_MS;
      g_ptr_array_add (rows, r);
    }
  ck_assert_msg (rows->len > 0, "no limits found in section 9 of %s", path);
  return rows;
}

static const Row *
find_row (GPtrArray *rows, const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((Row *) rows->pdata[i])->name, name))
      return rows->pdata[i];
  return NULL;
}

START_TEST (test_code_and_document_agree)
{
  g_autoptr (GPtrArray) rows = document_rows ();
  guint n = 0;

  for (const BridgeLimitInfo *l = bridge_limits; l->name != NULL; l++, n++)
    {
      const Row *r = find_row (rows, l->name);

      ck_assert_msg (r != NULL, "PROTOCOL.md section 9 does not list \"%s\"", l->name);
      ck_assert_msg (r->value == l->value && r->unit == l->unit,
                     "\"%s\": PROTOCOL.md says %" G_GUINT64_FORMAT " (unit %d), the code %" G_GUINT64_FORMAT
                     " (unit %d)",
                     l->name, r->value, r->unit, l->value, l->unit);
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const char *name = ((Row *) rows->pdata[i])->name;
      gboolean known = FALSE;

      for (const BridgeLimitInfo *l = bridge_limits; l->name != NULL; l++)
        known = known || g_str_equal (l->name, name);
      ck_assert_msg (known, "PROTOCOL.md section 9 lists \"%s\", a limit the code does not name", name);
    }
  ck_assert_uint_eq (n, rows->len);
}
END_TEST

START_TEST (test_new_connection_has_the_defaults)
{
  BridgeConnection *a, *b;

  bridge_test_connection_pair (&a, &b);
  for (const BridgeLimitInfo *l = bridge_limits; l->name != NULL; l++)
    if (l->limit >= 0)
      ck_assert_msg (bridge_connection_get_limit (a, l->limit) == l->value,
                     "\"%s\": a new connection has %" G_GUINT64_FORMAT ", not %" G_GUINT64_FORMAT, l->name,
                     bridge_connection_get_limit (a, l->limit), l->value);
  g_object_unref (a);
  g_object_unref (b);
}
END_TEST

static Suite *
limits_suite (void)
{
  Suite *s = suite_create ("limits");
  TCase *tc = tcase_create ("limits");

  tcase_add_test (tc, test_code_and_document_agree);
  tcase_add_test (tc, test_new_connection_has_the_defaults);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (limits_suite)
