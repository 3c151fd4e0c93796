import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse.presentation import plots


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


def test_loss_curves_plot_marks_the_point_with_its_loss_and_slope():
    from dlcourse.references import losses

    axes = plots.plot_loss_curves("regression", 2.0, 3.0)
    assert axes.shape == (2, 4)
    assert axes[0, 0].get_title() == "MSE\nL = 1"
    assert axes[1, 0].get_title() == "slope 2"
    marker = axes[0, 2].lines[-1]  # drawn last
    assert marker.get_xdata()[0] == 3.0 and marker.get_ydata()[0] == pytest.approx(50.0)
    curve = axes[0, 0].lines[0]
    np.testing.assert_allclose(curve.get_ydata(), losses.loss_curves(
        "regression", 2.0, curve.get_xdata())["mean_squared_error"][0])
    plain = plots.plot_loss_curves("multi-class", 1)
    assert plain[0, 0].get_title() == "cross-entropy"
    with pytest.raises(ValueError, match="task must be"):
        plots.plot_loss_curves("ranking", 1)


def test_softmax_plot_shows_the_mse_gradient_vanishing_when_wrong():
    axes = plots.plot_softmax_loss_and_gradient(num_classes=10)
    ce, mse = axes[1].lines[:2]
    p_true = ce.get_xdata()
    most_wrong = np.argmin(p_true)
    assert ce.get_ydata()[most_wrong] > 1.0 and mse.get_ydata()[most_wrong] < 1e-2
    assert ce.get_ydata()[most_wrong] > 100 * mse.get_ydata()[most_wrong]


def test_decision_boundary_evaluates_a_grid_around_the_points_and_draws_them():
    x = np.array([[-1.0, -2.0], [1.0, 2.0], [0.5, -1.0]])
    y = np.array([0, 1, 1])
    seen = []

    def predict(grid):
        seen.append(grid)
        return (grid[:, 0] > 0).astype(int)

    ax = plots.plot_decision_boundary(predict, x, y, resolution=30, title="t")
    (grid,) = seen
    assert grid.shape == (900, 2)
    assert grid[:, 0].min() < -1 and grid[:, 0].max() > 1 and grid[:, 1].max() > 2
    filled = [c for c in ax.collections if getattr(c, "filled", False)]
    lines = [c for c in ax.collections if getattr(c, "filled", None) is False]
    assert list(filled[0].levels) == [-0.5, 0.5, 1.5] and list(lines[0].levels) == [0.5]
    points = [c for c in ax.collections if len(c.get_offsets()) == 3]
    np.testing.assert_array_equal(points[0].get_offsets(), x)
    assert ax.get_title() == "t"


def test_decision_boundary_with_probabilities_draws_the_half_line():
    x = np.array([[-1.0, 0.0], [1.0, 1.0]])
    ax = plots.plot_decision_boundary(lambda g: 1 / (1 + np.exp(-4 * g[:, 0])), x, [0, 1])
    lines = [c for c in ax.collections if getattr(c, "filled", None) is False]
    assert list(lines[0].levels) == [0.5]


def test_decision_boundary_errors():
    x = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots.plot_decision_boundary(lambda g: g[:, 0], np.zeros((4, 3)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="4 points but y has 3 labels"):
        plots.plot_decision_boundary(lambda g: g[:, 0], x, [0, 1, 0])
    with pytest.raises(ValueError, match=r"one value per point, shape \(100,\)"):
        plots.plot_decision_boundary(lambda g: g, x, [0, 1, 0, 1], resolution=10)
    with pytest.raises(ValueError, match="outside"):
        plots.plot_decision_boundary(lambda g: g[:, 0] * 0 + 1.5, x, [0, 1, 0, 1])


def test_network_diagram_draws_units_and_all_weights():
    ax = plots.plot_network_diagram([2, 3, 1], activations=["tanh", "sigmoid"])
    assert sum(len(c.get_offsets()) for c in ax.collections) == 6
    assert len(ax.lines) == 2 * 3 + 3 * 1
    texts = [t.get_text() for t in ax.texts]
    assert "hidden 1\n(3)\ntanh" in texts
    big = plots.plot_network_diagram([784, 10], max_shown=5)
    assert sum(len(c.get_offsets()) for c in big.collections) == 4 + 4  # one unit elided
    assert "\u22ee" in [t.get_text() for t in big.texts]
    with pytest.raises(ValueError, match="at least 2 layers"):
        plots.plot_network_diagram([3])
    with pytest.raises(ValueError, match="one entry per layer after the input"):
        plots.plot_network_diagram([2, 2, 1], activations=["tanh"])


def test_recipe_flowchart_names_both_questions_and_remedies():
    ax = plots.plot_recipe_flowchart()
    text = " ".join(t.get_text() for t in ax.texts)
    for phrase in ("TRAINING data?", "VALIDATION data?", "early stopping", "dropout",
                   "adaptive learning rate", "BIAS", "VARIANCE", "train again"):
        assert phrase in text, phrase
    assert sum(t.get_text() == "yes" for t in ax.texts) == 2


def test_weight_histograms_one_step_line_per_set():
    rng = np.random.default_rng(0)
    ax = plots.plot_weight_histograms({"a": rng.normal(size=100), "b": [rng.normal(size=50)] * 2})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert len(ax.patches) == 2
    with pytest.raises(ValueError, match="non-empty dict"):
        plots.plot_weight_histograms([])


def test_toy_fit_plot_shows_accuracies():
    from dlcourse.references.training import fit_toy

    result = fit_toy(hidden_units=4, epochs=5)
    ax = plots.plot_toy_fit(result, resolution=20)
    assert f"train {result['train_accuracy']:.2f}" in ax.get_title()


def test_learning_rate_and_loss_marks_each_reduction():
    history = {"loss": [1, 0.8, 0.7, 0.7], "val_loss": [1.1, 0.9, 0.9, 0.9],
               "learning_rate": [0.1, 0.1, 0.05, 0.05]}
    axes = plots.plot_learning_rate_and_loss(history)
    assert axes[1].get_yscale() == "log"
    assert len([l for l in axes[1].lines if l.get_xdata()[0] == 2.5]) == 1  # one reduction
    with pytest.raises(ValueError, match="learning_rate"):
        plots.plot_learning_rate_and_loss({"loss": [1.0]})


def test_function_and_derivative_estimates_the_slope_where_none_is_given():
    ax = plots.plot_function_and_derivative(np.tanh, title="tanh")
    x, f = ax.lines[-2].get_data()
    _, slope = ax.lines[-1].get_data()
    np.testing.assert_allclose(f, np.tanh(x))
    np.testing.assert_allclose(slope, 1 - np.tanh(x) ** 2, atol=1e-5)
    assert not np.allclose(slope, np.tanh(x), atol=1e-2)  # the check can fail
    assert ax.get_title() == "tanh" and 0 not in x  # the kink of ReLU-like functions is not sampled
    relu = plots.plot_function_and_derivative(lambda v: np.maximum(v, 0))
    np.testing.assert_allclose(np.unique(relu.lines[-1].get_ydata().round(6)), [0, 1])
    given = plots.plot_function_and_derivative(np.sin, np.cos, x=[0.0, 1.0], legend=False)
    np.testing.assert_allclose(given.lines[-1].get_ydata(), np.cos([0.0, 1.0]))
    assert given.get_legend() is None


def test_function_and_derivative_rejects_what_is_not_element_wise():
    with pytest.raises(TypeError, match="callables"):
        plots.plot_function_and_derivative([1, 2])
    with pytest.raises(ValueError, match="element-wise"):
        plots.plot_function_and_derivative(lambda v: v.sum())


def test_gradient_norms_one_line_per_profile_on_a_log_scale():
    profiles = {"a": {"hidden_1": 1e-4, "hidden_2": 1e-2, "output": 1.0}, "b": [0.5, 0.5, 0.5]}
    ax = plots.plot_gradient_norms(profiles, styles={"b": {"ls": "--"}}, ylim=(1e-6, 10))
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1e-4, 1e-2, 1.0])
    assert ax.lines[1].get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["h1", "h2", "output"]
    assert ax.get_ylim() == pytest.approx((1e-6, 10))
    with pytest.raises(ValueError, match="non-empty dict"):
        plots.plot_gradient_norms([])


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
    with pytest.raises(ValueError, match="label"):
        plots.plot_probabilities(p, label=3)


def test_model_graph_draws_a_box_per_layer_and_an_arrow_per_edge():
    from dlcourse.core import config

    keras = config.import_keras()
    a, b = keras.Input(shape=(4,), name="a"), keras.Input(shape=(4,), name="b")
    shared = keras.layers.Dense(3, name="shared")
    merged = keras.layers.Concatenate(name="merge")([shared(a), shared(b)])
    model = keras.Model([a, b], keras.layers.Dense(1, name="out")(merged), name="pair")
    ax = plots.plot_model_graph(model)
    texts = [t.get_text() for t in ax.texts]
    assert "shared (Dense), called 2x" in texts and "(None, 3) · 15 params" in texts
    boxes = [p for p in ax.patches if type(p).__name__ == "FancyBboxPatch"]
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(boxes) == 5 and len(arrows) == 4  # a, b -> shared -> merge -> out
    assert ax.get_title() == "pair"
    with pytest.raises(TypeError):
        plots.plot_model_graph("not a model")


def test_image_pair_colours_right_and_wrong_answers():
    image = np.zeros((4, 4))
    fig = plots.plot_image_pair(image, image, {"good": 0.9, "bad": 0.2}, same=True)
    bars = fig.axes[2].patches
    assert bars[0].get_facecolor() == plt.matplotlib.colors.to_rgba("tab:green")
    assert bars[1].get_facecolor() == plt.matplotlib.colors.to_rgba("tab:red")
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        plots.plot_image_pair(image, image, {"x": 1.5})


def test_model_graph_text_shrinks_on_a_small_axes():
    from dlcourse.core import config

    keras = config.import_keras()
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)], name="tiny")
    natural = plots.plot_model_graph(model)
    assert max(t.get_fontsize() for t in natural.texts) == 8
    _, small = plt.subplots(figsize=(1.5, 1.2))
    plots.plot_model_graph(model, ax=small)
    assert 0 < max(t.get_fontsize() for t in small.texts) < 5


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
