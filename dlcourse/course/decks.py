"""Static slide decks: ``make slides`` (``python -m dlcourse slides``) writes ``build/slides/``.

One reveal.js deck per chapter, exported by nbconvert's ``slides`` format from the
committed notebook (its outputs and the slide metadata that ``python -m dlcourse nav``
writes, :mod:`dlcourse.course.slides`), never executed again. reveal.js and MathJax are
copied beside the decks (npm's packages, which ``make slides`` installs), so a deck
opens offline and from a plain folder; widgets show their still frame. ``index.html``
lists the decks. The template is ``book/templates/dlcourse_slides``.

For live slides, with code that runs and widgets that respond, present the notebook
itself in JupyterLab (RISE: Alt-R).
"""

import html
import shutil
from pathlib import Path

from dlcourse.course.book import BOOK, BUILD, copy_mathjax, js_module

TEMPLATES = BOOK / "templates"
TEMPLATE = "dlcourse_slides"
REVEAL_PARTS = ("dist", "plugin/notes")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def deck_name(chapter):
    """The deck's file name: ``05_loss_functions.slides.html``."""
    return chapter.file.removesuffix(".ipynb") + ".slides.html"


def _exporter():
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    priority = SlidesExporter().default_config.NbConvertBase.display_data_priority
    return SlidesExporter(config=Config({
        "SlidesExporter": {"template_name": TEMPLATE,
                           "extra_template_basedirs": [str(TEMPLATES)],
                           "reveal_url_prefix": "reveal.js",
                           "reveal_theme": "white",  # its fonts are in reveal.js/dist
                           "mathjax_url": "mathjax/tex-chtml.js"},
        # The still frame (image/png) rather than a live view that needs a kernel.
        "NbConvertBase": {"display_data_priority": [m for m in priority if m != WIDGET_VIEW]},
    }))


def _index_page(chapters):
    items = "\n".join(f'<li><a href="{deck_name(c)}">{html.escape(c.label)}</a></li>'
                      for c in chapters)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>dlcourse: slides</title></head><body>\n<h1>dlcourse: the chapters as "
            "slides</h1>\n<p>Space or the arrow keys move on, Esc shows the overview, "
            "S opens the speaker notes. For live code and widgets, present the notebook "
            "in JupyterLab (Alt-R).</p>\n<ol start=\"0\">\n" + items + "\n</ol>\n</body></html>\n")


def export_decks(out=BUILD / "slides", chapters=None):
    """Export the slide decks of ``chapters`` (default: every ready chapter) into ``out``.

    Parameters
    ----------
    out : path-like
        The output folder (created; decks of the same name are replaced).
    chapters : list of Chapter, optional
        Which chapters; default all ready chapters in order.

    Returns
    -------
    list of pathlib.Path
        The decks written, in the chapters' order.

    Raises
    ------
    FileNotFoundError
        reveal.js or MathJax is not installed (``make slides`` installs them).
    """
    from dlcourse.course.chapters import ready_chapters

    chapters = ready_chapters() if chapters is None else list(chapters)
    out = Path(out)
    reveal = js_module("reveal.js")
    js_module("mathjax")
    out.mkdir(parents=True, exist_ok=True)
    for part in REVEAL_PARTS:
        shutil.copytree(reveal / part, out / "reveal.js" / part, dirs_exist_ok=True)
    copy_mathjax(out / "mathjax")
    exporter = _exporter()
    decks = []
    for chapter in chapters:
        body, _ = exporter.from_filename(str(chapter.path))
        deck = out / deck_name(chapter)
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    (out / "index.html").write_text(_index_page(chapters), encoding="utf-8")
    return decks
