"""The progress page's choice of period and symptom."""

from django import forms

from accounts.symptoms import BURDEN, SERIES_LABELS
from tracking.progress import charts


class ProgressForm(forms.Form):
    """Which period and symptom the progress page shows; both optional."""

    days = forms.TypedChoiceField(
        label="Period",
        coerce=int,
        choices=[(days, label.capitalize()) for days, label in charts.PERIODS.items()],
        required=False,
        empty_value=charts.DEFAULT_PERIOD,  # type: ignore[arg-type]
        error_messages={"invalid_choice": "Choose 30 days, 90 days or 12 months."},
    )
    symptom = forms.ChoiceField(
        label="Symptom",
        choices=list(SERIES_LABELS.items()),
        required=False,
        error_messages={"invalid_choice": "Choose one of the symptoms listed."},
    )

    def choice(self) -> tuple[int, str]:
        """(days, symptom), falling back to the defaults for anything invalid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("days") or charts.DEFAULT_PERIOD, data.get("symptom") or BURDEN
