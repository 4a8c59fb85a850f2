"""Complaints proper: filing, the record, its category, its limit and the limit sweep (R-COMP-1..5)."""
