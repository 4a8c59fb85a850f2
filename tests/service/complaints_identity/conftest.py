"""The identity tests run complaints in the container ``service/complaints_complaint`` starts."""

from service.complaints_complaint.conftest import complaints_api  # noqa: F401  (the fixture, shared)
