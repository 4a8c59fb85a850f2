"""The hall's roles and the principal a bearer token stands for."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = (
    "window_staff",
    "window_head",
    "lead_window",
    "reviewer",
    "complaints_office",
    "supervision",
    "operator",
    "agency",
    "service",  # another of the hall's services on an internal path (notify reading a contact)
    "console",  # the console itself: no data of its own; names the applicant's address on public calls
)
# a reviewer or a window always works for one department; the hall's offices work for none
DEPARTMENT_ROLES = ("window_staff", "window_head", "lead_window", "reviewer")


@dataclass(frozen=True)
class Principal:
    """The caller a token stands for.

    >>> Principal("S01", "李四", "window_staff", "market_regulation", "W03").acts_for("market_regulation")
    True
    """

    subject: str  # a staff id (S01) or an account id (OP1, AG1)
    name: str
    role: str
    department: str | None = None
    window: str | None = None

    def acts_for(self, department: str) -> bool:
        """True when this principal works for ``department``; operators act for none."""
        return self.role != "operator" and self.department is not None and self.department == department
