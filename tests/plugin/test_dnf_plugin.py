# SPDX-License-Identifier: LGPL-2.1-or-later
"""The dnf plugin extras_suggestions in the real dnf, on real RPMs and repositories.

dnf runs with --installroot (see tests/integration/harness.py) and loads the
plugin from plugin/dnf/ of the source tree (--setopt=pluginpath), with a
configuration that names the amazon-linux-extras under test through a wrapper
that records each run, and the test catalog.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/plugin/test_dnf_plugin.py
"""

import os
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
import harness  # noqa: E402

SOURCE_ROOT = Path(os.environ.get("EXTRAS_SOURCE_ROOT", str(HERE.parent.parent)))
PLUGIN_DIR = SOURCE_ROOT / "plugin" / "dnf"
# tests/data/fixtures keeps a copy of spec/fixtures: the original's output for epel-release
FIXTURE = HERE.parent / "data" / "fixtures" / "extras-suggestions.txt"

NGINX_NEVRA = "nginx-0:1.20.1-9.amzn2.0.1.noarch"
NGINX_NOT_LTS = "nginx-1.20.1-9.amzn2.0.1.noarch: from extras topic nginx1, " \
                "not covered by Long Term Support"
NOT_LTS = "not covered by Long Term Support"


def expected_block(package, topic):
    """The fixture's suggestion for epel-release/epel, made about package/topic: from its
    "is available" line to the FAQ address, with the blank line before and after."""
    lines = FIXTURE.read_text().splitlines()
    start = next(i for i, l in enumerate(lines) if " is available in Amazon Linux Extra" in l)
    end = next(i for i, l in enumerate(lines) if l.startswith("https://"))
    block = [l.replace("epel-release", package).replace("epel", topic)
             for l in lines[start:end + 1]]
    return [""] + block + [""]


def find_run(haystack, needle):
    """Index of the first contiguous occurrence of list needle in list haystack, or -1."""
    for i in range(len(haystack) - len(needle) + 1):
        if haystack[i:i + len(needle)] == needle:
            return i
    return -1


class DnfPluginTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-plugin-"

    def setUp(self):
        super().setUp()
        self.confdir = self.ir.basedir / "plugin-conf"
        self.calls = self.ir.basedir / "cli-calls.log"
        self.configure(self.catalog)

    # -- helpers

    def configure(self, catalog):
        """Plugin configuration: the CLI under test behind a wrapper that records its
        arguments, one line per run, and catalog."""
        wrapper = self.ir.basedir / "amazon-linux-extras"
        wrapper.write_text('#!/bin/sh\necho "$*" >> "%s"\nexec "%s" "$@"\n'
                           % (self.calls, self.bin))
        wrapper.chmod(0o755)
        self.confdir.mkdir(exist_ok=True)
        (self.confdir / "extras_suggestions.conf").write_text(
            "[main]\nenabled = 1\nbinary = %s\ncatalog = %s\n" % (wrapper, catalog))

    def cli_runs(self):
        return self.calls.read_text().splitlines() if self.calls.exists() else []

    def dnf(self, *args, plugin=True):
        argv = self.ir.dnf_argv() + ["--installroot", str(self.root)]
        if plugin:
            argv += ["--setopt=plugins=1", "--setopt=pluginpath=%s" % PLUGIN_DIR,
                     "--setopt=pluginconfpath=%s" % self.confdir]
        else:
            argv += ["--setopt=plugins=0"]
        argv += list(args)
        proc = subprocess.run(argv, env=self.ir.env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=300)
        proc.argv = argv
        return proc

    def cli(self, *args):
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        return harness.run(argv, env=self.ir.env(
            EXTRAS_PACKAGE_MANAGER=self.ir.package_manager()))

    def hand_repo(self, topic):
        """Define amzn2extra-TOPIC in a .repo file of its own, as a user might by hand."""
        (self.root / "etc" / "yum.repos.d" / ("%s-by-hand.repo" % topic)).write_text(
            "[amzn2extra-%s]\nname = %s by hand\nbaseurl = %s\nenabled = 1\n"
            "gpgcheck = 1\ngpgkey = file://%s\nmetadata_expire = 0\n"
            % (topic, topic, self.server.topic_baseurl(topic), harness.KEY_PATH))

    def describe(self, proc):
        return "%s\nexit %d\nstdout:\n%s\nstderr:\n%s\nCLI runs: %r" % (
            " ".join(proc.argv), proc.returncode, proc.stdout, proc.stderr, self.cli_runs())

    # -- suggestions

    def test_missing_package_of_a_topic_not_enabled_gets_the_original_suggestion(self):
        proc = self.dnf("install", "-y", "nginx")
        self.assertNotEqual(proc.returncode, 0, self.describe(proc))
        self.assertIsNone(self.ir.rpm_query("nginx"))
        block = expected_block("nginx", "nginx1")
        lines = proc.stdout.splitlines()
        self.assertNotEqual(find_run(lines, block), -1,
                            "suggestion block %r missing\n%s" % (block, self.describe(proc)))
        self.assertEqual(proc.stdout.count("is available in Amazon Linux Extra"), 1,
                         self.describe(proc))
        self.assertEqual(self.cli_runs(), ["--root %s --catalog %s --json list"
                                           % (self.root, self.catalog)])

    def suggestion_lines(self, catalog_topics, catalog_yaml=None):
        catalog = harness.write_catalog(self.ir.basedir / "catalog-suggest", catalog_topics)
        if catalog_yaml:
            (catalog / "catalog.yaml").write_text(catalog_yaml)
        self.configure(catalog)
        proc = self.dnf("install", "-y", "nginx")
        self.assertNotEqual(proc.returncode, 0, self.describe(proc))
        return proc, proc.stdout.splitlines()

    def test_suggestion_prefers_a_live_topic(self):
        # nginx0 comes first in the catalog but its support ended: nginx1 is suggested
        topics = [dict(t) for t in harness.TEST_TOPICS] + [
            {"name": "nginx0", "packages": ["nginx"], "index": 0, "end-of-support": "2020-01-31"}]
        for t in topics[:-1]:
            t["index"] = topics.index(t) + 1
        proc, lines = self.suggestion_lines(topics)
        self.assertNotEqual(find_run(lines, expected_block("nginx", "nginx1")), -1,
                            self.describe(proc))
        self.assertNotIn("nginx0", proc.stdout, self.describe(proc))
        self.assertNotIn("past its end of support", proc.stdout, self.describe(proc))

    def test_only_a_topic_past_its_end_says_so_with_its_live_successor(self):
        topics = [dict(t) for t in harness.TEST_TOPICS] + [
            {"name": "nginx2", "packages": ["nginx2-server"]}]
        for t in topics:
            if t["name"] == "nginx1":
                t.update({"end-of-support": "2020-01-31", "successor": "nginx2"})
        proc, lines = self.suggestion_lines(topics)
        i = find_run(lines, ['nginx is available in Amazon Linux Extra topic "nginx1"'])
        self.assertNotEqual(i, -1, self.describe(proc))
        self.assertEqual(lines[i + 1], 'Topic "nginx1" is past its end of support (2020-01-31); '
                         'its successor is nginx2: amazon-linux-extras install nginx2.',
                         self.describe(proc))

    def test_after_the_core_end_the_suggestion_names_the_al2023_packages(self):
        import datetime
        yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "nginx1":
                t["al2023"] = "[nginx]"
        proc, lines = self.suggestion_lines(
            topics, "document: extras-catalog\nversion: 1\ncore-end-of-support: %s\n" % yesterday)
        i = find_run(lines, ['nginx is available in Amazon Linux Extra topic "nginx1"'])
        self.assertNotEqual(i, -1, self.describe(proc))
        self.assertEqual(lines[i + 1], 'Topic "nginx1" is past its end of support (%s); it has '
                         'no successor on Amazon Linux 2; on Amazon Linux 2023: dnf install '
                         'nginx.' % yesterday, self.describe(proc))

    def test_the_cli_gets_a_clean_environment_and_an_absolute_path(self):
        # what dnf's caller has in its environment must not steer the CLI (run as root)
        seen = self.ir.basedir / "cli-env.txt"
        wrapper = self.ir.basedir / "amazon-linux-extras"
        wrapper.write_text('#!/bin/sh\nenv > "%s"\necho "$*" >> "%s"\nexec "%s" "$@"\n'
                           % (seen, self.calls, self.bin))
        argv = self.ir.dnf_argv() + [
            "--installroot", str(self.root), "--setopt=plugins=1",
            "--setopt=pluginpath=%s" % PLUGIN_DIR, "--setopt=pluginconfpath=%s" % self.confdir,
            "install", "-y", "nginx"]
        env = self.ir.env(CATALOGURL="http://evil.example/catalog.yaml",
                          YUMCONFIG_FILE_NAME="evil.repo", LD_PRELOAD="/nonexistent/evil.so",
                          PATH="/nonexistent/evil-bin:" + os.environ.get("PATH", ""))
        proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)
        proc.argv = argv
        self.assertEqual(len(self.cli_runs()), 1, self.describe(proc))
        names = {line.split("=", 1)[0] for line in seen.read_text().splitlines() if "=" in line}
        for name in ("CATALOGURL", "YUMCONFIG_FILE_NAME", "LD_PRELOAD"):
            self.assertNotIn(name, names, seen.read_text())
        self.assertNotIn("evil", seen.read_text())
        # a binary that is not an absolute path is not looked up in PATH
        (self.confdir / "extras_suggestions.conf").write_text(
            "[main]\nenabled = 1\nbinary = amazon-linux-extras\ncatalog = %s\n" % self.catalog)
        seen.unlink()
        proc = subprocess.run(argv, env=dict(env, PATH="%s:%s" % (self.ir.basedir,
                                                                  os.environ.get("PATH", ""))),
                              capture_output=True, text=True, timeout=300)
        self.assertFalse(seen.exists(), "the CLI was found through PATH")
        self.assertIn("not an absolute path", proc.stdout + proc.stderr)

    def test_missing_package_that_no_topic_offers_gets_no_suggestion(self):
        proc = self.dnf("install", "-y", "no-such-package")
        self.assertNotEqual(proc.returncode, 0, self.describe(proc))
        self.assertNotIn("Amazon Linux Extra", proc.stdout + proc.stderr, self.describe(proc))

    def test_missing_package_of_an_enabled_topic_gets_no_suggestion(self):
        # empty1 is enabled, but its repository lacks its package ghost-server
        self.cli("enable", "empty1")
        proc = self.dnf("install", "-y", "ghost-server")
        self.assertNotEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("ghost-server", proc.stdout + proc.stderr, self.describe(proc))
        self.assertNotIn("Amazon Linux Extra topic", proc.stdout, self.describe(proc))

    # -- non-LTS flagging

    def test_package_of_a_topic_is_flagged_not_lts(self):
        self.cli("enable", "nginx1")
        proc = self.dnf("install", "-y", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assertIn(NGINX_NOT_LTS + "\n", proc.stderr, self.describe(proc))
        self.assertNotIn("past its end of support", proc.stderr, self.describe(proc))
        # one look at the topics per dnf run
        self.assertEqual(len(self.cli_runs()), 1, self.describe(proc))

    def test_topic_past_end_of_support_says_so(self):
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "nginx1":
                t["end-of-support"] = "2020-01-31"
        old = harness.write_catalog(self.ir.basedir / "catalog-eos", topics)
        self.configure(old)
        self.cli("enable", "nginx1")
        proc = self.dnf("install", "-y", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "; past its end of support 2020-01-31\n", proc.stderr,
                      self.describe(proc))

    def test_topic_ends_with_the_core(self):
        # A topic without a date of its own ends with the core: judged today
        # (the CLI's default) against a core end of support of yesterday.
        import datetime
        yesterday = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
        ended = harness.write_catalog(self.ir.basedir / "catalog-core-eos")
        (ended / "catalog.yaml").write_text(
            "document: extras-catalog\nversion: 1\ncore-end-of-support: %s\n" % yesterday)
        self.configure(ended)
        self.cli("enable", "nginx1")
        proc = self.dnf("install", "-y", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "; past its end of support %s\n" % yesterday,
                      proc.stderr, self.describe(proc))

    def test_core_package_is_not_flagged_and_costs_no_cli_run(self):
        self.cli("enable", "nginx1")
        proc = self.dnf("install", "-y", "core-libfoo")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIsNotNone(self.ir.rpm_query("core-libfoo"))
        self.assertNotIn(NOT_LTS, proc.stdout + proc.stderr, self.describe(proc))
        self.assertEqual(self.cli_runs(), [], self.describe(proc))

    # -- hiding

    def test_topic_repository_outside_the_state_file_is_hidden(self):
        # the topic's repository, defined by hand while the topic is not enabled
        self.hand_repo("nginx1")
        proc = self.dnf("-d", "10", "install", "-y", "nginx")
        self.assertNotEqual(proc.returncode, 0, self.describe(proc))
        self.assertIsNone(self.ir.rpm_query("nginx"), self.describe(proc))
        hiding = [l for l in (proc.stdout + proc.stderr).splitlines()
                  if "hiding the packages of amzn2extra-nginx1" in l]
        self.assertEqual(len(hiding), 1, self.describe(proc))
        # the same dnf without the plugin sees the package and installs it
        bare = self.dnf("install", "-y", "nginx", plugin=False)
        self.assertEqual(bare.returncode, 0, self.describe(bare))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)

    def test_hiding_and_flagging_in_one_dnf_run_ask_the_cli_once(self):
        self.cli("enable", "nginx1")
        self.hand_repo("postgresql13")
        proc = self.dnf("install", "-y", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn(NGINX_NOT_LTS + "\n", proc.stderr, self.describe(proc))
        self.assertEqual(len(self.cli_runs()), 1, self.describe(proc))
        # postgresql13's packages are hidden: the core's postgresql 9.2 is what installs
        proc = self.dnf("install", "-y", "postgresql")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("postgresql"), "postgresql-0:9.2.24-8.amzn2.noarch",
                         self.describe(proc))

    def test_enabled_topic_repository_is_not_hidden_and_costs_no_extra_cli_run(self):
        self.cli("enable", "nginx1")
        proc = self.dnf("list", "--available", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("amzn2extra-nginx1", proc.stdout, self.describe(proc))
        # the repository comes from the state file: no need to ask the CLI
        self.assertEqual(self.cli_runs(), [], self.describe(proc))


if __name__ == "__main__":
    sys.exit(harness.main())
