"""The embedded email backend: each message is written to a file under var/mail/ and one
summary line is printed, so a developer running `make run` can read what was sent."""

import sys

from django.core.mail.backends.filebased import EmailBackend


class FileAndSummaryBackend(EmailBackend):
    def write_message(self, message):
        super().write_message(message)
        sys.stdout.write(
            f"[email] to={','.join(message.recipients())} subject={message.subject!r} file={self._fname}\n"
        )
        sys.stdout.flush()
