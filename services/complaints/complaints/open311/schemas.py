"""The shapes of GeoReport v2 (JSON flavour), for the OpenAPI document of the Open311 routes."""

from marshmallow import Schema, fields


class Open311ServiceSchema(Schema):
    service_code = fields.String(metadata={"example": "unresolved-desk"})
    service_name = fields.String()
    description = fields.String()
    metadata = fields.Boolean()
    type = fields.String(metadata={"example": "realtime"})
    keywords = fields.String()
    group = fields.String()


class Open311ValueSchema(Schema):
    key = fields.String()
    name = fields.String()


class Open311AttributeSchema(Schema):
    variable = fields.Boolean()
    code = fields.String(metadata={"example": "case_no"})
    datatype = fields.String(metadata={"example": "string"})
    required = fields.Boolean()
    datatype_description = fields.String(allow_none=True)
    order = fields.Integer()
    description = fields.String()
    values = fields.List(fields.Nested(Open311ValueSchema))


class Open311DefinitionSchema(Schema):
    service_code = fields.String()
    attributes = fields.List(fields.Nested(Open311AttributeSchema))


class Open311PostSchema(Schema):
    """Sent form-encoded (application/x-www-form-urlencoded), as the spec says."""

    api_key = fields.String(
        required=True, metadata={"description": "an OPEN311_API_KEYS key or an office token"}
    )
    service_code = fields.String(required=True)
    description = fields.String(required=True, metadata={"description": "the complaint, or why it failed"})
    first_name = fields.String(metadata={"description": "sealed, never shown again"})
    last_name = fields.String(metadata={"description": "sealed, never shown again"})
    phone = fields.String(metadata={"description": "sealed; needed for the follow-up call"})
    email = fields.String(metadata={"description": "sealed"})
    address_string = fields.String(metadata={"description": "where it happened (complaints)"})
    attribute = fields.Dict(metadata={"description": "attribute[code]=value, attribute[code][]=v for lists"})


class Open311CreatedSchema(Schema):
    service_request_id = fields.String()
    service_notice = fields.String()
    account_id = fields.String(allow_none=True)


class Open311RequestSchema(Schema):
    service_request_id = fields.String()
    status = fields.String(metadata={"enum": ["open", "closed"]})
    status_notes = fields.String()
    service_name = fields.String()
    service_code = fields.String()
    agency_responsible = fields.String(allow_none=True)
    service_notice = fields.String()
    requested_datetime = fields.String()
    updated_datetime = fields.String()
    expected_datetime = fields.String(allow_none=True)


class Open311ErrorSchema(Schema):
    code = fields.Integer()
    description = fields.String()
