# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Ansible collection extrasolv.extras (module topic) run by the real
ansible-playbook (ansible-core) against localhost (connection local), with root:
an installroot of tests/integration/harness.py (real RPMs, repositories on
127.0.0.1, real dnf --installroot).

What a user of the module notices is asserted: the play's recap and output, the
task results (recorded by callback_plugins/extrasolv_record.py), the repository
file's bytes, the rpmdb, and the package manager's runs (a wrapper named
record-dnf logs each run, then executes the real dnf).

Run: EXTRAS_BIN=build/cli/amazon-linux-extras \
     EXTRAS_ANSIBLE_COLLECTIONS=build/plugin/ansible/collections \
     python3 tests/ansible/test_ansible.py
Exit 77 when ansible-playbook is missing (CI has it: .ci/deps installs ansible-core).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "integration"))
import harness  # noqa: E402

CATALOG_YAML = "document: extras-catalog\nversion: 1\ncore-end-of-support: 2026-06-30\n"
NGINX_NEVRA = "nginx-0:1.20.1-9.amzn2.0.1.noarch"
MODULE = "extrasolv.extras.topic"


def collections_path():
    """The collection under test: $EXTRAS_ANSIBLE_COLLECTIONS (meson sets it to the
    build tree's plugin/ansible/collections), else build/plugin/ansible/collections."""
    env = os.environ.get("EXTRAS_ANSIBLE_COLLECTIONS")
    if env:
        return Path(env)
    build = os.environ.get("EXTRAS_BUILD_ROOT", str(HERE.parent.parent / "build"))
    return Path(build) / "plugin" / "ansible" / "collections"


def python_for_modules():
    """The interpreter ansible runs the module with: ansible-core's own python3."""
    for candidate in ("/usr/bin/python3", sys.executable):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return "python3"


def amazon_linux_2_pythons():
    """Interpreters of Amazon Linux 2's versions (its /usr/bin/python is 2.7, its python3
    3.7) found here: on PATH or in pyenv's versions; {version: path}."""
    import glob
    found = {}
    for version in ("2.7", "3.7"):
        candidates = [shutil.which("python" + version)] + sorted(glob.glob(
            os.path.expanduser("~/.pyenv/versions/%s.*/bin/python%s" % (version, version))))
        for path in candidates:
            if not path:
                continue
            proc = subprocess.run([path, "-c", "import json, sys; print('%d.%d' % "
                                   "sys.version_info[:2])"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
            if proc.returncode == 0 and proc.stdout.strip() == version:
                found[version] = path
                break
    return found


class Play:
    """One ansible-playbook run: exit status, output, and the task results."""

    def __init__(self, proc, records, argv):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.records = records
        self.argv = argv

    def results(self, task=None):
        return [r for r in self.records if task is None or r["task"] == task]

    def result(self, task):
        found = self.results(task)
        if len(found) != 1:
            raise AssertionError("task %r: %d results\n%s" % (task, len(found), self))
        return found[0]

    def recap(self, host="localhost"):
        m = re.search(r"^%s\s*:\s*(.*)$" % re.escape(host), self.stdout, re.M)
        if not m:
            raise AssertionError("no recap for %s\n%s" % (host, self))
        return {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", m.group(1))}

    def __str__(self):
        return "%s\nexit %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(self.argv), self.rc, self.stdout, self.stderr)


class AnsibleTopicTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-ansible-"

    @classmethod
    def setUpClass(cls):
        cls.playbook_bin = shutil.which("ansible-playbook")
        if cls.playbook_bin is None:
            raise unittest.SkipTest("ansible-playbook not found (Debian package ansible-core)")
        cls.collections = collections_path()
        module = (cls.collections / "ansible_collections" / "extrasolv" / "extras" / "plugins"
                  / "modules" / "topic.py")
        if not module.exists():
            raise unittest.SkipTest("no collection at %s (build it: ninja)" % module)
        super().setUpClass()
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "nginx1":
                t["al2023"] = "[nginx]"
            if t["name"] == "php7.4":
                t.update({"end-of-support": "2022-11-03", "successor": "php8.0",
                          "al2023": "none"})
        cls.catalog = harness.write_catalog(cls.tmp / "catalog-ansible", topics)
        (cls.catalog / "catalog.yaml").write_text(CATALOG_YAML)

    def setUp(self):
        super().setUp()
        self.adir = self.ir.basedir / "ansible"
        for d in ("home", "local-tmp", "remote-tmp"):
            (self.adir / d).mkdir(parents=True)
        # the package manager: real dnf behind a wrapper that logs each run
        self.pm_log = self.ir.basedir / "pm-calls.log"
        wrapper = self.ir.basedir / "record-dnf"
        wrapper.write_text("#!/bin/sh\nprintf '%%s\\n' \"$*\" >> '%s'\nexec %s \"$@\"\n"
                           % (self.pm_log, " ".join(self.ir.dnf_argv())))
        wrapper.chmod(0o755)
        self.pm = str(wrapper)
        self.plays = 0

    # -- running ansible-playbook

    def env(self):
        env = self.ir.env()
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": str(self.collections),
            "ANSIBLE_CALLBACK_PLUGINS": str(HERE / "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "extrasolv_record",
            "ANSIBLE_HOME": str(self.adir / "home"),
            "ANSIBLE_LOCAL_TEMP": str(self.adir / "local-tmp"),
            "ANSIBLE_REMOTE_TEMP": str(self.adir / "remote-tmp"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_CONFIG": str(self.adir / "ansible.cfg"),
            "ANSIBLE_PYTHON_INTERPRETER": python_for_modules(),
            # ansible-core refuses a locale whose encoding is not UTF-8 (LC_ALL=C)
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
        })
        # HOME (the rpmdb's ~/.rpmmacros) is the installroot's, inside the test's tmp
        env.pop("EXTRAS_PACKAGE_MANAGER", None)
        return env

    def task(self, title, **args):
        """A task of module topic on this test's root and catalog."""
        params = {"root": str(self.root), "catalog": str(self.catalog), "date": "2026-01-01"}
        params.update(args)
        return {"name": title, MODULE: params}

    def play(self, *tasks, check=False, diff=False, extra=(), inventory=None):
        """Write a playbook of tasks and run it (on localhost, or on the hosts of the
        inventory text given); returns a Play."""
        self.plays += 1
        n = self.plays
        (self.adir / "ansible.cfg").write_text("[defaults]\n")
        inventory_text = inventory or "localhost ansible_connection=local\n"
        inventory = self.adir / "inventory.ini"
        inventory.write_text(inventory_text)
        playbook = self.adir / ("play%d.yml" % n)
        # JSON is YAML: no quoting questions for paths
        playbook.write_text(json.dumps([{
            "hosts": "all", "gather_facts": False,
            "environment": {"EXTRAS_PACKAGE_MANAGER": self.pm},
            "tasks": list(tasks)}], indent=1))
        record = self.adir / ("play%d.jsonl" % n)
        argv = [self.playbook_bin, "-i", str(inventory), str(playbook)]
        if check:
            argv.append("--check")
        if diff:
            argv.append("--diff")
        argv += list(extra)
        env = self.env()
        env["EXTRASOLV_RECORD"] = str(record)
        proc = subprocess.run(argv, env=env, cwd=str(self.adir), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=600)
        records = []
        if record.exists():
            records = [json.loads(line) for line in record.read_text().splitlines()]
        play = Play(proc, records, argv)
        self.assertNotIn("Traceback", play.stdout + play.stderr, str(play))
        return play

    # -- what the user sees on the system

    def pm_calls(self):
        if not self.pm_log.exists():
            return []
        return self.pm_log.read_text().splitlines()

    def rpmdb(self):
        """Every installed package with its install time (a reinstall changes it)."""
        proc = harness.run(["rpm", "--root", str(self.root), "--define",
                            "_dbpath %s" % harness.RPMDB_PATH, "-qa", "--qf",
                            "%{NAME}-%{EPOCHNUM}:%{VERSION}-%{RELEASE}.%{ARCH} %{INSTALLTIME}\\n"],
                           env=self.ir.env())
        return sorted(proc.stdout.splitlines())

    def repo_bytes(self):
        """The repository file's bytes and mtime (None when absent)."""
        if not self.repo_file.exists():
            return None
        st = self.repo_file.stat()
        return (self.repo_file.read_bytes(), st.st_mtime_ns, st.st_ino)

    def section(self, topic):
        """{key: value} of [amzn2extra-TOPIC] in the repository file."""
        out, cur = {}, None
        for line in self.repo_file.read_text().splitlines():
            if line.startswith("["):
                cur = line.strip("[]")
            elif cur == "amzn2extra-" + topic and " = " in line:
                k, v = line.split(" = ", 1)
                out[k] = v
        return out

    def cli(self, *args):
        env = self.ir.env(EXTRAS_PACKAGE_MANAGER=self.ir.package_manager())
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        self.assertEqual(proc.returncode, 0, "%s\n%s%s" % (argv, proc.stdout, proc.stderr))
        return proc

    def assert_topics_conform(self, result):
        """The module's topics are the CLI's topic objects (schema/common.schema.json)."""
        for topic in result["topics"]:
            harness.validate_json({"format": 1, "command": "list", "topics": [topic],
                                   "system": self.system(), "warnings": []})

    def system(self):
        if not hasattr(self, "_system"):
            proc = self.cli("--json", "list")
            self._system = json.loads(proc.stdout)["system"]
        return self._system

    # -- enabled

    def test_enabled_twice(self):
        first = self.play(self.task("enable nginx1", name="nginx1"))
        self.assertEqual(first.rc, 0, str(first))
        self.assertEqual(first.recap()["changed"], 1, str(first))
        r = first.result("enable nginx1")["result"]
        self.assertTrue(r["changed"])
        self.assertEqual(self.section("nginx1")["enabled"], "1")
        self.assertEqual([(t["name"], t["state"], t["enabled_version"]) for t in r["topics"]],
                         [("nginx1", "enabled", "latest")])
        self.assert_topics_conform(r)
        self.assertEqual(r["repo_file"]["path"], str(self.repo_file))
        self.assertIsNone(r["repo_file"]["before"])
        self.assertEqual(r["repo_file"]["after"], self.repo_file.read_text())
        self.assertNotIn("diff", r)  # not asked for
        before = self.repo_bytes()

        second = self.play(self.task("enable nginx1", name="nginx1"))
        self.assertEqual(second.rc, 0, str(second))
        self.assertEqual(second.recap()["changed"], 0, str(second))
        self.assertFalse(second.result("enable nginx1")["result"]["changed"])
        self.assertEqual(self.repo_bytes(), before, "the repository file was rewritten")
        self.assertEqual(self.pm_calls(), [])

        # a version pin is a change, then none
        pinned = self.play(self.task("pin", name="nginx1", version="stable"))
        self.assertEqual(pinned.recap()["changed"], 1, str(pinned))
        self.assertIn("/extras/nginx1/stable/", self.section("nginx1")["mirrorlist"])
        again = self.play(self.task("pin", name=["nginx1=stable"]))
        self.assertEqual(again.recap()["changed"], 0, str(again))

    # -- disabled

    def test_disabled_twice(self):
        self.cli("enable", "nginx1")
        before = self.repo_bytes()
        first = self.play(self.task("disable", name=["nginx1", "postgresql13"],
                                    state="disabled"))
        self.assertEqual(first.rc, 0, str(first))
        self.assertEqual(first.recap()["changed"], 1, str(first))
        r = first.result("disable")["result"]
        self.assertNotEqual(self.repo_bytes(), before)
        self.assertEqual(self.section("nginx1")["enabled"], "0")
        self.assertNotIn("[amzn2extra-postgresql13]", self.repo_file.read_text())
        # only the enabled topic was disabled (the CLI refuses a topic without sections)
        disables = [c for c in r["commands"] if "disable" in c]
        self.assertEqual(len(disables), 1, r["commands"])
        self.assertEqual(disables[0][-1], "nginx1")
        states = {t["name"]: t["state"] for t in r["topics"]}
        self.assertEqual(states, {"nginx1": "disabled", "postgresql13": "available"})
        self.assert_topics_conform(r)
        after = self.repo_bytes()

        second = self.play(self.task("disable", name=["nginx1", "postgresql13"],
                                     state="disabled"))
        self.assertEqual(second.rc, 0, str(second))
        self.assertEqual(second.recap()["changed"], 0, str(second))
        r = second.result("disable")["result"]
        self.assertFalse(r["changed"])
        self.assertEqual([c for c in r["commands"] if "disable" in c], [])
        self.assertEqual(self.repo_bytes(), after, "the repository file was rewritten")

        bad = self.play(self.task("disable", name="nginx1", state="disabled", version="1"))
        self.assertEqual(bad.rc, 2, str(bad))
        self.assertIn("version is only for state enabled or installed",
                      bad.result("disable")["result"]["msg"])

    # -- installed

    def test_installed_twice(self):
        first = self.play(self.task("install", name=["nginx1", "php7.4"], state="installed"))
        self.assertEqual(first.rc, 0, str(first))
        self.assertEqual(first.recap()["changed"], 1, str(first))
        r = first.result("install")["result"]
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assertIsNotNone(self.ir.rpm_query("php-cli"))
        self.assertEqual(len(self.pm_calls()), 1, self.pm_calls())
        self.assertIn("install", self.pm_calls()[0])
        by_name = {p["name"]: p for p in r["transaction"]}
        self.assertEqual((by_name["nginx"]["action"], by_name["nginx"]["topic"],
                          by_name["nginx"]["lts"]), ("install", "nginx1", False))
        self.assertEqual((by_name["core-libfoo"]["topic"], by_name["core-libfoo"]["lts"]),
                         (None, True))
        self.assertIn("nginx-1.20.1-9.amzn2.0.1.noarch", r["installed"])
        # the facts: topic states, and per package LTS, end of support, replacement
        self.assertEqual({t["name"]: t["state"] for t in r["topics"]},
                         {"nginx1": "enabled", "php7.4": "enabled"})
        self.assert_topics_conform(r)
        pk = {p["name"]: p for p in r["packages"]}
        self.assertEqual(sorted(pk), ["nginx", "php-cli", "php-fpm"])
        self.assertEqual((pk["nginx"]["lts"], pk["nginx"]["past_end_of_support"],
                          pk["nginx"]["al2023"]), (False, False, ["nginx"]))
        self.assertEqual((pk["php-cli"]["past_end_of_support"], pk["php-cli"]["end_of_support"],
                          pk["php-cli"]["live_successor"], pk["php-cli"]["al2023"]),
                         (True, "2022-11-03", "php8.0", []))
        self.assertEqual(r["core"]["support_status"], "supported")
        rpmdb = self.rpmdb()
        repo = self.repo_bytes()

        second = self.play(self.task("install", name=["nginx1", "php7.4"], state="installed"))
        self.assertEqual(second.rc, 0, str(second))
        self.assertEqual(second.recap()["changed"], 0, str(second))
        r = second.result("install")["result"]
        self.assertFalse(r["changed"])
        self.assertEqual(r["transaction"], [])
        self.assertEqual(r["installed"], [])
        self.assertEqual(len(self.pm_calls()), 1, "the package manager ran again: %r"
                         % self.pm_calls())
        self.assertEqual(self.rpmdb(), rpmdb)
        self.assertEqual(self.repo_bytes(), repo)
        # previews only: no command without --dry-run that writes
        for argv in r["commands"]:
            self.assertTrue("--dry-run" in argv or "supportinfo" in argv, argv)
        # the facts as before; past the core's end of support nginx is unsupported too
        later = self.play(self.task("install", name="nginx1", state="installed",
                                    date="2026-07-01"))
        notice = json.loads(self.cli("--json", "--date", "2026-07-01", "list").stdout
                            )["system"]["notice"]
        self.assertTrue(notice)
        warnings = later.result("install")["result"]["warnings"]
        self.assertIn(notice, warnings)
        self.assertEqual(len(warnings), len(set(warnings)), warnings)  # each once
        # ansible wraps its [WARNING] lines
        self.assertIn(notice, " ".join((later.stderr + later.stdout).split()))
        pk = {p["name"]: p for p in later.result("install")["result"]["packages"]}
        self.assertEqual((pk["nginx"]["past_end_of_support"], pk["nginx"]["end_of_support"]),
                         (True, "2026-06-30"))
        self.assertEqual(len(self.pm_calls()), 1)

    def test_installed_when_packages_are_there_only_enables(self):
        """The packages are installed, the topic was disabled since: enabling is the only
        change, and no package manager runs."""
        self.cli("install", "-y", "nginx1")
        self.cli("disable", "nginx1")
        rpmdb = self.rpmdb()
        play = self.play(self.task("install", name="nginx1", state="installed"))
        self.assertEqual(play.recap()["changed"], 1, str(play))
        self.assertEqual(self.section("nginx1")["enabled"], "1")
        self.assertEqual(self.pm_calls(), [])
        self.assertEqual(self.rpmdb(), rpmdb)

    # -- check mode

    def test_check_mode_changes_nothing_and_reports_the_transaction(self):
        self.cli("enable", "nginx1")
        repo = self.repo_bytes()
        rpmdb = self.rpmdb()
        play = self.play(self.task("pg", name="postgresql13", state="installed"),
                         self.task("en", name="php8.0"),
                         self.task("dis", name="nginx1", state="disabled"),
                         check=True, diff=True)
        self.assertEqual(play.rc, 0, str(play))
        self.assertEqual(play.recap()["changed"], 3, str(play))
        self.assertEqual(self.repo_bytes(), repo, "check mode wrote the repository file")
        self.assertEqual(self.rpmdb(), rpmdb, "check mode changed the rpmdb")
        self.assertEqual(self.pm_calls(), [], "check mode ran the package manager")
        self.assertEqual(sorted(p.name for p in self.repo_file.parent.iterdir()),
                         ["amzn2-extras.repo", "core.repo"])
        r = play.result("pg")["result"]
        self.assertTrue(r["changed"])
        tx = {p["name"]: p for p in r["transaction"]}
        self.assertEqual(sorted(tx), ["core-libfoo", "postgresql", "postgresql-server"])
        for name in ("postgresql", "postgresql-server"):
            self.assertEqual((tx[name]["action"], tx[name]["topic"], tx[name]["repo"],
                              tx[name]["lts"], tx[name]["evr"]),
                             ("install", "postgresql13", "amzn2extra-postgresql13", False,
                              "13.12-1.amzn2"))
        self.assertEqual((tx["core-libfoo"]["repo"], tx["core-libfoo"]["lts"]),
                         ("amzn2-core", True))
        # the install schema's transaction element, as the CLI printed it
        harness.validate_json({"format": 1, "command": "install", "transaction": r["transaction"],
                               "problems": [], "installed": None, "dry_run": True,
                               "system": self.system(), "warnings": []})
        self.assertEqual(r["installed"], [])
        # --diff: the repo file's lines and the transaction, each package with its label
        self.assertIn("+[amzn2extra-postgresql13]\n+enabled = 1\n", play.stdout)
        self.assertIn("install postgresql-server-13.12-1.amzn2.noarch from "
                      "amzn2extra-postgresql13 (topic postgresql13, not LTS, support ends "
                      "2026-06-30)\n", play.stdout)
        self.assertIn("install core-libfoo-1.0-1.amzn2.noarch from amzn2-core (core, LTS, "
                      "support ends 2026-06-30)\n", play.stdout)
        # as it would be: the topic enabled
        self.assertEqual([(t["name"], t["state"]) for t in r["topics"]],
                         [("postgresql13", "enabled")])
        self.assertTrue(play.result("en")["result"]["changed"])
        self.assertEqual({t["name"]: t["state"] for t in play.result("dis")["result"]["topics"]},
                         {"nginx1": "disabled"})
        # and the real run afterwards does it
        real = self.play(self.task("pg", name="postgresql13", state="installed"))
        self.assertEqual(real.recap()["changed"], 1, str(real))
        self.assertIsNotNone(self.ir.rpm_query("postgresql-server"))
        self.assertEqual(len(self.pm_calls()), 1)

    # -- diff mode

    def test_diff_mode_shows_the_repo_file_lines(self):
        play = self.play(self.task("enable", name="nginx1"), diff=True)
        self.assertEqual(play.rc, 0, str(play))
        r = play.result("enable")["result"]
        self.assertEqual(r["diff"]["before"], "")
        self.assertEqual(r["diff"]["after"], self.repo_file.read_text())
        self.assertEqual(r["diff"]["after_header"], str(self.repo_file))
        self.assertIn("+[amzn2extra-nginx1]\n+enabled = 1\n", play.stdout)
        self.assertIn("+++ after: %s" % self.repo_file, play.stdout)

        repo = self.repo_bytes()
        check = self.play(self.task("disable", name="nginx1", state="disabled"),
                          check=True, diff=True)
        self.assertEqual(check.rc, 0, str(check))
        self.assertEqual(self.repo_bytes(), repo)
        self.assertRegex(check.stdout, r"\n \[amzn2extra-nginx1\]\n-enabled = 1\n\+enabled = 0\n")

        real = self.play(self.task("disable", name="nginx1", state="disabled"), diff=True)
        self.assertRegex(real.stdout, r"\n \[amzn2extra-nginx1\]\n-enabled = 1\n\+enabled = 0\n")
        self.assertEqual(self.section("nginx1")["enabled"], "0")
        # unchanged: no diff
        again = self.play(self.task("disable", name="nginx1", state="disabled"), diff=True)
        self.assertNotIn("diff", again.result("disable")["result"])
        self.assertNotIn("+++", again.stdout)

    # -- failures

    def test_declared_conflict_and_dependency_problem_fail_with_the_cli_error(self):
        self.cli("enable", "php8.0")
        repo = self.repo_bytes()
        rpmdb = self.rpmdb()
        play = self.play(dict(self.task("conflict", name="php7.4", state="installed"),
                              ignore_errors=True),
                         dict(self.task("conflict-enable", name="php7.4"),
                              ignore_errors=True),
                         dict(self.task("missing", name="missingdep1", state="installed"),
                              ignore_errors=True))
        self.assertEqual(play.rc, 0, str(play))  # ignore_errors
        self.assertEqual(play.recap()["ignored"], 3, str(play))
        for task in ("conflict", "conflict-enable"):
            rec = play.result(task)
            self.assertEqual(rec["status"], "failed")
            r = rec["result"]
            self.assertEqual((r["error_code"], r["exit_code"]), ("topic_conflict", 1))
            self.assertIn("Topic php7.4 conflicts with the enabled topic php8.0", r["msg"])
            self.assertFalse(r["changed"])
            # nothing about what would have been: the task changed nothing
            self.assertNotIn("topics", r)
            self.assertNotIn("repo_file", r)
        r = play.result("missing")["result"]
        self.assertEqual((r["error_code"], r["exit_code"]), ("dependency", 4))
        self.assertIn("nothing provides capability-nobody-provides >= 2", r["msg"])
        self.assertEqual(len(r["problems"]), 1)
        self.assertIn("suggestion:", r["problems"][0])
        self.assertEqual(self.repo_bytes(), repo)
        self.assertEqual(self.rpmdb(), rpmdb)
        self.assertEqual(self.pm_calls(), [])
        # without ignore_errors the play fails (ansible-playbook exit 2) with the message
        failed = self.play(self.task("conflict", name="php7.4", state="installed"))
        self.assertEqual(failed.rc, 2, str(failed))
        self.assertEqual(failed.recap()["failed"], 1)
        self.assertIn("Topic php7.4 conflicts with the enabled topic php8.0", failed.stdout)

    def test_package_manager_failure_fails_with_the_repo_file_restored(self):
        failing = self.ir.basedir / "failing-dnf"
        failing.write_text("#!/bin/sh\nprintf '%%s\\n' \"$*\" >> '%s'\nexit 1\n" % self.pm_log)
        failing.chmod(0o755)
        self.pm = str(failing)
        play = self.play(self.task("install", name="nginx1", state="installed"))
        self.assertEqual(play.rc, 2, str(play))
        r = play.result("install")["result"]
        self.assertEqual((r["error_code"], r["exit_code"], r["changed"]),
                         ("package_manager", 5, False))
        self.assertEqual(len(self.pm_calls()), 1)
        self.assertFalse(self.repo_file.exists(), "the repository file was not restored")
        self.assertIsNone(self.ir.rpm_query("nginx"))

    def test_unknown_topic_fails_cleanly(self):
        play = self.play(dict(self.task("enable", name="bogus"), ignore_errors=True),
                         dict(self.task("disable", name=["nginx1", "bogus"], state="disabled"),
                              ignore_errors=True),
                         dict(self.task("install", name="bogus", state="installed"),
                              ignore_errors=True),
                         dict(self.task("version", name="nginx1", version="9"),
                              ignore_errors=True),
                         dict(self.task("exe", name="nginx1", executable="/nonexistent/ale"),
                              ignore_errors=True),
                         dict(self.task("both", name="nginx1=stable", version="stable"),
                              ignore_errors=True))
        self.assertEqual(play.recap()["ignored"], 6, str(play))
        for task in ("enable", "disable", "install"):
            r = play.result(task)["result"]
            self.assertEqual((r["error_code"], r["exit_code"]), ("unknown_topic", 1), task)
            self.assertEqual(r["msg"], "Topic bogus is not in the catalog; see "
                                       "amazon-linux-extras list")
        r = play.result("version")["result"]
        self.assertEqual((r["error_code"], r["exit_code"]), ("unknown_version", 1))
        r = play.result("exe")["result"]
        self.assertEqual(r["msg"], "amazon-linux-extras not found at /nonexistent/ale; install "
                                   "extrasolv or set executable to its path")
        self.assertIn("give one of them", play.result("both")["result"]["msg"])
        self.assertFalse(self.repo_file.exists())
        self.assertEqual(self.pm_calls(), [])
        failed = self.play(self.task("enable", name="bogus"))
        self.assertEqual(failed.rc, 2, str(failed))
        self.assertIn("Topic bogus is not in the catalog", failed.stdout)

    def test_fleet_of_20_roots_reports_per_host(self):
        """20 inventory hosts that are 20 installroots (connection local): the play
        finishes on every host and each host reports its own state."""
        roots = [harness.InstallRoot(self.ir.basedir / "fleet" / ("h%02d" % i), self.server,
                                     self.rpms) for i in range(1, 21)]
        inventory = "[fleet]\n" + "".join(
            "host%02d ansible_connection=local extras_root=%s\n" % (i, ir.root)
            for i, ir in enumerate(roots, 1))
        installed = {"host03", "host17"}
        for host in installed:
            ir = roots[int(host[4:]) - 1]
            proc = subprocess.run([self.bin, "--root", str(ir.root), "--catalog",
                                   str(self.catalog), "install", "-y", "nginx1"],
                                  env=ir.env(EXTRAS_PACKAGE_MANAGER=ir.package_manager()),
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            self.assertEqual(proc.returncode, 0, proc.stdout)
        play = self.play(dict(self.task("preview", name="nginx1", state="installed",
                                        root="{{ extras_root }}"), check_mode=True),
                         self.task("enable", name="postgresql13", root="{{ extras_root }}"),
                         inventory=inventory)
        self.assertEqual(play.rc, 0, str(play))
        hosts = ["host%02d" % i for i in range(1, 21)]
        for i, host in enumerate(hosts):
            recap = play.recap(host)
            self.assertEqual((recap["ok"], recap["failed"], recap["unreachable"]), (2, 0, 0),
                             host)
            self.assertEqual(recap["changed"], 1 if host in installed else 2, host)
            results = {r["task"]: r["result"] for r in play.records if r["host"] == host}
            preview = results["preview"]
            if host in installed:
                self.assertEqual(preview["transaction"], [], host)
                self.assertEqual([(p["name"], p["al2023"]) for p in preview["packages"]],
                                 [("nginx", ["nginx"])], host)
            else:
                self.assertIn("nginx", [p["name"] for p in preview["transaction"]], host)
                self.assertEqual(preview["packages"], [], host)
            self.assertEqual(results["enable"]["repo_file"]["path"],
                             str(roots[i].repo_file), host)
            self.assertIn("[amzn2extra-postgresql13]\nenabled = 1\n",
                          roots[i].repo_file.read_text(), host)
            self.assertEqual(bool(roots[i].rpm_query("nginx")), host in installed, host)
        self.assertEqual(self.pm_calls(), [])

    def test_amazon_linux_2_interpreters(self):
        """The module runs under the Pythons an Amazon Linux 2 host has (2.7, 3.7)."""
        pythons = amazon_linux_2_pythons()
        if not pythons:
            self.skipTest("no python2.7 or python3.7 here")
        for version, path in sorted(pythons.items()):
            with self.subTest(python=version):
                extra = ["-e", "ansible_python_interpreter=%s" % path]
                first = self.play(self.task("install", name="nginx1", state="installed"),
                                  dict(self.task("bogus", name="bogus"), ignore_errors=True),
                                  extra=extra)
                self.assertEqual(first.rc, 0, str(first))
                r = first.result("install")["result"]
                self.assertEqual([t["name"] for t in r["topics"]], ["nginx1"], version)
                self.assertEqual([p["name"] for p in r["packages"]], ["nginx"], version)
                bogus = first.result("bogus")["result"]
                self.assertEqual((bogus["error_code"], bogus["exit_code"]), ("unknown_topic", 1))
                self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
                calls = len(self.pm_calls())
                again = self.play(self.task("install", name="nginx1", state="installed"),
                                  extra=extra)
                self.assertEqual(again.recap()["changed"], 0, str(again))
                self.assertEqual(len(self.pm_calls()), calls)
                self.cli("disable", "nginx1")

    def test_default_executable_is_the_build_trees(self):
        """The build tree's collection defaults to the build tree's CLI (an installed one
        to the installed CLI: tests/ansible/test_install_rule.py)."""
        task = self.task("enable", name="nginx1")
        play = self.play(task)
        self.assertEqual(play.rc, 0, str(play))
        cmd = play.result("enable")["result"]["commands"][0]
        self.assertEqual(os.path.realpath(cmd[0]), os.path.realpath(self.bin))


if __name__ == "__main__":
    sys.exit(harness.main())
