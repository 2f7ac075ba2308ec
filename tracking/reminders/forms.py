from django import forms

from tracking.models import REMINDER_LEADS


class ReminderSettingsForm(forms.Form):
    minutes_before = forms.TypedChoiceField(
        label="Remind me",
        coerce=int,
        choices=REMINDER_LEADS,
        error_messages={"invalid_choice": "Choose when from the list."},
    )

    check_in_reminder = forms.BooleanField(
        label="Also remind me of the later check-in", required=False
    )

    by_email = forms.BooleanField(label="Email me a reminder", required=False)
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="The same address resets a forgotten password.",
        error_messages={"invalid": "Give an email address like name@example.com."},
    )

    def clean(self):
        data = super().clean()
        if data.get("by_email") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "Give an email address for the reminders to go to.")
        return data


class PushSubscriptionForm(forms.Form):
    """A browser's PushSubscription.toJSON(), flattened by static/js/reminders.js."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
    device = forms.CharField(max_length=120, required=False)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint.startswith("https://"):
            raise forms.ValidationError("A push endpoint must be an https address.")
        return endpoint
