"""The role matrix: every route of every service, called on the running services with a token
of every role, with no token, with a garbage token and, for a department's resource, with a
token of another department. Generated from the roles each route declares (``Route.roles``).

A forbidden role must answer 401/403, before anything is looked up; another department's token
403, or the designed 404 of a resource whose existence must not leak, or a list without it; an
allowed role must never be refused for its role (401, or 403 naming the allowed roles)
though it may be refused for its department. A route without roles must be on ``PUBLIC``.
Run with ``-s`` for the summary (routes x roles).
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
import requests
from intake_requests import case_body
from role_matrix_hall import CHINA, ENQUIRY, INSPECTION, ROSTER_POST, meeting_body

from web_api.access import DEPARTMENT_ROLES

SERVICES = {
    "intake": "IntakeService",
    "joint_review": "JointReviewService",
    "complaints": "ComplaintsService",
    "notify": "NotifyService",
}
# the routes anyone may call without a token; a new route without roles must be added here on purpose
PUBLIC = {
    ("intake", "GET", "/catalogue"),
    ("intake", "GET", "/catalogue/{code}"),
    ("intake", "GET", "/track/{case_no}"),  # the applicant, with the receipt's code
    ("intake", "POST", "/track/{case_no}/rating"),
    ("intake", "GET", "/calendar/deadline"),
    ("notify", "GET", "/applicant/notices"),  # the applicant, with the receipt's code
    ("notify", "POST", "/callbacks/sms/reports"),  # the SMS gateway, with its signature: SMS_REPORTS
    ("complaints", "GET", "/open311/v2/services.{fmt}"),
    ("complaints", "GET", "/open311/v2/services/{code}.{fmt}"),
    ("complaints", "POST", "/open311/v2/requests.{fmt}"),  # an api_key in the form: OPEN311_FILERS
    ("complaints", "GET", "/open311/v2/requests/{request_id}.{fmt}"),
    ("complaints", "GET", "/open311/v2/requests.{fmt}"),
}
OPEN311_POST = ("complaints", "POST", "/open311/v2/requests.{fmt}")
OPEN311_FILERS = ("complaints_office",)  # hall tokens that work as an Open311 api_key
SMS_REPORTS = ("notify", "POST", "/callbacks/sms/reports")  # no token opens it, only a signature

# a token of each role; the window roles and reviewers of the seeded resources' department
ROLE_TOKENS = {
    "window_staff": "dev-window-market",
    "window_head": "dev-head-market",
    "lead_window": "dev-lead-market",
    "reviewer": "dev-reviewer-market",
    "complaints_office": "dev-complaints",
    "supervision": "dev-supervision",
    "operator": "dev-operator",
    "agency": "dev-agency",
    "service": "dev-service-notify",
    "console": "dev-console",  # the console's own token: no route but the public ones admits it
}
OTHER_DEPARTMENT = {  # the same roles in civil_affairs / natural_resources
    "window_staff": "dev-window-civil",
    "window_head": "dev-head-civil",
    "lead_window": "dev-lead-civil",
    "reviewer": "dev-reviewer-natres",
}
# routes on one department's resource (all seeded in market_regulation), with a body valid enough
# that only the department can be the reason to refuse another department's token
SCOPED = {
    ("intake", "POST", "/cases"): case_body("SC-010"),  # the item's department
    ("intake", "POST", "/cases/{case_no}/supplements"): {"materials": ["经营场所使用证明"]},
    ("intake", "POST", "/cases/{case_no}/completion"): {"outcome": "approved"},
    ("intake", "POST", "/cases/{case_no}/forwarding"): {"authority": "市民政局"},
    ("intake", "POST", "/cases/{case_no}/authority-answer"): {
        "authority": "市民政局",
        "reference": "民批 1 号",
        "outcome": "approved",
    },
    ("intake", "POST", "/cases/{case_no}/transfer"): {
        "to": {"staff_id": "S02", "name": "王五", "window": "W03"},
        "note": "轮岗交接",
    },
    ("intake", "POST", "/cases/{case_no}/suspension"): {
        "reason_kind": "hearing",
        "reason": "听证",
        "expected_working_days": 5,
    },
    ("intake", "POST", "/cases/{case_no}/resumption"): {},
    ("intake", "POST", "/cases/{case_no}/extension"): {"days": 2, "reason": "需现场核查"},
    ("intake", "POST", "/cases/{case_no}/extension-request"): {"days": 2, "reason": "需现场核查"},
    # the head of the case's department: 409 (no request waits) for the seeded case
    ("intake", "POST", "/cases/{case_no}/extension-request/decline"): {"reason": "期限内可以办结"},
    # R-CLOCK-5: supervision only (no department role); the seeded case is not overdue: 409 for it
    ("intake", "POST", "/cases/{case_no}/overdue-decision"): {
        "decision": "legal_obstacle",
        "reason": "须依法确认",
    },
    ("intake", "GET", "/cases"): None,  # the worklist: another department's window sees none of them
    ("intake", "GET", "/cases/{case_no}"): None,
    ("intake", "GET", "/cases/{case_no}/history"): None,
    ("intake", "DELETE", "/staff/{staff_id}/leave/{leave_id}"): None,
    ("intake", "GET", "/staff/{staff_id}/supervising"): None,
    ("intake", "POST", "/staff/{staff_id}/leave"): "leave",  # tomorrow, built in send()
    ("intake", "PUT", "/roster/posts/{post_id}"): ROSTER_POST,
    ("joint_review", "GET", "/departments/{department}/tasks"): None,
    ("joint_review", "GET", "/departments/{department}/reviewers"): None,
    ("joint_review", "POST", "/reviewers/{reviewer_id}/leave"): "reviewer_leave",  # tomorrow, in send()
    ("joint_review", "GET", "/reviews"): None,  # another department's lead lists none of them
    ("joint_review", "GET", "/reviews/{review_id}"): None,
    ("joint_review", "GET", "/tasks/{task_id}"): None,  # another department's reviewer: 404
    ("joint_review", "POST", "/tasks/{task_id}/opinion"): {
        "opinion_id": "matrix-1",
        "verdict": "approve",
        "reason": "符合条件",
    },
    ("joint_review", "POST", "/reviews/{review_id}/decision"): {},
    ("joint_review", "POST", "/reviews/{review_id}/supplements"): {"materials": ["补正后的申请书"]},
    ("joint_review", "POST", "/reviews/{review_id}/meetings"): "meeting",  # in three days: meeting_body
    ("joint_review", "POST", "/reviews/{review_id}/meetings/{meeting_id}/minutes"): {
        "opinions": [{"department": "public_security", "verdict": "approve", "representative": "R51"}]
    },
    ("joint_review", "POST", "/reviews/{review_id}/inspections"): INSPECTION,
    ("joint_review", "POST", "/reviews/{review_id}/inspections/{inspection_id}/end"): {},
    ("joint_review", "GET", "/reports/department-overdue"): None,  # a window head: its own row only
    ("complaints", "GET", "/departments/{department}/complaints"): None,
    ("complaints", "POST", "/complaints/{complaint_no}/forwards/{department}/report"): {"report": "已整改"},
    ("complaints", "GET", "/desk/items"): None,
    ("complaints", "GET", "/desk/items/{item_no}"): None,
    ("complaints", "GET", "/desk/items/{item_no}/reporter"): None,  # the owning unit only (R-UNRES-2)
    ("complaints", "POST", "/desk/items/{item_no}/answer"): {"result": "已当场办结", "solved": True},
    ("complaints", "POST", "/desk/items/{item_no}/extension"): {
        "days": 2,
        "reason": "需调取历史档案",
        "consent": {"given_at": "2026-11-23T10:30:00+08:00", "method": "phone"},
    },
    ("intake", "POST", "/enquiries"): ENQUIRY,  # the item's department (R-ONCE-2)
    ("intake", "GET", "/enquiries/{enquiry_no}"): None,
    ("notify", "GET", "/one-time-notices"): None,  # another department's window lists none
    ("notify", "GET", "/one-time-notices/{enquiry_no}"): None,
    ("notify", "GET", "/notices"): None,
    ("notify", "GET", "/notices/{notice_no}"): None,
    ("notify", "GET", "/notices/{notice_no}/print"): None,
    ("notify", "GET", "/print-jobs"): None,
    ("notify", "GET", "/print-jobs/{job_id}/print"): None,
    ("notify", "POST", "/print-jobs/{job_id}/handed-over"): {"how": "in_person"},
}
# routes that show a complaint's answer or its letter, with the letter's ids in place of the case's:
# no window sees them, not even of the department complained about (R-COMP-4)
COMPLAINT_LETTER = {
    ("notify", "GET", "/notices"): {"query": {"complaint_no": "letter_complaint_no"}},
    ("notify", "GET", "/notices/{notice_no}"): {"notice_no": "letter_notice_no"},
    ("notify", "GET", "/notices/{notice_no}/print"): {"notice_no": "letter_notice_no"},
    ("notify", "GET", "/print-jobs"): {},
    ("notify", "GET", "/print-jobs/{job_id}/print"): {"job_id": "letter_job_id"},
    ("notify", "POST", "/print-jobs/{job_id}/handed-over"): {"job_id": "letter_job_id"},
}
WINDOWS = ("window_staff", "window_head", "lead_window")
# lists that answer another department with nothing rather than with a refusal
FILTERED = {
    ("notify", "GET", "/notices"): "notices",
    ("notify", "GET", "/print-jobs"): "jobs",
    ("notify", "GET", "/one-time-notices"): "notices",
    ("complaints", "GET", "/desk/items"): "items",
    ("intake", "GET", "/cases"): "cases",
    ("joint_review", "GET", "/reports/department-overdue"): "departments",
    ("joint_review", "GET", "/reviews"): "reviews",
}
QUERIES = {  # without them some routes refuse the request before asking who calls
    ("notify", "GET", "/notices"): lambda ids: {"case_no": ids["case_no"]},
    ("complaints", "GET", "/open311/v2/requests.{fmt}"): lambda ids: {
        "service_request_id": ids["complaint_no"]
    },
    ("complaints", "GET", "/open311/v2/requests/{request_id}.{fmt}"): lambda ids: {},
    ("intake", "GET", "/calendar/deadline"): lambda ids: {"start": "2026-11-23", "days": "5"},
    ("joint_review", "GET", "/reports/department-overdue"): lambda ids: {
        "month": f"{datetime.now(CHINA):%Y-%m}"
    },
    ("intake", "GET", "/track/{case_no}"): lambda ids: {"code": "WRONG000"},
    ("notify", "GET", "/applicant/notices"): lambda ids: {"case_no": ids["case_no"], "code": "WRONG000"},
}
# cells the matrix finds wrongly allowed in code another change owns: (service, method, path) -> reason
KNOWN_HOLES: dict[tuple[str, str, str], str] = {}

SUMMARY: dict[tuple[str, str, str], dict[str, str]] = {}


def all_routes() -> list[tuple[str, object]]:
    found = []
    for service, class_name in SERVICES.items():
        service_cls = getattr(importlib.import_module(f"{service}.service"), class_name)
        found += [(service, route) for route in service_cls.api_routes]
    return found


ROUTES = all_routes()


def key(service: str, route) -> tuple[str, str, str]:
    return (service, route.method, route.path)


def route_params():
    for service, route in ROUTES:
        marks = ()
        if key(service, route) in KNOWN_HOLES:
            marks = pytest.mark.xfail(strict=True, reason=KNOWN_HOLES[key(service, route)])
        yield pytest.param(service, route, id=f"{service} {route.method} {route.path}", marks=marks)


def url_of(hall: dict, service: str, route, letter: bool = False) -> str:
    ids = dict(hall["ids"])
    if letter:
        ids.update(
            {
                name: ids[seeded]
                for name, seeded in COMPLAINT_LETTER[key(service, route)].items()
                if name != "query"
            }
        )
    if route.path.startswith("/open311/"):
        ids["request_id"] = ids["complaint_no"]
        ids["code"] = "complaint-late"
    path = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], route.path)
    return hall["services"][service].url + path


def send(hall, service, route, token: str | None, body=None, letter: bool = False) -> requests.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    query = QUERIES.get(key(service, route), lambda ids: None)(hall["ids"])
    letter_query = COMPLAINT_LETTER.get(key(service, route), {}).get("query") if letter else None
    if letter_query:
        query = {name: hall["ids"][seeded] for name, seeded in letter_query.items()}
    if body == "leave":
        day = datetime.now(CHINA).date() + timedelta(days=1)
        body = {"starts_on": day.isoformat(), "ends_on": day.isoformat(), "kind": "leave", "reason": "年假"}
    elif body == "reviewer_leave":
        day = datetime.now(CHINA).date() + timedelta(days=1)
        body = {"starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "年假"}
    elif body == "meeting":
        body = meeting_body()
    json_body = ({} if body is None else body) if route.method in ("POST", "PUT") else None
    return requests.request(
        route.method,
        url_of(hall, service, route, letter),
        params=query,
        json=json_body,
        headers=headers,
        timeout=15,
    )


def refused_for_role(answer: requests.Response) -> bool:
    """A 401, or a 403 that names the allowed roles (``Gate.require``), not a department's refusal."""
    if answer.status_code == 401:
        return True
    if answer.status_code != 403:
        return False
    try:
        return "allowed" in (answer.json()["error"].get("details") or {})
    except (ValueError, KeyError, TypeError):
        return True


def refused_to_department(answer: requests.Response, route_key) -> bool:
    if answer.status_code in (403, 404):
        return True
    listed = FILTERED.get(route_key)
    return answer.status_code == 200 and listed is not None and answer.json()[listed] == []


def shows_no_letter(answer: requests.Response, complaint_no: str) -> bool:
    if answer.status_code in (403, 404):
        return True
    if answer.status_code != 200 or not answer.headers.get("Content-Type", "").startswith("application/json"):
        return False
    listed = next(iter(answer.json().values()))
    return isinstance(listed, list) and all(row.get("complaint_no") != complaint_no for row in listed)


def test_every_route_on_a_departments_resource_is_called_with_another_departments_token():
    """A route a window or reviewer calls on something named in its path belongs to one department:
    it must be in ``SCOPED`` (a new one fails here until it is)."""
    unchecked = [
        key(service, route)
        for service, route in ROUTES
        if set(route.roles) & set(DEPARTMENT_ROLES)
        and set(re.findall(r"\{(\w+)\}", route.path))
        and key(service, route) not in SCOPED
    ]
    assert unchecked == []


def test_every_route_without_roles_is_on_the_public_allowlist():
    public = {key(service, route) for service, route in ROUTES if not route.roles}
    assert public - PUBLIC == set(), "routes without roles that are not meant to be public"
    assert PUBLIC - public == set(), "allowlisted routes that declare roles now (or are gone)"


@pytest.mark.parametrize(("service", "route"), route_params())
def test_role_matrix(hall, service, route):
    cells, wrong = {}, []

    def judge(cell: str, answer: requests.Response, ok: bool, expected: str) -> None:
        cells[cell] = str(answer.status_code)
        if answer.status_code >= 500 or not ok:
            wrong.append(f"{cell}: {answer.status_code} (expected {expected}) {answer.text[:200]}")

    if key(service, route) == OPEN311_POST:
        open311_cells(hall, service, route, judge)
    elif key(service, route) == SMS_REPORTS:  # nobody but the gateway marks an SMS delivered
        for cell, token in (("none", None), *ROLE_TOKENS.items()):
            answer = send(hall, service, route, token, [])
            judge(cell, answer, answer.status_code == 401, "401: unsigned, whatever the token")
    elif not route.roles:
        answer = send(hall, service, route, None)
        judge("none", answer, answer.status_code not in (401, 403), "public: not 401/403")
    else:
        body = SCOPED.get(key(service, route))
        for cell, token in (("none", None), ("garbage", "not-a-token-0000")):
            answer = send(hall, service, route, token, body)
            judge(cell, answer, answer.status_code == 401, "401")
        forbidden = [role for role in ROLE_TOKENS if role not in route.roles]
        for role in forbidden:
            answer = send(hall, service, route, ROLE_TOKENS[role], body)
            judge(role, answer, answer.status_code in (401, 403), "401/403")  # before any lookup
        if key(service, route) in SCOPED:
            for role in [r for r in route.roles if r in OTHER_DEPARTMENT]:
                answer = send(hall, service, route, OTHER_DEPARTMENT[role], body)
                judge(
                    f"{role}@other",
                    answer,
                    refused_to_department(answer, key(service, route)),
                    "403/404 or nothing listed",
                )
        if key(service, route) in COMPLAINT_LETTER:
            for role in [r for r in route.roles if r in WINDOWS]:
                answer = send(hall, service, route, ROLE_TOKENS[role], body, letter=True)
                judge(
                    f"{role}/letter",
                    answer,
                    shows_no_letter(answer, hall["ids"]["letter_complaint_no"]),
                    "403/404 or no complaint listed",
                )
        for role in route.roles:  # last: an allowed call may change what the others would see
            answer = send(hall, service, route, ROLE_TOKENS[role], body)
            judge(role, answer, not refused_for_role(answer), "not refused for its role")
    SUMMARY[key(service, route)] = cells
    assert wrong == [], (
        f"{service} {route.method} {route.path} (roles: {', '.join(route.roles)}):\n  " + "\n  ".join(wrong)
    )


def open311_cells(hall, service, route, judge) -> None:
    """Open311 filing takes its credential as an ``api_key`` form field: only the filers' pass."""
    form = {
        "service_code": "unresolved-desk",
        "description": "窗口称系统故障，三次往返仍未办成",
        "attribute[item]": "个体工商户设立登记",
        "attribute[units][]": "civil_affairs",
        "first_name": "小明",
        "last_name": "王",
        "phone": "13912345678",
    }
    url = url_of(hall, service, route)
    for cell, key_ in (("none", None), ("garbage", "not-a-token-0000"), *ROLE_TOKENS.items()):
        fields = form if key_ is None else {**form, "api_key": key_}
        answer = requests.post(url, data=fields, timeout=15)
        if cell in OPEN311_FILERS:
            judge(cell, answer, answer.status_code != 403, "accepted as an api_key")
        else:
            judge(cell, answer, answer.status_code == 403, "403")


@pytest.fixture(scope="module", autouse=True)
def summary():
    """The matrix as a table once the module ran (``-s`` shows it)."""
    yield
    columns = [
        "none",
        "garbage",
        *ROLE_TOKENS,
        *[f"{r}@other" for r in OTHER_DEPARTMENT],
        *[f"{r}/letter" for r in WINDOWS],
    ]
    short = {
        c: c.replace("window_", "w_")
        .replace("complaints_office", "c_office")
        .replace("supervision", "superv")
        .replace("_window", "_w")
        for c in columns
    }
    lines = ["role matrix: " + " | ".join(f"{i}={short[c]}" for i, c in enumerate(columns))]
    counts: Counter = Counter()
    for (service, method, path), cells in sorted(SUMMARY.items()):
        row = " ".join(f"{cells.get(c, '-'):>3}" for c in columns)
        lines.append(f"{row}  {service} {method} {path}")
        counts.update(cells.values())
    lines.append(
        f"{len(SUMMARY)} routes, {sum(counts.values())} calls: "
        + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items()))
    )
    if SUMMARY:
        print("\n" + "\n".join(lines))
