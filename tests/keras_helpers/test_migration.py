"""Keras 1/2 forms: what Keras 3 does with them, and none left in the course."""

import json
from pathlib import Path

import pytest

from dlcourse.keras_helpers import migration

ROOT = Path(__file__).resolve().parents[2]
MATERIAL = """
from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras.optimizers import SGD
model = Sequential()
model.add(Dense(input_dim=28 * 28, output_dim=500))
model.add(Activation('sigmoid'))
model.compile(loss='mse', optimizer=SGD(lr=0.1, decay=1e-6), metrics=['accuracy'])
model.fit(x_train, y_train, batch_size=100, nb_epoch=20)
classes = model.predict_classes(x_test)
"""


def test_finds_every_removed_form_of_the_material():
    found = {(f.line, f.form) for f in migration.find_removed_forms(MATERIAL)}
    assert found == {(3, "keras.layers.core"), (6, "input_dim"), (6, "output_dim"), (8, "lr"),
                     (8, "decay"), (9, "nb_epoch"), (10, "predict_classes")}


@pytest.mark.parametrize("code", [
    "keras.layers.Embedding(input_dim=1000, output_dim=64)",  # still the Keras 3 names
    "keras.Input(shape=(784,))",
    "model.fit(x, y, epochs=20)  # nb_epoch=20 was Keras 1",
    "note = 'SGD(lr=0.1)'",
    "keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=1e-6)",
    "def step(w, grad, lr=0.1):\n    return w - lr * grad\nstep(1.0, 2.0, lr=0.5)",
    "from keras.models import Sequential",
    "%timeit model.predict(x)\n!pip list",
])
def test_current_forms_strings_and_comments_are_not_findings(code):
    assert migration.find_removed_forms(code) == []


def test_other_removed_forms_are_found():
    code = ("from keras.utils import np_utils\nimport keras.utils.np_utils\n"
            "model.fit_generator(gen)\nkeras.layers.Dense(3, init='uniform')\n"
            "keras.layers.LSTM(4, input_shape=(3, 2))")
    assert [f.form for f in migration.find_removed_forms(code)] == [
        "keras.utils.np_utils", "keras.utils.np_utils", "fit_generator", "init", "input_shape"]
    with pytest.raises(SyntaxError):
        migration.find_removed_forms("model.fit(")


def test_keras3_fails_or_warns_on_every_removed_form_and_runs_the_new_ones():
    for form in migration.FORMS:
        outcome, message = migration.keras3_outcome(form.old)
        if form.kind == "style":
            assert outcome == "runs", form.name
        else:
            assert outcome in ("error", "warning") and message, form.name
        assert migration.keras3_outcome(form.new) == ("runs", ""), form.name
    assert migration.keras3_outcome("keras.optimizers.SGD(lr=0.1)")[0] == "error"
    assert migration.keras3_outcome(migration.form("decay").old)[0] == "warning"
    with pytest.raises(ValueError, match="non-empty string"):
        migration.keras3_outcome("")
    with pytest.raises(ValueError, match="unknown form 'lrate'; choose one of .*'lr'"):
        migration.form("lrate")


def test_notebook_scan_reports_cells_and_syntax_errors(tmp_path):
    cells = [{"cell_type": "markdown", "source": "nb_epoch=20 in text is fine"},
             {"cell_type": "code", "source": ["model.fit(x, y,\n", " nb_epoch=2)"]},
             {"cell_type": "code", "source": "model.fit("}]
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                                "nbformat_minor": 5}))
    found = migration.find_removed_forms_in_notebook(path)
    assert [(cell, f.form) for cell, f in found] == [(1, "nb_epoch"), (2, "syntax error")]


def _course_files():
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    modules = sorted((ROOT / "dlcourse").rglob("*.py")) + sorted((ROOT / "tests").rglob("*.py"))
    return notebooks, modules


def test_no_chapter_or_module_uses_a_removed_keras_form():
    notebooks, modules = _course_files()
    assert notebooks, "no notebooks found"
    problems = [f"{path.relative_to(ROOT)} cell {cell}: {f.found} -> {f.replacement}"
                for path in notebooks if ".ipynb_checkpoints" not in path.parts
                for cell, f in migration.find_removed_forms_in_notebook(path)]
    problems += [f"{path.relative_to(ROOT)}:{f.line}: {f.found} -> {f.replacement}"
                 for path in modules
                 for f in migration.find_removed_forms(path.read_text(encoding="utf-8"))]
    assert problems == [], "\n".join(problems)


def test_the_course_numpy_optimizers_are_not_keras_forms():
    from dlcourse.keras_helpers.migration import find_removed_forms

    assert find_removed_forms("optim.SGD(0.1, decay=0.01)") == []
    assert [f.form for f in find_removed_forms("keras.optimizers.SGD(lr=0.1, decay=0.01)")]


def test_a_line_marked_on_purpose_is_not_a_finding():
    from dlcourse.keras_helpers.migration import find_removed_forms

    assert find_removed_forms("keras.optimizers.SGD(lr=0.1)  # old form, on purpose") == []
