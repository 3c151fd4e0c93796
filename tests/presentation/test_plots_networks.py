"""Tests of dlcourse.presentation.plots_networks: diagrams, graphs, decision regions."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from dlcourse.presentation import plots_networks


def test_decision_boundary_evaluates_a_grid_around_the_points_and_draws_them():
    x = np.array([[-1.0, -2.0], [1.0, 2.0], [0.5, -1.0]])
    y = np.array([0, 1, 1])
    seen = []

    def predict(grid):
        seen.append(grid)
        return (grid[:, 0] > 0).astype(int)

    ax = plots_networks.plot_decision_boundary(predict, x, y, resolution=30, title="t")
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
    ax = plots_networks.plot_decision_boundary(lambda g: 1 / (1 + np.exp(-4 * g[:, 0])), x, [0, 1])
    lines = [c for c in ax.collections if getattr(c, "filled", None) is False]
    assert list(lines[0].levels) == [0.5]


def test_decision_boundary_errors():
    x = np.zeros((4, 2))
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plots_networks.plot_decision_boundary(lambda g: g[:, 0], np.zeros((4, 3)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="4 points but y has 3 labels"):
        plots_networks.plot_decision_boundary(lambda g: g[:, 0], x, [0, 1, 0])
    with pytest.raises(ValueError, match=r"one value per point, shape \(100,\)"):
        plots_networks.plot_decision_boundary(lambda g: g, x, [0, 1, 0, 1], resolution=10)
    with pytest.raises(ValueError, match="outside"):
        plots_networks.plot_decision_boundary(lambda g: g[:, 0] * 0 + 1.5, x, [0, 1, 0, 1])


def test_network_diagram_draws_units_and_all_weights():
    ax = plots_networks.plot_network_diagram([2, 3, 1], activations=["tanh", "sigmoid"])
    assert sum(len(c.get_offsets()) for c in ax.collections) == 6
    assert len(ax.lines) == 2 * 3 + 3 * 1
    texts = [t.get_text() for t in ax.texts]
    assert "hidden 1\n(3)\ntanh" in texts
    big = plots_networks.plot_network_diagram([784, 10], max_shown=5)
    assert sum(len(c.get_offsets()) for c in big.collections) == 4 + 4  # one unit elided
    assert "\u22ee" in [t.get_text() for t in big.texts]
    with pytest.raises(ValueError, match="at least 2 layers"):
        plots_networks.plot_network_diagram([3])
    with pytest.raises(ValueError, match="one entry per layer after the input"):
        plots_networks.plot_network_diagram([2, 2, 1], activations=["tanh"])


def test_2d_fit_draws_either_runners_result_with_both_accuracies():
    from dlcourse.data import toy
    from dlcourse.references.training import fit_toy

    result = fit_toy(hidden_units=4, epochs=5)
    ax = plots_networks.plot_2d_fit(result, resolution=20)
    assert ax.get_title().startswith("4 units, L2 0, dropout 0\ntrain accuracy ")
    assert f"test {result['test_accuracy']:.2f}" in ax.get_title()
    train, test = ax.collections[-1], ax.collections[-2]  # big training dots over small test ones
    assert len(train.get_offsets()) == len(result["train"][0])
    assert len(test.get_offsets()) == len(result["test"][0])
    linear = toy.run_2d_experiment("xor", 0, num_train=30, num_test=40)
    title = plots_networks.plot_2d_fit(linear, resolution=10).get_title()
    assert title.startswith("xor: no hidden layer (linear)\ntrain accuracy")
    deep = toy.run_2d_experiment("moons", (3, 3), num_train=30, num_test=40)
    assert "2 hidden layers of 3, tanh" in plots_networks.plot_2d_fit(deep, resolution=10).get_title()
    assert plots_networks.plot_2d_fit(deep, title="mine").get_title().startswith("mine\n")


def test_model_graph_draws_a_box_per_layer_and_an_arrow_per_edge():
    from dlcourse.core import config

    keras = config.import_keras()
    a, b = keras.Input(shape=(4,), name="a"), keras.Input(shape=(4,), name="b")
    shared = keras.layers.Dense(3, name="shared")
    merged = keras.layers.Concatenate(name="merge")([shared(a), shared(b)])
    model = keras.Model([a, b], keras.layers.Dense(1, name="out")(merged), name="pair")
    ax = plots_networks.plot_model_graph(model)
    texts = [t.get_text() for t in ax.texts]
    assert "shared (Dense), called 2x" in texts and "(None, 3) · 15 params" in texts
    boxes = [p for p in ax.patches if type(p).__name__ == "FancyBboxPatch"]
    arrows = [p for p in ax.patches if type(p).__name__ == "FancyArrowPatch"]
    assert len(boxes) == 5 and len(arrows) == 4  # a, b -> shared -> merge -> out
    assert ax.get_title() == "pair"
    with pytest.raises(TypeError):
        plots_networks.plot_model_graph("not a model")


def test_model_graph_text_shrinks_on_a_small_axes():
    from dlcourse.core import config

    keras = config.import_keras()
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)], name="tiny")
    natural = plots_networks.plot_model_graph(model)
    assert max(t.get_fontsize() for t in natural.texts) == 8
    _, small = plt.subplots(figsize=(1.5, 1.2))
    plots_networks.plot_model_graph(model, ax=small)
    assert 0 < max(t.get_fontsize() for t in small.texts) < 5


def test_computational_graph_nodes_values_and_gradients():
    ax = plots_networks.plot_computational_graph({"x": (0, 0), "f": (1, 0)}, [("x", "f")],
                                        labels={"f": "f = x^2"}, values={"x": 3.0, "f": 9.0},
                                        gradients={"x": 6.0})
    texts = [t.get_text() for t in ax.texts]
    assert {"x", "f = x^2", "3", "9", "6"} <= set(texts)
    assert len([c for c in ax.get_children() if type(c).__name__ == "Annotation"]) == 1
    with pytest.raises(ValueError, match=r"without a position: \['y'\]"):
        plots_networks.plot_computational_graph({"x": (0, 0)}, [("x", "y")])
