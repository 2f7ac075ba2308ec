"""Forms of two-step sign-in and recovery: codes are checked in the views (through
``accounts.two_factor.services``) so that every failure is counted by the throttles."""

from django import forms
from django.contrib.auth import password_validation

from accounts.forms import PASSWORD_HELP

CODE_MAX_LENGTH = 32


def _code_field(label: str, help_text: str, *, digits_only: bool, required: bool = True):
    attributes = {"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
    if digits_only:
        attributes |= {"inputmode": "numeric", "pattern": "[0-9 ]*"}
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=CODE_MAX_LENGTH,
        required=required,
        strip=True,
        widget=forms.TextInput(attrs=attributes),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}."},
    )


class SignInCodeForm(forms.Form):
    code = _code_field(
        "Your code",
        "The 6 digits your authenticator app shows now, or one of your recovery codes "
        "(like abcde-fghjk).",
        digits_only=False,
    )


class ConfirmAppForm(forms.Form):
    code = _code_field(
        "The 6-digit code your app shows",
        "It changes every 30 seconds; type the one showing now.",
        digits_only=True,
    )


class PasswordCheckForm(forms.Form):
    """The account's password, asked again before a change to how it signs in."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password


class RecoverForm(forms.Form):
    """A new password with a recovery code instead of an email."""

    username = forms.CharField(
        label="User name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
        error_messages={"required": "Enter your user name."},
    )
    recovery_code = _code_field(
        "One of your recovery codes",
        "From the list you saved when you made your account (like abcde-fghjk). Each works once.",
        digits_only=False,
    )
    app_code = _code_field(
        "The 6-digit code from your authenticator app",
        "Only if you turned on two-step sign-in.",
        digits_only=True,
        required=False,
    )
    password1 = forms.CharField(
        label="New password",
        strip=False,
        help_text=PASSWORD_HELP,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        error_messages={"required": "Enter a new password."},
    )
    password2 = forms.CharField(
        label="The same password again",
        strip=False,
        help_text="To be sure it is typed as you meant.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=True),
        error_messages={"required": "Type the new password again."},
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2",
                "The two passwords are not the same. Check them with “Show password” and "
                "correct one.",
            )
        return cleaned

    def check_password_for(self, user) -> bool:
        """Run Django's password validators against the account; False if any failed."""
        try:
            password_validation.validate_password(self.cleaned_data["password1"], user)
        except forms.ValidationError as problem:
            self.add_error("password1", problem)
            return False
        return True
