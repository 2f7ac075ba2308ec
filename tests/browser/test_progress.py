from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tracking.demo import seed_history

NON_BLANK = """canvas => {
  const { width, height } = canvas;
  const pixels = canvas.getContext("2d").getImageData(0, 0, width, height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
  return painted;
}"""


def test_progress_charts_render_with_tables_and_pass_axe(page, live_server, check_page, login):
    user = UserFactory()
    seed_history(user, days=45, seed=2)
    login(user, PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")

    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(6)
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 6")
    for canvas in canvases.all():
        assert canvas.evaluate(NON_BLANK) > 500, canvas.get_attribute("data-chart")

    page.locator("section[aria-labelledby=trend-heading] summary").click()
    expect(page.get_by_role("table", name="All symptoms (average) each day, 0-10")).to_be_visible()
    movements = "Every movement, with the number of sessions behind each estimate"
    expect(page.get_by_role("table", name=movements)).to_be_visible()
    check_page("progress")

    page.get_by_label("Symptom", exact=True).select_option("numbness")
    expect(page.get_by_role("heading", name="Numbness over time")).to_be_visible()
    page.wait_for_function("() => Object.keys(Chart.instances).length === 6")
    assert page.locator("canvas[data-chart='trend']").evaluate(NON_BLANK) > 500
    check_page("progress-numbness")


def test_progress_on_a_phone_without_sideways_scrolling(page, live_server, login):
    user = UserFactory()
    seed_history(user, days=20, seed=2)
    page.set_viewport_size({"width": 320, "height": 700})
    login(user, PASSWORD)
    page.goto(live_server.url + "/progress/")
    page.screenshot(path="screenshots/progress-320.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path="screenshots/progress-320.png", full_page=True)
