"""An event whose data breaks its schema is refused, and the refusal names the field."""

import copy

import pytest

from hall_contracts.registry import (
    EventValidationError,
    UnknownSchema,
    known_event_types,
    schema_path,
    validate_event,
)
from hall_contracts.samples import SAMPLES, case_accepted_v1, notice_issued_v1

INTAKE_EVENTS = (
    "case_registered",
    "supplement_requested",
    "supplement_received",
    "supplement_completed",
    "case_accepted",
    "case_returned",
    "case_escalated",
    "case_completed",
)


def case_accepted(**data_changes) -> dict:
    envelope = case_accepted_v1()
    envelope["data"].update(data_changes)
    return envelope


@pytest.mark.parametrize(
    ("envelope", "named"),
    [
        (case_accepted(case_no="hall 1"), "data.case_no"),
        (case_accepted(kind="urgent"), "data.kind"),
        (case_accepted(channel="wechat"), "data.channel"),
        (case_accepted(accepted_at="yesterday"), "data.accepted_at"),
        (case_accepted(deadline="2026-02-30"), "data.deadline"),
        (case_accepted(urgent="no"), "data.urgent"),
        (case_accepted(notices_due=["receipt", "postcard"]), "data.notices_due[1]"),
        (case_accepted(applicant_ref="13800138000"), "data.applicant_ref"),
        (case_accepted(applicant_phone="13800138000"), "applicant_phone"),
        (case_accepted(first_responder={"staff_id": "S-1", "name": "李敏", "window": "A3"}), "phone"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_data_breaking_its_schema_is_rejected_with_a_message_naming_the_field(envelope, named):
    with pytest.raises(EventValidationError) as refused:
        validate_event(envelope)
    assert named in str(refused.value)


def test_every_problem_is_listed_not_only_the_first():
    envelope = case_accepted(case_no="x", kind="nope", urgent=None)
    envelope["subject"] = ""
    with pytest.raises(EventValidationError) as refused:
        validate_event(envelope)
    text = str(refused.value)
    for field in ("subject", "data.case_no", "data.kind", "data.urgent"):
        assert field in text
    assert len(refused.value.problems) == 4


def test_notice_issued_with_a_short_hash_is_rejected_naming_content_sha256():
    envelope = notice_issued_v1()
    envelope["data"]["content_sha256"] = "abc"
    with pytest.raises(EventValidationError, match="data.content_sha256"):
        validate_event(envelope)


def test_an_event_naming_a_schema_we_do_not_publish_is_rejected():
    envelope = case_accepted_v1()
    envelope["dataschema"] = "urn:hall:schema:intake:case_accepted:9"
    with pytest.raises(EventValidationError, match="no published schema"):
        validate_event(envelope)


def test_type_and_source_must_agree_with_dataschema():
    envelope = copy.deepcopy(case_accepted_v1())
    envelope["type"] = "hall.intake.case_withdrawn"
    envelope["source"] = "notify"
    with pytest.raises(EventValidationError) as refused:
        validate_event(envelope)
    assert "type:" in str(refused.value) and "source:" in str(refused.value)


def test_schema_path_maps_a_dataschema_uri_to_its_file():
    path = schema_path("urn:hall:schema:intake:case_accepted:1")
    assert path.parts[-2:] == ("intake", "case_accepted.v1.json") and path.is_file()


def test_schema_path_refuses_a_uri_that_is_not_ours():
    with pytest.raises(UnknownSchema):
        schema_path("https://example.org/schema.json")


def test_known_event_types_lists_intakes_events_and_those_it_consumes():
    known = {e.type for e in known_event_types()}
    assert {f"hall.intake.{name}" for name in INTAKE_EVENTS} <= known
    assert {
        "hall.joint_review.review_decided",
        "hall.joint_review.supplement_consolidated",
        "hall.joint_review.round_started",
        "hall.complaints.complaint_substantiated",
    } <= known


def sample(relative: str, **data_changes) -> dict:
    envelope = SAMPLES[relative]()
    envelope["data"].update(data_changes)
    return envelope


@pytest.mark.parametrize(
    ("envelope", "named"),
    [
        (sample("intake/case_registered.v1.json", channel="wechat"), "data.channel"),
        (sample("intake/case_registered.v1.json", applicant_name="张三"), "applicant_name"),
        (sample("intake/supplement_requested.v1.json", missing_materials=[]), "data.missing_materials"),
        (sample("intake/supplement_completed.v1.json", still_missing=["营业执照"]), "data.still_missing"),
        (sample("intake/case_returned.v1.json", reason=""), "data.reason"),
        (sample("intake/case_returned.v1.json", status="in_progress"), "data.status"),
        (sample("intake/case_escalated.v1.json", forwarded_on="soon"), "data.forwarded_on"),
        (sample("intake/case_completed.v1.json", outcome="returned"), "data.outcome"),
        (sample("intake/case_completed.v1.json", outcome="refused", reason=None), "data.reason"),
        (sample("intake/case_completed.v1.json", notices_due=["receipt"]), "data.notices_due[0]"),
        (sample("intake/case_accepted.v1.json", item_kind="supplement"), "data.item_kind"),
        (sample("intake/case_accepted.v1.json", status="awaiting_supplement"), "data.status"),
        (sample("joint_review/review_decided.v1.json", decision="approve"), "data.decision"),
        (sample("joint_review/review_decided.v1.json", decision="refused", reasons=[]), "data.reasons"),
        (
            sample("joint_review/review_decided.v1.json", conditions=[{"department": "fire"}]),
            "data.conditions[0]",
        ),
        (
            sample(
                "joint_review/supplement_consolidated.v1.json", materials=[{"name": "x", "departments": []}]
            ),
            "data.materials[0].departments",
        ),
        (sample("joint_review/round_started.v1.json", round=0), "data.round"),
        (sample("complaints/complaint_substantiated.v1.json", category="rude"), "data.category"),
        (sample("complaints/complaint_substantiated.v1.json", deduction_points=101), "data.deduction_points"),
        (sample("complaints/complaint_substantiated.v1.json", deduction_points=1.5), "data.deduction_points"),
        (sample("complaints/complaint_substantiated.v1.json", complainant_name="王五"), "complainant_name"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_r_kind_and_r_comp_2_data_outside_the_enums_and_limits_is_rejected_naming_the_field(envelope, named):
    with pytest.raises(EventValidationError) as refused:
        validate_event(envelope)
    assert named in str(refused.value)


def test_a_complaint_about_no_one_case_has_a_null_case_no():
    validate_event(sample("complaints/complaint_substantiated.v1.json", case_no=None))
