"""The live training plot on a tiny Keras model: one output area, updated in place."""

import numpy as np
import pytest

from dlcourse.presentation import live_plot


class _FakeDisplay:
    """Stands in for IPython.display.display(..., display_id=True)."""

    def __init__(self):
        self.shown, self.updates = [], []

    def __call__(self, image, display_id=None):
        assert display_id is True
        self.shown.append(image)
        return self

    def update(self, image):
        self.updates.append(image)


def test_live_plot_updates_one_output_area_in_place(tiny_binary):
    x, y = tiny_binary.data()
    fake = _FakeDisplay()
    live = live_plot.LivePlot(display=fake)
    assert isinstance(live, tiny_binary.keras.callbacks.Callback)
    tiny_binary.model().fit(x, y, epochs=4, batch_size=32, validation_data=(x, y),
                            callbacks=[live], verbose=0)
    assert len(fake.shown) == 1 and len(fake.updates) == 3  # one area, redrawn in place
    assert fake.updates[-1].data.startswith(b"\x89PNG")
    assert live.metrics == ["loss", "accuracy"] and live.draws == 4
    assert live.history["epoch"] == [1, 2, 3, 4]
    assert len(live.history["val_loss"]) == 4
    loss_axes = live.figure.axes[0]
    assert [line.get_label() for line in loss_axes.lines] == ["train", "validation"]
    np.testing.assert_allclose(loss_axes.lines[0].get_ydata(), live.history["loss"])


def test_live_plot_draws_every_n_epochs_and_always_the_last(tiny_binary):
    x, y = tiny_binary.data()
    fake = _FakeDisplay()
    live = live_plot.LivePlot(metrics=["loss"], every=2, display=fake)
    tiny_binary.model().fit(x, y, epochs=5, batch_size=32, callbacks=[live], verbose=0)
    assert live.draws == 3  # epochs 2, 4 and the last one, 5
    assert len(fake.shown) + len(fake.updates) == 3
    assert len(live.figure.axes) == 1 and len(live.figure.axes[0].lines) == 1  # no val_loss


def test_live_plot_continues_a_resumed_run_and_restarts_a_new_one(tiny_binary):
    x, y = tiny_binary.data()
    live = live_plot.LivePlot(metrics=["loss"], display=_FakeDisplay())
    model = tiny_binary.model()
    model.fit(x, y, epochs=3, callbacks=[live], verbose=0)
    model.fit(x, y, epochs=5, initial_epoch=3, callbacks=[live], verbose=0)
    assert live.history["epoch"] == [1, 2, 3, 4, 5] and len(live.history["loss"]) == 5
    model.fit(x, y, epochs=2, callbacks=[live], verbose=0)
    assert live.history["epoch"] == [1, 2] and len(live.history["loss"]) == 2


def test_live_plot_outside_ipython_draws_without_displaying(tiny_binary):
    x, y = tiny_binary.data()
    live = live_plot.LivePlot()
    tiny_binary.model().fit(x, y, epochs=2, callbacks=[live], verbose=0)
    assert live.figure is not None and live.draws == 2 and live._handle is None


def test_live_plot_checks_its_arguments(keras):
    with pytest.raises(TypeError, match="list of metric names"):
        live_plot.LivePlot(metrics="loss")
    with pytest.raises(ValueError, match="every must be a positive int, got 0"):
        live_plot.LivePlot(every=0)
    with pytest.raises(AttributeError, match="NoSuchPlot"):
        live_plot.NoSuchPlot
