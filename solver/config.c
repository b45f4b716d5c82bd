/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extras-config.h"
#include "glib-compat.h"
#include "extras-error.h"

#include "config-private.h"
#include "safe-path.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#define YUM_VAR_MAX_FILE_SIZE (64 * 1024)

struct _ExtrasConfig
{
  gint ref_count;
  char *root;           /* "" for /, else absolute without a trailing slash */
  GHashTable *vars;     /* the known configuration variables: name -> value */
  GHashTable *yum_vars; /* yum variable name -> value */
};

/* The variables the original's shell wrapper exported; any other assignment
 * in a configuration file is accepted and ignored, as the wrapper did. */
static const char *const known_vars[] = {
  "CATALOGURL", "AWSDOMAIN",           "AWSREGION",  "RELEASEVER",
  "BASEARCH",   "YUMCONFIG_FILE_NAME", "URL_FORMAT", "USE_MIRRORLIST",
  "SRC_SUFFIX", "DEBUGINFO_SUFFIX",    "CATALOGKEY", NULL,
};

/* The original's defaults for yum variables without a file. */
static const struct
{
  const char *name;
  const char *value;
} yum_var_defaults[] = {
  { "awsproto", "http" },
  { "amazonlinux", "amazonlinux" },
  { "awsdomain", "amazonaws.com" },
  { "awsregion", "default" },
  { "releasever", "2" },
  { "basearch", "x86_64" },
};

ExtrasConfig *
extras_config_ref (ExtrasConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_atomic_int_inc (&config->ref_count);
  return config;
}

void
extras_config_unref (ExtrasConfig *config)
{
  if (config == NULL)
    return;
  if (!g_atomic_int_dec_and_test (&config->ref_count))
    return;
  g_free (config->root);
  g_clear_pointer (&config->vars, g_hash_table_unref);
  g_clear_pointer (&config->yum_vars, g_hash_table_unref);
  g_free (config);
}

/* A character of a shell or yum variable name. */
static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

static char *
normalize_root (const char *root)
{
  g_autofree char *canon = NULL;
  gsize len;

  if (root == NULL || root[0] == '\0')
    return g_strdup ("");
  /* The root itself is the caller's choice and resolved once; below it no
   * symlink is followed (safe-path.c). */
  canon = realpath (root, NULL);
  if (canon == NULL)
    canon = extras_canonicalize_filename (root);
  len = strlen (canon);
  while (len > 0 && canon[len - 1] == '/')
    canon[--len] = '\0';
  return g_steal_pointer (&canon);
}

static gboolean
is_yum_var_name (const char *name)
{
  if (name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!is_name_char (*p))
      return FALSE;
  return TRUE;
}

/* Every file of @dir names a variable; its value is the file's first line,
 * trimmed (what yum and dnf do). */
static gboolean
load_yum_vars_dir (GHashTable *yum_vars, const char *dir, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  int dir_fd = extras_safe_open_dir (dir, EXTRAS_SAFE_MISSING_OK, &local_error);
  DIR *d;
  struct dirent *entry;
  gboolean ok = TRUE;

  if (dir_fd < 0)
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  d = fdopendir (dup (dir_fd));
  while (ok && d != NULL && (entry = readdir (d)) != NULL)
    {
      const char *name = entry->d_name;
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;
      struct stat st;
      char *nl;
      int fd;

      if (!is_yum_var_name (name)
          || (fstatat (dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode)))
        continue;
      fd = extras_safe_openat_file (dir_fd, name, path, O_RDONLY, 0, EXTRAS_SAFE_MISSING_OK, error);
      if (fd < 0)
        {
          ok = error == NULL || *error == NULL;
          continue;
        }
      ok = extras_safe_read_fd (fd, path, YUM_VAR_MAX_FILE_SIZE, &data, &len, error);
      close (fd);
      if (!ok)
        break;
      if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
        {
          g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
                       "%s: not a text file (NUL byte or invalid UTF-8); fix or remove it", path);
          ok = FALSE;
          break;
        }
      nl = strchr (data, '\n');
      if (nl != NULL)
        *nl = '\0';
      g_hash_table_replace (yum_vars, g_strdup (name), g_strdup (g_strstrip (data)));
    }
  if (d != NULL)
    closedir (d);
  close (dir_fd);
  return ok;
}

static const char *
machine_arch (void)
{
  struct utsname uts;

  if (uname (&uts) == 0)
    {
      if (g_str_equal (uts.machine, "aarch64") || g_str_equal (uts.machine, "arm64")
          || g_str_has_prefix (uts.machine, "armv8"))
        return "aarch64";
    }
  /* Amazon Linux 2 exists for x86_64 and aarch64 only; x86_64 is also the
   * original's default. */
  return "x86_64";
}

static const char *
config_value (GHashTable *vars, const char *name)
{
  const char *value = g_hash_table_lookup (vars, name);

  /* An empty value counts as unset, so that `CATALOGURL=` in a later file or
   * the environment restores the default. */
  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* YUMCONFIG_FILE_NAME names a file of /etc/yum.repos.d (of the root), alone
 * or as that absolute path: never a path elsewhere, where root would
 * create or read files that the configuration chose. */
static gboolean
check_state_file_name (const char *name, GError **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *shown = NULL;

  if (name == NULL)
    return TRUE;
  if (strchr (name, '/') == NULL && extras_file_name_is_valid (name))
    return TRUE;
  if (name[0] == '/')
    {
      dir = g_path_get_dirname (name);
      base = g_path_get_basename (name);
      if (g_str_equal (dir, "/etc/yum.repos.d") && extras_file_name_is_valid (base)
          && !g_str_has_suffix (name, "/"))
        return TRUE;
    }
  shown = g_strescape (name, NULL);
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
               "YUMCONFIG_FILE_NAME \"%.200s\" is not a file of /etc/yum.repos.d: give a file "
               "name (amzn2-extras.repo) or /etc/yum.repos.d/NAME; fix amazon-linux-extras.conf "
               "or the environment",
               shown);
  return FALSE;
}

/* CATALOGURL is fetched over https, http or file only: curl knows ftp,
 * gopher, dict, tftp, scp and more, none of which the catalog ever came
 * over.  A value without a scheme is no URL either (--catalog takes paths). */
static gboolean
check_catalog_url (const char *url, GError **error)
{
  g_autofree char *shown = NULL;

  if (url == NULL || extras_url_is_fetchable (url))
    return TRUE;
  shown = g_strescape (url, NULL);
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
               "CATALOGURL \"%.200s\" is not an https://, http:// or file:// URL; fix "
               "amazon-linux-extras.conf or the environment",
               shown);
  return FALSE;
}

/* CATALOGKEY is the absolute path (under the root), or file:// URL, of the
 * OpenPGP public key that signs the catalog. */
static gboolean
check_catalog_key (const char *key, GError **error)
{
  g_autofree char *shown = NULL;

  if (key == NULL)
    return TRUE;
  if (g_str_has_prefix (key, "file://"))
    key += strlen ("file://");
  if (key[0] == '/' && !g_str_has_suffix (key, "/") && strstr (key, "/../") == NULL
      && !g_str_has_suffix (key, "/.."))
    return TRUE;
  shown = g_strescape (key, NULL);
  g_set_error (error, EXTRAS_ERROR, EXTRAS_ERROR_PARSE,
               "CATALOGKEY \"%.200s\" is not the absolute path of a key file; give the path "
               "of the catalog's OpenPGP public key (/etc/pki/NAME.asc); fix "
               "amazon-linux-extras.conf or the environment",
               shown);
  return FALSE;
}

ExtrasConfig *
extras_config_load (const char *root, const char *const *envp, GError **error)
{
  g_autoptr (ExtrasConfig) config = g_new0 (ExtrasConfig, 1);
  g_auto (GStrv) own_env = NULL;
  g_autofree char *yum_dir = NULL;
  g_autofree char *dnf_dir = NULL;
  const char *home;
  const char *basearch;
  char *conf_paths[4] = { NULL, NULL, NULL, NULL };
  gboolean ok = TRUE;

  config->ref_count = 1;
  config->root = normalize_root (root);
  config->vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->yum_vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (envp == NULL)
    {
      own_env = g_get_environ ();
      envp = (const char *const *) own_env;
    }

  /* The order the original's wrapper sourced them in: later files win. */
  conf_paths[0] = g_strconcat (config->root, "/etc/amazon-linux-extras.conf", NULL);
  conf_paths[1] = g_strconcat (config->root, "/usr/local/etc/amazon-linux-extras.conf", NULL);
  home = g_environ_getenv ((char **) envp, "HOME");
  if (home != NULL && home[0] == '/')
    conf_paths[2]
        = g_strconcat (config->root, home, "/.config/amazon-linux/amazon-linux-extras.conf", NULL);
  /* The per-user file (the third) only when this user owns it. */
  for (guint i = 0; ok && conf_paths[i] != NULL; i++)
    ok = extras_config_file_load (config->vars, conf_paths[i], known_vars, i == 2, error);
  for (guint i = 0; conf_paths[i] != NULL; i++)
    g_free (conf_paths[i]);
  if (!ok)
    return NULL;

  /* The environment wins over the files.  The original's wrapper sourced the
   * files after its environment, so there the files won; we deliberately
   * invert that so that automation can override a setting for one call
   * (`AWSREGION=eu-west-1 amazon-linux-extras list`) without editing files. */
  for (guint i = 0; known_vars[i] != NULL; i++)
    {
      const char *value = g_environ_getenv ((char **) envp, known_vars[i]);
      if (value != NULL)
        g_hash_table_replace (config->vars, g_strdup (known_vars[i]), g_strdup (value));
    }

  if (!check_state_file_name (config_value (config->vars, "YUMCONFIG_FILE_NAME"), error)
      || !check_catalog_url (config_value (config->vars, "CATALOGURL"), error)
      || !check_catalog_key (config_value (config->vars, "CATALOGKEY"), error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (yum_var_defaults); i++)
    g_hash_table_replace (config->yum_vars, g_strdup (yum_var_defaults[i].name),
                          g_strdup (yum_var_defaults[i].value));
  /* The machine's architecture, unless a file says otherwise. */
  g_hash_table_replace (config->yum_vars, g_strdup ("basearch"), g_strdup (machine_arch ()));
  /* etc/dnf/vars is read after etc/yum/vars and so wins: on a system that has
   * both, dnf is the package manager that will read the repo files. */
  yum_dir = g_strconcat (config->root, "/etc/yum/vars", NULL);
  dnf_dir = g_strconcat (config->root, "/etc/dnf/vars", NULL);
  if (!load_yum_vars_dir (config->yum_vars, yum_dir, error)
      || !load_yum_vars_dir (config->yum_vars, dnf_dir, error))
    return NULL;
  basearch = config_value (config->vars, "BASEARCH");
  if (basearch != NULL)
    g_hash_table_replace (config->yum_vars, g_strdup ("basearch"), g_strdup (basearch));

  return g_steal_pointer (&config);
}

const char *
extras_config_get_root (const ExtrasConfig *config)
{
  return config->root;
}

const char *
extras_config_get (const ExtrasConfig *config, const char *name)
{
  return config_value (config->vars, name);
}

const char *
extras_config_get_yum_var (const ExtrasConfig *config, const char *name)
{
  return g_hash_table_lookup (config->yum_vars, name);
}

char *
extras_config_expand (const ExtrasConfig *config, const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p;
      const char *name_start;
      const char *name_end;
      gboolean braced;
      g_autofree char *name = NULL;
      const char *value;

      if (*p != '$')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      p++;
      braced = (*p == '{');
      if (braced)
        p++;
      name_start = p;
      while (is_name_char (*p))
        p++;
      name_end = p;
      if (braced)
        {
          if (*p != '}' || name_end == name_start)
            {
              /* Not a reference: keep the `$` and go on after it. */
              g_string_append_c (out, '$');
              p = start + 1;
              continue;
            }
          p++;
        }
      if (name_end == name_start)
        {
          g_string_append_c (out, '$');
          continue;
        }
      name = g_strndup (name_start, name_end - name_start);
      value = g_hash_table_lookup (config->yum_vars, name);
      if (value != NULL)
        g_string_append (out, value);
      else
        g_string_append_len (out, start, p - start);
    }
  return g_string_free (out, FALSE);
}

const char *
extras_config_get_arch (const ExtrasConfig *config)
{
  /* BASEARCH was folded into the basearch yum variable at load time. */
  return g_hash_table_lookup (config->yum_vars, "basearch");
}

char *
extras_config_dup_repos_dir (const ExtrasConfig *config)
{
  return g_strconcat (config->root, "/etc/yum.repos.d", NULL);
}

char *
extras_config_dup_state_path (const ExtrasConfig *config)
{
  const char *name = config_value (config->vars, "YUMCONFIG_FILE_NAME");

  if (name == NULL)
    name = "amzn2-extras.repo";
  /* An absolute YUMCONFIG_FILE_NAME is a path (under the root); a relative
   * one is a file name in the repos directory. */
  if (name[0] == '/')
    return g_strconcat (config->root, name, NULL);
  return g_strconcat (config->root, "/etc/yum.repos.d/", name, NULL);
}

char *
extras_config_dup_catalog_cache_dir (const ExtrasConfig *config)
{
  return g_strconcat (config->root, "/var/cache/amzn2extras", NULL);
}

char *
extras_config_dup_catalog_url (const ExtrasConfig *config)
{
  static const struct
  {
    const char *placeholder;
    const char *config_var;
    const char *yum_var;
  } fills[] = {
    { "{awsregion}", "AWSREGION", "awsregion" },
    { "{awsdomain}", "AWSDOMAIN", "awsdomain" },
    { "{releasever}", "RELEASEVER", "releasever" },
    { "{basearch}", "BASEARCH", "basearch" },
  };
  const char *url = config_value (config->vars, "CATALOGURL");
  GString *out;

  if (url == NULL)
    return NULL;
  out = g_string_new (url);
  for (guint i = 0; i < G_N_ELEMENTS (fills); i++)
    {
      const char *value = config_value (config->vars, fills[i].config_var);
      if (value == NULL)
        value = g_hash_table_lookup (config->yum_vars, fills[i].yum_var);
      if (value == NULL)
        value = "";
      extras_string_replace (out, fills[i].placeholder, value);
    }
  return g_string_free (out, FALSE);
}

char *
extras_config_dup_catalog_key_path (const ExtrasConfig *config)
{
  const char *key = config_value (config->vars, "CATALOGKEY");

  if (key == NULL)
    return NULL;
  if (g_str_has_prefix (key, "file://"))
    key += strlen ("file://");
  return g_strconcat (config->root, key, NULL);
}
