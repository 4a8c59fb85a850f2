import pytest
from marshmallow import Schema, fields
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from web_api import ApiError, load_json, schema_of


class Example(Schema):
    name = fields.String(required=True)
    count = fields.Integer(required=True)


def request_with(body: str) -> Request:
    return Request(EnvironBuilder(method="POST", data=body).get_environ())


def test_every_invalid_field_is_reported_at_once():
    with pytest.raises(ApiError) as caught:
        load_json(request_with('{"count": "many"}'), Example())
    assert caught.value.status == 422 and caught.value.code == "validation_failed"
    assert set(caught.value.details) == {"name", "count"}


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", ""])
def test_a_body_that_is_not_a_json_object_is_refused_with_a_stable_code(body):
    with pytest.raises(ApiError) as caught:
        load_json(request_with(body), Example())
    assert caught.value.code == "invalid_json" and caught.value.status == 400


class Counted(Schema):
    """A schema that counts how often it is built."""

    built = 0
    name = fields.String(required=True)

    def __init__(self, *args, **kwargs):
        type(self).built += 1
        super().__init__(*args, **kwargs)


def test_a_schema_class_is_built_once_for_every_request_it_validates():
    before = Counted.built
    for name in ("甲", "乙", "丙"):
        assert load_json(request_with(f'{{"name": "{name}"}}'), Counted) == {"name": name}
    assert Counted.built - before <= 1
    assert schema_of(Counted) is schema_of(Counted)


def test_one_shared_schema_keeps_nothing_of_an_earlier_request():
    load_json(request_with('{"name": "甲", "count": 1}'), Example)
    with pytest.raises(ApiError) as caught:
        load_json(request_with('{"count": "many"}'), Example)
    assert set(caught.value.details) == {"name", "count"}
    assert load_json(request_with('{"name": "乙", "count": 2}'), Example) == {"name": "乙", "count": 2}
