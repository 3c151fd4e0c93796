"""The playground page's drawings: SVG with small PNG heat maps inside, no imaging library.

Pure functions of a :class:`~dlcourse.playground.engine.Playground` (tested without a
browser), sent by :mod:`dlcourse.playground.ui` as the value of ``HTML`` widgets: the
network (:func:`network_svg`: every node's output as a heat map, links coloured by the
sign of the weight and as thick as it is large), the output over the plane with the
points (:func:`output_svg`) and the loss curves (:func:`loss_chart_svg`). A frame costs
a few milliseconds, so training, not drawing, takes the time. The colours are
:data:`dlcourse.playground.figures.COLORS`, as in the matplotlib figures.
"""

import base64
import struct
import zlib

import numpy as np

from dlcourse.playground.figures import COLORS
from dlcourse.playground.inputs import (
    ALL_FEATURES,
    CLASSIFICATION,
    DOMAIN,
    FEATURES,
    feature_matrix,
    grid_points,
    targets,
)

# Sizes in CSS pixels.
NODE = 32  # a node's heat map
ROW = 40  # vertical distance between nodes
NET_WIDTH = 400  # the network drawing, from the features column to the output node
OUTPUT_SIZE = 230  # the output heat map
CHART_HEIGHT = 56
NODE_RESOLUTION = 16  # grid points per side of a node's heat map (the original: 10)
OUTPUT_RESOLUTION = 80  # of the output heat map (the original: 100)


_COLORS = np.array([[int(c[k:k + 2], 16) for k in (1, 3, 5)] for c in COLORS], dtype=float)


def _rgb(values):
    """Map values in [-1, 1] (clipped) to the Playground's orange-grey-blue, uint8 RGB."""
    v = np.clip(np.nan_to_num(values, nan=0.0), -1.0, 1.0)[..., None]
    low = _COLORS[1] + (_COLORS[0] - _COLORS[1]) * (-v)  # -1..0: orange to grey
    high = _COLORS[1] + (_COLORS[2] - _COLORS[1]) * v  # 0..1: grey to blue
    return np.where(v < 0, low, high).round().astype(np.uint8)


def _hex(value):
    r, g, b = _rgb(np.array(value, dtype=float))
    return f"#{r:02x}{g:02x}{b:02x}"


def png_bytes(rgb):
    """A ``(height, width, 3)`` uint8 array as PNG bytes (zlib; no imaging library)."""
    h, w, _ = rgb.shape
    rows = np.concatenate([np.zeros((h, 1), np.uint8), rgb.reshape(h, w * 3)], axis=1)

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))


def _data_uri(values):
    return "data:image/png;base64," + base64.b64encode(png_bytes(_rgb(values))).decode()


def _fmt(x):
    return f"{x:.1f}"


def network_layout(config, width=NET_WIDTH):
    """x of every column (features, hidden layers, output) and the drawing's height."""
    num_columns = len(config.hidden_layers) + 2
    left, right = NODE / 2 + 2, width - NODE / 2 - 2
    xs = [left + (right - left) * c / (num_columns - 1) for c in range(num_columns)]
    rows = max([len(FEATURES), *config.hidden_layers])
    return xs, rows * ROW


def network_svg(playground, width=NET_WIDTH):
    """The network: all seven features (unused ones faded), hidden nodes, output node."""
    cfg = playground.config
    xs, height = network_layout(cfg, width)
    grids = playground.neuron_grids(NODE_RESOLUTION)
    feature_grids = dict(zip(cfg.features, grids[0]))
    # y of node i in column c: features keep their fixed rows (all seven are drawn)
    rows = [[ALL_FEATURES.index(f) for f in cfg.features]]
    rows += [list(range(n)) for n in cfg.hidden_layers] + [[0]]
    ys = [[ROW / 2 + r * ROW for r in column] for column in rows]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="dlc-playground-network" style="display:block">']
    dead = playground.dead_links()
    for l, W in enumerate(playground.network.W):  # links first, under the nodes
        x0, x1 = xs[l] + NODE / 2, xs[l + 1] - NODE / 2
        for i, y0 in enumerate(ys[l]):
            for j, y1 in enumerate(ys[l + 1]):
                w = W[i, j]
                stroke = 1 + 9 * min(abs(w) / 5, 1) if np.isfinite(w) else 1
                dash = ' stroke-dasharray="2,3"' if dead[l][i, j] else ""
                xm = (x0 + x1) / 2
                parts.append(
                    f'<path d="M{_fmt(x0)},{_fmt(y0)} C{_fmt(xm)},{_fmt(y0)} {_fmt(xm)},'
                    f'{_fmt(y1)} {_fmt(x1)},{_fmt(y1)}" fill="none" stroke="{_hex(w)}" '
                    f'stroke-width="{stroke:.2f}" stroke-opacity="0.85"{dash}>'
                    f'<title>weight {w:.3g}</title></path>')
    for r, name in enumerate(ALL_FEATURES):  # the features column
        y = ROW / 2 + r * ROW
        if name in feature_grids:
            image, opacity = _data_uri(feature_grids[name]), 1.0
        else:
            image, opacity = _feature_uri(name), 0.25
        parts.append(_node(xs[0], y, image, opacity, f"feature {name}"))
    for l in range(1, len(grids)):
        for i, y in enumerate(ys[l]):
            b = playground.network.b[l - 1][i]
            kind = "output" if l == len(grids) - 1 else f"layer {l}, neuron {i + 1}"
            parts.append(_node(xs[l], y, _data_uri(grids[l][i]), 1.0, f"{kind}, bias {b:.3g}"))
            parts.append(f'<rect x="{_fmt(xs[l] - NODE / 2 - 7)}" y="{_fmt(y + NODE / 2 - 5)}" '
                         f'width="5" height="5" fill="{_hex(b)}" stroke="#666" '
                         f'stroke-width="0.5"><title>bias {b:.3g}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


_FEATURE_URIS = {}


def _feature_uri(name):
    """A feature's heat map (it never changes), cached."""
    if name not in _FEATURE_URIS:
        grid = feature_matrix(grid_points(NODE_RESOLUTION), [name])
        _FEATURE_URIS[name] = _data_uri(grid[:, 0].reshape(NODE_RESOLUTION, NODE_RESOLUTION))
    return _FEATURE_URIS[name]


def _node(x, y, uri, opacity, title):
    x0, y0 = x - NODE / 2, y - NODE / 2
    return (f'<g opacity="{opacity}"><title>{title}</title>'
            f'<image x="{_fmt(x0)}" y="{_fmt(y0)}" width="{NODE}" height="{NODE}" '
            f'preserveAspectRatio="none" href="{uri}"/>'
            f'<rect x="{_fmt(x0)}" y="{_fmt(y0)}" width="{NODE}" height="{NODE}" fill="none" '
            f'stroke="#555" stroke-width="0.7"/></g>')


def output_svg(playground, *, show_test=True, discretize=False, size=OUTPUT_SIZE):
    """The output over the plane with the train points (white edge) and test points (black)."""
    values = playground.output_grid(OUTPUT_RESOLUTION)
    if discretize:
        values = np.where(values > 0, 1.0, -1.0)
    # paler than the points, as in the original, so the points stand out
    background = (0.3 * 255 + 0.7 * _rgb(values)).astype(np.uint8)
    uri = "data:image/png;base64," + base64.b64encode(png_bytes(background)).decode()
    pad, top = 18, 6  # room for the tick labels (left, below, and half a label above)
    width, height = size + pad + 8, size + top + 16

    def px(v):  # plane coordinate -> pixel
        return (v - DOMAIN[0]) / (DOMAIN[1] - DOMAIN[0]) * size

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="dlc-playground-output" style="display:block">',
             f'<image x="{pad}" y="{top}" width="{size}" height="{size}" '
             f'preserveAspectRatio="none" href="{uri}"/>']
    subsets = [(playground.train_points, playground.train_labels, "#fff")]
    if show_test:
        subsets.append((playground.test_points, playground.test_labels, "#000"))
    classify = playground.config.problem == CLASSIFICATION
    for points, labels, edge in subsets:
        values = targets(labels)  # the colour scale: -1 orange (class 0) to +1 blue (class 1)
        # grouped by colour, so each circle carries only its position (a smaller frame)
        groups = [(value, values == value) for value in (-1.0, 1.0)] if classify else [
            (None, np.ones(len(values), dtype=bool))]
        for label, chosen in groups:
            fill = f' fill="{_hex(label)}"' if classify else ""
            parts.append(f'<g{fill} stroke="{edge}" stroke-width="0.8">')
            for (x1, x2), value in zip(points[chosen], values[chosen]):
                own = "" if classify else f' fill="{_hex(value)}"'
                parts.append(f'<circle cx="{pad + px(x1):.1f}" cy="{top + size - px(x2):.1f}" '
                             f'r="2.6"{own}/>')
            parts.append("</g>")
    for tick in (-6, 0, 6):
        parts.append(f'<text x="{pad + px(tick):.1f}" y="{top + size + 13}" font-size="10" '
                     f'text-anchor="middle" fill="#555">{tick}</text>')
        parts.append(f'<text x="{pad - 4}" y="{top + size - px(tick) + 3:.1f}" font-size="10" '
                     f'text-anchor="end" fill="#555">{tick}</text>')
    parts.append("</svg>")
    return "".join(parts)


def loss_chart_svg(history, width=OUTPUT_SIZE + 26, height=CHART_HEIGHT):
    """Train (grey) and test (black) loss over the epochs, scaled to the largest value."""
    train = np.asarray(history["train_loss"], dtype=float)
    test = np.asarray(history["test_loss"], dtype=float)
    finite = np.concatenate([train[np.isfinite(train)], test[np.isfinite(test)]])
    top = max(float(finite.max()) if finite.size else 1.0, 1e-9)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'class="dlc-playground-chart" style="display:block">',
             f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fafafa" '
             f'stroke="#ddd"/>']
    n = len(test)
    if n > 1:
        step = max(1, n // width)  # at most one point per pixel
        index = np.arange(0, n, step)
        xs = 2 + index / (n - 1) * (width - 4)
        for values, color in ((train, "#999"), (test, "#000")):
            ys = height - 2 - np.clip(np.nan_to_num(values[index], nan=top), 0, top) / top * (
                height - 6)
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                         f'stroke-width="1.2"/>')
    parts.append("</svg>")
    return "".join(parts)
