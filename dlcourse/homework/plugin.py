"""A pytest plugin the grader loads next to nbval, closing the gaps nbval leaves open.

Loaded with ``-p dlcourse.homework.plugin`` by ``dlcourse.homework.grading`` only (never by the
course's own test run). What it adds to nbval:

- **Results out of reach of the notebook.** Each test outcome is written as one JSON
  line to a pipe inherited from the grader (``DLCOURSE_GRADE_FD``). The kernel does not
  inherit the pipe, the variable is removed before the kernel starts, and this pytest
  process is made non-dumpable, so code running in the kernel under the same user
  cannot open ``/proc/<pid>/fd`` of this process to write forged results.
- **Hidden tests out of reach.** The notebook file is deleted once collected, before
  the kernel starts, so student code cannot read the tests that follow it.
- **A dead kernel is noticed at once**, not after the cell timeout: the wait for the
  execute reply polls the kernel process.
- **The execute reply's status counts.** nbval only looks for error *outputs*; code
  that changes how the kernel reports errors can hide them. A cell whose reply says
  ``error`` fails here even without an error output.
- **Output is bounded.** A cell that prints more than ``DLCOURSE_GRADE_OUTPUT_LIMIT``
  bytes fails, and the run stops (nbval's timeout does not bound endless printing).
"""

import ctypes
import json
import os
import time
from queue import Empty

import pytest

FD_ENV = "DLCOURSE_GRADE_FD"
OUTPUT_LIMIT_ENV = "DLCOURSE_GRADE_OUTPUT_LIMIT"
PR_SET_DUMPABLE = 4

_state = {"fd": None, "output_limit": 1_000_000, "stop": None}


def _send(record):
    if _state["fd"] is None:
        return
    line = (json.dumps(record) + "\n").encode()
    try:
        os.write(_state["fd"], line)
    except OSError:
        pass  # the grader has gone; nothing to report to


def _make_non_dumpable():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: documented as a remaining limit
        pass


class OutputLimitExceeded(Exception):
    """A cell printed more than the grader allows."""


def _patch_nbval():
    from nbval import kernel as nbval_kernel
    from nbval import plugin as nbval_plugin

    def await_reply(self, msg_id, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if not self.is_alive():
                raise RuntimeError("the kernel died while running this cell "
                                   "(its Python process ended)")
            wait = 0.5 if deadline is None else min(0.5, deadline - time.monotonic())
            if wait <= 0:
                raise Empty
            try:
                msg = self.get_message(stream="shell", timeout=wait)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                self.last_reply_status = msg["content"].get("status")
                if self.last_reply_status == "aborted":
                    raise RuntimeError("Kernel aborted execution request")
                return

    nbval_kernel.RunningKernel.await_reply = await_reply

    original_get_message = nbval_plugin.IPyNbFile.get_kernel_message

    def get_kernel_message(self, timeout=None, stream="iopub"):
        msg = original_get_message(self, timeout=timeout, stream=stream)
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        self.printed = getattr(self, "printed", 0) + size
        if self.printed > _state["output_limit"]:
            _state["stop"] = f"output limit: a cell printed more than {_state['output_limit']:,} characters"
            raise OutputLimitExceeded(_state["stop"])
        return msg

    nbval_plugin.IPyNbFile.get_kernel_message = get_kernel_message

    original_runtest = nbval_plugin.IPyNbCell.runtest

    def runtest(self):
        kernel = self.parent.kernel
        self.parent.printed = 0
        if kernel is not None:
            kernel.last_reply_status = None
        original_runtest(self)
        if kernel is not None and getattr(kernel, "last_reply_status", None) == "error" \
                and not self.options.get("check_exception"):
            raise RuntimeError("the kernel reported an error for this cell but showed no "
                               "error output (error reporting was altered)")

    nbval_plugin.IPyNbCell.runtest = runtest


def pytest_configure(config):
    fd = os.environ.pop(FD_ENV, None)
    if fd is None:
        return
    _state["fd"] = int(fd)
    _state["output_limit"] = int(os.environ.pop(OUTPUT_LIMIT_ENV, _state["output_limit"]))
    _make_non_dumpable()
    _patch_nbval()


def pytest_collection_finish(session):
    if _state["fd"] is None:
        return
    cells = [item.name for item in session.items]
    _send({"event": "collected", "cells": cells})
    for path in {str(item.fspath) for item in session.items}:
        try:
            os.remove(path)  # before the kernel starts: hidden tests stay unreadable
        except OSError:
            pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if _state["fd"] is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        passed = report.passed  # an xpass (after a timeout) did run and pass
        message = ""
        if not passed:
            message = str(report.longrepr)[-2000:] if report.longrepr else ""
            if hasattr(report, "wasxfail"):
                message = "not run properly: an earlier cell timed out"
        _send({"event": "result", "cell": item.name, "passed": passed, "message": message})
    if _state["stop"] and report.when == "call":
        item.session.shouldstop = _state["stop"]
        _send({"event": "stopped", "reason": _state["stop"]})
