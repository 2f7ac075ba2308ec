from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.services import acknowledge_safety, register_user
from tracking.demo import seed_history


class Command(BaseCommand):
    help = "Create a demo account with synthetic daily sessions (for trying the progress page)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--password", default="demo-password-123")
        parser.add_argument("--days", type=int, default=120)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, username, password, days, seed, **options):
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"User {username!r} already exists; choose another --username.")
        user = register_user(username=username, email="", password=password)
        acknowledge_safety(profile=user.profile)
        count = seed_history(user, days=days, seed=seed)
        message = f"Created {username!r} (password {password!r}) with {count} sessions."
        self.stdout.write(self.style.SUCCESS(message))
