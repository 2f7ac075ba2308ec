"""Forms of "Your data": the import upload and the account deletion confirmation."""

from django import forms
from django.contrib.auth import authenticate

from portability.reader import ImportValidationError, check_file


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


class ImportForm(forms.Form):
    """An export file, checked completely before anything is written."""

    file = forms.FileField(
        label="Your neuroapp file (.json or .json.gz)",
        help_text="The file you downloaded with “Download everything (JSON)”, as it is or "
        "compressed.",
        widget=forms.FileInput(attrs={"accept": ".json,.gz,application/json,application/gzip"}),
        error_messages={"required": "Choose the file to import.", "empty": "The file is empty."},
    )

    def __init__(self, *args, max_bytes: int, known_exercises=(), too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.known_exercises = known_exercises
        self.too_large = too_large
        self.checked = None
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

        def reopened():
            upload.seek(0)
            return upload

        try:
            self.checked = check_file(reopened, known_exercises=self.known_exercises)
        except ImportValidationError as problem:
            code = "too_large" if problem.too_large else "invalid_file"
            raise forms.ValidationError(
                [forms.ValidationError(message, code=code) for message in problem.messages]
            ) from None
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
