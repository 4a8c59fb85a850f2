"""``hall ledger export`` and ``hall calendar load`` against a running intake (its real HTTP API):
the CSV written as intake sends it, intake's refusals shown with their stable codes, a year's
schedule loaded with an operator's token and refused with a clerk's."""

import json

from click.testing import CliRunner
from intake_ledger_calls import accept, at

from hall_cli.app import cli

SCHEDULE_2027 = {
    "year": 2027,
    "official": True,
    "holidays": ["2027-01-01"],
    "working_weekends": ["2027-01-02"],
}


def hall(web_config_port, *args, token="dev-supervision"):
    url = f"http://127.0.0.1:{web_config_port}"
    return CliRunner().invoke(cli, ["--json", *args, "--intake-url", url, "--token", token])


def test_the_ledger_exported_by_hall_is_intakes_csv(intake, web_session, web_config_port, tmp_path):
    at(intake, 11, 23)
    case = accept(web_session)
    target = tmp_path / "ledger.csv"
    result = hall(
        web_config_port,
        "ledger",
        "export",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result.stderr
    expected = web_session.get(
        "/ledger?from=2026-11-01&to=2026-11-30&format=csv",
        headers={"Authorization": "Bearer dev-supervision"},
    ).content
    assert target.read_bytes() == expected and expected.startswith(b"\xef\xbb\xbf")
    assert case["case_no"] in target.read_text("utf-8-sig")
    assert json.loads(result.stdout)["bytes"] == len(expected)


def test_intakes_refusals_reach_the_command_line_with_their_codes(
    intake, web_session, web_config_port, tmp_path
):
    backwards = [
        "ledger",
        "export",
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
        "--output",
        str(tmp_path / "x.csv"),
    ]
    result = hall(web_config_port, *backwards)
    assert result.exit_code == 1 and json.loads(result.stderr)["error"]["code"] == "validation_failed"
    stranger = hall(web_config_port, *backwards, token="no-such-token")
    assert stranger.exit_code == 1 and json.loads(stranger.stderr)["error"]["code"] == "unauthenticated"
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "x.csv.part").exists()


def test_a_year_is_loaded_by_an_operator_and_refused_to_a_clerk(
    intake, web_session, web_config_port, tmp_path
):
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(SCHEDULE_2027), "utf-8")
    refused = hall(web_config_port, "calendar", "load", str(path), token="dev-window-market")
    assert refused.exit_code == 1 and json.loads(refused.stderr)["error"]["code"] == "forbidden"
    loaded = hall(web_config_port, "calendar", "load", str(path), token="dev-operator")
    assert loaded.exit_code == 0, loaded.stderr
    (answer,) = json.loads(loaded.stdout)
    assert (answer["year"], answer["official"], answer["file"]) == (2027, True, str(path))
    deadline = web_session.get("/calendar/deadline?start=2026-12-31&days=1").json()
    assert (deadline["deadline"], deadline["provisional"]) == ("2027-01-02", False)  # the worked Saturday
