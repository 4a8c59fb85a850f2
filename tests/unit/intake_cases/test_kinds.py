"""The six kinds of case, decided at the window from the item and what the applicant brought."""

import re
from collections import Counter
from datetime import date

import pytest

from intake.cases import rules, symbols
from intake.cases.rules import classify
from intake.catalogue.repository import Catalogue
from intake.refusals import InvalidRequest

CATALOGUE = Catalogue.load()


def mains(code):
    return [m.name for m in CATALOGUE.get(code).materials if m.kind == "main"]


def everything(code):
    return [m.name for m in CATALOGUE.get(code).materials]


@pytest.mark.parametrize(
    "code, kind",
    [("MZ-001", "immediate"), ("SC-010", "promised"), ("NY-001", "joint"), ("GA-001", "escalated")],
)
def test_r_kind_1_2_5_6_a_complete_case_takes_its_items_kind(code, kind):
    found = classify(CATALOGUE.get(code), everything(code))
    assert (found.kind, found.missing, found.return_reason) == (kind, (), None)


def test_r_kind_1_an_immediate_case_needs_only_the_receipt():
    assert classify(CATALOGUE.get("MZ-001"), everything("MZ-001")).notices_due == ["receipt"]


def test_r_kind_2_a_promised_case_gets_an_acceptance_notice():
    assert classify(CATALOGUE.get("SC-010"), everything("SC-010")).notices_due == ["receipt", "acceptance"]


def test_r_kind_3_a_main_material_to_follow_makes_a_supplement_case_listing_every_missing_item():
    item = CATALOGUE.get("NY-001")
    later = ("农户宅基地使用承诺书", "相邻权利人意见")
    brought = [name for name in everything("NY-001") if name not in later]
    found = classify(item, brought, to_follow=["农户宅基地使用承诺书"])
    assert found.kind == "supplement"
    assert found.missing == ("农户宅基地使用承诺书", "相邻权利人意见")  # main first, then attachments
    assert found.notices_due == ["receipt", "supplement"]


def test_r_kind_3_only_minor_attachments_missing_is_a_supplement_not_a_return():
    found = classify(CATALOGUE.get("SC-010"), mains("SC-010"))
    assert found.kind == "supplement"
    assert set(found.missing) == set(everything("SC-010")) - set(mains("SC-010"))


def test_r_kind_4_a_main_material_missing_altogether_returns_the_case_with_a_written_reason():
    absent = mains("SC-010")[1]
    found = classify(CATALOGUE.get("SC-010"), [n for n in everything("SC-010") if n != absent])
    assert found.kind == "returned" and absent in found.return_reason
    assert found.notices_due == ["return"]


def test_r_kind_4_a_return_decided_by_the_clerk_needs_a_written_reason():
    with pytest.raises(InvalidRequest) as refused:
        classify(CATALOGUE.get("SC-010"), everything("SC-010"), decision="return", return_reason="  ")
    assert "return_reason" in refused.value.details
    found = classify(
        CATALOGUE.get("SC-010"),
        everything("SC-010"),
        decision="return",
        return_reason="经营范围属于禁止类项目",
    )
    assert (found.kind, found.return_reason) == ("returned", "经营范围属于禁止类项目")


def test_materials_the_item_does_not_ask_for_are_refused_all_at_once():
    with pytest.raises(InvalidRequest) as refused:
        classify(
            CATALOGUE.get("SC-010"), ["户口本"], to_follow=["房产证", mains("SC-010")[0]], decision="return"
        )
    assert set(refused.value.details) == {"presented", "to_follow", "return_reason"}


def test_r_kind_7_an_urgent_case_may_get_a_shorter_limit_but_never_a_longer_one():
    item = CATALOGUE.get("SC-010")
    assert rules.limit_for(item, urgent=True, urgent_days=2) == 2
    assert rules.limit_for(item, urgent=False, urgent_days=None) == item.promised_days
    with pytest.raises(InvalidRequest):
        rules.limit_for(item, urgent=True, urgent_days=item.promised_days + 1)
    with pytest.raises(InvalidRequest):
        rules.limit_for(item, urgent=False, urgent_days=2)


def test_case_numbers_carry_the_date_and_are_unambiguous_to_read_aloud():
    assert re.fullmatch(r"HALL-20261123-[2-9A-HJ-NP-Z]{8}", rules.new_case_no(date(2026, 11, 23)))


def test_case_numbers_do_not_repeat_across_many_acceptances():
    assert len({rules.new_case_no(date(2026, 11, 23)) for _ in range(20000)}) == 20000


def test_every_symbol_of_numbers_and_codes_is_drawn_about_equally_often():
    # one random byte per symbol, taken modulo 32: a bias toward the first symbols would show here
    drawn = Counter("".join(symbols.random_symbols(8) for _ in range(8000)))
    assert set(drawn) == set(symbols.CASE_NO_ALPHABET)
    expected = 64000 / 32
    assert all(0.85 * expected < n < 1.15 * expected for n in drawn.values()), drawn


def test_an_alphabet_that_would_bias_the_draw_is_refused():
    with pytest.raises(ValueError):
        symbols.random_symbols(8, "ABC")


def test_the_verification_code_opens_only_its_own_case():
    code = rules.new_verification_code()
    case = {
        "case_no": "HALL-20261123-AAAAAAAA",
        "verification_hash": rules.verification_hash("HALL-20261123-AAAAAAAA", code),
    }
    assert rules.code_matches(case, code) and rules.code_matches(case, code.lower())
    assert not rules.code_matches(case, "WRONG234") and not rules.code_matches(case, None)
    other = {**case, "case_no": "HALL-20261123-BBBBBBBB"}
    assert not rules.code_matches(other, code)
