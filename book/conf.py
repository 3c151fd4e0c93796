"""Sphinx configuration of the course's website (``make book``; see dlcourse/course/book.py).

Sphinx reads the pages that ``dlcourse.course.book.stage_sources`` writes into a
temporary folder; this folder holds only the configuration and the site's own CSS.
Nothing is executed (the notebooks' committed outputs are shown) and nothing is fetched
at build time or from the pages: MathJax is served from ``_static/mathjax``.
"""

import os

project = "dlcourse"
author = "the dlcourse authors"
copyright = "the dlcourse authors, MIT License"
html_title = "dlcourse: an open deep-learning course that runs"

# githubpages writes .nojekyll, so a branch-served GitHub Pages site keeps _static/.
extensions = ["myst_nb", "sphinx_copybutton", "sphinx.ext.githubpages"]
nb_execution_mode = "off"  # the committed outputs of a full run
myst_enable_extensions = ["dollarmath", "amsmath"]  # the chapters' $...$ and $$...$$
myst_heading_anchors = 3  # links to #sections of a page

html_theme = "sphinx_book_theme"
_repository = os.environ.get("DLCOURSE_REPOSITORY_URL", "")
html_theme_options = {
    "repository_url": _repository,
    "use_repository_button": bool(_repository),
    "use_download_button": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_context = {"default_mode": "light"}  # the figures have white backgrounds
html_static_path = ["_static"]
html_css_files = ["dlcourse.css"]
# The download button and each chapter's download link give _sources/<chapter>.ipynb,
# which the build replaces with the committed notebook.
html_copy_source = True
html_sourcelink_suffix = ""
html_last_updated_fmt = None
# Search results without page summaries: a summary fetches the result page, which a
# browser refuses for a site opened from file:// (the titles and sections still show).
html_show_search_summary = False

# MathJax 3 from npm, copied into _static/mathjax by the build (relative to _static).
mathjax_path = "mathjax/tex-chtml.js"
# Copy buttons on code, not on outputs or prompts.
copybutton_selector = "div.cell_input pre, div.highlight pre"
