"""A small results table: rows of dicts that render as HTML in Jupyter and as text.

The course prints many small tables (the data catalog, experiment results). pandas
would do, but is not needed for this; a :class:`Table` keeps the rows as plain dicts.
"""

import html


def _format(value, digits):
    if isinstance(value, float):
        return f"{value:.{digits}f}" if abs(value) < 1e6 else f"{value:.3g}"
    return "" if value is None else str(value)


class Table:
    """Rows (dicts) with a column order; ``table["name"]`` gives a column as a list.

    Example
    -------
    >>> t = Table([{"model": "a", "accuracy": 0.9}, {"model": "b", "accuracy": 0.8}])
    >>> t.column("accuracy")
    [0.9, 0.8]
    """

    def __init__(self, rows, columns=None, digits=3):
        self.rows = [dict(row) for row in rows]
        if columns is None:
            columns = []
            for row in self.rows:
                columns.extend(key for key in row if key not in columns)
        self.columns = list(columns)
        self.digits = digits

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.column(key)
        return self.rows[key]

    def column(self, name):
        """The values of one column, in row order."""
        if name not in self.columns:
            raise KeyError(f"no column {name!r}; columns: {', '.join(self.columns)}")
        return [row.get(name) for row in self.rows]

    def row(self, **match):
        """The one row whose fields equal ``match``, e.g. ``table.row(name="mnist")``."""
        found = [r for r in self.rows if all(r.get(k) == v for k, v in match.items())]
        if len(found) != 1:
            raise KeyError(f"{len(found)} rows match {match}; expected exactly one")
        return found[0]

    def sorted(self, by, reverse=False):
        """A new table sorted by one column."""
        return Table(sorted(self.rows, key=lambda r: r.get(by), reverse=reverse),
                     self.columns, self.digits)

    def _cells(self):
        return [[_format(row.get(c), self.digits) for c in self.columns] for row in self.rows]

    def __str__(self):
        cells = self._cells()
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in cells]
        return "\n".join(line.rstrip() for line in lines)

    __repr__ = __str__

    def _repr_html_(self):
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>"
            for row in self._cells()
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
