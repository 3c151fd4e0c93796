"""The course's assignments: well-formed, points adding up, and their own tests passing.

Each instructor version is graded as a submission (it must get full marks) next to
its released student copy (it must get zero, without crashing the grader).
"""

import re
import shutil

import pytest

from dlcourse.homework import grading, sandbox

ASSIGNMENTS = sorted(grading.HOMEWORK.glob("*.ipynb"))
LIMITS = sandbox.Limits(cell_seconds=300, notebook_seconds=600)


def test_there_are_four_assignments():
    assert [p.stem for p in ASSIGNMENTS] == [
        "hw1_keras_mlp", "hw2_backpropagation", "hw3_optimizers", "hw4_classic_vision"]


@pytest.mark.parametrize("path", ASSIGNMENTS, ids=[p.stem for p in ASSIGNMENTS])
def test_points_add_up_to_the_stated_total(path):
    assignment = grading.Assignment(path)
    title = assignment.nb.cells[0].source.splitlines()[0]
    stated = int(re.search(r"\((\d+) points\)", title).group(1))
    assert assignment.total_points == stated
    table = assignment.nb.cells[0].source
    assert sum(int(n) for n in re.findall(r"^\|[^|]+\| (\d+) \|", table, re.M)) == stated


@pytest.mark.parametrize("path", ASSIGNMENTS, ids=[p.stem for p in ASSIGNMENTS])
def test_instructor_version_passes_and_student_copy_scores_zero(path, tmp_path):
    released = grading.release(path, tmp_path / "release")
    text = released.read_text()
    assert grading.BEGIN_SOLUTION not in text and "NotImplementedError" in text
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(path, subs / "instructor.ipynb")
    shutil.copy(released, subs / "student.ipynb")
    table = grading.grade(subs, path, tmp_path / "grades", limits=LIMITS, progress=False,
                          allow_root=True)  # isolation is test_grading.py's subject
    totals = {row["student"]: (row["total"], row["status"]) for row in table}
    total = grading.Assignment(path).total_points
    assert totals == {"instructor": (total, "graded"), "student": (0, "graded")}, \
        (tmp_path / "grades" / "feedback" / "instructor.md").read_text()
