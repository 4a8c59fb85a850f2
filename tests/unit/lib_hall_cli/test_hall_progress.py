"""The progress bar: drawn on a terminal by default (on standard error), never in --json mode,
forced either way by --progress/--no-progress; advanced to the total it is given."""

import io
import sys

import pytest

from hall_cli.output import Output


class Terminal(io.StringIO):
    def isatty(self):
        return True


def on_screen(monkeypatch, screen):
    """Standard error replaced in the test itself (pytest's capture resets it between phases)."""
    monkeypatch.setattr(sys, "stderr", screen)
    return screen


def walk(output):
    with output.bar("re-driving") as bar:
        for done in range(1, 5):
            bar.advance(done, 4)


def test_on_a_terminal_a_bar_is_drawn_to_the_end(monkeypatch):
    terminal = on_screen(monkeypatch, Terminal())
    walk(Output())
    drawn = terminal.getvalue()
    assert "re-driving" in drawn and "100%" in drawn and "#" in drawn


@pytest.mark.parametrize("output", [Output(json=True), Output(progress=False)])
def test_json_or_no_progress_draws_nothing_even_on_a_terminal(monkeypatch, output):
    terminal = on_screen(monkeypatch, Terminal())
    walk(output)
    assert terminal.getvalue() == ""


def test_off_a_terminal_nothing_is_drawn_unless_forced(monkeypatch):
    screen = on_screen(monkeypatch, io.StringIO())
    walk(Output())
    assert screen.getvalue() == ""
    walk(Output(progress=True))
    assert "re-driving" in screen.getvalue()
