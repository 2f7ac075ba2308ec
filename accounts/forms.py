from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator

from accounts import portability
from accounts.models import MainSymptom, PreferredTime


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


class SafetyAcknowledgementForm(forms.Form):
    understood = forms.BooleanField(
        label="I understand. I will check with a healthcare professional and stop if I feel pain.",
        error_messages={"required": "Please tick the box to confirm you have read this."},
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


class ImportForm(forms.Form):
    """An export file, checked completely before anything is written."""

    file = forms.FileField(
        label="Your neuroapp file (.json)",
        help_text="The file you downloaded with “Download everything (JSON)”.",
        widget=forms.FileInput(attrs={"accept": ".json,application/json"}),
        error_messages={"required": "Choose the file to import.", "empty": "The file is empty."},
    )

    def __init__(self, *args, max_bytes: int, known_exercises=(), too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.known_exercises = known_exercises
        self.too_large = too_large
        self.data_to_import = None
        self.fields[
            "file"
        ].help_text += f" The largest file you can import is {_megabytes(max_bytes)}."

    def _too_large(self, size: int | None = None) -> forms.ValidationError:
        start = f"This file is {_megabytes(size)}" if size else "This file is too large"
        return forms.ValidationError(
            f"{start}: the largest file you can import is {_megabytes(self.max_bytes)}.",
            code="too_large",
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise self._too_large(upload.size)
        try:
            self.data_to_import = portability.parse_document(
                upload.read(), known_exercises=self.known_exercises
            )
        except portability.ImportValidationError as problem:
            raise forms.ValidationError(problem.messages, code="invalid_file") from None
        return upload

    def clean(self):
        if self.too_large:
            # The upload was cut off, so the field looks empty: say why instead.
            self.errors.pop("file", None)
            self.add_error("file", self._too_large())
        return super().clean()

    @property
    def is_too_large(self) -> bool:
        return any(error.code == "too_large" for error in self.errors.as_data().get("file", []))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm."},
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self):
        password = self.cleaned_data["password"]
        user = self.request.user
        # Through authenticate() so that django-axes counts wrong guesses.
        confirmed = authenticate(self.request, username=user.get_username(), password=password)
        if confirmed is None or confirmed.pk != user.pk:
            raise forms.ValidationError("That is not your password. Nothing has been deleted.")
        return password


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
