/* bridge-plugin-info.c: what a plugin manifest says
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "bridge-plugin-info.h"

#include "bridge-error.h"
#include "bridge-message-private.h"
#include "bridge-plugin-info-private.h"

#include <string.h>

/**
 * BridgePluginInfo:
 *
 * The parsed manifest of one plugin (docs/PROTOCOL.md, 10.1 "Manifests").
 *
 * A manifest is a key file with a `[Plugin]` group:
 *
 * ```
 * [Plugin]
 * Name=clock
 * Description=Tells the time
 * Exec=clock-plugin --verbose
 * Interfaces=org.libbridge.example.Clock1;
 * Version=1.0
 * ```
 *
 * `Name`, `Exec` and `Interfaces` are required. `Exec` is a command line
 * parsed like a shell would (g_shell_parse_argv()); a program given as a
 * relative path with a slash (`./clock-plugin`, `bin/clock-plugin`) is
 * resolved against the manifest's directory, a bare program name is looked
 * up in `PATH` when the plugin starts.
 *
 * What the manifest says is also readable as properties, which notify
 * when they change: a #BridgeRegistry keeps one object per plugin name
 * and updates it in place when its manifest changes, and sets
 * #BridgePluginInfo:live as the plugin's socket comes and goes. So the
 * strings the getters return are valid until the property changes: copy
 * what you keep across main loop iterations.
 *
 * Since: 0.1
 */

/* A manifest is a few lines; anything bigger is not one. */
#define MANIFEST_MAX_SIZE (64 * 1024)

#define PLUGIN_GROUP "Plugin"

struct _BridgePluginInfo
{
  GObject parent_instance;

  char *path;
  char *name;
  char *description;
  char *version;
  char *exec;
  char **argv;
  char **interfaces;
  gboolean live;
};

enum
{
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_VERSION,
  PROP_EXEC,
  PROP_INTERFACES,
  PROP_MANIFEST_PATH,
  PROP_LIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (BridgePluginInfo, bridge_plugin_info, G_TYPE_OBJECT)

static void
bridge_plugin_info_finalize (GObject *object)
{
  BridgePluginInfo *self = BRIDGE_PLUGIN_INFO (object);

  g_free (self->path);
  g_free (self->name);
  g_free (self->description);
  g_free (self->version);
  g_free (self->exec);
  g_strfreev (self->argv);
  g_strfreev (self->interfaces);

  G_OBJECT_CLASS (bridge_plugin_info_parent_class)->finalize (object);
}

static void
bridge_plugin_info_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BridgePluginInfo *self = BRIDGE_PLUGIN_INFO (object);

  switch (prop_id)
    {
      case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
      case PROP_DESCRIPTION:
        g_value_set_string (value, self->description);
        break;
      case PROP_VERSION:
        g_value_set_string (value, self->version);
        break;
      case PROP_EXEC:
        g_value_set_string (value, self->exec);
        break;
      case PROP_INTERFACES:
        g_value_set_boxed (value, self->interfaces);
        break;
      case PROP_MANIFEST_PATH:
        g_value_set_string (value, self->path);
        break;
      case PROP_LIVE:
        g_value_set_boolean (value, self->live);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bridge_plugin_info_class_init (BridgePluginInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = bridge_plugin_info_finalize;
  object_class->get_property = bridge_plugin_info_get_property;

  /**
   * BridgePluginInfo:name:
   *
   * The plugin's unique name (`Name`). It never changes: a registry keeps
   * one object per name.
   *
   * Since: 0.1
   */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  /**
   * BridgePluginInfo:description:
   *
   * The human-readable description (`Description`), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  /**
   * BridgePluginInfo:version:
   *
   * The plugin's version (`Version`), or %NULL.
   *
   * Since: 0.1
   */
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  /**
   * BridgePluginInfo:exec:
   *
   * The command line that starts the plugin (`Exec`).
   *
   * Since: 0.1
   */
  properties[PROP_EXEC] = g_param_spec_string ("exec", NULL, NULL, NULL, flags);
  /**
   * BridgePluginInfo:interfaces:
   *
   * The interfaces the plugin says it implements (`Interfaces`).
   *
   * Since: 0.1
   */
  properties[PROP_INTERFACES] = g_param_spec_boxed ("interfaces", NULL, NULL, G_TYPE_STRV, flags);
  /**
   * BridgePluginInfo:manifest-path:
   *
   * The absolute path of the manifest, or %NULL if it was parsed from data
   * without a path. It changes when a manifest earlier on the search path
   * takes over the name, or the winner goes away and a later one takes
   * over.
   *
   * Since: 0.1
   */
  properties[PROP_MANIFEST_PATH] = g_param_spec_string ("manifest-path", NULL, NULL, NULL, flags);
  /**
   * BridgePluginInfo:live:
   *
   * Whether an instance of the plugin listens on its socket under
   * `$XDG_RUNTIME_DIR/libbridge` (see bridge_registry_is_live()). Kept up
   * to date for the plugins of a #BridgeRegistry, which watches that
   * folder; always %FALSE for an info made by
   * bridge_plugin_info_new_from_file() or bridge_plugin_info_new_from_data().
   *
   * Since: 0.1
   */
  properties[PROP_LIVE] = g_param_spec_boolean ("live", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bridge_plugin_info_init (BridgePluginInfo *self)
{
}

/* Takes @value into *@field and notifies @prop if it differs. */
static void
update_string (BridgePluginInfo *self, char **field, char *value, int prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Private (bridge-plugin-info-private.h). */
void
bridge_plugin_info_update (BridgePluginInfo *self, BridgePluginInfo *from)
{
  g_return_if_fail (BRIDGE_IS_PLUGIN_INFO (self));
  g_return_if_fail (BRIDGE_IS_PLUGIN_INFO (from));
  g_return_if_fail (g_strcmp0 (self->name, from->name) == 0);

  g_object_freeze_notify (G_OBJECT (self));
  update_string (self, &self->path, g_strdup (from->path), PROP_MANIFEST_PATH);
  update_string (self, &self->description, g_strdup (from->description), PROP_DESCRIPTION);
  update_string (self, &self->version, g_strdup (from->version), PROP_VERSION);
  update_string (self, &self->exec, g_strdup (from->exec), PROP_EXEC);
  /* The argv follows Exec, and the manifest's folder for a relative one. */
  g_strfreev (self->argv);
  self->argv = g_strdupv (from->argv);
  if (!g_strv_equal ((const char *const *) self->interfaces, (const char *const *) from->interfaces))
    {
      g_strfreev (self->interfaces);
      self->interfaces = g_strdupv (from->interfaces);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERFACES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Private (bridge-plugin-info-private.h). */
void
bridge_plugin_info_set_live (BridgePluginInfo *self, gboolean live)
{
  g_return_if_fail (BRIDGE_IS_PLUGIN_INFO (self));

  live = !!live;
  if (self->live == live)
    return;
  self->live = live;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

/* GKeyFile does not say where a key was, so find its line ourselves for
 * the error message: the first "key=" (or "key =") line inside [Plugin].
 * Returns 0 when the key is not there. */
static int
find_key_line (const char *data, gsize length, const char *key)
{
  g_auto (GStrv) lines = NULL;
  g_autofree char *copy = g_strndup (data, length);
  gboolean in_group = FALSE;
  gsize key_len = strlen (key);

  lines = g_strsplit (copy, "\n", -1);
  for (int i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      while (*line == ' ' || *line == '\t')
        line++;
      if (*line == '[')
        {
          in_group = g_str_has_prefix (line, "[" PLUGIN_GROUP "]");
          continue;
        }
      if (!in_group || strncmp (line, key, key_len) != 0)
        continue;
      line += key_len;
      while (*line == ' ' || *line == '\t')
        line++;
      if (*line == '=')
        return i + 1;
    }
  return 0;
}

static gboolean
prefix_loads (const char *data, gsize length)
{
  g_autoptr (GKeyFile) keyfile = g_key_file_new ();

  return g_key_file_load_from_data (keyfile, data, length, G_KEY_FILE_NONE, NULL);
}

/* GKeyFile's parse errors quote the bad line but do not number it. Parse
 * errors are about one line each, so the first bad line is the shortest
 * failing prefix: find it by bisection. Returns 0 if that fails. */
static int
find_parse_error_line (const char *data, gsize length)
{
  g_autoptr (GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  guint good = 0, bad;

  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n')
      {
        gsize end = i + 1;
        g_array_append_val (ends, end);
      }
  if (length > 0 && data[length - 1] != '\n')
    g_array_append_val (ends, length);

  /* Invariant: the first good lines load, the first bad lines do not. */
  bad = ends->len;
  if (bad == 0 || prefix_loads (data, length))
    return 0;
  while (bad - good > 1)
    {
      guint mid = good + (bad - good) / 2;

      if (prefix_loads (data, g_array_index (ends, gsize, mid - 1)))
        good = mid;
      else
        bad = mid;
    }
  return (int) bad;
}

/* Sets a BAD_MANIFEST error about @key, with the key's line if found. */
static void G_GNUC_PRINTF (6, 7) set_key_error (GError **error,
                                                const char *data,
                                                gsize length,
                                                const char *display,
                                                const char *key,
                                                const char *format,
                                                ...)
{
  g_autofree char *message = NULL;
  int line = find_key_line (data, length, key);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST, "%s line %d: %s", display, line, message);
  else
    g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST, "%s: %s", display, message);
}

/* A name (docs/PROTOCOL.md, 3.1) that can also be a file name under
 * $XDG_RUNTIME_DIR/libbridge. */
static gboolean
plugin_name_is_valid (const char *name)
{
  return bridge_name_is_valid (name) && strcmp (name, ".") != 0 && strcmp (name, "..") != 0;
}

/* GKeyFile's own unescaping (GLib 2.74) sets a GError twice on a value
 * with a bad escape followed by a trailing backslash (`org.a\q\`), which
 * is a GLib warning and the wrong cause: check escapes first, on the raw
 * value, and say what is wrong. */
static gboolean
check_escapes (
    GKeyFile *keyfile, const char *data, gsize length, const char *display, const char *key, GError **error)
{
  g_autofree char *raw = g_key_file_get_value (keyfile, PLUGIN_GROUP, key, NULL);

  for (const char *p = raw; p != NULL && *p != '\0'; p++)
    if (*p == '\\' && (*++p == '\0' || strchr ("sntr\\;", *p) == NULL))
      {
        set_key_error (error, data, length, display, key,
                       "%s has an invalid escape sequence (a backslash must be followed by s, n, t, r, "
                       "\\ or ;)",
                       key);
        return FALSE;
      }
  return TRUE;
}

static char *
get_required_string (
    GKeyFile *keyfile, const char *data, gsize length, const char *display, const char *key, GError **error)
{
  char *value;

  if (!g_key_file_has_key (keyfile, PLUGIN_GROUP, key, NULL))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST, "%s: [" PLUGIN_GROUP "] has no %s key",
                   display, key);
      return NULL;
    }
  if (!check_escapes (keyfile, data, length, display, key, error))
    return NULL;
  /* Fails now only for text that is not UTF-8, which we must not quote. */
  value = g_key_file_get_string (keyfile, PLUGIN_GROUP, key, NULL);
  if (value == NULL)
    set_key_error (error, data, length, display, key, "%s is not valid UTF-8", key);
  return value;
}

/* Splits the Exec line and anchors a relative program path at the
 * manifest's directory. */
static char **
parse_exec (const char *exec, const char *path, GError **error)
{
  g_auto (GStrv) argv = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!g_shell_parse_argv (exec, NULL, &argv, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (argv[0][0] == '\0')
    {
      g_set_error_literal (error, G_SHELL_ERROR, G_SHELL_ERROR_EMPTY_STRING, "the program name is empty");
      return NULL;
    }

  if (!g_path_is_absolute (argv[0]) && strchr (argv[0], '/') != NULL)
    {
      g_autofree char *dir = path != NULL ? g_path_get_dirname (path) : g_get_current_dir ();
      g_autofree char *joined = g_build_filename (dir, argv[0], NULL);

      g_free (argv[0]);
      argv[0] = g_canonicalize_filename (joined, NULL);
    }
  return g_steal_pointer (&argv);
}

/**
 * bridge_plugin_info_new_from_data:
 * @data: the manifest text
 * @length: length of @data in bytes, or -1 if it is nul-terminated
 * @path: (nullable): the file the text came from; named in error messages
 *   and used to resolve a relative `Exec` program (without it, the current
 *   directory is used)
 * @error: return location for a #GError
 *
 * Parses a plugin manifest held in memory.
 *
 * Returns: (transfer full): the plugin's description, or %NULL with
 *   %BRIDGE_ERROR_BAD_MANIFEST set; the message names the file and, where
 *   it can be found, the line
 *
 * Since: 0.1
 */
BridgePluginInfo *
bridge_plugin_info_new_from_data (const char *data, gssize length, const char *path, GError **error)
{
  g_autoptr (BridgePluginInfo) self = NULL;
  g_autoptr (GKeyFile) keyfile = NULL;
  g_autoptr (GError) local_error = NULL;
  const char *display = path != NULL ? path : "<manifest>";
  gsize len;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;
  if (len > MANIFEST_MAX_SIZE)
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST,
                   "%s: %" G_GSIZE_FORMAT " bytes is too big for a manifest (at most %d)", display, len,
                   MANIFEST_MAX_SIZE);
      return NULL;
    }

  keyfile = g_key_file_new ();
  g_key_file_set_list_separator (keyfile, ';');
  if (!g_key_file_load_from_data (keyfile, data, len, G_KEY_FILE_NONE, &local_error))
    {
      int line = find_parse_error_line (data, len);

      if (line > 0)
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST, "%s line %d: %s", display, line,
                     local_error->message);
      else
        g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST, "%s: %s", display, local_error->message);
      return NULL;
    }
  if (!g_key_file_has_group (keyfile, PLUGIN_GROUP))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST, "%s: no [" PLUGIN_GROUP "] group",
                   display);
      return NULL;
    }

  self = g_object_new (BRIDGE_TYPE_PLUGIN_INFO, NULL);
  self->path = g_strdup (path);

  self->name = get_required_string (keyfile, data, len, display, "Name", error);
  if (self->name == NULL)
    return NULL;
  if (!plugin_name_is_valid (self->name))
    {
      set_key_error (error, data, len, display, "Name",
                     "Name '%s' must be 1 to 255 characters from A-Z a-z 0-9 _ . -", self->name);
      return NULL;
    }

  self->exec = get_required_string (keyfile, data, len, display, "Exec", error);
  if (self->exec == NULL)
    return NULL;
  self->argv = parse_exec (self->exec, path, &local_error);
  if (self->argv == NULL)
    {
      set_key_error (error, data, len, display, "Exec", "Exec '%s' is not a valid command line: %s",
                     self->exec, local_error->message);
      return NULL;
    }

  if (!g_key_file_has_key (keyfile, PLUGIN_GROUP, "Interfaces", NULL))
    {
      g_set_error (error, BRIDGE_ERROR, BRIDGE_ERROR_BAD_MANIFEST,
                   "%s: [" PLUGIN_GROUP "] has no Interfaces key", display);
      return NULL;
    }
  if (!check_escapes (keyfile, data, len, display, "Interfaces", error))
    return NULL;
  self->interfaces = g_key_file_get_string_list (keyfile, PLUGIN_GROUP, "Interfaces", NULL, NULL);
  if (self->interfaces == NULL)
    {
      set_key_error (error, data, len, display, "Interfaces", "Interfaces is not valid UTF-8");
      return NULL;
    }
  if (self->interfaces[0] == NULL)
    {
      set_key_error (error, data, len, display, "Interfaces", "Interfaces lists no interface");
      return NULL;
    }
  for (guint i = 0; self->interfaces[i] != NULL; i++)
    {
      if (!bridge_name_is_valid (self->interfaces[i]))
        {
          set_key_error (error, data, len, display, "Interfaces",
                         "Interfaces entry '%s' must be 1 to 255 characters from A-Z a-z 0-9 _ . -",
                         self->interfaces[i]);
          return NULL;
        }
    }

  if (!check_escapes (keyfile, data, len, display, "Description", error)
      || !check_escapes (keyfile, data, len, display, "Version", error))
    return NULL;
  self->description = g_key_file_get_locale_string (keyfile, PLUGIN_GROUP, "Description", NULL, NULL);
  self->version = g_key_file_get_string (keyfile, PLUGIN_GROUP, "Version", NULL);

  return g_steal_pointer (&self);
}

/**
 * bridge_plugin_info_new_from_file:
 * @path: a manifest file, usually ending in `.plugin`
 * @error: return location for a #GError
 *
 * Reads and parses a plugin manifest.
 *
 * Returns: (transfer full): the plugin's description, or %NULL with
 *   %BRIDGE_ERROR_NOT_FOUND if the file does not exist, or
 *   %BRIDGE_ERROR_BAD_MANIFEST if it cannot be read or is malformed
 *
 * Since: 0.1
 */
BridgePluginInfo *
bridge_plugin_info_new_from_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *absolute = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, BRIDGE_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                       ? BRIDGE_ERROR_NOT_FOUND
                       : BRIDGE_ERROR_BAD_MANIFEST,
                   "%s: %s", path, local_error->message);
      return NULL;
    }

  absolute = g_canonicalize_filename (path, NULL);
  return bridge_plugin_info_new_from_data (data, length, absolute, error);
}

/**
 * bridge_plugin_info_get_name:
 * @self: a #BridgePluginInfo
 *
 * Gets the name of the plugin.
 *
 * Returns: (transfer none): the plugin's unique name (`Name`)
 *
 * Since: 0.1
 */
const char *
bridge_plugin_info_get_name (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return self->name;
}

/**
 * bridge_plugin_info_get_description:
 * @self: a #BridgePluginInfo
 *
 * Gets the description of the plugin.
 *
 * Returns: (transfer none) (nullable): the human-readable description
 *   (`Description`, localized when the manifest has a translation)
 *
 * Since: 0.1
 */
const char *
bridge_plugin_info_get_description (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return self->description;
}

/**
 * bridge_plugin_info_get_version:
 * @self: a #BridgePluginInfo
 *
 * Gets the version of the plugin.
 *
 * Returns: (transfer none) (nullable): the plugin's version (`Version`)
 *
 * Since: 0.1
 */
const char *
bridge_plugin_info_get_version (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return self->version;
}

/**
 * bridge_plugin_info_get_exec:
 * @self: a #BridgePluginInfo
 *
 * Gets the command line that starts the plugin.
 *
 * Returns: (transfer none): the command line (`Exec`) as the manifest
 *   wrote it
 *
 * Since: 0.1
 */
const char *
bridge_plugin_info_get_exec (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return self->exec;
}

/**
 * bridge_plugin_info_get_interfaces:
 * @self: a #BridgePluginInfo
 *
 * Gets the interfaces the plugin implements.
 *
 * Returns: (transfer none) (array zero-terminated=1): the interfaces the
 *   plugin says it implements (`Interfaces`), never empty
 *
 * Since: 0.1
 */
const char *const *
bridge_plugin_info_get_interfaces (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return (const char *const *) self->interfaces;
}

/**
 * bridge_plugin_info_get_path:
 * @self: a #BridgePluginInfo
 *
 * Gets the path of the manifest.
 *
 * Returns: (transfer none) (nullable): the absolute path of the manifest
 *   file (#BridgePluginInfo:manifest-path), or %NULL if it was parsed
 *   from data without a path
 *
 * Since: 0.1
 */
const char *
bridge_plugin_info_get_path (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return self->path;
}

/**
 * bridge_plugin_info_implements:
 * @self: a #BridgePluginInfo
 * @interface: an interface name, like `org.libbridge.Video1`
 *
 * Checks whether the plugin implements an interface.
 *
 * Returns: whether the manifest lists @interface
 *
 * Since: 0.1
 */
gboolean
bridge_plugin_info_implements (BridgePluginInfo *self, const char *interface)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), FALSE);
  g_return_val_if_fail (interface != NULL, FALSE);
  return g_strv_contains ((const char *const *) self->interfaces, interface);
}

/**
 * bridge_plugin_info_get_live:
 * @self: a #BridgePluginInfo
 *
 * Gets #BridgePluginInfo:live.
 *
 * Returns: whether a live instance of the plugin was last seen listening
 *
 * Since: 0.1
 */
gboolean
bridge_plugin_info_get_live (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), FALSE);
  return self->live;
}

/* Private: the parsed Exec line, program path already resolved. */
const char *const *
bridge_plugin_info_get_argv (BridgePluginInfo *self)
{
  g_return_val_if_fail (BRIDGE_IS_PLUGIN_INFO (self), NULL);
  return (const char *const *) self->argv;
}
