import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracking.demo import seed_history

CHARTS = ["symptoms", "before-after", "adherence", "time-of-day", "movements"]


@pytest.fixture
def history(user, library):
    seed_history(user, days=60, seed=3)
    return user


def test_progress_page_shows_every_chart_with_summary_and_table(client_logged_in, history):
    response = client_logged_in.get(reverse("tracking:progress"))
    html = response.content.decode()
    assert response.status_code == 200
    for key in ["movements", "feedback", "before_after", "adherence", "time_of_day"]:
        assert f'id="chart-data-{key}"' in html
    charts = ["movements", "feedback", "before_after", "time_of_day"]
    for key in [*charts, "adherence_sessions", "adherence_minutes"]:
        assert f'data-chart="{key}"' in html
    assert 'data-chart-svg="trend"' in html  # drawn on the server
    captions = [
        "each day, 0-10",
        "Every movement, with the number of sessions behind each estimate",
        "Your feedback after each movement",
        "before and after each session",
        "Sessions and minutes each week",
        "Average change after exercise by time of day",
    ]
    for caption in captions:  # every chart has its data table
        assert caption in html, caption
    assert html.count("<details") >= 8  # the tables and methods start closed
    assert "What you report after each exercise" in html
    assert "Every movement, with the number of sessions behind each estimate" in html
    assert "not medical advice" in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_empty_account_gets_helpful_text_not_errors(client_logged_in, library):
    html = client_logged_in.get(reverse("tracking:progress")).content.decode()
    assert "Log how you feel to start a trend" in html
    assert "No sessions with both a before and an after check-in" in html


def test_htmx_filter_returns_the_report_partial(client_logged_in, history):
    response = client_logged_in.get(
        reverse("tracking:progress") + "?days=30&symptom=numbness", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="report">')
    assert "Numbness over time" in html


def test_bad_choices_are_a_400_with_the_usual_view(client_logged_in, history):
    response = client_logged_in.get(reverse("tracking:progress") + "?days=7&symptom=joy")
    assert response.status_code == 400
    html = response.content.decode()
    assert "We did not recognise that choice" in html
    assert "Symptoms (average) over time" in html


@pytest.mark.parametrize("chart", CHARTS)
def test_json_endpoints(client_logged_in, history, chart):
    response = client_logged_in.get(reverse("tracking:progress_json", args=[chart]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    payload = response.json()
    assert payload["days"] == 90 and payload["symptom"] == "burden"


def test_movements_json_lists_every_movement_with_its_evidence(client_logged_in, history):
    payload = client_logged_in.get(reverse("tracking:progress_json", args=["movements"])).json()
    slugs = {m["slug"] for m in payload["movements"]}
    assert "textured-ball-roll" in slugs
    for movement in payload["movements"]:
        assert movement["verdict"] in {
            "likely helps",
            "too early to tell",
            "may make things worse",
        }
        if movement["estimate"] is not None:
            assert movement["low"] <= movement["estimate"] <= movement["high"]
        assert movement["n_sessions"] >= 0


def test_json_bad_parameters_are_a_400(client_logged_in, history):
    response = client_logged_in.get(
        reverse("tracking:progress_json", args=["symptoms"]) + "?symptom=nope"
    )
    assert response.status_code == 400
    assert "symptom" in response.json()["errors"]


def test_progress_needs_login(client, db):
    response = client.get(reverse("tracking:progress_json", args=["movements"]))
    assert response.status_code == 302


def test_other_users_data_never_appears(client_logged_in, other_user, library):
    seed_history(other_user, days=20, seed=4)
    payload = client_logged_in.get(reverse("tracking:progress_json", args=["adherence"])).json()
    assert sum(payload["sessions"]) == 0


def test_query_count_does_not_grow_with_history(client_logged_in, user, library):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client_logged_in.get(reverse("tracking:progress")).status_code == 200
        return len(queries)

    seed_history(user, days=7, seed=5)
    small = count_queries()
    seed_history(user, days=400, seed=6)
    assert count_queries() == small


def test_every_section_counts_the_chosen_period_only(client_logged_in, user, library):
    seed_history(user, days=230, seed=7)

    def counts(days):
        def get(chart):
            url = reverse("tracking:progress_json", args=[chart])
            return client_logged_in.get(url, {"days": days}).json()

        return {
            "movements": get("movements")["n_sessions"],
            "adherence": sum(get("adherence")["sessions"]),
            "before_after": len(get("before-after")["labels"]),
            "time_of_day": sum(get("time-of-day")["n"]),
        }

    month, quarter, year = counts(30), counts(90), counts(365)
    for section in month:
        assert 0 < month[section] < quarter[section] < year[section], section
    assert month["adherence"] <= 30 * 2  # never more than the 30 days hold


def test_the_answer_comes_first_in_three_sentences(client_logged_in, history):
    html = client_logged_in.get(reverse("tracking:progress")).content.decode()
    answer = html.index('id="answer"')
    assert answer < html.index('data-chart-svg="trend"')
    assert answer < html.index("progress-filters")  # before the filters too
    block = html[answer : html.index("</section>", answer)]
    assert block.count("<li>") == 3
    assert "This week:" in block or "No sessions yet this week" in block
    movements = html[html.index('id="movements-heading"') :]
    assert "in the last 90 days" in movements[: movements.index("<canvas")]


def test_htmx_period_change_refreshes_the_answer_out_of_band(client_logged_in, history):
    response = client_logged_in.get(
        reverse("tracking:progress"), {"days": "30"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'id="answer"' in html and 'hx-swap-oob="true"' in html
    movements = html[html.index('id="movements-heading"') :]
    assert "in the last 30 days" in movements[: movements.index("<canvas")]
    assert "<h1>" not in html
