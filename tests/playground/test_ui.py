"""The playground page: how it is served (the browser side is tests/test_browser.py)."""

import asyncio
import os

from dlcourse import cli
from dlcourse.playground import ui as playground_ui
from dlcourse.presentation import widgets


def test_page_command_serves_the_page_notebook_with_the_watchdog_template():
    command = playground_ui.page_command(8899)
    assert command[1:4] == ["-m", "voila", str(playground_ui.PAGE)]
    assert "--template=playground" in command and "--port=8899" in command
    assert "--no-browser" in command
    assert "--no-browser" not in playground_ui.page_command(8899, open_browser=True)
    assert playground_ui.PAGE.is_file()
    template = playground_ui.TEMPLATES / "voila" / "templates" / "playground"
    assert (template / "conf.json").read_text().count('"lab"') == 1
    page = (template / "index.html.j2").read_text()
    assert "extends 'lab/index.html.j2'" in page and "location.reload()" in page
    assert ".dlc-playground" in page  # what the watchdog waits for is what the app shows
    assert "dlc-playground" in widgets.playground_widget()._dom_classes


def test_page_environment_puts_the_template_first_on_jupyter_path():
    env = playground_ui.page_environment({"JUPYTER_PATH": "/elsewhere", "HOME": "/h"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(playground_ui.TEMPLATES), "/elsewhere"]
    assert playground_ui.page_environment({})["JUPYTER_PATH"] == str(playground_ui.TEMPLATES)


def test_cli_playground_calls_serve_page(monkeypatch):
    calls = []
    monkeypatch.setattr(playground_ui, "serve_page", lambda **kw: calls.append(kw) or 0)
    assert cli.main(["playground", "--port", "8900", "--no-browser"]) == 0
    assert calls == [{"port": 8900, "open_browser": False}]


def test_playing_pauses_by_itself_after_max_play_seconds():
    app = widgets.playground_widget().app
    app.max_play_seconds = 0.3

    async def session():
        app.play()
        await asyncio.sleep(1.2)

    asyncio.run(session())
    assert not app.playing and app.playground.epoch > 0
    assert "paused after" in app.play_button.tooltip


def test_an_unknown_speed_names_the_choices():
    import pytest

    with pytest.raises(ValueError, match="speed must be one of 'slow', 'normal', 'fast'; got 'warp'"):
        widgets.playground_widget(speed="warp")
