"""Only the gateway, with the secret it shares with the hall, can sign a push of delivery reports
(``notify.delivery.report_signature``): the local gateway's signature passes, anything else is a
401 with its own code, and a push signed outside the window is refused (a replay)."""

from types import SimpleNamespace

import pytest

from local_stack.peers.sms_push import signed_headers
from notify.delivery.report_signature import (
    ReportAuth,
    ReportSignatureInvalid,
    ReportStale,
    ReportUnsigned,
)
from notify.delivery.reports_api import DEV_SMS_REPORT_SECRET, SmsReportSecret
from web_api.hall_mode import UnsafeSecret

SECRET = "s3cret-of-the-hall"
BODY = b'[{"id": "m-1", "status": "delivered", "reported_at": "2026-12-05T02:00:00+00:00"}]'
NOW = 1_764_900_000.0
AUTH = ReportAuth(SECRET.encode(), 300)


def check(headers: dict, body: bytes = BODY, now: float = NOW, auth: ReportAuth = AUTH) -> None:
    auth.check(headers.get("X-Sms-Timestamp"), headers.get("X-Sms-Signature"), body, now)


def test_a_push_signed_by_the_local_gateway_with_the_shared_secret_passes():
    check(signed_headers(SECRET, BODY, NOW - 10))
    check(
        {k: v.upper() if k == "X-Sms-Signature" else v for k, v in signed_headers(SECRET, BODY, NOW).items()}
    )


@pytest.mark.parametrize("missing", ["X-Sms-Timestamp", "X-Sms-Signature"])
def test_a_push_without_its_timestamp_or_signature_is_unsigned(missing):
    headers = signed_headers(SECRET, BODY, NOW)
    del headers[missing]
    with pytest.raises(ReportUnsigned) as refused:
        check(headers)
    assert refused.value.code == "report_unsigned" and "签名" in refused.value.message


@pytest.mark.parametrize(
    "forged",
    [
        signed_headers("another-secret", BODY, NOW),  # the wrong secret
        signed_headers(SECRET, BODY.replace(b"delivered", b"undeliverable"), NOW),  # another body
        {**signed_headers(SECRET, BODY, NOW), "X-Sms-Timestamp": str(int(NOW) + 1)},  # moved timestamp
        {**signed_headers(SECRET, BODY, NOW), "X-Sms-Signature": "签名"},  # not even hex
        {**signed_headers(SECRET, BODY, NOW), "X-Sms-Timestamp": "１７６４９"},  # not ASCII
    ],
)
def test_a_forged_or_altered_push_is_refused(forged):
    with pytest.raises(ReportSignatureInvalid) as refused:
        check(forged)
    assert refused.value.code == "report_signature_invalid"


def test_without_a_secret_nothing_passes_not_even_a_push_signed_with_the_empty_key():
    with pytest.raises(ReportSignatureInvalid):
        check(signed_headers("", BODY, NOW), auth=ReportAuth(b"", 300))


@pytest.mark.parametrize("age", [301, -301, 86400])
def test_a_push_signed_outside_the_window_is_refused_as_a_replay(age):
    with pytest.raises(ReportStale) as refused:
        check(signed_headers(SECRET, BODY, NOW - age))
    assert refused.value.code == "report_stale"


def secret_with(**config) -> ReportAuth:
    provider = SmsReportSecret()
    provider.container = SimpleNamespace(config=config)
    provider.setup()
    return provider.auth


@pytest.mark.parametrize("secret", [DEV_SMS_REPORT_SECRET, "", " "])
def test_with_a_gateway_a_published_or_missing_report_secret_stops_notify_outside_development(secret):
    with pytest.raises(UnsafeSecret, match="SMS_REPORT_SECRET"):
        secret_with(
            HALL_MODE="production", SMS_GATEWAY_URL="https://sms.example.gov.cn", SMS_REPORT_SECRET=secret
        )


def test_the_dev_secret_runs_in_development_and_a_real_one_anywhere():
    dev = secret_with(
        HALL_MODE="development", SMS_GATEWAY_URL="http://x", SMS_REPORT_SECRET=DEV_SMS_REPORT_SECRET
    )
    assert dev.secret == DEV_SMS_REPORT_SECRET.encode()
    real = secret_with(
        SMS_GATEWAY_URL="https://sms.example.gov.cn",
        SMS_REPORT_SECRET="r-9c1e",
        SMS_REPORT_WINDOW_SECONDS="60",
    )
    assert (real.secret, real.window) == (b"r-9c1e", 60.0)
    assert (
        secret_with(HALL_MODE="production").secret == b""
    )  # no gateway: nothing to report, nothing accepted
