"""A small results table: rows of dicts that render as HTML in Jupyter and as text.

The course prints many small tables (the data catalog, experiment results). pandas
would do, but is not needed for this; a :class:`Table` keeps the rows as plain dicts.
"""

import html
import math
import numbers


def format_cell(value, column=""):
    """Text of one cell: losses and accuracies to 4 decimals, seconds to 2, others short."""
    if value is None:
        return ""
    if isinstance(value, float):
        if column.endswith(("loss", "accuracy")) and math.isfinite(value):
            return f"{value:.4f}"
        if column == "seconds":
            return f"{value:.2f}"
        return f"{value:.4g}"
    if isinstance(value, tuple):
        inner = ", ".join(format_cell(item) for item in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return ", ".join(f"{key}={format_cell(item)}" for key, item in value.items())
    return str(value)


def _missing(value):
    return value is None or (isinstance(value, float) and math.isnan(value))


class Table:
    """Rows (dicts) with a fixed column order; renders in Jupyter and with ``print``.

    Parameters
    ----------
    rows : list of dict
        One dict per row; a ``"name"`` key lets :meth:`row` find it.
    columns : sequence of str, optional
        Column order; by default the keys in order of first appearance.

    Example
    -------
    >>> t = Table([{"name": "a", "accuracy": 0.9}, {"name": "b", "accuracy": 0.8}])
    >>> t["accuracy"], t.row("b")["accuracy"]
    ([0.9, 0.8], 0.8)
    """

    def __init__(self, rows, columns=None):
        self._rows = [dict(row) for row in rows]
        if columns is None:
            columns = []
            for row in self._rows:
                columns.extend(key for key in row if key not in columns)
        self._columns = tuple(columns)

    @property
    def columns(self):
        """The column names, in display order."""
        return self._columns

    @property
    def rows(self):
        """The rows as a list of dicts (copies)."""
        return [dict(row) for row in self._rows]

    def __len__(self):
        return len(self._rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, key):
        """``table["col"]`` is a column; ``table[i]`` is row i."""
        return self.column(key) if isinstance(key, str) else dict(self._rows[key])

    def row(self, name):
        """The row (a dict) whose ``name`` is ``name``."""
        for row in self._rows:
            if row.get("name") == name:
                return dict(row)
        names = [row.get("name") for row in self._rows]
        raise ValueError(f"no row named {name!r}; the names are {names}")

    def column(self, column):
        """The values of one column, in row order (``None`` where a row has none)."""
        self._check_column(column)
        return [row.get(column) for row in self._rows]

    def sort(self, by, *, descending=False):
        """A new table sorted by column ``by``; missing and NaN values go last."""
        self._check_column(by)
        present = [row for row in self._rows if not _missing(row.get(by))]
        absent = [row for row in self._rows if _missing(row.get(by))]
        present.sort(key=lambda row: row[by], reverse=descending)
        return Table(present + absent, self._columns)

    def _check_column(self, column):
        if column not in self._columns:
            raise ValueError(f"no column {column!r}; the columns are {list(self._columns)}")

    def _cells(self):
        return [[format_cell(row.get(c), c) for c in self._columns] for row in self._rows]

    def __str__(self):
        cells = self._cells()
        widths = [max([len(c)] + [len(line[i]) for line in cells])
                  for i, c in enumerate(self._columns)]
        numeric = [all(isinstance(row.get(c), numbers.Number) or row.get(c) is None
                       for row in self._rows) for c in self._columns]

        def line(values):
            return "  ".join(
                value.rjust(width) if is_number else value.ljust(width)
                for value, width, is_number in zip(values, widths, numeric)
            ).rstrip()

        lines = [line(self._columns), line(["-" * width for width in widths])]
        lines.extend(line(values) for values in cells)
        return "\n".join(lines)

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        head = "".join(f"<th>{html.escape(column)}</th>" for column in self._columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(value)}</td>" for value in values) + "</tr>"
            for values in self._cells()
        )
        return ('<table class="dlcourse-table">'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
