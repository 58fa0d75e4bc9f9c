"""Reading the site's HTML as a reader sees it: a table's cells, a page's links, a select's options
(with the standard library's parser, so a test checks the markup and not a string match)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Table:
    caption: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    header_scopes: list[str | None] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, Table] = {}
        self.links: list[str] = []
        self.options: dict[str, list[tuple[str, str, bool]]] = {}  # select name: (value, label, selected)
        self.h1: list[str] = []
        self.h2: list[str] = []
        self._table: Table | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._heading: list[str] | None = None
        self._select: str | None = None
        self._option: tuple[str, list[str], bool] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(values.get("class") or "", Table())
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
            if tag == "th" and self._table is not None:
                self._table.header_scopes.append(values.get("scope"))
        elif tag == "a" and values.get("href") is not None:
            self.links.append(values["href"] or "")
        elif tag in ("h1", "h2"):
            self._heading = []
        elif tag == "select":
            self._select = values.get("name") or ""
            self.options[self._select] = []
        elif tag == "option":
            self._option = (values.get("value") or "", [], "selected" in values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if tag == "th" and self._table is not None:
                self._table.headers.append(text)
            elif self._row is not None:
                self._row.append(text)
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if self._row:
                self._table.rows.append(self._row)
            self._row = None
        elif tag in ("h1", "h2") and self._heading is not None:
            (self.h1 if tag == "h1" else self.h2).append(" ".join("".join(self._heading).split()))
            self._heading = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, label, selected = self._option
            self.options[self._select].append((value, "".join(label).strip(), selected))
            self._option = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._option is not None:
            self._option[1].append(data)
        if self._in_caption and self._table is not None:
            self._table.caption += data


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def table(html: str, css_class: str) -> Table:
    """The table of `css_class` on the page (an empty one when there is none)."""
    return read(html).tables.get(css_class, Table())


def first_column(html: str, css_class: str) -> list[str]:
    return [row[0] for row in table(html, css_class).rows]
