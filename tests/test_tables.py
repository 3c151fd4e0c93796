import pytest

from dlcourse.tables import Table


def test_table_columns_rows_and_rendering():
    t = Table([{"model": "a", "accuracy": 0.91234}, {"model": "b<", "accuracy": 0.5, "x": 1}])
    assert t.columns == ["model", "accuracy", "x"]
    assert t["accuracy"] == [0.91234, 0.5]
    assert t.row(model="a")["accuracy"] == 0.91234
    assert "0.912" in str(t) and "0.91234" not in str(t)
    assert "<td>b&lt;</td>" in t._repr_html_()
    assert t.sorted("accuracy")[0]["model"] == "b<"
    with pytest.raises(KeyError, match="columns: model, accuracy, x"):
        t.column("loss")
    with pytest.raises(KeyError, match="0 rows"):
        t.row(model="c")
