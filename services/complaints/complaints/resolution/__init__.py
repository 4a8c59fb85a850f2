"""Taking a complaint to its end: referral, answer, close, follow-up (R-COMP-6, R-COMP-7, R-SCORE-1)."""
