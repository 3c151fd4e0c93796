"""The course as a website: link mapping, staging and the link check (fast); the build,
its pages and links, and three pages in headless Chromium with no network (slow)."""

import json
import re

import headless
import nbformat
import pytest

from dlcourse.course import book, chapters

READY = chapters.ready_chapters()
# Known and harmless offline: a chapter page with a widget asks two CDNs for the
# widgets' JavaScript (RequireJS and @jupyter-widgets/html-manager, myst-nb's default),
# which draws the live widget from its saved state when the page can reach them.
# Offline both requests fail (a console error each) and the page shows the still frame.
HARMLESS_REQUESTS = ("https://cdnjs.cloudflare.com/ajax/libs/require.js/",
                     "https://cdn.jsdelivr.net/npm/@jupyter-widgets/html-manager@")

# --------------------------------------------------------------------------------------
# Links and sources (no Sphinx)
# --------------------------------------------------------------------------------------


def test_map_link_points_repository_files_at_pages():
    assert book.map_link("notebooks/05_loss_functions.ipynb", "README.md") == \
        "05_loss_functions.ipynb"
    assert book.map_link("README.md", "notebooks/01_datasets.ipynb") == "index.md"
    assert book.map_link("../../README.md#modes", "notebooks/homework/README.md") == \
        "running.md#modes"  # the README's Modes section is on the running page
    assert book.map_link("#lecture-mode", "README.md") == "running.md#lecture-mode"
    assert book.map_link("#chapters", "README.md") == "index.md#chapters"
    assert book.map_link("homework/README.md", "notebooks/README.md") == "homework.md"
    assert book.map_link("https://keras.io", "README.md") == "https://keras.io"


def test_files_without_a_page_link_to_the_repository_or_become_text():
    text = "See [the environment](environment.yml) and [nothing](no/such/file.txt)."
    assert book.map_links(text, "README.md") == "See the environment and nothing."
    linked = book.map_links(text, "README.md", "https://example.org/dlcourse/")
    assert "[the environment](https://example.org/dlcourse/blob/main/environment.yml)" in linked
    assert "[nothing]" not in linked


def test_readme_sections_name_a_missing_one():
    readme = "# T\n\n## Data\n\nd\n\n## Modes\n\nm\n"
    assert book.readme_sections(readme, ("Modes",)) == ["## Modes\n\nm\n"]
    with pytest.raises(ValueError, match="no section Lecture mode.*'## Data', '## Modes'"):
        book.readme_sections(readme, ("Lecture mode", "Data"))


def test_staged_chapter_has_no_navigation_a_download_link_and_widget_frames(tmp_path):
    chapter = chapters.chapter("05")
    book.stage_chapter(chapter, tmp_path)
    staged = nbformat.read(tmp_path / chapter.file, as_version=4)
    original = nbformat.read(chapter.path, as_version=4)
    assert not any(c.source.startswith(chapters.NAV_MARKER) for c in staged.cells)
    assert len(staged.cells) == len(original.cells) - 2 + 1
    assert staged.cells[0].source == original.cells[0].source
    assert f'href="_sources/{chapter.file}"' in staged.cells[1].source
    widget_cells = [c for c in staged.cells if c.cell_type == "code" and any(
        book.WIDGET_VIEW in o.get("data", {}) for o in c.outputs)]
    assert len(widget_cells) == 1
    frame, view, note = (o["data"] for o in widget_cells[0].outputs[-3:])
    assert list(frame) == ["image/png"] and list(view) == [book.WIDGET_VIEW]
    assert book.WIDGET_NOTE in note["text/html"]
    assert widget_cells[0].metadata["mystnb"]["image"]["classes"] == "dlc-widget-frame"


def test_broken_links_finds_missing_files_anchors_and_escapes(tmp_path):
    (tmp_path / "img.png").write_bytes(b"png")
    (tmp_path / "b.html").write_text('<h1 id="top">B</h1>')
    (tmp_path / "a.html").write_text(
        '<a href="b.html#top">ok</a><a href="#">ok</a><a href="https://x.org/y">ok</a>'
        '<img src="img.png"><a href="b.html#gone">1</a><a href="c.html">2</a>'
        '<img src="missing.png"><script src="../outside.js"></script><a href="#here">3</a>')
    assert book.broken_links(tmp_path) == [
        "a.html: b.html#gone (no such anchor)", "a.html: c.html", "a.html: missing.png",
        "a.html: ../outside.js", "a.html: #here (no such anchor)"]


def test_build_refuses_a_folder_that_is_not_a_previous_build(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not empty and holds no Sphinx build"):
        book.build_book(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


# --------------------------------------------------------------------------------------
# The build (slow)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    try:
        book.js_module("mathjax")
    except FileNotFoundError as error:
        pytest.skip(str(error))
    return book.build_book(tmp_path_factory.mktemp("book") / "site")


@pytest.mark.slow
def test_every_chapter_has_a_page_in_order_with_its_notebook(site):
    index = (site / "index.html").read_text()
    positions = [index.index(f'href="{c.file.removesuffix(".ipynb")}.html"') for c in READY]
    assert positions == sorted(positions), "the sidebar lists the chapters in order"
    for chapter in READY:
        page = (site / chapter.file.replace(".ipynb", ".html")).read_text()
        assert f"{chapter.number} {chapter.title}" in page
        assert "navigation: generated" not in page and "[Contents]" not in page
        assert f'href="_sources/{chapter.file}"' in page
        assert (site / "_sources" / chapter.file).read_bytes() == chapter.path.read_bytes()
    for name in ("running", "homework", "credits", "search"):
        assert (site / f"{name}.html").is_file(), name
    assert "Lecture mode" in (site / "running.html").read_text()
    assert "Fashion-MNIST" in (site / "credits.html").read_text()


@pytest.mark.slow
def test_every_internal_link_and_image_resolves(site):
    assert book.broken_links(site) == []
    images = sum(len(re.findall(r"<img ", p.read_text())) for p in site.glob("[0-9]*.html"))
    assert images > 80, "the chapters' figures are on their pages"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()


@pytest.mark.slow
def test_widgets_show_their_frame_a_note_and_their_saved_state(site):
    page = (site / "05_loss_functions.html").read_text()
    assert page.count('class="dlc-widget-frame') == 1
    assert book.WIDGET_NOTE in page
    state = re.search(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
                      page, re.S)
    view = re.search(r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>',
                     page, re.S)
    assert json.loads(view.group(1))["model_id"] in json.loads(state.group(1))["state"]


# --------------------------------------------------------------------------------------
# In a browser, offline (slow)
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    with headless.launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return headless.screenshot_folder(tmp_path_factory)


def _open(browser, site, name):
    context = headless.offline_context(browser, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    console = headless.Console(page, harmless=HARMLESS_REQUESTS)
    page.goto((site / name).as_uri())
    return page, console


@pytest.mark.slow
def test_chapter_page_renders_math_and_figures_offline(browser, site, screenshots):
    page, console = _open(browser, site, "05_loss_functions.html")
    # every $...$ of the chapter typeset by the MathJax the site serves itself
    page.wait_for_function(
        "() => { const m = document.querySelectorAll('span.math, div.math');"
        " return m.length > 20 && Array.from(m).every(e => e.querySelector('mjx-container')); }",
        timeout=60_000)
    text = page.locator("article").inner_text()
    assert "\\(" not in text and "$$" not in text and "\\frac" not in text
    images = page.locator("article img")
    assert images.count() >= 9
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('article img'))"
        ".every(i => i.complete && i.naturalWidth > 0)", timeout=30_000)
    frame = page.locator("img.dlc-widget-frame")
    frame.scroll_into_view_if_needed()
    assert frame.is_visible() and page.locator(".dlc-widget-note").is_visible()
    page.screenshot(path=str(screenshots / "book-chapter-widget.png"))
    page.locator("#regression-losses").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots / "book-chapter-math.png"))
    assert page.locator(".prev-next-area a.right-next").get_attribute("href") == \
        "06_activation_functions.html"
    assert page.locator("button.copybtn").count() > 10
    assert console.errors() == [], console.errors()
    page.context.close()


@pytest.mark.slow
def test_landing_page_lists_the_course_offline(browser, site, screenshots):
    page, console = _open(browser, site, "index.html")
    page.wait_for_selector("nav.bd-links")
    sidebar = page.locator("nav.bd-links").inner_text()
    for chapter in READY:
        assert chapter.label in sidebar
    for title in ("Running the course locally", "Homework", "Data credits"):
        assert title in sidebar
    assert page.locator("table a").count() == len(READY)
    page.screenshot(path=str(screenshots / "book-landing.png"))
    assert console.errors() == [], console.errors()
    page.context.close()


@pytest.mark.slow
def test_search_finds_a_chapter_offline(browser, site, screenshots):
    page, console = _open(browser, site, "index.html")
    page.keyboard.press("Control+k")
    field = page.locator("#pst-search-dialog input[name=q]")
    field.wait_for(state="visible")
    field.fill("backpropagation")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=backpropagation*")
    results = page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=30_000)
    found = [results.nth(i).inner_text() for i in range(results.count())]
    assert "08 Backpropagation" in found, found
    page.screenshot(path=str(screenshots / "book-search.png"))
    assert console.errors() == [], console.errors()
    page.context.close()
