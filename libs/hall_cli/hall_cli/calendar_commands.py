"""``hall deadline`` (where a limit of N working days ends, offline, ``workday_calendar``) and
``hall calendar load`` (a year's official schedule file to intake's ``PUT /calendar/years/{year}``).
Staff read these: the help is Chinese first, English after."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from hall_cli.intake_client import call, intake_options
from hall_cli.output import USAGE, Refused, output

MAX_DAYS = 3650


def _day(context: click.Context, param: click.Parameter, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD (expected YYYY-MM-DD), 而不是 {text!r}") from None


def _days(context: click.Context, param: click.Parameter, text: str) -> int:
    if not text.isdigit() or int(text) > MAX_DAYS:
        raise click.BadParameter(
            f"工作日数应为 0 至 {MAX_DAYS} 的整数 (0 to {MAX_DAYS} working days), 而不是 {text!r}"
        )
    return int(text)


def _overrides(folder: Path | None) -> Any:
    from workday_calendar.overrides import CalendarFileError, load_overrides

    try:
        return load_overrides(folder).values() if folder else ()
    except CalendarFileError as error:
        raise Refused(
            "calendar_file_invalid", f"放假安排文件有误 (bad schedule file): {error}", USAGE
        ) from None


@click.command("deadline")
@click.argument("start", callback=_day)
@click.argument("days", callback=_days)
@click.option(
    "--overrides",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="放假安排文件夹 (a folder of per-year official schedule files)",
)
def deadline(start: date, days: int, overrides: Path | None) -> None:
    """计算 N 个工作日的期限：START 当天不计 (where a limit of DAYS working days from START ends;
    START itself is not counted)."""
    from workday_calendar.working_calendar import WorkingCalendar

    calendar = WorkingCalendar(overrides=_overrides(overrides))
    try:
        found = calendar.add_working_days(start, days)
    except (ValueError, OverflowError) as error:
        raise Refused(
            "deadline_out_of_range", f"期限超出日历范围 (past the calendar): {error}", USAGE
        ) from None
    answer = {
        "start": start.isoformat(),
        "days": days,
        "deadline": found.date.isoformat(),
        "closes_at": calendar.closes_at(found).isoformat(),
        "provisional": found.provisional,
        "years_estimated": list(found.years_estimated),
    }
    estimated = ", ".join(map(str, found.years_estimated))
    provisional = f"是 yes (按估算 estimated {estimated})" if found.provisional else "否 no"
    output().result(
        answer,
        [
            f"期限 deadline:      {answer['deadline']}",
            f"截止 closes at:     {answer['closes_at']}",
            f"暂定 provisional:   {provisional}",
        ],
    )


@click.group("calendar")
def calendar() -> None:
    """工作日历：载入年度放假安排 (the working calendar's year schedules)."""


def _schedule(path: Path) -> dict[str, Any]:
    from workday_calendar.overrides import CalendarFileError, load_override

    try:
        schedule = load_override(path)
    except CalendarFileError as error:
        raise Refused(
            "calendar_file_invalid", f"放假安排文件有误，未提交 (bad file, nothing sent): {error}", USAGE
        ) from None
    return {
        "year": schedule.year,
        "official": schedule.official,
        "holidays": sorted(day.isoformat() for day in schedule.holidays),
        "working_weekends": sorted(day.isoformat() for day in schedule.working_weekends),
    }


@calendar.command("load")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@intake_options
def load(files: tuple[Path, ...], intake_url: str, token: str) -> None:
    """载入年度放假安排文件 (.json/.yaml，每年一个) 到受理服务，按新日历重算暂定期限
    (load official year schedule files into intake; provisional deadlines are counted again).
    Every file is checked before any is sent. Needs an operator's token."""
    schedules = [(path, _schedule(path)) for path in files]
    out, loaded = output(), []
    with out.bar("载入 loading") as bar:
        for done, (path, body) in enumerate(schedules, start=1):
            answer = call("PUT", f"{intake_url.rstrip('/')}/calendar/years/{body['year']}", token, json=body)
            loaded.append({"file": str(path), **answer.json()})
            bar.advance(done, len(schedules))
    out.result(
        loaded,
        (
            f"{item['year']} 已载入 loaded ({item['file']}): 重算 {item.get('recomputed', 0)} 件 recomputed"
            for item in loaded
        ),
    )
