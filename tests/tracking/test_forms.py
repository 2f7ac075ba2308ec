import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.symptoms import SYMPTOM_FIELDS
from tracking.logs.forms import (
    NO_RATING_ERROR,
    RATING_ERROR,
    SymptomLogCreateForm,
    SymptomLogForm,
    SymptomRatingsForm,
)


def local_input(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_ratings_form_accepts_one_rating_and_fills_the_rest_with_none():
    form = SymptomRatingsForm({"burning": "7", "foot": "left", "note": " hot feet "})
    assert form.is_valid(), form.errors
    assert form.ratings() == {
        "numbness": None,
        "tingling": None,
        "aching": None,
        "burning": 7,
        "sharp": None,
        "balance_confidence": None,
    }
    assert list(form.ratings()) == list(SYMPTOM_FIELDS)
    assert form.cleaned_data["foot"] == "left"
    assert form.cleaned_data["note"] == "hot feet"


def test_zero_is_a_rating_not_a_blank():
    form = SymptomRatingsForm({"numbness": "0"})
    assert form.is_valid(), form.errors
    assert form.ratings()["numbness"] == 0


def test_no_rating_at_all_is_refused():
    form = SymptomRatingsForm({"numbness": "", "foot": "both", "note": "fine"})
    assert not form.is_valid()
    assert form.non_field_errors() == [NO_RATING_ERROR]


@pytest.mark.parametrize("value", ["11", "-1", "abc", "5.5", "1e3", "99999999999999999999"])
def test_out_of_range_or_malformed_ratings_get_the_plain_message(value):
    form = SymptomRatingsForm({"aching": value, "numbness": "3"})
    assert not form.is_valid()
    assert form.errors["aching"] == [RATING_ERROR]
    # The "rate at least one" error is not piled on top of a rating error.
    assert NO_RATING_ERROR not in form.non_field_errors()


def test_only_bad_ratings_do_not_also_claim_nothing_was_rated():
    form = SymptomRatingsForm({"aching": "12"})
    assert not form.is_valid()
    assert form.non_field_errors() == []


def test_foot_defaults_to_both_and_rejects_unknown_values():
    form = SymptomRatingsForm({"sharp": "2"})
    assert form.is_valid()
    assert form.cleaned_data["foot"] == "both"
    bad = SymptomRatingsForm({"sharp": "2", "foot": "middle"})
    assert not bad.is_valid()
    assert "Choose both feet, left foot or right foot." in bad.errors["foot"]


def test_note_is_limited_to_2000_characters():
    assert SymptomRatingsForm({"sharp": "2", "note": "x" * 2000}).is_valid()
    form = SymptomRatingsForm({"sharp": "2", "note": "x" * 2001})
    assert not form.is_valid()
    assert "2000 characters or fewer (it has 2001)" in form.errors["note"][0]


def test_balance_confidence_help_says_higher_is_better():
    form = SymptomRatingsForm()
    assert "Higher is better" in form["balance_confidence"].help_text
    assert "Higher is better" not in form["numbness"].help_text


@pytest.mark.django_db
def test_recorded_at_is_read_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Europe/London"
    form = SymptomLogForm({"numbness": "4", "recorded_at": "2025-07-01T08:30"})
    assert form.is_valid(), form.errors
    moment = form.cleaned_data["recorded_at"]
    # 08:30 in London summer time is 07:30 UTC.
    assert moment.astimezone(timezone.UTC).hour == 7
    assert timezone.localtime(moment).hour == 8


def test_uk_style_typed_date_is_accepted_where_datetime_local_is_missing():
    form = SymptomLogForm({"numbness": "4", "recorded_at": "31/01/2025 09:30"})
    assert form.is_valid(), form.errors
    assert timezone.localtime(form.cleaned_data["recorded_at"]).day == 31


def test_recorded_at_allows_five_minutes_of_clock_skew_but_not_more():
    soon = timezone.now() + timedelta(minutes=3)
    assert SymptomLogForm({"numbness": "4", "recorded_at": local_input(soon)}).is_valid()
    later = timezone.now() + timedelta(minutes=10)
    form = SymptomLogForm({"numbness": "4", "recorded_at": local_input(later)})
    assert not form.is_valid()
    assert form.errors["recorded_at"] == ["The time cannot be in the future."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Enter the date and time."),
        ("yesterday", "Enter a date and time"),
        ("2025-02-30T10:00", "Enter a date and time"),
        ("0001-01-01T00:00", "Enter a date after 1900."),
        ("9999-12-31T23:59", "cannot be in the future"),
        ("2025-03-30T01:30", "clocks change"),  # skipped hour in London
    ],
)
def test_bad_times_get_a_clear_message(value, message, settings):
    settings.TIME_ZONE = "Europe/London"
    form = SymptomLogForm({"numbness": "4", "recorded_at": value})
    assert not form.is_valid()
    assert message in form.errors["recorded_at"][0]


def test_create_form_renders_a_fresh_hidden_key_each_time():
    pattern = re.compile(r'<input type="hidden" name="idempotency_key" value="([0-9a-f-]{36})"')
    first = pattern.search(str(SymptomLogCreateForm()["idempotency_key"]))
    second = pattern.search(str(SymptomLogCreateForm()["idempotency_key"]))
    assert first and second
    assert uuid.UUID(first[1]).version == 4
    assert first[1] != second[1]


def test_create_form_keeps_a_good_key_and_replaces_a_bad_one():
    key = uuid.uuid4()
    now = local_input(timezone.now())
    good = SymptomLogCreateForm({"numbness": "1", "recorded_at": now, "idempotency_key": str(key)})
    assert good.is_valid()
    assert good.key == key
    for bad_value in ["not-a-uuid", ""]:
        bad = SymptomLogCreateForm(
            {"numbness": "1", "recorded_at": now, "idempotency_key": bad_value}
        )
        assert bad.is_valid(), bad.errors
        assert isinstance(bad.key, uuid.UUID)
        assert bad["idempotency_key"].value() == str(bad.key)
    missing = SymptomLogCreateForm({"numbness": "1", "recorded_at": now})
    assert missing.is_valid()
    assert isinstance(missing.key, uuid.UUID)


def test_rating_include_renders_accessible_scales_without_a_form_tag():
    html = render_to_string("tracking/includes/rating_fields.html", {"form": SymptomRatingsForm()})
    assert "<form" not in html
    assert "csrfmiddlewaretoken" not in html
    assert html.count("<fieldset") == len(SYMPTOM_FIELDS) + 1  # ratings, then foot
    assert html.count('type="radio"') == len(SYMPTOM_FIELDS) * 12 + 3
    assert '<legend id="id_balance_confidence_legend">Balance confidence' in html
    assert "(higher is better)" in html
    assert 'aria-describedby="id_numbness_helptext"' in html
    # "Not rated" is chosen by default, and "both feet" too.
    assert 'value="" id="id_numbness_0" checked' in html
    assert 'value="both" id="id_foot_0" checked' in html
    assert "<span>10</span>" in html


def test_rating_include_links_errors_to_their_scale():
    form = SymptomRatingsForm({"numbness": "11"})
    assert not form.is_valid()
    html = render_to_string("tracking/includes/rating_fields.html", {"form": form})
    assert 'aria-describedby="id_numbness_helptext id_numbness_error"' in html
    assert f'id="id_numbness_error"><li>{RATING_ERROR}' in html
    assert 'aria-invalid="true"' in html


def test_rating_include_respects_a_form_prefix():
    form = SymptomRatingsForm(prefix="before")
    html = render_to_string("tracking/includes/rating_fields.html", {"form": form})
    assert 'name="before-numbness"' in html
    assert 'id="id_before-numbness"' in html


def test_scales_not_shown_up_front_wait_behind_rate_another():
    form = SymptomRatingsForm(shown=("tingling",))
    assert [f.name for f in form.shown_rating_fields()] == ["tingling"]
    assert "numbness" in [f.name for f in form.other_rating_fields()]
    assert not form.others_open()
    html = render_to_string("tracking/includes/rating_fields.html", {"form": form})
    assert '<details class="more-ratings">' in html
    # A value or an error among the others opens them.
    bound = SymptomRatingsForm({"numbness": "11"}, shown=("tingling",))
    assert not bound.is_valid() and bound.others_open()


def test_same_as_last_time_rates_the_previous_values_again():
    previous = {"numbness": 4, "balance_confidence": 7}
    form = SymptomRatingsForm({"action": "same"}, previous=previous)
    assert form.is_valid(), form.errors
    assert {k: v for k, v in form.ratings().items() if v is not None} == previous
    assert form.previous_summary() == "numbness 4, balance confidence 7"
    # With nothing before, "same" is an ordinary empty check-in.
    empty = SymptomRatingsForm({"action": "same"})
    assert not empty.is_valid() and NO_RATING_ERROR in empty.non_field_errors()


def test_scale_ends_say_which_way_is_better():
    html = render_to_string("tracking/includes/rating_fields.html", {"form": SymptomRatingsForm()})
    assert "0: None" in html and "10: Worst imaginable" in html
    assert "0: Not at all steady" in html and "10: Completely steady" in html
