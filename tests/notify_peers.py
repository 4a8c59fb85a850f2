"""notify's settings in a test stack where it talks to the local SMS gateway and SMTP server."""

from __future__ import annotations


def notify_env(gateway, smtp, intake, **settings: str) -> dict[str, str]:
    """The local peers, intake's address, a fast delivery loop and receipt poll (0.2 s each);
    ``settings`` adds keys or overrides these."""
    return {
        "SMS_GATEWAY_URL": gateway.url,
        "SMS_GATEWAY_KEY": gateway.api_key,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(smtp.port),
        "INTAKE_URL": intake.url,
        "DELIVERY_POLL_SECONDS": "0.2",
        "RECEIPT_POLL_SECONDS": "0.2",
        **settings,
    }
