"""Intake's use cases: plain functions, dependencies as parameters."""

from __future__ import annotations

from datetime import datetime

from intake import domain, repository
from intake.catalogue import Catalogue


def accept_case(command: dict, tx, catalogue: Catalogue, now: datetime) -> domain.Case:
    """Accept a case at a window: store it and publish ``case_accepted`` in one transaction."""
    item = catalogue.get(command["item_code"])
    staff = domain.Staff(**command["first_responder"])
    case = domain.accept(item, command["applicant_name"], command["applicant_phone"],
                         command["channel"], command["urgent"], staff, now,
                         domain.new_case_no(now))
    repository.add_case(tx.connection, case)
    tx.publish("case_accepted", case.case_no, domain.case_accepted_data(case))
    return case
