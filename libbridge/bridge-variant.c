/* bridge-variant.c: g_variant_is_normal_form(), without its cost on big
 * arrays of numbers
 *
 * GLib 2.74 checks an array of numbers one element at a time, about 15 ns
 * a byte: 15 ms for a 1 MiB "ay". Yet every serialization of such an array
 * whose length is a multiple of the element size is in normal form. So
 * values that may hold such arrays are checked here: the arrays by length,
 * the containers around them by their framing (positions, padding, framing
 * offsets, as GLib's "GVariant Serialization" specification lays them out
 * in normal form), and everything else by GLib. tests/test-variant.c
 * compares the result with GLib's on many mangled values.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-variant-private.h"

#include <string.h>

#define MAX_DEPTH 128

static gsize
numeric_size (char c)
{
  switch (c)
    {
      case 'y':
        return 1;
      case 'n':
      case 'q':
        return 2;
      case 'i':
      case 'u':
      case 'h':
        return 4;
      case 'x':
      case 't':
      case 'd':
        return 8;
      default:
        return 0;
    }
}

/* Worth walking: it may hold an array of numbers, and holds no maybe
 * (left to GLib, which knows its framing best). */
static gboolean
worth_walking (const GVariantType *type)
{
  const char *s = g_variant_type_peek_string (type);
  gsize len = g_variant_type_get_string_length (type);
  gboolean numeric_array = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (s[i] == 'm')
        return FALSE;
      if (s[i] == 'v' || (s[i] == 'a' && i + 1 < len && numeric_size (s[i + 1]) > 0))
        numeric_array = TRUE;
    }
  return numeric_array;
}

static gsize
alignment (const GVariantType *type)
{
  const char c = g_variant_type_peek_string (type)[0];

  if (numeric_size (c) > 0)
    return numeric_size (c);
  switch (c)
    {
      case 'b':
      case 's':
      case 'o':
      case 'g':
        return 1;
      case 'v':
        return 8;
      case 'a':
      case 'm':
        return alignment (g_variant_type_element (type));
      default:
        {
          gsize a = 1;
          for (const GVariantType *m = g_variant_type_first (type); m != NULL; m = g_variant_type_next (m))
            {
              /* Not inside MAX(), which evaluates it twice: nested tuples
               * would cost 2^depth. */
              gsize am = alignment (m);
              a = MAX (a, am);
            }
          return a;
        }
    }
}

static gsize
round_up (gsize n, gsize a)
{
  return (n + a - 1) & ~(a - 1);
}

/* Size of a fixed-size type, 0 for a variable-size one. */
static gsize
fixed_size (const GVariantType *type)
{
  const char c = g_variant_type_peek_string (type)[0];

  if (numeric_size (c) > 0)
    return numeric_size (c);
  if (c == 'b')
    return 1;
  if (c != '(' && c != '{')
    return 0;
  if (g_variant_type_n_items (type) == 0)
    return 1;
  gsize size = 0;
  for (const GVariantType *m = g_variant_type_first (type); m != NULL; m = g_variant_type_next (m))
    {
      gsize s = fixed_size (m);
      if (s == 0)
        return 0;
      size = round_up (size, alignment (m)) + s;
    }
  return round_up (size, alignment (type));
}

static gsize
offset_size (gsize container_size)
{
  if (container_size == 0)
    return 0;
  if (container_size <= G_MAXUINT8)
    return 1;
  if (container_size <= G_MAXUINT16)
    return 2;
  if ((guint64) container_size <= G_MAXUINT32)
    return 4;
  return 8;
}

/* GLib writes framing offsets in the smallest size that fits the whole
 * container, offsets included (gvariant-serialiser.c,
 * gvs_calculate_total_size): a container of @size bytes with @n_offsets
 * offsets of @osize bytes is in normal form only if that is the size GLib
 * would have picked for its body. At the edges (256 bytes with 2-byte
 * offsets where 255 with 1-byte ones would do) the framing alone looks
 * consistent either way. */
static gboolean
offsets_minimal (gsize size, gsize n_offsets, gsize osize)
{
  gsize body = size - n_offsets * osize;

  if (n_offsets == 0)
    return TRUE;
  if (body + n_offsets <= G_MAXUINT8)
    return osize == 1;
  if (body + 2 * n_offsets <= G_MAXUINT16)
    return osize == 2;
  if ((guint64) body + 4 * n_offsets <= G_MAXUINT32)
    return osize == 4;
  return osize == 8;
}

static gsize
read_offset (const guint8 *p, gsize size)
{
  guint64 v = 0;

  for (gsize i = 0; i < size; i++)
    v |= (guint64) p[i] << (8 * i);
  return (gsize) v;
}

static gboolean
zero (const guint8 *p, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

static gboolean check (GVariant *value, guint depth);

/* The child sits exactly at [start, start + size) of the parent's bytes. */
static gboolean
child_at (GVariant *child, const guint8 *data, gsize start, gsize size)
{
  if (g_variant_get_size (child) != size)
    return FALSE;
  return size == 0 || (const guint8 *) g_variant_get_data (child) == data + start;
}

static gboolean
check_tuple (GVariant *value, const guint8 *data, gsize size, guint depth)
{
  const GVariantType *type = g_variant_get_type (value);
  gsize n = g_variant_n_children (value);
  gsize osize = offset_size (size);
  gsize n_framed = 0, used = 0, pos = 0;

  if (n == 0)
    return size == 1 && data[0] == 0;

  const GVariantType *m = g_variant_type_first (type);
  for (gsize i = 0; i < n; i++, m = g_variant_type_next (m))
    if (fixed_size (m) == 0 && i + 1 < n)
      n_framed++;
  if (n_framed * osize > size || !offsets_minimal (size, n_framed, osize))
    return FALSE;
  gsize data_end = size - n_framed * osize; /* where the framing offsets start */

  m = g_variant_type_first (type);
  for (gsize i = 0; i < n; i++, m = g_variant_type_next (m))
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (value, i);
      gsize start = round_up (pos, alignment (m));
      gsize end;

      if (start > data_end || !zero (data, pos, start))
        return FALSE;
      if (fixed_size (m) > 0)
        end = start + fixed_size (m);
      else if (i + 1 == n)
        end = data_end;
      else
        {
          used++;
          end = read_offset (data + size - used * osize, osize);
        }
      if (end < start || end > data_end || !child_at (child, data, start, end - start)
          || !check (child, depth + 1))
        return FALSE;
      pos = end;
    }

  gsize fixed = fixed_size (type);
  if (fixed > 0)
    return size == fixed && zero (data, pos, size);
  return pos == data_end;
}

static gboolean
check_array (GVariant *value, const guint8 *data, gsize size, guint depth)
{
  const GVariantType *element = g_variant_type_element (g_variant_get_type (value));
  gsize element_size = fixed_size (element);
  gsize n = g_variant_n_children (value);

  if (numeric_size (g_variant_type_peek_string (element)[0]) > 0)
    return size % element_size == 0;

  if (element_size > 0)
    {
      if (size % element_size != 0 || n != size / element_size)
        return FALSE;
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr (GVariant) child = g_variant_get_child_value (value, i);
          if (!child_at (child, data, i * element_size, element_size) || !check (child, depth + 1))
            return FALSE;
        }
      return TRUE;
    }

  if (size == 0)
    return n == 0;
  gsize osize = offset_size (size);
  gsize data_end = read_offset (data + size - osize, osize);
  if (data_end > size || (size - data_end) % osize != 0 || (size - data_end) / osize != n
      || !offsets_minimal (size, n, osize))
    return FALSE;

  gsize pos = 0;
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (value, i);
      gsize start = round_up (pos, alignment (element));
      gsize end = read_offset (data + data_end + i * osize, osize);

      if (start > end || end > data_end || !zero (data, pos, start)
          || !child_at (child, data, start, end - start) || !check (child, depth + 1))
        return FALSE;
      pos = end;
    }
  return pos == data_end;
}

static gboolean
check_variant (GVariant *value, const guint8 *data, gsize size, guint depth)
{
  g_autoptr (GVariant) child = g_variant_get_variant (value);
  const char *type = g_variant_get_type_string (child);
  gsize child_size = g_variant_get_size (child);
  gsize type_len = strlen (type);

  return child_size + 1 + type_len == size && child_at (child, data, 0, child_size) && data[child_size] == 0
         && memcmp (data + child_size + 1, type, type_len) == 0 && check (child, depth + 1);
}

static gboolean
check (GVariant *value, guint depth)
{
  const GVariantType *type = g_variant_get_type (value);

  if (depth > MAX_DEPTH)
    return FALSE;
  if (!g_variant_is_container (value) || !worth_walking (type))
    return g_variant_is_normal_form (value);

  gsize size = g_variant_get_size (value);
  const guint8 *data = g_variant_get_data (value);
  if (size == 0)
    return g_variant_is_normal_form (value); /* cheap, and GLib may give no data pointer */
  if (data == NULL)
    return FALSE;
  /* An empty value may have no data at all; arithmetic on NULL, even
   * adding 0, is undefined (UBSan stops on it). */
  if (data == NULL)
    data = (const guint8 *) "";

  switch (g_variant_type_peek_string (type)[0])
    {
      case 'v':
        return check_variant (value, data, size, depth);
      case 'a':
        return check_array (value, data, size, depth);
      case '(':
      case '{':
        return check_tuple (value, data, size, depth);
      default:
        return g_variant_is_normal_form (value);
    }
}

/**
 * bridge_variant_is_normal_form:
 * @value: a serialized value, usually loaded untrusted
 *
 * Returns: what g_variant_is_normal_form() would, in time linear in the
 *   number of containers rather than of array elements
 */
gboolean
bridge_variant_is_normal_form (GVariant *value)
{
  return check (value, 0);
}

/* ---- sending big bodies without serialising them whole ---- */

static void
gather_small (BridgeGather *g, const guint8 *data, gsize len)
{
  BridgeGatherPiece *last
      = g->pieces->len > 0 ? &g_array_index (g->pieces, BridgeGatherPiece, g->pieces->len - 1) : NULL;

  if (len == 0)
    return;
  if (last == NULL || last->data != NULL)
    {
      BridgeGatherPiece piece = { NULL, g->small->len, 0 };

      g_array_append_val (g->pieces, piece);
      last = &g_array_index (g->pieces, BridgeGatherPiece, g->pieces->len - 1);
    }
  g_byte_array_append (g->small, data, (guint) len);
  last->len += len;
  g->size += len;
}

static void
gather_pad (BridgeGather *g, gsize start, gsize align)
{
  static const guint8 zeros[8] = { 0 };

  gather_small (g, zeros, round_up (g->size - start, align) - (g->size - start));
}

static void
gather_value (BridgeGather *g, GVariant *value, gsize big)
{
  const GVariantType *type = g_variant_get_type (value);
  const char c = g_variant_type_peek_string (type)[0];
  gsize size = g_variant_get_size (value);

  if (size < big)
    gather_small (g, g_variant_get_data (value), size);
  else if (c == '(' || c == '{')
    {
      /* GVariant tuple framing (PROTOCOL.md section 12): each child at its
       * alignment, then the ends of the variable-size children but the
       * last, in reverse order, in the smallest width that fits all. */
      gsize start = g->size, n = g_variant_n_children (value), n_offsets = 0, osize = 1;
      g_autofree gsize *ends = g_new (gsize, n);

      for (gsize i = 0; i < n; i++)
        {
          g_autoptr (GVariant) child = g_variant_get_child_value (value, i);

          gather_pad (g, start, alignment (g_variant_get_type (child)));
          gather_value (g, child, big);
          if (i + 1 < n && fixed_size (g_variant_get_type (child)) == 0)
            ends[n_offsets++] = g->size - start;
        }
      while (osize < 8 && offset_size (g->size - start + n_offsets * osize) > osize)
        osize *= 2;
      for (gsize i = n_offsets; i-- > 0;)
        {
          guint8 le[8];

          for (gsize b = 0; b < osize; b++)
            le[b] = (guint8) (ends[i] >> (8 * b));
          gather_small (g, le, osize);
        }
    }
  else if (c == 'v')
    {
      g_autoptr (GVariant) child = g_variant_get_variant (value);
      const char *child_type = g_variant_get_type_string (child);

      gather_value (g, child, big);
      gather_small (g, (const guint8 *) "", 1);
      gather_small (g, (const guint8 *) child_type, strlen (child_type));
    }
  else
    {
      BridgeGatherPiece piece = { g_variant_get_data (value), 0, size };

      g_ptr_array_add (g->owners, g_variant_ref (value));
      g_array_append_val (g->pieces, piece);
      g->size += size;
    }
}

void
bridge_variant_gather (GVariant *value, gsize big, BridgeGather *gather)
{
  gather->small = g_byte_array_new ();
  gather->pieces = g_array_new (FALSE, FALSE, sizeof (BridgeGatherPiece));
  gather->owners = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  gather->size = 0;
  gather_value (gather, value, MAX (big, 1));
  g_assert (gather->size == g_variant_get_size (value));
}

void
bridge_gather_clear (BridgeGather *gather)
{
  g_clear_pointer (&gather->small, g_byte_array_unref);
  g_clear_pointer (&gather->pieces, g_array_unref);
  g_clear_pointer (&gather->owners, g_ptr_array_unref);
}
