"""``python -m workday_calendar 2026-09-30 5 [--overrides DIR]``: where a limit of N working days ends."""

import argparse
import sys
from datetime import date

from workday_calendar.overrides import CalendarFileError, load_overrides
from workday_calendar.working_calendar import WorkingCalendar


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m workday_calendar", description=__doc__)
    parser.add_argument("start", type=date.fromisoformat, help="the start day (not counted), YYYY-MM-DD")
    parser.add_argument("days", type=int, help="the limit in working days")
    parser.add_argument("--overrides", metavar="DIR", help="folder of per-year official schedule files")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        overrides = load_overrides(args.overrides).values() if args.overrides else ()
    except CalendarFileError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    calendar = WorkingCalendar(overrides=overrides)
    try:
        deadline = calendar.add_working_days(args.start, args.days)
    except (ValueError, OverflowError) as error:  # days < 0; a limit past the year 9999
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"deadline:    {deadline.date.isoformat()}")
    print(f"closes at:   {calendar.closes_at(deadline).isoformat()}")
    estimated = ", ".join(map(str, deadline.years_estimated))
    print(f"provisional: {'yes (estimated ' + estimated + ')' if deadline.provisional else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
