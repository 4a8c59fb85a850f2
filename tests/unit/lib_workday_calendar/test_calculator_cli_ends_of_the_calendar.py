"""The operators' calculator (``python -m workday_calendar``) at the ends of the calendar: a clear
error and exit code 2, not a traceback (issue 12 point 10)."""

from workday_calendar.__main__ import main


def test_a_limit_past_the_year_9999_or_a_negative_limit_is_an_error_not_a_traceback(capsys):
    assert main(["9999-12-31", "3"]) == 2
    assert main(["2026-09-30", "-1"]) == 2
    assert capsys.readouterr().err.count("error:") == 2
