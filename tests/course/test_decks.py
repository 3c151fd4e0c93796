"""Static slide decks: self-contained and offline (a tiny deck), and a chapter's deck
stepped through in headless Chromium with no network (slow)."""

import re
from types import SimpleNamespace

import headless
import nbformat
import pytest

from dlcourse.course import book, chapters, decks


@pytest.fixture(scope="module")
def js_installed():
    try:
        book.js_module("reveal.js")
        book.js_module("mathjax")
    except FileNotFoundError as error:
        pytest.skip(str(error))


def _tiny_chapter(folder):
    notebook = nbformat.v4.new_notebook()
    widget = nbformat.v4.new_output("display_data", {
        "image/png": "iVBORw0KGgo=", "text/plain": "VBox()",
        decks.WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0}})
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# 99 Tiny\n\nThe loss $L = (y - \\hat y)^2$."),
        nbformat.v4.new_markdown_cell("## 1. Hidden", metadata={"slideshow": {"slide_type": "skip"}}),
        nbformat.v4.new_markdown_cell("## 2. Shown", metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell("widget()", outputs=[widget],
                                  metadata={"slideshow": {"slide_type": "fragment"}}),
    ]
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {
        "state": {"abc": {}}, "version_major": 2, "version_minor": 0}}
    path = folder / "99_tiny.ipynb"
    nbformat.write(notebook, path)
    return SimpleNamespace(file=path.name, path=path, label="99 Tiny")


def test_a_deck_needs_nothing_from_outside_its_folder(tmp_path, js_installed):
    chapter = _tiny_chapter(tmp_path)
    [deck] = decks.export_decks(tmp_path / "slides", chapters=[chapter])
    assert deck.name == "99_tiny.slides.html"
    page = deck.read_text()
    assert "1. Hidden" not in page  # skipped
    assert page.count("<section>") == 4  # two slides, each a stack of one
    assert '<div class="fragment">' in page
    assert "data:image/png;base64,iVBORw0KGgo=" in page  # the widget's still frame
    assert "widget-state+json" not in page and "widget-view+json" not in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert not [s for s in sources if re.match(r"(https?:)?//", s)], sources
    for source in ("reveal.js/dist/reveal.js", "reveal.js/plugin/notes/notes.js",
                   "mathjax/tex-chtml.js", "reveal.js/dist/theme/white.css"):
        assert source in sources and (deck.parent / source).is_file(), source
    assert 'href="99_tiny.slides.html">99 Tiny<' in (deck.parent / "index.html").read_text()


@pytest.mark.slow
def test_a_chapter_deck_steps_forward_and_shows_a_figure_offline(tmp_path, js_installed,
                                                                  tmp_path_factory):
    [deck] = decks.export_decks(tmp_path, chapters=[chapters.chapter("05")])
    screenshots = headless.screenshot_folder(tmp_path_factory)
    with headless.launch() as browser:
        context = headless.offline_context(browser, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        console = headless.Console(page)
        page.goto(deck.as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=60_000)
        page.wait_for_function("document.querySelector('mjx-container') !== null",
                               timeout=60_000)  # MathJax from the deck's folder
        seen, figures = [page.evaluate("JSON.stringify(Reveal.getIndices())")], 0
        for step in range(3):
            page.keyboard.press("Space")
            page.wait_for_function(f"JSON.stringify(Reveal.getIndices()) !== {seen[-1]!r}")
            seen.append(page.evaluate("JSON.stringify(Reveal.getIndices())"))
            page.wait_for_timeout(800)  # the transition
            shown = page.evaluate(
                "() => Array.from(Reveal.getCurrentSlide().querySelectorAll('img')).filter("
                "i => i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().height > 50"
                " && getComputedStyle(i.closest('.fragment') || i).opacity === '1').length")
            if shown:
                figures += shown
                page.screenshot(path=str(screenshots / f"slide-figure-{step}.png"))
        assert len(set(seen)) == 4, seen
        assert figures > 0, "no figure on the first three steps"
        assert console.errors() == [], console.errors()
        context.close()
