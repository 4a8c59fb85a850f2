from reliable_events.migrations import run_env

from notify.orm import metadata

run_env("notify", metadata)
