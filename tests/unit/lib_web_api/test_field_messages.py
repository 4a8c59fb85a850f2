"""marshmallow's English field problems leave every service in Chinese, the English beside them."""

from __future__ import annotations

import doctest
import json

import pytest
from marshmallow import Schema, ValidationError, fields, validate

import web_api.field_messages
from web_api.errors import error_response
from web_api.field_messages import FIXED, bilingual, bilingual_details, chinese_of


class Everything(Schema):
    """One field for each kind of default a hall schema can produce."""

    name = fields.String(required=True)
    count = fields.Integer(required=True)
    amount = fields.Float()
    flag = fields.Boolean()
    day = fields.Date()
    at = fields.DateTime()
    contact = fields.Nested(Schema.from_dict({"phone": fields.String(required=True)}))
    tags = fields.List(fields.String())
    mail = fields.Email()
    kind = fields.String(validate=validate.OneOf(["normal", "urgent"]))
    reason = fields.String(validate=validate.Length(min=1, max=5))
    code = fields.String(validate=validate.Length(min=2))
    days = fields.Integer(validate=validate.Range(min=1, max=60))
    pattern = fields.String(validate=validate.Regexp(r"^\d+$"))
    nothing = fields.String(allow_none=False)


BAD = {
    "count": "many",
    "amount": "x",
    "flag": "perhaps",
    "day": "soon",
    "at": "later",
    "contact": {},
    "tags": "one",
    "mail": "nobody",
    "kind": "slow",
    "reason": "too long by far",
    "code": "a",
    "days": 61,
    "pattern": "abc",
    "nothing": None,
    "extra": 1,
}


def problems() -> dict:
    with pytest.raises(ValidationError) as caught:
        Everything().load(BAD)
    return bilingual_details(caught.value.messages)


def leaves(value):
    if isinstance(value, dict):
        for child in value.values():
            yield from leaves(child)
    elif isinstance(value, list):
        for child in value:
            yield from leaves(child)
    else:
        yield value


def test_every_default_marshmallow_answers_is_chinese_with_its_english_beside_it():
    found = list(leaves(problems()))
    assert len(found) == len(BAD) + 1  # every bad field, the unknown extra and the missing name
    for message in found:
        chinese, _, english = message.partition(" (")
        assert web_api.field_messages.HAS_CHINESE.search(chinese), message
        assert english.endswith(".)") and not web_api.field_messages.HAS_CHINESE.search(english), message


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        ("Missing data for required field.", "此项必填 (Missing data for required field.)"),
        ("Unknown field.", "不应填写此项 (Unknown field.)"),
        ("Must be one of: normal, urgent.", "须为以下之一：normal, urgent (Must be one of: normal, urgent.)"),
        ("Length must be between 1 and 5.", "长度须在 1 到 5 之间 (Length must be between 1 and 5.)"),
        ("Not a valid integer.", "须为整数 (Not a valid integer.)"),
    ],
)
def test_a_default_becomes_the_house_format(english, expected):
    assert bilingual(english) == expected


def test_the_services_own_chinese_messages_and_unknown_text_are_kept_as_they_are():
    own = "须写明理由 (a reason is required)"
    assert bilingual(own) == own
    assert bilingual("Something new.") == "Something new."
    assert chinese_of("Something new.") is None
    assert bilingual_details({"n": 3, "ok": True, "codes": ["A1"]}) == {"n": 3, "ok": True, "codes": ["A1"]}


def test_every_fixed_translation_is_chinese():
    assert all(web_api.field_messages.HAS_CHINESE.search(text) for text in FIXED.values())


def test_a_refusal_leaving_through_error_response_carries_the_chinese():
    body = json.loads(error_response(422, "validation_failed", "请求内容有误", problems()).get_data())
    assert body["error"]["code"] == "validation_failed"
    assert body["error"]["details"]["name"] == ["此项必填 (Missing data for required field.)"]
    assert body["error"]["details"]["contact"]["phone"] == ["此项必填 (Missing data for required field.)"]


def test_the_examples_in_the_docstrings_hold():
    result = doctest.testmod(web_api.field_messages)
    assert result.attempted > 0 and result.failed == 0
