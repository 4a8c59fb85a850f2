"""notify's email channel from its configuration (SMTP_SECURITY, SMTP_USERNAME, SMTP_PASSWORD,
SMTP_CA_FILE); outside development mode a login is never sent in the clear, nor left without its
password, and a security mode notify does not know stops it at start."""

from __future__ import annotations

import pytest
from self_signed import self_signed

from notify.delivery.channels.email_config import email_channel
from web_api.hall_mode import UnsafeSecret

RELAY = {"SMTP_HOST": "smtp.example.gov.cn", "SMTP_SENDER": "政务服务中心 <notice@hall.example.gov.cn>"}
LOGIN = {"SMTP_USERNAME": "hall-notify", "SMTP_PASSWORD": "s3cret-relay"}


@pytest.mark.parametrize(("security", "port"), [("", 25), ("none", 25), ("starttls", 587), ("SSL", 465)])
def test_each_security_mode_has_its_usual_port_unless_one_is_set(security, port):
    channel = email_channel({**RELAY, "SMTP_SECURITY": security})
    assert channel is not None and (channel.security, channel.port) == (security.lower() or "none", port)
    assert email_channel({**RELAY, "SMTP_SECURITY": security, "SMTP_PORT": "2525"}).port == 2525


def test_the_login_comes_from_the_configuration():
    channel = email_channel({**RELAY, **LOGIN, "SMTP_SECURITY": "starttls", "HALL_MODE": "production"})
    assert (channel.username, channel.password, channel.envelope_sender) == (
        "hall-notify",
        "s3cret-relay",
        "notice@hall.example.gov.cn",
    )


@pytest.mark.parametrize(
    ("config", "setting"),
    [
        ({**LOGIN, "SMTP_SECURITY": "none"}, "in the clear"),
        ({"SMTP_USERNAME": "hall-notify", "SMTP_SECURITY": "ssl"}, "is not set"),
        ({"SMTP_SECURITY": "tls"}, "SMTP_SECURITY"),
        ({"SMTP_USERNAME": "hall", "SMTP_PASSWORD": "密码", "SMTP_SECURITY": "ssl"}, "ASCII"),
    ],
)
def test_an_unsafe_or_unknown_setting_stops_notify_outside_development(config, setting):
    with pytest.raises(UnsafeSecret, match=setting):
        email_channel({**RELAY, **config, "HALL_MODE": "production"})


def test_development_mode_allows_a_login_to_a_local_relay_without_tls():
    channel = email_channel({**RELAY, **LOGIN, "SMTP_SECURITY": "none", "HALL_MODE": "development"})
    assert channel is not None and channel.username == "hall-notify"


def test_no_relay_no_channel_and_a_ca_file_is_trusted(tmp_path):
    assert email_channel({"SMTP_HOST": "", **LOGIN}) is None
    cert, _ = self_signed(tmp_path)
    channel = email_channel({**RELAY, "SMTP_SECURITY": "ssl", "SMTP_CA_FILE": cert})
    assert channel.tls_context is not None and channel.tls_context.cert_store_stats()["x509_ca"] == 1
