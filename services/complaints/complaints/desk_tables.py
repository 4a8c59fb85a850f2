"""Tables of the "could not get it done" desk (办不成事反映窗口)."""

from complaints.meta import metadata  # noqa: F401
