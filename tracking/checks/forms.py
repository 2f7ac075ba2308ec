"""Forms for the checks. Each keeps what was entered when something is missing."""

from __future__ import annotations

from django import forms

from tracking.checks import footcheck, mnsi, touch

FINE = "fine"
FOUND = "found"


class FootCheckForm(forms.Form):
    left = forms.MultipleChoiceField(
        label="Left foot",
        choices=footcheck.FINDINGS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    right = forms.MultipleChoiceField(
        label="Right foot",
        choices=footcheck.FINDINGS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    session = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    action = forms.ChoiceField(choices=[(FINE, FINE), (FOUND, FOUND)], required=False)

    def clean(self):
        data = super().clean()
        found = bool(data.get("left") or data.get("right"))
        action = data.get("action") or (FOUND if found else "")
        if action == FINE and found:
            raise forms.ValidationError(
                "You ticked something you found, so not both feet look fine. Untick it, or "
                "press “Save what I found”."
            )
        if action == FOUND and not found:
            raise forms.ValidationError(
                "Tick what you found on each foot, or press “Both feet look fine”."
            )
        if not action:
            raise forms.ValidationError(
                "Look at both feet, then press “Both feet look fine” or tick what you found."
            )
        return data


class TouchTestForm(forms.Form):
    """One radio group per touch: the spot the person named. The spots touched come back
    in hidden fields, so a refused form asks for the same touches again."""

    FEET_CHOICES = [("both", "Both feet"), ("left", "Left foot only"), ("right", "Right foot only")]

    feet = forms.ChoiceField(label="Feet tested", choices=FEET_CHOICES, initial="both")
    left_touched = forms.CharField(widget=forms.HiddenInput)
    right_touched = forms.CharField(widget=forms.HiddenInput)
    session = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, sequences: dict[str, tuple[str, ...]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        sequences = sequences or {foot: touch.new_sequence() for foot, _ in touch.FEET}
        if not self.is_bound:
            self.initial.update(
                {f"{foot}_touched": ",".join(sequences[foot]) for foot, _ in touch.FEET}
            )
        self.sequences = {foot: self._sequence(foot, sequences[foot]) for foot, _ in touch.FEET}
        choices = [*touch.SPOTS, (touch.NOTHING, touch.NOTHING_LABEL)]
        for foot, label in touch.FEET:
            for number, spot in enumerate(self.sequences[foot], start=1):
                self.fields[f"{foot}_{number}"] = forms.ChoiceField(
                    label=f"{label}, touch {number} of {len(self.sequences[foot])}: they said",
                    choices=choices,
                    widget=forms.RadioSelect,
                    required=False,
                )
                field = self.fields[f"{foot}_{number}"]
                field.touched = spot  # type: ignore[attr-defined]
                field.touched_label = touch.SPOT_TARGETS[spot]  # type: ignore[attr-defined]

    def _sequence(self, foot: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
        if not self.is_bound:
            return fallback
        raw = self.data.get(f"{foot}_touched", "")
        spots = tuple(part for part in raw.split(",") if part)
        if sorted(spots) != sorted(touch.SPOT_CODES):
            return fallback  # tampered or missing: refused in clean()
        return spots

    def trials(self, foot: str) -> list[forms.BoundField]:
        return [self[f"{foot}_{n}"] for n in range(1, len(self.sequences[foot]) + 1)]

    def clean(self):
        data = super().clean()
        for foot, _ in touch.FEET:
            raw = (data.get(f"{foot}_touched") or "").split(",")
            if sorted(raw) != sorted(touch.SPOT_CODES):
                raise forms.ValidationError(
                    "This page was out of date. The touches below are new: please start again."
                )
        tested = [foot for foot, _ in touch.FEET if data.get("feet") in ("both", foot)]
        for foot in tested:
            for number, field in enumerate(self.trials(foot), start=1):
                if not data.get(f"{foot}_{number}"):
                    self.add_error(
                        field.name,
                        f"Mark the spot they named for touch {number} (or “Felt nothing”).",
                    )
        data["tested"] = tested
        return data

    def results(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None]:
        data = self.cleaned_data
        out: dict[str, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}
        for foot, _ in touch.FEET:
            if foot not in data["tested"]:
                out[foot] = None
                continue
            named = tuple(data[f"{foot}_{n}"] for n in range(1, len(self.sequences[foot]) + 1))
            out[foot] = (self.sequences[foot], named)
        return out


YES_NO = [("yes", "Yes"), ("no", "No")]


class NeuropathyScreenForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(mnsi.ITEMS, start=1):
            self.fields[f"q{number}"] = forms.ChoiceField(
                label=f"{number}. {question}",
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": f"Please answer question {number}: yes or no."},
            )

    def answers(self) -> list[bool]:
        return [self.cleaned_data[f"q{n}"] == "yes" for n in range(1, len(mnsi.ITEMS) + 1)]
