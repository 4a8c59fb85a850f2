"""Outside development mode notify refuses to start with the SMS gateway key published in its
config.yml (``dev-sms-key``) or with none: the gateway would accept anyone's messages, or none of
ours. In development mode (``make up``, the tests) the published key only warns."""

from types import SimpleNamespace

import pytest

from notify.dependencies import DEV_SMS_GATEWAY_KEY, Channels
from web_api.hall_mode import UnsafeSecret


def channels_with(**config) -> Channels:
    provider = Channels()
    provider.container = SimpleNamespace(config=config)
    provider.setup()
    return provider


@pytest.mark.parametrize("key", [DEV_SMS_GATEWAY_KEY, "", "  "])
def test_a_published_or_missing_sms_key_stops_notify_outside_development(key, caplog):
    with pytest.raises(UnsafeSecret, match="SMS_GATEWAY_KEY"):
        channels_with(
            HALL_MODE="production", SMS_GATEWAY_URL="https://sms.example.gov.cn", SMS_GATEWAY_KEY=key
        )
    assert any(
        record.levelname == "CRITICAL" and "SMS_GATEWAY_KEY" in record.message for record in caplog.records
    )


def test_the_published_sms_key_runs_in_development_mode_and_a_real_key_anywhere():
    assert (
        channels_with(
            HALL_MODE="development",
            SMS_GATEWAY_URL="http://127.0.0.1:8025",
            SMS_GATEWAY_KEY=DEV_SMS_GATEWAY_KEY,
        ).sms.api_key
        == DEV_SMS_GATEWAY_KEY
    )
    real = channels_with(SMS_GATEWAY_URL="https://sms.example.gov.cn", SMS_GATEWAY_KEY="k-3f9a0c21e7")
    assert real.sms.api_key == "k-3f9a0c21e7"


def test_without_a_gateway_no_key_is_needed():
    assert channels_with(HALL_MODE="production").sms is None
