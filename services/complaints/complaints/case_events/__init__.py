"""The local projection of intake's case events, to link complaints to cases (R-COMP-2)."""
