"""Notices: what each one must say. No framework here.

The walking skeleton renders the receipt (回执) only; templates become Jinja2 files with
versions in the notify issue.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

RECEIPT_TEMPLATE = "receipt"
RECEIPT_TEMPLATE_VERSION = 1
RECEIPT_TEXT = (
    "回执\n"
    "受理编号：{case_no}\n"
    "办理事项：{item_name}（{item_code}）\n"
    "受理时间：{accepted_at}\n"
    "承诺时限：{promised}\n"
    "首问责任人：{staff_name}（窗口 {window}，电话 {staff_phone}）\n"
)


class NoticeDataError(ValueError):
    """The event lacks what the notice must state; never render half a notice."""


@dataclass(frozen=True)
class Notice:
    notice_no: str
    notice_type: str
    case_no: str | None
    recipient_ref: str
    channel: str
    template: str
    template_version: int
    content: str
    source_event_id: str
    created_at: datetime

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.content.encode("utf-8")).hexdigest()


def receipt_for(event: dict, now: datetime) -> Notice:
    data = event["data"]
    try:
        staff = data["first_responder"]
        promised = (f"{data['promised_days']} 个工作日" if data.get("promised_days")
                    else "当场办结")
        content = RECEIPT_TEXT.format(
            case_no=data["case_no"], item_name=data["item_name"], item_code=data["item_code"],
            accepted_at=data["accepted_at"], promised=promised, staff_name=staff["name"],
            window=staff["window"], staff_phone=staff["phone"],
        )
    except (KeyError, TypeError) as exc:
        raise NoticeDataError(f"case_accepted event {event['id']} lacks {exc}") from exc
    return Notice(
        notice_no=f"N-{data['case_no']}-RCPT", notice_type="receipt", case_no=data["case_no"],
        recipient_ref=data["applicant_ref"], channel="print", template=RECEIPT_TEMPLATE,
        template_version=RECEIPT_TEMPLATE_VERSION, content=content,
        source_event_id=event["id"], created_at=now,
    )


def notice_issued_data(notice: Notice) -> dict:
    return {
        "notice_no": notice.notice_no,
        "notice_type": notice.notice_type,
        "case_no": notice.case_no,
        "template": notice.template,
        "template_version": notice.template_version,
        "content_sha256": notice.content_sha256,
        "channel": notice.channel,
    }
