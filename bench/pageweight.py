"""Page weight and Lighthouse-style timings of every page, in a throttled headless Chromium.

One account with five years of daily sessions (the demo generator) behind gunicorn on
loopback. For each page reached from the navigation, plus the progress page at 12 months:

- compressed HTML: the bytes of the page itself on the wire (gzip), and uncompressed;
- transfer: every request the page makes at load (HTML, CSS, JS, images) as Chromium counts it;
- FCP and LCP, total blocking time (TBT) and layout shift, under Lighthouse's mobile
  conditions as far as Chromium emulates them: a 412x823 screen, the CPU slowed 4x,
  150 ms round trips and 1.6 Mbit/s down.

TBT is the sum over long main-thread tasks (over 50 ms) after the first paint of the
time beyond 50 ms, counted for 3 s after the load event (Lighthouse stops at the time to
interactive, so this counts at least as much). The score is Lighthouse 10's: each metric
through its log-normal curve (mobile control points), weighted FCP 10, Speed Index 10,
LCP 25, TBT 30, CLS 25; Speed Index is not measured here and FCP stands in for it.

Targets (issue 13): under 20 KB of compressed HTML for the 12-month progress page, TBT
under 50 ms, and a score of 100 (>= 0.995 before rounding) on every page.
"""

from __future__ import annotations

import gzip
import math
import subprocess
import tempfile
from pathlib import Path

from harness import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    PASSWORD,
    PYTHON,
    ROOT,
    Client,
    Server,
    prepare_database,
    run_script,
    server_env,
)

YEARS = 5
HTML_TARGET = 20 * 1024
TBT_TARGET = 50.0
# Lighthouse 10 mobile: (p10, median) of each metric's log-normal curve, and its weight.
CURVES = {
    "fcp": (1800.0, 3000.0, 10),
    "si": (3387.0, 5800.0, 10),
    "lcp": (2500.0, 4000.0, 25),
    "tbt": (200.0, 600.0, 30),
    "cls": (0.1, 0.25, 25),
}
SEED = f"""
from django.contrib.auth import get_user_model
from tracking.demo import seed_history
seed_history(get_user_model().objects.get(username="load0"), days={YEARS * 365}, seed=13)
"""
OBSERVE = """
window.__bench = { long: [], lcp: 0, cls: 0 };
new PerformanceObserver(list => list.getEntries().forEach(e =>
  window.__bench.long.push([e.startTime, e.duration])))
  .observe({ type: "longtask", buffered: true });
new PerformanceObserver(list => list.getEntries().forEach(e =>
  window.__bench.lcp = e.startTime))
  .observe({ type: "largest-contentful-paint", buffered: true });
new PerformanceObserver(list => list.getEntries().forEach(e => {
  if (!e.hadRecentInput) window.__bench.cls += e.value;
})).observe({ type: "layout-shift", buffered: true });
"""
READ = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const fcp = paint ? paint.startTime : 0;
  const tbt = window.__bench.long
    .filter(([start]) => start >= fcp)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  const entries = [...performance.getEntriesByType("navigation"),
                   ...performance.getEntriesByType("resource")];
  const transfer = entries.reduce((sum, e) => sum + (e.transferSize || 0), 0);
  return { fcp, lcp: window.__bench.lcp || fcp, tbt, cls: window.__bench.cls, transfer,
           requests: entries.length,
           charts: document.querySelectorAll("canvas[data-drawn='yes']").length };
}"""


def metric_score(name: str, value: float) -> float:
    p10, median, _ = CURVES[name]
    if value <= 0:
        return 1.0
    sigma = (math.log(median) - math.log(p10)) / 1.2815515655446004  # p10 scores 0.9
    return 0.5 * math.erfc((math.log(value) - math.log(median)) / (sigma * math.sqrt(2)))


def lighthouse_score(metrics: dict) -> float:
    values = {**metrics, "si": metrics["fcp"]}
    total = sum(weight for _, _, weight in CURVES.values())
    return sum(metric_score(name, values[name]) * w for name, (_, _, w) in CURVES.items()) / total


def html_size(port: int, path: str) -> tuple[int, int]:
    client = Client(port)
    client.login("load0")
    status, headers, body = client.request("GET", path, headers={"Accept-Encoding": "gzip"})
    client.close()
    assert status == 200, (path, status)
    plain = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    return len(body), len(plain)


def browse(port: int, extra_paths: list[str]) -> list[tuple[str, dict]]:
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        context = browser.new_context(
            viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
        )
        page = context.new_page()
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "load0")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
        links = page.eval_on_selector_all(
            "nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))"
        )
        paths = list(dict.fromkeys([*links, *extra_paths]))
        cookies = context.cookies()
        for path in paths:
            # A fresh context per page: an empty cache, as on a first visit.
            fresh = browser.new_context(
                viewport={"width": 412, "height": 823}, device_scale_factor=1.75, is_mobile=True
            )
            fresh.add_cookies(cookies)
            fresh.add_init_script(OBSERVE)
            tab = fresh.new_page()
            cdp = fresh.new_cdp_session(tab)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": 150,
                    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
                    "uploadThroughput": 750 * 1024 / 8,
                },
            )
            tab.goto(base + path, wait_until="load")
            tab.wait_for_timeout(3000)
            results.append((path, tab.evaluate(READ)))
            fresh.close()
        browser.close()
    return results


def main() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        # As deployed: the compressed, hashed static files that whitenoise serves.
        env = server_env(
            Path(tmp) / "bench.sqlite3", NEUROAPP_TESTING="0", DJANGO_SECRET_KEY="b" * 50
        )
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        prepare_database(env, 1)
        run_script(env, SEED)
        with Server(env, workers=2) as server:
            year = "/progress/?days=365"
            wire, plain = html_size(server.port, year)
            print(
                f"progress, 12 months of a {YEARS}-year history: HTML {wire / 1024:.1f} KB "
                f"compressed ({plain / 1024:.1f} KB uncompressed); target < "
                f"{HTML_TARGET // 1024} KB: {'met' if wire < HTML_TARGET else 'NOT met'}"
            )
            worst_tbt, worst_score = 0.0, 1.0
            for path, m in browse(server.port, [year]):
                score = lighthouse_score(m)
                worst_tbt, worst_score = max(worst_tbt, m["tbt"]), min(worst_score, score)
                print(
                    f"  {path:24} transfer {m['transfer'] / 1024:6.1f} KB in {m['requests']:2} "
                    f"requests; FCP {m['fcp']:5.0f} ms, LCP {m['lcp']:5.0f} ms, "
                    f"TBT {m['tbt']:4.0f} ms, CLS {m['cls']:.3f}; score {score * 100:.0f}"
                    + (f"; {m['charts']} charts drawn" if m["charts"] else "")
                )
            print(
                f"worst TBT {worst_tbt:.0f} ms (target < {TBT_TARGET:.0f}); "
                f"lowest score {worst_score * 100:.1f} (target 100)"
            )
            return {"html_bytes": wire, "worst_tbt": worst_tbt, "worst_score": worst_score}


if __name__ == "__main__":
    main()
