import nbformat
import pytest

from dlcourse.course import chapters, runtimes


def _notebook(timings, fast=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 01 Title\n\n**Run time:** old\n\nEnd.")]
    for start, end in timings:
        cell = nbformat.v4.new_code_cell("x = 1")
        if start is not None:
            cell.metadata["execution"] = {"iopub.execute_input": start,
                                          "shell.execute_reply": end}
        nb.cells.append(cell)
    if fast is not None:
        nb.metadata["dlcourse"] = {"fast_run_seconds": fast}
    return nb


def test_full_run_spans_the_first_start_to_the_last_end():
    nb = _notebook([("2026-01-01T10:00:00.000Z", "2026-01-01T10:00:05.000Z"),
                    ("2026-01-01T10:00:05.100Z", "2026-01-01T10:01:38.500Z")])
    assert runtimes.full_run_seconds(nb) == pytest.approx(98.5)
    assert runtimes.full_run_seconds(_notebook([("2026-01-01T10:00:00Z", "2026-01-01T10:00:01Z"),
                                                (None, None)])) is None


@pytest.mark.parametrize("seconds, text", [(47.4, "47 s"), (93, "1 min 33 s"), (120, "2 min"),
                                           (725, "12 min")])
def test_durations_read_like_a_person_writes_them(seconds, text):
    assert runtimes.format_duration(seconds) == text


def test_the_header_line_comes_from_the_recorded_runs():
    nb = _notebook([("2026-01-01T10:00:00Z", "2026-01-01T10:01:33Z")], fast=24.2)
    line = runtimes.run_time_line(nb)
    assert line.startswith("**Run time:** 1 min 33 s in full mode, 24 s in fast mode")
    new = runtimes.with_run_time(nb.cells[0].source, line)
    assert new == f"# 01 Title\n\n{line}\n\nEnd."
    with pytest.raises(ValueError, match=r"no paragraph starting with '\*\*Run time:\*\*'"):
        runtimes.with_run_time("# 01 Title\n\nNo run time here.", line)
    assert "not measured" in runtimes.run_time_line(_notebook(
        [("2026-01-01T10:00:00Z", "2026-01-01T10:00:01Z")]))


@pytest.mark.parametrize("item", chapters.ready_chapters(), ids=lambda c: c.number)
def test_every_chapter_was_timed_within_its_budget(item):
    # The recorded runs that the header quotes: full mode from `make execute`, fast mode
    # from `python -m dlcourse time-fast` (measured on a 2-core CPU).
    nb = nbformat.read(item.path, as_version=4)
    full, fast = runtimes.full_run_seconds(nb), runtimes.fast_run_seconds(nb)
    assert full is not None, f"{item.file}: no full-mode run recorded (make execute)"
    assert fast is not None, f"{item.file}: no fast-mode time (python -m dlcourse time-fast)"
    assert full <= runtimes.FULL_BUDGET_SECONDS, f"{item.file}: {full:.0f} s in full mode"
    assert fast <= runtimes.FAST_BUDGET_SECONDS, f"{item.file}: {fast:.0f} s in fast mode"
