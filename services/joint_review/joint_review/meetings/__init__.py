"""Meetings (联审会, 会签) and joint site inspections (联合踏勘)."""
