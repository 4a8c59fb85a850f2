"""CSV cells a spreadsheet will not run as a formula (CSV injection, OWASP's advice).

Excel, WPS and LibreOffice treat a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (``=HYPERLINK("http://…","点此")``), and a leading tab or carriage return can hide such a
start. The hall's CSV exports carry text that citizens and staff typed (item names, reasons,
details), so every text cell that starts with one of these gets a leading ``'``: the spreadsheet
shows the text as typed, with nothing run. Numbers, dates and booleans are written by the
program and pass unchanged (a negative number stays a number).
"""

from __future__ import annotations

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


__all__ = ["FORMULA_STARTS", "safe_cell", "safe_row"]
