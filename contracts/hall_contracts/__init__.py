"""The wire contract of the service hall: what other agencies may rely on."""

from hall_contracts.envelope import (
    CONTENT_TYPE,
    SPEC_VERSION,
    EnvelopeError,
    build_envelope,
    dataschema_uri,
    parse_envelope,
)

__all__ = [
    "CONTENT_TYPE",
    "SPEC_VERSION",
    "EnvelopeError",
    "build_envelope",
    "dataschema_uri",
    "parse_envelope",
]
