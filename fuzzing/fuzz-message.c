/* fuzz-message.c: the header decoder and the body loader
 *
 * Input: 24 header bytes, then a body. The header goes through
 * bridge_header_decode(); the body through bridge_message_load_body(), as
 * the type the header names (or, when the header is refused, the type its
 * sixth byte picks, so that bodies are fuzzed either way).
 *
 * Beyond "no crash": a decoded header encodes back to the same bytes, and
 * a body that loads is in normal form by GLib's own judgement too, its
 * normal form being exactly the input bytes.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "bridge-message-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
check_failure (gboolean ok, BridgeCloseReason reason, const GError *error, const char *what)
{
  if (ok)
    return;
  if (error == NULL || error->domain != BRIDGE_ERROR
      || (reason != BRIDGE_CLOSE_REASON_PROTOCOL_VIOLATION && reason != BRIDGE_CLOSE_REASON_LIMIT_EXCEEDED))
    {
      fprintf (stderr, "fuzz-message: %s failed without a proper reason (%d) and error\n", what, reason);
      abort ();
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  BridgeHeader header = { 0 };
  BridgeCloseReason reason = BRIDGE_CLOSE_REASON_NONE;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GVariant) value = NULL;
  BridgeMessageType type;
  gboolean ok;

  fuzz_init ();
  if (size < BRIDGE_HEADER_SIZE)
    return 0;

  ok = bridge_header_decode (data, &header, &reason, &error);
  check_failure (ok, reason, error, "bridge_header_decode");
  if (ok)
    {
      guint8 again[BRIDGE_HEADER_SIZE];

      bridge_header_encode (&header, again);
      if (memcmp (again, data, BRIDGE_HEADER_SIZE) != 0)
        {
          fprintf (stderr, "fuzz-message: a decoded header does not encode back to its bytes\n");
          abort ();
        }
      type = header.type;
    }
  else
    type = BRIDGE_MESSAGE_HELLO + data[5] % BRIDGE_MESSAGE_BYE;
  g_clear_error (&error);

  reason = BRIDGE_CLOSE_REASON_NONE;
  body = g_bytes_new (data + BRIDGE_HEADER_SIZE, size - BRIDGE_HEADER_SIZE);
  value = bridge_message_load_body (type, body, 64, &reason, &error);
  check_failure (value != NULL, reason, error, "bridge_message_load_body");
  if (value != NULL)
    {
      g_autoptr (GVariant) untrusted
          = g_variant_ref_sink (g_variant_new_from_bytes (bridge_message_body_type (type), body, FALSE));
      g_autoptr (GVariant) normal = NULL;
      g_autofree char *text = NULL;

      if (!g_variant_is_of_type (value, bridge_message_body_type (type)))
        {
          fprintf (stderr, "fuzz-message: a loaded body has type %s\n", g_variant_get_type_string (value));
          abort ();
        }
      /* A second opinion on libbridge's own normal-form check (a fast
       * walker, bridge-variant.c): GLib's, and the bytes GLib would
       * write for the same value. */
      if (!g_variant_is_normal_form (untrusted))
        {
          fprintf (stderr, "fuzz-message: accepted a body GLib says is not in normal form\n");
          abort ();
        }
      normal = g_variant_get_normal_form (untrusted);
      if (g_variant_get_size (normal) != g_bytes_get_size (body)
          || memcmp (g_variant_get_data (normal) ? g_variant_get_data (normal) : "",
                     data + BRIDGE_HEADER_SIZE, g_bytes_get_size (body))
                 != 0)
        {
          fprintf (stderr, "fuzz-message: an accepted body is not the normal form of its value\n");
          abort ();
        }
      /* Reads every byte of it, as a consumer of the message would. */
      text = g_variant_print (value, TRUE);
    }
  return 0;
}
