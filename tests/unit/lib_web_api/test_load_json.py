import pytest
from marshmallow import Schema, fields
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from web_api import ApiError, load_json


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
