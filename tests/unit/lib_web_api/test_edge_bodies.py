"""The body rules of the HTTP edge (web_api.bodies) and the access log's redaction (web_api.server),
without a server: issue 12, points 9, 11 and 13."""

import io
import json

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from web_api import ApiError, json_object
from web_api.bodies import (
    MAX_BODY_BYTES,
    MAX_JSON_DEPTH,
    PayloadTooLarge,
    form_problems,
    max_body_bytes,
    parse_json,
    read_bounded,
)
from web_api.server import AccessLog, without_query


def refused(raw: bytes) -> ApiError:
    with pytest.raises(ApiError) as caught:
        parse_json(raw)
    return caught.value


def nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


def test_a_body_nested_10000_levels_is_400_invalid_json_not_a_recursion_error():
    problem = refused(nested(10_000))
    assert (problem.status, problem.code) == (400, "invalid_json")


def test_nesting_is_refused_past_the_documented_depth_and_read_up_to_it():
    assert parse_json(nested(MAX_JSON_DEPTH)) == json.loads(nested(MAX_JSON_DEPTH))
    problem = refused(nested(MAX_JSON_DEPTH + 1))
    assert (problem.status, problem.code) == (400, "invalid_json") and "32" in problem.message


@pytest.mark.parametrize(
    "character",
    ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x80", "\x9f", "\u202a", "\u202e", "\u2066", "\u2069"],
)
def test_a_control_character_anywhere_is_422_naming_its_path(character):
    body = {
        "name": f"a{character}",
        "items": [{"note": "ok"}, {"note": f"{character}x"}],
        f"key{character}": 1,
    }
    problem = refused(json.dumps(body).encode())
    assert (problem.status, problem.code) == (422, "validation_failed")
    assert set(problem.details) == {"name", "items.1.note", f"key{character}"}


def test_tab_line_feed_carriage_return_and_ordinary_text_pass():
    body = {"reason": "第一行\r\n第二行\t完", "emoji": "🙂", "rtl": "مرحبا"}
    assert parse_json(json.dumps(body, ensure_ascii=False).encode()) == body


@pytest.mark.parametrize(
    "raw",
    [b'{"a": "\xff"}', b'{"a": NaN}', b'{"a": Infinity}', b"{not json", b'{"a": 1' + b"1" * 5000 + b"}"],
)
def test_invalid_utf8_non_json_constants_and_absurd_numbers_are_400_invalid_json(raw):
    problem = refused(raw)
    assert (problem.status, problem.code) == (400, "invalid_json")


def test_json_object_checks_a_request_the_edge_has_not_seen():
    request = Request(EnvironBuilder(method="POST", data=nested(10_000)).get_environ())
    with pytest.raises(ApiError) as caught:
        json_object(request)
    assert caught.value.code == "invalid_json"


def test_form_fields_with_a_control_character_are_named():
    form = MultiDict([("description", "a\u202eb"), ("first_name", "张三"), ("x\x00", "1")])
    assert set(form_problems(form)) == {"description", "x\x00"}


def test_the_body_limit_is_1_mib_unless_configured(monkeypatch):
    monkeypatch.delenv("MAX_BODY_BYTES", raising=False)
    assert max_body_bytes({}) == MAX_BODY_BYTES == 1024 * 1024
    assert max_body_bytes({"MAX_BODY_BYTES": "2048"}) == 2048
    monkeypatch.setenv("MAX_BODY_BYTES", "4096")
    assert max_body_bytes({}) == 4096


def test_a_bounded_read_stops_one_byte_past_the_limit():
    stream = io.BytesIO(b"x" * 10_000)
    with pytest.raises(PayloadTooLarge):
        read_bounded(stream, 100)
    assert stream.tell() == 101
    assert read_bounded(io.BytesIO(b"x" * 100), 100) == b"x" * 100


@pytest.mark.parametrize(
    "line, kept",
    [
        (
            '127.0.0.1 - - [x] "GET /tracking?case_no=SL-1&code=SECRET123 HTTP/1.1" 200 10 0.01',
            '127.0.0.1 - - [x] "GET /tracking?… HTTP/1.1" 200 10 0.01',
        ),
        (
            'I/O error while discarding request body. client=1 request="GET /a?api_key=K HTTP/1.1" error="x"',
            'I/O error while discarding request body. client=1 request="GET /a?… HTTP/1.1" error="x"',
        ),
        (
            '127.0.0.1 - - [x] "POST /cases HTTP/1.1" 201 10 0.01',
            '127.0.0.1 - - [x] "POST /cases HTTP/1.1" 201 10 0.01',
        ),
    ],
)
def test_the_access_log_drops_query_strings(line, kept):
    written = []

    class Sink:
        def info(self, msg, *args, **kwargs):
            written.append(msg)

        error = debug = info

    AccessLog(Sink()).info(line)
    assert without_query(line) == kept and written == [kept]
