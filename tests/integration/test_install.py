# SPDX-License-Identifier: LGPL-2.1-or-later
"""`amazon-linux-extras install` against real RPMs, repositories and dnf.

RPMs are built from tests/integration/specs/ and signed by a throw-away key,
served on 127.0.0.1 through the real mirrorlist scheme (see harness.py), and
installed by the real `dnf --installroot`; the rpmdb is checked afterwards.
Only the rollback tests put a failing command in the package manager's place.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_install.py
"""

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

# tests/data/fixtures keeps a copy of spec/fixtures: the original's file after `enable nginx1`
SHARED_FIXTURE = (Path(__file__).resolve().parent.parent / "data" / "fixtures"
                  / "amzn2-extras-nginx1.repo")

NGINX_NEVRA = "nginx-0:1.20.1-9.amzn2.0.1.noarch"
PG13_NEVRA = "postgresql-0:13.12-1.amzn2.noarch"
PG13_SERVER_NEVRA = "postgresql-server-0:13.12-1.amzn2.noarch"


def sections(text):
    """[(section name, [(key, value), ...]), ...] of a .repo file, in order."""
    out = []
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            out.append((line[1:-1], []))
        elif " = " in line and out:
            k, v = line.split(" = ", 1)
            out[-1][1].append((k, v))
    return out


class InstallTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-integ-"

    # -- helpers

    def recording_pm(self, exit_code, name="pm"):
        """A package manager that records its argv and the repo file, then exits."""
        record = self.ir.basedir / (name + ".json")
        script = self.ir.basedir / (name + ".py")
        script.write_text(
            "#!%s\n"
            "import json, sys\n"
            "try:\n"
            "    repo = open(%r).read()\n"
            "except FileNotFoundError:\n"
            "    repo = None\n"
            "with open(%r, 'a') as f:\n"
            "    f.write(json.dumps({'argv': sys.argv[1:], 'repo': repo}) + '\\n')\n"
            "sys.exit(%d)\n" % (sys.executable, str(self.repo_file), str(record), exit_code))
        script.chmod(0o755)
        return str(script), record

    def calls(self, record):
        if not record.exists():
            return []
        return [json.loads(line) for line in record.read_text().splitlines()]

    def assert_enabled_section(self, topic):
        text = self.repo_file.read_text()
        secs = dict(sections(text))
        self.assertIn("amzn2extra-" + topic, secs, text)
        keys = dict(secs["amzn2extra-" + topic])
        self.assertEqual(keys.get("enabled"), "1", text)
        self.assertEqual(
            keys.get("mirrorlist"),
            "$awsproto://$amazonlinux.$awsregion.$awsdomain/$releasever/extras/%s/latest/"
            "$basearch/mirror.list" % topic, text)
        # scripts in the wild: `enabled = 1` right after the section header
        self.assertIn("[amzn2extra-%s]\nenabled = 1\n" % topic, text)

    def assert_no_stray_files(self):
        names = sorted(p.name for p in self.repo_file.parent.iterdir())
        self.assertTrue(set(names) <= {"core.repo", "amzn2-extras.repo"},
                        "left in yum.repos.d: %r" % names)

    # -- the harness itself, without the tool: proves the fixture is meaningful

    def test_00_harness_dnf_installs_through_mirrorlist(self):
        """dnf alone, with the original's repo file for nginx1, reaches the topic repo."""
        if SHARED_FIXTURE.exists():
            self.repo_file.write_bytes(SHARED_FIXTURE.read_bytes())
        else:
            self.skipTest("no %s" % SHARED_FIXTURE)
        proc = self.ir.dnf("-y", "install", "nginx")
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assertEqual(self.ir.rpm_query("core-libfoo"), "core-libfoo-0:1.0-1.amzn2.noarch")
        self.assertIn("/2/extras/nginx1/latest/x86_64/mirror.list", self.server.requests)

    def test_01_harness_gpgcheck_refuses_unsigned(self):
        """The signature check is live: an unsigned package in a topic repo is refused."""
        self.server.add_topic("unsigned1", ["nginx-1.20"], signed=False)
        try:
            self.repo_file.write_text(
                SHARED_FIXTURE.read_text().replace("nginx1", "unsigned1"))
            proc = self.ir.dnf("-y", "install", "nginx")
            self.assertNotEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertIn("is not signed", proc.stdout + proc.stderr)
            self.assertIsNone(self.ir.rpm_query("nginx"))
        finally:
            self.server.remove_topic("unsigned1")

    def test_02_harness_tampered_primary_refused_by_dnf(self):
        """tamper_primary() makes metadata that dnf rejects (for issue 3's librepo test)."""
        self.server.add_topic("tampered1", ["nginx-1.20"])
        try:
            self.server.tamper_primary("topics/tampered1")
            self.repo_file.write_text(
                SHARED_FIXTURE.read_text().replace("nginx1", "tampered1")
                .replace("skip_if_unavailable = 1", "skip_if_unavailable = 0"))
            proc = self.ir.dnf("-y", "install", "nginx")
            self.assertNotEqual(proc.returncode, 0, proc.stdout + proc.stderr)
            self.assertIn("checksum doesn't match", proc.stdout + proc.stderr)
            self.assertIsNone(self.ir.rpm_query("nginx"))
        finally:
            self.server.remove_topic("tampered1")

    def test_03_harness_server_restarts_on_same_port(self):
        port = self.server.port
        self.server.stop()
        self.server.start()
        self.assertEqual(self.server.port, port)
        self.assertEqual(self.ir.dnf("-y", "install", "core-libfoo").returncode, 0)

    # -- the tool with the real dnf

    def test_install_nginx1_with_real_dnf(self):
        proc = self.cli("install", "-y", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("Installing nginx\n", proc.stdout, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        # its dependency came from the core repository
        self.assertEqual(self.ir.rpm_query("core-libfoo"), "core-libfoo-0:1.0-1.amzn2.noarch")
        self.assert_enabled_section("nginx1")
        # nginx1 enabled on an empty system: the original's file, byte for byte
        if SHARED_FIXTURE.exists():
            self.assertEqual(self.repo_file.read_bytes(), SHARED_FIXTURE.read_bytes())
        # the topic was reached through its mirrorlist
        self.assertIn("/2/extras/nginx1/latest/x86_64/mirror.list", self.server.requests)
        self.assert_no_stray_files()

    def test_install_again_runs_no_package_manager(self):
        # Installed and up to date: the package manager is not asked (it would
        # be handed nothing), the repo file stays, and the exit code is 0.
        self.assertEqual(self.cli("install", "-y", "nginx1").returncode, 0)
        before = self.repo_file.read_bytes()
        pm, record = self.recording_pm(1)
        proc = self.cli("install", "-y", "nginx1", pm=pm)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.calls(record), [], "the package manager ran")
        self.assertEqual(self.repo_file.read_bytes(), before)
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)

    def test_install_postgresql13_topic_wins_over_core(self):
        """The core has postgresql 9.2; the topic's 13 must be installed."""
        proc = self.cli("install", "-y", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("Installing postgresql, postgresql-server\n", proc.stdout)
        self.assertEqual(self.ir.rpm_query("postgresql"), PG13_NEVRA)
        self.assertEqual(self.ir.rpm_query("postgresql-server"), PG13_SERVER_NEVRA)
        self.assert_enabled_section("postgresql13")

    def test_install_second_topic_keeps_first(self):
        self.assertEqual(self.cli("install", "-y", "nginx1").returncode, 0)
        proc = self.cli("install", "-y", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assertEqual(self.ir.rpm_query("postgresql"), PG13_NEVRA)
        self.assert_enabled_section("nginx1")
        self.assert_enabled_section("postgresql13")

    def test_package_manager_command_line(self):
        """argv = PM + --installroot ROOT + -y [+ -v] + dnf's no-freedom options +
        metadata_expire=0 + install + the NEVRA of every package of the transaction."""
        pm, record = self.recording_pm(0)
        proc = self.cli("install", "-y", "postgresql13", pm=pm)
        # it returned 0 and installed nothing: not what was previewed (exit 6)
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        self.assertIn("differed from the preview", proc.stderr)
        calls = self.calls(record)
        self.assertEqual(len(calls), 1, calls)
        argv = calls[0]["argv"]
        i = argv.index("install")
        self.assertEqual(argv[:i], ["--installroot", str(self.root), "-y",
                                    "--setopt=install_weak_deps=False", "--best",
                                    "--setopt=amzn2extra-postgresql13.metadata_expire=0"])
        # the whole transaction, dependencies included, at the versions solved
        self.assertEqual(sorted(argv[i + 1:]), ["core-libfoo-1.0-1.amzn2.noarch",
                                                "postgresql-13.12-1.amzn2.noarch",
                                                "postgresql-server-13.12-1.amzn2.noarch"], argv)
        # the topic was enabled before the package manager ran
        self.assertIsNotNone(calls[0]["repo"])
        self.assertIn("[amzn2extra-postgresql13]\nenabled = 1\n", calls[0]["repo"])
        # and stays enabled
        self.assert_enabled_section("postgresql13")

    def test_install_pinned_version_with_real_dnf(self):
        """topic=VER puts VER in the mirrorlist URL; the server has .../nginx1/stable/..."""
        proc = self.cli("install", "-y", "nginx1=stable")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("/extras/nginx1/stable/$basearch/mirror.list", self.repo_file.read_text())
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assertIn("/2/extras/nginx1/stable/x86_64/mirror.list", self.server.requests)

    def test_two_topics_one_package_manager_call(self):
        pm, record = self.recording_pm(0)
        proc = self.cli("install", "-y", "nginx1", "postgresql13", pm=pm)
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        calls = self.calls(record)
        self.assertEqual(len(calls), 1, calls)
        argv = calls[0]["argv"]
        i = argv.index("install")
        self.assertIn("--setopt=amzn2extra-nginx1.metadata_expire=0", argv[:i])
        self.assertIn("--setopt=amzn2extra-postgresql13.metadata_expire=0", argv[:i])
        self.assertEqual(len(argv[i + 1:]), 4, argv)
        self.assertIn("[amzn2extra-nginx1]\nenabled = 1\n", calls[0]["repo"])
        self.assertIn("[amzn2extra-postgresql13]\nenabled = 1\n", calls[0]["repo"])

    def test_package_manager_gets_verbose(self):
        pm, record = self.recording_pm(0)
        proc = self.cli("-v", "install", "-y", "nginx1", pm=pm)
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        argv = self.calls(record)[0]["argv"]
        i = argv.index("install")
        self.assertIn("-v", argv[:i], argv)
        self.assertIn("-y", argv[:i], argv)

    def test_yum_quiet_option_is_accepted_and_handed_on(self):
        # Dockerfiles run `amazon-linux-extras install -y --quiet TOPIC`, as with yum
        proc = self.cli("install", "-y", "--quiet", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        pm, record = self.recording_pm(0)
        proc = self.cli("install", "-q", "-y", "postgresql13", pm=pm)
        # the recording package manager installs nothing: not the preview
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        argv = self.calls(record)[0]["argv"]
        self.assertIn("-q", argv[:argv.index("install")], argv)

    def test_package_manager_command_is_shell_split(self):
        """EXTRAS_PACKAGE_MANAGER may carry options of its own, quoted as a shell would."""
        pm, record = self.recording_pm(0)
        proc = self.cli("install", "-y", "nginx1", pm="%s --opt 'two words'" % pm)
        self.assertEqual(proc.returncode, 6, self.describe(proc))
        argv = self.calls(record)[0]["argv"]
        self.assertEqual(argv[:3], ["--opt", "two words", "--installroot"], argv)

    # -- rollback

    def test_failing_package_manager_restores_repo_file(self):
        proc = self.cli("install", "-y", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        os.chmod(self.repo_file, 0o600)
        before = self.repo_file.read_bytes()
        before_mode = stat.S_IMODE(self.repo_file.stat().st_mode)
        pm, record = self.recording_pm(1)
        proc = self.cli("install", "-y", "postgresql13", pm=pm)
        self.assertEqual(proc.returncode, 5, self.describe(proc))
        self.assertEqual(len(self.calls(record)), 1, "the package manager ran once")
        self.assertIn("[amzn2extra-postgresql13]\nenabled = 1\n", self.calls(record)[0]["repo"])
        self.assertEqual(self.repo_file.read_bytes(), before)
        self.assertEqual(stat.S_IMODE(self.repo_file.stat().st_mode), before_mode)
        self.assertIsNone(self.ir.rpm_query("postgresql"))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assert_no_stray_files()

    def test_failing_package_manager_with_false(self):
        """`false` as the package manager: exit 5, repo file as before."""
        self.assertEqual(self.cli("enable", "nginx1").returncode, 0)
        self.assertEqual(self.cli("disable", "nginx1").returncode, 0)
        before = self.repo_file.read_bytes()
        proc = self.cli("install", "-y", "postgresql13", pm=shutil.which("false"))
        self.assertEqual(proc.returncode, 5, self.describe(proc))
        self.assertEqual(self.repo_file.read_bytes(), before)
        self.assertTrue(proc.stderr.strip(), "an error line on stderr")
        self.assertNotIn("Traceback", proc.stderr)

    def test_failing_package_manager_without_repo_file(self):
        """No repo file before: none after (restored exactly as it was)."""
        self.assertFalse(self.repo_file.exists())
        pm, record = self.recording_pm(1)
        proc = self.cli("install", "-y", "postgresql13", pm=pm)
        self.assertEqual(proc.returncode, 5, self.describe(proc))
        self.assertEqual(len(self.calls(record)), 1)
        self.assertIsNotNone(self.calls(record)[0]["repo"], "enabled before the PM ran")
        self.assertFalse(self.repo_file.exists(),
                         "repo file left behind:\n%s" % (self.repo_file.read_text()
                                                         if self.repo_file.exists() else ""))
        self.assert_no_stray_files()

    def test_failing_package_manager_json(self):
        pm, _ = self.recording_pm(1)
        proc = self.cli("--json", "install", "-y", "nginx1", pm=pm)
        self.assertEqual(proc.returncode, 5, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        self.assertIsInstance(doc["error"]["code"], str)
        self.assertIsInstance(doc["error"]["message"], str)
        self.assertFalse(self.repo_file.exists())

    def test_missing_package_real_dnf_rolls_back(self):
        """The topic's package is in no repository: the resolver refuses it
        before dnf runs (a dependency problem, exit 4), nothing changed."""
        self.assertEqual(self.cli("install", "-y", "nginx1").returncode, 0)
        before = self.repo_file.read_bytes()
        proc = self.cli("install", "-y", "empty1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertIn("ghost-server", proc.stderr)
        self.assertEqual(self.repo_file.read_bytes(), before)
        self.assertIsNone(self.ir.rpm_query("ghost-server"))
        self.assert_no_stray_files()

    def test_missing_dependency_real_dnf_rolls_back(self):
        """missingdep-tool requires a capability nobody provides: the resolver
        refuses it before dnf runs (exit 4), naming the capability."""
        self.assertEqual(self.cli("install", "-y", "nginx1").returncode, 0)
        before = self.repo_file.read_bytes()
        proc = self.cli("install", "-y", "missingdep1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertIn("capability-nobody-provides", proc.stderr)
        self.assertEqual(self.repo_file.read_bytes(), before)
        self.assertIsNone(self.ir.rpm_query("missingdep-tool"))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)

    def test_missing_package_real_dnf_no_file_before(self):
        proc = self.cli("install", "-y", "empty1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertFalse(self.repo_file.exists())



PHP72 = ["php-cli-7.2", "php-pdo-7.2", "php-fpm-7.2", "php-json-7.2", "php-mysqlnd-7.2"]


class LampTutorialTest(harness.ServedTestCase):
    """AWS's LAMP tutorial for Amazon Linux 2 runs `amazon-linux-extras install -y
    lamp-mariadb10.2-php7.2 php7.2`: with the embedded catalog (topics/), which declares
    no conflict between the two, both topics install with the real dnf."""
    scratch_prefix = "extrasolv-lamp-"
    served_topics = {"lamp-mariadb10.2-php7.2": PHP72 + ["mariadb-10.2"], "php7.2": PHP72}
    default_catalog = False
    embedded = Path(__file__).resolve().parent.parent.parent / "topics"

    def cli(self, *args):
        env = self.ir.env(EXTRAS_PACKAGE_MANAGER=self.ir.package_manager())
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.embedded),
                "--arch", "x86_64", "--date", "2020-06-01"] + list(args)
        proc = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=300)
        proc.argv = argv
        return proc

    def test_the_tutorial_command_installs_both_topics(self):
        proc = self.cli("install", "-y", "lamp-mariadb10.2-php7.2", "php7.2")
        describe = "%s\nexit %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(proc.argv), proc.returncode, proc.stdout, proc.stderr)
        self.assertEqual(proc.returncode, 0, describe)
        self.assertEqual(self.ir.rpm_query("mariadb"), "mariadb-0:10.2.38-1.amzn2.noarch", describe)
        self.assertEqual(self.ir.rpm_query("php-fpm"), "php-fpm-0:7.2.34-1.amzn2.noarch", describe)
        text = self.repo_file.read_text()
        for topic in ("lamp-mariadb10.2-php7.2", "php7.2"):
            self.assertIn("[amzn2extra-%s]\nenabled = 1\n" % topic, text)
        # list then marks the topics the real catalog declared in conflict, not php7.2
        proc = self.cli("list")
        self.assertRegex(proc.stdout, r"\n  _ [ \u2020]php7\.3 ")
        self.assertRegex(proc.stdout, r"\n  _ [ \u2020]php7\.4 ")
        self.assertRegex(proc.stdout, r"\n 15 [ \u2020]php7\.2=latest ")

if __name__ == "__main__":
    sys.exit(harness.main())
