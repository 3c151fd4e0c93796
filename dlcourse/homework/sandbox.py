"""Run one untrusted command under limits, and leave nothing of it running.

Used by the grader for each submission. What it does (Linux):

- the command gets its own session and a private working folder with its own ``HOME``,
  ``IPYTHONDIR``, Jupyter, matplotlib and temporary folders (nothing shared with the
  next submission);
- when the grader runs as root, the command runs as its own unprivileged uid;
- the calling process is a *child subreaper*, so processes that the command starts and
  that try to escape (double fork, ``setsid``) are re-parented to it, and all of them
  are killed when the command ends or breaks a limit;
- a watchdog enforces wall time, memory (sum of resident memory of every process of the
  command) and the number of processes;
- results come back over a pipe only the command's first process holds (the grader
  plugin writes there), read as they arrive, so a run killed half-way still reports
  what it finished.

Not a security boundary against a determined attacker on the same machine (no
container, no network or file-system sandbox); see the homework README for the limits.
"""

import ctypes
import json
import os
import select
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field

PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Limits:
    """Limits for one submission. Times in seconds, memory in MB."""

    cell_seconds: float = 120
    notebook_seconds: float = 900
    memory_mb: int = 4096
    processes: int = 64
    output_chars: int = 1_000_000

    def __post_init__(self):
        for name in ("cell_seconds", "notebook_seconds", "memory_mb", "processes",
                     "output_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"limit {name}={value!r} must be a positive number")


@dataclass
class Outcome:
    """What happened to one run: the records it sent and why it ended."""

    records: list = field(default_factory=list)
    returncode: int = None
    stopped: str = ""  # empty, or the limit that ended the run
    seconds: float = 0.0
    peak_memory_mb: float = 0.0


def become_subreaper():
    """Adopt orphaned descendants (Linux); returns False where unsupported."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _process_table():
    """{pid: (ppid, rss_kb)} for every process we can see."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            ppid, rss_pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        table[int(entry)] = (ppid, rss_pages * os.sysconf("SC_PAGE_SIZE") // 1024)
    return table


def descendants(root=None):
    """Pids of every process below ``root`` (default: this process), with their RSS in kB."""
    root = os.getpid() if root is None else root
    table = _process_table()
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = {}, [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found[child] = table[child][1]
                stack.append(child)
    return found


def kill_descendants(rounds=20):
    """SIGKILL everything below this process and reap it; True when none is left."""
    for _ in range(rounds):
        pids = descendants()
        if not pids:
            return True
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                time.sleep(0.02)
    return not descendants()


def private_environment(workdir, base_env):
    """The environment for an untrusted run: private folders under ``workdir``."""
    env = {key: value for key, value in base_env.items()
           if not key.startswith(("JUPYTER", "IPYTHON", "PYTHONSTARTUP", "MPLCONFIGDIR"))}
    for name, sub in (("HOME", "home"), ("IPYTHONDIR", "home/.ipython"),
                      ("JUPYTER_CONFIG_DIR", "home/.jupyter"),
                      ("JUPYTER_DATA_DIR", "home/.local/share/jupyter"),
                      ("JUPYTER_RUNTIME_DIR", "home/.local/share/jupyter/runtime"),
                      ("MPLCONFIGDIR", "home/.config/matplotlib"), ("TMPDIR", "tmp")):
        path = os.path.join(workdir, sub)
        os.makedirs(path, exist_ok=True)
        env[name] = path
    env["PYTHONNOUSERSITE"] = "1"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


class RootError(RuntimeError):
    """Running as root, but an unprivileged user cannot run this Python."""


UID_BASE = 61000  # submissions run as uids UID_BASE + n (no passwd entry needed)


def isolation_uids(python, count, allow_root=False):
    """One unprivileged uid per submission when we are root, else ``[None] * count``.

    Different uids cannot signal, trace or write into each other's processes and
    folders, so one submission cannot touch another's run. Raises :class:`RootError`
    when we are root and such a user cannot run ``python`` (typically a Python installed
    under ``/root``), unless ``allow_root``.
    """
    if os.geteuid() != 0:
        return [None] * count
    try:
        check = subprocess.run([python, "-c", "pass"], user=UID_BASE, group=UID_BASE,
                               extra_groups=[], cwd="/", capture_output=True)
        runs = check.returncode == 0
    except OSError:  # e.g. the interpreter sits in a folder only root may enter
        runs = False
    if runs:
        return [UID_BASE + n for n in range(count)]
    if allow_root:
        return [None] * count
    raise RootError(
        f"The grader runs as root, so it runs each submission as its own unprivileged "
        f"user; but such a user cannot run {python} (a folder on its path is not "
        f"searchable, e.g. /root). Install Python where other users can read it, or make "
        f"the folder searchable (chmod o+x /root), or grade with --allow-root (not "
        f"recommended: code running as root can forge its results)."
    )


def run(argv, workdir, env, limits, *, uid=None, fd_env="DLCOURSE_GRADE_FD", log_path=None):
    """Run ``argv`` in ``workdir`` under ``limits``; collect JSON lines from its pipe.

    The caller must be a subreaper (:func:`become_subreaper`) for escaped processes to
    be caught; everything below the caller is killed before this returns. ``uid`` (from
    :func:`isolation_uids`) runs the command as that user and group.
    """
    if uid is not None:
        for folder, _, files in os.walk(workdir):
            os.chown(folder, uid, uid)
            os.chmod(folder, 0o700)
            for name in files:
                os.chown(os.path.join(folder, name), uid, uid)
    read_end, write_end = os.pipe()
    env = dict(env, **{fd_env: str(write_end)})
    log = open(log_path or os.devnull, "wb")
    outcome = Outcome()
    start = time.monotonic()
    try:
        process = subprocess.Popen(
            argv, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, pass_fds=(write_end,), start_new_session=True,
            user=uid, group=uid, extra_groups=[] if uid is not None else None,
        )
    finally:
        os.close(write_end)
        log.close()
    buffer, eof = b"", False
    try:
        while True:
            ready = []
            if not eof:
                ready, _, _ = select.select([read_end], [], [], 0.25)
            else:
                time.sleep(0.1)
            if ready:
                chunk = os.read(read_end, 65536)
                eof = not chunk
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    try:
                        outcome.records.append(json.loads(line))
                    except ValueError:
                        pass
            if process.poll() is not None and (eof or not ready):
                break
            elapsed = time.monotonic() - start
            tree = descendants()
            memory = sum(tree.values()) / 1024
            outcome.peak_memory_mb = max(outcome.peak_memory_mb, memory)
            if elapsed > limits.notebook_seconds:
                outcome.stopped = f"time limit: the notebook ran longer than {limits.notebook_seconds:g} s"
            elif memory > limits.memory_mb:
                outcome.stopped = f"memory limit: more than {limits.memory_mb} MB in use"
            elif len(tree) > limits.processes:
                outcome.stopped = f"process limit: more than {limits.processes} processes"
            if outcome.stopped:
                break
    finally:
        os.close(read_end)
        kill_descendants()
        outcome.returncode = process.poll()
        outcome.seconds = time.monotonic() - start
    return outcome


def remove_tree(path):
    """Delete a work folder even if the untrusted run made parts of it read-only."""
    def make_writable(function, name, _):
        os.chmod(name, 0o700)
        function(name)

    shutil.rmtree(path, onerror=make_writable)
