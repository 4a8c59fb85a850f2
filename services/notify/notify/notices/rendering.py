"""Notices rendered with Jinja2 from an event's data; each template file carries a version.

A template is ``templates/<notice_type>.v<N>.txt.j2``. The newest N renders new notices; an
older one is rendered on request, because an archived notice keeps (and can be reproduced
with) the version it was issued with. A field the template needs and the data lacks (or holds
as null) is never printed as a blank: the whole render fails with ``NoticeDataError`` naming
every such field, so a half-filled notice cannot exist. Every date and time a template shows
goes through the one filter ``china_time`` (China time, whatever zone the event carried).
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined

from hall_contracts import departments
from notify.notices.masking import data_secrets, masked, sha256
from notify.notices.rules import NoticeDataError
from notify.times import china_time

TEMPLATES_DIR = Path(__file__).parent / "templates"
_TEMPLATE_NAME = re.compile(r"^(?P<notice_type>[a-z_]+)\.v(?P<version>\d+)\.txt\.j2$")

# The published events each notice is rendered from (one_time reads the catalogue item, and
# the complaint notices an explicit context: complaints' samples need not name a case). The receipt
# adds the verification code notify reads from intake (never in an event): ``handlers.rendered_plans``.
NOTICE_SOURCES = {
    "receipt": ("intake.case_accepted", "intake.supplement_requested", "intake.case_registered"),
    "one_time": (),
    "supplement": ("intake.supplement_requested",),
    "acceptance": ("intake.case_accepted",),
    "return": ("intake.case_returned",),
    "joint_case": ("joint_review.review_opened",),
    "consolidated_supplement": ("joint_review.supplement_consolidated",),
    "extension": ("intake.case_extended",),
    "suspension": ("intake.case_suspended",),
    "resumption": ("intake.case_resumed",),
    "forwarding": ("intake.case_escalated",),
    "overdue_explanation": ("intake.case_overdue_decided",),
    "transfer": ("intake.case_transferred",),
    "completion": ("intake.case_completed",),
    "complaint_answer": (),
    "complaint_delay": (),
    "complaint_report": (),
    "complaint_forwarded": (),
    "staff_reminder": ("joint_review.task_due_soon", "intake.case_due_soon"),
    "overdue_report": ("joint_review.task_overdue", "intake.case_overdue"),
    "meeting_invitation": ("joint_review.meeting_scheduled",),
}

SUSPENSION_KINDS = {
    "hearing": "听证",
    "tendering": "招标",
    "auction": "拍卖",
    "testing": "检验",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
    "site_inspection": "现场勘查",
    "joint_supplement": "联办部门要求补正材料",
}

_missing: ContextVar[list[str]] = ContextVar("notice_missing_fields")


@dataclass(frozen=True)
class Rendered:
    notice_type: str
    template: str
    version: int
    text: str
    sha256: str
    # what ``notice_issued`` publishes: the text's hash with every secret the text prints (the
    # receipt's code) masked, so no subscriber recovers a code by hashing every candidate
    public_sha256: str = ""


class _Fields(dict):
    """Event data that remembers where it sits, so a missing field is named by its path."""

    def __init__(self, data: dict, path: str):
        super().__init__(
            {key: _wrap(value, f"{path}{key}") for key, value in data.items() if value is not None}
        )
        self.hall_path = path


def _wrap(value, path: str):
    if isinstance(value, dict):
        return _Fields(value, f"{path}.")
    if isinstance(value, list):
        return [_wrap(item, f"{path}[{index}]") for index, item in enumerate(value)]
    return value


class _MissingField(StrictUndefined):
    """Strict, but records each missing field and goes on, so the error names all of them."""

    __slots__ = ()

    def _record(self):
        owner = self._undefined_obj
        path = f"{getattr(owner, 'hall_path', '')}{self._undefined_name}"
        found = _missing.get()
        if path not in found:
            found.append(path)

    def __getattr__(self, name):
        if name[:2] == "__":
            raise AttributeError(name)
        return self

    def __getitem__(self, key):
        return self

    def __str__(self):
        self._record()
        return ""

    def __iter__(self):
        self._record()
        return iter(())

    def __bool__(self):
        self._record()
        return False

    def __len__(self):
        self._record()
        return 0

    def __eq__(self, other):
        self._record()
        return False

    def __ne__(self, other):
        self._record()
        return True

    def __hash__(self):  # StrictUndefined refuses to be hashed; a missing field is recorded instead
        return object.__hash__(self)


def _passing_undefined(convert):
    def apply(value):
        return value if isinstance(value, Undefined) else convert(value)

    return apply


def _department(code: str) -> str:
    return departments.department_name(code)


def _department_entry(code: str) -> departments.Department:
    found = departments.directory().departments.get(code)
    if found is None:  # a phone or a remedy body cannot be guessed: never print a wrong one
        raise NoticeDataError(f"department {code!r} is not in the hall's directory")
    return found


def _department_phone(code: str) -> str:
    return _department_entry(code).phone


def _review_body(code: str) -> str:
    """Where the department's decision is reviewed (行政复议机关), for the remedy a notice states."""
    return _department_entry(code).review_body


def _suspension_kind(kind: str) -> str:
    if kind not in SUSPENSION_KINDS:
        raise NoticeDataError(f"unknown suspension reason_kind {kind!r}")
    return SUSPENSION_KINDS[kind]


def _china_time(value, date_only: bool = False):
    """Every time a notice shows, in China time (``notify.times.china_time``); dates stay dates."""
    return value if isinstance(value, Undefined) else china_time(value, date_only)


_ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    undefined=_MissingField,
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    # templates ship with the code: each is compiled once, never checked on disk again
    auto_reload=False,
    cache_size=-1,
)
_ENVIRONMENT.filters.update(
    department=_passing_undefined(_department),
    department_phone=_passing_undefined(_department_phone),
    review_body=_passing_undefined(_review_body),
    suspension_kind=_passing_undefined(_suspension_kind),
    china_time=_china_time,
)
# the hall's address, phone, tracking page and remedy bodies (hall_contracts.departments)
_ENVIRONMENT.globals["hall"] = departments.directory().hall.as_dict()


def versions(notice_type: str) -> list[int]:
    """The versions of a notice's template on disk, oldest first."""
    return list(_versions(notice_type))


def _versions(notice_type: str) -> tuple[int, ...]:
    return _listed(notice_type, _ENVIRONMENT.loader)


@cache
def _listed(notice_type: str, loader) -> tuple[int, ...]:
    """Read from disk once per notice type and loader (the templates ship with the code)."""
    found = [
        int(match["version"])
        for match in map(_TEMPLATE_NAME.match, loader.list_templates())
        if match and match["notice_type"] == notice_type
    ]
    if not found:
        raise LookupError(f"no template for notice type {notice_type!r}")
    return tuple(sorted(found))


def render(notice_type: str, data: dict, version: int | None = None) -> Rendered:
    """Render ``data`` (an event's ``data``) with the newest template, or with ``version``."""
    available = _versions(notice_type)
    chosen = available[-1] if version is None else version
    if chosen not in available:
        raise LookupError(f"{notice_type} has no template version {chosen} (has {available})")
    template = f"{notice_type}.v{chosen}.txt.j2"
    token = _missing.set([])
    try:
        text = _ENVIRONMENT.get_template(template).render(_Fields(data, ""))
        missing = _missing.get()
    finally:
        _missing.reset(token)
    if missing:
        raise NoticeDataError(f"{notice_type} notice (template {template}) lacks: {', '.join(missing)}")
    public = masked(text, data_secrets(data))  # printed for the applicant, never hashed onto the bus
    return Rendered(notice_type, notice_type, chosen, text, sha256(text), sha256(public))
