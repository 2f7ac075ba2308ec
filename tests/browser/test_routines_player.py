import re

from playwright.sync_api import expect

from routines.models import Routine
from tests.browser.support import rate
from tests.factories import PASSWORD, UserFactory
from tracking.models import FootCheck, PracticeSession, SymptomLog


def test_build_a_routine_and_run_a_guided_session(page, live_server, check_page, login):
    # Timers run 50x faster in this test.
    page.add_init_script("window.localStorage.setItem('neuroapp.timeScale', '0.02')")
    user = UserFactory(profile__coach_mode=False)
    login(user, PASSWORD)

    page.get_by_role("navigation").get_by_role("link", name="Routines").click()
    check_page("routines-empty")
    page.get_by_label("Routine name").fill("My mornings")
    page.get_by_role("button", name="Create routine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My mornings")

    add = page.get_by_label("Add an exercise")
    add.select_option("wall-calf-stretch")
    page.get_by_role("button", name="Add to routine").click()
    expect(page.get_by_role("heading", name="Wall calf stretch")).to_be_visible()
    add.select_option("ankle-circles")
    page.get_by_role("button", name="Add to routine").click()
    expect(page.get_by_text("Warm up first.")).to_be_visible()
    check_page("routine-warm-up-warning")
    page.get_by_role("button", name="Move ankle circles to the top").click()
    expect(page.get_by_text("Warm up first.")).to_have_count(0)
    expect(page.locator(".routine-step h3").first).to_have_text("Ankle circles")

    page.get_by_role("link", name="Change dose for Wall calf stretch").click()
    check_page("step-dose")
    page.get_by_label("Hold for (seconds)").fill("15")
    page.get_by_label("How many holds").fill("1")
    page.get_by_label("One side only").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("hold 15 seconds", exact=True)).to_be_visible()
    check_page("routine-built")

    page.get_by_role("button", name="Start this routine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How do your feet feel right now?")
    check_page("player-before")
    rate(page, "Numbness", 7)
    rate(page, "Aching pain", 4)
    page.get_by_role("button", name="Save and start exercising").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ankle circles")
    expect(page.get_by_text("Exercise 1 of 2")).to_be_visible()
    for _ in range(3):
        page.get_by_role("button", name="+1 repetition").click()
    expect(page.locator("[data-rep-count]")).to_have_text("3")
    expect(page.locator("[data-way-label]")).to_have_text("one way")
    check_page("player-reps")
    page.get_by_role("button", name="Next: the other way").click()  # each way, then each side
    expect(page.locator("[data-rep-count]")).to_have_text("0")
    expect(page.locator("[data-way-label]")).to_have_text("the other way")
    expect(page.locator("[data-side-label]")).to_have_text("(side 1 of 2)")
    page.get_by_role("button", name="Next: other side").click()
    expect(page.locator("[data-way-label]")).to_have_text("one way")
    expect(page.locator("[data-side-label]")).to_have_text("(side 2 of 2)")
    page.get_by_label("Helped").check()
    page.get_by_role("button", name="Done, next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Wall calf stretch")
    expect(page.get_by_text("Hold on:")).to_be_visible()
    page.get_by_role("button", name="Start timer").click()
    expect(page.locator("[data-timer-phase]")).to_have_text("Finished", timeout=10_000)
    expect(page.get_by_role("button", name="Done, next")).to_be_focused()
    check_page("player-timer-finished")
    page.get_by_label("No change").check()
    page.get_by_role("button", name="Done, next").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("How do your feet feel now?")
    rate(page, "Numbness", 4)
    rate(page, "Aching pain", 4)
    page.get_by_role("button", name="Save and finish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Well done!")
    expect(page.get_by_text("Better by 3")).to_be_visible()
    check_page("player-summary")
    session = PracticeSession.objects.get(owner=user)
    assert session.status == "completed"
    assert SymptomLog.objects.filter(session=session).count() == 2


def test_session_resumes_after_reload_and_pain_stops_it(page, live_server, check_page, login):
    user = UserFactory(profile__coach_mode=False)
    login(user, PASSWORD)
    page.goto(live_server.url + "/routines/")
    page.get_by_role("button", name=re.compile(r"Bad-day routine")).click()
    page.get_by_role("button", name="Start this routine").click()
    page.get_by_role("button", name="Skip the check-in").click()
    page.get_by_role("button", name="Done, next").click()
    expect(page.get_by_text("Exercise 2 of")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Exercise 2 of")).to_be_visible()
    page.goto(live_server.url + "/routines/")
    page.get_by_role("link", name="Carry on where you left off").click()
    expect(page.get_by_text("Exercise 2 of")).to_be_visible()

    page.get_by_label("Painful").check()
    page.get_by_role("button", name="Done, next").click()
    expect(page.get_by_role("heading", name="You said that was painful")).to_be_visible()
    check_page("player-painful")
    page.get_by_role("button", name="Stop the session").click()
    expect(page.get_by_text("You stopped because of pain")).to_be_visible()
    page.get_by_role("button", name="Skip the check-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Session stopped")


def test_player_is_usable_with_the_keyboard(page, live_server, login):
    user = UserFactory(profile__coach_mode=False)
    login(user, PASSWORD)
    page.goto(live_server.url + "/routines/")
    page.get_by_role("button", name=re.compile(r"Bad-day routine")).click()
    page.get_by_role("button", name="Start this routine").click()
    page.get_by_role("button", name="Skip the check-in").click()
    # The heading takes focus so screen readers start at the exercise name.
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    page.get_by_role("button", name="+1 repetition").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    expect(page.locator("[data-rep-count]")).to_have_text("2")
    page.get_by_role("button", name="Done, next").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Exercise 2 of")).to_be_visible()


def test_a_double_tap_saves_once(page, live_server, login):
    """Shaky hands: two quick taps on a button add one exercise, create one routine and
    save one foot check."""
    user = UserFactory(profile__coach_mode=False)
    login(user, PASSWORD)
    page.goto(f"{live_server.url}/routines/")
    # Each tap that sends the form is answered "204 No Content", so the page stays and a
    # second tap has the same button to land on.
    sent = []
    page.route("**/routines/new/", lambda route: (sent.append(1), route.fulfill(status=204)))
    page.get_by_label("Routine name").fill("Evenings")
    create = page.get_by_role("button", name="Create routine")
    create.click()
    create.click()
    page.wait_for_timeout(200)
    assert len(sent) == 1, "the second tap sent the form again"
    page.unroute("**/routines/new/")
    page.reload()
    page.get_by_label("Routine name").fill("Evenings")
    page.get_by_role("button", name="Create routine").dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evenings")
    assert Routine.objects.filter(owner=user, name="Evenings").count() == 1

    page.get_by_label("Add an exercise").select_option("ankle-circles")
    page.get_by_role("button", name="Add to routine").dblclick()
    expect(page.get_by_role("heading", name="Ankle circles")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert Routine.objects.get(owner=user).steps.count() == 1

    page.goto(f"{live_server.url}/checks/feet/")
    page.locator("input[name=left][value=blister]").check()
    page.get_by_role("button", name="Save what I found").dblclick()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert FootCheck.objects.filter(owner=user).count() == 1
