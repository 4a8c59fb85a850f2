"""joint_review's business metrics count what a committed transaction published."""

from joint_review.metrics import FAN_OUT, observe_committed


def test_the_fan_out_size_is_observed_once_per_committed_opening():
    before = FAN_OUT.collect()[0]
    count = next(s.value for s in before.samples if s.name.endswith("_count"))
    opened = {"type": "cn.gov.hall.joint_review.review_opened", "data": {"departments": ["a", "b", "c", "d"]}}
    observe_committed(engine=None, published=[opened])
    after = FAN_OUT.collect()[0]
    assert next(s.value for s in after.samples if s.name.endswith("_count")) == count + 1
    assert next(
        s.value for s in after.samples if s.name.endswith("_bucket") and s.labels["le"] == "3.0"
    ) == next(s.value for s in before.samples if s.name.endswith("_bucket") and s.labels["le"] == "3.0")
