"""End to end: the playground in a real browser, in JupyterLab and as the Voila page.

Starts JupyterLab and the playground page (``make playground``) on free local ports and
drives them in headless Chromium through Playwright: the chapter runs, its widget
renders (not the static fallback picture), Play moves the epoch counter and redraws the
output, a slider resets the network, the page recovers from a load that hangs, and the
browser console shows no errors beyond the known harmless ones.

Needs Playwright and a Chromium (``tests/headless.py`` says which; skips, saying why,
when either is missing). Screenshots go to a temporary folder (or to
``DLCOURSE_SCREENSHOTS``). The servers get their own HOME and Jupyter folders in a
temporary folder, and are stopped by their process id.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import headless
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "notebooks" / "00_playground.ipynb"

headless.sync_api_or_skip()

# Known and harmless: Voila's "lab" template asks a CDN for two Font Awesome stylesheets,
# which fail offline (a console error each, "Failed to load resource: net::ERR_..."). Voila
# 0.5 also bundles an older JupyterLab core than the widgets extension expects; that only
# warns, and the widgets work. Nothing else may fail.
HARMLESS_REQUESTS = "https://cdn.jsdelivr.net/npm/@fortawesome/"

# --------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(home):
    """HOME, Jupyter's folders and JupyterLab's settings in ``home``; news off, no autosave."""
    env = dict(os.environ)
    env.update(HOME=str(home), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTERLAB_SETTINGS_DIR=str(home / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), PYTHONUNBUFFERED="1")
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for name, values in settings.items():
        path = home / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    return env


class Server:
    """A server process started with Popen (so its PID is the server's own)."""

    def __init__(self, command, env, port, log, cwd=None):
        self.port = port
        self.log = log
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=log.open("w"),
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {command}\n{log.read_text()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not open port {port}: {log.read_text()[-2000:]}")

    def url(self, path=""):
        return f"http://127.0.0.1:{self.port}/{path}"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-home")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return headless.screenshot_folder(tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    with headless.launch() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def jupyterlab(home, tmp_path_factory):
    # A copy of the chapter, so nothing the browser does can touch the committed one.
    work = tmp_path_factory.mktemp("lab-notebooks")
    shutil.copy(CHAPTER, work / CHAPTER.name)
    port = _free_port()
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
               f"--ServerApp.root_dir={work}"]
    if os.getuid() == 0:
        command.append("--allow-root")
    server = Server(command, _environment(home), port, home / "jupyterlab.log")
    yield server
    server.stop()


def _voila(home, notebook=None):
    pytest.importorskip("voila", reason="Voila is not installed: pip install 'voila>=0.5'")
    from dlcourse.playground import ui as playground_ui

    port = _free_port()
    env = playground_ui.page_environment(_environment(home))
    return Server(playground_ui.page_command(port, notebook=notebook), env, port,
                  home / f"voila-{port}.log", cwd=ROOT)


def _console(page):
    """The page's console check, excusing only Voila's CDN stylesheets."""
    return headless.Console(page, harmless=(HARMLESS_REQUESTS,))


def test_console_check_excuses_only_the_known_cdn_failures():
    class FakePage:
        def __init__(self):
            self.handlers = {}

        def on(self, event, handler):
            self.handlers[event] = handler

    class Message:
        def __init__(self, kind, text):
            self.type, self.text = kind, text

    class Request:
        def __init__(self, url):
            self.url = url

    page = FakePage()
    console = _console(page)
    for name in ("all.min.css", "v4-shims.min.css"):
        page.handlers["requestfailed"](Request(HARMLESS_REQUESTS + name))
        page.handlers["console"](Message("error", "Failed to load resource: net::ERR_NAME_NOT_RESOLVED"))
    page.handlers["console"](Message("warning", "Unsatisfied version 4.2.5 ..."))
    assert console.errors() == []
    page.handlers["console"](Message("error", "Failed to load resource: net::ERR_FAILED"))
    page.handlers["requestfailed"](Request("http://127.0.0.1:1/voila/static/voila.js"))
    page.handlers["pageerror"](Exception("boom"))
    assert console.errors() == ["request failed: http://127.0.0.1:1/voila/static/voila.js",
                                "Failed to load resource: net::ERR_FAILED", "boom"]


# --------------------------------------------------------------------------------------
# The widget, driven like a learner would
# --------------------------------------------------------------------------------------


def _epoch(widget):
    return widget.locator(".dlc-epoch").inner_text()


def _picture(widget):
    return widget.locator("svg.dlc-playground-output image").get_attribute("href")


def _play_pause_and_reset(page, widget, shots, name):
    """Play moves the counter and the picture; a slider change resets both."""
    assert _epoch(widget) == "000,000"
    first_picture = _picture(widget)
    widget.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        "el => el.querySelector('.dlc-epoch').textContent !== '000,000'",
        arg=widget.element_handle(), timeout=60_000)
    time.sleep(1.5)  # a few more frames
    page.screenshot(path=str(shots / f"{name}-playing.png"))
    playing_epoch = _epoch(widget)
    widget.get_by_role("button", name="Pause", exact=True).click()
    widget.get_by_role("button", name="Play", exact=True).wait_for(timeout=30_000)
    assert playing_epoch != "000,000"
    page.wait_for_function(
        "([el, old]) => el.querySelector('svg.dlc-playground-output image')"
        ".getAttribute('href') !== old", arg=[widget.element_handle(), first_picture],
        timeout=30_000)
    paused = _epoch(widget)
    time.sleep(1.0)
    assert _epoch(widget) == paused, "training went on after Pause"
    # Move the noise slider one step with the keyboard: the network resets.
    handle = widget.locator(".widget-slider .noUi-handle").nth(1)
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function(
        "el => el.querySelector('.dlc-epoch').textContent === '000,000'",
        arg=widget.element_handle(), timeout=30_000)
    page.screenshot(path=str(shots / f"{name}-reset.png"))


def test_chapter_runs_and_its_widget_plays_in_jupyterlab(browser, jupyterlab, screenshots):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    console = _console(page)
    page.goto(jupyterlab.url(f"lab/tree/{CHAPTER.name}?reset"), timeout=120_000)
    page.wait_for_selector(".jp-Notebook", timeout=120_000)
    # The execution indicator reads idle before a kernel exists: wait for the status bar
    # to name the kernel and say Idle, then run all cells.
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'))"
        ".some(e => /Python 3.*Idle/.test(e.textContent))", timeout=120_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    # the first widget (exercise 1) appears a few cells in; wait for the whole run
    page.wait_for_selector(".dlc-playground", timeout=180_000)
    page.wait_for_function(
        "() => { const p = Array.from(document.querySelectorAll('.jp-InputArea-prompt'))"
        ".map(e => e.textContent.trim()).filter(t => t.startsWith('['));"
        " return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }",
        timeout=300_000)
    widgets = page.locator(".dlc-playground")
    assert widgets.count() == 9  # eight exercises and Try it
    widget = widgets.first
    widget.scroll_into_view_if_needed()
    # the live widget, not the static picture shown where no kernel runs
    assert widget.locator("svg.dlc-playground-network").count() == 1
    page.screenshot(path=str(screenshots / "chapter-widget.png"))
    _play_pause_and_reset(page, widget, screenshots, "chapter")
    assert console.errors() == [], console.errors()
    page.close()


def test_playground_page_loads_plays_and_resets(browser, home, screenshots):
    server = _voila(home)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        console = _console(page)
        page.goto(server.url(), timeout=120_000)
        widget = page.locator(".dlc-playground")
        widget.wait_for(timeout=120_000)
        assert page.locator(".jp-InputArea-editor").count() == 0  # no code on the page
        assert "playground_widget" not in page.locator("body").inner_text()
        page.screenshot(path=str(screenshots / "page.png"))
        _play_pause_and_reset(page, widget, screenshots, "page")
        assert console.errors() == [], console.errors()
        page.close()
    finally:
        server.stop()


def test_playground_page_recovers_from_a_load_that_hangs(browser, home, tmp_path):
    import nbformat

    flag = tmp_path / "first-load"
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {
        "display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}})
    notebook.cells = [
        nbformat.v4.new_code_cell(f"import os, time\nif not os.path.exists({str(flag)!r}):\n"
                                  f"    open({str(flag)!r}, 'w').close()\n"
                                  f"    time.sleep(600)  # the first load hangs"),
        nbformat.v4.new_code_cell("from dlcourse import widgets\nwidgets.playground_widget()")]
    path = tmp_path / "hangs_once.ipynb"
    nbformat.write(notebook, path)
    server = _voila(home, notebook=path)
    try:
        page = browser.new_page()
        start = time.monotonic()
        page.goto(server.url("?watchdog=8"), timeout=120_000)
        page.locator(".dlc-playground").wait_for(timeout=120_000)
        assert flag.exists() and time.monotonic() - start > 8  # it did hang, then reloaded
        page.close()
    finally:
        server.stop()
