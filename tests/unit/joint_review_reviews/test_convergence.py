"""Convergence at the lead window from each department's latest opinion (R-JOINT-3, R-JOINT-4)."""

from joint_review.reviews.rules import Opinion, converge, opinion_problems


def opinion(department, verdict, round_no=1, **fields):
    return Opinion(f"op-{department}-{round_no}", department, round_no, verdict, **fields)


def test_r_joint_4_every_approval_gives_a_draft_approval_with_every_condition_merged():
    found = converge(
        1,
        {
            "natural_resources": opinion("natural_resources", "approve", conditions=("不得占用耕地",)),
            "housing_construction": opinion(
                "housing_construction", "approve", conditions=("层数不超过三层", "层数不超过三层")
            ),
            "agriculture_rural": opinion("agriculture_rural", "approve"),
        },
    )
    assert found.outcome == "approve"
    assert found.conditions == (
        {"department": "housing_construction", "condition": "层数不超过三层"},
        {"department": "natural_resources", "condition": "不得占用耕地"},
    )


def test_r_joint_4_any_rejection_gives_a_refusal_stating_each_rejecting_departments_reason():
    found = converge(
        1,
        {
            "a": opinion("a", "reject", reason="选址位于基本农田"),
            "b": opinion("b", "supplement", materials=("四至图",)),
            "c": opinion("c", "reject", reason="超出宅基地面积标准"),
            "d": opinion("d", "approve"),
        },
    )
    assert found.outcome == "refuse"
    assert found.reasons == (
        {"department": "a", "reason": "选址位于基本农田"},
        {"department": "c", "reason": "超出宅基地面积标准"},
    )


def test_r_joint_4_supplement_requests_become_one_notice_with_materials_deduplicated_and_tagged():
    found = converge(
        1,
        {
            "natural_resources": opinion(
                "natural_resources", "supplement", materials=("宅基地四至图", "测绘报告")
            ),
            "housing_construction": opinion(
                "housing_construction", "supplement", materials=("宅基地 四至图", "设计图纸")
            ),
            "agriculture_rural": opinion("agriculture_rural", "approve"),
        },
    )
    assert found.outcome == "supplement"
    assert found.asked_by == ("housing_construction", "natural_resources")
    assert [(m["name"], m["departments"]) for m in found.materials] == [
        ("宅基地 四至图", ["housing_construction", "natural_resources"]),
        ("设计图纸", ["housing_construction"]),
        ("测绘报告", ["natural_resources"]),
    ]


def test_r_joint_3_a_second_round_counts_the_new_answers_and_the_earlier_ones_stand():
    latest = {
        "a": opinion("a", "approve", conditions=("按图施工",)),
        "b": opinion("b", "approve", round_no=2, conditions=("补齐后备案",)),
    }
    found = converge(2, latest)
    assert (found.round, found.outcome) == (2, "approve")
    assert {c["department"] for c in found.conditions} == {"a", "b"}


def test_r_joint_3_a_rejection_needs_a_reason_and_a_supplement_request_its_materials():
    assert set(opinion_problems("reject", (), "", ())) == {"reason"}
    assert set(opinion_problems("supplement", (), None, ["  "])) == {"materials"}
    assert set(opinion_problems("reject", ("附条件",), "理由充分写明", ())) == {"conditions"}
    assert set(opinion_problems("maybe", (), None, ())) == {"verdict"}
    assert opinion_problems("approve", ("按图施工",), None, ()) == {}
