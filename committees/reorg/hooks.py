"""What the apps above committees say about a reorganisation, without committees importing them.

`reorganisation_check` is sent before anything changes, with `closing` (the committees that stop
existing), `successor` (the committee that carries on for them, or None) and `on` (the effective
day): each receiver
returns a list of reasons (Vietnamese) to refuse, [] when it has none. `reorganisation_done` is
sent inside the same transaction once the tree has changed, with `reorganisation`, `closing`,
`successor` and `by`: receivers hand over what the closed committees still owed (reports:
reports/duties/reorg.py) and return what they did as a list of sentences (Vietnamese), kept on
the reorganisation as `handed_over` for the form's summary."""

from django.dispatch import Signal

reorganisation_check = Signal()
reorganisation_done = Signal()


def refusals(*, closing, successor, on) -> list[str]:
    reasons = []
    for _receiver, response in reorganisation_check.send(sender=None, closing=closing, successor=successor, on=on):
        reasons.extend(response or [])
    return reasons
