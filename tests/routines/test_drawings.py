import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from routines.drawings import scenes
from routines.library import EXERCISES
from routines.management.commands.draw_exercises import drawings
from routines.models import Exercise
from routines.pictures import has_drawing

SVG = "{http://www.w3.org/2000/svg}"
FOLDER = Path(settings.BASE_DIR) / "static" / "exercises"
SLUGS = [item["slug"] for item in EXERCISES]


def test_every_library_exercise_has_a_scene_and_a_description():
    assert set(scenes.SCENES) == set(SLUGS)
    assert all(len(item["picture_text"]) > 40 for item in EXERCISES)


def test_the_committed_files_are_what_the_drawing_code_makes():
    """Run `manage.py draw_exercises` after changing routines/drawings."""
    for name, text in drawings().items():
        assert (FOLDER / name).read_text(encoding="utf-8") == text, name


@pytest.mark.parametrize("slug", SLUGS)
def test_each_drawing_is_plain_svg_with_its_description_as_title(slug):
    root = ET.fromstring((FOLDER / f"{slug}.svg").read_text(encoding="utf-8"))
    assert root.get("viewBox") == "0 0 400 220" and root.get("role") == "img"
    title = root.find(f"{SVG}title")
    description = next(item["picture_text"] for item in EXERCISES if item["slug"] == slug)
    assert title is not None and title.text == description
    tags = {element.tag.removeprefix(SVG) for element in root.iter()}
    assert tags <= {"svg", "title", "defs", "marker", "path", "rect", "polyline", "circle", "text"}
    # One style: the body's strokes come from a small fixed set of weights.
    widths = {float(e.get("stroke-width")) for e in root.iter() if e.get("stroke-width")}
    assert widths <= {1.5, 2, 2.2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8.5, 9.5}


@pytest.mark.parametrize("slug", ["calf-raises-chair", "textured-surface-walking"])
def test_standing_moves_show_a_hand_on_a_chair(slug):
    text = (FOLDER / f"{slug}.svg").read_text(encoding="utf-8")
    assert "chair" in next(i["picture_text"] for i in EXERCISES if i["slug"] == slug)
    assert text.count('stroke="#3d3d3d" stroke-width="5"') >= 2  # the chair's back and leg


def test_pages_show_the_drawing_with_its_text_alternative(client_logged_in, library):
    exercise = library["wall-calf-stretch"]
    for url in (reverse("routines:exercise_list"), exercise.get_absolute_url()):
        page = client_logged_in.get(url).content.decode()
        assert "exercises/wall-calf-stretch.svg" in page
        assert f'alt="{exercise.picture_text}"' in page


def test_an_exercise_added_in_the_admin_without_a_drawing_shows_the_placeholder(
    client_logged_in, library
):
    exercise = Exercise.objects.create(
        slug="heel-slides",
        name="Heel slides",
        category="circulation",
        summary="Slide each heel back and forth.",
        steps="Sit.\nSlide.",
        position="seated",
        balance_demand="low",
        dose_kind="reps",
        reps=10,
    )
    assert not has_drawing("heel-slides")
    page = client_logged_in.get(exercise.get_absolute_url()).content.decode()
    assert "exercises/placeholder.svg" in page
    assert 'alt="No drawing yet for heel slides: follow the written steps."' in page
