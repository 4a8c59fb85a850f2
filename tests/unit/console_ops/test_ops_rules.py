"""The operator's status lines and delivery filters."""

from console.ops.rules import delivery_statuses, health_row, known_service


def test_a_service_that_did_not_answer_is_shown_failing_without_a_backlog():
    row = health_row("notify", None, None)
    assert row["ok"] is False and row["database"] == "无应答" and row["backlog"] is None


def test_a_healthy_service_shows_its_backlog():
    backlog = {"pending": 2, "oldest_pending_seconds": 1.5, "parked": 0}
    row = health_row("intake", {"status": "ok", "database": "ok", "broker": "ok"}, backlog)
    assert row["ok"] and row["label"] == "受理服务" and row["backlog"] == backlog


def test_a_service_whose_consumers_are_still_starting_is_shown_as_starting_not_healthy():
    starting = {
        "status": "failing",
        "database": "ok",
        "broker": "ok",
        "consumers": "starting: not consuming yet",
    }
    row = health_row("notify", starting, None)
    assert row["ok"] is False and row["starting"] is True
    assert health_row("notify", None, None)["starting"] is False
    healthy = {"status": "ok", "database": "ok", "broker": "ok", "consumers": "ok"}
    assert health_row("notify", healthy, None)["starting"] is False


def test_deliveries_filter_on_a_known_status_else_both():
    assert delivery_statuses("failed") == ["failed"]
    assert delivery_statuses("sent") == ["in_doubt", "failed"] and delivery_statuses(None) == [
        "in_doubt",
        "failed",
    ]


def test_only_the_four_services_are_known():
    assert known_service("joint_review") and not known_service("console") and not known_service("../x")
