"""The checker that judges every reliability scenario must itself tell the buckets apart."""

from collections import Counter

from checker import check


def test_a_message_delivered_and_applied_once_is_delivered_once():
    report = check(["a"], Counter(a=1), Counter(a=1))
    assert report.counts()["delivered_once"] == 1 and report.clean


def test_a_redelivered_message_applied_once_is_a_harmless_duplicate():
    report = check(["a"], Counter(a=3), Counter(a=1))
    assert report.duplicated_applied_once == ["a"] and report.clean


def test_a_message_never_applied_is_lost():
    report = check(["a", "b"], Counter(a=1), Counter(a=1))
    assert report.lost == ["b"] and not report.clean


def test_a_message_applied_twice_is_unexpected():
    report = check(["a"], Counter(a=2), Counter(a=2))
    assert report.unexpected == ["a: applied 2 times"] and not report.clean


def test_a_message_nobody_sent_is_unexpected():
    report = check(["a"], Counter(a=1, z=1), Counter(a=1, z=1))
    assert report.unexpected == ["z: never sent"] and not report.clean
