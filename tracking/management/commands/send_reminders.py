"""Send the reminders that are due: planned sessions and later check-ins, by email and push.

Safe to run every minute, and twice at once: each reminder goes once per channel (see
``tracking.reminders.services``). Cron: ``* * * * * cd /srv/neuroapp && .venv/bin/python
manage.py send_reminders``; a systemd timer is in the README.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from tracking.reminders.services import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due (safe to run every minute, and concurrently)."

    def handle(self, *args, **options):
        report = send_due_reminders(now=timezone.now())
        for error in report.errors:
            self.stderr.write(error)
        if options["verbosity"] >= 1 and (report.sent or report.failed or report.given_up):
            self.stdout.write(
                f"sent {report.sent}, failed {report.failed} (will retry), "
                f"gave up {report.given_up}, already sent {report.already}, "
                f"devices removed {report.removed_devices}"
            )
