"""The office's worklist: the open complaints by their limit, due first, overdue ones marked (R-COMP-5)."""
