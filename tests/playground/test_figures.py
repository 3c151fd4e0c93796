"""Tests of dlcourse.playground.figures: every figure returns its Axes (or Figure)."""

import matplotlib.pyplot as plt
import numpy as np

from dlcourse.playground import figures as F
from dlcourse.playground.engine import Config, Playground
from dlcourse.playground.runs import compare


def test_plots_return_their_axes_and_figure():
    pg = Playground(hidden_layers=(3,)).step(3)
    for plot in (F.plot_network, F.plot_output):
        ax = plot(pg)
        assert ax.figure is not None
    assert len(F.plot_loss_history(pg.history).lines) == 2
    ax = F.plot_data(pg.train_points, pg.train_labels, title="train")
    assert ax.get_title() == "train"
    fig = F.plot_playground(pg)
    assert len(fig.axes) == 3
    plt.close("all")


def test_plot_data_colours_class_0_orange_and_class_1_blue():
    ax = F.plot_data(np.zeros((2, 2)), np.array([0, 1]))
    ax.figure.canvas.draw()  # maps the labels to colours
    colors = ax.collections[0].get_facecolors()[:, :3]
    np.testing.assert_allclose(colors[0], [0xF5 / 255, 0x93 / 255, 0x22 / 255], atol=0.01)
    np.testing.assert_allclose(colors[1], [0x08 / 255, 0x77 / 255, 0xBD / 255], atol=0.01)
    plt.close("all")


def test_plot_comparison_draws_one_median_line_per_setting():
    result = compare({"a": {}, "b": {"learning_rate": 0.1}}, base=Config(), seeds=[0, 1],
                     num_epochs=2)
    ax = F.plot_comparison(result, title="t")
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), np.median(result.test_loss["b"], axis=0))
    assert len(F.plot_comparison(result, ["b"]).lines) == 1
    plt.close("all")
