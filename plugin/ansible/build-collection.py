#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Build the Ansible collection extrasolv.extras from plugin/ansible/.

  build-collection.py module SRC OUT BINARY
      write the module SRC to OUT with its default executable set to BINARY
  build-collection.py tree SRCDIR COLLECTIONS BINARY STAMP
      lay the collection out as COLLECTIONS/ansible_collections/extrasolv/extras/
      (what ANSIBLE_COLLECTIONS_PATH=COLLECTIONS finds), then touch STAMP

The module's line `DEFAULT_EXECUTABLE = "..."` is the only one changed.
"""

import os
import shutil
import sys

FILES = ["galaxy.yml", "README.md", "meta/runtime.yml"]
MODULES = ["plugins/modules/topic.py"]
MARKER = "DEFAULT_EXECUTABLE = "


def write_module(src, out, binary):
    with open(src, encoding="utf-8") as f:
        lines = f.read().splitlines(True)
    hits = [i for i, line in enumerate(lines) if line.startswith(MARKER)]
    if len(hits) != 1:
        sys.exit("%s: expected one line starting with %r, found %d" % (src, MARKER, len(hits)))
    lines[hits[0]] = "%s%r\n" % (MARKER, binary)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.writelines(lines)
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)


def write_tree(srcdir, collections, binary, stamp):
    dest = os.path.join(collections, "ansible_collections", "extrasolv", "extras")
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    for rel in FILES + MODULES:
        os.makedirs(os.path.dirname(os.path.join(dest, rel)), exist_ok=True)
    for rel in FILES:
        shutil.copyfile(os.path.join(srcdir, rel), os.path.join(dest, rel))
    for rel in MODULES:
        write_module(os.path.join(srcdir, rel), os.path.join(dest, rel), binary)
    with open(stamp, "w", encoding="utf-8") as f:
        f.write(dest + "\n")


def main(argv):
    if len(argv) == 5 and argv[1] == "module":
        write_module(argv[2], argv[3], argv[4])
    elif len(argv) == 6 and argv[1] == "tree":
        write_tree(argv[2], argv[3], argv[4], argv[5])
    else:
        sys.exit(__doc__.strip())


if __name__ == "__main__":
    main(sys.argv)
