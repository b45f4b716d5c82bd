# SPDX-License-Identifier: LGPL-2.1-or-later
"""The command line as users and scripts see it: outputs, exit codes, the
repo file's bytes, and --json, for every command and every refusal."""

import functools
import http.server
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path

BIN = os.environ["EXTRAS_BIN"]
SRC = Path(os.environ["EXTRAS_SOURCE_ROOT"])
sys.path.insert(0, str(SRC / "tests" / "integration"))
import harness  # noqa: E402
FIXTURES = SRC / "tests" / "data" / "fixtures"
DATA = SRC / "tests" / "data"
REPO = "etc/yum.repos.d/amzn2-extras.repo"
CORE_NOTICE = "Amazon Linux 2 reached its end of support on 2026-06-30: "


def run(*args, root=None, env=None, check_one_line=True):
    cmd = [BIN]
    if root is not None:
        cmd += ["--root", str(root)]
    cmd += list(args)
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("EXTRAS_PACKAGE")}
    full_env.update({"LC_ALL": "C", "HOME": "/nonexistent"})
    for var in ("CATALOGURL", "BASEARCH", "AWSREGION", "YUMCONFIG_FILE_NAME"):
        full_env.pop(var, None)
    full_env.update(env or {})
    p = subprocess.run(cmd, capture_output=True, env=full_env, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


class Root:
    def __init__(self, repo_bytes=None):
        self.dir = Path(tempfile.mkdtemp(prefix="extrasolv-cli-"))
        (self.dir / "etc/yum.repos.d").mkdir(parents=True)
        if repo_bytes is not None:
            self.repo.write_bytes(repo_bytes)

    @property
    def repo(self):
        return self.dir / REPO

    def repo_bytes(self):
        return self.repo.read_bytes() if self.repo.exists() else None

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class CliTestCase(unittest.TestCase):
    def setUp(self):
        self.root = Root()

    def tearDown(self):
        self.root.cleanup()

    def assertRefused(self, code, args, expect_in_message, root=None):
        """A refusal: the exit code, one line on stderr naming the problem,
        nothing on stdout, and the repo file exactly as it was."""
        root = root or self.root
        before = root.repo_bytes()
        rc, out, err = run(*args, root=root.dir)
        self.assertEqual(rc, code, f"{args}: {err}")
        self.assertEqual(out, "")
        lines = err.splitlines()
        self.assertTrue(lines, "no message on stderr")
        self.assertIn(expect_in_message, lines[-1])
        # One line for the error; end-of-support warnings, and the core's
        # end-of-support line (today is past 2026-06-30), may come before it.
        for line in lines[:-1]:
            self.assertTrue(line.startswith(("Topic ", CORE_NOTICE)), line)
        self.assertEqual(root.repo_bytes(), before)
        # The same with --json: same exit code, one JSON document on stdout.
        rc, out, err = run("--json", *args, root=root.dir)
        self.assertEqual(rc, code)
        doc = harness.parse_json(out)
        self.assertIn(expect_in_message, doc["error"]["message"])
        self.assertIsInstance(doc["error"]["code"], str)
        self.assertEqual(root.repo_bytes(), before)


class TestList(CliTestCase):
    def test_embedded_catalog(self):
        rc, out, err = run("--date", "2024-01-15", "--arch", "x86_64", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        lines = out.splitlines()
        self.assertTrue(any(l.startswith(" 38  nginx1 ") for l in lines), out)
        # php7.4 reached its end of support on 2022-11-03: hidden.
        self.assertNotIn("php7.4", out)
        # † marker for topics whose end of support is ahead, and its footnote.
        self.assertIn("\u2020 Note on end-of-support. Use 'info' subcommand.", lines)

    def test_utf8_whatever_the_locale(self):
        rc, out, _ = run("--date", "2024-01-15", "--arch", "x86_64", root=self.root.dir,
                         env={"LC_ALL": "C"})
        self.assertEqual(rc, 0)
        self.assertIn("\u2020", out)

    def test_fixture_list_04(self):
        root = Root((DATA / "list-04/amzn2-extras.repo").read_bytes())
        try:
            rc, out, err = run("--catalog", str(DATA / "list-04/catalog.yaml"), "--date",
                               "2019-01-28", "--arch", "x86_64", "list", root=root.dir)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, (FIXTURES / "list-04.txt").read_text("utf-8"))
        finally:
            root.cleanup()

    def test_fixture_list_13_is_enable_output(self):
        # list-13.txt is what `enable ansible2` printed with docker and
        # kernel-5.10 enabled: start from that repo file without ansible2.
        full = (DATA / "list-13/amzn2-extras.repo").read_text()
        sections = [s for s in full.split("\n\n") if "amzn2extra-ansible2" not in s]
        root = Root(("\n\n".join(sections).rstrip("\n") + "\n").encode())
        try:
            rc, out, err = run("--catalog", str(DATA / "list-13/catalog.json"), "--date",
                               "2023-01-02", "--arch", "x86_64", "enable", "ansible2",
                               root=root.dir)
            self.assertEqual(rc, 0, err)
            self.assertEqual(out, (FIXTURES / "list-13.txt").read_text("utf-8"))
        finally:
            root.cleanup()

    def test_json(self):
        rc, out, err = run("--json", "--date", "2024-01-15", "--arch", "x86_64",
                           root=self.root.dir)
        self.assertEqual(rc, 0, err)
        doc = harness.parse_json(out)
        topics = {t["name"]: t for t in doc["topics"]}
        for key in ("index", "name", "state", "enabled_version", "versions", "packages",
                    "conflicts", "lts", "end_of_support", "eos", "hidden"):
            self.assertIn(key, topics["nginx1"])
        self.assertEqual(topics["nginx1"]["state"], "available")
        self.assertEqual(topics["nginx1"]["index"], 38)
        self.assertFalse(topics["nginx1"]["lts"])
        self.assertTrue(topics["php7.4"]["hidden"])
        self.assertEqual(topics["php7.4"]["eos"], "reached")
        self.assertEqual(doc["system"]["core_end_of_support"], "2026-06-30")

    def test_hidden_topic_shown_when_enabled(self):
        rc, _, err = run("--date", "2024-01-15", "enable", "php7.4", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        rc, out, _ = run("--date", "2024-01-15", "--arch", "x86_64", root=self.root.dir)
        line = [l for l in out.splitlines() if "php7.4" in l][0]
        self.assertTrue(line.startswith(" 42 *php7.4=latest"), line)
        self.assertIn("* Extra topic has reached end of support.", out.splitlines())

    def test_list_takes_no_arguments(self):
        self.assertRefused(2, ["list", "nginx1"], "list takes no arguments")


class TestEnableDisable(CliTestCase):
    def test_enable_nginx1_writes_the_original_bytes(self):
        rc, out, err = run("--arch", "x86_64", "enable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.root.repo.read_bytes(),
                         (FIXTURES / "amzn2-extras-nginx1.repo").read_bytes())
        self.assertTrue(out.endswith("\nNow you can install:\n # yum clean metadata\n"
                                     " # yum install nginx\n"), out)
        self.assertIn(" 38  nginx1=latest            enabled      [ =stable ]\n", out)
        self.assertEqual(stat.S_IMODE(self.root.repo.stat().st_mode), 0o644)

    def test_enable_version_and_disable(self):
        rc, out, err = run("--arch", "x86_64", "enable", "rust1=1.38.0", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        text = self.root.repo.read_text()
        self.assertIn("/extras/rust1/1.38.0/$basearch/mirror.list", text)
        self.assertIn("rust1=1.38.0", out)
        rc, out, err = run("--arch", "x86_64", "disable", "rust1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        text = self.root.repo.read_text()
        self.assertIn("[amzn2extra-rust1]\nenabled = 0\n", text)
        self.assertIn("[amzn2extra-rust1-source]", text)
        self.assertRegex(out, r" 10  rust1=1\.38\.0 +disabled +")

    def test_keeps_foreign_sections(self):
        foreign = b"# my own repo\n[myrepo]\nname=Mine\nbaseurl=http://example.invalid/\n"
        self.root.repo.write_bytes(foreign)
        rc, _, err = run("enable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.root.repo.read_bytes().startswith(foreign))
        rc, _, err = run("disable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertTrue(self.root.repo.read_bytes().startswith(foreign))

    def test_unknown_topic(self):
        self.assertRefused(1, ["enable", "nosuchtopic"], "nosuchtopic")

    def test_unknown_version(self):
        self.assertRefused(1, ["enable", "rust1=0.0.1"], "rust1")

    def test_version_with_plus_from_info_can_be_enabled(self):
        # A version the catalog accepts (and `info` lists) is one `enable`
        # takes: the catalog and TOPIC=VERSION share one version rule.
        catalog = self.root.dir / "catalog"
        catalog.mkdir()
        (catalog / "foo.yaml").write_text(
            "document: extras-topic\nversion: 1\nname: foo\nsummary: Foo\n"
            "index: {x86_64: 1, aarch64: 1}\nversions: ['1.0+x']\npackages: [foo]\n"
            "arches: [x86_64, aarch64]\n")
        rc, out, err = run("--catalog", str(catalog), "info", "foo", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn("1.0+x", out)
        rc, out, err = run("--catalog", str(catalog), "enable", "foo=1.0+x", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn(b"/extras/foo/1.0+x/$basearch/mirror.list",
                      self.root.repo_bytes() or b"")
        rc, out, err = run("--catalog", str(catalog), "--json", "list", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        foo = [t for t in harness.parse_json(out)["topics"] if t["name"] == "foo"][0]
        self.assertEqual((foo["state"], foo["enabled_version"]), ("enabled", "1.0+x"))

    def test_versions_of_the_architecture(self):
        # docker's aarch64 catalog listed fewer versions than x86_64's (a real aarch64
        # `list`, topics/docker.yaml): each architecture lists, enables and refuses by its own
        rc, out, err = run("--arch", "aarch64", "info", "docker", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"versions: +18\.06\.1 18\.09\.9 stable\n")
        rc, out, err = run("--arch", "aarch64", "--json", "list", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        docker = [t for t in harness.parse_json(out)["topics"] if t["name"] == "docker"][0]
        self.assertEqual(docker["versions"], ["18.06.1", "18.09.9", "stable"])
        self.assertRefused(1, ["--arch", "aarch64", "enable", "docker=17.12.1"],
                           "Topic docker has no version 17.12.1; it has: 18.06.1 18.09.9 stable")
        rc, _, err = run("--arch", "x86_64", "enable", "docker=17.12.1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn(b"/extras/docker/17.12.1/$basearch/mirror.list",
                      self.root.repo_bytes() or b"")

    def test_livepatch_on_aarch64(self):
        self.assertRefused(1, ["--arch", "aarch64", "enable", "livepatch"], "x86_64")

    def test_livepatch_by_name_on_aarch64_as_install_judges(self):
        # enable and install's resolver judge the architecture by one rule: a
        # topic named livepatch is live patches even where a catalog gives it
        # no kernel series and lists aarch64 (enable used to take it).
        catalog = self.root.dir / "catalog"
        catalog.mkdir()
        (catalog / "livepatch.yaml").write_text(
            "document: extras-topic\nversion: 1\nname: livepatch\nsummary: Live patches\n"
            "index: {x86_64: 1, aarch64: 1}\npackages: [kpatch-runtime]\n"
            "arches: [x86_64, aarch64]\n")
        self.assertRefused(1, ["--catalog", str(catalog), "--arch", "aarch64", "enable",
                               "livepatch"], "kernel live patches exist only for x86_64")

    def test_wrong_arch(self):
        self.assertRefused(1, ["--arch", "aarch64", "enable", "php7.4"], "aarch64")

    def test_conflict_with_enabled_topic(self):
        # php7.4 enabled makes php8.x unavailable (the compat spec's real outputs)
        rc, _, err = run("enable", "php7.4", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertRefused(1, ["enable", "php8.1"], "disable php7.4")

    def test_conflict_in_one_call(self):
        # the real catalog declared kernel-5.10 against kernel-5.4 (spec/fixtures/list-13.txt)
        self.assertRefused(1, ["enable", "kernel-5.10", "kernel-5.4"], "kernel-5.")
        self.assertFalse(self.root.repo.exists())

    def test_conflicting_topic_shows_underscore(self):
        run("enable", "kernel-5.10", root=self.root.dir)
        rc, out, _ = run("--arch", "x86_64", root=self.root.dir)
        self.assertRegex(out, r"\n  _  kernel-5\.4 ")

    def test_end_of_support_warning(self):
        rc, out, err = run("--date", "2024-01-15", "enable", "php7.4", root=self.root.dir)
        self.assertEqual(rc, 0)
        self.assertIn("Topic php7.4 has end-of-support date of 2022-11-03", err.splitlines())

    def test_injection_names(self):
        for name in ["a\nb", "a]", "a=b=c", "a/b", "a b", "nginx1=1]", "-x" * 40]:
            self.assertRefused(1 if not name.startswith("-") else 2, ["enable", name], "")
        self.assertFalse(self.root.repo.exists())

    def test_disable_not_enabled(self):
        self.assertRefused(1, ["disable", "nginx1"], "nginx1")

    def test_enable_json(self):
        rc, out, err = run("--json", "enable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        doc = harness.parse_json(out)
        self.assertEqual(doc["enabled"], [{"name": "nginx1", "version": "latest"}])
        self.assertEqual(doc["install"], ["nginx"])
        state = {t["name"]: t["state"] for t in doc["topics"]}
        self.assertEqual(state["nginx1"], "enabled")

    def test_enable_dry_run_writes_nothing_and_says_what_would_change(self):
        rc, out, err = run("--json", "--dry-run", "enable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        doc = harness.parse_json(out)
        self.assertFalse(self.root.repo.exists(), "enable --dry-run wrote the repo file")
        self.assertEqual(list(self.root.repo.parent.iterdir()), [], "a lock or temporary file")
        self.assertTrue(doc["dry_run"])
        rf = doc["repo_file"]
        self.assertEqual((rf["path"], rf["before"], rf["changed"]),
                         (str(self.root.repo), None, True))
        self.assertIn("[amzn2extra-nginx1]\nenabled = 1\n", rf["after"])
        # the real run writes exactly what the dry run said it would
        rc, out, err = run("--json", "enable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        real = harness.parse_json(out)
        self.assertFalse(real["dry_run"])
        self.assertEqual(self.root.repo.read_text(), rf["after"])
        self.assertEqual(real["repo_file"], rf)
        # text mode says it too, and the exit codes are those of a real run
        rc, out, err = run("--dry-run", "disable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn("Dry run: %s would be changed; nothing was written" % self.root.repo, out)
        self.assertEqual(self.root.repo.read_text(), rf["after"])
        self.assertRefused(1, ["--dry-run", "enable", "nosuchtopic"], "nosuchtopic")
        self.assertRefused(1, ["--dry-run", "disable", "php7.4"], "php7.4")

    def test_disable_json_before_after_and_a_second_run_changes_nothing(self):
        self.assertEqual(run("enable", "nginx1", root=self.root.dir)[0], 0)
        enabled = self.root.repo_bytes()
        rc, out, err = run("--json", "--dry-run", "disable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        rf = harness.parse_json(out)["repo_file"]
        self.assertEqual(rf["before"].encode(), enabled)
        self.assertIn("[amzn2extra-nginx1]\nenabled = 0\n", rf["after"])
        self.assertTrue(rf["changed"])
        self.assertEqual(self.root.repo_bytes(), enabled)
        rc, out, err = run("--json", "disable", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertEqual(self.root.repo.read_text(), rf["after"])
        for args in (["disable", "nginx1"], ["enable", "nginx1"], ["enable", "nginx1"]):
            os.utime(self.root.repo, ns=(10**18, 10**18))
            rc, out, err = run("--json", *args, root=self.root.dir)
            self.assertEqual(rc, 0, err)
            second = harness.parse_json(out)["repo_file"]
            self.assertEqual(second["before"] == second["after"], not second["changed"], args)
            # written only when it changes
            self.assertEqual(self.root.repo.stat().st_mtime_ns == 10**18, not second["changed"])
        self.assertEqual([second["changed"], self.root.repo_bytes()], [False, enabled])


class TestJsonFormat(CliTestCase):
    """One versioned format: every document, errors included, has "format" and
    "command" first and conforms to schema/COMMAND.schema.json."""

    def doc(self, *args, rc=0):
        code, out, err = run("--json", *args, root=self.root.dir)
        self.assertEqual(code, rc, out + err)
        self.assertTrue(out.startswith('{"format":1,"command":'), out)
        return harness.parse_json(out)

    def test_repo_ids_follow_the_configured_suffixes(self):
        # The library's naming rule, for the dnf plugin: binary, source, debuginfo.
        code, out, err = run("--json", "list", root=self.root.dir,
                             env={"SRC_SUFFIX": "-src", "DEBUGINFO_SUFFIX": "-dbg"})
        self.assertEqual(code, 0, err)
        nginx = [t for t in harness.parse_json(out)["topics"] if t["name"] == "nginx1"][0]
        self.assertEqual(nginx["repo_ids"],
                         ["amzn2extra-nginx1", "amzn2extra-nginx1-src", "amzn2extra-nginx1-dbg"])

    def test_every_local_command(self):
        self.assertEqual(self.doc("list")["command"], "list")
        self.assertEqual(self.doc("info", "nginx1")["command"], "info")
        self.assertEqual(self.doc("help")["command"], "help")
        self.assertEqual(self.doc("system_motd")["command"], "system_motd")
        self.assertEqual(self.doc("--version")["version"], self.doc("--version")["version"])
        self.assertRegex(self.doc("--version")["version"], r"^\d+\.\d+")

    def test_enabled_and_disabled_have_one_shape(self):
        enabled = self.doc("enable", "nginx1", "php7.4=latest")["enabled"]
        self.assertEqual(enabled, [{"name": "nginx1", "version": "latest"},
                                   {"name": "php7.4", "version": "latest"}])
        self.doc("enable", "rust1=1.38.0")
        disabled = self.doc("disable", "nginx1", "rust1")
        self.assertEqual(disabled["disabled"], [{"name": "nginx1", "version": "latest"},
                                                {"name": "rust1", "version": "1.38.0"}])
        states = {t["name"]: t["state"] for t in disabled["topics"]}
        self.assertEqual((states["nginx1"], states["rust1"]), ("disabled", "disabled"))

    def test_errors_are_one_shape(self):
        for args, rc, code, command in [
                (["frobnicate"], 2, "usage", None),
                (["--no-such-option"], 2, "usage", None),
                (["--arch", "ppc64le", "list"], 2, "usage", None),
                (["info", "nosuch"], 1, "unknown_topic", "info"),
                (["enable", "nosuch"], 1, "unknown_topic", "enable"),
                (["disable"], 2, "usage", "disable")]:
            with self.subTest(args=args):
                doc = self.doc(*args, rc=rc)
                self.assertEqual((doc["command"], doc["error"]["code"],
                                  doc["error"]["exit_code"]), (command, code, rc))

    def test_a_document_off_its_schema_is_refused(self):
        doc = self.doc("list")
        doc["topics"][0]["enabled"] = True         # a member no schema knows
        with self.assertRaises(AssertionError):
            harness.validate_json(doc)
        doc = self.doc("disable", "nginx1", rc=1)
        doc["error"].pop("exit_code")
        with self.assertRaises(AssertionError):
            harness.validate_json(doc)

    def test_unknown_arch_is_a_usage_error_in_text_too(self):
        rc, out, err = run("--arch", "ppc64le", "list", root=self.root.dir)
        self.assertEqual((rc, out), (2, ""))
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("x86_64 or aarch64", err)


class TestInfoHelp(CliTestCase):
    def test_info(self):
        rc, out, err = run("info", "nginx1", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out.splitlines()[0], "nginx1 recommends nginx  # yum install nginx")
        self.assertIn("outside Long Term Support", out)

    def test_info_end_of_support(self):
        rc, out, err = run("--date", "2024-01-15", "info", "php7.4", root=self.root.dir)
        self.assertEqual(rc, 0)
        self.assertEqual(err.splitlines(), ["Topic php7.4 has end-of-support date of 2022-11-03"])
        self.assertIn("successor:", out)

    def test_info_unknown(self):
        rc, out, err = run("--date", "2026-06-29", "info", "nosuch", root=self.root.dir)
        self.assertEqual((rc, out), (1, ""))
        self.assertEqual(len(err.splitlines()), 1)

    def test_info_json(self):
        rc, out, err = run("--json", "info", "livepatch", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        topic = harness.parse_json(out)["topics"][0]
        self.assertEqual(topic["arches"], ["x86_64"])
        self.assertEqual(topic["kernel_series"], ["4.14", "5.10"])

    def test_help_and_motd(self):
        rc, out, _ = run("help")
        self.assertEqual(rc, 0)
        self.assertIn("enable TOPIC", out)
        rc, out, _ = run("system_motd")
        self.assertEqual(rc, 0)
        self.assertIn("2026-06-30", out)

    def test_usage_errors(self):
        for args in (["frobnicate"], ["--date", "2024-13-01"], ["--bogus"], ["info"],
                     ["--root", "/nonexistent/x", "list"]):
            rc, out, err = run(*args)
            self.assertEqual(rc, 2, args)
            self.assertEqual(len(err.splitlines()), 1, err)


class TestCoreEndOfSupport(CliTestCase):
    """From the core's end of support (2026-06-30) on, every command says so in one
    line on stderr, never on stdout, and JSON has it in "system"; system_motd is
    written for the day asked."""

    BEFORE, ON, AFTER = "2026-06-29", "2026-06-30", "2026-12-01"
    COMMANDS = (["list"], ["info", "rust1"], ["enable", "rust1"], ["disable", "rust1"],
                ["info", "nosuchtopic"], ["enable", "nosuchtopic"])

    def test_stderr_line_after_only_and_never_on_stdout(self):
        for date in (self.BEFORE, self.ON, self.AFTER):
            for args in self.COMMANDS:
                rc, out, err = run("--date", date, *args, root=self.root.dir,
                                   env={"EXTRAS_SKIP_ROOT_CHECK": "1"})
                notices = [l for l in err.splitlines() if l.startswith(CORE_NOTICE)]
                self.assertNotIn("end of support on 2026-06-30", out, (date, args))
                if date == self.BEFORE:
                    self.assertEqual(notices, [], (date, args, err))
                    continue
                self.assertEqual(len(notices), 1, (date, args, err))
                self.assertIn("Amazon Linux 2023", notices[0])
                if rc != 0:  # the error stays the last line
                    self.assertFalse(err.splitlines()[-1].startswith(CORE_NOTICE), err)

    def test_json_system_on_every_command(self):
        for date, lts, eos in ((self.BEFORE, True, "note"), (self.AFTER, False, "reached")):
            for args in self.COMMANDS + (["system_motd"],):
                rc, out, err = run("--json", "--date", date, *args, root=self.root.dir,
                                   env={"EXTRAS_SKIP_ROOT_CHECK": "1"})
                doc = harness.parse_json(out)
                system = doc["system"]
                self.assertEqual((system["date"], system["core_lts"], system["core_eos"],
                                  system["core_end_of_support"]),
                                 (date, lts, eos, "2026-06-30"), (args, doc))
                if lts:
                    self.assertIsNone(system["notice"], args)
                else:
                    self.assertTrue(system["notice"].startswith(CORE_NOTICE), args)
                # JSON mode keeps stderr for nothing but what is not in the document
                self.assertNotIn(CORE_NOTICE, err, args)

    def test_motd_for_the_day(self):
        texts = {}
        for date in (self.BEFORE, self.ON, self.AFTER):
            rc, out, err = run("--date", date, "system_motd", root=self.root.dir)
            self.assertEqual(rc, 0, err)
            self.assertEqual(err, "")  # the motd says it itself, at login
            texts[date] = out.splitlines()[0]
        self.assertEqual(texts[self.BEFORE], "Amazon Linux 2 reaches its end of support on "
                         "2026-06-30 (in 1 day). Plan your migration to Amazon Linux 2023.")
        self.assertEqual(texts[self.ON], "Amazon Linux 2 reached its end of support on "
                         "2026-06-30 (today): no more security updates. Migrate to Amazon "
                         "Linux 2023.")
        self.assertIn("(154 days ago)", texts[self.AFTER])
        rc, out, _ = run("--date", "2026-01-01", "system_motd", root=self.root.dir)
        self.assertIn("(in 180 days)", out)
        self.assertNotIn("reached", out)


FACT_KEYS = ("versions", "packages", "conflicts", "end-of-support", "successor", "al2023")


def missing_sources(text):
    """What a topic file fails to cite: it needs a `Sources:` comment, and a `# KEY:` comment for
    each fact it states among FACT_KEYS (`conflicts: []` and a missing key need none, except
    end-of-support and conflicts, whose absence is a fact too)."""
    import re
    comments = [l for l in text.splitlines() if l.startswith("#")]
    body = [l for l in text.splitlines() if not l.startswith("#")]
    missing = [] if any("Sources:" in l for l in comments) else ["Sources:"]
    for key in FACT_KEYS:
        stated = any(re.match(r"%s:" % re.escape(key), l) for l in body)
        if (stated or key in ("end-of-support", "conflicts")) and not any(
                re.match(r"#\s+%s(:| and |, )" % re.escape(key), l) or (" %s:" % key) in l
                for l in comments):
            missing.append(key)
    return missing


def yaml_flow_list(text, key):
    """The items of a top-level `key: [a, b, ...]` flow list (which may wrap onto indented
    lines), as the topic files write them."""
    import re
    m = re.search(r"^%s:\s*\[([^\]]*)\]" % re.escape(key), text, re.M)
    return [x.strip() for x in m.group(1).replace("\n", " ").split(",") if x.strip()] if m else []


def uncited_conflicts(text):
    """The declared conflicts that the file's `# conflicts:` comment paragraph does not name."""
    import re
    para, inside = "", False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if re.match(r"# (%s)( and [a-z0-9-]+)?:" % "|".join(FACT_KEYS + ("visible", "requires",
                                                               "arches")), line):
            inside = line.startswith("# conflicts")
        if inside:
            para += " " + line[1:]
    return [c for c in yaml_flow_list(text, "conflicts") if not re.search(
        r"(?<![\w.-])%s(?![\w-]|\.\d)" % re.escape(c), para)]


class TestEmbeddedCatalog(CliTestCase):
    """The embedded catalog (topics/) as AWS published it, with its sources."""

    def test_every_topic_file_cites_its_sources(self):
        files = sorted((SRC / "topics").glob("*.yaml"))
        self.assertGreater(len(files), 70)
        for f in files:
            if f.name == "catalog.yaml":
                continue
            self.assertEqual(missing_sources(f.read_text()), [], f.name)

    def test_the_sources_check_fails_on_a_file_without_sources(self):
        bare = ("document: extras-topic\nversion: 1\nname: x1\nindex: {x86_64: 1}\n"
                "versions: [stable]\npackages: [x]\nconflicts: [y1]\n")
        self.assertEqual(missing_sources(bare),
                         ["Sources:", "versions", "packages", "conflicts", "end-of-support"])
        cited = ("# Topic x1. Sources: a test.\n# versions: a.\n# packages: b.\n"
                 "# conflicts: c.\n# end-of-support: none known.\n" + bare)
        self.assertEqual(missing_sources(cited), [])

    def test_every_declared_conflict_is_cited(self):
        # Issue 8: every conflict left in the catalog has a real source, so the `# conflicts:`
        # comment names each topic the file declares a conflict with.
        seen = 0
        for f in sorted((SRC / "topics").glob("*.yaml")):
            text = f.read_text()
            if "document: extras-topic" not in text:
                continue
            declared = yaml_flow_list(text, "conflicts")
            seen += len(declared)
            self.assertEqual(uncited_conflicts(text), [], f.name)
        self.assertGreater(seen, 10)

    def test_the_conflict_check_fails_on_an_uncited_conflict(self):
        text = ("# Topic x1. Sources: a test.\n# conflicts: y1 marked `_` in a real list.\n"
                "# end-of-support: none known.\ndocument: extras-topic\nconflicts: [y1, z1]\n")
        self.assertEqual(uncited_conflicts(text), ["z1"])

    def test_markers_follow_only_the_catalog_dates(self):
        # Real outputs of 2025-12-25 show postgresql14, php8.2 and docker without a marker:
        # they end with the core, which the original's list never marked.
        rc, out, err = run("--date", "2025-12-25", "--arch", "x86_64", root=self.root.dir)
        self.assertEqual(rc, 0, err)
        for topic in ("postgresql14", "php8.2", "docker"):
            self.assertRegex(out, r"\n *\d+  %s  " % re.escape(topic))

    def test_lamp_tutorial_topics_enable_together(self):
        rc, out, err = run("--date", "2020-06-01", "--arch", "x86_64", "enable",
                           "lamp-mariadb10.2-php7.2", "php7.2", root=self.root.dir,
                           env={"EXTRAS_SKIP_ROOT_CHECK": "1"})
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"\n  _ [ \u2020]php7\.3 ")
        self.assertNotRegex(out, r"\n  _ [ \u2020]php7\.2")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class TestCatalogUrl(CliTestCase):
    def setUp(self):
        super().setUp()
        self.www = Path(tempfile.mkdtemp(prefix="extrasolv-www-"))
        shutil.copy(DATA / "list-13/catalog.json", self.www / "extras-catalog-x86_64.json")
        handler = functools.partial(QuietHandler, directory=str(self.www))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/extras-catalog-x86_64.json"

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.www, ignore_errors=True)
        super().tearDown()

    def test_fetch_cache_and_fallback(self):
        env = {"CATALOGURL": self.url}
        rc, out, err = run("--arch", "x86_64", "--date", "2023-01-02", root=self.root.dir, env=env)
        self.assertEqual(rc, 0, err)
        self.assertIn(" 67  awscli1 ", out)
        cache = self.root.dir / "var/cache/amzn2extras"
        self.assertEqual(stat.S_IMODE(cache.stat().st_mode), 0o700)
        # The network fails: the cached copy, with one warning line.
        self.server.shutdown()
        self.server.server_close()
        rc, out2, err = run("--arch", "x86_64", "--date", "2023-01-02", root=self.root.dir,
                            env=env)
        self.assertEqual(rc, 0, err)
        self.assertEqual(out2, out)
        self.assertEqual(len(err.splitlines()), 1, err)
        # No cache either: one line, exit 3, no traceback.
        shutil.rmtree(cache)
        rc, out, err = run("--arch", "x86_64", root=self.root.dir, env=env)
        self.assertEqual(rc, 3)
        self.assertEqual(out, "")
        self.assertEqual(len(err.splitlines()), 1, err)
        self.assertIn("127.0.0.1", err)

    def test_catalog_option_url(self):
        rc, out, err = run("--catalog", self.url, "--arch", "x86_64", "--date", "2023-01-02",
                           root=self.root.dir)
        self.assertEqual(rc, 0, err)
        self.assertIn("kernel-5.10", out)


if __name__ == "__main__":
    sys.exit(harness.main())
