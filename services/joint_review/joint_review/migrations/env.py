from reliable_events.migrations import run_env

from joint_review.orm import metadata

run_env("joint_review", metadata)
