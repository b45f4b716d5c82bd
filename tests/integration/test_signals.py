# SPDX-License-Identifier: LGPL-2.1-or-later
"""Signals to `amazon-linux-extras install` while the real dnf runs.

As system(3) does, the tool ignores SIGINT and SIGQUIT while the package manager
runs (Ctrl-C reaches the package manager, which decides), passes SIGTERM and SIGHUP
on to it, and afterwards decides from the rpmdb: a topic whose packages were
installed stays enabled, the others are restored, and one line says which.

The package manager is the real dnf behind a small shell script that says when it
starts and waits before or after dnf, so that the signal lands at a known moment.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_signals.py
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import harness  # noqa: E402

NGINX_NEVRA = "nginx-0:1.20.1-9.amzn2.0.1.noarch"


class SignalTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-signals-"

    def wrapper(self, before, after):
        """dnf behind sh: `before` runs first, then dnf, then `after`; markers say when."""
        script = self.ir.basedir / "pm.sh"
        self.started = self.ir.basedir / "pm-started"
        self.finished = self.ir.basedir / "dnf-finished"
        dnf = " ".join(self.ir.dnf_argv())
        script.write_text("#!/bin/sh\n: > %s\n%s\n%s \"$@\"\nrc=$?\n: > %s\n%s\nexit $rc\n"
                          % (self.started, before, dnf, self.finished, after))
        script.chmod(0o755)
        return str(script)

    def start(self, pm):
        env = self.ir.env(EXTRAS_PACKAGE_MANAGER=pm)
        argv = [self.bin, "--root", str(self.root), "--catalog", str(self.catalog),
                "install", "-y", "nginx1"]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        proc.argv = argv
        return proc

    def wait_for(self, path, proc, seconds=240):
        deadline = time.monotonic() + seconds
        while not path.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                self.fail("%s never appeared (exit %r)" % (path, proc.returncode))
            time.sleep(0.05)

    def finish(self, proc):
        out, err = proc.communicate(timeout=300)
        proc.out, proc.err = out, err
        return proc

    def describe(self, proc):
        return "%s\nexit %d\nstdout:\n%s\nstderr:\n%s" % (
            " ".join(proc.argv), proc.returncode, proc.out, proc.err)

    def last_line(self, proc):
        lines = [l for l in proc.err.splitlines() if l.strip()]
        self.assertTrue(lines, self.describe(proc))
        return lines[-1]

    def test_sigterm_and_sighup_before_anything_is_installed_restore(self):
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with self.subTest(signal=sig.name):
                before = self.repo_file.read_bytes() if self.repo_file.exists() else None
                proc = self.start(self.wrapper("sleep 60 >/dev/null 2>&1", ""))
                self.wait_for(self.started, proc)
                proc.send_signal(sig)
                self.finish(proc)
                self.assertEqual(proc.returncode, 5, self.describe(proc))
                line = self.last_line(proc)
                self.assertIn("signal %d" % sig, line)
                self.assertIn("not installed: nginx1", line)
                self.assertIn("restored", line)
                after = self.repo_file.read_bytes() if self.repo_file.exists() else None
                self.assertEqual(after, before)
                self.assertIsNone(self.ir.rpm_query("nginx"))
                self.started.unlink()

    def test_sigterm_after_dnf_installed_keeps_the_topic_enabled(self):
        proc = self.start(self.wrapper("", "sleep 60 >/dev/null 2>&1"))
        self.wait_for(self.finished, proc)
        proc.send_signal(signal.SIGTERM)
        self.finish(proc)
        self.assertEqual(proc.returncode, 5, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA, self.describe(proc))
        line = self.last_line(proc)
        self.assertIn("installed all the same: nginx1", line, self.describe(proc))
        self.assertIn("[amzn2extra-nginx1]\nenabled = 1\n", self.repo_file.read_text())

    def test_sigint_to_the_tool_alone_lets_dnf_finish(self):
        # Ctrl-C reaches the whole foreground group; sent to the tool alone it must
        # neither kill it nor stop the package manager
        proc = self.start(self.wrapper("sleep 1 >/dev/null 2>&1", ""))
        self.wait_for(self.started, proc)
        proc.send_signal(signal.SIGINT)
        os.kill(proc.pid, signal.SIGQUIT)
        self.finish(proc)
        self.assertEqual(proc.returncode, 0, self.describe(proc))
        self.assertEqual(self.ir.rpm_query("nginx"), NGINX_NEVRA)
        self.assertIn("[amzn2extra-nginx1]\nenabled = 1\n", self.repo_file.read_text())


if __name__ == "__main__":
    sys.exit(harness.main())
