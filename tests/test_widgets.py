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


def test_regularization_widget_retrains_with_the_slider_values(monkeypatch):
    from dlcourse import regularization

    calls = []
    real = regularization.fit_toy

    def spy(**settings):
        calls.append(settings)
        return real(**{**settings, "epochs": 3})

    monkeypatch.setattr(regularization, "fit_toy", spy)
    box = widgets.regularization_widget(num_train=20)
    assert len(calls) == 2  # the static first frame and the live output
    sliders = {c.description: c for c in box.children[0].children}
    sliders["dropout"].value = 0.3
    assert calls[-1]["dropout"] == 0.3 and calls[-1]["l2"] == 0.0
    assert base64.b64decode(box._repr_mimebundle_()["image/png"]).startswith(b"\x89PNG")


def test_plateau_widget_replays_the_schedule(monkeypatch):
    from dlcourse import callbacks

    calls = []
    real = callbacks.plateau_schedule

    def spy(values, learning_rate, **settings):
        calls.append(settings)
        return real(values, learning_rate, **settings)

    monkeypatch.setattr(callbacks, "plateau_schedule", spy)
    box = widgets.plateau_widget([1.0, 0.9, 0.9, 0.9, 0.9, 0.9])
    sliders = {c.description: c for c in box.children[0].children}
    sliders["patience"].value = 1
    assert calls[-1]["patience"] == 1 and calls[-1]["factor"] == 0.5
    import pytest

    with pytest.raises(ValueError, match="at least 2 epochs"):
        widgets.plateau_widget([1.0])
