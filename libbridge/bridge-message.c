/* bridge-message.c: the fixed header and the checks every body passes
 *
 * Everything here works on bytes from a peer, so it trusts nothing: see
 * docs/PROTOCOL.md, "Header" and "Bodies".
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-message-private.h"
#include "bridge-error.h"
#include "bridge-limits-private.h"
#include "bridge-variant-private.h"

#include <string.h>

static inline void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static inline void
put_u32 (guint8 *p, guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
}

static inline guint16
get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

void
bridge_header_encode (const BridgeHeader *header, guint8 out[BRIDGE_HEADER_SIZE])
{
  out[0] = BRIDGE_MAGIC_0;
  out[1] = BRIDGE_MAGIC_1;
  out[2] = BRIDGE_MAGIC_2;
  out[3] = BRIDGE_MAGIC_3;
  out[4] = header->version;
  out[5] = header->type;
  put_u16 (out + 6, header->flags);
  put_u32 (out + 8, header->serial);
  put_u32 (out + 12, header->reply_serial);
  put_u32 (out + 16, header->body_size);
  put_u16 (out + 20, header->n_fds);
  put_u16 (out + 22, 0);
}

static gboolean
fail (BridgeCloseReason *reason, BridgeCloseReason why, GError **error, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

static gboolean
fail (BridgeCloseReason *reason, BridgeCloseReason why, GError **error, const char *format, ...)
{
  va_list args;

  *reason = why;
  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (BRIDGE_ERROR,
                                                why == BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED
                                                    ? BRIDGE_ERROR_LIMIT_EXCEEDED
                                                    : BRIDGE_ERROR_PROTOCOL,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* Checks what can be checked of a header on its own (PROTOCOL.md
 * "Header"); limits and serial order are the connection's business. */
gboolean
bridge_header_decode (const guint8 data[BRIDGE_HEADER_SIZE],
                      BridgeHeader *header,
                      BridgeCloseReason *reason,
                      GError **error)
{
  if (data[0] != BRIDGE_MAGIC_0 || data[1] != BRIDGE_MAGIC_1 || data[2] != BRIDGE_MAGIC_2
      || data[3] != BRIDGE_MAGIC_3)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "bad magic %02x %02x %02x %02x",
                 data[0], data[1], data[2], data[3]);

  header->version = data[4];
  header->type = data[5];
  header->flags = get_u16 (data + 6);
  header->serial = get_u32 (data + 8);
  header->reply_serial = get_u32 (data + 12);
  header->body_size = get_u32 (data + 16);
  header->n_fds = get_u16 (data + 20);

  if (header->version != BRIDGE_PROTOCOL_VERSION)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "unsupported protocol version %u",
                 header->version);
  if (header->type < BRIDGE_MESSAGE_HELLO || header->type > BRIDGE_MESSAGE_BYE)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "unknown message type %u",
                 header->type);
  if ((header->flags & ~BRIDGE_FLAGS_KNOWN) != 0)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "unknown flags 0x%04x",
                 header->flags);
  if (get_u16 (data + 22) != 0)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "reserved header bytes are not zero");
  if (header->serial == 0)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "serial 0 is reserved");
  if ((header->flags & BRIDGE_FLAG_NO_REPLY) != 0 && header->type != BRIDGE_MESSAGE_CALL)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "NO_REPLY flag on a %s message",
                 bridge_message_type_to_string (header->type));

  if (header->n_fds != 0 && header->type != BRIDGE_MESSAGE_CALL && header->type != BRIDGE_MESSAGE_REPLY
      && header->type != BRIDGE_MESSAGE_EVENT)
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "%s message may not carry fds",
                 bridge_message_type_to_string (header->type));

  gboolean is_reply = header->type == BRIDGE_MESSAGE_REPLY || header->type == BRIDGE_MESSAGE_ERROR;
  if (is_reply != (header->reply_serial != 0))
    return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "%s message with reply serial %u",
                 bridge_message_type_to_string (header->type), header->reply_serial);
  return TRUE;
}

const GVariantType *
bridge_message_body_type (BridgeMessageType type)
{
  switch (type)
    {
      case BRIDGE_MESSAGE_HELLO:
        return G_VARIANT_TYPE ("(uusasa{sv})");
      case BRIDGE_MESSAGE_CALL:
      case BRIDGE_MESSAGE_EVENT:
        return G_VARIANT_TYPE ("(ssv)");
      case BRIDGE_MESSAGE_REPLY:
        return G_VARIANT_TYPE ("(v)");
      case BRIDGE_MESSAGE_ERROR:
        return G_VARIANT_TYPE ("(sis)");
      case BRIDGE_MESSAGE_BYE:
        return G_VARIANT_TYPE ("(us)");
      default:
        g_return_val_if_reached (NULL);
    }
}

const char *
bridge_message_type_to_string (BridgeMessageType type)
{
  static const char *const names[] = { "INVALID", "HELLO", "CALL", "REPLY", "ERROR", "EVENT", "BYE" };

  return type < G_N_ELEMENTS (names) ? names[type] : "INVALID";
}

/* PROTOCOL.md "Names": 1 to 255 bytes of [A-Za-z0-9_.-]. */
gboolean
bridge_name_is_valid (const char *name)
{
  gsize len = 0;

  for (const char *p = name; *p != '\0'; p++, len++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '.' && *p != '-')
      return FALSE;
  return len > 0 && len <= BRIDGE_NAME_LENGTH_MAX;
}

/* Depth of a complete type at *p, moving *p past it (PROTOCOL.md 3,
 * "Nesting"): basic types 0, arrays and maybes one more than their element,
 * tuples and dict entries one more than their deepest member, a variant 1
 * plus what it holds (which only the value tells: *has_variant says so).
 * GLib refuses type strings nested past 128, which bounds the recursion. */
static guint
type_depth (const char **p, gboolean *has_variant)
{
  switch (*(*p)++)
    {
      case 'a':
      case 'm':
        return 1 + type_depth (p, has_variant);
      case '(':
      case '{':
        {
          guint deepest = 0;
          while (**p != ')' && **p != '}')
            {
              guint depth = type_depth (p, has_variant); /* not inside MAX(): it evaluates twice */
              deepest = MAX (deepest, depth);
            }
          (*p)++;
          return deepest + 1;
        }
      case 'v':
        *has_variant = TRUE;
        return 1;
      default:
        return 0;
    }
}

/* Depth of @value, giving up past @limit. The type says it all unless a
 * variant is inside: only then are children walked, and only those. */
static guint
variant_depth (GVariant *value, guint limit)
{
  const char *type = g_variant_get_type_string (value);
  gboolean has_variant = FALSE;
  guint depth = type_depth (&type, &has_variant);

  if (!has_variant || depth > limit)
    return depth;
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr (GVariant) inner = g_variant_get_variant (value);
      return 1 + variant_depth (inner, limit - 1);
    }

  gsize n = g_variant_n_children (value);
  for (gsize i = 0; i < n && depth <= limit; i++)
    {
      g_autoptr (GVariant) child = g_variant_get_child_value (value, i);
      guint child_depth = variant_depth (child, limit - 1);
      depth = MAX (depth, child_depth + 1);
    }
  return depth;
}

/* The framing offset @index (0: the last one) at the end of a container
 * of @size bytes in normal form (PROTOCOL.md section 12). */
static guint
offset_width (gsize size)
{
  return size <= G_MAXUINT8 ? 1 : size <= G_MAXUINT16 ? 2 : size <= G_MAXUINT32 ? 4 : 8;
}

static gsize
framing_offset (const guint8 *data, gsize size, guint index)
{
  guint width = offset_width (size);
  const guint8 *p = data + size - (gsize) width * (index + 1);
  gsize value = 0;

  for (guint i = 0; i < width; i++)
    value |= (gsize) p[i] << (8 * i);
  return value;
}

/* The type string of the serialised variant in @data[@start, @end): what
 * follows its last nul byte (normal form guarantees one). */
static const char *
variant_type_string (const guint8 *data, gsize start, gsize end, gsize *length)
{
  gsize nul = end;

  while (nul > start && data[nul - 1] != '\0')
    nul--;
  *length = end - nul;
  return (const char *) data + nul;
}

/* Reads the names and the argument type straight from the serialised
 * body, checked in normal form already: no GVariant is built for its
 * children, no format string parsed (docs/PERFORMANCE.md). */
static gboolean
check_names (BridgeMessageType type, GVariant *body, BridgeCloseReason *reason, GError **error)
{
  const guint8 *data = g_variant_get_data (body);
  gsize size = g_variant_get_size (body);
  const char *a, *b, *args_type;
  gsize type_len;

  switch (type)
    {
      case BRIDGE_MESSAGE_CALL:
      case BRIDGE_MESSAGE_EVENT:
        {
          /* (ssv): the two strings' ends are the framing offsets, the
           * variant starts 8-aligned after the second and runs up to them. */
          gsize end_a = framing_offset (data, size, 0);
          gsize end_b = framing_offset (data, size, 1);

          a = (const char *) data;
          b = (const char *) data + end_a;
          if (!bridge_name_is_valid (a) || !bridge_name_is_valid (b))
            return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error,
                         "%s names an invalid interface or member", bridge_message_type_to_string (type));
          args_type = variant_type_string (data, (end_b + 7) & ~(gsize) 7, size - 2 * offset_width (size),
                                           &type_len);
          if (args_type[0] != '(')
            return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error,
                         "%s arguments are of type %.*s, not a tuple", bridge_message_type_to_string (type),
                         (int) type_len, args_type);
          return TRUE;
        }
      case BRIDGE_MESSAGE_REPLY:
        /* (v): the variant is the whole body. */
        args_type = variant_type_string (data, 0, size, &type_len);
        if (args_type[0] != '(')
          return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error,
                       "REPLY value is of type %.*s, not a tuple", (int) type_len, args_type);
        return TRUE;
      case BRIDGE_MESSAGE_ERROR:
        g_variant_get (body, "(&si&s)", &a, NULL, &b);
        if (*a == '\0')
          return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "ERROR has an empty domain");
        return TRUE;
      case BRIDGE_MESSAGE_HELLO:
        {
          g_autoptr (GVariant) ifaces = g_variant_get_child_value (body, 3);
          gsize n = g_variant_n_children (ifaces);

          g_variant_get_child (body, 2, "&s", &a);
          if (strlen (a) > BRIDGE_NAME_LENGTH_MAX)
            return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error, "HELLO name is too long");
          if (n > BRIDGE_HELLO_INTERFACES_MAX)
            return fail (reason, BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, error,
                         "HELLO lists %" G_GSIZE_FORMAT " interfaces (at most %d)", n,
                         BRIDGE_HELLO_INTERFACES_MAX);
          b = NULL;
          for (gsize i = 0; i < n; i++, b = a)
            {
              g_variant_get_child (ifaces, i, "&s", &a);
              if (!bridge_name_is_valid (a))
                return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error,
                             "HELLO lists an invalid interface name");
              /* Sorted by byte value, each once (PROTOCOL.md 3.2). */
              if (b != NULL && strcmp (b, a) >= 0)
                return fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error,
                             "HELLO interfaces are not sorted and unique: '%s' after '%s'", a, b);
            }
          return TRUE;
        }
      case BRIDGE_MESSAGE_BYE:
        return TRUE;
      default:
        g_assert_not_reached ();
    }
}

/**
 * bridge_message_load_body:
 *
 * Loads @body as untrusted data of the type @type requires, and checks it
 * is in normal form, nested no deeper than @max_depth, and that the names
 * and argument tuples in it are well formed (PROTOCOL.md "Bodies").
 *
 * Returns: (transfer full): the body, or %NULL with @reason and @error set
 */
GVariant *
bridge_message_load_body (
    BridgeMessageType type, GBytes *body, guint max_depth, BridgeCloseReason *reason, GError **error)
{
  const GVariantType *vtype = bridge_message_body_type (type);
  g_autoptr (GVariant) untrusted = g_variant_ref_sink (g_variant_new_from_bytes (vtype, body, FALSE));

  if (!bridge_variant_is_normal_form (untrusted))
    {
      fail (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION, error,
            "%s body is not a GVariant of type %s in normal form", bridge_message_type_to_string (type),
            g_variant_get_type_string (untrusted));
      return NULL;
    }
  /* Checked once, whole: from here on the bytes are known to be in normal
   * form, and reading them as trusted spares GLib re-checking every child
   * on every access (which costs more than linear time on deep values). */
  g_autoptr (GVariant) value = g_variant_ref_sink (g_variant_new_from_bytes (vtype, body, TRUE));
  if (variant_depth (value, max_depth + 1) > max_depth)
    {
      fail (reason, BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED, error, "%s body is nested deeper than %u",
            bridge_message_type_to_string (type), max_depth);
      return NULL;
    }
  if (!check_names (type, value, reason, error))
    return NULL;
  return g_steal_pointer (&value);
}
