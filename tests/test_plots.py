import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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


def test_confusion_matrix_counts_and_plot():
    matrix = plots.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], 3)
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, 1, 0], [0, 0, 1]])
    ax = plots.plot_confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], class_names=["a", "b", "c"])
    assert ax.get_title() == "accuracy 0.750"
    assert ax.images[0].get_array()[0, 0] == pytest.approx(0.5)
    with pytest.raises(ValueError, match="3 labels but y_pred has 2"):
        plots.confusion_matrix([0, 1, 2], [0, 1])


def test_plots_do_not_touch_global_state():
    import matplotlib

    before = dict(matplotlib.rcParams)
    plots.plot_class_counts([0, 1])
    assert dict(matplotlib.rcParams) == before


def test_descent_1d_draws_curve_and_paths_clipped_to_the_window():
    ax = plots.plot_descent_1d("parabola", {"a": [2.0, 1.0, 0.5], "b": [2.0, -10.0, np.inf]},
                               x_range=(-3, 3), title="t")
    curve, path_a, start_a, path_b, start_b = ax.lines
    np.testing.assert_array_equal(path_a.get_xdata(), [2.0, 1.0, 0.5])
    np.testing.assert_array_equal(path_b.get_xdata(), [2.0, -3.0])  # clipped, inf dropped
    assert ax.get_title() == "t" and [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    with pytest.raises(ValueError, match="non-empty dict"):
        plots.plot_descent_1d("parabola", {})


def test_optimizer_paths_on_contours_with_minima_and_saddles():
    path = np.array([[-1.8, 0.1], [-1.0, 0.5], [np.nan, np.nan]])
    ax = plots.plot_optimizer_paths("saddle", {"sgd": path, "gone": np.full((3, 2), np.inf)})
    labelled = [line for line in ax.lines if line.get_label() == "sgd"]
    assert len(labelled) == 1 and len(labelled[0].get_xdata()) == 2  # the nan row is dropped
    markers = [line.get_marker() for line in ax.lines]
    assert markers.count("*") == 2 and markers.count("x") == 1      # two minima, one saddle
    assert ax.get_xlim() == (-2.0, 2.0)
    with pytest.raises(ValueError, match=r"shape \(steps \+ 1, 2\)"):
        plots.plot_optimizer_paths("saddle", {"bad": np.zeros((3, 3))})


def test_activation_histograms_one_panel_per_layer():
    rng = np.random.default_rng(0)
    layers = [rng.normal(0, 1, (50, 20)), np.maximum(rng.normal(0, 1, (50, 20)), 0)]
    axes = plots.plot_activation_histograms(layers, label="relu")
    assert len(axes) == 2 and axes[0].get_ylabel() == "relu"
    assert axes[0].get_title() == f"std {layers[0].std():.2g}"
    assert any("= 0" in t.get_text() for t in axes[1].texts)  # ReLU zeros are counted
    assert axes[0].get_xlim() == axes[1].get_xlim()           # one shared range by default
    each = plots.plot_activation_histograms([layers[0], 100 * layers[0]], value_range="each")
    assert each[1].get_xlim()[1] > 50 * each[0].get_xlim()[1]
    with pytest.raises(ValueError, match="only 1 axes"):
        plots.plot_activation_histograms(layers, axes=[axes[0]])
    with pytest.raises(ValueError, match="'each'"):
        plots.plot_activation_histograms(layers, value_range="all")


def test_computational_graph_nodes_values_and_gradients():
    ax = plots.plot_computational_graph({"x": (0, 0), "f": (1, 0)}, [("x", "f")],
                                        labels={"f": "f = x^2"}, values={"x": 3.0, "f": 9.0},
                                        gradients={"x": 6.0})
    texts = [t.get_text() for t in ax.texts]
    assert {"x", "f = x^2", "3", "9", "6"} <= set(texts)
    assert len([c for c in ax.get_children() if type(c).__name__ == "Annotation"]) == 1
    with pytest.raises(ValueError, match=r"without a position: \['y'\]"):
        plots.plot_computational_graph({"x": (0, 0)}, [("x", "y")])
