/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "resolve-private.h"

G_BEGIN_DECLS

/* Where the download module is, when the environment says (tests). */
#define EXTRAS_DOWNLOAD_MODULE_ENV "EXTRAS_DOWNLOAD_MODULE"

/*
 * The network side of the resolver (download.c, librepo), loaded on demand.
 * Errors: EXTRAS_ERROR_METADATA for data that failed verification (checksum,
 * signature), EXTRAS_ERROR_NETWORK for data out of reach, EXTRAS_ERROR_IO.
 */
typedef struct
{
  /* Downloads repomd.xml (and the metadata types of @dlist) of @conf into
   * @destdir/repodata, verified. */
  gboolean (*repo) (const ExtrasRepoConf *conf, const char *root, const char *destdir,
                    const char *const *dlist, const ExtrasMetadataOptions *options, GError **error);
  /* Downloads @url into the open file @fd. */
  gboolean (*url) (const char *url, int fd, GError **error);
} ExtrasDownloader;

/* Returns: (transfer none): the downloader, loading its module on first use. */
const ExtrasDownloader *
extras_downloader_get (GError **error);

/* Removes @path and everything below it (no symlink is followed). */
void
extras_rm_rf (const char *path);

G_END_DECLS
