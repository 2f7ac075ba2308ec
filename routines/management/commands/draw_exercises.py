"""Write the exercise drawings (``routines.drawings``) to static/exercises/."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from routines.drawings import scenes
from routines.library import EXERCISES

OUT = Path(settings.BASE_DIR) / "static" / "exercises"


def drawings() -> dict[str, str]:
    """File name -> SVG text, for every library exercise and the placeholder."""
    files = {
        f"{item['slug']}.svg": scenes.svg(str(item["slug"]), str(item["picture_text"]))
        for item in EXERCISES
    }
    files["placeholder.svg"] = scenes.placeholder_svg()
    return files


class Command(BaseCommand):
    help = "Write the exercise drawings to static/exercises/ (one SVG per slug)."

    def handle(self, *args, **options):
        OUT.mkdir(parents=True, exist_ok=True)
        for name, text in drawings().items():
            (OUT / name).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(drawings())} drawings to {OUT}.")
