/* video-pipeline.c: GStreamer pieces shared by the player and the still grabber
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-pipeline.h"

#include <math.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

/* Decode with software decoders only: the same pixels on every machine,
 * and no GPU driver inside a process that parses hostile files. playsink
 * skips its own conversion (native-video); the video sink bin converts. */
#define FLAGS_WITH_AUDIO "video+audio+soft-volume+native-video+force-sw-decoders"
#define FLAGS_VIDEO_ONLY "video+native-video+force-sw-decoders"

GstElement *
video_pipeline_new_playbin (const char *uri,
                            gboolean with_audio,
                            GstElement *video_sink,
                            GstElement *audio_sink)
{
  GstElement *playbin = gst_element_factory_make ("playbin", NULL);

  if (playbin == NULL)
    return NULL;
  gst_util_set_object_arg (G_OBJECT (playbin), "flags", with_audio ? FLAGS_WITH_AUDIO : FLAGS_VIDEO_ONLY);
  g_object_set (playbin, "uri", uri, "video-sink", video_sink, NULL);
  /* Without the audio flag playbin still makes its default audio sink,
   * which probes every sound system (ALSA, OpenAL … on stderr). */
  if (audio_sink == NULL && !with_audio)
    audio_sink = gst_element_factory_make ("fakesink", NULL);
  if (audio_sink != NULL)
    g_object_set (playbin, "audio-sink", audio_sink, NULL);
  return playbin;
}

/* videoscale ! videoconvert ! capsfilter ! appsink: scaling first, so
 * conversion touches only the pixels that are kept. */
GstElement *
video_pipeline_new_video_sink (GstElement **out_capsfilter, GstAppSink **out_appsink)
{
  GstElement *bin, *scale, *convert, *filter, *sink;
  g_autoptr (GstPad) pad = NULL;

  scale = gst_element_factory_make ("videoscale", NULL);
  convert = gst_element_factory_make ("videoconvert", NULL);
  filter = gst_element_factory_make ("capsfilter", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  if (scale == NULL || convert == NULL || filter == NULL || sink == NULL)
    {
      g_clear_pointer (&scale, gst_object_unref);
      g_clear_pointer (&convert, gst_object_unref);
      g_clear_pointer (&filter, gst_object_unref);
      g_clear_pointer (&sink, gst_object_unref);
      return NULL;
    }

  /* The fit is computed exactly (video_pipeline_fit()), so borders would
   * only ever be a rounding pixel. */
  g_object_set (scale, "add-borders", FALSE, NULL);
  g_object_set (sink, "enable-last-sample", FALSE, "max-buffers", 1, NULL);

  bin = gst_bin_new ("video-output");
  gst_bin_add_many (GST_BIN (bin), scale, convert, filter, sink, NULL);
  gst_element_link_many (scale, convert, filter, sink, NULL);
  pad = gst_element_get_static_pad (scale, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));

  *out_capsfilter = filter;
  *out_appsink = GST_APP_SINK (sink);
  return bin;
}

/* Caps for pictures of exactly @width x @height. Before the video's size
 * is known (the first preroll), pass @exact FALSE: the size is then a
 * range up to the bounds, which videoscale fixates keeping the display
 * aspect ratio, usually to what video_pipeline_fit() computes. */
/* 1 to @bound (0: no bound), as a range; GStreamer refuses a range of one
 * value (a CRITICAL, fatal under G_DEBUG=fatal-criticals), so a bound of
 * 1 is the plain value. */
static void
set_size_bound (GstCaps *caps, const char *field, guint bound)
{
  int max = bound ? (int) MIN (bound, VIDEO_PLAYER_MAX_SIZE) : VIDEO_PLAYER_MAX_SIZE;

  if (max <= 1)
    gst_caps_set_simple (caps, field, G_TYPE_INT, 1, NULL);
  else
    gst_caps_set_simple (caps, field, GST_TYPE_INT_RANGE, 1, max, NULL);
}

GstCaps *
video_pipeline_output_caps (GstVideoFormat format, guint width, guint height, gboolean exact)
{
  const char *name = gst_video_format_to_string (format);

  if (!exact)
    {
      GstCaps *caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, name, NULL);

      set_size_bound (caps, "width", width);
      set_size_bound (caps, "height", height);
      gst_caps_set_simple (caps, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
      return caps;
    }
  return gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, name, "width", G_TYPE_INT, (int) width,
                              "height", G_TYPE_INT, (int) height, "pixel-aspect-ratio", GST_TYPE_FRACTION, 1,
                              1, NULL);
}

/* The decoded size of the first video stream, before our scaling. */
gboolean
video_pipeline_get_video_size (GstElement *playbin, guint *width, guint *height, guint *par_n, guint *par_d)
{
  g_autoptr (GstPad) pad = NULL;
  g_autoptr (GstCaps) caps = NULL;
  GstVideoInfo info;

  g_signal_emit_by_name (playbin, "get-video-pad", 0, &pad);
  if (pad == NULL)
    return FALSE;
  caps = gst_pad_get_current_caps (pad);
  if (caps == NULL || !gst_video_info_from_caps (&info, caps))
    return FALSE;
  *width = GST_VIDEO_INFO_WIDTH (&info);
  *height = GST_VIDEO_INFO_HEIGHT (&info);
  *par_n = MAX (GST_VIDEO_INFO_PAR_N (&info), 1);
  *par_d = MAX (GST_VIDEO_INFO_PAR_D (&info), 1);
  return *width > 0 && *height > 0;
}

/* Square-pixel size of a @width x @height video with the given pixel
 * aspect ratio, shrunk (never grown) to fit @max_width x @max_height
 * keeping its display aspect ratio. 0 means "no bound"; every result is
 * at most VIDEO_PLAYER_MAX_SIZE either way. */
void
video_pipeline_fit (guint width,
                    guint height,
                    guint par_n,
                    guint par_d,
                    guint max_width,
                    guint max_height,
                    guint *out_width,
                    guint *out_height)
{
  double dw = (double) width * par_n / par_d;
  double dh = height;
  double scale = 1.0;

  if (max_width == 0 || max_width > VIDEO_PLAYER_MAX_SIZE)
    max_width = VIDEO_PLAYER_MAX_SIZE;
  if (max_height == 0 || max_height > VIDEO_PLAYER_MAX_SIZE)
    max_height = VIDEO_PLAYER_MAX_SIZE;
  scale = MIN (scale, max_width / dw);
  scale = MIN (scale, max_height / dh);
  *out_width = CLAMP ((guint) (dw * scale + 0.5), 1, max_width);
  *out_height = CLAMP ((guint) (dh * scale + 0.5), 1, max_height);
}

/* Maps @sample for reading and describes it in @frame; unmap @vframe
 * with gst_video_frame_unmap() when done. pts is stream time: the
 * position in the media, which restarts at 0 on every loop. */
gboolean
video_pipeline_map_sample (GstSample *sample, GstVideoFrame *vframe, VideoFrame *frame)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstVideoInfo info;
  GstClockTime pts;

  if (caps == NULL || buffer == NULL || !gst_video_info_from_caps (&info, caps))
    return FALSE;
  if (!gst_video_frame_map (vframe, &info, buffer, GST_MAP_READ))
    return FALSE;

  frame->data = GST_VIDEO_FRAME_PLANE_DATA (vframe, 0);
  frame->width = GST_VIDEO_FRAME_WIDTH (vframe);
  frame->height = GST_VIDEO_FRAME_HEIGHT (vframe);
  frame->stride = GST_VIDEO_FRAME_PLANE_STRIDE (vframe, 0);
  frame->format = GST_VIDEO_FRAME_FORMAT (vframe);
  frame->size = (gsize) frame->stride * (frame->height - 1) + (gsize) frame->width * 4;

  pts = GST_BUFFER_PTS (buffer);
  if (GST_CLOCK_TIME_IS_VALID (pts) && segment != NULL && segment->format == GST_FORMAT_TIME)
    pts = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
  frame->pts = GST_CLOCK_TIME_IS_VALID (pts) ? (gint64) pts : -1;
  frame->duration = GST_BUFFER_DURATION_IS_VALID (buffer) ? (gint64) GST_BUFFER_DURATION (buffer) : -1;
  return TRUE;
}

static gboolean
element_is_fakesink (const GValue *value, GValue *unused, gpointer user_data)
{
  GstElement *child = g_value_get_object (value);
  GstElementFactory *factory = gst_element_get_factory (child);

  if (factory != NULL && g_strcmp0 (GST_OBJECT_NAME (factory), "fakesink") == 0)
    *(gboolean *) user_data = TRUE;
  return TRUE;
}

/* autoaudiosink quietly ends up in a fakesink of its own when no device
 * works; probe once so we know (and can say in GetState) what we got. */
gboolean
video_pipeline_audio_device_works (void)
{
  g_autoptr (GstElement) probe = gst_element_factory_make ("autoaudiosink", NULL);
  g_autoptr (GstIterator) it = NULL;
  gboolean fake = FALSE;

  if (probe == NULL)
    return FALSE;
  gst_object_ref_sink (probe);
  if (gst_element_set_state (probe, GST_STATE_READY) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (probe, GST_STATE_NULL);
      return FALSE;
    }
  it = gst_bin_iterate_sinks (GST_BIN (probe));
  gst_iterator_fold (it, element_is_fakesink, NULL, &fake);
  gst_element_set_state (probe, GST_STATE_NULL);
  return !fake;
}

/* The tags GVariant can carry plainly (strings, numbers, dates), as a
 * floating a{sv}. */
GVariant *
video_pipeline_tags_to_variant (const GstTagList *tags)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  for (int i = 0; tags != NULL && i < gst_tag_list_n_tags (tags); i++)
    {
      const char *tag = gst_tag_list_nth_tag_name (tags, i);
      const GValue *value = gst_tag_list_get_value_index (tags, tag, 0);
      g_autofree char *text = NULL;

      if (G_VALUE_HOLDS_STRING (value))
        {
          const char *s = g_value_get_string (value);

          if (s != NULL && g_utf8_validate (s, -1, NULL))
            g_variant_builder_add (&builder, "{sv}", tag, g_variant_new_string (s));
        }
      else if (G_VALUE_HOLDS_UINT (value))
        g_variant_builder_add (&builder, "{sv}", tag, g_variant_new_uint32 (g_value_get_uint (value)));
      else if (G_VALUE_HOLDS_INT (value))
        g_variant_builder_add (&builder, "{sv}", tag, g_variant_new_int32 (g_value_get_int (value)));
      else if (G_VALUE_HOLDS_DOUBLE (value))
        {
          /* A tag is the file's word: NaN or infinity is no number a host
           * (or JSON) can use. */
          if (isfinite (g_value_get_double (value)))
            g_variant_builder_add (&builder, "{sv}", tag, g_variant_new_double (g_value_get_double (value)));
        }
      else if (G_VALUE_HOLDS_BOOLEAN (value))
        g_variant_builder_add (&builder, "{sv}", tag, g_variant_new_boolean (g_value_get_boolean (value)));
      else if (G_VALUE_TYPE (value) == GST_TYPE_DATE_TIME
               && (text = gst_date_time_to_iso8601_string (g_value_get_boxed (value))) != NULL)
        g_variant_builder_add (&builder, "{sv}", tag, g_variant_new_string (text));
    }
  return g_variant_builder_end (&builder);
}

static gboolean
is_local (const char *uri)
{
  return g_str_has_prefix (uri, "file:") || g_str_has_prefix (uri, "bridgefd:");
}

static gboolean
is_source (GstObject *origin)
{
  return origin != NULL && GST_IS_URI_HANDLER (origin)
         && gst_uri_handler_get_uri_type (GST_URI_HANDLER (origin)) == GST_URI_SRC;
}

/* Our error for a GStreamer error posted by @origin: the code says what
 * kind of trouble (docs/VIDEO-INTERFACE.md, section 8), the message where
 * and what. */
GError *
video_pipeline_error_from_gst (const GError *gst_error, const char *uri, GstObject *origin)
{
  VideoError code = VIDEO_ERROR_FAILED;

  /* A network source that fails often says only "Internal data stream
   * error" (its flow stopped); whatever it says, the network failed. */
  if (!is_local (uri) && is_source (origin))
    code = VIDEO_ERROR_NETWORK;
  else if (gst_error->domain == GST_RESOURCE_ERROR)
    {
      if (!is_local (uri))
        code = VIDEO_ERROR_NETWORK;
      else if (gst_error->code == GST_RESOURCE_ERROR_NOT_FOUND
               || gst_error->code == GST_RESOURCE_ERROR_OPEN_READ
               || gst_error->code == GST_RESOURCE_ERROR_NOT_AUTHORIZED)
        code = VIDEO_ERROR_NOT_FOUND;
      else if (gst_error->code == GST_RESOURCE_ERROR_READ || gst_error->code == GST_RESOURCE_ERROR_SEEK)
        code = VIDEO_ERROR_DAMAGED;
    }
  else if (gst_error->domain == GST_STREAM_ERROR)
    {
      switch (gst_error->code)
        {
          case GST_STREAM_ERROR_TYPE_NOT_FOUND:
          case GST_STREAM_ERROR_WRONG_TYPE:
            code = VIDEO_ERROR_NOT_MEDIA;
            break;
          case GST_STREAM_ERROR_CODEC_NOT_FOUND:
          case GST_STREAM_ERROR_NOT_IMPLEMENTED:
            code = VIDEO_ERROR_UNSUPPORTED_CODEC;
            break;
          case GST_STREAM_ERROR_DECODE:
          case GST_STREAM_ERROR_DEMUX:
          case GST_STREAM_ERROR_FORMAT:
          case GST_STREAM_ERROR_FAILED:
            code = VIDEO_ERROR_DAMAGED;
            break;
          default:
            break;
        }
    }
  else if (gst_error->domain == GST_CORE_ERROR && gst_error->code == GST_CORE_ERROR_MISSING_PLUGIN)
    {
      code = VIDEO_ERROR_UNSUPPORTED_CODEC;
    }

  return g_error_new (VIDEO_ERROR, code, "%s: %s", uri, gst_error->message);
}

static char *
check_local_file (const char *path, GError **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  struct stat st;
  int fd;

  if (stat (absolute, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_FOUND, "cannot open %s: %s", absolute,
                   g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_MEDIA, "%s is a directory, not a media file",
                   absolute);
      return NULL;
    }
  /* A FIFO or a device would block the reader or never end. */
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_MEDIA, "%s is not a regular file", absolute);
      return NULL;
    }
  /* Opening, not access(): Landlock denies the open, not the check. */
  if ((fd = open (absolute, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)) < 0)
    {
      int saved = errno;

      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_FOUND, "cannot read %s: %s%s", absolute,
                   g_strerror (saved),
                   saved == EACCES ? " (a confined video plugin reads local media only through OpenFd, "
                                     "docs/ROBUSTNESS.md \"Confinement\")"
                                   : "");
      return NULL;
    }
  close (fd);
  if (st.st_size == 0)
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_NOT_MEDIA, "%s is empty", absolute);
      return NULL;
    }
  return g_filename_to_uri (absolute, NULL, error);
}

/* A URI for @uri_or_path (an absolute URI, or a path relative to the
 * current directory), or NULL with an error that names what is wrong. Local
 * files are checked here so the common mistakes get plain messages. */
char *
video_pipeline_resolve_uri (const char *uri_or_path, GError **error)
{
  g_autofree char *scheme = NULL;
  g_autofree char *path = NULL;

  if (uri_or_path == NULL || *uri_or_path == '\0')
    {
      g_set_error_literal (error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT, "no media location given");
      return NULL;
    }

  scheme = g_uri_parse_scheme (uri_or_path);
  if (scheme == NULL)
    return check_local_file (uri_or_path, error);

  if (g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autoptr (GError) local_error = NULL;

      path = g_filename_from_uri (uri_or_path, NULL, &local_error);
      if (path == NULL)
        {
          g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_INVALID_ARGUMENT, "invalid file URI %s: %s",
                       uri_or_path, local_error->message);
          return NULL;
        }
      return check_local_file (path, error);
    }

  if (!gst_uri_protocol_is_supported (GST_URI_SRC, scheme))
    {
      g_set_error (error, VIDEO_ERROR, VIDEO_ERROR_UNSUPPORTED_URI, "no source for URI scheme '%s' (in %s)",
                   scheme, uri_or_path);
      return NULL;
    }
  return g_strdup (uri_or_path);
}
