"""How every ``hall`` subcommand speaks: text for people, ``--json`` for scripts, a progress bar
on standard error while something long runs (only on a terminal, never in ``--json`` mode, unless
``--progress`` forces it), and refusals as ``code: message`` with exit status 1 (2 for bad usage).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import click

REFUSED = 1
USAGE = 2


class Refused(click.ClickException):
    """A refusal with a stable code and a bilingual message; exits 1 (``USAGE``: 2)."""

    def __init__(self, code: str, message: str, exit_code: int = REFUSED, details: Any = None):
        super().__init__(message)
        self.code = code
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class
        self.details = details
        self.as_json = _json_mode()  # read now: click shows the refusal after the context ends

    def show(self, file: Any = None) -> None:
        if self.as_json:
            body: dict[str, Any] = {"code": self.code, "message": self.message}
            if self.details is not None:
                body["details"] = self.details
            click.echo(json.dumps({"error": body}, ensure_ascii=False), err=True)
            return
        click.echo(f"错误 error [{self.code}]: {self.message}", err=True)
        if self.details is not None:
            click.echo(json.dumps(self.details, ensure_ascii=False, indent=2), err=True)


def _json_mode() -> bool:
    context = click.get_current_context(silent=True)
    found = context.find_object(Output) if context is not None else None
    return bool(found is not None and found.json)


@dataclass
class Output:
    """The root options of ``hall``: ``--json`` and ``--progress/--no-progress`` (default: a
    bar when standard error is a terminal and the output is not JSON)."""

    json: bool = False
    progress: bool | None = None

    def result(self, data: Any, lines: Iterable[str] = ()) -> None:
        """A result: the JSON document, or the lines for people."""
        if self.json:
            click.echo(json.dumps(data, ensure_ascii=False, default=str))
        else:
            for line in lines:
                click.echo(line)

    def note(self, text: str) -> None:
        """A remark for people on standard error (never mixed into the result)."""
        if not self.json:
            click.echo(text, err=True)

    def bar(self, label: str) -> Bar:
        shown = self.progress if self.progress is not None else (not self.json and sys.stderr.isatty())
        return Bar(label, shown)


class Bar:
    """A progress bar fed with ``advance(done, total)``; drawn lazily once the total is known."""

    def __init__(self, label: str, shown: bool):
        self.label = label
        self.shown = shown
        self._bar: Any = None
        self._done = 0

    def advance(self, done: int, total: int) -> None:
        if not self.shown:
            return
        if self._bar is None:
            self._bar = click.progressbar(length=max(total, 1), label=self.label, file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._done)
        self._done = done

    def __enter__(self) -> Bar:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, error, trace)


def output() -> Output:
    """The ``Output`` of the running command (a default one when run without the root group)."""
    context = click.get_current_context()
    found = context.find_object(Output)
    return found if found is not None else Output()
