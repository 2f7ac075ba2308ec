"""Run every benchmark and print its figures (`make bench`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attack
import imports
import insights
import pageweight
import progress
import reminders
import report
import web

if __name__ == "__main__":
    only = sys.argv[1:] or [
        "progress",
        "pageweight",
        "report",
        "imports",
        "attack",
        "web",
        "insights",
        "reminders",
    ]
    if "progress" in only:
        print("== progress page: 1 week versus 5 years of daily sessions ==")
        progress.main()
    if "pageweight" in only:
        print("== page weight and Lighthouse-style timings in a throttled Chromium ==")
        pageweight.main()
    if "report" in only:
        print("== clinician report of the largest importable account ==")
        report.main()
    if "imports" in only:
        print("== the biggest imports (20 MB) and their exports: time and peak memory ==")
        imports.main()
    if "attack" in only:
        print("== an attacker's worst imports, and what another user feels ==")
        attack.main()
    if "web" in only:
        print("== HTTP under gunicorn ==")
        web.main()
    if "reminders" in only:
        print("== send_reminders: 2,000 people due at the same minute ==")
        reminders.main()
    if "insights" in only:
        print("== find out what helps: simulated people through the player ==")
        insights.main()
