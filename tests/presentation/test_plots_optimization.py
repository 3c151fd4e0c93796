"""Tests of dlcourse.presentation.plots_optimization: descent and optimizer paths."""

import numpy as np
import pytest

from dlcourse.presentation import plots_optimization


def test_descent_1d_draws_curve_and_paths_clipped_to_the_window():
    ax = plots_optimization.plot_descent_1d("parabola", {"a": [2.0, 1.0, 0.5], "b": [2.0, -10.0, np.inf]},
                               x_range=(-3, 3), title="t")
    curve, path_a, start_a, path_b, start_b = ax.lines
    np.testing.assert_array_equal(path_a.get_xdata(), [2.0, 1.0, 0.5])
    np.testing.assert_array_equal(path_b.get_xdata(), [2.0, -3.0])  # clipped, inf dropped
    assert ax.get_title() == "t" and [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b"]
    with pytest.raises(ValueError, match="non-empty dict"):
        plots_optimization.plot_descent_1d("parabola", {})


def test_optimizer_paths_on_contours_with_minima_and_saddles():
    path = np.array([[-1.8, 0.1], [-1.0, 0.5], [np.nan, np.nan]])
    ax = plots_optimization.plot_optimizer_paths("saddle", {"sgd": path, "gone": np.full((3, 2), np.inf)})
    labelled = [line for line in ax.lines if line.get_label() == "sgd"]
    assert len(labelled) == 1 and len(labelled[0].get_xdata()) == 2  # the nan row is dropped
    markers = [line.get_marker() for line in ax.lines]
    assert markers.count("*") == 2 and markers.count("x") == 1      # two minima, one saddle
    assert ax.get_xlim() == (-2.0, 2.0)
    with pytest.raises(ValueError, match=r"shape \(steps \+ 1, 2\)"):
        plots_optimization.plot_optimizer_paths("saddle", {"bad": np.zeros((3, 3))})


def test_learning_rate_descent_reports_divergence_and_the_gap():
    left, right = plots_optimization.plot_learning_rate_descent(0.1, num_steps=10)
    assert left.get_title().startswith("f(x) = x^2 after 10 steps: x = ")
    assert right.get_title().startswith("0.1 x^2 + 2 y^2: f - f_min = ")
    left, _ = plots_optimization.plot_learning_rate_descent(1.2, num_steps=10)
    assert left.get_title().endswith("diverged")


def test_optimizer_race_draws_six_paths_with_their_gaps():
    ax = plots_optimization.plot_optimizer_race("saddle", 0.01, 0.01, num_steps=20)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 6 and labels[0].startswith("sgd (")
    assert ax.get_title() == "saddle, 20 steps (legend: f - f_min at the end)"
