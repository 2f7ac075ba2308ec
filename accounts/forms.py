from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import MaxLengthValidator

from accounts.models import FootCheckTime, LaterCheckIn, PreferredTime
from accounts.symptoms import MainSymptom

USERNAME_HELP = (
    "The name you will log in with, such as maria or j.smith: letters and numbers, "
    "no spaces. You may also use . - _ @ and +."
)
USERNAME_INVALID = (
    "Use only letters and numbers in your user name, with no spaces. "
    "You may also use . - _ @ and +."
)
PASSWORD_HELP = (
    "At least 8 characters, not only numbers, not a common password and not like your "
    "user name. A short sentence you can remember works well."
)


class SignUpForm(UserCreationForm):
    """Sign-up in plain words; both passwords are kept if the form comes back with an error."""

    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        help_text="To reset a forgotten password by email. Without one, you get recovery "
        "codes to keep instead.",
    )

    error_messages = {
        **UserCreationForm.error_messages,
        "password_mismatch": "The two passwords are not the same. Check them with "
        "“Show password” and correct one.",
    }

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = "User name"
        username.help_text = USERNAME_HELP
        # Checked here in plain words; a name failing it skips the model's own wording.
        username.validators.append(UnicodeUsernameValidator(message=USERNAME_INVALID))
        self.fields["password1"].help_text = PASSWORD_HELP
        self.fields["password2"].label = "The same password again"
        self.fields["password2"].help_text = "To be sure it is typed as you meant."
        for name in ("password1", "password2"):
            self.fields[name].widget.render_value = True


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Your name (optional)",
        max_length=80,
        required=False,
        help_text="Shown on the report for your healthcare professional, and on Today. "
        "Leave it blank to use your user name.",
    )
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
    foot_check = forms.ChoiceField(
        label="When should the daily foot check come?",
        choices=FootCheckTime.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="A quick look at both feet for cuts, blisters, redness, swelling or a colour "
        "change: once a day, in the first or the last session.",
    )
    coach_mode = forms.BooleanField(
        label="Coach mode: read each exercise aloud, count for me and move on by itself",
        required=False,
        help_text="So both hands can stay on the chair or the band. You can pause at any time.",
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
