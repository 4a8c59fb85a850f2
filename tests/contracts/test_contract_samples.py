"""Every published event type has a sample, and every sample honours its schemas."""

import json
from pathlib import Path

import pytest

from hall_contracts.registry import (
    SCHEMA_DIR,
    known_event_types,
    load_schema,
    schema_path,
    validate_event,
)
from hall_contracts.samples import SAMPLES, SAMPLES_DIR, render

SAMPLE_FILES = sorted(SAMPLES_DIR.glob("*/*.json"))


def test_there_is_one_sample_file_per_published_event_type():
    published = {f"{e.source}/{e.event_type}.v{e.version}.json" for e in known_event_types()}
    on_disk = {str(p.relative_to(SAMPLES_DIR)) for p in SAMPLE_FILES}
    assert on_disk == published == set(SAMPLES)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(SAMPLES_DIR)))
def test_each_sample_validates_against_the_envelope_and_its_data_schema(path: Path):
    validate_event(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("relative", sorted(SAMPLES))
def test_sample_files_are_what_build_envelope_makes_today(relative):
    """A change to build_envelope or to a sample shows up here: regenerate with
    ``python -m hall_contracts.samples`` and review the diff."""
    assert (SAMPLES_DIR / relative).read_text(encoding="utf-8") == render(SAMPLES[relative]())


@pytest.mark.parametrize("event", known_event_types(), ids=lambda e: e.dataschema)
def test_each_schema_id_is_the_dataschema_uri_that_names_its_file(event):
    assert schema_path(event.dataschema) == event.path
    assert load_schema(event.dataschema)["$id"] == event.dataschema


def test_every_schema_file_is_draft_2020_12():
    for path in SCHEMA_DIR.rglob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema", path
