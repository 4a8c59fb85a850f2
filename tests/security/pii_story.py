"""The personal-data scan's story and its planted data (see test_personal_data_scan.py).

Every planted value is distinctive (no other text of the system contains it) and belongs to
one ``Owner``: an applicant of one case, a complainant, the desk's reporter, or the complaints
office's answer to a complaint. ``may_see`` is the policy the scan holds each answer to.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field

import pika
import requests
from bus import wait_for
from department_accounts import department_uri
from intake_requests import REPO_ROOT, WORK_PHONE, bearer, materials

WINDOW_ROLES = ("window_staff", "window_head", "lead_window")
COMPLAINT_READERS = ("complaints_office", "supervision", "operator")
JOINT = ("agriculture_rural", "natural_resources", "housing_construction")  # NY-001, lead first
OFFICE = bearer("dev-complaints")
AGENCY = bearer("dev-agency")


@dataclass(frozen=True)
class Owner:
    """Whose a planted value is: ``kind`` is applicant, complainant, reporter, answer, or code
    (an applicant's verification code, printed on their receipt)."""

    kind: str
    ref: str = ""  # the case (applicant) or complaint (complainant, answer) it belongs to
    departments: tuple[str, ...] = ()  # an applicant's: the case's department(s), lead first


@dataclass(frozen=True)
class Caller:
    """Who asks: a development token's holder, an applicant with a receipt code, or nobody."""

    label: str
    token: str | None = None
    role: str | None = None
    department: str | None = None
    case_no: str | None = None  # an applicant who holds this case's verification code

    @property
    def headers(self) -> dict:
        return bearer(self.token) if self.token else {}


# The development tokens of deploy/access/README.md the scan calls with: every role, a window of
# each department the story touches and of one it does not, reviewers likewise.
CALLERS = [
    Caller("nobody"),
    Caller("garbage token", "not-a-token-of-the-hall"),
    Caller("window market (accused)", "dev-window-market", "window_staff", "market_regulation"),
    Caller("head market", "dev-head-market", "window_head", "market_regulation"),
    Caller("lead market", "dev-lead-market", "lead_window", "market_regulation"),
    Caller("lead civil", "dev-lead-civil", "lead_window", "civil_affairs"),
    Caller("window civil", "dev-window-civil", "window_staff", "civil_affairs"),
    Caller("window hr-social", "dev-window-hr-social", "window_staff", "human_resources_social_security"),
    Caller("window agriculture", "dev-window-agriculture", "window_staff", "agriculture_rural"),
    Caller("window natres", "dev-window-natres", "window_staff", "natural_resources"),
    Caller("window transport", "dev-window-transport", "window_staff", "transport"),
    Caller("reviewer natres", "dev-reviewer-natres", "reviewer", "natural_resources"),
    Caller("reviewer market", "dev-reviewer-market", "reviewer", "market_regulation"),
    Caller("reviewer taxation", "dev-reviewer-taxation", "reviewer", "taxation"),
    Caller("supervision", "dev-supervision", "supervision"),
    Caller("operator", "dev-operator", "operator"),
    Caller("complaints office", "dev-complaints", "complaints_office"),
    Caller("agency", "dev-agency", "agency"),
    Caller("service notify", "dev-service-notify", "service"),
]


def may_see(owner: Owner, caller: Caller, service: str, route: str) -> bool:
    """The policy (R-COMP-4, R-UNRES-1, and who serves an applicant)."""
    if owner.kind in ("complainant", "reporter"):
        # sealed: the complaints office; notify's service account on the owners' internal paths
        internal = caller.role == "service" and route.startswith("/internal/")
        return caller.role == "complaints_office" or internal
    if owner.kind == "code":
        # the receipt's code opens the case to whoever holds it (R-RATE-1): the applicant; the
        # windows of the case's department, who print the receipt at the counter; notify's service
        # account on intake's internal path (it prints the receipt). Every other reader of the
        # receipt (the hall's offices) reads it masked
        if caller.case_no is not None:
            return caller.case_no == owner.ref
        if caller.role in WINDOW_ROLES:
            return caller.department in owner.departments
        return caller.role == "service" and route.startswith("/internal/")
    if owner.kind == "answer":
        # the office's findings and decision: the offices; on complaints' own routes also the
        # departments it was forwarded to (they report on it)
        forwarded = caller.role in WINDOW_ROLES and caller.department in owner.departments
        return caller.role in COMPLAINT_READERS or (service == "complaints" and forwarded)
    # an applicant's contact: the applicant (with the receipt's code), the windows and reviewers
    # of the case's departments, the hall's offices, notify's service account; never an agency,
    # another department, or a caller without a token
    if caller.case_no is not None:
        return caller.case_no == owner.ref
    if caller.role in (*WINDOW_ROLES, "reviewer"):
        return caller.department in owner.departments
    return caller.role in ("supervision", "operator", "complaints_office", "service")


@dataclass
class Story:
    """What the story made: planted value -> (label, owner), and the ids that fill the routes."""

    planted: dict[str, tuple[str, Owner]] = field(default_factory=dict)
    cases: dict[str, dict] = field(default_factory=dict)  # kind -> the answer to POST /cases
    complaints: list[str] = field(default_factory=list)
    identity_requests: list[str] = field(default_factory=list)
    desk_items: list[str] = field(default_factory=list)
    review_ids: list[str] = field(default_factory=list)
    agent_output: list[str] = field(default_factory=list)
    enquiries: list[str] = field(default_factory=list)  # R-ONCE-2: the one-time notice follows

    def plant(self, owner: Owner, **values: str | None) -> dict:
        for label, value in values.items():
            if value:
                self.planted[value] = (f"{owner.kind} {owner.ref} {label}".replace("  ", " "), owner)
        return values


def call(method: str, url: str, headers: dict, body=None, expect=(200, 201)) -> dict:
    data = None if body is None else json.dumps(body, ensure_ascii=False)
    answer = requests.request(method, url, data=data, headers=headers, timeout=15)
    assert answer.status_code in expect, f"{method} {url}: {answer.status_code} {answer.text[:500]}"
    return answer.json() if answer.content else {}


# One applicant per kind of case (R-KIND-1..7): item, window token, what is presented, steps.
APPLICANTS = {
    "immediate": ("MZ-001", "dev-window-civil", "闾丘砚秋", "13955500101", "yanqiu.lq@example.cn"),
    "promised": ("SC-010", "dev-window-market", "公冶临川", "13955500102", "linchuan.gy@example.cn"),
    "supplement": ("SC-010", "dev-window-market", "宰父听松", "13955500103", None),
    "returned": ("SC-010", "dev-window-market", "谷梁沐晴", "13955500104", None),
    "urgent": ("RS-002", "dev-window-hr-social", "拓跋怀瑾", "13955500105", None),
    "escalated": ("MZ-003", "dev-window-civil", "呼延清和", "13955500106", "qinghe.hy@example.cn"),
    "joint": ("NY-001", "dev-window-agriculture", "赫连望舒", "13955500107", "wangshu.hl@example.cn"),
}
COMPLAINANT = {"name": "皇甫映雪", "phone": "13955509901", "address": "青石县望江路417号3单元502室"}
EMAIL_COMPLAINANT = {
    "name": "澹台知遥",
    "phone": "13955509902",
    "email": "zhiyao.tt@example.cn",
    "address": "青石县栖霞街88号",
}
OPEN311_FILER = {
    "last_name": "钟离",
    "first_name": "暮云",
    "phone": "13955509903",
    "email": "muyun.zl@example.cn",
}
REPORTER = {"name": "令狐听澜", "phone": "13955508801", "email": "tinglan.lh@example.cn"}
FORWARDED = ("market_regulation", "civil_affairs")  # the accused department and another
ANSWER = {
    "findings": "经查属实：窗口人员推诿拖延（核查记录QS-58213）",
    "decision": "对责任人通报批评并扣减当月考核分（决定书QS-58214）",
}


def accept_cases(story: Story, intake) -> None:
    for kind, (item, token, name, phone, email) in APPLICANTS.items():
        body = {
            "item_code": item,
            "applicant_name": name,
            "applicant_phone": phone,
            "applicant_email": email,
            "presented": materials(item),
            "first_responder": dict(WORK_PHONE),
        }
        if kind == "supplement":
            body["presented"] = [m for m in materials(item) if m != "经营场所使用证明"]
        if kind == "returned":
            body.update(decision="return", return_reason="经营场所不符合设立条件（现场核查不通过）")
        if kind == "urgent":
            body.update(urgent=True, urgent_days=1)
        case = call("POST", f"{intake.url}/cases", bearer(token), body)
        story.cases[kind] = {**case, "token": token}
        departments = JOINT if kind == "joint" else (ITEM_DEPARTMENTS[item],)
        story.plant(Owner("applicant", case["case_no"], departments), name=name, phone=phone, email=email)
        # the code's readers: the windows of the department whose notices the case has (the lead's)
        story.plant(Owner("code", case["case_no"], departments[:1]), code=case["verification_code"])


ENQUIRER = {"enquirer_phone": "13955500161", "enquirer_email": "mingyuan.zs@example.cn"}


def record_enquiry(story: Story, intake) -> None:
    """A phone enquiry whose one-time notice follows by SMS (R-ONCE-2): its contact is planted."""
    body = {"item_code": "SC-010", "channel": "phone", **ENQUIRER}
    enquiry = call("POST", f"{intake.url}/enquiries", bearer("dev-window-market"), body)
    story.enquiries.append(enquiry["enquiry_no"])
    owner = Owner("applicant", enquiry["enquiry_no"], ("market_regulation",))
    story.plant(owner, phone=ENQUIRER["enquirer_phone"], email=ENQUIRER["enquirer_email"])


ITEM_DEPARTMENTS = {
    "MZ-001": "civil_affairs",
    "MZ-003": "civil_affairs",
    "SC-010": "market_regulation",
    "RS-002": "human_resources_social_security",
    "NY-001": "agriculture_rural",
}


def work_cases(story: Story, intake) -> None:
    """Each case to its end at its window (the joint case: ``joint_case``); the returned case
    ends where it began."""

    def step(kind: str, action: str, body: dict) -> None:
        case = story.cases[kind]
        call("POST", f"{intake.url}/cases/{case['case_no']}/{action}", bearer(case["token"]), body)

    # the promised case is suspended for an expert review, resumed and extended (R-CLOCK-2, R-CLOCK-4):
    # more notices that name the applicant
    step(
        "promised",
        "suspension",
        {
            "reason_kind": "expert_review",
            "reason": "组织专家评审 (expert review)",
            "expected_working_days": 5,
        },
    )
    step("promised", "resumption", {})
    case = story.cases["promised"]
    call(
        "POST",
        f"{intake.url}/cases/{case['case_no']}/extension",
        bearer("dev-head-market"),
        {"days": 3, "reason": "需现场核查经营场所"},
    )
    for kind in ("immediate", "promised", "urgent"):
        step(kind, "completion", {"outcome": "approved"})
    step("supplement", "supplements", {"materials": ["经营场所使用证明"]})
    step("supplement", "completion", {"outcome": "approved"})
    step("escalated", "forwarding", {"authority": "市民政局"})
    step(
        "escalated",
        "authority-answer",
        {"authority": "市民政局", "reference": "民批〔2026〕17号", "outcome": "approved"},
    )


def agent(stack, department: str) -> subprocess.Popen:
    """The department's own system, logged in as its own broker account (R-JOINT-2, R-JOINT-3)."""
    uri = department_uri(stack.broker, stack.amqp_uri, department)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "department_agent",
            "--amqp-uri",
            uri,
            "--department",
            department,
            "--policy",
            "approve",
            "--max-tasks",
            "1",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def joint_case(story: Story, stack, intake, joint_review) -> None:
    """The three departments' agents answer their tasks; the lead window decides (R-JOINT-1..4)."""
    case = story.cases["joint"]
    review_id = f"JR-{case['case_no']}"
    story.review_ids.append(review_id)
    for process in [agent(stack, department) for department in JOINT]:
        output, _ = process.communicate(timeout=60)
        story.agent_output.append(output.decode(errors="replace"))
        assert process.returncode == 0, story.agent_output[-1]
    lead = bearer(case["token"])

    def converged():
        return call("GET", f"{joint_review.url}/reviews/{review_id}", lead)["status"] == "converged"

    wait_for(converged, timeout=40)
    call("POST", f"{joint_review.url}/reviews/{review_id}/decision", lead, {})
    wait_for(
        lambda: call("GET", f"{intake.url}/cases/{case['case_no']}", lead)["status"] == "completed",
        timeout=40,
    )


def file_complaint(
    complaints, complainant: dict, channel: str, case_no: str | None, severity: str = "simple"
) -> str:
    body = {
        "channel": channel,
        "category": "poor_attitude" if severity == "simple" else "bribes_or_favours",
        "severity": severity,
        "matter": "窗口工作人员推诿，未一次性告知所需材料",
        "occurred_at": "2026-11-30T10:00:00+08:00",
        "place": "便民服务中心 W03 窗口",
        "department": "market_regulation",
        "window": "W03",
        "staff_id": "S01",
        "case_no": case_no,
        "complainant": complainant,
    }

    def filed():  # complaints knows the case from intake's events, a moment after it was accepted
        answer = requests.post(
            f"{complaints.url}/complaints", data=json.dumps(body), headers=OFFICE, timeout=15
        )
        return answer.json()["complaint_no"] if answer.status_code == 201 else None

    return wait_for(filed, timeout=30)


def complaints_story(story: Story, complaints) -> None:
    """A written complaint about the promised case answered by letter (no e-mail: a print job),
    forwarded to the accused department and another; a discipline complaint answered by e-mail,
    referred, whose complainant's identity an agency asks for and is never granted; one filed
    through Open311 by an app; a desk item from registration to the follow-up."""
    url = complaints.url
    letter = file_complaint(complaints, COMPLAINANT, "letter", story.cases["promised"]["case_no"])
    online = file_complaint(complaints, EMAIL_COMPLAINANT, "online", None, "discipline")
    filed = requests.post(
        f"{url}/open311/v2/requests.json",
        timeout=15,
        data={
            "api_key": "dev-complaints",
            "service_code": "complaint-poor_attitude",
            "description": "窗口工作人员态度生硬（经 12345 政务服务便民热线 App 提交）",
            "attribute[department]": "market_regulation",
            **OPEN311_FILER,
        },
    )
    assert filed.status_code == 201, filed.text
    by_app = filed.json()[0]["service_request_id"]
    story.complaints += [letter, online, by_app]
    story.plant(Owner("complainant", by_app), name="钟离 暮云", **OPEN311_FILER)
    story.plant(Owner("complainant", letter), **COMPLAINANT)
    story.plant(Owner("complainant", online), **EMAIL_COMPLAINANT)
    story.plant(Owner("answer", letter, FORWARDED), **ANSWER)
    call("POST", f"{url}/complaints/{letter}/forwards", OFFICE, {"departments": list(FORWARDED)})
    # the accused department may not report on its own case: the office does, civil affairs its own
    call(
        "POST",
        f"{url}/complaints/{letter}/forwards/market_regulation/report",
        OFFICE,
        {"report": "已核实并整改"},
    )
    call(
        "POST",
        f"{url}/complaints/{letter}/forwards/civil_affairs/report",
        bearer("dev-window-civil"),
        {"report": "已配合核实"},
    )
    call("POST", f"{url}/complaints/{online}/referral", OFFICE)  # discipline: to the commission
    asked = call("POST", f"{url}/complaints/{online}/identity-requests", AGENCY, {"reason": "立案审查"})
    story.identity_requests.append(asked["request_id"])
    for number in (letter, online):
        call(
            "POST",
            f"{url}/complaints/{number}/answer",
            OFFICE,
            ANSWER if number == letter else {"findings": "经查不属实。", "decision": "已向投诉人说明。"},
        )
        call("POST", f"{url}/complaints/{number}/close", OFFICE, {"substantiated": number == letter})
        call("POST", f"{url}/complaints/{number}/follow-up", OFFICE, {"satisfaction": "satisfied"})
    item = call(
        "POST",
        f"{url}/desk/items",
        OFFICE,
        {
            "item": "个体工商户设立登记",
            "item_code": "SC-010",
            "units": ["market_regulation"],
            "tier": "ordinary",
            "reason": "往返多次未办成",
            "reporter": REPORTER,
        },
    )["item_no"]
    story.desk_items.append(item)
    story.plant(Owner("reporter", item), **REPORTER)
    call("POST", f"{url}/desk/items/{item}/forwarding", OFFICE, {"department": "market_regulation"})
    call(
        "POST",
        f"{url}/desk/items/{item}/answer",
        bearer("dev-window-market"),
        {"result": "已办结", "solved": True},
    )
    call("POST", f"{url}/desk/items/{item}/follow-up", OFFICE, {"satisfaction": "satisfied"})


def notices_settled(story: Story, notify) -> bool:
    """notify has archived a notice for every case and both complaint answers, and the letter
    waits at the window (what the scan must see before it looks)."""
    operator = bearer("dev-operator")
    for case in story.cases.values():
        if not call("GET", f"{notify.url}/notices?case_no={case['case_no']}", operator)["notices"]:
            return False
    for number in story.complaints[:2]:  # the answered ones
        if not call("GET", f"{notify.url}/notices?complaint_no={number}", OFFICE)["notices"]:
            return False
    jobs = call("GET", f"{notify.url}/print-jobs?waiting=false", OFFICE)["jobs"]
    return any(job.get("complaint_no") == story.complaints[0] for job in jobs)


def spy_on(amqp_uri: str, exchanges: list[str]) -> tuple:
    """A queue bound with ``#`` to every exchange as it exists (topic, fanout: ``bus.bind_spy_queue``
    would re-declare each as a topic); ``(connection, channel, queue)`` like bus.bind_spy_queue."""
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    channel = connection.channel()
    name = f"agency.spy.{uuid.uuid4().hex[:8]}"
    channel.queue_declare(name, durable=True)
    for exchange in exchanges:
        channel.queue_bind(name, exchange, routing_key="#")
    return connection, channel, name


def quiet_spy(spy, quiet_seconds: float = 2.0, limit: float = 30.0) -> list[tuple[str, str, bytes]]:
    """Every message on the spy queue until none came for ``quiet_seconds``: (exchange, key, body)."""
    _, channel, name = spy
    taken, last, started = [], time.monotonic(), time.monotonic()
    while time.monotonic() - last < quiet_seconds and time.monotonic() - started < limit:
        method, _, body = channel.basic_get(name, auto_ack=True)
        if method is None:
            time.sleep(0.05)
            continue
        taken.append((method.exchange, method.routing_key, body))
        last = time.monotonic()
    return taken
