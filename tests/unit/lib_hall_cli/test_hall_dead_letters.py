"""``hall dead-letters`` on a fake queue: listing as text and JSON, show, re-drive one or all,
the refusals (absent, changed, neither id nor --all) with their stable codes, progress shown only
when asked for, and the queue closed every time."""

import json

import pytest
from click.testing import CliRunner
from hall_fakes import FakeQueue, Letter

from hall_cli import letters
from hall_cli.app import cli


@pytest.fixture
def queue(monkeypatch):
    found = FakeQueue([Letter("m1"), Letter("m2", event_type="intake.case_accepted")])
    opened = []

    def open_queue(amqp_uri, service, unrouted):
        opened.append((amqp_uri, service, unrouted))
        return found

    monkeypatch.setattr(letters, "open_queue", open_queue)
    found.opened = opened
    return found


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_listing_is_one_json_document_with_each_letter_and_leaves_them_in_place(queue):
    result = run("--json", "dead-letters", "--amqp-uri", "amqp://admin:x@h/", "--service", "notify", "list")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [item["id"] for item in listed] == ["m1", "m2"]
    assert set(listed[0]) == {"id", "event_type", "queue", "reason", "dead_lettered_at"}
    assert queue.opened == [("amqp://admin:x@h/", "notify", False)] and queue.closed
    assert queue.redriven == [] and len(queue.letters) == 2


def test_a_listing_for_people_is_a_line_per_letter_and_the_count_on_stderr(queue):
    result = run("dead-letters", "--service", "intake", "--queue", "unrouted", "list")
    assert result.stdout.splitlines()[1].startswith("m2\tintake.case_accepted\t")
    assert "2 dead letter(s) in notify.dead_letters" in result.stderr
    assert queue.opened[0][2] is True  # the unrouted queue


def test_show_gives_headers_and_body(queue):
    result = run("dead-letters", "--service", "notify", "show", "m2")
    shown = json.loads(result.stdout)
    assert shown["id"] == "m2" and shown["body"] == '{"id": "e1"}' and shown["headers"] == {}


def test_redrive_one_redrives_exactly_that_one(queue):
    result = run("--json", "dead-letters", "--service", "notify", "redrive", "m2")
    assert result.exit_code == 0 and json.loads(result.stdout) == {"redriven": 1}
    assert queue.redriven == ["m2"] and [letter.message_id for letter in queue.letters] == ["m1"]


def test_redrive_all(queue):
    result = run("dead-letters", "--service", "notify", "redrive", "--all")
    assert result.stdout.strip() == "re-drove 2 message(s)" and queue.redriven == ["m1", "m2"]


@pytest.mark.parametrize(
    ("args", "code", "exit_code"),
    [
        (["redrive", "nope"], "dead_letter_not_found", 1),
        (["redrive", "m1", "--version", "2026-01-01T00:00:00+00:00"], "dead_letter_changed", 1),
        (["redrive"], "usage", 2),
        (["redrive", "m1", "--all"], "usage", 2),
        (["show", "nope"], "dead_letter_not_found", 1),
    ],
)
def test_refusals_carry_a_stable_code_and_a_chinese_message(queue, args, code, exit_code):
    result = run("--json", "dead-letters", "--service", "notify", *args)
    assert result.exit_code == exit_code
    error = json.loads(result.stderr)["error"]
    assert error["code"] == code and any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])
    assert queue.redriven == [] and result.stdout == ""


def test_the_text_refusal_names_its_code(queue):
    result = run("dead-letters", "--service", "notify", "redrive", "nope")
    assert (
        result.exit_code == 1 and "[dead_letter_not_found]" in result.stderr and "没有该死信" in result.stderr
    )


def test_progress_is_drawn_only_when_asked_for_off_a_terminal(queue):
    quiet = run("dead-letters", "--service", "notify", "redrive", "--all")
    assert "re-driving" not in quiet.stderr  # CliRunner is no terminal: no bar
    queue.letters = [Letter("m3")]
    shown = run("--progress", "dead-letters", "--service", "notify", "redrive", "--all")
    assert "re-driving" in shown.stderr and shown.stdout.strip() == "re-drove 1 message(s)"


def test_a_broker_that_does_not_answer_is_named_not_a_traceback(monkeypatch):
    def refuse(*args):
        raise ConnectionError("no broker of 1 answered")

    monkeypatch.setattr(letters, "open_queue", refuse)
    result = run("dead-letters", "--service", "notify", "list")
    assert (
        result.exit_code == 1
        and "[broker_unreachable]" in result.stderr
        and "无法连接消息代理" in result.stderr
    )
