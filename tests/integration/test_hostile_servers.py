# SPDX-License-Identifier: LGPL-2.1-or-later
"""Downloads from hostile servers on 127.0.0.1 are bounded in size and time.

Each server misbehaves one way: an endless body, a huge Content-Length, a trickle,
a connection that is accepted and never answered, garbage instead of repomd.xml.
The tool must stop each within a stated deadline with exit 3 and one line, having
written and kept little. The root tree is on a small tmpfs when this process may
mount one, and the tool runs under RLIMIT_FSIZE, so that a failure cannot fill the
disk.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_hostile_servers.py
"""

import http.server
import json
import os
import resource
import shutil
import socketserver
import subprocess
import sys
import threading
import time
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import harness  # noqa: E402

MiB = 1024 * 1024
# what a run may write in one file: far more than any bound of the tool, far
# less than a disk
FSIZE_LIMIT = 256 * MiB
TMPFS_SIZE = "160m"
# what a server may have sent before the tool stops it (the tool's largest bound
# for these files is 8 MiB; sockets buffer some more)
MAX_SENT = 48 * MiB


class Hostile(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send_endless(self, chunk, delay=0.0, length=None):
        self.send_response(200)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        try:
            while not self.server.stopping.is_set():
                self.wfile.write(chunk)
                self.server.sent += len(chunk)
                if delay:
                    time.sleep(delay)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def do_GET(self):
        self.server.requests.append(self.path)
        kind = self.path.strip("/").split("/")[0]
        if kind == "endless":
            self.send_endless(b"<repomd>" + b"x" * 65536)
        elif kind == "huge":
            self.send_endless(b"y" * 65536, delay=0.01, length=4 * 1024 * MiB)
        elif kind == "trickle":
            self.send_endless(b"z" * 20, delay=0.01)
        elif kind == "hang":
            self.server.stopping.wait(120)
            self.close_connection = True
        elif kind == "garbage":
            body = b"<html><body>It works!</body></html>\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif kind == "empty":
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif kind == "mirrorlist-endless":
            self.send_endless(b"http://127.0.0.1:1/x/\n" * 4096)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Hostile)
        self.stopping = threading.Event()
        self.sent = 0
        self.requests = []

    def url(self, path):
        return "http://127.0.0.1:%d/%s" % (self.server_address[1], path)


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


class HostileServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("the tests run as root (a tmpfs for the tree)")
        cls.bin = harness.cli_bin()
        if not os.access(cls.bin, os.X_OK):
            raise unittest.SkipTest("no amazon-linux-extras binary at " + cls.bin)

    def setUp(self):
        self.tmp = harness.scratch_dir("extrasolv-hostile-")
        self.catalog = harness.write_catalog(self.tmp / "catalog",
                                             [{"name": "nginx1", "packages": ["nginx"]}])
        self.root = self.tmp / "root"
        self.root.mkdir()
        self.mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=" + TMPFS_SIZE, "tmpfs", str(self.root)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
        (self.root / "etc/yum.repos.d").mkdir(parents=True)
        self.home = self.tmp / "home"
        self.home.mkdir()
        self.server = Server()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def tearDown(self):
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.root)])
        shutil.rmtree(self.tmp, ignore_errors=True)

    def core_repo(self, text):
        (self.root / "etc/yum.repos.d/core.repo").write_text("[amzn2-core]\nname = core\n"
                                                             "gpgcheck = 0\n" + text)

    def run_cli(self, *args, env=None, deadline=60):
        full_env = {k: v for k, v in os.environ.items() if k != "CATALOGURL"}
        full_env.update({"HOME": str(self.home), "LC_ALL": "C"})
        full_env.update(env or {})
        argv = [self.bin, "--root", str(self.root)] + list(args)
        start = time.monotonic()
        proc = subprocess.run(argv, env=full_env, capture_output=True, text=True,
                              timeout=deadline + 30, preexec_fn=limit_file_size)
        proc.elapsed = time.monotonic() - start
        proc.argv = argv
        return proc

    def describe(self, proc):
        return "%s\nexit %d after %.1f s, server sent %d bytes\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(proc.argv), proc.returncode, proc.elapsed, self.server.sent,
            proc.stdout, proc.stderr)

    def tree_bytes(self):
        total = 0
        for dirpath, _, filenames in os.walk(self.root):
            for name in filenames:
                try:
                    total += os.lstat(os.path.join(dirpath, name)).st_size
                except OSError:
                    pass
        return total

    def assert_stopped(self, proc, deadline, mention=None):
        """Exit 3 with one line, within @deadline seconds, having kept nothing big."""
        self.assertEqual(proc.returncode, 3, self.describe(proc))
        self.assertLess(proc.elapsed, deadline, self.describe(proc))
        self.assertLess(self.server.sent, MAX_SENT, self.describe(proc))
        self.assertLess(self.tree_bytes(), MiB, self.describe(proc))
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, self.describe(proc))
        if mention is not None:
            self.assertIn(mention, proc.stderr, self.describe(proc))

    def dry_run(self, deadline):
        return self.run_cli("--catalog", str(self.catalog), "install", "--dry-run", "nginx1",
                            deadline=deadline)

    # -- repomd.xml (baseurl)

    def test_endless_repomd(self):
        self.core_repo("baseurl = %s\n" % self.server.url("endless/"))
        self.assert_stopped(self.dry_run(60), 60, "more than")

    def test_huge_content_length_repomd(self):
        self.core_repo("baseurl = %s\n" % self.server.url("huge/"))
        self.assert_stopped(self.dry_run(60), 60, "more than")

    def test_trickling_repomd_meets_the_overall_deadline(self):
        # 2000 B/s stays above minrate: only the overall deadline (4 x timeout) ends it
        self.core_repo("baseurl = %s\ntimeout = 2\nminrate = 100\n"
                       % self.server.url("trickle/"))
        self.assert_stopped(self.dry_run(30), 30, "too long")

    def test_server_that_never_answers(self):
        self.core_repo("baseurl = %s\ntimeout = 2\n" % self.server.url("hang/"))
        self.assert_stopped(self.dry_run(30), 30)

    # -- mirrorlist

    def test_endless_mirrorlist(self):
        self.core_repo("mirrorlist = %s\n" % self.server.url("mirrorlist-endless/mirror.list"))
        self.assert_stopped(self.dry_run(60), 60, "more than")

    def test_huge_content_length_mirrorlist(self):
        self.core_repo("mirrorlist = %s\n" % self.server.url("huge/mirror.list"))
        self.assert_stopped(self.dry_run(60), 60, "more than")

    # -- the catalog (CATALOGURL)

    def test_endless_and_huge_catalog(self):
        for path in ("endless/catalog.yaml", "huge/catalog.yaml"):
            with self.subTest(path=path):
                proc = self.run_cli("list", env={"CATALOGURL": self.server.url(path)})
                self.assert_stopped(proc, 60, "more than")

    # -- bad data is bad data, not an outage

    def test_malformed_repomd_is_bad_metadata_not_an_outage(self):
        for path in ("garbage/", "empty/"):
            with self.subTest(path=path):
                self.core_repo("baseurl = %s\nskip_if_unavailable = 1\n"
                               % self.server.url(path))
                proc = self.run_cli("--json", "--catalog", str(self.catalog), "install",
                                    "--dry-run", "nginx1")
                self.assertEqual(proc.returncode, 3, self.describe(proc))
                doc = harness.parse_json(proc.stdout)
                self.assertEqual(doc["error"]["code"], "metadata", proc.stdout)
                self.assertIn("amzn2-core", doc["error"]["message"])
                self.assertNotIn("\n", doc["error"]["message"])

    def test_unreachable_topic_repository_is_a_network_failure(self):
        if shutil.which("createrepo_c") is None:
            self.skipTest("createrepo_c is not installed")
        core = self.tmp / "core"
        core.mkdir()
        subprocess.run(["createrepo_c", "-q", str(core)], check=True)
        self.core_repo("baseurl = file://%s\n" % core)
        # the topic's repository: a port where nothing listens, and garbage for a
        # repository that is not needed
        (self.root / "etc/yum.repos.d/other.repo").write_text(
            "[other]\nname = other\nbaseurl = %s\nskip_if_unavailable = 1\n"
            % self.server.url("empty-body-twice/"))
        env = {"URL_FORMAT": "http://127.0.0.1:1/{topic}/{version}/{arch}",
               "USE_MIRRORLIST": "0"}
        for args in (["--json"], []):
            with self.subTest(args=args):
                proc = self.run_cli(*args, "--catalog", str(self.catalog), "install",
                                    "--dry-run", "nginx1", env=env)
                self.assertEqual(proc.returncode, 3, self.describe(proc))
                if args:
                    doc = harness.parse_json(proc.stdout)
                    self.assertEqual(doc["error"]["code"], "network", proc.stdout)
                    message = doc["error"]["message"]
                    for w in doc.get("warnings", []):
                        self.assertNotIn("\n", w)
                else:
                    message = proc.stderr
                    self.assertTrue(all(l.strip() for l in proc.stderr.splitlines()))
                self.assertIn("amzn2extra-nginx1", message, self.describe(proc))
                self.assertIn("127.0.0.1:1", message, self.describe(proc))

    # -- one server that hangs does not hold the other repositories back

    def hanging_repos_run(self, count, core):
        (self.root / "etc/yum.repos.d/hang.repo").write_text("".join(
            "[hang-%d]\nname = hang %d\nbaseurl = %s\ntimeout = 3\nskip_if_unavailable = 1\n"
            "gpgcheck = 0\n\n" % (i, i, self.server.url("hang/%d/" % i))
            for i in range(count)))
        for d in (self.root / "var/cache/extrasolv").glob("*"):
            shutil.rmtree(d, ignore_errors=True)
        env = {"URL_FORMAT": "file://%s" % core, "USE_MIRRORLIST": "0"}
        proc = self.run_cli("--json", "--catalog", str(self.catalog), "install", "--dry-run",
                            "nginx1", env=env, deadline=60)
        doc = harness.parse_json(proc.stdout)
        skipped = [w for w in doc.get("warnings", []) if "skipping it" in w and "hang-" in w]
        self.assertEqual(len(skipped), count, self.describe(proc))
        return proc

    def test_hanging_repositories_are_fetched_at_once(self):
        if shutil.which("createrepo_c") is None:
            self.skipTest("createrepo_c is not installed")
        core = self.tmp / "core"
        core.mkdir()
        subprocess.run(["createrepo_c", "-q", str(core)], check=True)
        self.core_repo("baseurl = file://%s\n" % core)
        one = self.hanging_repos_run(1, core)
        three = self.hanging_repos_run(3, core)
        # each hang costs one repository's time bound (about `timeout`, 3 s, here);
        # one after another, three cost three times one
        self.assertLess(three.elapsed, 1.5 * one.elapsed + 1.0,
                        "one hanging repository: %.1f s, three: %.1f s\n%s"
                        % (one.elapsed, three.elapsed, self.describe(three)))
        print("hanging repositories: 1 in %.1f s, 3 in %.1f s" % (one.elapsed, three.elapsed))
        self.assertEqual(sorted(p.name for p in (self.root / "var/cache/extrasolv").iterdir()
                                if p.name.startswith(".")), [], "download directories left")


if __name__ == "__main__":
    sys.exit(harness.main())
