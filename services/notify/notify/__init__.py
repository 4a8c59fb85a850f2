"""The notify service: every written notice, rendered and archived."""
