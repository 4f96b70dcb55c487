/* main.c: the libbridge video plugin
 *
 * One process per video: decoding hostile files happens here, where a
 * crash takes down only this process and the host can start another
 * (docs/VIDEO-INTERFACE.md, section 1).
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "video-sandbox.h"
#include "video-service.h"

int
main (int argc, char **argv)
{
  g_autoptr (BridgeService) service = NULL;
  g_autoptr (VideoPlayer) player = NULL;
  g_autoptr (VideoService) video = NULL;
  const char *timeout = g_getenv ("BRIDGE_VIDEO_OPEN_TIMEOUT_MS");
  gboolean help = FALSE;
  gboolean listens = g_getenv (BRIDGE_FD_ENV) == NULL;
  int status;

  for (int i = 1; i < argc; i++)
    {
      help = help || g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h");
      listens = listens || g_str_equal (argv[i], "--listen") || g_str_equal (argv[i], "-l");
    }

  gst_init (&argc, &argv);
  /* Confined before any thread starts and anything is decoded:
   * docs/ROBUSTNESS.md, "Confinement". */
  if ((status = video_sandbox_setup (listens)) != 0)
    return status;

  player = video_player_new ();
  if (timeout != NULL)
    video_player_set_open_timeout (player, (guint) g_ascii_strtoull (timeout, NULL, 10));
  service = bridge_service_new ("video");
  video = video_service_new (service, player);

  status = bridge_service_run (service, argc, argv);
  if (help && status == 0)
    g_print ("\n%s", VIDEO_SANDBOX_HELP);

  /* Stop the streaming threads before anything they use goes away. */
  g_clear_object (&video);
  g_clear_object (&player);
  return status;
}
