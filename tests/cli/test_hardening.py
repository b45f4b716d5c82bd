# SPDX-License-Identifier: LGPL-2.1-or-later
"""Hardening: a --root tree that an ordinary user owns, and an environment that
must not steer root.

Every test runs as root on a root tree chowned to nobody, with planted symlinks,
hostile repository ids and hostile configuration, and checks a canary outside the
tree: nothing outside may be deleted, created, chmod'ed or read into the output.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/cli/test_hardening.py
"""

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
sys.path.insert(0, str(HERE))
import harness  # noqa: E402
from test_robustness import CliCase, NOISE, EXIT_ENV  # noqa: E402

SECRET = "TOP-SECRET-canary-7f3a"


class HostileTree(CliCase):
    """A root tree owned by nobody, a canary directory outside it."""

    def setUp(self):
        super().setUp()
        try:
            self.nobody = pwd.getpwnam("nobody")
        except KeyError:
            self.skipTest("no user nobody")
        self.canary = self.tmp / "canary"
        self.canary.mkdir()
        os.chmod(self.canary, 0o755)
        (self.canary / "keep").write_text("keep me\n")
        self.secret = self.tmp / "secret"
        self.secret.write_text(SECRET + "\n")
        os.chmod(self.secret, 0o600)

    def give_tree_away(self):
        """chown -R nobody the root tree (after the test planted its traps)."""
        for dirpath, dirnames, filenames in os.walk(self.root):
            for name in dirnames + filenames + [""]:
                os.lchown(os.path.join(dirpath, name), self.nobody.pw_uid, self.nobody.pw_gid)

    def assert_canary(self):
        self.assertEqual(sorted(p.name for p in self.canary.iterdir()), ["keep"])
        self.assertEqual((self.canary / "keep").read_text(), "keep me\n")
        self.assertEqual(stat.S_IMODE(self.canary.stat().st_mode), 0o755)
        self.assertEqual(self.secret.read_text(), SECRET + "\n")

    def assert_no_leak(self, proc):
        self.assertNotIn(SECRET, proc.out + proc.err, self.describe(proc))
        for noise in NOISE:
            self.assertNotIn(noise, proc.err, self.describe(proc))

    def empty_repo(self):
        """A createrepo_c repository with no package, reached by file://."""
        if shutil.which("createrepo_c") is None:
            self.skipTest("createrepo_c is not installed")
        repo = self.tmp / "emptyrepo"
        repo.mkdir()
        subprocess.run(["createrepo_c", "-q", str(repo)], check=True)
        return repo

    def core_repo_and_cache(self):
        """A core repository (file://, empty) in the tree; returns its cache directory."""
        repo = self.empty_repo()
        self.write("etc/yum.repos.d/core.repo", textwrap.dedent("""\
            [amzn2-core]
            name = core
            baseurl = file://%s
            gpgcheck = 0
            """ % repo))
        cache = self.root / "var/cache/extrasolv"
        cache.mkdir(parents=True)
        return cache

    def write(self, rel, text):
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path


class SymlinksInTheTree(HostileTree):
    def test_symlinked_old_cache_dir_deletes_nothing(self):
        cache = self.core_repo_and_cache()
        os.symlink(self.canary, cache / ".amzn2-core-old")
        os.symlink(self.canary, cache / ".amzn2-core-filelists-old")
        self.give_tree_away()
        proc = self.cli("--json", "install", "--dry-run", "nginx1")
        self.assert_no_leak(proc)
        self.assert_canary()
        # the trap itself is ours to remove, not its target
        self.assertFalse(os.path.lexists(cache / ".amzn2-core-old"))

    def test_symlinked_repo_cache_dir_is_not_used(self):
        cache = self.core_repo_and_cache()
        os.symlink(self.canary, cache / "amzn2-core")
        self.give_tree_away()
        proc = self.cli("--json", "install", "--dry-run", "nginx1")
        self.assert_no_leak(proc)
        self.assert_canary()

    def test_repo_id_with_a_path_is_refused(self):
        target = self.canary / "x"
        self.write("etc/yum.repos.d/evil.repo", textwrap.dedent("""\
            [%s%s]
            name = evil
            baseurl = file:///nonexistent
            """ % ("/.." * 24, target)))
        self.give_tree_away()
        proc = self.cli("install", "--dry-run", "nginx1")
        self.assert_refusal(proc, EXIT_ENV, "repository id")
        self.assert_canary()

    def test_symlinked_catalog_cache_dir_is_not_chmodded(self):
        catalog = self.tmp / "catalog.yaml"
        shutil.copy(self.catalog / "nginx1.yaml", catalog)
        (self.root / "var/cache").mkdir(parents=True)
        os.symlink(self.canary, self.root / "var/cache/amzn2extras")
        self.give_tree_away()
        env = self.env()
        env["CATALOGURL"] = "file://%s" % catalog
        argv = [self.bin, "--root", str(self.root), "list"]
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        proc.argv, proc.out, proc.err = argv, proc.stdout, proc.stderr
        self.assert_no_leak(proc)
        self.assert_canary()

    def test_symlinked_repo_file_is_not_read(self):
        os.symlink(self.secret, self.repo_file)
        self.give_tree_away()
        proc = self.cli("list")
        self.assert_refusal(proc, EXIT_ENV, "symbolic link")
        self.assert_no_leak(proc)
        proc = self.cli("enable", "nginx1")
        self.assert_refusal(proc, EXIT_ENV, "symbolic link")
        self.assert_canary()
        self.assertTrue(self.repo_file.is_symlink())

    def test_symlinked_other_repo_file_is_not_read(self):
        os.symlink(self.secret, self.reposdir / "foreign.repo")
        self.give_tree_away()
        proc = self.cli("install", "--dry-run", "nginx1")
        self.assert_refusal(proc, EXIT_ENV, "symbolic link")
        self.assert_no_leak(proc)
        self.assert_canary()

    def test_symlinked_repos_dir_gets_nothing(self):
        shutil.rmtree(self.reposdir)
        os.symlink(self.canary, self.reposdir)
        self.give_tree_away()
        proc = self.cli("enable", "nginx1")
        self.assert_refusal(proc, EXIT_ENV, "symbolic link")
        self.assert_canary()

    def test_symlinked_config_and_yum_var_are_not_read(self):
        etc = self.root / "etc"
        os.symlink(self.secret, etc / "amazon-linux-extras.conf")
        self.give_tree_away()
        proc = self.cli("list")
        self.assert_refusal(proc, EXIT_ENV, "symbolic link")
        self.assert_no_leak(proc)
        os.unlink(etc / "amazon-linux-extras.conf")
        (etc / "yum/vars").mkdir(parents=True)
        os.symlink(self.secret, etc / "yum/vars/awsregion")
        proc = self.cli("enable", "nginx1")
        self.assert_refusal(proc, EXIT_ENV, "symbolic link")
        self.assert_no_leak(proc)
        self.assert_canary()

    def test_fifo_as_repo_file_is_refused_at_once(self):
        os.mkfifo(self.repo_file)
        self.give_tree_away()
        proc = self.cli("list", timeout=20)
        self.assert_refusal(proc, EXIT_ENV, "not a regular file")


class ConfiguredNames(HostileTree):
    def test_yumconfig_file_name_cannot_leave_its_directory(self):
        for name in ("/etc/yum.repos.d/../../../../../../../..%s" % self.secret,
                     "../../../../../../../..%s" % self.secret, "/tmp/x.repo", ".."):
            with self.subTest(name=name):
                self.write("etc/amazon-linux-extras.conf", "YUMCONFIG_FILE_NAME=%s\n" % name)
                self.give_tree_away()
                proc = self.cli("list")
                self.assert_refusal(proc, EXIT_ENV, "YUMCONFIG_FILE_NAME")
                self.assert_no_leak(proc)
                proc = self.cli("enable", "nginx1")
                self.assert_refusal(proc, EXIT_ENV, "YUMCONFIG_FILE_NAME")
                self.assert_canary()

    def test_yumconfig_file_name_in_its_directory_works(self):
        self.write("etc/amazon-linux-extras.conf",
                   "YUMCONFIG_FILE_NAME=/etc/yum.repos.d/custom.repo\n")
        self.give_tree_away()
        proc = self.cli("enable", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("[amzn2extra-nginx1]", (self.reposdir / "custom.repo").read_text())


class ForeignEnvironment(HostileTree):
    def test_root_ignores_a_foreign_home_config(self):
        home = Path("/home/someone")
        conf = self.write(str(home.relative_to("/")) + "/.config/amazon-linux/"
                          "amazon-linux-extras.conf",
                          "URL_FORMAT=http://evil.example/{topic}/{version}/{arch}\n")
        self.give_tree_away()
        env = self.env()
        env["HOME"] = str(home)
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog),
                "enable", "nginx1"]
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("evil.example", self.repo_file.read_text())
        # the same file, owned by root, is root's own configuration
        os.chown(conf, 0, 0)
        self.repo_file.unlink()
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("evil.example", self.repo_file.read_text())

    def test_download_module_is_not_chosen_by_the_environment(self):
        cc = shutil.which("cc") or shutil.which("gcc")
        if cc is None:
            self.skipTest("no C compiler")
        marker = self.canary / "ran-as-root"
        src = self.tmp / "evil.c"
        src.write_text(textwrap.dedent("""\
            #include <stdio.h>
            __attribute__((constructor)) static void evil (void)
            { FILE *f = fopen ("%s", "w"); if (f) fclose (f); }
            """ % marker))
        so = self.tmp / "evil.so"
        subprocess.run([cc, "-shared", "-fPIC", "-o", str(so), str(src)], check=True)
        catalog = self.tmp / "catalog.yaml"
        shutil.copy(self.catalog / "nginx1.yaml", catalog)
        env = self.env()
        env["EXTRAS_DOWNLOAD_MODULE"] = str(so)
        env["CATALOGURL"] = "file://%s" % catalog
        argv = [self.bin, "--root", str(self.root), "list"]
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertFalse(marker.exists(), "EXTRAS_DOWNLOAD_MODULE was loaded")
        self.assert_canary()


class LargeAndLeftover(HostileTree):
    def test_thirty_thousand_sections_in_linear_time(self):
        # 30,000 sections took 162 s for list when parsing was quadratic; the
        # bound is generous (a loaded CI machine), the old cost far beyond it
        self.repo_file.write_text("".join("[amzn2extra-t%d]\nenabled=%d\n" % (i, i % 2)
                                          for i in range(30000)))
        for args in (["list"], ["enable", "nginx1"], ["disable", "nginx1"]):
            with self.subTest(args=args):
                start = time.monotonic()
                proc = self.cli(*args, timeout=120)
                elapsed = time.monotonic() - start
                self.assertEqual(proc.returncode, 0, self.describe(proc))
                self.assertLess(elapsed, 20, "%s took %.1f s" % (args, elapsed))
        self.assertIn("[amzn2extra-t29999]", self.repo_file.read_text())

    def test_temporary_files_of_a_killed_run_are_removed(self):
        leftovers = [self.reposdir / (".amzn2-extras.repo.%s" % s)
                     for s in ("AbC123", "zzzzzz", "000000")]
        for p in leftovers:
            p.write_text("half a file")
        keep = self.reposdir / ".amzn2-extras.repo.keep-me-not-mine"
        keep.write_text("not ours")
        proc = self.cli("enable", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        for p in leftovers:
            self.assertFalse(p.exists(), p)
        self.assertTrue(keep.exists())
        self.assertEqual(sorted(p.name for p in self.reposdir.iterdir()),
                         [keep.name, "amzn2-extras.repo"])

    def test_download_dirs_of_a_killed_run_are_removed(self):
        cache = self.core_repo_and_cache()
        old = time.time() - 2 * 3600
        stale = [cache / ".amzn2-core-1a2b3c", cache / ".amzn2-core-filelists-00ff00",
                 cache / ".amzn2-core-old"]
        for d in stale:
            (d / "repodata").mkdir(parents=True)
            (d / "repodata" / "primary.xml").write_text("x" * 4096)
            os.utime(d, (old, old))
        fresh = cache / ".amzn2-core-abcdef"  # a run in progress: not touched
        fresh.mkdir()
        proc = self.cli("--json", "install", "--dry-run", "nginx1")
        self.assert_no_leak(proc)
        for d in stale:
            self.assertFalse(d.exists(), d)
        self.assertTrue(fresh.exists())

    def test_a_cache_that_cannot_be_written_is_said_once(self):
        cache = self.core_repo_and_cache()
        proc = self.cli("--json", "install", "--dry-run", "nginx1")
        self.assertTrue((cache / "amzn2-core" / "packages.solv").exists(), self.describe(proc))
        (cache / "amzn2-core" / "packages.solv").unlink()
        self.chattr_immutable(cache / "amzn2-core")
        proc = self.cli("--json", "install", "--dry-run", "nginx1")
        warnings = [w for w in harness.parse_json(proc.out).get("warnings", [])
                    if "metadata cache" in w]
        self.assertEqual(len(warnings), 1, self.describe(proc))

    def test_cache_files_are_not_writable_by_others_whatever_the_umask(self):
        cache = self.core_repo_and_cache()
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog), "--json",
                "install", "--dry-run", "nginx1"]
        subprocess.run(argv, env=self.env(), capture_output=True, timeout=60,
                       preexec_fn=lambda: os.umask(0))
        files = [p for p in cache.rglob("*") if p.is_file()]
        self.assertTrue(files, "no cache written")
        for p in files:
            mode = stat.S_IMODE(p.lstat().st_mode)
            self.assertEqual(mode & 0o022, 0, "%s is %o" % (p, mode))
            self.assertEqual(mode & 0o444, 0o444, "%s is %o" % (p, mode))


if __name__ == "__main__":
    sys.exit(harness.main())
