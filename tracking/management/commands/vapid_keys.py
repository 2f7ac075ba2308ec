"""Make a VAPID key for Web Push notifications, to put in the environment."""

from django.core.management.base import BaseCommand

from tracking.reminders import push


class Command(BaseCommand):
    help = "Print a new NEUROAPP_VAPID_PRIVATE_KEY for Web Push (keep it secret; set it once)."

    def handle(self, *args, **options):
        key = push.new_private_key()
        self.stdout.write(f"NEUROAPP_VAPID_PRIVATE_KEY={key}")
        self.stderr.write(
            "Set this in the server's environment (the same on every server) and keep it: a "
            "new key means every device has to turn notifications on again."
        )
