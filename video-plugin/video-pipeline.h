/* video-pipeline.h: GStreamer pieces shared by the player and the still grabber
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/app/gstappsink.h>

#include "video-player.h"

G_BEGIN_DECLS

GstElement *video_pipeline_new_playbin (const char *uri,
                                        gboolean with_audio,
                                        GstElement *video_sink,
                                        GstElement *audio_sink);
GstElement *video_pipeline_new_video_sink (GstElement **out_capsfilter, GstAppSink **out_appsink);
GstCaps *video_pipeline_output_caps (GstVideoFormat format, guint width, guint height, gboolean exact);
gboolean
video_pipeline_get_video_size (GstElement *playbin, guint *width, guint *height, guint *par_n, guint *par_d);
void video_pipeline_fit (guint width,
                         guint height,
                         guint par_n,
                         guint par_d,
                         guint max_width,
                         guint max_height,
                         guint *out_width,
                         guint *out_height);
gboolean video_pipeline_map_sample (GstSample *sample, GstVideoFrame *vframe, VideoFrame *frame);
gboolean video_pipeline_audio_device_works (void);
GVariant *video_pipeline_tags_to_variant (const GstTagList *tags);
GError *video_pipeline_error_from_gst (const GError *gst_error, const char *uri, GstObject *origin);
char *video_pipeline_resolve_uri (const char *uri_or_path, GError **error);

G_END_DECLS
