# SPDX-License-Identifier: LGPL-2.1-or-later
"""The installed system as the resolver sees it: the rpmdb under --root, read
through libsolv (repo_add_rpmdb_reffp), in Amazon Linux's /var/lib/rpm and in
Debian's ~/.rpmdb, and cached as a .solv file that a warm run reads alone."""

import json
import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

CACHE = "var/cache/extrasolv/@System.solv"


@unittest.skipIf(os.geteuid() != 0 or harness.missing_tools(), "needs root and rpm tools")
class RpmdbTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.rpms = harness.build_rpms()

    def setUp(self):
        self.dir = harness.scratch_dir("extrasolv-rpmdb-")
        self.catalog = harness.write_catalog(self.dir / "catalog")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def make_root(self, name, dbpath, specs):
        """A root whose rpmdb (at dbpath inside it) holds the packages of specs."""
        root = self.dir / name
        (root / "etc/yum.repos.d").mkdir(parents=True)
        home = harness._make_home(self.dir / (name + "-home"), dbpath)
        harness.run(["rpm", "--root", str(root), "--define", "_dbpath " + dbpath, "-i",
                     "--nodeps", "--nosignature", "--justdb"] + self.rpms.paths(specs),
                    env=harness._tool_env(home))
        return root

    def why(self, root, package, home="/root"):
        env = dict(os.environ, HOME=home, LC_ALL="C")
        proc = subprocess.run([harness.cli_bin(), "--root", str(root), "--catalog",
                               str(self.catalog), "--json", "why", package],
                              capture_output=True, text=True, env=env, timeout=60)
        return proc

    def installed(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stderr + proc.stdout)
        reasons = harness.parse_json(proc.stdout)["packages"][0]["reasons"]
        return [r["message"] for r in reasons if r["reason"] == "installed"]

    def test_amazon_linux_dbpath(self):
        root = self.make_root("al2", "/var/lib/rpm", ["nginx-1.20", "core-libfoo"])
        self.assertEqual(self.installed(self.why(root, "nginx")),
                         ["nginx-1.20.1-9.amzn2.0.1.noarch is installed."])

    def test_debian_home_dbpath(self):
        # Debian's rpm keeps the database at ~/.rpmdb: under an installroot as
        # root, ROOT/root/.rpmdb.
        root = self.make_root("deb", "/root/.rpmdb", ["core-libfoo"])
        self.assertEqual(self.installed(self.why(root, "core-libfoo")),
                         ["core-libfoo-1.0-1.amzn2.noarch is installed."])

    def test_warm_run_reads_the_cache_alone(self):
        root = self.make_root("warm", "/var/lib/rpm", ["nginx-1.20"])
        # The first reader of a freshly written sqlite database checkpoints its
        # write-ahead log when it closes it, after the cache was written: the
        # second run refreshes the cache once, the third on reads it alone.
        self.assertTrue(self.installed(self.why(root, "nginx")))
        self.assertTrue(self.installed(self.why(root, "nginx")))
        self.assertTrue((root / CACHE).exists())

        # Garble the database but keep every file's size and times: a warm run
        # must not notice, since it does not open the database at all.
        db = root / "var/lib/rpm"
        saved = {}
        for f in db.iterdir():
            st = f.stat()
            saved[f] = f.read_bytes()
            f.write_bytes(b"\0" * st.st_size)
            os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.assertTrue(self.installed(self.why(root, "nginx")))

        # Put it back: the cache must follow rpm's changes (an erase).
        for f, data in saved.items():
            st = f.stat()
            f.write_bytes(data)
            os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns))
        home = harness._make_home(self.dir / "warm-home2")
        harness.run(["rpm", "--root", str(root), "-e", "--nodeps", "--justdb", "nginx"],
                    env=harness._tool_env(home))
        self.assertEqual(self.installed(self.why(root, "nginx")), [])

    def loads_backend(self, root):
        """Whether `why` on root loads extras-backend.so (librepo, rpm), by ld.so's own
        account (LD_DEBUG=files); the run must succeed either way."""
        env = dict(os.environ, HOME="/root", LC_ALL="C", LD_DEBUG="files")
        proc = subprocess.run([harness.cli_bin(), "--root", str(root), "--catalog",
                               str(self.catalog), "--json", "why", "nginx"],
                              capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        return "extras-backend.so" in proc.stderr

    def test_root_without_a_database_asks_rpm_once(self):
        # No rpmdb in any known place (a new installroot): rpm's own %_dbpath is asked
        # once (loading librpm, running a shell on Debian) and remembered while rpm's
        # configuration is unchanged; a warm run loads nothing more.
        root = self.dir / "empty"
        (root / "etc/yum.repos.d").mkdir(parents=True)
        self.assertTrue(self.loads_backend(root))
        self.assertFalse(self.loads_backend(root))
        remembered = root / "var/cache/extrasolv/rpm-dbpath"
        key, value = remembered.read_text().split("\n")[:2]
        self.assertTrue(key.startswith("rpm-dbpath "), key)

        # The file is under the root, so untrusted: a path that leaves the root is
        # not taken (rpm is asked again), nor is a symlink.
        outside = self.make_root("outside", "/var/lib/rpm", ["nginx-1.20"])
        remembered.write_text("%s\n/../%s/var/lib/rpm\n" % (key, os.path.relpath(outside, "/")))
        self.assertTrue(self.loads_backend(root))
        self.assertEqual(self.installed(self.why(root, "nginx")), [])
        remembered.unlink()
        os.symlink(str(self.dir / "elsewhere"), str(remembered))
        (self.dir / "elsewhere").write_text("%s\n%s\n" % (key, value))
        self.assertTrue(self.loads_backend(root))
        # replaced by a file of its own (renamed over the link), the link's target untouched
        self.assertFalse(remembered.is_symlink())
        self.assertEqual((self.dir / "elsewhere").read_text(), "%s\n%s\n" % (key, value))
        self.assertFalse(self.loads_backend(root))


if __name__ == "__main__":
    sys.exit(harness.main())
