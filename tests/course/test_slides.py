"""Lecture mode's slide types, generated from a chapter's structure (nav keeps them fresh)."""

import nbformat
import pytest

from dlcourse.course import slides

NAV = "<!-- nav -->"
FIGURE = [nbformat.v4.new_output("display_data", {"image/png": "iVBORw0KGgo=",
                                                   "text/plain": "<Figure>"})]


def _chapter(*cells):
    notebook = nbformat.v4.new_notebook()
    for kind, source, extra in cells:
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source, outputs=extra.pop("outputs", []))
        cell.metadata.update(extra)
        notebook.cells.append(cell)
    return notebook


def _example():
    return _chapter(
        ("md", "# 01 Title\n\nWhat it is about.", {}),
        ("md", NAV + "\n[Contents](README.md)", {}),
        ("md", "## Setup\n\nThe imports.", {}),
        ("code", "from dlcourse import config\nconfig.set_seed(0)", {}),
        ("md", "## 1. A section\n\nShort.", {}),
        ("code", "x = 1", {}),
        ("code", "plot(x)", {"outputs": FIGURE}),
        ("code", "assert x == 1, x\nassert x > 0", {}),
        ("md", "A long explanation. " * 40, {}),
        ("md", "### 1.1 A part", {}),
        ("md", "Kept for the talk.", {"tags": ["lecture:notes"]}),
        ("code", "print(x)\nassert x", {}),
        ("md", NAV + "\n[Contents](README.md)", {}),
    )


def test_slide_types_follow_the_chapter_structure():
    types = slides.slide_types(_example().cells, NAV)
    assert types == ["slide", "skip", "skip", "skip", "slide", "-", "fragment", "skip",
                     "subslide", "subslide", "notes", "-", "skip"]


def test_a_full_slide_continues_on_a_subslide():
    notebook = _chapter(("md", "## 1. Section", {}),
                        *[("code", f"plot({i})", {"outputs": list(FIGURE)}) for i in range(2)],
                        ("md", "The reading of both figures.", {}))
    assert slides.slide_types(notebook.cells, NAV) == ["slide", "fragment", "fragment",
                                                       "subslide"]
    short = _chapter(("md", "## 1. Section", {}), ("code", "x = 1", {}), ("md", "Then.", {}))
    assert slides.slide_types(short.cells, NAV) == ["slide", "-", "-"]
    long_intro = _chapter(("md", "## 1. Section\n\n" + "A line of text.\n" * 30, {}),
                          ("code", "plot()", {"outputs": list(FIGURE)}))
    assert slides.slide_types(long_intro.cells, NAV) == ["slide", "subslide"]


def test_an_unknown_override_tag_names_the_allowed_types():
    notebook = _chapter(("md", "# 01 Title", {"tags": ["lecture:big"]}))
    with pytest.raises(ValueError, match="'lecture:big'.*slide, subslide, fragment"):
        slides.slide_types(notebook.cells, NAV)


def test_apply_writes_every_cell_and_rise_settings_once():
    notebook = _example()
    assert slides.apply_slide_metadata(notebook, NAV) is True
    assert notebook.metadata["rise"] == slides.RISE_SETTINGS
    assert all("slide_type" in cell.metadata["slideshow"] for cell in notebook.cells)
    assert notebook.cells[10].metadata["tags"] == ["lecture:notes"]  # the override is kept
    assert slides.apply_slide_metadata(notebook, NAV) is False
    notebook.cells[5].metadata["slideshow"] = {"slide_type": "slide"}  # edited by hand
    assert slides.apply_slide_metadata(notebook, NAV) is True
    assert notebook.cells[5].metadata["slideshow"] == {"slide_type": "-"}


def test_sync_reports_then_writes_then_is_clean(tmp_path):
    path = tmp_path / "01_title.ipynb"
    nbformat.write(_example(), path)
    before = path.read_text()
    assert slides.sync_slides(path, NAV, write=False) == [f"{path}: slide metadata out of date"]
    assert path.read_text() == before
    assert slides.sync_slides(path, NAV) == [f"{path}: slide metadata updated"]
    assert slides.sync_slides(path, NAV, write=False) == []
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].metadata["tags"] = ["lecture:wrong"]
    nbformat.write(notebook, path)
    assert "'lecture:wrong'" in slides.sync_slides(path, NAV, write=False)[0]
