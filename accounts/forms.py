from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator

from accounts.models import LaterCheckIn, PreferredTime
from accounts.symptoms import MainSymptom


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional. Needed only if you want to be able to reset a forgotten password.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")


class ProfileForm(forms.Form):
    main_symptoms = forms.MultipleChoiceField(
        label="Your main symptoms",
        choices=MainSymptom.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="We use these to suggest starter routines.",
    )
    balance_concerns = forms.BooleanField(
        label="I have balance concerns: show me seated exercises only",
        required=False,
    )
    preferred_time = forms.ChoiceField(
        label="When do you prefer to exercise?",
        choices=PreferredTime.choices,
        widget=forms.RadioSelect,
    )
    later_check_in = forms.ChoiceField(
        label="Check in again some hours after a session?",
        choices=LaterCheckIn.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="A short “how are your feet now?”, so relief that comes later, or a "
        "flare-up, shows too.",
    )


class SafetyAcknowledgementForm(forms.Form):
    understood = forms.BooleanField(
        label="I understand. I will check with a healthcare professional and stop if I feel pain.",
        error_messages={"required": "Please tick the box to confirm you have read this."},
    )


class EnforcedUsernameLengthMixin:
    """AuthenticationForm sets max_length after the field is built, so no validator runs;
    an over-long name would reach the login-throttling table and fail there."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(EnforcedUsernameLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(EnforcedUsernameLengthMixin, AdminAuthenticationForm):
    pass
