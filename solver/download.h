/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "resolve-private.h"
#include "safe-path.h"

G_BEGIN_DECLS

/*
 * The network side of the resolver (download.c, librepo), part of the backend
 * module (backend.h), loaded on demand.
 * Errors: EXTRAS_ERROR_METADATA for data that failed verification (checksum,
 * signature), EXTRAS_ERROR_NETWORK for data out of reach, EXTRAS_ERROR_IO.
 */
typedef struct
{
  /* Downloads repomd.xml (and the metadata types of @dlist) of @conf into
   * @destdir/repodata, verified. */
  gboolean (*repo) (const ExtrasRepoConf *conf, const char *root, const char *destdir,
                    const char *const *dlist, const ExtrasMetadataOptions *options, GError **error);
  /* Downloads @url into the open file @fd: at most @max_bytes (more is an
   * error while it streams), within a fixed time. */
  gboolean (*url) (const char *url, int fd, guint64 max_bytes, GError **error);
  /* Whether @sig_fd holds a good detached OpenPGP signature of the data of
   * @data_fd (both read from their current offset) by the public key @key
   * (@key_len bytes, armored or binary), checked in a keyring of its own
   * that holds that key only.  Errors: EXTRAS_ERROR_METADATA. */
  gboolean (*verify) (const char *key, gsize key_len, int data_fd, int sig_fd, GError **error);
} ExtrasDownloader;

/* Returns: (transfer none): the downloader, loading the backend module
 * (backend.h) on first use. */
const ExtrasDownloader *
extras_downloader_get (GError **error);

/* Within the backend module: download.c's table. */
const ExtrasDownloader *
extras_download_module_get (void);

G_END_DECLS
