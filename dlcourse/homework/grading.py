"""Homework: assignments with solutions and hidden tests, student copies, and a grader.

An *assignment* is an instructor notebook in ``notebooks/homework/``. Graded cells carry
``metadata["dlcourse"] = {"id": ..., "role": ..., "points": ...}``:

- ``role: "answer"``: the student's work; the solution sits between
  ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (an optional ``hint`` in the metadata
  becomes the stub's message);
- ``role: "test"``: tests the student sees, worth ``points``;
- ``role: "hidden"``: tests the student does not see, worth ``points``.

Every other cell is the instructor's and is always taken from the instructor's version.

``release`` writes the student copy: solutions replaced by a stub that raises
``NotImplementedError`` with the hint, hidden tests removed, outputs cleared.

``grade`` rebuilds each submission from the instructor's version, taking from the
student only the *source* of the answer cells (matched by id), runs it with nbval and
the plugin :mod:`dlcourse.homework.plugin` inside :mod:`dlcourse.homework.sandbox`, and writes a
score table (CSV) and per-student feedback. Before each graded test it runs a *canary*
cell that must fail with a secret message; a canary that passes means the submission
changed how the kernel runs or reports cells, and the tests after it score nothing.
"""

import concurrent.futures
import copy
import csv
import hashlib
import io
import json
import os
import re
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dlcourse.core.files import write_atomic
from dlcourse.core.paths import HOMEWORK
from dlcourse.core.tables import Table
from dlcourse.homework import sandbox

META = "dlcourse"
ROLES = ("answer", "test", "hidden")
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
MAX_ANSWER_CHARS = 200_000
_NBVAL_MARKER = re.compile(r"(NBVAL_|PYTEST_VALIDATE_)")


class AssignmentError(ValueError):
    """An instructor notebook that does not follow the assignment format."""


class SubmissionError(ValueError):
    """A submitted file that cannot be graded (not a notebook, empty, ...)."""


@dataclass(frozen=True)
class GradedCell:
    id: str
    role: str
    points: int
    hint: str = ""


def _nbformat():
    import nbformat

    return nbformat


def _graded(cell):
    meta = cell.get("metadata", {}).get(META)
    return meta if isinstance(meta, dict) else None


class Assignment:
    """An instructor notebook, checked: unique ids, solution markers, points."""

    def __init__(self, path):
        self.path = Path(path)
        self.name = self.path.stem
        try:
            self.nb = _nbformat().read(self.path, as_version=4)
        except Exception as error:
            raise AssignmentError(f"{self.path}: not a readable notebook ({error})") from error
        self.cells = []
        for index, cell in enumerate(self.nb.cells):
            meta = _graded(cell)
            if meta is None:
                continue
            where = f"{self.path.name}, cell {index}"
            role, cell_id, points = meta.get("role"), meta.get("id"), meta.get("points", 0)
            if role not in ROLES:
                raise AssignmentError(f"{where}: role {role!r} is not one of {ROLES}")
            if not isinstance(cell_id, str) or not re.fullmatch(r"[A-Za-z0-9_.-]+", cell_id):
                raise AssignmentError(f"{where}: id {cell_id!r} must be a non-empty word")
            if isinstance(points, bool) or not isinstance(points, int) or points < 0:
                raise AssignmentError(f"{where}: points {points!r} must be an int >= 0")
            if cell.cell_type != "code":
                raise AssignmentError(f"{where}: graded cells must be code cells")
            if role == "answer" and (BEGIN_SOLUTION not in cell.source
                                     or END_SOLUTION not in cell.source):
                raise AssignmentError(f"{where}: an answer cell needs {BEGIN_SOLUTION!r} "
                                      f"and {END_SOLUTION!r}")
            if role != "answer" and points == 0:
                raise AssignmentError(f"{where}: a {role} cell must be worth points > 0")
            if any(c.id == cell_id for c in self.cells):
                raise AssignmentError(f"{where}: id {cell_id!r} is used twice")
            self.cells.append(GradedCell(cell_id, role, points, meta.get("hint", "")))
        if not any(c.role == "answer" for c in self.cells):
            raise AssignmentError(f"{self.path}: no answer cell")
        if not self.tests:
            raise AssignmentError(f"{self.path}: no test or hidden cell")

    @property
    def tests(self):
        return [c for c in self.cells if c.role in ("test", "hidden")]

    @property
    def total_points(self):
        return sum(c.points for c in self.tests)

    def cell(self, cell_id):
        return next(c for c in self.cells if c.id == cell_id)




def find_assignment(name):
    """An assignment notebook by path, or by name in ``notebooks/homework/``."""
    path = Path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return path
    candidate = HOMEWORK / f"{path.stem}.ipynb"
    if candidate.is_file():
        return candidate
    known = sorted(p.stem for p in HOMEWORK.glob("*.ipynb"))
    raise ValueError(f"no assignment {name!r}; known assignments: {', '.join(known) or 'none'}")


def stub_solution(source, hint=""):
    """Replace each BEGIN/END SOLUTION block by ``raise NotImplementedError(hint)``."""
    lines, out, inside = source.splitlines(), [], False
    message = hint or "replace this line with your solution"
    for line in lines:
        if line.strip() == BEGIN_SOLUTION:
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}raise NotImplementedError({message!r})")
        elif line.strip() == END_SOLUTION:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


def _clear(cell):
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    return cell


def release(assignment_path, out_dir):
    """Write the student copy of an assignment into ``out_dir``; returns its path."""
    assignment = Assignment(assignment_path)
    nb = copy.deepcopy(assignment.nb)
    cells = []
    for cell in nb.cells:
        meta = _graded(cell)
        if meta and meta["role"] == "hidden":
            cells.append(_nbformat().v4.new_markdown_cell(
                f"*Hidden tests ({meta['points']} points) run here when your work is graded.*"))
            continue
        if meta and meta["role"] == "answer":
            cell.source = stub_solution(cell.source, meta.get("hint", ""))
        cells.append(_clear(cell))
    nb.cells = cells
    target = Path(out_dir) / assignment.path.name
    write_atomic(target, _nbformat().writes(nb) + "\n")
    return target


def read_submission(path):
    """A submitted notebook, or :class:`SubmissionError` saying why it cannot be graded."""
    path = Path(path)
    if path.suffix != ".ipynb":
        raise SubmissionError(f"not a notebook: {path.name} (submit the .ipynb file)")
    data = path.read_bytes()
    if not data.strip():
        raise SubmissionError(f"empty file: {path.name}")
    try:
        nb = _nbformat().reads(data.decode("utf-8"), as_version=4)
        if not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
    except Exception as error:
        raise SubmissionError(f"not a readable notebook: {path.name} ({error})"[:300]) from error
    return nb


def student_answers(nb, assignment):
    """{answer id: source} from a submission; only sources of answer cells are taken."""
    wanted = {c.id for c in assignment.cells if c.role == "answer"}
    answers = {}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {}).get(META) if isinstance(cell, dict) else None
        cell_id = meta.get("id") if isinstance(meta, dict) else None
        if cell_id in wanted and cell_id not in answers and cell.get("cell_type") == "code":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            # nbval reads markers in comments; a student's cell must not change how
            # nbval treats it.
            answers[cell_id] = _NBVAL_MARKER.sub("NBVAL-", source[:MAX_ANSWER_CHARS])
    return answers


def rebuild(assignment, answers, nonce):
    """The notebook to grade and its plan: one entry per code cell, in order."""
    nbf = _nbformat()
    nb = copy.deepcopy(assignment.nb)
    cells, plan = [], []
    for cell in nb.cells:
        meta = _graded(cell)
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        if meta and meta["role"] == "answer":
            cell.source = answers.get(meta["id"], stub_solution(cell.source, meta.get("hint", "")))
            plan.append({"kind": "answer", "id": meta["id"]})
        elif meta:
            canary = nbf.v4.new_code_cell(f"raise AssertionError('dlcourse-canary-{nonce}')")
            cells.append(canary)
            plan.append({"kind": "canary"})
            plan.append({"kind": "test", "id": meta["id"], "points": meta["points"]})
        else:
            plan.append({"kind": "code"})
        cells.append(_clear(cell))
    nb.cells = cells
    return nb, plan


def score(assignment, plan, outcome):
    """Points per test, status and feedback lines from one sandbox run."""
    results = {r["cell"]: r for r in outcome.records if r.get("event") == "result"}
    stopped = outcome.stopped or next(
        (r["reason"] for r in outcome.records if r.get("event") == "stopped"), "")
    points, feedback, tampered = {}, [], ""
    for number, step in enumerate(plan):
        result = results.get(f"Cell {number}")
        if step["kind"] == "canary" and result is not None and not tampered:
            if result["passed"]:
                tampered = ("the submission changed how the kernel runs or reports cells "
                            "(a check that must fail passed)")
            continue
        if step["kind"] != "test":
            continue
        cell = assignment.cell(step["id"])
        if tampered:
            earned, note = 0, f"not counted: {tampered}"
        elif result is None:
            earned, note = 0, f"not run{': ' + stopped if stopped else ''}"
        elif result["passed"]:
            earned, note = cell.points, "passed"
        else:
            earned, note = 0, "failed: " + _last_lines(result["message"])
        points[cell.id] = earned
        kind = "hidden test" if cell.role == "hidden" else "test"
        feedback.append(f"- **{cell.id}** ({kind}, {earned}/{cell.points}): {note}")
    status = "tampered" if tampered else (f"stopped: {stopped}" if stopped else "graded")
    return points, status, feedback


_EXPLAINED = {
    "Kernel dead on test start": "the kernel had died in an earlier cell (its Python "
                                 "process ended), so this one could not run",
}


def _last_lines(message, count=6):
    text = re.sub(r"\x1b\[[0-9;]*m", "", message or "").strip()
    for known, explanation in _EXPLAINED.items():
        if known in text:
            return explanation
    return " | ".join(line.strip() for line in text.splitlines()[-count:] if line.strip())[:600]


def _grade_one(job):
    """Grade one submission (runs in a worker process that is a subreaper)."""
    assignment = Assignment(job["assignment"])
    nonce = secrets.token_hex(8)
    nb, plan = rebuild(assignment, job["answers"], nonce)
    workdir = tempfile.mkdtemp(prefix="dlcourse-grade-")
    try:
        (Path(workdir) / "pytest.ini").write_text("[pytest]\n")
        notebook = Path(workdir) / "submission.ipynb"
        notebook.write_text(_nbformat().writes(nb))
        limits = sandbox.Limits(**job["limits"])
        env = sandbox.private_environment(workdir, job["env"])
        env["DLCOURSE_GRADE_OUTPUT_LIMIT"] = str(int(limits.output_chars))
        argv = [sys.executable, "-m", "pytest", "-p", "dlcourse.homework.plugin",
                "-p", "no:cacheprovider", "--noconftest", "-c", str(Path(workdir) / "pytest.ini"),
                "--rootdir", workdir, "-o", "addopts=", "-q", "--nbval-lax",
                "--nbval-current-env", f"--nbval-cell-timeout={limits.cell_seconds:g}",
                str(notebook)]
        outcome = sandbox.run(argv, workdir, env, limits, uid=job["uid"])
    finally:
        sandbox.kill_descendants()
        sandbox.remove_tree(workdir)
    points, status, feedback = score(assignment, plan, outcome)
    return {"points": points, "status": status, "feedback": feedback,
            "seconds": round(outcome.seconds, 1), "memory_mb": round(outcome.peak_memory_mb)}


@dataclass
class Submission:
    student: str
    paths: list


def discover(submissions_dir):
    """Submissions by student: ``<student>.ipynb`` or ``<student>/<any>.ipynb``."""
    root = Path(submissions_dir)
    if not root.is_dir():
        raise ValueError(f"submissions folder {root} does not exist")
    found = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            paths = sorted(p for p in entry.iterdir() if p.suffix == ".ipynb" and p.is_file())
            student = entry.name
        elif entry.is_file():
            paths, student = [entry], entry.stem
        else:
            continue
        key = student.strip().lower()
        if paths:
            found.setdefault(key, Submission(key, []))
            found[key].paths.extend(paths)
    return sorted(found.values(), key=lambda s: s.student)


def _digest(paths):
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _table(assignment, state):
    ids = [c.id for c in assignment.tests]
    rows = []
    for student in sorted(state):
        record = state[student]
        row = {"student": student}
        row.update({i: record["points"].get(i, 0) for i in ids})
        row.update({"total": sum(record["points"].values()), "max": assignment.total_points,
                    "status": record["status"], "file": record["file"]})
        rows.append(row)
    return Table(rows, ["student", *ids, "total", "max", "status", "file"])


def _write_outputs(out_dir, assignment, state):
    table = _table(assignment, state)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table.columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(table.rows)
    write_atomic(out_dir / "scores.csv", buffer.getvalue())
    write_atomic(out_dir / "state.json", json.dumps(state, indent=1, sort_keys=True))
    for student, record in state.items():
        text = (f"# {assignment.name}: {student}\n\n"
                f"Score: {sum(record['points'].values())} / {assignment.total_points}  \n"
                f"Status: {record['status']}\n\n" + "\n".join(record["feedback"]) + "\n")
        write_atomic(out_dir / "feedback" / f"{student}.md", text)
    return table


def _grading_environment():
    keep = ("PATH", "LANG", "LC_ALL", "PYTHONPATH", "DLCOURSE_DATA", "KERAS_BACKEND",
            "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "VIRTUAL_ENV")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update({"DLCOURSE_MODE": os.environ.get("DLCOURSE_MODE", "fast"),
                "DLCOURSE_OFFLINE": "1", "TF_CPP_MIN_LOG_LEVEL": "3",
                "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg"})
    return env


def _progress(done, total, last, stream):
    width = 30
    filled = int(width * done / max(total, 1))
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} graded  {last[:40]:40}")
    stream.flush()


def grade(submissions_dir, assignment_path, out_dir=None, *, limits=None, workers=None,
          regrade=False, allow_root=False, progress=True):
    """Grade every new submission; returns the whole score table.

    Parameters
    ----------
    submissions_dir : path
        ``<student>.ipynb`` files or ``<student>/`` folders with one notebook each.
    assignment_path : path
        The instructor notebook.
    out_dir : path, optional
        Where ``scores.csv``, ``state.json`` and ``feedback/`` go
        (default ``grades/<assignment>``).
    limits : sandbox.Limits, optional
    workers : int, optional
        Submissions graded at once (default: one per CPU core).
    regrade : bool
        Grade every submission again, not only new or changed ones.
    allow_root : bool
        When run as root and an unprivileged user cannot run this Python, grade as
        root anyway (otherwise :class:`sandbox.RootError`).
    """
    assignment = Assignment(assignment_path)
    out_dir = Path(out_dir or Path("grades") / assignment.name)
    limits = limits or sandbox.Limits()
    state_path = out_dir / "state.json"
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    jobs, env = {}, _grading_environment()
    for submission in discover(submissions_dir):
        digest = _digest(submission.paths)
        names = ", ".join(p.name for p in submission.paths)
        if not regrade and state.get(submission.student, {}).get("hash") == digest:
            continue
        record = {"hash": digest, "file": names, "points": {}, "feedback": []}
        if len(submission.paths) > 1:
            state[submission.student] = dict(record, status=(
                f"duplicate: {len(submission.paths)} submissions claim {submission.student} "
                f"({names}); none graded, keep one"))
            continue
        try:
            nb = read_submission(submission.paths[0])
        except (SubmissionError, OSError) as error:
            state[submission.student] = dict(record, status=f"invalid: {error}")
            continue
        jobs[submission.student] = (record, {
            "assignment": str(assignment.path), "answers": student_answers(nb, assignment),
            "limits": vars(limits), "env": env})
    stream = sys.stderr
    uids = sandbox.isolation_uids(sys.executable, len(jobs), allow_root)
    for (_, job), uid in zip(jobs.values(), uids):
        job["uid"] = uid
    if jobs:
        workers = workers or os.cpu_count() or 1
        with concurrent.futures.ProcessPoolExecutor(
                max_workers=min(workers, len(jobs)), initializer=sandbox.become_subreaper) as pool:
            futures = {pool.submit(_grade_one, job): student for student, (_, job) in jobs.items()}
            for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
                student = futures[future]
                record = jobs[student][0]
                try:
                    result = future.result()
                except Exception as error:  # the grader itself must never crash on one
                    result = {"points": {}, "status": f"error in grader: {error}",
                              "feedback": []}
                state[student] = dict(record, **result, graded_at=time.time())
                _write_outputs(out_dir, assignment, state)  # a crash loses nothing
                if progress:
                    total = sum(result["points"].values())
                    _progress(done, len(jobs), f"{student}: {total}/{assignment.total_points}",
                              stream)
        if progress:
            stream.write("\n")
    table = _write_outputs(out_dir, assignment, state)
    if progress:
        graded = len(jobs)
        stream.write(f"{graded} graded, {len(state) - graded} kept from before; "
                     f"table: {out_dir / 'scores.csv'}\n")
    return table
