"""The command line: ``python -m dlcourse doctor | catalog | download | nav | time-fast |
book | slides | playground``."""

import argparse
import os
import platform
import sys
from importlib import metadata

PACKAGES = (
    ("numpy", "numpy"),
    ("tensorflow", "tensorflow"),
    ("keras", "keras"),
    ("opencv", "opencv-contrib-python-headless"),
    ("scikit-learn", "scikit-learn"),
    ("matplotlib", "matplotlib"),
    ("ipywidgets", "ipywidgets"),
    ("jupyterlab", "jupyterlab"),
    ("voila", "voila"),
    ("jupyterlab-rise", "jupyterlab-rise"),
    ("nbval", "nbval"),
)


def _version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def doctor():
    """Versions, devices, the mode and the data sets available here, as a table."""
    from dlcourse.core import config
    from dlcourse.core.tables import Table
    from dlcourse.data import datasets as data

    rows = [{"item": "python", "value": platform.python_version()}]
    rows += [{"item": name, "value": _version(dist)} for name, dist in PACKAGES]
    try:
        import cv2

        rows.append({"item": "cv2.HOGDescriptor / cv2.ml",
                     "value": f"{hasattr(cv2, 'HOGDescriptor')} / {hasattr(cv2, 'ml')}"})
    except ImportError as error:
        rows.append({"item": "cv2", "value": f"import failed: {error}"})
    try:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import tensorflow as tf

        devices = [d.device_type for d in tf.config.list_physical_devices()]
        rows.append({"item": "devices", "value": ", ".join(devices)})
    except ImportError as error:
        rows.append({"item": "devices", "value": f"tensorflow import failed: {error}"})
    rows.append({"item": "mode (DLCOURSE_MODE)", "value": config.current_mode()})
    rows.append({"item": "DLCOURSE_DATA", "value": os.environ.get(data.DATA_ENV, "(unset)")})
    rows.append({"item": "downloads", "value": "allowed" if data.downloads_allowed()
                 else "off (DLCOURSE_OFFLINE)"})
    for name in data.names():
        rows.append({"item": f"data: {name}", "value": data.availability(name)})
    return Table(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m dlcourse", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("doctor", help="versions, devices, mode and available data sets")
    commands.add_parser("catalog", help="every data set, and whether it is available here")
    fetch = commands.add_parser("download", help="download data sets into the Keras cache")
    fetch.add_argument("names", nargs="*", help="data set names (default: all)")
    rel = commands.add_parser("release", help="write student copies of assignments")
    rel.add_argument("assignments", nargs="+", help="assignment names or notebook paths")
    rel.add_argument("--out", default="release", help="folder for the student copies")
    grd = commands.add_parser("grade", help="grade a folder of submitted notebooks")
    grd.add_argument("submissions", help="folder of <student>.ipynb or <student>/ folders")
    grd.add_argument("--assignment", required=True, help="assignment name or notebook path")
    grd.add_argument("--out", help="output folder (default grades/<assignment>)")
    grd.add_argument("--workers", type=int, help="submissions graded at once (default: cores)")
    grd.add_argument("--regrade", action="store_true", help="grade every submission again")
    grd.add_argument("--cell-timeout", type=float, default=120, help="seconds per cell")
    grd.add_argument("--notebook-timeout", type=float, default=900, help="seconds per notebook")
    grd.add_argument("--memory-mb", type=int, default=4096, help="memory per submission")
    grd.add_argument("--allow-root", action="store_true",
                     help="grade as root if no unprivileged user can run this Python")
    nav = commands.add_parser("nav", help="regenerate navigation cells, slide metadata and "
                              "chapter tables")
    nav.add_argument("--check", action="store_true", help="only report what is out of date")
    timing = commands.add_parser(
        "time-fast", help="run chapters in fast mode (on a copy) and record their run time")
    timing.add_argument("chapters", nargs="*", help="chapter numbers (default: all)")
    site = commands.add_parser("book", help="build the course's website (make book)")
    site.add_argument("--out", default="build/book", help="output folder (default build/book)")
    site.add_argument("--repository-url", help="the repository's web address, for links to "
                      "its files (default: DLCOURSE_REPOSITORY_URL)")
    deck = commands.add_parser("slides", help="export the chapters' slide decks (make slides)")
    deck.add_argument("chapters", nargs="*", help="chapter numbers (default: all)")
    deck.add_argument("--out", default="build/slides", help="output folder (default build/slides)")
    page = commands.add_parser("playground", help="serve the playground as a page (Voila)")
    page.add_argument("--port", type=int, default=8866)
    page.add_argument("--no-browser", action="store_true", help="do not open a browser")
    args = parser.parse_args(argv)

    if args.command == "doctor":
        print(doctor())
    elif args.command == "catalog":
        from dlcourse.data import datasets as data

        print(data.catalog())
    elif args.command == "download":
        from dlcourse.data import datasets as data

        failed = 0
        for name in args.names or data.names():
            try:
                print(f"{name}: {data.download(name)}")
            except (OSError, ValueError) as error:
                failed += 1
                print(f"{name}: FAILED\n{error}", file=sys.stderr)
        return 1 if failed else 0
    elif args.command in ("release", "grade"):
        return _homework(args)
    elif args.command == "nav":
        from dlcourse.course import chapters

        changes = chapters.sync(write=not args.check)
        print("\n".join(changes) if changes
              else "navigation, slide metadata and chapter tables up to date")
        return 1 if (args.check and changes) else 0
    elif args.command == "time-fast":
        from dlcourse.course import chapters, runtimes

        items = ([chapters.chapter(n) for n in args.chapters] if args.chapters
                 else chapters.ready_chapters())
        for item in items:
            seconds = runtimes.measure_fast(item.path)
            print(f"{item.file}: {runtimes.format_duration(seconds)} in fast mode", flush=True)
        return 0
    elif args.command in ("book", "slides"):
        return _publish(args)
    elif args.command == "playground":
        from dlcourse.playground import ui as playground_ui

        return playground_ui.serve_page(port=args.port, open_browser=not args.no_browser)
    return 0


def _homework(args):
    from dlcourse.homework import grading, sandbox

    try:
        if args.command == "release":
            for name in args.assignments:
                print(grading.release(grading.find_assignment(name), args.out))
            return 0
        limits = sandbox.Limits(cell_seconds=args.cell_timeout,
                                notebook_seconds=args.notebook_timeout,
                                memory_mb=args.memory_mb)
        table = grading.grade(args.submissions, grading.find_assignment(args.assignment),
                              args.out, limits=limits, workers=args.workers,
                              regrade=args.regrade, allow_root=args.allow_root)
        print(table)
        return 0
    except (ValueError, OSError, sandbox.RootError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def _publish(args):
    """``book`` and ``slides``: build, then say where the result is and how long it took."""
    import time

    from dlcourse.course import book, chapters, decks

    start = time.monotonic()
    try:
        if args.command == "book":
            out = book.build_book(args.out, repository_url=args.repository_url)
            pages = len(list(out.glob("*.html")))
            print(f"book: {pages} pages in {out} ({time.monotonic() - start:.0f} s); "
                  f"open {out / 'index.html'}")
        else:
            chosen = [chapters.chapter(n) for n in args.chapters] or None
            written = decks.export_decks(args.out, chapters=chosen)
            print(f"slides: {len(written)} decks in {args.out} "
                  f"({time.monotonic() - start:.0f} s); open {args.out}/index.html")
        return 0
    except (ValueError, OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
