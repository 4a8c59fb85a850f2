"""The complainant's sealed identity, and who may open it (R-COMP-4, R-COMP-7)."""
