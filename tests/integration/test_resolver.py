# SPDX-License-Identifier: LGPL-2.1-or-later
"""The resolver in front of `install`, on real RPMs, repositories and dnf.

Built, signed and served by harness.py (mirrorlist scheme through the yum
variables).  Checks what a user would notice: which packages the preview
flags as outside LTS, which postgresql ends up in the rpmdb, the exit codes
and the untouched repo file of a refusal, refused tampered metadata, the
fallback to the cache when the server is gone, and a warm run that needs
neither the server nor the cached XML (.solv files only).

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_resolver.py
"""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402


class ResolverTestBase(harness.ServedTestCase):
    server_name = "www"
    scratch_prefix = "extrasolv-resolver-"

    def dry_run_json(self, topic, *options):
        proc = self.cli(*(("--json",) + options + ("install", "--dry-run", topic)))
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        return harness.parse_json(proc.stdout), proc


class ResolverTest(ResolverTestBase):
    def test_dry_run_flags_exactly_the_topic_packages(self):
        before = harness.file_digest(self.repo_file)
        doc, proc = self.dry_run_json("postgresql13")
        rows = doc["transaction"]
        self.assertTrue(rows, self.describe(proc))
        for row in rows:
            self.assertEqual(set(row), {"action", "name", "evr", "arch", "repo", "topic", "lts",
                                        "eos", "end_of_support", "end_of_support_from",
                                        "replaces", "live_successor", "al2023",
                                        "al2023_from"})
            from_topic = row["repo"] == "amzn2extra-postgresql13"
            self.assertEqual(row["lts"], not from_topic, row)
            self.assertEqual(row["topic"], "postgresql13" if from_topic else None, row)
        by_name = {r["name"]: r for r in rows}
        # the topic's postgresql 13 wins over the core's 9.2 (priority 10 over 99)
        self.assertTrue(by_name["postgresql"]["evr"].startswith("13."), rows)
        self.assertEqual(by_name["postgresql"]["repo"], "amzn2extra-postgresql13")
        self.assertEqual(by_name["postgresql-server"]["repo"], "amzn2extra-postgresql13")
        # its library comes from the core, which is LTS
        self.assertEqual(by_name["core-libfoo"]["repo"], "amzn2-core", rows)
        self.assertTrue(by_name["core-libfoo"]["lts"])
        self.assertEqual(doc["problems"], [])
        self.assertEqual(harness.file_digest(self.repo_file), before, "dry run changed the repo file")

    def test_dry_run_labels_every_package_with_its_replacement(self):
        # A catalog that knows postgresql13's end and its AL2023 replacement:
        # every package of the topic carries them, core packages none.
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "postgresql13":
                t.update({"end-of-support": "2025-11-13", "al2023": "[postgresql15]"})
        catalog = harness.write_catalog(self.ir.basedir / "catalog-al2023", topics)
        before = harness.file_digest(self.repo_file)
        proc = self.cli("--catalog", str(catalog), "--date", "2026-01-05", "--json",
                        "install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        rows = harness.parse_json(proc.stdout)["transaction"]
        by_name = {r["name"]: r for r in rows}
        for name in ("postgresql", "postgresql-server"):
            row = by_name[name]
            self.assertEqual((row["lts"], row["eos"], row["end_of_support"]),
                             (False, "reached", "2025-11-13"), row)
            self.assertEqual((row["al2023"], row["al2023_from"], row["live_successor"]),
                             (["postgresql15"], "postgresql13", None), row)
        core = by_name["core-libfoo"]
        self.assertEqual((core["lts"], core["al2023"], core["al2023_from"]), (True, None, None))
        self.assertEqual(harness.file_digest(self.repo_file), before)

    def test_text_preview_names_support(self):
        proc = self.cli("install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertRegex(proc.stdout, r"postgresql +13\.12-1\.amzn2 .*amzn2extra-postgresql13 +"
                                      r"topic postgresql13 \(not LTS\)")
        self.assertRegex(proc.stdout, r"core-libfoo .* amzn2-core +core \(LTS\)")
        self.assertEqual(proc.stdout.count("outside Long Term Support"), 1, proc.stdout)

    def test_install_puts_topic_postgresql_in_rpmdb(self):
        proc = self.cli("install", "-y", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        nevra = self.ir.rpm_query("postgresql")
        self.assertIsNotNone(nevra, self.describe(proc))
        self.assertIn("13.12", nevra)
        self.assertIsNotNone(self.ir.rpm_query("postgresql-server"))

    def test_declared_conflict_exits_1_and_changes_nothing(self):
        proc = self.cli("enable", "php7.4")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        before = self.repo_file.read_bytes()
        proc = self.cli("install", "-y", "php8.0")
        self.assertEqual(proc.returncode, 1, self.describe(proc))
        self.assertIn("php7.4", proc.stderr)
        self.assertEqual(self.repo_file.read_bytes(), before)
        self.assertIsNone(self.ir.rpm_query("php-cli"))

    def test_missing_dependency_exits_4_naming_it(self):
        before = harness.file_digest(self.repo_file)
        proc = self.cli("install", "-y", "missingdep1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        self.assertIn("capability-nobody-provides", proc.stderr)
        self.assertEqual(harness.file_digest(self.repo_file), before)
        self.assertIsNone(self.ir.rpm_query("missingdep-tool"))

    def test_missing_dependency_json(self):
        proc = self.cli("--json", "install", "--dry-run", "missingdep1")
        self.assertEqual(proc.returncode, 4, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        self.assertIn("capability-nobody-provides", doc["error"]["message"])
        # the problems one by one, each with libsolv's suggestions
        problems = doc["error"]["problems"]
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("capability-nobody-provides", problems[0])
        self.assertIn("suggestion:", problems[0])

    def test_mirrorlist_urls_get_yum_variables(self):
        # the topic's repository where only the expanded URL finds it
        docroot = self.server.docroot
        moved = docroot / "topics" / harness.RELEASEVER / ("%s-nginx1" % harness.BASEARCH)
        shutil.copytree(docroot / "topics" / "nginx1", moved)
        ml = docroot / harness.RELEASEVER / "extras/nginx1/latest" / harness.BASEARCH / "mirror.list"
        saved = ml.read_text()
        ml.write_text("# mirrors of nginx1\n\n"
                      "$awsproto://$amazonlinux.$awsregion.$awsdomain/topics/$releasever/"
                      "$basearch-nginx1/\n")
        try:
            start = len(self.server.requests)
            doc, proc = self.dry_run_json("nginx1")
            rows = {r["name"]: r for r in doc["transaction"]}
            self.assertEqual(rows["nginx"]["repo"], "amzn2extra-nginx1", self.describe(proc))
            self.assertIn("/topics/2/x86_64-nginx1/repodata/repomd.xml",
                          self.server.requests[start:])
        finally:
            ml.write_text(saved)
            shutil.rmtree(moved)

    def test_why_hidden_package(self):
        # nginx1's repository reached through a repo file that is not the state
        (self.root / "etc/yum.repos.d/other.repo").write_text(
            "[amzn2extra-nginx1]\nname=nginx1 elsewhere\nbaseurl=%s\nenabled=1\ngpgcheck=0\n"
            "priority=10\n" % self.server.topic_baseurl("nginx1"))
        proc = self.cli("why", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("hidden", proc.stdout)
        self.assertIn("nginx1", proc.stdout)

    def test_repo_file_with_colons_is_read_as_yum_reads_it(self):
        # yum (ConfigParser) takes `key: value` as well as `key = value`; the
        # state reader did, the resolver's reader refused the file (exit 3).
        (self.root / "etc/yum.repos.d/other.repo").write_text(
            "[amzn2extra-nginx1]\nname: nginx1 elsewhere\nbaseurl: %s\nenabled: 1\n"
            "gpgcheck: 0\npriority: 10\n" % self.server.topic_baseurl("nginx1"))
        proc = self.cli("why", "nginx")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("hidden", proc.stdout)
        self.assertIn("nginx1", proc.stdout)
        # and `enabled: 1` in the state file means enabled for both readers
        state = self.repo_file.read_text() if self.repo_file.exists() else ""
        proc = self.cli("enable", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.repo_file.write_text(self.repo_file.read_text().replace("enabled = ", "enabled: "))
        (self.root / "etc/yum.repos.d/other.repo").unlink()
        proc = self.cli("--json", "list")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        nginx1 = [t for t in harness.parse_json(proc.stdout)["topics"] if t["name"] == "nginx1"][0]
        self.assertEqual(nginx1["state"], "enabled")
        doc, proc = self.dry_run_json("nginx1")
        self.assertEqual({r["name"]: r["repo"] for r in doc["transaction"]}.get("nginx"),
                         "amzn2extra-nginx1", self.describe(proc))
        self.repo_file.write_text(state)

    def test_metadata_expire_keeps_the_cache_without_network(self):
        core_repo = self.root / "etc/yum.repos.d/core.repo"
        core_repo.write_text(core_repo.read_text().replace("metadata_expire = 0",
                                                           "metadata_expire = 6h"))
        self.dry_run_json("postgresql13")
        start = len(self.server.requests)
        doc, proc = self.dry_run_json("postgresql13")
        self.assertIn("core-libfoo", {r["name"] for r in doc["transaction"]}, self.describe(proc))
        self.assertEqual([r for r in self.server.requests[start:] if r.startswith("/core/")], [])
        # metadata_expire = 0 (the others' setting) asks the server every time
        core_repo.write_text(core_repo.read_text().replace("metadata_expire = 6h",
                                                           "metadata_expire = 0"))
        self.dry_run_json("postgresql13")
        self.assertIn("/core/repodata/repomd.xml", self.server.requests[start:])

    def test_skip_if_unavailable_repository_is_skipped_with_one_warning(self):
        gone = "%s/gone/" % self.server.url
        (self.root / "etc/yum.repos.d/gone.repo").write_text(
            "[gone]\nname=gone\nbaseurl=%s\nenabled=1\ngpgcheck=0\n"
            "skip_if_unavailable=1\n" % gone)
        doc, proc = self.dry_run_json("postgresql13")
        self.assertTrue(doc["transaction"], self.describe(proc))
        warnings = [w for w in doc["warnings"] if "gone" in w]
        self.assertEqual(len(warnings), 1, doc["warnings"])
        self.assertIn(gone, warnings[0])
        # without skip_if_unavailable the same repository stops the run: exit 3
        (self.root / "etc/yum.repos.d/gone.repo").write_text(
            "[gone]\nname=gone\nbaseurl=%s\nenabled=1\ngpgcheck=0\n" % gone)
        proc = self.cli("install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        self.assertIn("gone", proc.stderr)

    def test_why_json(self):
        (self.root / "etc/yum.repos.d/other.repo").write_text(
            "[amzn2extra-nginx1]\nname=nginx1 elsewhere\nbaseurl=%s\nenabled=1\ngpgcheck=0\n"
            "priority=10\n" % self.server.topic_baseurl("nginx1"))
        proc = self.cli("--json", "why", "nginx", "core-libfoo", "no-such-package")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        doc = harness.parse_json(proc.stdout)
        by_name = {p["name"]: p for p in doc["packages"]}
        self.assertEqual(list(by_name), ["nginx", "core-libfoo", "no-such-package"])
        hidden = [r for r in by_name["nginx"]["reasons"] if r["reason"] == "hidden"]
        self.assertEqual(len(hidden), 1, by_name)
        self.assertEqual(hidden[0]["repo"], "amzn2extra-nginx1")
        self.assertEqual(hidden[0]["topic"], "nginx1")
        self.assertEqual(hidden[0]["nevra"], "nginx-1.20.1-9.amzn2.0.1.noarch")
        self.assertIn("amazon-linux-extras install nginx1", hidden[0]["message"])
        offered = [r for r in by_name["nginx"]["reasons"] if r["reason"] == "topic_available"]
        self.assertEqual([r["topic"] for r in offered], ["nginx1"], by_name)
        core = [r for r in by_name["core-libfoo"]["reasons"] if r["reason"] == "available"]
        self.assertEqual([(r["repo"], r["priority"], r["topic"]) for r in core],
                         [("amzn2-core", 99, None)], by_name)
        self.assertIn("LTS", core[0]["message"])
        self.assertEqual(by_name["no-such-package"], {"name": "no-such-package", "known": False,
                                                      "reasons": []})

    def test_debug_solver_testcase_replays_to_the_same_result(self):
        if shutil.which("testsolv") is None:
            self.skipTest("no testsolv")
        # php8.0's newer php-cli, same priority, reachable but hidden (topic not
        # enabled): the testcase must carry what the tool hides
        (self.root / "etc/yum.repos.d/other.repo").write_text(
            "[amzn2extra-php8.0]\nname=php8.0 elsewhere\nbaseurl=%s\nenabled=1\ngpgcheck=0\n"
            "priority=10\n" % self.server.topic_baseurl("php8.0"))
        dbg = self.root.parent / "debug-solver"
        doc, proc = self.dry_run_json("php7.4", "--debug-solver", str(dbg))
        testcase = dbg / "testcase.t"
        self.assertTrue(testcase.exists(), self.describe(proc))
        self.assertIn("job install provides topic(php7.4)", testcase.read_text())
        self.assertIn(("php-cli", "amzn2extra-php7.4"),
                      {(r["name"], r["repo"]) for r in doc["transaction"]}, self.describe(proc))
        # the recorded result holds, and a fresh solve of the testcase gives the
        # transaction the tool showed
        replay = subprocess.run(["testsolv", str(testcase)], stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        self.assertEqual((replay.returncode, replay.stdout), (0, ""), testcase.read_text())
        fresh = subprocess.run(["testsolv", "-r", str(testcase)], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
        installs = {line.split()[-1] for line in fresh.stdout.splitlines()
                    if line.startswith("install ") or line.startswith("upgrade ")}
        installs = {i for i in installs if not i.startswith("topic")}
        shown = {"%s-%s.%s@%s" % (r["name"], r["evr"], r["arch"], r["repo"])
                 for r in doc["transaction"]}
        self.assertEqual(installs, shown, fresh.stdout)

    def run_on_tty(self, *args):
        """Run the CLI under script(1): its stdout is a terminal."""
        if shutil.which("script") is None:
            self.skipTest("no script(1)")
        env = self.ir.env(EXTRAS_PACKAGE_MANAGER=self.ir.package_manager())
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)
        proc = subprocess.run(["script", "-qec", " ".join(shlex.quote(a) for a in argv),
                               "/dev/null"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=300)
        proc.argv = argv
        return proc

    def test_progress_bar_only_on_a_tty(self):
        bar = re.compile(r"amzn2-core +\[#{20}\] 100%")
        proc = self.run_on_tty("install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertRegex(proc.stdout, bar, self.describe(proc))
        # not a terminal: no bar, no carriage returns
        proc = self.cli("install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertNotRegex(proc.stdout + proc.stderr, r"\[[#-]{20}\]")
        self.assertNotIn("\r", proc.stdout + proc.stderr)
        # a terminal but --json: one JSON document, nothing of the bar
        proc = self.run_on_tty("--json", "install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertNotRegex(proc.stdout, r"\[[#-]{20}\]")
        doc = harness.parse_json(proc.stdout)
        self.assertTrue(doc["transaction"])

    def use_core_url(self, key, url):
        """Point core.repo at `key = url` instead of its baseurl."""
        core_repo = self.root / "etc/yum.repos.d/core.repo"
        text = "\n".join(line for line in core_repo.read_text().splitlines()
                         if not line.startswith(("baseurl", "metalink", "mirrorlist")))
        core_repo.write_text(text + "\n%s = %s\n" % (key, url))

    def test_unreachable_mirrorlist_falls_back_to_baseurl(self):
        core_repo = self.root / "etc/yum.repos.d/core.repo"
        core_repo.write_text(core_repo.read_text()
                             + "mirrorlist = %s/no-such-mirror.list\n" % self.server.url)
        doc, proc = self.dry_run_json("postgresql13")
        rows = {r["name"]: r for r in doc["transaction"]}
        self.assertEqual(rows["core-libfoo"]["repo"], "amzn2-core", self.describe(proc))

    def test_mirrorlist_lines_that_are_no_urls_are_skipped(self):
        # librepo's reading of a mirrorlist: only `://` lines and absolute paths
        # are mirrors.  An HTML page served for the mirrorlist lists none.
        (self.server.docroot / "mirror-page.html").write_text(
            "<html>\n<body>\nmirror service moved\n</body>\n</html>\n")
        self.use_core_url("mirrorlist", "%s/mirror-page.html" % self.server.url)
        before = harness.file_digest(self.repo_file)
        proc = self.cli("--json", "install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        message = harness.parse_json(proc.stdout)["error"]["message"]
        self.assertIn("amzn2-core", message)
        self.assertIn("mirror-page.html lists no URL", message)
        self.assertNotIn("\n", message)
        self.assertEqual(harness.file_digest(self.repo_file), before)
        # a line that is no URL before a good one: the good one serves
        (self.server.docroot / "mirror-mixed.list").write_text(
            "mirrors:\n  # indented comment\n%s\n" % self.server.core_baseurl())
        self.use_core_url("mirrorlist", "%s/mirror-mixed.list" % self.server.url)
        start = len(self.server.requests)
        doc, proc = self.dry_run_json("postgresql13")
        rows = {r["name"]: r for r in doc["transaction"]}
        self.assertEqual(rows["core-libfoo"]["repo"], "amzn2-core", self.describe(proc))
        self.assertFalse([r for r in self.server.requests[start:] if "mirrors:" in r],
                         self.server.requests[start:])

    def test_metalink_repository(self):
        for key in ("metalink", "mirrorlist"):  # yum reads a metalink behind mirrorlist= too
            with self.subTest(key=key):
                self.setUp()
                self.use_core_url(key, self.server.write_metalink("core", "core-metalink.xml"))
                start = len(self.server.requests)
                doc, proc = self.dry_run_json("postgresql13")
                rows = {r["name"]: r for r in doc["transaction"]}
                self.assertEqual(rows["core-libfoo"]["repo"], "amzn2-core", self.describe(proc))
                self.assertIn("/core-metalink.xml", self.server.requests[start:])

    def test_metalink_with_another_checksum_is_refused(self):
        self.use_core_url("metalink", self.server.write_metalink("core", "core-metalink.xml"))
        self.dry_run_json("postgresql13")  # a good run first: the cache must not be used
        self.use_core_url("metalink", self.server.write_metalink(
            "core", "core-metalink-bad.xml", sha256="0" * 64))
        before = harness.file_digest(self.repo_file)
        proc = self.cli("install", "-y", "postgresql13")
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, self.describe(proc))
        self.assertIn("amzn2-core", lines[0])
        self.assertIn("failed verification", lines[0])
        self.assertEqual(harness.file_digest(self.repo_file), before)
        self.assertIsNone(self.ir.rpm_query("postgresql"))


class CacheTest(ResolverTestBase):
    """Destructive to its own server: stopped, tampered."""
    server_name = "www-cache"

    def test_1_stopped_server_then_warm_solv_only(self):
        doc, _ = self.dry_run_json("postgresql13")
        cold = sorted((r["name"], r["evr"], r["repo"]) for r in doc["transaction"])
        cache = self.root / "var/cache/extrasolv"
        self.assertTrue(list(cache.glob("*/packages.solv")), "no .solv cache written")

        self.server.stop()
        try:
            doc, proc = self.dry_run_json("postgresql13")
            self.assertEqual(sorted((r["name"], r["evr"], r["repo"])
                                    for r in doc["transaction"]), cold)
            self.assertTrue(any("not reachable" in w for w in doc["warnings"]),
                            self.describe(proc))

            # no XML at all: the .solv files alone answer
            for d in cache.glob("*/repodata"):
                shutil.rmtree(d)
            doc, proc = self.dry_run_json("postgresql13")
            self.assertEqual(sorted((r["name"], r["evr"], r["repo"])
                                    for r in doc["transaction"]), cold, self.describe(proc))
        finally:
            self.server.start()

    def test_2_tampered_primary_is_refused(self):
        self.server.tamper_primary("core")
        proc = self.cli("install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        self.assertIn("amzn2-core", proc.stderr)
        self.assertIn("failed verification", proc.stderr)
        self.assertNotIn("postgresql13 (not LTS)", proc.stdout)

    def test_3_unreachable_repo_without_cache_exits_3(self):
        self.server.stop()
        try:
            before = harness.file_digest(self.repo_file)
            proc = self.cli("install", "-y", "postgresql13")
            self.assertEqual(proc.returncode, 3, self.describe(proc))
            self.assertIn("core", proc.stderr)
            self.assertIn("127.0.0.1", proc.stderr)
            self.assertEqual(harness.file_digest(self.repo_file), before)
        finally:
            self.server.start()


# Topics of the policy tests, on top of harness.TEST_TOPICS.
POLICY_TOPICS = [
    {"name": "livepatch", "summary": "Kernel live patching", "packages": ["kpatch-runtime"],
     "kernel-series": ["4.14", "5.10"]},
    # nginx1 again, past its end of support on 2024-06-30, with a successor
    {"name": "nginx1", "summary": "nginx web server", "packages": ["nginx"],
     "end-of-support": "2024-06-30", "successor": "nginx2"},
    {"name": "nginx2", "summary": "nginx web server, newer", "packages": ["nginx"]},
]


class PolicyTest(ResolverTestBase):
    """Live patches (x86_64, covered kernel series) and end of support."""
    server_name = "www-policy"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server.add_topic("livepatch", ["kpatch-runtime"])
        names = {t["name"] for t in POLICY_TOPICS}
        cls.catalog = harness.write_catalog(
            cls.tmp / "policy-catalog",
            [t for t in harness.TEST_TOPICS if t["name"] not in names] + POLICY_TOPICS)

    def test_livepatch_warns_about_an_uncovered_kernel(self):
        self.ir.rpm_justdb(self.rpms.rpms["kernel-5.15"])
        proc = self.cli("install", "--dry-run", "livepatch")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        lines = [line for line in proc.stderr.splitlines() if "5.15" in line]
        self.assertEqual(len(lines), 1, self.describe(proc))
        self.assertIn("4.14", lines[0])
        self.assertIn("5.10", lines[0])
        self.assertRegex(proc.stdout, r"kpatch-runtime .*amzn2extra-livepatch")

    def test_livepatch_is_quiet_for_a_covered_kernel(self):
        self.ir.rpm_justdb(self.rpms.rpms["kernel-5.10"])
        proc = self.cli("install", "--dry-run", "livepatch")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertNotIn("live patch", proc.stderr, self.describe(proc))
        self.assertNotIn("series", proc.stderr, self.describe(proc))
        self.assertRegex(proc.stdout, r"kpatch-runtime .*amzn2extra-livepatch")

    def test_livepatch_refused_on_aarch64(self):
        before = harness.file_digest(self.repo_file)
        proc = self.cli("--arch", "aarch64", "install", "-y", "livepatch")
        self.assertEqual(proc.returncode, 1, self.describe(proc))
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, self.describe(proc))
        self.assertIn("x86_64", lines[0])
        self.assertIn("live patch", lines[0].lower())
        self.assertEqual(harness.file_digest(self.repo_file), before)
        self.assertIsNone(self.ir.rpm_query("kpatch-runtime"))

    def test_topic_past_end_of_support_names_its_successor(self):
        proc = self.cli("--date", "2025-01-15", "install", "--dry-run", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIn("nginx2", proc.stderr, self.describe(proc))
        self.assertIn("2024-06-30", proc.stderr + proc.stdout)
        # before its end of support: no successor pushed
        proc = self.cli("--date", "2024-01-15", "install", "--dry-run", "nginx1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertNotIn("nginx2", proc.stderr + proc.stdout, self.describe(proc))


class SupportPolicyTest(ResolverTestBase):
    """The support policy on either side of the core's end of support
    (catalog.yaml: 2026-06-30): install's table and JSON, info, list --json."""
    scratch_prefix = "extrasolv-support-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        topics = [dict(t) for t in harness.TEST_TOPICS]
        for t in topics:
            if t["name"] == "php7.4":
                t["end-of-support"] = "2022-11-03"
        cls.catalog = harness.write_catalog(cls.tmp / "catalog-eos", topics)
        (cls.catalog / "catalog.yaml").write_text(
            "document: extras-catalog\nversion: 1\ncore-end-of-support: 2026-06-30\n")

    def rows(self, date, topic="postgresql13"):
        doc, proc = self.dry_run_json(topic, "--date", date)
        return {r["name"]: r for r in doc["transaction"]}

    def test_install_json_before_and_after(self):
        before = self.rows("2026-06-29")
        after = self.rows("2026-06-30")
        pick = ("lts", "eos", "end_of_support", "end_of_support_from")
        self.assertEqual([before["core-libfoo"][k] for k in pick],
                         [True, "note", "2026-06-30", "core"])
        self.assertEqual([before["postgresql"][k] for k in pick],
                         [False, "note", "2026-06-30", "core"])
        self.assertEqual([after["core-libfoo"][k] for k in pick],
                         [False, "reached", "2026-06-30", "core"])
        self.assertEqual([after["postgresql"][k] for k in pick],
                         [False, "reached", "2026-06-30", "core"])
        # a topic's own earlier date applies, and says so
        php = self.rows("2026-01-01", "php7.4")["php-cli"]
        self.assertEqual([php[k] for k in pick], [False, "reached", "2022-11-03", "topic"])

    def test_install_table_before_and_after(self):
        proc = self.cli("--date", "2026-06-29", "install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertRegex(proc.stdout, r"core-libfoo .* amzn2-core +core \(LTS\)\n")
        self.assertRegex(proc.stdout, r"postgresql .* topic postgresql13 \(not LTS\)\n")
        proc = self.cli("--date", "2026-07-01", "install", "--dry-run", "postgresql13")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertNotIn("LTS)", proc.stdout.split("Note:")[0])
        self.assertRegex(proc.stdout, r"core-libfoo .* amzn2-core +core, support ended 2026-06-30\n")
        self.assertRegex(proc.stdout, r"postgresql .* topic postgresql13, support ended "
                                      r"2026-06-30 \(with the core\)\n")

    def test_info_and_list_json_before_and_after(self):
        proc = self.cli("--date", "2026-06-29", "info", "nginx1")
        self.assertIn("  end of support: 2026-06-30 (ahead, with the core)\n", proc.stdout)
        proc = self.cli("--date", "2026-07-01", "info", "nginx1")
        self.assertIn("  end of support: 2026-06-30 (reached, with the core)\n", proc.stdout)
        self.assertNotIn("none announced", proc.stdout)
        for date, lts, eos in (("2026-06-29", True, "note"), ("2026-06-30", False, "reached")):
            proc = self.cli("--date", date, "--json", "list")
            self.assertEqual(proc.returncode, 0, self.describe(proc))
            doc = harness.parse_json(proc.stdout)
            self.assertEqual((doc["system"]["core_lts"], doc["system"]["core_eos"]), (lts, eos))
            topics = {t["name"]: t for t in doc["topics"]}
            nginx = topics["nginx1"]
            self.assertEqual((nginx["lts"], nginx["eos"], nginx["end_of_support"],
                              nginx["end_of_support_from"], nginx["deprecated_at"]),
                             (False, eos, "2026-06-30", "core", None))
            # hidden follows the catalog's own date only, as the original's list did
            self.assertFalse(nginx["hidden"])
            php = topics["php7.4"]
            self.assertEqual((php["eos"], php["end_of_support_from"], php["deprecated_at"],
                              php["hidden"]), ("reached", "topic", "2022-11-03", True))

    def test_why_prefers_live_topics_and_says_what_replaces_ended_ones(self):
        proc = self.cli("--date", "2026-01-01", "why", "php-cli")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        lines = [l for l in proc.stdout.splitlines() if "Amazon Linux Extra topic" in l]
        self.assertEqual(lines, [
            'php-cli is available in Amazon Linux Extra topic "php8.0": '
            'amazon-linux-extras install php8.0',
            'php-cli is in Amazon Linux Extra topic "php7.4", past its end of support '
            '(2022-11-03); it has no successor on Amazon Linux 2.'], self.describe(proc))

    def test_why_before_and_after(self):
        proc = self.cli("--date", "2026-06-29", "why", "core-libfoo")
        self.assertIn("(core, LTS; priority 99)", proc.stdout, self.describe(proc))
        proc = self.cli("--date", "2026-06-30", "why", "core-libfoo")
        self.assertIn("(core, support ended 2026-06-30; priority 99)", proc.stdout,
                      self.describe(proc))


class RepoGpgCheckTest(ResolverTestBase):
    """repo_gpgcheck=1 on the core: repomd.xml.asc is verified with its gpgkey."""
    server_name = "www-gpg"

    def setUp(self):
        super().setUp()
        self.server.sign_repomd("core")
        core_repo = self.root / "etc/yum.repos.d/core.repo"
        core_repo.write_text(core_repo.read_text() + "repo_gpgcheck = 1\n")

    def assert_refused(self, proc, before):
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, self.describe(proc))
        self.assertIn("amzn2-core", lines[0])
        # refused as bad data, not taken for an outage that the cache covers
        self.assertIn("failed verification", lines[0])
        self.assertNotIn("(not LTS)", proc.stdout)
        self.assertEqual(harness.file_digest(self.repo_file), before)
        self.assertIsNone(self.ir.rpm_query("postgresql"))

    def test_good_signature_passes(self):
        start = len(self.server.requests)
        doc, proc = self.dry_run_json("postgresql13")
        self.assertTrue(doc["transaction"], self.describe(proc))
        self.assertIn("/core/repodata/repomd.xml.asc", self.server.requests[start:])

    def test_signature_by_another_key_is_refused(self):
        self.dry_run_json("postgresql13")  # a good run first: the cache must not be used
        self.server.sign_repomd("core", other_key=True)
        try:
            before = harness.file_digest(self.repo_file)
            self.assert_refused(self.cli("install", "-y", "postgresql13"), before)
        finally:
            self.server.sign_repomd("core")

    def test_repomd_changed_after_signing_is_refused(self):
        self.dry_run_json("postgresql13")  # a good run first: the cache must not be used
        repomd = self.server.docroot / "core/repodata/repomd.xml"
        saved = repomd.read_bytes()
        repomd.write_bytes(saved + b"<!-- changed after signing -->\n")
        try:
            before = harness.file_digest(self.repo_file)
            self.assert_refused(self.cli("install", "-y", "postgresql13"), before)
        finally:
            repomd.write_bytes(saved)


class FilelistsTest(ResolverTestBase):
    """filelists.xml only when a file dependency needs it, and cached."""
    server_name = "www-filelists"

    def filelists_requests(self, since=0):
        return [r for r in self.server.requests[since:] if "filelists" in r]

    def transaction(self, doc):
        return sorted((r["name"], r["evr"], r["repo"]) for r in doc["transaction"])

    def test_no_file_dependency_no_filelists(self):
        start = len(self.server.requests)
        doc, proc = self.dry_run_json("postgresql13")
        self.assertTrue(doc["transaction"], self.describe(proc))
        self.assertTrue(any("primary" in r for r in self.server.requests[start:]))
        self.assertEqual(self.filelists_requests(start), [])

    def test_installed_package_file_dependency_downloads_no_filelists(self):
        # rpm installed it without its file (--nodeps): nothing to solve there
        self.ir.rpm_justdb(self.rpms.rpms["filedep-tool"])
        start = len(self.server.requests)
        doc, proc = self.dry_run_json("postgresql13")
        self.assertTrue(doc["transaction"], self.describe(proc))
        self.assertEqual(self.filelists_requests(start), [])

    def test_file_dependency_resolves_and_installs(self):
        start = len(self.server.requests)
        proc = self.cli("install", "-y", "filedep1")
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertIsNotNone(self.ir.rpm_query("filedep-tool"), self.describe(proc))
        self.assertIsNotNone(self.ir.rpm_query("core-foo-helper"), self.describe(proc))
        # the core's file lists were needed (the topic's own may come along)
        self.assertTrue(any(r.startswith("/core/") for r in self.filelists_requests(start)),
                        self.server.requests[start:])

    def test_file_dependency_inside_rich_dependency(self):
        doc, proc = self.dry_run_json("filedep2")
        names = {r["name"]: r for r in doc["transaction"]}
        self.assertIn("filedep-rich-tool", names, self.describe(proc))
        self.assertEqual(names["core-foo-helper"]["repo"], "amzn2-core", self.describe(proc))

    def test_warm_run_needs_neither_filelists_download_nor_xml(self):
        doc, _ = self.dry_run_json("filedep1")
        cold = self.transaction(doc)
        self.assertIn(("core-foo-helper", "1.0-1.amzn2", "amzn2-core"), cold)
        cache = self.root / "var/cache/extrasolv"
        self.assertTrue((cache / "amzn2-core" / "filelists.solv").exists())

        # warm, server up: the repomd is unchanged, so no file lists travel again
        start = len(self.server.requests)
        doc, proc = self.dry_run_json("filedep1")
        self.assertEqual(self.transaction(doc), cold, self.describe(proc))
        self.assertEqual(self.filelists_requests(start), [])

        # warm, server down and no XML in the cache: the .solv files alone answer
        self.server.stop()
        try:
            for d in cache.glob("*/repodata"):
                shutil.rmtree(d)
            doc, proc = self.dry_run_json("filedep1")
            self.assertEqual(self.transaction(doc), cold, self.describe(proc))
        finally:
            self.server.start()


if __name__ == "__main__":
    sys.exit(harness.main())
