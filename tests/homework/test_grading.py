"""The grader against a whole class of hostile submissions, on a tiny assignment.

Every case of the homework issue is one submission; the exact score table they must
produce is asserted, then each mechanism is checked on its own (release round trip,
late submissions, nothing left running, nothing leaking between submissions).
"""

import csv
import json
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from dlcourse.homework import grading, sandbox

v4 = nbformat.v4
LIMITS = sandbox.Limits(cell_seconds=4, notebook_seconds=45, memory_mb=2048,
                        processes=32, output_chars=200_000)
MARK = "317.5"  # a sleep duration no other process on the machine uses


def graded_cell(source, **meta):
    cell = v4.new_code_cell(source)
    cell.metadata["dlcourse"] = meta
    return cell


def tiny_assignment(path):
    nb = v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        v4.new_markdown_cell("# Tiny assignment (10 points)"),
        v4.new_code_cell("import math"),
        graded_cell("def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION",
                    id="add", role="answer", hint="return the sum of a and b"),
        graded_cell("assert add(1, 2) == 3", id="test_add", role="test", points=2),
        graded_cell("assert add(-1, 1) == 0 and add(0.5, 0.25) == 0.75",
                    id="hidden_add", role="hidden", points=3),
        graded_cell("def area(r):\n    ### BEGIN SOLUTION\n    return math.pi * r ** 2\n"
                    "    ### END SOLUTION", id="area", role="answer"),
        graded_cell("assert abs(area(1) - math.pi) < 1e-12 and area(2) > area(1)",
                    id="test_area", role="test", points=5),
    ]
    nbformat.write(nb, path)
    return path


def submit(released, folder, name, add=None, area=None, edit=None):
    """A student's copy: the released notebook with answers filled in."""
    nb = nbformat.read(released, as_version=4)
    solutions = {"add": add, "area": area}
    for cell in nb.cells:
        meta = cell.metadata.get("dlcourse", {})
        if solutions.get(meta.get("id")) is not None:
            cell.source = solutions[meta["id"]]
    if edit:
        edit(nb)
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


GOOD_ADD = "def add(a, b):\n    return a + b"
GOOD_AREA = "def area(r):\n    return math.pi * r * r"
SWALLOW_ERRORS = '''import ast
class Swallow(ast.NodeTransformer):
    def visit_Module(self, node):
        handler = ast.ExceptHandler(type=ast.Name("BaseException", ast.Load()), name=None,
                                    body=[ast.Pass()])
        node.body = [ast.Try(body=node.body or [ast.Pass()], handlers=[handler], orelse=[],
                             finalbody=[])]
        return ast.fix_missing_locations(node)
get_ipython().ast_transformers.append(Swallow())
def add(a, b):
    return a - b'''
FORGE_RESULTS = '''import json, os
def add(a, b):
    return a - b
forged = json.dumps({"event": "result", "cell": "Cell 3", "passed": True, "message": ""})
for pid in (os.getppid(), os.getpid()):
    folder = f"/proc/{pid}/fd"
    try:
        names = os.listdir(folder)
    except OSError:
        continue
    for name in names:
        try:
            with open(os.path.join(folder, name), "w") as handle:
                handle.write(forged + "\\n" * 2)
        except OSError:
            pass'''
PLANT_FILES = '''import os, pathlib
pathlib.Path("conftest.py").write_text("def pytest_runtest_logreport(report):\\n    report.outcome = 'passed'\\n")
startup = pathlib.Path(os.environ["IPYTHONDIR"]) / "profile_default" / "startup"
startup.mkdir(parents=True, exist_ok=True)
(startup / "00-evil.py").write_text("add = lambda a, b: a + b\\n")
pathlib.Path(os.environ["HOME"], "planted").write_text("x")
def add(a, b):
    return a * b'''
BACKGROUND = f'''import os, subprocess
subprocess.Popen(["sleep", "{MARK}"])
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "{MARK}"])
    os._exit(0)
def add(a, b):
    return a + b'''


def tamper_metadata(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("dlcourse")
        if meta and meta.get("role") == "test":
            meta["points"] = 100
            meta["role"] = "answer"  # pretend the test is an answer
            cell.source = "pass"  # and delete it
    nb.cells.append(graded_cell("pass", id="bonus", role="test", points=50))


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    try:
        sandbox.isolation_uids(sys.executable, 1)
    except sandbox.RootError as error:
        pytest.skip(f"cannot isolate submissions here: {error}")
    root = tmp_path_factory.mktemp("class")
    assignment = tiny_assignment(root / "tiny.ipynb")
    released = grading.release(assignment, root / "release")
    subs = root / "submissions"
    submit(released, subs, "alice.ipynb", GOOD_ADD, GOOD_AREA)
    submit(released, subs, "bob.ipynb")  # the stubs, untouched
    submit(released, subs, "carol.ipynb", "def add(a, b):\n    return a - b", GOOD_AREA,
           edit=lambda nb: [setattr(c, "source", "pass") for c in nb.cells
                            if c.metadata.get("dlcourse", {}).get("role") == "test"])
    submit(released, subs, "dan.ipynb", GOOD_ADD, GOOD_AREA, edit=tamper_metadata)
    submit(released, subs, "eve.ipynb", GOOD_ADD, "while True:\n    pass")
    submit(released, subs, "fay.ipynb", GOOD_ADD,
           "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass")
    submit(released, subs, "gus.ipynb", GOOD_ADD, "import os\nos._exit(1)")
    submit(released, subs, "hal.ipynb", GOOD_ADD, "while True:\n    print('spam' * 100)")
    submit(released, subs, "ida.ipynb", "name = input('your name? ')\n" + GOOD_ADD, GOOD_AREA)
    submit(released, subs, "jon.ipynb", SWALLOW_ERRORS, GOOD_AREA)
    submit(released, subs, "kim.ipynb", "import IPython\nIPython.get_ipython().showtraceback = "
           "lambda *a, **k: None\ndef add(a, b):\n    return a - b", GOOD_AREA)
    submit(released, subs, "lea.ipynb", PLANT_FILES, GOOD_AREA)
    submit(released, subs, "max.ipynb", BACKGROUND, GOOD_AREA)
    submit(released, subs, "ned.ipynb", FORGE_RESULTS, GOOD_AREA)
    (subs / "conftest.py").write_text("raise SystemExit('planted beside the notebooks')\n")
    (subs / "oli.py").write_text("def add(a, b): return a + b\n")
    (subs / "pam.ipynb").write_text("")
    (subs / "quinn.ipynb").write_text('{"cells": "not a list"')
    submit(released, subs, "Ray.ipynb", GOOD_ADD, GOOD_AREA)
    submit(released, subs, "ray/homework.ipynb", GOOD_ADD, GOOD_AREA)
    start = time.monotonic()
    table = grading.grade(subs, assignment, root / "grades", limits=LIMITS, workers=2,
                          progress=False)
    seconds = time.monotonic() - start
    return {"root": root, "assignment": assignment, "released": released, "subs": subs,
            "table": table, "seconds": seconds}


EXPECTED = {
    # student: (test_add, hidden_add, test_area, status starts with)
    "alice": (2, 3, 5, "graded"),
    "bob": (0, 0, 0, "graded"),
    "carol": (0, 0, 5, "graded"),  # deleting a test gains nothing
    "conftest": (0, 0, 0, "invalid: not a notebook"),
    "dan": (2, 3, 5, "graded"),  # metadata changes ignored; still full marks, no bonus
    "eve": (2, 3, 0, "graded"),  # infinite loop: that cell times out
    "fay": (2, 3, 0, "graded"),  # ignores interrupts: kernel stopped
    "gus": (2, 3, 0, "graded"),  # kernel dies
    "hal": (2, 3, 0, "stopped: output limit"),
    "ida": (0, 0, 5, "graded"),  # input(): no stdin, add never defined
    "jon": (0, 0, 0, "tampered"),  # swallows every error: caught by the canary
    "kim": (0, 0, 5, "graded"),  # hides tracebacks: reply status still says error
    "lea": (0, 0, 5, "graded"),  # planted conftest/startup files change nothing
    "max": (2, 3, 5, "graded"),
    "ned": (0, 0, 5, "graded"),  # forged results never reach the grader
    "oli": (0, 0, 0, "invalid: not a notebook"),
    "pam": (0, 0, 0, "invalid: empty file"),
    "quinn": (0, 0, 0, "invalid: not a readable notebook"),
    "ray": (0, 0, 0, "duplicate: 2 submissions claim ray"),
}


def test_score_table_of_a_hostile_class(graded_class):
    rows = {row["student"]: row for row in graded_class["table"]}
    assert sorted(rows) == sorted(EXPECTED)
    for student, (add, hidden, area, status) in EXPECTED.items():
        row = rows[student]
        got = (row["test_add"], row["hidden_add"], row["test_area"])
        assert got == (add, hidden, area), (student, row)
        assert row["total"] == add + hidden + area and row["max"] == 10
        assert row["status"].startswith(status), (student, row["status"])
    print(f"graded {len(rows)} submissions in {graded_class['seconds']:.1f} s")


def test_scores_csv_and_feedback_files(graded_class):
    out = graded_class["root"] / "grades"
    with open(out / "scores.csv") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert rows["alice"]["total"] == "10" and rows["bob"]["total"] == "0"
    feedback = (out / "feedback" / "bob.md").read_text()
    assert "Score: 0 / 10" in feedback and "NotImplementedError" in feedback
    assert "return the sum of a and b" in feedback  # the hint reaches the student
    assert "timed out" in (out / "feedback" / "eve.md").read_text()
    assert "kernel had died" in (out / "feedback" / "gus.md").read_text()
    assert "error reporting was altered" in (out / "feedback" / "kim.md").read_text()
    assert "tampered" in (out / "feedback" / "jon.md").read_text()


def test_nothing_keeps_running_after_grading(graded_class):
    leftovers = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if MARK.encode() in cmdline:
                leftovers.append(entry)
    assert leftovers == []


def test_no_files_leak_between_submissions(graded_class):
    leftovers = [p for p in Path("/tmp").glob("dlcourse-grade-*")]
    assert leftovers == [], leftovers


def test_release_hides_solutions_and_hidden_tests(graded_class):
    text = graded_class["released"].read_text()
    nb = nbformat.read(graded_class["released"], as_version=4)
    assert "return a + b" not in text and "math.pi * r ** 2" not in text
    assert "raise NotImplementedError('return the sum of a and b')" in text
    assert "add(0.5, 0.25)" not in text and "Hidden tests (3 points)" in text
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_late_submission_is_graded_alone_and_nothing_is_lost(graded_class, tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "grades"
    submit(graded_class["released"], subs, "alice.ipynb", GOOD_ADD, GOOD_AREA)
    grading.grade(subs, graded_class["assignment"], out, limits=LIMITS, progress=False)
    first = json.loads((out / "state.json").read_text())["alice"]["graded_at"]
    submit(graded_class["released"], subs, "zoe.ipynb", GOOD_ADD)
    table = grading.grade(subs, graded_class["assignment"], out, limits=LIMITS, progress=False)
    state = json.loads((out / "state.json").read_text())
    assert state["alice"]["graded_at"] == first  # not graded again
    assert {r["student"]: r["total"] for r in table} == {"alice": 10, "zoe": 5}
    grading.grade(subs, graded_class["assignment"], out, limits=LIMITS, progress=False,
                  regrade=True)
    assert json.loads((out / "state.json").read_text())["alice"]["graded_at"] > first
    assert not list(out.glob(".*.tmp"))


def test_release_round_trip(graded_class, tmp_path):
    assignment = grading.Assignment(graded_class["assignment"])
    solved = nbformat.read(graded_class["released"], as_version=4)
    for cell in solved.cells:
        meta = cell.metadata.get("dlcourse", {})
        if meta.get("role") == "answer":
            original = next(c for c in assignment.nb.cells
                            if c.metadata.get("dlcourse", {}).get("id") == meta["id"])
            cell.source = original.source  # the instructor's solution, markers and all
    (tmp_path / "subs").mkdir()
    nbformat.write(solved, tmp_path / "subs" / "solved.ipynb")
    shutil.copy(graded_class["released"], tmp_path / "subs" / "blank.ipynb")
    table = grading.grade(tmp_path / "subs", graded_class["assignment"], tmp_path / "g",
                          limits=LIMITS, progress=False)
    assert {r["student"]: r["total"] for r in table} == {"solved": 10, "blank": 0}


def test_assignment_format_errors(tmp_path):
    path = tiny_assignment(tmp_path / "a.ipynb")
    nb = nbformat.read(path, as_version=4)
    nb.cells[3].metadata["dlcourse"]["points"] = -1
    nbformat.write(nb, tmp_path / "bad.ipynb")
    with pytest.raises(grading.AssignmentError, match=r"points -1 must be an int >= 0"):
        grading.Assignment(tmp_path / "bad.ipynb")
    nb.cells[3].metadata["dlcourse"].update(points=2, id="add")
    nbformat.write(nb, tmp_path / "bad.ipynb")
    with pytest.raises(grading.AssignmentError, match="id 'add' is used twice"):
        grading.Assignment(tmp_path / "bad.ipynb")
    nb.cells[2].source = "def add(a, b):\n    return a + b"
    nbformat.write(nb, tmp_path / "bad.ipynb")
    with pytest.raises(grading.AssignmentError, match="needs '### BEGIN SOLUTION'"):
        grading.Assignment(tmp_path / "bad.ipynb")


def test_limits_are_checked():
    with pytest.raises(ValueError, match="cell_seconds=0 must be a positive number"):
        sandbox.Limits(cell_seconds=0)


def test_stub_keeps_indentation_and_code_outside_the_markers():
    source = "def f(x):\n    y = 1\n    ### BEGIN SOLUTION\n    return x + y\n    ### END SOLUTION"
    assert grading.stub_solution(source, "hint") == (
        "def f(x):\n    y = 1\n    raise NotImplementedError('hint')")
