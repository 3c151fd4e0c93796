"""Chapter registry, generated navigation, and the anatomy every chapter notebook keeps."""

import json
import re

import pytest

from dlcourse.course import chapters

READY = chapters.ready_chapters()


def test_registry_numbers_are_in_order_and_unique():
    numbers = [c.number for c in chapters.CHAPTERS]
    assert numbers == [f"{i:02d}" for i in range(len(numbers))]
    with pytest.raises(ValueError, match="no chapter '13'"):
        chapters.chapter("13")


def test_navigation_links_ready_neighbours(monkeypatch):
    three = [chapters.chapter(n) for n in ("01", "02", "05")]
    monkeypatch.setattr(chapters, "ready_chapters", lambda: three)
    nav = chapters.navigation("02")
    assert nav.startswith(chapters.NAV_MARKER)
    assert "[< 01 Datasets](01_datasets.ipynb) | [Contents](README.md) | [05 Loss functions >]" in nav
    assert "[< " not in chapters.navigation("01")
    assert " >]" not in chapters.navigation("05")


def test_navigation_cells_and_chapter_tables_are_up_to_date():
    stale = chapters.sync(write=False)
    assert stale == [], "run `make nav`:\n" + "\n".join(stale)


def test_readme_table_marks_planned_chapters():
    table = chapters.chapter_table("notebooks/")
    for c in chapters.CHAPTERS:
        assert f"| {c.number} |" in table
        assert ("ready" if c.ready else "planned") in table.split(f"| {c.number} |")[1].split("\n")[0]


def _cells(chapter):
    return json.loads(chapter.path.read_text())["cells"]


def _text(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("chapter", READY, ids=[c.file for c in READY])
def test_chapter_anatomy(chapter):
    cells = _cells(chapter)
    title = _text(cells[0])
    assert cells[0]["cell_type"] == "markdown" and title.startswith(f"# {chapter.number} ")
    assert chapter.title in title.split("\n")[0]
    for part in ("You will learn", "Prerequisites", "Run time"):
        assert part in title, f"title cell lacks '{part}'"
    assert _text(cells[1]).startswith(chapters.NAV_MARKER)
    assert _text(cells[-1]).startswith(chapters.NAV_MARKER)
    headings = [line for c in cells if c["cell_type"] == "markdown"
                for line in _text(c).splitlines() if line.startswith("## ")]
    for required in ("## Try it", "## Summary", "## Exercises"):
        assert any(h.startswith(required) for h in headings), f"no '{required}' section"
    order = [next(i for i, h in enumerate(headings) if h.startswith(r))
             for r in ("## Try it", "## Summary", "## Exercises")]
    assert order == sorted(order), "Try it, Summary, Exercises should come in that order"
    code = [c for c in cells if c["cell_type"] == "code" and _text(c).strip()]
    assert any("set_seed(" in _text(c) for c in code[:3]), "setup cell should call set_seed"


@pytest.mark.parametrize("chapter", READY, ids=[c.file for c in READY])
def test_chapter_is_committed_with_outputs_of_a_clean_run(chapter):
    code = [c for c in _cells(chapter) if c["cell_type"] == "code" and _text(c).strip()]
    counts = [c["execution_count"] for c in code]
    assert counts == list(range(1, len(code) + 1)), "run the notebook top to bottom once"
    for cell in code:
        for out in cell["outputs"]:
            assert out["output_type"] != "error", f"error output in: {_text(cell)[:60]}"
            if out.get("name") == "stderr":
                text = "".join(out["text"])
                assert "Deprecat" not in text and "Traceback" not in text, text[:300]
    assert chapter.path.stat().st_size < 3_000_000, "shrink figures or printed output"


# What a committed output must never show: the machine it ran on, or a failed download.
MACHINE_TRACES = re.compile(
    r"(?<![\w.])(/work/|/root/|/home/\w|/tmp/|/var/folders/|[A-Z]:\\\\Users)"
    r"|Downloading data from")


def _machine_traces(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for index, cell in enumerate(nb["cells"]):
        text = json.dumps(cell.get("outputs", []))
        for match in MACHINE_TRACES.finditer(text):
            found.append(f"{path.name} cell {index}: ...{text[max(0, match.start() - 60):match.end() + 40]}...")
    return found


@pytest.mark.parametrize("path", sorted(chapters.NOTEBOOKS.rglob("*.ipynb")),
                         ids=lambda p: p.name)
def test_committed_outputs_show_no_machine_paths_or_failed_downloads(path):
    assert _machine_traces(path) == []


def test_the_trace_check_finds_paths_and_downloads(tmp_path):
    for text in ("yes: /work/shared/datasets/mnist.npz", "Downloading data from https://x/y.npz",
                 "saved to /tmp/abc/model.keras", "C:\\Users\\me\\data"):
        nb = {"cells": [{"cell_type": "code", "source": "", "outputs": [
            {"output_type": "stream", "name": "stdout", "text": [text]}]}]}
        (tmp_path / "t.ipynb").write_text(json.dumps(nb))
        assert _machine_traces(tmp_path / "t.ipynb"), text
    clean = {"cells": [{"cell_type": "code", "source": "", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": ["yes: $DLCOURSE_DATA/mnist.npz"]}]}]}
    (tmp_path / "t.ipynb").write_text(json.dumps(clean))
    assert _machine_traces(tmp_path / "t.ipynb") == []
