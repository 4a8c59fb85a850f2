"""Reviewers: each department's A/B roster, their leave and the hand-over to the backup."""
