"""The course as a website: ``make book`` (``python -m dlcourse book``) builds ``build/book/``.

A static site from the committed notebooks, never executed again: myst-nb on Sphinx with
sphinx-book-theme (configuration in ``book/conf.py``). :func:`stage_sources` writes the
pages into a temporary folder, :func:`build_book` runs Sphinx on them with warnings as
errors and checks every link of the result (:func:`broken_links`).

The pages: the README's opening (the landing page), the chapters in the registry's
order, the homework README, running the course locally and the data credits (sections
of the README, so nothing is written twice). Each chapter page leaves out the
notebook's navigation cells (the sidebar and "previous / next" replace them), links to
the committed notebook for download, and shows every widget's still frame (the picture
saved with its output) with a note to run it in JupyterLab; where the page can load the
widgets' JavaScript, the live widget (from the saved widget state) replaces the frame.
Links between repository files become links between pages, or links to the
repository (``DLCOURSE_REPOSITORY_URL``), or plain text when it is not set.

MathJax is served from the site itself (npm's ``mathjax``, which ``make book``
installs into :data:`JS_MODULES`), so math renders offline and from ``file://``.
"""

import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dlcourse.core.paths import NOTEBOOKS, REPO_ROOT

BOOK = REPO_ROOT / "book"
BUILD = REPO_ROOT / "build"
JS_MODULES = BUILD / "js" / "node_modules"
REPOSITORY_ENV = "DLCOURSE_REPOSITORY_URL"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ("This widget needs Python to respond (here it shows its first frame): run "
               "the notebook in JupyterLab for the live version.")
# (page, title, README sections) for the pages made of README sections.
README_PAGES = (
    ("running", "Running the course locally", ("Two commands", "Lecture mode", "Data", "Modes")),
    ("credits", "Data credits", ("Data set credits",)),
)
# The MathJax 3 files a page needs: the TeX-to-HTML component, its fonts, and what it
# loads on demand (TeX extensions, the menu, assistive MathML).
MATHJAX_PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions", "ui",
                 "a11y")


def js_module(name):
    """The folder of an npm package that ``make book`` installs, or a FileNotFoundError."""
    folder = JS_MODULES / name
    if not (folder / "package.json").is_file():
        raise FileNotFoundError(f"no {name} in {JS_MODULES}: `make book` installs it (npm), "
                                f"or run the npm install line of the Makefile")
    return folder


def copy_mathjax(destination):
    """Copy the parts of MathJax 3 the pages load into ``destination``."""
    source = js_module("mathjax") / "es5"
    for part in MATHJAX_PARTS:
        target = Path(destination) / part
        if (source / part).is_dir():
            shutil.copytree(source / part, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / part, target)


# --------------------------------------------------------------------------------------
# Links: repository paths to pages
# --------------------------------------------------------------------------------------


def _slug(heading):
    """The anchor of a heading, as GitHub and myst (``myst_heading_anchors``) make it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _pages_of_files():
    from dlcourse.course.chapters import ready_chapters

    pages = {"README.md": "index.md", "notebooks/README.md": "index.md",
             "notebooks/homework/README.md": "homework.md"}
    pages.update({f"notebooks/{c.file}": c.file for c in ready_chapters()})
    return pages


def _readme_anchors():
    """``{anchor: page}`` for the README's headings that went to pages of their own."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    anchors = {}
    for page, _, titles in README_PAGES:
        for section in readme_sections(readme, titles):
            for line in section.splitlines():
                if line.startswith("#"):
                    anchors[_slug(line.lstrip("#"))] = f"{page}.md"
    return anchors


def map_link(target, source, repository_url=None):
    """Where a link of a repository file points on the site.

    Parameters
    ----------
    target : str
        The link as written, e.g. ``"01_datasets.ipynb"`` or ``"../README.md#data"``.
    source : str
        The repository path of the file holding the link (``"README.md"``,
        ``"notebooks/05_loss_functions.ipynb"``).
    repository_url : str, optional
        The repository's web address, for links to files that have no page.

    Returns
    -------
    str or None
        The target on the site, or None when the link should become plain text.

    Example
    -------
    >>> map_link("notebooks/01_datasets.ipynb#top", "README.md")
    '01_datasets.ipynb#top'
    """
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return target
    path = (posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
            if parts.path else source)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    page = _pages_of_files().get(path)
    if path == "README.md" and parts.fragment:
        page = _readme_anchors().get(parts.fragment, page)
    if page is not None:
        return page + fragment
    if repository_url and (REPO_ROOT / path).exists():
        return f"{repository_url.rstrip('/')}/blob/main/{path}{fragment}"
    return None


LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")


def map_links(markdown, source, repository_url=None):
    """``markdown`` with every link mapped by :func:`map_link` (unmapped ones unlinked)."""
    def replace(match):
        bang, text, target = match.groups()
        mapped = map_link(target, source, repository_url)
        return f"{bang}[{text}]({mapped})" if mapped is not None else text
    return LINK.sub(replace, markdown)


def readme_sections(text, titles):
    """The ``##`` sections of a README with these titles, in the README's order."""
    sections = re.split(r"(?m)^(?=## )", text)
    found = [s for s in sections if s.startswith("## ")
             and s.splitlines()[0][3:].strip() in titles]
    missing = set(titles) - {s.splitlines()[0][3:].strip() for s in found}
    if missing:
        raise ValueError(f"README.md has no section {', '.join(sorted(missing))}; "
                         f"its sections are {[s.splitlines()[0] for s in sections[1:]]}")
    return found


# --------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------


def _split_widget_outputs(cell):
    """The frame, the live view and a note, as three outputs, for each widget output."""
    import nbformat

    outputs, frames = [], False
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if WIDGET_VIEW not in data or "image/png" not in data:
            outputs.append(output)
            continue
        frames = True
        outputs += [
            nbformat.v4.new_output("display_data", {"image/png": data["image/png"]}),
            nbformat.v4.new_output("display_data", {WIDGET_VIEW: data[WIDGET_VIEW]}),
            nbformat.v4.new_output("display_data", {
                "text/html": f'<p class="dlc-widget-note">{WIDGET_NOTE}</p>'}),
        ]
    cell.outputs = outputs
    if frames:
        cell.metadata["mystnb"] = {"image": {"classes": "dlc-widget-frame",
                                             "alt": "the widget's first frame"}}


def stage_chapter(chapter, folder, repository_url=None):
    """Write the site's copy of one chapter notebook into ``folder``."""
    import nbformat

    from dlcourse.course.chapters import NAV_MARKER

    notebook = nbformat.read(chapter.path, as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            if cell.source.startswith(NAV_MARKER):
                continue
            cell.source = map_links(cell.source, f"notebooks/{chapter.file}", repository_url)
        elif cell.cell_type == "code":
            _split_widget_outputs(cell)
        cells.append(cell)
    download = nbformat.v4.new_markdown_cell(
        f'Download this notebook: <a class="dlc-download" href="_sources/{chapter.file}" '
        f'download="{chapter.file}">{chapter.file}</a>, and run it in JupyterLab '
        f"(see [running the course locally](running.md)).")
    notebook.cells = cells[:1] + [download] + cells[1:]
    nbformat.write(notebook, Path(folder) / chapter.file)


def _landing_page(readme, chapters, repository_url):
    opening = re.split(r"(?m)^## Two commands", readme)[0]
    toctrees = [
        "```{toctree}\n:hidden:\n:caption: Chapters\n\n"
        + "\n".join(c.file.removesuffix(".ipynb") for c in chapters) + "\n```",
        "```{toctree}\n:hidden:\n:caption: The course\n\nrunning\nhomework\ncredits\n```",
    ]
    return (map_links(opening, "README.md", repository_url).rstrip() + "\n\n"
            + "\n\n".join(toctrees) + "\n")


def stage_sources(folder, repository_url=None):
    """Write every source page of the site into ``folder``; returns the chapters staged."""
    from dlcourse.course.chapters import ready_chapters

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    chapters = ready_chapters()
    (folder / "index.md").write_text(_landing_page(readme, chapters, repository_url),
                                     encoding="utf-8")
    for page, title, titles in README_PAGES:
        body = "\n".join(readme_sections(readme, titles))
        (folder / f"{page}.md").write_text(
            f"# {title}\n\n{map_links(body, 'README.md', repository_url)}", encoding="utf-8")
    homework = (NOTEBOOKS / "homework" / "README.md").read_text(encoding="utf-8")
    (folder / "homework.md").write_text(map_links(homework, "notebooks/homework/README.md",
                                                  repository_url), encoding="utf-8")
    for chapter in chapters:
        stage_chapter(chapter, folder, repository_url)
    return chapters


# --------------------------------------------------------------------------------------
# Build and check
# --------------------------------------------------------------------------------------


def _check_output_folder(out):
    """Refuse an output folder that holds anything but a previous Sphinx build."""
    if out.exists() and any(out.iterdir()) and not (out / ".buildinfo").is_file():
        raise ValueError(f"{out} is not empty and holds no Sphinx build; choose an empty "
                         f"folder or a previous book build")


def build_book(out=BUILD / "book", repository_url=None, quiet=True):
    """Build the site into ``out`` (warnings are errors) and check its links.

    Parameters
    ----------
    out : path-like
        The output folder; emptied first if it holds a previous build.
    repository_url : str, optional
        The repository's web address (default: ``DLCOURSE_REPOSITORY_URL``), for links
        to files without a page and the theme's repository button.
    quiet : bool
        Print only warnings and errors.

    Returns
    -------
    pathlib.Path
        ``out``; open ``out/index.html``.

    Raises
    ------
    ValueError
        ``out`` holds files that are not a previous build (nothing is deleted).
    FileNotFoundError
        MathJax is not installed in :data:`JS_MODULES`.
    RuntimeError
        Sphinx failed (a warning, a broken reference) or a link of the site is broken.
    """
    out = Path(out).resolve()
    repository_url = repository_url or os.environ.get(REPOSITORY_ENV) or None
    _check_output_folder(out)
    js_module("mathjax")  # fail before building when it is missing
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="dlcourse-book-") as work:
        source = Path(work) / "source"
        chapters = stage_sources(source, repository_url)
        env = dict(os.environ, **({REPOSITORY_ENV: repository_url} if repository_url else {}))
        command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-b", "html",
                   "-c", str(BOOK), "-d", str(Path(work) / "doctrees"), str(source), str(out)]
        if quiet:
            command.insert(3, "-q")
        result = subprocess.run(command, env=env, cwd=REPO_ROOT)
        if result.returncode != 0:
            raise RuntimeError(f"Sphinx failed (exit code {result.returncode}): see above")
    copy_mathjax(out / "_static" / "mathjax")
    for chapter in chapters:  # the download links give the committed notebooks
        shutil.copy2(chapter.path, out / "_sources" / chapter.file)
    broken = broken_links(out)
    if broken:
        raise RuntimeError(f"{len(broken)} broken links in {out}:\n" + "\n".join(broken[:50]))
    return out


class _Links(HTMLParser):
    ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src",
                  "source": "src", "iframe": "src"}

    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name"):
            if attrs.get(name):
                self.ids.add(attrs[name])
        value = attrs.get(self.ATTRIBUTES.get(tag, ""))
        if value:
            self.links.append(value)


def _parse(page, cache):
    if page not in cache:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        cache[page] = parser
    return cache[page]


def broken_links(site):
    """Every link, image and script of the site's pages that points nowhere.

    Checks the pages (not the theme's template files under ``_static``) and their
    relative URLs only (a file of the site, and the ``#id`` in it when there is one);
    absolute URLs (another site) are left alone.

    Returns
    -------
    list of str
        ``"page: target"`` for each broken one; empty when all resolve.
    """
    site = Path(site).resolve()
    cache, broken = {}, []
    pages = [p for p in sorted(site.rglob("*.html"))
             if p.relative_to(site).parts[0] not in ("_static", "_sources")]
    for page in pages:
        for link in _parse(page, cache).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//") or link == "#":
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or site not in (target, *target.parents):
                broken.append(f"{page.relative_to(site)}: {link}")
            elif (parts.fragment and target.suffix == ".html"
                  and unquote(parts.fragment) not in _parse(target, cache).ids):
                broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken
