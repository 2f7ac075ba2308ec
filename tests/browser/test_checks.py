"""The foot check, the touch test, the MNSI and the exercise drawings, in Chromium."""

import re
import uuid

from playwright.sync_api import expect

from tests.browser.support import rate
from tests.factories import PASSWORD, UserFactory
from tests.routines.factories import routine_with
from tracking.checks import touch
from tracking.models import FootCheck, NeuropathyScreen, TouchTest
from tracking.sessions.services import start_session

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def test_a_foot_problem_in_the_before_check_in_pauses_the_skin_moves(
    page, live_server, check_page, login
):
    page.set_viewport_size(PHONE)
    user = UserFactory()
    routine = routine_with(user, "ankle-circles", "toe-pickups", "seated-marching")
    session = start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    login(user, PASSWORD)
    page.goto(live_server.url + session.get_absolute_url())
    expect(page.get_by_role("group", name=re.compile("Daily foot check"))).to_be_visible()
    check_page("player-foot-check-phone")
    page.set_viewport_size(DESKTOP)  # the radio line of each scale
    rate(page, "Numbness", 4)
    page.get_by_label(re.compile("I found a cut")).check()
    page.get_by_role("button", name="Save and start exercising").click()
    page.set_viewport_size(PHONE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Daily foot check")
    page.get_by_role("group", name="Left foot").get_by_label("A blister").check()
    page.get_by_role("button", name="Save what I found").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Foot check: what to do")
    expect(page.get_by_text("Do not do barefoot or textured work on it")).to_be_visible()
    expect(page.get_by_text(re.compile("Left out of today.s session: Toe pickups"))).to_be_visible()
    check_page("foot-check-advice-phone")
    page.get_by_role("link", name="Carry on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ankle circles")
    assert [s.exercise.slug for s in session.steps.order_by("position")] == [
        "ankle-circles",
        "seated-marching",
    ]
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="It has healed").click()
    expect(page.get_by_text("Good to hear it has healed")).to_be_visible()
    assert FootCheck.objects.get(owner=user).healed_at is not None


def test_all_fine_from_the_foot_check_page_at_desktop_size(page, live_server, check_page, login):
    page.set_viewport_size(DESKTOP)
    user = UserFactory()
    login(user, PASSWORD)
    page.get_by_role("link", name="Daily foot check").click()
    check_page("foot-check-desktop")
    page.get_by_role("button", name="Both feet look fine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Both feet look fine")
    assert FootCheck.objects.get(owner=user).all_fine


def test_the_helpers_touch_test_one_touch_at_a_time(page, live_server, check_page, login):
    page.set_viewport_size(PHONE)
    user = UserFactory()
    routine = routine_with(user, "finger-to-toe-touch")
    session = start_session(owner=user, routine=routine, start_key=uuid.uuid4())
    login(user, PASSWORD)
    page.goto(live_server.url + session.get_absolute_url())
    page.get_by_role("button", name="Skip the check-in").click()
    page.get_by_role("link", name=re.compile("Helper.s mode")).click()
    expect(page.get_by_text("Touch 1 of 10.")).to_be_visible()
    check_page("touch-test-phone")
    named = {target: dict(touch.SPOTS)[code] for code, target in touch.SPOT_TARGETS.items()}
    for number in range(10):
        current = page.locator("fieldset.foot-map:visible")
        expect(current).to_have_count(1)
        touched = current.locator(".touch-spot").inner_text()
        # Right on the even touches, "Felt nothing" on the odd ones.
        answer = named[touched] if number % 2 == 0 else "Felt nothing"
        current.get_by_text(answer, exact=True).click()
        if number < 9:
            expect(page.get_by_text(f"Touch {number + 2} of 10.")).to_be_visible()
    expect(page.get_by_text("All 10 touches marked")).to_be_visible()
    page.get_by_role("button", name="Save the score").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Touch test: left foot")
    check_page("touch-test-result-phone")
    test = TouchTest.objects.get(owner=user)
    assert test.left_correct + test.right_correct == 5
    page.get_by_role("link", name="Carry on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finger-to-toe touch identification")


def test_the_neuropathy_questionnaire_names_what_is_missing(page, live_server, check_page, login):
    page.set_viewport_size(DESKTOP)
    user = UserFactory()
    login(user, PASSWORD)
    page.get_by_role("link", name="Answer the questionnaire").click()
    check_page("mnsi-desktop")
    page.get_by_role("group", name=re.compile("^1. Are your legs")).get_by_label("Yes").check()
    page.get_by_role("button", name="See my score").click()
    expect(page.get_by_text("Please answer question 2: yes or no.").first).to_be_visible()
    check_page("mnsi-missing-desktop")
    for number in range(2, 16):
        group = page.get_by_role("group", name=re.compile(rf"^{number}\. "))
        group.get_by_label("No").check()
    page.get_by_role("button", name="See my score").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your score: 3 of 13")
    check_page("mnsi-result-desktop")
    assert NeuropathyScreen.objects.get(owner=user).points == 3


def test_every_exercise_drawing_loads_with_its_description(page, live_server, check_page, login):
    page.set_viewport_size(PHONE)
    login(UserFactory(), PASSWORD)
    page.goto(live_server.url + "/exercises/")
    pictures = page.locator("img.exercise-picture")
    expect(pictures).to_have_count(16)
    for index in range(16):
        picture = pictures.nth(index)
        picture.scroll_into_view_if_needed()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        assert len(picture.get_attribute("alt")) > 40
    check_page("exercise-list-pictures-phone")
    page.goto(live_server.url + "/exercises/calf-raises-chair/")
    expect(page.get_by_role("img", name=re.compile("Standing behind a chair"))).to_be_visible()
    check_page("exercise-detail-picture-phone")
