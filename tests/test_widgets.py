import base64

import numpy as np

from dlcourse import preprocess, widgets


def test_augmentation_widget_redraws_with_the_slider_values(monkeypatch):
    calls = []
    real = preprocess.augment

    def spy(image, **settings):
        calls.append(settings)
        return real(image, **settings)

    monkeypatch.setattr(preprocess, "augment", spy)
    images = np.random.default_rng(0).integers(0, 256, (3, 12, 12, 3), dtype=np.uint8)
    box = widgets.augmentation_widget(images, [0, 1, 2], class_names=["a", "b", "c"], num_variants=2)
    assert len(calls) == 2  # the static first frame and the live output
    sliders = {c.description: c for row in box.children[:2] for c in row.children}
    sliders["rotation"].value = 0.3
    assert calls[-1]["rotation"] == 0.3 and calls[-1]["zoom"] == 0.1


def test_widget_carries_a_static_png_for_readers_without_a_kernel():
    images = np.zeros((2, 8, 8), dtype=np.uint8)
    bundle = widgets.augmentation_widget(images, num_variants=1)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def _probabilities(labels, wrong):
    """Confident right answers, except at the positions in ``wrong`` (answered 0)."""
    p = np.full((len(labels), 3), 0.05)
    p[np.arange(len(labels)), labels] = 0.9
    for i, confidence in wrong.items():
        p[i] = (1 - confidence) / 2
        p[i, 0] = confidence
    return p


def test_prediction_widget_steps_through_all_images_or_the_mistakes(monkeypatch):
    from dlcourse import plots

    shown = []
    real = plots.plot_probabilities

    def spy(probabilities, label=None, **kwargs):
        shown.append(int(label))
        return real(probabilities, label, **kwargs)

    monkeypatch.setattr(plots, "plot_probabilities", spy)
    labels = np.array([0, 1, 2, 1, 2])
    p = _probabilities(labels, {1: 0.6, 4: 0.8})  # mistakes: 4 (more confident), then 1
    images = np.zeros((5, 6, 6), dtype=np.uint8)
    box = widgets.prediction_widget(images, labels, p)
    toggle, slider = box.children[0].children[0], box.children[1]
    slider.value = 3
    assert shown[-1] == labels[3]
    toggle.value = "mistakes only"
    assert slider.max == 1 and shown[-1] == labels[4]
    slider.value = 1
    assert shown[-1] == labels[1]
    bundle = box._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_pair_widget_shows_each_models_score_for_the_chosen_pair(monkeypatch):
    from dlcourse import plots

    seen = []
    real = plots.plot_image_pair

    def spy(left, right, scores, **kwargs):
        seen.append((scores, kwargs["same"]))
        return real(left, right, scores, **kwargs)

    monkeypatch.setattr(plots, "plot_image_pair", spy)
    labels = np.array([3, 3, 5])
    scores = {"m": np.arange(9.0).reshape(3, 3) / 10}
    box = widgets.pair_widget(np.zeros((3, 5, 5)), labels, scores)
    left, right = box.children[0].children
    right.value = 2
    assert seen[-1] == ({"m": 0.2}, False)
    left.value = 1
    right.value = 0
    assert seen[-1] == ({"m": 0.3}, True)
    with np.testing.assert_raises(ValueError):
        widgets.pair_widget(np.zeros((3, 5, 5)), labels, {"m": np.zeros((2, 2))})
