"""The pure half of the bulk load: a template case's rows, as the database stores them, turned
into the rows of its ``count`` copies.

A row is a tuple of stored values: what SQLite returns for the columns, or the fields of a
PostgreSQL ``COPY ... TO STDOUT`` line (text format, ``\\N`` for NULL). Only text is rewritten,
so the same rules serve both databases and every column type (JSON documents, dates, flags are
text or numbers there): the template's case number is replaced by the copy's own wherever it
appears, and every UUID by one derived from it and the copy's index (uuid5, so an id that two
tables share stays shared within a copy). Each template value is split once into its literal
parts, its case numbers and its UUIDs (``compile_value``); a copy only joins them again, which
is what makes 10^5 copies a matter of seconds rather than of a regular expression per value.
A case number (upper-case letters, digits) and a UUID (lower-case hex) never overlap.

Imports nothing of the benchmark: tests/unit/bench_system loads it from its file.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # intake's case number symbols
CASE = object()  # where the copy's case number goes in a compiled value

Part = str | object | tuple[str]  # a literal, CASE, or (template UUID,)
Compiled = tuple[Part, ...] | Any  # parts of a text value, or a value copied as it is


def clone_number(template: str, index: int) -> str:
    """The template's ``HALL-<date>-`` and 8 symbols spelling ``index`` in intake's alphabet."""
    symbols = []
    for _ in range(8):
        index, digit = divmod(index, len(ALPHABET))
        symbols.append(ALPHABET[digit])
    return template[:-8] + "".join(reversed(symbols))


def derived_uuid(template_uuid: str, index: int) -> str:
    """The copy's UUID for a template's: the same as the executemany loader derived."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{template_uuid}#{index}"))


def compile_value(value: Any, case_no: str) -> Compiled:
    """A text value split into literals, ``CASE`` and ``(uuid,)`` parts; anything else, or a
    text with neither a case number nor a UUID, is returned as it is (copied unchanged)."""
    if not isinstance(value, str) or (case_no not in value and not UUID.search(value)):
        return value
    parts: list[Part] = []
    for n, piece in enumerate(value.split(case_no)):
        if n:
            parts.append(CASE)
        at = 0
        for found in UUID.finditer(piece):
            parts += [piece[at : found.start()], (found.group(0),)]
            at = found.end()
        parts.append(piece[at:])
    return tuple(part for part in parts if part != "")


def render(compiled: Compiled, case_no: str, uuids: Callable[[str], str]) -> Any:
    if not isinstance(compiled, tuple):
        return compiled
    return "".join(
        case_no if part is CASE else uuids(part[0]) if isinstance(part, tuple) else part  # type: ignore[misc]
        for part in compiled
    )


def mentions(row: Sequence[Any], case_no: str) -> bool:
    """True when a stored value of the row names the case (its id, a JSON document, a key)."""
    return any(isinstance(value, str) and case_no in value for value in row)


def copies(
    rows_by_kind: dict[str, list[tuple]], templates: dict[str, str], kind_of: Callable[[int], str], count: int
) -> Iterator[tuple]:
    """Every row of copies ``0 .. count-1``, copy by copy; ``kind_of(index)`` says which
    template copy ``index`` is made from (``rows_by_kind[kind]``, ``templates[kind]`` its case)."""
    compiled = {
        kind: [tuple(compile_value(value, templates[kind]) for value in row) for row in rows]
        for kind, rows in rows_by_kind.items()
    }
    for index in range(count):
        kind = kind_of(index)
        if not compiled.get(kind):
            continue
        case_no, cache = clone_number(templates[kind], index), {}

        def uuids(old: str, index: int = index, cache: dict = cache) -> str:
            if old not in cache:
                cache[old] = derived_uuid(old, index)
            return cache[old]

        for row in compiled[kind]:
            yield tuple(render(value, case_no, uuids) for value in row)
