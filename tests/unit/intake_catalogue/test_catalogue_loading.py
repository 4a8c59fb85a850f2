"""Loading the catalogue: every item states its public facts and keeps the rules, or the file is
refused with every problem listed and each naming its item (R-CAT-1, R-CAT-3, R-KIND-5, R-KIND-6)."""

import json

import pytest

from intake.catalogue.repository import Catalogue
from intake.catalogue.rules import CatalogueError, Material, ServiceItem, UnknownItem
from intake.refusals import IntakeError


def item(code="SC-010", **changes) -> dict:
    entry = {
        "code": code,
        "name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "conditions": ["有固定的经营场所"],
        "prerequisites": [],
        "procedure": ["受理", "审查", "发照"],
        "materials": [{"name": "申请书", "kind": "main"}, {"name": "委托书", "kind": "attachment"}],
        "legal_days": 10,
        "promised_days": 5,
        "fees": [{"item": "不收费", "amount_yuan": 0, "basis": "《行政许可法》第五十八条"}],
        "basis": "《市场主体登记管理条例》",
    }
    entry.update(changes)
    return {key: value for key, value in entry.items() if value is not None}


def joint(code="NY-001", **changes) -> dict:
    facts = {
        "kind": "joint",
        "department": "agriculture_rural",
        "departments": ["agriculture_rural", "natural_resources", "housing_construction"],
    }
    return item(code, **{**facts, **changes})


def load(tmp_path, *entries) -> Catalogue:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps({"version": 2, "items": list(entries)}, ensure_ascii=False), encoding="utf-8")
    return Catalogue.load(path)


def problems(tmp_path, *entries) -> list[str]:
    with pytest.raises(CatalogueError) as refused:
        load(tmp_path, *entries)
    return refused.value.problems


def test_r_cat_1_a_well_formed_file_loads_every_item_with_its_public_facts(tmp_path):
    immediate = item("MZ-001", kind="immediate", legal_days=0, promised_days=0)
    catalogue = load(tmp_path, item(), joint(), immediate)
    assert [each.code for each in catalogue.items()] == ["SC-010", "NY-001", "MZ-001"]
    loaded = catalogue.get("SC-010")
    assert loaded.materials == (Material("申请书", "main"), Material("委托书", "attachment"))
    assert loaded.procedure == ("受理", "审查", "发照") and loaded.fees[0].amount_yuan == 0
    assert loaded.departments == ("market_regulation",)
    assert catalogue.get("NY-001").lead == "agriculture_rural"


def test_r_cat_3_a_promised_limit_above_half_the_legal_limit_is_rejected_naming_the_item(tmp_path):
    found = problems(tmp_path, item("SC-011", legal_days=10, promised_days=6))
    assert len(found) == 1 and found[0].startswith("SC-011") and "R-CAT-3" in found[0]


def test_r_cat_3_a_promised_limit_of_exactly_half_the_legal_limit_is_kept(tmp_path):
    assert load(tmp_path, item(legal_days=10, promised_days=5)).get("SC-010").promised_days == 5


def test_r_kind_1_an_immediate_item_that_promises_days_is_rejected(tmp_path):
    found = problems(tmp_path, item("MZ-009", kind="immediate", legal_days=20, promised_days=3))
    assert len(found) == 1 and found[0].startswith("MZ-009")


def test_r_cat_3_a_promised_item_with_zero_days_is_rejected(tmp_path):
    found = problems(tmp_path, item("SC-012", legal_days=0, promised_days=0))
    assert len(found) == 1 and found[0].startswith("SC-012")


def test_r_cat_1_an_unknown_kind_is_rejected_naming_the_item(tmp_path):
    found = problems(tmp_path, item("SC-013", kind="urgent"))
    assert len(found) == 1 and found[0].startswith("SC-013") and "urgent" in found[0]


def test_r_cat_1_a_material_that_is_neither_main_nor_attachment_is_rejected(tmp_path):
    found = problems(tmp_path, item("SC-014", materials=[{"name": "申请书", "kind": "optional"}]))
    assert len(found) == 1 and found[0].startswith("SC-014") and "申请书" in found[0]


def test_r_kind_5_a_joint_item_with_fewer_than_three_departments_is_rejected(tmp_path):
    found = problems(tmp_path, joint(departments=["agriculture_rural", "natural_resources"]))
    assert len(found) == 1 and found[0].startswith("NY-001") and "R-KIND-5" in found[0]


def test_r_kind_5_a_joint_item_names_its_lead_department_first(tmp_path):
    led_by_another = ["natural_resources", "agriculture_rural", "housing_construction"]
    found = problems(tmp_path, joint(departments=led_by_another))
    assert len(found) == 1 and found[0].startswith("NY-001") and "lead" in found[0]


def test_r_kind_6_an_escalated_item_without_a_forwarding_limit_is_rejected(tmp_path):
    found = problems(tmp_path, item("MZ-002", kind="escalated", legal_days=30, promised_days=15))
    assert len(found) == 1 and found[0].startswith("MZ-002") and "forwarding_days" in found[0]


def test_r_kind_6_an_escalated_item_with_a_forwarding_limit_loads(tmp_path):
    catalogue = load(
        tmp_path, item("MZ-002", kind="escalated", legal_days=30, promised_days=15, forwarding_days=10)
    )
    assert catalogue.get("MZ-002").forwarding_days == 10


def test_r_cat_1_a_duplicate_code_is_rejected(tmp_path):
    assert problems(tmp_path, item(), item()) == ["SC-010: 事项编码重复 (duplicate code)"]


@pytest.mark.parametrize(
    "fact",
    ["department", "name", "procedure", "materials", "legal_days", "promised_days", "fees", "basis", "kind"],
)
def test_r_cat_1_an_item_missing_a_public_fact_is_rejected_naming_the_fact(tmp_path, fact):
    found = problems(tmp_path, {key: value for key, value in item("SC-015").items() if key != fact})
    assert len(found) == 1 and found[0].startswith("SC-015") and fact in found[0]


def test_r_cat_1_a_free_item_still_states_the_basis_of_its_fee(tmp_path):
    found = problems(tmp_path, item("SC-016", fees=[{"item": "不收费", "amount_yuan": 0}]))
    assert len(found) == 1 and found[0].startswith("SC-016") and "basis" in found[0]


def test_every_problem_of_the_file_is_listed_at_once_each_naming_its_item(tmp_path):
    found = problems(
        tmp_path,
        item("SC-011", promised_days=6),
        item("SC-013", kind="urgent"),
        joint(departments=["agriculture_rural"]),
        item("SC-011"),
    )
    assert [problem.split(":")[0] for problem in found] == ["SC-011", "SC-013", "NY-001", "SC-011"]


def test_a_catalogue_error_is_a_domain_error():
    assert issubclass(CatalogueError, IntakeError)


def test_get_on_an_unknown_code_raises_unknown_item(tmp_path):
    with pytest.raises(UnknownItem):
        load(tmp_path, item()).get("NOPE-1")


def test_items_built_by_existing_code_keep_working_without_the_new_facts():
    legacy = ServiceItem("SC-010", "个体工商户设立登记", "market_regulation", "promised", 10, 5)
    assert legacy.materials == () and legacy.forwarding_days is None and legacy.lead == "market_regulation"


def test_r_kind_2_a_promised_item_over_ten_working_days_is_rejected_naming_the_item(tmp_path):
    found = problems(tmp_path, item("SC-013", legal_days=24, promised_days=12), item("SC-014"))
    assert len(found) == 1 and found[0].startswith("SC-013") and "R-KIND-2" in found[0]


def test_r_kind_2_a_promised_item_of_exactly_ten_days_and_longer_escalated_items_are_kept(tmp_path):
    escalated = item("GA-001", kind="escalated", legal_days=40, promised_days=20, forwarding_days=3)
    catalogue = load(tmp_path, item(legal_days=20, promised_days=10), escalated)
    assert [each.promised_days for each in catalogue.items()] == [10, 20]


@pytest.mark.parametrize("fact", ["conditions", "prerequisites"])
def test_r_once_1_an_item_that_does_not_state_its_conditions_or_prerequisites_is_rejected(tmp_path, fact):
    found = problems(tmp_path, {key: value for key, value in item("SC-015").items() if key != fact})
    assert len(found) == 1 and found[0].startswith("SC-015") and fact in found[0]


def test_r_once_1_an_item_with_no_prerequisites_says_so_with_an_empty_list(tmp_path):
    loaded = load(tmp_path, item(conditions=["年满18周岁", "有固定的经营场所"], prerequisites=[]))
    assert loaded.get("SC-010").conditions == ("年满18周岁", "有固定的经营场所")
    assert loaded.get("SC-010").prerequisites == ()
    assert problems(tmp_path, item("SC-015", conditions=[])) == [
        "SC-015: 缺少公开要素 conditions (missing public fact conditions)"
    ]


@pytest.mark.parametrize("lines", [["有场所", ""], "有场所", [3]])
def test_r_once_1_conditions_and_prerequisites_are_lists_of_text_lines(tmp_path, lines):
    for fact in ("conditions", "prerequisites"):
        found = problems(tmp_path, item("SC-017", **{fact: lines}))
        assert len(found) == 1 and found[0].startswith("SC-017") and fact in found[0]


def test_r_joint_2_a_joint_item_states_each_departments_own_review_limit_and_the_others_get_the_default(
    tmp_path,
):
    catalogue = load(tmp_path, joint(review_days={"natural_resources": 5, "agriculture_rural": 2}))
    assert catalogue.get("NY-001").review_limits == {
        "agriculture_rural": 2,
        "natural_resources": 5,
        "housing_construction": 3,  # not stated: DEFAULT_REVIEW_DAYS
    }
    assert load(tmp_path, item()).get("SC-010").review_limits == {}  # not a joint item


def test_r_joint_2_the_default_review_limit_never_exceeds_the_items_promise(tmp_path):
    short = joint(promised_days=2, legal_days=4)
    assert set(load(tmp_path, short).get("NY-001").review_limits.values()) == {2}


@pytest.mark.parametrize(
    ("review_days", "named"),
    [
        ({"transport": 2}, "transport"),  # not an involved department
        ({"natural_resources": 6}, "natural_resources"),  # longer than the promised 5 days
        ({"natural_resources": 0}, "natural_resources"),
    ],
)
def test_r_joint_2_a_review_limit_outside_the_item_or_its_promise_is_rejected_naming_it(
    tmp_path, review_days, named
):
    [problem] = problems(tmp_path, joint(review_days=review_days))
    assert problem.startswith("NY-001") and named in problem


def test_r_joint_2_review_limits_on_an_item_that_is_not_joint_or_not_whole_days_are_rejected(tmp_path):
    assert "joint items only" in problems(tmp_path, item(review_days={"market_regulation": 2}))[0]
    assert "review_days" in problems(tmp_path, joint(review_days={"natural_resources": "5"}))[0]
    assert "review_days" in problems(tmp_path, joint(review_days=[5]))[0]
