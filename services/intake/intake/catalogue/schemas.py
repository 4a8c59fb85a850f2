"""Request and response schemas of the public catalogue (R-CAT-1, R-CAT-2)."""

from marshmallow import Schema, fields, validate

from intake.catalogue.rules import ITEM_KINDS, MATERIAL_KINDS


class CatalogueEntrySchema(Schema):
    """One line of the public catalogue (R-CAT-2)."""

    code = fields.String(required=True, metadata={"example": "SC-010"})
    name = fields.String(required=True, metadata={"example": "个体工商户设立登记"})
    department = fields.String(required=True, metadata={"example": "market_regulation"})
    kind = fields.String(required=True, validate=validate.OneOf(ITEM_KINDS))
    promised_days = fields.Integer(required=True, metadata={"description": "working days"})
    legal_days = fields.Integer(required=True, metadata={"description": "working days"})


class CatalogueSchema(Schema):
    """The answer to ``GET /catalogue``."""

    items = fields.List(fields.Nested(CatalogueEntrySchema), required=True)


class MaterialSchema(Schema):
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(MATERIAL_KINDS))


class FeeSchema(Schema):
    item = fields.String(required=True)
    amount_yuan = fields.Float(required=True, metadata={"description": "0 for a free item"})
    basis = fields.String(required=True)


class CatalogueItemSchema(CatalogueEntrySchema):
    """Everything public about one item (R-CAT-1): the answer to ``GET /catalogue/{code}``."""

    conditions = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "the basic conditions an applicant must meet (基本条件, R-ONCE-1)"},
    )
    prerequisites = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "what must be done before applying (前置手续, R-ONCE-1); [] when nothing"},
    )
    procedure = fields.List(fields.String(), required=True)
    materials = fields.List(fields.Nested(MaterialSchema), required=True)
    fees = fields.List(fields.Nested(FeeSchema), required=True)
    basis = fields.String(required=True)
    departments = fields.List(
        fields.String(), required=True, metadata={"description": "the lead department first"}
    )
    forwarding_days = fields.Integer(
        allow_none=True, metadata={"description": "escalated items: days to forward upwards"}
    )
    review_limits = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        required=True,
        metadata={
            "description": "joint items: each involved department's own review limit in working days "
            "from receipt of its task (R-JOINT-2); empty for other items",
            "example": {"agriculture_rural": 5, "natural_resources": 6, "housing_construction": 5},
        },
    )
