"""Downloading a file so that an interruption never leaves one that passes as complete.

:func:`fetch` writes the bytes to ``<name>.part`` next to the destination and moves the
file under its own name only after its checksum matched. An interrupted download
(network error, Ctrl-C, a killed process) leaves the ``.part`` file, and the next call
continues from where it stopped (an HTTP ``Range`` request; from the start when the
server does not support ranges). A checksum that does not match deletes the ``.part``
file and raises :class:`DownloadError` naming the file and what to do. Progress is
reported as a line per tenth of the file.

Only the standard library's ``urllib``: no Keras, so the same code serves every data set.
"""

import hashlib
import os
import time
import urllib.error
import urllib.request
from pathlib import Path

CHUNK = 1 << 16


class DownloadError(OSError):
    """A download failed or gave a file whose checksum does not match."""


def file_digest(path, algorithm):
    """The hex digest of a file (``"sha256"`` or ``"md5"``)."""
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def hash_algorithm(file_hash):
    """``"md5"`` for a 32-digit hash, ``"sha256"`` for a 64-digit one (as Keras infers)."""
    if len(file_hash) == 32:
        return "md5"
    if len(file_hash) == 64:
        return "sha256"
    raise ValueError(f"a file hash has 32 (md5) or 64 (sha256) hex digits, got {file_hash!r}")


def _megabytes(n):
    return f"{n / 1e6:.1f} MB"


class _Progress:
    """Prints ``name: 30 % (3.4 of 11.5 MB)`` at every tenth, then a final line."""

    def __init__(self, name, total, start, report):
        self.name, self.total, self.report = name, total, report
        self.next_tenth = (10 * start // total + 1) if total else None
        self.started = time.perf_counter()

    def update(self, done):
        if self.total and self.next_tenth is not None and 10 * done >= self.next_tenth * self.total:
            self.next_tenth = 10 * done // self.total + 1
            self.report(f"{self.name}: {100 * done // self.total} % "
                        f"({_megabytes(done)} of {_megabytes(self.total)})")


def fetch(url, destination, file_hash, *, report=print, timeout=30):
    """Download ``url`` to ``destination`` unless a verified copy is already there.

    Parameters
    ----------
    url : str
    destination : str or Path
        Where the finished file goes; the partial download is ``destination + ".part"``.
    file_hash : str
        The file's md5 (32 hex digits) or sha256 (64), checked before the file is moved
        into place.
    report : callable
        Receives progress lines (``print`` by default; ``lambda line: None`` for quiet).

    Returns
    -------
    Path
        ``destination``.

    Raises
    ------
    DownloadError
        The server could not be reached or the finished file does not match its hash;
        the message names the file, the address and what to do.
    """
    destination = Path(destination)
    algorithm = hash_algorithm(file_hash)
    if destination.is_file() and file_digest(destination, algorithm) == file_hash:
        return destination
    destination.parent.mkdir(parents=True, exist_ok=True)
    part = destination.with_name(destination.name + ".part")
    start = part.stat().st_size if part.is_file() else 0
    request = urllib.request.Request(url, headers={"Range": f"bytes={start}-"} if start else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            resumed = start and response.status == 206
            if not resumed:
                start = 0  # the server sends the whole file: begin again
            length = response.headers.get("Content-Length")
            total = start + int(length) if length is not None else None
            size = _megabytes(total) if total else "an unknown size"
            report(f"{destination.name}: resuming at {_megabytes(start)} of {size} from {url}"
                   if resumed else f"{destination.name}: downloading {size} from {url}")
            progress = _Progress(destination.name, total, start, report)
            done = start
            with open(part, "ab" if resumed else "wb") as handle:
                for block in iter(lambda: response.read(CHUNK), b""):
                    handle.write(block)
                    done += len(block)
                    progress.update(done)
    except (urllib.error.URLError, OSError) as error:
        raise DownloadError(
            f"downloading {destination.name} from {url} stopped ({type(error).__name__}: "
            f"{error}). {_megabytes(part.stat().st_size) if part.is_file() else 'Nothing'} "
            f"is kept in {part.name}: run the same command again to continue.") from error
    if total is not None and done < total:
        raise DownloadError(
            f"downloading {destination.name} from {url} stopped at {_megabytes(done)} of "
            f"{_megabytes(total)}; the part is kept in {part.name}: run the same command "
            f"again to continue.")
    actual = file_digest(part, algorithm)
    if actual != file_hash:
        part.unlink()
        raise DownloadError(
            f"{destination.name} from {url} does not match its {algorithm} checksum "
            f"(got {actual}, expected {file_hash}): the download was corrupted or the server "
            f"sent another file. The bad copy was deleted; run the same command again. If "
            f"it fails again, download the file by hand and put it in the folder "
            f"DLCOURSE_DATA points to.")
    os.replace(part, destination)
    report(f"{destination.name}: done, {algorithm} checksum verified")
    return destination
