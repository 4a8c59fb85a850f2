"""Deadlines: task due dates, the sweep (催办/督办), silence as consent, time off the clock."""
