"""Forwarding a complaint to the competent departments, and their reports back (R-COMP-8)."""
