"""``hall ledger export``: the ledger (台账) of a period as CSV from intake's ``GET /ledger``, with
a token of a window head (own department), supervision or an operator; the file is written only
when the whole answer has arrived (a ``.part`` file meanwhile). Staff read this: Chinese help."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click
import requests

from hall_cli.intake_client import call, intake_options
from hall_cli.output import Refused, output

CHUNK = 64 * 1024


def _day(context: click.Context, param: click.Parameter, text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise click.BadParameter(f"日期应为 YYYY-MM-DD (expected YYYY-MM-DD), 而不是 {text!r}") from None


@click.group("ledger")
def ledger() -> None:
    """台账导出 (the ledger of the cases registered in a period)."""


@ledger.command("export")
@click.option("--from", "first", required=True, callback=_day, help="起始日 YYYY-MM-DD (first day)")
@click.option(
    "--to", "last", required=True, callback=_day, help="截止日 YYYY-MM-DD，含当日 (last day, included)"
)
@click.option("--department", help="部门代码；窗口负责人默认本部门 (department code)")
@click.option(
    "--output",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    help="写入的文件，默认 ledger-<from>-<to>.csv (the file written)",
)
@intake_options
def export(
    first: str, last: str, department: str | None, target: Path | None, intake_url: str, token: str
) -> None:
    """导出台账 CSV（UTF-8 带 BOM，Excel 可直接打开）(export the ledger as CSV, UTF-8 with a BOM)."""
    params = {
        "from": first,
        "to": last,
        "format": "csv",
        **({"department": department} if department else {}),
    }
    answer = call("GET", f"{intake_url.rstrip('/')}/ledger", token, params=params, stream=True)
    path = target or Path(f"ledger-{first}-{last}.csv")
    draft = path.with_name(path.name + ".part")
    total = int(answer.headers.get("Content-Length") or 0)
    out, written = output(), 0
    try:
        with out.bar("导出 exporting") as bar, open(draft, "wb") as stream:
            for chunk in answer.iter_content(CHUNK):
                stream.write(chunk)
                written += len(chunk)
                bar.advance(written, max(total, written))
    except (requests.RequestException, OSError) as error:
        draft.unlink(missing_ok=True)
        raise Refused("export_interrupted", f"导出中断，未写入文件 (the export broke off): {error}") from None
    os.replace(draft, path)
    out.result(
        {"file": str(path), "bytes": written, "from": first, "to": last},
        [f"台账已导出 ledger written: {path} ({written} 字节 bytes)"],
    )
