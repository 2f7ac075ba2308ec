"""The hands-free coach, the screen that fits a phone, target sizes, and nothing lost
to a slip: a whole session spoken through a stubbed speechSynthesis that records what
would be said, with timers fifty times faster."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from accounts.models import Profile
from routines import services as routine_services
from routines.models import Exercise
from tests.factories import PASSWORD, UserFactory
from tracking.models import PracticeSession, SymptomLog

FAST = "window.localStorage.setItem('neuroapp.timeScale', '0.02');"
# Records every utterance and what reached the screen reader's live region.
SPEECH_STUB = """
window.__spoken = [];
window.__announced = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
  speaking: false, pending: false, getVoices: function () { return []; }, cancel: function () {},
  speak: function (u) {
    window.__spoken.push(u.text);
    setTimeout(function () { u.onend && u.onend(); }, 5);
  }
}});
new MutationObserver(function () {
  var region = document.querySelector('[data-announcer]');
  if (region && region.textContent) { window.__announced.push(region.textContent); }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""
NO_SPEECH = """
window.__announced = [];
Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: undefined });
window.SpeechSynthesisUtterance = undefined;
new MutationObserver(function () {
  var region = document.querySelector('[data-announcer]');
  if (region && region.textContent) { window.__announced.push(region.textContent); }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 320, "height": 568}


@pytest.fixture(autouse=True)
def _quiet_page_before_teardown(page, live_server):
    """The coach keeps running on its own: leave the page first, so no request of it is
    still in flight while the database is emptied after the test."""
    yield
    page.goto("about:blank")


def make_routine(user, slugs, name="Coach test"):
    routine = routine_services.create_routine(owner=user, name=name)
    for slug in slugs:
        routine_services.add_step(routine=routine, exercise=Exercise.objects.get(slug=slug))
    return routine


def at_first_step(page, live_server, login, slugs, **profile):
    """Sign a new person in, start a routine of `slugs` and skip the check-in."""
    user = UserFactory(**{f"profile__{name}": value for name, value in profile.items()})
    routine = make_routine(user, slugs)
    login(user, PASSWORD)
    page.goto(live_server.url + routine.get_absolute_url())
    page.get_by_role("button", name="Start this routine").click()
    # The tap that skips the check-in is what lets the coach speak: wait for the player.
    page.wait_for_selector("[data-player][data-mounted]")
    page.get_by_role("button", name="Skip the check-in").click()
    return user


def tap_slider(page, index, fraction):
    box = page.locator(".rating-range:visible").nth(index).bounding_box()
    page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


def in_viewport(page, locator, what):
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None, f"{what} is not shown"
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (
        f"{what} is not above the fold at {size}: {box}"
    )
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (what, box)


def test_a_whole_session_in_coach_mode_is_spoken_and_moves_on_by_itself(
    page, live_server, check_page, login
):
    page.add_init_script(FAST + SPEECH_STUB)
    page.set_viewport_size(PHONE)
    user = UserFactory(profile__main_symptoms=["numbness", "tingling"])
    assert Profile.objects.get(user=user).coach_mode is None
    routine = make_routine(user, ["ankle-circles", "calf-raises-chair", "contrast-foot-bath"])
    login(user, PASSWORD)
    page.goto(live_server.url + routine.get_absolute_url())
    page.get_by_role("button", name="Start this routine").click()

    # A check-in of the two main symptoms: three taps, nothing to scroll.
    expect(page.get_by_role("heading", level=1)).to_have_text("How do your feet feel right now?")
    sliders = page.locator(".rating-range:visible")
    expect(sliders).to_have_count(2)
    for index in range(2):
        in_viewport(page, sliders.nth(index), f"scale {index + 1}")
    save = page.get_by_role("button", name="Save and start exercising")
    in_viewport(page, save, "Save")
    check_page("coach-before-check-in-phone")
    page.wait_for_selector("[data-player][data-mounted]")
    tap_slider(page, 0, 0.6)
    tap_slider(page, 1, 0.3)
    save.click()

    # The tap that started the session lets the coach speak: no more taps from here.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ankle circles")
    expect(page.locator("[data-coach-primary]")).to_have_text("Pause")
    check_page("coach-step-phone")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Calf raises behind a chair", timeout=30_000
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Warm and cool contrast foot bath", timeout=30_000
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How do your feet feel now?", timeout=30_000
    )

    spoken = page.evaluate("window.__spoken")
    text = " | ".join(spoken)
    assert spoken[0].startswith("Exercise 1 of 3. Ankle circles. 10 circles each way, each side")
    assert "Get ready, first side." in spoken
    for count in range(1, 11):
        assert f"and round, {count} of 10" in spoken
    assert spoken.count("and round, 10 of 10") == 4  # each way, on both sides
    assert spoken.count("Now the same the other way.") == 2
    assert "Well done. Now the other side. Get ready." in spoken
    assert "Well done. Rest for 10 seconds. Next: Calf raises behind a chair." in spoken
    assert "Hold on: stand behind a sturdy chair" in text
    assert "and down, 8 of 8" in spoken
    assert "thermometer" in text
    assert "Go. 5 minutes." in spoken
    assert "One minute left." in spoken
    assert "Well done. That was the last exercise. Now a quick check-in." in spoken
    # The same announcements never also go to the screen reader's live region.
    announced = page.evaluate("window.__announced")
    assert not set(announced) & set(spoken), set(announced) & set(spoken)

    # "Same as last time" is one tap.
    page.get_by_role("button", name=re.compile("^Same as last time")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Well done!")
    check_page("coach-summary-phone")
    session = PracticeSession.objects.get(owner=user)
    assert session.status == "completed"
    assert [s.status for s in session.steps.all()] == ["done", "done", "done"]
    before, after = SymptomLog.objects.filter(session=session).order_by("recorded_at", "id").all()
    assert before.ratings() == after.ratings() and set(before.ratings()) == {"numbness", "tingling"}
    assert Profile.objects.get(user=user).coach_mode is True
    # The summary's key column fits the phone: no sideways scrolling.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390x844", "320x568"])
@pytest.mark.parametrize("coach", [True, False], ids=["coach", "manual"])
def test_each_step_fits_one_screen(page, live_server, login, viewport, coach):
    page.add_init_script(SPEECH_STUB)
    page.set_viewport_size(viewport)
    slugs = [
        "seated-calf-raises",
        "calf-raises-chair",
        "plantar-fascia-stretch",
        "contrast-foot-bath",
    ]
    at_first_step(page, live_server, login, slugs, coach_mode=coach)
    for slug in slugs:
        exercise = Exercise.objects.get(slug=slug)
        expect(page.get_by_role("heading", level=1)).to_have_text(exercise.name)
        page.evaluate("window.scrollTo(0, 0)")
        in_viewport(page, page.get_by_role("heading", level=1), f"{slug}: name")
        in_viewport(page, page.locator(".player-dose"), f"{slug}: dose")
        if coach:
            in_viewport(page, page.locator("[data-coach-cue]"), f"{slug}: coach")
            in_viewport(page, page.locator("[data-coach-primary]"), f"{slug}: start/pause")
        elif exercise.dose_kind == "reps":
            in_viewport(page, page.locator("[data-rep-count]"), f"{slug}: counter")
            in_viewport(page, page.locator("[data-rep-add]"), f"{slug}: +1")
        else:
            in_viewport(page, page.locator("[data-timer-display]"), f"{slug}: timer")
            in_viewport(page, page.locator("[data-timer-start]"), f"{slug}: start")
        if viewport == PHONE:
            in_viewport(page, page.get_by_role("button", name="Done, next"), f"{slug}: done")
        if slug in ("calf-raises-chair", "contrast-foot-bath"):
            note = page.locator(".key-safety")
            box = note.bounding_box()
            assert box["y"] + 30 <= viewport["height"], f"{slug}: safety line below the fold"
        page.screenshot(path=f"screenshots/fit-{slug}-{viewport['width']}-{coach}.png")
        page.get_by_role("button", name="Done, next").click()


def test_targets_are_big_enough(page, live_server, login):
    page.set_viewport_size(PHONE)
    user = UserFactory(profile__coach_mode=False)
    routine = make_routine(user, ["seated-calf-raises"])
    login(user, PASSWORD)
    page.goto(live_server.url + routine.get_absolute_url())
    start = page.get_by_role("button", name="Start this routine")
    size = start.evaluate("b => [getComputedStyle(b).fontSize, b.getBoundingClientRect().height]")
    assert size[0] == "21.6px" and size[1] >= 56, size
    start.click()
    save = page.get_by_role("button", name="Save and start exercising")
    assert save.bounding_box()["height"] >= 56
    thumb = page.locator(".rating-range:visible").first.bounding_box()
    assert thumb["height"] >= 48
    page.get_by_role("button", name="Skip the check-in").click()

    done = page.get_by_role("button", name="Done, next")
    plus = page.locator("[data-rep-add]")
    assert done.bounding_box()["height"] >= 56
    assert done.evaluate("b => getComputedStyle(b).fontSize") == "21.6px"
    box = plus.bounding_box()
    assert box["width"] >= 126 and box["height"] >= 56, box
    for pill in page.locator(".choice-pill").all():
        assert pill.bounding_box()["height"] >= 48
    pills = [p.bounding_box() for p in page.locator(".choice-pill").all()]
    assert pills[1]["x"] - (pills[0]["x"] + pills[0]["width"]) >= 8
    # "Take one off" is nowhere near +1.
    undo = page.get_by_role("button", name="Take one off the count").bounding_box()
    assert undo["y"] - (box["y"] + box["height"]) > 200

    # On a wide screen the 0-10 line is eleven 48 px buttons, 8 px apart, in one row.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/log/")
    options = page.locator("fieldset.rating").first.locator(".rating-line .rating-option span")
    boxes = [o.bounding_box() for o in options.all()]
    assert len(boxes) == 11
    assert len({round(b["y"]) for b in boxes}) == 1
    for left, right in itertools.pairwise(boxes):
        assert left["width"] >= 48 and left["height"] >= 48
        assert right["x"] - (left["x"] + left["width"]) >= 8


def test_stop_asks_first_and_asks_why(page, live_server, check_page, login):
    page.set_viewport_size(PHONE)
    user = at_first_step(
        page, live_server, login, ["ankle-circles", "seated-calf-raises"], coach_mode=False
    )

    page.get_by_role("button", name="Stop the session…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop the session?")
    check_page("player-stop-confirm")
    page.get_by_role("button", name="No, carry on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ankle circles")
    assert PracticeSession.objects.get(owner=user).status == "in_progress"

    page.get_by_role("button", name="Stop the session…").click()
    page.get_by_label("Out of time").check()
    page.get_by_role("button", name="Yes, stop the session").click()
    expect(page.get_by_text("You ran out of time")).to_be_visible()
    expect(page.get_by_text("If pain continues")).to_have_count(0)
    session = PracticeSession.objects.get(owner=user)
    assert session.status == "stopped" and session.stop_reason == "Out of time"


def test_removing_a_step_offers_undo(page, live_server, check_page, login):
    page.set_viewport_size(PHONE)
    user = UserFactory()
    routine = make_routine(user, ["ankle-circles", "seated-calf-raises", "toe-pickups"])
    step = routine.steps.get(position=1)
    routine_services.update_step_dose(step=step, overrides={"reps": 14})
    login(user, PASSWORD)
    page.goto(live_server.url + routine.get_absolute_url())
    page.get_by_role("button", name="Remove Seated calf raises").click()
    expect(page.locator(".routine-step h3")).to_have_count(2)
    expect(page.get_by_role("status").filter(has_text="is removed")).to_be_visible()
    check_page("routine-step-removed")
    page.get_by_role("button", name=re.compile("^Undo")).click()
    expect(page.locator(".routine-step h3")).to_have_text(
        ["Ankle circles", "Seated calf raises", "Toe pickups"]
    )
    restored = routine.steps.get(position=1)
    assert restored.exercise.slug == "seated-calf-raises" and restored.reps == 14


def test_coach_without_speech_says_so_once_and_beeps(page, live_server, login):
    page.add_init_script(FAST + NO_SPEECH)
    page.set_viewport_size(PHONE)
    at_first_step(
        page, live_server, login, ["seated-calf-raises", "toe-curls-and-spreads"], coach_mode=True
    )
    expect(page.locator(".coach-no-speech")).to_have_count(1)
    # Counting still happens, on screen and for screen readers.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Toe curls and spreads", timeout=60_000
    )
    expect(page.locator(".coach-no-speech")).to_have_count(0)
    announced = page.evaluate("window.__announced")
    assert sum("cannot speak" in a for a in announced) == 1
    assert any("and down, 3 of 10" in a for a in announced)
