"""Each exercise's drawing: ``static/exercises/<slug>.svg`` (made by ``manage.py
draw_exercises`` for the library), else a neutral placeholder, so an exercise added in
the admin shows something until a file with its slug is added (then restart the app)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.templatetags.static import static

FOLDER = "exercises"
PLACEHOLDER = f"{FOLDER}/placeholder.svg"


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str
    drawn: bool
    width: int = 400
    height: int = 220


@lru_cache(maxsize=1024)
def has_drawing(slug: str) -> bool:
    return finders.find(f"{FOLDER}/{slug}.svg") is not None


def picture_for(*, slug: str, name: str, description: str) -> Picture:
    if has_drawing(slug):
        alt = description.strip() or f"Drawing of {name.lower()}."
        return Picture(url=static(f"{FOLDER}/{slug}.svg"), alt=alt, drawn=True)
    return Picture(
        url=static(PLACEHOLDER),
        alt=f"No drawing yet for {name.lower()}: follow the written steps.",
        drawn=False,
    )
