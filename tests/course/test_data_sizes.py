"""A chapter is the same chapter whatever the data files hold.

The course's offline mirror has 10,000 MNIST and 20,000 CIFAR-10 training images;
Keras's downloads have 60,000 and 50,000. Each chapter's data cells (tagged ``data``)
must pick the same sizes from both. This test runs every chapter's setup cell and data
cells in full mode twice: on the mirror, and on a folder holding larger files of the
same layout (Fashion-MNIST's 60,000 images under MNIST's file name, CIFAR-10's mirror
tiled to 50,000: stand-ins for sizes only, never for accuracies), and compares the
shapes of every array the cells leave behind, but the ones ``data.load`` returned (the
file as it is). Nothing trains.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from dlcourse.course import chapters

TAG = "data"
MIRROR = os.environ.get("DLCOURSE_DATA", "")
# The data-set chapter describes the files themselves: it shows what each one holds.
DESCRIBES_THE_FILES = {"01"}

_PROBE = """
import json, sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
from dlcourse.data import datasets
loaded, load = [], datasets.load  # the arrays themselves: their ids must stay taken


def recording_load(*args, **kwargs):  # the file as loaded differs by design: not compared
    splits = load(*args, **kwargs)
    loaded.extend(array for pair in splits for array in pair)
    return splits


datasets.load = recording_load
namespace = {}
exec(compile(sys.stdin.read(), "<chapter data cells>", "exec"), namespace)
shapes = {}
for name, value in sorted(namespace.items()):
    # the file as loaded, or a reshaped view of all of it (y.ravel()), is not a choice;
    # a slice of it (y[:n]) is
    if isinstance(value, np.ndarray) and not any(
            value.size == a.size and np.may_share_memory(value, a) for a in loaded):
        shapes[name] = list(value.shape)
    elif hasattr(value, "x_train") and hasattr(value, "x_test"):  # data.load_subsets
        for part in ("x_train", "x_val", "x_test"):
            shapes[f"{name}.{part}"] = list(getattr(value, part).shape)
print(json.dumps(shapes))
"""


def _data_chapters():
    found = []
    for item in chapters.ready_chapters():
        nb = nbformat.read(item.path, as_version=4)
        if any("data.load" in c.source for c in nb.cells if c.cell_type == "code"):
            found.append(item)
    return found


def _setup_and_data_cells(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = next(c for c in code if "config.set_seed(" in c.source)
    tagged = [c for c in code if TAG in c.metadata.get("tags", []) and c is not setup]
    return [setup] + tagged, len(tagged) + (TAG in setup.metadata.get("tags", []))


def _shapes(path, data_dir):
    cells, _ = _setup_and_data_cells(path)
    env = {**os.environ, "DLCOURSE_DATA": str(data_dir), "DLCOURSE_MODE": "full",
           "DLCOURSE_OFFLINE": "1", "MPLBACKEND": "Agg"}
    out = subprocess.run([sys.executable, "-c", _PROBE], input="\n\n".join(c.source for c in cells),
                         capture_output=True, text=True, env=env, cwd=path.parent, timeout=600)
    assert out.returncode == 0, f"{path.name}'s data cells failed on {data_dir}:\n{out.stderr[-3000:]}"
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def larger(tmp_path_factory):
    """Files of the mirror's layout, with more training images than the mirror holds."""
    mirror = Path(MIRROR)
    folder = tmp_path_factory.mktemp("larger-data")
    for name in ("fashion_mnist.npz", "boston_housing.npz"):
        (folder / name).symlink_to(mirror / name)
    (folder / "mnist.npz").symlink_to(mirror / "fashion_mnist.npz")  # 60,000 images
    with np.load(mirror / "cifar10.npz") as cifar:
        arrays = {key: cifar[key] for key in cifar.files}
    reps = -(-50_000 // len(arrays["x_train"]))
    for key in ("x_train", "y_train"):
        arrays[key] = np.concatenate([arrays[key]] * reps)[:50_000]
    np.savez(folder / "cifar10.npz", **arrays)
    return folder


@pytest.mark.skipif(not Path(MIRROR, "mnist.npz").is_file(),
                    reason="needs the offline mirror in DLCOURSE_DATA")
@pytest.mark.parametrize("item", _data_chapters(), ids=lambda c: c.number)
def test_full_mode_sizes_do_not_depend_on_the_data_files(item, larger):
    if item.number in DESCRIBES_THE_FILES:
        pytest.skip("this chapter shows what each data file holds")
    _, count = _setup_and_data_cells(item.path)
    assert count, f"{item.file}: tag the cells that load and size the data {TAG!r}"
    on_mirror, on_larger = _shapes(item.path, MIRROR), _shapes(item.path, larger)
    assert on_mirror, f"{item.file}: its data cells leave no arrays"
    different = {name: (shape, on_larger.get(name)) for name, shape in on_mirror.items()
                 if on_larger.get(name) != shape}
    assert different == {}, f"{item.file}: sizes that follow the data file: {different}"
