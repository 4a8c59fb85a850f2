"""Tables of complaints proper (filing, routing, answers, follow-ups)."""

from complaints.meta import metadata  # noqa: F401
