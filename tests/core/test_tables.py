import pytest

from dlcourse.core.tables import Table, format_cell


def test_table_looks_up_sorts_and_renders():
    table = Table(
        [
            {"name": "a", "loss": 0.5, "note": "<b>"},
            {"name": "b", "loss": float("nan")},
            {"name": "c", "loss": 0.25},
            {"name": "d", "loss": None},
        ]
    )
    assert table.columns == ("name", "loss", "note")
    assert len(table) == 4
    assert table.row("c") == {"name": "c", "loss": 0.25}
    assert table.column("note") == ["<b>", None, None, None]
    assert table.sort("loss").column("name")[:2] == ["c", "a"]
    assert table.sort("loss", descending=True).column("name")[:2] == ["a", "c"]
    assert set(table.sort("loss").column("name")[2:]) == {"b", "d"}  # missing go last
    assert "&lt;b&gt;" in table._repr_html_() and "<b>" not in table._repr_html_()
    lines = str(table).splitlines()
    assert len(lines) == 6 and lines[2].split() == ["a", "0.5000", "<b>"]
    with pytest.raises(ValueError, match=r"no row named 'z'.*\['a', 'b', 'c', 'd'\]"):
        table.row("z")
    with pytest.raises(ValueError, match=r"no column 'accuracy'.*'loss'"):
        table.sort("accuracy")


def test_table_rows_are_copies():
    table = Table([{"name": "a", "loss": 1.0}])
    table.rows[0]["loss"] = 2.0
    next(iter(table))["loss"] = 3.0
    assert table.row("a")["loss"] == 1.0




def test_column_access_and_formatting():
    t = Table([{"name": "a", "test_accuracy": 0.91234, "seconds": 1.23456, "units": (5,)}])
    assert t["test_accuracy"] == [0.91234] and t[0]["name"] == "a"
    assert format_cell(0.91234, "test_accuracy") == "0.9123"
    assert format_cell(1.23456, "seconds") == "1.23"
    assert format_cell((5,)) == "(5,)" and format_cell(None) == ""
