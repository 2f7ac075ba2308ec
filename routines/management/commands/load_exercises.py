from django.core.management.base import BaseCommand

from routines.library import sync_library
from routines.models import Exercise, Target


class Command(BaseCommand):
    help = "Create or update the built-in exercise library (safe to run repeatedly)."

    def handle(self, *args, **options):
        count = sync_library(Exercise, Target)
        self.stdout.write(self.style.SUCCESS(f"Exercise library up to date: {count} exercises."))
