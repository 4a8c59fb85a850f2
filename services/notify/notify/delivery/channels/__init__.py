"""Channels: SMS gateway, SMTP email, in-app inbox, print queue; one contract for each.

A channel takes an ``Outgoing`` message and answers with an ``Outcome`` (both in
``notify.delivery.rules``); it never raises for a refusal by the other side (that is an
outcome), only for a bug. The delivery loop (``notify.delivery.handlers``) owns statuses,
retries, back-off and fallback; a channel only speaks its protocol once per call.

Exactly once: ``Outgoing.idempotency_key`` is stable for one delivery across retries and
restarts. A channel passes it to the peer where the protocol has a place for it (the SMS
gateway's ``Idempotency-Key`` header, the email's ``Message-ID``), so a peer that deduplicates
never sends twice.
"""
