"""The desk's ledger (台账, R-UNRES-2): the trail of every item, as JSON or CSV."""
