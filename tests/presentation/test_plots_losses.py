"""Tests of dlcourse.presentation.plots_losses: loss curves and the softmax lesson."""

import numpy as np
import pytest

from dlcourse.presentation import plots_losses


def test_loss_curves_plot_marks_the_point_with_its_loss_and_slope():
    from dlcourse.references import losses

    axes = plots_losses.plot_loss_curves("regression", 2.0, 3.0)
    assert axes.shape == (2, 4)
    assert axes[0, 0].get_title() == "MSE\nL = 1"
    assert axes[1, 0].get_title() == "slope 2"
    marker = axes[0, 2].lines[-1]  # drawn last
    assert marker.get_xdata()[0] == 3.0 and marker.get_ydata()[0] == pytest.approx(50.0)
    curve = axes[0, 0].lines[0]
    np.testing.assert_allclose(curve.get_ydata(), losses.loss_curves(
        "regression", 2.0, curve.get_xdata())["mean_squared_error"][0])
    plain = plots_losses.plot_loss_curves("multi-class", 1)
    assert plain[0, 0].get_title() == "cross-entropy"
    with pytest.raises(ValueError, match="task must be"):
        plots_losses.plot_loss_curves("ranking", 1)


def test_softmax_plot_shows_the_mse_gradient_vanishing_when_wrong():
    axes = plots_losses.plot_softmax_loss_and_gradient(num_classes=10)
    ce, mse = axes[1].lines[:2]
    p_true = ce.get_xdata()
    most_wrong = np.argmin(p_true)
    assert ce.get_ydata()[most_wrong] > 1.0 and mse.get_ydata()[most_wrong] < 1e-2
    assert ce.get_ydata()[most_wrong] > 100 * mse.get_ydata()[most_wrong]
