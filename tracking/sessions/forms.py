"""Forms of the guided player."""

from django import forms

from tracking.models import StepFeedback, StopReason


class StartSessionForm(forms.Form):
    start_key = forms.UUIDField(widget=forms.HiddenInput)


class StepActionForm(forms.Form):
    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[
            ("done", "Done"),
            ("skip", "Skip"),
            ("back", "Back"),
            ("stop", "Stop"),
            ("stop_confirmed", "Yes, stop"),
            ("resume", "Carry on"),
            ("continue", "Continue"),
        ]
    )
    reason = forms.ChoiceField(
        label="Why are you stopping?",
        choices=StopReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    feedback = forms.ChoiceField(
        label="How did that feel?",
        choices=StepFeedback.choices,
        widget=forms.RadioSelect,
        required=False,
    )
