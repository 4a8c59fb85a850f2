"""Fixtures of the security tests: the running hall of the role matrix (``role_matrix_hall``)."""

from role_matrix_hall import hall, matrix_sms_gateway, matrix_smtp_server  # noqa: F401 - fixtures
