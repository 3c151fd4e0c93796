"""Tests of dlcourse.presentation.plots: images, labels, predictions, confusion matrices, histories."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse.presentation import plots


def test_image_grid_titles_and_wrong_predictions_in_red():
    images = np.zeros((5, 8, 8), dtype=np.uint8)
    fig = plots.plot_image_grid(images, [0, 1, 2, 1, 0], class_names=["a", "b", "c"],
                                predictions=[0, 1, 1, 1, 0], ncols=3)
    axes = fig.axes
    assert len(axes) == 6  # 2 rows x 3, the last one blank
    assert axes[0].get_title() == "a"
    assert axes[2].get_title() == "b\n(true: c)"
    assert axes[2].title.get_color() == "tab:red"
    with pytest.raises(ValueError, match=r"\(n, h, w\)"):
        plots.plot_image_grid(np.zeros((8, 8)))


def test_class_counts_bars_match_counts():
    ax = plots.plot_class_counts(np.array([[0], [1], [1], [2], [2], [2]]), class_names=["x", "y", "z"])
    assert [p.get_height() for p in ax.patches] == [1, 2, 3]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]


def test_history_panels_per_metric_with_validation():
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8],
               "val_accuracy": [0.4, 0.7]}
    axes = plots.plot_history(history)
    assert [ax.get_ylabel() for ax in axes] == ["loss", "accuracy"]
    assert len(axes[0].lines) == 2
    np.testing.assert_array_equal(axes[0].lines[1].get_ydata(), [1.1, 0.7])
    plots.plot_history(history, ["loss"], axes=[axes[0]], label="run 2")
    assert len(axes[0].lines) == 4
    with pytest.raises(ValueError, match="not in the history"):
        plots.plot_history(history, ["f1"])


def test_confusion_matrix_plot():
    ax = plots.plot_confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], class_names=["a", "b", "c"])
    assert ax.get_title() == "accuracy 0.750"
    assert ax.images[0].get_array()[0, 0] == pytest.approx(0.5)


def test_plots_do_not_touch_global_state():
    import matplotlib

    before = dict(matplotlib.rcParams)
    plots.plot_class_counts([0, 1])
    assert dict(matplotlib.rcParams) == before


def test_probabilities_bars_colour_the_prediction():
    p = np.array([0.1, 0.7, 0.2])
    ax = plots.plot_probabilities(p, label=1)
    assert [bar.get_height() for bar in ax.patches] == pytest.approx([0.1, 0.7, 0.2])
    assert ax.patches[1].get_facecolor() == plt.matplotlib.colors.to_rgba("tab:green")
    ax = plots.plot_probabilities(p, label=2, class_names=["a", "b", "c"])
    assert ax.patches[1].get_facecolor() == plt.matplotlib.colors.to_rgba("tab:red")
    assert "predicted b" in ax.get_title()
    with pytest.raises(ValueError, match="summing"):
        plots.plot_probabilities(np.array([0.5, 0.6]))
    with pytest.raises(ValueError, match="label must be an int from 0 to 2, got 3"):
        plots.plot_probabilities(p, label=3)


def test_image_pair_colours_right_and_wrong_answers():
    image = np.zeros((4, 4))
    fig = plots.plot_image_pair(image, image, {"good": 0.9, "bad": 0.2}, same=True)
    bars = fig.axes[2].patches
    assert bars[0].get_facecolor() == plt.matplotlib.colors.to_rgba("tab:green")
    assert bars[1].get_facecolor() == plt.matplotlib.colors.to_rgba("tab:red")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plots.plot_image_pair(image, image, {"x": 1.5})


def test_ensure_axes_and_label_text():
    _, ax = plt.subplots()
    assert plots.ensure_axes(ax) is ax
    assert tuple(plots.ensure_axes(None, figsize=(2, 1)).figure.get_size_inches()) == (2, 1)
    assert plots.label_text(np.array([2]), ["a", "b", "c"]) == "c" and plots.label_text(1) == "1"


def test_prediction_augmented_and_hog_figures():
    fig = plots.plot_prediction(np.zeros((6, 6)), [0.1, 0.7, 0.2], 1, index=4)
    image_ax, bars_ax = fig.axes
    assert image_ax.get_title() == "test image 4" and len(bars_ax.patches) == 3
    variants = np.full((3, 5, 5), 200, dtype=np.uint8)
    fig = plots.plot_augmented(np.zeros((5, 5), dtype=np.uint8), variants, title="cat")
    assert len(fig.axes) == 4 and fig.axes[0].get_title() == "cat (original)"
    image = np.random.default_rng(0).integers(0, 256, (32, 32), dtype=np.uint8)
    fig = plots.plot_image_and_hog(image, cell_size=16, num_bins=6, title="one")
    assert fig.axes[0].get_title() == "one"
    assert fig.axes[1].get_title() == "16x16 cells, 6 bins: descriptor length 24"
    fig = plots.plot_image_pair(np.zeros((4, 4)), np.zeros((4, 4)), {"m": 0.5}, title="both")
    assert fig._suptitle.get_text() == "both"
