"""The chain of approvals: levels that approve or return the documents of a dossier in turn, with
comments, meetings and locking. Generic: it knows committees, not its owners (congress dossiers,
report approval by levels); an owner keeps `owner_key` ("congress:12") and links to its own pages
through the stored `link` strings.

Models (approvals/models.py)
  Case(subject: Committee, title, owner_key unique, link, submit_deadline, approve_deadline,
       sent_at, locked_at, created_at)             one unit's dossier; .is_sent, .is_locked, .sent_late
  Step(case, position 1.., label, committee | None, reached_at)
       committee set: its standing committee decides; None: a level outside the Front (the Party
       committee) whose decision the subject unit records, with a meeting and its minutes
  Item(case, key, label, required, position, submitted_at, version (0: never submitted), link)
  Meeting(case, step, held_on, conclusions, minutes (file), minutes_name, recorded_by, at)
  Decision(item, step, outcome approved|returned, comment, by, at, meeting | None, item_version)
       append-only: the latest row of an (item, step) is that level's decision

Services (approvals/services.py; keyword-only, atomic, each takes the case's row lock first;
refusals raise ApprovalError, a ValidationError with a Vietnamese message)
  StepSpec(label, committee=None), ItemSpec(key, label, required=True)
  case_open(*, subject, owner_key, title, link="", steps, items, submit_deadline=None,
            approve_deadline=None) -> Case
       idempotent on owner_key: again returns the same case updated (title, link, deadlines);
       before sending, the chain is replaced and the documents matched by key; once sent the
       chain and the set of documents are fixed; once locked nothing changes
  item_submit(*, case, key, link, by) -> Item        a new version (version + 1) of a document;
       a returned one waits again at the level that returned it; refused when locked, when the
       current level already approved it, or (once sent) for a document not in the dossier
  case_send(*, case, by) -> Case                     the dossier reaches the first level;
       refused when a required document is missing (all named); later levels are reached
       automatically when the level below has approved every document
  meeting_record(*, case, step, held_on, conclusions, minutes=None, by) -> Meeting
       minutes required at a level outside the Front
  decision_record(*, case, step, key, outcome, comment="", by, meeting=None, item_version=None)
       -> Decision; a return needs a comment; an outside level needs its meeting; refused out of
       turn, for a step not in the chain, a person not acting for the level, an item not
       submitted, a locked case. The last approval of a level sends the dossier up (email to the
       next level's standing committee) or, at the last level, locks the case.
  case_unlock(*, case, by, reason) -> Case          the last level reopens a locked dossier with a
       reason: each submitted document is returned by that level (the reason as comment), the
       unit emailed; new versions wait at that level. Refused when not locked, for a person not
       acting for the last level, without a reason.
  Who may act: committees.access `can_prepare_dossier(subject)` (submit, send, record an outside
  level) and `can_decide_step(step.committee, subject=...)`, `can_view_dossier(...)`.

Selectors (approvals/selectors.py)
  case_state(case) -> CaseState: items [ItemState: item, status (missing|submitted|returned|
       approved), step, decision, comment, version, cells per step, waiting_since], steps,
       current_step, waiting_on_unit, waiting_since, is_locked, is_sent, missing_required,
       meetings, counts
  pipeline_rows(cases_qs) -> [CaseState]              four queries (up to 10,000 cases)
  cases_waiting_on(*, committee)   dossiers at the committee's level with a document undecided
  cases_decided_by(*, committee)   dossiers it decided on that no longer wait for it
  cases_to_record(*, committee)    the unit's dossiers at a level outside the Front
  cases_of_unit(*, committee)  current_steps()  cases_visible_to_q(access)
  awaited_actions(cases=None) -> [Awaited(case, committee, action send|decide|record|resubmit,
       step, deadline, since)]    who must act now on each open dossier and by when: what an
       owner turns into reminders.registry.OpenDuty rows in its AppConfig.ready() (approvals
       itself may not import reminders)

Pages (approvals/urls.py under /phe-duyet/): approvals-inbox (what waits for my committees, what
they decided, my unit's dossiers), approvals-case-detail (the grid of documents by levels, meetings,
the forms of whoever's turn it is), approvals-case-decide, approvals-case-meeting,
approvals-case-send, approvals-minutes (download).

Emails (approvals/emails.py): case_reached_step (a level with a committee is reached),
item_returned (to the unit), case_unlocked (to the unit). Days off: lib/calendar_vn.py
day_off_warning(date).

Signals (approvals/signals.py), sent inside the writing transaction so that an owner keeping its
own state in step (reports: a report's state follows its chain) commits with the decision:
  decision_recorded(case, decision, locked)   case_unlocked(case, step, reason, by)
"""
