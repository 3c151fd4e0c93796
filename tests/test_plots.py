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
    from dlcourse import config

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
    from dlcourse import config

    keras = config.import_keras()
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)], name="tiny")
    natural = plots.plot_model_graph(model)
    assert max(t.get_fontsize() for t in natural.texts) == 8
    _, small = plt.subplots(figsize=(1.5, 1.2))
    plots.plot_model_graph(model, ax=small)
    assert 0 < max(t.get_fontsize() for t in small.texts) < 5
