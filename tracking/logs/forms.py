"""Symptom rating forms, shared by the symptom log pages and the guided player."""

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from accounts.symptoms import SYMPTOM_FIELDS, Symptom, higher_is_better
from tracking.models import Foot

RATING_ERROR = "Choose a number from 0 to 10."
NO_RATING_ERROR = "Rate at least one symptom."
NOT_RATED = "Not rated"
# Allow for a phone clock that runs a little fast.
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST = datetime(1900, 1, 1)
DATETIME_LOCAL_FORMAT = "%Y-%m-%dT%H:%M"

RATING_HELP = {
    name: (
        "How steady do you feel on your feet? Higher is better: 10 = completely steady."
        if higher_is_better(name)
        else "0 = none, 10 = the worst you can imagine."
    )
    for name in SYMPTOM_FIELDS
}
# The words at the two ends of each 0-10 scale.
RATING_ENDS = {
    name: (
        ("Not at all steady", "Completely steady")
        if higher_is_better(name)
        else ("None", "Worst imaginable")
    )
    for name in SYMPTOM_FIELDS
}
SAME_AS_LAST_TIME = "same"


def rating_field(name: str) -> forms.IntegerField:
    """0-10 as radio buttons, with "Not rated" (empty) first and chosen by default."""
    choices = [("", NOT_RATED), *[(n, str(n)) for n in range(11)]]
    field = forms.IntegerField(
        label=Symptom(name).label,
        required=False,
        min_value=0,
        max_value=10,
        help_text=RATING_HELP[name],
        widget=forms.RadioSelect(choices=choices),
        error_messages={
            "invalid": RATING_ERROR,
            "min_value": RATING_ERROR,
            "max_value": RATING_ERROR,
        },
    )
    field.ends = RATING_ENDS[name]  # type: ignore[attr-defined]
    field.higher_is_better = higher_is_better(name)  # type: ignore[attr-defined]
    return field


class SymptomRatingsForm(forms.Form):
    """Six optional 0-10 ratings (at least one), which foot, and a note.

    ``shown`` names the scales shown up front (the person's main symptoms); the others
    sit behind "Rate another symptom", opened when one of them has a value or an error.
    ``previous`` holds the last check-in's ratings: a POST with ``action=same`` rates
    exactly those again, so "Same as last time" is one tap.
    """

    numbness = rating_field(Symptom.NUMBNESS)
    tingling = rating_field(Symptom.TINGLING)
    aching = rating_field(Symptom.ACHING)
    burning = rating_field(Symptom.BURNING)
    sharp = rating_field(Symptom.SHARP)
    balance_confidence = rating_field(Symptom.BALANCE_CONFIDENCE)
    foot = forms.ChoiceField(
        label="Which foot?",
        choices=Foot.choices,
        initial=Foot.BOTH,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose both feet, left foot or right foot."},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        help_text="Anything that might explain how you feel, such as a long walk or new shoes.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": "Keep the note to %(limit_value)d characters or fewer "
            "(it has %(show_value)d)."
        },
    )

    def __init__(
        self,
        data=None,
        *args,
        shown: Sequence[str] | None = None,
        previous: Mapping[str, int] | None = None,
        **kwargs,
    ):
        if data is not None and previous and data.get("action") == SAME_AS_LAST_TIME:
            data = data.copy()
            for name in SYMPTOM_FIELDS:
                data[name] = "" if previous.get(name) is None else str(previous[name])
        super().__init__(data, *args, **kwargs)
        self.shown = tuple(name for name in SYMPTOM_FIELDS if shown is None or name in shown)
        self.previous = {k: v for k, v in (previous or {}).items() if v is not None}

    def rating_fields(self):
        """Bound fields for the six ratings, in display order."""
        return [self[name] for name in SYMPTOM_FIELDS]

    def shown_rating_fields(self):
        """The scales shown up front."""
        return [self[name] for name in SYMPTOM_FIELDS if name in self.shown]

    def other_rating_fields(self):
        return [self[name] for name in SYMPTOM_FIELDS if name not in self.shown]

    def others_open(self) -> bool:
        """Open "rate another" when one of the others has a value or an error."""
        return any(
            field.errors or field.value() not in (None, "") for field in self.other_rating_fields()
        )

    def details_open(self) -> bool:
        """Open "foot and note" when either was changed or is in error."""
        foot, note = self["foot"], self["note"]
        return bool(
            foot.errors or note.errors or note.value() or foot.value() not in (None, "", Foot.BOTH)
        )

    def previous_summary(self) -> str:
        """ "numbness 4, tingling 3": the ratings "Same as last time" repeats."""
        return ", ".join(
            f"{Symptom(name).label.lower()} {self.previous[name]}"
            for name in SYMPTOM_FIELDS
            if name in self.previous
        )

    def clean_foot(self):
        return self.cleaned_data.get("foot") or Foot.BOTH

    def clean(self):
        cleaned = super().clean()
        rating_errors = any(name in self.errors for name in SYMPTOM_FIELDS)
        if not rating_errors and all(cleaned.get(name) is None for name in SYMPTOM_FIELDS):
            raise forms.ValidationError(NO_RATING_ERROR, code="no_rating")
        return cleaned

    def ratings(self) -> dict[str, int | None]:
        """{field name: rating or None} for every symptom. Call after is_valid()."""
        return {name: self.cleaned_data.get(name) for name in SYMPTOM_FIELDS}


class LocalDateTimeField(forms.DateTimeField):
    """A datetime-local value in the site time zone, with plain-language errors."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL_FORMAT)
    default_error_messages = {
        "invalid": "Enter a date and time, for example 31/01/2025 09:30.",
    }

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "ambiguous_timezone":
                raise forms.ValidationError(
                    "That time is skipped or repeated when the clocks change. "
                    "Choose a time an hour earlier or later.",
                    code="ambiguous_timezone",
                ) from error
            raise


class SymptomLogForm(SymptomRatingsForm):
    recorded_at = LocalDateTimeField(
        label="When did you feel this?",
        initial=timezone.now,
        error_messages={"required": "Enter the date and time."},
    )

    def __init__(self, data=None, *args, **kwargs):
        if (
            data is not None
            and data.get("action") == SAME_AS_LAST_TIME
            and not data.get("recorded_at")
        ):
            data = data.copy()
            data["recorded_at"] = timezone.localtime().strftime(DATETIME_LOCAL_FORMAT)
        super().__init__(data, *args, **kwargs)
        self.fields["recorded_at"].help_text = (
            f"Date and time, in {timezone.get_current_timezone_name()} time. "
            "Change it if you are recording something from earlier."
        )

    def clean_recorded_at(self):
        value = self.cleaned_data["recorded_at"]
        if value.replace(tzinfo=None) < EARLIEST:
            raise forms.ValidationError("Enter a date after 1900.", code="too_early")
        if value > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError("The time cannot be in the future.", code="future")
        return value


def parse_key(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class SymptomLogCreateForm(SymptomLogForm):
    """Adds a hidden idempotency key, so a double submit saves one log.

    A missing or malformed key is replaced by a fresh one rather than
    rejected: the person cannot fix a hidden field, and must not lose input.
    """

    idempotency_key = forms.UUIDField(required=False, initial=uuid.uuid4, widget=forms.HiddenInput)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if not self.is_bound:
            # A page opened offline from the device's copy (or left open for hours) shows
            # when it was loaded: static/js/offline.js brings the untouched time up to now.
            widget = self.fields["recorded_at"].widget
            widget.attrs = {
                **widget.attrs,
                "data-now-in": timezone.get_current_timezone_name(),
                "data-rendered-at": timezone.now().isoformat(),
            }
        if self.is_bound:
            name = self.add_prefix("idempotency_key")
            if parse_key(self.data.get(name)) is None:
                self.data = self.data.copy()
                self.data[name] = str(uuid.uuid4())

    @property
    def key(self) -> uuid.UUID:
        return self.cleaned_data["idempotency_key"]
