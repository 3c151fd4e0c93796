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
