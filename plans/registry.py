"""What the apps above plans add to a plan; plans never imports them.

An app registers its contributions at start-up (in its AppConfig.ready()), e.g. reports:

    from plans import registry
    registry.register_audience(plans_with_duties_for)   # who reads an issued plan
    registry.register_action(plan_actions)              # buttons in the plan page's header
    registry.register_panel(plan_duties_panel)          # a block under the header
    registry.register_annex(write_outline_annexes)      # annexes of the plan's Word document

- An audience rule takes the ids of the committees a person belongs to and returns a Q over Plan:
  the plans addressed to those committees (besides their own standing committees, who always see
  their plans). Once issued, such a plan is readable by them.
- An action or a panel takes (request, plan, access) and returns rendered HTML, or None to show
  nothing. Actions are shown in the header of the plan page, panels below it, in the order
  registered.
- An annex writer takes (doc, plan) and appends to the plan's OfficialDocument after the signature.

Registering the same name again replaces the earlier entry.
"""

from collections.abc import Callable, Iterable

from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe

AudienceRule = Callable[[list[int]], Q]
Panel = Callable[..., str | None]
AnnexWriter = Callable[..., None]

_audiences: dict[str, AudienceRule] = {}
_actions: dict[str, Panel] = {}
_panels: dict[str, Panel] = {}
_annexes: dict[str, AnnexWriter] = {}


def _name(func: Callable, name: str | None) -> str:
    return name or f"{func.__module__}.{func.__qualname__}"


def register_audience(rule: AudienceRule, *, name: str | None = None) -> AudienceRule:
    _audiences[_name(rule, name)] = rule
    return rule


def register_action(action: Panel, *, name: str | None = None) -> Panel:
    _actions[_name(action, name)] = action
    return action


def register_panel(panel: Panel, *, name: str | None = None) -> Panel:
    _panels[_name(panel, name)] = panel
    return panel


def register_annex(writer: AnnexWriter, *, name: str | None = None) -> AnnexWriter:
    _annexes[_name(writer, name)] = writer
    return writer


def addressed_to(committee_ids: Iterable[int]) -> Q:
    """The plans some registered rule addresses to one of these committees (none if no rule)."""
    committee_ids = list(committee_ids)
    q = Q(pk__in=[])
    if committee_ids:
        for rule in _audiences.values():
            q |= rule(committee_ids)
    return q


def _render(entries: dict[str, Panel], request, plan, access) -> list[SafeString]:
    return [mark_safe(html) for html in (entry(request, plan, access) for entry in entries.values()) if html]


def plan_actions(request, plan, access) -> list[SafeString]:
    return _render(_actions, request, plan, access)


def plan_panels(request, plan, access) -> list[SafeString]:
    return _render(_panels, request, plan, access)


def write_annexes(doc, plan) -> None:
    for writer in _annexes.values():
        writer(doc, plan)
