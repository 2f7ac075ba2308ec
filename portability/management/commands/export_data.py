from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from portability import export, selectors


class Command(BaseCommand):
    help = "Export one account's data as neuroapp JSON (default) or a zip of CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="user name of the account")
        parser.add_argument(
            "--output", "-o", default="-", help="file to write (default: standard output)"
        )
        parser.add_argument(
            "--csv", action="store_true", help="write a zip of CSV files instead of JSON"
        )

    def handle(self, *args, user, output, csv, **options):
        owner = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: user}).first()
        if owner is None:
            raise CommandError(f"No user called {user!r}.")
        data = selectors.export_data_for(owner)
        content = export.to_csv_zip(data) if csv else export.to_json_bytes(data)
        if output == "-":
            if csv:
                raise CommandError("A zip file cannot go to the terminal: use --output FILE.")
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(content)
        except OSError as problem:
            raise CommandError(f"Cannot write {output}: {problem.strerror}.") from None
        self.stderr.write(f"Wrote {output} ({len(content)} bytes).")
