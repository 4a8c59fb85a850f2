"""Open311 GeoReport v2 over the complaint categories and the desk, driven by an Open311 client
library from PyPI (``georeport`` 0.3.1: it lists services, reads definitions and requests, in
JSON and XML). It cannot post (its README says so), so posts are sent in the spec's wire format,
form-encoded, with plain ``requests``. The filer's contact is sealed and never shown again."""

import json
from datetime import date

import pytest
import requests
import xmltodict
from georeport import GeoReport
from service.complaints_desk.desk_calls import OFFICE, answer, follow_up, forward, hall_time, item_row
from sqlalchemy import func, select

from complaints.orm import complaints, desk_items

FILER = {"first_name": "小明", "last_name": "王", "phone": "13912345678", "email": "wxm@example.cn"}
SECRETS = ("王小明", "小明", "13912345678", "wxm@example.cn")
APP_KEY = "key-of-the-311-app"  # OPEN311_API_KEYS of the complaints_http fixture


@pytest.fixture
def open311(complaints_http, web_config_port):
    complaints_http.clock.return_value = hall_time(date(2026, 11, 23))
    root = f"http://127.0.0.1:{web_config_port}/open311/v2"
    return GeoReport(root), GeoReport(root, output_format="xml"), root


def post_request(root, fmt="json", **fields):
    body = {"api_key": APP_KEY, **FILER, **fields}
    return requests.post(f"{root}/requests.{fmt}", data=body, timeout=10)


def desk_fields(**changes):
    return {
        "service_code": "unresolved-desk",
        "description": "窗口称系统故障，三次往返仍未办成",
        "attribute[item]": "个体工商户设立登记",
        "attribute[units][]": ["market_regulation", "taxation"],
        **changes,
    }


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_open311_the_client_lists_every_complaint_category_and_the_desk_in_json_and_xml(open311):
    client, xml_client, _ = open311
    listed = client.get_service_list()
    codes = [service["service_code"] for service in listed]
    assert len(codes) == 11 and "unresolved-desk" in codes and "complaint-late" in codes
    assert {"service_name", "description", "metadata", "type", "keywords", "group"} <= set(listed[0])
    assert [service["service_code"] for service in xml_client.get_service_list()] == codes
    desk = client.get_service_definition("unresolved-desk")
    assert [a["code"] for a in desk["attributes"]] == ["item", "units", "item_code", "tier"]
    complaint = xml_client.get_service_definition("complaint-late")
    assert complaint["attributes"]["attribute"][0]["code"] == "case_no"


def test_r_unres_1_a_desk_item_filed_through_open311_is_registered_by_the_desk_use_case_and_followed(
    open311, complaints_http, web_session
):
    client, xml_client, root = open311
    posted = post_request(root, **desk_fields())
    assert posted.status_code == 201, posted.text
    [created] = posted.json()
    item_no = created["service_request_id"]
    row = item_row(complaints_http.engine, item_no)
    facts = (row["channel"], row["tier"], row["registered_by"])
    assert facts == ("open311", "multi_department", "open311-app-1")
    assert web_session.get(f"/desk/items/{item_no}/reporter", headers=OFFICE).json() == {
        "name": "王 小明",
        "phone": "13912345678",
        "email": "wxm@example.cn",
        "address": None,
    }
    status = client.get_service_request(item_no)
    assert (status["status"], status["service_code"]) == ("open", "unresolved-desk")
    forward(web_session, item_no)
    answer(web_session, item_no)
    follow_up(web_session, item_no)
    closed = client.get_service_request(item_no)
    assert closed["status"] == "closed" and "已回访办结" in closed["status_notes"]
    assert xml_client.get_service_request(item_no)["status"] == "closed"
    raw = requests.get(f"{root}/requests/{item_no}.json", timeout=10).text
    raw_xml = requests.get(f"{root}/requests.xml?service_request_id={item_no}", timeout=10).text
    assert [secret for secret in SECRETS if secret in raw + raw_xml] == []


def test_open311_a_complaint_goes_through_the_filing_use_case_and_its_identity_stays_sealed(
    open311, complaints_http, web_session
):
    client, _, root = open311
    attributes = {"attribute[department]": "market_regulation", "attribute[window]": "W03"}
    posted = post_request(
        root,
        service_code="complaint-poor_attitude",
        address_string="W03",
        description="窗口人员态度恶劣，拒绝解释",
        **attributes,
    )
    assert posted.status_code == 201, posted.text
    complaint_no = posted.json()[0]["service_request_id"]
    with complaints_http.engine.connect() as connection:
        query = select(complaints).where(complaints.c.complaint_no == complaint_no)
        row = dict(connection.execute(query).mappings().one())
    assert (row["channel"], row["category"], row["written"]) == ("online", "poor_attitude", True)
    stored = json.dumps(row, default=str, ensure_ascii=False)
    assert [secret for secret in SECRETS if secret in stored] == []
    identity = web_session.get(f"/complaints/{complaint_no}/identity", headers=OFFICE)
    assert identity.status_code == 200 and "13912345678" in identity.text
    [found] = client.get_service_requests(service_request_id=complaint_no)
    assert (found["status"], found["service_code"]) == ("open", "complaint-poor_attitude")
    assert found["agency_responsible"] == "market_regulation"
    raw = requests.get(f"{root}/requests/{complaint_no}.xml", timeout=10).text
    assert [secret for secret in SECRETS if secret in raw + json.dumps(found, ensure_ascii=False)] == []


def test_open311_bad_requests_get_the_specs_error_list_with_every_problem_and_store_nothing(
    open311, complaints_http
):
    _, _, root = open311
    fields = {"api_key": APP_KEY, "service_code": "unresolved-desk"}
    empty = requests.post(f"{root}/requests.json", data=fields, timeout=10)
    assert empty.status_code == 400
    described = {entry["description"].split(":")[0] for entry in empty.json()}
    assert {"description", "attribute[item]", "attribute[units]", "phone"} <= described
    assert "description: 此项必填 (Missing data for required field.)" in [
        e["description"] for e in empty.json()
    ]
    assert all(entry["code"] == 400 for entry in empty.json())
    bad_key = post_request(root, **desk_fields(api_key="guess"))
    assert bad_key.status_code == 403 and bad_key.json()[0]["code"] == 403
    unknown = post_request(root, "xml", **desk_fields(service_code="potholes"))
    assert unknown.status_code == 404
    assert xmltodict.parse(unknown.text)["errors"]["error"]["code"] == "404"
    complaint = post_request(root, service_code="complaint-late", description="超期未办结")  # no department
    assert complaint.status_code == 400 and "attribute[department]" in complaint.text
    assert requests.get(f"{root}/requests/DESK-20261123-NOSUCH99.json", timeout=10).status_code == 404
    assert requests.get(f"{root}/requests.json", timeout=10).status_code == 400
    assert count(complaints_http.engine, desk_items) == count(complaints_http.engine, complaints) == 0


def test_open311_an_office_token_works_as_an_api_key(open311, complaints_http):
    _, _, root = open311
    one_unit = {"attribute[units][]": "civil_affairs"}
    posted = post_request(root, **desk_fields(api_key="dev-complaints", **one_unit))
    assert posted.status_code == 201, posted.text
    assert item_row(complaints_http.engine, posted.json()[0]["service_request_id"])["registered_by"] == "CO1"
    window = post_request(root, **desk_fields(api_key="dev-window-market"))
    assert window.status_code == 403
