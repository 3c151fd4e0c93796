"""The package as a whole: cheap imports, short names, the layer contracts."""

import importlib
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dlcourse
from dlcourse.core.paths import REPO_ROOT

MODULES = sorted(m.name for m in pkgutil.walk_packages(dlcourse.__path__, "dlcourse.")
                 if not m.name.endswith("__main__"))  # __main__ runs the command line
HEAVY = ("tensorflow", "keras")
# Modules that define Keras subclasses when imported, so they need Keras then; import
# them where you build a model.
NEEDS_KERAS = {"dlcourse.keras_helpers.layers"}


def _imports_heavy(modules):
    code = (f"import importlib, sys\nfor m in {list(modules)!r}: importlib.import_module(m)\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return out.stdout.strip()


def test_no_module_imports_tensorflow_or_keras_when_imported():
    # One process imports every module: if none of TensorFlow and Keras is loaded
    # afterwards, no module loads it alone. Only on failure, find which one did.
    light = [m for m in MODULES if m not in NEEDS_KERAS]
    if _imports_heavy(light) != "[]":
        culprits = [m for m in light if _imports_heavy([m]) != "[]"]
        pytest.fail(f"importing these modules imports TensorFlow or Keras: {culprits}")


def test_the_walk_sees_every_layer():
    layers = {m.split(".")[1] for m in MODULES}
    assert {"core", "data", "references", "keras_helpers", "playground", "vision",
            "presentation", "homework", "course", "cli"} <= layers


def test_every_module_has_a_unique_short_name():
    for name, dotted in dlcourse._SHORT_NAMES.items():
        assert getattr(dlcourse, name) is importlib.import_module(dotted)
    from dlcourse import config, data, plots, widgets

    assert config.__name__ == "dlcourse.core.config" and plots.__name__.endswith(".plots")
    assert data.__name__ == "dlcourse.data" and callable(data.load)
    assert widgets.__name__ == "dlcourse.presentation.widgets"


def test_unknown_names_raise_attribute_error():
    with pytest.raises(AttributeError, match="no_such_module"):
        dlcourse.no_such_module
    with pytest.raises(AttributeError, match="no_such_name"):
        dlcourse.data.no_such_name


def _lint_imports(root):
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(Path(sys.executable).with_name("lint-imports")),
                           str(root / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, cwd=root, env=env)


@pytest.mark.skipif(shutil.which("lint-imports", path=str(Path(sys.executable).parent)) is None,
                    reason="import-linter is not installed (pip install -e '.[test]')")
def test_the_layer_contracts_hold_and_a_broken_one_fails(tmp_path):
    shutil.copytree(REPO_ROOT / "dlcourse", tmp_path / "dlcourse",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path)
    kept = _lint_imports(tmp_path)
    assert kept.returncode == 0, kept.stdout[-3000:]
    # A reference implementation that draws breaks "references import only core and data".
    (tmp_path / "dlcourse" / "references" / "drawing.py").write_text(
        "from dlcourse.presentation import plots\n")
    broken = _lint_imports(tmp_path)
    assert broken.returncode != 0
    assert "references import only core and data BROKEN" in broken.stdout
    assert "dlcourse.references.drawing -> dlcourse.presentation.plots" in broken.stdout
