/* test-variant.c: bridge_variant_is_normal_form() must say what GLib's
 * g_variant_is_normal_form() says, on valid values and on many mangled
 * copies of them
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "bridge-variant-private.h"

#include <string.h>

static GVariant *
bytes_of (gsize n, guint8 seed)
{
  g_autofree guint8 *data = g_malloc (n + 1);
  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) (seed + i * 7);
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, data, n, 1);
}

/* Bodies the protocol carries, with arrays of numbers in many places. */
static GPtrArray *
seeds (void)
{
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  gint32 ints[] = { 1, -2, 3, 70000 };
  gint64 longs[] = { 1, G_MININT64 };
  GVariantBuilder dict;

  for (gsize n = 0; n < 40; n += 7)
    g_ptr_array_add (all, g_variant_ref_sink (
                              g_variant_new ("(ssv)", "a.b", "M", g_variant_new ("(@ay)", bytes_of (n, 3)))));
  g_ptr_array_add (
      all, g_variant_ref_sink (g_variant_new (
               "(ssv)", "a.b", "M",
               g_variant_new ("(@ays@ai)", bytes_of (5, 1), "text",
                              g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, ints, 4, sizeof (gint32))))));
  g_ptr_array_add (all, g_variant_ref_sink (g_variant_new (
                            "(ssv)", "a.b", "M",
                            g_variant_new ("(x@axb@ay)", (gint64) 9,
                                           g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, longs, 2, 8),
                                           TRUE, bytes_of (3, 9)))));
  g_variant_builder_init (&dict, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&dict, "{sv}", "blob", bytes_of (6, 2));
  g_variant_builder_add (&dict, "{sv}", "n", g_variant_new_int32 (4));
  g_variant_builder_add (&dict, "{sv}", "nested", g_variant_new_variant (bytes_of (2, 5)));
  g_ptr_array_add (all, g_variant_ref_sink (g_variant_new (
                            "(ssv)", "a.b", "M", g_variant_new ("(@a{sv})", g_variant_builder_end (&dict)))));
  GVariant *arrays[] = { bytes_of (0, 0), bytes_of (3, 1), bytes_of (9, 2) };
  g_ptr_array_add (
      all, g_variant_ref_sink (g_variant_new (
               "(ssv)", "a.b", "M",
               g_variant_new ("(@aay)", g_variant_new_array (G_VARIANT_TYPE_BYTESTRING, arrays, 3)))));
  g_ptr_array_add (all,
                   g_variant_ref_sink (g_variant_new ("(v)", g_variant_new ("(@ay)", bytes_of (300, 4)))));
  g_ptr_array_add (all, g_variant_ref_sink (g_variant_new ("(uusasa{sv})", 1, 1, "x", NULL, NULL)));
  return all;
}

static gboolean
agree (GVariant *valid, const guint8 *data, gsize size, char **what)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (GVariant) v
      = g_variant_ref_sink (g_variant_new_from_bytes (g_variant_get_type (valid), bytes, FALSE));
  gboolean glib = g_variant_is_normal_form (v);
  gboolean ours = bridge_variant_is_normal_form (v);

  if (glib != ours)
    {
      g_autoptr (GString) hex = g_string_new (NULL);
      for (gsize i = 0; i < size; i++)
        g_string_append_printf (hex, "%02x ", data[i]);
      *what = g_strdup_printf ("%s of %" G_GSIZE_FORMAT " bytes: GLib says %d, we say %d: %s",
                               g_variant_get_type_string (valid), size, glib, ours, hex->str);
      return FALSE;
    }
  return TRUE;
}

START_TEST (test_valid_values_are_normal)
{
  g_autoptr (GPtrArray) all = seeds ();

  for (guint i = 0; i < all->len; i++)
    {
      GVariant *v = all->pdata[i];
      g_autofree char *what = NULL;
      ck_assert_msg (bridge_variant_is_normal_form (v), "seed %u (%s) not normal", i,
                     g_variant_get_type_string (v));
      ck_assert_msg (agree (v, g_variant_get_data (v), g_variant_get_size (v), &what), "%s", what);
    }
}
END_TEST

/* PROTOCOL.md §12: the normal-form check agrees with GLib on mangled input. */
START_TEST (test_mangled_values_agree_with_glib)
{
  g_autoptr (GPtrArray) all = seeds ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261125);
  guint disagreements = 0, not_normal = 0;
  char *first = NULL;

  for (guint i = 0; i < all->len; i++)
    {
      GVariant *v = all->pdata[i];
      gsize size = g_variant_get_size (v);
      g_autofree guint8 *copy = g_malloc (size + 2);

      for (guint trial = 0; trial < 3000; trial++)
        {
          gsize n = size;
          memcpy (copy, g_variant_get_data (v), size);
          switch (g_rand_int_range (rand, 0, 4))
            {
              case 0: /* one byte anywhere */
                copy[g_rand_int_range (rand, 0, size)] = (guint8) g_rand_int (rand);
                break;
              case 1: /* a byte of the framing at the end */
                copy[size - 1 - g_rand_int_range (rand, 0, MIN (size, 6))]
                    += (guint8) g_rand_int_range (rand, 1, 4);
                break;
              case 2: /* one byte shorter */
                n = size - 1;
                break;
              default: /* one byte longer */
                copy[size] = (guint8) g_rand_int (rand);
                n = size + 1;
                break;
            }
          char *what = NULL;
          if (!agree (v, copy, n, &what))
            {
              if (first == NULL)
                first = what;
              else
                g_free (what);
              disagreements++;
            }
          g_autoptr (GBytes) b = g_bytes_new (copy, n);
          g_autoptr (GVariant) m
              = g_variant_ref_sink (g_variant_new_from_bytes (g_variant_get_type (v), b, FALSE));
          not_normal += !g_variant_is_normal_form (m);
        }
    }
  ck_assert_msg (disagreements == 0, "%u disagreements with GLib; first: %s", disagreements, first);
  ck_assert_msg (not_normal > 1000, "mangling made only %u non-normal values", not_normal);
  g_free (first);
}
END_TEST

/* bridge_variant_gather() must give exactly GLib's serialised bytes, for
 * big children anywhere in a body and every framing-offset width. */
static GVariant *
blob (gsize size, guint8 fill)
{
  guint8 *data = g_malloc (size);

  memset (data, fill, size);
  return g_variant_new_from_data (G_VARIANT_TYPE_BYTESTRING, data, size, TRUE, g_free, data);
}

static GVariant *
gather_case (guint i)
{
  switch (i)
    {
      case 0:
        return g_variant_new ("(ssv)", "a.b", "Push", g_variant_new ("(@ay)", blob (1 << 20, 1)));
      case 1:
        return g_variant_new ("(ssv)", "a.b", "M", g_variant_new ("(s@ayu)", "x", blob (70000, 2), 7));
      case 2:
        return g_variant_new ("(ssv)", "a.b", "M",
                              g_variant_new ("(@ay@ays)", blob (65536, 3), blob (10, 4), "end"));
      case 3:
        return g_variant_new ("(v)", g_variant_new ("(@ayt)", blob ((1 << 16) - 40, 5), (guint64) 9));
      case 4:
        return g_variant_new (
            "(ssv)", "a.b", "M",
            g_variant_new ("(v{s@ay})", g_variant_new ("(@ay)", blob (200000, 6)), "k", blob (100000, 7)));
      case 5:
        return g_variant_new ("(ssv)", "a.b", "M", g_variant_new ("(u@ayb)", 1, blob (65000, 8), TRUE));
      default:
        return g_variant_new ("(ssv)", "a.b", "M", g_variant_new ("(@ay)", blob (100, 9)));
    }
}

START_TEST (test_gather_matches_glib)
{
  g_autoptr (GVariant) value = g_variant_ref_sink (gather_case (_i));
  BridgeGather gather;
  g_autoptr (GByteArray) joined = g_byte_array_new ();
  gsize size = g_variant_get_size (value);

  bridge_variant_gather (value, 4096, &gather);
  ck_assert_uint_eq (gather.size, size);
  for (guint i = 0; i < gather.pieces->len; i++)
    {
      BridgeGatherPiece *p = &g_array_index (gather.pieces, BridgeGatherPiece, i);

      g_byte_array_append (joined, p->data != NULL ? p->data : gather.small->data + p->small_start, p->len);
    }
  ck_assert_uint_eq (joined->len, size);
  ck_assert_msg (memcmp (joined->data, g_variant_get_data (value), size) == 0,
                 "case %d: gathered bytes differ from GLib's", _i);
  ck_assert_msg (_i == 6 || gather.owners->len > 0, "case %d: no big piece sent in place", _i);
  bridge_gather_clear (&gather);
}
END_TEST

static Suite *
variant_suite (void)
{
  Suite *s = suite_create ("variant");
  TCase *tc = tcase_create ("normal-form");

  tcase_add_test (tc, test_valid_values_are_normal);
  tcase_add_test (tc, test_mangled_values_agree_with_glib);
  tcase_add_loop_test (tc, test_gather_matches_glib, 0, 7);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (variant_suite)
