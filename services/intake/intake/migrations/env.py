from reliable_events.migrations import run_env

from intake.orm import metadata

run_env("intake", metadata)
