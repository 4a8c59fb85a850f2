"""The public catalogue through intake's HTTP API in a real nameko container (R-CAT-1, R-CAT-2)."""

import pytest

from intake.catalogue.repository import Catalogue

SHIPPED = Catalogue.load()


@pytest.fixture
def intake(intake_http):
    return intake_http.container


def test_r_cat_2_the_catalogue_is_served_without_login(intake, web_session):
    response = web_session.get("/catalogue")
    assert response.status_code == 200, response.text
    listed = response.json()["items"]
    assert [entry["code"] for entry in listed] == [item.code for item in SHIPPED.items()]
    licence = next(entry for entry in listed if entry["code"] == "SC-010")
    assert licence == {
        "code": "SC-010",
        "name": "个体工商户设立登记",
        "department": "market_regulation",
        "kind": "promised",
        "promised_days": 5,
        "legal_days": 10,
    }


def test_r_cat_1_one_item_is_served_with_every_public_fact_without_login(intake, web_session):
    response = web_session.get("/catalogue/NY-001")
    assert response.status_code == 200, response.text
    item = response.json()
    assert item["kind"] == "joint" and item["departments"][0] == item["department"]
    assert len(item["departments"]) >= 3 and item["procedure"] and item["basis"]
    assert {material["kind"] for material in item["materials"]} == {"main", "attachment"}
    assert all(fee["basis"] for fee in item["fees"])
    assert (item["legal_days"], item["promised_days"]) == (20, 10)


def test_r_once_1_an_item_answers_its_basic_conditions_and_prerequisites_without_login(intake, web_session):
    item = web_session.get("/catalogue/SC-011").json()
    assert "具有与经营的食品品种、数量相适应的经营场所" in item["conditions"]
    assert item["prerequisites"] == ["已取得营业执照等合法主体资格"]
    assert web_session.get("/catalogue/MZ-001").json()["prerequisites"] == []
    documented = web_session.get("/openapi.json").json()["components"]["schemas"]
    item_schema = next(schema for name, schema in documented.items() if name.startswith("CatalogueItem"))
    assert {"conditions", "prerequisites"} <= set(item_schema["required"])


def test_r_kind_6_an_escalated_item_shows_its_forwarding_limit(intake, web_session):
    escalated = next(item for item in SHIPPED.items() if item.kind == "escalated")
    answer = web_session.get(f"/catalogue/{escalated.code}").json()
    assert answer["forwarding_days"] == escalated.forwarding_days > 0


def test_r_cat_2_an_unknown_item_code_is_a_404_with_the_code_unknown_item(intake, web_session):
    response = web_session.get("/catalogue/NOPE-1")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_item"


def test_the_openapi_document_describes_both_catalogue_routes(intake, web_session):
    paths = web_session.get("/openapi.json").json()["paths"]
    assert "404" in paths["/catalogue/{code}"]["get"]["responses"]
    assert "200" in paths["/catalogue"]["get"]["responses"]
