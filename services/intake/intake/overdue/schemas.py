"""``POST /cases/{case_no}/overdue-decision`` (R-CLOCK-5)."""

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from intake.cases.marks import LEGAL_OBSTACLE, OVERDUE_DECISIONS

REASON_NEEDED = "存在法律障碍的，须写明理由 (a legal obstacle needs its reason)"


class OverdueDecisionSchema(Schema):
    """Supervision's decision on a case past its limit."""

    decision = fields.String(
        required=True,
        validate=validate.OneOf(
            OVERDUE_DECISIONS, error="决定须为 approve_as_normal 或 legal_obstacle (unknown decision)"
        ),
        metadata={
            "description": "approve_as_normal: 按正常办结 (completed as approved); legal_obstacle: "
            "按正常办结将违法 (stays with the window; the applicant is told why it is late)"
        },
    )
    reason = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=2000),
        metadata={"description": "required with legal_obstacle: the law that stands in the way"},
    )

    @validates_schema
    def reason_for_an_obstacle(self, data: dict, **kwargs) -> None:
        if data.get("decision") == LEGAL_OBSTACLE and not (data.get("reason") or "").strip():
            raise ValidationError(REASON_NEEDED, "reason")
