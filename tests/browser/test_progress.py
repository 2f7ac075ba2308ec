from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from tracking.demo import seed_history


# Each chart is built when it scrolls into view: bring every one into view, then wait.
def draw_all(page) -> None:
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
    expect(canvases).to_have_count(7)
    draw_all(page)
    for canvas in canvases.all():
        assert canvas.evaluate(NON_BLANK) > 500, canvas.get_attribute("data-chart")
    assert page.evaluate(AXES) == []

    page.locator("section[aria-labelledby=trend-heading] summary").click()
    expect(page.get_by_role("table", name="All symptoms (average) each day, 0-10")).to_be_visible()
    movements = "Every movement, with the number of sessions behind each estimate"
    expect(page.get_by_role("table", name=movements)).to_be_visible()
    check_page("progress")

    page.get_by_label("Symptom", exact=True).select_option("numbness")
    expect(page.get_by_role("heading", name="Numbness over time")).to_be_visible()
    draw_all(page)
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
    draw_all(page)
    assert page.evaluate(AXES) == []


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
