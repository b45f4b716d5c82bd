# SPDX-License-Identifier: LGPL-2.1-or-later
"""Robustness of amazon-linux-extras: concurrency, bad input, non-root, --json errors.

Needs no RPMs. Every refusal must be one clear line on stderr (no traceback, no
GLib noise), the documented exit code, and nothing changed on disk.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/cli/test_robustness.py
"""

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
import harness  # noqa: E402

EXIT_OK, EXIT_TOPIC, EXIT_USAGE, EXIT_ENV, EXIT_DEP, EXIT_PM = 0, 1, 2, 3, 4, 5

NOISE = ["Traceback", "CRITICAL", "(process:", "WARNING **", "GLib-", "Segmentation",
         "AddressSanitizer", "runtime error"]

SECTION_KEYS = ["enabled", "name", "mirrorlist", "gpgcheck", "gpgkey", "priority",
                "skip_if_unavailable", "report_instanceid"]

CATALOG_TOPICS = [
    {"name": "nginx1", "packages": ["nginx"]},
    {"name": "postgresql13", "packages": ["postgresql", "postgresql-server"]},
    {"name": "php7.4", "packages": ["php-cli", "php-fpm"], "conflicts": ["php8.0"]},
    {"name": "php8.0", "packages": ["php-cli", "php-fpm"], "conflicts": ["php7.4"]},
    {"name": "redis6", "packages": ["redis"]},
]

# (names starting with "-" are options, a usage error: not here)
INJECTIONS = ["a\nb", "a]", "a=b", "a/b", "a b", "[x", "a\rb", "a\tb", "../x", "a\x7f",
              "nginx1\n[main]", ""]


def parse_repo(text):
    """Parse amzn2-extras.repo strictly: [(section, [(key, value)])]; ValueError if torn."""
    out = []
    if text and not text.endswith("\n"):
        raise ValueError("does not end with a newline")
    for n, line in enumerate(text.split("\n")[:-1], 1):
        if line == "" or line.startswith("#"):
            continue
        if line.startswith("["):
            if not line.endswith("]"):
                raise ValueError("line %d: torn section header %r" % (n, line))
            out.append((line[1:-1], []))
        elif " = " in line and out:
            k, v = line.split(" = ", 1)
            out[-1][1].append((k, v))
        else:
            raise ValueError("line %d: not key = value: %r" % (n, line))
    return out


def check_complete(text):
    """Every section has the eight keys in order and every topic its three sections."""
    secs = parse_repo(text)
    names = [s for s, _ in secs]
    for name, keys in secs:
        if [k for k, _ in keys] != SECTION_KEYS:
            raise ValueError("section %s incomplete: %r" % (name, keys))
    for name in names:
        if name.endswith("-source"):
            topic = name[len("amzn2extra-"):-len("-source")]
            want = ["amzn2extra-%s-source" % topic, "amzn2extra-%s-debuginfo" % topic,
                    "amzn2extra-%s" % topic]
            i = names.index(name)
            if names[i:i + 3] != want:
                raise ValueError("topic %s lacks sections: %r" % (topic, names))
    return dict(secs)


def topic_state(text, topic):
    """'1', '0' or None (no section) for [amzn2extra-topic]'s enabled key."""
    secs = dict(parse_repo(text))
    keys = secs.get("amzn2extra-" + topic)
    return None if keys is None else dict(keys).get("enabled")


# The reader process of the concurrency test: reads the file in a loop until the
# stop file appears; writes every snapshot that is not a complete file to bad/.
READER = r"""
import os, sys, time
path, stop, bad = sys.argv[1:4]
n = 0; seen = 0
sys.path.insert(0, os.path.dirname(%r))
from test_robustness import check_complete
while not os.path.exists(stop):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        continue
    seen += 1
    try:
        if not data:
            raise ValueError("empty file")
        check_complete(data.decode("utf-8"))
    except Exception as e:
        n += 1
        if n <= 5:
            with open(os.path.join(bad, "bad%%d" %% n), "wb") as f:
                f.write(repr(e).encode() + b"\n----\n" + data)
print(seen, n)
""" % str(Path(__file__).resolve())


class CliCase(unittest.TestCase):
    """Common set-up: a scratch dir on a real disk, a catalog, a root, a HOME."""

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("enable/disable need root (the tests run as root in CI)")
        cls.bin = harness.cli_bin()
        if not os.access(cls.bin, os.X_OK):
            raise unittest.SkipTest("no amazon-linux-extras binary at " + cls.bin)

    def setUp(self):
        self.tmp = harness.scratch_dir("extrasolv-robust-")
        os.chmod(self.tmp, 0o755)
        self.catalog = harness.write_catalog(self.tmp / "catalog", CATALOG_TOPICS)
        self.root = self.tmp / "root"
        self.reposdir = self.root / "etc" / "yum.repos.d"
        self.reposdir.mkdir(parents=True)
        self.repo_file = self.reposdir / "amzn2-extras.repo"
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.immutable = []

    def tearDown(self):
        for p in self.immutable:
            subprocess.run(["chattr", "-i", str(p)], stderr=subprocess.DEVNULL)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def env(self):
        env = {k: v for k, v in os.environ.items()
               if k not in ("CATALOGURL", "AWSDOMAIN", "AWSREGION", "RELEASEVER", "BASEARCH",
                            "YUMCONFIG_FILE_NAME", "URL_FORMAT", "USE_MIRRORLIST",
                            "SRC_SUFFIX", "DEBUGINFO_SUFFIX")}
        env["HOME"] = str(self.home)
        env["LC_ALL"] = "C"
        # a package manager that must never be reached by these tests
        env["EXTRAS_PACKAGE_MANAGER"] = shutil.which("false")
        return env

    def cli(self, *args, catalog=None, root=None, prefix=(), timeout=60, binary=None):
        argv = list(prefix) + [binary or self.bin, "--root", str(root or self.root),
                               "--catalog", str(catalog or self.catalog)] + list(args)
        env = self.env() if binary is None else harness.foreign_user_env(self.env())
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
        proc.argv = argv
        proc.out = proc.stdout.decode("utf-8", "replace")
        proc.err = proc.stderr.decode("utf-8", "replace")
        return proc

    def describe(self, proc):
        return "%r\nexit %d\nstdout:\n%s\nstderr:\n%s" % (
            proc.argv, proc.returncode, proc.out, proc.err)

    def assert_refusal(self, proc, code, mention=None):
        """Exit `code`, exactly one non-empty line on stderr, no noise."""
        self.assertEqual(proc.returncode, code, self.describe(proc))
        lines = proc.err.split("\n")
        self.assertTrue(proc.err.endswith("\n") and len(lines) == 2 and lines[0].strip(),
                        "stderr must be exactly one line:\n" + self.describe(proc))
        for noise in NOISE:
            self.assertNotIn(noise, proc.err, self.describe(proc))
        if mention is not None:
            self.assertIn(mention, proc.err, self.describe(proc))

    def assert_json_error(self, proc, code):
        self.assertEqual(proc.returncode, code, self.describe(proc))
        try:
            doc = harness.parse_json(proc.out)
        except ValueError as e:
            self.fail("stdout is not JSON (%s):\n%s" % (e, self.describe(proc)))
        self.assertIsInstance(doc, dict, proc.out)
        self.assertIsInstance(doc.get("error"), dict, proc.out)
        self.assertIsInstance(doc["error"].get("code"), str, proc.out)
        self.assertIsInstance(doc["error"].get("message"), str, proc.out)
        self.assertTrue(doc["error"]["message"], proc.out)
        for noise in NOISE:
            self.assertNotIn(noise, proc.err, self.describe(proc))

    def snapshot(self):
        """Everything under the root: {relative path: (mode, bytes or None)}."""
        out = {}
        for p in sorted(self.root.rglob("*")):
            st = p.lstat()
            data = p.read_bytes() if stat.S_ISREG(st.st_mode) else None
            out[str(p.relative_to(self.root))] = (stat.S_IMODE(st.st_mode), data)
        return out

    def chattr_immutable(self, path):
        proc = subprocess.run(["chattr", "+i", str(path)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            self.skipTest("chattr +i failed (%s): %s" % (path, proc.stderr.strip()))
        self.immutable.append(path)


class Concurrency(CliCase):
    ROUNDS = 30

    def toggler(self, topic, commands, errors):
        for cmd in commands:
            proc = self.cli(cmd, topic)
            if proc.returncode != 0:
                errors.append(self.describe(proc))
                return
            # no other process touches this topic: its state must be what we just set
            try:
                state = topic_state(self.repo_file.read_text(), topic)
            except (OSError, ValueError) as e:
                errors.append("%s %s: reading back: %r" % (cmd, topic, e))
                return
            want = "1" if cmd == "enable" else "0"
            if state != want:
                errors.append("after `%s %s` the file says enabled = %s (update lost)"
                              % (cmd, topic, state))
                return

    def test_two_togglers_and_a_reader(self):
        a = ["enable", "disable"] * (self.ROUNDS // 2) + ["enable"]   # ends enabled
        b = ["enable", "disable"] * (self.ROUNDS // 2)                 # ends disabled
        stop = self.tmp / "stop"
        bad = self.tmp / "bad"
        bad.mkdir()
        reader = subprocess.Popen([sys.executable, "-c", READER, str(self.repo_file),
                                   str(stop), str(bad)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        errors = []
        try:
            threads = [threading.Thread(target=self.toggler, args=("nginx1", a, errors)),
                       threading.Thread(target=self.toggler, args=("postgresql13", b, errors))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            stop.write_text("")
            out, err = reader.communicate(timeout=60)
        self.assertEqual(errors, [], "\n".join(errors))
        self.assertEqual(reader.returncode, 0, err)
        seen, torn = map(int, out.split())
        samples = "\n====\n".join(p.read_text("utf-8", "replace") for p in sorted(bad.iterdir()))
        self.assertEqual(torn, 0, "the reader saw %d partial files of %d:\n%s"
                         % (torn, seen, samples))
        self.assertGreater(seen, 0, "the reader never saw the file")
        sys.stdout.write("(reader saw %d snapshots) " % seen)
        text = self.repo_file.read_text()
        secs = check_complete(text)
        self.assertEqual(sorted(secs), sorted(
            ["amzn2extra-nginx1-source", "amzn2extra-nginx1-debuginfo", "amzn2extra-nginx1",
             "amzn2extra-postgresql13-source", "amzn2extra-postgresql13-debuginfo",
             "amzn2extra-postgresql13"]), text)
        self.assertEqual(topic_state(text, "nginx1"), "1", text)
        self.assertEqual(topic_state(text, "postgresql13"), "0", text)
        self.assertIn("[amzn2extra-nginx1]\nenabled = 1\n", text)
        leftovers = sorted(p.name for p in self.reposdir.iterdir() if p != self.repo_file)
        self.assertEqual(leftovers, [], "temporary files left behind")


class BadCatalog(CliCase):
    GOOD = ("document: extras-topic\nversion: 1\nname: nginx1\nsummary: nginx\n"
            "index: {x86_64: 0}\nversions: [stable]\npackages: [nginx]\nvisible: [nginx]\n"
            "conflicts: []\nrequires: []\narches: [x86_64]\n")

    def check_bad_catalog(self, catalog, mention):
        for args in (["list"], ["enable", "nginx1"], ["info", "nginx1"]):
            before = self.snapshot()
            proc = self.cli(*args, catalog=catalog)
            self.assert_refusal(proc, EXIT_ENV, mention)
            self.assertEqual(self.snapshot(), before, args)
            proc = self.cli("--json", *args, catalog=catalog)
            self.assert_json_error(proc, EXIT_ENV)
            self.assertEqual(self.snapshot(), before, args)

    def bad_dir(self, text):
        d = self.tmp / "badcat"
        d.mkdir(exist_ok=True)
        (d / "nginx1.yaml").write_text(text)
        return d

    def test_good_catalog_is_accepted(self):
        """Control: the catalog the bad ones are derived from works."""
        proc = self.cli("list", catalog=self.bad_dir(self.GOOD))
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("nginx1", proc.out)

    def test_unknown_key(self):
        self.check_bad_catalog(self.bad_dir(self.GOOD + "colour: red\n"), "nginx1.yaml")

    def test_bad_indentation(self):
        text = self.GOOD.replace("packages: [nginx]\n", "packages:\n  - nginx\n   - x\n")
        self.check_bad_catalog(self.bad_dir(text), "nginx1.yaml")

    def test_truncated_yaml(self):
        """Cut inside a flow sequence: `packages: [ngi`."""
        cut = self.GOOD.index("packages: [nginx]") + len("packages: [ngi")
        self.check_bad_catalog(self.bad_dir(self.GOOD[:cut]), "nginx1.yaml")

    def test_binary_yaml(self):
        d = self.tmp / "badcat"
        d.mkdir()
        (d / "nginx1.yaml").write_bytes(b"\x00\xff\xfe garbage \x81\x82\n\x00")
        self.check_bad_catalog(d, "nginx1.yaml")

    def test_yaml_file_with_bad_second_document(self):
        f = self.tmp / "catalog.yaml"
        f.write_text(self.GOOD + "---\n" + self.GOOD.replace("nginx1", "redis6")
                     + "packages: [twice]\n")
        self.check_bad_catalog(f, "catalog.yaml")

    def test_malformed_json(self):
        f = self.tmp / "catalog.json"
        f.write_text('{"status": "ok", "version": 1, "topics": [{"n": "nginx1", "inst": ["ng')
        self.check_bad_catalog(f, "catalog.json")

    def test_json_wrong_types(self):
        f = self.tmp / "catalog.json"
        f.write_text('{"status": "ok", "version": 1, "motd": "", "whitelists": [], '
                     '"topics": [{"n": ["nginx1"], "inst": "nginx", "versions": 3}]}')
        self.check_bad_catalog(f, "catalog.json")

    def test_missing_catalog(self):
        self.check_bad_catalog(self.tmp / "does-not-exist", "does-not-exist")


class BadRepoFile(CliCase):
    def setUp(self):
        super().setUp()
        proc = self.cli("enable", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.good = self.repo_file.read_bytes()

    def check_garbage(self, data):
        self.repo_file.write_bytes(data)
        for args in (["enable", "postgresql13"], ["disable", "nginx1"],
                     ["install", "-y", "postgresql13"]):
            before = self.snapshot()
            proc = self.cli(*args)
            self.assert_refusal(proc, EXIT_ENV, "amzn2-extras.repo")
            self.assertEqual(self.snapshot(), before, args)
            proc = self.cli("--json", *args)
            self.assert_json_error(proc, EXIT_ENV)
            self.assertEqual(self.snapshot(), before, args)

    def test_truncated_in_section_header(self):
        i = self.good.index(b"[amzn2extra-nginx1]")
        self.check_garbage(self.good[:i + 12])

    def test_truncated_in_key(self):
        i = self.good.rindex(b"mirrorlist")
        self.check_garbage(self.good[:i + 6])

    def test_binary(self):
        self.check_garbage(bytes(range(256)) * 4)

    def test_nul_bytes(self):
        self.check_garbage(self.good.replace(b"enabled = 1", b"enabled = \x001"))


class Injection(CliCase):
    def check(self, with_file):
        if with_file:
            self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        for name in INJECTIONS:
            for args in (["enable", name], ["enable", name + "=stable"], ["disable", name],
                         ["install", "-y", name], ["enable", "postgresql13", name]):
                with self.subTest(args=args):
                    before = self.snapshot()
                    proc = self.cli(*args)
                    self.assert_refusal(proc, EXIT_TOPIC)
                    self.assertEqual(self.snapshot(), before)
                    proc = self.cli("--json", *args)
                    self.assert_json_error(proc, EXIT_TOPIC)
                    self.assertEqual(self.snapshot(), before)
        if not with_file:
            self.assertFalse(self.repo_file.exists())

    def test_injection_names_no_file(self):
        self.check(False)

    def test_injection_names_existing_file(self):
        self.check(True)

    def test_unknown_topic(self):
        proc = self.cli("enable", "nosuchtopic1")
        self.assert_refusal(proc, EXIT_TOPIC, "nosuchtopic1")
        self.assertFalse(self.repo_file.exists())

    def test_long_name(self):
        proc = self.cli("enable", "a" * 5000)
        self.assert_refusal(proc, EXIT_TOPIC)
        self.assertFalse(self.repo_file.exists())


class Unwritable(CliCase):
    def check_refused(self, args):
        before = self.snapshot()
        proc = self.cli(*args)
        self.assert_refusal(proc, EXIT_ENV)
        self.assertEqual(self.snapshot(), before)
        proc = self.cli("--json", *args)
        self.assert_json_error(proc, EXIT_ENV)
        self.assertEqual(self.snapshot(), before)

    def test_immutable_repos_dir_no_file(self):
        self.chattr_immutable(self.reposdir)
        self.check_refused(["enable", "nginx1"])
        self.check_refused(["install", "-y", "nginx1"])
        self.assertFalse(self.repo_file.exists())

    def test_immutable_repos_dir_existing_file(self):
        self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        self.chattr_immutable(self.reposdir)
        self.check_refused(["enable", "postgresql13"])
        self.check_refused(["disable", "nginx1"])

    def test_immutable_repo_file(self):
        self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        self.chattr_immutable(self.repo_file)
        self.check_refused(["enable", "postgresql13"])
        self.check_refused(["disable", "nginx1"])

    def test_list_still_works_on_immutable_dir(self):
        self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        self.chattr_immutable(self.reposdir)
        proc = self.cli("list")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("nginx1=latest", proc.out)


class NotRoot(CliCase):
    PREFIX = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]

    def setUp(self):
        super().setUp()
        if os.geteuid() != 0:
            self.skipTest("needs root to switch to nobody")
        if shutil.which("setpriv") is None:
            self.skipTest("no setpriv")
        for d in (self.home, self.root, self.root / "etc", self.reposdir):
            os.chmod(d, 0o755)
        for f in self.catalog.iterdir():
            f.chmod(0o644)
        os.chmod(self.catalog, 0o755)
        # nobody runs an installed copy (the build tree may be where only root can go)
        self.nobody_bin = harness.installed_cli()
        probe = subprocess.run(self.PREFIX + ["test", "-x", self.nobody_bin, "-a", "-r",
                                              str(self.catalog / "nginx1.yaml")])
        self.assertEqual(probe.returncode, 0, "nobody cannot run %s or read %s"
                         % (self.nobody_bin, self.catalog))

    def as_nobody(self, *args):
        return self.cli(*args, prefix=self.PREFIX, binary=self.nobody_bin)

    def test_enable_disable_install_need_root(self):
        for with_file in (False, True):
            if with_file:
                self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
            for args in (["enable", "postgresql13"], ["disable", "nginx1"],
                         ["install", "-y", "postgresql13"], ["enable", "nginx1"]):
                with self.subTest(args=args, with_file=with_file):
                    before = self.snapshot()
                    proc = self.as_nobody(*args)
                    self.assert_refusal(proc, EXIT_ENV, "root")
                    self.assertEqual(self.snapshot(), before)
                    proc = self.as_nobody("--json", *args)
                    self.assert_json_error(proc, EXIT_ENV)
                    self.assertEqual(self.snapshot(), before)

    def test_list_and_info_work_as_nobody(self):
        self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        proc = self.as_nobody("list")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("nginx1=latest", proc.out)
        self.assertIn("enabled", proc.out)
        proc = self.as_nobody("info", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("postgresql", proc.out)
        proc = self.as_nobody("--json", "list")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        names = [t["name"] for t in harness.parse_json(proc.out)["topics"]]
        self.assertIn("nginx1", names)
        for p in (proc,):
            for noise in NOISE:
                self.assertNotIn(noise, p.err)


class Usage(CliCase):
    def test_unknown_command_and_option(self):
        for args in (["frobnicate"], ["--no-such-option", "list"], ["enable"],
                     ["--date", "yesterday", "list"]):
            with self.subTest(args=args):
                proc = self.cli(*args)
                self.assertEqual(proc.returncode, EXIT_USAGE, self.describe(proc))
                for noise in NOISE:
                    self.assertNotIn(noise, proc.err)
                self.assertFalse(self.repo_file.exists())
                proc = self.cli("--json", *args)
                self.assert_json_error(proc, EXIT_USAGE)


if __name__ == "__main__":
    sys.exit(harness.main())
