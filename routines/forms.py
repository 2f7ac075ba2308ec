from datetime import date, tzinfo

from django import forms
from django.db.models import QuerySet

from routines import planning, weekly
from routines.dosing import DOSE_LIMITS
from routines.models import Category, Exercise, Position, Routine, Target


class ExerciseFilterForm(forms.Form):
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    target = forms.ModelChoiceField(
        label="Helps with",
        queryset=Target.objects.all(),
        to_field_name="code",
        empty_label="Any symptom",
        required=False,
    )
    position = forms.ChoiceField(
        choices=[("", "Seated or standing"), *Position.choices], required=False
    )

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data.get("category") or "",
            "target": data["target"].code if data.get("target") else "",
            "position": data.get("position") or "",
        }


class RoutineNameForm(forms.Form):
    name = forms.CharField(
        label="Routine name",
        max_length=80,
        error_messages={
            "required": "Give the routine a name.",
            "max_length": "Keep the name to 80 characters or fewer.",
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the routine a name.")
        return name


class StarterRoutineForm(forms.Form):
    focus = forms.ChoiceField(
        choices=[(key, planning.starter_name(key)) for key in planning.STARTERS]
    )


class AddStepForm(forms.Form):
    exercise = forms.ModelChoiceField(
        label="Add an exercise",
        queryset=Exercise.objects.all(),
        to_field_name="slug",
        empty_label="Choose an exercise",
        error_messages={
            "required": "Choose an exercise to add.",
            "invalid_choice": "That exercise is not in the library.",
        },
    )

    def __init__(self, *args, seated_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if seated_only:
            field = self.fields["exercise"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Exercise.objects.filter(position=Position.SEATED)
            self.fields["exercise"].help_text = "Seated exercises only, as set in your profile."


class MoveStepForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down"), ("top", "Top")])


class StepDoseForm(forms.Form):
    """Only the fields that apply to the exercise's kind of dose are kept."""

    reps = forms.IntegerField(
        label="Repetitions", min_value=DOSE_LIMITS["reps"][0], max_value=DOSE_LIMITS["reps"][1]
    )
    sets = forms.IntegerField(
        label="Sets", min_value=DOSE_LIMITS["sets"][0], max_value=DOSE_LIMITS["sets"][1]
    )
    hold_seconds = forms.IntegerField(
        label="Hold for (seconds)",
        min_value=DOSE_LIMITS["hold_seconds"][0],
        max_value=DOSE_LIMITS["hold_seconds"][1],
        help_text="Stretches: 15-30 seconds, mild tension, never pain.",
    )
    minutes = forms.IntegerField(
        label="Minutes", min_value=0, max_value=DOSE_LIMITS["duration_seconds"][1] // 60
    )
    seconds = forms.IntegerField(label="Seconds", min_value=0, max_value=59)
    sides = forms.TypedChoiceField(
        label="Sides",
        coerce=int,
        choices=[(2, "Both sides, one after the other"), (1, "One side only")],
        widget=forms.RadioSelect,
    )

    KIND_FIELDS = {
        "reps": ("reps", "sets"),
        "hold": ("reps", "hold_seconds", "sets"),
        "timed": ("minutes", "seconds"),
    }

    def __init__(self, *args, exercise, dose, **kwargs):
        initial = {
            "reps": dose.reps,
            "sets": dose.sets,
            "hold_seconds": dose.hold_seconds,
            "minutes": (dose.duration_seconds or 0) // 60,
            "seconds": (dose.duration_seconds or 0) % 60,
            "sides": dose.sides,
        }
        super().__init__(*args, initial=initial, **kwargs)
        keep = set(self.KIND_FIELDS[exercise.dose_kind])
        if exercise.per_side:
            keep.add("sides")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if exercise.dose_kind == "hold":
            self.fields["reps"].label = "How many holds"
        for name in ("reps", "sets", "hold_seconds", "minutes", "seconds"):
            if name in self.fields:
                field = self.fields[name]
                field.error_messages["required"] = "Enter a whole number."
                field.error_messages["invalid"] = "Enter a whole number, like 10."
        self.exercise = exercise

    def clean(self):
        data = super().clean()
        if "minutes" in self.fields and not self.errors:
            total = data["minutes"] * 60 + data["seconds"]
            shortest, longest = DOSE_LIMITS["duration_seconds"]
            if total < shortest:
                raise forms.ValidationError(f"Make the time at least {shortest} seconds.")
            if total > longest:
                raise forms.ValidationError(f"Make the time at most {longest // 60} minutes.")
            data["duration_seconds"] = total
        return data

    def overrides(self) -> dict:
        data = self.cleaned_data
        return {
            "reps": data.get("reps"),
            "sets": data.get("sets"),
            "hold_seconds": data.get("hold_seconds"),
            "duration_seconds": data.get("duration_seconds"),
            "sides": data.get("sides", 2 if self.exercise.per_side else 1),
        }


PREFERRED_TIME_DEFAULTS = {"morning": "09:00", "afternoon": "14:00", "evening": "18:30"}


class WeekPlanForm(forms.Form):
    """Which days, at what time (one or two a day) and which routine. ``routines`` are the
    person's own; the time is checked against the site's clock changes for a year ahead."""

    days = forms.TypedMultipleChoiceField(
        label="Days",
        choices=list(enumerate(weekly.WEEKDAY_NAMES)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one day. Every day is fine: 10-15 minutes is enough.",
            "invalid_choice": "Choose days from the list.",
        },
    )
    first_time = forms.TimeField(
        label="Time",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": "Give a time, for example 09:00.",
            "invalid": "Give the time as hours and minutes, for example 09:00.",
        },
    )
    second_time = forms.TimeField(
        label="Second time (optional)",
        required=False,
        help_text="For a second short session the same day.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Give the time as hours and minutes, for example 18:00."},
    )
    routine = forms.ModelChoiceField(
        label="Routine",
        queryset=Routine.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Choose a routine.",
            "invalid_choice": "That routine is not one of yours. Choose one from the list.",
        },
    )

    def __init__(self, *args, routines: QuerySet[Routine], tz: tzinfo, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        routine_field = self.fields["routine"]
        assert isinstance(routine_field, forms.ModelChoiceField)
        routine_field.queryset = routines
        self.tz = tz
        self.today = today

    def clean(self):
        data = super().clean()
        days, times = data.get("days"), []
        for name in ("first_time", "second_time"):
            at = data.get(name)
            if at is None:
                continue
            if days:
                gaps = weekly.gap_dates(days=days, at=at, tz=self.tz, start=self.today)
                if gaps:
                    self.add_error(
                        name,
                        f"{at:%H:%M} does not exist on {gaps[0]:%A %-d %B %Y}, when the clocks "
                        "go forward. Choose a time outside the night's change, for example "
                        f"{(at.hour + 1) % 24:02d}:{at.minute:02d}.",
                    )
                    continue
            times.append(at)
        if len(times) == 2 and times[0] == times[1]:
            self.add_error("second_time", "The second time is the same as the first.")
        return data
