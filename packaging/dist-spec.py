#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""meson dist script: writes extrasolv.spec, with the project's version, at the
top of the tarball (MESON_DIST_ROOT), where `rpmbuild -ta` looks for it."""

import os
import sys
from pathlib import Path

root = Path(os.environ["MESON_DIST_ROOT"])
version = sys.argv[1]
text = (root / "packaging" / "extrasolv.spec.in").read_text()
(root / "extrasolv.spec").write_text(text.replace("@VERSION@", version))
