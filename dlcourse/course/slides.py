"""Lecture mode: every chapter as slides, its slide types generated from its structure.

RISE (``jupyterlab-rise``: Alt-R in JupyterLab) and nbconvert's ``slides`` export read
each cell's ``metadata.slideshow.slide_type``. ``python -m dlcourse nav`` writes it for
every chapter from the chapter's anatomy, so no one edits 13 notebooks by hand and the
slides never drift from the text:

- the title cell, and every markdown cell with a ``##`` heading, starts a **slide**;
- a markdown cell with a ``###`` heading or a long explanation (more than
  :data:`LONG_EXPLANATION` characters), and any cell that comes when the slide is
  already full (about :data:`SLIDE_LINES` lines of text, code and output), starts a
  **subslide** (one step down), so nothing hides below the bottom of the screen;
- any other code cell that draws a figure is a **fragment** (it appears on the next
  key press);
- the navigation cells, the ``## Setup`` section (and the setup cell calling
  ``set_seed``) and code cells made only of ``assert`` statements (the checks of the
  text's claims) are **skipped**; they still run with "Run All";
- every other cell continues the slide before it (``-``).

An instructor overrides a cell by giving it the tag ``lecture:<type>`` (for example
``lecture:skip`` or ``lecture:fragment``; one of :data:`SLIDE_TYPES`): the tool keeps
the tag and writes that type. The notebook's ``rise`` metadata (:data:`RISE_SETTINGS`)
lets a long slide scroll and picks reveal.js's white theme, whose fonts RISE serves
itself (its default theme asks a web font service for them). ``nav --check`` (and the test suite) fails when a chapter's
slide metadata is out of date.
"""

import ast

from dlcourse.core.files import write_atomic

SLIDE_TYPES = ("slide", "subslide", "fragment", "-", "skip", "notes")
OVERRIDE_PREFIX = "lecture:"
LONG_EXPLANATION = 600
SLIDE_LINES = 24
FIGURE_LINES = 14  # a figure's height in lines of text, roughly
RISE_SETTINGS = {"scroll": True, "theme": "white"}


def _headings(source, level):
    return any(line.startswith("#" * level + " ") for line in source.splitlines())


def _draws_figure(cell):
    return any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def _lines(cell):
    """About how many lines of text ``cell`` takes on a slide, with its outputs."""
    lines = sum(1 + len(line) // 100 for line in cell["source"].splitlines())
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            lines += FIGURE_LINES
        elif "text/html" in data:
            lines += 2 + str(data["text/html"]).count("<tr")
        else:
            lines += min(15, str(output.get("text", data.get("text/plain", ""))).count("\n") + 1)
    return lines


def _only_asserts(source):
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(isinstance(node, ast.Assert) for node in body)


def _override(cell):
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(OVERRIDE_PREFIX)]
    if not tags:
        return None
    wanted = tags[-1][len(OVERRIDE_PREFIX):]
    if wanted not in SLIDE_TYPES:
        raise ValueError(f"tag {tags[-1]!r}: the slide type must be one of "
                         f"{', '.join(SLIDE_TYPES)}, got {wanted!r}")
    return wanted


def _setup_cells(cells):
    """Indices of the ``## Setup`` section and of the setup cell (the one calling set_seed)."""
    skipped, inside = set(), False
    for index, cell in enumerate(cells):
        source = cell["source"]
        if cell["cell_type"] == "markdown" and _headings(source, 2):
            inside = source.startswith("## Setup")
        if inside:
            skipped.add(index)
    code = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    skipped.update(i for i in code[:3] if "set_seed(" in cells[i]["source"])
    return skipped


def slide_types(cells, nav_marker):
    """The slide type of each cell of a chapter, from its structure and override tags.

    Parameters
    ----------
    cells : list of dict
        The notebook's cells (nbformat 4, ``source`` as one string).
    nav_marker : str
        The first line of the generated navigation cells, which are skipped.

    Returns
    -------
    list of str
        One of :data:`SLIDE_TYPES` per cell.

    Example
    -------
    >>> cells = [{"cell_type": "markdown", "source": "# 01 Title", "metadata": {}},
    ...          {"cell_type": "markdown", "source": "## 1. A section", "metadata": {}}]
    >>> slide_types(cells, "<!-- nav -->")
    ['slide', 'slide']
    """
    setup = _setup_cells(cells)
    types, filled = [], 0
    for index, cell in enumerate(cells):
        source = cell["source"]
        override = _override(cell)
        if override is not None:
            kind = override
        elif index in setup or source.startswith(nav_marker):
            kind = "skip"
        elif cell["cell_type"] == "code" and _only_asserts(source):
            kind = "skip"
        elif cell["cell_type"] == "markdown" and (index == 0 or _headings(source, 2)):
            kind = "slide"
        elif filled >= SLIDE_LINES or (cell["cell_type"] == "markdown" and (
                _headings(source, 3) or len(source) > LONG_EXPLANATION)):
            kind = "subslide"
        elif cell["cell_type"] == "code" and _draws_figure(cell):
            kind = "fragment"
        else:
            kind = "-"
        if kind in ("slide", "subslide"):
            filled = 0
        if kind != "skip":
            filled += _lines(cell)
        types.append(kind)
    return types


def apply_slide_metadata(notebook, nav_marker):
    """Write the slide types and RISE settings into ``notebook``; True when anything changed."""
    changed = notebook.metadata.get("rise") != RISE_SETTINGS
    notebook.metadata["rise"] = dict(RISE_SETTINGS)
    for cell, kind in zip(notebook.cells, slide_types(notebook.cells, nav_marker)):
        if cell.metadata.get("slideshow") != {"slide_type": kind}:
            cell.metadata["slideshow"] = {"slide_type": kind}
            changed = True
    return changed


def sync_slides(path, nav_marker, write=True):
    """Bring one chapter's slide metadata up to date; returns what changed (or is stale)."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    try:
        changed = apply_slide_metadata(notebook, nav_marker)
    except ValueError as error:
        return [f"{path}: {error}"]
    if not changed:
        return []
    if write:
        write_atomic(path, nbformat.writes(notebook) + "\n")
    return [f"{path}: slide metadata {'updated' if write else 'out of date'}"]
