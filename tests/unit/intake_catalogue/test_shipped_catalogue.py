"""The catalogue the hall ships: big enough to be real, and every item keeps the rules."""

from collections import Counter

from intake.catalogue.repository import DEFAULT_PATH, Catalogue

CATALOGUE = Catalogue.load(DEFAULT_PATH)
ITEMS = CATALOGUE.items()


def test_r_cat_1_the_shipped_catalogue_has_at_least_15_items_from_at_least_6_departments():
    assert len(ITEMS) >= 15
    assert len({item.department for item in ITEMS}) >= 6


def test_r_cat_1_every_item_states_the_six_public_facts():
    for item in ITEMS:
        assert item.department and item.name and item.procedure and item.materials, item.code
        assert item.legal_days >= item.promised_days >= 0, item.code
        assert item.fees and all(fee.basis for fee in item.fees) and item.basis, item.code
        assert any(material.kind == "main" for material in item.materials), item.code


def test_r_once_1_every_shipped_item_states_its_basic_conditions_and_its_prerequisites():
    for item in ITEMS:
        assert item.conditions and all(line.strip() for line in item.conditions), item.code
        assert all(line.strip() for line in item.prerequisites), item.code
    assert any(item.prerequisites for item in ITEMS) and any(not item.prerequisites for item in ITEMS)


def test_r_kind_5_the_shipped_catalogue_has_at_least_3_joint_items_of_3_to_5_departments():
    joint = [item for item in ITEMS if item.kind == "joint"]
    assert len(joint) >= 3
    assert all(3 <= len(set(item.departments)) <= 5 for item in joint)


def test_r_kind_6_the_shipped_catalogue_has_at_least_2_escalated_items_with_a_forwarding_limit():
    escalated = [item for item in ITEMS if item.kind == "escalated"]
    assert len(escalated) >= 2 and all(item.forwarding_days for item in escalated)


def test_r_cat_3_every_shipped_promise_is_at_most_half_the_legal_limit():
    assert all(item.promised_days * 2 <= item.legal_days for item in ITEMS)


def test_the_items_existing_cases_depend_on_keep_their_meaning():
    immediate, licence = CATALOGUE.get("MZ-001"), CATALOGUE.get("SC-010")
    assert (immediate.kind, immediate.department) == ("immediate", "civil_affairs")
    assert immediate.promised_days == 0
    assert (licence.name, licence.kind) == ("个体工商户设立登记", "promised")
    assert licence.department == "market_regulation"
    assert (licence.legal_days, licence.promised_days) == (10, 5)


def test_every_kind_appears_in_the_shipped_catalogue():
    assert set(Counter(item.kind for item in ITEMS)) == {"immediate", "promised", "joint", "escalated"}


def test_r_joint_2_every_shipped_joint_item_states_each_departments_own_review_limit():
    for item in (item for item in ITEMS if item.kind == "joint"):
        assert {department for department, _ in item.review_days} == set(item.departments), item.code
        assert all(1 <= days <= item.promised_days for _, days in item.review_days), item.code
