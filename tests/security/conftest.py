"""Fixtures of the security tests: the running hall of the role matrix (``role_matrix_hall``)."""

from role_matrix_hall import hall  # noqa: F401 - a fixture, found by pytest here
