"""Reviews: opening and fan-out, tasks, opinions, the one convergence per round, the decision."""
