/* video-fd-src.c: a GStreamer source reading media from a file descriptor
 *
 * Video1.OpenFd hands the plugin local media as an fd its host opened
 * (docs/VIDEO-INTERFACE.md §6.14), so a confined plugin needs no read
 * access to the user's files (docs/ROBUSTNESS.md, "Confinement").
 * GStreamer's fdsrc would do, but it reads at the fd's file offset, which
 * every dup of the fd shares: the playback pipeline and a GetStill
 * pipeline reading the same media would move each other's position.
 * This source reads with pread() at the offsets basesrc asks for and
 * keeps no position of its own, so any number of pipelines can read one
 * file description at once. Each element dups the fd when it starts, and
 * the copy lives as long as the element reads.
 *
 * URIs: bridgefd://N, N the fd's number in this process.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "video-fd-src.h"

#include <errno.h>
#include <fcntl.h>
#include <gst/base/gstbasesrc.h>
#include <sys/stat.h>
#include <unistd.h>

#define VIDEO_TYPE_FD_SRC (video_fd_src_get_type ())
G_DECLARE_FINAL_TYPE (VideoFdSrc, video_fd_src, VIDEO, FD_SRC, GstBaseSrc)

struct _VideoFdSrc
{
  GstBaseSrc parent_instance;

  int source_fd; /* the number in the URI, not owned */
  int fd;        /* our dup while started, or -1 */
  guint64 size;
};

static void uri_handler_init (gpointer g_iface, gpointer iface_data);

G_DEFINE_FINAL_TYPE_WITH_CODE (VideoFdSrc,
                               video_fd_src,
                               GST_TYPE_BASE_SRC,
                               G_IMPLEMENT_INTERFACE (GST_TYPE_URI_HANDLER, uri_handler_init))

static GstStaticPadTemplate src_template
    = GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

static gboolean
video_fd_src_start (GstBaseSrc *base)
{
  VideoFdSrc *self = VIDEO_FD_SRC (base);
  struct stat st;

  if (self->source_fd < 0 || (self->fd = fcntl (self->source_fd, F_DUPFD_CLOEXEC, 3)) < 0)
    {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, ("No file descriptor to read media from."),
                         ("fd %d: %s", self->source_fd, g_strerror (errno)));
      return FALSE;
    }
  if (fstat (self->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      GST_ELEMENT_ERROR (self, RESOURCE, OPEN_READ, ("The file descriptor is not a regular file."),
                         ("fd %d", self->source_fd));
      close (self->fd);
      self->fd = -1;
      return FALSE;
    }
  self->size = (guint64) st.st_size;
  return TRUE;
}

static gboolean
video_fd_src_stop (GstBaseSrc *base)
{
  VideoFdSrc *self = VIDEO_FD_SRC (base);

  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  return TRUE;
}

static gboolean
video_fd_src_get_size (GstBaseSrc *base, guint64 *size)
{
  VideoFdSrc *self = VIDEO_FD_SRC (base);
  struct stat st;

  /* A file that grows (still being written) is read to its current end. */
  if (self->fd >= 0 && fstat (self->fd, &st) == 0)
    self->size = (guint64) st.st_size;
  *size = self->size;
  return TRUE;
}

static gboolean
video_fd_src_is_seekable (GstBaseSrc *base)
{
  return TRUE;
}

static GstFlowReturn
video_fd_src_fill (GstBaseSrc *base, guint64 offset, guint length, GstBuffer *buffer)
{
  VideoFdSrc *self = VIDEO_FD_SRC (base);
  GstMapInfo map;
  gsize done = 0;

  if (!gst_buffer_map (buffer, &map, GST_MAP_WRITE))
    return GST_FLOW_ERROR;
  while (done < length)
    {
      ssize_t n = pread (self->fd, map.data + done, length - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int errsv = errno;

          gst_buffer_unmap (buffer, &map);
          GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL),
                             ("pread at %" G_GUINT64_FORMAT ": %s", offset + done, g_strerror (errsv)));
          return GST_FLOW_ERROR;
        }
      if (n == 0)
        break;
      done += (gsize) n;
    }
  gst_buffer_unmap (buffer, &map);
  if (done == 0)
    return GST_FLOW_EOS;
  gst_buffer_resize (buffer, 0, (gssize) done);
  GST_BUFFER_OFFSET (buffer) = offset;
  GST_BUFFER_OFFSET_END (buffer) = offset + done;
  return GST_FLOW_OK;
}

/* --- GstURIHandler -------------------------------------------------------- */

static GstURIType
uri_get_type (GType type)
{
  return GST_URI_SRC;
}

static const char *const *
uri_get_protocols (GType type)
{
  static const char *const protocols[] = { VIDEO_FD_SRC_SCHEME, NULL };

  return protocols;
}

static char *
uri_get_uri (GstURIHandler *handler)
{
  return video_fd_src_make_uri (VIDEO_FD_SRC (handler)->source_fd);
}

static gboolean
uri_set_uri (GstURIHandler *handler, const char *uri, GError **error)
{
  VideoFdSrc *self = VIDEO_FD_SRC (handler);
  const char *number = uri + strlen (VIDEO_FD_SRC_SCHEME "://");
  guint64 fd;

  if (!g_str_has_prefix (uri, VIDEO_FD_SRC_SCHEME "://")
      || !g_ascii_string_to_unsigned (number, 10, 0, G_MAXINT, &fd, NULL))
    {
      g_set_error (error, GST_URI_ERROR, GST_URI_ERROR_BAD_URI, "%s is not %s://N", uri, VIDEO_FD_SRC_SCHEME);
      return FALSE;
    }
  self->source_fd = (int) fd;
  return TRUE;
}

static void
uri_handler_init (gpointer g_iface, gpointer iface_data)
{
  GstURIHandlerInterface *iface = g_iface;

  iface->get_type = uri_get_type;
  iface->get_protocols = uri_get_protocols;
  iface->get_uri = uri_get_uri;
  iface->set_uri = uri_set_uri;
}

/* --- GObject --------------------------------------------------------------- */

static void
video_fd_src_class_init (VideoFdSrcClass *klass)
{
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_class = GST_BASE_SRC_CLASS (klass);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "libbridge fd source", "Source/File",
                                         "Reads media from a file descriptor with pread()", "libbridge");
  base_class->start = video_fd_src_start;
  base_class->stop = video_fd_src_stop;
  base_class->get_size = video_fd_src_get_size;
  base_class->is_seekable = video_fd_src_is_seekable;
  base_class->fill = video_fd_src_fill;
}

static void
video_fd_src_init (VideoFdSrc *self)
{
  self->source_fd = -1;
  self->fd = -1;
  gst_base_src_set_format (GST_BASE_SRC (self), GST_FORMAT_BYTES);
}

/**
 * video_fd_src_register:
 *
 * Makes bridgefd:// URIs playable in this process. Call after gst_init();
 * calling it again does nothing.
 */
void
video_fd_src_register (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      gst_element_register (NULL, "bridgefdsrc", GST_RANK_PRIMARY, VIDEO_TYPE_FD_SRC);
      g_once_init_leave (&done, 1);
    }
}

/**
 * video_fd_src_make_uri:
 * @fd: a file descriptor of this process
 *
 * Returns: (transfer full): the URI that reads @fd, bridgefd://@fd
 */
char *
video_fd_src_make_uri (int fd)
{
  return g_strdup_printf (VIDEO_FD_SRC_SCHEME "://%d", fd);
}
