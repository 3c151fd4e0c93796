"""Shared by the presentation tests: every figure closed after each test; widget helpers."""

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def find_controls(box):
    """Every control below ``box`` that has a description: description -> control."""
    found = {}

    def walk(widget):
        for child in getattr(widget, "children", ()):
            if getattr(child, "description", ""):
                found[child.description] = child
            walk(child)

    walk(box)
    return found


@pytest.fixture
def controls():
    """``controls(box)``: the widget's controls by description."""
    return find_controls


@pytest.fixture
def check_one_frame_and_errors(spy):
    """``check(make, module, name, per_frame, control, value)`` for a widget ``make()``.

    Checks that the first frame computes ``module.name`` (the pure function) only
    ``per_frame`` times (once per figure: the static frame is the first output), that
    a setting whose computation fails shows the error in the output area, and that the
    next setting draws a figure again.
    """
    import base64
    import importlib

    from dlcourse.presentation.wiring import ERROR_PREFIX

    def check(make, module, name, per_frame, control, value):
        calls = spy(importlib.import_module(module), name)
        box = make()
        assert len(calls) == per_frame, f"the first frame called {name} {len(calls)} times"
        assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")
        found = find_controls(box)[control]
        original = found.value
        calls.fail = True
        found.value = value
        (shown,) = box.output.outputs
        assert shown["output_type"] == "stream", "the error is not shown in the output area"
        assert shown["text"].startswith(ERROR_PREFIX) and f"{name} made to fail" in shown["text"]
        calls.fail = False
        found.value = original
        (shown,) = box.output.outputs
        assert "image/png" in shown["data"] and len(calls) == 2 * per_frame + 1  # +1: failed

    return check
