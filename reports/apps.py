from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        # Reports sits above plans and reminders; both learn of it only through their registries.
        from committees.reorg.hooks import reorganisation_check, reorganisation_done
        from plans import registry as plans_registry
        from reminders.registry import register

        from .approval.reminders import open_report_approvals
        from .approval.services import connect as connect_approval_chain
        from .duties.plan_annex import write_outline_annexes
        from .duties.plan_page import plan_actions, plan_duties_panel, plans_with_duties_for
        from .duties.reminders import open_report_duties
        from .duties.reorg import hand_over_duties, refuse_orphaned_duties

        # Deadline reminders: declare the reports still owed, and those waiting for an approval level.
        register(open_report_duties)
        register(open_report_approvals)
        # A plan's duties: who reads the plan, the plan page's buttons and duties, the Word annexes.
        plans_registry.register_audience(plans_with_duties_for)
        plans_registry.register_action(plan_actions)
        plans_registry.register_panel(plan_duties_panel)
        plans_registry.register_annex(write_outline_annexes)
        # Reports approved level by level follow their approvals chain (its signals).
        connect_approval_chain()
        # A reorganisation of the tree: reports owed by a closing committee pass to its successor.
        reorganisation_check.connect(refuse_orphaned_duties, dispatch_uid="reports-orphaned-duties")
        reorganisation_done.connect(hand_over_duties, dispatch_uid="reports-hand-over-duties")
