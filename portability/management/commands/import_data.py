import io
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portability import jobs, selectors
from portability.reader import ImportValidationError, check_file


class Command(BaseCommand):
    help = (
        "Import a neuroapp JSON export into an account. The whole file is checked first and "
        "written in one transaction: all or nothing. Records the account already has are "
        "skipped; the profile settings are replaced by the file's."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the .json file (- for standard input)")
        parser.add_argument("--user", required=True, help="user name of the account")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and stop; write nothing"
        )

    def handle(self, *args, file, user, dry_run, **options):
        owner = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
        if owner is None:
            raise CommandError(f"No user called {user!r}.")
        try:
            if file == "-":
                # Read twice (check, then stage): keep standard input in memory.
                raw = sys.stdin.buffer.read()
                opener = lambda: io.BytesIO(raw)  # noqa: E731
            else:
                Path(file).open("rb").close()
                opener = lambda: Path(file).open("rb")  # noqa: E731, SIM115
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}.") from None
        try:
            data = check_file(opener, known_exercises=selectors.known_exercise_slugs())
        except ImportValidationError as problem:
            raise CommandError(
                "The file cannot be imported; nothing was changed.\n"
                + "\n".join(f"  {message}" for message in problem.messages)
            ) from None
        if dry_run:
            self.stdout.write(f"The file is valid: {data.record_count} records. Nothing written.")
            return
        try:
            job = jobs.import_now(owner=owner, data=data, filename=Path(file).name)
        except jobs.ImportAlreadyRunning as problem:
            raise CommandError(
                f"An import for {user!r} is still running (job {problem.job.pk}); "
                "let it finish or stop it first."
            ) from None
        except jobs.ImportWriteError as problem:
            raise CommandError(f"{problem} Nothing was changed.") from None
        for row in selectors.import_summary(job):
            self.stdout.write(f"{row.label}: {row.added} added, {row.skipped} already there.")
        self.stdout.write(self.style.SUCCESS(f"Imported {file} into {user}'s account."))
