from reliable_events.migrations import run_env

from complaints.orm import metadata

run_env("complaints", metadata)
