"""What the chain tells the apps that own its cases (approvals imports none of them).

Both are sent inside the writing transaction, after the chain's rows are saved, so a receiver
that writes its own rows (reports keeps a report's state in step with its case) commits or rolls
back with the decision. Receivers look at `case.owner_key` and ignore cases not theirs.

- decision_recorded(case, decision, locked): a level approved or returned one document;
  `locked` is True when that approval was the last one of the last level (the case is locked).
- case_unlocked(case, step, reason, by): the last level reopened an approved case (case_unlock).
"""

from django.dispatch import Signal

decision_recorded = Signal()
case_unlocked = Signal()
