"""Helpers for the reminder tests: one sweep then a synchronous send, and what reached the SMTP server."""

import pytest
import time_machine

from outbox.services import emails_send_due
from reminders.sweep import reminders_sweep


@pytest.fixture
def sweep_at(smtp_server):
    """sweep_at(moment) -> [(recipient, subject), ...] that arrived at the SMTP server from that sweep."""

    def run(moment):
        before = len(smtp_server.messages)
        with time_machine.travel(moment, tick=False):
            reminders_sweep()
            emails_send_due()
        return sorted((m.rcpt_tos[0], m.subject.strip()) for m in smtp_server.messages[before:])

    return run


A1 = ["canbo_a1@mttq.example", "lanhdao_a1@mttq.example", "tp-a-p1@mttq.example"]
A2 = ["canbo_a2@mttq.example", "tp-a-p2@mttq.example"]
ORG = ["canbo_hnd@mttq.example", "tp-a-hnd@mttq.example"]
STANDING_A = ["btt_a@mttq.example", "tp-a@mttq.example"]
