"""``hall calendar load`` and ``hall ledger export`` against intake's HTTP API, faked at
``requests.request``: the right method, URL, token and body; every file checked before any is
sent; intake's refusal shown with its code and Chinese message; an unreachable intake named; the
ledger written whole (no ``.part`` left), with progress only when asked for."""

import json

import pytest
import requests
from click.testing import CliRunner
from hall_fakes import Answer, FakeIntake

from hall_cli import intake_client
from hall_cli.app import cli

YEAR = {"year": 2027, "official": True, "holidays": ["2027-01-01"], "working_weekends": ["2027-02-07"]}
REFUSAL = {
    "error": {"code": "validation_failed", "message": "台账查询条件有误", "details": {"to": ["早于起始日"]}}
}


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def intake(monkeypatch):
    fake = FakeIntake()
    monkeypatch.setattr(intake_client.requests, "request", fake)
    return fake


def test_calendar_load_puts_each_year_with_the_token(intake, tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(YEAR), "utf-8")
    intake.answers.append(Answer(200, {"year": 2027, "official": True, "recomputed": 3}))
    result = run(
        "--json", "calendar", "load", str(path), "--token", "dev-operator", "--intake-url", "http://i:1/"
    )
    assert json.loads(result.stdout) == [{"file": str(path), "year": 2027, "official": True, "recomputed": 3}]
    (call,) = intake.calls
    assert (call["method"], call["url"]) == ("PUT", "http://i:1/calendar/years/2027")
    assert call["headers"]["Authorization"] == "Bearer dev-operator" and call["json"] == YEAR


def test_a_bad_file_is_refused_before_anything_is_sent(intake, tmp_path):
    good, bad = tmp_path / "2027.json", tmp_path / "2028.yaml"
    good.write_text(json.dumps(YEAR), "utf-8")
    bad.write_text("year: 2028\nholidays: [2027-05-01]\n", "utf-8")
    result = run("calendar", "load", str(good), str(bad), "--token", "t")
    assert result.exit_code == 2 and "未提交" in result.stderr and "2028.yaml" in result.stderr
    assert intake.calls == []


def test_the_token_comes_from_the_environment_and_is_required(intake, tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(YEAR), "utf-8")
    assert run("calendar", "load", str(path)).exit_code == 2
    intake.answers.append(Answer(200, {"year": 2027, "official": True, "recomputed": 0}))
    result = CliRunner(env={"HALL_TOKEN": "from-env"}).invoke(cli, ["calendar", "load", str(path)])
    assert result.exit_code == 0 and intake.calls[0]["headers"]["Authorization"] == "Bearer from-env"
    assert "2027 已载入 loaded" in result.stdout


def test_ledger_export_writes_the_csv_whole(intake, tmp_path):
    csv = "\ufeffcase_no,registered_at\r\nHALL-1,2026-11-02\r\n".encode()
    intake.answers.append(Answer(200, content=csv))
    target = tmp_path / "ledger.csv"
    args = [
        "ledger",
        "export",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--department",
        "market_regulation",
    ]
    result = run("--progress", "--json", *args, "--output", str(target), "--token", "dev-head-market")
    assert json.loads(result.stdout) == {
        "file": str(target),
        "bytes": len(csv),
        "from": "2026-11-01",
        "to": "2026-11-30",
    }
    assert target.read_bytes() == csv and not (tmp_path / "ledger.csv.part").exists()
    assert "导出 exporting" in result.stderr
    (call,) = intake.calls
    assert call["url"] == "http://127.0.0.1:8001/ledger" and call["params"] == {
        "from": "2026-11-01",
        "to": "2026-11-30",
        "format": "csv",
        "department": "market_regulation",
    }


def test_intakes_refusal_is_shown_with_its_code_and_no_file_is_written(intake, tmp_path):
    intake.answers.append(Answer(422, REFUSAL))
    target = tmp_path / "ledger.csv"
    result = run(
        "--json",
        "ledger",
        "export",
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
        "--output",
        str(target),
        "--token",
        "t",
    )
    assert result.exit_code == 1 and not target.exists()
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "validation_failed" and error["message"].startswith("台账查询条件有误")
    assert error["details"] == {"to": ["早于起始日"]}


def test_bad_dates_never_reach_intake(intake):
    result = run("ledger", "export", "--from", "2026-11", "--to", "2026-11-30", "--token", "t")
    assert result.exit_code == 2 and "日期应为 YYYY-MM-DD" in result.stderr and intake.calls == []


def test_an_unreachable_intake_is_named(monkeypatch):
    def refuse(*args, **kwargs):
        raise requests.ConnectionError("connection refused")

    monkeypatch.setattr(intake_client.requests, "request", refuse)
    result = run("ledger", "export", "--from", "2026-11-01", "--to", "2026-11-30", "--token", "t")
    assert result.exit_code == 1 and "[unreachable]" in result.stderr and "无法连接服务" in result.stderr


def test_an_export_that_breaks_off_leaves_no_file(intake, tmp_path):
    class BrokenOff(Answer):
        def iter_content(self, size):
            yield b"case_no\r\n"
            raise requests.exceptions.ChunkedEncodingError("connection reset")

    intake.answers.append(BrokenOff(200, content=b"case_no\r\nHALL-1\r\n"))
    target = tmp_path / "ledger.csv"
    args = ["ledger", "export", "--from", "2026-11-01", "--to", "2026-11-30", "--output", str(target)]
    result = run(*args, "--token", "t")
    assert result.exit_code == 1 and "[export_interrupted]" in result.stderr
    assert list(tmp_path.iterdir()) == []
