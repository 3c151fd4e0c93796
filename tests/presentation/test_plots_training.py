"""Tests of dlcourse.presentation.plots_training: activations, gradients, weights, schedules."""

import numpy as np
import pytest

from dlcourse.presentation import plots_training


def test_recipe_flowchart_names_both_questions_and_remedies():
    ax = plots_training.plot_recipe_flowchart()
    text = " ".join(t.get_text() for t in ax.texts)
    for phrase in ("TRAINING data?", "VALIDATION data?", "early stopping", "dropout",
                   "adaptive learning rate", "BIAS", "VARIANCE", "train again"):
        assert phrase in text, phrase
    assert sum(t.get_text() == "yes" for t in ax.texts) == 2


def test_weight_histograms_one_step_line_per_set():
    rng = np.random.default_rng(0)
    ax = plots_training.plot_weight_histograms({"a": rng.normal(size=100), "b": [rng.normal(size=50)] * 2})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    assert len(ax.patches) == 2
    with pytest.raises(ValueError, match="non-empty dict"):
        plots_training.plot_weight_histograms([])


def test_learning_rate_and_loss_marks_each_reduction():
    history = {"loss": [1, 0.8, 0.7, 0.7], "val_loss": [1.1, 0.9, 0.9, 0.9],
               "learning_rate": [0.1, 0.1, 0.05, 0.05]}
    axes = plots_training.plot_learning_rate_and_loss(history)
    assert axes[1].get_yscale() == "log"
    assert len([l for l in axes[1].lines if l.get_xdata()[0] == 2.5]) == 1  # one reduction
    with pytest.raises(ValueError, match="learning_rate"):
        plots_training.plot_learning_rate_and_loss({"loss": [1.0]})


def test_function_and_derivative_estimates_the_slope_where_none_is_given():
    ax = plots_training.plot_function_and_derivative(np.tanh, title="tanh")
    x, f = ax.lines[-2].get_data()
    _, slope = ax.lines[-1].get_data()
    np.testing.assert_allclose(f, np.tanh(x))
    np.testing.assert_allclose(slope, 1 - np.tanh(x) ** 2, atol=1e-5)
    assert not np.allclose(slope, np.tanh(x), atol=1e-2)  # the check can fail
    assert ax.get_title() == "tanh" and 0 not in x  # the kink of ReLU-like functions is not sampled
    relu = plots_training.plot_function_and_derivative(lambda v: np.maximum(v, 0))
    np.testing.assert_allclose(np.unique(relu.lines[-1].get_ydata().round(6)), [0, 1])
    given = plots_training.plot_function_and_derivative(np.sin, np.cos, x=[0.0, 1.0], legend=False)
    np.testing.assert_allclose(given.lines[-1].get_ydata(), np.cos([0.0, 1.0]))
    assert given.get_legend() is None


def test_function_and_derivative_rejects_what_is_not_element_wise():
    with pytest.raises(TypeError, match="callables"):
        plots_training.plot_function_and_derivative([1, 2])
    with pytest.raises(ValueError, match="element-wise"):
        plots_training.plot_function_and_derivative(lambda v: v.sum())


def test_gradient_norms_one_line_per_profile_on_a_log_scale():
    profiles = {"a": {"hidden_1": 1e-4, "hidden_2": 1e-2, "output": 1.0}, "b": [0.5, 0.5, 0.5]}
    ax = plots_training.plot_gradient_norms(profiles, styles={"b": {"ls": "--"}}, ylim=(1e-6, 10))
    assert ax.get_yscale() == "log" and len(ax.lines) == 2
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [1e-4, 1e-2, 1.0])
    assert ax.lines[1].get_linestyle() == "--"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["h1", "h2", "output"]
    assert ax.get_ylim() == pytest.approx((1e-6, 10))
    with pytest.raises(ValueError, match="non-empty dict"):
        plots_training.plot_gradient_norms([])


def test_activation_histograms_one_panel_per_layer():
    rng = np.random.default_rng(0)
    layers = [rng.normal(0, 1, (50, 20)), np.maximum(rng.normal(0, 1, (50, 20)), 0)]
    axes = plots_training.plot_activation_histograms(layers, label="relu")
    assert len(axes) == 2 and axes[0].get_ylabel() == "relu"
    assert axes[0].get_title() == f"std {layers[0].std():.2g}"
    assert any("= 0" in t.get_text() for t in axes[1].texts)  # ReLU zeros are counted
    assert axes[0].get_xlim() == axes[1].get_xlim()           # one shared range by default
    each = plots_training.plot_activation_histograms([layers[0], 100 * layers[0]], value_range="each")
    assert each[1].get_xlim()[1] > 50 * each[0].get_xlim()[1]
    with pytest.raises(ValueError, match="only 1 axes"):
        plots_training.plot_activation_histograms(layers, axes=[axes[0]])
    with pytest.raises(ValueError, match="'each'"):
        plots_training.plot_activation_histograms(layers, value_range="all")


def test_plot_gradient_profile_keeps_the_profile_and_a_fixed_range():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(16, 5)).astype("float32"), rng.integers(0, 2, 16)
    ax = plots_training.plot_gradient_profile(x, y, "tanh", 2, units=4, num_outputs=2)
    assert list(ax.profile) == ["hidden_1", "hidden_2", "output"]
    assert ax.get_ylim() == plots_training.GRADIENT_PROFILE_YLIM
    assert ax.get_title().startswith("first layer / output layer gradient")


def test_plot_initialization_shows_layers_and_their_spread():
    fig = plots_training.plot_initialization("tanh", "xavier", 12, width=16, num_samples=20,
                                             initializer_name="Xavier")
    assert len(fig.axes) == 8 + 1  # at most eight layers' histograms, and the spread
    assert len(fig.axes[-1].lines[0].get_xdata()) == 12
    assert fig._suptitle.get_text() == "tanh, Xavier: 12 layers of 16 units"


def test_plot_plateau_schedule_counts_the_reductions():
    axes = plots_training.plot_plateau_schedule([1.0, 0.9] + [0.9] * 8, 0.1, patience=2)
    rates = axes[1].lines[0].get_ydata()
    assert rates[0] == 0.1 and rates[-1] < 0.1
    assert axes[1].get_title().startswith(f"{int(np.sum(np.diff(rates) < 0))} reductions")
    with pytest.raises(ValueError, match="at least 2 epochs"):
        plots_training.plot_plateau_schedule([1.0])
