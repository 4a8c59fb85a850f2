"""The whole-system benchmark's command line (bench/system/arguments.py, loaded from its file):
``--use-running`` measures make up's stack as it is, so a size it would have to bulk-load, a
database make up does not run on, or a second broker are refused with a sentence saying why
(argparse's usage error, status 2), before anything starts."""

from __future__ import annotations

import pytest
from bench_modules import load

arguments = load("arguments")


def test_without_use_running_the_defaults_are_both_databases_and_three_sizes():
    args = arguments.parse([])
    assert (args.db, args.sizes, args.use_running) == ("both", "0,10000,100000", False)
    assert arguments.parse(["--db", "postgresql", "--sizes", "100000"]).sizes == "100000"


def test_use_running_measures_make_ups_empty_sqlite_stack():
    args = arguments.parse(["--use-running"])
    assert (args.db, args.sizes, args.use_running) == ("sqlite", "0", True)
    assert arguments.parse(["--use-running", "--sizes", "0", "--db", "sqlite"]).sizes == "0"
    assert arguments.parse(["--use-running", "--quick"]).step_seconds == 4.0


@pytest.mark.parametrize(
    ("argv", "why"),
    [
        (["--use-running", "--sizes", "0,100000"], "cannot bulk-load open cases"),
        (["--use-running", "--sizes", "10000"], "only --sizes 0"),
        (["--use-running", "--db", "postgresql"], "runs on SQLite"),
        (["--use-running", "--db", "both"], "runs on SQLite"),
        (["--use-running", "--amqp-uri", "amqp://x@127.0.0.1/"], "--amqp-uri cannot be given"),
        (["--sizes", "ten"], "numbers separated by commas"),
        (["--sizes", "0,-5"], "none negative"),
    ],
)
def test_combinations_that_cannot_be_measured_are_refused_with_the_reason(argv, why, capsys):
    with pytest.raises(SystemExit) as exit_:
        arguments.parse(argv)
    assert exit_.value.code == 2
    assert why in capsys.readouterr().err
