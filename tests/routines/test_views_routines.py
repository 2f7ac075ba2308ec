import re
import uuid

import pytest
from django.urls import reverse

from routines import planning
from routines.models import Routine, RoutineStep
from tests.routines.factories import routine_with


@pytest.fixture
def routine(user, library):
    return routine_with(user, "wall-calf-stretch", "toe-pickups", "ankle-circles")


def step_of(routine, slug):
    return routine.steps.get(exercise__slug=slug)


def order(routine):
    return list(routine.steps.order_by("position").values_list("exercise__slug", flat=True))


def test_create_rename_and_delete_a_routine(client_logged_in, user, library):
    response = client_logged_in.post(reverse("tracking:routine_create"), {"name": "  Evening "})
    routine = Routine.objects.get(owner=user)
    assert response["Location"] == routine.get_absolute_url()
    assert routine.name == "Evening"

    client_logged_in.post(reverse("tracking:routine_rename", args=[routine.pk]), {"name": "Night"})
    routine.refresh_from_db()
    assert routine.name == "Night"

    confirm = client_logged_in.get(reverse("tracking:routine_delete", args=[routine.pk]))
    assert "Yes, delete it" in confirm.content.decode()
    client_logged_in.post(reverse("tracking:routine_delete", args=[routine.pk]))
    assert not Routine.objects.filter(pk=routine.pk).exists()


def test_blank_or_long_names_are_refused_with_a_message(client_logged_in, user, library):
    response = client_logged_in.post(reverse("tracking:routine_create"), {"name": "   "})
    assert response.status_code == 400
    assert "Give the routine a name" in response.content.decode()
    response = client_logged_in.post(reverse("tracking:routine_create"), {"name": "x" * 81})
    assert response.status_code == 400
    assert 'value="' + "x" * 81 in response.content.decode()
    assert not Routine.objects.filter(owner=user).exists()


def test_add_move_and_remove_steps_without_javascript(client_logged_in, routine):
    url = reverse("tracking:step_add", args=[routine.pk])
    response = client_logged_in.post(url, {"exercise": "plantar-fascia-stretch"})
    assert response.status_code == 302
    assert order(routine)[-1] == "plantar-fascia-stretch"

    ankle = step_of(routine, "ankle-circles")
    client_logged_in.post(
        reverse("tracking:step_move", args=[routine.pk, ankle.pk]), {"direction": "up"}
    )
    assert order(routine) == [
        "wall-calf-stretch",
        "ankle-circles",
        "toe-pickups",
        "plantar-fascia-stretch",
    ]
    client_logged_in.post(
        reverse("tracking:step_remove", args=[routine.pk, step_of(routine, "toe-pickups").pk])
    )
    assert order(routine) == ["wall-calf-stretch", "ankle-circles", "plantar-fascia-stretch"]
    assert list(routine.steps.values_list("position", flat=True)) == [0, 1, 2]


def test_htmx_step_changes_return_the_steps_partial(client_logged_in, routine):
    ankle = step_of(routine, "ankle-circles")
    response = client_logged_in.post(
        reverse("tracking:step_move", args=[routine.pk, ankle.pk]),
        {"direction": "top"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="steps"')
    assert order(routine)[0] == "ankle-circles"


def test_warm_up_warning_and_one_click_fix(client_logged_in, routine):
    html = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "Warm up first" in html
    assert "Move ankle circles to the top" in html
    ankle = step_of(routine, "ankle-circles")
    client_logged_in.post(
        reverse("tracking:step_move", args=[routine.pk, ankle.pk]), {"direction": "top"}
    )
    assert "Warm up first" not in client_logged_in.get(routine.get_absolute_url()).content.decode()


def test_duration_is_shown_against_the_daily_aim(client_logged_in, routine):
    html = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "10-15 minute daily aim" in html


def test_unknown_exercise_is_refused_and_nothing_added(client_logged_in, routine):
    response = client_logged_in.post(
        reverse("tracking:step_add", args=[routine.pk]), {"exercise": "moonwalk"}
    )
    assert response.status_code == 400
    assert "not in the library" in response.content.decode()
    assert routine.steps.count() == 3


def test_balance_concerns_only_offer_seated_exercises(client_logged_in, user, routine):
    user.profile.balance_concerns = True
    user.profile.save()
    response = client_logged_in.post(
        reverse("tracking:step_add", args=[routine.pk]), {"exercise": "calf-raises-chair"}
    )
    assert response.status_code == 400
    assert routine.steps.count() == 3


def test_dose_override_is_saved_and_validated(client_logged_in, routine):
    stretch = step_of(routine, "wall-calf-stretch")
    url = reverse("tracking:step_dose", args=[routine.pk, stretch.pk])
    bad = client_logged_in.post(url, {"reps": "2", "hold_seconds": "500", "sets": "1", "sides": 2})
    assert bad.status_code == 400
    assert 'value="500"' in bad.content.decode()
    stretch.refresh_from_db()
    assert stretch.hold_seconds is None

    client_logged_in.post(url, {"reps": "3", "hold_seconds": "25", "sets": "1", "sides": 1})
    stretch.refresh_from_db()
    assert (stretch.reps, stretch.hold_seconds, stretch.sets, stretch.sides) == (3, 25, None, 1)
    assert stretch.dose.describe() == "3 times, hold 25 seconds"


def test_timed_dose_uses_minutes_and_seconds(client_logged_in, user, library):
    routine = routine_with(user, "gentle-walking")
    walk = routine.steps.get()
    url = reverse("tracking:step_dose", args=[routine.pk, walk.pk])
    too_short = client_logged_in.post(url, {"minutes": "0", "seconds": "5"})
    assert too_short.status_code == 400
    assert "at least 10 seconds" in too_short.content.decode()
    client_logged_in.post(url, {"minutes": "7", "seconds": "30"})
    walk.refresh_from_db()
    assert walk.duration_seconds == 450


@pytest.mark.parametrize("focus", list(planning.STARTERS))
def test_starter_routines_are_created_from_the_profile(client_logged_in, user, library, focus):
    client_logged_in.post(reverse("tracking:routine_create_starter"), {"focus": focus})
    routine = Routine.objects.get(owner=user)
    assert routine.focus == focus
    assert routine.steps.first().exercise.is_warm_up
    if focus == "balance":
        assert not routine.steps.filter(exercise__position="standing").exists()


def test_balance_concerns_make_every_starter_seated(client_logged_in, user, library):
    user.profile.balance_concerns = True
    user.profile.save()
    client_logged_in.post(reverse("tracking:routine_create_starter"), {"focus": "numbness"})
    routine = Routine.objects.get(owner=user)
    assert not routine.steps.filter(exercise__position="standing").exists()
    assert routine.steps.filter(exercise__slug="textured-ball-roll").exists()


def test_the_routine_made_for_you_follows_the_profiles_concerns(client_logged_in, user, library):
    user.profile.main_symptoms = ["numbness", "balance"]
    user.profile.balance_concerns = True
    user.profile.save()
    page = client_logged_in.get(reverse("tracking:routine_list")).content.decode()
    assert "Create “Numbness and balance, seated” (suggested)" in page
    assert re.search(r"About 1[0-5] minutes", page)

    client_logged_in.post(reverse("tracking:routine_create_starter"), {"focus": "for_you"})
    routine = Routine.objects.get(owner=user)
    assert (routine.name, routine.focus) == ("Numbness and balance, seated", "for_you")
    slugs = list(routine.steps.order_by("position").values_list("exercise__slug", flat=True))
    assert slugs[0] == "ankle-circles"
    assert routine.steps.get(position=1).exercise.category == "sensory"
    assert not routine.steps.filter(exercise__position="standing").exists()
    seconds = sum(step.dose.estimated_seconds() for step in routine.steps.all())
    assert 10 * 60 <= seconds <= 15 * 60


def test_without_named_concerns_there_is_no_routine_made_for_you(client_logged_in, user, library):
    user.profile.main_symptoms = []
    user.profile.save()
    page = client_logged_in.get(reverse("tracking:routine_list")).content.decode()
    assert "Create “Daily foot routine” (suggested)" in page
    assert 'value="for_you"' not in page


def test_unknown_starter_is_a_400(client_logged_in, user, library):
    response = client_logged_in.post(reverse("tracking:routine_create_starter"), {"focus": "x"})
    assert response.status_code == 400
    assert not Routine.objects.filter(owner=user).exists()


def test_other_users_get_404_on_every_routine_url_and_nothing_changes(
    client_logged_in, other_client, routine
):
    step = routine.steps.first()
    urls = [
        ("get", reverse("tracking:routine_detail", args=[routine.pk]), {}),
        ("post", reverse("tracking:routine_rename", args=[routine.pk]), {"name": "Mine"}),
        ("get", reverse("tracking:routine_delete", args=[routine.pk]), {}),
        ("post", reverse("tracking:routine_delete", args=[routine.pk]), {}),
        ("post", reverse("tracking:step_add", args=[routine.pk]), {"exercise": "toe-pickups"}),
        ("post", reverse("tracking:step_move", args=[routine.pk, step.pk]), {"direction": "down"}),
        ("post", reverse("tracking:step_remove", args=[routine.pk, step.pk]), {}),
        ("get", reverse("tracking:step_dose", args=[routine.pk, step.pk]), {}),
        ("post", reverse("tracking:step_dose", args=[routine.pk, step.pk]), {"reps": 5}),
        ("post", reverse("tracking:step_grow", args=[routine.pk, step.pk]), {}),
        (
            "post",
            reverse("tracking:session_start", args=[routine.pk]),
            {"start_key": str(uuid.uuid4())},
        ),
    ]
    before = order(routine)
    for method, url, data in urls:
        response = getattr(other_client, method)(url, data)
        assert response.status_code == 404, url
    routine.refresh_from_db()
    assert routine.name == "Morning"
    assert order(routine) == before
    assert not routine.sessions.exists()


def test_step_urls_must_match_their_routine(client_logged_in, user, routine):
    other_routine = routine_with(user, "ankle-circles", name="Other")
    step = routine.steps.first()
    response = client_logged_in.post(
        reverse("tracking:step_remove", args=[other_routine.pk, step.pk])
    )
    assert response.status_code == 404
    assert RoutineStep.objects.filter(pk=step.pk).exists()


def test_routine_list_queries_do_not_grow_with_the_number_of_routines(
    client_logged_in, user, library
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            client_logged_in.get(reverse("tracking:routine_list"))
        return len(queries)

    routine_with(user, "ankle-circles", name="One")
    one = count()
    for n in range(4):
        routine_with(user, "ankle-circles", "toe-pickups", name=f"More {n}")
    assert count() == one


def test_removing_a_step_offers_undo_that_puts_it_back_with_its_dose(client_logged_in, routine):
    pickups = step_of(routine, "toe-pickups")
    pickups.reps = 14
    pickups.save()
    url = reverse("tracking:step_remove", args=[routine.pk, pickups.pk])
    client_logged_in.post(url)
    assert order(routine) == ["wall-calf-stretch", "ankle-circles"]
    page = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "<strong>Toe pickups</strong> is removed." in page and ">Undo<" in page

    response = client_logged_in.post(reverse("tracking:step_undo_remove", args=[routine.pk]))
    assert response.status_code == 302
    assert order(routine) == ["wall-calf-stretch", "toe-pickups", "ankle-circles"]
    assert step_of(routine, "toe-pickups").reps == 14
    page = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert "is removed." not in page

    # A second undo has nothing to undo: told so, nothing changes.
    response = client_logged_in.post(
        reverse("tracking:step_undo_remove", args=[routine.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "nothing to undo" in response.content.decode()
    assert order(routine) == ["wall-calf-stretch", "toe-pickups", "ankle-circles"]


def test_undo_belongs_to_the_routine_it_was_removed_from(client_logged_in, user, routine):
    other = routine_with(user, "seated-calf-raises")
    client_logged_in.post(
        reverse("tracking:step_remove", args=[routine.pk, step_of(routine, "toe-pickups").pk])
    )
    assert "is removed." not in client_logged_in.get(other.get_absolute_url()).content.decode()
    client_logged_in.post(reverse("tracking:step_undo_remove", args=[other.pk]))
    assert order(other) == ["seated-calf-raises"]
    assert order(routine) == ["wall-calf-stretch", "ankle-circles"]


def test_another_change_ends_the_chance_to_undo(client_logged_in, routine):
    client_logged_in.post(
        reverse("tracking:step_remove", args=[routine.pk, step_of(routine, "toe-pickups").pk])
    )
    move = reverse("tracking:step_move", args=[routine.pk, step_of(routine, "ankle-circles").pk])
    client_logged_in.post(move, {"direction": "up"})
    assert "is removed." not in client_logged_in.get(routine.get_absolute_url()).content.decode()


def test_the_routine_page_lists_what_to_get_ready_once_each(client_logged_in, user, library):
    routine = routine_with(
        user, "ankle-circles", "resistance-band-ankle-press", "textured-ball-roll", "toe-pickups"
    )
    html = client_logged_in.get(routine.get_absolute_url()).content.decode()
    assert html.count("A light resistance band (or a long towel)") == 1
    assert "put a bottle of water in the freezer the night before" in html
    assert "A low stool or cushion for your foot</strong> (optional)" in html
    assert "A sturdy chair without wheels" not in html  # taken as given
    assert "No resistance band today?" in html
    assert "Do seated calf raises instead of resistance band ankle press" in html


def test_a_movement_whose_things_are_missing_is_swapped_for_one_that_needs_nothing(
    client_logged_in, user, library
):
    routine = routine_with(user, "ankle-circles", "resistance-band-ankle-press")
    url = reverse("tracking:step_swap", args=[routine.pk])
    response = client_logged_in.post(
        url, {"exercise": "resistance-band-ankle-press", "replacement": "seated-calf-raises"}
    )
    assert response.status_code == 302
    slugs = list(routine.steps.order_by("position").values_list("exercise__slug", flat=True))
    assert slugs == ["ankle-circles", "seated-calf-raises"]

    again = client_logged_in.post(
        url, {"exercise": "resistance-band-ankle-press", "replacement": "seated-calf-raises"}
    )
    assert again.status_code == 400
    assert "That swap is no longer on offer" in again.content.decode()


def test_a_swap_to_something_that_needs_equipment_is_refused(client_logged_in, user, library):
    routine = routine_with(user, "ankle-circles", "resistance-band-ankle-press")
    url = reverse("tracking:step_swap", args=[routine.pk])
    response = client_logged_in.post(
        url, {"exercise": "resistance-band-ankle-press", "replacement": "toe-pickups"}
    )
    assert response.status_code == 400
    assert routine.steps.filter(exercise__slug="resistance-band-ankle-press").exists()


def test_another_users_routine_cannot_be_swapped(other_client, user, library):
    routine = routine_with(user, "ankle-circles", "resistance-band-ankle-press")
    response = other_client.post(
        reverse("tracking:step_swap", args=[routine.pk]),
        {"exercise": "resistance-band-ankle-press", "replacement": "seated-calf-raises"},
    )
    assert response.status_code == 404
