"""Request and response schemas of transfers, supervision and a case's history (R-FIRST-1..3)."""

from marshmallow import Schema, fields, validate

from intake.staff.schemas import CODE
from web_api.dates import AwareMoment, Day, Moment


class ReceiverSchema(Schema):
    staff_id = fields.String(required=True, validate=CODE)
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    window = fields.String(required=True, validate=CODE)


class TransferSchema(Schema):
    """``POST /cases/{case_no}/transfer`` (R-FIRST-2)."""

    to = fields.Nested(ReceiverSchema, required=True)
    note = fields.String(
        required=True,
        validate=validate.Length(min=1, max=2000),
        metadata={"description": "why, and what the applicant was told"},
    )
    agreed_time = AwareMoment(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "required when the receiver is away today: when the applicant will be served"
        },
    )


class TransferAnswerSchema(Schema):
    case_no = fields.String()
    holder_id = fields.String()
    first_responder_id = fields.String()
    receiver_away = fields.Boolean()
    agreed_time = fields.String(allow_none=True)
    suggested = fields.Dict(allow_none=True, metadata={"description": "the receiver's post backup"})


class SupervisedCaseSchema(Schema):
    case_no = fields.String()
    item_name = fields.String()
    status = fields.String()
    holder_id = fields.String()
    holder_name = fields.String(allow_none=True)
    transferred = fields.Boolean()
    deadline = Day(allow_none=True)


class SupervisingSchema(Schema):
    staff_id = fields.String()
    cases = fields.List(fields.Nested(SupervisedCaseSchema))


class HistoryLineSchema(Schema):
    action = fields.String()
    at = Moment()
    on_date = Day()
    actor_id = fields.String()
    actor_name = fields.String(allow_none=True)
    details = fields.Dict()


class HistorySchema(Schema):
    case_no = fields.String()
    lines = fields.List(fields.Nested(HistoryLineSchema))
