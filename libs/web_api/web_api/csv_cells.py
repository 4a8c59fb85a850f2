"""CSV cells a spreadsheet will not run as a formula (CSV injection, OWASP's advice).

Excel, WPS and LibreOffice treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK("http://…","点此")``), and a leading tab or carriage return can hide such a
start. The hall's CSV exports carry text that citizens and staff typed (item names, reasons,
details), so every text cell that starts with one of these gets a leading ``'``: the spreadsheet
shows the text as typed, with nothing run. Numbers, dates and booleans are written by the
program and pass unchanged (a negative number stays a number).

Headings: every CSV export starts with two header rows, the Chinese a clerk reads
(``事项编号``) and under it the English code a program reads (``item_no``, the JSON field's
name): ``write_headings``. A program skips the first line and reads the rest as an ordinary
CSV with a header (``read_with_headings``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, overload

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def safe_cell(value: T) -> T | str:
    """``"=1+1"`` -> ``"'=1+1"``; any other value is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return QUOTE + value
    return value


@overload
def safe_row(values: Mapping[str, Any]) -> dict[str, Any]: ...
@overload
def safe_row(values: Iterable[Any]) -> list[Any]: ...
def safe_row(values: Mapping[str, Any] | Iterable[Any]) -> dict[str, Any] | list[Any]:
    """``safe_cell`` of each value of a list (``csv.writer``) or a dict (``csv.DictWriter``)."""
    if isinstance(values, dict):
        return {key: safe_cell(value) for key, value in values.items()}
    return [safe_cell(value) for value in values]


def write_headings(writer: Any, headings: Mapping[str, str]) -> None:
    """``{"item_no": "事项编号", ...}`` as two header rows of a ``csv.writer``: the Chinese
    headings, then the codes."""
    writer.writerow(list(headings.values()))
    writer.writerow(list(headings))


def read_with_headings(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV export (with or without its BOM) -> its Chinese headings and its rows by code."""
    lines = io.StringIO(text.removeprefix("\ufeff"), newline="")
    chinese = next(csv.reader(lines))
    return chinese, list(csv.DictReader(lines))


__all__ = ["FORMULA_STARTS", "read_with_headings", "safe_cell", "safe_row", "write_headings"]
