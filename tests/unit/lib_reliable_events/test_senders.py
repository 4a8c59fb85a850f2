"""A header is believed only from the senders allowed to set it (reliable_events.senders): the
broker vouches for the AMQP user_id, so a header from anyone else is as if it were absent."""

from __future__ import annotations

from reliable_events import believed_headers

HEADERS = {"x-hall-attempts": 3, "x-hall-origin-exchange": "complaints.events"}


def test_the_headers_of_an_allowed_sender_are_believed():
    assert believed_headers(HEADERS, "intake", {"intake", "admin"}) == HEADERS


def test_the_headers_of_any_other_sender_or_of_no_sender_at_all_are_not():
    assert believed_headers(HEADERS, "joint_review", {"intake", "admin"}) == {}
    assert believed_headers(HEADERS, None, {"intake", "admin"}) == {}
    assert believed_headers(HEADERS, "", {""}) == {}


def test_a_message_without_headers_has_none_to_believe():
    assert believed_headers(None, "intake", {"intake"}) == {}
