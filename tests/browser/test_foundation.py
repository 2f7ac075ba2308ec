import re

from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory


def test_sign_up_read_safety_and_set_profile(page, live_server, check_page):
    page.goto(live_server.url + "/")
    check_page("home-public")
    page.get_by_role("link", name="Create a free account").click()
    check_page("signup")

    # The rules are shown before typing, in plain words.
    expect(page.get_by_text("letters and numbers, no spaces")).to_be_visible()
    expect(page.get_by_text("At least 8 characters")).to_be_visible()
    expect(page.get_by_text("@/./+/-/_")).to_have_count(0)
    page.get_by_label("User name").fill("rosa")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("The same password again").fill(PASSWORD + "x")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("not the same")
    check_page("signup-error")
    # Nothing typed is lost; "Show password" lets the person see the slip.
    expect(page.get_by_label("User name")).to_have_value("rosa")
    expect(page.get_by_label("Password:", exact=True)).to_have_value(PASSWORD)
    expect(page.get_by_label("The same password again")).to_have_value(PASSWORD + "x")
    page.get_by_label("Show password").nth(1).check()
    expect(page.locator("#id_password2")).to_have_attribute("type", "text")
    page.get_by_label("The same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # No email: recovery codes first, the way back in without one.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    page.get_by_role("link", name="I have saved them: continue").click()
    expect(page).to_have_url(re.compile(r"/accounts/safety/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Before you start")
    check_page("safety")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("tick the box")
    page.get_by_label(re.compile("I understand")).check()
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_url(re.compile(r"/accounts/profile/"))
    page.get_by_label("Numbness").check()
    page.get_by_label(re.compile("balance concerns")).check()
    page.get_by_label("Evening", exact=True).check()
    check_page("profile")
    page.get_by_role("button", name="Save profile").click()
    # Saving leads on: to the starter routines that suit the profile.
    expect(page).to_have_url(re.compile(r"/routines/$"))
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()


def test_browse_and_filter_library_with_htmx(page, live_server, check_page, login):
    user = UserFactory()
    login(user, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Exercises").click()
    expect(page.get_by_role("status").filter(has_text="exercise")).to_have_text("16 exercises")
    check_page("library")

    page.get_by_label("Helps with").select_option("numbness")
    expect(page.get_by_text(re.compile(r"^\d+ exercises?$"))).not_to_have_text("16 exercises")
    expect(page).to_have_url(re.compile(r"target=numbness"))
    page.get_by_label("Position").select_option("seated")
    expect(page.get_by_role("heading", name="Finger-to-toe touch identification")).to_be_visible()
    expect(page.get_by_role("heading", name="Textured surface walking")).to_have_count(0)
    check_page("library-filtered")

    page.get_by_role("link", name="Warm and cool contrast foot bath").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm and cool contrast foot bath")
    expect(page.get_by_text(re.compile("Numb feet cannot feel heat")).first).to_be_visible()
    check_page("exercise-detail")

    page.go_back()
    expect(page.get_by_label("Helps with")).to_have_value("numbness")


def test_library_filters_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/exercises/")
    page.get_by_label("Category").select_option("stretch")
    page.get_by_role("button", name="Show exercises").click()
    expect(page).to_have_url(re.compile(r"category=stretch"))
    expect(page.get_by_text("4 exercises")).to_be_visible()
    page.screenshot(path="screenshots/library-nojs.png", full_page=True)
    context.close()


def test_narrow_phone_screen_has_no_horizontal_scroll(page, live_server, check_page):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/exercises/", "/exercises/calf-raises-chair/", "/accounts/login/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px wide"
    check_page("detail-320")
