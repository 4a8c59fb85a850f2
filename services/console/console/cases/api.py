"""The window clerk's and window head's pages: the worklist, accepting a case, a case's page."""

from __future__ import annotations

from console.cases.accept import AcceptPages
from console.cases.casepage import CasePages
from console.cases.worklist import WorklistPages


class CasesPages(WorklistPages, AcceptPages, CasePages):
    """``/cases``, ``/cases/new``, ``/cases/new/<code>``, ``/cases/<no>`` and its actions,
    ``/cases/<no>/receipt``, ``/cases/<no>/notices/<notice_no>`` (window roles only)."""
