"""The Open311 routes for the OpenAPI document, with the shapes of GeoReport v2 (JSON flavour)."""

from marshmallow import Schema, fields

from web_api.openapi import Route, path_parameter, query_parameter


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


FMT = {**path_parameter("fmt", "json or xml"), "schema": {"type": "string", "enum": ["json", "xml"]}}
LISTED = {"many": True, "error_schema": Open311ErrorSchema}  # the spec answers arrays, errors too
ERRORS = {
    400: 'Open311 errors: [{"code": 400, "description": "..."}], one per problem',
    404: "Unknown service, request or format (Open311 error list)",
}
OPEN311_ROUTES = [
    Route(
        "GET",
        "/open311/v2/services.{fmt}",
        "Open311: the complaint categories and the desk",
        None,
        Open311ServiceSchema,
        200,
        {404: ERRORS[404]},
        (FMT,),
        **LISTED,
    ),
    Route(
        "GET",
        "/open311/v2/services/{code}.{fmt}",
        "Open311: a service's attributes",
        None,
        Open311DefinitionSchema,
        200,
        {404: ERRORS[404]},
        (path_parameter("code", "e.g. unresolved-desk, complaint-late"), FMT),
        error_schema=Open311ErrorSchema,
    ),
    Route(
        "POST",
        "/open311/v2/requests.{fmt}",
        "Open311: file a complaint or a desk item (form-encoded)",
        Open311PostSchema,
        Open311CreatedSchema,
        201,
        {**ERRORS, 403: "api_key missing or not valid (Open311 error list)"},
        (FMT,),
        idempotent=True,
        request_type="application/x-www-form-urlencoded",
        **LISTED,
    ),
    Route(
        "GET",
        "/open311/v2/requests/{request_id}.{fmt}",
        "Open311: one request's status, no contact",
        None,
        Open311RequestSchema,
        200,
        {404: ERRORS[404]},
        (path_parameter("request_id", "DESK-... or CMP-..."), FMT),
        **LISTED,
    ),
    Route(
        "GET",
        "/open311/v2/requests.{fmt}",
        "Open311: requests by their ids",
        None,
        Open311RequestSchema,
        200,
        ERRORS,
        (query_parameter("service_request_id", "ids, comma-separated"), FMT),
        **LISTED,
    ),
]
