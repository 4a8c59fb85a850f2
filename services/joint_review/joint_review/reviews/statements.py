"""The statements of the hot path (a review opened, an opinion recorded, a convergence), built
once with bind parameters: SQLAlchemy finds each one's compiled form in its cache instead of
building and hashing a new statement on every call (issue 17's profile: a third of the CPU of a
joint case went to building statements)."""

from sqlalchemy import bindparam, func, insert, select, update

from joint_review.orm import convergences, opinions, reviews, tasks, timeline

REVIEW_BY_CASE = select(reviews).where(reviews.c.case_no == bindparam("case_no"))
REVIEW_LOCKED = select(reviews).where(reviews.c.review_id == bindparam("review_id")).with_for_update()
ADD_REVIEW = insert(reviews)
# no .values(): the SET columns are the keys of each call's parameters
UPDATE_REVIEW = update(reviews).where(
    reviews.c.review_id == bindparam("b_review_id"), reviews.c.version == bindparam("b_version")
)
NOTE = insert(timeline)
ADD_TASK = insert(tasks)
TASK = select(tasks).where(tasks.c.task_id == bindparam("task_id"))
ROUND_TASKS = select(tasks).where(
    tasks.c.review_id == bindparam("review_id"), tasks.c.round == bindparam("round")
)
ADD_OPINION = insert(opinions)
TASK_ANSWERED = (
    update(tasks)
    .where(tasks.c.task_id == bindparam("b_task_id"))
    .values(
        status="answered",
        answered_at=bindparam("b_answered_at"),
        opinion_id=bindparam("b_opinion_id"),
        verdict=bindparam("b_verdict"),
    )
)
OPINION = select(opinions).where(
    opinions.c.task_id == bindparam("task_id"), opinions.c.opinion_id == bindparam("opinion_id")
)
DEPARTMENT_OPINION = select(opinions).where(
    opinions.c.department == bindparam("department"), opinions.c.opinion_id == bindparam("opinion_id")
)
REVIEW_OPINIONS = (
    select(opinions).where(opinions.c.review_id == bindparam("review_id")).order_by(opinions.c.round)
)
CONVERGED = select(convergences.c.round).where(
    convergences.c.review_id == bindparam("review_id"), convergences.c.round == bindparam("round")
)
ADD_CONVERGENCE = insert(convergences)
ROUND_OPEN = select(func.count()).where(
    tasks.c.review_id == bindparam("review_id"),
    tasks.c.round == bindparam("round"),
    tasks.c.status != "answered",
)
