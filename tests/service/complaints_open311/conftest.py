"""The open311 tests run complaints in the container ``service/complaints_desk`` starts."""

from service.complaints_desk.conftest import complaints_http  # noqa: F401  (the fixture, shared)
