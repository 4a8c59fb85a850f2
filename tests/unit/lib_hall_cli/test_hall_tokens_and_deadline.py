"""``hall tokens`` (mint prints the token once and stores only its hash; a bad entry writes
nothing) and ``hall deadline`` (the working-day calculator offline: 国庆 skipped, 调休 counted;
bad input refused in Chinese)."""

import json

from click.testing import CliRunner

from hall_cli.app import cli
from web_api.access import token_hash


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_mint_prints_the_token_once_and_stores_only_its_hash(tmp_path):
    path = tmp_path / "tokens.json"
    mint = ["tokens", "mint", "--file", str(path), "--role", "window_staff", "--subject", "S01"]
    result = run("--json", *mint, "--name", "李四", "--department", "market_regulation", "--window", "W03")
    minted = json.loads(result.stdout)
    stored = json.loads(path.read_text("utf-8"))["tokens"]
    assert stored == [
        {
            "sha256": token_hash(minted["token"]),
            "subject": "S01",
            "name": "李四",
            "role": "window_staff",
            "department": "market_regulation",
            "window": "W03",
        }
    ]
    assert minted["token"] not in path.read_text("utf-8")
    listed = json.loads(run("--json", "tokens", "list", "--file", str(path)).stdout)
    assert listed == [
        {
            "subject": "S01",
            "name": "李四",
            "role": "window_staff",
            "department": "market_regulation",
            "window": "W03",
        }
    ]
    assert (
        run("tokens", "list", "--file", str(path)).stdout
        == "S01\t李四\twindow_staff\tmarket_regulation\tW03\n"
    )


def test_a_bad_entry_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "tokens.json"
    result = run(
        "tokens", "mint", "--file", str(path), "--role", "window_staff", "--subject", "S01", "--name", "李四"
    )
    assert result.exit_code == 2 and "[token_file_invalid]" in result.stderr and "未写入" in result.stderr
    assert not path.exists()
    unreadable = run("--json", "tokens", "list", "--file", str(path))
    assert (
        unreadable.exit_code == 2 and json.loads(unreadable.stderr)["error"]["code"] == "token_file_invalid"
    )


def test_deadline_skips_the_national_day_holidays_and_counts_the_working_saturday():
    answer = json.loads(run("--json", "deadline", "2026-09-30", "3").stdout)
    assert answer == {
        "start": "2026-09-30",
        "days": 3,
        "deadline": "2026-10-10",
        "closes_at": "2026-10-10T17:00:00+08:00",
        "provisional": False,
        "years_estimated": [],
    }
    text = run("deadline", "2026-09-30", "3").stdout
    assert "期限 deadline:      2026-10-10" in text and "否 no" in text


def test_deadline_help_is_chinese_first():
    assert "计算 N 个工作日的期限" in run("deadline", "--help").stdout


def test_bad_dates_and_days_are_refused_in_chinese():
    assert "日期应为 YYYY-MM-DD" in run("deadline", "2026-13-01", "3").stderr
    refused = run("deadline", "2026-09-30", "x")
    assert refused.exit_code == 2 and "工作日数应为 0 至 3650 的整数" in refused.stderr


def test_a_bad_schedule_folder_is_refused_with_the_file_named(tmp_path):
    (tmp_path / "2027.json").write_text('{"year": 2027, "holidays": ["2026-01-01"]}', "utf-8")
    result = run("deadline", "2027-01-04", "3", "--overrides", str(tmp_path))
    assert (
        result.exit_code == 2 and "[calendar_file_invalid]" in result.stderr and "2027.json" in result.stderr
    )
