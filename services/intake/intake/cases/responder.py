"""R-FIRST-1: who a new case's first responder is.

The signed-in clerk, as the access layer knows them (id, name, window, department), with the work
phone from the body or the roster. A window head may record the case for a colleague of the same
department (the history line of ``registered`` then names both: its actor and
``first_responder_id``). Any body value naming someone else is refused with 403 ``forbidden``,
never silently replaced: a receipt must not name a person who did not receive the applicant.
"""

from __future__ import annotations

from collections.abc import Iterable

from intake.refusals import InvalidRequest
from web_api import Forbidden
from web_api.access import Principal

HEADS = ("window_head",)
WINDOW_ROLES = ("window_staff", "window_head", "lead_window")
SAID = {"name": "姓名 (name)", "window": "窗口 (window)"}


def known_staff(staff_id: str, principals: Iterable[Principal], on_roster: dict | None) -> dict | None:
    """What the access layer (first) and the roster know of a member of staff; None: nobody.

    >>> known_staff("S01", [Principal("S01", "李四", "window_staff", "market", "W03")], None)["window"]
    'W03'
    """
    person = dict(on_roster or {})
    for principal in principals:
        if principal.subject == staff_id and principal.role in WINDOW_ROLES:
            fields = (
                ("name", principal.name),
                ("department", principal.department),
                ("window", principal.window),
            )
            person.update({key: value for key, value in fields if value})
            break
    return person or None


def first_responder(principal: Principal, asked: dict, person: dict | None) -> dict:
    """The first responder of a case ``principal`` accepts; ``asked`` is the body's
    ``first_responder`` (may be empty), ``person`` what is known of the staff id it names
    (default: the caller). Raises ``Forbidden`` (someone else) or ``InvalidRequest``.

    >>> me = Principal("S01", "李四", "window_staff", "market", "W03")
    >>> first_responder(me, {"phone": "0571-1234"}, None)["name"]
    '李四'
    """
    staff_id = asked.get("staff_id") or principal.subject
    if staff_id == principal.subject:
        fields = (
            ("name", principal.name),
            ("department", principal.department),
            ("window", principal.window),
        )
        person = {**(person or {}), **{key: value for key, value in fields if value}}
    else:
        person = _colleague(principal, staff_id, person)
    _check_agrees(asked, person)
    answer = {
        "staff_id": staff_id,
        "name": person.get("name"),
        "phone": asked.get("phone") or person.get("phone"),
        "window": person.get("window") or asked.get("window"),
    }
    missing = {
        f"first_responder.{key}": [f"须填写首问责任人的{label} (the first responder's {key} is needed)"]
        for key, label in (("phone", "工作电话"), ("window", "窗口"))
        if not answer[key]
    }
    if missing:
        raise InvalidRequest("首问责任人信息不全 (the first responder is incomplete)", missing)
    return answer


def _colleague(principal: Principal, staff_id: str, person: dict | None) -> dict:
    """A head records for a colleague of their own department; nobody else for anyone else."""
    if principal.role not in HEADS:
        raise Forbidden(
            f"首问责任人须为登录的工作人员本人 (the first responder is the signed-in clerk "
            f"{principal.subject}; only a window head may record a case for a colleague, not {staff_id})",
            {"first_responder.staff_id": staff_id},
        )
    if person is None:
        raise InvalidRequest(
            f"没有工作人员 {staff_id} (no staff {staff_id} is known)",
            {"first_responder.staff_id": [f"没有工作人员 {staff_id} (no staff {staff_id} is known)"]},
        )
    if person.get("department") != principal.department:
        raise Forbidden(
            f"只能为本部门 ({principal.department}) 的同事登记 (a window head records only for "
            f"colleagues of their own department; {staff_id} is not one)",
            {"first_responder.staff_id": staff_id},
        )
    return person


def _check_agrees(asked: dict, person: dict) -> None:
    """A name or window sent must be the person's own: otherwise it names someone else."""
    wrong = [key for key in SAID if asked.get(key) and person.get(key) and asked[key] != person[key]]
    if wrong:
        raise Forbidden(
            f"首问责任人的{'、'.join(SAID[key] for key in wrong)}与登录信息不符 (the first responder's "
            f"{', '.join(wrong)} must be their own: {', '.join(str(person[key]) for key in wrong)})",
            {f"first_responder.{key}": person[key] for key in wrong},
        )
