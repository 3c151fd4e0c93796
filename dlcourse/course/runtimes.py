"""How long each chapter takes, read from the runs that produced it (never typed by hand).

- **Full mode**: the committed outputs come from a full-mode run (``make execute``),
  and Jupyter records when each cell started and finished (``metadata.execution``);
  :func:`full_run_seconds` reads the span from the first cell's start to the last
  cell's end.
- **Fast mode** (what ``make test`` runs): ``python -m dlcourse time-fast [NN ...]``
  executes a chapter in fast mode on a copy (the notebook's outputs stay as they are)
  and stores the seconds in the notebook's metadata (``metadata.dlcourse``), read by
  :func:`fast_run_seconds`.

``python -m dlcourse nav`` writes both into each chapter's header line
(:func:`run_time_line`), so the header cannot drift from the runs.
"""

import os
import time
from datetime import datetime

RUN_TIME_PREFIX = "**Run time:**"
FULL_BUDGET_SECONDS = 300  # a chapter in full mode, on an idle 2-core CPU
FAST_BUDGET_SECONDS = 60  # in fast mode


def _timestamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def full_run_seconds(nb):
    """Seconds from the first code cell's start to the last one's end, or ``None``.

    ``nb`` is a notebook as read by ``nbformat``; ``None`` when a code cell has no
    recorded timing (the notebook was not executed by Jupyter top to bottom).
    """
    starts, ends = [], []
    for cell in nb.cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
            return None
        starts.append(_timestamp(timing["iopub.execute_input"]))
        ends.append(_timestamp(timing["shell.execute_reply"]))
    if not starts:
        return None
    return (max(ends) - min(starts)).total_seconds()


def fast_run_seconds(nb):
    """The recorded fast-mode run time in seconds, or ``None`` if none was recorded."""
    return nb.metadata.get("dlcourse", {}).get("fast_run_seconds")


def format_duration(seconds):
    """``47 s``, ``1 min 33 s``, ``12 min``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest and minutes < 10 else f"{minutes} min"


def run_time_line(nb):
    """The header line: full- and fast-mode run times of the recorded runs."""
    full, fast = full_run_seconds(nb), fast_run_seconds(nb)
    full_text = f"{format_duration(full)} in full mode" if full is not None else \
        "full mode not recorded (run `make execute`)"
    fast_text = f"{format_duration(fast)} in fast mode (`make test`)" if fast is not None \
        else "fast mode not measured (`python -m dlcourse time-fast`)"
    return (f"{RUN_TIME_PREFIX} {full_text}, {fast_text}, measured on a 2-core CPU in the "
            f"runs that produced these outputs. A GPU or more cores make it faster.")


def with_run_time(source, line):
    """A title cell's markdown with its ``**Run time:**`` paragraph replaced by ``line``.

    Raises ``ValueError`` when the cell has no such paragraph.
    """
    paragraphs = source.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        if paragraph.startswith(RUN_TIME_PREFIX):
            paragraphs[index] = line
            return "\n\n".join(paragraphs)
    raise ValueError(f"the title cell has no paragraph starting with {RUN_TIME_PREFIX!r}")


def measure_fast(path, timeout=900):
    """Execute the notebook at ``path`` in fast mode (on a copy) and record the seconds.

    The notebook's cells and outputs are left as they are; only
    ``metadata.dlcourse.fast_run_seconds`` (and the load average at the end,
    ``fast_run_load``, for the record) change. Returns the seconds.
    """
    import nbformat
    from nbclient import NotebookClient

    from dlcourse.core.files import write_atomic

    nb = nbformat.read(path, as_version=4)
    copy = nbformat.reads(nbformat.writes(nb), as_version=4)
    environment = {"DLCOURSE_MODE": "fast", "DLCOURSE_OFFLINE": "1"}
    previous = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        start = time.perf_counter()
        NotebookClient(copy, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        seconds = time.perf_counter() - start
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    record = nb.metadata.setdefault("dlcourse", {})
    record["fast_run_seconds"] = round(seconds, 1)
    record["fast_run_load"] = round(os.getloadavg()[0], 1)
    write_atomic(path, nbformat.writes(nb) + "\n")
    return seconds
