from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tracking.demo import seed_history


def open_chart_details(page) -> None:
    page.locator("details.chart-details").evaluate_all("els => els.forEach(e => e.open = true)")


# Each chart is built when it scrolls into view: bring every one into view, then wait.
def draw_all(page) -> None:
    open_chart_details(page)
    canvases = page.locator("canvas[data-chart]")
    for canvas in canvases.all():
        canvas.scroll_into_view_if_needed()
        expect(canvas).to_have_attribute("data-drawn", "yes")


# Every numeric axis shows 0, and no tick label is wider (or taller) than its axis box.
AXES = """() => Object.values(Chart.instances).map(chart => {
  const problems = [];
  for (const scale of Object.values(chart.scales)) {
    const name = chart.canvas.dataset.chart + "." + scale.id;
    const zero = scale.min <= 0 && scale.max >= 0 && scale.ticks.some(t => t.value === 0);
    if (scale.type === "linear" && !zero) {
      problems.push(name + " has no 0");
    }
    const font = Chart.helpers.toFont(scale.options.ticks.font);
    chart.ctx.font = font.string;
    for (const tick of scale.ticks) {
      const lines = Array.isArray(tick.label) ? tick.label : [String(tick.label ?? "")];
      const wide = Math.max(...lines.map(line => chart.ctx.measureText(line).width));
      const cut = !scale.isHorizontal() && wide > scale.width;
      if (cut) problems.push(name + " cuts " + lines.join(" "));
    }
    if (font.size < 14) problems.push(name + " labels are " + font.size + " px");
  }
  const area = chart.chartArea;
  if (area.left < 0 || area.right > chart.width) problems.push("chart area off the canvas");
  return problems;
}).flat()"""

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
    expect(page.locator("svg.trend-svg path.daily")).to_be_visible()  # drawn on the server
    draw_all(page)
    for canvas in canvases.all():
        assert canvas.evaluate(NON_BLANK) > 500, canvas.get_attribute("data-chart")
    assert page.evaluate(AXES) == []

    page.locator("section[aria-labelledby=trend-heading] summary").click()
    expect(page.get_by_role("table", name="All symptoms (average) each day, 0-10")).to_be_visible()
    movements = "Every movement, with the number of sessions behind each estimate"
    page.get_by_text("Method, and every movement").click()
    expect(page.get_by_role("table", name=movements)).to_be_visible()
    check_page("progress")

    page.locator(".choose-view > summary").click()
    page.get_by_label("Symptom", exact=True).select_option("numbness")
    expect(page.get_by_role("heading", name="Numbness over time")).to_be_visible()
    draw_all(page)
    assert page.locator("svg.trend-svg path.daily").get_attribute("d").count("h0") > 10
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
    draw_all(page)
    assert page.evaluate(AXES) == []


# The server-drawn trend: every text inside the SVG's box, and at least 14 px on screen
# from 390 px wide (smaller phones scale it down).
SVG_TEXT = """svg => {
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].flatMap(text => {
    const r = text.getBoundingClientRect();
    const problems = [];
    if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
        || r.bottom > box.bottom + 1) problems.push("cut: " + text.textContent);
    const px = parseFloat(getComputedStyle(text).fontSize) * box.width / svg.viewBox.baseVal.width;
    if (px < (window.innerWidth >= 390 ? 14 : 11.5)) {
      problems.push("small: " + text.textContent + " " + px.toFixed(1));
    }
    return problems;
  });
}"""


def test_the_trend_is_drawn_without_script_and_never_cut(page, live_server, login):
    user = UserFactory()
    seed_history(user, days=120, seed=4)
    for width, height in ((320, 700), (390, 844), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        login(user, PASSWORD)
        page.goto(live_server.url + "/progress/?days=365")
        svg = page.locator("svg.trend-svg")
        assert svg.evaluate(SVG_TEXT) == [], width
        ticks = svg.locator(".y-axis text").all_text_contents()
        assert ticks[0] == "0" and ticks[-2] == "10"  # the whole 0-10 scale, 0 included


def test_charts_are_built_only_when_they_come_into_view(page, live_server, login):
    user = UserFactory()
    seed_history(user, days=20, seed=2)
    page.set_viewport_size({"width": 390, "height": 844})
    login(user, PASSWORD)
    page.goto(live_server.url + "/progress/")
    page.wait_for_load_state("networkidle")
    drawn = page.locator("canvas[data-drawn='yes']").count()
    assert drawn < page.locator("canvas[data-chart]").count()
    page.screenshot(path="screenshots/progress-320.png", full_page=True)


SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}


def _demo_progress(page, live_server, login, size):
    user = UserFactory()
    seed_history(user, days=120, seed=1)
    width, height = SCREENS[size]
    page.set_viewport_size({"width": width, "height": height})
    login(user, PASSWORD)
    page.goto(live_server.url + "/progress/")
    page.wait_for_load_state("networkidle")
    return height


def _bottom(page, selector) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().bottom")


def test_the_first_screen_holds_the_answer_and_the_first_chart(page, live_server, login):
    for size in SCREENS:
        height = _demo_progress(page, live_server, login, size)
        answers = page.locator("#answer li")
        expect(answers).to_have_count(3)
        assert _bottom(page, "#answer") <= height, size
        if size == "phone":  # the target: the first chart on the first screen too
            assert _bottom(page, "#report .chart-box") <= height, size
        page.screenshot(path=f"screenshots/progress-first-screen-{size}.png")


def test_the_phone_page_is_under_four_screens_with_details_closed(page, live_server, login):
    height = _demo_progress(page, live_server, login, "phone")
    canvases = page.locator("canvas[data-chart]")
    for canvas in canvases.all():
        if canvas.is_visible():
            canvas.scroll_into_view_if_needed()
            expect(canvas).to_have_attribute("data-drawn", "yes")
    page.screenshot(path="screenshots/progress-phone-full.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollHeight") < 4 * height
    assert page.evaluate(AXES) == []


def test_changing_the_period_changes_every_section(page, live_server, login):
    _demo_progress(page, live_server, login, "phone")

    def summaries():
        page.locator("#report details").evaluate_all("els => els.forEach(e => e.open = true)")
        return {
            "answer": page.locator("#answer").inner_text(),
            "showing": page.locator("#showing").inner_text(),
            "sections": page.locator("#report > section > .chart-summary").all_inner_texts(),
            "time_of_day": page.locator("details:has(#tod-heading) p").first.inner_text(),
            "checks": page.locator("section[aria-labelledby=checks-heading] li").last.inner_text(),
        }

    before = summaries()
    page.locator(".choose-view > summary").click()
    page.get_by_label("Period").select_option("30")
    expect(page.locator("#showing")).to_contain_text("30 days")
    expect(page).to_have_url(live_server.url + "/progress/?days=30&symptom=burden")
    after = summaries()
    assert len(after["sections"]) == len(before["sections"]) >= 4
    for old, new in zip(before["sections"], after["sections"], strict=True):
        assert old != new, (old, new)  # every section's counts follow the period
    assert "in the last 30 days" in after["sections"][1]  # the movement analysis too
    assert after["time_of_day"] != before["time_of_day"]
    assert after["checks"] != before["checks"]
