from joint_review.orm import metadata
from reliable_events.migrations import run_env

run_env("joint_review", metadata)
