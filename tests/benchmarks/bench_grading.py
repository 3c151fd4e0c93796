"""Grade 30 submissions of homework 1 and report submissions per minute.

A mix like a real class: 18 correct, 6 stubs left in, 3 wrong models, 2 infinite
loops, 1 broken file. Run: DLCOURSE_DATA=... python tests/benchmarks/bench_grading.py
"""

import shutil
import tempfile
import time
from pathlib import Path

import nbformat

from dlcourse.homework import grading, sandbox

WRONG = ("def build_model():\n    model = keras.Sequential([keras.Input(shape=(784,)), "
         "keras.layers.Dense(10)])\n    model.compile(optimizer='sgd', loss='mse')\n"
         "    return model")
LOOP = "def build_model():\n    while True:\n        pass"


def main():
    assignment = grading.find_assignment("hw1_keras_mlp")
    limits = sandbox.Limits(cell_seconds=60, notebook_seconds=300)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        released = grading.release(assignment, tmp / "release")
        subs = tmp / "subs"
        subs.mkdir()
        solution = grading.Assignment(assignment).nb
        answer = next(c.source for c in solution.cells
                      if c.get("metadata", {}).get("dlcourse", {}).get("role") == "answer")
        kinds = ["correct"] * 18 + ["stub"] * 6 + ["wrong"] * 3 + ["loop"] * 2 + ["broken"]
        for number, kind in enumerate(kinds):
            path = subs / f"student{number:02d}.ipynb"
            if kind == "broken":
                path.write_text("{not json")
                continue
            nb = nbformat.read(released, as_version=4)
            for cell in nb.cells:
                if cell.get("metadata", {}).get("dlcourse", {}).get("role") == "answer":
                    cell.source = {"correct": answer, "wrong": WRONG, "loop": LOOP}.get(kind, cell.source)
            nbformat.write(nb, path)
        start = time.monotonic()
        table = grading.grade(subs, assignment, tmp / "grades", limits=limits)
        seconds = time.monotonic() - start
        shutil.copy(tmp / "grades" / "scores.csv", Path(tempfile.gettempdir()) / "bench_grading_scores.csv")
    totals = [row["total"] for row in table]
    print(f"{len(kinds)} submissions in {seconds:.0f} s: {60 * len(kinds) / seconds:.1f} per minute "
          f"(limits: {limits.cell_seconds:g} s per cell, {limits.notebook_seconds:g} s per notebook)")
    print("full marks:", totals.count(10), " zero:", totals.count(0))


if __name__ == "__main__":
    main()
