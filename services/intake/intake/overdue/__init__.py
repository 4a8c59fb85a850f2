"""A case past its limit and supervision's decision on it (R-CLOCK-5)."""
