"""The message each documented refusal's example shows: what the hall answers with that code,
in Chinese for the window clerk (the English after it is for the developer). Copied from the
raise sites (``refusals`` subclasses, ``ApiError``); a value in braces there is filled in with a
plausible one. A documented code missing here fails tests/service/test_openapi.py."""

from __future__ import annotations

EXAMPLE_MESSAGES = {
    # the edge (web_api): every route
    "invalid_json": "请求体不是有效的 JSON (the body is not valid JSON)",
    "unauthenticated": "请先登录 (a bearer token is required)",
    "forbidden": "当前岗位无权进行此操作 (the caller's role may not do this)",
    "not_found": "未找到该地址 (no such resource)",
    "method_not_allowed": "该地址不支持此请求方法 (this method is not allowed here)",
    "payload_too_large": "请求体过大，上限 1048576 字节 (the body is larger than 1048576 bytes)",
    "unsupported_media_type": "不支持的请求体类型 (the body must be application/json)",
    "validation_failed": "请求内容有误 (the request has invalid fields)",
    "conflict": "当前状态不允许此操作 (not allowed in the current state)",
    "database_unavailable": "数据库暂时不可用，请稍后重试 (the database is unavailable: retry)",
    "idempotency_key_invalid": "幂等键无效：须为 1 至 200 个可打印的 ASCII 字符 (Idempotency-Key invalid)",
    "idempotency_key_in_progress": "相同幂等键的请求正在处理，请稍后重试 (this key is in progress)",
    "idempotency_key_reused": "该幂等键已用于另一内容的请求，请换用新的幂等键 (used for another request)",
    # the operator's routes (service_metrics)
    "dead_letter_not_found": "没有该死信，可能已重新投递 (no such dead letter: re-driven already?)",
    "dead_letter_changed": "该消息重新投递后再次进入死信，请查看后再操作 (dead-lettered again since)",
    # intake
    "unknown_item": "目录中没有事项 SC-999 (no catalogue item SC-999)",
    "transition_not_allowed": "当前状态不允许此操作 (the state does not allow this step)",
    "extension_already_requested": "办件已有待审批的延期申请 (an extension request is already waiting)",
    "extension_too_late": "延期须在期限前至少 1 个工作日告知申请人 (R-CLOCK-4: too late to extend)",
    "no_extension_request": "办件没有待审批的延期申请 (no extension request is waiting)",
    "not_overdue": "办件未超过办结期限，不能作逾期处理决定 (the case is not past its limit)",
    "already_decided": "已有处理决定 (already decided)",
    "not_completed": "办件尚未办结，办结后才能评价 (the case is not completed yet)",
    "too_many_attempts": "验证码错误次数过多，请稍后再试 (too many wrong codes: try again later)",
    "backup_unavailable": "请假会造成窗口空岗或审查任务无人办理 (R-AB-1: the backup is away too)",
    # joint review
    "already_answered": "该部门本轮已答复 (this department has answered this round)",
    # complaints
    "unknown_case": "没有该受理编号的办件 (no such case)",
    "written_form_required": "重大或影响面广的投诉须书面提出 (a major complaint must be in writing)",
    "already_reported": "该部门已回复 (this department already reported back)",
    "not_referred": "只有已移送的投诉可申请查询投诉人身份 (only a referred complaint)",
    "contact_not_available": "仅在书面通知送达期间可读取联系方式 (the contact is readable only then)",
    "consent_required": "延期须经反映人同意并记录 (an extension needs the reporter's recorded consent)",
    # notify
    "contact_unavailable": "收件人信息暂不可用，请稍后再试 (the recipient's owner did not answer)",
    "tracking_unavailable": "暂时无法核对验证码，请稍后再试 (intake did not answer; try again later)",
    "missing_case_no": "请提供受理编号和验证码 (case_no and code are required)",
    "not_resendable": "只能重发存疑或失败的投递 (only an in-doubt or failed delivery is resent)",
    "already_handed_over": "该信件已交付 (the letter was handed over already)",
    "report_unsigned": "缺少回执签名 (the push needs the X-Sms-Timestamp and X-Sms-Signature headers)",
    "report_signature_invalid": "回执签名无效 (the signature does not match the body)",
    "report_stale": "回执时间戳超出 300 秒的有效期 (signed too long ago, or in the future)",
    "invalid_reports": "回执须为 JSON 数组 (the body must be an array of reports)",
    "too_many_reports": "每次推送 1 至 500 条回执 (1 to 500 reports a push)",
}


# what a path parameter names, for a route's not_found example ("未找到该办件 (no such case)")
RESOURCES = {
    "case_no": ("办件", "case"),
    "complaint_no": ("投诉", "complaint"),
    "item_no": ("反映事项", "desk item"),
    "review_id": ("联审", "review"),
    "meeting_id": ("会议", "meeting"),
    "inspection_id": ("踏勘", "inspection"),
    "task_id": ("审查任务", "review task"),
    "staff_id": ("工作人员", "member of staff"),
    "leave_id": ("请假记录", "leave"),
    "post_id": ("岗位", "post"),
    "window": ("窗口", "window"),
    "reviewer_id": ("审查人员", "reviewer"),
    "department": ("部门", "department"),
    "enquiry_no": ("咨询", "enquiry"),
    "applicant_ref": ("申请人", "applicant"),
    "notice_no": ("通知书", "notice"),
    "job_id": ("打印任务", "print job"),
    "delivery_id": ("投递", "delivery"),
    "request_id": ("申请", "request"),
    "code": ("事项", "catalogue item"),
    "year": ("年度日历", "calendar year"),
    "name": ("文件", "file"),
}


def example_message(code: str, path_names: tuple[str, ...] = ()) -> str:
    """The example message of ``code``; a ``not_found`` names what the route's path parameters
    name. A code without a message is a KeyError (a test finds it)."""
    named = [RESOURCES[name] for name in path_names if name in RESOURCES]
    if code == "not_found" and named:
        chinese, english = "或".join(n[0] for n in named), " or ".join(n[1] for n in named)
        return f"未找到该{chinese} (no such {english})"
    return EXAMPLE_MESSAGES[code]
