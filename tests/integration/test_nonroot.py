# SPDX-License-Identifier: LGPL-2.1-or-later
"""What a user who is not root can do on a system: `install --dry-run` works
(with a metadata cache of their own, as dnf gives one), and nothing of the
system changes."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from test_resolver import ResolverTestBase  # noqa: E402


class NonRootTest(ResolverTestBase):
    server_name = "www-nonroot"

    def setUp(self):
        super().setUp()
        if shutil.which("setpriv") is None:
            self.skipTest("needs setpriv")
        # nobody must be able to read the root and the catalog.
        for path in [self.tmp] + [p for p in self.tmp.rglob("*") if p.is_dir()]:
            path.chmod(path.stat().st_mode | 0o055)
        for path in self.tmp.rglob("*"):
            if path.is_file():
                path.chmod(path.stat().st_mode | 0o044)
        self.home = Path(tempfile.mkdtemp(prefix="extrasolv-nobody-"))
        shutil.chown(self.home, "nobody")

    def tearDown(self):
        shutil.rmtree(self.home, ignore_errors=True)

    def as_nobody(self, *args):
        # nobody runs an installed copy: the build tree may be where only root can go
        env = harness.foreign_user_env(dict(self.ir.env(), HOME=str(self.home)))
        argv = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                harness.installed_cli(),
                "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
        proc.argv = argv
        return proc

    def test_dry_run_as_nobody_uses_its_own_cache(self):
        before = harness.file_digest(self.repo_file)
        system_cache = self.root / "var/cache/extrasolv"
        shutil.rmtree(system_cache, ignore_errors=True)
        proc = self.as_nobody("install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertRegex(proc.stdout, r"postgresql +13\.12-1\.amzn2 .*topic postgresql13")
        self.assertEqual(proc.stderr, "", self.describe(proc))
        self.assertTrue(list((self.home / ".cache/extrasolv").glob("*/amzn2-core")))
        self.assertEqual(harness.file_digest(self.repo_file), before)
        self.assertFalse(any(system_cache.glob("*")) if system_cache.exists() else False)

    def test_install_as_nobody_is_refused(self):
        before = harness.file_digest(self.repo_file)
        proc = self.as_nobody("install", "-y", "postgresql13")
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        self.assertEqual(len(proc.stderr.splitlines()), 1, self.describe(proc))
        self.assertIn("root", proc.stderr)
        self.assertEqual(harness.file_digest(self.repo_file), before)
        self.assertIsNone(self.ir.rpm_query("postgresql-server"))


if __name__ == "__main__":
    sys.exit(harness.main())
