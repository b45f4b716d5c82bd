# SPDX-License-Identifier: LGPL-2.1-or-later
"""Callback for tests/ansible: every task result, one JSON line each, to $EXTRASOLV_RECORD."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: extrasolv_record
type: aggregate
short_description: record every task result as a JSON line (extrasolv's tests)
description:
  - Appends {host, task, status, result} for each task result to the file named by the
    environment variable EXTRASOLV_RECORD.
requirements:
  - enable in configuration
'''

import json
import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "extrasolv_record"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, status, result):
        path = os.environ.get("EXTRASOLV_RECORD")
        if not path:
            return
        line = json.dumps({"host": result._host.get_name(), "task": result._task.get_name(),
                           "status": status, "result": result._result}, default=str)
        with open(path, "a", encoding="utf-8") as f:
            f.write(line + "\n")

    def v2_runner_on_ok(self, result):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record("failed", result)

    def v2_runner_on_skipped(self, result):
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._record("unreachable", result)
