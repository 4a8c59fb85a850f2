"""In-memory fakes of joint_review's unit of work and repositories: the use cases run against them
with no broker and no database. They keep the same promises as the real ones (a missing review
is ``UnknownReview``, a stale version a ``TransitionNotAllowed``, an alert is claimed once)."""

from __future__ import annotations

import copy
from contextlib import contextmanager
from datetime import UTC, date, datetime

from joint_review.refusals import TransitionNotAllowed, UnknownReview
from joint_review.reviews.rules import opinion_of
from workday_calendar import WorkingCalendar

CALENDAR = WorkingCalendar()
MONDAY_10AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # 10:00 China time


class FakeOutbox:
    """The transaction as the use cases see it: what they publish."""

    def __init__(self):
        self.published = []

    def publish(
        self, event_type, subject, data, version=1, exchange=None, routing_key=None, correlation_id=None
    ):
        self.published.append(
            {
                "type": event_type,
                "subject": subject,
                "data": data,
                "exchange": exchange,
                "routing_key": routing_key,
            }
        )


class FakeReviews:
    def __init__(self):
        self.reviews, self.tasks, self.opinions, self.convergences, self.timeline = {}, {}, [], {}, []

    def find_by_case(self, case_no):
        return next((copy.deepcopy(r) for r in self.reviews.values() if r["case_no"] == case_no), None)

    def get(self, review_id):
        if review_id not in self.reviews:
            raise UnknownReview(f"no joint review {review_id}")
        return copy.deepcopy(self.reviews[review_id])

    def add(self, review):
        self.reviews[review["review_id"]] = copy.deepcopy(review)

    def update(self, review, **values):
        stored = self.reviews[review["review_id"]]
        if stored["version"] != review["version"]:
            raise TransitionNotAllowed("the review was changed meanwhile: try again")
        stored.update(copy.deepcopy(values), version=review["version"] + 1)
        return {**review, **values, "version": review["version"] + 1}

    def note(self, review_id, at, action, actor, **details):
        self.timeline.append(
            {"review_id": review_id, "at": at, "action": action, "actor": actor, "details": details}
        )

    def add_task(self, task):
        self.tasks[task["task_id"]] = {
            "answered_at": None,
            "opinion_id": None,
            "verdict": None,
            **copy.deepcopy(task),
        }

    def get_task(self, task_id):
        if task_id not in self.tasks:
            raise UnknownReview(f"no review task {task_id}")
        return copy.deepcopy(self.tasks[task_id])

    def round_tasks(self, review_id, round_no):
        return [
            copy.deepcopy(t)
            for t in self.tasks.values()
            if (t["review_id"], t["round"]) == (review_id, round_no)
        ]

    def round_complete(self, review_id, round_no):
        return all(t["status"] == "answered" for t in self.round_tasks(review_id, round_no))

    def department_tasks(self, department, status=None):
        found = [
            {**t, "urgent": self.reviews[t["review_id"]].get("urgent", False)}
            | {"materials": self.reviews[t["review_id"]]["materials"]}
            for t in self.tasks.values()
            if t["department"] == department and status in (None, t["status"])
        ]
        return copy.deepcopy(sorted(found, key=lambda t: (not t["urgent"], t["due_date"], t["task_id"])))

    def add_opinion(self, opinion):
        self.opinions.append(copy.deepcopy(opinion))
        self.tasks[opinion["task_id"]].update(
            status="answered",
            answered_at=opinion["recorded_at"],
            opinion_id=opinion["opinion_id"],
            verdict=opinion["verdict"],
        )

    def find_opinion(self, task_id, opinion_id):
        return next(
            (
                copy.deepcopy(o)
                for o in self.opinions
                if (o["task_id"], o["opinion_id"]) == (task_id, opinion_id)
            ),
            None,
        )

    def find_department_opinion(self, department, opinion_id):
        found = (o for o in self.opinions if (o["department"], o["opinion_id"]) == (department, opinion_id))
        return copy.deepcopy(next(found, None))

    def latest_opinions(self, review_id):
        mine = sorted((o for o in self.opinions if o["review_id"] == review_id), key=lambda o: o["round"])
        return {o["department"]: opinion_of(o) for o in mine}

    def converged(self, review_id, round_no):
        return (review_id, round_no) in self.convergences

    def add_convergence(self, review_id, found, at):
        self.convergences[(review_id, found.round)] = found

    def review_view(self, review_id):
        mine = sorted(
            (t for t in self.tasks.values() if t["review_id"] == review_id),
            key=lambda t: (t["round"], t["department"]),
        )
        return copy.deepcopy(mine), [
            copy.deepcopy(line) for line in self.timeline if line["review_id"] == review_id
        ]

    def tasks_held_by(self, reviewer_id):
        held = (t for t in self.tasks.values() if t["assignee_id"] == reviewer_id and t["status"] == "open")
        return sorted((t["task_id"], t["review_id"]) for t in held)

    def reassign(self, task_id, reviewer_id, role):
        if self.tasks[task_id]["status"] == "open":
            self.tasks[task_id].update(assignee_id=reviewer_id, assignee_role=role)


class FakeRosters:
    def __init__(self, reviews: FakeReviews):
        self.rosters, self.leaves, self._reviews = {}, [], reviews
        self.changed = False

    def roster_of(self, department):
        return copy.deepcopy(self.rosters.get(department))

    def rosters_with(self, reviewer_id, lock=False):
        return [
            copy.deepcopy(r)
            for r in self.rosters.values()
            if reviewer_id in (r["primary_id"], r["backup_id"])
        ]

    def save_roster(self, roster):
        created = roster["department"] not in self.rosters
        self.rosters[roster["department"]] = copy.deepcopy(roster)
        return created

    def leaves_between(self, reviewer_ids, first, last):
        ids = set(reviewer_ids)
        found = [
            lv
            for lv in self.leaves
            if lv["reviewer_id"] in ids and lv["starts_on"] <= last and lv["ends_on"] >= first
        ]
        return copy.deepcopy(sorted(found, key=lambda lv: lv["starts_on"]))

    def leaves_on(self, reviewer_ids, day):
        return self.leaves_between(reviewer_ids, day, day)

    def forget(self):
        self.changed = True

    def add_leave(self, leave):
        self.leaves.append({**copy.deepcopy(leave), "leave_id": len(self.leaves) + 1})
        return len(self.leaves)

    def away_holding_tasks(self, day):
        holding = {t["assignee_id"] for t in self._reviews.tasks.values() if t["status"] == "open"}
        return sorted(
            {lv["reviewer_id"] for lv in self.leaves if lv["starts_on"] <= day <= lv["ends_on"]} & holding
        )


class FakeMeetings:
    def __init__(self, reviews: FakeReviews):
        self.meetings, self.inspections, self._reviews = {}, {}, reviews

    def add_meeting(self, meeting):
        self.meetings[meeting["meeting_id"]] = {
            "minutes": None,
            "summary": None,
            "minuted_at": None,
            **copy.deepcopy(meeting),
        }

    def get_meeting(self, review_id, meeting_id):
        meeting = self.meetings.get(meeting_id)
        if meeting is None or meeting["review_id"] != review_id:
            raise UnknownReview(f"no such meeting {meeting_id}")
        return copy.deepcopy(meeting)

    def record_minutes(self, meeting_id, entries, summary, at):
        self.meetings[meeting_id].update(minutes=copy.deepcopy(entries), summary=summary, minuted_at=at)

    def add_inspection(self, inspection):
        self.inspections[inspection["inspection_id"]] = {
            "ends_on": None,
            "ended_by": None,
            **copy.deepcopy(inspection),
        }

    def running_inspection(self, review_id):
        found = (i for i in self.inspections.values() if i["review_id"] == review_id and i["ends_on"] is None)
        return copy.deepcopy(next(found, None))

    def end_inspection(self, inspection_id, ends_on, actor):
        self.inspections[inspection_id].update(ends_on=ends_on, ended_by=actor)

    def open_tasks(self, review_id):
        return [
            copy.deepcopy(t)
            for t in self._reviews.tasks.values()
            if t["review_id"] == review_id and t["status"] == "open"
        ]

    def move_due_date(self, task_id, due: date):
        self._reviews.tasks[task_id]["due_date"] = due


class FakeDeadlines:
    def __init__(self, reviews: FakeReviews, meetings: FakeMeetings):
        self.alerts, self._reviews, self._meetings = set(), reviews, meetings
        self.overdue = {}  # task id -> the row that counts it against its department

    def candidates(self, horizon):
        found = [
            t
            for t in self._reviews.tasks.values()
            if t["status"] == "open"
            and t["due_date"] <= horizon
            and self._reviews.reviews[t["review_id"]]["status"] == "in_review"
            and t["round"] == self._reviews.reviews[t["review_id"]]["round"]
            and not self.inspection_running(t["review_id"])
        ]
        return [
            (t["task_id"], t["review_id"]) for t in sorted(found, key=lambda t: (t["due_date"], t["task_id"]))
        ]

    def inspection_running(self, review_id):
        return self._meetings.running_inspection(review_id) is not None

    def claim(self, task, threshold, now):
        if (task["task_id"], threshold) in self.alerts:
            return False
        self.alerts.add((task["task_id"], threshold))
        return True

    def record_overdue(self, record):
        if record["task_id"] in self.overdue:
            return False
        self.overdue[record["task_id"]] = copy.deepcopy(record)
        return True

    def overdue_in(self, month, department):
        return [
            copy.deepcopy(r)
            for r in self.overdue.values()
            if r["month"] == month and department in (None, r["department"])
        ]

    def due_between(self, first, last, department):
        due = {}
        for t in self._reviews.tasks.values():
            if first <= t["due_date"] <= last and department in (None, t["department"]):
                due[t["department"]] = due.get(t["department"], 0) + 1
        return due


class FakeUnitOfWork:
    """One unit of work whose repositories keep their data between uses (``units`` hands it out
    again, as the sweep opens one per alert)."""

    def __init__(
        self, now: datetime = MONDAY_10AM, actor: str = "tester", calendar: WorkingCalendar = CALENDAR
    ):
        self.now, self.actor, self.calendar = now, actor, calendar
        self.tx = FakeOutbox()
        self.reviews = FakeReviews()
        self.meetings = FakeMeetings(self.reviews)
        self.deadlines = FakeDeadlines(self.reviews, self.meetings)
        self.rosters = FakeRosters(self.reviews)

    @property
    def today(self) -> date:
        return self.calendar.today(self.now)

    def note(self, review_id, action, **details):
        self.reviews.note(review_id, self.now, action, self.actor, **details)

    @contextmanager
    def units(self):
        yield self

    def published(self, event_type=None) -> list[dict]:
        """What was published, of one type when given (the work copies to the tasks exchange too)."""
        return [e for e in self.tx.published if event_type in (None, e["type"])]
