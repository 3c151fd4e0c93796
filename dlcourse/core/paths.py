"""Where the repository's folders are, relative to this package (one home for them).

The package is installed in editable mode from the repository, so these paths point at
the checkout: ``notebooks/``, ``notebooks/homework/`` and ``data/``. Nothing here
depends on the current working folder.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "notebooks"
HOMEWORK = NOTEBOOKS / "homework"
REPO_DATA_DIR = REPO_ROOT / "data"
