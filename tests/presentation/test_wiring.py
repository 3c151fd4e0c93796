"""Tests of dlcourse.presentation.wiring: the one way every widget is wired."""

import base64

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse.presentation import wiring


def _shown(box):
    """What the output area shows: ("png", bytes) or ("text", str)."""
    (entry,) = box.output.outputs
    if entry["output_type"] == "stream":
        return "text", entry["text"]
    return "png", base64.b64decode(entry["data"]["image/png"])


def _line_widget(linked=None, fail_when=None):
    drawn = []
    controls = {"slope": widgets.FloatSlider(value=1.0, min=-5, max=5),
                "offset": widgets.FloatSlider(value=0.0, min=-5, max=5)}

    def draw(slope, offset):
        drawn.append((slope, offset))
        fig, ax = plt.subplots()
        if fail_when is not None and slope == fail_when:
            raise ValueError(f"slope {slope} cannot be drawn")
        ax.plot([0, 1], [offset, offset + slope])
        return ax  # an Axes is fine: the helper takes its figure

    box = wiring.interactive_figure(controls, draw, height="100px", linked=linked,
                                    arrange=wiring.arrange_rows(controls))
    return box, controls, drawn


def test_the_first_frame_is_drawn_once_shown_and_kept_as_the_static_frame():
    box, controls, drawn = _line_widget()
    assert drawn == [(1.0, 0.0)]
    kind, png = _shown(box)
    bundle = box._repr_mimebundle_()
    assert kind == "png" and png.startswith(b"\x89PNG")
    assert base64.b64decode(bundle["image/png"]) == png  # the same picture, drawn once
    assert "application/vnd.jupyter.widget-view+json" in bundle
    controls["offset"].value = 2.0
    assert drawn[-1] == (1.0, 2.0) and len(drawn) == 2
    assert _shown(box)[1] != png
    assert not plt.get_fignums()  # every figure drawn was closed


def test_an_error_is_shown_in_the_output_area_and_the_next_setting_draws_again():
    box, controls, drawn = _line_widget(fail_when=3.0)
    open_before = set(plt.get_fignums())
    controls["slope"].value = 3.0
    kind, text = _shown(box)
    assert kind == "text" and text.startswith(wiring.ERROR_PREFIX)
    assert "ValueError: slope 3.0 cannot be drawn" in text
    assert set(plt.get_fignums()) == open_before  # the half-drawn figure is closed
    controls["slope"].value = 2.0
    assert _shown(box)[0] == "png"


def test_a_linked_hook_sets_other_controls_and_the_figure_is_drawn_once():
    def reset_offset(slope):
        controls_seen["offset"].value = -slope

    controls_seen = {}
    box, controls, drawn = _line_widget(linked={"slope": reset_offset})
    controls_seen.update(controls)
    controls["slope"].value = 2.0
    assert drawn == [(1.0, 0.0), (2.0, -2.0)]  # one redraw, with the hook's value


def test_a_failing_hook_is_shown_too():
    def broken(value):
        raise ValueError("no such list")

    box, controls, drawn = _line_widget(linked={"slope": broken})
    controls["slope"].value = 2.0
    assert "no such list" in _shown(box)[1] and len(drawn) == 1


def test_linked_names_must_be_controls_and_a_bad_first_frame_raises():
    with pytest.raises(ValueError, match=r"linked names controls that do not exist: \['tilt'\]"):
        _line_widget(linked={"tilt": print})
    with pytest.raises(ValueError, match="cannot be drawn"):
        _line_widget(fail_when=1.0)  # the caller's arguments: raised where they were given
    plt.close("all")


def test_figure_png_with_a_palette_is_smaller():
    def picture():
        fig, ax = plt.subplots(figsize=(3, 3))
        ax.imshow(np.random.default_rng(0).random((60, 60)), cmap="viridis")
        return fig

    full, fewer = wiring.figure_png(picture()), wiring.figure_png(picture(), colors=16)
    assert fewer.startswith(b"\x89PNG") and len(fewer) < len(full)
