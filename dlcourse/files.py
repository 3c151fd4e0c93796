"""Writing files so that nothing is ever half-written."""

import os
import tempfile
from pathlib import Path


def write_atomic(path, text):
    """Write ``text`` to ``path`` through a temporary file in the same folder, then move it.

    A reader sees the old file or the new one, never a part: an interrupted write
    leaves the old file untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
