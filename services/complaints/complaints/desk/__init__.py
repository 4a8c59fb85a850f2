"""The "could not get it done" desk (办不成事反映窗口, R-UNRES-1..2)."""
