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


def test_gradient_norm_widget_redraws_the_profile_of_the_chosen_network(monkeypatch):
    from dlcourse import experiments

    calls = []
    real = experiments.gradient_norm_profile

    def spy(config, x, y, **options):
        calls.append(config)
        return real(config, x, y, **options)

    monkeypatch.setattr(experiments, "gradient_norm_profile", spy)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(32, 10)).astype("float32"), rng.integers(0, 3, 32)
    box = widgets.gradient_norm_widget(x, y, max_hidden=6, units=8, num_outputs=3)
    assert len(calls) == 2 and calls[-1]["activation"] == "sigmoid"  # static frame + live output
    controls = {c.description: c for c in box.children[0].children}
    controls["hidden layers"].value = 3
    assert calls[-1]["hidden_units"] == (8, 8, 8)
    controls["activation"].value = "relu"
    assert calls[-1]["activation"] == "relu" and len(calls) == 4
    bundle = box._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


def test_plot_gradient_profile_keeps_the_profile_and_a_fixed_range():
    import matplotlib.pyplot as plt

    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(16, 5)).astype("float32"), rng.integers(0, 2, 16)
    ax = widgets.plot_gradient_profile(x, y, "tanh", 2, units=4, num_outputs=2)
    assert list(ax.profile) == ["hidden_1", "hidden_2", "output"]
    assert ax.get_ylim() == widgets.GRADIENT_WIDGET_YLIM
    assert ax.get_title().startswith("first layer / output layer gradient")
    plt.close("all")
