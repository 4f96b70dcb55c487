/* test-message.c: the header codec and body validation, byte by byte
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-test-util.h"
#include "bridge-message-private.h"

#include <string.h>

static void
encode (BridgeMessageType type,
        guint32 serial,
        guint32 reply_serial,
        guint32 body_size,
        guint16 n_fds,
        guint8 out[BRIDGE_HEADER_SIZE])
{
  BridgeHeader h = { BRIDGE_PROTOCOL_VERSION, type, 0, serial, reply_serial, body_size, n_fds };
  bridge_header_encode (&h, out);
}

START_TEST (test_header_layout)
{
  guint8 buf[BRIDGE_HEADER_SIZE];
  static const guint8 expected[BRIDGE_HEADER_SIZE] = {
    'L',  'B',  'R',  'G',  1, 3, 0, 0, /* magic, version, REPLY, flags */
    0x04, 0x03, 0x02, 0x01,             /* serial 0x01020304, little-endian */
    0x07, 0,    0,    0,                /* reply serial 7 */
    0x00, 0x01, 0,    0,                /* body size 256 */
    2,    0,    0,    0,                /* 2 fds, reserved */
  };

  encode (BRIDGE_MESSAGE_REPLY, 0x01020304, 7, 256, 2, buf);
  ck_assert_msg (memcmp (buf, expected, sizeof buf) == 0, "header bytes differ from PROTOCOL.md");
}
END_TEST

START_TEST (test_header_round_trip)
{
  guint8 buf[BRIDGE_HEADER_SIZE];
  BridgeHeader h;
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;

  encode (BRIDGE_MESSAGE_CALL, 42, 0, 1000, 3, buf);
  ck_assert_msg (bridge_header_decode (buf, &h, &reason, &error), "decode: %s", error ? error->message : "");
  ck_assert_uint_eq (h.type, BRIDGE_MESSAGE_CALL);
  ck_assert_uint_eq (h.serial, 42);
  ck_assert_uint_eq (h.body_size, 1000);
  ck_assert_uint_eq (h.n_fds, 3);
}
END_TEST

/* Each row: a change to a valid CALL header, and what the decoder says. */
static const struct
{
  const char *what;
  guint offset;
  guint8 value;
  const char *message;
} bad_headers[] = {
  { "bad magic", 0, 'X', "bad magic" },
  { "unknown version", 4, 2, "unsupported protocol version 2" },
  { "version zero", 4, 0, "unsupported protocol version 0" },
  { "unknown type", 5, 7, "unknown message type 7" },
  { "type zero", 5, 0, "unknown message type 0" },
  { "unknown flag", 7, 0x80, "unknown flags" },
  { "reserved byte", 22, 1, "reserved header bytes" },
  { "serial zero", 8, 0, "serial 0 is reserved" },
  { "reply serial on a call", 12, 5, "CALL message with reply serial 5" },
};

/* PROTOCOL.md §2.1 (reserved bytes 0, reply_serial 0 on a CALL), §2.3 (reserved flags 0). */
START_TEST (test_header_rejects)
{
  guint8 buf[BRIDGE_HEADER_SIZE];
  BridgeHeader h;
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;

  encode (BRIDGE_MESSAGE_CALL, 1, 0, 16, 0, buf);
  buf[bad_headers[_i].offset] = bad_headers[_i].value;
  ck_assert_msg (!bridge_header_decode (buf, &h, &reason, &error), "%s accepted", bad_headers[_i].what);
  ck_assert_int_eq (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION);
  ck_assert_msg (strstr (error->message, bad_headers[_i].message) != NULL, "%s: message '%s' lacks '%s'",
                 bad_headers[_i].what, error->message, bad_headers[_i].message);
}
END_TEST

/* PROTOCOL.md §2.2, §6: HELLO, ERROR and BYE declare 0 fds; the others may
 * declare some. */
START_TEST (test_header_fds_only_where_allowed)
{
  static const struct
  {
    BridgeMessageType type;
    gboolean fds_allowed;
  } types[] = {
    { BRIDGE_MESSAGE_HELLO, FALSE }, { BRIDGE_MESSAGE_CALL, TRUE },  { BRIDGE_MESSAGE_REPLY, TRUE },
    { BRIDGE_MESSAGE_ERROR, FALSE }, { BRIDGE_MESSAGE_EVENT, TRUE }, { BRIDGE_MESSAGE_BYE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      guint8 buf[BRIDGE_HEADER_SIZE];
      BridgeHeader h;
      BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
      g_autoptr (GError) error = NULL;
      gboolean reply = types[i].type == BRIDGE_MESSAGE_REPLY || types[i].type == BRIDGE_MESSAGE_ERROR;

      encode (types[i].type, 1, reply ? 1 : 0, 16, 1, buf);
      gboolean ok = bridge_header_decode (buf, &h, &reason, &error);
      ck_assert_msg (ok == types[i].fds_allowed, "type %d with 1 fd: %s", types[i].type,
                     error ? error->message : "accepted");
      if (!ok)
        {
          ck_assert_int_eq (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION);
          ck_assert_msg (strstr (error->message, "may not carry fds") != NULL, "%s", error->message);
        }
    }
}
END_TEST

/* The CALL of docs/PROTOCOL.md section 3.3, byte for byte. */
START_TEST (test_protocol_example_call)
{
  static const guint8 expected[] = {
    0x4c, 0x42, 0x52, 0x47, 0x01, 0x02, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x27, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x6f, 0x72, 0x67, 0x2e, 0x65, 0x78, 0x61, 0x6d,
    0x70, 0x6c, 0x65, 0x2e, 0x43, 0x6c, 0x6f, 0x63, 0x6b, 0x31, 0x00, 0x41, 0x64, 0x64, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0x28, 0x69, 0x69, 0x29, 0x17, 0x13,
  };
  g_autoptr (GVariant) body = g_variant_ref_sink (
      g_variant_new ("(ssv)", "org.example.Clock1", "Add", g_variant_new ("(ii)", 2, 40)));
  guint8 frame[sizeof expected];

  encode (BRIDGE_MESSAGE_CALL, 2, 0, g_variant_get_size (body), 0, frame);
  ck_assert_uint_eq (g_variant_get_size (body) + BRIDGE_HEADER_SIZE, sizeof expected);
  memcpy (frame + BRIDGE_HEADER_SIZE, g_variant_get_data (body), g_variant_get_size (body));
  ck_assert_msg (memcmp (frame, expected, sizeof expected) == 0, "CALL example differs from PROTOCOL.md");
}
END_TEST

static GBytes *
serialize (GVariant *value)
{
  g_autoptr (GVariant) owned = g_variant_ref_sink (value);
  return g_variant_get_data_as_bytes (owned);
}

START_TEST (test_body_valid)
{
  BridgeCloseReason reason;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes
      = serialize (g_variant_new ("(ssv)", "org.example.Clock1", "Add", g_variant_new ("(ii)", 2, 3)));
  g_autoptr (GVariant) body = bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error);

  ck_assert_msg (body != NULL, "%s", error ? error->message : "");
  ck_assert_str_eq (g_variant_get_type_string (body), "(ssv)");
}
END_TEST

/* PROTOCOL.md §3: bodies are untrusted and checked for normal form. */
START_TEST (test_body_not_normal_form)
{
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;
  /* "(ssv)" whose framing offsets point past the end. */
  static const guint8 junk[] = { 'a', 0, 'b', 0, 0xff, 0xff, 0xff, 0x40, 0x30 };
  g_autoptr (GBytes) bytes = g_bytes_new_static (junk, sizeof junk);
  g_autoptr (GVariant) body = bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error);

  ck_assert (body == NULL);
  ck_assert_int_eq (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION);
  ck_assert_msg (strstr (error->message, "normal form") != NULL, "%s", error->message);
}
END_TEST

/* PROTOCOL.md §3: names and argument types are checked before use. */
START_TEST (test_body_bad_names_and_args)
{
  BridgeCloseReason reason;
  GError *error = NULL;
  GBytes *bytes;

  bytes = serialize (g_variant_new ("(ssv)", "bad name!", "M", g_variant_new ("()")));
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_EVENT, bytes, 64, &reason, &error) == NULL);
  ck_assert_msg (strstr (error->message, "invalid interface") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_bytes_unref (bytes);

  bytes = serialize (g_variant_new ("(ssv)", "a.b", "M", g_variant_new_int32 (4)));
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error) == NULL);
  ck_assert_msg (strstr (error->message, "not a tuple") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_bytes_unref (bytes);

  bytes = serialize (g_variant_new ("(sis)", "", 1, "x"));
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_ERROR, bytes, 64, &reason, &error) == NULL);
  ck_assert_msg (strstr (error->message, "empty domain") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_bytes_unref (bytes);
}
END_TEST

/* The names and argument types are read straight from the serialised
 * body; across every framing-offset width (bodies under 256 bytes, under
 * 64 KiB, over) they must be what GLib's own reading gives. */
static const struct
{
  const char *iface, *member;
  gsize padding; /* bytes of an `ay` argument, to reach an offset width */
  gboolean tuple;
  gboolean ok;
} name_cases[] = {
  { "a.b", "M", 0, TRUE, TRUE },
  { "org.example.Clock1", "Add", 300, TRUE, TRUE },
  { "a.b", "M", 70000, TRUE, TRUE },
  { "bad name!", "M", 0, TRUE, FALSE },
  { "a.b", "bad/member", 300, TRUE, FALSE },
  { "a.b", "M", 70000, FALSE, FALSE },
  { "a.b", "M", 300, FALSE, FALSE },
  { "x", "", 0, TRUE, FALSE },
};

START_TEST (test_body_names_each_offset_width)
{
  g_autofree guint8 *blob = g_malloc0 (name_cases[_i].padding + 1);
  GVariant *bytes = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, blob, name_cases[_i].padding, 1);
  GVariant *args = name_cases[_i].tuple ? g_variant_new ("(@ay)", bytes) : bytes;
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) serialized
      = serialize (g_variant_new ("(ssv)", name_cases[_i].iface, name_cases[_i].member, args));
  g_autoptr (GVariant) body = bridge_message_load_body (BRIDGE_MESSAGE_CALL, serialized, 64, &reason, &error);
  const char *iface, *member;
  g_autoptr (GVariant) inner = NULL;

  ck_assert_msg ((body != NULL) == name_cases[_i].ok, "case %d: %s", _i, error ? error->message : "accepted");
  if (body == NULL)
    {
      ck_assert_int_eq (reason, BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION);
      return;
    }
  g_variant_get (body, "(&s&sv)", &iface, &member, &inner);
  ck_assert_str_eq (iface, name_cases[_i].iface);
  ck_assert_str_eq (member, name_cases[_i].member);
  ck_assert_str_eq (g_variant_get_type_string (inner), "(ay)");

  /* And the same value as a REPLY, (v). */
  g_autoptr (GBytes) reply = serialize (g_variant_new ("(v)", inner));
  g_autoptr (GVariant) reply_body
      = bridge_message_load_body (BRIDGE_MESSAGE_REPLY, reply, 64, &reason, &error);
  ck_assert_msg (reply_body != NULL, "case %d reply: %s", _i, error ? error->message : "");
}
END_TEST

/* The fast normal-form check (numeric arrays by length, containers by
 * rebuilding) must still catch what GLib's would. */
static GVariant *
call_holding (GVariant *args)
{
  return g_variant_new ("(ssv)", "a.b", "M", args);
}

static GVariant *
untrusted (const char *type, const void *data, gsize size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  return g_variant_new_from_bytes (G_VARIANT_TYPE (type), bytes, FALSE);
}

/* PROTOCOL.md §12: normal form is checked inside containers too. */
START_TEST (test_body_normal_form_inside_arrays)
{
  static const guint8 five[] = { 1, 2, 3, 4, 5 };
  static const guint8 bad_bool[] = { 7, 2 };
  BridgeCloseReason reason;
  GError *error = NULL;
  g_autofree guint8 *big = g_malloc0 (100000);
  GBytes *bytes;
  GVariant *body;

  /* A big byte array is fine... */
  bytes = serialize (call_holding (
      g_variant_new ("(@ays)", g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, big, 100000, 1), "tail")));
  body = bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error);
  ck_assert_msg (body != NULL, "%s", error ? error->message : "");
  g_variant_unref (body);

  /* ... but not with a framing offset that lies about where it ends. */
  gsize size = g_bytes_get_size (bytes);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), size);
  g_bytes_unref (bytes);
  copy[size - 1] ^= 0x01; /* the (ssv) offsets are last: bend the first */
  bytes = g_bytes_new (copy, size);
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error) == NULL);
  ck_assert_msg (strstr (error->message, "normal form") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_bytes_unref (bytes);

  /* Five bytes are no array of int32. */
  bytes = serialize (call_holding (g_variant_new_tuple ((GVariant *[]){ untrusted ("ai", five, 5) }, 1)));
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error) == NULL);
  ck_assert_msg (strstr (error->message, "normal form") != NULL, "%s", error->message);
  g_clear_error (&error);
  g_bytes_unref (bytes);

  /* A boolean of 2 beside a byte array. */
  GVariant *members[]
      = { g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, big, 16, 1), untrusted ("(yb)", bad_bool, 2) };
  bytes = serialize (call_holding (g_variant_new_tuple (members, 2)));
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_CALL, bytes, 64, &reason, &error) == NULL);
  g_clear_error (&error);
  g_bytes_unref (bytes);
}
END_TEST

static GVariant *
nested (guint depth)
{
  GVariant *v = g_variant_new_int32 (1);
  for (guint i = 0; i < depth; i++)
    v = g_variant_new_tuple (&v, 1);
  return v;
}

START_TEST (test_body_nesting_limit)
{
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  GError *error = NULL;
  /* The body (ssv) and its variant add two levels to the argument tuple. */
  g_autoptr (GBytes) ok = serialize (g_variant_new ("(ssv)", "a.b", "M", nested (62)));
  g_autoptr (GBytes) deep = serialize (g_variant_new ("(ssv)", "a.b", "M", nested (63)));
  g_autoptr (GVariant) body = bridge_message_load_body (BRIDGE_MESSAGE_CALL, ok, 64, &reason, &error);

  ck_assert_msg (body != NULL, "depth 64 refused: %s", error ? error->message : "");
  ck_assert (bridge_message_load_body (BRIDGE_MESSAGE_CALL, deep, 64, &reason, &error) == NULL);
  ck_assert_int_eq (reason, BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED);
  g_clear_error (&error);
}
END_TEST

START_TEST (test_names)
{
  ck_assert (bridge_name_is_valid ("org.libbridge.Video1"));
  ck_assert (bridge_name_is_valid ("a-b_c"));
  ck_assert (!bridge_name_is_valid (""));
  ck_assert (!bridge_name_is_valid ("a b"));
  ck_assert (!bridge_name_is_valid ("a/b"));
  g_autofree char *long_name = g_strnfill (256, 'x');
  ck_assert (!bridge_name_is_valid (long_name));
  long_name[255] = '\0';
  ck_assert (bridge_name_is_valid (long_name));
}
END_TEST

static Suite *
message_suite (void)
{
  Suite *s = suite_create ("message");
  TCase *tc = tcase_create ("header");

  tcase_add_test (tc, test_header_layout);
  tcase_add_test (tc, test_header_round_trip);
  tcase_add_loop_test (tc, test_header_rejects, 0, G_N_ELEMENTS (bad_headers));
  tcase_add_test (tc, test_header_fds_only_where_allowed);
  tcase_add_test (tc, test_protocol_example_call);
  suite_add_tcase (s, tc);

  tc = tcase_create ("body");
  tcase_add_test (tc, test_body_valid);
  tcase_add_test (tc, test_body_not_normal_form);
  tcase_add_test (tc, test_body_bad_names_and_args);
  tcase_add_loop_test (tc, test_body_names_each_offset_width, 0, G_N_ELEMENTS (name_cases));
  tcase_add_test (tc, test_body_nesting_limit);
  tcase_add_test (tc, test_body_normal_form_inside_arrays);
  tcase_add_test (tc, test_names);
  suite_add_tcase (s, tc);
  return s;
}

BRIDGE_TEST_MAIN (message_suite)
