# SPDX-License-Identifier: LGPL-2.1-or-later
"""Download progress as a user at a terminal sees it: one line per download,
redrawn in place (carriage return and clear to the end of the line), and
nothing at all when stdout is not a terminal.

The CLI runs on a pseudo-terminal (os.openpty) against harness.py's served
repositories; the server's request log says how many repositories it fetched.

Run: EXTRAS_BIN=build/cli/amazon-linux-extras python3 tests/integration/test_progress.py
"""

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

PERCENT = re.compile(r"\d+%")


def run_on_pty(argv, env, timeout=300, columns=None):
    """Run argv with stdout on a pseudo-terminal (of `columns` columns if given);
    return (exit status, the text written to the terminal, stderr)."""
    master, slave = os.openpty()
    if columns is not None:
        import termios
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    with open(os.devnull, "rb") as devnull:
        proc = subprocess.Popen(argv, stdin=devnull, stdout=slave, stderr=subprocess.PIPE,
                                env=env)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(master)
    err = proc.stderr.read()
    proc.stderr.close()
    rc = proc.wait(timeout=60)
    return rc, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def repositories_fetched(paths):
    """How many repositories' repomd.xml the requests fetched."""
    return len({p for p in paths if p.endswith("/repodata/repomd.xml")})


class ProgressTest(harness.ServedTestCase):
    scratch_prefix = "extrasolv-progress-"

    def cli(self, *args):
        return [self.bin, "--root", str(self.root), "--catalog", str(self.catalog)] + list(args)

    def enable(self, *topics):
        proc = subprocess.run(self.cli("enable", *topics), env=self.ir.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_one_line_per_download_on_a_terminal(self):
        self.enable("nginx1", "postgresql13")
        before = len(self.server.requests)
        rc, out, err = run_on_pty(self.cli("install", "--dry-run", "nginx1", "postgresql13"),
                                  self.ir.env())
        fetched = repositories_fetched(self.server.requests[before:])
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(fetched, 3, self.server.requests[before:])  # core, nginx1, postgresql13
        # the terminal turns \n into \r\n: a line ends at \n
        lines = [l for l in out.replace("\r\n", "\n").split("\n") if PERCENT.search(l)]
        self.assertGreater(len(lines), 0, "no progress on a terminal:\n" + out)
        self.assertLessEqual(len(lines), fetched, "more progress lines than downloads:\n" + out)
        for line in lines:
            # redrawn in place: each redraw returns to the start and clears the line
            draws = [d for d in line.split("\r") if d]
            self.assertTrue(all(d.startswith("\x1b[K") for d in draws), repr(line))
            shown = {d[3:].split()[0] for d in draws}
            self.assertEqual(len(shown), 1, "one download per line: %r" % line)
        # every repository has its line, each one once
        names = [l.split("\r")[-1][3:].split()[0] for l in lines]
        self.assertEqual(len(names), len(set(names)), names)
        # the progress lines are ended: the transaction (dry run) starts a line of its own
        all_lines = out.replace("\r\n", "\n").split("\n")
        self.assertIn("Transaction:", all_lines, out)
        self.assertLess(max(all_lines.index(l) for l in lines), all_lines.index("Transaction:"))

    def test_a_narrow_terminal_gets_lines_that_fit(self):
        # a line as wide as the terminal would wrap, and every redraw with it
        self.enable("nginx1")
        rc, out, err = run_on_pty(self.cli("install", "--dry-run", "nginx1"), self.ir.env(),
                                  columns=50)
        self.assertEqual(rc, 0, out + err)
        lines = [l for l in out.replace("\r\n", "\n").split("\n") if PERCENT.search(l)]
        self.assertEqual(len(lines), 2, out)  # core and nginx1
        for line in lines:
            for draw in (d for d in line.split("\r") if d):
                self.assertLess(len(draw[3:]), 50, repr(draw))

    def test_nothing_when_not_a_terminal(self):
        self.enable("nginx1")
        proc = subprocess.run(self.cli("install", "--dry-run", "nginx1"), env=self.ir.env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertNotIn("\r", proc.stdout + proc.stderr)
        self.assertNotIn("\x1b", proc.stdout + proc.stderr)
        self.assertIsNone(PERCENT.search(proc.stdout), proc.stdout)


if __name__ == "__main__":
    sys.exit(harness.main())
