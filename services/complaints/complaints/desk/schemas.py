"""Request and response schemas of the desk's HTTP API (R-UNRES-1..2)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from complaints.desk.rules import (
    CONSENT_METHODS,
    MAX_EXTENSION_DAYS,
    MAX_UNITS,
    SATISFACTION,
    STATUSES,
    TIERS,
    ConsentRequired,
    InvalidDeskRequest,
    tier_problems,
    unit_problems,
)
from web_api import schema_of
from web_api.dates import AwareMoment, Day, Moment

DEPARTMENT = validate.Regexp(r"^[a-z][a-z0-9_]{1,39}$")
TEXT = validate.Length(min=1, max=2000)
CHANNELS = ("desk", "phone", "online", "open311")


class ReporterSchema(Schema):
    """Sealed at rest; only the complaints office reads it back."""

    name = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    phone = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9+\- ]{5,20}$"),
        metadata={"description": "for the follow-up call"},
    )
    email = fields.Email(load_default=None)


class RegisterSchema(Schema):
    """``POST /desk/items``"""

    item = fields.String(
        required=True, validate=validate.Length(min=1, max=200), metadata={"example": "个体工商户设立登记"}
    )
    item_code = fields.String(load_default=None, validate=validate.Regexp(r"^[A-Z0-9-]{2,40}$"))
    units = fields.List(
        fields.String(validate=DEPARTMENT), required=True, validate=validate.Length(min=1, max=MAX_UNITS)
    )
    reason = fields.String(required=True, validate=TEXT, metadata={"description": "why it failed"})
    tier = fields.String(
        load_default=None,
        validate=validate.OneOf(TIERS),
        metadata={"description": "default: multi_department with 2+ units, else ordinary"},
    )
    channel = fields.String(load_default="desk", validate=validate.OneOf(CHANNELS))
    reporter = fields.Nested(ReporterSchema, required=True)

    @validates_schema(skip_on_field_errors=False)
    def _units_and_tier(self, data, **kwargs):
        units = data.get("units")
        if not isinstance(units, list):
            return
        problems = unit_problems(units)
        if data.get("tier"):
            problems.update(tier_problems(data["tier"], units))
        if problems:
            raise ValidationError(problems)


class ForwardSchema(Schema):
    """``POST /desk/items/{item_no}/forwarding``"""

    department = fields.String(required=True, validate=DEPARTMENT, metadata={"example": "market_regulation"})
    tier = fields.String(
        load_default=None,
        validate=validate.OneOf(TIERS),
        metadata={"description": "re-classify; default: the tier registered"},
    )


class ConsentSchema(Schema):
    given_at = AwareMoment(required=True, metadata={"description": "when the reporter agreed"})
    method = fields.String(required=True, validate=validate.OneOf(CONSENT_METHODS))


class ExtensionSchema(Schema):
    """``POST /desk/items/{item_no}/extension``: the reporter's consent is required."""

    days = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_EXTENSION_DAYS))
    reason = fields.String(required=True, validate=TEXT)
    consent = fields.Nested(ConsentSchema, required=True)


class AnswerSchema(Schema):
    """``POST /desk/items/{item_no}/answer``: the owning unit's result."""

    result = fields.String(required=True, validate=TEXT)
    solved = fields.Boolean(required=True)


class FollowUpSchema(Schema):
    """``POST /desk/items/{item_no}/follow-up``: 满意 / 基本满意 / 不满意."""

    satisfaction = fields.String(required=True, validate=validate.OneOf(tuple(SATISFACTION)))
    note = fields.String(load_default=None, validate=TEXT)


class StepSchema(Schema):
    step = fields.String()
    at = Moment()
    actor = fields.String()
    actor_role = fields.String()
    details = fields.Dict()


class DeskItemSchema(Schema):
    item_no = fields.String()
    item = fields.String()
    item_code = fields.String(allow_none=True)
    units = fields.List(fields.String())
    reason = fields.String()
    channel = fields.String()
    reporter_ref = fields.String()
    tier = fields.String()
    limit_days = fields.Integer()
    status = fields.String(metadata={"enum": list(STATUSES)})
    department = fields.String(allow_none=True)
    deadline = Day(allow_none=True)
    extension_days = fields.Integer()
    registered_at = Moment()
    registered_by = fields.String()
    forwarded_at = Moment(allow_none=True)
    answered_at = Moment(allow_none=True)
    result = fields.String(allow_none=True)
    solved = fields.Boolean(allow_none=True)
    answered_on_time = fields.Boolean(allow_none=True)
    follow_up_due = Day(allow_none=True)
    followed_up_at = Moment(allow_none=True)
    satisfaction = fields.String(allow_none=True)
    steps = fields.List(fields.Nested(StepSchema))


class DeskListSchema(Schema):
    items = fields.List(fields.Nested(DeskItemSchema))


def load_extension(payload: dict) -> dict:
    """The extension, validated; a missing consent is named as such (``consent_required``)."""
    try:
        return schema_of(ExtensionSchema).load(payload)
    except ValidationError as exc:
        no_consent = "consent" in exc.messages and not isinstance(payload.get("consent"), dict)
        if no_consent:
            raise ConsentRequired(
                "延期须经反映人同意并记录 (an extension needs the reporter's recorded consent)",
                exc.messages,
            ) from None
        raise InvalidDeskRequest("请求内容有误 (the request has invalid fields)", exc.messages) from None
