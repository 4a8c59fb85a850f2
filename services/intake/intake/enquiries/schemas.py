"""Request and response schemas of enquiries whose one-time notice follows (R-ONCE-2)."""

from marshmallow import Schema, fields, validate

from intake.enquiries.rules import ENQUIRY_CHANNELS
from web_api.dates import Moment
from web_api.openapi import path_parameter


class RecordEnquirySchema(Schema):
    """``POST /enquiries``: an enquiry whose one-time notice goes out by SMS or email later."""

    item_code = fields.String(required=True, validate=validate.Length(min=1, max=40))
    channel = fields.String(
        load_default="phone",
        validate=validate.OneOf(ENQUIRY_CHANNELS),
        metadata={
            "description": "phone (a phone enquiry) or window (the notice could not be given on the spot)"
        },
    )
    enquirer_phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^[0-9+\- ]{5,20}$"),
        metadata={"description": "the enquirer's mobile for the SMS; this or enquirer_email is required"},
    )
    enquirer_email = fields.Email(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=200),
        metadata={"description": "the enquirer's email, used when there is no phone or the SMS fails"},
    )


class EnquirySchema(Schema):
    """An enquiry as its department's windows see it (never the contact itself)."""

    enquiry_no = fields.String(metadata={"example": "ENQ-20261123-9KN9JEEK"})
    item_code = fields.String()
    item_name = fields.String()
    department = fields.String()
    channel = fields.String()
    taken_by = fields.String(attribute="staff_id")
    recorded_at = Moment()
    notice_due_at = Moment(metadata={"description": "24:00 China time of the 3rd calendar day after"})
    contacts = fields.List(fields.String(), metadata={"description": "sms and/or email: what was given"})
    notice_status_url = fields.String(metadata={"description": "notify's tracking of the notice"})


ENQUIRY_NO = (path_parameter("enquiry_no", "the enquiry's number"),)
