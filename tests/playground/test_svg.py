"""Tests of dlcourse.playground.svg: the page's PNG heat maps and SVG drawings."""

import io

import matplotlib.pyplot as plt
import numpy as np

from dlcourse.playground import svg
from dlcourse.playground.engine import Playground


def test_png_and_svg_pieces():
    values = np.linspace(-1, 1, 12).reshape(3, 4)
    png = svg.png_bytes(svg._rgb(values))
    decoded = plt.imread(io.BytesIO(png), format="png")
    assert decoded.shape == (3, 4, 3)
    assert np.allclose(decoded[0, 0], np.array([0xF5, 0x93, 0x22]) / 255, atol=1 / 255)
    assert np.allclose(decoded[-1, -1], np.array([0x08, 0x77, 0xBD]) / 255, atol=1 / 255)
    chart = svg.loss_chart_svg({"train_loss": [0.5, 0.2, 0.1],
                                "test_loss": [0.5, 0.3, float("nan")]})
    assert chart.count("<polyline") == 2


def test_output_svg_colours_each_class_and_draws_every_point():
    pg = Playground(dataset="xor")
    drawing = svg.output_svg(pg, show_test=True)
    assert drawing.count("<circle") == 500
    assert f'fill="{svg._hex(-1.0)}"' in drawing and f'fill="{svg._hex(1.0)}"' in drawing
    assert svg._hex(-1.0) == "#f59322" and svg._hex(1.0) == "#0877bd"  # orange 0, blue 1
    network = svg.network_svg(Playground(hidden_layers=(3,)))
    assert network.count("<image") == 7 + 3 + 1 and network.count("<path") == 2 * 3 + 3
