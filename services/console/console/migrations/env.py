from console.orm import metadata
from reliable_events.migrations import run_env

run_env("console", metadata)
