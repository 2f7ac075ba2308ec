import re
from datetime import timedelta
from random import Random
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.symptoms import BURDEN, SYMPTOM_FIELDS
from tests.tracking.factories import PracticeSessionFactory, SymptomLogFactory
from tracking.demo import seed_history
from tracking.logs.services import log_symptoms
from tracking.models import SessionStage, SessionStatus, SessionStep, SymptomLog
from tracking.report import clinical, pdf, selectors

REPORT = reverse("tracking:clinician_report")
REPORT_PDF = reverse("tracking:clinician_report_pdf")
SECTIONS = [
    "Report for your healthcare professional",
    "Symptom trends",
    "Exercise sessions",
    "Before and after sessions",
    "What seemed to help",
    "Notes written in symptom logs",
    "not medical advice",
]


@pytest.fixture
def history(user, library):
    seed_history(user, days=40, seed=3)
    return user


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _uncompressed(user, profile, days=30) -> bytes:
    """The same PDF without page compression, so its (ASCII) text can be searched."""
    report = selectors.clinician_report_data(user, profile, days)
    return pdf.render_report(report, compress=False)


def test_report_page_has_every_section(client_logged_in, history):
    response = client_logged_in.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    for text in SECTIONS:
        assert text in html, text
    assert history.username in html
    assert "Numbness" in html and "Aching pain" in html
    assert "(30 days)" in html
    assert 'class="sparkline"' in html
    assert "Every movement, with the number of sessions behind each estimate" in html
    assert "Textured ball or frozen bottle roll" in html
    assert f'href="{REPORT_PDF}?days=30"' in html
    assert "data-print" in html and "css/print.css" in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "style=" not in html


def test_90_day_report(client_logged_in, history):
    html = client_logged_in.get(REPORT + "?days=90").content.decode()
    assert "(90 days)" in html
    assert f'href="{REPORT_PDF}?days=90"' in html


def test_notes_appear_newest_first_and_are_escaped(client_logged_in, user, library):
    now = timezone.now()
    SymptomLogFactory(owner=user, recorded_at=now - timedelta(days=3), note="Older note here")
    SymptomLogFactory(owner=user, recorded_at=now - timedelta(hours=1), note="Newer <b>note</b>")
    SymptomLogFactory(owner=user, recorded_at=now - timedelta(days=45), note="Too old to show")
    html = client_logged_in.get(REPORT).content.decode()
    assert "Newer &lt;b&gt;note&lt;/b&gt;" in html
    assert html.index("Newer &lt;b&gt;") < html.index("Older note here")
    assert "Too old to show" not in html
    assert "Too old to show" in client_logged_in.get(REPORT + "?days=90").content.decode()
    response = client_logged_in.get(REPORT_PDF)
    assert response.status_code == 200
    raw = _uncompressed(user, user.profile)
    assert b"(Newer <)" in raw  # the "<" is printed as typed, not read as markup
    assert raw.index(b"Newer") < raw.index(b"Older note here")


def test_other_users_notes_and_sessions_never_appear(client_logged_in, user, other_user, library):
    SymptomLogFactory(owner=user, note="My own note")
    SymptomLogFactory(owner=other_user, note="Somebody else's secret")
    seed_history(other_user, days=20, seed=4)
    html = client_logged_in.get(REPORT).content.decode()
    assert "My own note" in html
    assert "secret" not in html
    assert other_user.username not in html
    assert "<dt>Sessions</dt><dd>0 (0 a week)</dd>" in html
    raw = _uncompressed(user, user.profile)
    assert b"My own note" in raw
    assert b"secret" not in raw


def test_session_stats_with_stop_reasons_and_painful_exercises(client_logged_in, user, library):
    now = timezone.now()
    done = PracticeSessionFactory(
        owner=user,
        started_at=now - timedelta(days=2),
        finished_at=now - timedelta(days=2) + timedelta(minutes=12),
        status=SessionStatus.COMPLETED,
        stage=SessionStage.DONE,
    )
    stopped = PracticeSessionFactory(
        owner=user,
        started_at=now - timedelta(days=1),
        status=SessionStatus.STOPPED,
        stage=SessionStage.AFTER,
        stop_reason="Painful: Toe curls and spreads",
    )
    PracticeSessionFactory(owner=user, status=SessionStatus.IN_PROGRESS)  # not counted
    exercise = library["toe-curls-and-spreads"]
    for position, session in enumerate([done, stopped]):
        SessionStep.objects.create(
            session=session,
            exercise=exercise,
            position=position,
            dose_kind=exercise.dose_kind,
            status="done",
            feedback="painful",
        )
    html = client_logged_in.get(REPORT).content.decode()
    assert "<dt>Sessions</dt><dd>2 (0.5 a week)</dd>" in html
    assert "<dt>Completed</dt><dd>1</dd>" in html
    assert "<dt>Stopped early</dt><dd>1</dd>" in html
    assert "<dt>Days with a session</dt><dd>2</dd>" in html
    assert "<dt>Minutes of exercise</dt><dd>12 (about 6 a session)</dd>" in html
    assert "Painful: Toe curls and spreads" in html
    assert re.search(
        r"<th scope=\"row\">Toe curls and spreads</th><td class=\"num\">2</td>"
        r"<td class=\"num\">0</td>",
        html,
    )


def test_empty_account_gets_a_report_without_errors(client_logged_in, library):
    response = client_logged_in.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No symptom ratings in this period." in html
    assert "No notes in this period." in html
    pdf_response = client_logged_in.get(REPORT_PDF)
    assert pdf_response.status_code == 200
    assert pdf_response.content.startswith(b"%PDF")


def test_pdf_is_a_private_attachment_with_the_report(client_logged_in, history):
    SymptomLogFactory(owner=history, note="Feet tingled after the walk")
    response = client_logged_in.get(REPORT_PDF + "?days=90")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="neuroapp-report-90-days-{today:%Y-%m-%d}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    body = _body(response)
    assert body.startswith(b"%PDF-")
    assert body.rstrip().endswith(b"%%EOF")

    raw = _uncompressed(history, history.profile, days=90)
    assert raw.startswith(b"%PDF-")
    for text in [
        b"Report for your healthcare professional",
        b"Symptom trends",
        b"Exercise sessions",
        b"What seemed to help",
        b"Feet tingled after the walk",
        b"Textured ball or",
        history.username.encode(),
        b"Please note.",
        b"diagnosis",
    ]:
        assert text in raw, text


@pytest.mark.parametrize("days", ["7", "abc", "-30", "30.0", "365", "0", "1e9"])
def test_bad_days_are_a_400_not_a_500(client_logged_in, library, days):
    response = client_logged_in.get(REPORT, {"days": days})
    assert response.status_code == 400
    html = response.content.decode()
    assert "A report covers the last 30 or the last 90 days" in html
    assert f'href="{REPORT}?days=30"' in html

    response = client_logged_in.get(REPORT_PDF, {"days": days})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "Choose a report period of 30 or 90 days" in response.content.decode()


def test_blank_days_gives_the_30_day_report(client_logged_in, library):
    response = client_logged_in.get(REPORT + "?days=")
    assert response.status_code == 200
    assert "(30 days)" in response.content.decode()


@pytest.mark.parametrize("url", [REPORT, REPORT_PDF])
def test_login_required(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_post_is_not_allowed(client_logged_in, library):
    assert client_logged_in.post(REPORT).status_code == 405


def test_progress_page_links_to_the_report(client_logged_in, library):
    html = client_logged_in.get(reverse("tracking:progress")).content.decode()
    assert f'<a href="{REPORT}">Print a report for your healthcare professional</a>' in html


@pytest.mark.parametrize("url", [REPORT, REPORT_PDF])
def test_query_count_does_not_grow_with_history(client_logged_in, user, library, url):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client_logged_in.get(url + "?days=90").status_code == 200
        return len(queries)

    seed_history(user, days=7, seed=5)
    SymptomLogFactory(owner=user, note="one note")
    small = count_queries()
    seed_history(user, days=300, seed=6)
    for day in range(20):
        SymptomLogFactory(owner=user, recorded_at=timezone.now() - timedelta(days=day), note="n")
    assert count_queries() == small


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "Asia/Kathmandu", "America/St_Johns"])
def test_symptom_table_added_up_by_the_database_matches_the_logs(user, library, zone):
    """Day totals from SQL give the same table as the logs themselves, local days included."""
    rng = Random(11)
    now = timezone.now()
    for _ in range(300):
        ratings = {s: rng.choice([None, *range(11)]) for s in SYMPTOM_FIELDS}
        SymptomLogFactory(
            owner=user, recorded_at=now - timedelta(minutes=rng.randrange(40 * 24 * 60)), **ratings
        )
    tz = ZoneInfo(zone)
    today = timezone.localdate(now, tz)
    start = today - timedelta(days=29)
    records = [
        clinical.LogRecord(
            recorded_at=log.recorded_at,
            ratings={s: getattr(log, s) for s in SYMPTOM_FIELDS if getattr(log, s) is not None},
        )
        for log in SymptomLog.objects.filter(owner=user)
    ]
    totals = selectors.day_totals(SymptomLog.objects.filter(owner=user), tz)
    assert len(totals) <= 41
    for key in (BURDEN, *SYMPTOM_FIELDS):
        from_logs = clinical.symptom_trend(
            [r for r in records if start <= r.recorded_at.astimezone(tz).date()],
            key,
            start=start,
            end=today,
            tz=tz,
        )
        from_totals = clinical.symptom_trend(totals, key, start=start, end=today, tz=tz)
        assert from_totals is not None and from_logs is not None
        assert from_totals.n_logs == from_logs.n_logs
        assert from_totals.days_rated == from_logs.days_rated
        assert from_totals.period_mean == pytest.approx(from_logs.period_mean)
        assert from_totals.relief == pytest.approx(from_logs.relief)


def test_report_says_when_only_the_latest_sessions_are_analysed(
    client_logged_in, user, library, monkeypatch
):
    monkeypatch.setattr(selectors, "ANALYSED_SESSIONS", 3)
    now = timezone.now()
    for day in range(5):
        PracticeSessionFactory(
            owner=user,
            started_at=now - timedelta(days=day, hours=1),
            finished_at=now - timedelta(days=day),
            status=SessionStatus.COMPLETED,
            stage=SessionStage.DONE,
        )
    html = client_logged_in.get(REPORT).content.decode()
    assert "Only the latest 3 sessions are analysed here." in html
    assert "<dt>Sessions</dt><dd>5 (1.2 a week)</dd>" in html
    assert "<dt>Days with a session</dt><dd>5</dd>" in html
    assert "<dt>Minutes of exercise</dt><dd>300 (about 60 a session)</dd>" in html


def test_many_stop_reasons_are_capped_with_the_rest_on_one_line(client_logged_in, user, library):
    now = timezone.now()
    for n in range(14):
        PracticeSessionFactory(
            owner=user,
            started_at=now - timedelta(hours=n + 1),
            status=SessionStatus.STOPPED,
            stage=SessionStage.DONE,
            stop_reason=f"  Reason {n:02}  " if n else "Stopped early",
        )
    html = client_logged_in.get(REPORT).content.decode()
    assert "No reason given" in html
    assert "Reason 01" in html and "Reason 13" not in html
    assert '<th scope="row">Other reasons</th><td class="num">5</td>' in html


def test_notes_are_stored_stripped_and_blank_ones_not_counted(client_logged_in, user, library):
    log_symptoms(owner=user, ratings={"numbness": 3}, note="  \n ")
    log_symptoms(owner=user, ratings={"numbness": 3}, note="  walked to the shop \n")
    assert sorted(SymptomLog.objects.values_list("note", flat=True)) == ["", "walked to the shop"]
    html = client_logged_in.get(REPORT).content.decode()
    assert "walked to the shop" in html


def test_the_report_shows_the_display_name_when_one_is_given(client_logged_in, user):
    user.profile.display_name = "Rosa Díaz"
    user.profile.save()
    html = client_logged_in.get(reverse("tracking:clinician_report")).content.decode()
    assert "<dt>Name</dt><dd>Rosa Díaz</dd>" in html
    pdf = client_logged_in.get(reverse("tracking:clinician_report_pdf"))
    assert pdf.status_code == 200
